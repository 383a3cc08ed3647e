// The `cloudwatch` manifest tuple: its keys, declared once (KEYS), read by the one reader
// (lib/config_map.ts), listed in the README from the same rows. Stock keys: mem_metrics_interval,
// logging.log_group, logging.log_stream; the others are ours. A value that is not valid gives one
// console line naming the key; the klib then stays off and the VM keeps running (the stock klib
// halted the boot).
import { u64 } from '../dialect';
import { allocate, Buffer, deallocate, getRootTuple, getValue, Heap, INVALID_ADDRESS, offsetOf, symbolOf, Tuple } from '../nanos';
import { ConfigKey, ConfigKind, ConfigStatus } from '../lib/config_keys';
import { freeConfigMap, readConfigMap } from '../lib/config_map';

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
    retentionDays: u64;
    /** PEM (NUL-terminated) to trust instead of the tls klib's default CAs; null: the default. */
    caCert: Buffer | null;
    /** Seconds the shutdown flush may hold the VM's halt (the kernel itself never gives up). */
    shutdownTimeout: u64;
    /** Seconds between the log shipper's stats lines; 0: only at shutdown. */
    statsInterval: u64;
}

/** The keys of the `cloudwatch` tuple (lib/config_map.ts says how a row reads). */
const KEYS: readonly ConfigKey[] = [
    {
        name: 'mem_metrics_interval', kind: ConfigKind.Seconds, field: offsetOf<Config>('metricsInterval'), initial: '',
        range: '0s..24h', doc: 'time between memory samples (PutMetricData); absent or 0: no metrics',
    },
    {
        name: 'region', kind: ConfigKind.Text, field: offsetOf<Config>('region'), initial: '', range: '1..32 [a-z0-9-]',
        doc: "the AWS region, such as `eu-west-3`; absent: the instance's (IMDS `placement/region`)",
    },
    {
        name: 'metrics_endpoint', kind: ConfigKind.Endpoint, field: offsetOf<Config>('metricsEndpoint'), initial: '', range: '',
        doc: 'the CloudWatch endpoint, HTTPS (port 443 unless given); absent: `monitoring.<region>.amazonaws.com`',
    },
    {
        name: 'ca_cert', kind: ConfigKind.Pem, field: offsetOf<Config>('caCert'), initial: '', range: '',
        doc: "the CAs to trust (only) for CloudWatch's endpoints; absent: the tls klib's trust",
    },
    {
        name: 'shutdown_timeout', kind: ConfigKind.Seconds, field: offsetOf<Config>('shutdownTimeout'), initial: '10s',
        range: '1s..1h', doc: "how long the shutdown flush may hold the VM's halt; then the VM halts with what is left (one console line says what)",
    },
    {
        name: 'stats_interval', kind: ConfigKind.Seconds, field: offsetOf<Config>('statsInterval'), initial: '',
        range: '0s..24h', doc: "time between the log shipper's stats lines (lines, bytes, requests, failures, drops); absent or 0: one at shutdown",
    },
    {
        name: 'logging', kind: ConfigKind.Section, field: offsetOf<Config>('logging'), initial: '', range: '',
        doc: 'its presence turns log shipping on; absent: no log shipping',
    },
    {
        name: 'logging.log_group', kind: ConfigKind.Text, field: offsetOf<Config>('logGroup'), initial: '', range: '1..512 [^:]',
        doc: 'the log group; absent: the `IMAGE_NAME` environment variable, else the `program`',
    },
    {
        name: 'logging.log_stream', kind: ConfigKind.Text, field: offsetOf<Config>('logStream'), initial: '', range: '1..512 [^:]',
        doc: 'the log stream; absent: the instance id (from IMDS)',
    },
    {
        name: 'logging.endpoint', kind: ConfigKind.Endpoint, field: offsetOf<Config>('logsEndpoint'), initial: '', range: '',
        doc: 'the CloudWatch Logs endpoint (VPC, FIPS or local), HTTPS (port 443 unless given); absent: `logs.<region>.amazonaws.com`',
    },
    {
        name: 'logging.flush_interval', kind: ConfigKind.Milliseconds, field: offsetOf<Config>('flushMs'), initial: '1s',
        range: '10ms..1h', doc: 'time between flushes of the log ring',
    },
    {
        name: 'logging.flush_interval_ms', kind: ConfigKind.PlainMilliseconds, field: offsetOf<Config>('flushMs'), initial: '',
        range: '10ms..1h', doc: 'another name for `logging.flush_interval`, whose plain number is milliseconds (an older key)',
    },
    {
        name: 'logging.buffer_size', kind: ConfigKind.Size, field: offsetOf<Config>('bufferSize'), initial: '8m',
        range: '64k..256m', doc: "the log ring: the klib's whole log memory, allocated at boot (below)",
    },
    {
        name: 'logging.retention_days', kind: ConfigKind.OneOf, field: offsetOf<Config>('retentionDays'), initial: '',
        range: '1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 2557 2922 3288 3653',
        doc: "days of retention, set with PutRetentionPolicy; absent: the group's retention is left alone",
    },
];

/**
 * Reads the manifest's `cloudwatch` tuple. Null when absent (silently: the klib is simply not
 * configured), or not valid (after saying why).
 */
export function readConfig(h: Heap, root: Tuple): Config | null {
    const c: Config = allocate<Config>(h);
    if (c === INVALID_ADDRESS) return null;
    const status = readConfigMap(h, getValue(root, symbolOf('cloudwatch')), 'cloudwatch', 'CloudWatch disabled', KEYS,
                                 KEYS.length, c);
    if (status === ConfigStatus.Valid) return c;
    freeConfigMap(KEYS, KEYS.length, c);
    deallocate(h, c);
    return null;
}

/** The configuration from the root tuple (the manifest). */
export function readManifestConfig(h: Heap): Config | null {
    return readConfig(h, getRootTuple());
}
