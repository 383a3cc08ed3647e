/* generated from test/codegen/golden/wrapping/wrapping.ts by klibc - do not edit */
#pragma once

void describe(buffer b, u64 requests, u64 responses, u64 failures, u64 retries);
boolean busy(boolean in_flight, boolean waiting, u32 queued, u32 limit, boolean draining,
             boolean stopping);
u64 mixed(u64 a, u64 b, u64 c);
