// The `syslog` manifest tuple: the stock keys (server, server_port, file, file_max_size,
// file_rotate) with their stock defaults, and ours (protocol, format, facility, app_name, hostname,
// max_message_size, ca_cert, resolve_interval, buffer_size). A value that is not valid gives one console line
// naming the key; the caller then leaves the klib inactive (see the README, section "syslog").
import { bytes, stackClosure, u8, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, bufferByte, bufferCompare, bufferLength, bufferWriteByte, CString,
    deallocate, deallocateBuffer, getEnvironment, getRootTuple, getValue, Heap, SString, INVALID_ADDRESS, isString, isTuple,
    iterate, KSymbol, rprintf, symbolOf, symbolString, Value, valueBuffer, valueSymbol,
} from '../nanos';
import { copyWithNul, isPemText, NOT_A_NUMBER, numberOf, sizeOf } from '../lib/config_values';

export const enum Protocol { Udp, Tcp, Tls }
export const enum Format { Rfc5424, Rfc3164 }

export interface Config {
    /** Host name or address literal of the server; null: no network output. */
    server: Buffer | null;
    port: u32;
    protocol: Protocol;
    format: Format;
    facility: u32;
    /** APP-NAME (and the RFC 3164 TAG): app_name, else IMAGE_NAME, else the program's base name, else "nanos". */
    appName: Buffer | null;
    /** The HOSTNAME field as configured; null: the address of the default interface. */
    hostname: Buffer | null;
    maxMessage: bytes;
    /** Path on the root filesystem; null: no file output. */
    file: Buffer | null;
    fileMaxSize: u64;
    fileRotate: u32;
    /** For protocol tls: the CA certificates (PEM, copied with a NUL) to trust instead of the default ones. */
    caCert: Buffer | null;
    /** Seconds between lookups of `server` while nothing fails. */
    resolveInterval: u64;
    /** Bytes of the log pipe's ring; 0: the default (lines.ts), smaller if the memory is short. */
    bufferSize: u64;
}

const DEFAULT_UDP_TCP_PORT: u32 = 514;
const DEFAULT_TLS_PORT: u32 = 6514;
const DEFAULT_FACILITY: u32 = 1;
const DEFAULT_MAX_MESSAGE: bytes = 2048;
const MIN_MAX_MESSAGE: bytes = 64;
const MAX_MAX_MESSAGE: bytes = 65000;
const DEFAULT_FILE_MAX_SIZE: u64 = 8 << 20;
const DEFAULT_FILE_ROTATE: u32 = 1;
const MAX_FILE_ROTATE: u32 = 9;
const APP_NAME_MAX: bytes = 48;
const HOSTNAME_MAX: bytes = 255;
const DEFAULT_RESOLVE_INTERVAL: u64 = 300;
const MAX_RESOLVE_INTERVAL: u64 = 86400;
const MIN_BUFFER_SIZE: u64 = 64 << 10;
const MAX_BUFFER_SIZE: u64 = 256 << 20;
const SLASH = '/'.charCodeAt(0);
// Facility names in code order (RFC 5424 table 1, with the names syslog.conf uses): a name's
// index is its code.
const FACILITIES: readonly SString[] = [
    'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp',
    'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6',
    'local7',
];

let parsed: Config | null = null;
let parsedHeap: Heap | null = null;
let valid: boolean = true;
let portSet: boolean = false;

function invalid(key: KSymbol, why: SString): void {
    rprintf(`syslog: invalid configuration: '${symbolString(key)}' ${why}\n`);
    valid = false;
}

/** True when b is 1..max printable ASCII characters without spaces (what RFC 5424 header fields allow). */
function isHeaderToken(b: Buffer, max: bytes): boolean {
    const n = bufferLength(b);
    if (n === 0 || n > max) return false;
    for (let i: bytes = 0; i < n; i++) {
        const c = bufferByte(b, i);
        if (c < '!'.charCodeAt(0) || c > '~'.charCodeAt(0)) return false;
    }
    return true;
}

/** The facility code of a name or a number 0-23; NOT_A_NUMBER otherwise. */
function facilityOf(v: Value): u64 {
    const n = numberOf(v);
    if (n !== NOT_A_NUMBER) return n <= 23 ? n : NOT_A_NUMBER;
    if (!isString(v)) return NOT_A_NUMBER;
    const b = valueBuffer(v);
    for (let code: u64 = 0; code < FACILITIES.length; code++) {
        if (bufferCompare(b, FACILITIES[code]) === 0) return code;
    }
    return NOT_A_NUMBER;
}

