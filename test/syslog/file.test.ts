// File output through the kernel's file interfaces (klibhost emulates them under --root-dir):
// appended across runs, rotated before passing file_max_size to file.1 ... file.N, every file
// made of whole lines, nothing lost or torn at rotation.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { tempDir } from '../../host/lib/klibhost.ts';
import { buildSyslog, printedLines, runSyslog, sanitizerReport, syslogConfig } from './lib/run.ts';

buildSyslog();

function read(path: string): string {
    return existsSync(path) ? readFileSync(path, 'latin1') : '';
}

t.test('appends across runs', async t => {
    const root = tempDir('syslog-root-');
    const config = syslogConfig({ file: '/var/log/app.log' });
    for (const run of [1, 2]) {
        const r = await runSyslog(config, `echo "run ${run} a"; printf "run ${run} b\\n"`, ['--root-dir', root]);
        t.equal(r.code, 0);
        t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    }
    t.equal(read(join(root, 'var/log/app.log')), 'run 1 a\nrun 1 b\nrun 2 a\nrun 2 b\n',
        'the console, byte for byte, both runs');
});

t.test('the console byte for byte: CRs, empty lines, a line waiting for its newline', async t => {
    const root = tempDir('syslog-root-');
    const config = syslogConfig({ file: '/raw.log' });
    // The wait lets the klib ship the partial line as it is (or not: the file is the same either way).
    const r = await runSyslog(config, "printf 'crlf\\r\\n\\n\\n  spaced \\r\\r\\n\\n'; printf 'partial'; sleep 1.5; " +
        "printf ' continued\\nlast line without a newline'", ['--root-dir', root]);
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    t.equal(read(join(root, 'raw.log')), 'crlf\r\n\n\n  spaced \r\r\n\npartial continued\nlast line without a newline',
        'exactly what the program wrote');
});

t.test('rotation: size limit, N files, whole lines, nothing lost', async t => {
    const root = tempDir('syslog-root-');
    const config = syslogConfig({ file: 'logs/app.log', file_max_size: '1k', file_rotate: '3' });
    // 150 lines of about 30 bytes (~4.5 KB): five files' worth, one more than rotation keeps. Lines
    // come in bursts so that rotation happens both between flushes and inside one.
    const script = 'i=0; while [ $i -lt 150 ]; do echo "rotating line number $i ....."; i=$((i+1)); ' +
        '[ $((i % 40)) -eq 0 ] && sleep 0.3; done; true';
    const r = await runSyslog(config, script, ['--root-dir', root]);
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    const printed = printedLines(r);
    t.equal(printed.length, 150);
    const base = join(root, 'logs/app.log');
    const files = [`${base}.3`, `${base}.2`, `${base}.1`, base];
    t.notOk(existsSync(`${base}.4`), 'no more than file_rotate old files');
    for (const f of files) {
        t.ok(existsSync(f), `${f.slice(root.length)} exists`);
        t.ok(statSync(f).size <= 1024, `${f.slice(root.length)} is within file_max_size`);
        t.ok(read(f).endsWith('\n'), `${f.slice(root.length)} ends with a whole line`);
    }
    const kept = files.map(read).join('').split('\n').filter(l => l !== '');
    t.ok(kept.length > 0 && kept.length < printed.length, 'the oldest file was dropped by rotation');
    t.same(kept, printed.slice(printed.length - kept.length), 'the files hold the newest lines, whole and in order');
    // Full files: rotation happened only when the next line would not fit.
    for (const f of files.slice(0, 3)) t.ok(statSync(f).size > 1024 - 40, `${f.slice(root.length)} was full`);
});

t.test('file_rotate 0 truncates instead of rotating', async t => {
    const root = tempDir('syslog-root-');
    const config = syslogConfig({ file: '/app.log', file_max_size: '100', file_rotate: '0' });
    const r = await runSyslog(config, 'for i in 1 2 3 4 5 6 7 8; do echo "twenty byte line $i"; done', ['--root-dir', root]);
    t.equal(r.code, 0);
    t.notOk(existsSync(join(root, 'app.log.1')), 'no rotated file');
    const text = read(join(root, 'app.log'));
    t.ok(text.length <= 100 && text.length > 0, 'within the limit');
    t.ok(printedLines(r).join('\n').endsWith(text.trimEnd()), 'the newest lines, whole');
});

t.test('file and server together', async t => {
    const root = tempDir('syslog-root-');
    const config = syslogConfig({ file: '/both.log', server: '127.0.0.1', server_port: '9', hostname: 'vm' });
    const r = await runSyslog(config, 'echo to both', ['--root-dir', root]);
    t.equal(r.code, 0);
    t.equal(read(join(root, 'both.log')), 'to both\n');
});
