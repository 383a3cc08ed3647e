// cloudwatch: ships the console (program output and kernel messages) to CloudWatch Logs and,
// optionally, memory metrics to CloudWatch, as the stock klib's configuration asks. The console
// driver only copies lines into the log pipe's preallocated ring; a flush timer and the
// connection's handlers do everything else (README.md).
import { bytes, embedded, s32, u32, u64 } from '../dialect';
import {
    addShutdownCompletion, allocateBuffer, attachConsoleDriver, bprintf, Buffer, bufferData, bufferLength,
    bufferWriteFrom, ClockId, ConsoleDriver, CString, getEnvironment, getKernelHeaps, getRootTuple, getValue, Heap,
    heapLocked, INVALID_ADDRESS, isString, kernelTimers, KLIB_INIT_OK, milliseconds, registerTimer, rprintf,
    seconds, ShutdownHandler, Status, STATUS_OK, StatusHandler, symbolOf, Thunk, Timer, TIMER_DISABLED, TimerHandler,
    timerIsActive, valueBuffer, VoidPtr, applyMerge, SString, deallocateBuffer,
} from '../nanos';
import { getStringOf } from '../nanos/tls';
import { TlsTrust, tlsTrustCreate } from '../tls/tls';
import { largeRangeHeap } from '../lib/large_ranges';
import { LogPipe, logpipeCreate, logpipeDestroy } from '../logpipe/ring';
import { logpipeWrite } from '../logpipe/writer';
import { logpipeFlushTick, logpipeSetLimits } from '../logpipe/batch';
import { awsApiNew } from './aws_request';
import { Config, readManifestConfig } from './config';
import { Credentials, credentialsNew } from './credentials';
import { endpointNew } from './endpoint';
import { logsInit, logsPump, logsReportUnshipped, logsShutdown, logsStart } from './logs';
import { metadataHostname, metadataInstanceId, metadataRegion, metadataStart } from './metadata';
import { metricsInit, metricsShutdown, metricsStart } from './metrics';
import {
    shutdownBegin, shutdownConsoleWritten, shutdownPartDone, shutdownSetLateFlush,
} from '../lib/shutdown_deadline';

// PutLogEvents limits, as CloudWatch counts them: a message's bytes in UTF-8 plus 26 per event.
// The log pipe counts each event's bytes after invalid UTF-8 becomes U+FFFD (what the body
// carries), so batches fill up to the real limit whatever the bytes are.
const MAX_EVENTS: u64 = 10000;
const MAX_BATCH_BYTES: u64 = 1048576;
const EVENT_OVERHEAD: u64 = 26;
/**
 * An event of 256 KiB counting its 26 bytes. AWS raised the limit to 1 MB in April 2025, but not
 * necessarily in every partition (GovCloud, China) at once; longer lines are split, nothing is lost,
 * and four such events still fill a batch exactly.
 */
const MAX_EVENT_BYTES: u64 = 262118;
const MAX_SPAN_SECONDS: u64 = 24 * 3600;
/** A line as long as one event; the pipe also keeps it to an eighth of the ring (below). */
const LINE_CAP: u64 = MAX_EVENT_BYTES;

let h: Heap;
let config: Config | null = null;
let pipe: LogPipe | null = null;
let creds: Credentials | null = null;
let trust: TlsTrust | null = null;
let group: Buffer | null = null;
let driver: ConsoleDriver;
let flushTimer: Timer;
let kickTimer: Timer;
/** Ring bytes in use above which a write asks the flush path to run at once. */
let kickThreshold: u64 = 0;

// The console write path (under the console lock, any context): copy into the ring; when the ring
// fills up, arm a timer so the flush path runs before the next interval.
function cloudwatchConsoleWrite(d: VoidPtr, s: CString, count: bytes): void {
    const p = pipe;
    if (p === null) return;
    logpipeWrite(p, s, count);
    if (p.head - p.tail > kickThreshold && !timerIsActive(kickTimer)) {
        registerTimer(kernelTimers, kickTimer, ClockId.Monotonic, 0, false, 0, onKick);
    }
    shutdownConsoleWritten();
}

const onKick: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    logsPump();
});

const onFlush: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    const p = pipe;
    if (p !== null && logpipeFlushTick(p, false)) logsPump();
});

const onLogsFlushed: StatusHandler = embedded((s: Status) => {
    shutdownPartDone();
});

const onShutdownDeadline: Thunk = embedded(() => {
    logsReportUnshipped(config!.shutdownTimeout);
});

// A console line after the halt was released (the kernel's last lines): sent at once, open or not.
const onLateLine: Thunk = embedded(() => {
    const p = pipe;
    if (p !== null && logpipeFlushTick(p, true)) logsPump();
});

// At shutdown: no metrics sample starts any more, and what the ring holds is sent; the VM's halt
// waits for that, but never longer than shutdown_timeout (the kernel itself would wait forever).
const onShutdown: ShutdownHandler = embedded((status, m) => {
    metricsShutdown();
    const p = pipe;
    shutdownBegin(applyMerge(m), p !== null ? 1 : 0, seconds(config!.shutdownTimeout), onShutdownDeadline);
    if (p === null) return;
    logpipeFlushTick(p, true);
    logsShutdown(onLogsFlushed);
});

