/* generated from klib-src/lib/http_tls.ts by klibc - do not edit */
#pragma once
#include "http_client.h"

boolean http_client_use_tls(http_client c);
