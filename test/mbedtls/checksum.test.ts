// The pinned SHA-256 guards the mbedtls source: the downloaded Debian
// tarball passes, any altered copy is refused by the same make rule.
import t from 'tap';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, buildOrThrow, make } from './helpers.ts';

const mk = readFileSync(join(ROOT, 'mk/mbedtls.mk'), 'utf8');
const pinned = /^MBEDTLS_SHA256 := ([0-9a-f]{64})$/m.exec(mk)?.[1];
const tarballName = /^MBEDTLS_TARBALL_NAME := (.*)$/m.exec(mk)?.[1]
  ?.replace('$(MBEDTLS_VERSION)', /^MBEDTLS_VERSION := (.*)$/m.exec(mk)?.[1] ?? '');
const download = join(ROOT, 'vendor/mbedtls/download');

t.before(() => buildOrThrow('mbedtls-fetch'));

t.test('the pin and the tarball name are in mk/mbedtls.mk', async (t) => {
  t.ok(pinned, 'MBEDTLS_SHA256 is a SHA-256');
  t.match(tarballName, /^mbedtls_2\.28\.\d+\.orig\.tar\.gz$/, 'a Debian 2.28.x .orig tarball');
});

t.test("the pin is the checksum Debian's .dsc records for the tarball", async (t) => {
  // The revision fetched is 2.28.3-1 unless the archive has moved on.
  const dscName = readdirSync(download).find((f) => /^mbedtls_2\.28\.\d+-.*\.dsc$/.test(f));
  t.ok(dscName, 'the .dsc was downloaded with the tarball');
  const dsc = readFileSync(join(download, dscName ?? 'missing.dsc'), 'utf8');
  const sha256Section = dsc.split('Checksums-Sha256:')[1]?.split(/\n\S/)[0] ?? '';
  t.match(sha256Section, new RegExp(`^ ${pinned} \\d+ ${tarballName?.replace(/\./g, '\\.')}$`, 'm'));
});

t.test('the downloaded tarball passes verification', async (t) => {
  const r = make('mbedtls-verify', `MBEDTLS_TARBALL=${join(download, tarballName ?? '')}`);
  t.equal(r.status, 0, r.stderr);
});

t.test('altered copies are refused', async (t) => {
  const dir = t.testdir({});
  const original = readFileSync(join(download, tarballName ?? ''));

  const flipped = Buffer.from(original);
  flipped[flipped.length >> 1] ^= 0x01;
  const truncated = original.subarray(0, original.length - 1);
  const extended = Buffer.concat([original, Buffer.from([0])]);
  const cases: Array<[string, Buffer]> = [
    ['one bit flipped', flipped],
    ['last byte removed', truncated],
    ['one byte appended', extended],
    ['empty', Buffer.alloc(0)],
  ];
  for (const [what, bytes] of cases) {
    const copy = join(dir, tarballName ?? 'x');
    writeFileSync(copy, bytes);
    const r = make('mbedtls-verify', `MBEDTLS_TARBALL=${copy}`);
    t.not(r.status, 0, `${what}: refused`);
    t.match(r.stderr, /SHA-256 differs from the pinned/, `${what}: says why`);
  }

  const copy = join(dir, 'intact.tar.gz');
  copyFileSync(join(download, tarballName ?? ''), copy);
  t.equal(make('mbedtls-verify', `MBEDTLS_TARBALL=${copy}`).status, 0, 'an intact copy passes');
  t.not(make('mbedtls-verify', `MBEDTLS_TARBALL=${join(dir, 'missing.tar.gz')}`).status, 0,
    'a missing file is refused');
});
