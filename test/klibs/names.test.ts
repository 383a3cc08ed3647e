// No name of ours may be a kernel name. Inside a Nanos tree our C sees the tree's headers, which
// declare far more than ours, so a name that compiles here can clash there (the http client's
// static parse_error() against runtime.h's closure type parse_error did). The tree's names are a
// committed list, nanos-headers/nanos-names.txt, written from a b9c3671d tree by
// tools/nanos-names.mjs; no tree is needed here. Every file-scope name a c-out file
// or a fixture klib declares or defines, read back from gcc (c-names.mjs, the same reader the tool
// uses), is checked against it: functions, variables, typedefs and enum constants against the
// kernel's ordinary identifiers and macros, struct/union/enum tags against its tags and macros,
// macros against every kernel name. Declaring a kernel function or variable as such (a binding's
// "extern u64 fs_blocksize(...)") names the kernel's own, and is fine; defining one is not, but
// for the interfaces our klibs implement on purpose (IMPLEMENTED). And no file may use an
// identifier that is a macro only in the tree (a field or local named like one is rewritten there).
import t from 'tap';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
// @ts-expect-error: a plain JavaScript module, shared with the tool that writes the list
import { declaredNames, definedMacros, namesFlags } from '../../tools/c-names.mjs';
import { cFiles, FIXTURES, HEADERS, klibCflagsOf, ROOT, run, tempDir } from './lib.ts';

const CFLAGS = ['-std=gnu11', '-ffreestanding', '-nostdinc', '-fPIC', '-w', '-DKERNEL', '-DKLIB', '-I', HEADERS];
const ORDINARY = new Set(['function', 'variable', 'type', 'enumerator']);
const shown = (file: string) => (file.startsWith('/') ? relative(ROOT, file) : file);

interface Name { kind: string; name: string; file: string; defined: boolean; }

// name -> its kinds in the tree; and the include sets ("# unit:" lines) the list was read through
function readKernelNames(): { kinds: Map<string, Set<string>>; units: string[][] } {
  const kinds = new Map<string, Set<string>>();
  const units: string[][] = [];
  for (const line of readFileSync(join(HEADERS, 'nanos-names.txt'), 'utf8').split('\n')) {
    if (line.startsWith('# unit:')) units.push(line.slice('# unit:'.length).trim().split(/\s+/));
    if (!line || line.startsWith('#')) continue;
    const [kind, name] = line.split(' ');
    if (!kinds.has(name)) kinds.set(name, new Set());
    kinds.get(name)!.add(kind);
  }
  return { kinds, units };
}

// Whether a name of ours clashes with a kernel name of kind k (C keeps tags apart from ordinary
// identifiers; a macro rewrites either). A declaration of a kernel function or variable as the
// same kind is the kernel's own name, not a name of ours.
function clashes(ours: Name, k: string): boolean {
  if (ours.kind === 'macro' || k === 'macro') return true;
  if (ours.kind === 'tag') return k === 'tag';
  if ((ours.kind === 'function' || ours.kind === 'variable') && !ours.defined && k === ours.kind) return false;
  return ORDINARY.has(k);
}

// Kernel-declared names that a klib of ours defines on purpose, and the only files that may.
// Each says why the definition is safe in the tree: the kernel header whose declarations it must
// agree with, or the header that would turn the name into a macro and must not be included.
interface Implemented { names: string[]; files: string[]; declaredBy?: string; notIncluding?: string; }
const IMPLEMENTED: Implemented[] = [
  // The C library functions the tls klib defines for mbedtls and for gcc's own calls
  // (klib-src/tls/libc.ts). The tree defines these names as macros only in lwIP's options
  // (lwipopts.h, through <lwip.h>), which the file defining them must not include.
  { names: ['memcpy', 'memset', 'memmove', 'memcmp', 'strlen', 'strcmp', 'strchr', 'strstr'],
    files: ['c-out/tls/libc.c', 'c-out/tls/libc.h', 'klib-src/tls/libc.ts'], notIncluding: 'lwip.h' },
  // The stock tls klib's interface (the tree's klib/tls.h), which ours replaces: the other klibs
  // call it. The definitions must agree with that header's prototypes (our <tls.h> has them).
  { names: ['tls_connect', 'tls_set_cacert'],
    files: ['c-out/tls/tls.c', 'c-out/tls/tls.h', 'klib-src/tls/tls.ts'], declaredBy: 'tls.h' },
];
const implementedIn = (name: string, file: string) =>
  IMPLEMENTED.some(i => i.names.includes(name) && i.files.includes(shown(file)));

