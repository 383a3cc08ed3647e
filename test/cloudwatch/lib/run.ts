// Shared by the cloudwatch klib's tests: klibhost running a shell script against the AWS mocks, and
// what the mock and the console saw. The mocks, the config made from the example and reading the
// events back with the official AWS SDK are host/lib/cloudwatch.ts (the benchmark uses them too).
import { buildHost, klibhost, ROOT, writeConfig, type Result } from '../../../host/lib/klibhost.ts';
import { readBack, type AwsStack } from '../../../host/lib/cloudwatch.ts';

export { exampleConfig, MAX_BATCH_BYTES, MAX_EVENT_BYTES, readBack, startAws } from '../../../host/lib/cloudwatch.ts';
export { sanitizerReport } from '../../../host/lib/klibhost.ts';
export type { AwsStack, Result };

export function buildCloudwatch(): void {
  buildHost(`${ROOT}/build/host-klibs/cloudwatch.so`, `${ROOT}/build/host-klibs/tls.so`);
}

/** Runs `script` under klibhost with `config`, the mocks' redirections and `extra` options (onStdout: klibhost's). */
export function run(aws: AwsStack, config: unknown, script: string, extra: string[] = [],
                    onStdout?: (chunk: Buffer) => void): Promise<Result> {
  return klibhost(['--config', writeConfig(config), ...aws.klibhostArgs, ...extra, '--', 'sh', '-c', script], {}, onStdout);
}

/** The messages of a stream that the program wrote (the klibs' own console lines left out). */
export async function appMessages(aws: AwsStack, group = 'g', stream = 's'): Promise<string[]> {
  return (await readBack(aws, group, stream)).map(e => e.message).filter(m => !/^(cloudwatch|gcp|tls): /.test(m));
}

/** The klib's own console lines in klibhost's output, but its stats lines (statsLines). */
export function klibLines(r: Result): string[] {
  return r.stdout.toString('utf8').split('\n').filter(l => l.startsWith('cloudwatch: ') && !l.startsWith('cloudwatch: stats: '));
}

/** The log shipper's stats lines (one at shutdown, and one every stats_interval). */
export function statsLines(r: Result): string[] {
  return r.stdout.toString('utf8').split('\n').filter(l => l.startsWith('cloudwatch: stats: '));
}

/** A summary of the requests the mock got, for failure messages. */
export function requestLog(aws: AwsStack): string {
  return aws.cloudwatch.requests.map(q => `${q.operation} ${q.status} ${q.errorCode ?? ''}`).join('\n');
}
