/* The kernel side of the log pipe's harness: the few kernel functions the pipe calls, made
 * controllable (a clock the test sets, a random source it scripts, a heap that counts), and plain-C
 * entry points for main.c, which cannot include nanos-headers (their names clash with libc's). */
#include <kernel.h>
#include "harness.h"
#include "backoff.h"
#include "batch.h"
#include "follower.h"
#include "loss_text.h"
#include "retry.h"
#include "ring.h"
#include "spare.h"
#include "utf8.h"
#include "words.h"
#include "writer.h"

static timestamp clock_now;
static struct log_entry follow_entry;
static u64 follow_read_to;
static u64 next_random;
static struct heap counting_heap;
static log_pipe pipe;
static logpipe_retry retry;
unsigned long harness_allocations, harness_frees;

timestamp kern_now(clock_id id)
{
    (void)id;
    return clock_now;
}

u64 random_u64(void)
{
    return next_random;
}

void runtime_memcpy(void *a, const void *b, bytes len)
{
    harness_copy(a, b, len);
}

static u64 counting_alloc(heap h, bytes b)
{
    (void)h;
    harness_allocations++;
    return u64_from_pointer(harness_malloc(b));
}

static void counting_dealloc(heap h, u64 a, bytes b)
{
    (void)h;
    (void)b;
    harness_frees++;
    harness_free(pointer_from_u64(a));
}

int harness_create(unsigned long size, unsigned int line_cap)
{
    counting_heap.alloc = counting_alloc;
    counting_heap.dealloc = counting_dealloc;
    if (pipe)
        logpipe_destroy(pipe);
    pipe = logpipe_create(&counting_heap, &counting_heap, size, line_cap);
    return pipe != 0;
}

void harness_destroy(void)
{
    if (pipe)
        logpipe_destroy(pipe);
    pipe = 0;
    if (retry)
        deallocate(&counting_heap, retry, sizeof(struct logpipe_retry));
    retry = 0;
}

int harness_limits(unsigned int max_events, unsigned long max_bytes, unsigned int overhead,
                   unsigned int max_event_bytes, unsigned long max_span)
{
    return logpipe_set_limits(pipe, max_events, max_bytes, overhead, max_event_bytes, max_span);
}

void harness_set_now(unsigned long t)
{
    clock_now = t;
}

void harness_write(const char *s, unsigned long n)
{
    logpipe_write(pipe, s, n);
}

int harness_tick(int force)
{
    return logpipe_flush_tick(pipe, force);
}

unsigned int harness_take(void)
{
    return logpipe_take_batch(pipe);
}

unsigned long harness_batch_bytes(void)
{
    return logpipe_batch_bytes(pipe);
}

int harness_event(int first, struct harness_event *out)
{
    log_event e = first ? logpipe_first_event(pipe) : logpipe_next_event(pipe);
    if (!e)
        return 0;
    out->data = (const char *)e->data;
    out->length = e->length;
    out->stamp = e->stamp;
    out->loss = e->loss;
    return 1;
}

void harness_release(void)
{
    logpipe_release(pipe);
}

void harness_totals(unsigned long out[5])
{
    out[0] = pipe->total_events;
    out[1] = pipe->total_bytes;
    out[2] = pipe->total_lost_lines;
    out[3] = pipe->total_lost_bytes;
    out[4] = logpipe_used(pipe);
}

/* The word-at-a-time scans the console path uses (checked under Node against a plain
 * Buffer.indexOf: firstNewline in test/logpipe/lib/harness.ts). */
unsigned long harness_find_newline(const char *s, unsigned long from, unsigned long count)
{
    return logpipe_scan_newline((u8 *)s, from, count);
}

unsigned long harness_after_last_newline(const char *s, unsigned long from, unsigned long count)
{
    return logpipe_after_last_newline((u8 *)s, from, count);
}

unsigned int harness_utf8_cut(const unsigned char *p, unsigned int n)
{
    return logpipe_utf8_cut((u8 *)p, 0, n);
}

unsigned long harness_utf8_measure(const unsigned char *p, unsigned int n, unsigned long cap)
{
    return logpipe_utf8_measure((u8 *)p, 0, n, cap);
}

