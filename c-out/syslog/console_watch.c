/* generated from klib-src/syslog/console_watch.ts by klibc - do not edit */
#include <kernel.h>
#include "console_watch.h"

/* What the console driver must look at besides copying into the log pipe: two flags, set rarely
 * (by lines.ts and shutdown.ts) and read on every console write, kept in one record so that the
 * write path reads them inline (consoleWatchQuiet) and goes its short way while both are clear.
 * Plain loads with no lock: a write that misses a change by a moment is handled as the owners */
