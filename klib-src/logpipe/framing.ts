// Line framing: finding where a console write's current line ends. Pure (runs under Node too).
import { bytes } from '../dialect';
import { CString } from '../nanos';

const NEWLINE = 10;

/** The index of the first newline in s[from .. count), or count when there is none. */
export function logpipeFindNewline(s: CString, from: bytes, count: bytes): bytes {
    let i: bytes = from;
    while (i < count && s.charCodeAt(i) !== NEWLINE) i++;
    return i;
}
