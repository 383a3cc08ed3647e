// The `cloudwatch` manifest tuple. Stock keys: mem_metrics_interval, logging.log_group,
// logging.log_stream. Ours: region, ca_cert, metrics_endpoint, shutdown_timeout, stats_interval,
// logging.endpoint, logging.flush_interval, logging.buffer_size, logging.retention_days (README.md).
// Values arrive as strings. A value that is not valid gives one console line naming the key; the caller then
// leaves the klib off and the VM keeps running (the stock klib halted the boot).
import { bytes, stackClosure, u32, u64 } from '../dialect';
import {
    allocate, Buffer, bufferByte, deallocateBuffer, bufferLength, deallocate, getRootTuple, getValue, Heap,
    INVALID_ADDRESS, isString, isTuple, iterate, KSymbol, rprintf, SString, symbolOf, symbolString, Tuple, Value,
    valueBuffer, valueSymbol, valueTuple,
} from '../nanos';
import {
    copyWithNul, isPemText, LOG_BUFFER_RULE, logBufferSizeOf, NOT_A_NUMBER, numberOf, parseDecimal,
} from '../lib/config_values';

export interface Config {
    logging: boolean;
    /** null: the IMAGE_NAME environment variable, else the program's name (see cloudwatch.ts). */
    logGroup: Buffer | null;
    /** null: the instance id. */
    logStream: Buffer | null;
    /** Seconds between memory samples; 0: no metrics. */
    metricsInterval: u64;
    /** null: the instance's region, from the metadata service. */
    region: Buffer | null;
    /** host[:port] overriding logs.<region>.amazonaws.com:443; null: that default. */
    logsEndpoint: Buffer | null;
    /** host[:port] overriding monitoring.<region>.amazonaws.com:443; null: that default. */
    metricsEndpoint: Buffer | null;
    flushMs: u64;
    bufferSize: u64;
    /** Days for PutRetentionPolicy; 0: leave the group's retention alone. */
    retentionDays: u32;
    /** PEM (NUL-terminated) to trust instead of the tls klib's default CAs; null: the default. */
    caCert: Buffer | null;
    /** Seconds the shutdown flush may hold the VM's halt (the kernel itself never gives up). */
    shutdownTimeout: u64;
    /** Seconds between the log shipper's stats lines; 0: only at shutdown. */
    statsInterval: u64;
}

const DEFAULT_FLUSH_MS: u64 = 1000;
const MIN_FLUSH_MS: u64 = 10;
const MAX_FLUSH_MS: u64 = 3600 * 1000;
export const DEFAULT_SHUTDOWN_TIMEOUT: u64 = 10;
const MAX_SHUTDOWN_TIMEOUT: u64 = 3600;
export const DEFAULT_BUFFER_SIZE: u64 = 4 << 20;
const MAX_NAME: bytes = 512;
const MAX_ENDPOINT: bytes = 253 + 6;

let valid: boolean = true;

function invalid(prefix: SString, key: KSymbol, why: SString): void {
    rprintf(`cloudwatch: invalid configuration: '${prefix}${symbolString(key)}' ${why}; CloudWatch disabled\n`);
    valid = false;
}

