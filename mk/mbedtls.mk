# mbedtls: a pinned build-time dependency, from Debian's source package.
#
#   make mbedtls        fetch (apt-get source), verify, unpack under vendor/,
#                       then build it twice from the same sources:
#     $(MBEDTLS_KLIB_LIB)  freestanding, position independent, for the tls klib
#     $(MBEDTLS_HOST_LIB)  hosted (Linux process), for tests and benchmarks;
#                          SANITIZE=1 adds ASan/UBSan
#   make mbedtls-verify MBEDTLS_TARBALL=FILE
#                       check FILE against the pinned SHA-256 (the same check
#                       the download uses)
#   make bench-crypto   raw AES-128-GCM and SHA-256 throughput (hosted lib)
#
# Other mk files use MBEDTLS_INCLUDES (hosted) or MBEDTLS_KLIB_INCLUDES
# (freestanding), MBEDTLS_KLIB_LIB, MBEDTLS_HOST_LIB, MBEDTLS_HOST_CFLAGS and
# the targets mbedtls-klib / mbedtls-host; the tls klib's hooks are set below.
# The configuration and its platform hooks are in mbedtls-config/.

MBEDTLS_VERSION := 2.28.3
# The Debian revision we checked; any revision of the same upstream version
# ships the same .orig tarball, which is what the checksum pins.
MBEDTLS_DEB_VERSION := 2.28.3-1
MBEDTLS_TARBALL_NAME := mbedtls_$(MBEDTLS_VERSION).orig.tar.gz
MBEDTLS_SHA256 := 3b4953aa55a681e084d31892d9904cc5328d6b4958ea57b90ae4b4f94ae69a8d

# The tests make certificates with the openssl command.
APT_TEST_PKGS += openssl

MBEDTLS_VENDOR := $(ROOT)/vendor/mbedtls
MBEDTLS_DOWNLOAD := $(MBEDTLS_VENDOR)/download
MBEDTLS_SRC := $(MBEDTLS_VENDOR)/src
MBEDTLS_UNPACKED := $(MBEDTLS_SRC)/.unpacked
MBEDTLS_CONFIG_DIR := $(ROOT)/mbedtls-config

# Everything that compiles against mbedtls headers needs these.
MBEDTLS_INCLUDES := -I$(MBEDTLS_CONFIG_DIR) -I$(MBEDTLS_SRC)/include \
                    -DMBEDTLS_CONFIG_FILE='"klib_config.h"'

MBEDTLS_KLIB_LIB := $(BUILD)/mbedtls/klib/libmbedtls.a
# Hosted: a plain build and a sanitized one side by side, so switching
# SANITIZE never rebuilds; MBEDTLS_HOST_LIB is the one SANITIZE asks for.
MBEDTLS_HOST_PLAIN_LIB := $(BUILD)/mbedtls/host/libmbedtls.a
MBEDTLS_HOST_ASAN_LIB := $(BUILD)/mbedtls/host-asan/libmbedtls.a
MBEDTLS_HOST_LIB := $(if $(filter 1,$(SANITIZE)),$(MBEDTLS_HOST_ASAN_LIB),$(MBEDTLS_HOST_PLAIN_LIB))

# The library files our configuration uses (klib_config.h), nothing more, and our own glue,
# built into both libraries: MBEDTLS_MODULES and MBEDTLS_GLUE (shared with a Nanos tree's build).
include $(MBEDTLS_CONFIG_DIR)/modules.mk

