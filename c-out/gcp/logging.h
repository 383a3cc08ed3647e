/* generated from klib-src/gcp/logging.ts by klibc - do not edit */
#pragma once
#include "../lib/endpoint.h"
#include "../lib/json_reader.h"
#include "../logpipe/sink.h"
#include "config.h"
#include "entry.h"
#include "metadata.h"

typedef struct gcp_logging {
    struct gcp_settings *config;
    struct gcp_metadata *metadata;
    struct endpoint *endpoint;
    struct entry_scratch *scratch;
    /* projects/<project>/logs/<percent-encoded log id>, and the gce_instance resource: once
     * known. */
    buffer log_name;
    buffer resource;
    struct json_reader *reader;
    struct json_value *value;
} *gcp_logging;

sink_api logging_new(heap h, gcp_settings c, gcp_metadata metadata, endpoint e);
