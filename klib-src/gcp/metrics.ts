// Memory (and, with metrics.disk, disk) metrics to Cloud Monitoring (timeSeries.create), the series
// the stock klib sends as the Ops Agent's agent.googleapis.com/memory/*: bytes_used and
// percent_used for the states cached, free and used, and disk/* per volume; one point each, every
// `metrics.interval` seconds (the first right after the metadata is known). With log shipping on,
// the same request carries the log shipper's own series, custom.googleapis.com/nanos/logs/*
// (README.md). Best effort, as stock: a sample that fails is not sent again (the next one is newer
// anyway), and a sample still in flight makes the next tick skip; failures are reported by the
// failure rule (lib/failures.ts). Once the shutdown has begun no sample starts; one in flight is
// waited for, within the klib's shutdown deadline.
import { bytes, closure, stackClosure, timestamp, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, bufferData, bufferReset, bufferToSString, bufferWriteSString,
    bufferWriteText, ClockId, SString, Heap, INVALID_ADDRESS, initTimer, isOk, kernelTimers, kernNow, registerTimer,
    rprintf, seconds, Status, Timer, TIMER_DISABLED, TimerHandler, timerIsActive, bufferLength, pushBuffer, BytePtr,
    bufferWriteByte, removeTimer, StatusHandler, STATUS_OK, bufferEnd, bufferExtend, bufferProduce,
} from '../nanos';
import { httpRequestBegin, httpRequestHeader, httpRequestSend, httpResponseBody } from '../lib/http_client';
import { JsonKind, jsonDecodeString, jsonFind, JsonReader, jsonReaderInit, JsonValue } from '../lib/json_reader';
import { Endpoint, endpointFailure, endpointWriteReason } from '../lib/endpoint';
import { failureKindHttp, failureRecovered, FailureRun, failureRunNew } from '../lib/failures';
import { shutdownStarted } from '../lib/shutdown_deadline';
import { logpipeUsed } from '../logpipe/batch';
import { Shipper } from '../logpipe/shipper';
import { shipperBacklogAgeMs } from '../logpipe/stats';
import {
    Filesystem, filesystemIsReadonly, fsBlocksize, fsFreeblocks, fsTotalblocks, pagecacheOccupancy, physicalAllocated,
    physicalTotal, storageIterate,
} from './bindings';
import { hexDigit } from '../lib/ascii';
import { sstringLength } from '../nanos/tls';
import { GcpSettings } from './config';
import { writeRfc3339 } from './entry';
import { jsonAppendString } from './json_text';
import { GcpMetadata, metadataReady, metadataTokenRefused } from './metadata';

const REQUEST_TIMEOUT_SECONDS: u64 = 30;
/** timeSeries.create takes at most 200 series per request; memory takes 6, the log shipper 7, each volume 4. */
const MAX_SERIES: u32 = 200;
const DISK_SERIES: u32 = 4;
const LOG_SERIES: u32 = 7;

