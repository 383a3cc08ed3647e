/* Networking: the subset of the kernel's lwIP (2.1, IPv4 + IPv6 with
   scopes, as configured by the kernel) and its direct TCP client that
   klibs use. Layouts and constants are those of that configuration. */
#ifdef NANOS_HEADERS_LWIP_H
#error "<lwip.h> included twice: the Nanos tree's headers have no include guards"
#endif
#ifndef NANOS_HEADERS_KERNEL_H
#error "include <kernel.h> (or <unix_internal.h>) before <lwip.h>, as the Nanos tree requires"
#endif
#define NANOS_HEADERS_LWIP_H


typedef u8 u8_t;
typedef u16 u16_t;
typedef u32 u32_t;
typedef s8 s8_t;

typedef s8 err_t;
typedef enum {
    ERR_OK         = 0,
    ERR_MEM        = -1,
    ERR_BUF        = -2,
    ERR_TIMEOUT    = -3,
    ERR_RTE        = -4,
    ERR_INPROGRESS = -5,        /* the answer comes later, through the callback */
    ERR_VAL        = -6,
    ERR_WOULDBLOCK = -7,
    ERR_USE        = -8,
    ERR_ALREADY    = -9,
    ERR_ISCONN     = -10,
    ERR_CONN       = -11,
    ERR_IF         = -12,
    ERR_ABRT       = -13,
    ERR_RST        = -14,
    ERR_CLSD       = -15,
    ERR_ARG        = -16,
} err_enum_t;

/* addresses are stored in network byte order */
typedef struct ip4_addr {
    u32_t addr;
} ip4_addr_t;

typedef struct ip6_addr {
    u32_t addr[4];
    u8_t zone;
} ip6_addr_t;

enum lwip_ip_addr_type {
    IPADDR_TYPE_V4  = 0,
    IPADDR_TYPE_V6  = 6,
    IPADDR_TYPE_ANY = 46,       /* dual stack, for PCBs */
};

typedef struct ip_addr {
    union {
        ip6_addr_t ip6;
        ip4_addr_t ip4;
    } u_addr;
    u8_t type;
} ip_addr_t;

#define IPADDR_STRLEN_MAX 46

/* the u32 whose in-memory bytes are a.b.c.d (little-endian host) */
#define __IPADDR4_NETWORK_U32(a, b, c, d)                               \
    ((u32_t)((a) & 0xff) | ((u32_t)((b) & 0xff) << 8) |                 \
     ((u32_t)((c) & 0xff) << 16) | ((u32_t)((d) & 0xff) << 24))
#define IPADDR4_INIT(u32val)        { { { { u32val, 0ul, 0ul, 0ul }, 0 } }, IPADDR_TYPE_V4 }
#define IPADDR4_INIT_BYTES(a, b, c, d) IPADDR4_INIT(__IPADDR4_NETWORK_U32(a, b, c, d))

#define IP_GET_TYPE(ipaddr)     ((ipaddr)->type)
#define IP_IS_V4(ipaddr)        (((ipaddr) == 0) || IP_GET_TYPE(ipaddr) == IPADDR_TYPE_V4)
#define IP_IS_V6(ipaddr)        (((ipaddr) != 0) && IP_GET_TYPE(ipaddr) == IPADDR_TYPE_V6)
#define ip_2_ip4(ipaddr)        (&((ipaddr)->u_addr.ip4))
#define ip_2_ip6(ipaddr)        (&((ipaddr)->u_addr.ip6))

#define ip4_addr_isany(a)       ((a) == 0 || (a)->addr == 0)
#define ip6_addr_isany(a)       ((a) == 0 || ((a)->addr[0] == 0 && (a)->addr[1] == 0 && \
                                              (a)->addr[2] == 0 && (a)->addr[3] == 0))
#define ip_addr_isany(ipaddr)   (((ipaddr) == 0) ? 1 : IP_IS_V6(ipaddr) ? \
                                 ip6_addr_isany(ip_2_ip6(ipaddr)) : ip4_addr_isany(ip_2_ip4(ipaddr)))

