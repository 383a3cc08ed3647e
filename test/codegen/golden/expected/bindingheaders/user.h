/* generated from test/codegen/golden/bindingheaders/user.ts by klibc - do not edit */
#pragma once

u32 twice(void);
