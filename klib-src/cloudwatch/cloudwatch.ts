// cloudwatch: ships the console (program output and kernel messages) to CloudWatch Logs and,
// optionally, memory metrics to CloudWatch, as the stock klib's configuration asks. The log
// shipper (logpipe/shipper.ts) owns the console driver, the ring's flush path and the drain at
// shutdown; this module wires it to the CloudWatch Logs sink (logs.ts) once the instance metadata
// (metadata.ts) is known (README.md).
import { closure, s32, u32, u64 } from '../dialect';
import {
    addShutdownCompletion, allocate, allocateBuffer, applyMerge, bprintf, Buffer, bufferData, bufferLength, deallocateBuffer,
    getEnvironment, getKernelHeaps, getRootTuple, getValue, Heap, heapLocked, INVALID_ADDRESS, isString,
    KLIB_INIT_OK, milliseconds, rprintf, seconds, SString, Status, StatusHandler, symbolOf, Thunk, valueBuffer,
} from '../nanos';
import { getStringOf } from '../nanos/tls';
import { TlsTrust, tlsTrustCreate } from '../tls/tls';
import { Endpoint, endpointNew } from '../lib/endpoint';
import { largeRangeHeap } from '../lib/large_ranges';
import { shutdownBegin, shutdownPartDone, shutdownStarted } from '../lib/shutdown_deadline';
import { logpipeSetLimits } from '../logpipe/batch';
import { LogPipe, logpipeCreate, logpipeDestroy } from '../logpipe/ring';
import { SinkApi } from '../logpipe/sink';
import {
    Shipper, shipperConnect, shipperDeadlinePassed, shipperKick, shipperNew, shipperShutdown, shipperStart,
} from '../logpipe/shipper';
import { awsApiNew } from './aws_request';
import { Config, readManifestConfig } from './config';
import { Credentials, credentialsNew } from './credentials';
import { logsConnect, logsNew } from './logs';
import { Imds, imdsHostname, imdsInstanceId, imdsRegion, imdsStart } from './metadata';
import { CloudwatchMetrics, metricsShutdown, metricsStart } from './metrics';

// PutLogEvents limits, as CloudWatch counts them: a message's bytes in UTF-8 plus 26 per event.
// The log pipe counts each event's bytes after invalid UTF-8 becomes U+FFFD (what the body
// carries), so batches fill up to the real limit whatever the bytes are.
const MAX_EVENTS: u64 = 10000;
const MAX_BATCH_BYTES: u64 = 1048576;
const EVENT_OVERHEAD: u64 = 26;
/**
 * An event of 256 KiB counting its 26 bytes. AWS raised the limit to 1 MB in April 2025, but not
 * necessarily in every partition (GovCloud, China) at once; longer lines are split, nothing is lost,
 * and four such events still fill a batch exactly.
 */
const MAX_EVENT_BYTES: u64 = 262118;
const MAX_SPAN_SECONDS: u64 = 24 * 3600;
/** A line as long as one event; the pipe also keeps it to an eighth of the ring (below). */
const LINE_CAP: u64 = MAX_EVENT_BYTES;
/** Room for an API answer's header block and body (they are small). */
const HEAD_CAP: u64 = 8192;
const BODY_CAP: u64 = 65536;

/** The klib: its configuration and the parts it runs. */
interface CloudwatchKlib {
    h: Heap;
    config: Config;
    creds: Credentials;
    trust: TlsTrust | null;
    imds: Imds | null;
    /** The log shipper and its sink; null without log shipping. */
    shipper: Shipper | null;
    logs: SinkApi | null;
    metrics: CloudwatchMetrics | null;
    /** The metadata has been known once: the endpoints are made. */
    connected: boolean;
    onFlushed: StatusHandler;
    onDeadline: Thunk;
    /** Runs after each fetch of the credentials. */
    onMetadata: Thunk;
}

/**
 * The klib's one piece of module state: its record, reachable for as long as the klib lives (the
 * kernel holds only the closures it was given). Everything else is passed explicitly.
 */