// Ours: the checked sources, the dialect sources their #line directives name, our mbedtls
// configuration (not the C library declarations standing in for libc's).
function isOurs(file: string): boolean {
  if (file.startsWith('klib-src/')) return true;
  const rel = relative(ROOT, file);
  return rel.startsWith('c-out/') || rel.startsWith('test/klibs/fixtures/') ||
    (rel.startsWith('mbedtls-config/') && !rel.startsWith('mbedtls-config/freestanding/'));
}

// Every file-scope name that a C file, and each header of ours it includes, declares or defines.
function namesOf(file: string, dir: string, ours: (f: string) => boolean = isOurs): Name[] {
  const flags = [...CFLAGS, ...klibCflagsOf(file)];
  const base = join(dir, relative(ROOT, file).replace(/\W/g, '_'));
  const compiled = run('gcc', [...flags, ...namesFlags(`${base}.aux`), '-c', file, '-o', `${base}.o`]);
  if (compiled.status !== 0) throw new Error(compiled.stderr);
  const listing = run('gcc', [...flags, '-E', '-dD', file]);
  if (listing.status !== 0) throw new Error(listing.stderr);
  const names: Name[] = [
    ...declaredNames(`${base}.o`, readFileSync(`${base}.aux`, 'utf8')),
    ...definedMacros(listing.stdout).map((m: { name: string; file: string }) => ({ kind: 'macro', defined: true, ...m })),
  ];
  return names.filter(n => ours(n.file));
}

