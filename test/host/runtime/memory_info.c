/* Machine memory figures, from sysinfo(2). */
#include <sys/sysinfo.h>
#include "host_sys.h"

unsigned long long host_physical_memory_bytes(void)
{
    struct sysinfo si;
    if (sysinfo(&si) < 0)
        return 0;
    return (unsigned long long)si.totalram * si.mem_unit;
}

unsigned long long host_available_memory_bytes(void)
{
    struct sysinfo si;
    if (sysinfo(&si) < 0)
        return 0;
    return (unsigned long long)(si.freeram + si.bufferram) * si.mem_unit;
}
