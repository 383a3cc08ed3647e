// A function pointer type a module declares (@fnptr) is spelled out wherever it is used, so the
// header of a record with such a field includes the headers of the records the type names:
// hooks.h includes "tally.h" for `Bump`'s parameter.
import { u32 } from '../../../../klib-src/dialect';
import { Tally } from './tally';

/** Adds to a tally. @fnptr */
export type Bump = (t: Tally, by: u32) => u32;

export interface Hooks {
    bump: Bump;
}

function addTwice(t: Tally, by: u32): u32 {
    t.count += 2 * by;
    return t.count;
}

export function install(h: Hooks): void {
    h.bump = addTwice;
}

export function run(h: Hooks, t: Tally): u32 {
    return h.bump(t, 1);
}
