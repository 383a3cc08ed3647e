// test-summary STAMP: after `make test`, one screen of results per test folder, read from the
// per-file TAP that tap keeps in .tap/test-results/ (only files written after STAMP was touched,
// i.e. by this run). Counted as tools/tap-summary.mjs counts them: the results one level below
// each test file (its subtests and top-level assertions); a file that did not finish (no plan at
// the end: a crash, a timeout) counts one failure more when none of its results failed. Time is
// the sum of the files' own times (files run in parallel, so folders overlap).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const RESULTS = '.tap/test-results';
const since = statSync(process.argv[2]).mtimeMs;

function* tapFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* tapFiles(path);
    else if (e.name.endsWith('.tap') && statSync(path).mtimeMs >= since) yield path;
  }
}

function count(text) {
  const r = { passed: 0, failed: 0, skipped: 0, ms: 0 };
  for (const line of text.split('\n')) {
    const m = /^(not )?ok \d+/.exec(line);
    if (!m) continue;
    if (/# SKIP/i.test(line)) r.skipped++;
    else if (m[1]) r.failed++;
    else r.passed++;
  }
  const time = /^# time=([\d.]+)ms\s*$/m.exec(text);
  if (time) r.ms = Number(time[1]);
  const finished = /^1\.\.\d+/m.test(text);
  if (!finished && r.failed === 0) r.failed++;
  return r;
}

const folders = new Map();
for (const file of tapFiles(RESULTS)) {
  // .tap/test-results/test/<folder>/<name>.test.ts.tap
  const parts = relative(RESULTS, file).split(sep);
  const folder = parts.length > 2 ? parts.slice(0, -1).join('/') : parts[0];
  const r = count(readFileSync(file, 'utf8'));
  const f = folders.get(folder) ?? { files: 0, passed: 0, failed: 0, skipped: 0, ms: 0 };
  f.files++;
  for (const k of ['passed', 'failed', 'skipped', 'ms']) f[k] += r[k];
  folders.set(folder, f);
}

const seconds = ms => `${(ms / 1000).toFixed(1)} s`;
const rows = [...folders.entries()].sort(([a], [b]) => a.localeCompare(b));
const total = { files: 0, passed: 0, failed: 0, skipped: 0, ms: 0 };
const width = Math.max(6, ...rows.map(([name]) => name.length));
const line = (name, f, mark = '') =>
  `${name.padEnd(width)}  ${String(f.files).padStart(5)}  ${String(f.passed).padStart(6)}  ${String(f.failed).padStart(6)}` +
  `${f.skipped ? `  (${f.skipped} skipped)` : ''}  ${seconds(f.ms).padStart(9)}${mark}`;
console.log(`\n${'folder'.padEnd(width)}  files  passed  failed       time`);
for (const [name, f] of rows) {
  for (const k of Object.keys(total)) total[k] += f[k];
  console.log(line(name, f, f.failed ? '   <- FAILED' : ''));
}
const wall = Math.round((Date.now() - since) / 1000);
console.log(`${line('total', total)}   (${Math.floor(wall / 60)} min ${wall % 60} s wall clock)`);
