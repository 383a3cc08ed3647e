/* generated from klib-src/logpipe/utf8.ts by klibc - do not edit */
#pragma once

u32 logpipe_utf8_sequence_length(u32 lead);
u32 logpipe_utf8_cut(u8 *p, bytes start, u32 n);
