/* generated from test/codegen/golden/tables/tables.ts by klibc - do not edit */
#pragma once

enum level {
    LEVEL_LOW,
    LEVEL_HIGH,
};

/* Limits set by name: each row says where its value goes. */
typedef struct limits {
    u32 retries;
    u64 timeout_ms;
} *limits;

typedef struct setting {
    sstring name;
    bytes field;
} *setting;

/* A walk over any table of settings. */
typedef struct setting_walk {
    const struct setting *rows;
    u32 count;
    u32 next;
} *setting_walk;

/* Shared with other modules: the header declares it. */
extern const u32 weights[3];

boolean is_period(u32 n);
u32 name_code(buffer b);
u32 unit_seconds(u32 i);
u32 classify(u8 c);
boolean is_separator(u8 c);
void quote(buffer b);
bytes setting_field(buffer b);
void walk_start(setting_walk w);
bytes walk_field(setting_walk w, buffer b);
