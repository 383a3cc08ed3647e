// End-to-end figures for the gcp klib (`npx tsx bench/gcp/throughput.ts [LINES]`): a program
// writes LINES lines of 100 bytes as fast as it can under klibhost; the gcp klib ships them over
// TLS to the Cloud Logging mock (which validates every body against Google's protos). Printed:
// wall time from start to klibhost's exit (which waits for the shutdown flush, so every line is
// stored by then), lines and MB per second, requests, bytes per request, and the klib's size.
// klibhost and the klibs are built with ASan/UBSan, and the mock's validation is in the loop: the
// figures are a lower bound for a kernel build.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../test/host/lib/klibhost.ts';
import { buildGcp, gcpConfig, runGcp, startGcpStack, storedEntries, writes } from '../../test/gcp/lib.ts';

const LINES = Number(process.argv[2] ?? 100000);
const LINE = 100;

async function main(): Promise<void> {
  buildGcp();
  const stack = await startGcpStack();
  try {
    const program = `node -e 'const pad = "x".repeat(${LINE - 12}); let s = ""; ` +
      `for (let i = 0; i < ${LINES}; i++) { s += String(i).padStart(10, "0") + " " + pad + "\\n"; ` +
      `if (s.length > 65536) { process.stdout.write(s); s = ""; } } process.stdout.write(s)'`;
    const start = process.hrtime.bigint();
    const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'bench', buffer_size: String(64 << 20) } }),
      program, ['--flush-timeout', '600']);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.code !== 0) throw new Error(`klibhost failed: ${r.stderr}`);
    const stored = storedEntries(stack, 'bench').length;
    const w = writes(stack);
    const bodyBytes = w.reduce((n, x) => n + Buffer.byteLength(x.body), 0);
    console.log(`lines written        ${LINES} x ${LINE} bytes`);
    console.log(`lines stored         ${stored}${stored === LINES ? '' : '  (MISSING LINES)'}`);
    console.log(`wall time            ${seconds.toFixed(2)} s (start to exit, shutdown flush included)`);
    console.log(`throughput           ${(LINES / seconds).toFixed(0)} lines/s, ${(LINES * LINE / seconds / 1e6).toFixed(2)} MB/s`);
    console.log(`requests             ${w.length} (${w.filter(x => x.status === 200).length} accepted), ` +
      `${(bodyBytes / Math.max(w.length, 1) / 1024).toFixed(0)} KiB per body on average`);
    const klib = join(ROOT, 'build/klibs/gcp');
    if (existsSync(klib)) console.log(`klib size            ${statSync(klib).size} bytes (build/klibs/gcp, make klibs)`);
  } finally {
    await stack.close();
  }
}

void main();
