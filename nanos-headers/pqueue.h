/* Priority queue (binary heap). pqueue_pop() returns the element that
   compares highest under the "a sorts after b" function given. */
#ifndef NANOS_HEADERS_PQUEUE_H
#define NANOS_HEADERS_PQUEUE_H

typedef struct pqueue *pqueue;

pqueue allocate_pqueue(heap h, boolean (*sort)(void *, void *));
void deallocate_pqueue(pqueue q);
void pqueue_insert(pqueue q, void *v);
void *pqueue_pop(pqueue q);

#endif
