// syslog: ships the console (program output and kernel messages) to a syslog server over UDP,
// TCP or TLS, in RFC 5424 or RFC 3164, and/or appends it to a file with rotation. The console
// driver only copies lines into the log pipe (klib-src/logpipe/, lines.ts); a periodic flush timer
// does everything else.
import { bytes, closure, s32, u64 } from '../dialect';
import {
    addShutdownCompletion, allocate, allocateBuffer, applyMerge, attachConsoleDriver, Buffer, ClockId, ConsoleDriver,
    CString, getKernelHeaps, heapLocked, initTimer, INVALID_ADDRESS, kernelTimers, KLIB_INIT_OK, Merge, milliseconds,
    registerTimer, rprintf, ShutdownHandler, STATUS_OK, StatusHandler, Timer, TIMER_DISABLED, TimerHandler, VoidPtr,
} from '../nanos';
import { LogPipe } from '../logpipe/ring';
import { logpipeWrite } from '../logpipe/writer';
import { Config, readConfig } from './config';
import { ConsoleWatch, consoleWatchQuiet } from './console_watch';
import { FileWriter, fileFlush, fileFollow, fileShutdown, fileWriterNew } from './file';
import { HostnameField, hostnameNew } from './hostname';
import { ConsoleLines, linesIsOwnReport, linesNew, linesTick } from './lines';
import { NetworkOutput, networkConsoleWritten, networkFlush, networkNew, networkShutdown } from './network';
import { ShutdownHold, shutdownHoldNew } from './shutdown';

// The syslog klib's interface to the syslog_tls klib, which makes its TLS connections.
export {
    syslogTlsAddress, syslogTlsCaCert, syslogTlsCaCertLength, syslogTlsHandler, syslogTlsPort, syslogTlsRegister,
    syslogTlsServer, syslogTlsStarted,
} from './tls_bridge';

const FLUSH_INTERVAL_MS: u64 = 200;

/** The klib: its configuration and the parts it runs, made once at init. */
interface SyslogKlib {
    /**
     * The console driver, first: the kernel calls its write with the driver's address, which is
     * then the record's (syslogConsoleWrite).
     */
    driver: ConsoleDriver;
    /** What the console write path reads: the watch's two flags, then the pipe. */
    watch: ConsoleWatch;
    pipe: LogPipe;
    config: Config;
    /** One message's text, formatted before it is sent. */
    scratch: Buffer;
    host: HostnameField;
    hold: ShutdownHold;
    lines: ConsoleLines;
    /** Null without a server. */
    network: NetworkOutput | null;
    /** Null without a file. */
    file: FileWriter | null;
    flushTimer: Timer;
    onFlush: TimerHandler;
}

/**
 * The klib's one piece of module state: its record, reachable for as long as the klib lives (the
 * kernel holds only the driver and the closures it was given). Everything else is passed explicitly.
 */
let klib: SyslogKlib | null = null;

// The console write path (under the console lock, any context): copy into the log pipe, nothing
// else while the watch is quiet, which is nearly always.
function syslogConsoleWrite(d: VoidPtr, s: CString, count: bytes): void {
    // The driver is the record's first field: its address is the record's.
    const k = d as SyslogKlib;
    if (consoleWatchQuiet(k.watch)) logpipeWrite(k.pipe, s, count);
    else watchedWrite(k, s, count);
}

/**
 * The write while the watch is not quiet: the klib's own console line that reports lost lines is
 * left out (the pipe holds that report); once the shutdown has given the merge back, a write arms
 * the timer that flushes at once.
 * @noinline
 */
function watchedWrite(k: SyslogKlib, s: CString, count: bytes): void {
    if (linesIsOwnReport(k.lines, s, count)) return;
    logpipeWrite(k.pipe, s, count);
    if (k.network !== null) networkConsoleWritten(k.network);
}

