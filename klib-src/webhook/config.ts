// The `webhook` manifest tuple: its keys, declared once (KEYS), read by the one reader
// (lib/config_map.ts), listed in the README from the same rows. The table checks each value's form;
// the url's shape (https://host[:port]/path) is the one check it cannot say, made here. A value that
// is not valid gives one console line naming the key, and the klib stays off: the VM keeps running.
import { bytes, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, bufferData, bufferLength, bufferWriteByte, bufferWriteFrom, byteOffset, CString,
    deallocate, deallocateBuffer, getRootTuple, getValue, Heap, INVALID_ADDRESS, offsetOf, SString, symbolOf,
} from '../nanos';
import { isEndpoint } from '../lib/config_forms';
import { ConfigKey, ConfigKind, ConfigStatus } from '../lib/config_keys';
import { freeConfigMap, readConfigMap, reportInvalid } from '../lib/config_map';

export interface WebhookSettings {
    /** The url as configured; split into `host` (host[:port]) and `path` (at least `/`). */
    url: Buffer | null;
    host: Buffer | null;
    path: Buffer | null;
    /** The Authorization header's value; null: none. Never printed. */
    authorization: Buffer | null;
    caCert: Buffer | null;
    flushMs: u64;
    bufferSize: u64;
    shutdownTimeout: u64;
    statsInterval: u64;
}

const OFF: SString = 'the webhook klib is off';
const SCHEME: CString = 'https://';
const SCHEME_LENGTH: bytes = 8;

/** The keys of the `webhook` tuple (lib/config_map.ts says how a row reads). */
const KEYS: readonly ConfigKey[] = [
    {
        name: 'url', kind: ConfigKind.Text, field: offsetOf<WebhookSettings>('url'), initial: '', range: '9..2048 [!-~]',
        doc: 'where the batches are POSTed: `https://host[:port]/path` (port 443 unless given; required)',
    },
    {
        name: 'authorization', kind: ConfigKind.Text, field: offsetOf<WebhookSettings>('authorization'), initial: '',
        range: '1..4096', doc: 'the `Authorization` header sent with each request (`Bearer ...`); never printed; absent: none',
    },
    {
        name: 'ca_cert', kind: ConfigKind.Pem, field: offsetOf<WebhookSettings>('caCert'), initial: '', range: '',
        doc: "the CAs to trust for the url's server instead of the tls klib's default trust; absent: the tls klib's",
    },
    {
        name: 'flush_interval', kind: ConfigKind.Milliseconds, field: offsetOf<WebhookSettings>('flushMs'), initial: '1s',
        range: '10ms..1h', doc: 'time between batches while they are not full',
    },
    {
        name: 'buffer_size', kind: ConfigKind.Size, field: offsetOf<WebhookSettings>('bufferSize'), initial: '8m',
        range: '64k..256m', doc: "the log ring: the klib's whole log memory, allocated at boot, as in the cloud klibs",
    },
    {
        name: 'shutdown_timeout', kind: ConfigKind.Seconds, field: offsetOf<WebhookSettings>('shutdownTimeout'), initial: '10s',
        range: '1s..1h', doc: "how long the shutdown flush may hold the VM's halt; then the VM halts with what is left (one console line says what)",
    },
    {
        name: 'stats_interval', kind: ConfigKind.Seconds, field: offsetOf<WebhookSettings>('statsInterval'), initial: '',
        range: '0s..24h', doc: "time between the log shipper's stats lines (lines, bytes, requests, failures, drops); absent or 0: one at shutdown",
    },
];

// Splits the url into host[:port] and path; false when it is not https://host[:port][/path].
function splitUrl(h: Heap, c: WebhookSettings): boolean {
    const url = c.url!;
    const p = bufferData(url);
    const n = bufferLength(url);
    for (let i: bytes = 0; i < SCHEME_LENGTH; i++) if (p[i] !== SCHEME.charCodeAt(i)) return false;
    let slash: bytes = SCHEME_LENGTH;
    while (slash < n && p[slash] !== '/'.charCodeAt(0)) slash++;
    if (!isEndpoint(byteOffset(p, SCHEME_LENGTH), slash - SCHEME_LENGTH)) return false;
    const host = allocateBuffer(h, slash - SCHEME_LENGTH);
    if (host === INVALID_ADDRESS) return false;
    c.host = host;
    const path = allocateBuffer(h, n - slash + 1);
    // Out of memory reads as not valid: the klib could not run anyway.
    if (path === INVALID_ADDRESS) return false;
    c.path = path;
    bufferWriteFrom(host, p, SCHEME_LENGTH, slash - SCHEME_LENGTH);
    if (slash === n) bufferWriteByte(path, '/'.charCodeAt(0));
    else bufferWriteFrom(path, p, slash, n - slash);
    return true;
}

/** Reads the manifest's `webhook` tuple. Null when it is absent, or not valid (after one line naming the key). */
export function readConfig(h: Heap): WebhookSettings | null {
    const c: WebhookSettings = allocate<WebhookSettings>(h);
    if (c === INVALID_ADDRESS) return null;
    c.host = null;
    c.path = null;
    let status = readConfigMap(h, getValue(getRootTuple(), symbolOf('webhook')), 'webhook', OFF, KEYS, KEYS.length, c);
    if (status === ConfigStatus.Valid && (c.url === null || !splitUrl(h, c))) {
        reportInvalid('webhook', 'url', 'an HTTPS URL, https://host[:port]/path', OFF);
        status = ConfigStatus.Invalid;
    }
    if (status === ConfigStatus.Valid) return c;
    configFree(h, c);
    return null;
}

/** Frees the settings (the klib stays off). */
export function configFree(h: Heap, c: WebhookSettings): void {
    freeConfigMap(KEYS, KEYS.length, c);
    if (c.host !== null) deallocateBuffer(c.host!);
    if (c.path !== null) deallocateBuffer(c.path!);
    deallocate(h, c);
}