export interface GcpMetrics {
    config: GcpSettings;
    metadata: GcpMetadata;
    endpoint: Endpoint;
    /** The log shipper whose series go too; null without log shipping. */
    shipper: Shipper | null;
    /** When the klib started (REALTIME): the start of the log shipper's cumulative series. */
    started: timestamp;
    body: Buffer;
    path: Buffer;
    deviceName: Buffer;
    /** Series written into the body being built. */
    series: u32;
    warnedSeries: boolean;
    pending: boolean;
    shutdownDone: StatusHandler | null;
    failures: FailureRun;
    reason: Buffer;
    code: Buffer;
    reader: JsonReader;
    value: JsonValue;
    tick: Timer;
    onTick: TimerHandler;
    onAnswer: StatusHandler;
}

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
function writeSample(g: GcpMetrics, b: Buffer, now: timestamp, group: SString, type: SString, device: Buffer | null,
                     state: SString, value: u64, total: u64): void {
    if (g.series > 0) bufferWriteText(b, ',');
    g.series++;
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
    bufferWriteText(b, '"}},');
    writeResource(g, b);
    bufferWriteText(b, ',"metricKind":"GAUGE","valueType":"DOUBLE","points":[{"interval":{"endTime":');
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
function writeDisk(g: GcpMetrics, b: Buffer, now: timestamp, device: Buffer, uuid: BytePtr, label: SString,
                   fs: Filesystem, includeReadonly: boolean): void {
    if (filesystemIsReadonly(fs) && !includeReadonly) return;
    const blockSize: u64 = fsBlocksize(fs);
    const totalBlocks: u64 = fsTotalblocks(fs);
    const freeBlocks0: u64 = fsFreeblocks(fs);
    // A filesystem reporting no blocks has nothing to say (the stock klib divided by zero).
    if (totalBlocks === 0) return;
    if (g.series + DISK_SERIES + LOG_SERIES > MAX_SERIES) {
        if (!g.warnedSeries) rprintf('gcp: metrics.disk: more volumes than one request can carry; the rest are left out\n');
        g.warnedSeries = true;
        return;
    }
    const freeBlocks: u64 = freeBlocks0 < totalBlocks ? freeBlocks0 : totalBlocks;
    nameDevice(device, uuid, label);
    writeSample(g, b, now, 'disk', 'bytes_used', device, 'free', freeBlocks * blockSize, 0);
    writeSample(g, b, now, 'disk', 'bytes_used', device, 'used', (totalBlocks - freeBlocks) * blockSize, 0);
    writeSample(g, b, now, 'disk', 'percent_used', device, 'free', freeBlocks, totalBlocks);
    writeSample(g, b, now, 'disk', 'percent_used', device, 'used', totalBlocks - freeBlocks, totalBlocks);
}

// The gce_instance resource of every series.
function writeResource(g: GcpMetrics, b: Buffer): void {
    const m = g.metadata;
    bufferWriteText(b, '"resource":{"type":"gce_instance","labels":{"project_id":');
    jsonAppendString(b, m.projectId);
    bufferWriteText(b, ',"instance_id":');
    jsonAppendString(b, m.instanceId);
    bufferWriteText(b, ',"zone":');
    jsonAppendString(b, m.zone);
    bufferWriteText(b, '}}');
}

/** One series of custom.googleapis.com/nanos/logs/<name>: INT64, a counter since the klib started or a gauge. */
function writeOurs(g: GcpMetrics, b: Buffer, now: timestamp, name: SString, cumulative: boolean, value: u64): void {
    bufferWriteText(b, ',{"metric":{"type":"custom.googleapis.com/nanos/logs/');
    bufferWriteSString(b, name);
    bufferWriteText(b, '"},');
    writeResource(g, b);
    if (cumulative) {
        bufferWriteText(b, ',"metricKind":"CUMULATIVE","valueType":"INT64","points":[{"interval":{"startTime":');
        writeRfc3339(b, g.started);
        bufferWriteText(b, ',"endTime":');
    } else {
        bufferWriteText(b, ',"metricKind":"GAUGE","valueType":"INT64","points":[{"interval":{"endTime":');
    }
    writeRfc3339(b, now);
    bprintf(b, `},"value":{"int64Value":"${value}"}}]}`);
    g.series++;
}

/** The log shipper's series (README.md): its counters since the klib started, its backlog now. */
function writeLogSeries(g: GcpMetrics, b: Buffer, now: timestamp, s: Shipper): void {
    const st = s.stats;
    const p = s.pipe;
    writeOurs(g, b, now, 'lines_shipped', true, st.linesShipped);
    writeOurs(g, b, now, 'bytes_shipped', true, st.bytesShipped);
    writeOurs(g, b, now, 'lines_retried', true, st.linesRetried);
    writeOurs(g, b, now, 'lines_dropped', true, p.totalLostLines);
    writeOurs(g, b, now, 'lines_refused', true, st.linesRefused);
    writeOurs(g, b, now, 'backlog_bytes', false, logpipeUsed(p));
    writeOurs(g, b, now, 'oldest_unsent_age', false, shipperBacklogAgeMs(p));
}

function buildBody(g: GcpMetrics, b: Buffer): void {
    const total: u64 = physicalTotal();
    const allocated: u64 = physicalAllocated();
    const occupancy: u64 = pagecacheOccupancy();
    const free: u64 = allocated < total ? total - allocated : 0;
    const cached: u64 = occupancy < total - free ? occupancy : total - free;
    const used: u64 = total - free - cached;
    const now: timestamp = kernNow(ClockId.Realtime);
    bufferReset(b);
    bufferWriteText(b, '{"timeSeries":[');
    g.series = 0;
    writeSample(g, b, now, 'memory', 'bytes_used', null, 'cached', cached, 0);
    writeSample(g, b, now, 'memory', 'bytes_used', null, 'free', free, 0);
    writeSample(g, b, now, 'memory', 'bytes_used', null, 'used', used, 0);
    writeSample(g, b, now, 'memory', 'percent_used', null, 'cached', cached, total);
    writeSample(g, b, now, 'memory', 'percent_used', null, 'free', free, total);
    writeSample(g, b, now, 'memory', 'percent_used', null, 'used', used, total);
    const c = g.config;
    if (c.disk) {
        const includeReadonly = c.includeReadonly;
        const device = g.deviceName;
        storageIterate(stackClosure((uuid: BytePtr, label: SString, fs: Filesystem, mountDir: u64) => {
            writeDisk(g, b, now, device, uuid, label, fs, includeReadonly);
        }));
    }
    // A cumulative series needs its end after its start (a second's margin).
    const s = g.shipper;
    if (s !== null && now > g.started + seconds(1)) writeLogSeries(g, b, now, s);
    bufferWriteText(b, ']}');
}

/** The sample in flight is done (either way): a shutdown waiting for it may go on. */
function settled(g: GcpMetrics): void {
    g.pending = false;
    const done = g.shutdownDone;
    g.shutdownDone = null;
    if (done !== null) done(STATUS_OK);
}

function answered(g: GcpMetrics, s: Status): void {
    settled(g);
    const r = g.reason;
    bufferReset(r);
    if (!isOk(s)) {
        endpointWriteReason(r, s);
        const kind = failureKindHttp(0, bufferData(r), bufferLength(r));
        bprintf(r, '; samples are lost until it works again');
        endpointFailure(g.failures, kind, r);
        return;
    }
    const status: u32 = g.endpoint.client.response.status;
    if (status === 200) {
        failureRecovered(g.failures);
        return;
    }
    if (status === 401) {
        metadataTokenRefused(g.metadata);
        return;
    }
    // The google.rpc.Status's code name, for the line.
    const code = g.code;
    bufferReset(code);
    const body = httpResponseBody(g.endpoint.client);
    jsonReaderInit(g.reader, bufferData(body), bufferLength(body), 16, bufferLength(body));
    if (jsonFind(g.reader, 'error.status', 12, g.value) && g.value.kind === JsonKind.String && bufferExtend(code, 48)) {
        const n = jsonDecodeString(g.reader, g.value, bufferEnd(code), 48);
        if (n > 0) bufferProduce(code, n as bytes);
    }
    if (bufferLength(code) > 0) bprintf(r, `HTTP ${status} ${code}; samples are lost until it works again`);
    else bprintf(r, `HTTP ${status}; samples are lost until it works again`);
    endpointFailure(g.failures, failureKindHttp(status, bufferData(code), bufferLength(code)), r);
}

function sample(g: GcpMetrics): void {
    if (g.pending || !metadataReady(g.metadata) || shutdownStarted()) return;
    const p = g.path;
    if (bufferLength(p) === 0) {
        bufferWriteText(p, '/v3/projects/');
        pushBuffer(p, g.metadata.projectId);
        bufferWriteText(p, '/timeSeries');
    }
    const c = g.endpoint.client;
    buildBody(g, g.body);
    g.pending = httpRequestBegin(c, 'POST', bufferToSString(p), false) &&
        httpRequestHeader(c, 'Authorization', bufferToSString(g.metadata.authorization)) &&
        httpRequestHeader(c, 'Content-Type', 'application/json') &&
        httpRequestSend(c, g.body, seconds(REQUEST_TIMEOUT_SECONDS), g.onAnswer);
}

/** Metadata is known: start the periodic samples (the first at once) unless they run already or the VM is stopping. */
export function metricsReady(g: GcpMetrics): void {
    if (timerIsActive(g.tick) || shutdownStarted()) return;
    registerTimer(kernelTimers, g.tick, ClockId.Monotonic, 0, false, seconds(g.config.interval), g.onTick);
}

/** The VM is stopping: a sample in flight is waited for (it is not started again). */
export function metricsShutdown(g: GcpMetrics, done: StatusHandler): void {
    removeTimer(kernelTimers, g.tick);
    if (!g.pending) {
        done(STATUS_OK);
        return;
    }
    g.shutdownDone = done;
}

/** Whether a sample is still on its way (for the shutdown deadline's report). */
export function metricsPending(g: GcpMetrics): boolean {
    return g.pending;
}

/** The metrics to `e`, with the log shipper's series when `s` is not null; null when out of memory. */
export function metricsNew(h: Heap, c: GcpSettings, metadata: GcpMetadata, e: Endpoint, s: Shipper | null): GcpMetrics | null {
    const g: GcpMetrics = allocate<GcpMetrics>(h);
    if (g === INVALID_ADDRESS) return null;
    g.config = c;
    g.metadata = metadata;
    g.endpoint = e;
    g.shipper = s;
    g.started = kernNow(ClockId.Realtime);
    g.series = 0;
    g.warnedSeries = false;
    g.pending = false;
    g.shutdownDone = null;
    g.body = allocateBuffer(h, 8192);
    g.path = allocateBuffer(h, 128);
    g.deviceName = allocateBuffer(h, 64);
    g.reason = allocateBuffer(h, 160);
    g.code = allocateBuffer(h, 64);
    g.reader = allocate<JsonReader>(h);
    g.value = allocate<JsonValue>(h);
    const failures = failureRunNew(h, 'gcp', 'timeSeries.create', e.name);
    g.onTick = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        sample(g);
    });
    g.onAnswer = closure(h, (st: Status) => {
        answered(g, st);
    });
    if (g.body === INVALID_ADDRESS || g.path === INVALID_ADDRESS || g.deviceName === INVALID_ADDRESS ||
        g.reason === INVALID_ADDRESS || g.code === INVALID_ADDRESS || g.reader === INVALID_ADDRESS ||
        g.value === INVALID_ADDRESS || failures === null || g.onTick === INVALID_ADDRESS || g.onAnswer === INVALID_ADDRESS) {
        rprintf('gcp: out of memory: metrics are off\n');
        return null;
    }
    g.failures = failures;
    initTimer(g.tick);
    return g;
}
