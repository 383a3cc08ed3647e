// The file-scope names a C translation unit declares, as the compiler saw them, each with the file
// that declares it. Shared by nanos-names.mjs (the kernel's names, read in a Nanos tree) and
// test/klibs/names.test.ts (our names, read from c-out), so that both sides are read the same way.
//
// Declarations come from a compile with namesFlags(AUX): the object's debug information (gcc keeps
// every type, enumerator, and declared variable and function, used or not) and, for functions, the
// -aux-info listing AUX too (every prototype and definition, unused static inline ones included,
// which the debug information leaves out). Macros come from the preprocessor's own listing (-E -dD).
// Each name is attributed to the file that declares it, as line markers and #line say.
// Kinds, as in nanos-headers/nanos-names.txt:
//   function, variable, type (typedef), enumerator   ordinary identifiers (one C name space)
//   tag                                              struct, union and enum tags (another)
//   macro
import { spawnSync } from 'node:child_process';
import { isAbsolute, join, normalize } from 'node:path';

export const KINDS = ['function', 'variable', 'type', 'enumerator', 'tag', 'macro'];

// Added to a compile for declaredNames: DWARF 5 for every declaration, and the -aux-info listing.
export function namesFlags(auxFile) {
  return ['-g', '-gdwarf-5', '-O0', '-fno-eliminate-unused-debug-types',
    '-fno-eliminate-unused-debug-symbols', '-aux-info', auxFile];
}

const KIND_OF_TAG = {
  DW_TAG_subprogram: 'function',
  DW_TAG_variable: 'variable',
  DW_TAG_typedef: 'type',
  DW_TAG_enumerator: 'enumerator',
  DW_TAG_structure_type: 'tag',
  DW_TAG_union_type: 'tag',
  DW_TAG_enumeration_type: 'tag',
};
// Names declared under these are at block scope, not file scope.
const BLOCK_SCOPES = new Set(['DW_TAG_subprogram', 'DW_TAG_lexical_block', 'DW_TAG_inlined_subroutine']);

function readelf(args, file) {
  const r = spawnSync('readelf', ['-W', ...args, file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`readelf ${args.join(' ')} ${file}: ${r.stderr}`);
  return r.stdout;
}

// A readelf -W attribute value without its form and string offset: "(strp) (offset: 0x15f):
// buffer", "(string) u8" and "(data1) 5" -> "buffer", "u8", "5".
function attributeText(value) {
  return value.trim().replace(/^(\([^)]*\)\s*)+/, '').replace(/^:\s*/, '').trim();
}

// The DWARF 5 line table's file names, by index, as paths (relative ones kept relative: a
// "#line N \"klib-src/x.ts\"" directive names its file that way).
function fileTable(object) {
  const dirs = [];
  const files = [];
  let section = '';
  for (const line of readelf(['--debug-dump=rawline'], object).split('\n')) {
    if (/The Directory Table/.test(line)) { section = 'dirs'; continue; }
    if (/The File Name Table/.test(line)) { section = 'files'; continue; }
    if (/Line Number Statements|^\s*$/.test(line)) { if (section) section = ''; continue; }
    // "0\t(line_strp)\t(offset: 0x33): /dir" and "0\t(udata)\t1\t(line_strp)\t(offset: 0x9c): a.c"
    const fields = line.trim().split('\t');
    if (!/^\d+$/.test(fields[0] ?? '')) continue;
    const text = attributeText(fields[fields.length - 1]);
    if (section === 'dirs') dirs[Number(fields[0])] = text;
    else if (section === 'files') {
      const dir = dirs[Number(fields.slice(1, -1).find(f => /^\d+$/.test(f)))] ?? '';
      const name = text;
      files[Number(fields[0])] = isAbsolute(name) || name.startsWith('<') ? name : normalize(join(dir, name));
    }
  }
  return files;
}

