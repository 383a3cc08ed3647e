// Test klib in the dialect: SHA-256 and HMAC-SHA256 through the bindings of klib-src/nanos/tls.d.ts
// (what cloudwatch's SigV4 uses), resolved against the mbedtls the tls klib exports. Prints each
// digest as decimal bytes for the test to compare with node:crypto.
import { bytes, s32 } from '../../../../klib-src/dialect';
import {
    allocateBuffer, Buffer, bprintf, bufferData, bufferLength, bufferWriteText, deallocateBuffer,
    getKernelHeaps, Heap, heapLocked, KLIB_INIT_FAILED, KLIB_INIT_OK, rprintf, StatusHandler,
    tlsHmacSha256, tlsSha256,
} from '../../../../klib-src/nanos';

const DIGEST_BYTES: bytes = 32;

function printDigest(h: Heap, digest: Buffer): void {
    const text = allocateBuffer(h, 4 * DIGEST_BYTES);
    const d = bufferData(digest);
    for (let i: bytes = 0; i < DIGEST_BYTES; i++) bprintf(text, ` ${d[i]}`);
    rprintf(`digest:${text}\n`);
    deallocateBuffer(text);
}

export function init(complete: StatusHandler): s32 {
    const h = heapLocked(getKernelHeaps());
    const message = allocateBuffer(h, 64);
    const key = allocateBuffer(h, 16);
    const digest = allocateBuffer(h, DIGEST_BYTES);
    bufferWriteText(message, 'The quick brown fox jumps over the lazy dog');
    bufferWriteText(key, 'key');
    let failed = tlsSha256(bufferData(message), bufferLength(message), bufferData(digest)) !== 0;
    if (!failed) printDigest(h, digest);
    failed = failed || tlsHmacSha256(bufferData(key), bufferLength(key), bufferData(message), bufferLength(message),
                                     bufferData(digest)) !== 0;
    if (!failed) printDigest(h, digest);
    deallocateBuffer(message);
    deallocateBuffer(key);
    deallocateBuffer(digest);
    return failed ? KLIB_INIT_FAILED : KLIB_INIT_OK;
}
