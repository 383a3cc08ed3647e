/* generated from klib-src/cloudwatch/metadata.ts by klibc - do not edit */
#pragma once
#include "config.h"
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

buffer metadata_region(void);
buffer metadata_instance_id(void);
buffer metadata_hostname(void);
boolean metadata_start(heap from_heap, config c, credentials into, thunk when_ready);
void metadata_renew_credentials(void);
