# The tls klib (klib-src/tls/, generated into c-out/tls/): what it links
# besides its generated C, for the kernel (make klibs) and for klibhost
# (make host-klibs), and its tests and benchmark.
#
#   $(TLS_CA_BUNDLE_OBJ)  Debian's CA bundle (package ca-certificates) as an
#                         object: the default trust, embedded at build time
#   make test-tls-klibs   the hosted tls klib and the test klib test/tls uses
#   make bench-tls        TLS write throughput next to raw AES-GCM and SHA-256
#
# Included after mk/mbedtls.mk (MBEDTLS_*) and before mk/host.mk, whose
# per-klib hooks HOST_KLIB_CFLAGS_tls / HOST_KLIB_EXTRA_OBJS_tls are set here.

TLS_BUILD := $(BUILD)/tls

# --- the embedded CA bundle ----------------------------------------------------

TLS_CA_BUNDLE_PEM := /etc/ssl/certs/ca-certificates.crt
TLS_CA_BUNDLE_OBJ := $(TLS_BUILD)/ca-bundle.o
APT_BUILD_PKGS += ca-certificates

$(TLS_CA_BUNDLE_PEM):
	@tools/apt-ensure ca-certificates

# mbedtls-config/tls_ca_bundle.S: the PEM text and one NUL, and its size (declared in
# mbedtls-config/tls_ca_bundle.h); a Nanos tree assembles the same file (nanos-tree.mk).
$(TLS_CA_BUNDLE_OBJ): $(ROOT)/mbedtls-config/tls_ca_bundle.S $(TLS_CA_BUNDLE_PEM) $(ROOT)/mk/tls.mk
	@mkdir -p $(@D)
	$(CC) -DTLS_CA_BUNDLE_PEM='"$(TLS_CA_BUNDLE_PEM)"' -c $< -o $@

# --- the klib ------------------------------------------------------------------

# libc.ts defines memcpy, memmove, strlen ... as loops; without this gcc
# may turn a loop back into a call to the very function it is in.
TLS_KLIB_CFLAGS := -fno-tree-loop-distribute-patterns

# Nanos kernel klib (mk/klibs.mk; mk/mbedtls.mk adds the mbedtls headers and
# the freestanding library).
KLIB_CFLAGS_tls += $(TLS_KLIB_CFLAGS)
KLIB_EXTRA_OBJS_tls += $(TLS_CA_BUNDLE_OBJ)
KLIB_DEPS_tls += $(TLS_CA_BUNDLE_OBJ)

# klibhost (mk/host.mk): the same C against the same freestanding mbedtls
# headers (they come before the system's, so the C library headers mbedtls
# includes are ours, as in the kernel build), linked with the sanitized
# hosted library.
HOST_KLIB_CFLAGS_tls := $(MBEDTLS_KLIB_INCLUDES) $(TLS_KLIB_CFLAGS)
HOST_KLIB_EXTRA_OBJS_tls := $(TLS_CA_BUNDLE_OBJ) $(MBEDTLS_HOST_ASAN_LIB)

# --- tests -----------------------------------------------------------------------

# test/tls/fixtures/<name>/*.c: test klibs that use the tls klib, built
# like mk/host.mk builds its fixtures (same flags), into build/host-klibs/.
TLS_TEST_DIR := $(ROOT)/test/tls
TLS_FIXTURE_DIRS := $(patsubst %/,%,$(sort $(dir $(wildcard $(TLS_TEST_DIR)/fixtures/*/*.c))))
TLS_FIXTURES := $(foreach d,$(TLS_FIXTURE_DIRS),$(BUILD)/host-klibs/$(notdir $(d)).so)

define tls_fixture_rule
$(BUILD)/host-klibs/$(notdir $(1)).so: $(wildcard $(1)/*.c $(1)/*.h) $(wildcard $(ROOT)/nanos-headers/*.h)
	@mkdir -p $$(@D)
	$$(CC) $$(HOST_KLIB_CFLAGS) -I$(1) -shared -Wl,-Bsymbolic -o $$@ $(wildcard $(1)/*.c)
endef
$(foreach d,$(TLS_FIXTURE_DIRS),$(eval $(call tls_fixture_rule,$(d))))

# test/tls/klibs/<name>/*.ts: test klibs in the dialect, compiled by klibc
# into build/tls/klibs/<name>/ and then like the fixtures above (with mbedtls's
# include path: tls_digest uses the digest bindings cloudwatch uses).
TLS_DIALECT_DIRS := $(patsubst %/,%,$(sort $(dir $(wildcard $(TLS_TEST_DIR)/klibs/*/*.ts))))
TLS_DIALECT_OUT := $(TLS_BUILD)/klibs
TLS_DIALECT_KLIBS := $(foreach d,$(TLS_DIALECT_DIRS),$(BUILD)/host-klibs/$(notdir $(d)).so)
KLIBC_SOURCES := $(shell find $(ROOT)/codegen -name '*.ts') $(wildcard $(ROOT)/bin/klibc.mjs $(ROOT)/klib-src/*.d.ts $(ROOT)/klib-src/*/*.d.ts)