unsigned long harness_backoff_ceiling(unsigned long base, unsigned long cap, unsigned int attempt)
{
    return logpipe_backoff_ceiling(base, cap, attempt);
}

unsigned long harness_full_jitter(unsigned long ceiling, unsigned long random)
{
    return logpipe_full_jitter(ceiling, random);
}

unsigned int harness_format_loss(unsigned char *out, unsigned long lines, unsigned long lost)
{
    return logpipe_format_loss(out, 0, lines, lost);
}

int harness_retry_create(unsigned long base, unsigned long cap)
{
    counting_heap.alloc = counting_alloc;
    counting_heap.dealloc = counting_dealloc;
    if (retry)
        deallocate(&counting_heap, retry, sizeof(struct logpipe_retry));
    retry = logpipe_retry_create(&counting_heap, base, cap);
    return retry != 0;
}

unsigned long harness_retry_delay(unsigned long random)
{
    next_random = random;
    return logpipe_retry_delay(retry);
}

/* The bound the next delay is drawn under, as logpipe_retry_delay computes it now. */
unsigned long harness_retry_ceiling(void)
{
    timestamp elapsed = retry->attempt == 0 ? 0 : clock_now - retry->since;
    return logpipe_retry_bound(retry->base, retry->cap, retry->attempt, elapsed);
}

unsigned long harness_retry_bound(unsigned long base, unsigned long cap, unsigned int attempt, unsigned long elapsed)
{
    return logpipe_retry_bound(base, cap, attempt, elapsed);
}

unsigned long harness_oldest(void)
{
    return logpipe_oldest_stamp(pipe);
}

void harness_retry_reset(void)
{
    logpipe_retry_reset(retry);
}

int harness_should_retry(unsigned int status, int throttled)
{
    return logpipe_should_retry(status, throttled);
}

/* The follower (a second reader of whole entries). */
void harness_follow_start(int batches)
{
    logpipe_follow_start(pipe, batches);
    follow_read_to = logpipe_follow_pos(pipe);
}

void harness_follow_stop(void)
{
    logpipe_follow_stop(pipe);
}

/* The entry after the last one read (from the follower's position at first), up to the sealed end. */
int harness_follow_read(int first, struct harness_entry *out)
{
    if (first)
        follow_read_to = logpipe_follow_pos(pipe);
    u64 next = logpipe_follow_read(pipe, follow_read_to, logpipe_sealed_end(pipe), &follow_entry);
    if (!next)
        return 0;
    follow_read_to = next;
    out->data = (const char *)follow_entry.data;
    out->length = follow_entry.length;
    out->newline = follow_entry.newline;
    out->loss = follow_entry.loss;
    return 1;
}

/* Gives back what the follower read. */
void harness_follow_release(void)
{
    logpipe_follow_release(pipe, follow_read_to);
}

void harness_release_before(unsigned int sent)
{
    logpipe_release_before(pipe, sent);
}

int harness_pending(void)
{
    return logpipe_pending(pipe);
}

unsigned long harness_undelivered(void)
{
    return logpipe_undelivered(pipe);
}

void harness_loss_counts(unsigned long out[4])
{
    struct logpipe_loss l;
    logpipe_loss_counts(pipe, &l);
    out[0] = l.reported_lines;
    out[1] = l.reported_bytes;
    out[2] = l.pending_lines;
    out[3] = l.pending_bytes;
}

unsigned long harness_spare_start(unsigned long want)
{
    return logpipe_spare_start(pipe, want);
}

unsigned long harness_spare_keep(unsigned long pos, const unsigned char *data, unsigned long n)
{
    return logpipe_spare_keep(pipe, pos, (u8 *)data, n);
}

unsigned long harness_spare_length(unsigned long pos)
{
    return logpipe_spare_length(pipe, pos);
}

unsigned long harness_spare_copy(unsigned long pos, unsigned char *out, unsigned long n)
{
    return logpipe_spare_copy(pipe, pos, out, n);
}

void harness_ends(unsigned long out[2])
{
    out[0] = pipe->head;
    out[1] = pipe->tail;
}
