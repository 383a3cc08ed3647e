/* generated from klib-src/gcp/metadata.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../logpipe/kept_body.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "../logpipe/shipper.h"
#include "../logpipe/sink.h"
#include "../logpipe/stats.h"
#include "metadata.h"

/* The GCE metadata server (169.254.169.254:80, plain HTTP, `Host: metadata.google.internal`,
 * `Metadata-Flavor: Google` on every request): project id, zone (the last segment of
 * projects/N/zones/Z), instance id (kept as text: it is a uint64), host name (the default log id),
 * and the access token, renewed before it expires and whenever an API answers 401. Fetches run one
 * at a time on one kept-alive connection, and only for what is still missing (the token every
 * time). A failed fetch is retried by the shared retry policy (logpipe/retry.ts), with console
 * lines by the failure rule (lib/failures.ts). */

struct tls_trust;

#define REQUEST_TIMEOUT_SECONDS 5

/* Renew this long before the token expires (or at half its life when that is shorter). */
#define RENEW_MARGIN_SECONDS 300

#define TOKEN_MAX 4096

/* A token served with less life than this is about to expire: the server is asked again after. */
#define MIN_TOKEN_SECONDS 2

static void fetch(gcp_metadata m);

/* Everything known and a token that has not expired. */
boolean metadata_ready(gcp_metadata m)
{
    return m->ready && m->token_valid && kern_now(CLOCK_ID_MONOTONIC) < m->token_expiry;
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
static enum meta_step next_step(gcp_metadata m, enum meta_step s)
{
    if (s == META_STEP_PROJECT && buffer_length(m->project_id) > 0)
        s = META_STEP_HOSTNAME;
    if (s == META_STEP_HOSTNAME && (!m->want_hostname || buffer_length(m->hostname) > 0))
        s = META_STEP_ZONE;
    if (s == META_STEP_ZONE && buffer_length(m->zone) > 0)
        s = META_STEP_ID;
    if (s == META_STEP_ID && buffer_length(m->instance_id) > 0)
        s = META_STEP_TOKEN;
    return s;
}

/* A failed fetch: one line by the failure rule, and the setup again after the retry policy's
 * delay. */
static void failed(gcp_metadata m, u64 kind)
{
    m->running = false;
    bprintf(m->reason, "; retrying");
    endpoint_failure(m->failures, kind, m->reason);
    if (!timer_is_active(&m->retry_timer)) {
        register_timer(kernel_timers, &m->retry_timer, CLOCK_ID_MONOTONIC,
                       logpipe_retry_delay(m->retry), false, 0, m->on_timer);
    }
}

/* The answer's status: "HTTP 503 for /computeMetadata/v1/..." (or what made the answer
 * unusable). */
static void failed_answer(gcp_metadata m, u32 status, sstring why)
{
    sstring path = path_of(m->step);
    buffer_clear(m->reason);
    bprintf(m->reason, "HTTP %u for %s%s", status, path, why);
    failed(m, failure_kind_http(status, (u8 *)buffer_ref(m->reason, 0), buffer_length(m->reason)));
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
static boolean keep_zone(buffer zone, buffer body)
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
    buffer_clear(zone);
    buffer_write(zone, p + start, n - start);
    return n > start;
}

/* jsonFind changes v.kind: read it through a call so that each test reads it afresh. */
static enum json_kind kind_of(json_value v)
{
    return v->kind;
}

/* {"access_token": ..., "expires_in": ...}: keeps `Bearer <token>` and when to renew it. A token
 * about to expire (the server hands out the one it has until it expires) is not taken: the
 * server is asked again once it has expired, which is no failure. */
static boolean keep_token(gcp_metadata m, buffer body)
{
    json_reader r = m->reader;
    json_value v = m->value;
    json_reader_init(r, (u8 *)buffer_ref(body, 0), buffer_length(body), 8, 65536);
    if (!json_find(r, "expires_in", 10, v) || kind_of(v) != JSON_KIND_NUMBER)
        return false;
    s64 lifetime = json_integer(r, v);
    if (!json_find(r, "access_token", 12, v) || kind_of(v) != JSON_KIND_STRING || v->length == 0 ||
        v->length > TOKEN_MAX)
        return false;
    if (lifetime < 0)
        return false;
    if (lifetime < MIN_TOKEN_SECONDS) {
        m->expiring = true;
        if (timer_is_active(&m->renew_timer))
            remove_timer(kernel_timers, &m->renew_timer, 0);
        register_timer(kernel_timers, &m->renew_timer, CLOCK_ID_MONOTONIC,
                       seconds((u64)lifetime + 1), false, 0, m->on_timer);
        return true;
    }
    /* A token is a base64url-ish string: no escapes to decode. One with a backslash is refused. */
    for (bytes i = 0; i < v->length; i++)
        if (((u8 *)buffer_ref(body, 0))[v->start + i] == '\\')
            return false;
    buffer_clear(m->authorization);
    bprintf(m->authorization, "Bearer ");
    buffer_write(m->authorization, ((u8 *)buffer_ref(body, 0)) + v->start, v->length);
    u64 life = (u64)lifetime;
    m->token_expiry = kern_now(CLOCK_ID_MONOTONIC) + seconds(life);
    u64 renew_in = life > 2 * RENEW_MARGIN_SECONDS ? life - RENEW_MARGIN_SECONDS : life / 2;
    if (timer_is_active(&m->renew_timer))
        remove_timer(kernel_timers, &m->renew_timer, 0);
    register_timer(kernel_timers, &m->renew_timer, CLOCK_ID_MONOTONIC,
                   seconds(renew_in > 0 ? renew_in : 1), false, 0, m->on_timer);
    return true;
}

static void answered(gcp_metadata m, status s)
{
    http_client c = m->endpoint->client;
    if (!is_ok(s)) {
        buffer_clear(m->reason);
        endpoint_write_reason(m->reason, s);
        failed(m, failure_kind_http(0, (u8 *)buffer_ref(m->reason, 0), buffer_length(m->reason)));
        return;
    }
    u32 status = c->response->status;
    buffer body = http_response_body(c);
    if (status != 200) {
        failed_answer(m, status, ss(""));
        return;
    }
    boolean ok = false;
    switch (m->step) {
    case META_STEP_PROJECT:
        ok = keep_text(m->project_id, body);
        break;
    case META_STEP_HOSTNAME:
        ok = keep_text(m->hostname, body);
        break;
    case META_STEP_ZONE:
        ok = keep_zone(m->zone, body);
        break;
    case META_STEP_ID:
        ok = keep_text(m->instance_id, body);
        break;
    default:
        ok = keep_token(m, body);
        break;
    }
    if (!ok) {
        failed_answer(m, status, ss(": an answer that could not be read"));
        return;
    }
    logpipe_retry_reset(m->retry);
    failure_recovered(m->failures);
    if (m->expiring) {
        /* Asked again once the token served has expired (keepToken). */
        m->expiring = false;
        m->running = false;
        return;
    }
    if (m->step == META_STEP_TOKEN) {
        m->running = false;
        m->ready = true;
        m->token_valid = true;
        apply(m->changed);
        return;
    }
    m->step = next_step(m, (enum meta_step)(m->step + 1));
    fetch(m);
}

static void fetch(gcp_metadata m)
{
    http_client c = m->endpoint->client;
    if (!http_request_begin(c, ss("GET"), path_of(m->step), false) ||
        !http_request_header(c, ss("Metadata-Flavor"), ss("Google")) ||
        !http_request_send(c, 0, seconds(REQUEST_TIMEOUT_SECONDS), m->on_answer)) {
        buffer_clear(m->reason);
        bprintf(m->reason, "the request could not be made (out of memory)");
        failed(m, failure_kind_http(0, (u8 *)buffer_ref(m->reason, 0), buffer_length(m->reason)));
    }
}

/* Fetches what is missing and a new token; `changed` runs after each success. A setup already
 * running (or waiting for its retry) is not started twice. */
void metadata_setup(gcp_metadata m)
{
    if (m->running)
        return;
    if (timer_is_active(&m->retry_timer))
        remove_timer(kernel_timers, &m->retry_timer, 0);
    m->running = true;
    m->step = next_step(m, META_STEP_PROJECT);
    fetch(m);
}

/* An API refused the token (401): it is not used again, and a new one is fetched. */
void metadata_token_refused(gcp_metadata m)
{
    m->token_valid = false;
    metadata_setup(m);
}

closure_function(1, 2, void, metadata_new_on_timer,
                 gcp_metadata, m,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    metadata_setup(bound(m));
}

closure_function(1, 1, void, metadata_new_on_answer,
                 gcp_metadata, m,
                 status s)
{
    answered(bound(m), s);
}

/* The metadata client (the host name fetched only when `needHostname`); `changed` runs after each
 * successful setup. Null when out of memory. */
gcp_metadata metadata_new(heap h, boolean need_hostname, thunk changed)
{
    gcp_metadata m = allocate(h, sizeof(struct gcp_metadata));
    buffer name = allocate_buffer(h, 32);
    if (m == INVALID_ADDRESS || name == INVALID_ADDRESS)
        return 0;
    bprintf(name, "metadata.google.internal");
    endpoint e = endpoint_new(h, ss("gcp"), name, 80, ss("169.254.169.254"), false, 0, 4096, 65536);
    deallocate_buffer(name);
    logpipe_retry retry = logpipe_retry_create(h, milliseconds(RETRY_BASE_MS),
                                               seconds(RETRY_CAP_SECONDS));
    failure_run failures = e != 0
                           ? failure_run_new(h, ss("gcp"), ss("metadata server"), e->name)
                           : 0;
    m->project_id = allocate_buffer(h, 64);
    m->hostname = allocate_buffer(h, 128);
    m->zone = allocate_buffer(h, 64);
    m->instance_id = allocate_buffer(h, 32);
    m->authorization = allocate_buffer(h, 512);
    m->reason = allocate_buffer(h, 160);
    m->reader = allocate(h, sizeof(struct json_reader));
    m->value = allocate(h, sizeof(struct json_value));
    m->on_timer = closure(h, metadata_new_on_timer, m);
    m->on_answer = closure(h, metadata_new_on_answer, m);
    if (e == 0 || retry == 0 || failures == 0 || m->project_id == INVALID_ADDRESS ||
        m->hostname == INVALID_ADDRESS || m->zone == INVALID_ADDRESS ||
        m->instance_id == INVALID_ADDRESS || m->authorization == INVALID_ADDRESS ||
        m->reason == INVALID_ADDRESS || m->reader == INVALID_ADDRESS ||
        m->value == INVALID_ADDRESS || m->on_timer == INVALID_ADDRESS ||
        m->on_answer == INVALID_ADDRESS)
        return 0;
    m->endpoint = e;
    m->retry = retry;
    m->failures = failures;
    m->want_hostname = need_hostname;
    m->step = META_STEP_PROJECT;
    m->running = false;
    m->ready = false;
    m->token_valid = false;
    m->token_expiry = 0;
    m->expiring = false;
    m->changed = changed;
    init_timer(&m->retry_timer);
    init_timer(&m->renew_timer);
    return m;
}
