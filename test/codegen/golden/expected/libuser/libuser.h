/* generated from test/codegen/golden/libuser/libuser.ts by klibc - do not edit */
#pragma once

/* A klib using a library folder: its C includes "../libshared/text.h", and its SOURCES list names
 * the library's C file after its own. */

struct span;

void measure(struct span *s, u8 *p);
