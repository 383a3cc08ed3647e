/* generated from test/codegen/golden/records/records.ts by klibc - do not edit */
#include <kernel.h>
#include "records.h"

#line 14 "test/codegen/golden/records/records.ts"
line new_line(heap h, u32 length)
{
#line 15 "test/codegen/golden/records/records.ts"
    line l = allocate(h, sizeof(struct line));
    if (l == INVALID_ADDRESS)
#line 16 "test/codegen/golden/records/records.ts"
        return 0;
    l->length = length;
    l->next = 0;
    l->done = 0;
    for (u32 i = 0; i < 64; i++)
#line 20 "test/codegen/golden/records/records.ts"
        l->text[i] = 0;
    return l;
}

#line 24 "test/codegen/golden/records/records.ts"
bytes chain_length(line first)
{
#line 25 "test/codegen/golden/records/records.ts"
    bytes n = 0;
    line l = first;
    while (l != 0) {
        n += l->length;
        l = l->next;
    }
    return n;
}

#line 34 "test/codegen/golden/records/records.ts"
void free_line(heap h, line l)
{
#line 35 "test/codegen/golden/records/records.ts"
    deallocate(h, l, sizeof(struct line));
}

#line 38 "test/codegen/golden/records/records.ts"
timer flush_timer(line l)
{
#line 39 "test/codegen/golden/records/records.ts"
    timer t = &l->flush;
    return t;
}

#line 43 "test/codegen/golden/records/records.ts"
timer same_timer(line l)
{
#line 44 "test/codegen/golden/records/records.ts"
    return &l->flush;
}
