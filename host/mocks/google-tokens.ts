// OAuth access tokens the GCP metadata mock hands out and the Logging /
// Monitoring mocks accept: each valid until it expires or is revoked.
import { randomBytes } from 'node:crypto';

export class GoogleTokens {
  private readonly expiry = new Map<string, number>();   // token -> ms epoch
  private current: string | undefined;

  constructor(public lifetimeSeconds = 3599) {}

  // The token the metadata server hands out now (a new one once the old expired).
  currentToken(now = Date.now()): { token: string; expiresIn: number } {
    if (!this.current || this.expiry.get(this.current)! <= now) this.rotate(now);
    return { token: this.current!, expiresIn: Math.max(0, Math.floor((this.expiry.get(this.current!)! - now) / 1000)) };
  }

  // A new token now; the previous one stays valid until it expires.
  rotate(now = Date.now()): string {
    this.current = `ya29.mock-${randomBytes(48).toString('base64url')}`;
    this.expiry.set(this.current, now + this.lifetimeSeconds * 1000);
    return this.current;
  }

  // Every token issued so far stops working (the APIs answer 401).
  revokeAll(): void {
    this.expiry.clear();
    this.current = undefined;
  }

  isValid(token: string, now = Date.now()): boolean {
    const e = this.expiry.get(token);
    return e !== undefined && e > now;
  }
}
