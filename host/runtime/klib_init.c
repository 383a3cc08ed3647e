/* Calling a klib's init(complete) as the kernel's loader does: the return
   value is the klib's answer now; with KLIB_INIT_IN_PROGRESS, the klib
   applies `complete` later (from the loop) and program start waits for it. */
#include "host.h"

#define MAX_KLIBS 64

static struct {
    int state;                  /* HOST_KLIB_PENDING, _DONE or _FAILED */
    char message[256];
} klibs[MAX_KLIBS];

closure_function(1, 1, void, klib_complete,
                 int, index,
                 status s)
{
    int i = bound(index);
    if (is_ok(s)) {
        klibs[i].state = HOST_KLIB_DONE;
    } else {
        klibs[i].state = HOST_KLIB_FAILED;
        rsnprintf(klibs[i].message, sizeof(klibs[i].message), "%v", s);
        timm_dealloc(s);
    }
    closure_finish();
}

int host_klib_init(void *init, int index)
{
    if (index < 0 || index >= MAX_KLIBS)
        host_fatal("too many klibs (at most %d)", MAX_KLIBS);
    klibs[index].state = HOST_KLIB_PENDING;
    status_handler complete = closure(host_heap(), klib_complete, index);
    int r = ((int (*)(status_handler))init)(complete);
    if (r != KLIB_INIT_IN_PROGRESS)
        deallocate_closure(complete);
    if (r == KLIB_INIT_OK)
        klibs[index].state = HOST_KLIB_DONE;
    return r;
}

int host_klib_state(int index, const char **message)
{
    *message = klibs[index].message;
    return klibs[index].state;
}
