/* Randomness and the serial console: two small services from Linux. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include <stdint.h>
#include "host_sys.h"

void host_random_bytes(void *p, unsigned long long n)
{
    uint8_t *q = p;
    while (n) {
        ssize_t got = getrandom(q, n, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            host_fatal("getrandom: %s", strerror(errno));
        }
        q += got;
        n -= got;
    }
}

/* Blocking, whole writes: a serial port does not drop bytes. */
void host_serial_write(const char *p, unsigned long long n)
{
    while (n) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return;         /* stdout closed: the console has no reader */
        }
        p += w;
        n -= w;
    }
}
