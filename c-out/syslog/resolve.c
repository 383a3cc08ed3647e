/* generated from klib-src/syslog/resolve.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "backoff.h"
#include "resolve.h"

#define REFRESH_SECONDS 300

static struct syslog_resolve {
    struct ip_addr address;
    buffer name;
    boolean known;
    boolean stale;
    boolean looking_up;
    timestamp resolved_at;
    u32 failures;
    timestamp next_try;
} syslog_resolve = {
    .stale = true,
};

#line 21 "klib-src/syslog/resolve.ts"
void resolve_init(buffer server)
{
#line 22 "klib-src/syslog/resolve.ts"
    syslog_resolve.name = server;
}

#line 26 "klib-src/syslog/resolve.ts"
ip_addr_t *server_address(void)
{
#line 27 "klib-src/syslog/resolve.ts"
    return &syslog_resolve.address;
}

#line 30 "klib-src/syslog/resolve.ts"
boolean server_known(void)
{
#line 31 "klib-src/syslog/resolve.ts"
    return syslog_resolve.known;
}

#line 35 "klib-src/syslog/resolve.ts"
void resolve_stale(void)
{
#line 36 "klib-src/syslog/resolve.ts"
    syslog_resolve.stale = true;
}

#line 39 "klib-src/syslog/resolve.ts"
static void failed(timestamp now)
{
#line 40 "klib-src/syslog/resolve.ts"
    syslog_resolve.next_try = now + backoff_delay(syslog_resolve.failures);
    syslog_resolve.failures++;
}

#line 44 "klib-src/syslog/resolve.ts"
static void answered(timestamp now)
{
#line 45 "klib-src/syslog/resolve.ts"
    syslog_resolve.known = true;
    syslog_resolve.stale = false;
    syslog_resolve.failures = 0;
    syslog_resolve.resolved_at = now;
}

#line 52 "klib-src/syslog/resolve.ts"
static void on_found(sstring host, const ip_addr_t *a, void *arg)
{
    (void)host;
    (void)arg;
#line 53 "klib-src/syslog/resolve.ts"
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    syslog_resolve.looking_up = false;
    if (a == 0) {
        failed(now);
        return;
    }
    (*(&syslog_resolve.address) = *(a));
    answered(now);
}

#line 64 "klib-src/syslog/resolve.ts"
void resolve_if_due(void)
{
#line 65 "klib-src/syslog/resolve.ts"
    if (syslog_resolve.name == 0 || syslog_resolve.looking_up)
#line 65 "klib-src/syslog/resolve.ts"
        return;
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    if (!syslog_resolve.stale && now - syslog_resolve.resolved_at < seconds(REFRESH_SECONDS))
#line 67 "klib-src/syslog/resolve.ts"
        return;
    if (now < syslog_resolve.next_try)
#line 68 "klib-src/syslog/resolve.ts"
        return;
    s32 e = dns_gethostbyname(buffer_to_sstring(syslog_resolve.name), &syslog_resolve.address,
                              on_found, 0);
#line 70 "klib-src/syslog/resolve.ts"
    if (e == ERR_OK)
#line 70 "klib-src/syslog/resolve.ts"
        answered(now);
    else
#line 71 "klib-src/syslog/resolve.ts"
        if (e == ERR_INPROGRESS)
#line 71 "klib-src/syslog/resolve.ts"
            syslog_resolve.looking_up = true;
        else
#line 72 "klib-src/syslog/resolve.ts"
            failed(now);
}
