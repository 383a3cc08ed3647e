/* generated from klib-src/lib/large_ranges.ts by klibc - do not edit */
#pragma once

heap large_range_heap(u64 size);
