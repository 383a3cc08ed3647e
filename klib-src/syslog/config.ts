// The `syslog` manifest tuple: its keys, declared once (KEYS), read by the one reader
// (lib/config_map.ts), listed in the README from the same rows: the stock keys (server,
// server_port, file, file_max_size, file_rotate) with their stock defaults, and ours (protocol,
// format, facility, app_name, hostname, max_message_size, ca_cert, resolve_interval,
// buffer_size). A value that is not valid gives one console line naming the key; the caller then
// leaves the klib inactive (see the README, section "syslog").
import { bytes, u8, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, bufferByte, bufferLength, bufferWriteByte, deallocate, getEnvironment,
    getRootTuple, getValue, Heap, INVALID_ADDRESS, isString, offsetOf, rprintf, symbolOf, valueBuffer,
} from '../nanos';
import { ConfigKey, ConfigKind, ConfigStatus } from '../lib/config_keys';
import { freeConfigMap, readConfigMap } from '../lib/config_map';

export const enum Protocol { Udp, Tcp, Tls }
export const enum Format { Rfc5424, Rfc3164 }

export interface Config {
    /** Host name or address literal of the server; null: no network output. */
    server: Buffer | null;
    /** 0 until read: then server_port, else the protocol's port. */
    port: u64;
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
    fileRotate: u64;
    /** For protocol tls: the CA certificates (PEM, copied with a NUL) to trust instead of the default ones. */
    caCert: Buffer | null;
    /** Seconds between lookups of `server` while nothing fails. */
    resolveInterval: u64;
    /** Bytes of the log pipe's ring; 0: the default (lines.ts), smaller if the memory is short. */
    bufferSize: u64;
}

const DEFAULT_UDP_TCP_PORT: u64 = 514;
const DEFAULT_TLS_PORT: u64 = 6514;
const APP_NAME_MAX: bytes = 48;
const SLASH = '/'.charCodeAt(0);

/** The keys of the `syslog` tuple (lib/config_map.ts says how a row reads). */
const KEYS: readonly ConfigKey[] = [
    {
        name: 'server', kind: ConfigKind.Text, field: offsetOf<Config>('server'), initial: '', range: '1..255 [!-~]',
        doc: 'host name, IPv4 or IPv6 literal of the server (stock); absent: no network output',
    },
    {
        name: 'server_port', kind: ConfigKind.Integer, field: offsetOf<Config>('port'), initial: '', range: '1..65535',
        doc: 'its port (stock); absent: 514, or 6514 with `protocol: tls`',
    },
    {
        name: 'file', kind: ConfigKind.Text, field: offsetOf<Config>('file'), initial: '', range: '1..',
        doc: 'path of a file on the root filesystem (stock; a leading `/` is optional, missing directories are created); absent: no file',
    },
    {
        name: 'file_max_size', kind: ConfigKind.Size, field: offsetOf<Config>('fileMaxSize'), initial: '8M', range: '1..',
        doc: "the file's size before it is rotated (stock)",
    },
    {
        name: 'file_rotate', kind: ConfigKind.Integer, field: offsetOf<Config>('fileRotate'), initial: '1', range: '0..9',
        doc: 'old files kept (`file.1` newest ... `file.N`); 0 truncates instead (stock)',
    },
    {
        name: 'protocol', kind: ConfigKind.Choice, field: offsetOf<Config>('protocol'), initial: 'udp', range: 'udp tcp tls',
        doc: 'RFC 5426 (UDP), RFC 6587 octet counting (TCP), RFC 5425 (TLS)',
    },
    {
        name: 'format', kind: ConfigKind.Choice, field: offsetOf<Config>('format'), initial: 'rfc5424', range: 'rfc5424 rfc3164',
        doc: 'the message format',
    },
    {
        name: 'facility', kind: ConfigKind.ChoiceOrNumber, field: offsetOf<Config>('facility'), initial: 'user',
        // RFC 5424 table 1, with the names syslog.conf uses: a name's position is its code.
        range: 'kern user mail daemon auth syslog lpr news uucp cron authpriv ftp ntp security console solaris-cron local0 local1 local2 local3 local4 local5 local6 local7',
        doc: 'the facility, by name or code',
    },
    {
        name: 'app_name', kind: ConfigKind.Text, field: offsetOf<Config>('appName'), initial: '', range: '1..48 [!-~]',
        doc: "APP-NAME (the TAG in RFC 3164); absent: the `IMAGE_NAME` environment variable, else the base name of the manifest's `program` (below)",
    },
    {
        name: 'hostname', kind: ConfigKind.Text, field: offsetOf<Config>('hostname'), initial: '', range: '1..255 [!-~]',
        doc: "HOSTNAME; absent: the default interface's IPv4 address",
    },
    {
        name: 'max_message_size', kind: ConfigKind.Integer, field: offsetOf<Config>('maxMessage'), initial: '2048',
        range: '64..65000', doc: 'the longest message text in bytes; a longer line is cut into several messages',
    },
    {
        name: 'ca_cert', kind: ConfigKind.Pem, field: offsetOf<Config>('caCert'), initial: '', range: '',
        doc: "the CAs to trust for `protocol: tls`, instead of the tls klib's default trust (Debian's CA bundle)",
    },
    {
        name: 'resolve_interval', kind: ConfigKind.Seconds, field: offsetOf<Config>('resolveInterval'), initial: '5m',
        range: '1s..24h', doc: 'time between lookups of `server` while nothing fails',
    },
    {
        name: 'buffer_size', kind: ConfigKind.Size, field: offsetOf<Config>('bufferSize'), initial: '', range: '64k..256m',
        doc: 'the log ring, allocated at boot, at least 4 x (`max_message_size` + 32); absent: 8 MiB, halved while that would take more than half of the free memory (the console says so)',
    },
];

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

/** Reads the manifest's `syslog` tuple; null (after saying why) when absent or not valid. */
export function readConfig(h: Heap): Config | null {
    const v = getValue(getRootTuple(), symbolOf('syslog'));
    if (v === null) {
        rprintf('syslog: no configuration (manifest key \'syslog\'): syslog output disabled\n');
        return null;
    }
    const c: Config = allocate<Config>(h);
    if (c === INVALID_ADDRESS) return null;
    if (readConfigMap(h, v, 'syslog', 'syslog output disabled', KEYS, KEYS.length, c) !== ConfigStatus.Valid) {
        freeConfigMap(KEYS, KEYS.length, c);
        deallocate(h, c);
        return null;
    }
    if (c.port === 0) c.port = c.protocol === Protocol.Tls ? DEFAULT_TLS_PORT : DEFAULT_UDP_TCP_PORT;
    if (c.appName === null) c.appName = defaultAppName(h);
    if (c.appName === null || bufferLength(c.appName) === 0) {
        const fallback = allocateBuffer(h, 8);
        if (fallback === INVALID_ADDRESS) return null;
        bprintf(fallback, 'nanos');
        c.appName = fallback;
    }
    return c;
}
