/* generated from test/codegen/golden/inlining/inlining.ts by klibc - do not edit */
#pragma once

s32 init(status_handler complete);
