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

test: node-deps test-deps
	npx tap $(TAP_ARGS)

clean:
	rm -rf $(BUILD)
