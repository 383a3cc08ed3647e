// syslog: ships the console (program output and kernel messages) to a syslog server over UDP,
// TCP or TLS, in RFC 5424 or RFC 3164, and/or appends it to a file with rotation. The console
// driver only copies lines into the log pipe (klib-src/logpipe/, lines.ts); a periodic flush timer
// does everything else.
import { bytes, embedded, s32, u64 } from '../dialect';
import {
    addShutdownCompletion, allocate, allocateBuffer, applyMerge, attachConsoleDriver, Buffer, ClockId, ConsoleDriver,
    CString, getKernelHeaps, Heap, heapLocked, INVALID_ADDRESS, kernelTimers, KLIB_INIT_OK, milliseconds,
    registerTimer, rprintf, ShutdownHandler, STATUS_OK, StatusHandler, Timer, TIMER_DISABLED, TimerHandler,
    VoidPtr,
} from '../nanos';
import { LogPipe } from '../logpipe/ring';
import { logpipeWrite } from '../logpipe/writer';
import { Config, Protocol, readConfig } from './config';
import { ConsoleWatch, consoleWatchQuiet } from './console_watch';
import { fileFlush, fileFollow, fileOutputOpen, fileShutdown } from './file';
import { hostnameInit } from './hostname';
import { linesCreate, linesIsOwnReport, linesTick } from './lines';
import { networkConsoleWritten, networkFlush, networkShutdown } from './network';
import { resolveInit } from './resolve';
import { shutdownInit } from './shutdown';
import { streamInit } from './stream';

// The syslog klib's interface to the syslog_tls klib, which makes its TLS connections.
export {
    syslogTlsAddress, syslogTlsCaCert, syslogTlsCaCertLength, syslogTlsHandler, syslogTlsPort, syslogTlsRegister,
    syslogTlsServer, syslogTlsStarted,
} from './tls_bridge';

const FLUSH_INTERVAL_MS: u64 = 200;

let h: Heap;
let config: Config | null = null;
let scratch: Buffer | null = null;
/** Set before the console driver is attached, then only read. */
let pipe: LogPipe;
let watch: ConsoleWatch;
let running: boolean = false;
let driver: ConsoleDriver;
let flushTimer: Timer;

// The console write path (under the console lock, any context): copy into the log pipe, nothing
// else while the watch is quiet, which is nearly always.
function syslogConsoleWrite(d: VoidPtr, s: CString, count: bytes): void {
    if (consoleWatchQuiet(watch)) logpipeWrite(pipe, s, count);
    else watchedWrite(s, count);
}

/**
 * The write while the watch is not quiet: the klib's own console line that reports lost lines is
 * left out (the pipe holds that report); once the shutdown has given the merge back, a write arms
 * the timer that flushes at once.
 * @noinline
 */
function watchedWrite(s: CString, count: bytes): void {
    if (linesIsOwnReport(s, count)) return;
    logpipeWrite(pipe, s, count);
    networkConsoleWritten();
}

const onFlush: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    const c = config;
    if (c === null || scratch === null || !running) return;
    linesTick(pipe, false, false);
    fileFlush();
    networkFlush(c, pipe, scratch);
});

const onShutdown: ShutdownHandler = embedded((status, m) => {
    const c = config;
    const b = scratch;
    if (c === null || b === null || !running) return;
    linesTick(pipe, true, true);
    const first: StatusHandler = applyMerge(m);
    if (c.file !== null) fileShutdown(applyMerge(m));
    networkShutdown(h, c, pipe, b, applyMerge(m));
    first(STATUS_OK);
});

export function init(complete: StatusHandler): s32 {
    h = heapLocked(getKernelHeaps());
    const c = readConfig(h);
    // Configuration problems leave the klib inactive and the VM running (the stock klib halted it).
    if (c === null) return KLIB_INIT_OK;
    // Kept for the klib's life, whether output starts or not (the flush timer and the shutdown
    // completion exist only once it has).
    config = c;
    const b = allocateBuffer(h, c.maxMessage + 512);
    if (b === INVALID_ADDRESS || !hostnameInit(h, c.hostname)) {
        rprintf('syslog: out of memory: syslog output disabled\n');
        return KLIB_INIT_OK;
    }
    scratch = b;
    const toFile = c.file !== null && fileOutputOpen(h, c);
    if (!toFile) c.file = null;
    if (c.server === null && c.file === null) {
        rprintf('syslog: neither a server nor a file to write to: syslog output disabled\n');
        return KLIB_INIT_OK;
    }
    // The pipe's ring (8 MiB by default) is more than the locked heap (an mcache) gives, one piece
    // of physical memory (2 MiB): it comes from vmem, when the memory is there (lines.ts,
    // lib/large_ranges.ts), and is kept for the VM's life.
    const w: ConsoleWatch = allocate<ConsoleWatch>(h);
    if (w === INVALID_ADDRESS) {
        rprintf('syslog: out of memory: syslog output disabled\n');
        return KLIB_INIT_OK;
    }
    w.reporting = false;
    w.released = false;
    const p = linesCreate(h, c, w);
    if (p === null) return KLIB_INIT_OK;
    const stream = c.protocol !== Protocol.Udp;
    if (c.server !== null && (!resolveInit(h, c.server, c.resolveInterval) || (stream && !streamInit(h, c, p)))) {
        rprintf('syslog: out of memory: syslog output disabled\n');
        return KLIB_INIT_OK;
    }
    if (toFile) fileFollow(p, c.server !== null);
    shutdownInit(w);
    watch = w;
    pipe = p;
    running = true;
    driver.write = syslogConsoleWrite;
    driver.name = 'syslog';
    attachConsoleDriver(driver);
    registerTimer(kernelTimers, flushTimer, ClockId.Monotonic, milliseconds(FLUSH_INTERVAL_MS), false,
                  milliseconds(FLUSH_INTERVAL_MS), onFlush);
    addShutdownCompletion(onShutdown);
    return KLIB_INIT_OK;
}
