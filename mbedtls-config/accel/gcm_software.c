/* mbedtls's own GCM, unchanged, as the software fallback of accel/gcm.c: library/gcm.c of the
 * pinned mbedtls source is compiled here with MBEDTLS_GCM_ALT left undefined (klib_config.h
 * reads KLIB_GCM_SOFTWARE_COPY) and its public names renamed, so that it and our mbedtls_gcm_*
 * live side by side in one library. Found through the include path: "../library/gcm.c" from
 * mbedtls's include directory, in our build and in a Nanos tree alike.
 */
#define KLIB_GCM_SOFTWARE_COPY
#define mbedtls_gcm_context        klib_gcm_software_context
#define mbedtls_gcm_init           klib_gcm_software_init
#define mbedtls_gcm_setkey         klib_gcm_software_setkey
#define mbedtls_gcm_starts         klib_gcm_software_starts
#define mbedtls_gcm_update         klib_gcm_software_update
#define mbedtls_gcm_finish         klib_gcm_software_finish
#define mbedtls_gcm_crypt_and_tag  klib_gcm_software_crypt_and_tag
#define mbedtls_gcm_auth_decrypt   klib_gcm_software_auth_decrypt
#define mbedtls_gcm_free           klib_gcm_software_free
#define mbedtls_gcm_self_test      klib_gcm_software_self_test

#include "../library/gcm.c"

/* The names above, declared as accel/gcm.c sees them: a mismatch fails here. */
#include "gcm_software.h"
#include "klib_accel.h"

_Static_assert(sizeof(klib_gcm_software_context) <= KLIB_GCM_SOFTWARE_BYTES,
               "mbedtls's GCM context does not fit the room gcm_alt.h keeps for it");
_Static_assert(_Alignof(klib_gcm_software_context) <= 8,
               "mbedtls's GCM context needs more alignment than gcm_alt.h gives it");
