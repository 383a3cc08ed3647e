/* mbedtls uses <assert.h> only for static_assert (compile-time checks);
   run-time assert() has no place in the kernel, so it is not offered. */
#ifndef KLIB_MBEDTLS_ASSERT_H
#define KLIB_MBEDTLS_ASSERT_H

#define static_assert _Static_assert

#endif
