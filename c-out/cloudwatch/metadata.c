/* generated from klib-src/cloudwatch/metadata.ts by klibc - do not edit */
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
#include "credentials.h"
#include "rfc3339.h"
#include "metadata.h"

/* The EC2 instance metadata service (IMDS, 169.254.169.254:80): IMDSv2 session tokens (PUT with a
 * TTL, the token on every GET, renewed before it expires or when a GET answers 401), IMDSv1 only
 * when the token endpoint is absent (404/405); then the region, instance id, host name, role and
 * the role's credentials. A failed step is retried by the shared retry policy
 * (logpipe/retry.ts), with console lines by the failure rule (lib/failures.ts). Credentials are
 * renewed before their Expiration, and on demand (imdsRenewCredentials) after ExpiredToken-like
 * answers; `changed` runs after each fetch of them. */

struct tls_trust;

#define IMDS_ADDRESS ss("169.254.169.254")
#define TOKEN_TTL_SECONDS 21600

/* A token is renewed this long before it expires. */
#define TOKEN_MARGIN_SECONDS 300

#define REQUEST_TIMEOUT_SECONDS 5

/* Credentials are renewed this long before they expire (IMDS hands out new ones 5 min before). */
#define RENEW_MARGIN_SECONDS 300

#define MIN_RENEW_SECONDS 5

static void request(imds m);
static void failed(imds m, u32 status, sstring why);
static void answered(imds m, status s);
static boolean take_line(imds m, buffer b, bytes cap);
static boolean take_credentials(imds m);
static void schedule_renewal(imds m);

/* The region: configured, or the instance's. Valid once ready. */
buffer imds_region(imds m)
{
    return m->region;
}

buffer imds_instance_id(imds m)
{
    return m->instance_id;
}

/* The instance's host name (the metrics' `host` dimension, as the stock klib sends). */
buffer imds_hostname(imds m)
{
    return m->hostname;
}

closure_function(1, 2, void, imds_start_on_retry,
                 imds, m,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    request(bound(m));
}

closure_function(1, 2, void, imds_start_on_renew,
                 imds, m,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled || bound(m)->running)
        return;
    bound(m)->step = METADATA_STEP_CREDENTIALS;
    bound(m)->running = true;
    request(bound(m));
}

closure_function(1, 1, void, imds_start_on_response,
                 imds, m,
                 status s)
{
    answered(bound(m), s);
}

/* Starts fetching into `creds`; `changed` runs once the region, instance id, host name and
 * credentials are known, and after each renewal of the credentials. Null when out of memory. */
imds imds_start(heap h, buffer region, credentials creds, thunk changed)
{
    imds m = allocate(h, sizeof(struct imds));
    if (m == INVALID_ADDRESS)
        return 0;
    buffer address = allocate_buffer(h, 16);
    if (address == INVALID_ADDRESS)
        return 0;
    bprintf(address, "%s", IMDS_ADDRESS);
    endpoint e = endpoint_new(h, ss("cloudwatch"), address, 80, ss(""), false, 0, 4096, 16384);
    deallocate_buffer(address);
    logpipe_retry retry = logpipe_retry_create(h, milliseconds(RETRY_BASE_MS),
                                               seconds(RETRY_CAP_SECONDS));
    failure_run failures = e != 0
                           ? failure_run_new(h, ss("cloudwatch"), ss("instance metadata"), e->name)
                           : 0;
    m->token = allocate_buffer(h, 128);
    m->region = allocate_buffer(h, 32);
    m->instance_id = allocate_buffer(h, 64);
    m->hostname = allocate_buffer(h, 256);
    m->role = allocate_buffer(h, 256);
    m->path = allocate_buffer(h, 384);
    m->reason = allocate_buffer(h, 160);
    m->reader = allocate(h, sizeof(struct json_reader));
    m->found = allocate(h, sizeof(struct json_value));
    m->on_retry = closure(h, imds_start_on_retry, m);
    m->on_renew = closure(h, imds_start_on_renew, m);
    m->on_response = closure(h, imds_start_on_response, m);
    if (e == 0 || retry == 0 || failures == 0 || m->token == INVALID_ADDRESS ||
        m->region == INVALID_ADDRESS || m->instance_id == INVALID_ADDRESS ||
        m->hostname == INVALID_ADDRESS || m->role == INVALID_ADDRESS ||
        m->path == INVALID_ADDRESS || m->reason == INVALID_ADDRESS ||
        m->reader == INVALID_ADDRESS || m->found == INVALID_ADDRESS ||
        m->on_retry == INVALID_ADDRESS || m->on_renew == INVALID_ADDRESS ||
        m->on_response == INVALID_ADDRESS)
        return 0;
    m->endpoint = e;
    m->retry = retry;
    m->failures = failures;
    m->creds = creds;
    m->configured_region = region;
    if (region != 0)
        buffer_write(m->region, ((u8 *)buffer_ref(region, 0)) + 0, buffer_length(region));
    m->step = METADATA_STEP_TOKEN;
    m->resume = METADATA_STEP_REGION;
    m->use_token = true;
    m->token_expiry = 0;
    m->running = true;
    m->ready = false;
    m->changed = changed;
    init_timer(&m->retry_timer);
    init_timer(&m->renew_timer);
    request(m);
    return m;
}

