/* generated from klib-src/lib/config_map.ts by klibc - do not edit */
#include <kernel.h>
#include "config_forms.h"
#include "config_keys.h"
#include "config_map.h"

/* The one reader of the klibs' manifest tuples. Each klib declares its keys once, as a table of
 * ConfigKey rows in its config module (name, kind, field, default, range, doc line); this reader
 * walks the klib's tuple and its nested tuples (`logging.*`), matches every key against the table,
 * checks the value by the row's kind and range, and stores it in the klib's record at the row's
 * field (`offsetOf<Config>('flushMs')`). The README's key table is written from the same rows
 * (codegen/config_tables.ts, `npm run gen`). A value that is not valid is one console line,
 *   <klib>: invalid configuration: '<key>' must be <the row's rule>; <what the klib then does>
 * and its field keeps the default; a key the table does not have is one line, and ignored. */

#define NO_SECTION 0xffffffff
#define LINE_ROOM 256

/* ---- the console line ---- */
#define SWITCH_WORDS ss("off on false true")

/* One reading of a klib's tuple. */
typedef struct reading {
    heap h;
    sstring klib;
    /* What the klib does about a value that is not valid, said after it: `CloudWatch disabled`. */
    sstring off;
    const struct config_key *keys;
    u32 count;
    void *record;
    boolean valid;
} *reading;

typedef struct label_tally {
    u64 count;
    boolean strings;
} *label_tally;

static boolean alias_of_earlier(const struct config_key *keys, u32 i);
static boolean holds_copy(enum config_kind kind);
static void clear_field(enum config_kind kind, bytes field, void *record);
static void set_initial(reading r, u32 i);
static void walk(reading r, tuple t, u32 section);
static void read_pair(reading r, u32 section, symbol key, value v);
static u32 row_of(reading r, u32 section, buffer key);
static void read_value(reading r, u32 i, value v);
static boolean is_numeric(enum config_kind kind);
static u64 plain_number(enum config_kind kind, u64 n);
static void read_text(reading r, u32 i, u8 *p, bytes n);
static void store_number(reading r, u32 i, u64 n);
static boolean in_range(enum config_kind kind, sstring range, u64 n);
static boolean text_fits(enum config_kind kind, sstring range_text, u8 *p, bytes n);
static boolean labels_fit(heap h, sstring range, tuple t);
static void store_copy(reading r, u32 i, u8 *p, bytes n);
static void refuse(reading r, u32 i);
static buffer line_start(reading r, sstring key);
static void line_end(reading r, buffer line);

/* Reads the klib's manifest tuple `v` (null: absent) into `record` by the table `keys` (of `count`
 * rows): every row's field gets its default, then the value of each key present. */
enum config_status read_config_map(heap h, value v, sstring klib, sstring off,
                                   const struct config_key *keys, u32 count, void *record)
{
    for (u32 i = 0; i < count; i++)
        clear_field(keys[i].kind, keys[i].field, record);
    reading r = allocate(h, sizeof(struct reading));
    if (r == INVALID_ADDRESS) {
        rprintf("%s: out of memory to read the configuration; %s\n", klib, off);
        return CONFIG_STATUS_UNREAD;
    }
    r->h = h;
    r->klib = klib;
    r->off = off;
    r->keys = keys;
    r->count = count;
    r->record = record;
    r->valid = true;
    for (u32 i = 0; i < count; i++)
        if (!alias_of_earlier(keys, i))
            set_initial(r, i);
    enum config_status status = CONFIG_STATUS_ABSENT;
    if (v != 0 && !is_tuple(v)) {
        buffer line = line_start(r, klib);
        if (line != 0)
            bprintf(line, "a tuple");
        line_end(r, line);
        status = CONFIG_STATUS_INVALID;
    } else if (v != 0) {
        walk(r, (tuple)(v), NO_SECTION);
        status = r->valid ? CONFIG_STATUS_VALID : CONFIG_STATUS_INVALID;
    }
    deallocate(h, r, sizeof(struct reading));
    return status;
}

