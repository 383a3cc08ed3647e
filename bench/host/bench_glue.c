/* What the benchmark klibhost (mk/host.mk, bench-klibhost) needs besides the
 * runtime, which is written for a sanitized build.
 *
 * The klibs are built with the kernel's flags, whose stack protector reads
 * the global __stack_chk_guard the kernel exports
 * (-mstack-protector-guard=global); glibc keeps its guard in thread-local
 * storage, so it is defined here, and klibhost exports it (-rdynamic). The
 * value only has to stay put while klib frames are live: a constant does.
 *
 * The runtime calls into the sanitizer runtime (leak-checker roots, the
 * switch to the kernel-style stack, stack traces); without the sanitizers
 * there is nothing to tell, so these do nothing. */
#include <stddef.h>

unsigned long __stack_chk_guard = 0x5be3c1a9e07d2f41ul;

void __lsan_register_root_region(const void *p, size_t size)
{
    (void)p;
    (void)size;
}

void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom, size_t size)
{
    (void)fake_stack_save;
    (void)bottom;
    (void)size;
}

void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old, size_t *size_old)
{
    (void)fake_stack_save;
    (void)bottom_old;
    (void)size_old;
}

void __sanitizer_print_stack_trace(void)
{
}

void __asan_poison_memory_region(void const volatile *addr, size_t size)
{
    (void)addr;
    (void)size;
}

void __asan_unpoison_memory_region(void const volatile *addr, size_t size)
{
    (void)addr;
    (void)size;
}