// [{kind, name, file, defined}] for every function the -aux-info listing declares or defines. A
// line is "/* FILE:LINE:XY */ [static|extern] TYPE NAME (PARAMETERS); /* ... */", Y being C for a
// declaration and F for a definition; the name is the first identifier followed by a parameter
// list (a return type "void (*" is not one).
export function auxInfoFunctions(listing) {
  const functions = [];
  for (const line of listing.split('\n')) {
    const m = /^\/\* (.*):\d+:[A-Z]([CF]) \*\/ (.*)$/.exec(line);
    if (!m) continue;
    const name = [...m[3].matchAll(/\b([A-Za-z_]\w*) \((?!\*)/g)][0]?.[1];
    if (name) functions.push({ kind: 'function', name, file: normalize(m[1]), defined: m[2] === 'F' });
  }
  return functions;
}

// [{kind, name, file, defined}] for every named file-scope declaration in an object's debug
// information and, when given, in the -aux-info listing of the same compile; each once. defined:
// a function or variable defined there, not only declared; a type, enum constant or complete tag
// (an incomplete tag is a declaration, with file '<unknown>': see debugInfoNames).
export function declaredNames(object, auxListing = '') {
  const byKey = new Map();
  for (const n of [...debugInfoNames(object), ...auxInfoFunctions(auxListing)]) {
    const key = `${n.kind} ${n.name} ${n.file}`;
    const known = byKey.get(key);
    if (known) known.defined ||= n.defined;
    else byKey.set(key, { ...n });
  }
  return [...byKey.values()];
}

// Incomplete tags ("struct netif;") carry no file: they name a type declared elsewhere, here a
// kernel type or one of ours that some other declaration completes; they get '<unknown>'.
// A definition that completes an earlier declaration ("extern int v; int v = 1;") is a DIE of its
// own without a name, pointing back (DW_AT_specification) at the declaration.
function debugInfoNames(object) {
  const files = fileTable(object);
  const names = [];
  const byOffset = new Map();
  const stack = [];      // per depth: { tag, file }
  let current = null;    // the DIE whose attributes are being read
  const flush = () => {
    if (!current) return;
    const { depth, offset, tag, attrs } = current;
    const parent = stack[depth - 1];
    let file = attrs.DW_AT_decl_file !== undefined ? files[Number(attrs.DW_AT_decl_file)] : undefined;
    if (tag === 'DW_TAG_enumerator') file = parent?.file;
    stack[depth] = { tag, file };
    stack.length = depth + 1;
    current = null;
    const kind = KIND_OF_TAG[tag];
    if (!kind || depth < 1) return;
    if (stack.slice(0, depth).some(s => s && BLOCK_SCOPES.has(s.tag))) return;
    const declaration = attrs.DW_AT_declaration !== undefined;
    if (attrs.DW_AT_name === undefined) {
      const declared = byOffset.get(/<(0x[0-9a-f]+)>/.exec(attrs.DW_AT_specification ?? '')?.[1]);
      if (declared && !declaration) declared.defined = true;
      return;
    }
    const name = { kind, name: attrs.DW_AT_name, file: file ?? '<unknown>', defined: !declaration };
    byOffset.set(offset, name);
    names.push(name);
  };
  const wanted = new Set(['DW_AT_name', 'DW_AT_decl_file', 'DW_AT_declaration', 'DW_AT_specification']);
  for (const line of readelf(['--debug-dump=info'], object).split('\n')) {
    const die = /^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: (\d+)(?: \((DW_TAG_\w+)\))?/.exec(line);
    if (die) {
      flush();
      if (die[3] !== '0') current = { depth: Number(die[1]), offset: `0x${die[2]}`, tag: die[4], attrs: {} };
      continue;
    }
    const attr = /^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$/.exec(line);
    if (attr && current && wanted.has(attr[1]))
      current.attrs[attr[1]] = attr[1] === 'DW_AT_specification' ? attr[2] : attributeText(attr[2]);
  }
  flush();
  return names;
}

// [{name, file}] for every #define in the preprocessor's listing (gcc -E -dD), with the file the
// line markers say it is in; '<built-in>' and '<command-line>' for the compiler's own.
export function definedMacros(listing) {
  const macros = [];
  let file = '';
  for (const line of listing.split('\n')) {
    const marker = /^# \d+ "((?:[^"\\]|\\.)*)"/.exec(line);
    if (marker) { file = marker[1]; continue; }
    const define = /^#define ([A-Za-z_]\w*)/.exec(line);
    if (define) macros.push({ name: define[1], file });
  }
  return macros;
}