function stringValue(key: KSymbol, v: Value): Buffer | null {
    if (!isString(v)) {
        invalid(key, 'must be a string');
        return null;
    }
    return valueBuffer(v);
}

function readKey(c: Config, key: KSymbol, v: Value): void {
    if (key === symbolOf('server')) {
        const b = stringValue(key, v);
        if (b !== null && !isHeaderToken(b, HOSTNAME_MAX)) invalid(key, 'must be a host name or an address');
        c.server = b;
    } else if (key === symbolOf('server_port')) {
        const n = numberOf(v);
        if (n === 0 || n > 65535) invalid(key, 'must be a port number, 1 to 65535');
        c.port = n as u32;
        portSet = true;
    } else if (key === symbolOf('protocol')) {
        const b = stringValue(key, v);
        if (b === null) return;
        if (bufferCompare(b, 'udp') === 0) c.protocol = Protocol.Udp;
        else if (bufferCompare(b, 'tcp') === 0) c.protocol = Protocol.Tcp;
        else if (bufferCompare(b, 'tls') === 0) c.protocol = Protocol.Tls;
        else invalid(key, 'must be udp, tcp or tls');
    } else if (key === symbolOf('format')) {
        const b = stringValue(key, v);
        if (b === null) return;
        if (bufferCompare(b, 'rfc5424') === 0) c.format = Format.Rfc5424;
        else if (bufferCompare(b, 'rfc3164') === 0) c.format = Format.Rfc3164;
        else invalid(key, 'must be rfc5424 or rfc3164');
    } else if (key === symbolOf('facility')) {
        const n = facilityOf(v);
        if (n === NOT_A_NUMBER) invalid(key, 'must be a facility name (user, daemon, local0 ... local7) or a number 0 to 23');
        c.facility = n as u32;
    } else if (key === symbolOf('app_name')) {
        const b = stringValue(key, v);
        if (b !== null && !isHeaderToken(b, APP_NAME_MAX)) invalid(key, 'must be 1 to 48 printable characters without spaces');
        if (b !== null) c.appName = b;
    } else if (key === symbolOf('hostname')) {
        const b = stringValue(key, v);
        if (b !== null && !isHeaderToken(b, HOSTNAME_MAX)) invalid(key, 'must be 1 to 255 printable characters without spaces');
        c.hostname = b;
    } else if (key === symbolOf('max_message_size')) {
        const n = numberOf(v);
        if (n < MIN_MAX_MESSAGE || n > MAX_MAX_MESSAGE) invalid(key, 'must be a number of bytes, 64 to 65000');
        c.maxMessage = n;
    } else if (key === symbolOf('file')) {
        const b = stringValue(key, v);
        if (b !== null && bufferLength(b) === 0) invalid(key, 'must be a path');
        c.file = b;
    } else if (key === symbolOf('file_max_size')) {
        const n = sizeOf(v);
        if (n === NOT_A_NUMBER || n === 0) invalid(key, 'must be a size such as 8M, 512k or 1048576');
        c.fileMaxSize = n;
    } else if (key === symbolOf('file_rotate')) {
        const n = numberOf(v);
        if (n > MAX_FILE_ROTATE) invalid(key, 'must be a number of files, 0 to 9');
        c.fileRotate = n as u32;
    } else if (key === symbolOf('resolve_interval')) {
        const n = numberOf(v);
        if (n === 0 || n > MAX_RESOLVE_INTERVAL) invalid(key, 'must be a number of seconds, 1 to 86400');
        c.resolveInterval = n;
    } else if (key === symbolOf('buffer_size')) {
        const n = sizeOf(v);
        if (n < MIN_BUFFER_SIZE || n > MAX_BUFFER_SIZE) invalid(key, 'must be a size from 64k to 256m, such as 8m');
        c.bufferSize = n;
    } else if (key === symbolOf('ca_cert')) {
        const b = stringValue(key, v);
        if (b === null) return;
        if (!isPemText(b)) {
            invalid(key, 'must be PEM text (-----BEGIN CERTIFICATE----- ...)');
            return;
        }
        const pem = parsedHeap !== null ? copyWithNul(parsedHeap, b) : null;
        if (pem === null) {
            invalid(key, 'cannot be copied: out of memory');
            return;
        }
        c.caCert = pem;
    } else {
        // Unknown keys were fatal in the stock klib; a warning lets newer manifests boot.
        rprintf(`syslog: ignoring unknown option '${symbolString(key)}'\n`);
    }
}

