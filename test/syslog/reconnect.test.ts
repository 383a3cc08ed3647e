// TCP while the server is away: lines wait in the klib's bounded buffer (the log pipe) and arrive,
// in order and complete, once rsyslog is up, and the console says once that the connection
// failed and once that it works again; when more is printed than the buffer holds, what is lost
// is counted and reported, to the server as a message of its own and on the console.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { when } from '../host/lib/gate.ts';
import { tempDir } from '../../host/lib/klibhost.ts';
import { Rsyslog, sleep } from './lib/rsyslog.ts';
import {
    buildSyslog, isKlibLine, klibLines, printedLines, programLines, runSyslog, sanitizerReport, syslogConfig,
} from './lib/run.ts';

buildSyslog();

async function waitForFile(path: string): Promise<void> {
    while (!existsSync(path)) await sleep(50);
}

t.test('server down, then up: nothing lost within the buffer', async t => {
    const rsyslog = await Rsyslog.create();
    t.teardown(() => rsyslog.stop());
    const dir = tempDir('syslog-sync-');
    const config = syslogConfig({
        server: 'logs.example.test', server_port: '514', protocol: 'tcp', app_name: 'downup', hostname: 'vm-downup',
    });
    // The program prints while the server is down, tells the test, and waits until the server is
    // up and has received those lines before printing more and exiting.
    const backlogSent = when(() => rsyslog.received().filter(m => m.appName === 'downup').length >= 200);
    const script = `for i in $(seq 1 200); do echo "while down $i"; done; touch ${dir}/printed; ` +
        `while [ ! -e ${dir}/up ]; do sleep 0.05; done; ${backlogSent}; echo "after the server came up"`;
    const running = runSyslog(config, script, [
        '--resolve', `logs.example.test:514:127.0.0.1`,
        '--connect-to', `logs.example.test:514:127.0.0.1:${rsyslog.ports.tcp}`,
    ]);
    await waitForFile(join(dir, 'printed'));
    await sleep(1500);      // let the klib fail to connect a few times
    await rsyslog.start();
    writeFileSync(join(dir, 'up'), '');
    const r = await running;
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    t.equal(programLines(r).length, 201);
    // The console: one line when the connection failed (however often it was tried), one when it
    // worked again, with how long and how many attempts.
    const subject = 'syslog: connection to logs.example.test:514 (tcp)';
    const said = klibLines(r);
    t.same(said.filter(l => l.startsWith(`${subject}: could not connect`)),
        [`${subject}: could not connect (refused, unreachable or timed out)`], 'one failure line');
    const recovered = said.filter(l => l.startsWith(`${subject}: works again`));
    t.equal(recovered.length, 1, 'one recovery line');
    t.match(recovered[0], /works again after \d+ (ms|s) \(\d+ attempts? failed\)$/, 'how long, and how many attempts');
    t.ok(Number(/\((\d+) attempts?/.exec(recovered[0] ?? '')?.[1]) >= 1);
    t.equal(said.length, 2, 'nothing else from the klib');
    // Those lines are console lines like the others: they reach the server too, in order.
    const printed = printedLines(r);
    const got = await rsyslog.waitFor('downup', printed.length);
    t.same(got.map(m => m.message), printed, 'every line arrives once, in order');
});

t.test('more than the buffer holds: the loss is counted and reported', async t => {
    const rsyslog = await Rsyslog.create();
    t.teardown(() => rsyslog.stop());
    const dir = tempDir('syslog-sync-');
    const config = syslogConfig({
        server: '127.0.0.1', server_port: String(rsyslog.ports.tcp), protocol: 'tcp', app_name: 'lossy',
        hostname: 'vm-lossy', buffer_size: '64k',
    });
    // ~1 MB of lines while the server is down: a 64 KiB buffer cannot hold them all.
    const pad = 'x'.repeat(100);
    // The last line waits until the server has received a first line: the klib is connected again
    // and has handed over (and released from the ring) a first batch, so the line has room. The loss
    // report goes with it (the ring writes it before the next line once there is room).
    const draining = when(() => rsyslog.received().some(m => m.appName === 'lossy'));
    const script = `i=0; while [ $i -lt 10000 ]; do echo "line $i ${pad}"; i=$((i+1)); done; touch ${dir}/printed; ` +
        `while [ ! -e ${dir}/up ]; do sleep 0.05; done; ${draining}; echo "after the loss"`;
    const running = runSyslog(config, script);
    await waitForFile(join(dir, 'printed'));
    await rsyslog.start();
    writeFileSync(join(dir, 'up'), '');
    const r = await running;
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    const printed = programLines(r);
    // rsyslog writes what it received in pieces: wait for the last line.
    const got = await rsyslog.waitUntil('lossy', g => g.some(m => m.message === 'after the loss'));
    const lossText = /^syslog: (\d+) lines, (\d+) bytes dropped \(log buffer full\)$/;
    // Usually one report. A flush tick that comes while the burst goes on (a busy machine slows the
    // program) reports what was lost so far at once, in room too small for the next line, and the
    // rest goes in a second report: together they count the loss.
    const reports = got.filter(m => lossText.test(m.message));
    t.ok(reports.length === 1 || reports.length === 2, `one loss report, or two (${reports.length})`);
    t.ok(reports.every(m => m.severity === 4), 'reported as warnings');
    t.same(klibLines(r).filter(l => lossText.test(l)), reports.map(m => m.message), 'the same reports, once each, on the console');
    const counts = reports.map(m => (lossText.exec(m.message) ?? []).slice(1).map(Number));
    const lostLines = counts.reduce((n, c) => n + (c[0] ?? NaN), 0);
    const lostBytes = counts.reduce((n, c) => n + (c[1] ?? NaN), 0);
    const lines = got.filter(m => !isKlibLine(m.message)).map(m => m.message);
    t.equal(lines[lines.length - 1], 'after the loss');
    // What was kept is the oldest lines, in order; the last of them may have been cut where the
    // buffer filled (kept as far as it got, and counted lost).
    const kept = lines.slice(0, -1);
    const last = kept.length - 1;
    t.same(kept.slice(0, last), printed.slice(0, last), 'the oldest lines, whole and in order');
    const cut = kept[last] !== printed[last];
    t.ok(printed[last]!.startsWith(kept[last]!), 'the last kept line is whole, or the start of the line');
    const whole = cut ? last : kept.length;
    t.equal(lostLines, printed.length - 1 - whole,
        `received + lost = printed (${whole} whole + ${lostLines} lost + the line after = ${printed.length})`);
    const dropped = printed.slice(whole, -1).reduce((n, l) => n + Buffer.byteLength(l), 0) -
        (cut ? Buffer.byteLength(kept[last]!) : 0);
    t.equal(lostBytes, dropped, 'the bytes lost, exactly');
    t.same(got.slice(-1 - reports.length, -1).map(m => m.message), reports.map(m => m.message),
        'the reports come where the loss happened, before the line after it');
});

t.test('server restarted while connected: the klib reconnects', async t => {
    const rsyslog = await Rsyslog.create();
    t.teardown(() => rsyslog.stop());
    await rsyslog.start();
    const dir = tempDir('syslog-sync-');
    const config = syslogConfig({
        server: '127.0.0.1', server_port: String(rsyslog.ports.tcp), protocol: 'tcp', app_name: 'restart',
        hostname: 'vm-restart',
    });
    const phase = (name: string) => Array.from({ length: 5 }, (_, i) => `${name} ${i}`);
    const echo = (lines: string[]) => lines.map(l => `echo "${l}"`).join('; ');
    const script = `${echo(phase('before'))}; touch ${dir}/p1; while [ ! -e ${dir}/down ]; do sleep 0.05; done; ` +
        `${echo(phase('while down'))}; sleep 1.5; touch ${dir}/p2; while [ ! -e ${dir}/up ]; do sleep 0.05; done; ` +
        `sleep 0.5; ${echo(phase('after'))}`;
    const running = runSyslog(config, script);
    await waitForFile(join(dir, 'p1'));
    t.same((await rsyslog.waitFor('restart', 5)).map(m => m.message), phase('before'), 'connected: lines arrive');
    await rsyslog.stop();
    writeFileSync(join(dir, 'down'), '');
    await waitForFile(join(dir, 'p2'));
    await rsyslog.start();
    writeFileSync(join(dir, 'up'), '');
    const r = await running;
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    const got = (await rsyslog.waitUntil('restart', g => g.some(m => m.message === 'after 4')))
        .map(m => m.message).filter(l => !isKlibLine(l));
    t.same(got.slice(0, 5), phase('before'));
    t.same(got.slice(-5), phase('after'), 'reconnected: the lines after the restart arrive');
    const middle = got.slice(5, -5);
    t.same(middle, phase('while down').slice(5 - middle.length),
        'of the lines written into the broken connection, only the first can be lost (no acknowledgements in RFC 6587)');
});
