/* generated from klib-src/lib/json_writer.ts by klibc - do not edit */
#pragma once

boolean json_append_string(buffer b, u8 *src, bytes off, bytes n);
boolean json_append_buffer(buffer b, buffer src);
