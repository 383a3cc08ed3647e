// APP-NAME without `app_name`, as the stock klib chose it: the IMAGE_NAME environment variable (ops
// sets it to the image's name), else the manifest's `program` (its base name here; the stock klib
// sent the whole path). Both are made fit for the field: RFC 5424 allows 1 to 48 printable ASCII
// characters, no space. Without `Program` in the config, klibhost's manifest names the program it
// runs, as ops does.
import t from 'tap';
import { Rsyslog } from './lib/rsyslog.ts';
import { buildSyslog, runSyslog, sanitizerReport } from './lib/run.ts';

buildSyslog();
const rsyslog = await Rsyslog.create();
await rsyslog.start();
t.teardown(() => rsyslog.stop());

/** The ops config: UDP to the test's rsyslog, HOSTNAME `host` (to find the messages), and what is given. */
function config(host: string, more: { env?: Record<string, string>, program?: string, appName?: string }): object {
    return {
        Klibs: ['syslog'],
        ...(more.program !== undefined ? { Program: more.program } : {}),
        ...(more.env ? { Env: more.env } : {}),
        ManifestPassthrough: {
            syslog: {
                server: '127.0.0.1', server_port: String(rsyslog.ports.udp), hostname: host,
                ...(more.appName !== undefined ? { app_name: more.appName } : {}),
            },
        },
    };
}

/** What the klib makes of a name: bytes outside 33-126 become '_', cut at 48 bytes. */
function fitted(name: string): string {
    return Array.from(Buffer.from(name, 'utf8')).slice(0, 48).map(b => b > 32 && b < 127 ? String.fromCharCode(b) : '_').join('');
}

const cases: { name: string, more: { env?: Record<string, string>, program?: string, appName?: string }, expected: string }[] = [
    { name: 'IMAGE_NAME first', more: { env: { IMAGE_NAME: 'shop-image' }, program: '/usr/bin/webd' }, expected: 'shop-image' },
    { name: 'app_name wins over IMAGE_NAME', more: { env: { IMAGE_NAME: 'shop-image' }, appName: 'chosen' }, expected: 'chosen' },
    { name: 'IMAGE_NAME with spaces and UTF-8', more: { env: { IMAGE_NAME: 'my shop ümage' } }, expected: fitted('my shop ümage') },
    { name: 'IMAGE_NAME longer than 48', more: { env: { IMAGE_NAME: 'n'.repeat(30) + '-' + 'm'.repeat(30) } }, expected: 'n'.repeat(30) + '-' + 'm'.repeat(17) },
    { name: 'an empty IMAGE_NAME: the program', more: { env: { IMAGE_NAME: '' }, program: '/opt/app/bin/worker' }, expected: 'worker' },
    { name: 'no IMAGE_NAME: the program\'s base name', more: { program: '/myapp' }, expected: 'myapp' },
    { name: 'a program name with a space', more: { program: '/srv/my app' }, expected: 'my_app' },
    { name: 'no Program in the config: the program klibhost runs (sh)', more: {}, expected: 'sh' },
];

for (const [i, c] of cases.entries()) {
    t.test(c.name, async t => {
        const host = `vm-app-${i}`;
        const r = await runSyslog(config(host, c.more), `echo "case ${i}"`);
        t.equal(r.code, 0);
        t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
        t.equal(c.expected.length <= 48 && /^[!-~]+$/.test(c.expected), true, 'the expected name is a valid APP-NAME');
        const got = await rsyslog.waitMatching(m => m.hostname === host, 1);
        t.same(got.map(m => [m.appName, m.message]), [[c.expected, `case ${i}`]]);
    });
}
