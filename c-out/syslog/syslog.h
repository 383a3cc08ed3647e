/* generated from klib-src/syslog/syslog.ts by klibc - do not edit */
#pragma once

s32 init(status_handler complete);
