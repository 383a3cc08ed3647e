// Shared by the gcp klib tests: klibhost with the gcp and tls klibs, wired to the GCP mocks of
// host/mocks (metadata server, Cloud Logging, Cloud Monitoring) through --resolve / --connect-to,
// and Google's own logging client to read back what the klib wrote. The config trusting the mocks
// and what they stored are host/lib/gcp.ts (the benchmark uses them too).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHost, klibhost, Result, ROOT, tempDir, writeConfig } from '../../host/lib/klibhost.ts';
import type { GcpStack } from '../../host/lib/gcp.ts';

export { gcpConfig, startGcpStack, storedEntries, writes, type GcpStack } from '../../host/lib/gcp.ts';

export function buildGcp(): void {
  buildHost(join(ROOT, 'build/host-klibs/gcp.so'), join(ROOT, 'build/host-klibs/tls.so'));
}

/** examples/gcp.json, as an ops user would write it. */
export function exampleConfig(): any {
  return JSON.parse(readFileSync(join(ROOT, 'examples/gcp.json'), 'utf8'));
}

/**
 * Runs `script` under klibhost with `config` against the stack. klibhost and the klibs run under
 * ASan/UBSan: any sanitizer report fails the run.
 */
export async function runGcp(stack: GcpStack, config: unknown, script: string, extra: string[] = [],
                             onStdout?: (chunk: Buffer) => void): Promise<Result> {
  const r = await klibhost(['--config', writeConfig(config), ...stack.klibhostArgs, '--flush-timeout', '30', ...extra,
    '--', 'sh', '-c', script], {}, onStdout);
  if (/Sanitizer|runtime error:/.test(r.stderr)) throw new Error(`sanitizer report:\n${r.stderr}`);
  return r;
}

/** Counts the TLS connections the API mock accepts from now on. */
export function countConnections(stack: GcpStack): { count: number } {
  const counter = { count: 0 };
  stack.apis.https!.server.on('secureConnection', () => { counter.count++; });
  return counter;
}

/** Console text klibhost echoed (the program's output and the klibs' messages). */
export function consoleText(r: Result): string {
  return r.stdout.toString('utf8');
}

/** The klib's own console lines ("gcp: ..."), but its stats lines (statsLines). */
export function klibLines(r: Result): string[] {
  return consoleText(r).split('\n').filter(l => l.startsWith('gcp: ') && !l.startsWith('gcp: stats: '));
}

/** The log shipper's stats lines (one at shutdown, and one every stats_interval). */
export function statsLines(r: Result): string[] {
  return consoleText(r).split('\n').filter(l => l.startsWith('gcp: stats: '));
}

/** Text of the stored entries (textPayload, or the jsonPayload as JSON). */
export function payloads(entries: any[]): string[] {
  return entries.map(e => e.textPayload ?? JSON.stringify(e.jsonPayload));
}

/**
 * A shell command that waits until `condition` holds on the test's side (polled by the test, which
 * then creates a file the command waits for): a program can wait for what the mocks saw without
 * guessing how long it takes. Give up after 60 s so a failing test still ends.
 */
export function waitFor(condition: () => boolean): string {
  const flag = join(tempDir('gcp-flag-'), 'go');
  const poll = setInterval(() => {
    if (condition()) {
      writeFileSync(flag, '');
      clearInterval(poll);
    }
  }, 50);
  setTimeout(() => clearInterval(poll), 60000).unref();
  return `i=0; while [ ! -e ${flag} ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done`;
}

/** A timeSeries.create request was answered 200. */
export function sampleAccepted(stack: GcpStack): () => boolean {
  return () => stack.apis.requests.some(q => q.method === 'timeSeries.create' && q.status === 200);
}
