// Network output: waits for the server's address and for the HOSTNAME field, then hands the ring's
// records to the configured transport. At shutdown nothing waits any more (HOSTNAME is "-" until
// an address comes, a connect is tried at once): a ticker ships what the console printed, the
// kernel's last lines included, until shutdown.ts gives the merge back; after that a console line
// is flushed at once (shutdown.ts, "After the release").
import { embedded, u64 } from '../dialect';
import {
    Buffer, ClockId, Heap, kernelTimers, milliseconds, registerTimer, spinLock, Spinlock, spinTry, spinUnlock,
    StatusHandler, STATUS_OK, Timer, TIMER_DISABLED, TimerHandler,
} from '../nanos';
import { Config, Protocol } from './config';
import { hostname, hostnameOrNil } from './hostname';
import { resolveHurry, resolveIfDue, serverKnown } from './resolve';
import { ringCommitStale, ringNetLines, ringNetPending } from './ring';
import { shutdownHold, shutdownLateFlushed, shutdownLateWrite, shutdownProgress, shutdownStarted } from './shutdown';
import { streamFlush, streamHurry } from './stream';
import { udpFlush } from './udp';

/** How often the shutdown ships what the console prints. */
const SHUTDOWN_TICK_MS: u64 = 10;
/** During the shutdown, a line without its newline is sent as it is after this long. */
const SHUTDOWN_PARTIAL_WAIT_MS: u64 = 100;
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
// (udp.ts's state, the ring's network reader, the scratch buffer, hostname.ts) relies on this
// guard. What other contexts touch has a lock of its own: stream.ts's connection state (connection
// callbacks), resolve.ts's answer (DNS callbacks), the ring's positions (console writes),
// shutdown.ts's hold.
let guard: Spinlock;
// Set by the first shutdown, before the ticker starts; the same on a later one.
let shutdownConfig: Config | null = null;
let shutdownScratch: Buffer | null = null;
let ticker: Timer;
let lateTimer: Timer;

export function networkFlush(c: Config, scratch: Buffer): void {
    if (c.server === null || !spinTry(guard)) return;
    const urgent = shutdownStarted();
    resolveIfDue();
    const host = urgent ? hostnameOrNil() : hostname();
    let handed = false;
    if (host !== null && serverKnown()) {
        if (c.protocol === Protocol.Udp) handed = udpFlush(c, host, scratch, urgent);
        else handed = streamFlush(c, host, scratch, urgent);
    }
    const pending = urgent && ringNetPending();
    const unsent = pending ? ringNetLines() : 0;
    spinUnlock(guard);
    // The merge may be given back here, and the kernel may halt inside: nothing follows.
    if (urgent) shutdownProgress(pending, handed, unsent);
}

const onShutdownTick: TimerHandler = embedded((expiry, overruns) => {
    const c = shutdownConfig;
    const scratch = shutdownScratch;
    if (overruns === TIMER_DISABLED || c === null || scratch === null) return;
    ringCommitStale(milliseconds(SHUTDOWN_PARTIAL_WAIT_MS));
    networkFlush(c, scratch);
});

const onLateWrite: TimerHandler = embedded((expiry, overruns) => {
    // First: a line printed during this flush arms the timer again (it is not queued while its
    // handler runs).
    shutdownLateFlushed();
    const c = shutdownConfig;
    const scratch = shutdownScratch;
    if (overruns === TIMER_DISABLED || c === null || scratch === null) return;
    ringCommitStale(0);
    networkFlush(c, scratch);
});

/**
 * At shutdown: holds `done` until what the ring holds (and what the console prints meanwhile) is
 * sent, or until shutdown.ts's deadline. A connection is never closed (stream.ts, at the top).
 */
export function networkShutdown(h: Heap, c: Config, scratch: Buffer, done: StatusHandler): void {
    if (c.server === null) {
        done(STATUS_OK);
        return;
    }
    spinLock(guard);
    shutdownConfig = c;
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
    networkFlush(c, scratch);
}

/**
 * For the console write path, after the copy: once the merge is given back, arms the zero-delay
 * timer that flushes the line (unless it is armed already). Nothing else happens in the write.
 */
export function networkConsoleWritten(): void {
    if (shutdownLateWrite()) registerTimer(kernelTimers, lateTimer, ClockId.Monotonic, 0, false, 0, onLateWrite);
}