let klib: CloudwatchKlib | null = null;

// The default log group: the IMAGE_NAME environment variable, else the program (as the stock klib).
function defaultGroup(): Buffer | null {
    const env = getEnvironment();
    if (env !== null) {
        const image = getStringOf(env, 'IMAGE_NAME');
        if (image !== null && bufferLength(image) > 0) return image;
    }
    const program = getValue(getRootTuple(), symbolOf('program'));
    if (program !== null && isString(program) && bufferLength(valueBuffer(program)) > 0) return valueBuffer(program);
    return null;
}

// The endpoint for `service` (logs, monitoring): the configured host[:port], else
// <service>.<region>.amazonaws.com, over HTTPS.
function awsEndpoint(cw: CloudwatchKlib, configured: Buffer | null, service: SString, region: Buffer): Endpoint | null {
    if (configured !== null) return endpointNew(cw.h, 'cloudwatch', configured, 443, '', true, cw.trust, HEAD_CAP, BODY_CAP);
    const name = allocateBuffer(cw.h, 64);
    if (name === INVALID_ADDRESS) return null;
    bprintf(name, `${service}.${region}.amazonaws.com`);
    const e = endpointNew(cw.h, 'cloudwatch', name, 443, '', true, cw.trust, HEAD_CAP, BODY_CAP);
    deallocateBuffer(name);
    return e;
}

// The metadata is known (the first time): the endpoints, then shipping and metrics start.
function connect(cw: CloudwatchKlib, m: Imds): void {
    const c = cw.config;
    const region = imdsRegion(m);
    const s = cw.shipper;
    if (s !== null) {
        const e = awsEndpoint(cw, c.logsEndpoint, 'logs', region);
        const a = e !== null ? awsApiNew(cw.h, e, cw.creds, region, 'logs') : null;
        if (a === null || !shipperConnect(s, e!)) {
            rprintf('cloudwatch: out of memory: log shipping disabled\n');
        } else {
            logsConnect(cw.logs!, a, m, imdsInstanceId(m));
            shipperKick(s);
        }
    }
    if (c.metricsInterval > 0 && !shutdownStarted()) {
        const e = awsEndpoint(cw, c.metricsEndpoint, 'monitoring', region);
        const a = e !== null ? awsApiNew(cw.h, e, cw.creds, region, 'monitoring') : null;
        cw.metrics = a !== null ? metricsStart(cw.h, a, m, c.metricsInterval, imdsHostname(m), s) : null;
        if (cw.metrics === null) rprintf('cloudwatch: out of memory: metrics disabled\n');
    }
}

// Sets up log shipping; false when the klib must stay off. A ring that cannot be allocated only
// leaves log shipping off (no shipper): metrics, if configured, still run.
function startLogging(cw: CloudwatchKlib): boolean {
    const h = cw.h;
    const c = cw.config;
    const group = c.logGroup !== null ? c.logGroup : defaultGroup();
    if (group === null) {
        rprintf('cloudwatch: no log group: set logging.log_group or the IMAGE_NAME environment variable; CloudWatch disabled\n');
        return false;
    }
    // The pipe wants a whole line to fit in a quarter of the ring with its header.
    const lineCap: u64 = c.bufferSize >>> 3 < LINE_CAP ? c.bufferSize >>> 3 : LINE_CAP;
    // The ring can be larger than the most the locked heap (an mcache) gives, one piece of physical
    // memory (2 MiB): it comes from vmem, when the memory is there (lib/large_ranges.ts).
    const ringHeap = largeRangeHeap(c.bufferSize);
    const p: LogPipe | null = ringHeap !== null ? logpipeCreate(h, ringHeap, c.bufferSize, lineCap as u32) : null;
    if (p === null) {
        rprintf(`cloudwatch: out of memory for 'logging.buffer_size' (${c.bufferSize} bytes): log shipping disabled\n`);
        return true;
    }
    const api = logsNew(h, group, c.logStream, c.retentionDays);
    const s = api !== null && logpipeSetLimits(p, MAX_EVENTS as u32, MAX_BATCH_BYTES, EVENT_OVERHEAD as u32,
                                               MAX_EVENT_BYTES as u32, seconds(MAX_SPAN_SECONDS) - 1)
        ? shipperNew(h, 'cloudwatch', p, api, milliseconds(c.flushMs), seconds(c.statsInterval)) : null;
    if (s === null) {
        logpipeDestroy(p);
        rprintf('cloudwatch: out of memory: CloudWatch disabled\n');
        return false;
    }
    cw.logs = api;
    cw.shipper = s;
    shipperStart(s);
    return true;
}

