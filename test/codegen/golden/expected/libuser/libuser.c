/* generated from test/codegen/golden/libuser/libuser.ts by klibc - do not edit */
#include <kernel.h>
#include "../libshared/text.h"
#include "libuser.h"

/* A klib using a library folder: its C includes "../libshared/text.h", and its SOURCES list names
 * the library's C file after its own. */

static struct libuser {
    u32 lines;
} libuser;

void measure(span s, u8 *p)
{
    libuser.lines += count_byte(p, s->length, 10);
}

s32 init(status_handler complete __attribute__((unused)))
{
    return KLIB_INIT_OK;
}
