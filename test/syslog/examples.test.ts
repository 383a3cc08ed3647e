// The example configurations are valid: klibhost accepts them and the syslog klib starts without a
// complaint. The servers they name are sent to loopback ports nothing listens on: over TCP and TLS
// the console says the connection failed, the shutdown gives up after its own deadline, saying
// so, and the VM halts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { buildHost, ROOT, tempDir } from '../../host/lib/klibhost.ts';
import { printedLines, runSyslog } from './lib/run.ts';

buildHost(`${ROOT}/build/host-klibs/syslog.so`, `${ROOT}/build/host-klibs/syslog_tls.so`, `${ROOT}/build/host-klibs/tls.so`);

const examples = readdirSync(join(ROOT, 'examples')).filter(f => /^syslog.*\.json$/.test(f));
t.ok(examples.length >= 4, 'examples for udp, tcp, tls and file');
for (const name of examples) {
    t.test(name, async t => {
        const config = JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));
        const r = await runSyslog(config, 'echo example ran', ['--root-dir', tempDir('syslog-example-'),
            '--resolve', 'logs.internal.example:514:127.0.0.1', '--resolve', 'logs.example.com:6514:127.0.0.1',
            '--connect-to', '10.0.0.5:514:127.0.0.1:9']);
        t.equal(r.code, 0, 'klibhost exits by itself');
        // What a server nothing listens for brings, and nothing else: the failure (once), and the
        // lines the shutdown could not send.
        const unreachable = [/^syslog: \d+ lines not sent: the server could not be reached within 5 s of the shutdown$/,
            /^syslog: connection to \S+ \((tcp|tls)\): could not connect/];
        t.same(printedLines(r).filter(l => l.startsWith('syslog') && !unreachable.some(u => u.test(l))), [],
            'no complaint from the klib');
    });
}
