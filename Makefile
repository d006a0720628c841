# gridwork — thin wrapper over meson. The two commands that matter: `make run`, `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
DB         ?= var/demo.db
LISTEN     ?= 127.0.0.1:8080

.PHONY: all deps build web run test unit e2e bench stress fuzz clean

all: build

deps:
	@scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=release

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) gridwork

# The web console and resident H5 (Vue + Vite), served by gridwork from web/dist. Rebuilt only when
# its sources changed; the packages are reinstalled only when package-lock.json changed.
WEB_SRC := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.js web/package.json

web: deps web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && npx vite build
	@touch $@

run: build web
	@mkdir -p var
	@[ -f $(DB) ] || { $(BUILD)/gridwork init --db $(DB) && $(BUILD)/gridwork demo --db $(DB); }
	@echo
	@echo "gridwork serving the demo city at http://$(LISTEN)/"
	@echo "  staff logins (password: demo): admin dispatcher supervisor hotline grid01 shizheng shuiwu auditor shequ01"
	@echo "  resident H5 logins (password: demo): 13800001001 .. 13800001005 at http://$(LISTEN)/h5/me"
	@echo "  Open311: http://$(LISTEN)/open311/v2/services.json   tracking: /api/v1/track/{code}"
	@scripts/run.sh $(BUILD)/gridwork $(DB) $(LISTEN)

# Unit tests (cmocka, vitest), browser tests (playwright-core driving Debian's chromium), then the
# end-to-end suite against the real binary on SQLite and on a throwaway PostgreSQL cluster started
# here, the two side by side (scripts/e2e.sh). The server runs under ASan+UBSan throughout.
test: deps web $(ASAN_BUILD)/build.ninja
	/usr/bin/python3 tests/layout/test_check.py
	/usr/bin/python3 tests/layout/check.py
	/usr/bin/python3 tests/layout/fuzz_routes.py
	ninja -C $(ASAN_BUILD)
	meson test -C $(ASAN_BUILD) --print-errorlogs
	$(MAKE) -q web/dist/index.html # the console is not rebuilt when nothing changed
	cd web && npx vitest run
	GW_BIN=$(ASAN_BUILD)/gridwork node --test tests/browser/
	scripts/e2e.sh $(ASAN_BUILD)/gridwork
	scripts/fuzz.sh $(FUZZ_TEST_SECONDS)

# Every libFuzzer target (fuzz/, clang) for FUZZ_SECONDS each, two at a time; `make test` runs each
# for FUZZ_TEST_SECONDS (17 targets x 20 s, two at a time: 3 min 14 s measured). docs/reliability.md.
FUZZ_SECONDS      ?= 300
FUZZ_TEST_SECONDS ?= 20
fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS)

# The long reliability runs (docs/reliability.md): 20 SIGKILL-and-restart cycles of the crash test on
# both backends (3 in `make test`).
stress: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	GW_CRASH_CYCLES=20 scripts/e2e.sh $(ASAN_BUILD)/gridwork test_crash

bench: build
	@scripts/deps.sh --bench
	bench/run.sh $(BUILD)/gridwork

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz web/dist web/node_modules
