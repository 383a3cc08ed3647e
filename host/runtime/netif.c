/* The VM's one network interface, and the routes through it. A process
   always has a route (at least loopback), so every route lookup answers this
   interface. Like a VM's once DHCP (or a static configuration) has given it
   one, the interface has an IPv4 address: 127.0.0.1 unless klibhost
   --interface-address says otherwise, or none at all (0.0.0.0, what lwIP
   holds before the network is configured) with "none". Klibs read it at the
   place lwIP 2.1 keeps it in struct netif: the ip_addr_t right after the
   `next` pointer (netif_ip_addr4()); nanos-headers keeps the rest of the
   struct opaque but for the reference count. */
#include "host.h"
#include <lwip.h>

static struct netif default_netif;

/* lwIP 2.1: struct netif { struct netif *next; ip_addr_t ip_addr; ... } */
static ip_addr_t *interface_address(void)
{
    return (ip_addr_t *)((u8 *)&default_netif + sizeof(void *));
}

build_assert(sizeof(void *) + sizeof(ip_addr_t) <= __LWIP_NETIF_REFCOUNT_OFFSET);

static boolean address_chosen;

int host_set_interface_address(const char *text)
{
    sstring s = isstring((char *)text, runtime_strlen(text));
    ip_addr_t a;
    if (!runtime_strcmp(s, ss("none"))) {
        a = ip_addr_any;
    } else if (!ipaddr_aton(s, &a) || IP_IS_V6(&a)) {
        return false;
    }
    *interface_address() = a;
    address_chosen = true;
    return true;
}

static void default_address(void)
{
    if (address_chosen)
        return;
    address_chosen = true;
    ipaddr_aton(ss("127.0.0.1"), interface_address());
}

struct netif *ip4_route(const ip4_addr_t *dest)
{
    (void)dest;
    default_address();
    netif_ref(&default_netif);
    return &default_netif;
}

struct netif *ip6_route(const ip6_addr_t *src, const ip6_addr_t *dest)
{
    (void)src;
    (void)dest;
    default_address();
    netif_ref(&default_netif);
    return &default_netif;
}

struct netif *netif_get_default(void)
{
    default_address();
    netif_ref(&default_netif);
    return &default_netif;
}
