// TCP while the server is away: lines wait in the klib's bounded ring and arrive, in order and
// complete, once rsyslog is up; when more is printed than the ring holds, what is lost is counted
// and reported to the server as a message of its own.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { when } from '../host/lib/gate.ts';
import { tempDir } from '../../host/lib/klibhost.ts';
import { Rsyslog, sleep } from './lib/rsyslog.ts';
import { buildSyslog, printedLines, runSyslog, sanitizerReport, syslogConfig } from './lib/run.ts';

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
    const printed = printedLines(r);
    t.equal(printed.length, 201);
    const got = await rsyslog.waitFor('downup', printed.length);
    t.same(got.map(m => m.message), printed, 'every line arrives once, in order');
});

t.test('more than the buffer holds: the loss is counted and reported', async t => {
    const rsyslog = await Rsyslog.create();
    t.teardown(() => rsyslog.stop());
    const dir = tempDir('syslog-sync-');
    const config = syslogConfig({
        server: '127.0.0.1', server_port: String(rsyslog.ports.tcp), protocol: 'tcp', app_name: 'lossy',
        hostname: 'vm-lossy',
    });
    // ~1 MB of lines while the server is down: the 256 KiB ring cannot hold them all.
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
    const printed = printedLines(r);
    // rsyslog writes what it received in pieces: wait for the last line.
    const got = await rsyslog.waitUntil('lossy', g => g.some(m => m.message === 'after the loss'));
    const report = got.filter(m => m.message.startsWith('syslog: lines lost while the buffer was full: '));
    t.equal(report.length, 1, 'one loss report');
    t.equal(report[0]?.severity, 4, 'reported as a warning');
    const lost = Number(report[0]?.message.split(': ').pop());
    const lines = got.filter(m => !m.message.startsWith('syslog: ')).map(m => m.message);
    t.ok(lost > 0 && lines.length + lost === printed.length,
        `received + lost = printed (${lines.length} + ${lost} = ${printed.length})`);
    t.same(lines, printed.slice(0, lines.length - 1).concat(['after the loss']),
        'what was kept is the oldest lines, whole and in order, then the line after the loss');
    t.equal(got[got.length - 2]?.message, report[0]?.message, 'the report comes where the loss happened');
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
    const got = (await rsyslog.waitUntil('restart', g => g.some(m => m.message === 'after 4'))).map(m => m.message);
    t.same(got.slice(0, 5), phase('before'));
    t.same(got.slice(-5), phase('after'), 'reconnected: the lines after the restart arrive');
    const middle = got.slice(5, -5);
    t.same(middle, phase('while down').slice(5 - middle.length),
        'of the lines written into the broken connection, only the first can be lost (no acknowledgements in RFC 6587)');
});
