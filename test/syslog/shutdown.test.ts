// The shutdown, against a real rsyslog: what a program prints right before it exits (or crashes)
// reaches the server over UDP, TCP and TLS, and klibhost exits by itself with the program's status
// (its watchdog would fail a run whose shutdown never completes: a VM that never halts). No
// connection is closed, so klibhost's direct never finds a close with unacknowledged data (it
// halts as the kernel would). The kernel's own last line, printed after the merge was given back,
// is flushed at once. Lines printed while the interface has no address yet go out at shutdown
// with "-" as HOSTNAME.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { buildHost, ROOT } from '../../host/lib/klibhost.ts';
import { Rsyslog } from './lib/rsyslog.ts';
import { printedLines, runSyslog, sanitizerReport, syslogConfig } from './lib/run.ts';

buildHost(`${ROOT}/build/host-klibs/syslog.so`, `${ROOT}/build/host-klibs/syslog_tls.so`, `${ROOT}/build/host-klibs/tls.so`);
const rsyslog = await Rsyslog.create({ tls: true });
await rsyslog.start();
t.teardown(() => rsyslog.stop());
const ca = readFileSync(rsyslog.tls!.ca, 'utf8');

type Protocol = 'udp' | 'tcp' | 'tls';
const PROTOCOLS: Protocol[] = ['udp', 'tcp', 'tls'];
/** rsyslog writes what it received in pieces: waiting for many lines may take a while (a failure bound). */
const PATIENCE = 1200;

/** The config and klibhost arguments that send to the test's rsyslog over `protocol`. */
function setup(protocol: Protocol, syslog: Record<string, string>): { config: object, extra: string[] } {
    if (protocol === 'tls') {
        return {
            config: {
                Klibs: ['syslog', 'syslog_tls', 'tls'], Program: '/usr/bin/myapp',
                ManifestPassthrough: { syslog: { server: 'syslog.test', protocol, ca_cert: ca, ...syslog } },
            },
            extra: ['--resolve', 'syslog.test:6514:127.0.0.1', '--connect-to', `syslog.test:6514:127.0.0.1:${rsyslog.ports.tls}`],
        };
    }
    const port = protocol === 'udp' ? rsyslog.ports.udp : rsyslog.ports.tcp;
    return { config: syslogConfig({ server: '127.0.0.1', server_port: String(port), protocol, ...syslog }), extra: [] };
}

const numbered = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name} line ${i + 1} of ${n}`);
// One echo (one console write) per line, as fast as the shell goes.
const printLoop = (name: string, n: number) =>
    `i=1; while [ $i -le ${n} ]; do echo "${name} line $i of ${n}"; i=$((i+1)); done`;

for (const protocol of PROTOCOLS) {
    t.test(`${protocol}: 2,002 lines printed right before the program exits all arrive`, async t => {
        const app = `exit-${protocol}`;
        const { config, extra } = setup(protocol, { app_name: app, hostname: 'vm-exit' });
        const r = await runSyslog(config, `${printLoop(app, 2002)}; exit 3`, extra);
        t.equal(r.code, 3, "klibhost exits by itself, with the program's status");
        t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
        t.same(printedLines(r).filter(l => l.startsWith(app)), numbered(app, 2002), 'the console shows them all');
        const got = await rsyslog.waitFor(app, 2002, PATIENCE);
        t.same(got.map(m => m.message), numbered(app, 2002), 'every line, once, in order');
        t.ok(got.every(m => m.hostname === 'vm-exit'), 'HOSTNAME as configured');
    });
}

for (const protocol of ['tcp', 'tls'] as Protocol[]) {
    t.test(`${protocol}: a crashing program's last lines arrive`, async t => {
        const app = `crash-${protocol}`;
        const { config, extra } = setup(protocol, { app_name: app, hostname: 'vm-crash' });
        const r = await runSyslog(config, `${printLoop(app, 50)}; kill -SEGV $$`, extra);
        t.equal(r.code, 128 + 11, 'the status of a program killed by SIGSEGV');
        t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
        // The kernel's last console line comes after the shutdown completions (storage_shutdown's
        // error status: no core dump), when the klib has given the merge back: it is flushed at
        // once, and klibhost lets the loop run once before it exits, as the kernel's disk steps do.
        const printed = printedLines(r);
        const last = printed[printed.length - 1] ?? '';
        t.match(last, /storage_shutdown error: no core generated/, "the kernel's last line");
        const got = await rsyslog.waitFor(app, 51, PATIENCE);
        t.same(got.map(m => m.message), [...numbered(app, 50), last], "all 50, in order, then the kernel's last line");
    });
}

for (const protocol of PROTOCOLS) {
    t.test(`${protocol}: no interface address yet: the lines go out at exit with "-" as HOSTNAME`, async t => {
        const app = `noaddr-${protocol}`;
        const { config, extra } = setup(protocol, { app_name: app });
        const r = await runSyslog(config, `${printLoop(app, 20)}`, [...extra, '--interface-address', 'none']);
        t.equal(r.code, 0);
        t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
        const got = await rsyslog.waitFor(app, 20, PATIENCE);
        t.same(got.map(m => [m.hostname, m.message]), numbered(app, 20).map(l => ['-', l]));
    });
}

t.test('without a hostname, HOSTNAME is the interface\'s address (klibhost: 127.0.0.1, or as given)', async t => {
    for (const [address, args] of [['127.0.0.1', []], ['10.1.2.3', ['--interface-address', '10.1.2.3']]] as [string, string[]][]) {
        const app = `addr-${address.replace(/\./g, '-')}`;
        const { config, extra } = setup('tcp', { app_name: app });
        const r = await runSyslog(config, `echo "from ${address}"`, [...extra, ...args]);
        t.equal(r.code, 0);
        const got = await rsyslog.waitFor(app, 1, PATIENCE);
        t.same(got.map(m => [m.hostname, m.message]), [[address, `from ${address}`]]);
    }
});
