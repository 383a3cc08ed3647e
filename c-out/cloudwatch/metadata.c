/* generated from klib-src/cloudwatch/metadata.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "config.h"
#include "credentials.h"
#include "rfc3339.h"
#include "metadata.h"

/* The EC2 instance metadata service (IMDS): IMDSv2 session tokens (PUT with a TTL, the token on
 * every GET, renewed before it expires or when a GET answers 401), IMDSv1 only when the token
 * endpoint is absent (404/405); then the region, instance id, host name, role and the role's
 * credentials. While the service cannot be reached, every step is retried with exponential backoff
 * from 1 s to 1 h, quietly while the delay is short. Credentials are renewed before their
 * Expiration, and on demand (metadataRenewCredentials) after ExpiredToken-like answers. */

#define IMDS_ADDRESS ss("169.254.169.254")
#define TOKEN_TTL_SECONDS 21600

/* A token is renewed this long before it expires. */
#define TOKEN_MARGIN_SECONDS 300

#define REQUEST_TIMEOUT_SECONDS 5
#define BACKOFF_FIRST 1
#define BACKOFF_CAP 3600

/* Failures are reported on the console once the retry delay reaches this (transients stay
 * quiet). */
#define QUIET_BELOW 32

/* Credentials are renewed this long before they expire (IMDS hands out new ones 5 min before). */
#define RENEW_MARGIN_SECONDS 300

#define MIN_RENEW_SECONDS 5

static struct cloudwatch_metadata {
    heap h;
    struct config *config;
    struct credentials *creds;
    struct http_client *client;
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
    u64 delay;
    struct timer retry_timer;
    struct timer renew_timer;
    boolean running;
    boolean ready;
    thunk on_ready;
    boolean no_role_reported;
    closure_struct(status_handler, on_response);
    closure_struct(timer_handler, on_retry);
    closure_struct(timer_handler, on_renew);
} cloudwatch_metadata = {
    .step = METADATA_STEP_TOKEN,
    .resume = METADATA_STEP_REGION,
    .use_token = true,
    .delay = BACKOFF_FIRST,
};

static void request(void);
static void failed_with(buffer why);
static void failed(sstring why, boolean loud);
static void answered(void);
static boolean take_credentials(void);
static void schedule_renewal(void);

closure_func_basic(status_handler, void, on_response,
                   status s)
{
    if (!is_ok(s)) {
        buffer text = get_string(s, sym(result));
        if (text != 0)
            failed_with(text);
        else
            failed(ss("no answer"), false);
        timm_dealloc(s);
        return;
    }
    answered();
}

closure_func_basic(timer_handler, void, on_retry,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    request();
}

closure_func_basic(timer_handler, void, on_renew,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    if (cloudwatch_metadata.running)
        return;
    cloudwatch_metadata.step = METADATA_STEP_CREDENTIALS;
    cloudwatch_metadata.running = true;
    request();
}

/* The region: configured, or the instance's. Valid once ready. */
buffer metadata_region(void)
{
    return cloudwatch_metadata.region;
}

buffer metadata_instance_id(void)
{
    return cloudwatch_metadata.instance_id;
}

/* The instance's host name (the metrics' `host` dimension, as the stock klib sends). */
buffer metadata_hostname(void)
{
    return cloudwatch_metadata.hostname;
}

/* Starts fetching; `whenReady` runs once, when the region, instance id, host name and credentials
 * are all known. False when out of memory. */
