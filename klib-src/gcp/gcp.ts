// gcp: console output to Cloud Logging and memory metrics to Cloud Monitoring, for a Nanos VM on
// Google Compute Engine. Drop-in for the stock klib's manifest (`gcp.logging.log_id`,
// `gcp.metrics.interval`, ...): see README.md. The log shipper (logpipe/shipper.ts) owns the
// console driver, the ring's flush path and the drain at shutdown; this module wires it to the
// Cloud Logging sink (logging.ts) and the metadata server (metadata.ts).
import { closure, s32, u32, u64 } from '../dialect';
import {
    addShutdownCompletion, allocate, applyMerge, bufferData, bufferLength, getKernelHeaps, Heap, heapLocked,
    INVALID_ADDRESS, KLIB_INIT_OK, milliseconds, rprintf, seconds, Status, StatusHandler, Thunk,
} from '../nanos';
import { TlsTrust, tlsTrustCreate } from '../tls/tls';
import { Endpoint, endpointNew } from '../lib/endpoint';
import { largeRangeHeap } from '../lib/large_ranges';
import { shutdownBegin, shutdownPartDone } from '../lib/shutdown_deadline';
import { logpipeSetLimits } from '../logpipe/batch';
import { LogPipe, logpipeCreate } from '../logpipe/ring';
import {
    Shipper, shipperConnect, shipperDeadlinePassed, shipperKick, shipperNew, shipperShutdown, shipperStart,
    shipperUnshipped,
} from '../logpipe/shipper';
import { GcpSettings, readConfig } from './config';
import { loggingNew } from './logging';
import { GcpMetadata, metadataNew, metadataSetup } from './metadata';
import { GcpMetrics, metricsNew, metricsPending, metricsReady, metricsShutdown } from './metrics';

/**
 * Cloud Logging takes LogEntries of up to 256 KiB; 4 KiB of it is kept for the entry's own JSON.
 * A line's bytes can grow up to 6 times when escaped (a control byte is \u00XX), so an event of at
 * most this many bytes always fits an entry; longer lines are split on UTF-8 boundaries.
 */
const MAX_EVENT_BYTES: u32 = 43008;    // (256 KiB - 4 KiB) / 6
/** Raw bytes per request: escaped and with each entry's JSON this stays under 8 MB (the API takes 10 MB). */
const REQUEST_RAW_BYTES: u64 = 1 << 20;
/** What each entry's own JSON (timestamp, severity, braces) counts for in a request's budget. */
const ENTRY_OVERHEAD: u32 = 128;
const MAX_ENTRIES: u32 = 10000;
/** Room for an API answer (an error with per-entry details can be long). */
const HEAD_CAP: u64 = 16 * 1024;
const BODY_CAP: u64 = 256 * 1024;

/** The klib: its configuration and the parts it runs. */
interface GcpKlib {
    config: GcpSettings;
    /** The klib's own trust (ca_cert); null: the tls klib's default. */
    trust: TlsTrust | null;
    metadata: GcpMetadata;
    /** The APIs' endpoints; null when that part is off. */
    loggingEndpoint: Endpoint | null;
    metricsEndpoint: Endpoint | null;
    /** Null when that part is off. */
    shipper: Shipper | null;
    metrics: GcpMetrics | null;
    onPartDone: StatusHandler;
    onDeadline: Thunk;
}

/**
 * The klib's one piece of module state: its record, reachable for as long as the klib lives (the
 * kernel holds only the closures it was given). Everything else is passed explicitly.
 */
let klib: GcpKlib | null = null;

function endpointFor(h: Heap, g: GcpKlib, trust: TlsTrust | null, forLogging: boolean): Endpoint | null {
    const c = g.config;
    const e = endpointNew(h, 'gcp', forLogging ? c.loggingEndpoint : c.metricsEndpoint, 443, '', true, trust,
                          HEAD_CAP, BODY_CAP);
    if (e === null) rprintf('gcp: out of memory: the gcp klib is off\n');
    return e;
}

// The ring, its limits and the shipper; null (after a console line) when there is no memory for
// them: metrics may still run.
function startLogging(h: Heap, g: GcpKlib, e: Endpoint): Shipper | null {
    const c = g.config;
    const quarter: u64 = (c.bufferSize >> 2) - 64;
    const lineCap: u32 = quarter < MAX_EVENT_BYTES ? quarter as u32 : MAX_EVENT_BYTES;
    // The ring first, so that when it cannot be had nothing else is taken. It can be larger than
    // the most the locked heap (an mcache) gives, one piece of physical memory (2 MiB): it comes
    // from vmem, when the memory is there (lib/large_ranges.ts).
    const ringHeap = largeRangeHeap(c.bufferSize);
    const p: LogPipe | null = ringHeap !== null ? logpipeCreate(h, ringHeap, c.bufferSize, lineCap) : null;
    if (p === null) {
        rprintf(`gcp: out of memory for 'logging.buffer_size' (${c.bufferSize} bytes): log shipping is off\n`);
        return null;
    }
    const api = loggingNew(h, c, g.metadata, e);
    const s = api !== null && logpipeSetLimits(p, MAX_ENTRIES, REQUEST_RAW_BYTES, ENTRY_OVERHEAD, lineCap, 0)
        ? shipperNew(h, 'gcp', p, api, milliseconds(c.flushMs), seconds(c.statsInterval)) : null;
    if (s === null || !shipperConnect(s, e)) {
        rprintf('gcp: out of memory: log shipping is off\n');
        return null;
    }
    shipperStart(s);
    return s;
}

