/* generated from test/codegen/golden/bindingheaders/address.ts by klibc - do not edit */
#pragma once

ip_addr_t *same_address(ip_addr_t *a);
u32 file_length(fsfile f);
u32 use_count(void);
