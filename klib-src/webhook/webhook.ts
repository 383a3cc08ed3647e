// webhook: ships the console (program output and kernel messages) as JSON batches POSTed to an
// HTTPS url (README.md). The log shipper (logpipe/shipper.ts) owns the console driver, the flush
// path, pacing, retries, failure lines, counters and the drain at shutdown; this module makes the
// ring, the endpoint and the sink (post.ts) and hands them to it. docs/adding-a-sink.md walks
// through it as the example of a new sink.
import { s32, u32, u64 } from '../dialect';
import {
    bufferData, bufferLength, getKernelHeaps, Heap, heapLocked, KLIB_INIT_OK, milliseconds, rprintf, seconds, StatusHandler,
} from '../nanos';
import { TlsTrust, tlsTrustCreate } from '../tls/tls';
import { endpointNew } from '../lib/endpoint';
import { logpipeSetLimits } from '../logpipe/batch';
import { logpipeDestroy } from '../logpipe/ring';
import { Shipper, shipperConnect, shipperNew, shipperStart } from '../logpipe/shipper';
import { sinkRingCreate, sinkShutdownRegister } from '../logpipe/sink_klib';
import { configFree, readConfig, WebhookSettings } from './config';
import { OBJECT_OVERHEAD, webhookSinkNew } from './post';

/** A batch: at most this many lines, and this many bytes of text with OBJECT_OVERHEAD per line (README.md). */
const MAX_LINES: u32 = 10000;
const MAX_BATCH_BYTES: u64 = 1048576;
/** Longer lines are split into events of this many bytes (nothing is lost). */
const MAX_EVENT_BYTES: u32 = 262144;
/** Room for the server's answer: only its status is read. */
const HEAD_CAP: u64 = 8192;
const BODY_CAP: u64 = 16384;

/** The klib's trust (ca_cert), kept for its life: the tls klib frees none. */
let trust: TlsTrust | null = null;

// The ring (allocated now), the endpoint, the sink and the shipper on them; null after a console line.
function shipperFor(h: Heap, c: WebhookSettings): Shipper | null {
    const p = sinkRingCreate(h, 'webhook', 'buffer_size', c.bufferSize, MAX_EVENT_BYTES);
    if (p === null) return null;
    const e = endpointNew(h, 'webhook', c.host!, 443, '', true, trust, HEAD_CAP, BODY_CAP);
    const api = e !== null ? webhookSinkNew(h, c, e) : null;
    const s = api !== null && logpipeSetLimits(p, MAX_LINES, MAX_BATCH_BYTES, OBJECT_OVERHEAD, p.lineCap, 0)
        ? shipperNew(h, 'webhook', p, api, milliseconds(c.flushMs), seconds(c.statsInterval)) : null;
    if (s === null || !shipperConnect(s, e!) || !sinkShutdownRegister(h, s, c.shutdownTimeout)) {
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
    if (s === null) configFree(h, c);
    else shipperStart(s);
    return KLIB_INIT_OK;
}
