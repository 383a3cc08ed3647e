/* generated from klib-src/logpipe/framing.ts by klibc - do not edit */
#pragma once

bytes logpipe_find_newline(const char *s, bytes from, bytes count);
