/* The operating-system side of the hosted runtime: event loop, clocks and
   process plumbing. Plain C types only (unsigned long long is nanos-headers'
   u64, so declarations agree on both sides), so that files which must include libc
   headers (and therefore cannot include nanos-headers, whose names overlap
   libc's: struct tm, gmtime_r, assert ...) can share it with the files that
   implement the kernel API. */
#pragma once


/* Event loop: one epoll instance; every klib callback runs from it. */
struct host_watch;
typedef void (*host_ready_fn)(struct host_watch *w, unsigned int events);
struct host_watch {
    int fd;
    unsigned int events;
    host_ready_fn ready;
};

void host_loop_init(void);
void host_watch_add(struct host_watch *w, int fd, unsigned int events, host_ready_fn ready);
void host_watch_set_events(struct host_watch *w, unsigned int events);
void host_watch_remove(struct host_watch *w);

/* Deferred work runs from the loop after the current callback returns, in order:
   this is how "called asynchronously" is kept (never re-entrantly). */
typedef void (*host_deferred_fn)(void *arg);
void host_defer(host_deferred_fn fn, void *arg);

/* One loop iteration: run deferred work and due timers, then wait for events no
   longer than until the monotonic nanosecond time `until_ns` (0: no limit). */
void host_loop_once(unsigned long long until_ns);

/* Provided by the timer module: the monotonic nanosecond time of the next timer
   (UINT64_MAX when none), and the service routine that runs due timers. */
unsigned long long host_timers_next_ns(void);
int host_timers_service(void);         /* true if a handler ran */

/* Clocks in nanoseconds. */
unsigned long long host_monotonic_ns(void);
unsigned long long host_realtime_ns(void);

/* Fatal runtime error (where the kernel would halt): message, exit status 2. */
void host_fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Diagnostics from the runner itself (not the console): stderr, prefixed. */
void host_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Tagged memory. Nanos tells a value's type (string, symbol, tuple, vector,
   integer) from the address region it was allocated in. The host keeps the
   same idea with one reserved arena split into a region per tag; anything
   outside the arena (malloc, stack) is untyped, as heap memory is in Nanos. */
void host_tags_init(void);
void *host_tagged_alloc(unsigned tag, unsigned long long size);
void host_tagged_free(void *p, unsigned long long size);
unsigned host_tagof(const void *p);

/* The emulated machine (heaps.c): its memory in bytes (klibhost --memory: the
   physical heap's total, which sets the kernel's largest piece), and what the
   klibs may hold through the kernel heaps in all (--memory-limit; 0: only the
   memory bounds them). Set before the klibs load. */
void host_set_guest_memory(unsigned long long bytes);
void host_set_klib_memory_limit(unsigned long long bytes);

/* Exact memory accounting of the kernel heaps (heaps.c), for --memory-report.
   Bytes, with peaks since start. */
struct host_memory_figures {
    unsigned long long klib_heap_bytes;     /* live in the heaps klibs get (general, locked, malloc, dma, pages, vmem) */
    unsigned long long klib_heap_peak;
    unsigned long long klib_own_peak;       /* peak of klib heap bytes less queued output */
    unsigned long long queued_output_bytes; /* given to direct's out(), not yet written to the socket */
    unsigned long long queued_output_peak;
    unsigned long long runtime_heap_bytes;  /* the runtime's own emulation state (host_heap()) */
    unsigned long long runtime_heap_peak;
    unsigned long long size_mismatches;     /* frees naming another size than allocated */
};
void host_memory_figures(struct host_memory_figures *f);

/* libc memory for the kernel-API side, which cannot include libc headers. */
void *host_malloc(unsigned long long size);
void *host_calloc(unsigned long long size);
void host_free(void *p);
/* Makes [p, p + n) resident now (zeroed), as the kernel maps a vmem range when it allocates it. */
void host_make_resident(void *p, unsigned long long n);

/* klibhost's own stdout, the "serial port" every console write ends on. */
void host_serial_write(const char *p, unsigned long long n);

/* Random bytes from the kernel (getrandom). */
void host_random_bytes(void *p, unsigned long long n);

/* The configuration, once loaded (config.c): the klibs it names, in order. */
int host_config_klib_count(void);
void host_config_klib_name(int i, char *out, unsigned long long size);
const char *host_load_config(const char *text, unsigned long long len);
/* After the load: `program` is `path` unless the config gave one ("Program"). */
void host_config_default_program(const char *path);

/* Set up the whole runtime (tags, heaps, loop, console ...). */
void host_runtime_init(void);

/* Console: one chunk of program output (or one log line) to every driver. */
void host_console_write(const char *p, unsigned long long n);

/* The kernel's shutdown (shutdown.c): applies every completion with one merge,
   runs the loop until the merge has completed and the disk steps after it are
   done (true), or until the monotonic watchdog time (ns) passes with the merge
   still pending (false: a Nanos VM would never halt). */
int host_run_shutdown(int status, unsigned long long watchdog_ns);
/* The kernel's coredump completion, for a program killed by a signal whose
   default action dumps core (registered then, after the klibs' completions). */
