/* Scatter-gather lists: a buffer of sg_buf entries plus a byte count. */
#ifndef NANOS_HEADERS_SG_H
#define NANOS_HEADERS_SG_H

typedef struct sg_buf {
    void *buf;                  /* start of the fragment */
    u32 size;                   /* bytes, counting the offset part */
    u32 offset;                 /* data starts at buf + offset */
    refcount refcount;          /* released when the fragment is consumed */
} *sg_buf;

typedef struct sg_list {
    buffer b;                   /* array of struct sg_buf */
    word count;                 /* total bytes */
    struct list l;
} *sg_list;

closure_type(sg_io, void, sg_list sg, range r, status_handler complete);

sg_list allocate_sg_list(void);
void deallocate_sg_list(sg_list sg);

/* appends an entry for length bytes; the caller fills it in */
static inline sg_buf sg_list_tail_add(sg_list sg, word length)
{
    if (!buffer_extend(sg->b, sizeof(struct sg_buf)))
        return INVALID_ADDRESS;
    sg_buf sgb = buffer_end(sg->b);
    buffer_produce(sg->b, sizeof(struct sg_buf));
    fetch_and_add(&sg->count, length);
    return sgb;
}

#define sg_list_length(sg) (buffer_length((sg)->b) / sizeof(struct sg_buf))

#endif
