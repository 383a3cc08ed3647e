// The boot and shutdown steps of a klib whose one job is a sink (the webhook klib): the ring, sized
// by the klib's buffer_size key, and the shutdown completion that drains the shipper under the
// klib's shutdown_timeout. A klib with more parts (gcp's metrics, cloudwatch's) makes these itself
// from the same calls. docs/adding-a-sink.md shows where they go.
import { closure, u32, u64 } from '../dialect';
import {
    addShutdownCompletion, applyMerge, Heap, INVALID_ADDRESS, rprintf, seconds, SString, Status, StatusHandler, Thunk,
} from '../nanos';
import { largeRangeHeap } from '../lib/large_ranges';
import { shutdownBegin, shutdownPartDone } from '../lib/shutdown_deadline';
import { LogPipe, logpipeCreate } from './ring';
import { Shipper, shipperDeadlinePassed, shipperShutdown } from './shipper';

/**
 * The ring of `size` bytes (the klib's whole log memory), taken now, its lines cut at an eighth of
 * it or `maxEventBytes`. Null, after the line naming `key` and the size, when the memory is not
 * there (lib/large_ranges.ts: it comes from vmem, and only when it is at most half of what is free).
 */
export function sinkRingCreate(h: Heap, klib: SString, key: SString, size: u64, maxEventBytes: u32): LogPipe | null {
    const lineCap: u64 = size >>> 3 < maxEventBytes ? size >>> 3 : maxEventBytes;
    const ringHeap = largeRangeHeap(size);
    const p: LogPipe | null = ringHeap !== null ? logpipeCreate(h, ringHeap, size, lineCap as u32) : null;
    if (p === null) rprintf(`${klib}: out of memory for '${key}' (${size} bytes): the ${klib} klib is off\n`);
    return p;
}

/**
 * At shutdown, `s` sends what its ring holds and the VM's halt waits for it, but never longer than
 * `timeoutSeconds` (the kernel itself would wait forever: lib/shutdown_deadline.ts). False when out
 * of memory.
 */
export function sinkShutdownRegister(h: Heap, s: Shipper, timeoutSeconds: u64): boolean {
    const partDone: StatusHandler = closure(h, (st: Status) => {
        shutdownPartDone();
    });
    const deadline: Thunk = closure(h, () => {
        shipperDeadlinePassed(s, timeoutSeconds);
    });
    if (partDone === INVALID_ADDRESS || deadline === INVALID_ADDRESS) return false;
    addShutdownCompletion(closure(h, (status, m) => {
        shutdownBegin(applyMerge(m), 1, seconds(timeoutSeconds), deadline);
        shipperShutdown(s, partDone);
    }));
    return true;
}
