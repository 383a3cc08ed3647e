/* Console drivers: every console write (user program output and kernel
   messages) is passed to each enabled driver's write(), under the console
   lock. A driver must not print or block inside write(). */
#ifdef NANOS_HEADERS_DRIVERS_CONSOLE_H
#error "<drivers/console.h> included twice: the Nanos tree's headers have no include guards"
#endif
#ifndef NANOS_HEADERS_KERNEL_H
#error "include <kernel.h> (or <unix_internal.h>) before <drivers/console.h>, as the Nanos tree requires"
#endif
#define NANOS_HEADERS_DRIVERS_CONSOLE_H


struct console_driver {
    struct list l;
    void (*write)(void *d, const char *s, bytes count);    /* d: this struct */
    void (*config)(void *d, tuple r);                       /* optional */
    sstring name;
    boolean disabled;
};

/* enabled drivers go to the head of the list, so they run before serial */
void attach_console_driver(struct console_driver *driver);
