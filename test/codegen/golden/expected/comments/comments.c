/* generated from test/codegen/golden/comments/comments.ts by klibc - do not edit */
#include <kernel.h>
#include "comments.h"

/* The source's comments are carried onto the C they describe: this file's own description, the
 * doc comment of each declaration (with the compiler's tags left out), comments before statements
 * and at the end of blocks, and a comment after a statement on its line. */

static struct comments {
    /* Events dropped since the last report: reported once, then counted quietly. */
    u64 dropped;
} comments;

/* Reports the window (at most once per tick). */
void window_report(window w)
{
    if (w->count == 0)
        comments.dropped++; /* an empty report counts as a drop */
    rprintf("window: %u of %lu, %lu dropped\n", w->count, w->total, comments.dropped);
}
