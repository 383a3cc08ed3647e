// Shared by the cloudwatch klib's tests: the AWS mocks, a config made from the example (plus the
// test CA as cloudwatch.ca_cert), klibhost running a shell script, and the official AWS SDK reading
// the events back from the mock.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { buildHost, klibhost, ROOT, writeConfig, type Result } from '../../host/lib/klibhost.ts';
import { startAwsStack, type AwsStack } from '../../mocks/stack.ts';
import type { ImdsOptions } from '../../mocks/imds.ts';

export { sanitizerReport } from '../../host/lib/klibhost.ts';
export type { AwsStack, Result };

export function buildCloudwatch(): void {
  buildHost(`${ROOT}/build/host-klibs/cloudwatch.so`, `${ROOT}/build/host-klibs/tls.so`);
}

/** The mocks, with the per-event limit the klib keeps to (the mock's default, 256 KiB counting 26). */
export async function startAws(options: ImdsOptions = {}): Promise<AwsStack> {
  const aws = await startAwsStack({ mode: 'required', ...options });
  aws.cloudwatch.logs.limits.maxEventBytes = MAX_EVENT_BYTES + 26;
  return aws;
}

/** The klib's limits (README.md): a batch, counting 26 per event; one event's message. */
export const MAX_BATCH_BYTES = 1_048_576;
export const MAX_EVENT_BYTES = 262_118;

/** examples/cloudwatch.json, with `cloudwatch` keys overridden (a key set to undefined is removed). */
export function exampleConfig(aws: AwsStack, cloudwatch: Record<string, unknown> = {},
                              logging: Record<string, unknown> = {}): Record<string, any> {
  const cfg = JSON.parse(readFileSync(`${ROOT}/examples/cloudwatch.json`, 'utf8'));
  const cw = cfg.ManifestPassthrough.cloudwatch;
  cw.ca_cert = aws.ca.caPem;
  Object.assign(cw, cloudwatch);
  Object.assign(cw.logging, logging);
  for (const k of Object.keys(cw)) if (cw[k] === undefined) delete cw[k];
  for (const k of Object.keys(cw.logging)) if (cw.logging[k] === undefined) delete cw.logging[k];
  return cfg;
}

/** Runs `script` under klibhost with `config`, the mocks' redirections and `extra` options (onStdout: klibhost's). */
export function run(aws: AwsStack, config: unknown, script: string, extra: string[] = [],
                    onStdout?: (chunk: Buffer) => void): Promise<Result> {
  return klibhost(['--config', writeConfig(config), ...aws.klibhostArgs, ...extra, '--', 'sh', '-c', script], {}, onStdout);
}

/** Every event of a stream, read with the official SDK (all pages, oldest first). */
export async function readBack(aws: AwsStack, group: string, stream: string): Promise<{ timestamp: number; message: string }[]> {
  const credentials = aws.imds.currentCredentials();
  const client = new CloudWatchLogsClient({
    region: aws.imds.region,
    endpoint: `https://localhost:${aws.cloudwatch.https!.port}`,
    maxAttempts: 1,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: aws.ca.caPem }) }),
  });
  const events: { timestamp: number; message: string }[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token }));
    for (const e of page.events ?? []) events.push({ timestamp: e.timestamp!, message: e.message! });
    if (!page.nextForwardToken || page.nextForwardToken === token) break;
    token = page.nextForwardToken;
  }
  client.destroy();
  return events;
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
