// The hosted runtime's kernel API, checked through test klibs run by
// klibhost: formatting with the kernel's specifiers, buffers, tuples,
// statuses, merges, timers and async_apply.
import t from 'tap';
import { buildHost, linesWith, runWith, sanitizerReport } from '../../host/lib/klibhost.ts';

buildHost();

t.test('formats, buffers, tuples, statuses and merges', async t => {
  const r = await runWith({ Klibs: ['rt_values'] }, 'true');
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(linesWith(r.stdout, 'rt:'), [
    'rt: numbers [42] [   42] [42   ] [-0042] [-7] [ff] [FF] [123456789abc] [-1234567890123] [18446744073709551615]',
    'rt: strings [sstr] [   right] [left    ] [tru] [buf] [ok] [07] [000000123] [000001] [%] [[invalid format %q]]',
    'rt: uuid 00112233-4455-6677-8899-aabbccddeeff a5',
    'rt: rsnprintf 11 [123456-]',
    'rt: buffer length 10000 capacity-ok 1',
    'rt: buffer tail fghij strstr 2 -1',
    'rt: set_capacity 5 fghij',
    'rt: compare 0 0 1',
    'rt: tuple (alpha:one beta:two gamma:(inner:deep) number:123) count 4',
    'rt: typed 1 1 1 123 0',
    'rt: iterate stopped 1 after 2',
    'rt: removed (alpha:one gamma:(inner:deep) number:123) symbol alpha same 1',
    'rt: status (down:(result:failed with 7) result:outer layer) ok 0 1',
    'rt: gmtime 1970-01-01 00:00:00',
    'rt: gmtime 2000-02-29 00:00:00',
    'rt: gmtime 2099-12-31 23:59:59',
    'rt: clocks agree 1 after-2020 1',
    'rt: random 32 bytes, varied 1, u64s differ 1',
    'rt: timestamps 3 1.25',
    'rt: merge joined',
    'rt: merge completed (result:a failed)',
  ]);
  t.match(r.stdout.toString(), /^\[\d+(\.\d{1,6})?\] rt: msg_err 5$/m, 'log lines carry the time since boot');
  t.notMatch(r.stdout.toString(), /msg_info/, 'below the default log level');
  const info = await runWith({ Klibs: ['rt_values'], ManifestPassthrough: { log_level: 'info' } }, 'true');
  t.match(info.stdout.toString(), /\] rt: msg_info is below the default level$/m, 'log_level info shows it');
});

t.test('timers: order, cancel, periodic, realtime, async_apply', async t => {
  const r = await runWith({ Klibs: ['rt_timers'] }, 'echo program');
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  const lines = linesWith(r.stdout, 'timers:');
  // Whatever the machine's load, these orders are fixed by the semantics.
  t.same(lines.slice(0, 3), [
    'timers: cancelled handler expiry 0 disabled 1 inside remove 1',
    'timers: removed 1 remain-ok 1 again 0',
    'timers: init returns',
  ], 'remove_timer calls the handler synchronously; a second remove finds nothing');
  t.equal(lines[3], 'timers: async_apply ran', 'the thunk runs first, from the loop');
  t.same(lines.filter(l => l.includes('one-shot')), [
    'timers: one-shot 1 overruns 1', 'timers: one-shot 2 overruns 1', 'timers: one-shot 0 overruns 1',
  ], 'one-shots fire in expiry order');
  t.same(lines.filter(l => l.includes('periodic')), [
    'timers: periodic 1 overruns-ok 1 active 1',
    'timers: periodic 2 overruns-ok 1 active 1',
    'timers: periodic 3 overruns-ok 1 active 1',
    'timers: periodic removed 1 active 0',
    'timers: periodic terminal call after 3',
  ], 'removed inside its own handler: the terminal call comes after the handler returns');
  t.ok(lines.includes('timers: realtime fired late-enough 1 expiry-ok 1'));
  t.equal(lines[lines.length - 1], 'timers: all done');
  t.match(r.stdout.toString(), /timers: all done\nprogram\n/, 'the program starts after init completes');
});

t.test('a timer registered again while it is queued halts, as the kernel asserts', async t => {
  const r = await runWith({ Klibs: ['rt_timers'], ManifestPassthrough: { rt_timers: { twice: 'true' } } }, 'echo program');
  t.equal(r.code, 2, 'klibhost halts (status 2)');
  t.match(r.stdout.toString(), /timers: registering it again\nassertion !t->queued failed at src\/runtime\/timer\.c:40 in register_timer\(\)/,
    "the kernel's assertion on the console");
  t.notOk(linesWith(r.stdout, 'timers:').includes('timers: registered twice'), 'nothing after it');
  t.notOk(r.stdout.toString().includes('program'), 'the program never starts');
});

t.test('the kernel HTTP helpers: request text, parser quirks, any split of the bytes', async t => {
  const r = await runWith({ Klibs: ['rt_http'] }, 'true');
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  t.equal(r.stdout.toString().split('http: 1:')[0],
    'http: request ok [PUT /latest/api/token HTTP/1.1\r\nX-aws-ec2-metadata-token-ttl-seconds: 21600\r\n' +
    'Content-Length: 2\r\n\r\n{}]\n', 'request line, headers in order, the Content-Length it adds, body');
  const messages = [
    'status 200 words 3 type text/plain content [hello] lower-length 0',
    'status 404 words 4 type - content [] lower-length 0',
    'end ok',
  ];
  t.same(linesWith(r.stdout, 'http: 1:'), messages.map(m => `http: 1: ${m}`), 'two messages in one buffer');
  t.same(linesWith(r.stdout, 'http: 2:'), messages.map(m => `http: 2: ${m}`), 'the same, one byte at a time');
  t.same(linesWith(r.stdout, 'http: 3:'), [
    'http: 3: status 200 words 3 type - content [wikipedia] lower-length 0', 'http: 3: end ok',
  ], 'chunked (in any case), extensions skipped');
  t.same(linesWith(r.stdout, 'http: 4:'), [
    'http: 4: status 200 words 3 type - content [] lower-length 1', 'http: 4: end error',
  ], 'a lowercase content-length is not recognised: the body starts a new message');
  t.same(linesWith(r.stdout, 'http: 5:'), [
    'http: 5: status 200 words 3 type - content [short] lower-length 0', 'http: 5: end ok',
  ], 'the end of the stream delivers a body in progress');
  t.same(linesWith(r.stdout, 'http: 6:'), ['http: 6: end error'], 'the end of the stream inside the headers is an error');
});
