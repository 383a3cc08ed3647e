// The server's name moves to another address during a run (klibhost --resolve-file, rewritten by
// the test): rsyslog A on 127.0.0.2, then rsyslog B on 127.0.0.3, same ports. The klib follows:
// over TCP after the connection to A fails (a fresh lookup after every failure), and over UDP on
// the periodic lookup (resolve_interval: the next datagrams go to B). Over TCP and TLS a working
// connection to A is kept while A is up: closing it is not safe while what it was given may be
// unacknowledged, which a klib cannot know (klib-src/syslog/stream.ts). Nothing is lost within the
// buffer.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ConsoleSeen, gateWhen, when } from '../host/lib/gate.ts';
import { buildHost, ROOT, tempDir } from '../../host/lib/klibhost.ts';
import { freePortsOn, Rsyslog, sleep } from './lib/rsyslog.ts';
import {
    buildSyslog, isKlibLine, klibLines, printedLines, programLines, runSyslog, sanitizerReport, syslogConfig,
} from './lib/run.ts';

buildSyslog();
buildHost(`${ROOT}/build/host-klibs/syslog_tls.so`, `${ROOT}/build/host-klibs/tls.so`);

const NAME = 'logs.example.test';
/** The name in the rsyslog test certificate (makeTlsFiles). */
const TLS_NAME = 'syslog.test';
const A = '127.0.0.2';
const B = '127.0.0.3';

async function waitForFile(path: string): Promise<void> {
    while (!existsSync(path)) await sleep(50);
}

/** A --resolve-file that answers `name` with A; moveTo rewrites it (atomically). */
function nameFile(dir: string, port: number, name = NAME) {
    const path = join(dir, 'hosts');
    const answer = (address: string) => {
        writeFileSync(`${path}.new`, `${name}:${port}:${address}\n`);
        renameSync(`${path}.new`, path);
    };
    answer(A);
    return { path, moveTo: answer };
}

async function twoServers(t: Test, tls = false): Promise<[Rsyslog, Rsyslog]> {
    const ports = await freePortsOn([A, B]);
    const a = await Rsyslog.create({ address: A, ports, tls });
    // With TLS, B has the same certificate (for the name syslog.test) as A.
    const b = await Rsyslog.create({ address: B, ports, tlsFiles: a.tls ?? undefined });
    t.teardown(() => a.stop());
    t.teardown(() => b.stop());
    return [a, b];
}

