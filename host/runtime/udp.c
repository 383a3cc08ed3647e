/* UDP with lwIP's raw interface (what syslog uses): a dual-stack PCB, and
   udp_sendto() of a pbuf chain as one datagram. The pbuf stays the caller's,
   as in lwIP. Also the pbuf calls: plain pbufs allocated here and custom
   pbufs over the caller's memory, freed through their free function when
   the last reference goes. */
#include "host.h"
#include <lwip.h>

/* lwIP's flag for a pbuf_custom. */
#define PBUF_FLAG_IS_CUSTOM 0x02

struct udp_pcb {
    int fd;
};

struct udp_pcb *udp_new_ip_type(u8_t type)
{
    (void)type;                 /* always dual stack */
    int fd = host_udp_socket();
    if (fd < 0)
        return 0;
    struct udp_pcb *pcb = allocate(host_heap(), sizeof(*pcb));
    if (pcb == INVALID_ADDRESS) {
        host_socket_close(fd);
        return 0;
    }
    pcb->fd = fd;
    return pcb;
}

err_t udp_sendto(struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *dst_ip, u16_t dst_port)
{
    if (!pcb || !p || !dst_ip)
        return ERR_ARG;
    buffer datagram = allocate_buffer(host_heap(), p->tot_len);
    if (datagram == INVALID_ADDRESS)
        return ERR_MEM;
    for (struct pbuf *q = p; q; q = q->next)
        buffer_write(datagram, q->payload, q->len);
    boolean v6 = IP_IS_V6(dst_ip);
    const u8 *bytes = v6 ? (const u8 *)ip_2_ip6(dst_ip)->addr : (const u8 *)&ip_2_ip4(dst_ip)->addr;
    s64 n = host_udp_sendto(pcb->fd, buffer_ref(datagram, 0), buffer_length(datagram), v6, bytes, dst_port);
    deallocate_buffer(datagram);
    if (n < 0)
        return host_errno_would_block(-n) ? ERR_MEM : ERR_RTE;
    return ERR_OK;
}

struct pbuf *pbuf_alloc(pbuf_layer l, u16_t length, pbuf_type type)
{
    (void)type;
    bytes size = sizeof(struct pbuf) + l + length;
    struct pbuf *p = allocate(host_heap(), size);
    if (p == INVALID_ADDRESS)
        return 0;
    zero(p, sizeof(*p));
    p->payload = (u8 *)(p + 1) + l;
    p->tot_len = p->len = length;
    p->ref = 1;
    return p;
}

struct pbuf *pbuf_alloced_custom(pbuf_layer l, u16_t length, pbuf_type type,
                                 struct pbuf_custom *pc, void *payload_mem,
                                 u16_t payload_mem_len)
{
    (void)type;
    if ((u32)l + length > payload_mem_len)
        return 0;
    struct pbuf *p = &pc->pbuf;
    p->next = 0;
    p->payload = payload_mem ? (u8 *)payload_mem + l : 0;
    p->tot_len = p->len = length;
    p->type_internal = 0;
    p->flags = PBUF_FLAG_IS_CUSTOM;
    p->ref = 1;
    p->if_idx = 0;
    return p;
}

u8_t pbuf_remove_header(struct pbuf *p, bytes header_size)
{
    if (!p || header_size > p->len)
        return 1;
    p->payload = (u8 *)p->payload + header_size;
    p->len -= header_size;
    p->tot_len -= header_size;
    return 0;
}

void pbuf_ref(struct pbuf *p)
{
    if (p)
        p->ref++;
}

/* Releases a reference on each pbuf of the chain until one is still held;
   returns how many were freed. */
u8_t pbuf_free(struct pbuf *p)
{
    u8_t freed = 0;
    while (p && --p->ref == 0) {
        struct pbuf *next = p->next;
        if (p->flags & PBUF_FLAG_IS_CUSTOM)
            ((struct pbuf_custom *)p)->custom_free_function(p);
        else
            deallocate(host_heap(), p, sizeof(struct pbuf) + ((u8 *)p->payload - (u8 *)(p + 1)) + p->len);
        freed++;
        p = next;
    }
    return freed;
}
