# ZoneTrack build. `make` builds the three programs into build/bin/;
# `make check` installs what is missing, builds, and runs every test (the
# whole suite under AddressSanitizer + UndefinedBehaviorSanitizer);
# `make demo` runs a sample zone end to end.

CC      ?= cc
SAN     ?= 0
FUZZ    ?= 0
ifeq ($(FUZZ),1)
# libFuzzer build: clang, every library instrumented for coverage.
CC      := clang
BUILD   ?= build/fuzz
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(SANFLAGS)
else ifeq ($(SAN),1)
BUILD   ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
OPT     := -O1 -g -fno-omit-frame-pointer $(SANFLAGS)
else
BUILD   ?= build
SANFLAGS :=
OPT     := -O2 -g
endif

CPPFLAGS := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
# The layers (README "Design"): each folder sees its own headers and those of
# the layers below it, so an include that runs back up a layer does not
# compile (tests/layers.sh checks the include lines too). The core (store,
# rules) has no libuv and no OpenSSL; the daemon (transport, protocol,
# daemon) serves it.
INC_common    := -Icommon -I$(BUILD)/gen
INC_store     := $(INC_common) -Iserver/store
INC_rules     := $(INC_store) -Iserver/rules
INC_transport := $(INC_common) -Iserver/transport
INC_protocol  := $(INC_rules) -Iserver/transport -Iserver/protocol
INC_daemon    := $(INC_protocol) -Iserver/daemon
INC_client    := $(INC_common) -Iclient -Iclient/agent -Iclient/ctl
INC_tests     := $(INC_daemon) -Iclient -Iclient/agent -Iclient/ctl
CFLAGS   := -std=c11 -Wall -Wextra -Werror $(OPT) -MMD -MP
LDFLAGS  := $(SANFLAGS) -Wl,--as-needed
LIBS     := -luv -llmdb -lprotobuf-c -lssl -lcrypto -lpthread
# libxml2 for the agent's CTF reader: the client programs and what links them.
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
XML_LIBS   := -lxml2

DEB_PACKAGES := build-essential pkg-config libuv1-dev libprotobuf-c-dev protobuf-c-compiler \
                liblmdb-dev lmdb-utils libssl-dev openssl libxxhash-dev libcmocka-dev clang libclang-rt-14-dev \
                valgrind chromium systemd passwd util-linux libxml2-dev libpq-dev postgresql-15