// A copy of text[start..] fit for APP-NAME (RFC 5424: 1 to 48 printable ASCII characters): cut at
// 48, every other byte (a space, a control character, a byte of a UTF-8 sequence) made '_'. Null
// when nothing is left or memory is short.
function appNameFrom(h: Heap, text: Buffer, start: bytes): Buffer | null {
    const n = bufferLength(text);
    if (start >= n) return null;
    const name = allocateBuffer(h, APP_NAME_MAX);
    if (name === INVALID_ADDRESS) return null;
    for (let i: bytes = start; i < n && i - start < APP_NAME_MAX; i++) {
        const ch: u8 = bufferByte(text, i);
        bufferWriteByte(name, ch > ' '.charCodeAt(0) && ch < 127 ? ch : '_'.charCodeAt(0));
    }
    return name;
}

// The default APP-NAME, in the stock klib's order: the IMAGE_NAME environment variable (ops sets it
// to the image's name), else the root `program`. The stock klib took both as they were; `program`
// is a path (`/myapp`), of which we take the base name (`myapp`), and both are made fit for the
// field (appNameFrom) rather than sent with spaces or past 48 characters.
function defaultAppName(h: Heap): Buffer | null {
    const env = getEnvironment();
    const image = env !== null ? getValue(env, symbolOf('IMAGE_NAME')) : null;
    if (image !== null && isString(image)) {
        const name = appNameFrom(h, valueBuffer(image), 0);
        if (name !== null) return name;
    }
    const v = getValue(getRootTuple(), symbolOf('program'));
    if (v === null || !isString(v)) return null;
    const path = valueBuffer(v);
    let start: bytes = 0;
    for (let i: bytes = 0; i < bufferLength(path); i++) if (bufferByte(path, i) === SLASH) start = i + 1;
    return appNameFrom(h, path, start);
}

function setDefaults(c: Config): void {
    c.server = null;
    c.port = DEFAULT_UDP_TCP_PORT;
    c.protocol = Protocol.Udp;
    c.format = Format.Rfc5424;
    c.facility = DEFAULT_FACILITY;
    c.hostname = null;
    c.appName = null;
    c.maxMessage = DEFAULT_MAX_MESSAGE;
    c.file = null;
    c.fileMaxSize = DEFAULT_FILE_MAX_SIZE;
    c.fileRotate = DEFAULT_FILE_ROTATE;
    c.caCert = null;
    c.resolveInterval = DEFAULT_RESOLVE_INTERVAL;
    c.bufferSize = 0;
}

/** Reads the manifest's `syslog` tuple; null (after saying why) when absent or not valid. */
export function readConfig(h: Heap): Config | null {
    const v = getValue(getRootTuple(), symbolOf('syslog'));
    if (v === null) {
        rprintf('syslog: no configuration (manifest key \'syslog\'): syslog output disabled\n');
        return null;
    }
    if (!isTuple(v)) {
        rprintf('syslog: invalid configuration: \'syslog\' must be a tuple: syslog output disabled\n');
        return null;
    }
    const c: Config = allocate<Config>(h);
    if (c === INVALID_ADDRESS) return null;
    setDefaults(c);
    valid = true;
    portSet = false;
    parsed = c;
    parsedHeap = h;
    iterate(v, stackClosure((k: Value, val: Value) => {
        if (parsed !== null) readKey(parsed, valueSymbol(k), val);
        return true;
    }));
    if (!portSet && c.protocol === Protocol.Tls) c.port = DEFAULT_TLS_PORT;
    parsed = null;
    if (!valid) {
        rprintf('syslog: syslog output disabled\n');
        if (c.caCert !== null) deallocateBuffer(c.caCert);
        deallocate(h, c);
        return null;
    }
    if (c.appName === null) c.appName = defaultAppName(h);
    if (c.appName === null || bufferLength(c.appName) === 0) {
        const fallback = allocateBuffer(h, 8);
        if (fallback === INVALID_ADDRESS) return null;
        bprintf(fallback, 'nanos');
        c.appName = fallback;
    }
    return c;
}
