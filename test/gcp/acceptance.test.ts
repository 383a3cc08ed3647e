// The acceptance case of issue 7: the example configuration (examples/gcp.json: log_id my_log)
// ships a program's lines through klibhost, over TLS to the Cloud Logging mock, and Google's own
// @google-cloud/logging client lists them back in order, exactly once, with the gce_instance
// resource, the log name and the detected severities.
import t from 'tap';
import {
  buildGcp, consoleText, exampleConfig, payloads, runGcp, sampleAccepted, startGcpStack, storedEntries, waitFor,
} from './lib.ts';

buildGcp();

t.test('examples/gcp.json: lines read back by the official logging client', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  process.env.GCE_METADATA_HOST = stack.metadata.host;
  process.env.METADATA_SERVER_DETECTION = 'ping-only';
  const config = exampleConfig();
  config.ManifestPassthrough.gcp.ca_cert = stack.ca.caPem;
  const lines = [
    'hello from the app',
    'ERROR: disk on fire',
    '[warn] low on coffee',
    '<3>syslog-style error',
    'Info: all good',
    'DEBUG details',
    'plain text ünïcödé ✓',
  ];
  // The program waits for the first metrics sample before it exits.
  const script = lines.map(l => `printf '%s\\n' '${l}'`).join('; ') + '; ' + waitFor(sampleAccepted(stack));
  const r = await runGcp(stack, config, script);
  t.equal(r.code, 0, r.stderr);
  t.match(consoleText(r), /hello from the app/, 'the console still shows the output');

  const { Logging } = await import('@google-cloud/logging');
  const logging = new Logging({ projectId: stack.metadata.projectId, apiEndpoint: '127.0.0.1', port: stack.apis.http.port,
    protocol: 'http', fallback: true } as any);
  const [entries] = await logging.log('my_log').getEntries({ orderBy: 'timestamp asc' });
  t.same(entries.map(e => e.data), lines, 'every line, in order, exactly once');
  t.same(entries.map(e => e.metadata.severity),
    ['DEFAULT', 'ERROR', 'WARNING', 'ERROR', 'INFO', 'DEBUG', 'DEFAULT'], 'severities');
  for (const e of entries) {
    t.equal(e.metadata.logName, `projects/${stack.metadata.projectId}/logs/my_log`);
    t.same(e.metadata.resource, { type: 'gce_instance', labels: {
      project_id: stack.metadata.projectId, instance_id: stack.metadata.instanceId, zone: stack.metadata.zone } });
  }
  // As sent: the mock stores proto3 JSON's canonical form, which writes 3 or 6 digits for nanos
  // that end in zeros.
  const sent = stack.apis.requests.filter(q => q.method === 'entries.write').flatMap(q => JSON.parse(q.body).entries)
    .filter((e: any) => e.textPayload !== undefined && lines.includes(e.textPayload));
  t.ok(sent.length === lines.length && sent.every((e: any) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/.test(e.timestamp)),
    'RFC 3339 timestamps with nanoseconds');
  const stamps = sent.map((e: any) => e.timestamp as string);
  t.same([...stamps].sort(), stamps, 'chronological');
  t.same(payloads(storedEntries(stack, 'my_log')), lines);
  const write = stack.apis.requests.find(q => q.method === 'entries.write')!;
  t.equal(write.scheme, 'https', 'over TLS');
  t.ok(stack.metadata.requests.every(q => q.flavor === 'Google'), 'Metadata-Flavor: Google on every metadata request');
  t.ok(stack.apis.requests.some(q => q.method === 'timeSeries.create' && q.status === 200), 'a metrics sample went too');
});
