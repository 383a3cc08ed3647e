/* generated from klib-src/syslog/resolve.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/failures.h"
#include "../logpipe/retry.h"
#include "hostname.h"
#include "resolve.h"

/* The server's address: looked up before first use, again after a transport failure (so that a
 * changed address is followed), and every `resolve_interval` seconds; failed lookups back off
 * (logpipe's shared retry policy). A failed lookup keeps the last address that worked in use:
 * at the pinned kernel, lwIP's DNS table copies a name without its terminating NUL, so a lookup
 * that lands in a slot last used by a longer name sends a malformed query and fails every time;
 * dropping the old address then would stop the output for good. Each answer that differs from the
 * previous address starts a new generation, so that a transport can tell that the address it is
 * using has been replaced. Failures and the recovery are reported by lib/failures.ts's rule (one
 * line for the first failure, one when a lookup works again), from the network path.
 *
 * Locking. resolveIfDue runs on the network path (the flush timer or the shutdown completion, one
 * at a time under network.ts's guard). onFound runs in lwIP's DNS context (its timer or a received
 * answer, on any CPU, with lwIP's DNS lock held), and can even run inside dnsLookup, before it
 * returns ERR_INPROGRESS (lwIP reports a query it cannot send at once that way). The transports and
 * the TLS connector read the address from the network path. So:
 * 1. every module variable below `lock` is read and changed only with `lock` held, and the lock is
 *    held only for that (loads, stores, formatting an address into a preallocated buffer);
 * 2. dnsLookup is called without `lock`, as onFound takes it (the order is lwIP's DNS lock, then
 *    ours; we never call into lwIP with ours held);
 * 3. `lookingUp` is claimed before dnsLookup is called, so an answer that comes before dnsLookup
 *    returns finds it set and clears it, and no second lookup starts while one is under way;
 * 4. lwIP writes an immediate (ERR_OK) answer into `immediate`, not into `address`: only the one
 *    lookup under way writes `immediate`, and the answer is copied into `address` under the lock;
 * 5. readers get a copy of the address (resolveCopyAddress) taken under the lock, never a pointer
 *    to `address`, which an answer may rewrite at any time;
 * 6. the outcome of a lookup is noted under the lock (`outcome`) and reported by the next
 *    resolveIfDue, on the network path (failures.ts is not locked). A lookup started before the
 *    interface had an address (DHCP not answered yet) fails without a word: it could not work. */

/* At shutdown, the wait before a failed lookup is tried again (the network may be coming up). */
#define HURRY_RETRY_MS 250

/* Lookup retries: the shared policy (full jitter below 1 s, 2 s, 4 s, ... 60 s). */
#define RETRY_BASE_MS 1000

#define RETRY_CAP_MS 60000

/* The last lookup's outcome, until resolveIfDue reports it. */
enum outcome {
    OUTCOME_NONE,
    OUTCOME_FAILED,
    OUTCOME_ANSWERED,
};

static struct syslog_resolve {
    /* Set at init, then only read. */
    buffer name;
    u64 refresh_seconds;
    /* Where lwIP writes an immediate answer: only the lookup under way (rule 4) touches it. */
    struct ip_addr immediate;
    /* Used by the network path only. */
    struct failure_run *failure_run;
    buffer reason;
    struct spinlock lock;
    struct ip_addr address;
    /* The text form of `address`, and scratch space for a new answer's: to tell a changed
     * address. */
    buffer address_text;
    buffer answer_text;
    u32 generation;
    boolean known;
    boolean stale;
    boolean looking_up;
    timestamp resolved_at;
    struct logpipe_retry *retry;
    timestamp next_try;
    enum outcome outcome;
    /* The lookup under way started before the interface had an address: its failure is not told. */
    boolean lookup_quiet;
    /* At shutdown: a failed lookup is tried again after HURRY_RETRY, not after the backoff. */
    boolean hurry;
} syslog_resolve = {
    .refresh_seconds = 300,
    .stale = true,
    .outcome = OUTCOME_NONE,
};

/* Prepares lookups of `server`, repeated every `refresh` seconds; false when memory is short. */
boolean resolve_init(heap h, buffer server, u64 refresh)
{
    buffer a = allocate_buffer(h, IPADDR_STRLEN_MAX + 1);
    buffer b = allocate_buffer(h, IPADDR_STRLEN_MAX + 1);
    buffer text = allocate_buffer(h, 128);
    logpipe_retry r = logpipe_retry_create(h, milliseconds(RETRY_BASE_MS),
                                           milliseconds(RETRY_CAP_MS));
    if (a == INVALID_ADDRESS || b == INVALID_ADDRESS || text == INVALID_ADDRESS || r == 0) {
        return false;
    }
    syslog_resolve.failure_run = failure_run_of(h, ss("syslog"), ss("DNS lookup of"), server);
    if (syslog_resolve.failure_run == 0)
        return false;
    syslog_resolve.reason = text;
    syslog_resolve.retry = r;
    syslog_resolve.address_text = a;
    syslog_resolve.answer_text = b;
    syslog_resolve.name = server;
    syslog_resolve.refresh_seconds = refresh;
    return true;
}

/* Copies the server's address into `dst` (once one is known: see serverKnown) and returns its
 * generation, which changes whenever a lookup gives a different address. */
u32 resolve_copy_address(ip_addr_t *dst)
{
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    (*(dst) = *((const ip_addr_t *)(&syslog_resolve.address)));
    u32 g = syslog_resolve.generation;
    spin_unlock_irq(&syslog_resolve.lock, flags);
    return g;
}

/* The generation of the current address (see resolveCopyAddress). */
u32 resolve_generation(void)
{
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    u32 g = syslog_resolve.generation;
    spin_unlock_irq(&syslog_resolve.lock, flags);
    return g;
}

