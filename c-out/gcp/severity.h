/* generated from klib-src/gcp/severity.ts by klibc - do not edit */
#pragma once

/* google.logging.type.LogSeverity, in order. */
enum severity {
    SEVERITY_DEFAULT,
    SEVERITY_DEBUG,
    SEVERITY_INFO,
    SEVERITY_NOTICE,
    SEVERITY_WARNING,
    SEVERITY_ERROR,
    SEVERITY_CRITICAL,
    SEVERITY_ALERT,
    SEVERITY_EMERGENCY,
};

enum severity severity_of_word(u8 *p, bytes at, bytes n, boolean whole_only);
enum severity detect_severity(u8 *p, bytes at, bytes n);
sstring severity_name(enum severity s);
