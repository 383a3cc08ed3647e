# Installing what the build and the tests need on a fresh Debian machine.

APT_BUILD_PKGS := gcc make binutils
APT_TEST_PKGS := gcc make binutils
# Other mk files add to APT_TEST_PKGS / APT_BUILD_PKGS.

.PHONY: node-deps apt-build-deps test-deps

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

node-deps: node_modules/.package-lock.json

apt-build-deps:
	@tools/apt-ensure $(APT_BUILD_PKGS)

test-deps: apt-build-deps
	@tools/apt-ensure $(APT_TEST_PKGS)
