# The hosted runtime and klibhost (host/): the kernel API subset of
# nanos-headers implemented for a Linux process, and the runner that loads
# klibs built from c-out/ (with #line, see below) into it. Everything is built with ASan/UBSan: the
# tests run the klibs under them.

HOST_DIR := $(ROOT)/host
HOST_FIXTURE_DIR := $(ROOT)/test/host/fixtures
HOST_BUILD := $(BUILD)/host
HOST_KLIB_DIR := $(BUILD)/host-klibs
KLIBHOST := $(BUILD)/klibhost

HOST_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
HOST_WARN := -Wall -Wextra -Werror
HOST_CFLAGS := -std=gnu11 -g -O1 -fPIC $(HOST_WARN) $(HOST_SANITIZE)

# The runtime is two kinds of C file: those implementing the kernel API see
# nanos-headers only (their names clash with libc's: struct tm, assert,
# offsetof ...); those talking to Linux see libc only. host_sys.h, with
# plain C types, is what the two share. SYS files are listed; the rest of
# runtime/ is kernel-API side.
HOST_SYS_SRCS := $(addprefix $(HOST_DIR)/runtime/,loop.c tags.c libc_glue.c \
	sockets.c resolver.c files.c random_source.c stack_trace.c redirect.c) \
	$(wildcard $(HOST_DIR)/klibhost/*.c)
HOST_API_SRCS := $(filter-out $(HOST_SYS_SRCS),$(wildcard $(HOST_DIR)/runtime/*.c))
HOST_HEADERS := $(wildcard $(HOST_DIR)/runtime/*.h $(HOST_DIR)/klibhost/*.h $(ROOT)/nanos-headers/*.h $(ROOT)/nanos-headers/*/*.h)

HOST_API_CFLAGS := $(HOST_CFLAGS) -ffreestanding -DNANOS_HEADERS_HOSTED \
	-I$(ROOT)/nanos-headers -I$(HOST_DIR)/runtime
HOST_SYS_CFLAGS := $(HOST_CFLAGS) -I$(HOST_DIR)/runtime

HOST_API_OBJS := $(patsubst $(HOST_DIR)/%.c,$(HOST_BUILD)/%.o,$(HOST_API_SRCS))
HOST_SYS_OBJS := $(patsubst $(HOST_DIR)/%.c,$(HOST_BUILD)/%.o,$(filter $(wildcard $(HOST_SYS_SRCS)),$(HOST_SYS_SRCS)))

$(HOST_API_OBJS): $(HOST_BUILD)/%.o: $(HOST_DIR)/%.c $(HOST_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_API_CFLAGS) -c $< -o $@

$(HOST_SYS_OBJS): $(HOST_BUILD)/%.o: $(HOST_DIR)/%.c $(HOST_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_SYS_CFLAGS) -c $< -o $@

# -rdynamic exports the runtime so dlopen'ed klibs bind to it, as klibs bind
# to the kernel's symbol table.
$(KLIBHOST): $(HOST_API_OBJS) $(HOST_SYS_OBJS)
	$(CC) $(HOST_SANITIZE) -rdynamic -o $@ $^ -ldl -lpthread

# `make klibhost` gives a runnable tool: the binary and every host klib.
.PHONY: klibhost
klibhost: $(KLIBHOST) host-klibs

# Host klibs: every c-out/<name>/ and test fixture test/host/fixtures/<name>/
# becomes build/host-klibs/<name>.so, compiled from the same C against the
# same nanos-headers as the real klib (plus the sanitizers), and linked
# -Bsymbolic as the kernel links klibs, so a klib's own calls stay inside it.
# A c-out klib is a folder with a SOURCES file (its C files, library folders'
# included, relative to c-out); a fixture is every C file of its folder.
#
# The c-out klibs are compiled from build/c-out-lines/, the same C as c-out/
# generated again with #line directives (klibc --line-directives), so that
# sanitizer reports and gdb point at the klib-src/*.ts lines.
HOST_COUT := $(BUILD)/c-out-lines
HOST_COUT_STAMP := $(HOST_COUT)/.generated
HOST_COUT_INPUTS := $(shell find $(ROOT)/klib-src $(ROOT)/codegen -name '*.ts')
$(HOST_COUT_STAMP): $(HOST_COUT_INPUTS) | node-deps
	@rm -rf $(HOST_COUT)
	cd $(ROOT) && node bin/klibc.mjs --line-directives --out $(HOST_COUT) klib-src
	@touch $@
