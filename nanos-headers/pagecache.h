/* The page cache: file writes go through a node's writer, then sync. */
#ifdef NANOS_HEADERS_PAGECACHE_H
#error "<pagecache.h> included twice: the Nanos tree's headers have no include guards"
#endif
#ifndef NANOS_HEADERS_KERNEL_H
#error "include <kernel.h> (or <unix_internal.h>) before <pagecache.h>, as the Nanos tree requires"
#endif
#define NANOS_HEADERS_PAGECACHE_H


typedef struct pagecache_node *pagecache_node;

/* bytes currently held by the page cache */
u64 pagecache_get_occupancy(void);
/* writes sg's data at range r of the node */
sg_io pagecache_node_get_writer(pagecache_node pn);
void pagecache_sync_node(pagecache_node pn, status_handler complete);
