// Memory (and, with metrics.disk, disk) metrics to Cloud Monitoring (timeSeries.create), the series
// the stock klib sends as the Ops Agent's agent.googleapis.com/memory/*: bytes_used and
// percent_used for the states cached, free and used, and disk/* per volume; one point each, every `metrics.interval` seconds (the first right after the
// metadata is known). Best effort, as stock: a sample that fails is not sent again (the next one
// is newer anyway), and a sample still in flight makes the next tick skip. Once the shutdown has
// begun no sample starts; one in flight is waited for, within the klib's shutdown deadline.
import { embedded, oneShot, stackClosure, timestamp, u32, u64 } from '../dialect';
import {
    allocateBuffer, bprintf, Buffer, bufferReset, bufferToSString, bufferWriteSString, bufferWriteText, ClockId, SString, Heap,
    INVALID_ADDRESS, isOk, kernelTimers, kernNow, registerTimer, rprintf, seconds, Status, Thunk, Timer, TIMER_DISABLED,
    TimerHandler, timerIsActive, timmDealloc, bufferLength, pushBuffer, BytePtr, bufferWriteByte, removeTimer,
    StatusHandler, STATUS_OK,
} from '../nanos';
import { httpRequestBegin, httpRequestHeader, httpRequestSend } from '../lib/http_client';
import { shutdownStarted } from '../lib/shutdown_deadline';
import {
    Filesystem, filesystemIsReadonly, fsBlocksize, fsFreeblocks, fsTotalblocks, pagecacheOccupancy, physicalAllocated,
    physicalTotal, storageIterate,
} from './bindings';
import { hexDigit } from '../lib/ascii';
import { sstringLength } from '../nanos/tls';
import { GcpSettings } from './config';
import { Endpoint, endpointResolve, endpointStale } from './endpoint';
import { writeRfc3339 } from './entry';
import { jsonAppendString } from './json_text';
import {
    metadataAuthorization, metadataInstanceId, metadataProjectId, metadataReady, metadataTokenRefused, metadataZone,
} from './metadata';

const REQUEST_TIMEOUT_SECONDS: u64 = 30;
/** timeSeries.create takes at most 200 series per request; memory takes 6, each volume 4. */
const MAX_SERIES: u32 = 200;
const DISK_SERIES: u32 = 4;

let h: Heap;
let config: GcpSettings | null = null;
let endpoint: Endpoint | null = null;
let body: Buffer | null = null;
let path: Buffer | null = null;
let tick: Timer;
let pending: boolean = false;
let lastStatus: u32 = 200;
let deviceName: Buffer | null = null;
/** Series written into the body being built. */
let series: u32 = 0;
let warnedSeries: boolean = false;
let shutdownDone: StatusHandler | null = null;
/** Samples written (answered 200). */
let samplesSent: u64 = 0;

/** Appends x * 100 / total with two decimals (a JSON number). */
function writePercent(b: Buffer, x: u64, total: u64): void {
    const hundredths: u64 = total === 0 ? 0 : Math.trunc((x * 10000) / total);
    const whole: u64 = Math.trunc(hundredths / 100);
    const fraction: u64 = hundredths % 100;
    if (fraction < 10) bprintf(b, `${whole}.0${fraction}`);
    else bprintf(b, `${whole}.${fraction}`);
}

/**
 * One series of agent.googleapis.com/<group>/<type>, labelled `state` (and `device`, when not
 * null); `total` 0 means the value is a byte count, otherwise a percentage of total.
 */