MBEDTLS_CONFIG_HEADERS := $(wildcard $(MBEDTLS_CONFIG_DIR)/*.h \
                                     $(MBEDTLS_CONFIG_DIR)/freestanding/include/*.h \
                                     $(MBEDTLS_CONFIG_DIR)/accel/*.h)

# Freestanding, as klibs are built (mk/klibs.mk, after the Nanos kernel's
# klib flags): no C library headers at all (ours in mbedtls-config/
# freestanding/include stand in for the few mbedtls includes, gcc's own give
# stddef/stdint/stdarg), no builtins, no vector registers, position
# independent, the kernel's global stack guard; no checkout path in the
# objects (-ffile-prefix-map, as mk/klibs.mk).
MBEDTLS_GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
# For klib C files that include mbedtls headers (the tls klib).
MBEDTLS_KLIB_INCLUDES := -isystem $(MBEDTLS_CONFIG_DIR)/freestanding/include \
    -isystem $(MBEDTLS_GCC_INCLUDE) $(MBEDTLS_INCLUDES)
MBEDTLS_KLIB_CFLAGS := -std=gnu11 -O2 -g -ffile-prefix-map=$(ROOT)=. -ffreestanding -fno-builtin -nostdinc \
    -fPIC -ffunction-sections -fdata-sections -fno-omit-frame-pointer \
    -mno-mmx -mno-sse -mno-sse2 -mno-red-zone \
    -fstack-protector-strong -mstack-protector-guard=global \
    -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare \
    $(MBEDTLS_KLIB_INCLUDES)

# The tls klib (mk/klibs.mk's per-klib hooks): compiled against the mbedtls
# headers and our configuration, linked with the freestanding library.
KLIB_CFLAGS_tls += $(MBEDTLS_KLIB_INCLUDES)
KLIB_EXTRA_OBJS_tls += $(MBEDTLS_KLIB_LIB)
KLIB_DEPS_tls += $(MBEDTLS_KLIB_LIB)
# The cloudwatch klib hashes (SigV4) with the tls klib's mbedtls: it includes mbedtls's headers,
# as any klib of a Nanos tree may, and links none of it (the tls klib exports the functions).
KLIB_CFLAGS_cloudwatch += $(MBEDTLS_KLIB_INCLUDES)
KLIB_DEPS_cloudwatch += $(MBEDTLS_UNPACKED)
HOST_KLIB_CFLAGS_cloudwatch += $(MBEDTLS_KLIB_INCLUDES)

MBEDTLS_SANITIZERS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
MBEDTLS_HOST_BASE_CFLAGS := -std=gnu11 -O2 -g -fPIC -DMBEDTLS_KLIB_HOSTED $(MBEDTLS_INCLUDES)
# For programs that link $(MBEDTLS_HOST_LIB) (link with the same flags).
MBEDTLS_HOST_CFLAGS := $(MBEDTLS_HOST_BASE_CFLAGS) $(if $(filter 1,$(SANITIZE)),$(MBEDTLS_SANITIZERS))
MBEDTLS_WARNINGS := -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare
MBEDTLS_HOST_PLAIN_LIB_CFLAGS := $(MBEDTLS_HOST_BASE_CFLAGS) $(MBEDTLS_WARNINGS)
MBEDTLS_HOST_ASAN_LIB_CFLAGS := $(MBEDTLS_HOST_BASE_CFLAGS) $(MBEDTLS_SANITIZERS) $(MBEDTLS_WARNINGS)

.PHONY: mbedtls mbedtls-fetch mbedtls-verify mbedtls-klib mbedtls-host mbedtls-host-asan \
        mbedtls-deb-src

mbedtls: mbedtls-klib mbedtls-host
mbedtls-fetch: $(MBEDTLS_UNPACKED)
mbedtls-klib: $(MBEDTLS_KLIB_LIB)
mbedtls-host: $(MBEDTLS_HOST_LIB)
mbedtls-host-asan: $(MBEDTLS_HOST_ASAN_LIB)

# --- fetch, verify, unpack ---------------------------------------------------

# Fails unless $(1) has the pinned SHA-256.
mbedtls_verify = echo "$(MBEDTLS_SHA256)  $(1)" | sha256sum --check --strict --quiet - \
    || { echo "mbedtls: $(1): SHA-256 differs from the pinned $(MBEDTLS_SHA256)" >&2; exit 1; }

mbedtls-verify:
	@test -n "$(MBEDTLS_TARBALL)" || { echo "usage: make mbedtls-verify MBEDTLS_TARBALL=FILE" >&2; exit 2; }
	@$(call mbedtls_verify,$(MBEDTLS_TARBALL))

# apt-get source needs deb-src entries. When apt knows no mbedtls source,
# add them next to the existing ones: the same archives, suites, components
# and keys, as a separate file (deb822 from debian.sources, or one-line
# entries from sources.list), then refresh the lists. Run again, it finds the
# source and changes nothing.
MBEDTLS_APT_SRC_FILE := /etc/apt/sources.list.d/nanos-klibs-deb-src
mbedtls-deb-src:
	@if ! apt-cache showsrc mbedtls 2>/dev/null | grep -q '^Package: mbedtls'; then \
	    sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	    if [ -f /etc/apt/sources.list.d/debian.sources ]; then \
	        sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
	            | $$sudo tee $(MBEDTLS_APT_SRC_FILE).sources >/dev/null; \
	    elif grep -q '^deb ' /etc/apt/sources.list 2>/dev/null; then \
	        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list \
	            | $$sudo tee $(MBEDTLS_APT_SRC_FILE).list >/dev/null; \
	    else \
	        echo "mbedtls: no Debian apt source to derive deb-src from" >&2; exit 1; \
	    fi; \
	    echo "mbedtls: enabled deb-src in $(MBEDTLS_APT_SRC_FILE).*; apt-get update" >&2; \
	    $$sudo apt-get update -qq; \
	fi

# Download the pinned Debian revision, or the current one when the archive
# has moved on (the tarball checksum still decides), then verify.
$(MBEDTLS_DOWNLOAD)/$(MBEDTLS_TARBALL_NAME):
	@$(MAKE) --no-print-directory mbedtls-deb-src
	@rm -rf $(MBEDTLS_DOWNLOAD).tmp && mkdir -p $(MBEDTLS_DOWNLOAD).tmp
	@cd $(MBEDTLS_DOWNLOAD).tmp && { \
	    apt-get source --download-only -qq mbedtls=$(MBEDTLS_DEB_VERSION) 2>/dev/null \
	    || apt-get source --download-only -qq mbedtls; }
	@$(call mbedtls_verify,$(MBEDTLS_DOWNLOAD).tmp/$(MBEDTLS_TARBALL_NAME))
	@rm -rf $(MBEDTLS_DOWNLOAD) && mv $(MBEDTLS_DOWNLOAD).tmp $(MBEDTLS_DOWNLOAD)

# Verified again before unpacking, so a tarball changed after download is
# never built.
$(MBEDTLS_UNPACKED): $(MBEDTLS_DOWNLOAD)/$(MBEDTLS_TARBALL_NAME)
	@$(call mbedtls_verify,$<)
	@rm -rf $(MBEDTLS_SRC) && mkdir -p $(MBEDTLS_SRC)
	@tar -xzf $< -C $(MBEDTLS_SRC) --strip-components=1
	@touch $@
	@echo "mbedtls: $(MBEDTLS_VERSION) verified and unpacked in $(MBEDTLS_SRC)"

# --- build -------------------------------------------------------------------

# $(call mbedtls_library,VARIANT,CFLAGS) builds $(BUILD)/mbedtls/VARIANT/
# libmbedtls.a from the library modules, our glue and our accelerated crypto. A flags file, rewritten
# only when the flags change, makes a change of CC or flags rebuild it.
define mbedtls_library
$(BUILD)/mbedtls/$(1)/flags: FORCE_MBEDTLS_FLAGS
	@mkdir -p $$(@D)
	@echo '$(CC) $(2)' | cmp -s - $$@ || echo '$(CC) $(2)' > $$@

# Library modules exist only after unpacking, hence the stamp prerequisite
# and the explicit source path.
$(BUILD)/mbedtls/$(1)/obj/%.o: $(MBEDTLS_UNPACKED) $(MBEDTLS_CONFIG_HEADERS) $(BUILD)/mbedtls/$(1)/flags
	@mkdir -p $$(@D)
	$(CC) $(2) -c $(MBEDTLS_SRC)/library/$$*.c -o $$@

$(patsubst %,$(BUILD)/mbedtls/$(1)/obj/%.o,$(MBEDTLS_GLUE)): $(BUILD)/mbedtls/$(1)/obj/%.o: $(MBEDTLS_CONFIG_DIR)/freestanding/%.c $(MBEDTLS_UNPACKED) $(MBEDTLS_CONFIG_HEADERS) $(BUILD)/mbedtls/$(1)/flags
	@mkdir -p $$(@D)
	$(CC) $(2) -c $$< -o $$@

$(patsubst %,$(BUILD)/mbedtls/$(1)/obj/accel/%.o,$(MBEDTLS_ACCEL)): $(BUILD)/mbedtls/$(1)/obj/accel/%.o: $(MBEDTLS_CONFIG_DIR)/accel/%.c $(MBEDTLS_UNPACKED) $(MBEDTLS_CONFIG_HEADERS) $(BUILD)/mbedtls/$(1)/flags
	@mkdir -p $$(@D)
	$(CC) $(2) -c $$< -o $$@

$(BUILD)/mbedtls/$(1)/libmbedtls.a: $(patsubst %,$(BUILD)/mbedtls/$(1)/obj/%.o,$(MBEDTLS_MODULES) $(MBEDTLS_GLUE)) \
                                    $(patsubst %,$(BUILD)/mbedtls/$(1)/obj/accel/%.o,$(MBEDTLS_ACCEL))
	@rm -f $$@
	ar rcs $$@ $$^
endef

.PHONY: FORCE_MBEDTLS_FLAGS
$(eval $(call mbedtls_library,klib,$(MBEDTLS_KLIB_CFLAGS)))
$(eval $(call mbedtls_library,host,$(MBEDTLS_HOST_PLAIN_LIB_CFLAGS)))
$(eval $(call mbedtls_library,host-asan,$(MBEDTLS_HOST_ASAN_LIB_CFLAGS)))

# --- test programs and benchmark --------------------------------------------

# Test programs: always sanitized, linked with the sanitized hosted library
# and the host platform hooks. `make test` builds them before tap runs.
MBEDTLS_TEST_DIR := $(ROOT)/test/mbedtls
MBEDTLS_TEST_BIN := $(BUILD)/mbedtls/test
MBEDTLS_TEST_PROGRAMS := selftest x509_check ssl_config_smoke tls_client snprintf_check gmtime_check
MBEDTLS_TEST_CFLAGS := $(MBEDTLS_HOST_BASE_CFLAGS) $(MBEDTLS_SANITIZERS) -Wall -Wextra -Werror

.PHONY: mbedtls-test-programs bench-crypto
mbedtls-test-programs: $(patsubst %,$(MBEDTLS_TEST_BIN)/%,$(MBEDTLS_TEST_PROGRAMS))

$(MBEDTLS_TEST_BIN)/%: $(MBEDTLS_TEST_DIR)/%.c $(MBEDTLS_TEST_DIR)/host_platform.c $(wildcard $(MBEDTLS_TEST_DIR)/*.h) $(MBEDTLS_HOST_ASAN_LIB)
	@mkdir -p $(@D)
	$(CC) $(MBEDTLS_TEST_CFLAGS) -o $@ $< $(MBEDTLS_TEST_DIR)/host_platform.c $(MBEDTLS_HOST_ASAN_LIB)

# test-deps first installs the packages, then (a prerequisite of `test`
# after it) the programs get built.
test: mbedtls-test-programs
mbedtls-test-programs: | test-deps

# test/crypto: our accelerated GCM and SHA-256 (mbedtls-config/accel/) driven by the tests through
# crypto_check.c, built against the sanitized hosted library and against the freestanding library
# exactly as the tls klib links it (kernel flags: -mno-sse with the vector code in target functions).
CRYPTO_TEST_DIR := $(ROOT)/test/crypto
CRYPTO_TEST_BIN := $(BUILD)/crypto/test
CRYPTO_TEST_PROGRAMS := $(CRYPTO_TEST_BIN)/crypto_check $(CRYPTO_TEST_BIN)/crypto_check_klib
.PHONY: crypto-test-programs
crypto-test-programs: $(CRYPTO_TEST_PROGRAMS)
test: crypto-test-programs
crypto-test-programs: | test-deps
APT_TEST_PKGS += python3-cryptography-vectors

$(CRYPTO_TEST_BIN)/crypto_check: $(CRYPTO_TEST_DIR)/crypto_check.c $(MBEDTLS_TEST_DIR)/host_platform.c $(MBEDTLS_HOST_ASAN_LIB)
	@mkdir -p $(@D)
	$(CC) $(MBEDTLS_TEST_CFLAGS) -o $@ $< $(MBEDTLS_TEST_DIR)/host_platform.c $(MBEDTLS_HOST_ASAN_LIB)

$(CRYPTO_TEST_BIN)/crypto_check_klib: $(CRYPTO_TEST_DIR)/crypto_check.c $(MBEDTLS_TEST_DIR)/host_platform.c $(MBEDTLS_KLIB_LIB)
	@mkdir -p $(@D)
	$(CC) $(MBEDTLS_HOST_BASE_CFLAGS) -DCRYPTO_CHECK_KLIB_LIBRARY -Wall -Wextra -Werror -o $@ $< \
	    $(MBEDTLS_TEST_DIR)/host_platform.c $(MBEDTLS_KLIB_LIB)

# Raw crypto throughput, measured with the plain (unsanitized) hosted library.
MBEDTLS_BENCH_DIR := $(ROOT)/bench/tls
$(BUILD)/bench/tls/raw-crypto: $(MBEDTLS_BENCH_DIR)/raw-crypto.c $(MBEDTLS_TEST_DIR)/host_platform.c $(MBEDTLS_HOST_PLAIN_LIB)
	@mkdir -p $(@D)
	$(CC) $(MBEDTLS_HOST_BASE_CFLAGS) -Wall -Wextra -Werror -o $@ $< $(MBEDTLS_TEST_DIR)/host_platform.c $(MBEDTLS_HOST_PLAIN_LIB)

bench-crypto: $(BUILD)/bench/tls/raw-crypto
	@$<
