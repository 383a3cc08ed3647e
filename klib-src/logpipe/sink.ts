// What a sink gives the shipper (shipper.ts): a record of functions that know one API, and the
// outcomes an answer can have. Everything else (the ring, batches, timers, pacing, retries,
// failure lines, counters, the drain at shutdown) is the shipper's. docs/adding-a-sink.md walks
// through writing one.
//
// Each function gets the sink's own record (`sink`, as given in SinkApi.sink) first. They run on
// the flush path: a timer or the HTTP client's completion, one at a time.
import { bytes, u32 } from '../dialect';
import { allocate, allocateBuffer, Buffer, Heap, INVALID_ADDRESS, SString, StatusHandler, VoidPtr } from '../nanos';
import { HttpBodyParts, HttpClient } from '../lib/http_client';
import { LogEvent } from './ring';

/** What an answer means for the request that got it. */
export const enum SinkOutcome {
    /** Stored (a batch the service says it already has, such as DataAlreadyAccepted, included). */
    Delivered,
    /** Stored but for `answer.refused` lines the service refused (too old, invalid): those are dropped. */
    Partial,
    /** Not stored, worth sending again after a backoff: throttled, a server error, an answer not understood. */
    Retry,
    /** The credentials or token were refused: the sink renews them (ready() is false meanwhile), then the same request goes again. */
    Renew,
    /** Send the same batch again at once: the sink took what the answer asked for (InvalidSequenceToken's expected token). */
    Resend,
    /** The destination is gone (ResourceNotFound): the setup requests run again, then the batch goes again. */
    Setup,
    /** Refused for good: the batch is dropped (`answer.refused` lines, or all of them when 0). */
    Refused,
}

/** What SinkSetup did. */
export const enum SinkSetupStep {
    /** Nothing is due: batches may go. */
    Done,
    /** A setup request was started. */
    Sent,
    /** One is due but could not be made (out of memory): the shipper retries after a backoff. */
    NotSent,
}

/** Filled by the shipper and the sink's classify for one answer. */
export interface SinkAnswer {
    /** Lines (events) of the batch the answer is for; 0 for a setup request. */
    lines: u32;
    /** Lines the service refused (Partial; Refused when only some of them). */
    refused: u32;
    /** The service's error code (ThrottlingException, RESOURCE_EXHAUSTED), for the console line; empty when none. Never a message or a body. */
    code: Buffer;
}

/** Where the body writer is in the batch: the event's index, and the sink's progress within it. */
export interface BodyCursor {
    /** The event's index in the batch (0 for the first: no separator before it). */
    index: u32;
    /** Bytes of the event the sink has written so far (0 at its start); the sink's to use. */
    offset: u32;
    /** The sink has written the event's opening (its own flag: false at each event's start). */
    begun: boolean;
}

/** Whether a request can be made now (credentials, token, names known). @fnptr */
export type SinkReady = (sink: VoidPtr) => boolean;
/** Starts the next request due before batches can go, with `done` as its completion. @fnptr */
export type SinkSetup = (sink: VoidPtr, done: StatusHandler) => SinkSetupStep;
/** Appends a fixed piece of the batch's body (its head, or its tail). @fnptr */
export type SinkWrite = (sink: VoidPtr, b: Buffer) => void;
/**
 * Appends (the next piece of) event `e` to the body, about `room` bytes or all of it; true once the
 * event is written whole. A piece the sink cannot cut may be longer than `room`.
 * @fnptr
 */
export type SinkWriteEvent = (sink: VoidPtr, b: Buffer, e: LogEvent, at: BodyCursor, room: bytes) => boolean;
/** Starts the batch's request (method, path, headers, signing) with `parts` as its body and `done` as its completion; false when it could not be made. @fnptr */
export type SinkSend = (sink: VoidPtr, parts: HttpBodyParts, done: StatusHandler) => boolean;
/** What the answer in `client.response` (HTTP status, headers, body) means; fills answer.code (and answer.refused). @fnptr */
export type SinkClassify = (sink: VoidPtr, client: HttpClient, answer: SinkAnswer) => SinkOutcome;

export interface SinkApi {
    /** The sink's own record, passed to every function below. */
    sink: VoidPtr;
    /** The batch request's name in console lines (PutLogEvents, entries.write). */
    operation: SString;
    /** The setup requests' name in console lines (CreateLogGroup/CreateLogStream); unused without setup. */
    setupOperation: SString;
    /** The service's name, for the line of a shutdown deadline ("CloudWatch Logs was never reached"). */
    service: SString;
    ready: SinkReady;
    setup: SinkSetup;
    writeHead: SinkWrite;
    writeEvent: SinkWriteEvent;
    writeTail: SinkWrite;
    send: SinkSend;
    classify: SinkClassify;
    /**
     * `send` reads the body twice (cloudwatch: hashed for the signature, then sent): the shipper
     * then keeps the parts it makes in the ring's spare room, so the second reading copies them
     * (kept_body.ts). False by default.
     */
    bodyReadTwice: boolean;
}

/** A SinkApi to fill in (ready and setup default to always ready, no setup); null when out of memory. */
export function sinkApiNew(h: Heap, sink: VoidPtr): SinkApi | null {
    const a: SinkApi = allocate<SinkApi>(h);
    if (a === INVALID_ADDRESS) return null;
    a.sink = sink;
    a.setupOperation = '';
    a.ready = alwaysReady;
    a.setup = noSetup;
    a.bodyReadTwice = false;
    return a;
}

/** For sinks that need nothing (credentials, names) before a request can be made. */
export function alwaysReady(sink: VoidPtr): boolean {
    return true;
}

/** For sinks with nothing to do before the first batch. */
export function noSetup(sink: VoidPtr, done: StatusHandler): SinkSetupStep {
    return SinkSetupStep.Done;
}

/** The answer record of a shipper. */
export function sinkAnswerNew(h: Heap): SinkAnswer | null {
    const a: SinkAnswer = allocate<SinkAnswer>(h);
    if (a === INVALID_ADDRESS) return null;
    a.code = allocateBuffer(h, 64);
    if (a.code === INVALID_ADDRESS) return null;
    a.lines = 0;
    a.refused = 0;
    return a;
}
