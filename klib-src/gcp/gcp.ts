// gcp: console output to Cloud Logging and memory metrics to Cloud Monitoring, for a Nanos VM on
// Google Compute Engine. Drop-in for the stock klib's manifest (`gcp.logging.log_id`,
// `gcp.metrics.interval`, ...): see README.md. The console driver only copies lines into a
// preallocated ring; timers and connection handlers do everything else.
import { bytes, embedded, s32 } from '../dialect';
import {
    addShutdownCompletion, applyMerge, attachConsoleDriver, ConsoleDriver, CString, getKernelHeaps, Heap, heapLocked,
    KLIB_INIT_OK, rprintf, ShutdownHandler, StatusHandler, Thunk, VoidPtr, bufferData, bufferLength,
} from '../nanos';
import { TlsTrust, tlsTrustCreate } from '../tls/tls';
import { GcpSettings, readConfig } from './config';
import { Endpoint, endpointNew } from './endpoint';
import { loggingInit, loggingReady, loggingShutdown, loggingWrite } from './logging';
import { metadataInit, metadataSetup } from './metadata';
import { metricsInit, metricsReady, metricsShutdown } from './metrics';

let h: Heap;
// Kept for the life of the klib (its buffers are referenced by the modules).
let config: GcpSettings | null = null;
let logging: boolean = false;
let metrics: boolean = false;
let driver: ConsoleDriver;

// The console write path (any context, console lock held): copy into the ring, nothing else.
function gcpConsoleWrite(d: VoidPtr, s: CString, count: bytes): void {
    loggingWrite(s, count);
}

const onMetadata: Thunk = embedded(() => {
    if (logging) loggingReady();
    if (metrics) metricsReady();
});

const onShutdown: ShutdownHandler = embedded((status, m) => {
    if (logging) loggingShutdown(applyMerge(m));
    if (metrics) metricsShutdown(applyMerge(m));
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
        if (e === null || !loggingInit(h, c, e)) return KLIB_INIT_OK;
        logging = true;
        driver.write = gcpConsoleWrite;
        driver.name = 'gcp';
        attachConsoleDriver(driver);
    }
    if (c.metrics) {
        const e = endpointFor(c, trust, false);
        if (e !== null && metricsInit(h, c, e)) metrics = true;
    }
    if (logging || metrics) addShutdownCompletion(onShutdown);
    metadataSetup();
    return KLIB_INIT_OK;
}
