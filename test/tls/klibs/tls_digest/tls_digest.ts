// Test klib in the dialect: SHA-256 and HMAC-SHA256 through the bindings cloudwatch's SigV4 uses
// (klib-src/cloudwatch/bindings.d.ts: mbedtls's own functions, declared by its headers), resolved
// against the mbedtls the tls klib exports. Prints each digest as decimal bytes for the test to
// compare with node:crypto.
import { bytes, s32 } from '../../../../klib-src/dialect';
import {
    allocateBuffer, Buffer, bprintf, bufferData, bufferLength, bufferWriteText, deallocateBuffer,
    getKernelHeaps, Heap, heapLocked, KLIB_INIT_FAILED, KLIB_INIT_OK, rprintf, StatusHandler,
} from '../../../../klib-src/nanos';
import { hmacSha256Of, sha256Of } from '../../../../klib-src/cloudwatch/bindings';

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
    let failed = sha256Of(bufferData(message), bufferLength(message), bufferData(digest)) !== 0;
    if (!failed) printDigest(h, digest);
    failed = failed || hmacSha256Of(bufferData(key), bufferLength(key), bufferData(message), bufferLength(message),
                                     bufferData(digest)) !== 0;
    if (!failed) printDigest(h, digest);
    deallocateBuffer(message);
    deallocateBuffer(key);
    deallocateBuffer(digest);
    return failed ? KLIB_INIT_FAILED : KLIB_INIT_OK;
}