/* Frees the copies the reader made into `record` (text, PEM), for a klib that drops the record. */
void free_config_map(const struct config_key *keys, u32 count, void *record)
{
    for (u32 i = 0; i < count; i++) {
        if (!holds_copy(keys[i].kind))
            continue;
        buffer b = (*(buffer *)pointer_from_u64(u64_from_pointer(record) + keys[i].field));
        if (b != 0)
            deallocate_buffer(b);
        *(buffer *)pointer_from_u64(u64_from_pointer(record) + keys[i].field) = 0;
    }
}

/* One line naming a key whose value the klib's own rule refused (the few checks a table cannot
 * say). */
void report_invalid(sstring klib, sstring key, sstring rule, sstring off)
{
    rprintf("%s: invalid configuration: '%s' must be %s; %s\n", klib, key, rule, off);
}

/* Whether an earlier row has the same field: row i is another name for it, whose default stands. */
static boolean alias_of_earlier(const struct config_key *keys, u32 i)
{
    for (u32 j = 0; j < i; j++)
        if (keys[j].field == keys[i].field)
            return true;
    return false;
}

static boolean holds_copy(enum config_kind kind)
{
    return kind == CONFIG_KIND_TEXT || kind == CONFIG_KIND_HOST || kind == CONFIG_KIND_ENDPOINT ||
           kind == CONFIG_KIND_PEM;
}

/* The field's zero: 0, off, null. */
static void clear_field(enum config_kind kind, bytes field, void *record)
{
    switch (kind) {
    case CONFIG_KIND_SECTION:
    case CONFIG_KIND_LAX_SECTION:
    case CONFIG_KIND_PRESENCE:
    case CONFIG_KIND_SWITCH:
        *(boolean *)pointer_from_u64(u64_from_pointer(record) + field) = false;
        break;
    case CONFIG_KIND_LABELS:
        *(tuple *)pointer_from_u64(u64_from_pointer(record) + field) = 0;
        break;
    case CONFIG_KIND_TEXT:
    case CONFIG_KIND_HOST:
    case CONFIG_KIND_ENDPOINT:
    case CONFIG_KIND_PEM:
        *(buffer *)pointer_from_u64(u64_from_pointer(record) + field) = 0;
        break;
    case CONFIG_KIND_CHOICE:
    case CONFIG_KIND_CHOICE_OR_NUMBER:
        *(u32 *)pointer_from_u64(u64_from_pointer(record) + field) = 0;
        break;
    default:
        *(u64 *)pointer_from_u64(u64_from_pointer(record) + field) = 0;
    }
}

/* The row's default, read like a value from the manifest. */
static void set_initial(reading r, u32 i)
{
    sstring initial = r->keys[i].initial;
    if ((initial).len > 0)
        read_text(r, i, (u8 *)(initial).ptr, (initial).len);
}

closure_function(2, 2, boolean, walk_h,
                 reading, r, u32, section,
                 value k, value v)
{
    read_pair(bound(r), bound(section), (symbol)(k), v);
    return true;
}

static void walk(reading r, tuple t, u32 section)
{
    iterate(t, stack_closure(walk_h, r, section));
}

static void read_pair(reading r, u32 section, symbol key, value v)
{
    buffer text = symbol_string(key);
    u32 i = row_of(r, section, text);
    if (i == NO_SECTION) {
        if (section == NO_SECTION)
            rprintf("%s: ignoring unknown option '%b'\n", r->klib, text);
        else
            rprintf("%s: ignoring unknown option '%s.%b'\n", r->klib, r->keys[section].name, text);
        return;
    }
    read_value(r, i, v);
}