/* Asks for fresh credentials (after ExpiredToken / UnrecognizedClient); no-op while fetching. */
void imds_renew_credentials(imds m)
{
    if (m->running || !m->ready)
        return;
    if (timer_is_active(&m->renew_timer))
        remove_timer(kernel_timers, &m->renew_timer, 0);
    m->step = METADATA_STEP_CREDENTIALS;
    m->running = true;
    request(m);
}

/* The path of the current step's GET. */
static void write_path(imds m)
{
    buffer p = m->path;
    buffer_clear(p);
    switch (m->step) {
    case METADATA_STEP_REGION:
        bprintf(p, "/latest/meta-data/placement/region");
        break;
    case METADATA_STEP_INSTANCE_ID:
        bprintf(p, "/latest/meta-data/instance-id");
        break;
    case METADATA_STEP_HOSTNAME:
        bprintf(p, "/latest/meta-data/hostname");
        break;
    case METADATA_STEP_ROLE:
        bprintf(p, "/latest/meta-data/iam/security-credentials/");
        break;
    case METADATA_STEP_TOKEN:
        bprintf(p, "/latest/api/token");
        break;
    default:
        bprintf(p, "/latest/meta-data/iam/security-credentials/%b", m->role);
        break;
    }
}

/* Sends the request of the current step (or skips a step that has nothing to fetch). */
static void request(imds m)
{
    http_client c = m->endpoint->client;
    if (m->step == METADATA_STEP_REGION && m->configured_region != 0)
        m->step = METADATA_STEP_INSTANCE_ID;
    if (m->step != METADATA_STEP_TOKEN && m->use_token &&
        kern_now(CLOCK_ID_MONOTONIC) >= m->token_expiry) {
        m->resume = m->step;
        m->step = METADATA_STEP_TOKEN;
    }
    write_path(m);
    if (m->step == METADATA_STEP_TOKEN) {
        http_request_begin(c, ss("PUT"), ss("/latest/api/token"), false);
        http_request_header(c, ss("X-aws-ec2-metadata-token-ttl-seconds"), ss("21600"));
    } else {
        http_request_begin(c, ss("GET"), buffer_to_sstring(m->path), false);
        if (m->use_token)
            http_request_header(c, ss("X-aws-ec2-metadata-token"), buffer_to_sstring(m->token));
    }
    if (!http_request_send(c, 0, seconds(REQUEST_TIMEOUT_SECONDS), m->on_response))
        failed(m, 0, ss("the request could not be made"));
}

/* A failed step: one line by the failure rule (a status and the path, or the network's reason),
 * and the step again after the retry policy's delay. */
static void failed(imds m, u32 status, sstring why)
{
    buffer r = m->reason;
    buffer_clear(r);
    if (status != 0)
        bprintf(r, "HTTP %u for %b%s; retrying", status, m->path, why);
    else
        bprintf(r, "%s; retrying", why);
    endpoint_failure(m->failures,
                     failure_kind_http(status, (u8 *)buffer_ref(m->path, 0),
                                       buffer_length(m->path)),
                     r);
    register_timer(kernel_timers, &m->retry_timer, CLOCK_ID_MONOTONIC,
                   logpipe_retry_delay(m->retry), false, 0, m->on_retry);
}

