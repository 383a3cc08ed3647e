/* Forward declarations every other header needs, and the compiler's
   varargs builtins (the klibs are built with -nostdinc, so <stdarg.h>
   is not available). */
#ifndef NANOS_HEADERS_PREDEF_H
#define NANOS_HEADERS_PREDEF_H

typedef struct buffer *buffer;
typedef struct heap *heap;

#define varg   __builtin_va_arg
#define vlist  __builtin_va_list
#define vstart __builtin_va_start
#define vend   __builtin_va_end

#endif
