// Memory metrics: every mem_metrics_interval seconds, one PutMetricData (JSON 1.0 protocol,
// X-Amz-Target GraniteServiceVersion20100801.PutMetricData) over HTTPS to
// monitoring.<region>.amazonaws.com, with the stock klib's names: namespace CWAgent, mem_total,
// mem_used, mem_used_percent, mem_available, mem_available_percent, mem_free, mem_cached, each with
// the dimension host = the instance's host name. A sample whose request fails is not resent (the
// next one supersedes it), but expired credentials are renewed. Sampling stops when the shutdown
// begins: no request starts after that, and one in flight holds nothing (the VM may halt under it).
import { embedded, u64 } from '../dialect';
import {
    allocateBuffer, bprintf, Buffer, bufferReset, ClockId, getKernelHeaps, Heap, INVALID_ADDRESS, kernelTimers,
    registerTimer, removeTimer, rprintf, bufferWriteByte, seconds, SString, Status, StatusHandler, Timer, TIMER_DISABLED,
    TimerHandler,
} from '../nanos';
import { shutdownStarted } from '../lib/shutdown_deadline';
import { AwsApi, awsOutcome, AwsOutcome, awsPost } from './aws_request';
import { pagecacheOccupancy, physicalAllocated, physicalTotal } from './bindings';
import { Credentials } from './credentials';
import { metadataRenewCredentials } from './metadata';

const CONTENT_TYPE: SString = 'application/x-amz-json-1.0';
const TARGET: SString = 'GraniteServiceVersion20100801.PutMetricData';
/** A server that closes mid-request (FIN is not reported to klibs) is noticed through this. */
const REQUEST_TIMEOUT_SECONDS: u64 = 10;

let api: AwsApi | null = null;
let creds: Credentials | null = null;
let region: Buffer | null = null;
let host: Buffer | null = null;
let body: Buffer | null = null;
let inFlight: boolean = false;
let tick: Timer;
let reportedRefusal: boolean = false;
/** Samples sent and accepted, for the tests' and the bench's reports. */
let accepted: u64 = 0;

export function metricsInit(h: Heap, a: AwsApi, k: Credentials): boolean {
    api = a;
    creds = k;
    body = allocateBuffer(h, 2048);
    return body !== INVALID_ADDRESS;
}

/** Starts sampling every `interval` seconds, the first sample at once; not once the shutdown has begun. */
export function metricsStart(interval: u64, awsRegion: Buffer, hostName: Buffer): void {
    if (shutdownStarted()) return;
    region = awsRegion;
    host = hostName;
    registerTimer(kernelTimers, tick, ClockId.Monotonic, 0, false, seconds(interval), onTick);
}

function metric(b: Buffer, name: SString, unit: SString, value: u64, first: boolean): void {
    if (!first) bufferWriteByte(b, ','.charCodeAt(0));
    bprintf(b, `{"MetricName":"${name}","Unit":"${unit}","Value":${value},"Dimensions":[{"Name":"host","Value":"${host!}"}]}`);
}

const onResponse: StatusHandler = embedded((s: Status) => {
    inFlight = false;
    const a = api!;
    const outcome = awsOutcome(a, s);
    if (outcome === AwsOutcome.Ok) {
        accepted++;
        reportedRefusal = false;
    } else if (outcome === AwsOutcome.Renew) {
        metadataRenewCredentials();
    } else if (outcome === AwsOutcome.Refused && !reportedRefusal) {
        reportedRefusal = true;
        rprintf(`cloudwatch: PutMetricData refused (HTTP ${a.endpoint.client.response.status} ${a.error})\n`);
    }
});

const onTick: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    if (inFlight || !creds!.valid || shutdownStarted()) return;
    const kh = getKernelHeaps();
    const total: u64 = physicalTotal(kh);
    const allocated: u64 = physicalAllocated(kh);
    const free: u64 = total > allocated ? total - allocated : 0;
    const cached: u64 = pagecacheOccupancy();
    const available: u64 = free + cached > total ? total : free + cached;
    const used: u64 = total - available;
    const b = body!;
    bufferReset(b);
    bprintf(b, '{"Namespace":"CWAgent","MetricData":[');
    metric(b, 'mem_available', 'Bytes', available, true);
    metric(b, 'mem_available_percent', 'Percent', total > 0 ? Math.trunc(available * 100 / total) : 0, false);
    metric(b, 'mem_cached', 'Bytes', cached, false);
    metric(b, 'mem_free', 'Bytes', free, false);
    metric(b, 'mem_total', 'Bytes', total, false);
    metric(b, 'mem_used', 'Bytes', used, false);
    metric(b, 'mem_used_percent', 'Percent', total > 0 ? Math.trunc(used * 100 / total) : 0, false);
    bprintf(b, ']}');
    inFlight = awsPost(api!, creds!, region!, 'monitoring', TARGET, CONTENT_TYPE, b, seconds(REQUEST_TIMEOUT_SECONDS), onResponse);
});

/** The shutdown has begun: no more samples (a request in flight is not waited for). */
export function metricsShutdown(): void {
    removeTimer(kernelTimers, tick);
}

export function metricsAccepted(): u64 {
    return accepted;
}
