/* generated from test/codegen/golden/strings/strings.ts by klibc - do not edit */
#include <kernel.h>
#include "strings.h"

#define NAME ss("strings")

#line 8 "test/codegen/golden/strings/strings.ts"
void report(buffer b, u64 lines, bytes size, u32 code, s64 delta, sstring name)
{
#line 9 "test/codegen/golden/strings/strings.ts"
    bprintf(b, "%s: %lu lines, %lu bytes, code %u, delta %ld, 100%% \"done\"\n", name, lines, size,
            code, delta);
#line 10 "test/codegen/golden/strings/strings.ts"
    bprintf(b, "buffer so far: %b\n", b);
    rprintf("plain text with a tab\t and a percent sign %%\n");
    rprintf("%s done\n", NAME);
}

#line 15 "test/codegen/golden/strings/strings.ts"
u8 first_byte(const char *s)
{
#line 16 "test/codegen/golden/strings/strings.ts"
    return (u8)s[0];
}

#line 19 "test/codegen/golden/strings/strings.ts"
const char *greeting(void)
{
#line 20 "test/codegen/golden/strings/strings.ts"
    return "h\303\251llo, \"world\"";
}
