// The one configuration reader (lib/config_map.ts), through the config_probe test klib
// (test/lib/fixtures/config_probe): a table with a key of every kind, read from the manifest and
// printed field by field, under ASan/UBSan and LeakSanitizer. Defaults are read like values; a
// value of every form lands in its field; each value that is not valid is one line naming the key
// and the rule, and its field keeps the default; unknown keys, at the top and in a nested tuple,
// are one line each; a second name for a key (`section.plain_ms`) leaves the first's default alone.
import path from 'node:path';
import t from 'tap';
import { buildHost, klibhost, sanitizerReport, writeConfig } from '../../host/lib/klibhost.ts';
import { buildHostKlib, klibc, tempDir } from './helpers/build.ts';

buildHost();
const klibDir = path.join(tempDir('lib-klibs-'), 'klibs');
buildHostKlib(klibc(['test/lib/fixtures/config_probe']), 'config_probe', klibDir);

const ABSENT = 0;
const INVALID = 1;
const VALID = 2;

interface Reading {
  status: number;
  fields: Record<string, string>;
  /** The reader's own lines (invalid values, unknown keys). */
  said: string[];
}

async function probe(tuple: unknown): Promise<Reading> {
  const manifest = tuple === undefined ? {} : { config_probe: tuple };
  const r = await klibhost(['--config', writeConfig({ Klibs: ['config_probe'], ManifestPassthrough: manifest }),
    '--klib-dir', klibDir, '--', 'true']);
  if (r.code !== 0 || sanitizerReport(r.stderr) !== null) throw new Error(`klibhost ${r.code}:\n${r.stderr}`);
  const lines = r.stdout.toString().replace(/\0/g, '').split('\n').filter(l => l.startsWith('config_probe: '))
    .map(l => l.slice('config_probe: '.length));
  const fields: Record<string, string> = {};
  for (const l of lines) {
    if (l.startsWith('status=') || l.startsWith('mode=')) {
      for (const m of l.matchAll(/(\w+)=(\S*)/g)) fields[m[1]!] = m[2]!;
    } else if (/^\w+=/.test(l)) {
      fields[l.slice(0, l.indexOf('='))] = l.slice(l.indexOf('=') + 1);
    }
  }
  const said = lines.filter(l => l.startsWith('invalid configuration') || l.startsWith('ignoring')).sort();
  return { status: Number(fields.status), fields, said };
}

const DEFAULTS = {
  flag: '1', count: '3', size: String(1 << 20), seconds: '0', ms: '1000', mode: '1', code: '0', days: '0',
  section: '0', lax: '0', present: '0', labels: '0', name: '-', token: 'abc', host: 'example.test', endpoint: '-', pem: '-',
};

t.test('no tuple: every field its default, said nothing', async t => {
  const r = await probe(undefined);
  t.equal(r.status, ABSENT);
  t.same(r.said, []);
  t.match(r.fields, DEFAULTS);
});

t.test('an empty tuple: the defaults, valid', async t => {
  const r = await probe({});
  t.equal(r.status, VALID);
  t.same(r.said, []);
  t.match(r.fields, DEFAULTS);
});

t.test('a value of every kind lands in its field', async t => {
  const r = await probe({
    flag: 'false', count: '9', size: '64K', seconds: '2m', mode: 'off', code: '2', days: '30', name: 'a b/é', token: '',
    host: 'logs.example.test', endpoint: 'h.test:8443', pem: 'x -----BEGIN CERTIFICATE-----',
    section: { ms: '250ms', labels: { a: 'x', b: 'y' }, lax: { present: '' } },
  });
  t.same(r.said, []);
  t.equal(r.status, VALID);
  t.match(r.fields, {
    flag: '0', count: '9', size: '65536', seconds: '120', mode: '2', code: '2', days: '30', section: '1', ms: '250',
    labels: '1', lax: '1', present: '1', name: 'a b/é', token: '', host: 'logs.example.test', endpoint: 'h.test:8443',
    pem: 'x -----BEGIN CERTIFICATE-----',
  });
  const named = await probe({ code: 'b', section: { plain_ms: '40' } });
  t.match(named.fields, { code: '1', ms: '40' }, 'a word is its position; the older name takes a plain number as ms');
});

t.test('each value that is not valid: one line naming the key and the rule, and the default stays', async t => {
  const r = await probe({
    flag: 'maybe', count: '10', size: '1023', seconds: '1500ms', mode: 'fastest', code: '3', days: '2', name: 'a:b',
    token: 'abcde', host: 'bad host', endpoint: 'h:0', pem: 'not pem', colour: 'blue',
    section: { ms: '5ms', labels: { a: 'x', b: 'y', c: 'z' }, lax: 'ignored', other: '1' },
  });
  t.equal(r.status, INVALID);
  const off = '; probe off';
  t.same(r.said, [
    "ignoring unknown option 'colour'",
    "ignoring unknown option 'section.other'",
    `invalid configuration: 'code' must be one of a, b, c, or a number from 0 to 2${off}`,
    `invalid configuration: 'count' must be a number from 1 to 9${off}`,
    `invalid configuration: 'days' must be one of 1, 7, 30${off}`,
    `invalid configuration: 'endpoint' must be host or host:port (a host name, and a port from 1 to 65535)${off}`,
    `invalid configuration: 'flag' must be on or off${off}`,
    `invalid configuration: 'host' must be a host name: 1 to 253 letters, digits, dots and dashes${off}`,
    `invalid configuration: 'mode' must be one of fast, slow, off${off}`,
    `invalid configuration: 'name' must be 1 to 8 characters, without control characters or ':'${off}`,
    `invalid configuration: 'pem' must be PEM text (-----BEGIN CERTIFICATE----- ...)${off}`,
    `invalid configuration: 'seconds' must be a duration from 0s to 1h in whole seconds: a number with a unit, ms, s, m or h (a plain number is seconds)${off}`,
    `invalid configuration: 'section.labels' must be a tuple of at most 2 names with string values${off}`,
    `invalid configuration: 'section.ms' must be a duration from 10ms to 1h: a number with a unit, ms, s, m or h (a plain number is seconds)${off}`,
    `invalid configuration: 'size' must be a size of at least 1k: bytes, or a number with a k, m or g suffix (such as 4m)${off}`,
    `invalid configuration: 'token' must be at most 4 characters of [a-z]${off}`,
  ]);
  t.match(r.fields, { ...DEFAULTS, section: '1', lax: '0' }, 'every field kept its default (a non-tuple lax section is ignored)');
});

t.test('a section that is not a tuple, and a tuple that is not one', async t => {
  const r = await probe({ section: 'yes' });
  t.same(r.said, ["invalid configuration: 'section' must be a tuple; probe off"]);
  t.equal(r.status, INVALID);
  const top = await probe('yes');
  t.same(top.said, ["invalid configuration: 'config_probe' must be a tuple; probe off"]);
  t.equal(top.status, INVALID);
  t.match(top.fields, DEFAULTS);
});