// What the deadline leaves behind, in one console line (printed before the halt is released).
function deadlinePassed(g: GcpKlib): void {
    const limit: u64 = g.config.shutdownTimeout;
    const s = g.shipper;
    const m = g.metrics;
    if (s !== null && (shipperUnshipped(s) > 0 || m === null || !metricsPending(m))) {
        shipperDeadlinePassed(s, limit);
    } else if (m !== null && metricsPending(m)) {
        rprintf(`gcp: shutdown_timeout (${limit} s) passed: the last metrics sample is still unanswered; letting the VM halt\n`);
    }
}

// At shutdown: no metrics sample starts any more; what the ring holds is sent and a sample in
// flight is waited for. The VM's halt waits for both, but never longer than shutdown_timeout (the
// kernel itself would wait forever).
function shutdown(g: GcpKlib, done: StatusHandler): void {
    const s = g.shipper;
    const m = g.metrics;
    const parts: u32 = (s !== null ? 1 : 0) + (m !== null ? 1 : 0);
    shutdownBegin(done, parts, seconds(g.config.shutdownTimeout), g.onDeadline);
    if (s !== null) shipperShutdown(s, g.onPartDone);
    if (m !== null) metricsShutdown(m, g.onPartDone);
}

export function init(complete: StatusHandler): s32 {
    const h = heapLocked(getKernelHeaps());
    const c = readConfig(h);
    // No configuration, or one that is not valid (already said): the klib stays off, the VM runs.
    if (c === null || (!c.logging && !c.metrics)) return KLIB_INIT_OK;
    const g: GcpKlib = allocate<GcpKlib>(h);
    if (g === INVALID_ADDRESS) {
        rprintf('gcp: out of memory: the gcp klib is off\n');
        return KLIB_INIT_OK;
    }
    klib = g;
    g.config = c;
    g.trust = null;
    g.shipper = null;
    g.metrics = null;
    g.loggingEndpoint = null;
    g.metricsEndpoint = null;
    if (c.caCert !== null) {
        g.trust = tlsTrustCreate(bufferData(c.caCert!), bufferLength(c.caCert!));
        if (g.trust === null) {
            rprintf('gcp: invalid configuration: \'ca_cert\' holds no certificate the tls klib can use; the gcp klib is off\n');
            return KLIB_INIT_OK;
        }
    }
    const trust = g.trust;
    // After each successful metadata setup (a new token): ship what waits, start the samples.
    const changed: Thunk = closure(h, () => {
        const s = g.shipper;
        if (s !== null) shipperKick(s);
        const m = g.metrics;
        if (m !== null) metricsReady(m);
    });
    g.onPartDone = closure(h, (st: Status) => {
        shutdownPartDone();
    });
    g.onDeadline = closure(h, () => {
        deadlinePassed(g);
    });
    const metadata = changed !== INVALID_ADDRESS ? metadataNew(h, c.logging && c.logId === null, changed) : null;
    if (metadata === null || g.onPartDone === INVALID_ADDRESS || g.onDeadline === INVALID_ADDRESS) {
        rprintf('gcp: out of memory: the gcp klib is off\n');
        return KLIB_INIT_OK;
    }
    g.metadata = metadata;
    if (c.logging) {
        const e = endpointFor(h, g, trust, true);
        if (e === null) return KLIB_INIT_OK;
        g.loggingEndpoint = e;
        // Without log shipping (no memory for the ring, said already) metrics may still run.
        g.shipper = startLogging(h, g, e);
    }
    if (c.metrics) {
        const e = endpointFor(h, g, trust, false);
        g.metricsEndpoint = e;
        if (e !== null) g.metrics = metricsNew(h, c, metadata, e, g.shipper);
    }
    if (g.shipper === null && g.metrics === null) return KLIB_INIT_OK;
    addShutdownCompletion(closure(h, (status, m) => {
        const k = klib;
        if (k !== null) shutdown(k, applyMerge(m));
    }));
    metadataSetup(metadata);
    return KLIB_INIT_OK;
}
