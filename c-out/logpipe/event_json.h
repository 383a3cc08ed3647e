/* generated from klib-src/logpipe/event_json.ts by klibc - do not edit */
#pragma once

u32 logpipe_escape_text(buffer b, u8 *src, u32 from, u32 end, bytes room);
