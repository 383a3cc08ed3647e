#!/usr/bin/env node
// nanos-names.mjs NANOS_DIR OBJ_DIR
// Prints nanos-headers/nanos-names.txt: every file-scope name a klib sees in a Nanos tree once it
// includes the kernel headers our klibs use (UNITS below), one "KIND NAME" a line (kinds:
// c-names.mjs). NANOS_DIR is a tree with its lwIP vendored (vendor/lwip); OBJ_DIR holds that
// tree's generated closure_templates.h and kconfig.h (e.g. NANOS_DIR/output/platform/pc after the
// tree's make has built a klib), as for check-layout. The compile uses the tree's include paths and
// klib defines, x86_64. test/klibs/names.test.ts reads the list; nothing reads the tree at test time.
//   tools/nanos-names.mjs ~/nanos ~/nanos/output/platform/pc > nanos-headers/nanos-names.txt
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { declaredNames, KINDS, namesFlags } from './c-names.mjs';

// The kernel headers a klib of ours may include (every kernel header c-out includes; the test
// checks that list against c-out), as translation units the tree accepts: most of its headers have
// no include guard, and a klib includes either <unix_internal.h> or <kernel.h>, then the others.
const UNITS = [
  ['unix_internal.h', 'http.h', 'drivers/console.h', 'lwip.h', 'mktime.h', 'storage.h', 'filesystem.h', 'tls.h'],
  ['kernel.h', 'lwip.h', 'http.h', 'drivers/console.h', 'mktime.h', 'storage.h', 'pagecache.h', 'fs.h', 'tls.h'],
];

const INCLUDE_DIRS = ['src', 'src/x86_64', 'src/http', 'src/kernel', 'src/net', 'src/runtime', 'src/fs',
  'src/unix', 'src/unix_process', 'vendor/lwip/src/include', 'klib'];

function gcc(args) {
  const r = spawnSync('gcc', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`gcc ${args.join(' ')}:\n${r.stderr}`);
  return r.stdout;
}

const macroNames = (listing) =>
  new Set([...listing.matchAll(/^#define ([A-Za-z_]\w*)/gm)].map(m => m[1]));

function main([tree, objDir]) {
  if (!tree || !objDir) {
    process.stderr.write('usage: nanos-names.mjs NANOS_DIR OBJ_DIR\n');
    process.exit(2);
  }
  const flags = ['-std=gnu11', '-nostdinc', '-fno-builtin', '-ffreestanding', '-fPIC', '-mno-sse', '-mno-mmx',
    '-mno-sse2', '-DKERNEL', '-DKLIB', '-DSMP_ENABLE', '-w',
    ...INCLUDE_DIRS.map(d => `-I${join(tree, d)}`), `-I${objDir}`];
  const dir = mkdtempSync(join(tmpdir(), 'nanos-names-'));
  try {
    const lines = new Set();
    // the compiler's own macros are not the tree's (its command-line ones, KERNEL ..., are)
    const empty = join(dir, 'empty.c');
    writeFileSync(empty, '');
    const predefined = macroNames(gcc([...flags.filter(f => !f.startsWith('-D')), '-dM', '-E', empty]));
    UNITS.forEach((headers, i) => {
      const probe = join(dir, `probe${i}.c`);
      writeFileSync(probe, headers.map(h => `#include <${h}>\n`).join(''));
      const object = join(dir, `probe${i}.o`);
      const aux = join(dir, `probe${i}.aux`);
      gcc([...flags, ...namesFlags(aux), '-c', probe, '-o', object]);
      for (const { kind, name, file } of declaredNames(object, readFileSync(aux, 'utf8'))) {
        if (file === '<built-in>' || name.startsWith('__builtin_')) continue;
        lines.add(`${kind} ${name}`);
      }
      for (const name of macroNames(gcc([...flags, '-dM', '-E', probe])))
        if (!predefined.has(name)) lines.add(`macro ${name}`);
    });
    const order = (l) => KINDS.indexOf(l.split(' ')[0]);
    const sorted = [...lines].sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
    const commit = spawnSync('git', ['-C', tree, 'rev-parse', '--short=8', 'HEAD'], { encoding: 'utf8' });
    process.stdout.write([
      `# Every file-scope name a klib sees in a Nanos ${commit.status === 0 ? commit.stdout.trim() : ''} tree (x86_64) after`,
      '# including the kernel headers of a unit below: "KIND NAME", kinds function, variable, type (typedef),',
      '# enumerator, tag (struct, union or enum tag; incomplete ones included) and macro (the compiler\'s',
      '# predefined ones left out). Written by tools/nanos-names.mjs from the tree;',
      '# test/klibs/names.test.ts refuses any of them that c-out declares, and any tree-only macro',
      '# name that c-out uses.',
      ...UNITS.map(headers => `# unit: ${headers.join(' ')}`),
      ...sorted, ''].join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2));
