// The `tls` manifest tuple: its keys, declared once (KEYS), read by the one reader
// (lib/config_map.ts), listed in the README from the same rows. Other klibs' connections depend on
// this klib, so a value that is not valid does not turn it off: the line naming the key says the
// key keeps its default (certificates checked, 30 s, the embedded bundle).
import { u64 } from '../dialect';
import { allocate, Buffer, deallocate, getRootTuple, getValue, Heap, INVALID_ADDRESS, offsetOf, symbolOf } from '../nanos';
import { ConfigKey, ConfigKind, ConfigStatus } from '../lib/config_keys';
import { readConfigMap } from '../lib/config_map';

export interface TlsConfig {
    /** Whether server certificates are checked. */
    verify: boolean;
    /** Seconds a handshake may take; 0: no limit. */
    handshakeTimeout: u64;
    /** A PEM file of the image whose CAs replace the embedded bundle; null: the bundle. */
    caFile: Buffer | null;
}

/** The keys of the `tls` tuple (lib/config_map.ts says how a row reads). */
const KEYS: readonly ConfigKey[] = [
    {
        name: 'verify', kind: ConfigKind.Switch, field: offsetOf<TlsConfig>('verify'), initial: 'on', range: '',
        doc: 'server certificate checks; `off` (or `false`) turns them off, with a warning on the console',
    },
    {
        name: 'handshake_timeout', kind: ConfigKind.Seconds, field: offsetOf<TlsConfig>('handshakeTimeout'), initial: '30s',
        range: '', doc: 'how long a handshake may take; 0: no limit',
    },
    {
        name: 'ca_file', kind: ConfigKind.Text, field: offsetOf<TlsConfig>('caFile'), initial: '', range: '',
        doc: 'path of a PEM file in the image (absolute, or from the root; a symbolic link is followed) holding one or more CA certificates, at most 1 MiB: they **replace** the embedded bundle as the default trust (below)',
    },
];

/**
 * The manifest's `tls` tuple (its defaults when absent, and for each key whose value is not valid);
 * null when out of memory, and then the klib keeps its own defaults.
 */
export function readTlsConfig(h: Heap): TlsConfig | null {
    const c: TlsConfig = allocate<TlsConfig>(h);
    if (c === INVALID_ADDRESS) return null;
    const status = readConfigMap(h, getValue(getRootTuple(), symbolOf('tls')), 'tls', 'the key keeps its default', KEYS,
                                 KEYS.length, c);
    if (status !== ConfigStatus.Unread) return c;
    deallocate(h, c);
    return null;
}
