// counter.h names `tally` (from tally.ts) in its prototypes and its exported record, so it
// includes "tally.h" itself: a C file (or a klib) can include counter.h alone, or before tally.h.
import { u32 } from '../../../../klib-src/dialect';
import { Tally } from './tally';

export interface Pair {
    left: Tally;
    right: Tally;
}

export function bump(t: Tally, by: u32): u32 {
    t.count += by;
    return t.count;
}

export function total(p: Pair): u32 {
    return p.left.count + p.right.count;
}
