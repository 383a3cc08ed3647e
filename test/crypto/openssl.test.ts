// Differential: our GCM and SHA-256 against OpenSSL (Node's crypto) over random keys, IVs,
// lengths, tag lengths, buffer alignments, in-place and separate output, and updates in pieces,
// on each path (accelerated, software fallback forced) and each build of the library. The random
// cases come from a seeded generator: CRYPTO_SEED=N repeats a run (the seed is printed).
import t from 'tap';
import { createCipheriv, createHash, type CipherGCMTypes } from 'node:crypto';
import { DRIVERS, ENGINES, SANITIZER_REPORT, buildDrivers, drive, hex } from './lib.ts';

t.before(() => buildDrivers());

const SEED = Number(process.env.CRYPTO_SEED ?? 0x15c0ffee);
t.comment(`seed ${SEED}`);

// xorshift32: small, and the same cases on every machine.
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
  return {
    below: (n: number) => next() % n,
    bytes: (n: number) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = next() & 0xff;
      return b;
    },
  };
}

// Lengths that reach every part of the code: empty, short, a few blocks, around the 8-block
// groups (128 bytes), a TLS record (16 KiB) and odd sizes near it.
function length(r: ReturnType<typeof generator>): number {
  switch (r.below(6)) {
    case 0: return r.below(48);
    case 1: return r.below(600);
    case 2: return 128 * (1 + r.below(20)) + r.below(33) - 16;
    case 3: return 16384 - r.below(3) * 16 - r.below(2);
    case 4: return r.below(20000);
    default: return 16 * r.below(70);
  }
}

interface GcmCase { command: string; decrypt: string; tampered: string; ct: string; pt: string }

function gcmCases(seed: number, n: number): GcmCase[] {
  const r = generator(seed);
  const cases: GcmCase[] = [];
  for (let i = 0; i < n; i++) {
    const bits = [128, 192, 256][r.below(3)];
    const key = r.bytes(bits / 8);
    const iv = r.bytes(r.below(4) > 0 ? 12 : 1 + r.below(80));
    const aad = r.bytes(r.below(3) === 0 ? r.below(300) : r.below(20));
    const pt = r.bytes(length(r));
    const tagLength = [4, 8, 12, 13, 14, 15, 16][r.below(7)];
    const inOffset = r.below(16);
    const outOffset = r.below(3) === 0 ? -1 : r.below(16);
    const chunk = r.below(2) === 0 ? 0 : 16 * (1 + r.below(300));
    const c = createCipheriv(`aes-${bits}-gcm` as CipherGCMTypes, key, iv, { authTagLength: tagLength });
    c.setAAD(aad);
    const ct = Buffer.concat([c.update(pt), c.final()]);
    const tag = c.getAuthTag();
    const bad = Buffer.from(tag);
    bad[r.below(bad.length)] ^= 1 << r.below(8);
    const decrypt = (t: Buffer) => `gcm-dec ${hex(key)} ${hex(iv)} ${hex(aad)} ${hex(ct)} ${hex(t)} ${inOffset} ${outOffset}`;
    cases.push({
      command: `gcm-enc ${hex(key)} ${hex(iv)} ${hex(aad)} ${hex(pt)} ${tagLength} ${inOffset} ${outOffset} ${chunk}`,
      decrypt: decrypt(tag), tampered: decrypt(bad), ct: `${hex(ct)} ${hex(tag)}`, pt: hex(pt),
    });
  }
  return cases;
}

function shaCases(seed: number, n: number) {
  const r = generator(seed);
  return Array.from({ length: n }, () => {
    const bits = r.below(4) === 0 ? 224 : 256;
    const msg = r.bytes(length(r));
    const chunk = [0, 1 + r.below(63), 1 + r.below(200), 64 * (1 + r.below(100)), 1 + r.below(9000)][r.below(5)];
    return {
      command: `sha ${bits} ${hex(msg)} ${r.below(16)} ${chunk}`,
      digest: createHash(`sha${bits}`).update(msg).digest('hex'),
    };
  });
}

const GCM = gcmCases(SEED, 400);
const SHA = shaCases(SEED + 1, 400);

function firstMismatches(got: string[], want: string[], commands: string[]) {
  const bad = want.map((w, i) => (got[i] === w ? -1 : i)).filter(i => i >= 0);
  return bad.slice(0, 2).map(i => ({ command: commands[i].slice(0, 200), got: got[i]?.slice(0, 80), want: want[i].slice(0, 80) }));
}

for (const d of DRIVERS) {
  for (const e of ENGINES) {
    t.test(`AES-GCM against OpenSSL, ${e.name}, ${d.name}`, async (t) => {
      const enc = drive(d.path, e.allow, GCM.map(c => c.command));
      t.equal(enc.status, 0);
      t.notMatch(enc.stderr, SANITIZER_REPORT);
      t.same(firstMismatches(enc.lines, GCM.map(c => c.ct), GCM.map(c => c.command)), [],
        `${GCM.length} encryptions: OpenSSL's ciphertext and tag`);
      const dec = drive(d.path, e.allow, GCM.map(c => c.decrypt));
      t.equal(dec.status, 0);
      t.same(firstMismatches(dec.lines, GCM.map(c => c.pt), GCM.map(c => c.decrypt)), [],
        `${GCM.length} decryptions of OpenSSL's output: the plaintext`);
      const bad = drive(d.path, e.allow, GCM.map(c => c.tampered));
      t.equal(bad.status, 0);
      t.same(firstMismatches(bad.lines, GCM.map(() => 'FAIL -18'), GCM.map(c => c.tampered)), [],
        `${GCM.length} decryptions with a bit of the tag flipped: refused (MBEDTLS_ERR_GCM_AUTH_FAILED)`);
    });

    t.test(`SHA-256 and SHA-224 against OpenSSL, ${e.name}, ${d.name}`, async (t) => {
      const r = drive(d.path, e.allow, SHA.map(c => c.command));
      t.equal(r.status, 0);
      t.notMatch(r.stderr, SANITIZER_REPORT);
      t.same(firstMismatches(r.lines, SHA.map(c => c.digest), SHA.map(c => c.command)), [],
        `${SHA.length} messages: OpenSSL's digest`);
    });
  }
}
