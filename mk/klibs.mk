# Klibs: `make klibs` builds each folder c-out/<name>/ into build/klibs/<name>,
# an ELF shared object as the Nanos klib loader expects it (see mk/klib.lds).
# `make abi-check` checks what the built klibs import. `make install-nanos
# NANOS_DIR=...` drops c-out/ into a Nanos tree so its own make builds them;
# `make check-drop-in NANOS_DIR=...` proves that it does.
#
# Per-klib hooks (set them in another mk file):
#   KLIB_CFLAGS_<name>      extra compiler flags for that klib's C files
#   KLIB_EXTRA_OBJS_<name>  extra objects or archives linked into it
#   KLIB_DEPS_<name>        extra prerequisites of its objects (e.g. a vendored tree)
# KLIB_SRC_ROOT and KLIB_OUT let tests build other folders the same way.

KLIB_SRC_ROOT ?= $(ROOT)/c-out
KLIB_OUT ?= $(BUILD)/klibs
KLIB_HEADERS := $(ROOT)/nanos-headers
KLIB_LDS := $(ROOT)/mk/klib.lds
KLIB_EXPORTS := $(KLIB_HEADERS)/kernel-exports.txt
KLIB_LD ?= ld
KLIB_STRIP ?= strip

# The kernel's flags for klibs (x86_64): freestanding, no SSE, position
# independent in the small code model (the kernel names no -mcmodel), the
# global stack guard the kernel exports (__stack_chk_guard); plus -Wextra,
# and -mno-red-zone for safety in kernel context. -ffile-prefix-map keeps the
# checkout's path out of the binaries (debug info, __FILE__): the same commit
# builds the same bytes wherever it is checked out (make dist, mk/dist.mk).
KLIB_BUILD_CFLAGS := -std=gnu11 -O3 -g -ffile-prefix-map=$(ROOT)=. -ffreestanding -nostdinc -fno-builtin \
	-fPIC -mcmodel=small -ffunction-sections -fdata-sections -fno-omit-frame-pointer \
	-mno-mmx -mno-sse -mno-sse2 -mno-red-zone \
	-fstack-protector-strong -mstack-protector-guard=global \
	-Wall -Wextra -Werror -DKERNEL -DKLIB -I$(KLIB_HEADERS)
KLIB_BUILD_LDFLAGS := -shared -Bsymbolic -nostdlib -T $(KLIB_LDS)

APT_BUILD_PKGS += gcc binutils make
APT_TEST_PKGS += gcc binutils make

# A klib is a folder with a SOURCES file (klibc writes it): the C files it is
# linked from, relative to KLIB_SRC_ROOT, its own and those of the library
# folders (e.g. lib/) it uses. A folder without SOURCES is a library.
klib_names = $(sort $(notdir $(patsubst %/SOURCES,%,$(wildcard $(KLIB_SRC_ROOT)/*/SOURCES))))
KLIB_NAMES := $(call klib_names)
KLIB_BINARIES := $(foreach k,$(KLIB_NAMES),$(KLIB_OUT)/$(k))

.PHONY: klibs abi-check klib-mk install-nanos

klibs: apt-build-deps $(KLIB_BINARIES)

define build_klib
KLIB_SRCS_$(1) := $$(addprefix $$(KLIB_SRC_ROOT)/,$$(shell cat $$(KLIB_SRC_ROOT)/$(1)/SOURCES))
KLIB_OBJS_$(1) := $$(patsubst $$(KLIB_SRC_ROOT)/%.c,$$(KLIB_OUT)/obj/$(1)/%.o,$$(KLIB_SRCS_$(1)))

$$(KLIB_OUT)/obj/$(1)/%.o: $$(KLIB_SRC_ROOT)/%.c $$(KLIB_DEPS_$(1)) $$(ROOT)/mk/klibs.mk
	@mkdir -p $$(@D)
	$$(CC) $$(KLIB_BUILD_CFLAGS) $$(KLIB_CFLAGS_$(1)) -MMD -MP -c $$< -o $$@

$$(KLIB_OUT)/$(1).dbg: $$(KLIB_OBJS_$(1)) $$(KLIB_EXTRA_OBJS_$(1)) $$(KLIB_LDS)
	$$(KLIB_LD) $$(KLIB_BUILD_LDFLAGS) $$(KLIB_OBJS_$(1)) $$(KLIB_EXTRA_OBJS_$(1)) -o $$@

$$(KLIB_OUT)/$(1): $$(KLIB_OUT)/$(1).dbg
	$$(KLIB_STRIP) -g $$< -o $$@

-include $$(KLIB_OBJS_$(1):.o=.d)
endef
$(foreach k,$(KLIB_NAMES),$(eval $(call build_klib,$(k))))

# Fails on any import that neither the stock kernel nor one of the klibs
# in KLIB_OUT provides, and on relocations the loader does not apply.
abi-check: klibs
	$(if $(KLIB_BINARIES),$(ROOT)/tools/abi-check $(KLIB_EXPORTS) $(KLIB_BINARIES),@echo "abi-check: no klibs in $(KLIB_SRC_ROOT)")

# The extra compiler flags of klib NAME (tests that compile c-out files one
# by one add them: the tls klib's C includes mbedtls headers).
klib-cflags-%:
	@echo $(KLIB_CFLAGS_$*)

# c-out/klib.mk, the Nanos-side declaration of our klibs' sources.
klib-mk:
	$(ROOT)/tools/gen-klib-mk $(ROOT)/c-out > $(ROOT)/c-out/klib.mk.tmp
	mv $(ROOT)/c-out/klib.mk.tmp $(ROOT)/c-out/klib.mk

# Copies each c-out/<name>/ to NANOS_DIR/klib/<name>/ and hooks
# c-out/klib.mk into the tree's klib/klib.mk (once); the tls klib brings our
# mbedtls configuration and the (checksum-verified) mbedtls sources we build
# with (mbedtls-config/nanos-tree.mk).
# NANOS_DIR is checked first, before anything is fetched.
NANOS_GOALS := $(filter install-nanos check-drop-in,$(MAKECMDGOALS))
ifneq ($(NANOS_GOALS),)
ifeq ($(NANOS_DIR),)
$(error usage: make $(firstword $(NANOS_GOALS)) NANOS_DIR=/path/to/nanos)
endif
ifeq ($(wildcard $(NANOS_DIR)/klib/klib.mk),)
$(error $(NANOS_DIR) is not a Nanos tree (no klib/klib.mk))
endif
endif
install-nanos: $(if $(filter tls,$(KLIB_NAMES)),mbedtls-fetch)
	$(ROOT)/tools/install-nanos $(ROOT)/c-out "$(NANOS_DIR)" $(MBEDTLS_CONFIG_DIR) $(MBEDTLS_SRC)

# install-nanos, then the tree's own make builds every klib of c-out (x86_64,
# platform NANOS_PLATFORM), and abi-check runs on what it built. It changes the
# tree as install-nanos does and needs its vendored lwIP; it fetches nothing.
NANOS_PLATFORM ?= pc
.PHONY: check-drop-in
check-drop-in: install-nanos
	$(ROOT)/tools/check-drop-in "$(NANOS_DIR)" $(NANOS_PLATFORM) $(KLIB_EXPORTS) $(KLIB_NAMES)