/* The row named `<section>.<key>` (or `<key>` at the top), or NO_SECTION. */
static u32 row_of(reading r, u32 section, buffer key)
{
    u8 *k = (u8 *)buffer_ref(key, 0);
    bytes n = buffer_length(key);
    bytes prefix = section == NO_SECTION ? 0 : (r->keys[section].name).len + 1;
    for (u32 i = 0; i < r->count; i++) {
        u8 *name = (u8 *)(r->keys[i].name).ptr;
        if ((r->keys[i].name).len != prefix + n)
            continue;
        boolean same = section == NO_SECTION || name[prefix - 1] == '.';
        if (section != NO_SECTION) {
            u8 *s = (u8 *)(r->keys[section].name).ptr;
            for (bytes j = 0; same && j + 1 < prefix; j++)
                same = name[j] == s[j];
        }
        for (bytes j = 0; same && j < n; j++)
            same = name[prefix + j] == k[j];
        if (same)
            return i;
    }
    return NO_SECTION;
}

static void read_value(reading r, u32 i, value v)
{
    enum config_kind kind = r->keys[i].kind;
    bytes field = r->keys[i].field;
    switch (kind) {
    case CONFIG_KIND_SECTION:
    case CONFIG_KIND_LAX_SECTION:
        if (is_tuple(v)) {
            *(boolean *)pointer_from_u64(u64_from_pointer(r->record) + field) = true;
            walk(r, (tuple)(v), i);
        } else if (kind == CONFIG_KIND_SECTION) {
            refuse(r, i);
        }
        return;
    case CONFIG_KIND_PRESENCE:
        *(boolean *)pointer_from_u64(u64_from_pointer(r->record) + field) = true;
        return;
    case CONFIG_KIND_LABELS:
        if (is_tuple(v) && labels_fit(r->h, r->keys[i].range, (tuple)(v)))
            *(tuple *)pointer_from_u64(u64_from_pointer(r->record) + field) = (tuple)(v);
        else
            refuse(r, i);
        return;
    default:
        break;
    }
    if (is_string(v)) {
        buffer b = (buffer)(v);
        read_text(r, i, (u8 *)buffer_ref(b, 0), buffer_length(b));
    } else if (is_numeric(kind)) {
        /* An integer value (ops writes strings; other tools may not): a plain number. */
        store_number(r, i,
                     plain_number(kind,
                                  ({ u64 __n; u64_from_value(v, &__n) ? __n : (NOT_A_NUMBER); })));
    } else {
        refuse(r, i);
    }
}

static boolean is_numeric(enum config_kind kind)
{
    return kind == CONFIG_KIND_INTEGER || kind == CONFIG_KIND_SIZE || kind == CONFIG_KIND_SECONDS ||
           kind == CONFIG_KIND_MILLISECONDS || kind == CONFIG_KIND_PLAIN_MILLISECONDS ||
           kind == CONFIG_KIND_ONE_OF || kind == CONFIG_KIND_CHOICE_OR_NUMBER;
}

/* A plain number in the kind's own unit (milliseconds for durations). */
static u64 plain_number(enum config_kind kind, u64 n)
{
    if (n >= NOT_A_NUMBER)
        return NOT_A_NUMBER;
    if (kind != CONFIG_KIND_SECONDS && kind != CONFIG_KIND_MILLISECONDS)
        return n;
    return n > (NOT_A_NUMBER - 1) / 1000 ? NOT_A_NUMBER : n * 1000;
}

/* p[from, to) as a number of the kind (milliseconds for durations, bytes for sizes). */
static u64 number_of(enum config_kind kind, u8 *p, bytes from, bytes to)
{
    switch (kind) {
    case CONFIG_KIND_SIZE:
        return size_value(p, from, to);
    case CONFIG_KIND_SECONDS:
    case CONFIG_KIND_MILLISECONDS:
        return duration_value(p, from, to, 1000);
    case CONFIG_KIND_PLAIN_MILLISECONDS:
        return duration_value(p, from, to, 1);
    default:
        return decimal_value(p, from, to);
    }
}

