/* generated from klib-src/syslog/backoff.ts by klibc - do not edit */
#pragma once

timestamp backoff_delay(u32 failures);
