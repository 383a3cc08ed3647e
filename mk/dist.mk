# Release artifacts: `make dist` builds
#   dist/nanos-ts-klibs-<version>-<nanos commit>.tar.gz
# (version from package.json, the Nanos commit nanos-headers are pinned to),
# holding, under one folder of the same name:
#   klibs/<name>       each klib as ops copies it (KlibDir), debug info stripped,
#                      with a GNU debuglink to klibs/<name>.dbg (its debug info)
#   examples/*.json    the example configs
#   OPS.md             the README's "Use with ops" section
#   BUILDINFO          compiler, flags, mbedtls, CA bundle, kernel and git commit
#   SHA256SUMS         of every other file
# The same commit gives the same bytes wherever and whenever it is built: no
# checkout path in the objects (-ffile-prefix-map in mk/klibs.mk and
# mk/mbedtls.mk), times from the commit (SOURCE_DATE_EPOCH), tar with sorted
# names, fixed owner and modes, gzip without a name or time.
#
# GIT_COMMIT and SOURCE_DATE_EPOCH come from git; a copy of the sources
# without .git (test/release/dist.test.ts) names them on the command line.

DIST_DIR ?= $(ROOT)/dist
DIST_VERSION := $(shell sed -n 's/^  "version": "\([^"]*\)",$$/\1/p' $(ROOT)/package.json)
# The first line of the export list names the kernel commit the headers are pinned to.
NANOS_COMMIT := $(shell sed -n '1s/.*commit \([0-9a-f]\{7,40\}\).*/\1/p' $(ROOT)/nanos-headers/kernel-exports.txt)
DIST_NAME := nanos-ts-klibs-$(DIST_VERSION)-$(NANOS_COMMIT)
DIST_TARBALL := $(DIST_DIR)/$(DIST_NAME).tar.gz
DIST_STAGE := $(BUILD)/dist/$(DIST_NAME)

GIT_COMMIT ?= $(shell git -C $(ROOT) rev-parse HEAD 2>/dev/null)
# Uncommitted changes are named in BUILDINFO: such a build is not the commit's.
GIT_DIRTY ?= $(shell git -C $(ROOT) status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ' (with uncommitted changes)')
SOURCE_DATE_EPOCH ?= $(shell git -C $(ROOT) log -1 --format=%ct 2>/dev/null)

# Flags as BUILDINFO shows them: the checkout's path written as "." (and as
# <checkout> where -ffile-prefix-map names it).
dist_flags = $(subst $(ROOT),.,$(subst -ffile-prefix-map=$(ROOT)=,-ffile-prefix-map=<checkout>=,$(strip $(1))))

define DIST_BUILDINFO
name: nanos-ts-klibs
version: $(DIST_VERSION)
git commit: $(GIT_COMMIT)$(GIT_DIRTY)
source date: $(SOURCE_DATE_EPOCH) ($(shell date -u -d @$(SOURCE_DATE_EPOCH) +%Y-%m-%dT%H:%M:%SZ 2>/dev/null))
nanos kernel: commit $(NANOS_COMMIT) (nanos-headers/kernel-exports.txt), x86_64
klibs: $(KLIB_NAMES)
compiler: $(shell $(CC) --version | head -1)
linker: $(shell $(KLIB_LD) --version | head -1)
klib cflags: $(call dist_flags,$(KLIB_BUILD_CFLAGS))
klib ldflags: $(call dist_flags,$(KLIB_BUILD_LDFLAGS))
klib cflags added per klib: $(strip $(foreach k,$(KLIB_NAMES),$(if $(strip $(KLIB_CFLAGS_$(k))),[$(k)] $(call dist_flags,$(KLIB_CFLAGS_$(k))))))
mbedtls: $(MBEDTLS_VERSION), $(MBEDTLS_TARBALL_NAME) sha256 $(MBEDTLS_SHA256) (Debian $(MBEDTLS_DEB_VERSION))
mbedtls cflags: $(call dist_flags,$(MBEDTLS_KLIB_CFLAGS))
CA bundle (tls klib): $(TLS_CA_BUNDLE_PEM) sha256 $(firstword $(shell sha256sum $(TLS_CA_BUNDLE_PEM) 2>/dev/null)) (ca-certificates $(shell dpkg-query -W -f='$${Version}' ca-certificates 2>/dev/null))
endef

.PHONY: dist dist-stage
# An empty stage first: the recipe of dist is expanded (and BUILDINFO written
# by $(file)) only once this has run.
dist-stage: klibs
	@test -n "$(GIT_COMMIT)" -a -n "$(SOURCE_DATE_EPOCH)" || { echo "make dist: not a git checkout: set GIT_COMMIT and SOURCE_DATE_EPOCH" >&2; exit 2; }
	@rm -rf $(DIST_STAGE) && mkdir -p $(DIST_STAGE) $(DIST_DIR)

dist: dist-stage
	$(file >$(DIST_STAGE)/BUILDINFO,$(DIST_BUILDINFO))
	@SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(ROOT)/tools/dist-pack $(ROOT) $(KLIB_OUT) $(DIST_STAGE) $(DIST_TARBALL) $(KLIB_NAMES)
	@echo "dist: $(patsubst $(ROOT)/%,%,$(DIST_TARBALL))"
