// The gcp klib against the GCP mocks of host/mocks (metadata server, Cloud Logging, Cloud
// Monitoring), shared by its tests and its benchmark: a config trusting the mocks' test CA, and
// what the mocks stored and were sent.
import { startGcpStack, type GcpStack } from '../mocks/stack.ts';
import type { GoogleRequestRecord } from '../mocks/gcp-mock.ts';

export { startGcpStack, type GcpStack };

/** A config with this `gcp` tuple, trusting the mocks' test CA (gcp.ca_cert). */
export function gcpConfig(stack: GcpStack, gcp: Record<string, unknown>): any {
  return { Klibs: ['gcp', 'tls'], ManifestPassthrough: { gcp: { ...gcp, ca_cert: stack.ca.caPem } } };
}

/** Entries stored by the mock, for one log id. */
export function storedEntries(stack: GcpStack, logId: string): any[] {
  const name = `projects/${stack.metadata.projectId}/logs/${encodeURIComponent(logId)}`;
  return stack.apis.logging.entries.filter((e: any) => e.logName === name);
}

/** entries.write requests: time, status, body, headers. */
export function writes(stack: GcpStack): GoogleRequestRecord[] {
  return stack.apis.requests.filter(r => r.method === 'entries.write');
}
