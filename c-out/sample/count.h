/* generated from klib-src/sample/count.ts by klibc - do not edit */
#pragma once

u64 count_newlines(const char *s, bytes count);
