/* generated from test/codegen/golden/closures/closures.ts by klibc - do not edit */
#pragma once

void schedule_retry(u64 delay);
thunk counter(u64 start);
status_handler when_done(u64 label, status_handler then);
u64 sum_to(u64 n);
status_handler nested(heap h, u64 step);
