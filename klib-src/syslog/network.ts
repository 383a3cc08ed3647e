// NetworkOutput output: waits for the server's address and for the HOSTNAME field, then hands the log
// pipe's lines to the configured transport. At shutdown nothing waits any more (HOSTNAME is "-" until
// an address comes, a connect is tried at once): a ticker ships what the console printed, the
// kernel's last lines included, until shutdown.ts gives the merge back; after that a console line
// is flushed at once (shutdown.ts, "After the release").
import { closure, u64 } from '../dialect';
import {
    allocate, Buffer, ClockId, Heap, initTimer, INVALID_ADDRESS, kernelTimers, milliseconds, registerTimer,
    spinLockInit, Spinlock, spinTry, spinUnlock, StatusHandler, Timer, TIMER_DISABLED, TimerHandler, timerIsActive,
} from '../nanos';
import { logpipePending, logpipeUndelivered } from '../logpipe/batch';
import { LogPipe } from '../logpipe/ring';
import { Config, Protocol } from './config';
import { HostnameField, hostname, hostnameOrNil } from './hostname';
import { ConsoleLines, linesFinalReport, linesTick } from './lines';
import { resolveHurry, resolveIfDue, Resolver, resolverNew, serverKnown } from './resolve';
import {
    Release, shutdownCheck, shutdownGiveBack, shutdownHoldMerge, ShutdownHold, shutdownLateFlushed, shutdownLateWrite,
    shutdownReportUnsent, shutdownStarted,
} from './shutdown';
import { streamFlush, streamHurry, streamNew, StreamTransport } from './stream';
import { UdpTransport, udpBacklog, udpFlush, udpTransportNew } from './udp';

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
// different CPUs: one at a time, under the record's `guard`. Everything the transports keep for
// the network path alone (the UdpTransport record, the pipe's batches, the scratch buffer, the
// HostnameField record, the failure reports) relies on this guard. What other contexts touch has a lock of its
// own: stream.ts's connection state (connection callbacks), resolve.ts's answer (DNS callbacks),
// the pipe's positions (console writes, the file's follower), the shutdown's hold.
export interface NetworkOutput {
    h: Heap;
    config: Config;
    lines: ConsoleLines;
    pipe: LogPipe;
    /** One message's text, formatted before it is sent. */
    scratch: Buffer;
    host: HostnameField;
    hold: ShutdownHold;
    resolver: Resolver;
    /** One transport: UDP, or a stream (protocol tcp or tls). */
    udp: UdpTransport | null;
    stream: StreamTransport | null;
    guard: Spinlock;
    /** Started by the first shutdown, never removed. */
    ticker: Timer;
    lateTimer: Timer;
    /** UDP's pace timer, armed under the guard while lines wait. */
    paceTimer: Timer;
    onPace: TimerHandler;
    onShutdownTick: TimerHandler;
    onLateWrite: TimerHandler;
}

/**
 * The network output to `server` (the configuration's): its record, its resolver and transport,
 * its timers' handlers. Null when memory is short.
 */
export function networkNew(h: Heap, c: Config, server: Buffer, l: ConsoleLines, scratch: Buffer, host: HostnameField,
                           hold: ShutdownHold): NetworkOutput | null {
    const n: NetworkOutput = allocate<NetworkOutput>(h);
    const r = resolverNew(h, server, c.resolveInterval);
    if (n === INVALID_ADDRESS || r === null) return null;
    n.resolver = r;
    n.h = h;
    n.config = c;
    n.lines = l;
    n.pipe = l.pipe;
    n.scratch = scratch;
    n.host = host;
    n.hold = hold;
    n.udp = null;
    n.stream = null;
    if (c.protocol === Protocol.Udp) {
        n.udp = udpTransportNew(h);
        if (n.udp === null) return null;
    } else {
        n.stream = streamNew(h, c, l.pipe, r);
        if (n.stream === null) return null;
    }
    spinLockInit(n.guard);
    initTimer(n.ticker);
    initTimer(n.lateTimer);
    initTimer(n.paceTimer);
    n.onPace = closure(h, (expiry, overruns) => {
        if (overruns !== TIMER_DISABLED) networkFlush(n);
    });
    n.onShutdownTick = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        linesTick(n.lines, false, true);
        networkFlush(n);
    });
    n.onLateWrite = closure(h, (expiry, overruns) => {
        // First: a line printed during this flush arms the timer again (it is not queued while its
        // handler runs).
        shutdownLateFlushed(n.hold);
        if (overruns === TIMER_DISABLED) return;
        linesTick(n.lines, true, true);
        networkFlush(n);
    });
    if (n.onPace === INVALID_ADDRESS || n.onShutdownTick === INVALID_ADDRESS || n.onLateWrite === INVALID_ADDRESS) {
        return null;
    }
    return n;
}