boolean metadata_start(heap from_heap, config c, credentials into, thunk when_ready)
{
    cloudwatch_metadata.h = from_heap;
    cloudwatch_metadata.config = c;
    cloudwatch_metadata.creds = into;
    cloudwatch_metadata.on_ready = when_ready;
    cloudwatch_metadata.client = http_client_new(cloudwatch_metadata.h, IMDS_ADDRESS, 80,
                                                 IMDS_ADDRESS, 4096, 16384);
    cloudwatch_metadata.token = allocate_buffer(cloudwatch_metadata.h, 128);
    cloudwatch_metadata.region = allocate_buffer(cloudwatch_metadata.h, 32);
    cloudwatch_metadata.instance_id = allocate_buffer(cloudwatch_metadata.h, 64);
    cloudwatch_metadata.hostname = allocate_buffer(cloudwatch_metadata.h, 256);
    cloudwatch_metadata.role = allocate_buffer(cloudwatch_metadata.h, 256);
    cloudwatch_metadata.path = allocate_buffer(cloudwatch_metadata.h, 384);
    cloudwatch_metadata.reader = allocate(cloudwatch_metadata.h, sizeof(struct json_reader));
    cloudwatch_metadata.found = allocate(cloudwatch_metadata.h, sizeof(struct json_value));
    if (cloudwatch_metadata.client == 0 || cloudwatch_metadata.token == INVALID_ADDRESS ||
        cloudwatch_metadata.region == INVALID_ADDRESS ||
        cloudwatch_metadata.instance_id == INVALID_ADDRESS ||
        cloudwatch_metadata.hostname == INVALID_ADDRESS ||
        cloudwatch_metadata.role == INVALID_ADDRESS ||
        cloudwatch_metadata.path == INVALID_ADDRESS ||
        cloudwatch_metadata.reader == INVALID_ADDRESS ||
        cloudwatch_metadata.found == INVALID_ADDRESS)
        return false;
    if (c->region != 0)
        buffer_write(cloudwatch_metadata.region, ((u8 *)buffer_ref(c->region, 0)) + 0,
                     buffer_length(c->region));
    cloudwatch_metadata.step = METADATA_STEP_TOKEN;
    cloudwatch_metadata.resume = METADATA_STEP_REGION;
    cloudwatch_metadata.running = true;
    request();
    return true;
}

/* Asks for fresh credentials (after ExpiredToken / UnrecognizedClient); no-op while fetching. */
void metadata_renew_credentials(void)
{
    if (cloudwatch_metadata.running || !cloudwatch_metadata.ready)
        return;
    if (timer_is_active(&cloudwatch_metadata.renew_timer))
        remove_timer(kernel_timers, &cloudwatch_metadata.renew_timer, 0);
    cloudwatch_metadata.step = METADATA_STEP_CREDENTIALS;
    cloudwatch_metadata.running = true;
    request();
}

/* Sends the request of the current step (or skips a step that has nothing to fetch). */
static void request(void)
{
    http_client c = cloudwatch_metadata.client;
    if (cloudwatch_metadata.step == METADATA_STEP_REGION && cloudwatch_metadata.config->region != 0)
        cloudwatch_metadata.step = METADATA_STEP_INSTANCE_ID;
    if (cloudwatch_metadata.step != METADATA_STEP_TOKEN && cloudwatch_metadata.use_token &&
        kern_now(CLOCK_ID_MONOTONIC) >= cloudwatch_metadata.token_expiry) {
        cloudwatch_metadata.resume = cloudwatch_metadata.step;
        cloudwatch_metadata.step = METADATA_STEP_TOKEN;
    }
    if (cloudwatch_metadata.step == METADATA_STEP_TOKEN) {
        http_request_begin(c, ss("PUT"), ss("/latest/api/token"), false);
        http_request_header(c, ss("X-aws-ec2-metadata-token-ttl-seconds"), ss("21600"));
        http_request_send(c, 0, seconds(REQUEST_TIMEOUT_SECONDS),
                          init_closure_func(&cloudwatch_metadata.on_response, status_handler,
                                            on_response));
        return;
    }
    buffer p = cloudwatch_metadata.path;
    buffer_clear(p);
    switch (cloudwatch_metadata.step) {
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
    default:
        bprintf(p, "/latest/meta-data/iam/security-credentials/%b", cloudwatch_metadata.role);
        break;
    }
    if (!http_request_begin(c, ss("GET"), buffer_to_sstring(p), false)) {
        failed(ss("bad request path"), true);
        return;
    }
    if (cloudwatch_metadata.use_token)
        http_request_header(c, ss("X-aws-ec2-metadata-token"),
                            buffer_to_sstring(cloudwatch_metadata.token));
    http_request_send(c, 0, seconds(REQUEST_TIMEOUT_SECONDS),
                      init_closure_func(&cloudwatch_metadata.on_response, status_handler,
                                        on_response));
}

