/* generated from klib-src/tls/config.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/config_keys.h"
#include "../lib/config_map.h"
#include "config.h"

/* The `tls` manifest tuple: its keys, declared once (KEYS), read by the one reader
 * (lib/config_map.ts), listed in the README from the same rows. Other klibs' connections depend on
 * this klib, so a value that is not valid does not turn it off: the line naming the key says the
 * key keeps its default (certificates checked, 30 s, the embedded bundle). */

/* The keys of the `tls` tuple (lib/config_map.ts says how a row reads). */
static const struct config_key keys[] = {
    { .name = ss_static_init("verify"), .kind = CONFIG_KIND_SWITCH,
      .field = offsetof(tls_config, verify), .initial = ss_static_init("on"),
      .range = ss_static_init(""),
      .doc = ss_static_init("server certificate checks; `off` (or `false`) turns them off, "
                            "with a warning on the console") },
    { .name = ss_static_init("handshake_timeout"), .kind = CONFIG_KIND_SECONDS,
      .field = offsetof(tls_config, handshake_timeout), .initial = ss_static_init("30s"),
      .range = ss_static_init(""),
      .doc = ss_static_init("how long a handshake may take; 0: no limit") },
    { .name = ss_static_init("ca_file"), .kind = CONFIG_KIND_TEXT,
      .field = offsetof(tls_config, ca_file), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("path of a PEM file in the image (absolute, or from the root; a "
                            "symbolic link is followed) holding one or more CA certificates, "
                            "at most 1 MiB: they **replace** the embedded bundle as the "
                            "default trust (below)") },
};

/* The manifest's `tls` tuple (its defaults when absent, and for each key whose value is not valid);
 * null when out of memory, and then the klib keeps its own defaults. */
tls_config read_tls_config(heap h)
{
    tls_config c = allocate(h, sizeof(struct tls_config));
    if (c == INVALID_ADDRESS)
        return 0;
    enum config_status status = read_config_map(h, get(get_root_tuple(), sym_this("tls")),
                                                ss("tls"), ss("the key keeps its default"), keys,
                                                _countof(keys), c);
    if (status != CONFIG_STATUS_UNREAD)
        return c;
    deallocate(h, c, sizeof(struct tls_config));
    return 0;
}