// UDP lines wait after this flush: flush again soon (not at shutdown: its ticker does). Under the
// guard.
function paceAgain(n: NetworkOutput): void {
    // Not while it is queued (the kernel asserts on that); inside its own handler it is not.
    if (!timerIsActive(n.paceTimer)) {
        registerTimer(kernelTimers, n.paceTimer, ClockId.Monotonic, milliseconds(UDP_PACE_MS), false, 0, n.onPace);
    }
}

export function networkFlush(n: NetworkOutput): void {
    if (!spinTry(n.guard)) return;
    const c = n.config;
    const p = n.pipe;
    const urgent = shutdownStarted(n.hold);
    resolveIfDue(n.resolver);
    const host = urgent ? hostnameOrNil(n.host) : hostname(n.host);
    let handed = false;
    if (host !== null && serverKnown(n.resolver)) {
        const u = n.udp;
        const t = n.stream;
        if (u !== null) {
            handed = udpFlush(u, n.resolver, p, c, host, n.scratch);
            if (!urgent && udpBacklog(u)) paceAgain(n);
        } else if (t !== null) {
            handed = streamFlush(t, p, c, host, n.scratch, urgent);
        }
    }
    const release = urgent ? shutdownCheck(n.hold, logpipePending(p), handed) : Release.Hold;
    // Counted only when it is said (the pipe's batches are this guard's).
    const unsent = release === Release.Deadline ? logpipeUndelivered(p) : 0;
    spinUnlock(n.guard);
    if (release === Release.Hold) return;
    if (release === Release.Deadline) shutdownReportUnsent(unsent);
    linesFinalReport(n.lines);
    // The merge is given back here, and the kernel may halt inside: nothing follows.
    shutdownGiveBack(n.hold);
}

/**
 * At shutdown: holds `done` until what the pipe holds (and what the console prints meanwhile) is
 * sent, or until shutdown.ts's deadline. A connection is never closed (stream.ts, at the top).
 */
export function networkShutdown(n: NetworkOutput, done: StatusHandler): void {
    const linger = n.config.protocol === Protocol.Udp ? UDP_LINGER_MS : STREAM_LINGER_MS;
    if (shutdownHoldMerge(n.hold, done, linger)) {
        resolveHurry(n.resolver);
        if (n.stream !== null) streamHurry(n.stream);
        // Once only, and never removed: a later shutdown (kernel_shutdown again after a halt)
        // finds it running.
        registerTimer(kernelTimers, n.ticker, ClockId.Monotonic, milliseconds(SHUTDOWN_TICK_MS), false,
                      milliseconds(SHUTDOWN_TICK_MS), n.onShutdownTick);
    }
    networkFlush(n);
}

/**
 * For the console write path, after the copy: once the merge is given back, arms the zero-delay
 * timer that flushes the line (unless it is armed already). Nothing else happens in the write.
 */
export function networkConsoleWritten(n: NetworkOutput): void {
    if (shutdownLateWrite(n.hold)) {
        registerTimer(kernelTimers, n.lateTimer, ClockId.Monotonic, 0, false, 0, n.onLateWrite);
    }
}