/* A value written as text (the manifest's string, or the row's default). */
static void read_text(reading r, u32 i, u8 *p, bytes n)
{
    enum config_kind kind = r->keys[i].kind;
    bytes field = r->keys[i].field;
    u8 *range = (u8 *)(r->keys[i].range).ptr;
    bytes rn = (r->keys[i].range).len;
    switch (kind) {
    case CONFIG_KIND_SWITCH:
        {
            u64 w = word_index((u8 *)(SWITCH_WORDS).ptr, (SWITCH_WORDS).len, p, 0, n);
            if (w == NOT_A_NUMBER)
                refuse(r, i);
            else
                *(boolean *)pointer_from_u64(u64_from_pointer(r->record) + field) = ((w & 1) == 1);
            return;
        }
    case CONFIG_KIND_CHOICE:
    case CONFIG_KIND_CHOICE_OR_NUMBER:
        {
            u64 w = word_index(range, rn, p, 0, n);
            if (w == NOT_A_NUMBER && kind == CONFIG_KIND_CHOICE_OR_NUMBER) {
                w = decimal_value(p, 0, n);
                if (w >= word_count(range, rn))
                    w = NOT_A_NUMBER;
            }
            if (w == NOT_A_NUMBER)
                refuse(r, i);
            else
                *(u32 *)pointer_from_u64(u64_from_pointer(r->record) + field) = ((u32)w);
            return;
        }
    case CONFIG_KIND_TEXT:
    case CONFIG_KIND_HOST:
    case CONFIG_KIND_ENDPOINT:
    case CONFIG_KIND_PEM:
        if (!text_fits(kind, r->keys[i].range, p, n))
            refuse(r, i);
        else
            store_copy(r, i, p, n);
        return;
    default:
        store_number(r, i, number_of(kind, p, 0, n));
    }
}

/* A number of the kind (in its own unit), checked against the row's range. */
static void store_number(reading r, u32 i, u64 n)
{
    enum config_kind kind = r->keys[i].kind;
    bytes field = r->keys[i].field;
    if (n == NOT_A_NUMBER || !in_range(kind, r->keys[i].range, n)) {
        refuse(r, i);
        return;
    }
    if (kind == CONFIG_KIND_CHOICE_OR_NUMBER) {
        *(u32 *)pointer_from_u64(u64_from_pointer(r->record) + field) = ((u32)n);
    } else if (kind == CONFIG_KIND_SECONDS) {
        if (n % 1000 != 0)
            refuse(r, i);
        else
            *(u64 *)pointer_from_u64(u64_from_pointer(r->record) + field) = (n / 1000);
    } else {
        *(u64 *)pointer_from_u64(u64_from_pointer(r->record) + field) = n;
    }
}

static boolean in_range(enum config_kind kind, sstring range, u64 n)
{
    u8 *p = (u8 *)(range).ptr;
    bytes rn = (range).len;
    if (kind == CONFIG_KIND_CHOICE_OR_NUMBER)
        return n < word_count(p, rn);
    if (kind == CONFIG_KIND_ONE_OF) {
        for (bytes at = 0; at < rn; at = next_word(p, rn, at)) {
            if (decimal_value(p, at, word_end(p, rn, at)) == n)
                return true;
        }
        return false;
    }
    bytes dots = range_dots(p, rn);
    if (dots == rn)
        return true;
    u64 low = dots == 0 ? 0 : number_of(kind, p, 0, dots);
    u64 high = dots + 2 == rn ? NOT_A_NUMBER - 1 : number_of(kind, p, dots + 2, rn);
    return n >= low && n <= high;
}

