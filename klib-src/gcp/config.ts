// The `gcp` manifest tuple: its keys, declared once (KEYS), read by the one reader
// (lib/config_map.ts), listed in the README from the same rows. The stock keys keep their meaning
// and defaults (logging, logging.log_id, metrics, metrics.interval with its 60 s minimum,
// metrics.disk, metrics.disk.include_readonly). A value that is not valid gives one console line
// naming the key, and the klib stays off: the VM keeps running (the stock klib halted the boot).
import { bytes, stackClosure, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, bufferLength, bufferWriteByte, deallocate, deallocateBuffer, getRootTuple,
    getValue, Heap, INVALID_ADDRESS, iterate, offsetOf, rprintf, SString, symbolOf, symbolString, Tuple, Value, valueBuffer, valueSymbol,
} from '../nanos';
import { ConfigKey, ConfigKind, ConfigStatus } from '../lib/config_keys';
import { freeConfigMap, readConfigMap, reportInvalid } from '../lib/config_map';
import { jsonAppendString } from './json_text';

export interface GcpSettings {
    logging: boolean;
    /** logging.log_id; null: the instance host name from the metadata server. */
    logId: Buffer | null;
    loggingEndpoint: Buffer;
    /** Milliseconds between flushes of the console buffer. */
    flushMs: u64;
    bufferSize: u64;
    /** Detect each entry's severity (logging.severity, on by default). */
    severity: boolean;
    /** logging.labels as the manifest has it; null: none. */
    labelTuple: Tuple | null;
    /** logging.labels as the JSON members of an object (without braces); null: none. */
    labels: Buffer | null;
    metrics: boolean;
    /** Seconds between two metric samples. */
    interval: u64;
    disk: boolean;
    includeReadonly: boolean;
    metricsEndpoint: Buffer;
    /** CA certificates (PEM, copied with a NUL) trusted instead of the tls klib's default ones. */
    caCert: Buffer | null;
    /** Seconds the shutdown flush may hold the VM's halt (the kernel itself never gives up). */
    shutdownTimeout: u64;
    /** Seconds between the log shipper's stats lines; 0: only at shutdown. */
    statsInterval: u64;
}

const OFF: SString = 'the gcp klib is off';
// Cloud Logging's limits on a label (LogEntry.labels).
const MAX_LABEL_KEY: bytes = 512;
const MAX_LABEL_VALUE: bytes = 1024;

/** The keys of the `gcp` tuple (lib/config_map.ts says how a row reads). */
const KEYS: readonly ConfigKey[] = [
    {
        name: 'logging', kind: ConfigKind.Section, field: offsetOf<GcpSettings>('logging'), initial: '', range: '',
        doc: 'its presence ships the console to Cloud Logging (stock); absent: no log shipping',
    },
    {
        name: 'logging.log_id', kind: ConfigKind.Text, field: offsetOf<GcpSettings>('logId'), initial: '',
        range: '1..512 [A-Za-z0-9_./-]',
        doc: "the log's id, as Cloud Logging requires it (percent-encoded in `logName`; the stock klib sent any text unencoded); absent: the instance host name from the metadata server (stock)",
    },
    {
        name: 'logging.endpoint', kind: ConfigKind.Host, field: offsetOf<GcpSettings>('loggingEndpoint'),
        initial: 'logging.googleapis.com', range: '', doc: 'host name of the Logging API (port 443)',
    },
    {
        name: 'logging.flush_interval', kind: ConfigKind.Milliseconds, field: offsetOf<GcpSettings>('flushMs'), initial: '1s',
        range: '10ms..1h', doc: 'time between flushes of the console buffer (stock: 10 s)',
    },
    {
        name: 'logging.buffer_size', kind: ConfigKind.Size, field: offsetOf<GcpSettings>('bufferSize'), initial: '8m',
        range: '64k..256m', doc: 'the console buffer (the log ring), as in the cloudwatch klib (stock: 8192 entries)',
    },
    {
        name: 'logging.severity', kind: ConfigKind.Switch, field: offsetOf<GcpSettings>('severity'), initial: 'on',
        range: '', doc: "detect each entry's severity",
    },
    {
        name: 'logging.labels', kind: ConfigKind.Labels, field: offsetOf<GcpSettings>('labelTuple'), initial: '',
        range: '..64', doc: 'labels on every entry: names of at most 512 bytes, values of at most 1024',
    },
    {
        name: 'metrics', kind: ConfigKind.Section, field: offsetOf<GcpSettings>('metrics'), initial: '', range: '',
        doc: 'its presence sends memory metrics (stock); absent: no metrics',
    },
    {
        name: 'metrics.interval', kind: ConfigKind.Seconds, field: offsetOf<GcpSettings>('interval'), initial: '60s',
        range: '60s..', doc: 'time between samples (stock)',
    },
    {
        name: 'metrics.endpoint', kind: ConfigKind.Host, field: offsetOf<GcpSettings>('metricsEndpoint'),
        initial: 'monitoring.googleapis.com', range: '', doc: 'host name of the Monitoring API (port 443)',
    },
    {
        name: 'metrics.disk', kind: ConfigKind.LaxSection, field: offsetOf<GcpSettings>('disk'), initial: '', range: '',
        doc: 'its presence also sends disk series per volume (stock)',
    },
    {
        name: 'metrics.disk.include_readonly', kind: ConfigKind.Presence, field: offsetOf<GcpSettings>('includeReadonly'),
        initial: '', range: '', doc: 'its presence includes read-only volumes (stock)',
    },
    {
        name: 'ca_cert', kind: ConfigKind.Pem, field: offsetOf<GcpSettings>('caCert'), initial: '', range: '',
        doc: "the CAs to trust for both APIs instead of the tls klib's default trust; absent: the tls klib's (Debian's CA bundle)",
    },
    {
        name: 'shutdown_timeout', kind: ConfigKind.Seconds, field: offsetOf<GcpSettings>('shutdownTimeout'), initial: '10s',
        range: '1s..1h', doc: "how long the shutdown flush may hold the VM's halt; then the VM halts with what is left (one console line says what)",
    },
    {
        name: 'stats_interval', kind: ConfigKind.Seconds, field: offsetOf<GcpSettings>('statsInterval'), initial: '',
        range: '0s..24h', doc: "time between the log shipper's stats lines (lines, bytes, requests, failures, drops); absent or 0: one at shutdown",
    },
];

