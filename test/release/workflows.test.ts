// The GitHub workflows: valid by the workflow schema (@action-validator/cli, run from
// node_modules: a WebAssembly build, nothing fetched), triggered as intended, and running the
// README's two commands, then make dist and make abi-check, and keeping the tarball.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ROOT, tempDir } from '../../host/lib/klibhost.ts';

const VALIDATOR = join(ROOT, 'node_modules/.bin/action-validator');
const WORKFLOWS = join(ROOT, '.github/workflows');

function validate(path: string): { status: number | null; output: string } {
  const r = spawnSync(VALIDATOR, [path], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The commands of `run:` steps, in order (one-line runs only: ours are). */
function runSteps(text: string): string[] {
  return [...text.matchAll(/^\s+(?:- )?run: (.+)$/gm)].map(m => m[1].trim());
}

/** The commands the README gives for a fresh machine: the indented lines `make ...` of that section. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /^## On a fresh machine.*\n([\s\S]*?)(?=^## )/m.exec(readme)![1];
  return [...section.matchAll(/^ {4}(make .+)$/gm)].map(m => m[1].trim());
}

t.test('the validator catches a broken workflow (so a pass means something)', async t => {
  const bad = join(tempDir('workflow-'), 'bad.yml');
  writeFileSync(bad, 'name: bad\non:\n  pushh:\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo\n');
  const r = validate(bad);
  t.equal(r.status, 1, 'refused');
  t.match(r.output, /pushh/, 'naming the unknown trigger');
});

t.test('the README names make klibs and make test', async t => {
  t.same(readmeCommands(), ['make klibs', 'make test']);
});

for (const [file, triggers] of [['ci.yml', ['push', 'pull_request']], ['nightly.yml', ['schedule', 'workflow_dispatch']]] as const) {
  t.test(file, async t => {
    const path = join(WORKFLOWS, file);
    const r = validate(path);
    t.equal(r.status, 0, `valid by the workflow schema\n${r.output}`);
    const text = readFileSync(path, 'utf8');
    const on = /^on:\n((?: {2}.*\n)+)/m.exec(text)?.[1] ?? '';
    t.same([...on.matchAll(/^ {2}([a-z_]+):/gm)].map(m => m[1]), triggers, `triggered by ${triggers.join(', ')}`);
    const runs = runSteps(text);
    const expected = [...readmeCommands(), 'make dist', 'make abi-check'];
    t.same(runs.filter(c => c.startsWith('make ')), expected, `runs ${expected.join(', ')} in that order`);
    t.match(text, /uses: actions\/upload-artifact@v\d+\n\s+with:\n(?:\s+.+\n)*?\s+path: dist\/\*\.tar\.gz\n/, 'uploads the tarball');
    if (file === 'nightly.yml') t.match(text, /^\s+retention-days: 20$/m, 'each night\'s build kept 20 days');
  });
}
