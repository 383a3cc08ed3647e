/* generated from test/codegen/golden/enums/enums.ts by klibc - do not edit */
#pragma once

enum severity {
    SEVERITY_DEFAULT = 0,
    SEVERITY_INFO = 200,
    SEVERITY_WARNING = 400,
    SEVERITY_ERROR = 500,
};

enum protocol {
    PROTOCOL_UDP,
    PROTOCOL_TCP,
    PROTOCOL_TLS,
};

u32 default_port(enum protocol p);
boolean is_error(enum severity s);
timestamp wall_clock(void);
