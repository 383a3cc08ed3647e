// TLS write throughput of the tls klib, printed next to mbedtls' raw AES-128-GCM and SHA-256
// measured in the same run (`make bench-tls`).
//
// The tls klib runs inside klibhost, which is always built with ASan/UBSan, and so is the mbedtls
// it links; the raw figures are therefore given twice: with that same sanitized library (what the
// TLS figure compares with) and with the plain -O2 library (what a kernel build is closer to).
// The probe klib writes BYTES of plaintext in 1 MiB writes; a Node TLS server on loopback receives
// them and answers one byte when it has them all, and the probe then closes (closing earlier, with
// data in flight, would halt a kernel); the figure is bytes over the server's wall-clock time from
// the first byte received to the last.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../host/lib/klibhost.ts';
import { makePki } from '../../host/lib/certificates.ts';
import { runProbe, tlsServer } from '../../host/lib/tls.ts';

// Under the tls klib's write queue limit (64 MiB): the probe queues all of it at once.
const BYTES = 32 * 1024 * 1024;
const WRITE = 1024 * 1024;
const RUNS = 3;

async function tlsWriteMBps(): Promise<number> {
  const pki = makePki();
  let first = 0n;
  let last = 0n;
  const server = await tlsServer(pki.good, socket => {
    let received = 0;
    socket.on('data', d => {
      if (first === 0n) first = process.hrtime.bigint();
      received += d.length;
      if (received === BYTES) {
        last = process.hrtime.bigint();
        socket.write('k');
      }
    });
  });
  try {
    const r = await runProbe(server.port, {
      host: 'good.test', trust: 'own', ca: pki.caPem, bytes: BYTES, chunk: WRITE, echo: false,
    });
    if (r.code !== 0 || server.seen.bytes !== BYTES || last === 0n) {
      throw new Error(`the transfer failed (exit ${r.code}, ${server.seen.bytes} bytes):\n${r.stdout}\n${r.stderr}`);
    }
  } finally {
    await server.close();
  }
  return BYTES / (Number(last - first) / 1e9) / 1e6;
}

function rawCrypto(program: string): string {
  const r = spawnSync(join(ROOT, 'build/bench/tls', program), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${program} failed:\n${r.stderr}`);
  return r.stdout.split('\n').filter(l => /MB\/s/.test(l)).map(l => `  ${l.trim()}`).join('\n');
}

const figures: number[] = [];
for (let i = 0; i < RUNS; i++) figures.push(await tlsWriteMBps());
figures.sort((a, b) => a - b);

console.log(`tls klib write throughput (${BYTES / 1024 / 1024} MiB in ${WRITE / 1024} KiB writes, loopback, ` +
  `klibhost with ASan/UBSan, median of ${RUNS})`);
console.log(`  TLS write      ${figures[Math.floor(RUNS / 2)]!.toFixed(1).padStart(8)} MB/s`);
console.log('mbedtls raw crypto, the same sanitized library (16 KiB records, one core)');
console.log(rawCrypto('raw-crypto-asan'));
console.log('mbedtls raw crypto, plain -O2 library');
console.log(rawCrypto('raw-crypto'));