function writeSample(b: Buffer, now: timestamp, group: SString, type: SString, device: Buffer | null, state: SString,
                     value: u64, total: u64): void {
    if (series > 0) bufferWriteText(b, ',');
    series++;
    bufferWriteText(b, '{"metric":{"type":"agent.googleapis.com/');
    bufferWriteSString(b, group);
    bufferWriteText(b, '/');
    bufferWriteSString(b, type);
    bufferWriteText(b, '","labels":{');
    if (device !== null) {
        bufferWriteText(b, '"device":');
        jsonAppendString(b, device);
        bufferWriteText(b, ',');
    }
    bufferWriteText(b, '"state":"');
    bufferWriteSString(b, state);
    bufferWriteText(b, '"}},"resource":{"type":"gce_instance","labels":{"project_id":');
    jsonAppendString(b, metadataProjectId());
    bufferWriteText(b, ',"instance_id":');
    jsonAppendString(b, metadataInstanceId());
    bufferWriteText(b, ',"zone":');
    jsonAppendString(b, metadataZone());
    bufferWriteText(b, '}},"metricKind":"GAUGE","valueType":"DOUBLE","points":[{"interval":{"endTime":');
    writeRfc3339(b, now);
    bufferWriteText(b, '},"value":{"doubleValue":');
    if (total === 0) bprintf(b, `${value}`);
    else writePercent(b, value, total);
    bufferWriteText(b, '}}]}');
}

/** The device label: the volume's label, or its UUID as text when it has none. */
function nameDevice(device: Buffer, uuid: BytePtr, label: SString): void {
    bufferReset(device);
    if (sstringLength(label) > 0) {
        bufferWriteSString(device, label);
        return;
    }
    for (let i: u32 = 0; i < 16; i++) {
        if (i === 4 || i === 6 || i === 8 || i === 10) bufferWriteText(device, '-');
        bufferWriteByte(device, hexDigit(uuid[i] >> 4));
        bufferWriteByte(device, hexDigit(uuid[i] & 15));
    }
}

/** The four series of one volume (as stock), unless it is read-only and those are not wanted. */
function writeDisk(b: Buffer, now: timestamp, device: Buffer, uuid: BytePtr, label: SString, fs: Filesystem,
                   includeReadonly: boolean): void {
    if (filesystemIsReadonly(fs) && !includeReadonly) return;
    const blockSize: u64 = fsBlocksize(fs);
    const totalBlocks: u64 = fsTotalblocks(fs);
    const freeBlocks0: u64 = fsFreeblocks(fs);
    // A filesystem reporting no blocks has nothing to say (the stock klib divided by zero).
    if (totalBlocks === 0) return;
    if (series + DISK_SERIES > MAX_SERIES) {
        if (!warnedSeries) rprintf('gcp: metrics.disk: more volumes than one request can carry; the rest are left out\n');
        warnedSeries = true;
        return;
    }
    const freeBlocks: u64 = freeBlocks0 < totalBlocks ? freeBlocks0 : totalBlocks;
    nameDevice(device, uuid, label);
    writeSample(b, now, 'disk', 'bytes_used', device, 'free', freeBlocks * blockSize, 0);
    writeSample(b, now, 'disk', 'bytes_used', device, 'used', (totalBlocks - freeBlocks) * blockSize, 0);
    writeSample(b, now, 'disk', 'percent_used', device, 'free', freeBlocks, totalBlocks);
    writeSample(b, now, 'disk', 'percent_used', device, 'used', totalBlocks - freeBlocks, totalBlocks);
}

function buildBody(b: Buffer): void {
    const total: u64 = physicalTotal();
    const allocated: u64 = physicalAllocated();
    const occupancy: u64 = pagecacheOccupancy();
    const free: u64 = allocated < total ? total - allocated : 0;
    const cached: u64 = occupancy < total - free ? occupancy : total - free;
    const used: u64 = total - free - cached;
    const now: timestamp = kernNow(ClockId.Realtime);
    bufferReset(b);
    bufferWriteText(b, '{"timeSeries":[');
    series = 0;
    writeSample(b, now, 'memory', 'bytes_used', null, 'cached', cached, 0);
    writeSample(b, now, 'memory', 'bytes_used', null, 'free', free, 0);
    writeSample(b, now, 'memory', 'bytes_used', null, 'used', used, 0);
    writeSample(b, now, 'memory', 'percent_used', null, 'cached', cached, total);
    writeSample(b, now, 'memory', 'percent_used', null, 'free', free, total);
    writeSample(b, now, 'memory', 'percent_used', null, 'used', used, total);
    if (config!.disk) {
        const includeReadonly = config!.includeReadonly;
        const device = deviceName!;
        storageIterate(stackClosure((uuid: BytePtr, label: SString, fs: Filesystem, mountDir: u64) => {
            writeDisk(b, now, device, uuid, label, fs, includeReadonly);
        }));
    }
    bufferWriteText(b, ']}');
}

