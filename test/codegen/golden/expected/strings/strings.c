/* generated from test/codegen/golden/strings/strings.ts by klibc - do not edit */
#include <kernel.h>
#include "strings.h"

/* String literals become sstrings or C strings as the parameter asks; template literals become
 * formats whose specifiers come from the operand types. */

#define NAME ss("strings")

void report(buffer b, u64 lines, bytes size, u32 code, s64 delta, sstring name)
{
    bprintf(b, "%s: %lu lines, %lu bytes, code %u, delta %ld, 100%% \"done\"\n", name, lines, size,
            code, delta);
    bprintf(b, "buffer so far: %b\n", b);
    rprintf("plain text with a tab\t and a percent sign %%\n");
    rprintf("%s done\n", NAME);
}

u8 first_byte(const char *s)
{
    return (u8)s[0];
}

const char *greeting(void)
{
    return "h\303\251llo, \"world\"";
}
