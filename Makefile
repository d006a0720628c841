# gridwork — thin wrapper over meson. The two commands that matter: `make run`, `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
DB         ?= var/demo.db
LISTEN     ?= 127.0.0.1:8080

.PHONY: all deps build run test unit e2e bench clean

all: build

deps:
	@scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=release

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) gridwork

run: build
	@mkdir -p var
	@[ -f $(DB) ] || { $(BUILD)/gridwork init --db $(DB) && $(BUILD)/gridwork demo --db $(DB); }
	@echo
	@echo "gridwork serving the demo city at http://$(LISTEN)/"
	@echo "  logins (password: demo): admin dispatcher supervisor hotline grid01 shizheng shuiwu"
	@echo "  Open311: http://$(LISTEN)/open311/v2/services.json   tracking: /api/v1/track/{code}"
	@echo
	$(BUILD)/gridwork serve --db $(DB) --listen $(LISTEN)

# Unit tests (cmocka), then the end-to-end suite against the real binary on SQLite and on a
# throwaway PostgreSQL cluster started here, all under ASan+UBSan.
test: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	meson test -C $(ASAN_BUILD) --print-errorlogs
	GW_BIN=$(ASAN_BUILD)/gridwork /usr/bin/python3 tests/e2e/run.py
	@pgdir=$$(mktemp -d /tmp/gw-pg-XXXXXX); scripts/pg.sh start $$pgdir >/dev/null || exit 1; \
	  GW_PG_DIR=$$pgdir GW_BIN=$(ASAN_BUILD)/gridwork /usr/bin/python3 tests/e2e/run.py; rc=$$?; \
	  scripts/pg.sh stop $$pgdir >/dev/null; rm -rf $$pgdir; exit $$rc

bench: build
	@scripts/deps.sh --bench
	bench/run.sh $(BUILD)/gridwork

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