/* Whether text p[0, n) is what the row's text kind accepts. */
static boolean text_fits(enum config_kind kind, sstring range_text, u8 *p, bytes n)
{
    switch (kind) {
    case CONFIG_KIND_HOST:
        return is_host(p, 0, n);
    case CONFIG_KIND_ENDPOINT:
        return is_endpoint(p, n);
    case CONFIG_KIND_PEM:
        return is_pem(p, n);
    default:
        break;
    }
    /* `lo..hi [class]`: the length, then the characters. */
    u8 *range = (u8 *)(range_text).ptr;
    bytes rn = (range_text).len;
    bytes lengths = word_end(range, rn, 0);
    bytes dots = range_dots(range, lengths);
    if (dots < lengths) {
        u64 low = dots == 0 ? 0 : decimal_value(range, 0, dots);
        u64 high = dots + 2 == lengths ? NOT_A_NUMBER - 1 : decimal_value(range, dots + 2, lengths);
        if (n < low || n > high)
            return false;
    }
    bytes cls = next_word(range, rn, 0);
    /* The class without its brackets. */
    u64 from = cls < rn ? cls + 1 : rn;
    u64 to = cls < rn ? rn - 1 : rn;
    for (bytes i = 0; i < n; i++)
        if (!in_class(range, from, to, p[i]))
            return false;
    return true;
}

closure_function(1, 2, boolean, labels_fit_h,
                 label_tally, tally,
                 value k, value v)
{
    bound(tally)->count++;
    if (!is_string(v))
        bound(tally)->strings = false;
    return true;
}

/* At most the range's count of names, every value a string. */
static boolean labels_fit(heap h, sstring range, tuple t)
{
    u8 *p = (u8 *)(range).ptr;
    bytes rn = (range).len;
    bytes dots = range_dots(p, rn);
    u64 most = dots + 2 < rn ? decimal_value(p, dots + 2, rn) : NOT_A_NUMBER - 1;
    label_tally tally = allocate(h, sizeof(struct label_tally));
    if (tally == INVALID_ADDRESS)
        return false;
    tally->count = 0;
    tally->strings = true;
    iterate(t, stack_closure(labels_fit_h, tally));
    boolean fits = tally->strings && tally->count <= most;
    deallocate(h, tally, sizeof(struct label_tally));
    return fits;
}

/* The text copied into the row's field (a PEM with a NUL after it, counted in the length). */
static void store_copy(reading r, u32 i, u8 *p, bytes n)
{
    bytes field = r->keys[i].field;
    bytes nul = r->keys[i].kind == CONFIG_KIND_PEM ? 1 : 0;
    buffer copy = allocate_buffer(r->h, n + nul);
    if (copy == INVALID_ADDRESS || !buffer_write(copy, p + 0, n) ||
        (nul == 1 && !buffer_write_byte(copy, 0))) {
        if (copy != INVALID_ADDRESS)
            deallocate_buffer(copy);
        rprintf("%s: invalid configuration: '%s' cannot be copied: out of memory; %s\n", r->klib,
                r->keys[i].name, r->off);
        r->valid = false;
        return;
    }
    buffer old = (*(buffer *)pointer_from_u64(u64_from_pointer(r->record) + field));
    if (old != 0)
        deallocate_buffer(old);
    *(buffer *)pointer_from_u64(u64_from_pointer(r->record) + field) = copy;
}

/* The line saying row i's value is not valid. */
static void refuse(reading r, u32 i)
{
    buffer line = line_start(r, r->keys[i].name);
    if (line != 0)
        write_rule(line, r->keys[i].kind, r->keys[i].range);
    line_end(r, line);
}

static buffer line_start(reading r, sstring key)
{
    r->valid = false;
    buffer line = allocate_buffer(r->h, LINE_ROOM);
    if (line == INVALID_ADDRESS) {
        rprintf("%s: invalid configuration: '%s'; %s\n", r->klib, key, r->off);
        return 0;
    }
    bprintf(line, "%s: invalid configuration: '%s' must be ", r->klib, key);
    return line;
}

static void line_end(reading r, buffer line)
{
    if (line == 0)
        return;
    bprintf(line, "; %s\n", r->off);
    rprintf("%b", line);
    deallocate_buffer(line);
}
