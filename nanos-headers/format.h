/* Formatted output. Formats are sstrings; the macros take a literal.
   %s is an sstring (not a C string), %b a buffer, %v a value. Only the
   *_sstring and vbprintf entry points are kernel exports (aprintf is not,
   so it is not offered here). */
#ifndef NANOS_HEADERS_FORMAT_H
#define NANOS_HEADERS_FORMAT_H

void vbprintf(buffer s, sstring fmt, vlist *ap);
void bprintf_sstring(buffer b, sstring fmt, ...);
int rsnprintf_sstring(char *str, u64 size, sstring fmt, ...);
void rprintf_sstring(sstring format, ...);

#define bprintf(b, fmt, ...)            bprintf_sstring(b, ss(fmt), ##__VA_ARGS__)
#define rsnprintf(str, size, fmt, ...)  rsnprintf_sstring(str, size, ss(fmt), ##__VA_ARGS__)
#define rprintf(fmt, ...)               rprintf_sstring(ss(fmt), ##__VA_ARGS__)

#endif
