// The AWS credentials the mocks know: long-term keys a test hands to an SDK,
// and temporary role credentials that the IMDS mock issues and rotates. The
// CloudWatch mock checks every request's key, secret and session token here.
import { randomBytes } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialCheck =
  | { ok: true; credentials: AwsCredentials }
  | { ok: false; code: 'UnrecognizedClientException' | 'ExpiredTokenException'; message: string };

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomText(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}

export class CredentialStore {
  private readonly byKeyId = new Map<string, AwsCredentials>();

  add(credentials: AwsCredentials): AwsCredentials {
    this.byKeyId.set(credentials.accessKeyId, credentials);
    return credentials;
  }

  // Long-term keys (AKIA..., no token), e.g. for an SDK client in a test.
  addLongTerm(): AwsCredentials {
    return this.add({
      accessKeyId: `AKIA${randomText(16, ALPHANUM)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
    });
  }

  // Temporary keys (ASIA..., with a session token) valid for lifetimeMs.
  issueTemporary(lifetimeMs: number, now = Date.now()): AwsCredentials {
    return this.add({
      accessKeyId: `ASIA${randomText(16, ALPHANUM)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      // Real session tokens are long base64 blobs, often over 1 KB: a klib must not assume short ones.
      sessionToken: randomBytes(600).toString('base64'),
      expiration: new Date(now + lifetimeMs),
    });
  }

  lookup(accessKeyId: string): AwsCredentials | undefined {
    return this.byKeyId.get(accessKeyId);
  }

  // Makes credentials expired from now on (the service then answers ExpiredTokenException).
  expire(accessKeyId: string, now = Date.now()): void {
    const c = this.byKeyId.get(accessKeyId);
    if (c) c.expiration = new Date(now - 1000);
  }

  // Is a request signed with accessKeyId and carrying sessionToken acceptable?
  check(accessKeyId: string, sessionToken: string | undefined, now = Date.now()): CredentialCheck {
    const c = this.byKeyId.get(accessKeyId);
    if (!c) {
      return { ok: false, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
    }
    if ((c.sessionToken ?? undefined) !== (sessionToken ?? undefined)) {
      return { ok: false, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
    }
    if (c.expiration && c.expiration.getTime() <= now) {
      return { ok: false, code: 'ExpiredTokenException', message: 'The security token included in the request is expired' };
    }
    return { ok: true, credentials: c };
  }
}
