// Verifies a request's AWS SigV4 signature the way the service would, using
// the official smithy signer: the request is rebuilt from only the headers
// the client declared signed, re-signed with the secret we know for its
// access key and the date it claims, and the two signatures are compared.
import { createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CredentialStore } from './aws-credentials.ts';

export interface RawRequest {
  method: string;
  url: string;                      // the raw request target: path and query
  headers: [string, string][];      // pairs as received (req.rawHeaders)
  body: Buffer;
}

export interface VerifyOptions {
  service: string;                  // the service the endpoint is (logs, monitoring)
  region?: string;                  // when set, the scope must name this region
  now?: number;
  maxSkewMs?: number;               // RequestExpired / InvalidSignatureException beyond this (AWS: 15 min)
}

export interface SignatureInfo {
  accessKeyId: string;
  region: string;
  service: string;
  signedHeaders: string[];
  tokenSigned: boolean;
  // The stock klib's quirky form: "SignedHeaders=a;b; Signature=..." (no comma).
  stockAuthorizationForm: boolean;
}

export type VerifyResult =
  | { ok: true; info: SignatureInfo }
  | { ok: false; code: string; message: string; info?: SignatureInfo };

// Credential=AKID/yyyymmdd/region/service/aws4_request, SignedHeaders=h1;h2, Signature=hex
// The comma after SignedHeaders may be missing (stock klib) - the signature is what counts.
const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 +Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request *, *SignedHeaders=([a-z0-9;\-_.]+?)(;?) *,? *Signature=([0-9a-f]{64})$/;

// Duplicate headers are joined with "," (no space), as SigV4 defines.
function headerMap(pairs: [string, string][]): Map<string, string> {
  const m = new Map<string, string>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    m.set(key, m.has(key) ? `${m.get(key)},${value}` : value);
  }
  return m;
}

// smithy wants an unencoded path (it encodes each segment itself).
function splitTarget(url: string): { path: string; query: Record<string, string | string[]> } {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const path = rawPath.split('/').map(seg => {
    try { return decodeURIComponent(seg); } catch { return seg; }
  }).join('/');
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const part of url.slice(q + 1).split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const k = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
      const v = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
  }
  return { path, query };
}

function amzDateToMs(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

export async function verifySigV4(raw: RawRequest, store: CredentialStore,
                                  options: VerifyOptions): Promise<VerifyResult> {
  const headers = headerMap(raw.headers);
  const authorization = headers.get('authorization');
  if (!authorization) {
    return { ok: false, code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  }
  const m = AUTH_PATTERN.exec(authorization.trim());
  if (!m) {
    return { ok: false, code: 'IncompleteSignatureException', message: `Authorization header is malformed: ${authorization}` };
  }
  const [, accessKeyId, scopeDate, region, service, signedList, trailingSemicolon, signature] = m;
  const signedHeaders = signedList.split(';').filter(h => h !== '');
  const token = headers.get('x-amz-security-token');
  const info: SignatureInfo = {
    accessKeyId, region, service, signedHeaders,
    tokenSigned: signedHeaders.includes('x-amz-security-token'),
    stockAuthorizationForm: trailingSemicolon === ';' || !/, *Signature=/.test(authorization),
  };
  const fail = (code: string, message: string): VerifyResult => ({ ok: false, code, message, info });

  if (service !== options.service) return fail('InvalidSignatureException', `Credential should be scoped to correct service: '${options.service}'.`);
  if (options.region && region !== options.region) return fail('InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`);
  if (!signedHeaders.includes('host')) return fail('InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  for (const h of signedHeaders) {
    if (!headers.has(h)) return fail('InvalidSignatureException', `The request signature includes header '${h}', which is not present.`);
  }
  const amzDate = headers.get('x-amz-date');
  if (!amzDate || !signedHeaders.includes('x-amz-date')) return fail('IncompleteSignatureException', 'x-amz-date must be present and signed.');
  const signedAt = amzDateToMs(amzDate);
  if (Number.isNaN(signedAt)) return fail('IncompleteSignatureException', `Invalid X-Amz-Date ${amzDate}`);
  if (amzDate.slice(0, 8) !== scopeDate) return fail('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}'`);
  const now = options.now ?? Date.now();
  const maxSkew = options.maxSkewMs ?? 15 * 60 * 1000;
  if (Math.abs(now - signedAt) > maxSkew) return fail('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier or later than the allowed window.`);

  const sha = headers.get('x-amz-content-sha256');
  if (sha !== undefined && sha !== 'UNSIGNED-PAYLOAD' && sha !== createHash('sha256').update(raw.body).digest('hex')) {
    return fail('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }

  const known = store.lookup(accessKeyId);
  if (!known) return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');

  const { path, query } = splitTarget(raw.url);
  const signedOnly: Record<string, string> = {};
  for (const h of signedHeaders) signedOnly[h] = headers.get(h)!;
  const signer = new SignatureV4({
    service, region, sha256: Hash.bind(null, 'sha256'), uriEscapePath: true, applyChecksum: false,
    credentials: {
      accessKeyId, secretAccessKey: known.secretAccessKey,
      // smithy adds and signs the token header itself when given one.
      sessionToken: info.tokenSigned ? token : undefined,
    },
  });
  const signed = await signer.sign({
    method: raw.method, protocol: 'https:', hostname: headers.get('host') ?? '', path, query,
    headers: signedOnly, body: raw.body,
  }, { signingDate: new Date(signedAt), signableHeaders: new Set(signedHeaders) });
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))![1];
  const expectedList = /SignedHeaders=([^,]*)/.exec(String(signed.headers.authorization))![1];
  if (expectedList !== signedHeaders.join(';')) {
    return fail('InvalidSignatureException', `SignedHeaders must be sorted lowercase names: expected ${expectedList}`);
  }
  if (expected !== signature) {
    return fail('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
  }
  const creds = store.check(accessKeyId, token, now);
  if (!creds.ok) return fail(creds.code, creds.message);
  return { ok: true, info };
}
