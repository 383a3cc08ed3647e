/* generated from klib-src/cloudwatch/metrics.ts by klibc - do not edit */
#pragma once
#include "aws_request.h"
#include "credentials.h"

boolean metrics_init(heap h, aws_api a, credentials k);
void metrics_start(u64 interval, buffer aws_region, buffer host_name);
void metrics_shutdown(void);
u64 metrics_accepted(void);
