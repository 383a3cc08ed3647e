# Top-level build. `make klibs` builds the klibs from the committed c-out/;
# `make test` runs every test. Each part lives in mk/*.mk, one idea per file.

.DEFAULT_GOAL := klibs
SHELL := /bin/bash

ROOT := $(abspath .)
BUILD := $(ROOT)/build
CC ?= gcc

include mk/deps.mk
-include mk/mbedtls.mk
-include mk/tls.mk
-include mk/syslog.mk
-include mk/klibs.mk
-include mk/host.mk
-include mk/fuzz.mk
-include mk/dist.mk

.PHONY: gen test clean

# Regenerate c-out/ from klib-src/ (the generated C is committed).
gen: node-deps
	npm run -s gen

# Ends with a summary per test folder (tools/test-summary.mjs), whatever tap's
# status, which stays make's.
TEST_STAMP := $(BUILD)/.test-started
test: node-deps test-deps
	@mkdir -p $(BUILD) && touch $(TEST_STAMP)
	@npx tap $(TAP_ARGS); status=$$?; node tools/test-summary.mjs $(TEST_STAMP); exit $$status

clean:
	rm -rf $(BUILD)
