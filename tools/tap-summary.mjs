// Reads a TAP stream produced by `tap --reporter=tap` and prints "N passed, N failed".
// It counts the results one level below each test file (the file's own subtests and
// top-level assertions); a file that failed without any failing inner result (a crash,
// a timeout) counts as one failure more.
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n');
let passed = 0;
let failed = 0;
let skipped = 0;
let innerFailures = 0;
for (const line of lines) {
    const inner = /^    (not )?ok \d+/.exec(line);
    if (inner) {
        if (/# SKIP/i.test(line)) skipped++;
        else if (inner[1]) { failed++; innerFailures++; }
        else passed++;
        continue;
    }
    const file = /^(not )?ok \d+/.exec(line);
    if (file) {
        if (file[1] && innerFailures === 0) failed++;
        innerFailures = 0;
    }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
