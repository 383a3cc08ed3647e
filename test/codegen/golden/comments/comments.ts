// The source's comments are carried onto the C they describe: this file's own description, the
// doc comment of each declaration (with the compiler's tags left out), comments before statements
// and at the end of blocks, and a comment after a statement on its line.
import { u32, u64 } from '../../../../klib-src/dialect';
import { rprintf } from '../../../../klib-src/nanos';

/** The most a window holds. */
export const WINDOW: u32 = 64;

/** A sliding count. */
export interface Window {
    /** Events in the current window. */
    count: u32;
    total: u64; // every event ever counted
}

/** Events dropped since the last report: reported once, then counted quietly. */
let dropped: u64 = 0;

/**
 * Adds one event; a full window starts over.
 * The caller holds the window's lock.
 * @inline
 */
export function windowAdd(w: Window): void {
    // Count first: the total never misses an event.
    w.total++;
    if (w.count === WINDOW) {
        /* A full window starts over rather than sliding: cheaper, and the reports say so. */
        w.count = 0; // the oldest events leave the window
    }
    w.count++;
    // Nothing else to do here.
}

/** Reports the window (at most once per tick). */
export function windowReport(w: Window): void {
    if (w.count === 0) dropped++; // an empty report counts as a drop
    rprintf(`window: ${w.count} of ${w.total}, ${dropped} dropped\n`);
}
