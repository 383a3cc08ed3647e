/* generated from klib-src/lib/shutdown_deadline.ts by klibc - do not edit */
#pragma once

void shutdown_begin(status_handler done, u32 part_count, timestamp limit, thunk expired);
void shutdown_part_done(void);
boolean shutdown_started(void);
boolean shutdown_released(void);
void shutdown_set_late_flush(thunk flush);
void shutdown_console_written(void);
