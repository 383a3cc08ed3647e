/* generated from klib-src/syslog/message.ts by klibc - do not edit */
#pragma once
#include "config.h"

boolean is_empty_record(u64 pos);
boolean write_message(buffer b, config c, buffer host, u64 pos);
