/* Running PROGRAM the way a Nanos image runs its program: its stdout and
   stderr share one pipe (the kernel has one console handler for fds 1 and 2,
   so they cannot be told apart), and every chunk read from it is one console
   write: each console driver gets it, then serial (our stdout) echoes it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>
#include "host_sys.h"
#include "program.h"

extern char **environ;

static struct {
    struct host_watch output;
    struct host_watch exit;
    pid_t pid;
    int pidfd;
    int output_open;
    int exited;
    int status;
} program;

static char chunk[64 * 1024];

/* Reads what the pipe holds now; false at end of file. */
static int drain_output(void)
{
    for (;;) {
        ssize_t n = read(program.output.fd, chunk, sizeof(chunk));
        if (n > 0) {
            host_console_write(chunk, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return 1;
        return 0;
    }
}

static void close_output(void)
{
    int fd = program.output.fd;
    host_watch_remove(&program.output);
    close(fd);
    program.output_open = 0;
}

static void output_ready(struct host_watch *w, unsigned int events)
{
    (void)w;
    (void)events;
    /* One read per wake-up keeps the loop fair to timers and sockets. */
    ssize_t n = read(program.output.fd, chunk, sizeof(chunk));
    if (n > 0)
        host_console_write(chunk, n);
    else if (n == 0 || (errno != EINTR && errno != EAGAIN))
        close_output();
}

/* The signals whose default action in the kernel is a core dump
   (default_signal_action, src/unix/signal.c). */
static int dumps_core(int sig)
{
    switch (sig) {
    case SIGQUIT: case SIGILL: case SIGABRT: case SIGFPE: case SIGSEGV:
    case SIGBUS: case SIGSYS: case SIGTRAP: case SIGXCPU: case SIGXFSZ:
        return 1;
    default:
        return 0;
    }
}

static void program_exited(struct host_watch *w, unsigned int events)
{
    (void)events;
    int status;
    if (waitpid(program.pid, &status, WNOHANG) != program.pid)
        return;
    program.status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    if (WIFSIGNALED(status) && dumps_core(WTERMSIG(status)))
        host_add_coredump_completion();
    program.exited = 1;
    host_watch_remove(w);
    close(program.pidfd);
    /* Everything the program wrote is in the pipe now; a child it left
       behind may keep the pipe open, so stop at what is there. */
    if (program.output_open) {
        drain_output();
        close_output();
    }
}

/* klibhost outlives the program to flush: Ctrl-C reaches the program (same
   process group) but not us, and a SIGTERM sent to us is passed on. A
   closed stdout must not kill us either. The program gets the defaults. */
static void forward_signal(int sig)
{
    if (program.pid > 0)
        kill(program.pid, sig);
}

static void take_signals(void)
{
    struct sigaction forward = { .sa_handler = forward_signal, .sa_flags = SA_RESTART };
    sigemptyset(&forward.sa_mask);
    sigaction(SIGTERM, &forward, 0);
    sigaction(SIGHUP, &forward, 0);
    signal(SIGINT, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
}

void start_program(char **argv)
{
    take_signals();
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) < 0)
        host_fatal("pipe: %s", strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGHUP);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    int err = posix_spawnp(&program.pid, argv[0], &actions, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (err)
        host_fatal("cannot run %s: %s", argv[0], strerror(err));
    fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
    program.pidfd = syscall(SYS_pidfd_open, program.pid, 0);
    if (program.pidfd < 0)
        host_fatal("pidfd_open: %s", strerror(errno));
    program.output_open = 1;
    host_watch_add(&program.output, pipe_fds[0], EPOLLIN, output_ready);
    host_watch_add(&program.exit, program.pidfd, EPOLLIN, program_exited);
}

int wait_program(void)
{
    while (!program.exited)
        host_loop_once(0);
    return program.status;
}
