// A burst of 50,000 lines of 100 bytes, printed as fast as a program can, over TCP and TLS with
// the default buffer (issue 14: the 256 KiB ring of old lost a quarter of such a burst in a VM).
// The default buffer holds the whole burst, however fast the network drains it: every line
// arrives, once, in order, and the console reports no loss. (How fast the output drains, against
// a console's rate, is measured in a Nanos VM: klib-src/syslog/README.md.)
import { closeSync, existsSync, openSync, readSync, readFileSync, statSync } from 'node:fs';
import t from 'tap';
import { when } from '../host/lib/gate.ts';
import { buildHost, ROOT } from '../../host/lib/klibhost.ts';
import { Rsyslog } from './lib/rsyslog.ts';
import { isKlibLine, klibLines, programLines, runSyslog, sanitizerReport } from './lib/run.ts';

buildHost(`${ROOT}/build/host-klibs/syslog.so`, `${ROOT}/build/host-klibs/syslog_tls.so`, `${ROOT}/build/host-klibs/tls.so`);
const rsyslog = await Rsyslog.create({ tls: true });
await rsyslog.start();
t.teardown(() => rsyslog.stop());

const LINES = 50000;
// "line 00042 of 50000 " and padding: 99 bytes, 100 with the newline.
const program = `awk 'BEGIN { pad = sprintf("%79s", ""); gsub(/ /, "x", pad); ` +
    `for (i = 0; i < ${LINES}; i++) printf "line %05d of ${LINES} %s\\n", i, pad }'`;
const lastLine = `line ${String(LINES - 1).padStart(5, '0')} of ${LINES} ${'x'.repeat(79)}`;
const lossText = /^syslog: (\d+) lines, (\d+) bytes dropped \(log buffer full\)$/;

/** The last `n` bytes rsyslog has written (a cheap look at a file that grows to megabytes). */
function receivedTail(n = 65536): string {
    if (!existsSync(rsyslog.out)) return '';
    const size = statSync(rsyslog.out).size;
    const length = Math.min(n, size);
    const buffer = Buffer.alloc(length);
    const fd = openSync(rsyslog.out, 'r');
    readSync(fd, buffer, 0, length, size - length);
    closeSync(fd);
    return buffer.toString('utf8');
}

for (const protocol of ['tcp', 'tls'] as const) {
    t.test(`${protocol}: a burst of ${LINES} lines of 100 bytes, with the default buffer`, async t => {
        const app = `burst-${protocol}`;
        const port = protocol === 'tcp' ? rsyslog.ports.tcp : rsyslog.ports.tls;
        const syslog: Record<string, string> = {
            server: 'syslog.test', server_port: '514', protocol, app_name: app, hostname: 'vm-burst',
        };
        if (protocol === 'tls') syslog.ca_cert = readFileSync(rsyslog.tls!.ca, 'utf8');
        const config = {
            Klibs: protocol === 'tls' ? ['syslog', 'syslog_tls', 'tls'] : ['syslog'], Program: '/usr/bin/burst',
            ManifestPassthrough: { syslog },
        };
        // The program stays until the server has the last line, or a loss report (the newest lines
        // are the ones a full buffer loses): what follows does not hang on the shutdown's deadline.
        const delivered = when(() => {
            const tail = receivedTail();
            return tail.includes(lastLine) || tail.includes('bytes dropped (log buffer full)');
        });
        const r = await runSyslog(config, `${program}; ${delivered}`,
            ['--resolve', 'syslog.test:514:127.0.0.1', '--connect-to', `syslog.test:514:127.0.0.1:${port}`]);
        t.equal(r.code, 0, 'the VM halts by itself');
        t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
        const printed = programLines(r);
        t.equal(printed.length, LINES);
        t.same(klibLines(r).filter(l => lossText.test(l)), [], 'the default buffer holds the burst: no loss reported');
        const got = (await rsyslog.waitUntil(app, g => g.some(m => m.message === lastLine)))
            .map(m => m.message).filter(l => !isKlibLine(l));
        t.equal(got.length, LINES, 'every line arrives');
        t.ok(got.every((l, i) => l === printed[i]), 'once, in order, whole');
    });
}