extern const ip_addr_t ip_addr_any;
#define IP4_ADDR_ANY (&ip_addr_any)
#define IP_ADDR_ANY  IP4_ADDR_ANY

/* text form into buf; returns the length written (0 if buf is too small) */
int ipaddr_ntoa_r(const ip_addr_t *addr, char *buf, int buflen);
/* non-zero on success */
int ipaddr_aton(sstring cp, ip_addr_t *addr);

/* Only the reference count of struct netif is used by klibs (through
   netif_unref); the rest of the kernel's struct is opaque here. */
#define __LWIP_NETIF_REFCOUNT_OFFSET 280
#define __LWIP_NETIF_SIZE 312
struct netif {
    u8_t __private[__LWIP_NETIF_REFCOUNT_OFFSET];
    u32_t refcount;
    u8_t __private_tail[__LWIP_NETIF_SIZE - __LWIP_NETIF_REFCOUNT_OFFSET - sizeof(u32_t)];
} __attribute__((aligned(8)));

/* route lookups and netif_get_default return a referenced netif (or 0) */
struct netif *ip4_route(const ip4_addr_t *dest);
struct netif *ip6_route(const ip6_addr_t *src, const ip6_addr_t *dest);
#define ip_route(src, dest)                                             \
    (IP_IS_V6(dest) ? ip6_route(ip_2_ip6(src), ip_2_ip6(dest)) : ip4_route(ip_2_ip4(dest)))
struct netif *netif_get_default(void);
#define netif_ref(n)    __sync_fetch_and_add(&(n)->refcount, 1)
#define netif_unref(n)  __sync_fetch_and_add(&(n)->refcount, -1)

/* DNS. ERR_OK: *addr already holds the answer and cb is not called.
   ERR_INPROGRESS: cb is called later (addr 0 on failure), from lwIP
   context. Anything else is an immediate failure. */
typedef void (*dns_found_callback)(sstring name, const ip_addr_t *ipaddr, void *callback_arg);
err_t dns_gethostbyname(sstring hostname, ip_addr_t *addr, dns_found_callback found,
                        void *callback_arg);

/* packet buffers */
typedef enum {
    PBUF_TRANSPORT = 74,        /* room for link, IP and transport headers */
    PBUF_IP        = 54,
    PBUF_LINK      = 14,
    PBUF_RAW_TX    = 0,
    PBUF_RAW       = 0,
} pbuf_layer;

typedef enum {
    PBUF_RAM  = 0x280,
    PBUF_ROM  = 0x01,
    PBUF_REF  = 0x41,
    PBUF_POOL = 0x182,
} pbuf_type;

struct pbuf {
    struct pbuf *next;
    void *payload;
    u16_t tot_len;
    u16_t len;
    u8_t type_internal;
    u8_t flags;
    u32_t ref;
    u8_t if_idx;
    int napi_id;
};

typedef void (*pbuf_free_custom_fn)(struct pbuf *p);

/* a pbuf over caller-owned memory; custom_free_function runs when the
   last reference is released */
struct pbuf_custom {
    struct pbuf pbuf;
    pbuf_free_custom_fn custom_free_function;
};

struct pbuf *pbuf_alloc(pbuf_layer l, u16_t length, pbuf_type type);
struct pbuf *pbuf_alloced_custom(pbuf_layer l, u16_t length, pbuf_type type,
                                 struct pbuf_custom *p, void *payload_mem,
                                 u16_t payload_mem_len);
u8_t pbuf_remove_header(struct pbuf *p, bytes header_size);
void pbuf_ref(struct pbuf *p);
u8_t pbuf_free(struct pbuf *p);

/* lwIP's default: packets queued per unresolved ARP entry */
#define ARP_QUEUE_LEN 3

struct udp_pcb;
struct udp_pcb *udp_new_ip_type(u8_t type);
err_t udp_sendto(struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *dst_ip, u16_t dst_port);

/* Starts a TCP connection. STATUS_OK: ch is called later with the
   output handler (or 0 if the connect failed); an error status means ch
   is never called. */
status direct_connect(heap h, ip_addr_t *addr, u16 port, connection_handler ch);
