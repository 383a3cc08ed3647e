/* generated from klib-src/cloudwatch/metadata.ts by klibc - do not edit */
#pragma once
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/json_reader.h"
#include "../logpipe/retry.h"
#include "credentials.h"

enum metadata_step {
    METADATA_STEP_TOKEN,
    METADATA_STEP_REGION,
    METADATA_STEP_INSTANCE_ID,
    METADATA_STEP_HOSTNAME,
    METADATA_STEP_ROLE,
    METADATA_STEP_CREDENTIALS,
    METADATA_STEP_DONE,
};

typedef struct imds {
    struct endpoint *endpoint;
    struct credentials *creds;
    /* The configured region; null: the instance's. */
    buffer configured_region;
    enum metadata_step step;
    /* The step to return to after renewing the session token. */
    enum metadata_step resume;
    boolean use_token;
    buffer token;
    timestamp token_expiry;
    buffer region;
    buffer instance_id;
    buffer hostname;
    buffer role;
    buffer path;
    struct json_reader *reader;
    struct json_value *found;
    struct logpipe_retry *retry;
    struct failure_run *failures;
    buffer reason;
    struct timer retry_timer;
    struct timer renew_timer;
    timer_handler on_retry;
    timer_handler on_renew;
    status_handler on_response;
    boolean running;
    boolean ready;
    /* Runs after each fetch of the credentials (the first: everything is known). */
    thunk changed;
} *imds;

buffer imds_region(imds m);
buffer imds_instance_id(imds m);
buffer imds_hostname(imds m);
imds imds_start(heap h, buffer region, credentials creds, thunk changed);
void imds_renew_credentials(imds m);