// The default log group: the IMAGE_NAME environment variable, else the program (as the stock klib).
function defaultGroup(): Buffer | null {
    const env = getEnvironment();
    if (env !== null) {
        const image = getStringOf(env, 'IMAGE_NAME');
        if (image !== null && bufferLength(image) > 0) return image;
    }
    const program = getValue(getRootTuple(), symbolOf('program'));
    if (program !== null && isString(program) && bufferLength(valueBuffer(program)) > 0) return valueBuffer(program);
    return null;
}

// "<service>.<region>.amazonaws.com"
function awsHostName(service: SString, region: Buffer): Buffer | null {
    const b = allocateBuffer(h, 64);
    if (b === INVALID_ADDRESS) return null;
    bprintf(b, `${service}.${region}.amazonaws.com`);
    return b;
}

// The metadata is known: start the parts that were configured.
const onReady: Thunk = embedded(() => {
    const c = config!;
    const region = metadataRegion();
    if (pipe !== null) {
        const name = awsHostName('logs', region);
        const e = name !== null ? endpointNew(h, c.logsEndpoint, name, 443, true, trust) : null;
        if (name !== null) deallocateBuffer(name);
        const a = e !== null ? awsApiNew(h, e) : null;
        if (a === null) {
            rprintf('cloudwatch: out of memory: log shipping disabled\n');
        } else {
            logsStart(a, group!, c.logStream !== null ? c.logStream : metadataInstanceId(), region);
        }
    }
    if (c.metricsInterval > 0) {
        const name = awsHostName('monitoring', region);
        const e = name !== null ? endpointNew(h, c.metricsEndpoint, name, 443, true, trust) : null;
        if (name !== null) deallocateBuffer(name);
        const a = e !== null ? awsApiNew(h, e) : null;
        if (a === null || !metricsInit(h, a, creds!)) {
            rprintf('cloudwatch: out of memory: metrics disabled\n');
        } else {
            metricsStart(c.metricsInterval, region, metadataHostname());
        }
    }
});

// Sets up log shipping; false when the klib must stay off. A ring that cannot be allocated only
// leaves log shipping off (pipe stays null): metrics, if configured, still run.
function startLogging(c: Config): boolean {
    const g = c.logGroup !== null ? c.logGroup : defaultGroup();
    if (g === null) {
        rprintf('cloudwatch: no log group: set logging.log_group or the IMAGE_NAME environment variable; CloudWatch disabled\n');
        return false;
    }
    group = g;
    // The pipe wants a whole line to fit in a quarter of the ring with its header.
    const lineCap: u64 = c.bufferSize >>> 3 < LINE_CAP ? c.bufferSize >>> 3 : LINE_CAP;
    // The ring can be larger than the most the locked heap (an mcache) gives, one piece of physical
    // memory (2 MiB): it comes from vmem, when the memory is there (lib/large_ranges.ts).
    const ringHeap = largeRangeHeap(c.bufferSize);
    const p = ringHeap !== null ? logpipeCreate(h, ringHeap, c.bufferSize, lineCap as u32) : null;
    if (p === null) {
        rprintf(`cloudwatch: out of memory for 'logging.buffer_size' (${c.bufferSize} bytes): log shipping disabled\n`);
        return true;
    }
    if (!logpipeSetLimits(p, MAX_EVENTS as u32, MAX_BATCH_BYTES, EVENT_OVERHEAD as u32,
                          MAX_EVENT_BYTES as u32, seconds(MAX_SPAN_SECONDS) - 1) ||
        !logsInit(h, c, p, creds!)) {
        logpipeDestroy(p);
        rprintf('cloudwatch: out of memory: CloudWatch disabled\n');
        return false;
    }
    pipe = p;
    kickThreshold = c.bufferSize >>> 3;
    driver.write = cloudwatchConsoleWrite;
    driver.name = 'cloudwatch';
    attachConsoleDriver(driver);
    registerTimer(kernelTimers, flushTimer, ClockId.Monotonic, milliseconds(c.flushMs), false,
                  milliseconds(c.flushMs), onFlush);
    shutdownSetLateFlush(onLateLine);
    return true;
}

export function init(complete: StatusHandler): s32 {
    h = heapLocked(getKernelHeaps());
    const c = readManifestConfig(h);
    // Absent or invalid configuration: the klib stays off and the VM keeps running.
    if (c === null || (!c.logging && c.metricsInterval === 0)) return KLIB_INIT_OK;
    config = c;
    const pem = c.caCert;
    if (pem !== null) {
        trust = tlsTrustCreate(bufferData(pem), bufferLength(pem));
        if (trust === null) {
            rprintf('cloudwatch: invalid configuration: \'ca_cert\' holds no usable certificate: CloudWatch disabled\n');
            return KLIB_INIT_OK;
        }
    }
    creds = credentialsNew(h);
    if (creds === null) {
        rprintf('cloudwatch: out of memory: CloudWatch disabled\n');
        return KLIB_INIT_OK;
    }
    if (c.logging && !startLogging(c)) return KLIB_INIT_OK;
    if (pipe === null && c.metricsInterval === 0) return KLIB_INIT_OK;
    addShutdownCompletion(onShutdown);
    if (!metadataStart(h, c, creds!, onReady)) rprintf('cloudwatch: out of memory: CloudWatch disabled\n');
    return KLIB_INIT_OK;
}
