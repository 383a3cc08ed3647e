// The cloudwatch klib against the AWS mocks, shared by its tests and its benchmark: the mocks, a
// config made from the example (plus the test CA as cloudwatch.ca_cert), and the official AWS SDK
// reading the events back from the mock.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ROOT } from './klibhost.ts';
import { startAwsStack, type AwsStack } from '../mocks/stack.ts';
import type { ImdsOptions } from '../mocks/imds.ts';
import type { TestCa } from '../mocks/test-ca.ts';

export type { AwsStack };

/** The mocks (their certificates from `ca`, if given), with the per-event limit the klib keeps to (the mock's default, 256 KiB counting 26). */
export async function startAws(options: ImdsOptions & { ca?: TestCa } = {}): Promise<AwsStack> {
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
