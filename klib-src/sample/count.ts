// Pure helpers of the sample klib (no kernel calls): the differential test runs them under Node
// and as C on the same inputs.
import { bytes, u64 } from '../dialect';
import { CString } from '../nanos';

const NEWLINE = '\n'.charCodeAt(0);

export function countNewlines(s: CString, count: bytes): u64 {
    let lines: u64 = 0;
    for (let i: bytes = 0; i < count; i++) {
        if (s.charCodeAt(i) === NEWLINE) lines++;
    }
    return lines;
}
