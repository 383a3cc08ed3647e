// The SigV4 verifier itself: AWS's published test-suite vectors verify
// (get-vanilla, post-vanilla), and what must fail does.
import t from 'tap';
import { CredentialStore } from '../../host/mocks/aws-credentials.ts';
import { verifySigV4, type RawRequest } from '../../host/mocks/sigv4-verify.ts';

const store = new CredentialStore();
store.add({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' });
const now = Date.UTC(2015, 7, 30, 12, 36);
const options = { service: 'service', now };

function vector(method: string, signature: string, extra: [string, string][] = []): RawRequest {
  return {
    method, url: '/', body: Buffer.alloc(0), headers: [
      ['Host', 'example.amazonaws.com'], ['X-Amz-Date', '20150830T123600Z'], ...extra,
      ['Authorization', `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`],
    ],
  };
}

const GET_VANILLA = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
const POST_VANILLA = '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b';

t.test('test-suite vectors verify', async t => {
  t.equal((await verifySigV4(vector('GET', GET_VANILLA), store, options)).ok, true, 'get-vanilla');
  t.equal((await verifySigV4(vector('POST', POST_VANILLA), store, options)).ok, true, 'post-vanilla');
  t.equal((await verifySigV4(vector('GET', GET_VANILLA, [['User-Agent', 'unsigned headers do not matter']]), store, options)).ok, true);
});

t.test('what must fail does', async t => {
  const code = async (r: RawRequest, o = options) => {
    const v = await verifySigV4(r, store, o);
    return v.ok ? 'ok' : v.code;
  };
  t.equal(await code(vector('POST', GET_VANILLA)), 'InvalidSignatureException', 'method changed');
  t.equal(await code({ ...vector('GET', GET_VANILLA), url: '/x' }), 'InvalidSignatureException', 'path changed');
  t.equal(await code({ ...vector('GET', GET_VANILLA), body: Buffer.from('x') }), 'InvalidSignatureException', 'body added');
  t.equal(await code(vector('GET', GET_VANILLA), { service: 'service', now: now + 16 * 60_000 }), 'InvalidSignatureException', 'clock skew over 15 minutes');
  t.equal(await code(vector('GET', GET_VANILLA), { service: 'logs', now }), 'InvalidSignatureException', 'scoped to another service');
  const r = vector('GET', GET_VANILLA);
  r.headers = r.headers.map(([k, v]) => [k, k === 'Authorization' ? v.replace('AKIDEXAMPLE', 'AKIDUNKNOWN') : v]);
  t.equal(await code(r), 'UnrecognizedClientException', 'unknown key');
  const noAuth = { ...r, headers: r.headers.filter(([k]) => k !== 'Authorization') };
  t.equal(await code(noAuth), 'MissingAuthenticationTokenException');
  const garbled = { ...r, headers: [...noAuth.headers, ['Authorization', 'AWS4-HMAC-SHA256 nonsense'] as [string, string]] };
  t.equal(await code(garbled), 'IncompleteSignatureException');
});
