// gcp: console output to Cloud Logging and memory metrics to Cloud Monitoring, for a Nanos VM on
// Google Compute Engine. Drop-in for the stock klib's manifest (`gcp.logging.log_id`,
// `gcp.metrics.interval`, ...): see README.md. The console driver only copies lines into a
// preallocated ring; timers and connection handlers do everything else.
import { bytes, embedded, s32, u32, u64 } from '../dialect';
import {
    addShutdownCompletion, applyMerge, attachConsoleDriver, ConsoleDriver, CString, getKernelHeaps, Heap, heapLocked,
    KLIB_INIT_OK, rprintf, seconds, ShutdownHandler, Status, StatusHandler, Thunk, VoidPtr, bufferData, bufferLength,
} from '../nanos';
import { TlsTrust, tlsTrustCreate } from '../tls/tls';
import { GcpSettings, readConfig } from './config';
import { Endpoint, endpointNew } from './endpoint';
import {
    loggingFlushNow, loggingInit, loggingReady, loggingShutdown, loggingStuckOn, loggingUnshipped, loggingWrite,
} from './logging';
import { metadataInit, metadataSetup } from './metadata';
import { metricsInit, metricsPending, metricsReady, metricsShutdown } from './metrics';
import {
    shutdownBegin, shutdownConsoleWritten, shutdownPartDone, shutdownSetLateFlush,
} from '../lib/shutdown_deadline';

let h: Heap;
// Kept for the life of the klib (its buffers are referenced by the modules).
let config: GcpSettings | null = null;
let logging: boolean = false;
let metrics: boolean = false;
let driver: ConsoleDriver;

// The console write path (any context, console lock held): copy into the ring, nothing else (after
// the shutdown, also arm the timer that sends the line at once).
function gcpConsoleWrite(d: VoidPtr, s: CString, count: bytes): void {
    loggingWrite(s, count);
    shutdownConsoleWritten();
}

const onMetadata: Thunk = embedded(() => {
    if (logging) loggingReady();
    if (metrics) metricsReady();
});

const onPartDone: StatusHandler = embedded((s: Status) => {
    shutdownPartDone();
});

// What the deadline leaves behind, in one console line (printed before the halt is released).
const onShutdownDeadline: Thunk = embedded(() => {
    const limit: u64 = config!.shutdownTimeout;
    const left: u64 = logging ? loggingUnshipped() : 0;
    if (left > 0) {
        rprintf(`gcp: shutdown_timeout (${limit} s) passed: ${left} bytes of console output not shipped (${loggingStuckOn()}); letting the VM halt\n`);
    } else if (metrics && metricsPending()) {
        rprintf(`gcp: shutdown_timeout (${limit} s) passed: the last metrics sample is still unanswered; letting the VM halt\n`);
    } else {
        rprintf(`gcp: shutdown_timeout (${limit} s) passed; letting the VM halt\n`);
    }
});

// A console line after the halt was released (the kernel's last lines): sent at once.
const onLateLine: Thunk = embedded(() => {
    loggingFlushNow();
});

// At shutdown: no metrics sample starts any more; what the ring holds is sent and a sample in
// flight is waited for. The VM's halt waits for both, but never longer than shutdown_timeout (the
// kernel itself would wait forever).
const onShutdown: ShutdownHandler = embedded((status, m) => {
    const parts: u32 = (logging ? 1 : 0) + (metrics ? 1 : 0);
    shutdownBegin(applyMerge(m), parts, seconds(config!.shutdownTimeout), onShutdownDeadline);
    if (logging) loggingShutdown(onPartDone);
    if (metrics) metricsShutdown(onPartDone);
});

function endpointFor(c: GcpSettings, trust: TlsTrust | null, forLogging: boolean): Endpoint | null {
    const e = endpointNew(h, forLogging ? c.loggingEndpoint : c.metricsEndpoint, trust);
    if (e === null) rprintf('gcp: out of memory: the gcp klib is off\n');
    return e;
}

export function init(complete: StatusHandler): s32 {
    h = heapLocked(getKernelHeaps());
    const c = readConfig(h);
    // No configuration, or one that is not valid (already said): the klib stays off, the VM runs.
    if (c === null || (!c.logging && !c.metrics)) return KLIB_INIT_OK;
    config = c;
    let trust: TlsTrust | null = null;
    if (c.caCert !== null) {
        trust = tlsTrustCreate(bufferData(c.caCert!), bufferLength(c.caCert!));
        if (trust === null) {
            rprintf('gcp: invalid configuration: \'ca_cert\' holds no certificate the tls klib can use; the gcp klib is off\n');
            return KLIB_INIT_OK;
        }
    }
    if (!metadataInit(h, c.logging && c.logId === null, onMetadata)) {
        rprintf('gcp: out of memory: the gcp klib is off\n');
        return KLIB_INIT_OK;
    }
    if (c.logging) {
        const e = endpointFor(c, trust, true);
        if (e === null) return KLIB_INIT_OK;
        // Without log shipping (no memory for the ring, said already) metrics may still run.
        if (loggingInit(h, c, e)) {
            logging = true;
            driver.write = gcpConsoleWrite;
            driver.name = 'gcp';
            attachConsoleDriver(driver);
            shutdownSetLateFlush(onLateLine);
        }
    }
    if (c.metrics) {
        const e = endpointFor(c, trust, false);
        if (e !== null && metricsInit(h, c, e)) metrics = true;
    }
    if (!logging && !metrics) return KLIB_INIT_OK;
    addShutdownCompletion(onShutdown);
    metadataSetup();
    return KLIB_INIT_OK;
}
