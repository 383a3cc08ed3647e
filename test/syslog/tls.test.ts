// TLS (RFC 5425) to a real rsyslog through its gnutls driver, via the syslog_tls and tls klibs:
// the server certificate is verified (host name included) against the CA the test made.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { buildHost, ROOT } from '../../host/lib/klibhost.ts';
import { Rsyslog } from './lib/rsyslog.ts';
import { printedLines, runSyslog, sanitizerReport } from './lib/run.ts';

buildHost(`${ROOT}/build/host-klibs/syslog.so`, `${ROOT}/build/host-klibs/syslog_tls.so`, `${ROOT}/build/host-klibs/tls.so`);
const rsyslog = await Rsyslog.create({ tls: true });
await rsyslog.start();
t.teardown(() => rsyslog.stop());
const ca = readFileSync(rsyslog.tls!.ca, 'utf8');

function tlsConfig(syslog: Record<string, string>): object {
    return {
        Klibs: ['syslog', 'syslog_tls', 'tls'],
        Program: '/usr/bin/secure',
        ManifestPassthrough: { syslog: { server: 'syslog.test', protocol: 'tls', ...syslog } },
    };
}
const redirect = () => ['--resolve', `syslog.test:6514:127.0.0.1`, '--connect-to', `syslog.test:6514:127.0.0.1:${rsyslog.ports.tls}`];

for (const format of ['rfc5424', 'rfc3164']) {
    t.test(`tls ${format}`, async t => {
        const app = `tls-${format}`;
        const r = await runSyslog(tlsConfig({ format, app_name: app, hostname: 'vm-tls', facility: 'daemon', ca_cert: ca }),
            'for i in 1 2 3 4 5; do echo "secret line $i"; done; sleep 0.5; echo "last secret"', redirect());
        t.equal(r.code, 0);
        t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
        const printed = printedLines(r).filter(l => !l.startsWith('tls:'));
        const got = await rsyslog.waitFor(app, printed.length);
        t.same(got.map(m => m.message.replace(format === 'rfc3164' ? /^ / : /^$/, '')), printed, 'every line, in order');
        t.ok(got.every(m => m.hostname === 'vm-tls' && m.facility === 3 && m.severity === 6), 'header fields');
        t.ok(got.every(m => m.protocolVersion === (format === 'rfc5424' ? '1' : '0')), `parsed as ${format}`);
    });
}

t.test('a server the CA did not sign is refused: nothing is sent', async t => {
    const other = await Rsyslog.create({ tls: true });      // its own CA
    const r = await runSyslog(tlsConfig({ app_name: 'untrusted', hostname: 'vm-tls', ca_cert: readFileSync(other.tls!.ca, 'utf8') }),
        'echo "must not leak"', redirect());
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    t.same(await rsyslog.waitFor('untrusted', 1, 20), [], 'rsyslog received nothing');
    // The tls klib says why; the syslog klib says once that its destination cannot be reached,
    // however often it tried (the shutdown tries again every second until its deadline).
    const printed = printedLines(r);
    t.ok(printed.some(l => l.startsWith('tls: syslog.test: certificate rejected')), 'the tls klib names the reason');
    t.same(printed.filter(l => l.startsWith('syslog: connection to')),
        ['syslog: connection to syslog.test:6514 (tls): could not connect, or the TLS handshake failed (see the tls klib\'s line)'],
        'one failure line');
});

t.test('protocol tls without the syslog_tls klib says what is missing', async t => {
    const r = await runSyslog({ Klibs: ['syslog'], Program: '/x', ManifestPassthrough: { syslog: { server: '127.0.0.1', protocol: 'tls', hostname: 'vm' } } },
        'echo hello; sleep 0.5');
    t.equal(r.code, 0);
    const said = printedLines(r).filter(l => l.startsWith('syslog: '));
    t.ok(said[0]?.startsWith('syslog: protocol tls needs the syslog_tls and tls klibs'), 'says what is missing');
    t.equal(said.filter(l => l.startsWith('syslog: protocol tls needs')).length, 1, 'once');
    t.same(said.filter(l => l.startsWith('syslog: connection to')), [], 'and no misleading failure line');
});
