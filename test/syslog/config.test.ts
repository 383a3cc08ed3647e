// Configuration checking: each invalid value gives one console line naming the key and saying that
// syslog output is off, the klib stays inactive and the program runs anyway (the stock klib halted
// the VM); unknown keys only warn.
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import t from 'tap';
import { buildSyslog, printedLines, runSyslog, sanitizerReport, syslogConfig } from './lib/run.ts';

buildSyslog();

const invalid: [string, string][] = [
    ['server_port', '70000'],
    ['server_port', '51x'],
    ['protocol', 'sctp'],
    ['format', 'json'],
    ['facility', 'local9'],
    ['facility', '24'],
    ['app_name', 'has space'],
    ['app_name', 'a'.repeat(49)],
    ['hostname', ''],
    ['max_message_size', '10'],
    ['file_max_size', '8MB'],
    ['file_max_size', '0'],
    ['file_rotate', '10'],
    ['ca_cert', 'not PEM'],
    ['resolve_interval', '0'],
    ['resolve_interval', '86401'],
    ['buffer_size', '32k'],
    ['buffer_size', '512m'],
    ['buffer_size', 'big'],
];

for (const [key, value] of invalid) {
    t.test(`${key} = ${JSON.stringify(value)}`, async t => {
        // ca_cert (valid) is copied while reading: it must be freed when another key is wrong.
        const r = await runSyslog(syslogConfig({ server: '127.0.0.1', ca_cert: '-----BEGIN CERTIFICATE-----', [key]: value }),
            'echo program ran');
        t.equal(r.code, 0, 'the program runs');
        t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
        const lines = printedLines(r);
        const complaints = lines.filter(l => l.startsWith('syslog: invalid configuration'));
        t.equal(complaints.length, 1, 'one message');
        t.match(complaints[0], `'${key}' must be `, 'naming the key and the rule');
        t.match(complaints[0], /; syslog output disabled$/, 'saying syslog is off, on the same line');
        t.ok(lines.includes('program ran'));
    });
}

t.test('valid values of every key are accepted', async t => {
    // A server that takes what it is sent, so that the shutdown has nothing to give up on.
    const sink = createServer(s => s.resume());
    sink.listen(0, '127.0.0.1');
    await once(sink, 'listening');
    t.teardown(() => sink.close());
    const port = (sink.address() as AddressInfo).port;
    const r = await runSyslog(syslogConfig({
        server: 'logs.example.test', server_port: '6514', protocol: 'tcp', format: 'rfc3164', facility: '23',
        app_name: 'my-app_1', hostname: 'host.example', max_message_size: '65000', file: '/x.log',
        file_max_size: '2g', file_rotate: '9', resolve_interval: '86400', buffer_size: '1m',
    }), 'echo program ran', ['--resolve', 'logs.example.test:6514:127.0.0.1',
        '--connect-to', `logs.example.test:6514:127.0.0.1:${port}`]);
    t.equal(r.code, 0);
    t.same(printedLines(r).filter(l => l.startsWith('syslog:')), [], 'no complaint');
});

t.test('an unknown key only warns', async t => {
    const r = await runSyslog(syslogConfig({ file: '/u.log', colour: 'blue' }), 'echo program ran');
    t.equal(r.code, 0);
    t.same(printedLines(r).filter(l => l.startsWith('syslog:')), ["syslog: ignoring unknown option 'colour'"]);
});

t.test('no syslog tuple: a message, and the VM keeps running', async t => {
    const r = await runSyslog(syslogConfig(null), 'echo program ran');
    t.equal(r.code, 0);
    t.same(printedLines(r), ["syslog: no configuration (manifest key 'syslog'): syslog output disabled", 'program ran']);
});

t.test('syslog is not a tuple', async t => {
    const r = await runSyslog({ Klibs: ['syslog'], ManifestPassthrough: { syslog: '10.0.0.5' } }, 'echo program ran');
    t.equal(r.code, 0);
    t.ok(printedLines(r).includes("syslog: invalid configuration: 'syslog' must be a tuple; syslog output disabled"));
});

t.test('neither server nor file: a message, and the VM keeps running', async t => {
    const r = await runSyslog(syslogConfig({ facility: 'user' }), 'echo program ran');
    t.equal(r.code, 0);
    t.same(printedLines(r), ['syslog: neither a server nor a file to write to: syslog output disabled', 'program ran']);
});

t.test('buffer_size too small for max_message_size: one line naming the key', async t => {
    const r = await runSyslog(syslogConfig({ file: '/b.log', buffer_size: '64k', max_message_size: '65000' }), 'echo program ran');
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    t.same(printedLines(r), [
        "syslog: invalid configuration: 'buffer_size' must be at least 260096 bytes with max_message_size 65000",
        'syslog: syslog output disabled', 'program ran']);
});

t.test('a VM short of memory: the default buffer is halved until it fits, and the console says so', async t => {
    // 12 MiB of memory: 8 MiB would take more than half of what is free.
    const r = await runSyslog(syslogConfig({ file: '/m.log' }), 'echo program ran', ['--memory', '12']);
    t.equal(r.code, 0);
    t.same(printedLines(r), [
        'syslog: a buffer of 4194304 bytes: the default 8388608 would take more than half of the free memory', 'program ran']);
});