boolean server_known(void)
{
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    boolean k = syslog_resolve.known;
    spin_unlock_irq(&syslog_resolve.lock, flags);
    return k;
}

/* True while a lookup is under way: a new connection had better wait for its answer. */
boolean resolve_in_flight(void)
{
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    boolean busy = syslog_resolve.looking_up;
    spin_unlock_irq(&syslog_resolve.lock, flags);
    return busy;
}

/* Asks for a fresh lookup at the next chance (after a connection or send failure). */
void resolve_stale(void)
{
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    syslog_resolve.stale = true;
    spin_unlock_irq(&syslog_resolve.lock, flags);
}

/* A lookup failed: the old address (if any) stays in use. Lock held. */
static void failed(timestamp now)
{
    syslog_resolve.looking_up = false;
    timestamp delay = syslog_resolve.retry != 0
                      ? logpipe_retry_delay(syslog_resolve.retry)
                      : milliseconds(RETRY_CAP_MS);
    syslog_resolve.next_try = now + (syslog_resolve.hurry ? milliseconds(HURRY_RETRY_MS) : delay);
    syslog_resolve.outcome = syslog_resolve.lookup_quiet ? OUTCOME_NONE : OUTCOME_FAILED;
}

/* The shutdown has begun: a lookup may start at once, and a failed one is retried soon. */
void resolve_hurry(void)
{
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    syslog_resolve.hurry = true;
    syslog_resolve.next_try = 0;
    spin_unlock_irq(&syslog_resolve.lock, flags);
}

/* A lookup answered `a`. Lock held: only stores, and formatting into the preallocated buffers. */
static void answered(timestamp now, const ip_addr_t *a)
{
    buffer text = syslog_resolve.answer_text;
    buffer last_text = syslog_resolve.address_text;
    if (text != 0 && last_text != 0) {
        buffer_clear(text);
        ({ char __t[IPADDR_STRLEN_MAX + 1]; int __n = ipaddr_ntoa_r(a, __t, sizeof(__t));
        buffer_write(text, __t, __n > 0 ? __n : 0); });
        if (!syslog_resolve.known ||
            buffer_compare_with_sstring(last_text, buffer_to_sstring(text)) != 0) {
            syslog_resolve.generation++;
            syslog_resolve.answer_text = last_text;
            syslog_resolve.address_text = text;
        }
    }
    (*(&syslog_resolve.address) = *(a));
    syslog_resolve.known = true;
    syslog_resolve.stale = false;
    syslog_resolve.looking_up = false;
    if (syslog_resolve.retry != 0)
        logpipe_retry_reset(syslog_resolve.retry);
    syslog_resolve.outcome = OUTCOME_ANSWERED;
    syslog_resolve.resolved_at = now;
}

/* lwIP's callback (a DnsFound function pointer): its DNS context, or inside dnsLookup (rule 3). */
static void on_found(sstring host __attribute__((unused)), const ip_addr_t *a,
                     void *arg __attribute__((unused)))
{
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    if (a == 0)
        failed(now);
    else
        answered(now, a);
    spin_unlock_irq(&syslog_resolve.lock, flags);
}

/* Reports the last lookup's outcome, if not yet done: a failure by failures.ts's rule (saying which
 * address stays in use), or the recovery. Network path only. */
static void report_outcome(void)
{
    failure_run run = syslog_resolve.failure_run;
    buffer text = syslog_resolve.reason;
    if (run == 0 || text == 0)
        return;
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    enum outcome o = syslog_resolve.outcome;
    syslog_resolve.outcome = OUTCOME_NONE;
    if (o == OUTCOME_FAILED) {
        /* Formatting into the preallocated buffer, under the lock (rule 1): the address may
         * change. */
        buffer_clear(text);
        bprintf(text, "no answer (an unknown name, or no DNS server answered); ");
        if (syslog_resolve.known && syslog_resolve.address_text != 0) {
            bprintf(text, "still sending to ");
            push_buffer(text, syslog_resolve.address_text);
        } else {
            bprintf(text, "the lines wait in the buffer");
        }
    }
    spin_unlock_irq(&syslog_resolve.lock, flags);
    if (o == OUTCOME_FAILED)
        failure_noted(run, failure_kind(FAILURE_REASON_DNS), text);
    else if (o == OUTCOME_ANSWERED)
        failure_recovered(run);
}

/* Starts a lookup when one is due; the answer may come at once or later. Network path only. */
void resolve_if_due(void)
{
    buffer server = syslog_resolve.name;
    if (server == 0)
        return;
    report_outcome();
    boolean quiet = !network_has_address();
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&syslog_resolve.lock);
    boolean due = !syslog_resolve.looking_up &&
                  (syslog_resolve.stale ||
                   now - syslog_resolve.resolved_at >= seconds(syslog_resolve.refresh_seconds)) &&
                  now >= syslog_resolve.next_try;
    if (due) {
        syslog_resolve.looking_up = true;
        syslog_resolve.lookup_quiet = quiet;
    }
    spin_unlock_irq(&syslog_resolve.lock, flags);
    if (!due)
        return;
    s32 e = dns_gethostbyname(buffer_to_sstring(server), &syslog_resolve.immediate, on_found, 0);
    if (e == ERR_INPROGRESS)
        return; /* onFound clears lookingUp (it may have done so already) */
    flags = spin_lock_irq(&syslog_resolve.lock);
    if (e == ERR_OK)
        answered(now, (const ip_addr_t *)(&syslog_resolve.immediate));
    else
        failed(now);
    spin_unlock_irq(&syslog_resolve.lock, flags);
}
