/* generated from klib-src/gcp/metadata.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "metadata.h"

/* The GCE metadata server (169.254.169.254:80, plain HTTP, `Metadata-Flavor: Google` on every
 * request): project id, zone (the last segment of projects/N/zones/Z), instance id (kept as text:
 * it is a uint64), host name (the default log id), and the access token, renewed before it
 * expires and whenever an API answers 401. Fetches run one at a time on one kept-alive
 * connection, and only for what is still missing (the token every time). While the server cannot
 * be reached the whole setup is retried after 1, 2, 4 ... s up to 1 h; failures are silent while
 * the delay is at most 1 s (transient errors right after boot are normal), then one line each. */

#define METADATA_ADDRESS ss("169.254.169.254")
#define REQUEST_TIMEOUT_SECONDS 5
#define MAX_DELAY_SECONDS 3600

/* Renew this long before the token expires (or at half its life when that is shorter). */
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
    /* Setups run, and tokens fetched: for the tests' and the bench's reports. */
    u64 tokens_fetched;
    closure_struct(timer_handler, on_retry);
    closure_struct(timer_handler, on_renew);
} gcp_metadata = {
    .step = META_STEP_PROJECT,
    .delay_seconds = 1,
};

static void fetch(void);

closure_func_basic(timer_handler, void, on_retry,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    metadata_setup();
}

closure_func_basic(timer_handler, void, on_renew,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    metadata_setup();
}

buffer metadata_project_id(void)
{
    return gcp_metadata.project_id;
}

buffer metadata_zone(void)
{
    return gcp_metadata.zone;
}

buffer metadata_instance_id(void)
{
    return gcp_metadata.instance_id;
}

buffer metadata_hostname(void)
{
    return gcp_metadata.hostname;
}

/* `Bearer <token>`. */
buffer metadata_authorization(void)
{
    return gcp_metadata.authorization;
}

/* Everything known and a token that has not expired. */
boolean metadata_ready(void)
{
    return gcp_metadata.ready && gcp_metadata.token_valid &&
           kern_now(CLOCK_ID_MONOTONIC) < gcp_metadata.token_expiry;
}

static sstring path_of(enum meta_step s)
{
    switch (s) {
    case META_STEP_PROJECT:
        return ss("/computeMetadata/v1/project/project-id");
    case META_STEP_HOSTNAME:
        return ss("/computeMetadata/v1/instance/hostname");
    case META_STEP_ZONE:
        return ss("/computeMetadata/v1/instance/zone");
    case META_STEP_ID:
        return ss("/computeMetadata/v1/instance/id");
    default:
        return ss("/computeMetadata/v1/instance/service-accounts/default/token");
    }
}

/* The next step from `s` on that still has something to fetch. */
static enum meta_step next_step(enum meta_step s)
{
    if (s == META_STEP_PROJECT && buffer_length(gcp_metadata.project_id) > 0)
        s = META_STEP_HOSTNAME;
    if (s == META_STEP_HOSTNAME &&
        (!gcp_metadata.want_hostname || buffer_length(gcp_metadata.hostname) > 0))
        s = META_STEP_ZONE;
    if (s == META_STEP_ZONE && buffer_length(gcp_metadata.zone) > 0)
        s = META_STEP_ID;
    if (s == META_STEP_ID && buffer_length(gcp_metadata.instance_id) > 0)
        s = META_STEP_TOKEN;
    return s;
}

static void failed(sstring what, buffer detail)
{
    gcp_metadata.running = false;
    u64 delay = gcp_metadata.delay_seconds;
    if (delay > 1) {
        if (detail != 0)
            rprintf("gcp: metadata server: %s: %b; retrying in %lu s\n", what, detail, delay);
        else
            rprintf("gcp: metadata server: %s; retrying in %lu s\n", what, delay);
    }
    gcp_metadata.delay_seconds = delay * 2 > MAX_DELAY_SECONDS ? MAX_DELAY_SECONDS : delay * 2;
    if (!timer_is_active(&gcp_metadata.retry_timer)) {
        register_timer(kernel_timers, &gcp_metadata.retry_timer, CLOCK_ID_MONOTONIC, seconds(delay),
                       false, 0,
                       init_closure_func(&gcp_metadata.on_retry, timer_handler, on_retry));
    }
}

/* Copies a plain-text answer (trimmed of white space at its end); false when it is empty. */
static boolean keep_text(buffer into, buffer body)
{
    bytes n = buffer_length(body);
    u8 *p = (u8 *)buffer_ref(body, 0);
    while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' '))
        n--;
    buffer_clear(into);
    buffer_write(into, p + 0, n);
    return n > 0;
}

/* The zone answer is projects/<number>/zones/<zone>: keeps what follows the last slash. */
static boolean keep_zone(buffer body)
{
    if (buffer_strstr(body, ss("/zones/")) < 0)
        return false;
    u8 *p = (u8 *)buffer_ref(body, 0);
    bytes n = buffer_length(body);
    while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    bytes start = n;
    while (start > 0 && p[start - 1] != '/')
        start--;
    buffer_clear(gcp_metadata.zone);
    buffer_write(gcp_metadata.zone, p + start, n - start);
    return n > start;
}

/* jsonFind changes v.kind: read it through a call so that each test reads it afresh. */
static enum json_kind kind_of(json_value v)
{
    return v->kind;
}

