/* generated from klib-src/gcp/metadata.ts by klibc - do not edit */
#pragma once
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/json_reader.h"
#include "../logpipe/retry.h"

enum meta_step {
    META_STEP_PROJECT,
    META_STEP_HOSTNAME,
    META_STEP_ZONE,
    META_STEP_ID,
    META_STEP_TOKEN,
    META_STEP_DONE,
};

typedef struct gcp_metadata {
    struct endpoint *endpoint;
    boolean want_hostname;
    enum meta_step step;
    boolean running;
    boolean ready;
    boolean token_valid;
    timestamp token_expiry;
    /* The last token served was about to expire: not taken, asked for again once it has. */
    boolean expiring;
    struct json_reader *reader;
    struct json_value *value;
    buffer project_id;
    buffer hostname;
    buffer zone;
    buffer instance_id;
    /* `Bearer <token>`. */
    buffer authorization;
    struct logpipe_retry *retry;
    struct failure_run *failures;
    buffer reason;
    struct timer retry_timer;
    struct timer renew_timer;
    timer_handler on_timer;
    status_handler on_answer;
    /* Runs after each successful setup (a new token). */
    thunk changed;
} *gcp_metadata;

boolean metadata_ready(gcp_metadata m);
void metadata_setup(gcp_metadata m);
void metadata_token_refused(gcp_metadata m);
gcp_metadata metadata_new(heap h, boolean need_hostname, thunk changed);
