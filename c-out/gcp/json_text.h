/* generated from klib-src/gcp/json_text.ts by klibc - do not edit */
#pragma once

boolean json_append_escaped(buffer b, u8 *p, bytes off, bytes n);
boolean json_append_string(buffer b, buffer s);
