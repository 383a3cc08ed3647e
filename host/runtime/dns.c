/* dns_gethostbyname with the kernel's answers: ERR_OK with the address at
   once for a literal, "localhost" or a cached name (the callback is not
   called); ERR_INPROGRESS and a callback later, from the loop, with the
   address or 0; ERR_ARG at once for an unusable name. Answers are cached for
   a while, as lwIP caches them until their TTL runs out; names that
   --resolve-file lists are answered as with a zero TTL: never from the cache,
   so a change to the file shows at the next lookup. Also the address helpers
   (the interface and routes: netif.c). */
#include "host.h"
#include <lwip.h>

#define CACHE_SIZE 32
#define CACHE_SECONDS 300
#define MAX_NAME 255

const ip_addr_t ip_addr_any = IPADDR4_INIT(0);

struct cached {
    char name[MAX_NAME + 1];
    ip_addr_t addr;
    timestamp expiry;
};

static struct cached cache[CACHE_SIZE];
static u32 cache_next;

static void set_address(ip_addr_t *a, int is_v6, const u8 *bytes)
{
    zero(a, sizeof(*a));
    if (is_v6) {
        a->type = IPADDR_TYPE_V6;
        runtime_memcpy(ip_2_ip6(a)->addr, bytes, 16);
    } else {
        a->type = IPADDR_TYPE_V4;
        runtime_memcpy(&ip_2_ip4(a)->addr, bytes, 4);
    }
}

static boolean same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower(*a) != tolower(*b))
            return false;
    return *a == *b;
}

static struct cached *cache_find(const char *name)
{
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    for (int i = 0; i < CACHE_SIZE; i++)
        if (cache[i].name[0] && cache[i].expiry > now && same_name(cache[i].name, name))
            return &cache[i];
    return 0;
}

static void cache_add(const char *name, const ip_addr_t *addr)
{
    struct cached *c = cache_find(name);
    if (!c)
        c = &cache[cache_next++ % CACHE_SIZE];
    rsnprintf(c->name, sizeof(c->name), "%s", isstring((char *)name, runtime_strlen(name)));
    c->addr = *addr;
    c->expiry = kern_now(CLOCK_ID_MONOTONIC) + seconds(CACHE_SECONDS);
}

int ipaddr_aton(sstring cp, ip_addr_t *addr)
{
    char text[64];
    u8 bytes[16];
    int is_v6;
    if (cp.len >= sizeof(text))
        return 0;
    runtime_memcpy(text, cp.ptr, cp.len);
    text[cp.len] = 0;
    if (!host_parse_address(text, &is_v6, bytes))
        return 0;
    if (addr)
        set_address(addr, is_v6, bytes);
    return 1;
}

int ipaddr_ntoa_r(const ip_addr_t *addr, char *buf, int buflen)
{
    if (IP_IS_V6(addr))
        return host_format_address(1, (const u8 *)ip_2_ip6(addr)->addr, buf, buflen);
    return host_format_address(0, (const u8 *)&ip_2_ip4(addr)->addr, buf, buflen);
}

struct pending_lookup {
    char name[MAX_NAME + 1];
    boolean cacheable;
    dns_found_callback found;
    void *arg;
};

static void lookup_done(void *arg, int found, int is_v6, const unsigned char *bytes)
{
    struct pending_lookup *p = arg;
    sstring name = isstring(p->name, runtime_strlen(p->name));
    if (found) {
        ip_addr_t a;
        set_address(&a, is_v6, bytes);
        if (p->cacheable)
            cache_add(p->name, &a);
        p->found(name, &a, p->arg);
    } else {
        p->found(name, 0, p->arg);
    }
    deallocate(host_heap(), p, sizeof(*p));
}

err_t dns_gethostbyname(sstring hostname, ip_addr_t *addr, dns_found_callback found,
                        void *callback_arg)
{
    if (!addr || hostname.len == 0 || hostname.len > MAX_NAME)
        return ERR_ARG;
    if (ipaddr_aton(hostname, addr))
        return ERR_OK;
    char name[MAX_NAME + 1];
    runtime_memcpy(name, hostname.ptr, hostname.len);
    name[hostname.len] = 0;
    if (runtime_strlen(name) != hostname.len)
        return ERR_ARG;                 /* an embedded NUL */
    if (same_name(name, "localhost")) {
        *addr = (ip_addr_t)IPADDR4_INIT_BYTES(127, 0, 0, 1);
        return ERR_OK;
    }
    boolean cacheable = !host_resolve_file_lists(name);
    struct cached *c = cacheable ? cache_find(name) : 0;
    if (c) {
        *addr = c->addr;
        return ERR_OK;
    }
    if (!found)
        return ERR_ARG;
    struct pending_lookup *p = allocate(host_heap(), sizeof(*p));
    if (p == INVALID_ADDRESS)
        return ERR_MEM;
    runtime_memcpy(p->name, name, hostname.len + 1);
    p->cacheable = cacheable;
    p->found = found;
    p->arg = callback_arg;
    host_lookup(p->name, lookup_done, p);
    return ERR_INPROGRESS;
}
