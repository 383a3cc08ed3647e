/* generated from klib-src/syslog/ring.ts by klibc - do not edit */
#pragma once

#define RECORD_HEADER 16

/* Record flag: the line ended with a newline (otherwise it was cut: too long, or waited too
 * long). */
#define RECORD_NEWLINE 1

/* Record flag: written by the klib itself (the loss report). */
#define RECORD_OWN 2

#define READER_NET 0
#define READER_FILE 1

boolean ring_init(heap h, bytes size, bytes longest_line, boolean net, boolean file);
void ring_write(const char *s, bytes count);
boolean ring_commit_stale(timestamp wait);
u64 ring_head(void);
boolean ring_net_pending(void);
u64 ring_net_lines(void);
u64 ring_tail(u32 reader);
void ring_release(u32 reader, u64 to);
bytes record_length(u64 pos);
u32 record_flags(u64 pos);
timestamp record_time(u64 pos);
u64 record_next(u64 pos);
boolean record_copy(u64 pos, buffer b, bytes limit);
void ring_stop_reader(u32 reader);
