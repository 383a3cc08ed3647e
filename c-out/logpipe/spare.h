/* generated from klib-src/logpipe/spare.ts by klibc - do not edit */
#pragma once
#include "ring.h"

/* logpipeSpareLength's answer for a part the console path has written over. */
#define LOGPIPE_SPARE_GONE 0xffffffffffffffffull

u64 logpipe_spare_start(log_pipe p, u64 want);
u64 logpipe_spare_keep(log_pipe p, u64 pos, u8 *data, bytes n);
u64 logpipe_spare_length(log_pipe p, u64 pos);
u64 logpipe_spare_copy(log_pipe p, u64 pos, u8 *to, bytes n);
