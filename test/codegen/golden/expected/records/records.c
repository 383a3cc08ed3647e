/* generated from test/codegen/golden/records/records.ts by klibc - do not edit */
#include <kernel.h>
#include "records.h"

/* Records become structs with the Nanos pointer typedef; nullable pointers, fixed arrays, kernel
 * structs stored by value, and allocation only from an explicit heap. */

line new_line(heap h, u32 length)
{
    line l = allocate(h, sizeof(struct line));
    if (l == INVALID_ADDRESS)
        return 0;
    l->length = length;
    l->next = 0;
    l->done = 0;
    for (u32 i = 0; i < 64; i++)
        l->text[i] = 0;
    return l;
}

bytes chain_length(line first)
{
    bytes n = 0;
    line l = first;
    while (l != 0) {
        n += l->length;
        l = l->next;
    }
    return n;
}

void free_line(heap h, line l)
{
    deallocate(h, l, sizeof(struct line));
}

timer flush_timer(line l)
{
    timer t = &l->flush;
    return t;
}

timer same_timer(line l)
{
    return &l->flush;
}
