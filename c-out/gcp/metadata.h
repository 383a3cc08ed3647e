/* generated from klib-src/gcp/metadata.ts by klibc - do not edit */
#pragma once

enum meta_step {
    META_STEP_PROJECT,
    META_STEP_HOSTNAME,
    META_STEP_ZONE,
    META_STEP_ID,
    META_STEP_TOKEN,
    META_STEP_DONE,
};

buffer metadata_project_id(void);
buffer metadata_zone(void);
buffer metadata_instance_id(void);
buffer metadata_hostname(void);
buffer metadata_authorization(void);
boolean metadata_ready(void);
void metadata_setup(void);
void metadata_token_refused(void);
boolean metadata_init(heap klib_heap, boolean need_hostname, thunk then);
