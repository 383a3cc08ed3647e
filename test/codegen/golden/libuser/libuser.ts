// A klib using a library folder: its C includes "../libshared/text.h", and its SOURCES list names
// the library's C file after its own.
import { s32, u32 } from '../../../../klib-src/dialect';
import { BytePtr, KLIB_INIT_OK, StatusHandler } from '../../../../klib-src/nanos';
import { countByte, Span } from '../libshared/text';

let lines: u32 = 0;

export function measure(s: Span, p: BytePtr): void {
    lines += countByte(p, s.length, 10);
}

export function init(complete: StatusHandler): s32 {
    return KLIB_INIT_OK;
}
