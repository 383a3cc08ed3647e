/* generated from test/codegen/golden/pointers/pointers.ts by klibc - do not edit */
#pragma once

struct console_driver;

typedef struct session {
    u32 id;
    struct console_driver driver;
} *session;

void fill(u8 *p, bytes n, u8 value);
u32 sum(u8 *p, bytes n);
void *attach(session sn);
