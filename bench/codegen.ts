// bench/codegen: how long klibc takes to compile all of klib-src (goal: 3 s or less on this
// machine). Prints figures; it is a benchmark, not a test. Usage: npm run bench:codegen [-- RUNS]
import { performance } from 'node:perf_hooks';
import { compile } from '../codegen/compile.ts';

const runs = Number(process.argv[2] ?? 5);
const times: number[] = [];
let modules = 0;
for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = compile({ inputs: ['klib-src'], outDir: 'unused' });
    times.push(performance.now() - start);
    if (result.diagnostics.count > 0) {
        process.stderr.write(result.diagnostics.format());
        process.exit(1);
    }
    modules = [...result.files.keys()].filter(f => f.endsWith('.c')).length;
}
const sorted = [...times].sort((a, b) => a - b);
const ms = (x: number) => `${(x / 1000).toFixed(2)} s`;
console.log(`klibc on klib-src: ${modules} modules, ${runs} runs in one process`);
console.log(`  first run (cold): ${ms(times[0]!)}`);
console.log(`  median:           ${ms(sorted[Math.floor(sorted.length / 2)]!)}`);
console.log(`  best:             ${ms(sorted[0]!)}`);
console.log(`  goal:             3.00 s -> ${times[0]! <= 3000 ? 'met' : 'NOT met'} (cold run)`);
