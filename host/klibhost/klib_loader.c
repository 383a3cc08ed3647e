/* Loading klibs the way the kernel does. Each klib is a shared object built
   from c-out/<name>/ against nanos-headers; dlopen binds its undefined
   symbols to klibhost's exported runtime and to klibs loaded before it
   (RTLD_GLOBAL), as the kernel links klibs against its symbol table. A klib
   whose symbols cannot all be bound yet (it needs another klib, e.g.
   tls_connect) waits and is retried after each successful init, like
   KLIB_MISSING_DEP; whatever still waits at the end is an error. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host_sys.h"
#include "klib_loader.h"

struct klib {
    char name[128];
    char path[4096];
    int index;
    int loaded;
    char last_error[512];
};

static int try_load(struct klib *k)
{
    void *h = dlopen(k->path, RTLD_NOW | RTLD_GLOBAL);
    if (!h) {
        snprintf(k->last_error, sizeof(k->last_error), "%s", dlerror());
        return 0;
    }
    void *init = dlsym(h, "init");
    if (!init)
        host_fatal("klib %s has no init function", k->name);
    k->loaded = 1;
    int r = host_klib_init(init, k->index);
    if (r == HOST_KLIB_INIT_OK || r == HOST_KLIB_INIT_IN_PROGRESS)
        return 1;
    host_fatal("klib %s: init failed (%d)", k->name, r);
}

void load_klibs(const char *config_path, const char *klib_dir)
{
    int n = host_config_klib_count();
    struct klib *klibs = calloc(n ? n : 1, sizeof(struct klib));
    for (int i = 0; i < n; i++) {
        struct klib *k = &klibs[i];
        host_config_klib_name(i, k->name, sizeof(k->name));
        k->index = i;
        snprintf(k->path, sizeof(k->path), "%s/%s.so", klib_dir, k->name);
        if (!k->name[0] || strchr(k->name, '/') || access(k->path, R_OK) != 0)
            host_fatal("%s: \"Klibs\" names an unknown klib \"%s\" (no %s)",
                       config_path, k->name, k->path);
    }
    /* Keep passing over the waiting klibs while one of them makes progress. */
    int progress = 1;
    while (progress) {
        progress = 0;
        for (int i = 0; i < n; i++)
            if (!klibs[i].loaded && try_load(&klibs[i]))
                progress = 1;
    }
    for (int i = 0; i < n; i++)
        if (!klibs[i].loaded)
            host_fatal("missing dependencies for %s klib: %s", klibs[i].name, klibs[i].last_error);

    /* Program start waits for every init still in progress. */
    for (;;) {
        int pending = 0;
        for (int i = 0; i < n; i++) {
            const char *message;
            int state = host_klib_state(i, &message);
            if (state == HOST_KLIB_FAILED)
                host_fatal("klib %s failed to initialize: %s", klibs[i].name, message);
            pending += state == HOST_KLIB_PENDING;
        }
        if (!pending)
            break;
        host_loop_once(0);
    }
    free(klibs);
}
