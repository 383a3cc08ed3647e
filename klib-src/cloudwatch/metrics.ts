// Metrics: every mem_metrics_interval seconds, one PutMetricData (JSON 1.0 protocol, X-Amz-Target
// GraniteServiceVersion20100801.PutMetricData) over HTTPS to monitoring.<region>.amazonaws.com,
// with the stock klib's names: namespace CWAgent, mem_total, mem_used, mem_used_percent,
// mem_available, mem_available_percent, mem_free, mem_cached, each with the dimension host = the
// instance's host name. With log shipping on, a second PutMetricData follows in a namespace of
// ours, NanosKlibs/Logs (README.md): the log shipper's counters since the last sample and its
// backlog. A sample whose request fails is not resent (the next one supersedes it), but expired
// credentials are renewed; failures are reported by the failure rule (lib/failures.ts). Sampling
// stops when the shutdown begins: no request starts after that, and one in flight holds nothing.
import { closure, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, bufferData, bufferLength, bufferReset, bufferWriteByte, ClockId, getKernelHeaps, Heap,
    INVALID_ADDRESS, initTimer, isOk, kernelTimers, registerTimer, removeTimer, seconds, SString, Status,
    StatusHandler, Timer, TIMER_DISABLED, TimerHandler,
} from '../nanos';
import { endpointFailure, endpointWriteReason } from '../lib/endpoint';
import { failureKindHttp, failureRecovered, FailureRun, failureRunNew } from '../lib/failures';
import { shutdownStarted } from '../lib/shutdown_deadline';
import { Shipper } from '../logpipe/shipper';
import { shipperBacklogAgeMs } from '../logpipe/stats';
import { logpipeUsed } from '../logpipe/batch';
import { AwsAnswer, awsAnswerOf, AwsApi, awsPost } from './aws_request';
import { pagecacheOccupancy, physicalAllocated, physicalTotal } from './bindings';
import { Imds, imdsRenewCredentials } from './metadata';

const CONTENT_TYPE: SString = 'application/x-amz-json-1.0';
const TARGET: SString = 'GraniteServiceVersion20100801.PutMetricData';
/** A server that closes mid-request (FIN is not reported to klibs) is noticed through this. */
const REQUEST_TIMEOUT_SECONDS: u64 = 10;

export interface CloudwatchMetrics {
    aws: AwsApi;
    imds: Imds;
    host: Buffer;
    body: Buffer;
    /** The log shipper whose counters go in our namespace; null without log shipping. */
    shipper: Shipper | null;
    /** The counters as last sent (the samples carry what changed since). */
    lastShipped: u64;
    lastBytes: u64;
    lastRetried: u64;
    lastDropped: u64;
    lastRefused: u64;
    inFlight: boolean;
    /** The request in flight carries the log shipper's sample (the second of a tick). */
    ours: boolean;
    failures: FailureRun;
    reason: Buffer;
    code: Buffer;
    tick: Timer;
    onTick: TimerHandler;
    onAnswer: StatusHandler;
}

function metric(m: CloudwatchMetrics, b: Buffer, name: SString, unit: SString, value: u64, first: boolean): void {
    if (!first) bufferWriteByte(b, ','.charCodeAt(0));
    bprintf(b, `{"MetricName":"${name}","Unit":"${unit}","Value":${value},"Dimensions":[{"Name":"host","Value":"${m.host}"}]}`);
}

function post(m: CloudwatchMetrics): void {
    m.inFlight = awsPost(m.aws, TARGET, CONTENT_TYPE, m.body, seconds(REQUEST_TIMEOUT_SECONDS), m.onAnswer);
}

// The memory sample, as the stock klib computes it.
function sendMemory(m: CloudwatchMetrics): void {
    const kh = getKernelHeaps();
    const total: u64 = physicalTotal(kh);
    const allocated: u64 = physicalAllocated(kh);
    const free: u64 = total > allocated ? total - allocated : 0;
    const cached: u64 = pagecacheOccupancy();
    const available: u64 = free + cached > total ? total : free + cached;
    const used: u64 = total - available;
    const b = m.body;
    bufferReset(b);
    bprintf(b, '{"Namespace":"CWAgent","MetricData":[');
    metric(m, b, 'mem_available', 'Bytes', available, true);
    metric(m, b, 'mem_available_percent', 'Percent', total > 0 ? Math.trunc(available * 100 / total) : 0, false);
    metric(m, b, 'mem_cached', 'Bytes', cached, false);
    metric(m, b, 'mem_free', 'Bytes', free, false);
    metric(m, b, 'mem_total', 'Bytes', total, false);
    metric(m, b, 'mem_used', 'Bytes', used, false);
    metric(m, b, 'mem_used_percent', 'Percent', total > 0 ? Math.trunc(used * 100 / total) : 0, false);
    bprintf(b, ']}');
    m.ours = false;
    post(m);
}