// The macros our own headers define through the same include sets.
function ourHeaderMacros(units: string[][]): Set<string> {
  const macros = new Set<string>();
  for (const unit of units) {
    const r = run('sh', ['-c', `gcc ${CFLAGS.join(' ')} -dM -E -x c - <<'EOF'\n${
      unit.map(h => `#include <${h}>`).join('\n')}\nEOF\n`]);
    if (r.status !== 0) throw new Error(r.stderr);
    for (const m of r.stdout.matchAll(/^#define ([A-Za-z_]\w*)/gm)) macros.add(m[1]);
  }
  return macros;
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

const kernel = readKernelNames();
const kindsOf = (name: string) => kernel.kinds.get(name) ?? new Set<string>();

t.test('the kernel name list is sound and was read through every kernel header c-out includes', async t => {
  t.ok(kindsOf('console_write').has('function'), 'functions (runtime.h console_write)');
  t.ok(kindsOf('parse_error').has('type'), 'closure types (runtime.h parse_error)');
  t.ok(kindsOf('kernel_heaps').has('tag') && kindsOf('kernel_heaps').has('type'), 'tags and typedefs');
  t.ok(kindsOf('IPADDR_TYPE_V4').has('enumerator'), 'enum constants (lwIP)');
  t.ok(kindsOf('runqueue').has('variable'), 'variables');
  t.ok(kindsOf('PBUF_FLAG_PUSH').has('macro') && kindsOf('KLIB').has('macro'), 'macros, the klib build\'s -D ones too');
  for (const kind of ['function', 'variable', 'type', 'enumerator', 'tag', 'macro'])
    t.ok([...kernel.kinds.values()].filter(k => k.has(kind)).length > 40, `many ${kind} names`);
  const read = new Set(kernel.units.flat());
  const included = new Set<string>();
  for (const file of cFiles(join(ROOT, 'c-out')).flatMap(f => [f, f.replace(/\.c$/, '.h')]).filter(existsSync))
    for (const m of readFileSync(file, 'utf8').matchAll(/^#include <([^>]+)>/gm))
      if (existsSync(join(HEADERS, m[1]))) included.add(m[1]);
  t.ok(included.has('kernel.h') && included.has('lwip.h'), 'c-out includes kernel headers');
  t.same([...included].filter(h => !read.has(h)), [],
    'each was read (else add it to a unit of tools/nanos-names.mjs and rerun it)');
});

t.test('every kind of file-scope name is seen, with the file that declares it', async t => {
  const dir = tempDir('names-probe');
  const probe = join(dir, 'probe.c');
  writeFileSync(probe, [
    '#include <kernel.h>',
    '#define PROBE_MACRO 1',
    'typedef struct probe_struct { int a; } *probe_type;',
    'struct netif;',
    'enum probe_enum { PROBE_ENUMERATOR };',
    'static int probe_static_variable;',
    'int probe_variable;',
    'static inline int probe_unused_inline(void) { return 0; }',
    'static int probe_static_function(void) { int probe_local = probe_static_variable; return probe_local; }',
    'void probe_prototype(void);',
    'closure_type(probe_closure, void, u64 v);',
    'int probe_function(void) { return probe_static_function(); }',
    '#line 1 "klib-src/probe/probe.ts"',
    'static int probe_after_line;',
    '',
  ].join('\n'));
  const names = namesOf(probe, dir, f => f === probe || f.startsWith('klib-src/'));
  t.same(names.map(n => `${n.kind} ${n.name}`).sort(), [
    'enumerator PROBE_ENUMERATOR', 'function probe_function', 'function probe_prototype',
    'function probe_static_function', 'function probe_unused_inline', 'macro PROBE_MACRO',
    'tag _closure_probe_closure', 'tag probe_enum', 'tag probe_struct', 'type probe_closure',
    'type probe_type', 'variable probe_after_line', 'variable probe_static_variable', 'variable probe_variable',
  ], 'block-scope names and incomplete tags (a kernel struct named) are not declarations of ours');
  t.equal(names.find(n => n.name === 'probe_after_line')?.file, 'klib-src/probe/probe.ts', '#line is followed');
});

// "KIND NAME (FILE) is a kernel KINDS" for each name of ours that clashes with a kernel name.
function kernelClashes(names: Name[]): string[] {
  const clashing = names.filter(n => [...kindsOf(n.name)].some(k => clashes(n, k)) && !implementedIn(n.name, n.file));
  return [...new Set(clashing.map(n => `${n.kind} ${n.name} (${shown(n.file)}) is a kernel ${[...kindsOf(n.name)].join('/')}`))];
}

t.test('a kernel name of each kind is refused, a declaration of a kernel function is not', async t => {
  const dir = tempDir('names-clash');
  const probe = join(dir, 'probe.c');
  writeFileSync(probe, [
    '#include <kernel.h>',
    'static int allocate_apboot(void) { return 0; }',     // a kernel function (kernel_machine.h)
    'typedef int parse_error;',                           // a kernel closure type (runtime.h)
    'enum probe { ARP_REPLY };',                          // a kernel enum constant (lwIP)
    'struct arch_vdso_dat { int a; };',                   // a kernel struct tag (machine.h)
    'static int kvmem;',                                  // a kernel variable (kernel.h)
    '#define merge 1',                                    // a macro named like a kernel type
    'struct pv_ops { int a; };',                          // a tag named like a kernel variable: fine
    'u64 fs_blocksize(struct filesystem *);',             // the kernel's own function: fine
    'void tls_connect(void) {}',                          // implemented only by the tls klib
    'int probe_use(void) { return allocate_apboot() + kvmem + ARP_REPLY; }',
    '',
  ].join('\n'));
  t.same(kernelClashes(namesOf(probe, dir, f => f === probe)).map(c => c.replace(/ \(.*?\)/, '')).sort(), [
    'enumerator ARP_REPLY is a kernel enumerator', 'function allocate_apboot is a kernel function',
    'function tls_connect is a kernel function', 'macro merge is a kernel type/tag',
    'tag arch_vdso_dat is a kernel tag', 'type parse_error is a kernel type', 'variable kvmem is a kernel variable/tag',
  ]);
});

const sources = [...cFiles(join(ROOT, 'c-out')), ...cFiles(join(FIXTURES, 'good'))];
const objDir = tempDir('names-obj');
const ourMacros = ourHeaderMacros(kernel.units);
const treeOnlyMacros = new Set([...kernel.kinds].filter(([n, k]) => k.has('macro') && !ourMacros.has(n)).map(([n]) => n));

for (const file of sources) {
  t.test(relative(ROOT, file), async t => {
    const names = namesOf(file, objDir);
    t.same(kernelClashes(names), [], 'declares no kernel name');
    const source = readFileSync(file, 'utf8');
    for (const implemented of IMPLEMENTED.filter(i => names.some(n => i.names.includes(n.name) && n.defined))) {
      const { names: which, notIncluding, declaredBy } = implemented;
      if (notIncluding)
        t.notOk(source.includes(`#include <${notIncluding}>`), `defines ${which.join(', ')}: does not include <${notIncluding}>`);
      if (declaredBy) {
        // the file, then the kernel's declarations (ours, pinned to the tree's): gcc refuses conflicting types
        const r = run('sh', ['-c', `gcc ${[...CFLAGS, ...klibCflagsOf(file)].map(f => `'${f}'`).join(' ')} ` +
          `-I${dirname(file)} -fsyntax-only -x c - <<'EOF'\n#include "${file}"\n#include <${declaredBy}>\nEOF\n`]);
        t.equal(r.status, 0, `${which.join(', ')} agree with <${declaredBy}>\n${r.stderr}`);
      }
    }
    const own = new Set(names.map(n => n.name));
    const used = [...identifiers(source)].filter(n => treeOnlyMacros.has(n) && !own.has(n));
    t.same(used, [], 'uses no identifier that is a macro only in the Nanos tree');
  });
}