/** The retention periods PutRetentionPolicy accepts, in days. */
const RETENTION_DAYS: readonly u32[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export function isRetentionDays(n: u64): boolean {
    for (let i: u32 = 0; i < RETENTION_DAYS.length; i++) {
        if (RETENTION_DAYS[i] === n) return true;
    }
    return false;
}

// A log group or stream name: 1..512 bytes, no ':' and no control characters (CloudWatch's rule).
function isLogName(b: Buffer): boolean {
    const n = bufferLength(b);
    if (n === 0 || n > MAX_NAME) return false;
    for (let i: bytes = 0; i < n; i++) {
        const c = bufferByte(b, i);
        if (c < ' '.charCodeAt(0) || c === 127 || c === ':'.charCodeAt(0)) return false;
    }
    return true;
}

/** host[:port]: host name characters, and a port 1..65535 when given. */
export function isEndpoint(b: Buffer): boolean {
    const n = bufferLength(b);
    if (n === 0 || n > MAX_ENDPOINT) return false;
    let colon: bytes = n;
    for (let i: bytes = 0; i < n; i++) {
        const c = bufferByte(b, i);
        if (c === ':'.charCodeAt(0)) {
            if (colon !== n) return false;
            colon = i;
        } else if (colon === n && !((c >= 'a'.charCodeAt(0) && c <= 'z'.charCodeAt(0)) || (c >= 'A'.charCodeAt(0) &&
            c <= 'Z'.charCodeAt(0)) || (c >= '0'.charCodeAt(0) && c <= '9'.charCodeAt(0)) ||
                                     c === '-'.charCodeAt(0) || c === '.'.charCodeAt(0))) {
            return false;
        }
    }
    if (colon === 0) return false;
    if (colon === n) return true;
    const port = parseDecimal(b, colon + 1, n);
    return port >= 1 && port <= 65535;
}

// Region names: lowercase letters, digits and dashes (us-east-1, eu-west-3, us-gov-west-1).
function isRegion(b: Buffer): boolean {
    const n = bufferLength(b);
    if (n === 0 || n > 32) return false;
    for (let i: bytes = 0; i < n; i++) {
        const c = bufferByte(b, i);
        if (!((c >= 'a'.charCodeAt(0) && c <= 'z'.charCodeAt(0)) || (c >= '0'.charCodeAt(0) &&
            c <= '9'.charCodeAt(0)) || c === '-'.charCodeAt(0))) return false;
    }
    return true;
}

function stringValue(prefix: SString, key: KSymbol, v: Value): Buffer | null {
    if (!isString(v)) {
        invalid(prefix, key, 'must be a string');
        return null;
    }
    return valueBuffer(v);
}

function readLoggingKey(c: Config, key: KSymbol, v: Value): void {
    if (key === symbolOf('log_group')) {
        const b = stringValue('logging.', key, v);
        if (b !== null && !isLogName(b)) invalid('logging.', key, 'must be 1 to 512 characters, without \':\' or control characters');
        c.logGroup = b;
    } else if (key === symbolOf('log_stream')) {
        const b = stringValue('logging.', key, v);
        if (b !== null && !isLogName(b)) invalid('logging.', key, 'must be 1 to 512 characters, without \':\' or control characters');
        c.logStream = b;
    } else if (key === symbolOf('endpoint')) {
        const b = stringValue('logging.', key, v);
        if (b !== null && !isEndpoint(b)) invalid('logging.', key, 'must be host or host:port');
        c.logsEndpoint = b;
    } else if (key === symbolOf('flush_interval')) {
        const n = numberOf(v);
        if (n === NOT_A_NUMBER || n === 0 || n > 3600) invalid('logging.', key, 'must be a number of seconds, 1 to 3600');
        c.flushMs = n * 1000;
    } else if (key === symbolOf('flush_interval_ms')) {
        const n = numberOf(v);
        if (n < MIN_FLUSH_MS || n > MAX_FLUSH_MS) invalid('logging.', key, 'must be a number of milliseconds, 10 to 3600000');
        c.flushMs = n;
    } else if (key === symbolOf('buffer_size')) {
        const n = logBufferSizeOf(v);
        if (n === NOT_A_NUMBER) invalid('logging.', key, LOG_BUFFER_RULE);
        c.bufferSize = n;
    } else if (key === symbolOf('retention_days')) {
        const n = numberOf(v);
        if (!isRetentionDays(n)) invalid('logging.', key, 'must be one of 1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 2557 2922 3288 3653');
        c.retentionDays = n as u32;
    } else {
        rprintf(`cloudwatch: ignoring unknown option 'logging.${symbolString(key)}'\n`);
    }
}

function readKey(c: Config, h: Heap, key: KSymbol, v: Value): void {
    if (key === symbolOf('logging')) {
        if (!isTuple(v)) {
            invalid('', key, 'must be a tuple');
            return;
        }
        c.logging = true;
        iterate(valueTuple(v), stackClosure((k: Value, val: Value) => {
            readLoggingKey(c, valueSymbol(k), val);
            return true;
        }));
    } else if (key === symbolOf('mem_metrics_interval')) {
        const n = numberOf(v);
        if (n === NOT_A_NUMBER || n > 86400) invalid('', key, 'must be a number of seconds, 0 (off) to 86400');
        c.metricsInterval = n;
    } else if (key === symbolOf('region')) {
        const b = stringValue('', key, v);
        if (b !== null && !isRegion(b)) invalid('', key, 'must be a region name such as us-east-1');
        c.region = b;
    } else if (key === symbolOf('shutdown_timeout')) {
        const n = numberOf(v);
        if (n === NOT_A_NUMBER || n === 0 || n > MAX_SHUTDOWN_TIMEOUT) invalid('', key, 'must be a number of seconds, 1 to 3600');
        c.shutdownTimeout = n;
    } else if (key === symbolOf('stats_interval')) {
        const n = numberOf(v);
        if (n === NOT_A_NUMBER || n > 86400) invalid('', key, 'must be a number of seconds, 0 (off) to 86400');
        c.statsInterval = n;
    } else if (key === symbolOf('metrics_endpoint')) {
        const b = stringValue('', key, v);
        if (b !== null && !isEndpoint(b)) invalid('', key, 'must be host or host:port');
        c.metricsEndpoint = b;
    } else if (key === symbolOf('ca_cert')) {
        const b = stringValue('', key, v);
        if (b === null) return;
        if (!isPemText(b)) {
            invalid('', key, 'must be PEM text (-----BEGIN CERTIFICATE----- ...)');
            return;
        }
        const pem = copyWithNul(h, b);
        if (pem === null) {
            invalid('', key, 'cannot be copied: out of memory');
            return;
        }
        c.caCert = pem;
    } else {
        rprintf(`cloudwatch: ignoring unknown option '${symbolString(key)}'\n`);
    }
}

function setDefaults(c: Config): void {
    c.logging = false;
    c.logGroup = null;
    c.logStream = null;
    c.metricsInterval = 0;
    c.region = null;
    c.logsEndpoint = null;
    c.metricsEndpoint = null;
    c.flushMs = DEFAULT_FLUSH_MS;
    c.bufferSize = DEFAULT_BUFFER_SIZE;
    c.retentionDays = 0;
    c.caCert = null;
    c.shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    c.statsInterval = 0;
}

/**
 * Reads the manifest's `cloudwatch` tuple. Null when absent (silently: the klib is simply not
 * configured), or not valid (after saying why).
 */
export function readConfig(h: Heap, root: Tuple): Config | null {
    const v = getValue(root, symbolOf('cloudwatch'));
    if (v === null) return null;
    if (!isTuple(v)) {
        rprintf('cloudwatch: invalid configuration: \'cloudwatch\' must be a tuple: CloudWatch disabled\n');
        return null;
    }
    const c: Config = allocate<Config>(h);
    if (c === INVALID_ADDRESS) return null;
    setDefaults(c);
    valid = true;
    iterate(v, stackClosure((k: Value, val: Value) => {
        readKey(c, h, valueSymbol(k), val);
        return true;
    }));
    if (!valid) {
        if (c.caCert !== null) deallocateBuffer(c.caCert);
        deallocate(h, c);
        return null;
    }
    return c;
}

/** The configuration from the root tuple (the manifest). */
export function readManifestConfig(h: Heap): Config | null {
    return readConfig(h, getRootTuple());
}
