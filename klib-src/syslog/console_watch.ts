// What the console driver must look at besides copying into the log pipe: two flags, set rarely
// (by lines.ts and shutdown.ts) and read on every console write, kept in one record so that the
// write path reads them inline (consoleWatchQuiet) and goes its short way while both are clear.
// Plain loads with no lock: a write that misses a change by a moment is handled as the owners
// describe (lines.ts, shutdown.ts).
export interface ConsoleWatch {
    /** lines.ts is printing a loss report the pipe holds already: that write is left out. */
    reporting: boolean;
    /** shutdown.ts has given the merge back: a write asks for the late flush. */
    released: boolean;
}

/** True while the console write path has nothing to do but copy. @inline */
export function consoleWatchQuiet(w: ConsoleWatch): boolean {
    return !w.reporting && !w.released;
}
