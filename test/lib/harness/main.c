/* Differential test harness: one command a line on stdin, one answer a line on stdout, computed
 * by the library's C (through adapter.c). Byte strings travel hex-encoded ("-" when empty);
 * test/lib/differential.test.ts computes the same answers with the TypeScript modules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api.h"

#define MAX (1 << 16)

static unsigned long unhex(const char *hex, unsigned char *out)
{
    if (!strcmp(hex, "-"))
        return 0;
    unsigned long n = strlen(hex) / 2;
    for (unsigned long i = 0; i < n; i++) {
        unsigned int b;
        sscanf(hex + 2 * i, "%2x", &b);
        out[i] = (unsigned char)b;
    }
    return n;
}

static void put_hex(const unsigned char *p, long n)
{
    if (n <= 0)
        fputs("-", stdout);
    for (long i = 0; i < n; i++)
        printf("%02x", p[i]);
}

static unsigned char *exact(unsigned long n)
{
    unsigned char *p = malloc(n ? n : 1);
    if (!p)
        abort();
    return p;
}

unsigned char *t_resize(unsigned char *p, unsigned long keep, unsigned long n)
{
    unsigned char *q = exact(n);
    memcpy(q, p, keep);
    free(p);
    return q;
}

int main(void)
{
    static char line[8 * MAX];
    static unsigned char in[MAX], out[MAX], aux[MAX];
    while (fgets(line, sizeof(line), stdin)) {
        static char cmd[32], a[2 * MAX + 2], b[2 * MAX + 2], c[4 * MAX], d[64];
        a[0] = b[0] = c[0] = d[0] = 0;
        if (sscanf(line, "%31s %131073s %131073s %262143s %63s", cmd, a, b, c, d) < 1)
            continue;
        /* Outputs go to storage of exactly the documented size, so AddressSanitizer sees any
           write past it. */
        unsigned long n = 0;
        unsigned char *o = 0;
        if (!strcmp(cmd, "b64e")) {
            n = unhex(a, in);
            o = exact((n + 2) / 3 * 4);
            put_hex(o, t_base64_encode(in, n, o));
        } else if (!strcmp(cmd, "b64d")) {
            n = unhex(a, in);
            o = exact(n / 4 * 3);
            long r = t_base64_decode(in, n, o);
            if (r < 0) printf("%ld", r); else put_hex(o, r);
        } else if (!strcmp(cmd, "hexe")) {
            n = unhex(a, in);
            o = exact(2 * n);
            put_hex(o, t_hex_encode(in, n, o));
        } else if (!strcmp(cmd, "hexd")) {
            n = unhex(a, in);
            o = exact(n / 2);
            long r = t_hex_decode(in, n, o);
            if (r < 0) printf("%ld", r); else put_hex(o, r);
        } else if (!strcmp(cmd, "pct")) {
            n = unhex(a, in);
            o = exact(3 * n);
            put_hex(o, t_percent_encode(in, n, o, atoi(b)));
        } else if (!strcmp(cmd, "rfc")) {
            o = exact(30);
            put_hex(o, t_rfc3339(strtoul(a, 0, 10), strtoul(b, 0, 10), o));
        } else if (!strcmp(cmd, "amz")) {
            o = exact(16);
            put_hex(o, t_amz_date(strtoul(a, 0, 10), o));
        } else if (!strcmp(cmd, "esc")) {
            n = unhex(a, in);
            unsigned long cap = strtoul(b, 0, 10);
            o = exact(cap);
            long r = t_json_escape(in, n, o, cap);
            if (r < 0) printf("%ld", r); else put_hex(o, r);
        } else if (!strcmp(cmd, "jval")) {
            n = unhex(a, in);
            printf("%d", t_json_validate(in, n, strtoul(b, 0, 10), strtoul(c, 0, 10)));
        } else if (!strcmp(cmd, "jfind")) {
            n = unhex(a, in);
            unsigned long pn = unhex(b, aux);
            aux[pn] = 0;
            unsigned int kind = 0;
            unsigned long start = 0, length = 0;
            long decoded = 0, integer = 0, count = 0;
            if (!t_json_find(in, n, (char *)aux, pn, &kind, &start, &length, out, MAX, &decoded, &integer, &count)) {
                fputs("none", stdout);
            } else {
                printf("%u %lu %lu %ld %ld ", kind, start, length, integer, count);
                if (decoded < 0) printf("%ld", decoded); else put_hex(out, decoded);
            }
        } else if (!strcmp(cmd, "cfg")) {
            /* cfg FORM HEX BARE */
            n = unhex(b, in);
            printf("%lu", t_config_value(a[0], in, n, strtoul(c, 0, 10)));
        } else if (!strcmp(cmd, "cls")) {
            /* cls CLASSHEX BYTE */
            n = unhex(a, in);
            printf("%d", t_config_class(in, n, strtoul(b, 0, 10)));
        } else if (!strcmp(cmd, "word")) {
            /* word LISTHEX VALUEHEX */
            n = unhex(a, in);
            unsigned long vn = unhex(b, aux);
            printf("%lu", t_config_word(in, n, aux, vn));
        } else if (!strcmp(cmd, "http")) {
            /* http FLAGS HEX CUTS HEADCAP:BODYCAP[:HEADROOM:BODYROOM:STEP] */
            unsigned int flags = strtoul(a, 0, 10);
            n = unhex(b, in);
            unsigned long cuts[MAX], ncuts = 0;
            for (char *p = c; strcmp(c, "-") && *p; ) {
                cuts[ncuts++] = strtoul(p, &p, 10);
                if (*p == ',') p++;
            }
            char *colon = strchr(d, ':');
            if (!colon) {
                puts("bad caps");
                continue;
            }
            char *p = d;
            unsigned long head_cap = strtoul(p, &p, 10), body_cap = strtoul(colon + 1, &p, 10);
            unsigned long head_room = head_cap, body_room = body_cap, step = 0;
            if (*p == ':') {
                head_room = strtoul(p + 1, &p, 10);
                body_room = strtoul(p + 1, &p, 10);
                step = strtoul(p + 1, &p, 10);
            }
            unsigned int status;
            int keep_alive;
            unsigned long head_length, body_length;
            /* Storage of exactly the room given (and grown), so AddressSanitizer sees any overrun. */
            unsigned char *head = exact(head_room), *body = exact(body_room);
            long r = t_http_parse(in, n, cuts, ncuts, flags & 1, (flags >> 1) & 1, &head, head_cap, head_room,
                                  &body, body_cap, body_room, step, &status, &keep_alive, &head_length, &body_length);
            printf("%ld %u %d ", r, status, r >= 0 ? keep_alive : 0);
            put_hex(head, r >= 0 ? (long)head_length : 0);
            putchar(' ');
            put_hex(body, r >= 0 ? (long)body_length : 0);
            free(head);
            free(body);
        } else {
            printf("unknown %s", cmd);
        }
        free(o);
        putchar('\n');
    }
    return 0;
}
