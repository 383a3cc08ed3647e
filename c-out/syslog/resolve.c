/* generated from klib-src/syslog/resolve.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "backoff.h"
#include "resolve.h"

#define HURRY_RETRY_MS 250

static struct syslog_resolve {
    buffer name;
    u64 refresh_seconds;
    struct ip_addr immediate;
    struct spinlock lock;
    struct ip_addr address;
    buffer address_text;
    buffer answer_text;
    u32 generation;
    boolean known;
    boolean stale;
    boolean looking_up;
    timestamp resolved_at;
    u32 failures;
    timestamp next_try;
    boolean hurry;
} syslog_resolve = {
    .refresh_seconds = 300,
    .stale = true,
};

#line 54 "klib-src/syslog/resolve.ts"
boolean resolve_init(heap h, buffer server, u64 refresh)
{
#line 55 "klib-src/syslog/resolve.ts"
    buffer a = allocate_buffer(h, IPADDR_STRLEN_MAX + 1);
    buffer b = allocate_buffer(h, IPADDR_STRLEN_MAX + 1);
    if (a == INVALID_ADDRESS || b == INVALID_ADDRESS)
#line 57 "klib-src/syslog/resolve.ts"
        return false;
    syslog_resolve.address_text = a;
    syslog_resolve.answer_text = b;
    syslog_resolve.name = server;
    syslog_resolve.refresh_seconds = refresh;
    return true;
}

#line 69 "klib-src/syslog/resolve.ts"
u32 resolve_copy_address(ip_addr_t *dst)
{
#line 70 "klib-src/syslog/resolve.ts"
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    (*(dst) = *(((const ip_addr_t *)(&syslog_resolve.address))));
    u32 g = syslog_resolve.generation;
    spin_unlock_irq(&syslog_resolve.lock, flags);
    return g;
}

#line 78 "klib-src/syslog/resolve.ts"
u32 resolve_generation(void)
{
#line 79 "klib-src/syslog/resolve.ts"
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    u32 g = syslog_resolve.generation;
    spin_unlock_irq(&syslog_resolve.lock, flags);
    return g;
}

#line 85 "klib-src/syslog/resolve.ts"
boolean server_known(void)
{
#line 86 "klib-src/syslog/resolve.ts"
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    boolean k = syslog_resolve.known;
    spin_unlock_irq(&syslog_resolve.lock, flags);
    return k;
}

#line 93 "klib-src/syslog/resolve.ts"
boolean resolve_in_flight(void)
{
#line 94 "klib-src/syslog/resolve.ts"
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    boolean busy = syslog_resolve.looking_up;
    spin_unlock_irq(&syslog_resolve.lock, flags);
    return busy;
}

#line 101 "klib-src/syslog/resolve.ts"
void resolve_stale(void)
{
#line 102 "klib-src/syslog/resolve.ts"
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    syslog_resolve.stale = true;
    spin_unlock_irq(&syslog_resolve.lock, flags);
}

#line 108 "klib-src/syslog/resolve.ts"
static void failed(timestamp now)
{
#line 109 "klib-src/syslog/resolve.ts"
    syslog_resolve.looking_up = false;
    syslog_resolve.next_try = now + (syslog_resolve.hurry ? milliseconds(HURRY_RETRY_MS) : backoff_delay(syslog_resolve.failures));
    syslog_resolve.failures++;
}

#line 115 "klib-src/syslog/resolve.ts"
void resolve_hurry(void)
{
#line 116 "klib-src/syslog/resolve.ts"
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    syslog_resolve.hurry = true;
    syslog_resolve.next_try = 0;
    spin_unlock_irq(&syslog_resolve.lock, flags);
}

#line 123 "klib-src/syslog/resolve.ts"
static void answered(timestamp now, const ip_addr_t *a)
{
#line 124 "klib-src/syslog/resolve.ts"
    buffer text = syslog_resolve.answer_text;
    buffer last_text = syslog_resolve.address_text;
    if (text != 0 && last_text != 0) {
        buffer_clear(text);
        ({ char __t[IPADDR_STRLEN_MAX + 1]; int __n = ipaddr_ntoa_r(a, __t, sizeof(__t)); buffer_write(text, __t, __n > 0 ? __n : 0); });
        if (!syslog_resolve.known || buffer_compare_with_sstring(last_text, buffer_to_sstring(text)) != 0) {
            syslog_resolve.generation++;
            syslog_resolve.answer_text = last_text;
            syslog_resolve.address_text = text;
        }
    }
    (*(&syslog_resolve.address) = *(a));
    syslog_resolve.known = true;
    syslog_resolve.stale = false;
    syslog_resolve.looking_up = false;
    syslog_resolve.failures = 0;
    syslog_resolve.resolved_at = now;
}

#line 144 "klib-src/syslog/resolve.ts"
static void on_found(sstring host, const ip_addr_t *a, void *arg)
{
    (void)host;
    (void)arg;
#line 145 "klib-src/syslog/resolve.ts"
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    if (a == 0)
#line 147 "klib-src/syslog/resolve.ts"
        failed(now);
    else
#line 148 "klib-src/syslog/resolve.ts"
        answered(now, a);
    spin_unlock_irq(&syslog_resolve.lock, flags);
}

#line 153 "klib-src/syslog/resolve.ts"
void resolve_if_due(void)
{
#line 154 "klib-src/syslog/resolve.ts"
    buffer server = syslog_resolve.name;
    if (server == 0)
#line 155 "klib-src/syslog/resolve.ts"
        return;
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    boolean due = !syslog_resolve.looking_up && (syslog_resolve.stale || now - syslog_resolve.resolved_at >= seconds(syslog_resolve.refresh_seconds)) && now >= syslog_resolve.next_try;
    if (due)
#line 159 "klib-src/syslog/resolve.ts"
        syslog_resolve.looking_up = true;
    spin_unlock_irq(&syslog_resolve.lock, flags);
    if (!due)
#line 161 "klib-src/syslog/resolve.ts"
        return;
    s32 e = dns_gethostbyname(buffer_to_sstring(server), &syslog_resolve.immediate, on_found, 0);
    if (e == ERR_INPROGRESS)
#line 163 "klib-src/syslog/resolve.ts"
        return;
    flags = spin_lock_irq(&syslog_resolve.lock);
    if (e == ERR_OK)
#line 165 "klib-src/syslog/resolve.ts"
        answered(now, ((const ip_addr_t *)(&syslog_resolve.immediate)));
    else
#line 166 "klib-src/syslog/resolve.ts"
        failed(now);
    spin_unlock_irq(&syslog_resolve.lock, flags);
}