/* {"access_token": ..., "expires_in": ...}: keeps `Bearer <token>` and when to renew it. */
static boolean keep_token(buffer body)
{
    json_reader r = gcp_metadata.reader;
    json_value v = gcp_metadata.value;
    json_reader_init(r, (u8 *)buffer_ref(body, 0), buffer_length(body), 8, 65536);
    if (!json_find(r, "expires_in", 10, v) || kind_of(v) != JSON_KIND_NUMBER)
        return false;
    s64 lifetime = json_integer(r, v);
    if (!json_find(r, "access_token", 12, v) || kind_of(v) != JSON_KIND_STRING || v->length == 0 ||
        v->length > TOKEN_MAX)
        return false;
    if (lifetime <= 0)
        return false;
    /* A token is a base64url-ish string: no escapes to decode. One with a backslash is refused. */
    for (bytes i = 0; i < v->length; i++)
        if (((u8 *)buffer_ref(body, 0))[v->start + i] == '\\')
            return false;
    buffer_clear(gcp_metadata.authorization);
    bprintf(gcp_metadata.authorization, "Bearer ");
    buffer_write(gcp_metadata.authorization, ((u8 *)buffer_ref(body, 0)) + v->start, v->length);
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 life = (u64)lifetime;
    gcp_metadata.token_expiry = now + seconds(life);
    u64 renew_in = life > 2 * RENEW_MARGIN_SECONDS ? life - RENEW_MARGIN_SECONDS : life / 2;
    if (timer_is_active(&gcp_metadata.renew_timer))
        remove_timer(kernel_timers, &gcp_metadata.renew_timer, 0);
    register_timer(kernel_timers, &gcp_metadata.renew_timer, CLOCK_ID_MONOTONIC,
                   seconds(renew_in > 0 ? renew_in : 1), false, 0,
                   init_closure_func(&gcp_metadata.on_renew, timer_handler, on_renew));
    gcp_metadata.tokens_fetched++;
    return true;
}

static void answered(status s)
{
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
        ok = keep_text(gcp_metadata.project_id, body);
        break;
    case META_STEP_HOSTNAME:
        ok = keep_text(gcp_metadata.hostname, body);
        break;
    case META_STEP_ZONE:
        ok = keep_zone(body);
        break;
    case META_STEP_ID:
        ok = keep_text(gcp_metadata.instance_id, body);
        break;
    default:
        ok = keep_token(body);
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
            apply(then);
        return;
    }
    gcp_metadata.step = next_step((enum meta_step)(gcp_metadata.step + 1));
    fetch();
}

closure_function(0, 1, void, fetch_done,
                 status s)
{
    answered(s);
    closure_finish();
}

static void fetch(void)
{
    http_client c = gcp_metadata.client;
    if (!http_request_begin(c, ss("GET"), path_of(gcp_metadata.step), false) ||
        !http_request_header(c, ss("Metadata-Flavor"), ss("Google"))) {
        failed(path_of(gcp_metadata.step), 0);
        return;
    }
    http_request_send(c, 0, seconds(REQUEST_TIMEOUT_SECONDS), closure(gcp_metadata.h, fetch_done));
}

/* Fetches what is missing and a new token; `onReady` runs after each success. A setup already
 * running (or waiting for its retry) is not started twice. */
void metadata_setup(void)
{
    if (gcp_metadata.running)
        return;
    if (timer_is_active(&gcp_metadata.retry_timer))
        remove_timer(kernel_timers, &gcp_metadata.retry_timer, 0);
    gcp_metadata.running = true;
    gcp_metadata.step = next_step(META_STEP_PROJECT);
    fetch();
}

/* An API refused the token (401): it is not used again, and a new one is fetched. */
void metadata_token_refused(void)
{
    gcp_metadata.token_valid = false;
    metadata_setup();
}

/* Prepares the metadata client; `then` runs after each successful setup. False when out of
 * memory. */
boolean metadata_init(heap klib_heap, boolean need_hostname, thunk then)
{
    gcp_metadata.h = klib_heap;
    gcp_metadata.want_hostname = need_hostname;
    gcp_metadata.on_ready = then;
    gcp_metadata.client = http_client_new(gcp_metadata.h, METADATA_ADDRESS, 80,
                                          ss("metadata.google.internal"), 4096, 65536);
    gcp_metadata.project_id = allocate_buffer(gcp_metadata.h, 64);
    gcp_metadata.hostname = allocate_buffer(gcp_metadata.h, 128);
    gcp_metadata.zone = allocate_buffer(gcp_metadata.h, 64);
    gcp_metadata.instance_id = allocate_buffer(gcp_metadata.h, 32);
    gcp_metadata.authorization = allocate_buffer(gcp_metadata.h, 512);
    gcp_metadata.reader = allocate(gcp_metadata.h, sizeof(struct json_reader));
    gcp_metadata.value = allocate(gcp_metadata.h, sizeof(struct json_value));
    return gcp_metadata.client != 0 && gcp_metadata.project_id != INVALID_ADDRESS &&
           gcp_metadata.hostname != INVALID_ADDRESS && gcp_metadata.zone != INVALID_ADDRESS &&
           gcp_metadata.instance_id != INVALID_ADDRESS &&
           gcp_metadata.authorization != INVALID_ADDRESS &&
           gcp_metadata.reader != INVALID_ADDRESS && gcp_metadata.value != INVALID_ADDRESS;
}
