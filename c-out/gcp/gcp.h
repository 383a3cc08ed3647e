/* generated from klib-src/gcp/gcp.ts by klibc - do not edit */
#pragma once

s32 init(status_handler complete);
