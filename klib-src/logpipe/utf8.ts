// Where a run of bytes may be cut without splitting a UTF-8 sequence. Pure: no kernel calls, so the
// differential test runs the same code under Node.
import { bytes, u32 } from '../dialect';
import { BytePtr } from '../nanos';

/** The length of the sequence a lead byte starts (1 for ASCII or a byte that starts none). */
export function logpipeUtf8SequenceLength(lead: u32): u32 {
    if (lead >= 0xc0 && lead < 0xe0) return 2;
    if (lead >= 0xe0 && lead < 0xf0) return 3;
    if (lead >= 0xf0 && lead < 0xf8) return 4;
    return 1;
}

/**
 * The largest cut c <= n such that p[start .. start+c) does not end inside a multi-byte sequence
 * whose lead byte is in it: at most 3 bytes are given back. 0 means the n bytes are only the
 * beginning of one sequence. Invalid bytes (stray continuations, truncated leads further back) are
 * cut anywhere: they are invalid in any piece.
 */
export function logpipeUtf8Cut(p: BytePtr, start: bytes, n: u32): u32 {
    let k: u32 = 0;
    // Walk back over at most 3 continuation bytes (10xxxxxx) to the byte that should lead them.
    while (k < 3 && k < n && (p[start + n - 1 - k] & 0xc0) === 0x80) k++;
    if (k === n) return n;
    const lead = p[start + n - 1 - k];
    if (logpipeUtf8SequenceLength(lead) > k + 1) return n - 1 - k;
    return n;
}
