// SigV4, differentially: the klib's signer (c-out/cloudwatch/sigv4.c, built into a small test klib
// that klibhost loads with the tls klib for SHA-256 / HMAC) against the official
// @smithy/signature-v4 on the same requests, including header names in any case, values with
// outer and inner white space, any order, and x-amz-security-token signed.
import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import t from 'tap';
import { klibhost, ROOT, tempDir, writeConfig } from '../../host/lib/klibhost.ts';
import { klibCflagsOf } from '../klibs/lib.ts';
import { buildCloudwatch, sanitizerReport } from './lib/run.ts';

buildCloudwatch();

// The probe klib, compiled as mk/host.mk compiles host klibs (with the cloudwatch klib's flags: its
// C includes mbedtls's headers), in a klib folder of its own next to the tls klib it takes mbedtls
// from.
const klibDir = tempDir('cw-sigv4-');
const cflags = ['-std=gnu11', '-g', '-O1', '-fPIC', '-Wall', '-Wextra', '-Werror', '-fsanitize=address,undefined',
  '-fno-sanitize-recover=undefined', '-fno-omit-frame-pointer', '-ffreestanding', '-DNANOS_HEADERS_HOSTED',
  `-I${ROOT}/nanos-headers`, `-I${ROOT}/c-out/cloudwatch`, ...klibCflagsOf(`${ROOT}/c-out/cloudwatch/sigv4.c`)];
const cc = spawnSync('gcc', [...cflags, '-shared', '-Wl,-Bsymbolic', '-o', join(klibDir, 'sigv4_probe.so'),
  `${ROOT}/test/cloudwatch/fixtures/sigv4_probe.c`, `${ROOT}/c-out/cloudwatch/sigv4.c`, `${ROOT}/c-out/lib/hex.c`,
  `${ROOT}/c-out/lib/ascii.c`], { encoding: 'utf8' });
if (cc.status !== 0) throw new Error(`building the probe failed:\n${cc.stderr}`);
symlinkSync(`${ROOT}/build/host-klibs/tls.so`, join(klibDir, 'tls.so'));

interface Vector {
  name: string;
  headers: [string, string][];
  payload: string;
  token?: string;
  region?: string;
  service?: string;
}

const date = new Date(Date.UTC(2026, 10, 25, 9, 7, 35));
const amzDate = '20261125T090735Z';
const accessKeyId = 'AKIDEXAMPLE';
const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

async function smithyAuthorization(v: Vector): Promise<string> {
  const signer = new SignatureV4({
    service: v.service ?? 'logs', region: v.region ?? 'us-east-1', applyChecksum: false,
    credentials: { accessKeyId, secretAccessKey, sessionToken: v.token },
    sha256: Hash.bind(null, 'sha256'),
  });
  const headers: Record<string, string> = {};
  for (const [k, val] of v.headers) headers[k] = val;
  const signed = await signer.sign({ method: 'POST', protocol: 'https:', hostname: 'logs.us-east-1.amazonaws.com', path: '/', headers, body: v.payload, query: {} }, { signingDate: date });
  return signed.headers.authorization ?? signed.headers.Authorization;
}

async function klibAuthorization(v: Vector): Promise<string> {
  // The klib signs exactly the headers it is given: add the two the smithy signer adds itself.
  const headers: [string, string][] = [...v.headers, ['X-Amz-Date', amzDate]];
  if (v.token) headers.push(['X-Amz-Security-Token', v.token]);
  const config = {
    Klibs: ['tls', 'sigv4_probe'],
    ManifestPassthrough: {
      sigv4_probe: {
        headers: headers.map(([k, val]) => `${k}:${val}`).join('\n'), payload: v.payload, date: amzDate,
        region: v.region ?? 'us-east-1', service: v.service ?? 'logs', access_key: accessKeyId, secret: secretAccessKey,
      },
    },
  };
  const r = await klibhost(['--config', writeConfig(config), '--klib-dir', klibDir, '--', 'true']);
  if (sanitizerReport(r.stderr)) throw new Error(r.stderr);
  const line = r.stdout.toString().split('\n').find(l => l.startsWith('sigv4: '));
  if (!line) throw new Error(`no signature:\n${r.stdout}\n${r.stderr}`);
  return line.slice('sigv4: '.length);
}

const vectors: Vector[] = [
  { name: 'PutLogEvents as the klib sends it', payload: '{"logGroupName":"g","logStreamName":"s","logEvents":[]}', token: 'FQoGZXIvYXdzEXAMPLETOKEN+/=',
    headers: [['host', 'logs.us-east-1.amazonaws.com'], ['x-amz-target', 'Logs_20140328.PutLogEvents'], ['content-type', 'application/x-amz-json-1.1']] },
  { name: 'names in any case, any order', payload: 'body',
    headers: [['X-Amz-Target', 'Logs_20140328.CreateLogGroup'], ['Host', 'logs.us-east-1.amazonaws.com'], ['Content-Type', 'application/x-amz-json-1.1'], ['Accept', 'application/json']] },
  { name: 'values trimmed, inner white space collapsed', payload: '',
    headers: [['host', 'logs.us-east-1.amazonaws.com'], ['x-custom', '   a   b \t c   '], ['x-tabs', '\tleading and trailing\t']] },
  { name: 'PutMetricData for monitoring in another region', payload: '{"Namespace":"CWAgent","MetricData":[]}', token: 'token', region: 'eu-west-3', service: 'monitoring',
    headers: [['host', 'monitoring.eu-west-3.amazonaws.com'], ['x-amz-target', 'GraniteServiceVersion20100801.PutMetricData'], ['content-type', 'application/x-amz-json-1.0']] },
  { name: 'a UTF-8 payload', payload: 'zweite Zeile ✓ 😀', headers: [['host', 'logs.us-east-1.amazonaws.com']] },
];

for (const v of vectors) {
  t.test(v.name, async t => {
    const expected = await smithyAuthorization(v);
    t.equal(await klibAuthorization(v), expected);
  });
}
