// klibhost --resolve-file: a name's answer read from a file on every lookup and never cached, so a
// test can move a name to another address during a run (the syslog klib's re-resolution tests use
// it). Driven by the rt_dns fixture, which looks the name up every 100 ms and prints each answer.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ConsoleSeen, when } from './lib/gate.ts';
import { buildHost, klibhost, linesWith, runWith, sanitizerReport, tempDir } from '../../host/lib/klibhost.ts';

buildHost();

function config(host: string) {
  return { Klibs: ['rt_dns'], ManifestPassthrough: { rt_dns: { host } } };
}

t.test('the file is read on every lookup: a change shows at the next one', async t => {
  const dir = tempDir('resolve-file-');
  const file = join(dir, 'hosts');
  writeFileSync(file, '# a comment, then a blank line\n\n  logs.example.com:514:127.0.0.2  \n');
  // The program moves the name (a new file renamed over the old one) after two answers, and ends
  // after two answers with the new address.
  const seen = new ConsoleSeen();
  const answered = (address: string) => when(() => seen.lines('dns:').filter(l => l.includes(`= ${address} `)).length >= 2);
  const r = await runWith(config('logs.example.com'),
    `${answered('127.0.0.2')}; echo logs.example.com:514:127.0.0.3 > ${file}.new; mv ${file}.new ${file}; ${answered('127.0.0.3')}`,
    ['--resolve', 'logs.example.com:514:127.0.0.9', '--resolve-file', file], seen.feed);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  const answers = linesWith(r.stdout, 'dns:');
  t.ok(answers.length >= 4, `several lookups (${answers.length})`);
  t.same(answers.filter(a => !a.endsWith('(async)')), [], 'never answered from the cache');
  const first = answers.findIndex(a => a.includes('127.0.0.3'));
  t.ok(first > 0, 'the first answers come from the file as it was (not from --resolve)');
  t.same(answers.slice(0, first), Array(first).fill('dns: logs.example.com = 127.0.0.2 (async)'));
  t.same(answers.slice(first), Array(answers.length - first).fill('dns: logs.example.com = 127.0.0.3 (async)'),
    'then every answer is the new address');
});

t.test('a name the file does not list falls through to --resolve (and its cache)', async t => {
  const file = join(tempDir('resolve-file-'), 'hosts');
  writeFileSync(file, 'other.example.com:514:127.0.0.2\nnot a line\n');
  const seen = new ConsoleSeen();
  const r = await runWith(config('logs.example.com'), when(() => seen.lines('dns:').length >= 2),
    ['--resolve', 'logs.example.com:514:127.0.0.1', '--resolve-file', file], seen.feed);
  t.equal(r.code, 0);
  const answers = linesWith(r.stdout, 'dns:');
  t.same(answers.slice(0, 2), ['dns: logs.example.com = 127.0.0.1 (async)', 'dns: logs.example.com = 127.0.0.1 (immediate)']);
  t.match(r.stderr.toString(), `--resolve-file ${file}:2: not HOST:PORT:ADDRESS`, 'a bad line is named');
});

t.test('a file that cannot be read is a usage error', async t => {
  const r = await klibhost(['--config', '/dev/null', '--resolve-file', '/nonexistent/hosts', '--', 'true']);
  t.equal(r.code, 2);
  t.match(r.stderr.toString(), 'cannot read --resolve-file: /nonexistent/hosts');
});
