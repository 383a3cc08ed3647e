/* generated from klib-src/lib/failures.ts by klibc - do not edit */
#pragma once

/* Kinds of failure that have no HTTP status (the status part of a kind is 0). */
enum failure_reason {
    /* The endpoint's name could not be resolved. */
    FAILURE_REASON_DNS = 1,
    /* The name could not be resolved again: the last address that worked is used. */
    FAILURE_REASON_DNS_KEPT_ADDRESS,
    /* The connection (TCP or the TLS handshake) could not be made. */
    FAILURE_REASON_CONNECT,
    /* The connection was closed or reset before the answer was whole. */
    FAILURE_REASON_LOST,
    /* No (whole) answer within the request's time limit. */
    FAILURE_REASON_TIMEOUT,
    /* The answer could not be read as HTTP, or as what the API answers. */
    FAILURE_REASON_MALFORMED,
    /* The request could not be made (out of memory). */
    FAILURE_REASON_MEMORY,
};

/* A run of failures of one operation on one endpoint (and the totals since boot). */
typedef struct failure_run {
    /* `<klib>: <operation> to <endpoint>`, the start of every line. */
    buffer subject;
    boolean failing;
    /* When the run's first failure happened (monotonic). */
    timestamp since;
    /* Failed attempts in this run. */
    u64 attempts;
    /* The kinds this run printed. */
    u64 kinds[8];
    u32 kind_count;
    /* Failures since boot (all runs). */
    u64 total;
} *failure_run;

u64 failure_kind_http(u32 status, u8 *code, bytes code_length);
u64 failure_kind(enum failure_reason reason);
failure_run failure_run_new(heap h, sstring klib, sstring operation, buffer endpoint);
failure_run failure_run_of(heap h, sstring klib, sstring what, buffer name);
void failure_run_free(heap h, failure_run f);
boolean failure_noted(failure_run f, u64 kind, buffer reason);
void failure_counted(failure_run f);
void failure_recovery_line(buffer subject, timestamp lasted, u64 attempts);
void failure_recovered(failure_run f);
