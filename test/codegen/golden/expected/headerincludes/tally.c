/* generated from test/codegen/golden/headerincludes/tally.ts by klibc - do not edit */
#include <kernel.h>
#include "tally.h"

/* A record another module's exported functions take: their header includes this module's header. */
