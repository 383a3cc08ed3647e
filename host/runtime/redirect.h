/* Test redirections from the command line, meaning what they mean to curl:
   --resolve HOST:PORT:ADDR answers DNS for HOST with ADDR, and
   --connect-to H1:P1:H2:P2 sends a connection for H1:P1 to H2:P2 (an empty
   field matches anything / keeps the original). Klib code stays unchanged. */
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>

/* An IPv4 or IPv6 address with its family (AF_INET, AF_INET6). */
struct host_ip {
    int family;
    unsigned char bytes[16];
};

/* The --resolve answer for name (any port), if one was given. */
int host_resolve_lookup(const char *name, struct host_ip *out);

/* Remember that DNS answered name with ip, so --connect-to can match the name. */
void host_remember_name(const char *name, const struct host_ip *ip);

/* Where a connection to ip:port really goes, after --connect-to. */
void host_connect_target(const struct host_ip *ip, int port,
                         struct sockaddr_storage *out, socklen_t *outlen);

/* Address text: a literal (IPv6 optionally in brackets); true if parsed. */
int host_parse_ip(const char *text, struct host_ip *out);
