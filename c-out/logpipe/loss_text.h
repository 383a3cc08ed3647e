/* generated from klib-src/logpipe/loss_text.ts by klibc - do not edit */
#pragma once

/* The longest text logpipeFormatLoss writes (two 20-digit numbers). */
#define LOGPIPE_LOSS_TEXT_MAX 89

u32 logpipe_format_loss(u8 *dst, bytes at, u64 lines, u64 lost);