// The log shipper's sample: what its counters gained since the last one, and where it stands.
function sendOurs(m: CloudwatchMetrics, s: Shipper): void {
    const st = s.stats;
    const p = s.pipe;
    const b = m.body;
    bufferReset(b);
    bprintf(b, '{"Namespace":"NanosKlibs/Logs","MetricData":[');
    metric(m, b, 'LinesShipped', 'Count', st.linesShipped - m.lastShipped, true);
    metric(m, b, 'BytesShipped', 'Bytes', st.bytesShipped - m.lastBytes, false);
    metric(m, b, 'LinesRetried', 'Count', st.linesRetried - m.lastRetried, false);
    metric(m, b, 'LinesDropped', 'Count', p.totalLostLines - m.lastDropped, false);
    metric(m, b, 'LinesRefused', 'Count', st.linesRefused - m.lastRefused, false);
    metric(m, b, 'BacklogBytes', 'Bytes', logpipeUsed(p), false);
    metric(m, b, 'OldestUnsentAge', 'Milliseconds', shipperBacklogAgeMs(p), false);
    bprintf(b, ']}');
    m.lastShipped = st.linesShipped;
    m.lastBytes = st.bytesShipped;
    m.lastRetried = st.linesRetried;
    m.lastDropped = p.totalLostLines;
    m.lastRefused = st.linesRefused;
    m.ours = true;
    post(m);
}

function answered(m: CloudwatchMetrics, s: Status): void {
    m.inFlight = false;
    const r = m.reason;
    bufferReset(r);
    if (!isOk(s)) {
        endpointWriteReason(r, s);
        const kind = failureKindHttp(0, bufferData(r), bufferLength(r));
        bprintf(r, '; the sample is lost');
        endpointFailure(m.failures, kind, r);
        return;
    }
    const c = m.aws.endpoint.client;
    const answer = awsAnswerOf(m.aws, c, m.code);
    if (answer === AwsAnswer.Ok) {
        failureRecovered(m.failures);
        const s2 = m.shipper;
        if (!m.ours && s2 !== null && !shutdownStarted()) sendOurs(m, s2);
        return;
    }
    if (answer === AwsAnswer.Renew) imdsRenewCredentials(m.imds);
    if (bufferLength(m.code) > 0) bprintf(r, `HTTP ${c.response.status} ${m.code}; the sample is lost`);
    else bprintf(r, `HTTP ${c.response.status}; the sample is lost`);
    endpointFailure(m.failures, failureKindHttp(c.response.status, bufferData(m.code), bufferLength(m.code)), r);
}

/**
 * Samples every `interval` seconds to `a` (the first at once), with `hostName` as the dimension,
 * and the counters of `s` when not null. Null when out of memory.
 */
export function metricsStart(h: Heap, a: AwsApi, metadata: Imds, interval: u64, hostName: Buffer,
                             s: Shipper | null): CloudwatchMetrics | null {
    const m: CloudwatchMetrics = allocate<CloudwatchMetrics>(h);
    if (m === INVALID_ADDRESS) return null;
    m.aws = a;
    m.imds = metadata;
    m.host = hostName;
    m.shipper = s;
    m.lastShipped = 0;
    m.lastBytes = 0;
    m.lastRetried = 0;
    m.lastDropped = 0;
    m.lastRefused = 0;
    m.inFlight = false;
    m.ours = false;
    m.body = allocateBuffer(h, 2048);
    m.reason = allocateBuffer(h, 160);
    m.code = allocateBuffer(h, 64);
    const failures = failureRunNew(h, 'cloudwatch', 'PutMetricData', a.endpoint.name);
    m.onTick = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED || m.inFlight || !m.aws.creds.valid || shutdownStarted()) return;
        sendMemory(m);
    });
    m.onAnswer = closure(h, (st: Status) => {
        answered(m, st);
    });
    if (m.body === INVALID_ADDRESS || m.reason === INVALID_ADDRESS || m.code === INVALID_ADDRESS || failures === null ||
        m.onTick === INVALID_ADDRESS || m.onAnswer === INVALID_ADDRESS) return null;
    m.failures = failures;
    initTimer(m.tick);
    registerTimer(kernelTimers, m.tick, ClockId.Monotonic, 0, false, seconds(interval), m.onTick);
    return m;
}

/** The shutdown has begun: no more samples (a request in flight is not waited for). */
export function metricsShutdown(m: CloudwatchMetrics): void {
    removeTimer(kernelTimers, m.tick);
}
