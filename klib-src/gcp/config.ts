// The `gcp` manifest tuple. The stock keys keep their meaning and defaults (logging, logging.log_id,
// metrics, metrics.interval with its 60 s minimum, metrics.disk, metrics.disk.include_readonly);
// ours are documented in the README. A value that is not valid gives one console line naming the
// key, and the klib stays off: the VM keeps running (the stock klib halted the boot).
import { bytes, stackClosure, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, deallocateBuffer, Buffer, bufferByte, bufferFind, bufferLength,
    bufferWriteByte, getRootTuple, getValue, Heap, INVALID_ADDRESS, isString, isTuple, iterate, KSymbol, rprintf,
    SString, symbolOf, symbolString, Tuple, Value, valueBuffer, valueSymbol, valueTuple,
} from '../nanos';
import { copyWithNul, isPemText, LOG_BUFFER_RULE, logBufferSizeOf, NOT_A_NUMBER, numberOf } from '../lib/config_values';
import { jsonAppendString } from './json_text';

export interface GcpSettings {
    logging: boolean;
    /** logging.log_id; null: the instance host name from the metadata server. */
    logId: Buffer | null;
    loggingEndpoint: Buffer;
    /** Seconds between flushes of the console buffer. */
    flushInterval: u64;
    bufferSize: u64;
    /** Detect each entry's severity (logging.severity, on by default). */
    severity: boolean;
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

export const DEFAULT_INTERVAL: u64 = 60;
const MIN_INTERVAL: u64 = 60;
const DEFAULT_FLUSH_INTERVAL: u64 = 1;
const MAX_FLUSH_INTERVAL: u64 = 3600;
export const DEFAULT_SHUTDOWN_TIMEOUT: u64 = 10;
const MAX_SHUTDOWN_TIMEOUT: u64 = 3600;
export const DEFAULT_BUFFER_SIZE: u64 = 1 << 20;
const MAX_LABELS: u64 = 64;
const MAX_LABEL_KEY: bytes = 512;
const MAX_LABEL_VALUE: bytes = 1024;
const MAX_LOG_ID: bytes = 512;
const MAX_HOST: bytes = 253;

let valid: boolean = true;
let parsing: GcpSettings | null = null;
/** The record being read; kept afterwards too, so nothing allocated here is unreachable. */
let labelCount: u64 = 0;

function invalid(key: SString, why: SString): void {
    rprintf(`gcp: invalid configuration: '${key}' ${why}; the gcp klib is off\n`);
    valid = false;
}

/** on/off switches: "on", "true", "off", "false". */
function switchOf(key: SString, v: Value, dflt: boolean): boolean {
    if (!isString(v)) {
        invalid(key, 'must be on or off');
        return dflt;
    }
    const b = valueBuffer(v);
    if (bufferFind(b, 'on') === 0 && bufferLength(b) === 2) return true;
    if (bufferFind(b, 'true') === 0 && bufferLength(b) === 4) return true;
    if (bufferFind(b, 'off') === 0 && bufferLength(b) === 3) return false;
    if (bufferFind(b, 'false') === 0 && bufferLength(b) === 5) return false;
    invalid(key, 'must be on or off');
    return dflt;
}

/** A host name: 1 to 253 letters, digits, dots and dashes. */
function hostOf(key: SString, v: Value): Buffer | null {
    if (!isString(v)) {
        invalid(key, 'must be a host name');
        return null;
    }
    const b = valueBuffer(v);
    const n = bufferLength(b);
    let ok = n > 0 && n <= MAX_HOST;
    for (let i: bytes = 0; ok && i < n; i++) {
        const c = bufferByte(b, i);
        ok = (c >= 'a'.charCodeAt(0) && c <= 'z'.charCodeAt(0)) || (c >= 'A'.charCodeAt(0) &&
            c <= 'Z'.charCodeAt(0)) || (c >= '0'.charCodeAt(0) && c <= '9'.charCodeAt(0)) ||
            c === '.'.charCodeAt(0) || c === '-'.charCodeAt(0);
    }
    if (!ok) {
        invalid(key, 'must be a host name');
        return null;
    }
    return b;
}

/** What Cloud Logging takes as a LOG_ID: 1 to 512 of [A-Za-z0-9_./-]. */
function isLogId(b: Buffer): boolean {
    const n = bufferLength(b);
    if (n === 0 || n > MAX_LOG_ID) return false;
    for (let i: bytes = 0; i < n; i++) {
        const c = bufferByte(b, i);
        const ok = (c >= 'a'.charCodeAt(0) && c <= 'z'.charCodeAt(0)) || (c >= 'A'.charCodeAt(0) &&
            c <= 'Z'.charCodeAt(0)) || (c >= '0'.charCodeAt(0) && c <= '9'.charCodeAt(0)) ||
            c === '_'.charCodeAt(0) || c === '.'.charCodeAt(0) ||
            c === '/'.charCodeAt(0) || c === '-'.charCodeAt(0);
        if (!ok) return false;
    }
    return true;
}

function copyText(h: Heap, text: SString): Buffer {
    const b = allocateBuffer(h, 32);
    if (b !== INVALID_ADDRESS) bprintf(b, `${text}`);
    return b;
}

function readLabel(c: GcpSettings, k: KSymbol, v: Value): void {
    const name = symbolString(k);
    if (!isString(v) || bufferLength(valueBuffer(v)) > MAX_LABEL_VALUE || bufferLength(name) > MAX_LABEL_KEY ||
        labelCount === MAX_LABELS) {
        invalid('logging.labels', 'must map at most 64 names to strings of at most 1024 bytes');
        return;
    }
    const out = c.labels;
    if (out === null) return;
    if (labelCount > 0) bufferWriteByte(out, ','.charCodeAt(0));
    jsonAppendString(out, name);
    bufferWriteByte(out, ':'.charCodeAt(0));
    jsonAppendString(out, valueBuffer(v));
    labelCount++;
}

function readLogging(c: GcpSettings, h: Heap, t: Tuple): void {
    const logId = getValue(t, symbolOf('log_id'));
    if (logId !== null) {
        if (!isString(logId) || !isLogId(valueBuffer(logId))) {
            // Cloud Logging would refuse every request: better said once, now.
            invalid('logging.log_id', 'must be 1 to 512 letters, digits, and _ . / -');
        } else {
            c.logId = valueBuffer(logId);
        }
    }
    const endpoint = getValue(t, symbolOf('endpoint'));
    if (endpoint !== null) {
        const b = hostOf('logging.endpoint', endpoint);
        if (b !== null) {
            if (c.loggingEndpoint !== INVALID_ADDRESS) deallocateBuffer(c.loggingEndpoint);
            c.loggingEndpoint = b;
        }
    }
    const flush = getValue(t, symbolOf('flush_interval'));
    if (flush !== null) {
        const n = numberOf(flush);
        if (n === 0 || n > MAX_FLUSH_INTERVAL) invalid('logging.flush_interval', 'must be a number of seconds, 1 to 3600');
        else c.flushInterval = n;
    }
    const size = getValue(t, symbolOf('buffer_size'));
    if (size !== null) {
        const n = logBufferSizeOf(size);
        if (n === NOT_A_NUMBER) invalid('logging.buffer_size', LOG_BUFFER_RULE);
        else c.bufferSize = n;
    }
    const severity = getValue(t, symbolOf('severity'));
    if (severity !== null) c.severity = switchOf('logging.severity', severity, true);
    const labels = getValue(t, symbolOf('labels'));
    if (labels !== null) {
        if (!isTuple(labels)) {
            invalid('logging.labels', 'must be a tuple of names and strings');
            return;
        }
        const out = allocateBuffer(h, 256);
        if (out === INVALID_ADDRESS) {
            invalid('logging.labels', 'cannot be stored: out of memory');
            return;
        }
        c.labels = out;
        labelCount = 0;
        iterate(labels, stackClosure((k: Value, val: Value) => {
            if (parsing !== null) readLabel(parsing, valueSymbol(k), val);
            return true;
        }));
    }
}

function readMetrics(c: GcpSettings, t: Tuple): void {
    const interval = getValue(t, symbolOf('interval'));
    if (interval !== null) {
        const n = numberOf(interval);
        if (n === NOT_A_NUMBER || n < MIN_INTERVAL) {
            invalid('metrics.interval', 'must be a number of seconds, at least 60');
        } else {
            c.interval = n;
        }
    }
    const endpoint = getValue(t, symbolOf('endpoint'));
    if (endpoint !== null) {
        const b = hostOf('metrics.endpoint', endpoint);
        if (b !== null) {
            if (c.metricsEndpoint !== INVALID_ADDRESS) deallocateBuffer(c.metricsEndpoint);
            c.metricsEndpoint = b;
        }
    }
    // As stock: a disk value that is not a tuple is ignored; any include_readonly value counts.
    const disk = getValue(t, symbolOf('disk'));
    if (disk !== null && isTuple(disk)) {
        c.disk = true;
        c.includeReadonly = getValue(valueTuple(disk), symbolOf('include_readonly')) !== null;
    }
}

function readCaCert(c: GcpSettings, h: Heap, v: Value): void {
    if (!isString(v) || !isPemText(valueBuffer(v))) {
        invalid('ca_cert', 'must be PEM text (-----BEGIN CERTIFICATE----- ...)');
        return;
    }
    const pem = copyWithNul(h, valueBuffer(v));
    if (pem === null) {
        invalid('ca_cert', 'cannot be copied: out of memory');
        return;
    }
    c.caCert = pem;
}

/**
 * Reads the manifest's `gcp` tuple. Null when it is absent (nothing to do) or not valid (after one
 * console line naming the key).
 */
export function readConfig(h: Heap): GcpSettings | null {
    const v = getValue(getRootTuple(), symbolOf('gcp'));
    if (v === null) return null;
    if (!isTuple(v)) {
        rprintf('gcp: invalid configuration: \'gcp\' must be a tuple; the gcp klib is off\n');
        return null;
    }
    const t = valueTuple(v);
    const c: GcpSettings = allocate<GcpSettings>(h);
    if (c === INVALID_ADDRESS) return null;
    c.logging = false;
    c.logId = null;
    c.loggingEndpoint = copyText(h, 'logging.googleapis.com');
    c.flushInterval = DEFAULT_FLUSH_INTERVAL;
    c.bufferSize = DEFAULT_BUFFER_SIZE;
    c.severity = true;
    c.labels = null;
    c.metrics = false;
    c.interval = DEFAULT_INTERVAL;
    c.disk = false;
    c.includeReadonly = false;
    c.metricsEndpoint = copyText(h, 'monitoring.googleapis.com');
    c.caCert = null;
    c.shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    c.statsInterval = 0;
    valid = c.loggingEndpoint !== INVALID_ADDRESS && c.metricsEndpoint !== INVALID_ADDRESS;
    parsing = c;
    const logging = getValue(t, symbolOf('logging'));
    if (logging !== null) {
        if (isTuple(logging)) {
            c.logging = true;
            readLogging(c, h, valueTuple(logging));
        } else {
            invalid('logging', 'must be a tuple');
        }
    }
    const metrics = getValue(t, symbolOf('metrics'));
    if (metrics !== null) {
        if (isTuple(metrics)) {
            c.metrics = true;
            readMetrics(c, valueTuple(metrics));
        } else {
            invalid('metrics', 'must be a tuple');
        }
    }
    const ca = getValue(t, symbolOf('ca_cert'));
    if (ca !== null) readCaCert(c, h, ca);
    const shutdownTimeout = getValue(t, symbolOf('shutdown_timeout'));
    if (shutdownTimeout !== null) {
        const n = numberOf(shutdownTimeout);
        if (n === NOT_A_NUMBER || n === 0 || n > MAX_SHUTDOWN_TIMEOUT) invalid('shutdown_timeout', 'must be a number of seconds, 1 to 3600');
        else c.shutdownTimeout = n;
    }
    const stats = getValue(t, symbolOf('stats_interval'));
    if (stats !== null) {
        const n = numberOf(stats);
        if (n === NOT_A_NUMBER || n > 86400) invalid('stats_interval', 'must be a number of seconds, 0 (off) to 86400');
        else c.statsInterval = n;
    }
    if (!valid) return null;
    return c;
}