function report(status: u32): void {
    // One line when the outcome changes, not one per sample.
    if (status !== lastStatus) {
        if (status === 0) rprintf('gcp: timeSeries.create: network error or timeout\n');
        else if (status !== 200) rprintf(`gcp: timeSeries.create: HTTP ${status}; samples are lost until it works again\n`);
    }
    lastStatus = status;
}

/** The sample in flight is done (either way): a shutdown waiting for it may go on. */
function settled(): void {
    pending = false;
    const done = shutdownDone;
    shutdownDone = null;
    if (done !== null) done(STATUS_OK);
}

function answered(s: Status): void {
    settled();
    const e = endpoint!;
    if (!isOk(s)) {
        timmDealloc(s);
        endpointStale(e);
        report(0);
        return;
    }
    const status: u32 = e.client.response.status;
    if (status === 200) samplesSent++;
    if (status === 401) {
        metadataTokenRefused();
        return;
    }
    report(status);
}

const onResolved: Thunk = embedded(() => {
    const e = endpoint!;
    if (!e.known || !metadataReady()) {
        settled();
        report(0);
        return;
    }
    const c = e.client;
    buildBody(body!);
    if (!httpRequestBegin(c, 'POST', bufferToSString(path!), false) ||
        !httpRequestHeader(c, 'Authorization', bufferToSString(metadataAuthorization())) ||
        !httpRequestHeader(c, 'Content-Type', 'application/json') ||
        !httpRequestSend(c, body!, seconds(REQUEST_TIMEOUT_SECONDS), oneShot(h, (s: Status) => {
            answered(s);
        }))) {
        settled();
    }
});

const onTick: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    if (pending || !metadataReady() || shutdownStarted()) return;
    const p = path!;
    if (bufferLength(p) === 0) {
        bufferWriteText(p, '/v3/projects/');
        pushBuffer(p, metadataProjectId());
        bufferWriteText(p, '/timeSeries');
    }
    pending = true;
    endpointResolve(endpoint!, onResolved);
});

/** Metadata is known: start the periodic samples (the first at once) unless they run already or the VM is stopping. */
export function metricsReady(): void {
    const c = config;
    if (c === null || timerIsActive(tick) || shutdownStarted()) return;
    registerTimer(kernelTimers, tick, ClockId.Monotonic, 0, false, seconds(c.interval), onTick);
}

/** The VM is stopping: a sample in flight is waited for (it is not started again). */
export function metricsShutdown(done: StatusHandler): void {
    removeTimer(kernelTimers, tick);
    if (!pending) {
        done(STATUS_OK);
        return;
    }
    shutdownDone = done;
}

export function metricsInit(klibHeap: Heap, c: GcpSettings, e: Endpoint): boolean {
    h = klibHeap;
    endpoint = e;
    body = allocateBuffer(h, 8192);
    path = allocateBuffer(h, 128);
    deviceName = allocateBuffer(h, 64);
    if (body === INVALID_ADDRESS || path === INVALID_ADDRESS || deviceName === INVALID_ADDRESS) {
        rprintf('gcp: out of memory: metrics are off\n');
        return false;
    }
    config = c;
    return true;
}

/** Whether a sample is still on its way (for the shutdown deadline's report). */
export function metricsPending(): boolean {
    return pending;
}

export function metricsSamplesSent(): u64 {
    return samplesSent;
}
