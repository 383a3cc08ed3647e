/* generated from klib-src/syslog_tls/syslog_tls.ts by klibc - do not edit */
#pragma once

s32 init(status_handler complete);
