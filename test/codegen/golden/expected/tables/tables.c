/* generated from test/codegen/golden/tables/tables.ts by klibc - do not edit */
#include <kernel.h>
#include "tables.h"

/* Constant tables and character constants: `const T: readonly E[] = [...]` at module level is a
 * static const array, `'x'.charCodeAt(0)` is the C character 'x'. A table is passed to a function
 * (or kept in a record) as a reference to its first row, with its count beside it; a row may hold
 * where a record's field lies (offsetOf). */

#define QUOTE '"'

typedef struct unit {
    sstring name;
    u32 seconds;
    enum level level;
    boolean exact;
} *unit;

/* Every period the service accepts, in days. */
static const u16 periods[] = { 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365 };

static const u8 separators[] = { ',', ';', ' ', '\t' };

static const sstring names[] = {
    ss_static_init("kern"), ss_static_init("user"), ss_static_init("mail"),
};

static const struct unit units[] = {
    { .name = ss_static_init("s"), .seconds = 1, .level = LEVEL_LOW, .exact = true },
    { .name = ss_static_init("min"), .seconds = 60, .level = LEVEL_LOW, .exact = true },
    { .name = ss_static_init("h"), .seconds = 3600, .level = LEVEL_HIGH, .exact = false },
};

const u32 weights[3] = { 1, 2, 4 };

static const struct setting settings[] = {
    { .name = ss_static_init("retries"), .field = offsetof(limits, retries) },
    { .name = ss_static_init("timeout"), .field = offsetof(limits, timeout_ms) },
};

boolean is_period(u32 n)
{
    for (u32 i = 0; i < _countof(periods); i++) {
        if (periods[i] == n)
            return true;
    }
    return false;
}

u32 name_code(buffer b)
{
    for (u32 i = 0; i < _countof(names); i++) {
        if (buffer_compare_with_sstring(b, names[i]) == 0)
            return i;
    }
    return _countof(names);
}

u32 unit_seconds(u32 i)
{
    return units[i].exact ? units[i].seconds : 0;
}

u32 classify(u8 c)
{
    switch (c) {
    case ':':
        return 1;
    case '\\':
    case '\'':
        return 2;
    }
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    return 0;
}

boolean is_separator(u8 c)
{
    for (u32 i = 0; i < _countof(separators); i++)
        if (separators[i] == c)
            return true;
    return false;
}

void quote(buffer b)
{
    buffer_write_byte(b, QUOTE);
    buffer_write_byte(b, '\n');
}

static bytes field_of(const struct setting *rows, u32 count, buffer b)
{
    for (u32 i = 0; i < count; i++) {
        if (buffer_compare_with_sstring(b, rows[i].name) == 0)
            return rows[i].field;
    }
    return 0;
}

bytes setting_field(buffer b)
{
    return field_of(settings, _countof(settings), b);
}

void walk_start(setting_walk w)
{
    w->rows = settings;
    w->count = _countof(settings);
    w->next = 0;
}

bytes walk_field(setting_walk w, buffer b)
{
    return field_of(w->rows, w->count, b);
}
