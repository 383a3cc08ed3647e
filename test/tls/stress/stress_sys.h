/* The session stress test's plain-C side: threads, locks, loopback sockets,
   the clock and the console, for stress_kernel.c, which is compiled against
   nanos-headers like a klib and so cannot include the C library's headers.
   Only C types here. */
#ifndef STRESS_SYS_H
#define STRESS_SYS_H

void *sys_malloc(unsigned long n);
void sys_free(void *p);
/* live allocations made through sys_malloc, to check that a session frees all it took */
long sys_live_allocations(void);

unsigned long long sys_now_ns(int realtime);
void sys_random(void *p, unsigned long n);
/* a pseudo-random number, the same sequence for the same seed (sys_seed) */
unsigned long sys_rand(void);
void sys_sleep_us(unsigned long us);
void sys_yield(void);

void sys_print(const char *p, unsigned long n);
void sys_fail(const char *why) __attribute__((noreturn));

/* mutexes are recursive when asked */
void *sys_mutex_new(int recursive);
void sys_mutex_free(void *m);
void sys_mutex_lock(void *m);
void sys_mutex_unlock(void *m);
void *sys_cond_new(void);
void sys_cond_free(void *c);
/* waits at most us microseconds (0: no limit) */
void sys_cond_wait(void *c, void *m, unsigned long us);
void sys_cond_broadcast(void *c);

void *sys_thread_start(void (*body)(void *), void *arg);
void sys_thread_join(void *t);

/* a blocking TCP connection to 127.0.0.1:port, or -1 */
int sys_connect_loopback(int port);
/* bytes read, 0 at the end or on an error */
long sys_read(int fd, void *p, unsigned long n);
/* 0 when all was written, -1 on an error (no SIGPIPE) */
int sys_write_all(int fd, const void *p, unsigned long n);
/* both directions: a blocked read returns 0 */
void sys_shutdown(int fd);
void sys_close(int fd);

/* stress_kernel.c: runs the connections, returns the number of failed checks */
/* port: an echo server; close_port: one that echoes and sends close_notify midway */
int stress_run(const char *ca_pem, unsigned long ca_len, int port, int close_port, int connections,
               unsigned long bytes);

#endif
