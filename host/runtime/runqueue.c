/* The run queue behind async_apply(): klibs enqueue thunks with the inline
   lock-free producer of the headers; the loop is the single consumer. */
#include "host.h"

#define RUNQUEUE_ORDER 12

queue runqueue;

void host_runqueue_init(void)
{
    static struct queue q;
    static void *slots[1 << RUNQUEUE_ORDER];
    q.d = slots;
    q.order = RUNQUEUE_ORDER;
    q.h = host_heap();
    runqueue = &q;
}

/* Only what was queued before the call runs: a thunk that queues itself
   again waits for the next loop iteration. */
int host_runqueue_service(void)
{
    queue q = runqueue;
    u32 stop = q->cc.tail;
    int ran = 0;
    while (q->cc.head != stop) {
        thunk t = q->d[q->cc.head & ((1u << q->order) - 1)];
        q->cc.head++;
        q->pc.tail = q->cc.head;
        apply(t);
        ran = 1;
    }
    return ran;
}
