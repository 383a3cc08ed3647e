// sample: a small klib that shows the dialect. It registers a console driver that counts the bytes
// and lines written to the console, and prints the totals every 10 seconds and at each init.
import { bytes, embedded, oneShot, s32, u64 } from '../dialect';
import {
    attachConsoleDriver, ClockId, ConsoleDriver, CString, getKernelHeaps, Heap, heapLocked,
    kernelTimers, KLIB_INIT_OK, STATUS_OK, registerTimer, rprintf, seconds, Status, StatusHandler, Timer,
    TIMER_DISABLED, TimerHandler, VoidPtr,
} from '../nanos';
import { countNewlines } from './count';

const REPORT_INTERVAL_SECONDS: u64 = 10;

let h: Heap;
let totalBytes: u64 = 0;
let totalLines: u64 = 0;
let tick: Timer;
let driver: ConsoleDriver;

// Runs under the console lock for every write: count and return, nothing else.
function sampleConsoleWrite(d: VoidPtr, s: CString, count: bytes): void {
    totalBytes += count;
    totalLines += countNewlines(s, count);
}

const onTick: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    rprintf(`sample: ${totalBytes} bytes, ${totalLines} lines\n`);
});

export function init(complete: StatusHandler): s32 {
    h = heapLocked(getKernelHeaps());
    driver.write = sampleConsoleWrite;
    driver.name = 'sample';
    attachConsoleDriver(driver);
    registerTimer(kernelTimers, tick, ClockId.Monotonic, seconds(REPORT_INTERVAL_SECONDS), false,
                  seconds(REPORT_INTERVAL_SECONDS), onTick);
    const started: u64 = totalBytes;
    const report: StatusHandler = oneShot(h, (s: Status) => {
        rprintf(`sample: attached after ${started} bytes\n`);
    });
    report(STATUS_OK);
    return KLIB_INIT_OK;
}
