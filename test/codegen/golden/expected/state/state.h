/* generated from test/codegen/golden/state/state.ts by klibc - do not edit */
#pragma once

boolean record(void);
void reset(void);
