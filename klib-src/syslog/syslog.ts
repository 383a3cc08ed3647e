// syslog: ships the console (program output and kernel messages) to a syslog server over UDP,
// TCP or TLS, in RFC 5424 or RFC 3164, and/or appends it to a file with rotation. The console
// driver only copies lines into a preallocated ring; a periodic flush timer does everything else.
import { bytes, embedded, s32, u64 } from '../dialect';
import {
    addShutdownCompletion, allocateBuffer, applyMerge, attachConsoleDriver, Buffer, ClockId, ConsoleDriver,
    CString, getKernelHeaps, Heap, heapLocked, INVALID_ADDRESS, kernelTimers, KLIB_INIT_OK, milliseconds,
    registerTimer, rprintf, ShutdownHandler, STATUS_OK, StatusHandler, Timer, TIMER_DISABLED, TimerHandler,
    VoidPtr,
} from '../nanos';
import { Config, readConfig } from './config';
import { fileFlush, fileOutputOpen, fileShutdown } from './file';
import { largeRangeHeap } from '../lib/large_ranges';
import { hostnameInit } from './hostname';
import { networkConsoleWritten, networkFlush, networkShutdown } from './network';
import { resolveInit } from './resolve';
import { ringCommitStale, ringInit, ringWrite } from './ring';
import { streamInit } from './stream';

// The syslog klib's interface to the syslog_tls klib, which makes its TLS connections.
export {
    syslogTlsAddress, syslogTlsCaCert, syslogTlsCaCertLength, syslogTlsHandler, syslogTlsPort, syslogTlsRegister,
    syslogTlsServer, syslogTlsStarted,
} from './tls_bridge';

const FLUSH_INTERVAL_MS: u64 = 200;
/** How long a line without its newline waits before it is sent as it is. */
const PARTIAL_LINE_WAIT_MS: u64 = 1000;
const MIN_RING_BYTES: bytes = 256 * 1024;

let h: Heap;
let config: Config | null = null;
let scratch: Buffer | null = null;
let driver: ConsoleDriver;
let flushTimer: Timer;

// The console write path (under the console lock, any context): copy into the ring, nothing else
// (but, once the shutdown has given the merge back, arm the timer that flushes at once).
function syslogConsoleWrite(d: VoidPtr, s: CString, count: bytes): void {
    ringWrite(s, count);
    networkConsoleWritten();
}

const onFlush: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    const c = config;
    if (c === null || scratch === null) return;
    ringCommitStale(milliseconds(PARTIAL_LINE_WAIT_MS));
    fileFlush();
    networkFlush(c, scratch);
});

const onShutdown: ShutdownHandler = embedded((status, m) => {
    const c = config;
    const b = scratch;
    if (c === null || b === null) return;
    ringCommitStale(0);
    const first: StatusHandler = applyMerge(m);
    if (c.file !== null) fileShutdown(applyMerge(m));
    networkShutdown(h, c, b, applyMerge(m));
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
    const ringBytes = 64 * c.maxMessage > MIN_RING_BYTES ? 64 * c.maxMessage : MIN_RING_BYTES;
    // Up to 64 x 65000 bytes: more than the locked heap (an mcache) gives, one piece of physical
    // memory (2 MiB). It comes from vmem, when the memory is there (lib/large_ranges.ts), and is
    // kept for the VM's life.
    const ringHeap = largeRangeHeap(ringBytes);
    if (ringHeap === null || !ringInit(ringHeap, ringBytes, c.maxMessage, c.server !== null, toFile)) {
        rprintf('syslog: out of memory: syslog output disabled\n');
        return KLIB_INIT_OK;
    }
    if (c.server !== null && !resolveInit(h, c.server, c.resolveInterval)) {
        rprintf('syslog: out of memory: syslog output disabled\n');
        return KLIB_INIT_OK;
    }
    streamInit(h, c);
    driver.write = syslogConsoleWrite;
    driver.name = 'syslog';
    attachConsoleDriver(driver);
    registerTimer(kernelTimers, flushTimer, ClockId.Monotonic, milliseconds(FLUSH_INTERVAL_MS), false,
                  milliseconds(FLUSH_INTERVAL_MS), onFlush);
    addShutdownCompletion(onShutdown);
    return KLIB_INIT_OK;
}
