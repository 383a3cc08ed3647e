/* The libc side of the log pipe's harness: reads one command a line on stdin, runs it on the
 * compiled pipe (kernel_side.c) and prints the result. Bytes travel hex-encoded ("-" is empty). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

/* The klibs' flags (the benchmark build) make the stack protector read the global guard the
 * kernel exports; glibc keeps its own in thread-local storage. */
unsigned long __stack_chk_guard = 0x2f8e61d5a4c3b097ul;

void *harness_malloc(unsigned long n)
{
    return malloc(n);
}

void harness_free(void *p)
{
    free(p);
}

void harness_copy(void *dst, const void *src, unsigned long n)
{
    memcpy(dst, src, n);
}

static unsigned int nibble(char c)
{
    return c <= '9' ? (unsigned int)(c - '0') : (unsigned int)((c | 0x20) - 'a' + 10);
}

static unsigned char *unhex(const char *hex, unsigned long *n)
{
    if (!strcmp(hex, "-")) {
        *n = 0;
        return malloc(1);
    }
    *n = strlen(hex) / 2;
    unsigned char *out = malloc(*n + 1);
    for (unsigned long i = 0; i < *n; i++)
        out[i] = (unsigned char)(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
    return out;
}

static void print_hex(const unsigned char *p, unsigned long n)
{
    if (n == 0)
        fputs("-", stdout);
    for (unsigned long i = 0; i < n; i++)
        printf("%02x", p[i]);
}

static void print_batch(void)
{
    unsigned int n = harness_take();
    printf("batch %u %lu\n", n, harness_batch_bytes());
    struct harness_event e;
    for (int ok = harness_event(1, &e); ok; ok = harness_event(0, &e)) {
        printf("ev %lu %d ", e.stamp, e.loss);
        print_hex((const unsigned char *)e.data, e.length);
        putchar('\n');
    }
    puts("end");
}

/* Every entry the follower can read now, then "end". */
static void print_entries(void)
{
    struct harness_entry e;
    for (int ok = harness_follow_read(1, &e); ok; ok = harness_follow_read(0, &e)) {
        printf("entry %d %d ", e.newline, e.loss);
        print_hex((const unsigned char *)e.data, e.length);
        putchar('\n');
    }
    puts("end");
}

int main(void)
{
    char *line = 0;
    size_t cap = 0;
    char *arg[6];
    unsigned long keep_from = 0, keep_at = 0, read_at = 0, kept_parts = 0, read_parts = 0;
    while (getline(&line, &cap, stdin) > 0) {
        int argc = 0;
        for (char *tok = strtok(line, " \n"); tok && argc < 6; tok = strtok(0, " \n"))
            arg[argc++] = tok;
        if (argc == 0)
            continue;
        const char *cmd = arg[0];
#define U(i) strtoul(arg[i], 0, 10)
        if (!strcmp(cmd, "create") && argc == 3) {
            printf("ok %d\n", harness_create(U(1), U(2)));
        } else if (!strcmp(cmd, "limits") && argc == 6) {
            printf("ok %d\n", harness_limits(U(1), U(2), U(3), U(4), U(5)));
        } else if (!strcmp(cmd, "now") && argc == 2) {
            harness_set_now(U(1));
        } else if (!strcmp(cmd, "write") && argc == 2) {
            unsigned long n;
            unsigned char *bytes = unhex(arg[1], &n);
            harness_write((const char *)bytes, n);
            free(bytes);
        } else if (!strcmp(cmd, "tick") && argc == 2) {
            printf("pending %d\n", harness_tick(U(1)));
        } else if (!strcmp(cmd, "take")) {
            print_batch();
        } else if (!strcmp(cmd, "release")) {
            harness_release();
        } else if (!strcmp(cmd, "totals")) {
            unsigned long t[5];
            harness_totals(t);
            printf("totals %lu %lu %lu %lu %lu\n", t[0], t[1], t[2], t[3], t[4]);
        } else if (!strcmp(cmd, "allocs")) {
            printf("allocs %lu %lu\n", harness_allocations, harness_frees);
        } else if (!strcmp(cmd, "destroy")) {
            harness_destroy();
        } else if (!strcmp(cmd, "newline") && argc == 3) {
            unsigned long n;
            unsigned char *bytes = unhex(arg[1], &n);
            printf("%lu\n", harness_find_newline((const char *)bytes, U(2), n));
            free(bytes);
        } else if (!strcmp(cmd, "lastnewline") && argc == 3) {
            unsigned long n;
            unsigned char *bytes = unhex(arg[1], &n);
            printf("%lu\n", harness_after_last_newline((const char *)bytes, U(2), n));
            free(bytes);
        } else if (!strcmp(cmd, "utf8cut") && argc == 3) {
            unsigned long n;
            unsigned char *bytes = unhex(arg[1], &n);
            printf("%u\n", harness_utf8_cut(bytes, U(2)));
            free(bytes);
        } else if (!strcmp(cmd, "utf8measure") && argc == 3) {
            /* bytes, cap: the prefix that fits and its size after replacement */
            unsigned long n;
            unsigned char *bytes = unhex(arg[1], &n);
            unsigned long m = harness_utf8_measure(bytes, n, U(2));
            printf("%lu %lu\n", m >> 32, m & 0xfffffffful);
            free(bytes);
        } else if (!strcmp(cmd, "ceiling") && argc == 4) {
            printf("%lu\n", harness_backoff_ceiling(U(1), U(2), U(3)));
        } else if (!strcmp(cmd, "bound") && argc == 5) {
            printf("%lu\n", harness_retry_bound(U(1), U(2), U(3), U(4)));
        } else if (!strcmp(cmd, "oldest")) {
            printf("%lu\n", harness_oldest());
        } else if (!strcmp(cmd, "jitter") && argc == 3) {
            printf("%lu\n", harness_full_jitter(U(1), U(2)));
        } else if (!strcmp(cmd, "loss") && argc == 3) {
            unsigned char text[128];
            unsigned int n = harness_format_loss(text, U(1), U(2));
            print_hex(text, n);
            putchar('\n');
        } else if (!strcmp(cmd, "retry") && argc == 3) {
            printf("ok %d\n", harness_retry_create(U(1), U(2)));
        } else if (!strcmp(cmd, "delay") && argc == 2) {
            printf("%lu\n", harness_retry_delay(U(1)));
        } else if (!strcmp(cmd, "rceiling")) {
            printf("%lu\n", harness_retry_ceiling());
        } else if (!strcmp(cmd, "reset")) {
            harness_retry_reset();
        } else if (!strcmp(cmd, "follow") && argc == 2) {
            harness_follow_start(U(1));
        } else if (!strcmp(cmd, "unfollow")) {
            harness_follow_stop();
        } else if (!strcmp(cmd, "fread")) {
            print_entries();
        } else if (!strcmp(cmd, "frelease")) {
            harness_follow_release();
        } else if (!strcmp(cmd, "releasebefore") && argc == 2) {
            harness_release_before(U(1));
        } else if (!strcmp(cmd, "pending")) {
            printf("pending %d\n", harness_pending());
        } else if (!strcmp(cmd, "undelivered")) {
            printf("undelivered %lu\n", harness_undelivered());
        } else if (!strcmp(cmd, "losscounts")) {
            unsigned long l[4];
            harness_loss_counts(l);
            printf("loss %lu %lu %lu %lu\n", l[0], l[1], l[2], l[3]);
        } else if (!strcmp(cmd, "spare") && argc == 2) {
            /* a body's parts are kept from here (kept_body.ts's way): keep, then reread and kept */
            keep_from = keep_at = read_at = harness_spare_start(U(1));
            kept_parts = read_parts = 0;
            printf("pos %lu\n", keep_from);
        } else if (!strcmp(cmd, "keep") && argc == 2) {
            unsigned long n;
            unsigned char *bytes = unhex(arg[1], &n);
            if (keep_at)
                keep_at = harness_spare_keep(keep_at, bytes, n);
            if (keep_at)
                kept_parts++;
            printf("pos %lu\n", keep_at);
            free(bytes);
        } else if (!strcmp(cmd, "reread")) {
            read_at = keep_from;
            read_parts = 0;
        } else if (!strcmp(cmd, "kept")) {
            /* the next kept part: "part <its position> <hex>", "gone", or "none" after the last */
            unsigned long n = read_parts < kept_parts ? harness_spare_length(read_at) : ~0ul;
            unsigned char *out = n == ~0ul ? 0 : malloc(n + 1);
            unsigned long next = out ? harness_spare_copy(read_at, out, n) : 0;
            if (read_parts == kept_parts) {
                puts("none");
            } else if (next) {
                printf("part %lu ", read_at);
                print_hex(out, n);
                putchar('\n');
                read_at = next;
                read_parts++;
            } else {
                puts("gone");
            }
            free(out);
        } else if (!strcmp(cmd, "ends")) {
            unsigned long e[2];
            harness_ends(e);
            printf("ends %lu %lu\n", e[0], e[1]);
        } else if (!strcmp(cmd, "should") && argc == 3) {
            printf("%d\n", harness_should_retry(U(1), U(2)));
        } else {
            printf("unknown %s\n", cmd);
        }
#undef U
        fflush(stdout);
    }
    harness_destroy();
    free(line);
    return 0;
}
