/* A binary heap under the kernel's pqueue interface: sort(a, b) true means
   a sorts after b, and pqueue_pop() returns the first in that order
   (INVALID_ADDRESS when empty). */
#include "host.h"

struct pqueue {
    heap h;
    boolean (*sort)(void *, void *);
    vector body;
};

pqueue allocate_pqueue(heap h, boolean (*sort)(void *, void *))
{
    pqueue q = allocate(h, sizeof(*q));
    if (q == INVALID_ADDRESS)
        return q;
    q->h = h;
    q->sort = sort;
    q->body = allocate_vector(h, 16);
    if (q->body == INVALID_ADDRESS) {
        deallocate(h, q, sizeof(*q));
        return INVALID_ADDRESS;
    }
    return q;
}

void deallocate_pqueue(pqueue q)
{
    deallocate_vector(q->body);
    deallocate(q->h, q, sizeof(*q));
}

static void **slots(pqueue q)
{
    return buffer_ref(q->body, 0);
}

static void swap(void **s, int a, int b)
{
    void *x = s[a];
    s[a] = s[b];
    s[b] = x;
}

void pqueue_insert(pqueue q, void *v)
{
    vector_push(q->body, v);
    void **s = slots(q);
    for (int i = vector_length(q->body) - 1; i > 0; ) {
        int parent = (i - 1) / 2;
        if (!q->sort(s[parent], s[i]))
            break;
        swap(s, parent, i);
        i = parent;
    }
}

void *pqueue_pop(pqueue q)
{
    int n = vector_length(q->body);
    if (n == 0)
        return INVALID_ADDRESS;
    void **s = slots(q);
    void *top = s[0];
    s[0] = s[n - 1];
    q->body->end -= sizeof(void *);
    n--;
    for (int i = 0; ; ) {
        int first = i, l = 2 * i + 1, r = l + 1;
        if (l < n && q->sort(s[first], s[l]))
            first = l;
        if (r < n && q->sort(s[first], s[r]))
            first = r;
        if (first == i)
            break;
        swap(s, i, first);
        i = first;
    }
    return top;
}
