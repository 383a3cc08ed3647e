# Fuzzing the shared library's parsers and encoder (bench/fuzz/): libFuzzer targets built with
# Debian's clang from the committed C of c-out/lib, plus a plain-C adapter compiled against
# nanos-headers like klib code. Not part of `make test`:
#   make fuzz FUZZ_SECONDS=600        run every target for that long (in parallel) and print
#                                     executions and crashes
#   make fuzz-build                   only build build/fuzz/<target>

FUZZ_DIR := $(ROOT)/bench/fuzz
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_TARGETS := http_response_fuzz json_reader_fuzz json_writer_fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC := clang
FUZZ_SANITIZE := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_LIB_SRCS := $(addprefix $(ROOT)/c-out/lib/,http_response.c json_escape.c json_reader.c ascii.c)
FUZZ_LIB_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -ffreestanding -DNANOS_HEADERS_HOSTED \
	-I$(ROOT)/nanos-headers -I$(ROOT)/c-out/lib -I$(FUZZ_DIR) -I$(ROOT)/test/lib/harness


.PHONY: fuzz fuzz-build fuzz-deps
fuzz-deps:
	@tools/apt-ensure clang libclang-rt-14-dev

# The library side: sanitizer and coverage instrumentation, no libFuzzer main.
$(FUZZ_BUILD)/lib/%.o: $(ROOT)/c-out/lib/%.c $(wildcard $(ROOT)/c-out/lib/*.h) | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_LIB_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -c $< -o $@

$(FUZZ_BUILD)/lib_adapter.o: $(FUZZ_DIR)/lib_adapter.c $(FUZZ_DIR)/fuzz_api.h $(ROOT)/test/lib/harness/http_feed.h $(wildcard $(ROOT)/c-out/lib/*.h) | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_LIB_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -c $< -o $@

FUZZ_LIB_OBJS := $(patsubst $(ROOT)/c-out/lib/%.c,$(FUZZ_BUILD)/lib/%.o,$(FUZZ_LIB_SRCS)) $(FUZZ_BUILD)/lib_adapter.o

$(FUZZ_BUILD)/%: $(FUZZ_DIR)/%.c $(FUZZ_DIR)/fuzz_api.h $(FUZZ_LIB_OBJS) | fuzz-deps
	$(FUZZ_CC) -std=gnu11 -g -O1 -Wall -Wextra -Werror $(FUZZ_SANITIZE) -I$(FUZZ_DIR) -o $@ $< $(FUZZ_LIB_OBJS)

fuzz-build: $(addprefix $(FUZZ_BUILD)/,$(FUZZ_TARGETS))

fuzz: fuzz-build
	$(FUZZ_DIR)/run $(FUZZ_SECONDS) $(FUZZ_BUILD) $(FUZZ_TARGETS)