PROTOS   := $(wildcard proto/*.proto)
GEN_C    := $(patsubst proto/%.proto,$(BUILD)/gen/%.pb-c.c,$(PROTOS))
GEN_H    := $(patsubst proto/%.proto,$(BUILD)/gen/%.pb-c.h,$(PROTOS))

COMMON_SRC := $(wildcard common/*.c) $(GEN_C)
CORE_SRC   := $(wildcard server/store/*.c server/rules/*.c)
DAEMON_SRC := $(filter-out server/daemon/zoned.c,$(wildcard server/transport/*.c server/protocol/*.c server/daemon/*.c))
CLIENT_SRC := $(wildcard client/*.c) $(filter-out client/agent/main.c,$(wildcard client/agent/*.c)) \
              $(filter-out client/ctl/main.c,$(wildcard client/ctl/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(patsubst $(BUILD)/%,%,$(1)))

COMMON_LIB := $(BUILD)/lib/libzt_common.a
CORE_LIB   := $(BUILD)/lib/libzt_core.a
DAEMON_LIB := $(BUILD)/lib/libzt_daemon.a
CLIENT_LIB := $(BUILD)/lib/libzt_client.a
ALL_LIBS   := $(DAEMON_LIB) $(CORE_LIB) $(CLIENT_LIB) $(COMMON_LIB)

PROGRAMS := $(BUILD)/bin/zoned $(BUILD)/bin/zone-agent $(BUILD)/bin/zonectl $(BUILD)/bin/zonegen
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 300
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(TOOL_SRC))

.PHONY: all deps check demo bench clean install tests fuzz fuzzers valgrind
.SECONDARY:
all: $(PROGRAMS)
tests: $(UNIT_BIN) $(TOOL_BIN)

# Every .proto is generated together: they may import one another.
$(GEN_H) &: $(PROTOS)
	@mkdir -p $(BUILD)/gen
	protoc-c --c_out=$(BUILD)/gen -Iproto $(PROTOS)
$(GEN_C): $(GEN_H)

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INCLUDES) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.c $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INCLUDES) $(CFLAGS) -c $< -o $@

INCLUDES := $(INC_common)
$(BUILD)/obj/server/store/%.o:     INCLUDES := $(INC_store)
$(BUILD)/obj/server/rules/%.o:     INCLUDES := $(INC_rules)
$(BUILD)/obj/server/transport/%.o: INCLUDES := $(INC_transport)
$(BUILD)/obj/server/protocol/%.o:  INCLUDES := $(INC_protocol)
$(BUILD)/obj/server/daemon/%.o:    INCLUDES := $(INC_daemon)
$(BUILD)/obj/client/%.o:           INCLUDES := $(INC_client)
$(BUILD)/obj/tests/%.o:            INCLUDES := $(INC_tests)
$(BUILD)/obj/client/%.o $(BUILD)/obj/tests/%.o: CPPFLAGS += $(XML_CFLAGS)
$(BUILD)/bin/zone-agent $(BUILD)/bin/zonectl $(BUILD)/tests/% $(BUILD)/fuzz/% $(BUILD)/tools/%: LIBS += $(XML_LIBS)

$(COMMON_LIB): $(call obj,$(COMMON_SRC))
$(CORE_LIB): $(call obj,$(CORE_SRC))
$(DAEMON_LIB): $(call obj,$(DAEMON_SRC))
$(CLIENT_LIB): $(call obj,$(CLIENT_SRC))
$(BUILD)/lib/%.a:
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/bin/zoned: $(call obj,server/daemon/zoned.c) $(DAEMON_LIB) $(CORE_LIB) $(COMMON_LIB)
# libpq: zoned's publisher to the regional database (server/daemon/region_publish.c) only,
PQ_CPPFLAGS := -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
$(call obj,server/daemon/region_publish.c): CPPFLAGS += $(PQ_CPPFLAGS)
$(BUILD)/bin/zoned: LIBS += -lpq
# and zonectl's region report (client/ctl/cmd_region.c, region_html.c).
$(call obj,client/ctl/cmd_region.c client/ctl/region_html.c): CPPFLAGS += $(PQ_CPPFLAGS)
$(BUILD)/bin/zonectl: LIBS += -lpq
$(BUILD)/bin/zone-agent: $(call obj,client/agent/main.c) $(CLIENT_LIB) $(COMMON_LIB)
$(BUILD)/bin/zonectl: $(call obj,client/ctl/main.c) $(CLIENT_LIB) $(COMMON_LIB)
# zonegen's modules include one another by quotes (their own folder) and common/.
$(BUILD)/bin/zonegen: $(call obj,$(wildcard tools/zonegen/*.c)) $(COMMON_LIB)
$(PROGRAMS):
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) -lcmocka

$(BUILD)/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

# Test tools: programs the integration tests drive (load, faults).
$(BUILD)/tools/%: $(BUILD)/obj/tests/tools/%.o $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

fuzzers: $(FUZZ_BIN)

# Runs every fuzz target for FUZZ_SECONDS each (make check runs a short pass).
fuzz:
	$(MAKE) FUZZ=1 fuzzers
	tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

# Installs the Debian packages the build and the tests need, when missing.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps: run as root to install:$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

check: deps
	tests/tracked_files.sh
	tests/layers.sh
	$(MAKE) -j2 all
	$(MAKE) -j2 SAN=1 all tests
	$(MAKE) -j2 FUZZ=1 fuzzers
	FUZZ_BUILD=build/fuzz FUZZ_SECONDS=8 tests/run.sh build/san
	$(MAKE) valgrind

# The unit tests, and zoned in the integration tests of its main paths
# (tests/run.sh VALGRIND_INTEGRATION), under valgrind: any
# memory error or definite leak fails.
valgrind: all tests
	VALGRIND=1 tests/run.sh $(BUILD)

# The build is a make of its own, after deps: flags found with pkg-config
# (libxml2's) are read when make starts, before deps has installed them.
demo: deps
	$(MAKE) -j2 all
	tests/demo.sh build

# Figures, not assertions: the standard zone, zoned's hot paths and the
# PostgreSQL peer side by side (bench/README.md).
bench: all
	bench/run.sh build

clean:
	rm -rf build

# The README's "Installing for production" follows this layout. The units
# name the programs where PREFIX puts them. tests/integration/test_install.sh
# installs a build's programs with `make -o all install BUILD=...`.
PREFIX  ?= /usr/local
DESTDIR ?=
UNIT_PATHS := -e 's|=/usr/sbin/|=$(PREFIX)/sbin/|' -e 's|=/usr/bin/|=$(PREFIX)/bin/|'
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/sbin
	install -m 0755 $(BUILD)/bin/zone-agent $(BUILD)/bin/zonectl $(DESTDIR)$(PREFIX)/bin/
	install -m 0755 $(BUILD)/bin/zoned $(DESTDIR)$(PREFIX)/sbin/
	install -d $(DESTDIR)$(PREFIX)/lib/systemd/system $(DESTDIR)$(PREFIX)/lib/sysusers.d \
	  $(DESTDIR)$(PREFIX)/share/doc/zonetrack/examples $(DESTDIR)$(PREFIX)/share/zonetrack
	for u in deploy/*.service deploy/*.timer; do \
	  sed $(UNIT_PATHS) $$u >$(DESTDIR)$(PREFIX)/lib/systemd/system/$${u#deploy/} && \
	  chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/$${u#deploy/} || exit 1; \
	done
	install -m 0644 deploy/zonetrack.sysusers $(DESTDIR)$(PREFIX)/lib/sysusers.d/zonetrack.conf
	install -m 0644 deploy/national-benchmarks.conf deploy/summary-help.conf $(DESTDIR)$(PREFIX)/share/zonetrack/
	install -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/zonetrack/
	install -m 0644 deploy/*.example deploy/zone-agent.cron $(DESTDIR)$(PREFIX)/share/doc/zonetrack/examples/
	install -d $(DESTDIR)$(PREFIX)/share/doc/zonetrack/examples/mappings
	install -m 0644 deploy/mappings/*.example $(DESTDIR)$(PREFIX)/share/doc/zonetrack/examples/mappings/

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
