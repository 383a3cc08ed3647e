/* generated from test/codegen/golden/opaquestruct/opaquestruct.ts by klibc - do not edit */
#pragma once

struct tls_trust;

void remember(struct tls_trust *t);
u32 have_trust(void);