/** Counts the labels written while they are turned into JSON. */
interface LabelWriter {
    out: Buffer;
    count: u64;
    fits: boolean;
}

/**
 * logging.labels as the JSON members of an object (`"k":"v",...`); null (after the line naming the
 * key) when a name or value is longer than Cloud Logging takes, or when out of memory.
 */
function labelsJson(h: Heap, t: Tuple): Buffer | null {
    const w = allocate<LabelWriter>(h);
    if (w === INVALID_ADDRESS) return null;
    w.out = allocateBuffer(h, 256);
    w.count = 0;
    w.fits = w.out !== INVALID_ADDRESS;
    if (w.fits) {
        iterate(t, stackClosure((k: Value, v: Value) => {
            const name = symbolString(valueSymbol(k));
            const value = valueBuffer(v);
            if (bufferLength(name) > MAX_LABEL_KEY || bufferLength(value) > MAX_LABEL_VALUE) w.fits = false;
            if (!w.fits) return false;
            if (w.count > 0) bufferWriteByte(w.out, ','.charCodeAt(0));
            jsonAppendString(w.out, name);
            bufferWriteByte(w.out, ':'.charCodeAt(0));
            jsonAppendString(w.out, value);
            w.count++;
            return true;
        }));
    }
    let out: Buffer | null = w.out;
    if (w.out === INVALID_ADDRESS) {
        rprintf(`gcp: invalid configuration: 'logging.labels' cannot be stored: out of memory; ${OFF}\n`);
        out = null;
    } else if (!w.fits) {
        deallocateBuffer(w.out);
        reportInvalid('gcp', 'logging.labels', 'a tuple of at most 64 names of at most 512 bytes with string values of at most 1024', OFF);
        out = null;
    }
    deallocate(h, w);
    return out;
}

/**
 * Reads the manifest's `gcp` tuple. Null when it is absent (nothing to do) or not valid (after one
 * console line naming the key).
 */
export function readConfig(h: Heap): GcpSettings | null {
    const c: GcpSettings = allocate<GcpSettings>(h);
    if (c === INVALID_ADDRESS) return null;
    c.labels = null;
    let status = readConfigMap(h, getValue(getRootTuple(), symbolOf('gcp')), 'gcp', OFF, KEYS, KEYS.length, c);
    if (status === ConfigStatus.Valid && c.labelTuple !== null) {
        c.labels = labelsJson(h, c.labelTuple!);
        if (c.labels === null) status = ConfigStatus.Invalid;
    }
    if (status === ConfigStatus.Valid) return c;
    freeConfigMap(KEYS, KEYS.length, c);
    deallocate(h, c);
    return null;
}
