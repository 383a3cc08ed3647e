// The kernel heaps as a kernel sizes them: the mcache-style heaps (general, locked, malloc, dma,
// pages) refuse one allocation larger than the page heap's largest piece (2 MiB; 1 MiB with under
// 64 MiB of memory), vmem gives large ranges, --memory sets the emulated machine's memory (the
// physical heap's total) and --memory-limit what the klibs may hold. Each refusal says why on
// stderr; a vmem range larger than the free memory halts, as a kernel's vmem would then take every
// free page and keep them; a vmem range is resident from its allocation, as the kernel maps it
// whole. The rt_heaps fixture prints what each heap answered.
import t from 'tap';
import { buildHost, klibhost, linesWith, runWith, sanitizerReport, writeConfig } from '../../host/lib/klibhost.ts';

buildHost();

const MCACHES = ['general', 'locked', 'malloc', 'dma', 'pages'];
const refusals = (stderr: string) => stderr.split('\n').filter(l => / heap refused/.test(l));

t.test('2048 MiB by default: 2 MiB is the most an mcache heap gives, vmem gives 16 MiB', async t => {
  const r = await runWith({ Klibs: ['rt_heaps'] }, 'true');
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  const lines = linesWith(r.stdout, 'heaps:');
  t.match(lines[0], /^heaps: physical total 2048 MiB, free (\d+)$/);
  t.ok(Number(/free (\d+)/.exec(lines[0])![1]) > 2047 << 20, 'nearly all of it free');
  t.same(lines.slice(1), [
    ...MCACHES.map(h => `heaps: ${h} 1048576:ok 1048577:ok 2097152:ok 2097153:refused`),
    'heaps: vmem 16777216 ok, 4096 pages written and read back, counted in physical 1',
  ]);
  const said = refusals(r.stderr);
  t.equal(said.length, MCACHES.length, 'one line per refusal');
  t.match(said[1], 'klibhost: allocation of 2097153 bytes from the locked heap refused, as the kernel would: ' +
    'more than its largest piece, 2097152 bytes with 2048 MiB of memory');
  t.match(said[1], /large ranges come from the vmem heap/);
});

t.test('under 64 MiB of memory the largest piece is 1 MiB', async t => {
  const r = await runWith({ Klibs: ['rt_heaps'] }, 'true', ['--memory', '63']);
  t.equal(r.code, 0, r.stderr);
  t.match(linesWith(r.stdout, 'heaps:')[0], /^heaps: physical total 63 MiB, free \d+$/);
  t.same(linesWith(r.stdout, 'heaps:').slice(1), [
    ...MCACHES.map(h => `heaps: ${h} 1048576:ok 1048577:refused 2097152:refused 2097153:refused`),
    'heaps: vmem 16777216 ok, 4096 pages written and read back, counted in physical 1',
  ]);
  t.match(refusals(r.stderr)[0], /1048577 bytes from the general heap refused.*1048576 bytes with 63 MiB of memory/);
  const at64 = await runWith({ Klibs: ['rt_heaps'] }, 'true', ['--memory', '64']);
  t.match(linesWith(at64.stdout, 'heaps: locked'), ['heaps: locked 1048576:ok 1048577:ok 2097152:ok 2097153:refused'],
    '64 MiB is not a low-memory machine');
});

t.test('a vmem range larger than the free memory halts: a kernel would lose every free page', async t => {
  const big = { Klibs: ['rt_heaps'], ManifestPassthrough: { rt_heaps: { vmem: String(300 << 20) } } };
  const r = await runWith(big, 'echo the program', ['--memory', '256']);
  t.equal(r.code, 2, 'klibhost halts, as the VM would be out of memory for good');
  t.notMatch(r.stdout.toString(), /the program/);
  t.match(r.stderr, new RegExp(`klibhost: allocation of ${300 << 20} bytes from the vmem heap with \\d+ bytes of memory ` +
    'free: a kernel\'s vmem heap would take every free page and, failing, keep them'));

  const limited = await runWith({ Klibs: ['rt_heaps'] }, 'true', ['--memory-limit', '8m']);
  t.equal(limited.code, 2, '--memory-limit leaves the klibs 8 MiB: the same');
  t.match(limited.stderr, 'klibhost: allocation of 16777216 bytes from the vmem heap with 8388608 bytes of memory free');

  const fits = await runWith({ Klibs: ['rt_heaps'], ManifestPassthrough: { rt_heaps: { vmem: String(8 << 20) } } }, 'true',
    ['--memory-limit', '8m']);
  t.equal(fits.code, 0, fits.stderr);
  t.same(linesWith(fits.stdout, 'heaps:').slice(0, 1), ['heaps: physical total 2048 MiB, free 8388608'],
    'the physical heap shows what --memory-limit leaves the klibs free');
  t.same(linesWith(fits.stdout, 'heaps: vmem'), ['heaps: vmem 8388608 ok, 2048 pages written and read back, counted in physical 1']);

  const odd = { Klibs: ['rt_heaps'], ManifestPassthrough: { rt_heaps: { vmem: '5000' } } };
  const pages = await runWith(odd, 'true', ['--memory-report']);
  t.same(linesWith(pages.stdout, 'heaps: vmem'), ['heaps: vmem 5000 ok, 2 pages written and read back, counted in physical 1'],
    'in whole pages');
  t.match(pages.stderr, /klibhost memory: .* size_mismatches=0/, 'freed with the size asked for, as the kernel pads it too');
});

t.test('a vmem range is resident from its allocation, as the kernel maps it whole: writes to it fault in no VM', async t => {
  const keep = 64 << 20;
  // The program runs after the klibs' init: klibhost's resident memory then holds the kept range.
  const r = await runWith({ Klibs: ['rt_heaps'], ManifestPassthrough: { rt_heaps: { keep: String(keep) } } },
    'grep VmRSS /proc/$PPID/status');
  t.equal(r.code, 0, r.stderr);
  t.same(linesWith(r.stdout, 'heaps: vmem 67108864'), ['heaps: vmem 67108864 kept untouched']);
  const rssKiB = Number(/VmRSS:\s+(\d+) kB/.exec(r.stdout.toString())?.[1] ?? NaN);
  t.ok(rssKiB >= keep >> 10, `klibhost resident ${rssKiB} KiB, the untouched range ${keep >> 10} KiB`);
});

t.test('bad --memory and --memory-limit values are usage errors', async t => {
  const config = writeConfig({ Klibs: [] });
  for (const [option, value] of [['--memory', '0'], ['--memory', '2g'], ['--memory', 'lots'], ['--memory-limit', '1x'],
    ['--memory-limit', '0']]) {
    const r = await klibhost(['--config', config, option, value, '--', 'true']);
    t.equal(r.code, 2, `${option} ${value}`);
    t.match(r.stderr, `klibhost: bad ${option} `);
  }
});
