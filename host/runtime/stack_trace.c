/* Stack traces come from the sanitizer runtime, which klibhost always has. */
#include <sanitizer/common_interface_defs.h>
#include "host_sys.h"

void host_print_stack_trace(void)
{
    __sanitizer_print_stack_trace();
}
