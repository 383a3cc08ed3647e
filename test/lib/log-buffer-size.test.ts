// logging.buffer_size reads the same in the cloudwatch and gcp klibs: one reader and the same row
// (lib/config_map.ts, a Size from 64k to 256m): bytes, or a number with a k, m or g suffix (powers of
// 1024), from 64k to 256m. What each klib parsed is seen without any server: under a
// --memory-limit of exactly that many bytes the ring would take more than half of the memory free
// (lib/large_ranges.ts), so the klib does not take it and its console line says the size it
// wanted; a value that is not valid is the configuration line naming the key.
import t from 'tap';
import { buildHost, klibhost, ROOT, writeConfig } from '../../host/lib/klibhost.ts';

buildHost(`${ROOT}/build/host-klibs/cloudwatch.so`, `${ROOT}/build/host-klibs/gcp.so`, `${ROOT}/build/host-klibs/tls.so`);

const valid: [string, number][] = [
  ['64k', 65536], ['64K', 65536], ['65536', 65536], ['1m', 1 << 20], ['4M', 4 << 20], ['1048577', 1048577],
  ['16m', 16 << 20], ['16777216', 16 << 20], ['256m', 256 << 20], ['262144k', 256 << 20], ['268435456', 256 << 20],
];
const invalid = ['63k', '65535', '257m', '268435457', '1g', '0', '0m', '', 'lots', 'm', '4mb', '4 m', ' 4m', '-1m', '1.5m',
  '4m ', '18446744073709551616', '99999999999999999999k'];

const configs = {
  cloudwatch: (size: string) => ({ Klibs: ['cloudwatch', 'tls'],
    ManifestPassthrough: { cloudwatch: { logging: { log_group: 'g', log_stream: 's', buffer_size: size } } } }),
  gcp: (size: string) => ({ Klibs: ['gcp', 'tls'], ManifestPassthrough: { gcp: { logging: { log_id: 'x', buffer_size: size } } } }),
};

/** What a klib made of the value: the ring size it asked for, or the line refusing the value. */
async function outcome(klib: 'cloudwatch' | 'gcp', size: string, limit: number): Promise<string> {
  const r = await klibhost(['--config', writeConfig(configs[klib](size)), '--memory-limit', String(limit), '--', 'true']);
  if (r.code !== 0 || /Sanitizer|runtime error:/.test(r.stderr)) throw new Error(`${klib} ${size}: ${r.stderr}`);
  const said = r.stdout.toString().split('\n').filter(l => l.startsWith(`${klib}: `));
  if (said.length !== 1) throw new Error(`${klib} ${JSON.stringify(size)}: ${said.join('\n')}`);
  const wanted = /^\w+: out of memory for 'logging\.buffer_size' \((\d+) bytes\)/.exec(said[0]);
  if (wanted) return wanted[1];
  const refused = /^\w+: invalid configuration: 'logging\.buffer_size' (must be a size from 64k to 256m: bytes, or a number with a k, m or g suffix \(such as 4m\));/.exec(said[0]);
  if (refused) return `invalid: ${refused[1]}`;
  throw new Error(`${klib} ${JSON.stringify(size)}: ${said[0]}`);
}

t.test('valid sizes: both klibs want the same number of bytes', async t => {
  for (const [size, bytes] of valid) {
    t.same([await outcome('cloudwatch', size, bytes), await outcome('gcp', size, bytes)], [String(bytes), String(bytes)], size);
  }
});

t.test('values that are not a size from 64k to 256m: the same line naming the key, in both', async t => {
  for (const size of invalid) {
    const cw = await outcome('cloudwatch', size, 1 << 20);
    t.match(cw, /^invalid: must be a size from 64k to 256m/, JSON.stringify(size));
    t.equal(await outcome('gcp', size, 1 << 20), cw, `${JSON.stringify(size)}: gcp says the same`);
  }
});
