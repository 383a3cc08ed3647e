/* generated from klib-src/syslog/shutdown.ts by klibc - do not edit */
#pragma once

boolean shutdown_hold(heap h, status_handler done, u64 linger_ms);
boolean shutdown_started(void);
void shutdown_progress(boolean pending, boolean handed, u64 unsent);
boolean shutdown_late_write(void);
void shutdown_late_flushed(void);
