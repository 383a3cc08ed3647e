// make dist: the release tarball and what it holds. Built twice, in the checkout and in a copy of
// its sources in another folder (another path length, its own build folder, everything compiled
// afresh): the two tarballs must be the same bytes, and no file in them may name either folder.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../host/lib/klibhost.ts';

/** What `make dist` reads (everything else of the checkout is left out of the copies). */
const SOURCES = ['Makefile', 'mk', 'tools', 'c-out', 'nanos-headers', 'mbedtls-config', 'examples', 'README.md', 'package.json'];
const MBEDTLS_DOWNLOAD = 'vendor/mbedtls/download';

function git(...args: string[]): string {
  const r = spawnSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function run(command: string, args: string[], cwd?: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, TZ: 'UTC' } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// The mbedtls tarball is fetched once into the checkout (checksum-pinned); the copies reuse it.
run('flock', [join(ROOT, 'build/.host-make.lock'), 'make', '-s', '--no-print-directory', '-C', ROOT, 'mbedtls-fetch']);

const top = mkdtempSync(join(tmpdir(), 'dist-'));
process.on('exit', () => rmSync(top, { recursive: true, force: true }));
const commit = git('rev-parse', 'HEAD');
const epoch = git('log', '-1', '--format=%ct');
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const kernel = /commit ([0-9a-f]+)/.exec(readFileSync(join(ROOT, 'nanos-headers/kernel-exports.txt'), 'utf8'))![1];
const name = `nanos-ts-klibs-${version}-${kernel}`;

const makeDist = (dir: string, distDir: string) => ['-s', '--no-print-directory', '-j2', '-C', dir, 'dist', `DIST_DIR=${distDir}`,
  `GIT_COMMIT=${commit}`, 'GIT_DIRTY=', `SOURCE_DATE_EPOCH=${epoch}`];

/** make dist in the checkout (its klibs are usually built already), into a folder of the test's. */
function buildHere(): string {
  const out = join(top, 'checkout-dist');
  run('flock', [join(ROOT, 'build/.host-make.lock'), 'make', ...makeDist(ROOT, out)]);
  return join(out, `${name}.tar.gz`);
}

/** Copies the sources to `dir` and runs make dist there; returns the tarball's path. */
function buildIn(dir: string): string {
  for (const s of SOURCES) cpSync(join(ROOT, s), join(dir, s), { recursive: true });
  mkdirSync(join(dir, MBEDTLS_DOWNLOAD), { recursive: true });
  cpSync(join(ROOT, MBEDTLS_DOWNLOAD), join(dir, MBEDTLS_DOWNLOAD), { recursive: true });
  run('make', makeDist(dir, join(dir, 'dist')));
  return join(dir, 'dist', `${name}.tar.gz`);
}

const copy = join(top, 'a-longer-folder-name', 'copy');
const first = buildHere();
const second = buildIn(copy);

t.test('the checkout and a copy elsewhere build the same bytes', async t => {
  t.ok(readFileSync(first).equals(readFileSync(second)), `${first} and ${second} identical`);
});

const unpacked = join(top, 'unpacked');
mkdirSync(unpacked);
run('tar', ['-xzf', first, '-C', unpacked]);
const base = join(unpacked, name);

t.test('no file names the folder it was built in, or any time but the commit\'s', async t => {
  const listing = run('tar', ['--numeric-owner', '-tvzf', first]).trim().split('\n');
  const when = new Date(Number(epoch) * 1000).toISOString().replace('T', ' ').slice(0, 16);
  t.ok(listing.every(l => l.includes(' 0/0 ') && l.includes(when)), `every entry owned by 0/0 at ${when}`);
  const grep = spawnSync('grep', ['-rlF', '-e', copy, '-e', ROOT, base], { encoding: 'utf8' });
  t.equal(grep.status, 1, `no path in any file ${grep.stdout}${grep.stderr}`);
});

t.test('the klibs as ops copies them, debug info apart, checksums and BUILDINFO', async t => {
  const klibs = readdirSync(join(ROOT, 'c-out'), { withFileTypes: true })
    .filter(d => d.isDirectory() && existsSync(join(ROOT, 'c-out', d.name, 'SOURCES'))).map(d => d.name).sort();
  t.same(readdirSync(join(base, 'klibs')).sort(), klibs.flatMap(k => [k, `${k}.dbg`]).sort(), 'klibs/<name> and klibs/<name>.dbg');
  for (const k of klibs) {
    const sections = run('readelf', ['-S', '-W', join(base, 'klibs', k)]);
    t.notMatch(sections, /\.debug_info/, `${k}: no debug info`);
    t.match(run('readelf', ['--string-dump=.gnu_debuglink', join(base, 'klibs', k)]), `${k}.dbg`, `${k}: debuglink to ${k}.dbg`);
    t.match(run('readelf', ['-S', '-W', join(base, 'klibs', `${k}.dbg`)]), /\.debug_info/, `${k}.dbg: the debug info`);
  }
  t.same(readdirSync(join(base, 'examples')).sort(), readdirSync(join(ROOT, 'examples')).sort(), 'the example configs');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const ops = readFileSync(join(base, 'OPS.md'), 'utf8');
  t.ok(ops.startsWith('## Use with ops\n') && readme.includes(ops) && !/\n## /.test(ops), 'OPS.md is the README\'s ops section');
  run('sha256sum', ['--check', '--strict', '--quiet', 'SHA256SUMS'], base);
  const sums = readFileSync(join(base, 'SHA256SUMS'), 'utf8').trim().split('\n').map(l => l.split('  ')[1]).sort();
  t.same(sums, run('find', ['.', '-type', 'f', '!', '-name', 'SHA256SUMS'], base).trim().split('\n').map(p => p.slice(2)).sort(),
    'SHA256SUMS covers every other file');
  const info = readFileSync(join(base, 'BUILDINFO'), 'utf8');
  const mbedtls = readFileSync(join(ROOT, 'mk/mbedtls.mk'), 'utf8');
  t.match(info, `git commit: ${commit}\n`);
  t.match(info, `nanos kernel: commit ${kernel} `);
  t.match(info, `mbedtls: ${/MBEDTLS_VERSION := (\S+)/.exec(mbedtls)![1]}, `);
  t.match(info, `sha256 ${/MBEDTLS_SHA256 := (\S+)/.exec(mbedtls)![1]}`);
  t.match(info, /^compiler: .*\d+\.\d+/m);
  t.match(info, /^klib cflags: .*-O3/m);
});
