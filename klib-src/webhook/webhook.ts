// webhook: ships the console (program output and kernel messages) as JSON batches POSTed to an
// HTTPS url (README.md). The log shipper (logpipe/shipper.ts) owns the console driver, the ring's
// flush path, pacing, retries, failure lines, counters and the drain at shutdown; this module makes
// the ring, the endpoint and the sink (post.ts) and hands them to it. docs/adding-a-sink.md walks
// through it as the example of a new sink.
import { closure, s32, u32, u64 } from '../dialect';
import {
    addShutdownCompletion, applyMerge, bufferData, bufferLength, getKernelHeaps, Heap, heapLocked, KLIB_INIT_OK,
    milliseconds, rprintf, seconds, Status, StatusHandler, Thunk, INVALID_ADDRESS,
} from '../nanos';
import { TlsTrust, tlsTrustCreate } from '../tls/tls';
import { endpointNew } from '../lib/endpoint';
import { largeRangeHeap } from '../lib/large_ranges';
import { shutdownBegin, shutdownPartDone } from '../lib/shutdown_deadline';
import { logpipeSetLimits } from '../logpipe/batch';
import { LogPipe, logpipeCreate, logpipeDestroy } from '../logpipe/ring';
import { Shipper, shipperConnect, shipperDeadlinePassed, shipperNew, shipperShutdown, shipperStart } from '../logpipe/shipper';
import { configFree, readConfig, WebhookSettings } from './config';
import { OBJECT_OVERHEAD, webhookSinkNew } from './post';

/** A batch: at most this many lines, and this many bytes of line text with OBJECT_OVERHEAD per line (README.md). */
const MAX_LINES: u32 = 10000;
const MAX_BATCH_BYTES: u64 = 1048576;
/** Longer lines are split into events of this many bytes (nothing is lost). */
const MAX_EVENT_BYTES: u32 = 262144;
/** Room for the server's answer: only its status is read. */
const HEAD_CAP: u64 = 8192;
const BODY_CAP: u64 = 16384;

/** The klib's module state: its shipper, for the shutdown completion, and its trust (ca_cert; the tls klib frees none). */
let shipper: Shipper | null = null;
let trust: TlsTrust | null = null;

// The ring (the klib's whole log memory, allocated now), its batch limits, and the shipper on it;
// null after a console line when there is no memory for them.
function shipperFor(h: Heap, c: WebhookSettings): Shipper | null {
    const lineCap: u64 = c.bufferSize >>> 3 < MAX_EVENT_BYTES ? c.bufferSize >>> 3 : MAX_EVENT_BYTES;
    // Larger than the locked heap gives at once: from vmem, when the memory is there (lib/large_ranges.ts).
    const ringHeap = largeRangeHeap(c.bufferSize);
    const p: LogPipe | null = ringHeap !== null ? logpipeCreate(h, ringHeap, c.bufferSize, lineCap as u32) : null;
    if (p === null) {
        rprintf(`webhook: out of memory for 'buffer_size' (${c.bufferSize} bytes): the webhook klib is off\n`);
        return null;
    }
    const e = endpointNew(h, 'webhook', c.host!, 443, '', true, trust, HEAD_CAP, BODY_CAP);
    const api = e !== null ? webhookSinkNew(h, c, e) : null;
    const s = api !== null && logpipeSetLimits(p, MAX_LINES, MAX_BATCH_BYTES, OBJECT_OVERHEAD, lineCap as u32, 0)
        ? shipperNew(h, 'webhook', p, api, milliseconds(c.flushMs), seconds(c.statsInterval)) : null;
    if (s === null || !shipperConnect(s, e!)) {
        logpipeDestroy(p);
        rprintf('webhook: out of memory: the webhook klib is off\n');
        return null;
    }
    return s;
}

export function init(complete: StatusHandler): s32 {
    const h = heapLocked(getKernelHeaps());
    // Absent or invalid configuration (said already): the klib stays off, the VM keeps running.
    const c = readConfig(h);
    if (c === null) return KLIB_INIT_OK;
    const pem = c.caCert;
    if (pem !== null) {
        trust = tlsTrustCreate(bufferData(pem), bufferLength(pem));
        if (trust === null) {
            rprintf('webhook: invalid configuration: \'ca_cert\' holds no certificate the tls klib can use; the webhook klib is off\n');
            configFree(h, c);
            return KLIB_INIT_OK;
        }
    }
    const s = shipperFor(h, c);
    if (s === null) {
        configFree(h, c);
        return KLIB_INIT_OK;
    }
    const partDone: StatusHandler = closure(h, (st: Status) => {
        shutdownPartDone();
    });
    const deadline: Thunk = closure(h, () => {
        shipperDeadlinePassed(s, c.shutdownTimeout);
    });
    if (partDone === INVALID_ADDRESS || deadline === INVALID_ADDRESS) {
        rprintf('webhook: out of memory: the webhook klib is off\n');
        return KLIB_INIT_OK;
    }
    shipper = s;
    shipperStart(s);
    // At shutdown what the ring holds is sent; the VM's halt waits for it, but never longer than
    // shutdown_timeout (the kernel itself would wait forever).
    addShutdownCompletion(closure(h, (status, m) => {
        const k = shipper;
        if (k === null) return;
        const done = applyMerge(m);
        shutdownBegin(done, 1, seconds(c.shutdownTimeout), deadline);
        shipperShutdown(k, partDone);
    }));
    return KLIB_INIT_OK;
}
