/* generated from klib-src/syslog/message.ts by klibc - do not edit */
#pragma once
#include "config.h"

boolean write_line_text(buffer b, u8 *data, bytes length, boolean loss);
boolean write_message(buffer b, config c, buffer host, u8 *data, bytes length, timestamp stamp,
                      boolean loss);
