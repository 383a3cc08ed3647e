/* generated from klib-src/gcp/metadata.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "metadata.h"

#define METADATA_ADDRESS ss("169.254.169.254")
#define REQUEST_TIMEOUT_SECONDS 5
#define MAX_DELAY_SECONDS 3600
#define RENEW_MARGIN_SECONDS 300
#define TOKEN_MAX 4096

static struct gcp_metadata {
    heap h;
    struct http_client *client;
    boolean want_hostname;
    enum meta_step step;
    boolean running;
    boolean ready;
    boolean token_valid;
    u64 delay_seconds;
    struct json_reader *reader;
    struct json_value *value;
    buffer project_id;
    buffer hostname;
    buffer zone;
    buffer instance_id;
    buffer authorization;
    timestamp token_expiry;
    thunk on_ready;
    struct timer retry_timer;
    struct timer renew_timer;
    u64 tokens_fetched;
    closure_struct(timer_handler, on_retry);
    closure_struct(timer_handler, on_renew);
} gcp_metadata = {
    .step = META_STEP_PROJECT,
    .delay_seconds = 1,
};

static void fetch(void);

#line 90 "klib-src/gcp/metadata.ts"
closure_func_basic(timer_handler, void, on_retry,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 91 "klib-src/gcp/metadata.ts"
    if (overruns == timer_disabled)
#line 91 "klib-src/gcp/metadata.ts"
        return;
    metadata_setup();
}

#line 95 "klib-src/gcp/metadata.ts"
closure_func_basic(timer_handler, void, on_renew,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 96 "klib-src/gcp/metadata.ts"
    if (overruns == timer_disabled)
#line 96 "klib-src/gcp/metadata.ts"
        return;
    metadata_setup();
}

#line 50 "klib-src/gcp/metadata.ts"
buffer metadata_project_id(void)
{
#line 51 "klib-src/gcp/metadata.ts"
    return gcp_metadata.project_id;
}

#line 53 "klib-src/gcp/metadata.ts"
buffer metadata_zone(void)
{
#line 54 "klib-src/gcp/metadata.ts"
    return gcp_metadata.zone;
}

#line 56 "klib-src/gcp/metadata.ts"
buffer metadata_instance_id(void)
{
#line 57 "klib-src/gcp/metadata.ts"
    return gcp_metadata.instance_id;
}

#line 59 "klib-src/gcp/metadata.ts"
buffer metadata_hostname(void)
{
#line 60 "klib-src/gcp/metadata.ts"
    return gcp_metadata.hostname;
}

#line 63 "klib-src/gcp/metadata.ts"
buffer metadata_authorization(void)
{
#line 64 "klib-src/gcp/metadata.ts"
    return gcp_metadata.authorization;
}

#line 67 "klib-src/gcp/metadata.ts"
boolean metadata_ready(void)
{
#line 68 "klib-src/gcp/metadata.ts"
    return gcp_metadata.ready && gcp_metadata.token_valid && kern_now(CLOCK_ID_MONOTONIC) < gcp_metadata.token_expiry;
}

#line 71 "klib-src/gcp/metadata.ts"
static sstring path_of(enum meta_step s)
{
#line 72 "klib-src/gcp/metadata.ts"
    switch (s) {
    case META_STEP_PROJECT:
#line 73 "klib-src/gcp/metadata.ts"
        return ss("/computeMetadata/v1/project/project-id");
    case META_STEP_HOSTNAME:
#line 74 "klib-src/gcp/metadata.ts"
        return ss("/computeMetadata/v1/instance/hostname");
    case META_STEP_ZONE:
#line 75 "klib-src/gcp/metadata.ts"
        return ss("/computeMetadata/v1/instance/zone");
    case META_STEP_ID:
#line 76 "klib-src/gcp/metadata.ts"
        return ss("/computeMetadata/v1/instance/id");
    default:
#line 77 "klib-src/gcp/metadata.ts"
        return ss("/computeMetadata/v1/instance/service-accounts/default/token");
    }
}

#line 82 "klib-src/gcp/metadata.ts"
static enum meta_step next_step(enum meta_step s)
{
#line 83 "klib-src/gcp/metadata.ts"
    if (s == META_STEP_PROJECT && buffer_length(gcp_metadata.project_id) > 0)
#line 83 "klib-src/gcp/metadata.ts"
        s = META_STEP_HOSTNAME;
    if (s == META_STEP_HOSTNAME && (!gcp_metadata.want_hostname || buffer_length(gcp_metadata.hostname) > 0))
#line 84 "klib-src/gcp/metadata.ts"
        s = META_STEP_ZONE;
    if (s == META_STEP_ZONE && buffer_length(gcp_metadata.zone) > 0)
#line 85 "klib-src/gcp/metadata.ts"
        s = META_STEP_ID;
    if (s == META_STEP_ID && buffer_length(gcp_metadata.instance_id) > 0)
#line 86 "klib-src/gcp/metadata.ts"
        s = META_STEP_TOKEN;
    return s;
}

#line 100 "klib-src/gcp/metadata.ts"
static void failed(sstring what, buffer detail)
{
#line 101 "klib-src/gcp/metadata.ts"
    gcp_metadata.running = false;
    u64 delay = gcp_metadata.delay_seconds;
    if (delay > 1) {
        if (detail != 0)
#line 104 "klib-src/gcp/metadata.ts"
            rprintf("gcp: metadata server: %s: %b; retrying in %lu s\n", what, detail, delay);
        else
#line 105 "klib-src/gcp/metadata.ts"
            rprintf("gcp: metadata server: %s; retrying in %lu s\n", what, delay);
    }
    gcp_metadata.delay_seconds = delay * 2 > MAX_DELAY_SECONDS ? MAX_DELAY_SECONDS : delay * 2;
    if (!timer_is_active(&gcp_metadata.retry_timer)) {
        register_timer(kernel_timers, &gcp_metadata.retry_timer, CLOCK_ID_MONOTONIC, seconds(delay),
                       false, 0,
                       init_closure_func(&gcp_metadata.on_retry, timer_handler, on_retry));
    }
}

#line 114 "klib-src/gcp/metadata.ts"
static boolean keep_text(buffer into, buffer body)
{
#line 115 "klib-src/gcp/metadata.ts"
    bytes n = buffer_length(body);
    u8 *p = ((u8 *)buffer_ref(body, 0));
    while (n > 0 && (p[n - 1] == 10 || p[n - 1] == 13 || p[n - 1] == 32))
#line 117 "klib-src/gcp/metadata.ts"
        n--;
    buffer_clear(into);
    buffer_write(into, p + 0, n);
    return n > 0;
}

#line 124 "klib-src/gcp/metadata.ts"
static boolean keep_zone(buffer body)
{
#line 125 "klib-src/gcp/metadata.ts"
    if (buffer_strstr(body, ss("/zones/")) < 0)
#line 125 "klib-src/gcp/metadata.ts"
        return false;
    u8 *p = ((u8 *)buffer_ref(body, 0));
    bytes n = buffer_length(body);
    while (n > 0 && (p[n - 1] == 10 || p[n - 1] == 13))
#line 128 "klib-src/gcp/metadata.ts"
        n--;
    bytes start = n;
    while (start > 0 && p[start - 1] != 47)
#line 130 "klib-src/gcp/metadata.ts"
        start--;
    buffer_clear(gcp_metadata.zone);
    buffer_write(gcp_metadata.zone, p + start, n - start);
    return n > start;
}

#line 137 "klib-src/gcp/metadata.ts"
static enum json_kind kind_of(json_value v)
{
#line 138 "klib-src/gcp/metadata.ts"
    return v->kind;
}

#line 142 "klib-src/gcp/metadata.ts"
static boolean keep_token(buffer body)
{
#line 143 "klib-src/gcp/metadata.ts"
    json_reader r = gcp_metadata.reader;
    json_value v = gcp_metadata.value;
    json_reader_init(r, ((u8 *)buffer_ref(body, 0)), buffer_length(body), 8, 65536);
    if (!json_find(r, "expires_in", 10, v) || kind_of(v) != JSON_KIND_NUMBER)
#line 146 "klib-src/gcp/metadata.ts"
        return false;
    s64 lifetime = json_integer(r, v);
    if (!json_find(r, "access_token", 12, v) || kind_of(v) != JSON_KIND_STRING || v->length == 0 || v->length > TOKEN_MAX)
#line 148 "klib-src/gcp/metadata.ts"
        return false;
    if (lifetime <= 0)
#line 149 "klib-src/gcp/metadata.ts"
        return false;
#line 151 "klib-src/gcp/metadata.ts"
    for (bytes i = 0; i < v->length; i++)
#line 151 "klib-src/gcp/metadata.ts"
        if (((u8 *)buffer_ref(body, 0))[v->start + i] == 92)
#line 151 "klib-src/gcp/metadata.ts"
            return false;
    buffer_clear(gcp_metadata.authorization);
    bprintf(gcp_metadata.authorization, "Bearer ");
    buffer_write(gcp_metadata.authorization, ((u8 *)buffer_ref(body, 0)) + v->start, v->length);
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 life = (u64)lifetime;
    gcp_metadata.token_expiry = now + seconds(life);
    u64 renew_in = life > 2 * RENEW_MARGIN_SECONDS ? life - RENEW_MARGIN_SECONDS : life / 2;
    if (timer_is_active(&gcp_metadata.renew_timer))
#line 159 "klib-src/gcp/metadata.ts"
        remove_timer(kernel_timers, &gcp_metadata.renew_timer, 0);
    register_timer(kernel_timers, &gcp_metadata.renew_timer, CLOCK_ID_MONOTONIC,
                   seconds(renew_in > 0 ? renew_in : 1), false, 0,
                   init_closure_func(&gcp_metadata.on_renew, timer_handler, on_renew));
#line 161 "klib-src/gcp/metadata.ts"
    gcp_metadata.tokens_fetched++;
    return true;
}

#line 165 "klib-src/gcp/metadata.ts"
static void answered(status s)
{
#line 166 "klib-src/gcp/metadata.ts"
    http_client c = gcp_metadata.client;
    if (!is_ok(s)) {
        buffer text = get_string(s, sym(result));
        failed(path_of(gcp_metadata.step), text);
        timm_dealloc(s);
        return;
    }
    u32 status = c->response->status;
    buffer body = http_response_body(c);
    if (status != 200) {
        failed(path_of(gcp_metadata.step), 0);
        return;
    }
    boolean ok = false;
    switch (gcp_metadata.step) {
    case META_STEP_PROJECT:
#line 181 "klib-src/gcp/metadata.ts"
        ok = keep_text(gcp_metadata.project_id, body);
#line 181 "klib-src/gcp/metadata.ts"
        break;
    case META_STEP_HOSTNAME:
#line 182 "klib-src/gcp/metadata.ts"
        ok = keep_text(gcp_metadata.hostname, body);
#line 182 "klib-src/gcp/metadata.ts"
        break;
    case META_STEP_ZONE:
#line 183 "klib-src/gcp/metadata.ts"
        ok = keep_zone(body);
#line 183 "klib-src/gcp/metadata.ts"
        break;
    case META_STEP_ID:
#line 184 "klib-src/gcp/metadata.ts"
        ok = keep_text(gcp_metadata.instance_id, body);
#line 184 "klib-src/gcp/metadata.ts"
        break;
    default:
#line 185 "klib-src/gcp/metadata.ts"
        ok = keep_token(body);
#line 185 "klib-src/gcp/metadata.ts"
        break;
    }
    if (!ok) {
        failed(path_of(gcp_metadata.step), 0);
        return;
    }
    if (gcp_metadata.step == META_STEP_TOKEN) {
        gcp_metadata.running = false;
        gcp_metadata.ready = true;
        gcp_metadata.token_valid = true;
        gcp_metadata.delay_seconds = 1;
        thunk then = gcp_metadata.on_ready;
        if (then != 0)
#line 197 "klib-src/gcp/metadata.ts"
            apply(then);
        return;
    }
    gcp_metadata.step = next_step((enum meta_step)(gcp_metadata.step + 1));
    fetch();
}

#line 210 "klib-src/gcp/metadata.ts"
closure_function(0, 1, void, fetch_done,
                 status s)
{
#line 211 "klib-src/gcp/metadata.ts"
    answered(s);
    closure_finish();
}

#line 204 "klib-src/gcp/metadata.ts"
static void fetch(void)
{
#line 205 "klib-src/gcp/metadata.ts"
    http_client c = gcp_metadata.client;
    if (!http_request_begin(c, ss("GET"), path_of(gcp_metadata.step), false) || !http_request_header(c,
                                                                                                     ss("Metadata-Flavor"),
                                                                                                     ss("Google"))) {
#line 207 "klib-src/gcp/metadata.ts"
        failed(path_of(gcp_metadata.step), 0);
        return;
    }
    http_request_send(c, 0, seconds(REQUEST_TIMEOUT_SECONDS), closure(gcp_metadata.h, fetch_done));
}

#line 219 "klib-src/gcp/metadata.ts"
void metadata_setup(void)
{
#line 220 "klib-src/gcp/metadata.ts"
    if (gcp_metadata.running)
#line 220 "klib-src/gcp/metadata.ts"
        return;
    if (timer_is_active(&gcp_metadata.retry_timer))
#line 221 "klib-src/gcp/metadata.ts"
        remove_timer(kernel_timers, &gcp_metadata.retry_timer, 0);
    gcp_metadata.running = true;
    gcp_metadata.step = next_step(META_STEP_PROJECT);
    fetch();
}

#line 228 "klib-src/gcp/metadata.ts"
void metadata_token_refused(void)
{
#line 229 "klib-src/gcp/metadata.ts"
    gcp_metadata.token_valid = false;
    metadata_setup();
}

#line 234 "klib-src/gcp/metadata.ts"
boolean metadata_init(heap klib_heap, boolean need_hostname, thunk then)
{
#line 235 "klib-src/gcp/metadata.ts"
    gcp_metadata.h = klib_heap;
    gcp_metadata.want_hostname = need_hostname;
    gcp_metadata.on_ready = then;
    gcp_metadata.client = http_client_new(gcp_metadata.h, METADATA_ADDRESS, 80,
                                          ss("metadata.google.internal"), 4096, 65536);
#line 239 "klib-src/gcp/metadata.ts"
    gcp_metadata.project_id = allocate_buffer(gcp_metadata.h, 64);
    gcp_metadata.hostname = allocate_buffer(gcp_metadata.h, 128);
    gcp_metadata.zone = allocate_buffer(gcp_metadata.h, 64);
    gcp_metadata.instance_id = allocate_buffer(gcp_metadata.h, 32);
    gcp_metadata.authorization = allocate_buffer(gcp_metadata.h, 512);
    gcp_metadata.reader = allocate(gcp_metadata.h, sizeof(struct json_reader));
    gcp_metadata.value = allocate(gcp_metadata.h, sizeof(struct json_value));
    return gcp_metadata.client != 0 && gcp_metadata.project_id != INVALID_ADDRESS && gcp_metadata.hostname != INVALID_ADDRESS && gcp_metadata.zone != INVALID_ADDRESS && gcp_metadata.instance_id != INVALID_ADDRESS && gcp_metadata.authorization != INVALID_ADDRESS && gcp_metadata.reader != INVALID_ADDRESS && gcp_metadata.value != INVALID_ADDRESS;
}
