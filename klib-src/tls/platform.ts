// The platform hooks our mbedtls build calls (mbedtls-config/klib_platform.h), on kernel services:
// memory from the klib's heap, wall-clock seconds, and the kernel's random source for entropy.
import { bytes, s32, s64, u64 } from '../dialect';
import { BytePtr, ClockId, getKernelHeaps, Heap, heapLocked, INVALID_ADDRESS, kernNow, VoidPtr } from '../nanos';
import { BytePtrOut, SizeT, SizeTPtr, TimePtr } from '../nanos/mbedtls';
import { allocateBytes, deallocateBytes } from '../nanos/memory';
import { bytesAt, bytesBefore, randomBuffer, runtimeMemset, secFromTimestamp, stackWrapBuffer } from '../nanos/tls';

// mbedtls frees without a size, and the kernel's heaps want the size back (exactly, for blocks
// larger than the object caches), so every block starts with a header that remembers it. 16 bytes
// keep the memory handed out 16-byte aligned.
interface BlockHeader {
    total: u64;
    unused: u64;
}
const HEADER_BYTES: bytes = 16;
/** Far above what the kernel heaps can give (2 MiB at most): only keeps n * size from overflowing. */
const MAX_BYTES: u64 = 0x10000000000;

let h: Heap | null = null;

function tlsHeap(): Heap {
    if (h === null) h = heapLocked(getKernelHeaps());
    return h!;
}

/** @c mbedtls_klib_calloc */
export function mbedtlsCalloc(n: SizeT, size: SizeT): VoidPtr | null {
    if (size !== 0 && n > Math.trunc((MAX_BYTES - HEADER_BYTES) / size)) return null;
    const total: u64 = n * size + HEADER_BYTES;
    const block = allocateBytes(tlsHeap(), total);
    if (block === INVALID_ADDRESS) return null;
    runtimeMemset(block, 0, total);
    const header = block as VoidPtr as BlockHeader;
    header.total = total;
    return bytesAt(block, HEADER_BYTES);
}

/** @c mbedtls_klib_free */
export function mbedtlsFree(p: VoidPtr | null): void {
    if (p === null) return;
    const block = bytesBefore(p, HEADER_BYTES);
    const header = block as BlockHeader;
    deallocateBytes(tlsHeap(), block as BytePtr, header.total);
}

/** @c mbedtls_klib_time */
export function mbedtlsTime(t: TimePtr | null): s64 {
    const now = secFromTimestamp(kernNow(ClockId.Realtime)) as s64;
    if (t !== null) t[0] = now;
    return now;
}

/** @c mbedtls_hardware_poll */
export function mbedtlsHardwarePoll(data: VoidPtr, output: BytePtrOut, len: SizeT, olen: SizeTPtr): s32 {
    randomBuffer(stackWrapBuffer(output, len));
    olen[0] = len;
    return 0;
}
