/* Non-blocking sockets for the TCP and UDP emulation; every connect and
   send goes through --connect-to (redirect.c). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <linux/sockios.h>
#include "host_sys.h"
#include "redirect.h"

_Static_assert(HOST_EV_IN == EPOLLIN && HOST_EV_OUT == EPOLLOUT &&
               HOST_EV_ERR == EPOLLERR && HOST_EV_HUP == EPOLLHUP, "epoll bits");

static struct host_ip ip_from(int is_v6, const unsigned char *addr)
{
    struct host_ip ip = { .family = is_v6 ? AF_INET6 : AF_INET };
    memcpy(ip.bytes, addr, is_v6 ? 16 : 4);
    return ip;
}

int host_tcp_connect(int is_v6, const unsigned char *addr, int port)
{
    struct host_ip ip = ip_from(is_v6, addr);
    struct sockaddr_storage sa;
    socklen_t len;
    host_connect_target(&ip, port, &sa, &len);
    int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    /* lwIP sends segments as they are written; so do we. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (connect(fd, (struct sockaddr *)&sa, len) < 0 && errno != EINPROGRESS) {
        int err = errno;
        close(fd);
        return -err;
    }
    return fd;
}

int host_socket_error(int fd)
{
    int err = 0;
    socklen_t len = sizeof(err);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        return errno;
    return err;
}

long long host_socket_read(int fd, void *p, unsigned long long n)
{
    ssize_t r;
    do {
        r = read(fd, p, n);
    } while (r < 0 && errno == EINTR);
    return r < 0 ? -errno : r;
}

static long long thread_cpu_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* CPU time spent in TCP sends: Linux's loopback stack (the receiver's side
   of it runs in the sender's call), which stands in for lwIP and the NIC.
   Benchmarks print it apart from the klib's own code. */
static long long send_cpu_ns;

long long host_socket_send_cpu_us(void)
{
    return send_cpu_ns / 1000;
}

long long host_socket_write(int fd, const void *p, unsigned long long n)
{
    long long started = thread_cpu_ns();
    ssize_t r;
    do {
        r = send(fd, p, n, MSG_NOSIGNAL);
    } while (r < 0 && errno == EINTR);
    int err = errno;
    send_cpu_ns += thread_cpu_ns() - started;
    return r < 0 ? -err : r;
}

void host_socket_close(int fd)
{
    close(fd);
}

long long host_socket_unacknowledged(int fd)
{
    int n = 0;
    if (ioctl(fd, SIOCOUTQ, &n) < 0)
        return -errno;
    return n;
}

int host_udp_socket(void)
{
    int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
        /* Dual stack, like udp_new_ip_type(IPADDR_TYPE_ANY). */
        int zero = 0;
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
        return fd;
    }
    fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    return fd < 0 ? -errno : fd;
}

long long host_udp_sendto(int fd, const void *p, unsigned long long n,
                          int is_v6, const unsigned char *addr, int port)
{
    struct host_ip ip = ip_from(is_v6, addr);
    struct sockaddr_storage sa;
    socklen_t len;
    host_connect_target(&ip, port, &sa, &len);
    struct sockaddr_in6 mapped;
    int domain;
    socklen_t dlen = sizeof(domain);
    getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &dlen);
    if (domain == AF_INET6 && sa.ss_family == AF_INET) {
        /* An IPv4 destination on the dual-stack socket: ::ffff:a.b.c.d. */
        struct sockaddr_in *v4 = (struct sockaddr_in *)&sa;
        memset(&mapped, 0, sizeof(mapped));
        mapped.sin6_family = AF_INET6;
        mapped.sin6_port = v4->sin_port;
        mapped.sin6_addr.s6_addr[10] = 0xff;
        mapped.sin6_addr.s6_addr[11] = 0xff;
        memcpy(&mapped.sin6_addr.s6_addr[12], &v4->sin_addr, 4);
        memcpy(&sa, &mapped, sizeof(mapped));
        len = sizeof(mapped);
    }
    ssize_t r = sendto(fd, p, n, 0, (struct sockaddr *)&sa, len);
    return r < 0 ? -errno : r;
}

int host_errno_is_refused(int err)
{
    return err == ECONNREFUSED || err == ETIMEDOUT || err == EHOSTUNREACH || err == ECONNRESET;
}

int host_errno_would_block(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK;
}

int host_parse_address(const char *text, int *is_v6, unsigned char *bytes)
{
    if (inet_pton(AF_INET, text, bytes) == 1) {
        *is_v6 = 0;
        return 1;
    }
    if (inet_pton(AF_INET6, text, bytes) == 1) {
        *is_v6 = 1;
        return 1;
    }
    return 0;
}

int host_format_address(int is_v6, const unsigned char *bytes, char *out, int size)
{
    if (!inet_ntop(is_v6 ? AF_INET6 : AF_INET, bytes, out, size))
        return 0;
    return strlen(out);
}