$(HOST_COUT)/%.c: $(HOST_COUT_STAMP) ;
$(HOST_COUT)/%.h: $(HOST_COUT_STAMP) ;

HOST_COUT_KLIB_DIRS := $(patsubst %/SOURCES,%,$(wildcard $(ROOT)/c-out/*/SOURCES))
HOST_KLIB_SRC_DIRS := $(sort $(HOST_COUT_KLIB_DIRS) $(patsubst %/,%,$(dir $(wildcard $(HOST_FIXTURE_DIR)/*/*.c))))
host_klib_srcs = $(if $(wildcard $(1)/SOURCES),$(addprefix $(ROOT)/c-out/,$(shell cat $(1)/SOURCES)),$(wildcard $(1)/*.c))
# The same, from build/c-out-lines/ for a c-out klib.
host_klib_line_srcs = $(if $(wildcard $(1)/SOURCES),$(addprefix $(HOST_COUT)/,$(shell cat $(1)/SOURCES)),$(wildcard $(1)/*.c))
host_klib_include = $(if $(wildcard $(1)/SOURCES),$(HOST_COUT)/$(notdir $(1)),$(1))
HOST_KLIB_NAMES := $(notdir $(HOST_KLIB_SRC_DIRS))
HOST_KLIB_CFLAGS := $(HOST_CFLAGS) -ffreestanding -DNANOS_HEADERS_HOSTED -I$(ROOT)/nanos-headers

# Hooks for a klib that needs more (the tls klib and mbedtls, built for the
# host with the sanitizers): HOST_KLIB_CFLAGS_<name> and
# HOST_KLIB_EXTRA_OBJS_<name>, set in an mk file included before this one.
define host_klib_rule
$(HOST_KLIB_DIR)/$(notdir $(1)).so: $(call host_klib_line_srcs,$(1)) $(wildcard $(1)/*.h) $(HOST_HEADERS) $(HOST_KLIB_EXTRA_OBJS_$(notdir $(1)))
	@mkdir -p $(HOST_KLIB_DIR)
	$(CC) $(HOST_KLIB_CFLAGS) $(HOST_KLIB_CFLAGS_$(notdir $(1))) -I$(call host_klib_include,$(1)) -shared -Wl,-Bsymbolic \
		-o $$@ $(call host_klib_line_srcs,$(1)) $(HOST_KLIB_EXTRA_OBJS_$(notdir $(1)))
endef
$(foreach d,$(HOST_KLIB_SRC_DIRS),$(eval $(call host_klib_rule,$(d))))

# host-fixtures: only the test klibs, so that the runtime's own tests do not
# depend on every klib of c-out/ building.
.PHONY: host-klibs host-fixtures
host-klibs: $(addprefix $(HOST_KLIB_DIR)/,$(addsuffix .so,$(HOST_KLIB_NAMES)))
host-fixtures: $(patsubst $(HOST_FIXTURE_DIR)/%,$(HOST_KLIB_DIR)/%.so,$(filter $(HOST_FIXTURE_DIR)/%,$(HOST_KLIB_SRC_DIRS)))

# --- the benchmark build -----------------------------------------------------------
# build/bench/klibhost and build/bench/host-klibs/<name>.so: the same runtime and klib C as
# above without the sanitizers, for the benchmarks only (bench/*; tests use the build above).
# The runtime is -O2; the klibs get the kernel's klib flags (KLIB_BUILD_CFLAGS, mk/klibs.mk:
# -O3, no SSE, the global stack guard), and the tls klib links the freestanding mbedtls that the
# kernel klib links. bench/host/bench_glue.c stands in for the kernel's __stack_chk_guard and
# for the sanitizer runtime's hooks the runtime calls. build/bench/tls/raw-crypto-klib is
# bench/tls/raw-crypto.c on that same freestanding mbedtls: the crypto figure to compare with.
#   make bench-klibhost
BENCH_HOST_BUILD := $(BUILD)/bench/host
BENCH_KLIB_DIR := $(BUILD)/bench/host-klibs
BENCH_KLIBHOST := $(BUILD)/bench/klibhost
BENCH_HOST_CFLAGS := -std=gnu11 -g -O2 -fPIC $(HOST_WARN)
BENCH_HOST_API_OBJS := $(patsubst $(HOST_BUILD)/%,$(BENCH_HOST_BUILD)/%,$(HOST_API_OBJS))
BENCH_HOST_SYS_OBJS := $(patsubst $(HOST_BUILD)/%,$(BENCH_HOST_BUILD)/%,$(HOST_SYS_OBJS)) \
	$(BENCH_HOST_BUILD)/bench_glue.o

$(BENCH_HOST_API_OBJS): $(BENCH_HOST_BUILD)/%.o: $(HOST_DIR)/%.c $(HOST_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_HOST_CFLAGS) -ffreestanding -DNANOS_HEADERS_HOSTED -I$(ROOT)/nanos-headers -I$(HOST_DIR)/runtime -c $< -o $@

$(filter-out %/bench_glue.o,$(BENCH_HOST_SYS_OBJS)): $(BENCH_HOST_BUILD)/%.o: $(HOST_DIR)/%.c $(HOST_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_HOST_CFLAGS) -I$(HOST_DIR)/runtime -c $< -o $@

$(BENCH_HOST_BUILD)/bench_glue.o: $(ROOT)/bench/host/bench_glue.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_HOST_CFLAGS) -c $< -o $@

$(BENCH_KLIBHOST): $(BENCH_HOST_API_OBJS) $(BENCH_HOST_SYS_OBJS)
	$(CC) -rdynamic -o $@ $^ -ldl -lpthread

BENCH_KLIB_CFLAGS := $(KLIB_BUILD_CFLAGS) -DNANOS_HEADERS_HOSTED
BENCH_KLIB_EXTRA_OBJS_tls := $(TLS_CA_BUNDLE_OBJ) $(MBEDTLS_KLIB_LIB)
define bench_klib_rule
$(BENCH_KLIB_DIR)/$(1).so: $(call host_klib_srcs,$(ROOT)/c-out/$(1)) $(wildcard $(ROOT)/c-out/$(1)/*.h) $(HOST_HEADERS) $(BENCH_KLIB_EXTRA_OBJS_$(1)) $(KLIB_DEPS_$(1))
	@mkdir -p $(BENCH_KLIB_DIR)
	$(CC) $(BENCH_KLIB_CFLAGS) $(KLIB_CFLAGS_$(1)) -I$(ROOT)/c-out/$(1) -shared -Wl,-Bsymbolic \
		-o $$@ $(call host_klib_srcs,$(ROOT)/c-out/$(1)) $(BENCH_KLIB_EXTRA_OBJS_$(1))
endef
$(foreach k,$(notdir $(HOST_COUT_KLIB_DIRS)),$(eval $(call bench_klib_rule,$(k))))

$(BUILD)/bench/tls/raw-crypto-klib: $(ROOT)/bench/tls/raw-crypto.c $(MBEDTLS_TEST_DIR)/host_platform.c $(BENCH_HOST_BUILD)/bench_glue.o $(MBEDTLS_KLIB_LIB)
	@mkdir -p $(@D)
	$(CC) $(MBEDTLS_HOST_BASE_CFLAGS) -Wall -Wextra -Werror -o $@ $^

.PHONY: bench-klibhost
bench-klibhost: $(BENCH_KLIBHOST) $(BUILD)/bench/tls/raw-crypto-klib $(addprefix $(BENCH_KLIB_DIR)/,$(addsuffix .so,$(notdir $(HOST_COUT_KLIB_DIRS))))

# The fleet bench (bench/fleet/run.ts): N benchmark klibhosts against one mock per cloud klib,
# their request rates against the documented default quotas. FLEET_ARGS, e.g. "--vms 4".
#   make bench-fleet
.PHONY: bench-fleet
bench-fleet: bench-klibhost node-deps
	@npx tsx $(ROOT)/bench/fleet/run.ts $(FLEET_ARGS)
