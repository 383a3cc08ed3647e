/* generated from klib-src/lib/config_values.ts by klibc - do not edit */
#include <kernel.h>
#include "config_forms.h"
#include "config_values.h"

/* A number in a manifest value's text, for code that takes apart a value the configuration reader
 * (lib/config_map.ts) has already checked, such as the port of a `host:port`. */

/* The digits of b[from, to) as a number; NOT_A_NUMBER (config_forms.ts) when they are not one. */
u64 parse_decimal(buffer b, bytes from, bytes to)
{
    return decimal_value((u8 *)buffer_ref(b, 0), from, to);
}
