/* The kernel's shutdown, in the order kernel_shutdown and storage_shutdown
   follow it at b9c3671d (src/kernel/init.c):

   1. Every shutdown completion is applied, in registration order, with the
      exit status and one merge; then the kernel's own reference to the merge
      is released. A completion delays the halt by taking apply_merge(m) and
      applying it later (a final flush).
   2. The kernel waits for the merge with no deadline at all; timers, sockets
      and deferred work keep running meanwhile. A merge that never completes is
      a VM that never halts: klibhost's watchdog (--flush-timeout) only turns
      that into a failure a test can see (klibhost/main.c).
   3. The merge's completion runs from the loop. Its last error status is
      printed on the console ("[T] storage_shutdown error: <result>", through
      every console driver, so klibs receive it as a console write); then, for
      a non-zero status, the kernel log is written to disk (klog_save), then
      the filesystems are synced (storage_sync): each an asynchronous disk
      operation, here one pass of the loop. Then the VM exits (vm_exit does not
      wait for anything else).

   A program killed by a signal whose default action dumps core also gets the
   kernel's coredump completion (src/unix/signal.c registers it when the
   signal is acted on, so after every klib's), which fails with "no core
   generated: limit 0" unless the manifest's coredumplimit is set: that is the
   kernel's very last console line of a crash. */
#include "host.h"

static vector handlers;

static struct {
    int status;
    boolean save_klog;
    boolean sync_storage;
    boolean merge_done;
    boolean halted;
    closure_struct(status_handler, storage_shutdown);
    status_handler storage_done;        /* &storage_shutdown, as its closure type */
    closure_struct(shutdown_handler, coredump);
} vm;

void add_shutdown_completion(shutdown_handler h)
{
    if (!handlers)
        handlers = allocate_vector(host_heap(), 4);
    vector_push(handlers, h);
}

/* A disk write (klog_save) or a sync (storage_sync) completing: from the
   loop, after one pass in which timers and sockets are served. */
static void disk_operation_done(void *arg)
{
    (void)arg;
    apply(vm.storage_done, STATUS_OK);
}

closure_func_basic(status_handler, void, storage_shutdown,
                   status s)
{
    vm.merge_done = true;
    if (!is_ok(s)) {
        string result = get_string(s, sym(result));
        /* The kernel formats it with %b: without a result it would fault. */
        if (!result)
            host_fatal("a shutdown completion failed with a status that has no result: "
                       "the kernel would fault printing it");
        msg_err("%s error: %b", ss("storage_shutdown"), result);
        timm_dealloc(s);
    }
    if (vm.status != 0 && vm.save_klog) {
        vm.save_klog = false;
        host_defer(disk_operation_done, 0);
    } else if (vm.sync_storage) {
        vm.sync_storage = false;
        host_defer(disk_operation_done, 0);
    } else {
        vm.halted = true;
    }
}

static u64 configured_coredump_limit(void)
{
    tuple root = get_root_tuple();
    string limit = root ? get_string(root, sym(coredumplimit)) : 0;
    u64 n = 0;
    if (limit) {
        buffer b = alloca_wrap(limit);
        if (!parse_int(b, 10, &n))
            n = 0;
    }
    return n;
}

static void core_not_written(void *arg)
{
    apply((status_handler)arg, timm("result", "no core generated: klibhost does not write core files"));
}

closure_func_basic(shutdown_handler, void, coredump_at_shutdown,
                   int status, merge m)
{
    (void)status;
    status_handler complete = apply_merge(m);
    /* coredump(): with no limit it fails at once, inside the completion. */
    if (configured_coredump_limit() == 0)
        apply(complete, timm("result", "no core generated: limit 0"));
    else
        host_defer(core_not_written, complete);
}

void host_add_coredump_completion(void)
{
    add_shutdown_completion(init_closure_func(&vm.coredump, shutdown_handler, coredump_at_shutdown));
}

int host_run_shutdown(int code, u64 watchdog_ns)
{
    vm.status = code;
    /* An image always has a root filesystem: klog saved (non-zero status), storage synced. */
    vm.save_klog = true;
    vm.sync_storage = true;
    vm.storage_done = init_closure_func(&vm.storage_shutdown, status_handler, storage_shutdown);
    merge m = allocate_merge(host_heap(), vm.storage_done);
    if (m == INVALID_ADDRESS)
        host_fatal("shutdown: out of memory");
    status_handler started = apply_merge(m);
    if (handlers) {
        for (int i = 0; i < vector_length(handlers); i++)
            apply((shutdown_handler)vector_get(handlers, i), code, m);
    }
    apply(started, STATUS_OK);
    /* Once the merge has completed, the disk operations finish whatever the
       watchdog says: only a merge that never completes is a hang. */
    while (!vm.halted && (vm.merge_done || host_monotonic_ns() < watchdog_ns))
        host_loop_once(vm.merge_done ? 0 : watchdog_ns);
    return vm.halted;
}