static void schedule_retry(void)
{
    register_timer(kernel_timers, &cloudwatch_metadata.retry_timer, CLOCK_ID_MONOTONIC,
                   seconds(cloudwatch_metadata.delay), false, 0,
                   init_closure_func(&cloudwatch_metadata.on_retry, timer_handler, on_retry));
    cloudwatch_metadata.delay = cloudwatch_metadata.delay * 2 > BACKOFF_CAP
                                ? BACKOFF_CAP
                                : cloudwatch_metadata.delay * 2;
}

static void failed_with(buffer why)
{
    if (cloudwatch_metadata.delay >= QUIET_BELOW)
        rprintf("cloudwatch: instance metadata: %b; retrying in %lu s\n", why,
                cloudwatch_metadata.delay);
    schedule_retry();
}

static void failed(sstring why, boolean loud)
{
    if (loud || cloudwatch_metadata.delay >= QUIET_BELOW)
        rprintf("cloudwatch: instance metadata: %s; retrying in %lu s\n", why,
                cloudwatch_metadata.delay);
    schedule_retry();
}

/* Copies the body (trimmed, first line only) into b; false when empty or too long. */
static boolean take_line(buffer b, bytes cap)
{
    buffer body = http_response_body(cloudwatch_metadata.client);
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
static boolean take_member(const char *name, bytes name_length, buffer b, bytes cap)
{
    json_reader r = cloudwatch_metadata.reader;
    json_value v = cloudwatch_metadata.found;
    buffer body = http_response_body(cloudwatch_metadata.client);
    json_reader_init(r, (u8 *)buffer_ref(body, 0), buffer_length(body), 8, buffer_length(body));
    if (!json_find(r, name, name_length, v) || v->kind != JSON_KIND_STRING)
        return false;
    buffer_clear(b);
    if (!buffer_extend(b, cap))
        return false;
    s64 n = json_decode_string(r, v, (u8 *)buffer_ref(b, 0), cap);
    if (n <= 0)
        return false;
    buffer_produce(b, (bytes)n);
    return true;
}

static void answered(void)
{
    http_client c = cloudwatch_metadata.client;
    u32 status = c->response->status;
    if (cloudwatch_metadata.step == METADATA_STEP_TOKEN) {
        if (status == 200 && take_line(cloudwatch_metadata.token, 120)) {
            cloudwatch_metadata.use_token = true;
            cloudwatch_metadata.token_expiry = kern_now(CLOCK_ID_MONOTONIC) +
                                               seconds(TOKEN_TTL_SECONDS - TOKEN_MARGIN_SECONDS);
            cloudwatch_metadata.step = cloudwatch_metadata.resume;
        } else if (status == 404 || status == 405) {
            /* No token endpoint: an IMDSv1-only server. */
            cloudwatch_metadata.use_token = false;
            cloudwatch_metadata.step = cloudwatch_metadata.resume;
        } else {
            failed(ss("the token request failed"), false);
            return;
        }
        request();
        return;
    }
    if (status == 401 && cloudwatch_metadata.use_token) {
        /* The session token was refused (expired, or the server restarted): get a new one. */
        cloudwatch_metadata.token_expiry = 0;
        request();
        return;
    }
    if (status != 200) {
        if (cloudwatch_metadata.step == METADATA_STEP_ROLE && status == 404) {
            if (!cloudwatch_metadata.no_role_reported)
                rprintf("cloudwatch: no IAM role is associated with the instance; retrying\n");
            cloudwatch_metadata.no_role_reported = true;
            schedule_retry();
            return;
        }
        if (cloudwatch_metadata.delay >= QUIET_BELOW)
            rprintf("cloudwatch: instance metadata: HTTP %u; retrying in %lu s\n", status,
                    cloudwatch_metadata.delay);
        schedule_retry();
        return;
    }
    boolean ok = true;
    switch (cloudwatch_metadata.step) {
    case METADATA_STEP_REGION:
        ok = take_line(cloudwatch_metadata.region, 32);
        break;
    case METADATA_STEP_INSTANCE_ID:
        ok = take_line(cloudwatch_metadata.instance_id, 64);
        break;
    case METADATA_STEP_HOSTNAME:
        ok = take_line(cloudwatch_metadata.hostname, 255);
        break;
    case METADATA_STEP_ROLE:
        ok = take_line(cloudwatch_metadata.role, 128);
        break;
    default:
        ok = take_credentials();
        break;
    }
    if (!ok) {
        failed(ss("unexpected answer"), true);
        return;
    }
    cloudwatch_metadata.delay = BACKOFF_FIRST;
    if (cloudwatch_metadata.step != METADATA_STEP_CREDENTIALS) {
        cloudwatch_metadata.step++;
        request();
        return;
    }
    cloudwatch_metadata.running = false;
    cloudwatch_metadata.step = METADATA_STEP_DONE;
    schedule_renewal();
    if (!cloudwatch_metadata.ready) {
        cloudwatch_metadata.ready = true;
        thunk then = cloudwatch_metadata.on_ready;
        if (then != 0)
            apply(then);
    }
}

static boolean take_credentials(void)
{
    credentials k = cloudwatch_metadata.creds;
    if (!take_member("AccessKeyId", 11, k->access_key, 127) ||
        !take_member("SecretAccessKey", 15, k->secret, 127))
        return false;
    if (!take_member("Token", 5, k->token, 8000))
        buffer_clear(k->token);
    json_reader r = cloudwatch_metadata.reader;
    json_value v = cloudwatch_metadata.found;
    buffer body = http_response_body(cloudwatch_metadata.client);
    json_reader_init(r, (u8 *)buffer_ref(body, 0), buffer_length(body), 8, buffer_length(body));
    k->expiration = 0;
    if (json_find(r, "Expiration", 10, v) && v->kind == JSON_KIND_STRING) {
        k->expiration = parse_rfc3339_seconds((u8 *)buffer_ref(body, v->start), v->length);
    }
    k->valid = true;
    k->generation++;
    k->renewed_at = kern_now(CLOCK_ID_MONOTONIC);
    return true;
}

/* Renews the credentials before they expire (using the realtime clock, as Expiration is wall
 * time). */
static void schedule_renewal(void)
{
    credentials k = cloudwatch_metadata.creds;
    if (k->expiration == 0)
        return;
    u64 now = sec_from_timestamp(kern_now(CLOCK_ID_REALTIME));
    u64 left = k->expiration > now ? k->expiration - now : 0;
    u64 wait = left > 2 * RENEW_MARGIN_SECONDS ? left - RENEW_MARGIN_SECONDS : left >> 1;
    if (wait < MIN_RENEW_SECONDS)
        wait = MIN_RENEW_SECONDS;
    if (timer_is_active(&cloudwatch_metadata.renew_timer))
        remove_timer(kernel_timers, &cloudwatch_metadata.renew_timer, 0);
    register_timer(kernel_timers, &cloudwatch_metadata.renew_timer, CLOCK_ID_MONOTONIC,
                   seconds(wait), false, 0,
                   init_closure_func(&cloudwatch_metadata.on_renew, timer_handler, on_renew));
}
