/* generated from test/codegen/golden/opaquestruct/opaquestruct.ts by klibc - do not edit */
#pragma once

struct trust_anchor;

void remember(struct trust_anchor *t);
u32 have_trust(void);
