/* generated from klib-src/logpipe/backoff.ts by klibc - do not edit */
#pragma once

timestamp logpipe_backoff_ceiling(timestamp base, timestamp cap, u32 attempt);
timestamp logpipe_retry_bound(timestamp base, timestamp cap, u32 attempt, timestamp elapsed);
timestamp logpipe_full_jitter(timestamp ceiling, u64 random);