static void answered(imds m, status s)
{
    if (!is_ok(s)) {
        buffer r = m->reason;
        buffer_clear(r);
        endpoint_write_reason(r, s);
        u64 kind = failure_kind_http(0, (u8 *)buffer_ref(r, 0), buffer_length(r));
        bprintf(r, "; retrying");
        endpoint_failure(m->failures, kind, r);
        register_timer(kernel_timers, &m->retry_timer, CLOCK_ID_MONOTONIC,
                       logpipe_retry_delay(m->retry), false, 0, m->on_retry);
        return;
    }
    u32 status = m->endpoint->client->response->status;
    if (m->step == METADATA_STEP_TOKEN) {
        if (status == 200 && take_line(m, m->token, 120)) {
            m->use_token = true;
            m->token_expiry = kern_now(CLOCK_ID_MONOTONIC) +
                              seconds(TOKEN_TTL_SECONDS - TOKEN_MARGIN_SECONDS);
        } else if (status == 404 || status == 405) {
            /* No token endpoint: an IMDSv1-only server. */
            m->use_token = false;
        } else {
            failed(m, status, ss(""));
            return;
        }
        m->step = m->resume;
        request(m);
        return;
    }
    if (status == 401 && m->use_token) {
        /* The session token was refused (expired, or the server restarted): get a new one. */
        m->token_expiry = 0;
        request(m);
        return;
    }
    if (status != 200) {
        failed(m, status,
               m->step == METADATA_STEP_ROLE && status == 404
               ? ss(": no IAM role is associated with the instance")
               : ss(""));
        return;
    }
    boolean ok = true;
    switch (m->step) {
    case METADATA_STEP_REGION:
        ok = take_line(m, m->region, 32);
        break;
    case METADATA_STEP_INSTANCE_ID:
        ok = take_line(m, m->instance_id, 64);
        break;
    case METADATA_STEP_HOSTNAME:
        ok = take_line(m, m->hostname, 255);
        break;
    case METADATA_STEP_ROLE:
        ok = take_line(m, m->role, 128);
        break;
    default:
        ok = take_credentials(m);
        break;
    }
    if (!ok) {
        failed(m, status, ss(": an answer that could not be read"));
        return;
    }
    logpipe_retry_reset(m->retry);
    failure_recovered(m->failures);
    if (m->step != METADATA_STEP_CREDENTIALS) {
        m->step++;
        request(m);
        return;
    }
    m->running = false;
    m->step = METADATA_STEP_DONE;
    m->ready = true;
    schedule_renewal(m);
    apply(m->changed);
}

/* Copies the body (trimmed, first line only) into b; false when empty or too long. */
static boolean take_line(imds m, buffer b, bytes cap)
{
    buffer body = http_response_body(m->endpoint->client);
    u8 *p = (u8 *)buffer_ref(body, 0);
    bytes n = buffer_length(body);
    bytes end = 0;
    while (end < n && p[end] != '\n' && p[end] != '\r')
        end++;
    bytes start = 0;
    while (start < end && (p[start] == ' ' || p[start] == '\t'))
        start++;
    while (end > start && (p[end - 1] == ' ' || p[end - 1] == '\t'))
        end--;
    if (end == start || end - start > cap)
        return false;
    buffer_clear(b);
    buffer_write(b, p + start, end - start);
    return true;
}

/* The JSON string member `name` of the credentials document into b (emptied first). */
static boolean take_member(imds m, const char *name, bytes name_length, buffer b, bytes cap)
{
    buffer body = http_response_body(m->endpoint->client);
    json_reader_init(m->reader, (u8 *)buffer_ref(body, 0), buffer_length(body), 8,
                     buffer_length(body));
    if (!json_find(m->reader, name, name_length, m->found) || m->found->kind != JSON_KIND_STRING)
        return false;
    buffer_clear(b);
    if (!buffer_extend(b, cap))
        return false;
    s64 n = json_decode_string(m->reader, m->found, (u8 *)buffer_ref(b, 0), cap);
    if (n <= 0)
        return false;
    buffer_produce(b, (bytes)n);
    return true;
}

static boolean take_credentials(imds m)
{
    credentials k = m->creds;
    if (!take_member(m, "AccessKeyId", 11, k->access_key, 127) ||
        !take_member(m, "SecretAccessKey", 15, k->secret, 127))
        return false;
    if (!take_member(m, "Token", 5, k->token, 8000))
        buffer_clear(k->token);
    buffer body = http_response_body(m->endpoint->client);
    json_reader_init(m->reader, (u8 *)buffer_ref(body, 0), buffer_length(body), 8,
                     buffer_length(body));
    k->expiration = 0;
    if (json_find(m->reader, "Expiration", 10, m->found) && m->found->kind == JSON_KIND_STRING) {
        k->expiration = parse_rfc3339_seconds((u8 *)buffer_ref(body, m->found->start),
                                              m->found->length);
    }
    k->valid = true;
    k->generation++;
    k->renewed_at = kern_now(CLOCK_ID_MONOTONIC);
    return true;
}

/* Renews the credentials before they expire (using the realtime clock, as Expiration is wall
 * time). */
static void schedule_renewal(imds m)
{
    credentials k = m->creds;
    if (k->expiration == 0)
        return;
    u64 now = sec_from_timestamp(kern_now(CLOCK_ID_REALTIME));
    u64 left = k->expiration > now ? k->expiration - now : 0;
    u64 wait = left > 2 * RENEW_MARGIN_SECONDS ? left - RENEW_MARGIN_SECONDS : left >> 1;
    if (wait < MIN_RENEW_SECONDS)
        wait = MIN_RENEW_SECONDS;
    if (timer_is_active(&m->renew_timer))
        remove_timer(kernel_timers, &m->renew_timer, 0);
    register_timer(kernel_timers, &m->renew_timer, CLOCK_ID_MONOTONIC, seconds(wait), false, 0,
                   m->on_renew);
}
