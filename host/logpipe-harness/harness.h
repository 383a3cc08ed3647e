/* What the two halves of the log pipe's harness share: plain C types only. */
struct harness_event {
    const char *data;
    unsigned int length;
    unsigned long stamp;
    int loss;
};

struct harness_entry {
    const char *data;
    unsigned int length;
    int newline;
    int loss;
};

/* libc side (main.c) */
void *harness_malloc(unsigned long n);
void harness_free(void *p);
void harness_copy(void *dst, const void *src, unsigned long n);
extern unsigned long harness_allocations, harness_frees;

/* kernel side (kernel_side.c) */
int harness_create(unsigned long size, unsigned int line_cap);
void harness_destroy(void);
int harness_limits(unsigned int max_events, unsigned long max_bytes, unsigned int overhead,
                   unsigned int max_event_bytes, unsigned long max_span);
void harness_set_now(unsigned long t);
void harness_write(const char *s, unsigned long n);
int harness_tick(int force);
unsigned int harness_take(void);
unsigned long harness_batch_bytes(void);
int harness_event(int first, struct harness_event *out);
void harness_release(void);
void harness_totals(unsigned long out[5]);
unsigned long harness_find_newline(const char *s, unsigned long from, unsigned long count);
unsigned long harness_after_last_newline(const char *s, unsigned long from, unsigned long count);
unsigned int harness_utf8_cut(const unsigned char *p, unsigned int n);
unsigned long harness_utf8_measure(const unsigned char *p, unsigned int n, unsigned long cap);
unsigned long harness_backoff_ceiling(unsigned long base, unsigned long cap, unsigned int attempt);
unsigned long harness_full_jitter(unsigned long ceiling, unsigned long random);
unsigned int harness_format_loss(unsigned char *out, unsigned long lines, unsigned long lost);
int harness_retry_create(unsigned long base, unsigned long cap);
unsigned long harness_retry_delay(unsigned long random);
unsigned long harness_retry_ceiling(void);
unsigned long harness_retry_bound(unsigned long base, unsigned long cap, unsigned int attempt, unsigned long elapsed);
unsigned long harness_oldest(void);
void harness_retry_reset(void);
int harness_should_retry(unsigned int status, int throttled);
void harness_follow_start(int batches);
void harness_follow_stop(void);
int harness_follow_read(int first, struct harness_entry *out);
void harness_follow_release(void);
void harness_release_before(unsigned int sent);
int harness_pending(void);
unsigned long harness_undelivered(void);
void harness_loss_counts(unsigned long out[4]);
unsigned long harness_spare_start(unsigned long want);
unsigned long harness_spare_keep(unsigned long pos, const unsigned char *data, unsigned long n);
/* ~0ul: the part was written over */
unsigned long harness_spare_length(unsigned long pos);
unsigned long harness_spare_copy(unsigned long pos, unsigned char *out, unsigned long n);
void harness_ends(unsigned long out[2]);
