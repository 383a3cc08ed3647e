/* generated from klib-src/logpipe/loss_text.ts by klibc - do not edit */
#pragma once

/* The length of the report's "logpipe: " prefix: a klib that words the report as its own skips
 * it. */
#define LOGPIPE_LOSS_TEXT_PREFIX_LENGTH 9

/* The longest text logpipeFormatLoss writes (two 20-digit numbers). */
#define LOGPIPE_LOSS_TEXT_MAX 89

u32 logpipe_format_loss(u8 *dst, bytes at, u64 lines, u64 lost);
