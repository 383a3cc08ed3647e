// nanos-headers: every generated and fixture C file compiles against them
// warning-free; they keep the Nanos tree's include rules; and everything
// they declare as non-inline is a kernel export.
import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cFiles, EXPORTS, FIXTURES, HEADERS, klibCflagsOf, ROOT, run } from './lib.ts';

const CFLAGS = ['-std=gnu11', '-Wall', '-Wextra', '-Werror', '-ffreestanding', '-fPIC', '-c', '-I', HEADERS];

function compile(file: string, extra: string[] = []) {
  return run('gcc', [...CFLAGS, ...extra, file, '-o', '/dev/null']);
}

function compileSource(source: string) {
  const r = spawnSync('gcc', [...CFLAGS, '-x', 'c', '-', '-o', '/dev/null'], { input: source, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

t.test('every c-out file compiles', async t => {
  for (const file of cFiles(join(ROOT, 'c-out'))) {
    const r = compile(file, klibCflagsOf(file));
    t.equal(r.status, 0, `${relative(ROOT, file)}\n${r.stderr}`);
  }
});

t.test('the fixture klibs compile for the kernel and for a hosted build', async t => {
  const files = cFiles(join(FIXTURES, 'good'));
  t.ok(files.length >= 3);
  for (const file of files) {
    t.equal(compile(file).status, 0, relative(ROOT, file));
    const hosted = compile(file, ['-DNANOS_HEADERS_HOSTED', '-O1', '-fsanitize=address,undefined']);
    t.equal(hosted.status, 0, `${relative(ROOT, file)} hosted\n${hosted.stderr}`);
  }
});

t.test('the include rules of the Nanos tree', async t => {
  const init = '\nint init(status_handler c) { (void)c; return KLIB_INIT_OK; }\n';
  const good = [
    '#include <kernel.h>\n#include <drivers/console.h>\n#include <http.h>\n#include <lwip.h>\n' +
      '#include <mktime.h>\n#include <pagecache.h>\n#include <tls.h>\n#include <storage.h>\n#include <fs.h>\n',
    '#include <unix_internal.h>\n#include <drivers/console.h>\n#include <filesystem.h>\n#include <lwip.h>\n' +
      '#include <mktime.h>\n',
  ];
  for (const src of good) t.equal(compileSource(src + init).status, 0, `accepted:\n${src}`);
  const bad: [string, RegExp][] = [
    ['#include <kernel.h>\n#include <kernel.h>\n', /<kernel.h> included twice/],
    ['#include <lwip.h>\n', /include <kernel.h> \(or <unix_internal.h>\) before <lwip.h>/],
    ['#include <kernel.h>\n#include <filesystem.h>\n', /include <unix_internal.h> before <filesystem.h>/],
    ['#include <unix_internal.h>\n#include <pagecache.h>\n', /<pagecache.h> included twice/],
    ['#include <kernel.h>\n#include <unix_internal.h>\n', /include it instead of <kernel.h>/],
    ['#include <kernel.h>\n#include <fs.h>\n', /include <pagecache.h> before <fs.h>/],
    ['#include <kernel.h>\n#include <tls.h>\n', /include <lwip.h> before <tls.h>/],
  ];
  for (const [src, message] of bad) {
    const r = compileSource(src + init);
    t.not(r.status, 0, `rejected:\n${src}`);
    t.match(r.stderr, message);
  }
});

// "name" of every non-static function prototype and extern variable
function declaredSymbols(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) { if (entry.name !== 'tools') walk(path); continue; }
      if (!entry.name.endsWith('.h') || entry.name === 'closure_templates.h') continue;
      const text = readFileSync(path, 'utf8')
        .replace(/\/\*[^]*?\*\//g, '')
        .replace(/\\\n/g, ' ');
      for (const line of text.split('\n')) {
        if (/^\s*(#|static|typedef|closure_type|\}|\{)/.test(line) || /^\s/.test(line)) continue;
        if (/^(struct|union|enum)\b[^(]*$/.test(line)) continue;       // a type, not a prototype
        const fn = /^[A-Za-z_][\w\s*]*?\**\b([a-z_][a-z0-9_]*)\s*\(/.exec(line);
        const ext = /^extern\s+[\w\s*]+?\b([a-z_][a-z0-9_]*)\s*;/.exec(line);
        const name = ext?.[1] ?? fn?.[1];
        if (name) found.set(name, relative(HEADERS, path));
      }
    }
  };
  walk(HEADERS);
  return found;
}

t.test('every non-inline declaration is exported by the kernel or the tls klib', async t => {
  const exported = new Map<string, string>();
  for (const line of readFileSync(EXPORTS, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [name, origin = 'kernel'] = line.split(/\s+/);
    exported.set(name, origin);
  }
  const declared = declaredSymbols();
  t.ok(declared.size > 80, `${declared.size} declarations found`);
  for (const [name, header] of declared) {
    const origin = exported.get(name);
    t.ok(origin === 'kernel' || (origin === 'klib:tls' && header === 'tls.h'),
      `${name} (${header}) is ${origin ?? 'not exported'}`);
  }
});
