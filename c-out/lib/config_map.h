/* generated from klib-src/lib/config_map.ts by klibc - do not edit */
#pragma once
#include "config_keys.h"

enum config_status read_config_map(heap h, value v, sstring klib, sstring off,
                                   const struct config_key *keys, u32 count, void *record);
void free_config_map(const struct config_key *keys, u32 count, void *record);
void report_invalid(sstring klib, sstring key, sstring rule, sstring off);
