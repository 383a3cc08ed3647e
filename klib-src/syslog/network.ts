// Network output: waits for the server's address and for the HOSTNAME field, then hands the log
// pipe's lines to the configured transport. At shutdown nothing waits any more (HOSTNAME is "-" until
// an address comes, a connect is tried at once): a ticker ships what the console printed, the
// kernel's last lines included, until shutdown.ts gives the merge back; after that a console line
// is flushed at once (shutdown.ts, "After the release").
import { embedded, u64 } from '../dialect';
import {
    Buffer, ClockId, Heap, kernelTimers, milliseconds, registerTimer, spinLock, Spinlock, spinTry, spinUnlock,
    StatusHandler, STATUS_OK, Timer, TIMER_DISABLED, TimerHandler, timerIsActive,
} from '../nanos';
import { logpipePending, logpipeUndelivered } from '../logpipe/batch';
import { LogPipe } from '../logpipe/ring';
import { Config, Protocol } from './config';
import { hostname, hostnameOrNil } from './hostname';
import { linesFinalReport, linesTick } from './lines';
import { resolveHurry, resolveIfDue, serverKnown } from './resolve';
import {
    Release, shutdownCheck, shutdownGiveBack, shutdownHold, shutdownLateFlushed, shutdownLateWrite,
    shutdownReportUnsent, shutdownStarted,
} from './shutdown';
import { streamFlush, streamHurry } from './stream';
import { udpBacklog, udpFlush } from './udp';

/** How often the shutdown ships what the console prints. */
const SHUTDOWN_TICK_MS: u64 = 10;
/** UDP: while lines wait after a flush, the next comes after this long (udp.ts: small bursts). */
const UDP_PACE_MS: u64 = 10;
/**
 * How long bytes handed to a TCP or TLS connection get to leave before the VM may halt. A klib is
 * told nothing of TCP's acknowledgements, so this is a guess: ample for a LAN (lwIP holds up to
 * 208 KiB a connection and sends it within a few round trips), and what a lost segment or a
 * server that stopped reading would need is not waited for.
 */
const STREAM_LINGER_MS: u64 = 1000;
/**
 * The same for datagrams: udp_sendto hands them to the interface's queue, which the VM's exit
 * drops (in a Nanos VM under QEMU, the last 77 of a 1000-datagram burst sent right before the
 * halt were lost without this wait).
 */
const UDP_LINGER_MS: u64 = 250;

// The flush timer, the shutdown completion, the shutdown ticker and the late flush can run on
// different CPUs: one at a time. Everything the transports keep for the network path alone
// (udp.ts's state, the pipe's batches, the scratch buffer, hostname.ts, the failure reports)
// relies on this guard. What other contexts touch has a lock of its own: stream.ts's connection
// state (connection callbacks), resolve.ts's answer (DNS callbacks), the pipe's positions (console
// writes, the file's follower), shutdown.ts's hold.
let guard: Spinlock;
// Set by the first shutdown, before the ticker starts; the same on a later one.
let shutdownConfig: Config | null = null;
let shutdownPipe: LogPipe | null = null;
let shutdownScratch: Buffer | null = null;
let ticker: Timer;
let lateTimer: Timer;
// UDP's pace timer, armed under the guard while lines wait, and what its flush needs.
let paceTimer: Timer;
let paceConfig: Config | null = null;
let pacePipe: LogPipe | null = null;
let paceScratch: Buffer | null = null;

const onPace: TimerHandler = embedded((expiry, overruns) => {
    const c = paceConfig;
    const p = pacePipe;
    const scratch = paceScratch;
    if (overruns === TIMER_DISABLED || c === null || p === null || scratch === null) return;
    networkFlush(c, p, scratch);
});

// UDP lines wait after this flush: flush again soon (not at shutdown: its ticker does). Under the guard.
function paceAgain(c: Config, p: LogPipe, scratch: Buffer): void {
    paceConfig = c;
    pacePipe = p;
    paceScratch = scratch;
    // Not while it is queued (the kernel asserts on that); inside its own handler it is not.
    if (!timerIsActive(paceTimer)) {
        registerTimer(kernelTimers, paceTimer, ClockId.Monotonic, milliseconds(UDP_PACE_MS), false, 0, onPace);
    }
}

export function networkFlush(c: Config, p: LogPipe, scratch: Buffer): void {
    if (c.server === null || !spinTry(guard)) return;
    const urgent = shutdownStarted();
    resolveIfDue();
    const host = urgent ? hostnameOrNil() : hostname();
    let handed = false;
    if (host !== null && serverKnown()) {
        if (c.protocol === Protocol.Udp) {
            handed = udpFlush(p, c, host, scratch);
            if (!urgent && udpBacklog()) paceAgain(c, p, scratch);
        } else {
            handed = streamFlush(p, c, host, scratch, urgent);
        }
    }
    const release = urgent ? shutdownCheck(logpipePending(p), handed) : Release.Hold;
    // Counted only when it is said (the pipe's batches are this guard's).
    const unsent = release === Release.Deadline ? logpipeUndelivered(p) : 0;
    spinUnlock(guard);
    if (release === Release.Hold) return;
    if (release === Release.Deadline) shutdownReportUnsent(unsent);
    linesFinalReport(p);
    // The merge is given back here, and the kernel may halt inside: nothing follows.
    shutdownGiveBack();
}

const onShutdownTick: TimerHandler = embedded((expiry, overruns) => {
    const c = shutdownConfig;
    const p = shutdownPipe;
    const scratch = shutdownScratch;
    if (overruns === TIMER_DISABLED || c === null || p === null || scratch === null) return;
    linesTick(p, false, true);
    networkFlush(c, p, scratch);
});

const onLateWrite: TimerHandler = embedded((expiry, overruns) => {
    // First: a line printed during this flush arms the timer again (it is not queued while its
    // handler runs).
    shutdownLateFlushed();
    const c = shutdownConfig;
    const p = shutdownPipe;
    const scratch = shutdownScratch;
    if (overruns === TIMER_DISABLED || c === null || p === null || scratch === null) return;
    linesTick(p, true, true);
    networkFlush(c, p, scratch);
});

/**
 * At shutdown: holds `done` until what the pipe holds (and what the console prints meanwhile) is
 * sent, or until shutdown.ts's deadline. A connection is never closed (stream.ts, at the top).
 */
export function networkShutdown(h: Heap, c: Config, p: LogPipe, scratch: Buffer, done: StatusHandler): void {
    if (c.server === null) {
        done(STATUS_OK);
        return;
    }
    spinLock(guard);
    shutdownConfig = c;
    shutdownPipe = p;
    shutdownScratch = scratch;
    spinUnlock(guard);
    const linger = c.protocol === Protocol.Udp ? UDP_LINGER_MS : STREAM_LINGER_MS;
    if (shutdownHold(h, done, linger)) {
        resolveHurry();
        streamHurry();
        // Once only, and never removed: a later shutdown (kernel_shutdown again after a halt)
        // finds it running.
        registerTimer(kernelTimers, ticker, ClockId.Monotonic, milliseconds(SHUTDOWN_TICK_MS), false,
                      milliseconds(SHUTDOWN_TICK_MS), onShutdownTick);
    }
    networkFlush(c, p, scratch);
}

/**
 * For the console write path, after the copy: once the merge is given back, arms the zero-delay
 * timer that flushes the line (unless it is armed already). Nothing else happens in the write.
 */
export function networkConsoleWritten(): void {
    if (shutdownLateWrite()) registerTimer(kernelTimers, lateTimer, ClockId.Monotonic, 0, false, 0, onLateWrite);
}
