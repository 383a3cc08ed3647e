/* generated from test/codegen/golden/tables/tables.ts by klibc - do not edit */
#pragma once

enum level {
    LEVEL_LOW,
    LEVEL_HIGH,
};

/* Shared with other modules: the header declares it. */
extern const u32 weights[3];

boolean is_period(u32 n);
u32 name_code(buffer b);
u32 unit_seconds(u32 i);
u32 classify(u8 c);
boolean is_separator(u8 c);
void quote(buffer b);
