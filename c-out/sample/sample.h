/* generated from klib-src/sample/sample.ts by klibc - do not edit */
#pragma once

s32 init(status_handler complete);
