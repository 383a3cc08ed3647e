/* generated from klib-src/cloudwatch/cloudwatch.ts by klibc - do not edit */
#pragma once

s32 init(status_handler complete);
