/* generated from klib-src/syslog/resolve.ts by klibc - do not edit */
#pragma once
#include "../lib/failures.h"
#include "../logpipe/retry.h"

/* The last lookup's outcome, until resolveIfDue reports it. */
enum lookup_outcome {
    LOOKUP_OUTCOME_NONE,
    LOOKUP_OUTCOME_FAILED,
    LOOKUP_OUTCOME_ANSWERED,
};

/* The resolver: allocated at init, passed to the network path and the transports. */
typedef struct resolver {
    /* Set at init, then only read. */
    buffer name;
    u64 refresh_seconds;
    /* Where lwIP writes an immediate answer: only the lookup under way (rule 4) touches it. */
    struct ip_addr immediate;
    /* Used by the network path only. */
    struct failure_run *failure_run;
    buffer reason;
    struct spinlock lock;
    struct ip_addr address;
    /* The text form of `address`, and scratch space for a new answer's: to tell a changed
     * address. */
    buffer address_text;
    buffer answer_text;
    u32 generation;
    boolean known;
    boolean stale;
    boolean looking_up;
    timestamp resolved_at;
    struct logpipe_retry *retry;
    timestamp next_try;
    enum lookup_outcome outcome;
    /* The lookup under way started before the interface had an address: its failure is not told. */
    boolean lookup_quiet;
    /* At shutdown: a failed lookup is tried again after HURRY_RETRY, not after the backoff. */
    boolean hurry;
} *resolver;

resolver resolver_new(heap h, buffer server, u64 refresh);
u32 resolve_copy_address(resolver r, ip_addr_t *dst);
boolean server_known(resolver r);
boolean resolve_in_flight(resolver r);
void resolve_stale(resolver r);
void resolve_hurry(resolver r);
void resolve_if_due(resolver r);
