// NIST CAVP known answers (Debian's python3-cryptography-vectors: the CAVS 14.0 GCM files and the
// SHA-2 byte-oriented files) through mbedtls's GCM and SHA-256 interfaces, on each path: the
// accelerated one (AES-NI with PCLMULQDQ, SHA-NI) where this CPU has it, and the software
// fallback forced; each with the sanitized hosted library and with the freestanding library the
// tls klib links.
import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AES_GCM, CAVP, DRIVERS, ENGINES, SANITIZER_REPORT, SHA_NI, buildDrivers, cpuinfoFeatures, drive, features, orDash,
  readRsp,
} from './lib.ts';

t.before(() => buildDrivers());

const GCM_DIR = join(CAVP, 'ciphers/AES/GCM');
const SHA_DIR = join(CAVP, 'hashes/SHA2');

t.test('the vectors are installed', async (t) => {
  for (const f of ['gcmEncryptExtIV128.rsp', 'gcmDecrypt256.rsp']) t.ok(existsSync(join(GCM_DIR, f)), f);
  t.ok(existsSync(join(SHA_DIR, 'SHA256LongMsg.rsp')), 'SHA256LongMsg.rsp');
});

t.test('each build uses what the CPU has, and nothing once forced to software', async (t) => {
  const cpu = cpuinfoFeatures();
  for (const d of DRIVERS) {
    const all = features(d.path, 0xff);
    t.equal(all.detected & (AES_GCM | SHA_NI), cpu, `${d.name}: CPUID agrees with /proc/cpuinfo`);
    t.equal(all.used & (AES_GCM | SHA_NI), cpu, `${d.name}: all of it used`);
    t.equal(features(d.path, 0).used, 0, `${d.name}: none used when forced`);
  }
  if (!(cpu & AES_GCM)) t.comment('this CPU has no AES-NI/PCLMULQDQ: the accelerated GCM path is not exercised here');
  if (!(cpu & SHA_NI)) t.comment('this CPU has no SHA-NI: the SHA-NI path is not exercised here');
});

function gcmCommands(file: string, decrypt: boolean) {
  const cases = readRsp(join(GCM_DIR, file));
  const commands = cases.map(c => {
    const f = c.fields;
    const tagBytes = Number(c.section.Taglen) / 8;
    return decrypt
      ? `gcm-dec ${f.Key} ${f.IV} ${orDash(f.AAD)} ${orDash(f.CT)} ${f.Tag} 0 -1`
      : `gcm-enc ${f.Key} ${f.IV} ${orDash(f.AAD)} ${orDash(f.PT)} ${tagBytes} 0 -1 0`;
  });
  const expected = cases.map(c => (decrypt
    ? (c.fail ? 'FAIL -18' : orDash(c.fields.PT))
    : `${orDash(c.fields.CT)} ${c.fields.Tag}`));
  return { commands, expected };
}

for (const d of DRIVERS) {
  for (const e of ENGINES) {
    t.test(`AES-GCM, ${e.name}, ${d.name}`, async (t) => {
      for (const bits of [128, 192, 256]) {
        for (const decrypt of [false, true]) {
          const file = decrypt ? `gcmDecrypt${bits}.rsp` : `gcmEncryptExtIV${bits}.rsp`;
          const { commands, expected } = gcmCommands(file, decrypt);
          const r = drive(d.path, e.allow, commands);
          t.equal(r.status, 0, `${file}: the driver ran`);
          t.notMatch(r.stderr, SANITIZER_REPORT, `${file}: no sanitizer report`);
          const wrong = expected.map((x, i) => (r.lines[i] === x ? -1 : i)).filter(i => i >= 0);
          t.same(wrong.slice(0, 3).map(i => ({ command: commands[i], got: r.lines[i], want: expected[i] })), [],
            `${file}: all ${commands.length} answers right`);
        }
      }
    });

    t.test(`SHA-256 and SHA-224, ${e.name}, ${d.name}`, async (t) => {
      for (const file of ['SHA256ShortMsg.rsp', 'SHA256LongMsg.rsp', 'SHA224ShortMsg.rsp', 'SHA224LongMsg.rsp']) {
        const cases = readRsp(join(SHA_DIR, file));
        const bits = file.startsWith('SHA224') ? 224 : 256;
        // Len = 0 comes with Msg = 00: the message is the first Len bits.
        const msg = (c: typeof cases[0]) => orDash(c.fields.Msg.slice(0, Number(c.fields.Len) / 4));
        // One call, and the same message in 7-byte updates (a block split across calls).
        for (const chunk of [0, 7]) {
          const commands = cases.map(c => `sha ${bits} ${msg(c)} 0 ${chunk}`);
          const r = drive(d.path, e.allow, commands);
          t.equal(r.status, 0, `${file}: the driver ran`);
          t.notMatch(r.stderr, SANITIZER_REPORT);
          t.same(r.lines, cases.map(c => c.fields.MD), `${file}, ${chunk ? `${chunk}-byte updates` : 'one call'}: ` +
            `all ${cases.length} digests right`);
        }
      }
    });
  }
}
