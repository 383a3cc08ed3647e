/* Layout probe: compiles against either header set, ours or a configured
   Nanos tree's, and records sizes, offsets and constants in the object's
   ".probe" section (read back by check-layout). It is never linked or run.
   Against a Nanos tree it needs the kernel's include path and -DKERNEL. */
#include <unix_internal.h>
#include <drivers/console.h>
#include <http.h>
#include <lwip.h>
#include <mktime.h>
#include <storage.h>

/* a closure with two bound variables of different sizes, and one argument */
closure_function(2, 1, void, probe_closure,
                 u64, wide, u8, narrow,
                 status s)
{
    (void)s;
}

struct probe_entry {
    char name[120];
    u64 value;
};

#define PROBE_AT(name, v, n)                                            \
    __attribute__((used, section(".probe"), aligned(8)))                \
    static const struct probe_entry probe_##n = { name, (u64)(v) };
#define PROBE_N(name, v, n) PROBE_AT(name, v, n)
#define PROBE(name, v)  PROBE_N(name, v, __COUNTER__)
#define SIZE(t)         PROBE("sizeof " #t, sizeof(t))
#define OFFSET(t, f)    PROBE(#t "." #f, __builtin_offsetof(t, f))
#define CONST(c)        PROBE(#c, c)

SIZE(struct heap) OFFSET(struct heap, alloc) OFFSET(struct heap, dealloc)
OFFSET(struct heap, destroy) OFFSET(struct heap, allocated) OFFSET(struct heap, total)
OFFSET(struct heap, management) OFFSET(struct heap, pagesize)
SIZE(struct kernel_heaps) OFFSET(struct kernel_heaps, physical)
OFFSET(struct kernel_heaps, general) OFFSET(struct kernel_heaps, locked)
OFFSET(struct kernel_heaps, malloc) OFFSET(struct kernel_heaps, vmem)
SIZE(struct buffer) OFFSET(struct buffer, start) OFFSET(struct buffer, end)
OFFSET(struct buffer, length) OFFSET(struct buffer, wrapped) OFFSET(struct buffer, h)
OFFSET(struct buffer, contents)
SIZE(sstring) OFFSET(sstring, len) OFFSET(sstring, ptr)
SIZE(boolean) SIZE(timestamp) SIZE(word) SIZE(bytes)
SIZE(struct _closure_common) OFFSET(struct _closure_common, ctx)
OFFSET(struct _closure_common, size)
SIZE(struct _closure_probe_closure) OFFSET(struct _closure_probe_closure, __apply)
OFFSET(struct _closure_probe_closure, __c) OFFSET(struct _closure_probe_closure, wide)
OFFSET(struct _closure_probe_closure, narrow)
SIZE(struct _closure_status_handler) OFFSET(struct _closure_status_handler, __c)
SIZE(struct _closure_timer_handler) SIZE(struct _closure_connection_handler)
CONST(CLOSURE_COMMON_CTX_IS_CONTEXT) CONST(CLOSURE_COMMON_CTX_DEALLOC_ON_FINISH)
SIZE(struct list) OFFSET(struct list, prev) OFFSET(struct list, next)
SIZE(struct spinlock)
SIZE(struct refcount) OFFSET(struct refcount, c) OFFSET(struct refcount, completion)
SIZE(struct timer) OFFSET(struct timer, id) OFFSET(struct timer, expiry)
OFFSET(struct timer, interval) OFFSET(struct timer, absolute) OFFSET(struct timer, active)
OFFSET(struct timer, queued) OFFSET(struct timer, handler)
SIZE(clock_id) CONST(CLOCK_ID_REALTIME) CONST(CLOCK_ID_MONOTONIC) CONST(CLOCK_ID_BOOTTIME)
CONST(timer_disabled) CONST(TIMESTAMP_SECOND)
SIZE(struct queue) OFFSET(struct queue, pc) OFFSET(struct queue, cc) OFFSET(struct queue, d)
OFFSET(struct queue, h) OFFSET(struct queue, order)
SIZE(struct console_driver) OFFSET(struct console_driver, l)
OFFSET(struct console_driver, write) OFFSET(struct console_driver, config)
OFFSET(struct console_driver, name) OFFSET(struct console_driver, disabled)
SIZE(struct sg_buf) OFFSET(struct sg_buf, buf) OFFSET(struct sg_buf, size)
OFFSET(struct sg_buf, offset) OFFSET(struct sg_buf, refcount)
SIZE(struct sg_list) OFFSET(struct sg_list, b) OFFSET(struct sg_list, count)
OFFSET(struct sg_list, l)
SIZE(range)
SIZE(inode) OFFSET(struct filesystem, get_inode)
OFFSET(struct fsfile, fs) OFFSET(struct fsfile, read) CONST(FS_NODE_FOLLOW)
SIZE(struct tm) OFFSET(struct tm, tm_year) OFFSET(struct tm, tm_mon)
OFFSET(struct tm, tm_mday) OFFSET(struct tm, tm_hour) OFFSET(struct tm, tm_min)
OFFSET(struct tm, tm_sec)
SIZE(ip4_addr_t) SIZE(ip6_addr_t) SIZE(ip_addr_t) OFFSET(ip_addr_t, u_addr)
OFFSET(ip_addr_t, type)
SIZE(struct netif) OFFSET(struct netif, refcount)
SIZE(struct pbuf) OFFSET(struct pbuf, next) OFFSET(struct pbuf, payload)
OFFSET(struct pbuf, tot_len) OFFSET(struct pbuf, len) OFFSET(struct pbuf, type_internal)
OFFSET(struct pbuf, flags) OFFSET(struct pbuf, ref) OFFSET(struct pbuf, if_idx)
SIZE(struct pbuf_custom) OFFSET(struct pbuf_custom, pbuf)
OFFSET(struct pbuf_custom, custom_free_function)
SIZE(pbuf_layer) SIZE(pbuf_type)
CONST(PBUF_TRANSPORT) CONST(PBUF_IP) CONST(PBUF_LINK) CONST(PBUF_RAW)
CONST(PBUF_RAM) CONST(PBUF_ROM) CONST(PBUF_REF) CONST(PBUF_POOL)
SIZE(err_t) CONST(ERR_OK) CONST(ERR_MEM) CONST(ERR_BUF) CONST(ERR_TIMEOUT) CONST(ERR_RTE)
CONST(ERR_INPROGRESS) CONST(ERR_VAL) CONST(ERR_WOULDBLOCK) CONST(ERR_USE) CONST(ERR_ALREADY)
CONST(ERR_ISCONN) CONST(ERR_CONN) CONST(ERR_IF) CONST(ERR_ABRT) CONST(ERR_RST)
CONST(ERR_CLSD) CONST(ERR_ARG)
CONST(IPADDR_TYPE_V4) CONST(IPADDR_TYPE_V6) CONST(IPADDR_TYPE_ANY)
CONST(IPADDR_STRLEN_MAX) CONST(ARP_QUEUE_LEN)
SIZE(http_method) CONST(HTTP_REQUEST_METHOD_GET) CONST(HTTP_REQUEST_METHOD_POST)
CONST(HTTP_REQUEST_METHOD_PATCH)
CONST(KLIB_INIT_OK) CONST(KLIB_MISSING_DEP) CONST(KLIB_INIT_IN_PROGRESS) CONST(KLIB_INIT_FAILED)
SIZE(enum log_level) CONST(LOG_ALWAYS) CONST(LOG_ERR) CONST(LOG_WARN) CONST(LOG_INFO)
CONST(MEM_ZERO) CONST(MEM_NOWAIT) CONST(MEM_NOFAIL)
CONST(tag_string) CONST(tag_symbol) CONST(tag_table_tuple) CONST(tag_function_tuple)
CONST(tag_vector) CONST(tag_integer) CONST(VA_TAG_OFFSET) CONST(VA_TAG_WIDTH)
CONST(IMM_UINT_MAX) CONST(INVALID_ADDRESS)
#ifdef NANOS_CONTEXT_TRANSIENT_HEAP_OFFSET
PROBE("struct context.transient_heap", NANOS_CONTEXT_TRANSIENT_HEAP_OFFSET)
#else
OFFSET(struct context, transient_heap)
#endif