// The flush timer: the tick, the file, the network.
function syslogFlush(k: SyslogKlib): void {
    linesTick(k.lines, false, false);
    if (k.file !== null) fileFlush(k.file);
    if (k.network !== null) networkFlush(k.network);
}

// The shutdown completion: every output holds the merge until it is done.
function syslogShutdown(k: SyslogKlib, m: Merge): void {
    linesTick(k.lines, true, true);
    const first: StatusHandler = applyMerge(m);
    if (k.file !== null) fileShutdown(k.file, applyMerge(m));
    if (k.network !== null) networkShutdown(k.network, applyMerge(m));
    first(STATUS_OK);
}

// Out of memory at init: one console line, and the klib stays off.
function outOfMemory(): s32 {
    rprintf('syslog: out of memory: syslog output disabled\n');
    return KLIB_INIT_OK;
}

export function init(complete: StatusHandler): s32 {
    const h = heapLocked(getKernelHeaps());
    const c = readConfig(h);
    // Configuration problems leave the klib inactive and the VM running (the stock klib halted it).
    if (c === null) return KLIB_INIT_OK;
    const k: SyslogKlib = allocate<SyslogKlib>(h);
    if (k === INVALID_ADDRESS) return outOfMemory();
    // Kept for the klib's life, whether output starts or not (the console driver, the flush timer
    // and the shutdown completion exist only once it has).
    klib = k;
    k.config = c;
    k.network = null;
    k.file = null;
    const scratch = allocateBuffer(h, c.maxMessage + 512);
    const host = hostnameNew(h, c.hostname);
    if (scratch === INVALID_ADDRESS || host === null) return outOfMemory();
    k.scratch = scratch;
    k.host = host;
    if (c.file !== null) {
        k.file = fileWriterNew(h, c);
        if (k.file === null) c.file = null;
    }
    if (c.server === null && c.file === null) {
        rprintf('syslog: neither a server nor a file to write to: syslog output disabled\n');
        return KLIB_INIT_OK;
    }
    // The pipe's ring (8 MiB by default) is more than the locked heap (an mcache) gives, one piece
    // of physical memory (2 MiB): it comes from vmem, when the memory is there (lines.ts,
    // lib/large_ranges.ts), and is kept for the VM's life.
    const w: ConsoleWatch = allocate<ConsoleWatch>(h);
    if (w === INVALID_ADDRESS) return outOfMemory();
    w.reporting = false;
    w.released = false;
    k.watch = w;
    const l = linesNew(h, c, w);
    if (l === null) return KLIB_INIT_OK;
    k.lines = l;
    k.pipe = l.pipe;
    const hold = shutdownHoldNew(h, w);
    if (hold === null) return outOfMemory();
    k.hold = hold;
    if (c.server !== null) {
        k.network = networkNew(h, c, c.server, l, scratch, host, hold);
        if (k.network === null) return outOfMemory();
    }
    if (k.file !== null) fileFollow(k.file, l.pipe, c.server !== null);
    initTimer(k.flushTimer);
    k.onFlush = closure(h, (expiry, overruns) => {
        if (overruns !== TIMER_DISABLED) syslogFlush(k);
    });
    const onShutdown: ShutdownHandler = closure(h, (status, m) => {
        const running = klib;
        if (running !== null) syslogShutdown(running, m);
    });
    if (k.onFlush === INVALID_ADDRESS || onShutdown === INVALID_ADDRESS) return outOfMemory();
    // The record comes from a heap, not zeroed: every field the kernel reads is set.
    k.driver.write = syslogConsoleWrite;
    k.driver.config = null;
    k.driver.name = 'syslog';
    k.driver.disabled = false;
    attachConsoleDriver(k.driver);
    registerTimer(kernelTimers, k.flushTimer, ClockId.Monotonic, milliseconds(FLUSH_INTERVAL_MS), false,
                  milliseconds(FLUSH_INTERVAL_MS), k.onFlush);
    addShutdownCompletion(onShutdown);
    return KLIB_INIT_OK;
}
