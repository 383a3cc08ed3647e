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

#define IMDS_ADDRESS ss("169.254.169.254")
#define TOKEN_TTL_SECONDS 21600
#define TOKEN_MARGIN_SECONDS 300
#define REQUEST_TIMEOUT_SECONDS 5
#define BACKOFF_FIRST 1
#define BACKOFF_CAP 3600
#define QUIET_BELOW 32
#define RENEW_MARGIN_SECONDS 300
#define MIN_RENEW_SECONDS 5

static struct cloudwatch_metadata {
    heap h;
    struct config *config;
    struct credentials *creds;
    struct http_client *client;
    enum metadata_step step;
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

#line 146 "klib-src/cloudwatch/metadata.ts"
closure_func_basic(status_handler, void, on_response,
                   status s)
{
#line 147 "klib-src/cloudwatch/metadata.ts"
    if (!is_ok(s)) {
        buffer text = get_string(s, sym(result));
        if (text != 0)
#line 149 "klib-src/cloudwatch/metadata.ts"
            failed_with(text);
        else
#line 150 "klib-src/cloudwatch/metadata.ts"
            failed(ss("no answer"), false);
        timm_dealloc(s);
        return;
    }
    answered();
}

#line 157 "klib-src/cloudwatch/metadata.ts"
closure_func_basic(timer_handler, void, on_retry,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 158 "klib-src/cloudwatch/metadata.ts"
    if (overruns == timer_disabled)
#line 158 "klib-src/cloudwatch/metadata.ts"
        return;
    request();
}

#line 162 "klib-src/cloudwatch/metadata.ts"
closure_func_basic(timer_handler, void, on_renew,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 163 "klib-src/cloudwatch/metadata.ts"
    if (overruns == timer_disabled)
#line 163 "klib-src/cloudwatch/metadata.ts"
        return;
    if (cloudwatch_metadata.running)
#line 164 "klib-src/cloudwatch/metadata.ts"
        return;
    cloudwatch_metadata.step = METADATA_STEP_CREDENTIALS;
    cloudwatch_metadata.running = true;
    request();
}

#line 64 "klib-src/cloudwatch/metadata.ts"
buffer metadata_region(void)
{
#line 65 "klib-src/cloudwatch/metadata.ts"
    return cloudwatch_metadata.region;
}

#line 68 "klib-src/cloudwatch/metadata.ts"
buffer metadata_instance_id(void)
{
#line 69 "klib-src/cloudwatch/metadata.ts"
    return cloudwatch_metadata.instance_id;
}

#line 73 "klib-src/cloudwatch/metadata.ts"
buffer metadata_hostname(void)
{
#line 74 "klib-src/cloudwatch/metadata.ts"
    return cloudwatch_metadata.hostname;
}

#line 81 "klib-src/cloudwatch/metadata.ts"
boolean metadata_start(heap from_heap, config c, credentials into, thunk when_ready)
{
#line 82 "klib-src/cloudwatch/metadata.ts"
    cloudwatch_metadata.h = from_heap;
    cloudwatch_metadata.config = c;
    cloudwatch_metadata.creds = into;
    cloudwatch_metadata.on_ready = when_ready;
    cloudwatch_metadata.client = http_client_new(cloudwatch_metadata.h, IMDS_ADDRESS, 80,
                                                 IMDS_ADDRESS, 4096, 16384);
#line 87 "klib-src/cloudwatch/metadata.ts"
    cloudwatch_metadata.token = allocate_buffer(cloudwatch_metadata.h, 128);
    cloudwatch_metadata.region = allocate_buffer(cloudwatch_metadata.h, 32);
    cloudwatch_metadata.instance_id = allocate_buffer(cloudwatch_metadata.h, 64);
    cloudwatch_metadata.hostname = allocate_buffer(cloudwatch_metadata.h, 256);
    cloudwatch_metadata.role = allocate_buffer(cloudwatch_metadata.h, 256);
    cloudwatch_metadata.path = allocate_buffer(cloudwatch_metadata.h, 384);
    cloudwatch_metadata.reader = allocate(cloudwatch_metadata.h, sizeof(struct json_reader));
    cloudwatch_metadata.found = allocate(cloudwatch_metadata.h, sizeof(struct json_value));
    if (cloudwatch_metadata.client == 0 || cloudwatch_metadata.token == INVALID_ADDRESS || cloudwatch_metadata.region == INVALID_ADDRESS || cloudwatch_metadata.instance_id == INVALID_ADDRESS || cloudwatch_metadata.hostname == INVALID_ADDRESS || cloudwatch_metadata.role == INVALID_ADDRESS || cloudwatch_metadata.path == INVALID_ADDRESS || cloudwatch_metadata.reader == INVALID_ADDRESS || cloudwatch_metadata.found == INVALID_ADDRESS)
#line 97 "klib-src/cloudwatch/metadata.ts"
        return false;
    if (c->region != 0)
#line 98 "klib-src/cloudwatch/metadata.ts"
        buffer_write(cloudwatch_metadata.region, ((u8 *)buffer_ref(c->region, 0)) + 0,
                     buffer_length(c->region));
#line 99 "klib-src/cloudwatch/metadata.ts"
    cloudwatch_metadata.step = METADATA_STEP_TOKEN;
    cloudwatch_metadata.resume = METADATA_STEP_REGION;
    cloudwatch_metadata.running = true;
    request();
    return true;
}

#line 107 "klib-src/cloudwatch/metadata.ts"
void metadata_renew_credentials(void)
{
#line 108 "klib-src/cloudwatch/metadata.ts"
    if (cloudwatch_metadata.running || !cloudwatch_metadata.ready)
#line 108 "klib-src/cloudwatch/metadata.ts"
        return;
    if (timer_is_active(&cloudwatch_metadata.renew_timer))
#line 109 "klib-src/cloudwatch/metadata.ts"
        remove_timer(kernel_timers, &cloudwatch_metadata.renew_timer, 0);
    cloudwatch_metadata.step = METADATA_STEP_CREDENTIALS;
    cloudwatch_metadata.running = true;
    request();
}

#line 116 "klib-src/cloudwatch/metadata.ts"
static void request(void)
{
#line 117 "klib-src/cloudwatch/metadata.ts"
    http_client c = cloudwatch_metadata.client;
    if (cloudwatch_metadata.step == METADATA_STEP_REGION && cloudwatch_metadata.config->region != 0)
#line 118 "klib-src/cloudwatch/metadata.ts"
        cloudwatch_metadata.step = METADATA_STEP_INSTANCE_ID;
    if (cloudwatch_metadata.step != METADATA_STEP_TOKEN && cloudwatch_metadata.use_token && kern_now(CLOCK_ID_MONOTONIC) >= cloudwatch_metadata.token_expiry) {
        cloudwatch_metadata.resume = cloudwatch_metadata.step;
        cloudwatch_metadata.step = METADATA_STEP_TOKEN;
    }
    if (cloudwatch_metadata.step == METADATA_STEP_TOKEN) {
        http_request_begin(c, ss("PUT"), ss("/latest/api/token"), false);
        http_request_header(c, ss("X-aws-ec2-metadata-token-ttl-seconds"), ss("21600"));
        http_request_send(c, 0, seconds(REQUEST_TIMEOUT_SECONDS),
                          init_closure_func(&cloudwatch_metadata.on_response, status_handler, on_response));
#line 127 "klib-src/cloudwatch/metadata.ts"
        return;
    }
    buffer p = cloudwatch_metadata.path;
    buffer_clear(p);
    switch (cloudwatch_metadata.step) {
    case METADATA_STEP_REGION:
#line 132 "klib-src/cloudwatch/metadata.ts"
        bprintf(p, "/latest/meta-data/placement/region");
#line 132 "klib-src/cloudwatch/metadata.ts"
        break;
    case METADATA_STEP_INSTANCE_ID:
#line 133 "klib-src/cloudwatch/metadata.ts"
        bprintf(p, "/latest/meta-data/instance-id");
#line 133 "klib-src/cloudwatch/metadata.ts"
        break;
    case METADATA_STEP_HOSTNAME:
#line 134 "klib-src/cloudwatch/metadata.ts"
        bprintf(p, "/latest/meta-data/hostname");
#line 134 "klib-src/cloudwatch/metadata.ts"
        break;
    case METADATA_STEP_ROLE:
#line 135 "klib-src/cloudwatch/metadata.ts"
        bprintf(p, "/latest/meta-data/iam/security-credentials/");
#line 135 "klib-src/cloudwatch/metadata.ts"
        break;
    default:
#line 136 "klib-src/cloudwatch/metadata.ts"
        bprintf(p, "/latest/meta-data/iam/security-credentials/%b", cloudwatch_metadata.role);
#line 136 "klib-src/cloudwatch/metadata.ts"
        break;
    }
    if (!http_request_begin(c, ss("GET"), buffer_to_sstring(p), false)) {
        failed(ss("bad request path"), true);
        return;
    }
    if (cloudwatch_metadata.use_token)
#line 142 "klib-src/cloudwatch/metadata.ts"
        http_request_header(c, ss("X-aws-ec2-metadata-token"),
                            buffer_to_sstring(cloudwatch_metadata.token));
#line 143 "klib-src/cloudwatch/metadata.ts"
    http_request_send(c, 0, seconds(REQUEST_TIMEOUT_SECONDS),
                      init_closure_func(&cloudwatch_metadata.on_response, status_handler, on_response));
}

#line 170 "klib-src/cloudwatch/metadata.ts"
static void schedule_retry(void)
{
#line 171 "klib-src/cloudwatch/metadata.ts"
    register_timer(kernel_timers, &cloudwatch_metadata.retry_timer, CLOCK_ID_MONOTONIC,
                   seconds(cloudwatch_metadata.delay), false, 0,
                   init_closure_func(&cloudwatch_metadata.on_retry, timer_handler, on_retry));
#line 172 "klib-src/cloudwatch/metadata.ts"
    cloudwatch_metadata.delay = cloudwatch_metadata.delay * 2 > BACKOFF_CAP ? BACKOFF_CAP : cloudwatch_metadata.delay * 2;
}

#line 175 "klib-src/cloudwatch/metadata.ts"
static void failed_with(buffer why)
{
#line 176 "klib-src/cloudwatch/metadata.ts"
    if (cloudwatch_metadata.delay >= QUIET_BELOW)
#line 176 "klib-src/cloudwatch/metadata.ts"
        rprintf("cloudwatch: instance metadata: %b; retrying in %lu s\n", why,
                cloudwatch_metadata.delay);
#line 177 "klib-src/cloudwatch/metadata.ts"
    schedule_retry();
}

#line 180 "klib-src/cloudwatch/metadata.ts"
static void failed(sstring why, boolean loud)
{
#line 181 "klib-src/cloudwatch/metadata.ts"
    if (loud || cloudwatch_metadata.delay >= QUIET_BELOW)
#line 181 "klib-src/cloudwatch/metadata.ts"
        rprintf("cloudwatch: instance metadata: %s; retrying in %lu s\n", why,
                cloudwatch_metadata.delay);
#line 182 "klib-src/cloudwatch/metadata.ts"
    schedule_retry();
}

#line 186 "klib-src/cloudwatch/metadata.ts"
static boolean take_line(buffer b, bytes cap)
{
#line 187 "klib-src/cloudwatch/metadata.ts"
    buffer body = http_response_body(cloudwatch_metadata.client);
    u8 *p = ((u8 *)buffer_ref(body, 0));
    bytes n = buffer_length(body);
    bytes end = 0;
    while (end < n && p[end] != 10 && p[end] != 13)
#line 191 "klib-src/cloudwatch/metadata.ts"
        end++;
    bytes start = 0;
    while (start < end && (p[start] == 32 || p[start] == 9))
#line 193 "klib-src/cloudwatch/metadata.ts"
        start++;
    while (end > start && (p[end - 1] == 32 || p[end - 1] == 9))
#line 194 "klib-src/cloudwatch/metadata.ts"
        end--;
    if (end == start || end - start > cap)
#line 195 "klib-src/cloudwatch/metadata.ts"
        return false;
    buffer_clear(b);
    buffer_write(b, p + start, end - start);
    return true;
}

#line 202 "klib-src/cloudwatch/metadata.ts"
static boolean take_member(const char *name, bytes name_length, buffer b, bytes cap)
{
#line 203 "klib-src/cloudwatch/metadata.ts"
    json_reader r = cloudwatch_metadata.reader;
    json_value v = cloudwatch_metadata.found;
    buffer body = http_response_body(cloudwatch_metadata.client);
    json_reader_init(r, ((u8 *)buffer_ref(body, 0)), buffer_length(body), 8, buffer_length(body));
    if (!json_find(r, name, name_length, v) || v->kind != JSON_KIND_STRING)
#line 207 "klib-src/cloudwatch/metadata.ts"
        return false;
    buffer_clear(b);
    if (!buffer_extend(b, cap))
#line 209 "klib-src/cloudwatch/metadata.ts"
        return false;
    s64 n = json_decode_string(r, v, ((u8 *)buffer_ref(b, 0)), cap);
    if (n <= 0)
#line 211 "klib-src/cloudwatch/metadata.ts"
        return false;
    buffer_produce(b, (bytes)n);
    return true;
}

#line 216 "klib-src/cloudwatch/metadata.ts"
static void answered(void)
{
#line 217 "klib-src/cloudwatch/metadata.ts"
    http_client c = cloudwatch_metadata.client;
    u32 status = c->response->status;
    if (cloudwatch_metadata.step == METADATA_STEP_TOKEN) {
        if (status == 200 && take_line(cloudwatch_metadata.token, 120)) {
            cloudwatch_metadata.use_token = true;
            cloudwatch_metadata.token_expiry = kern_now(CLOCK_ID_MONOTONIC) + seconds(TOKEN_TTL_SECONDS - TOKEN_MARGIN_SECONDS);
            cloudwatch_metadata.step = cloudwatch_metadata.resume;
        } else if (status == 404 || status == 405) {
#line 226 "klib-src/cloudwatch/metadata.ts"
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
#line 237 "klib-src/cloudwatch/metadata.ts"
        cloudwatch_metadata.token_expiry = 0;
        request();
        return;
    }
    if (status != 200) {
        if (cloudwatch_metadata.step == METADATA_STEP_ROLE && status == 404) {
            if (!cloudwatch_metadata.no_role_reported)
#line 243 "klib-src/cloudwatch/metadata.ts"
                rprintf("cloudwatch: no IAM role is associated with the instance; retrying\n");
            cloudwatch_metadata.no_role_reported = true;
            schedule_retry();
            return;
        }
        if (cloudwatch_metadata.delay >= QUIET_BELOW)
#line 248 "klib-src/cloudwatch/metadata.ts"
            rprintf("cloudwatch: instance metadata: HTTP %u; retrying in %lu s\n", status,
                    cloudwatch_metadata.delay);
#line 249 "klib-src/cloudwatch/metadata.ts"
        schedule_retry();
        return;
    }
    boolean ok = true;
    switch (cloudwatch_metadata.step) {
    case METADATA_STEP_REGION:
#line 254 "klib-src/cloudwatch/metadata.ts"
        ok = take_line(cloudwatch_metadata.region, 32);
#line 254 "klib-src/cloudwatch/metadata.ts"
        break;
    case METADATA_STEP_INSTANCE_ID:
#line 255 "klib-src/cloudwatch/metadata.ts"
        ok = take_line(cloudwatch_metadata.instance_id, 64);
#line 255 "klib-src/cloudwatch/metadata.ts"
        break;
    case METADATA_STEP_HOSTNAME:
#line 256 "klib-src/cloudwatch/metadata.ts"
        ok = take_line(cloudwatch_metadata.hostname, 255);
#line 256 "klib-src/cloudwatch/metadata.ts"
        break;
    case METADATA_STEP_ROLE:
#line 257 "klib-src/cloudwatch/metadata.ts"
        ok = take_line(cloudwatch_metadata.role, 128);
#line 257 "klib-src/cloudwatch/metadata.ts"
        break;
    default:
#line 258 "klib-src/cloudwatch/metadata.ts"
        ok = take_credentials();
#line 258 "klib-src/cloudwatch/metadata.ts"
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
#line 276 "klib-src/cloudwatch/metadata.ts"
            apply(then);
    }
}

#line 280 "klib-src/cloudwatch/metadata.ts"
static boolean take_credentials(void)
{
#line 281 "klib-src/cloudwatch/metadata.ts"
    credentials k = cloudwatch_metadata.creds;
    if (!take_member("AccessKeyId", 11, k->access_key, 127) || !take_member("SecretAccessKey", 15,
                                                                            k->secret, 127))
#line 282 "klib-src/cloudwatch/metadata.ts"
        return false;
    if (!take_member("Token", 5, k->token, 8000))
#line 283 "klib-src/cloudwatch/metadata.ts"
        buffer_clear(k->token);
    json_reader r = cloudwatch_metadata.reader;
    json_value v = cloudwatch_metadata.found;
    buffer body = http_response_body(cloudwatch_metadata.client);
    json_reader_init(r, ((u8 *)buffer_ref(body, 0)), buffer_length(body), 8, buffer_length(body));
    k->expiration = 0;
    if (json_find(r, "Expiration", 10, v) && v->kind == JSON_KIND_STRING) {
        k->expiration = parse_rfc3339_seconds(((u8 *)buffer_ref(body, v->start)), v->length);
    }
    k->valid = true;
    k->generation++;
    k->renewed_at = kern_now(CLOCK_ID_MONOTONIC);
    return true;
}

#line 299 "klib-src/cloudwatch/metadata.ts"
static void schedule_renewal(void)
{
#line 300 "klib-src/cloudwatch/metadata.ts"
    credentials k = cloudwatch_metadata.creds;
    if (k->expiration == 0)
#line 301 "klib-src/cloudwatch/metadata.ts"
        return;
    u64 now = sec_from_timestamp(kern_now(CLOCK_ID_REALTIME));
    u64 left = k->expiration > now ? k->expiration - now : 0;
    u64 wait = left > 2 * RENEW_MARGIN_SECONDS ? left - RENEW_MARGIN_SECONDS : left >> 1;
    if (wait < MIN_RENEW_SECONDS)
#line 305 "klib-src/cloudwatch/metadata.ts"
        wait = MIN_RENEW_SECONDS;
    if (timer_is_active(&cloudwatch_metadata.renew_timer))
#line 306 "klib-src/cloudwatch/metadata.ts"
        remove_timer(kernel_timers, &cloudwatch_metadata.renew_timer, 0);
    register_timer(kernel_timers, &cloudwatch_metadata.renew_timer, CLOCK_ID_MONOTONIC,
                   seconds(wait), false, 0,
                   init_closure_func(&cloudwatch_metadata.on_renew, timer_handler, on_renew));
}
