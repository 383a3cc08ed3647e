// A klib must not define a name that the Nanos tree's headers declare but
// ours do not (nanos-headers/nanos-names.txt): such a file compiles here and
// fails inside the tree (e.g. a static console_write clashes with the
// kernel's). Checks the symbols each object defines and the identifiers
// each source uses against the tree's macros.
import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cFiles, FIXTURES, HEADERS, klibCflagsOf, ROOT, run, tempDir } from './lib.ts';

const CFLAGS = ['-std=gnu11', '-ffreestanding', '-nostdinc', '-fPIC', '-O0', '-w', '-I', HEADERS];

interface Names { fileScope: Set<string>; macros: Set<string>; }

function nanosNames(): Names {
  const names: Names = { fileScope: new Set(), macros: new Set() };
  for (const line of readFileSync(join(HEADERS, 'nanos-names.txt'), 'utf8').split('\n')) {
    const [kind, name] = line.split(' ');
    if (kind === 'macro') names.macros.add(name);
    else if (kind === 'function' || kind === 'variable') names.fileScope.add(name);
  }
  return names;
}

// what our own headers declare and define, through the same include set
function ourNames(): Names {
  const dir = tempDir('names');
  const src = join(dir, 'all.c');
  writeFileSync(src, ['unix_internal.h', 'drivers/console.h', 'http.h', 'lwip.h', 'mktime.h',
    'storage.h', 'filesystem.h', 'tls.h'].map(h => `#include <${h}>\n`).join(''));
  const aux = join(dir, 'aux.txt');
  const compiled = run('gcc', [...CFLAGS, '-aux-info', aux, '-c', src, '-o', join(dir, 'all.o')]);
  if (compiled.status !== 0) throw new Error(compiled.stderr);
  const fileScope = new Set([...readFileSync(aux, 'utf8').matchAll(/\b([A-Za-z_]\w*) \(/g)].map(m => m[1]));
  const preprocessed = run('gcc', [...CFLAGS, '-E', src]).stdout;
  for (const m of preprocessed.matchAll(/^extern [^;(]*?\b([A-Za-z_]\w*)\s*;/gm)) fileScope.add(m[1]);
  const macros = new Set(run('gcc', [...CFLAGS, '-dM', '-E', src]).stdout.split('\n')
    .map(l => /^#define ([A-Za-z_]\w*)/.exec(l)?.[1]).filter((n): n is string => !!n));
  return { fileScope, macros };
}

// identifiers of a C source outside comments, strings and character constants
function identifiers(source: string): Set<string> {
  const code = source
    .replace(/\/\*[^]*?\*\//g, ' ')
    .replace(/\/\/.*$/gm, ' ')
    .replace(/^\s*#\s*(include|line).*$/gm, ' ')
    .replace(/"(\\.|[^"\\])*"/g, ' ')
    .replace(/'(\\.|[^'\\])*'/g, ' ');
  return new Set(code.match(/[A-Za-z_]\w*/g) ?? []);
}

function definedSymbols(file: string, dir: string): string[] {
  const obj = join(dir, relative(ROOT, file).replace(/\W/g, '_') + '.o');
  const r = run('gcc', [...CFLAGS, ...klibCflagsOf(file), '-c', file, '-o', obj]);
  if (r.status !== 0) throw new Error(r.stderr);
  return run('nm', ['--defined-only', obj]).stdout.split('\n')
    .map(l => l.split(' ')[2]?.replace(/\..*$/, ''))
    .filter((n): n is string => !!n);
}

const nanos = nanosNames();
const ours = ourNames();
const clashingFileScope = [...nanos.fileScope].filter(n => !ours.fileScope.has(n));
const clashingMacros = new Set([...nanos.macros].filter(n => !ours.macros.has(n)));

t.test('the name lists are sound', async t => {
  t.ok(nanos.fileScope.has('console_write'), 'the tree declares console_write');
  t.ok(clashingFileScope.includes('console_write'), 'which our headers do not');
  t.ok(ours.fileScope.has('register_timer') && ours.macros.has('sym'), 'our names are read');
  t.ok(clashingMacros.has('PBUF_FLAG_PUSH') || clashingMacros.size > 1000, 'tree-only macros are read');
});

const sources = [...cFiles(join(ROOT, 'c-out')), ...cFiles(join(FIXTURES, 'good'))];
const objDir = tempDir('names-obj');
const clashes = new Set(clashingFileScope);
for (const file of sources) {
  t.test(relative(ROOT, file), async t => {
    const symbols = definedSymbols(file, objDir);
    const defined = symbols.filter(n => clashes.has(n));
    t.same(defined, [], 'defines no name the Nanos tree\'s headers declare');
    // A C library function a file defines itself (tls/libc.c: memcpy, strcmp ... are macros only in
    // lwIP's options and the stock tls klib's config, which that file does not include) is no clash.
    const own = new Set(symbols);
    const used = [...identifiers(readFileSync(file, 'utf8'))].filter(n => clashingMacros.has(n) && !own.has(n));
    t.same(used, [], 'uses no identifier that is a macro only in the Nanos tree');
  });
}
