// End-to-end figures for the gcp klib (`npx tsx bench/gcp/throughput.ts [LINES]`).
// Throughput: a program writes LINES lines of 100 bytes as fast as it can under klibhost; the gcp
// klib ships them over TLS to the Cloud Logging mock (which validates every body against Google's
// protos). Printed: wall time from start to klibhost's exit (which waits for the shutdown flush,
// so every line is stored by then), lines and MB per second, requests, bytes per request, and the
// klib's size. Latency: a program writes a line every 100 ms, each carrying the time it was
// written; printed: how long after that the mock received the request that carried it (median
// and worst), with the default 1 s flush interval.
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
  await latency();
}

async function latency(): Promise<void> {
  const stack = await startGcpStack();
  try {
    const program = `for i in $(seq 1 40); do node -e 'console.log("t " + Date.now())'; sleep 0.1; done`;
    const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'latency' } }), program);
    if (r.code !== 0) throw new Error(`klibhost failed: ${r.stderr}`);
    const delays: number[] = [];
    for (const w of writes(stack)) {
      for (const m of w.body.matchAll(/"textPayload":"t (\d+)"/g)) delays.push(w.time - Number(m[1]));
    }
    delays.sort((a, b) => a - b);
    console.log(`flush latency        median ${delays[delays.length >> 1]} ms, worst ${delays.at(-1)} ms ` +
      `(${delays.length} lines, flush_interval 1 s; written to request received)`);
  } finally {
    await stack.close();
  }
}

void main();