define tls_dialect_rule
$(BUILD)/host-klibs/$(notdir $(1)).so: $(wildcard $(1)/*.ts) $(KLIBC_SOURCES) $(wildcard $(ROOT)/nanos-headers/*.h)
	@rm -rf $(TLS_DIALECT_OUT)/$(notdir $(1)) && mkdir -p $(TLS_DIALECT_OUT) $$(@D)
	node $(ROOT)/bin/klibc.mjs --out $(TLS_DIALECT_OUT) $(1)
	cd $(TLS_DIALECT_OUT) && $$(CC) $$(HOST_KLIB_CFLAGS) $$(MBEDTLS_KLIB_INCLUDES) -I$(notdir $(1)) -shared -Wl,-Bsymbolic -o $$@ \
	    $$$$(cat $(notdir $(1))/SOURCES)
endef
$(foreach d,$(TLS_DIALECT_DIRS),$(eval $(call tls_dialect_rule,$(d))))

.PHONY: test-tls-klibs bench-tls
test-tls-klibs: $(BUILD)/klibhost $(BUILD)/host-klibs/tls.so $(TLS_FIXTURES) $(TLS_DIALECT_KLIBS)

# test/tls/stress/: the session's C (with trust_store.c and platform.c) on real threads against a
# fake direct (test/tls/stress.test.ts), built twice: with ASan/UBSan and the sanitized mbedtls,
# and with ThreadSanitizer and the plain one (spinlocks from stress/tsan/lock.h, which TSan sees).
TLS_STRESS_DIR := $(TLS_TEST_DIR)/stress
TLS_STRESS_COMMA := ,
TLS_STRESS_KLIB_SRCS := $(TLS_STRESS_DIR)/stress_kernel.c $(ROOT)/host/runtime/buffers.c \
    $(addprefix $(ROOT)/c-out/tls/,session.c failure_memory.c trust_store.c pem_cas.c platform.c)
TLS_STRESS_DEPS := $(TLS_STRESS_KLIB_SRCS) $(TLS_STRESS_DIR)/stress_sys.c $(wildcard $(TLS_STRESS_DIR)/*.h \
    $(TLS_STRESS_DIR)/tsan/*.h $(ROOT)/c-out/tls/*.h $(ROOT)/nanos-headers/*.h)
TLS_STRESS_KLIB_CFLAGS = -std=gnu11 -g -O1 $(HOST_WARN) -fno-omit-frame-pointer -ffreestanding -DNANOS_HEADERS_HOSTED \
    -I$(ROOT)/nanos-headers $(MBEDTLS_KLIB_INCLUDES) $(TLS_KLIB_CFLAGS) -I$(ROOT)/c-out/tls -I$(ROOT)/host/runtime
# $(1): variant, $(2): sanitizer flags, $(3): extra include directory first, $(4): mbedtls library
define tls_stress_rule
$(TLS_BUILD)/stress/session-stress-$(1): $(TLS_STRESS_DEPS) $(4)
	@mkdir -p $$(@D)
	$$(CC) -std=gnu11 -g -O1 $$(HOST_WARN) $(2) -c $(TLS_STRESS_DIR)/stress_sys.c -o $$@.sys.o
	$$(CC) $(2) $(3) $$(TLS_STRESS_KLIB_CFLAGS) -o $$@ $(TLS_STRESS_KLIB_SRCS) $$@.sys.o $(4) -lpthread
endef
$(eval $(call tls_stress_rule,asan,-fsanitize=address$(TLS_STRESS_COMMA)undefined -fno-sanitize-recover=undefined,,$(MBEDTLS_HOST_ASAN_LIB)))
$(eval $(call tls_stress_rule,tsan,-fsanitize=thread,-I$(TLS_STRESS_DIR)/tsan,$(MBEDTLS_HOST_PLAIN_LIB)))
.PHONY: tls-stress
tls-stress: $(TLS_BUILD)/stress/session-stress-asan $(TLS_BUILD)/stress/session-stress-tsan

# --- benchmark ---------------------------------------------------------------------

# The raw crypto benchmark (mk/mbedtls.mk builds it with the plain library)
# once more with the sanitized library the hosted tls klib links, so that
# the TLS figure has raw figures of the same code next to it.
$(BUILD)/bench/tls/raw-crypto-asan: $(ROOT)/bench/tls/raw-crypto.c $(MBEDTLS_TEST_DIR)/host_platform.c $(MBEDTLS_HOST_ASAN_LIB)
	@mkdir -p $(@D)
	$(CC) $(MBEDTLS_HOST_BASE_CFLAGS) $(MBEDTLS_SANITIZERS) -Wall -Wextra -Werror -o $@ $< $(MBEDTLS_TEST_DIR)/host_platform.c $(MBEDTLS_HOST_ASAN_LIB)

bench-tls: test-tls-klibs $(BUILD)/bench/tls/raw-crypto $(BUILD)/bench/tls/raw-crypto-asan node-deps
	@npx tsx $(ROOT)/bench/tls/throughput.ts
