// The freestanding library (what the tls klib links and runs in kernel context) keeps to what a
// Nanos kernel context allows, whatever the compiler does with our vector functions' target
// attributes: no read through FS or GS (GCC 12 turns -mstack-protector-guard=global back into the
// thread-local guard %fs:0x28 under a target attribute, which faults where the FS base is 0), and
// no YMM or ZMM register (Nanos enables no AVX-512 state; the accelerated code keeps to XMM).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { KLIB_LIB, buildOrThrow } from '../mbedtls/helpers.ts';

buildOrThrow('mbedtls-klib');

// The function heads and the lines that matter, filtered as objdump writes them (the whole
// disassembly is tens of megabytes).
const disassembly = spawnSync('bash', ['-c',
  `set -o pipefail; objdump -dr --no-show-raw-insn '${KLIB_LIB}' | ` +
  "grep -E '^[0-9a-f]+ <|%[fg]s:|%[yz]mm[0-9]|aesenc|sha256rnds2|__stack_chk_guard'"],
{ encoding: 'utf8', maxBuffer: 1 << 28 });

// "function: instruction" for each line matching `pattern`.
function uses(pattern: RegExp): string[] {
  const found: string[] = [];
  let fn = '';
  for (const line of disassembly.stdout.split('\n')) {
    const head = /^[0-9a-f]+ <(.+)>:$/.exec(line);
    if (head) fn = head[1];
    else if (pattern.test(line)) found.push(`${fn}: ${line.trim()}`);
  }
  return found;
}

t.test('the library disassembles', async t => {
  t.equal(disassembly.status, 0, disassembly.stderr ?? String(disassembly.error));
  t.match(disassembly.stdout, /<klib_gcm_aesni_crypt>:/, 'the AES-NI engine is in it');
  t.match(disassembly.stdout, /aesenc/, 'with AES-NI instructions');
  t.match(disassembly.stdout, /sha256rnds2/, 'and SHA-NI ones');
});

t.test('no access through FS or GS (no thread-local stack guard)', async t => {
  t.same(uses(/%[fg]s:/).slice(0, 5), []);
  t.match(disassembly.stdout, /__stack_chk_guard/, 'the global guard is what the library reads');
  t.match(disassembly.stdout, /<klib_gcm_aesni_setkey>:/, 'the functions around the vector ones keep their guard');
});

t.test('no YMM or ZMM register', async t => {
  t.same(uses(/%[yz]mm\d/).slice(0, 5), []);
});
