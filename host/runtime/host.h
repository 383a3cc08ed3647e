/* Private interface of the hosted runtime's kernel-API side (files compiled
   against nanos-headers). Klibs never include this. */
#pragma once
/* Nanos headers have no include guards (ours error on a second include):
   a file that needs <unix_internal.h> includes it before this one. */
#ifndef NANOS_HEADERS_KERNEL_H
#include <kernel.h>
#endif
#include "host_sys.h"

/* The general heap every "kernel" allocation of the host comes from (malloc). */
heap host_heap(void);

/* Output queued by the TCP emulation on a klib's behalf grew (or, negative,
   shrank) by delta bytes: for the memory report. */
void host_account_queued(s64 delta);

/* Values allocated where nanos-headers' tagof() finds their tag. */
string host_string_from(const void *p, bytes len);
vector host_allocate_vector(void);
void host_vector_push(vector v, value x);
symbol host_intern(const void *p, bytes len);

/* Length of a C string (the runtime's own messages). */
bytes runtime_strlen(const char *s);

/* Start-up of each part, called in order by host_runtime_init(). */
void host_heaps_init(void);
void host_status_init(void);
void host_console_init(void);
void host_runqueue_init(void);

/* Monotonic time at start-up: log lines carry the time since "boot". */
timestamp host_boot_time(void);
