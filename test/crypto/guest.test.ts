// The VM guest program that checks vector registers across console writes
// (guest/vector_registers.c; klib-src/tls/README.md, "Hardware crypto"), built as the VM runs it
// (static, gcc) and run here under Linux: it passes where registers are kept, and it catches a
// register changed inside its asm block (its negative control).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../mbedtls/helpers.ts';
import { tempDir } from '../../host/lib/klibhost.ts';

const program = join(tempDir('vector-guest-'), 'vector_registers');
const build = spawnSync('gcc', ['-static', '-O2', '-Wall', '-Wextra', '-Werror', '-o', program,
  join(ROOT, 'test/crypto/guest/vector_registers.c')], { encoding: 'utf8' });

t.test('it builds as the VM runs it', async t => {
  t.equal(build.status, 0, build.stderr);
});

t.test('registers kept across 2,000 writes: status 0, every line printed', async t => {
  const r = spawnSync(program, ['2000', '500', '60'], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stdout.slice(-500));
  t.match(r.stdout, /^vector-guest: cpu aes=\d pclmulqdq=\d sha_ni=\d avx=\d avx2=\d; holding [xy]mm0-15 across 2000 writes$/m);
  t.equal(r.stdout.split('\n').filter(l => /^line \d+ of 2000 x+$/.test(l)).length, 2000);
  t.match(r.stdout, /^vector-guest: 2000 writes, 0 with a changed register\n@@GUEST-EXIT status=0 lines=2000$/m);
});

t.test('a register changed inside the block is caught', async t => {
  const r = spawnSync(program, ['5', '10', '40', 'corrupt'], { encoding: 'utf8' });
  t.equal(r.status, 1);
  t.match(r.stdout, /^vector-guest: 5 writes, 1 with a changed register \(first: write 5, [xy]mm7\)$/m);
  t.match(r.stdout, /@@GUEST-EXIT status=1 lines=5/);
});