const lines = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name} ${i}`);
const echo = (ls: string[]) => ls.map(l => `echo "${l}"`).join('; ');

t.test('TCP: the server goes away and the name moves: the klib follows after the failure', async t => {
    const [a, b] = await twoServers(t);
    await a.start();
    const dir = tempDir('syslog-move-');
    const names = nameFile(dir, a.ports.tcp);
    // resolve_interval stays at its default (5 minutes): only the failure can make the klib look again.
    const config = syslogConfig({ server: NAME, server_port: String(a.ports.tcp), protocol: 'tcp', app_name: 'move-tcp', hostname: 'vm-move' });
    const toA = lines('to A', 5);
    const whileMoving = lines('while moving', 20);
    const atB = lines('at B', 5);
    const breaker = 'into the broken connection';
    // The first line after A went away is written into the dead connection (TCP learns of it only
    // then), and is lost: no acknowledgements in RFC 6587. The klib then looks the name up again,
    // and the lines written while B is not up yet wait in the ring.
    const script = `${echo(toA)}; touch ${dir}/p1; while [ ! -e ${dir}/moved ]; do sleep 0.05; done; ` +
        `echo "${breaker}"; sleep 1.5; ${echo(whileMoving)}; touch ${dir}/p2; ` +
        `while [ ! -e ${dir}/up ]; do sleep 0.05; done; sleep 0.5; ${echo(atB)}`;
    const running = runSyslog(config, script, ['--resolve-file', names.path]);
    await waitForFile(join(dir, 'p1'));
    t.same((await a.waitFor('move-tcp', toA.length)).map(m => m.message), toA, 'connected to A: lines arrive');
    await a.stop();
    names.moveTo(B);
    writeFileSync(join(dir, 'moved'), '');
    await waitForFile(join(dir, 'p2'));
    await b.start();
    writeFileSync(join(dir, 'up'), '');
    const r = await running;
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    t.equal(programLines(r).length, toA.length + 1 + whileMoving.length + atB.length);
    const subject = `syslog: connection to ${NAME}:${a.ports.tcp} (tcp)`;
    const said = klibLines(r);
    t.equal(said.filter(l => l.startsWith(`${subject}: connection lost`)).length, 1, 'the console: the connection was lost');
    t.equal(said.filter(l => l.startsWith(`${subject}: works again`)).length, 1, 'and works again (to B)');
    const got = (await b.waitUntil('move-tcp', g => g.some(m => m.message === atB[atB.length - 1]))).map(m => m.message);
    t.same(got.filter(l => l !== breaker && !isKlibLine(l)), whileMoving.concat(atB),
        'B gets every line written while moving, then the rest, in order');
    t.ok(got.indexOf(breaker) <= 0 && got.filter(l => l === breaker).length <= 1,
        'the line written into the dead connection comes first, if at all');
    t.same(a.received().filter(m => m.appName === 'move-tcp').map(m => m.message), toA, 'A got nothing more');
});

// The program prints a numbered line every 0.1 s while the name moves, until B has got one; the
// periodic lookup (1 s) sees B's address. Over UDP the klib switches from A to B without losing or
// repeating a line: A gets the first lines, B the rest, in order. Over TCP and TLS the connection
// to A stays (keptConnection): A gets every line, B none.
async function udpPeriodicMove(t: Test): Promise<void> {
    const [a, b] = await twoServers(t);
    await a.start();
    await b.start();
    const app = 'move-udp-periodic';
    const dir = tempDir('syslog-move-');
    const port = a.ports.udp;
    const config = syslogConfig({
        server: NAME, server_port: String(port), protocol: 'udp', app_name: app, hostname: 'vm-move', resolve_interval: '1',
    });
    const names = nameFile(dir, port);
    const toA = lines('to A', 5);
    // A tick every 0.1 s until B has received one (however long the klib takes to follow), then
    // a last one.
    const bReached = gateWhen(() => b.received().some(m => m.appName === app));
    const script = `${echo(toA)}; touch ${dir}/p1; while [ ! -e ${dir}/moved ]; do sleep 0.05; done; ` +
        `i=0; until ${bReached.isOpen} || [ $i -ge 3000 ]; do echo "tick $i"; i=$((i+1)); sleep 0.1; done; echo "tick last"`;
    const running = runSyslog(config, script, ['--resolve-file', names.path]);
    await waitForFile(join(dir, 'p1'));
    t.same((await a.waitFor(app, toA.length)).map(m => m.message), toA, 'A gets the first lines');
    names.moveTo(B);
    writeFileSync(join(dir, 'moved'), '');
    const r = await running;
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    const ticks = printedLines(r).filter(l => l.startsWith('tick '));
    // rsyslog writes what it received in pieces: wait for the last line.
    const last = ticks[ticks.length - 1];
    const atB = (await b.waitUntil(app, got => got.some(m => m.message === last))).map(m => m.message);
    const atA = a.received().filter(m => m.appName === app).map(m => m.message);
    t.ok(atB.length > 0, `the klib moved to B (A got ${atA.length - toA.length} ticks, B ${atB.length})`);
    t.same(atA.concat(atB), toA.concat(ticks), 'every line once, in order: A, then B');
}

async function keptConnection(t: Test, protocol: 'tcp' | 'tls'): Promise<void> {
    const [a, b] = await twoServers(t, protocol === 'tls');
    await a.start();
    await b.start();
    const app = `stay-${protocol}-periodic`;
    const dir = tempDir('syslog-move-');
    const port = protocol === 'tcp' ? a.ports.tcp : a.ports.tls;
    const syslog = { server_port: String(port), protocol, app_name: app, hostname: 'vm-move', resolve_interval: '1' };
    const config = protocol === 'tls' ?
        { Klibs: ['syslog', 'syslog_tls', 'tls'], Program: '/usr/bin/myapp',
          ManifestPassthrough: { syslog: { ...syslog, server: TLS_NAME, ca_cert: readFileSync(a.tls!.ca, 'utf8') } } } :
        syslogConfig({ ...syslog, server: NAME });
    const names = nameFile(dir, port, protocol === 'tls' ? TLS_NAME : NAME);
    const toA = lines('to A', 5);
    const ticks = lines('tick', 30);
    const script = `${echo(toA)}; touch ${dir}/p1; while [ ! -e ${dir}/moved ]; do sleep 0.05; done; ` +
        ticks.map(l => `echo "${l}"; sleep 0.1`).join('; ');
    const running = runSyslog(config, script, ['--resolve-file', names.path]);
    await waitForFile(join(dir, 'p1'));
    t.same((await a.waitFor(app, toA.length)).map(m => m.message), toA, 'A gets the first lines');
    names.moveTo(B);
    writeFileSync(join(dir, 'moved'), '');
    const r = await running;
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    const last = ticks[ticks.length - 1];
    const atA = (await a.waitUntil(app, got => got.some(m => m.message === last))).map(m => m.message);
    t.same(atA, toA.concat(ticks), 'A, still up, gets every line, once, in order');
    t.same(b.received().filter(m => m.appName === app), [], 'B gets nothing: the working connection was kept');
}

t.test('TCP: the name moves while A is up: the connection to A is kept', t => keptConnection(t, 'tcp'));
t.test('TLS: the name moves while A is up: the connection to A is kept', t => keptConnection(t, 'tls'));
t.test('UDP: the name moves: the klib follows on the periodic lookup', t => udpPeriodicMove(t));

// The name stops resolving after its first answer (the --resolve-file no longer lists it, and no
// one answers a name in .invalid), as a name does when lwIP's DNS table is hit by the pinned
// kernel's bug (a name copied without its NUL: every query for it malformed). The klib keeps
// sending to the address that worked, and the console says so once, however often the lookup
// fails, then once when it answers again. Every lookup reads the resolve file, and klibhost names
// a line of it that it cannot read on its stderr each time: so the test counts the lookups.
async function dnsFailsAfterFirstAnswer(t: Test, protocol: 'udp' | 'tcp'): Promise<void> {
    const rsyslog = await Rsyslog.create({ address: A });
    t.teardown(() => rsyslog.stop());
    await rsyslog.start();
    const name = 'logs.example.invalid';
    const app = `dns-${protocol}`;
    const port = protocol === 'udp' ? rsyslog.ports.udp : rsyslog.ports.tcp;
    const dir = tempDir('syslog-dns-');
    const names = nameFile(dir, port, name);
    const unreadable = () => {
        writeFileSync(`${names.path}.new`, 'a line klibhost cannot read\n');
        renameSync(`${names.path}.new`, names.path);
    };
    const config = syslogConfig({
        server: name, server_port: String(port), protocol, app_name: app, hostname: 'vm-dns', resolve_interval: '1',
    });
    const subject = `syslog: DNS lookup of ${name}`;
    const seen = new ConsoleSeen();
    let warnings = 0;
    const countLookups = (chunk: Buffer) => {
        warnings += chunk.toString('utf8').split('not HOST:PORT:ADDRESS').length - 1;
    };
    const before = lines('before', 5);
    const during = lines('during', 5);
    const after = lines('after', 5);
    const received = () => rsyslog.received().filter(m => m.appName === app).map(m => m.message).filter(l => !isKlibLine(l));
    // Each failed lookup reads the file twice (klibhost looks for the name in it, then resolves).
    const failedThrice = when(() => seen.lines(`${subject}: no answer`).length > 0 && warnings >= 6);
    const script = `${echo(before)}; ${when(() => received().length >= before.length, unreadable)}; ${failedThrice}; ` +
        `${echo(during)}; ${when(() => received().length >= before.length + during.length, () => names.moveTo(A))}; ` +
        `${when(() => seen.lines(`${subject}: works again`).length > 0)}; ${echo(after)}`;
    const r = await runSyslog(config, script, ['--resolve-file', names.path], seen.feed, countLookups);
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    const said = klibLines(r);
    t.same(said.filter(l => l.startsWith(`${subject}: no answer`)),
        [`${subject}: no answer (an unknown name, or no DNS server answered); still sending to ${A}`],
        'one line for the failing lookups, naming the address still in use');
    const recovered = said.filter(l => l.startsWith(`${subject}: works again`));
    t.equal(recovered.length, 1, 'one line when it answers again');
    t.ok(Number(/\((\d+) attempts failed\)$/.exec(recovered[0] ?? '')?.[1]) >= 3, `${recovered[0]}: the attempts counted`);
    t.same(said.filter(l => !l.startsWith(subject)), [], 'nothing else from the klib: the connection was never lost');
    const last = after[after.length - 1]!;
    await rsyslog.waitUntil(app, got => got.some(m => m.message === last));
    t.same(received(), before.concat(during, after), 'every line, at the address that worked, in order');
}

t.test('UDP: DNS fails after the first answer: the old address keeps working', t => dnsFailsAfterFirstAnswer(t, 'udp'));
t.test('TCP: DNS fails after the first answer: the connection keeps working', t => dnsFailsAfterFirstAnswer(t, 'tcp'));
