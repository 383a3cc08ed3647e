// The syslog klib against a real rsyslog: every protocol in both formats. rsyslog writes what it
// parsed field by field; each field is compared with what the program printed and the config.
import t from 'tap';
import { when } from '../host/lib/gate.ts';
import { Rsyslog } from './lib/rsyslog.ts';
import { buildSyslog, printedLines, runSyslog, sanitizerReport, syslogConfig } from './lib/run.ts';

buildSyslog();
const rsyslog = await Rsyslog.create();
await rsyslog.start();
t.teardown(() => rsyslog.stop());

const cases = [
    { protocol: 'udp', format: 'rfc5424' },
    { protocol: 'udp', format: 'rfc3164' },
    { protocol: 'tcp', format: 'rfc5424' },
    { protocol: 'tcp', format: 'rfc3164' },
];

for (const { protocol, format } of cases) {
    t.test(`${protocol} ${format}`, async t => {
        const app = `app-${protocol}-${format}`;
        const port = protocol === 'udp' ? rsyslog.ports.udp : rsyslog.ports.tcp;
        const config = syslogConfig({
            server: '127.0.0.1', server_port: String(port), protocol, format,
            facility: 'local4', app_name: app, hostname: `vm-${protocol}.example`,
        });
        const lines = Array.from({ length: 20 }, (_, i) => `${protocol} ${format} line ${i} with "quotes" and = signs`);
        const script = lines.map(l => `echo '${l}'`).join('; ') + '; sleep 0.5; echo last line';
        const before = Date.now();
        const r = await runSyslog(config, script);
        const after = Date.now();
        t.equal(r.code, 0, 'the program exits with its status');
        t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
        const printed = printedLines(r);
        t.same(printed, [...lines, 'last line'], 'the console shows what the program printed');
        const got = await rsyslog.waitFor(app, printed.length);
        t.same(got.map(m => m.message.replace(format === 'rfc3164' ? /^ / : /^$/, '')), printed,
            'one message per line, in order, with the text printed');
        t.ok(got.every(m => m.hostname === `vm-${protocol}.example`), 'HOSTNAME is the configured host name');
        t.ok(got.every(m => m.facility === 20 && m.severity === 6), 'facility local4, severity info');
        if (format === 'rfc5424') {
            t.ok(got.every(m => m.protocolVersion === '1'), 'parsed as RFC 5424');
            // The time each line was printed, as rsyslog parsed it: within the run (1 s of slack for
            // the clock's granularity).
            t.ok(got.every(m => Date.parse(m.timestamp) >= before - 1000 && Date.parse(m.timestamp) <= after + 1000),
                'RFC 3339 timestamps rsyslog understood, from the time of the run');
            t.ok(got.every((m, i) => i === 0 || Date.parse(m.timestamp) >= Date.parse(got[i - 1]!.timestamp)),
                'in order');
        } else {
            t.ok(got.every(m => m.protocolVersion === '0'), 'parsed as RFC 3164');
        }
    });
}

t.test('defaults: UDP, RFC 5424, facility user, app name = program base name', async t => {
    const config = syslogConfig({ server: '127.0.0.1', server_port: String(rsyslog.ports.udp), hostname: 'vm-default' },
        '/opt/service/bin/webd');
    const r = await runSyslog(config, 'echo default one; echo default two');
    t.equal(r.code, 0);
    const got = await rsyslog.waitFor('webd', 2);
    t.same(got.map(m => [m.message, m.facility, m.severity, m.protocolVersion]),
        [['default one', 1, 6, '1'], ['default two', 1, 6, '1']]);
});

t.test('partial lines wait for their newline, or are sent as they are at exit', async t => {
    const config = syslogConfig({
        server: '127.0.0.1', server_port: String(rsyslog.ports.tcp), protocol: 'tcp', app_name: 'partial',
        hostname: 'vm-partial',
    });
    const r = await runSyslog(config, 'printf "first half, "; printf "second half\\n"; printf "two\\nlines\\n"; printf "no newline at exit"');
    t.equal(r.code, 0);
    const got = await rsyslog.waitFor('partial', 4);
    t.same(got.map(m => m.message), ['first half, second half', 'two', 'lines', 'no newline at exit']);
});

t.test('no hostname and no interface address: held back, then NILVALUE while the program runs, never 0.0.0.0', async t => {
    const config = syslogConfig({ server: '127.0.0.1', server_port: String(rsyslog.ports.udp), app_name: 'nohost' });
    // The program stays until the line has gone out: it was sent by the klib's wait for an address
    // running out (5 s), not by the shutdown.
    const r = await runSyslog(config, `echo held until the wait is over; ${when(() => rsyslog.received().some(m => m.appName === 'nohost'))}`,
        ['--interface-address', 'none']);
    const got = rsyslog.received().filter(m => m.appName === 'nohost');
    t.equal(r.code, 0);
    t.same(got.map(m => [m.hostname, m.message]), [['-', 'held until the wait is over']]);
});

t.test('a line longer than max_message_size becomes several messages', async t => {
    const config = syslogConfig({
        server: '127.0.0.1', server_port: String(rsyslog.ports.tcp), protocol: 'tcp', app_name: 'longline',
        hostname: 'vm-long', max_message_size: '64',
    });
    const line = Array.from({ length: 150 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const r = await runSyslog(config, `echo ${line}`);
    t.equal(r.code, 0);
    const got = await rsyslog.waitFor('longline', 3);
    t.same(got.map(m => m.message), [line.slice(0, 64), line.slice(64, 128), line.slice(128)]);
});
