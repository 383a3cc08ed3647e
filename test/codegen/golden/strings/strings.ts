// String literals become sstrings or C strings as the parameter asks; template literals become
// formats whose specifiers come from the operand types.
import { bytes, u8, u32, u64, s64 } from '../../../../klib-src/dialect';
import { Buffer, bprintf, CString, rprintf, SString } from '../../../../klib-src/nanos';

const NAME: SString = 'strings';

export function report(b: Buffer, lines: u64, size: bytes, code: u32, delta: s64, name: SString): void {
    bprintf(b, `${name}: ${lines} lines, ${size} bytes, code ${code}, delta ${delta}, 100% "done"\n`);
    bprintf(b, `buffer so far: ${b}\n`);
    rprintf('plain text with a tab\t and a percent sign %\n');
    rprintf(`${NAME} done\n`);
}

export function firstByte(s: CString): u8 {
    return s.charCodeAt(0);
}

export function greeting(): CString {
    return 'héllo, "world"';
}