// At shutdown: no metrics sample starts any more, and what the ring holds is sent; the VM's halt
// waits for that, but never longer than shutdown_timeout (the kernel itself would wait forever).
function shutdown(cw: CloudwatchKlib, done: StatusHandler): void {
    const m = cw.metrics;
    if (m !== null) metricsShutdown(m);
    const s = cw.shipper;
    shutdownBegin(done, s !== null ? 1 : 0, seconds(cw.config.shutdownTimeout), cw.onDeadline);
    if (s !== null) shipperShutdown(s, cw.onFlushed);
}

export function init(complete: StatusHandler): s32 {
    const h = heapLocked(getKernelHeaps());
    const c = readManifestConfig(h);
    // Absent or invalid configuration: the klib stays off and the VM keeps running.
    if (c === null || (!c.logging && c.metricsInterval === 0)) return KLIB_INIT_OK;
    const cw: CloudwatchKlib = allocate<CloudwatchKlib>(h);
    const creds = credentialsNew(h);
    if (cw === INVALID_ADDRESS || creds === null) {
        rprintf('cloudwatch: out of memory: CloudWatch disabled\n');
        return KLIB_INIT_OK;
    }
    klib = cw;
    cw.h = h;
    cw.config = c;
    cw.creds = creds;
    cw.trust = null;
    cw.imds = null;
    cw.shipper = null;
    cw.logs = null;
    cw.metrics = null;
    cw.connected = false;
    const pem = c.caCert;
    if (pem !== null) {
        cw.trust = tlsTrustCreate(bufferData(pem), bufferLength(pem));
        if (cw.trust === null) {
            rprintf('cloudwatch: invalid configuration: \'ca_cert\' holds no usable certificate: CloudWatch disabled\n');
            return KLIB_INIT_OK;
        }
    }
    cw.onFlushed = closure(h, (s: Status) => {
        shutdownPartDone();
    });
    cw.onDeadline = closure(h, () => {
        const s = cw.shipper;
        if (s !== null) shipperDeadlinePassed(s, cw.config.shutdownTimeout);
    });
    // Runs after each fetch of the credentials: the first time everything is known.
    cw.onMetadata = closure(h, () => {
        const m = cw.imds;
        if (m === null) return;
        if (!cw.connected) {
            cw.connected = true;
            connect(cw, m);
        }
        const s = cw.shipper;
        if (s !== null) shipperKick(s);
    });
    if (cw.onMetadata === INVALID_ADDRESS || cw.onFlushed === INVALID_ADDRESS || cw.onDeadline === INVALID_ADDRESS) {
        rprintf('cloudwatch: out of memory: CloudWatch disabled\n');
        return KLIB_INIT_OK;
    }
    if (c.logging && !startLogging(cw)) return KLIB_INIT_OK;
    if (cw.shipper === null && c.metricsInterval === 0) return KLIB_INIT_OK;
    cw.imds = imdsStart(h, c.region, creds, cw.onMetadata);
    if (cw.imds === null) {
        rprintf('cloudwatch: out of memory: CloudWatch disabled\n');
        return KLIB_INIT_OK;
    }
    addShutdownCompletion(closure(h, (status, m) => {
        const k = klib;
        if (k !== null) shutdown(k, applyMerge(m));
    }));
    return KLIB_INIT_OK;
}
