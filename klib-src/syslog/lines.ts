// The console's lines: one log pipe (klib-src/logpipe/) that the console driver writes into and
// both outputs read, the network through batches and the file through the pipe's follower; its
// size; the flush tick that cuts a line waiting too long for its newline; and the console line
// that reports lines lost to a full buffer (once per run of losses, with its counts, as the
// destinations get it from the pipe).
//
// The console line of a loss report is not taken into the pipe again: the pipe holds that report
// already (its loss entry, which the destinations get, in the same words), so the console driver
// leaves out the one write that prints it (linesIsOwnReport).
//
// Locking: the tick and the report run in the flush timer, the shutdown ticker or the late flush,
// which can run on different CPUs: one at a time, under the record's `guard` (spinTry: a tick that
// finds it taken is skipped; the next comes soon). The console driver reads the watch's
// `reporting` and the record's `report` without a lock: they are set before the report is printed and cleared after it, on the
// CPU that prints (the console's own lock orders its write with them); another CPU that reads them
// while they change at worst compares its write with the report's text and finds it different.
import { bytes, timestamp, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, bufferByte, bufferClear, bufferLength, ClockId, CString, cstringBytes,
    Heap, INVALID_ADDRESS, kernNow, milliseconds, rprintf, spinLockInit, spinTry, Spinlock, spinUnlock,
} from '../nanos';
import { largeRangeHeap } from '../lib/large_ranges';
import { logpipeFlushTick, LogpipeLoss, logpipeLossCounts } from '../logpipe/batch';
import { logpipeCreate, logpipeDestroy, logpipeFootprint, LogPipe } from '../logpipe/ring';
import { Config } from './config';
import { ConsoleWatch } from './console_watch';

/**
 * The default buffer: a burst of 50,000 console lines of 100 bytes, each written on its own (128
 * bytes in the pipe: header and padding), is 6.4 MB; it fits whole, whatever the network does.
 */
const DEFAULT_BUFFER_SIZE: u64 = 8 << 20;
/** Halving the default for a VM short of memory stops here (or at what max_message_size needs). */
const SMALLEST_DEFAULT: u64 = 256 << 10;
/**
 * How often a flush tick looks at the open line: one it has seen open before is shipped without
 * its newline, so a line waits 0.5 to 1 s for it (50 to 100 ms during the shutdown).
 */
const TICK_MS: u64 = 500;
const SHUTDOWN_TICK_MS: u64 = 50;

/** The console's lines: allocated at init with the pipe, then passed to whoever ticks or reports. */
export interface ConsoleLines {
    pipe: LogPipe;
    /** The console path's flags: `reporting` is set while a loss report is printed. */
    watch: ConsoleWatch;
    /** One tick or report at a time (see the top). */
    guard: Spinlock;
    lastTick: timestamp;
    loss: LogpipeLoss;
    /** ConsoleLines and bytes the console has been told of. */
    printedLines: u64;
    printedBytes: u64;
    /** The text of the loss report being printed. */
    report: Buffer;
}

// The smallest ring logpipe accepts for lines of `lineCap` bytes: four of the longest entries.
function smallestFor(lineCap: u64): u64 {
    return logpipeFootprint(lineCap) * 4;
}

// The pipe, with its ring from the kernel's vmem heap when the memory is there
// (lib/large_ranges.ts); null when it cannot be made.
function pipeOf(h: Heap, size: u64, lineCap: u64): LogPipe | null {
    const ringHeap = largeRangeHeap(size);
    return ringHeap !== null ? logpipeCreate(h, ringHeap, size, lineCap as u32) : null;
}

/**
 * Makes the lines' record and its pipe (lines cut at max_message_size): `buffer_size` bytes, or
 * the default, halved while it would take more than half of the free memory. Null, after a console
 * line, when they cannot be made.
 */
export function linesNew(h: Heap, c: Config, w: ConsoleWatch): ConsoleLines | null {
    const p = pipeFor(h, c);
    if (p === null) return null;
    const l: ConsoleLines = allocate<ConsoleLines>(h);
    const r: LogpipeLoss = allocate<LogpipeLoss>(h);
    const text = allocateBuffer(h, 96);
    if (l === INVALID_ADDRESS || r === INVALID_ADDRESS || text === INVALID_ADDRESS) {
        logpipeDestroy(p);
        rprintf('syslog: out of memory: syslog output disabled\n');
        return null;
    }
    l.pipe = p;
    l.watch = w;
    spinLockInit(l.guard);
    l.lastTick = 0;
    l.loss = r;
    l.printedLines = 0;
    l.printedBytes = 0;
    l.report = text;
    return l;
}

