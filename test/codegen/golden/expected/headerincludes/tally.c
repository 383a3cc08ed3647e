/* generated from test/codegen/golden/headerincludes/tally.ts by klibc - do not edit */
#include <kernel.h>
#include "tally.h"
