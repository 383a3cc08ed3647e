/* tls_client CA.pem ADDRESS PORT SERVERNAME
 *
 * One real TLS 1.2 connection with our configuration: TCP to ADDRESS:PORT
 * (IPv4), SNI and host name check against SERVERNAME, verification against
 * CA.pem, then "ping\n" out, one line back, close_notify.
 * Prints "handshake: SUITE", "received: LINE" and "closed"; on failure the
 * mbedtls error and, when the certificate was refused, the reasons.
 * Exit status: 0 success, 1 TLS failure, 2 usage or socket failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <mbedtls/net_sockets.h>
#include "client_config.h"

static int send_fd(void *ctx, const unsigned char *buf, size_t len)
{
    ssize_t n = send(*(int *)ctx, buf, len, MSG_NOSIGNAL);
    if (n < 0)
        return errno == EINTR ? MBEDTLS_ERR_SSL_WANT_WRITE : MBEDTLS_ERR_NET_SEND_FAILED;
    return (int)n;
}

static int recv_fd(void *ctx, unsigned char *buf, size_t len)
{
    ssize_t n = recv(*(int *)ctx, buf, len, 0);
    if (n < 0)
        return errno == EINTR ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_NET_RECV_FAILED;
    return n == 0 ? MBEDTLS_ERR_SSL_CONN_EOF : (int)n;
}

static int connect_tcp(const char *address, const char *port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(atoi(port)) };
    int fd;
    if (inet_pton(AF_INET, address, &sa.sin_addr) != 1) {
        fprintf(stderr, "%s: not an IPv4 address\n", address);
        return -1;
    }
    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
        connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        perror("connect");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* Handshake, one request and its reply line, close_notify. */
static int exchange(mbedtls_ssl_context *ssl)
{
    static const unsigned char ping[] = "ping\n";
    char line[256];
    size_t got = 0;
    int ret;

    while ((ret = mbedtls_ssl_handshake(ssl)) != 0) {
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE)
            continue;
        report_error("handshake failed", ret);
        uint32_t flags = mbedtls_ssl_get_verify_result(ssl);
        if (flags != 0 && flags != (uint32_t)-1) {
            char info[512];
            mbedtls_x509_crt_verify_info(info, sizeof(info), "refused: ", flags);
            printf("%s", info);
        }
        return 1;
    }
    printf("handshake: %s\n", mbedtls_ssl_get_ciphersuite(ssl));

    if ((ret = mbedtls_ssl_write(ssl, ping, sizeof(ping) - 1)) != sizeof(ping) - 1) {
        report_error("write", ret);
        return 1;
    }
    while (got < sizeof(line) - 1 && (got == 0 || line[got - 1] != '\n')) {
        ret = mbedtls_ssl_read(ssl, (unsigned char *)line + got, sizeof(line) - 1 - got);
        if (ret <= 0) {
            report_error("read", ret);
            return 1;
        }
        got += (size_t)ret;
    }
    line[got] = 0;
    printf("received: %s", line);

    if ((ret = mbedtls_ssl_close_notify(ssl)) != 0) {
        report_error("close_notify", ret);
        return 1;
    }
    printf("closed\n");
    return 0;
}

int main(int argc, char **argv)
{
    struct client_config c;
    mbedtls_ssl_context ssl;
    int fd = -1, status = 2;

    if (argc != 5) {
        fprintf(stderr, "usage: %s CA.pem ADDRESS PORT SERVERNAME\n", argv[0]);
        return 2;
    }
    mbedtls_ssl_init(&ssl);
    if (client_config_init(&c, argv[1]) != 0 ||
        mbedtls_ssl_setup(&ssl, &c.conf) != 0 ||
        mbedtls_ssl_set_hostname(&ssl, argv[4]) != 0)
        goto out;
    if ((fd = connect_tcp(argv[2], argv[3])) < 0)
        goto out;
    mbedtls_ssl_set_bio(&ssl, &fd, send_fd, recv_fd, 0);
    status = exchange(&ssl);
out:
    if (fd >= 0)
        close(fd);
    mbedtls_ssl_free(&ssl);
    client_config_free(&c);
    return status;
}
