/* Intrusive doubly linked list; a list head points at itself when empty. */
#ifndef NANOS_HEADERS_LIST_H
#define NANOS_HEADERS_LIST_H

typedef struct list {
    struct list *prev;
    struct list *next;
} *list;

#define struct_from_list(l, s, f) struct_from_field(l, s, f)

static inline struct list *list_begin(struct list *head)
{
    return head->next;
}

static inline struct list *list_end(struct list *head)
{
    return head;
}

/* safe against deleting e inside the loop */
#define list_foreach(l, e) \
    for (list __next, e = list_begin(l); __next = e->next, e != list_end(l); e = __next)

static inline void list_init(struct list *head)
{
    head->prev = head->next = head;
}

static inline void list_init_member(struct list *p)
{
    p->prev = p->next = 0;
}

static inline boolean list_empty(struct list *head)
{
    return head->next == head;
}

static inline boolean list_inserted(struct list *p)
{
    return p->next != 0;
}

static inline void list_delete(struct list *p)
{
    p->prev->next = p->next;
    p->next->prev = p->prev;
    p->prev = p->next = 0;
}

static inline void list_insert_after(struct list *pos, struct list *new)
{
    new->prev = pos;
    new->next = pos->next;
    pos->next->prev = new;
    pos->next = new;
}

static inline void list_insert_before(struct list *pos, struct list *new)
{
    new->prev = pos->prev;
    new->next = pos;
    pos->prev->next = new;
    pos->prev = new;
}

static inline void list_push_back(struct list *head, struct list *elem)
{
    list_insert_before(head, elem);
}

static inline void list_push(struct list *head, struct list *elem)
{
    list_insert_after(head, elem);
}

/* the pops return 0 on an empty list */
static inline struct list *list_pop(struct list *head)
{
    struct list *first = head->next;
    if (first == head)
        return 0;
    list_delete(first);
    return first;
}

static inline struct list *list_pop_back(struct list *head)
{
    struct list *last = head->prev;
    if (last == head)
        return 0;
    list_delete(last);
    return last;
}

#endif