// The pipe, of `buffer_size` or the default size (see linesNew); null after a console line.
function pipeFor(h: Heap, c: Config): LogPipe | null {
    const lineCap: u64 = c.maxMessage;
    const smallest = smallestFor(lineCap);
    if (c.bufferSize !== 0) {
        if (c.bufferSize < smallest) {
            rprintf(`syslog: invalid configuration: 'buffer_size' must be at least ${smallest} bytes with max_message_size ${lineCap}\n`);
            rprintf('syslog: syslog output disabled\n');
            return null;
        }
        const p = pipeOf(h, c.bufferSize, lineCap);
        if (p === null) rprintf(`syslog: out of memory for 'buffer_size' (${c.bufferSize} bytes): syslog output disabled\n`);
        return p;
    }
    const floor = smallest > SMALLEST_DEFAULT ? smallest : SMALLEST_DEFAULT;
    for (let size: u64 = DEFAULT_BUFFER_SIZE; size >= floor; size = size >>> 1) {
        const p = pipeOf(h, size, lineCap);
        if (p === null) continue;
        if (size < DEFAULT_BUFFER_SIZE) {
            rprintf(`syslog: a buffer of ${size} bytes: the default ${DEFAULT_BUFFER_SIZE} would take more than half of the free memory\n`);
        }
        return p;
    }
    rprintf('syslog: out of memory for the buffer: syslog output disabled\n');
    return null;
}

/**
 * The flush tick, when due: whole lines waiting in the open entry are split off, a line that has
 * waited a tick for its newline is shipped as it is (`force`: any open line, at once), and lost
 * lines reported on the console once their report is in the pipe. `shutdown`: ticks come faster.
 */
export function linesTick(l: ConsoleLines, force: boolean, shutdown: boolean): void {
    if (!spinTry(l.guard)) return;
    const now = kernNow(ClockId.Monotonic);
    const interval = milliseconds(shutdown ? SHUTDOWN_TICK_MS : TICK_MS);
    if (force || now - l.lastTick >= interval) {
        l.lastTick = now;
        logpipeFlushTick(l.pipe, force);
    }
    reportLoss(l, false);
    spinUnlock(l.guard);
}

/**
 * At the shutdown's deadline: lost lines whose report never found room in the pipe are told on
 * the console (the destinations will not get that report).
 */
export function linesFinalReport(l: ConsoleLines): void {
    if (!spinTry(l.guard)) return;
    reportLoss(l, true);
    spinUnlock(l.guard);
}

// Prints the losses the console has not been told of: those the pipe reports (its loss entries
// are written), and with `all` also those still waiting for room. Under the guard.
function reportLoss(l: ConsoleLines, all: boolean): void {
    const r = l.loss;
    const text = l.report;
    logpipeLossCounts(l.pipe, r);
    let lines = r.reportedLines;
    let bytesLost = r.reportedBytes;
    if (all) {
        lines += r.pendingLines;
        bytesLost += r.pendingBytes;
    }
    if (lines <= l.printedLines) return;
    // The words of logpipe's loss entry (loss_text.ts), with the klib's name, as message.ts sends it.
    bufferClear(text);
    bprintf(text, `syslog: ${lines - l.printedLines} lines, ${bytesLost - l.printedBytes} bytes dropped (log buffer full)\n`);
    l.printedLines = lines;
    l.printedBytes = bytesLost;
    l.watch.reporting = true;
    rprintf(`${text}`);
    l.watch.reporting = false;
}

/**
 * For the console driver, while the watch says a report is printed: true when this write is the
 * loss report being printed (linesTick), which the pipe holds already.
 */
export function linesIsOwnReport(l: ConsoleLines, s: CString, count: bytes): boolean {
    const text = l.report;
    if (!l.watch.reporting || bufferLength(text) !== count) return false;
    const p = cstringBytes(s);
    for (let i: bytes = 0; i < count; i++) if (p[i] !== bufferByte(text, i)) return false;
    return true;
}
