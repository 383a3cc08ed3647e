// Shared by the tls klib tests: building the hosted tls klib and the probe, and reading what the
// probe and the tls klib printed. The certificates (host/lib/certificates.ts), the Node TLS servers
// on loopback and running the tls_probe test klib (test/tls/fixtures/tls_probe) are host/lib/tls.ts
// (the benchmark uses them too).
import { buildHost, linesWith, Result } from '../../host/lib/klibhost.ts';

export { makePki } from '../../host/lib/certificates.ts';
export { runProbe, tcpServer, tlsServer, type ProbeOptions, type SecureHandler } from '../../host/lib/tls.ts';

// klibhost, the hosted tls klib and the probe (mk/tls.mk).
export function buildTls(): void {
  buildHost('test-tls-klibs');
}

export function probeLines(r: Result): string[] {
  return linesWith(r.stdout, 'probe:');
}

export function tlsLines(r: Result): string[] {
  return linesWith(r.stdout, 'tls:');
}

// The probe's byte pattern (as tls_probe.c computes it).
export function pattern(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + Math.floor(i / 8192)) & 0xff;
  return b;
}

// What a server sees after the client has gone may still be on its way: waits until check()
// holds, and returns whether it does (giving up after a minute, which only a failing run reaches).
export async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 1200 && !check(); i++) await new Promise(r => setTimeout(r, 50));
  return check();
}
