/* klibhost: runs klibs built from c-out/ in a Linux process, around a program.
   It loads the klibs a config names (as the kernel does at boot), runs the
   program with its output on the console drivers, then shuts down as the
   kernel does (runtime/shutdown.c) and exits with the program's status, or
   fails when the shutdown would never complete in a VM. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "host_sys.h"
#include "klib_loader.h"
#include "options.h"
#include "program.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t capacity = 4096, n = 0;
    char *text = malloc(capacity);
    size_t got;
    while ((got = fread(text + n, 1, capacity - n, f)) > 0) {
        n += got;
        if (n == capacity)
            text = realloc(text, capacity *= 2);
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(text);
        return 0;
    }
    *len = n;
    return text;
}

/* Klibs live next to the binary by default: build/klibhost, build/host-klibs. */
static const char *default_klib_dir(void)
{
    static char dir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 32);
    if (n <= 0)
        return "build/host-klibs";
    dir[n] = 0;
    char *slash = strrchr(dir, '/');
    strcpy(slash + 1, "host-klibs");
    return dir;
}

static struct options o;

static long long cpu_us(const struct rusage *r)
{
    return (r->ru_utime.tv_sec + r->ru_stime.tv_sec) * 1000000LL + r->ru_utime.tv_usec + r->ru_stime.tv_usec;
}

/* --memory-report: the kernel-heap accounting, one line a test or a
   benchmark can parse (bytes; peaks since start). */
static void memory_report(void)
{
    struct host_memory_figures f;
    host_memory_figures(&f);
    fprintf(stderr, "klibhost memory: klib_heap_peak=%llu klib_own_peak=%llu queued_output_peak=%llu "
            "runtime_heap_peak=%llu klib_heap_at_exit=%llu queued_output_at_exit=%llu size_mismatches=%llu\n",
            f.klib_heap_peak, f.klib_own_peak, f.queued_output_peak, f.runtime_heap_peak,
            f.klib_heap_bytes, f.queued_output_bytes, f.size_mismatches);
    /* CPU to the microsecond (/usr/bin/time prints hundredths): klibhost's
       own, then the program's (waited for), so that a benchmark can tell a
       klib's cost from the program's, and the part of klibhost's spent in
       TCP sends (Linux's stack in place of the kernel's). */
    struct rusage self, program;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &program);
    fprintf(stderr, "klibhost cpu: self_us=%lld program_us=%lld tcp_send_us=%lld\n", cpu_us(&self), cpu_us(&program),
            host_socket_send_cpu_us());
}

/* Klibs run on a stack where the kernel's tag test reads "untyped". */
static void run(void) __attribute__((noreturn));

int main(int argc, char **argv)
{
    parse_options(argc, argv, &o);
    if (!o.klib_dir)
        o.klib_dir = default_klib_dir();
    if (o.root_dir)
        host_set_root_dir(o.root_dir);

    host_runtime_init();
    size_t len;
    char *text = read_file(o.config_path, &len);
    if (!text)
        host_fatal("cannot read %s: %s", o.config_path, strerror(errno));
    const char *error = host_load_config(text, len);
    free(text);
    if (error)
        host_fatal("%s: %s", o.config_path, error);
    host_config_default_program(o.program_argv[0]);
    host_run_on_kernel_stack(run);
}

static void run(void)
{
    host_kernel_stack_entered();
    load_klibs(o.config_path, o.klib_dir);
    start_program(o.program_argv);
    int status = wait_program();

    /* The kernel waits for the shutdown completions forever; the watchdog only
       makes a VM that would hang a failing run. */
    unsigned long long watchdog = host_monotonic_ns() + o.flush_timeout_ns;
    if (!host_run_shutdown(status, watchdog)) {
        fflush(stdout);
        host_warn("shutdown did not complete: a Nanos VM would never halt "
                  "(the shutdown completions were still pending after %.3g s)", o.flush_timeout_ns / 1e9);
        exit(HOST_EXIT_SHUTDOWN_HUNG);
    }
    fflush(stdout);
    if (o.memory_report)
        memory_report();
    exit(status);
}
