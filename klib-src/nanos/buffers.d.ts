/*
 * Bindings: buffer operations the shared library needs (runtime/buffer.h), and freeing a closure.
 * Readable data runs from bufferData(b) for buffer_length(b) bytes. (values.d.ts has more buffer
 * readers; the names here are distinct from those.)
 */
import type { bytes } from '../dialect';
import type { Buffer, BytePtr, CString, Heap, SString, Status, VoidPtr } from './runtime';

/** A pointer to the first readable byte. @c ((u8 *)buffer_ref($b, 0)) @include kernel.h */
export declare function bufferData(b: Buffer): BytePtr;
/** A pointer just past the readable data, where the next write goes. @c ((u8 *)buffer_end($b)) */
export declare function bufferEnd(b: Buffer): BytePtr;
/** Makes room for `n` more bytes after the end; false when it cannot grow. @c buffer_extend */
export declare function bufferExtend(b: Buffer, n: bytes): boolean;
/** Marks `n` bytes after the end as written. @c buffer_produce */
export declare function bufferProduce(b: Buffer, n: bytes): void;
/** Appends `n` bytes from offset `off` of `p`; false when it cannot grow. @c buffer_write($b, $p + $off, $n) */
export declare function bufferWriteFrom(b: Buffer, p: BytePtr, off: bytes, n: bytes): boolean;
/** Appends a C string literal; false when it cannot grow. @c buffer_write_cstring */
export declare function bufferWriteText(b: Buffer, text: CString): boolean;
/** Appends an sstring; false when it cannot grow. @c buffer_write_sstring */
export declare function bufferWriteSString(b: Buffer, text: SString): boolean;
/** A new buffer holding a copy of the readable data; INVALID_ADDRESS on failure. @c clone_buffer */
export declare function cloneBuffer(h: Heap, b: Buffer): Buffer;
/** Frees a heap closure. @c deallocate_closure */
export declare function deallocateClosure(c: VoidPtr): void;
/** Empties a buffer, keeping its memory. @c buffer_clear */
export declare function bufferReset(b: Buffer): void;
/** The message of an error status made by timm("result", ...), or 0. @c get_string($s, sym(result)) */
export declare function statusResultText(s: Status): Buffer | null;