void host_add_coredump_completion(void);
/* klibhost's exit status when the shutdown never completes. */
#define HOST_EXIT_SHUTDOWN_HUNG 124

/* Run queued thunks (async_apply); true if any ran. */
int host_runqueue_service(void);

/* A stack trace on stderr (the sanitizer runtime prints it). */
void host_print_stack_trace(void);

/* Klib init (klib_init.c): calls init(complete) and tracks its completion. */
enum { HOST_KLIB_PENDING, HOST_KLIB_DONE, HOST_KLIB_FAILED };
enum { HOST_KLIB_INIT_OK = 0, HOST_KLIB_INIT_IN_PROGRESS = 3, HOST_KLIB_INIT_FAILED = 4 };
int host_klib_init(void *init, int index);
int host_klib_state(int index, const char **message);

/* The interface's IPv4 address (netif.c): an IPv4 literal, or "none" for no
   address yet (0.0.0.0); false when the text is neither. 127.0.0.1 if unset. */
int host_set_interface_address(const char *text);

/* Command-line redirections (redirect.c); false when the spec is malformed. */
int host_add_resolve(const char *spec);
int host_add_connect_to(const char *spec);

/* Sockets (sockets.c). Addresses are raw bytes (4 or 16) in network order;
   connects go through --connect-to. Results are >= 0, or -errno. */
#define HOST_EV_IN      0x001   /* the epoll event bits */
#define HOST_EV_OUT     0x004
#define HOST_EV_ERR     0x008
#define HOST_EV_HUP     0x010
int host_tcp_connect(int is_v6, const unsigned char *addr, int port);
int host_socket_error(int fd);
long long host_socket_read(int fd, void *p, unsigned long long n);
long long host_socket_write(int fd, const void *p, unsigned long long n);
/* CPU microseconds spent in host_socket_write so far (the host's TCP stack). */
long long host_socket_send_cpu_us(void);
void host_socket_close(int fd);
/* Bytes written to a TCP socket that the peer has not acknowledged yet
   (SIOCOUTQ: sent and unacknowledged, or not sent at all); -errno on error. */
long long host_socket_unacknowledged(int fd);
int host_udp_socket(void);
long long host_udp_sendto(int fd, const void *p, unsigned long long n,
                          int is_v6, const unsigned char *addr, int port);
/* Errors worth telling apart. */
int host_errno_is_refused(int err);
int host_errno_would_block(int err);

/* Name lookups off the loop (resolver.c): getaddrinfo runs on a helper
   thread; `done` is called from the loop with the address (IPv4 first,
   then IPv6) or with found == 0. --resolve answers and the names of
   RFC 6761's .invalid domain never reach the system resolver. */
typedef void (*host_lookup_done)(void *arg, int found, int is_v6, const unsigned char *addr);
void host_lookup(const char *name, host_lookup_done done, void *arg);
void host_resolver_init(void);
/* --resolve-file PATH: HOST:PORT:ADDR lines (as --resolve), read afresh on
   every lookup and never cached (a zero TTL), so that a test can move a name
   to another address during a run. set returns 0 if PATH cannot be read;
   lists tells whether the file names `name` now. */
int host_set_resolve_file(const char *path);
int host_resolve_file_lists(const char *name);

/* Address text (inet_pton / inet_ntop): parse returns 1 on success; format
   returns the length written, 0 if it does not fit. */
int host_parse_address(const char *text, int *is_v6, unsigned char *bytes);
int host_format_address(int is_v6, const unsigned char *bytes, char *out, int size);

/* The image's root filesystem, emulated on a directory (files.c): image
   paths ("/var/log/x") live under it. Results are >= 0 or -errno. */
void host_set_root_dir(const char *dir);
int host_file_open(const char *image_path, int truncate);   /* creates parent dirs */
long long host_file_length(int fd);
long long host_file_pwrite(int fd, const void *p, unsigned long long n, unsigned long long offset);
int host_file_truncate(int fd, unsigned long long len);
int host_file_sync(int fd);
int host_file_rename(const char *old_image_path, const char *new_image_path);
void host_file_close(int fd);
/* Reading (fs.c's filesystem_get_node and fsfile reader): what is at an
   image path, symlinks followed (0 regular file, 1 anything else, -errno);
   opening it read-only; pread (bytes read, -errno). The environment
   variable KLIBHOST_FAIL_READ=<image path> makes reads of that file fail
   with EIO, standing in for a disk error. */
int host_file_lookup(const char *image_path);
int host_file_open_read(const char *image_path);
long long host_file_pread(int fd, void *p, unsigned long long n, unsigned long long offset);
/* Block size, total and free blocks of the filesystem holding the root dir. */
void host_fs_stats(unsigned long long *block_size, unsigned long long *total, unsigned long long *free_blocks);

/* Runs fn on a stack placed where nanos-headers read tag 0 (untyped), as
   kernel stacks are: a klib's stack-wrapped buffer is then a string to
   is_string(), as in the kernel. fn must not return; it ends with exit(). */
void host_run_on_kernel_stack(void (*fn)(void)) __attribute__((noreturn));
void host_kernel_stack_entered(void);      /* fn's first call */
