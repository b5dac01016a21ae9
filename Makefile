# crm toolkit — one Makefile.
#   make            programs into bin/, libcrm into build/ (CFLAGS, CPPFLAGS, LDFLAGS
#                   honoured; -Werror only with WERROR=-Werror, as check and CI set it)
#   make deps       install the Debian packages the build and tests need (root)
#   make check      the plain suite: unit tests, bats, man pages; ends "N passed, N failed"
#   make check-san  ASan/UBSan suite, valgrind, each fuzz target briefly; same last line
#   make fuzz       each libFuzzer target for FUZZ_TIME seconds (clang)
#   make demo       a short pipeline on testdata/
#   make bench      stream-layer throughput beside Miller
#   make install    PREFIX=/usr/local DESTDIR=

VERSION  = 0.1
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions

CC      ?= cc
CFLAGS  ?= -O2 -g
CPPFLAGS ?=
LDFLAGS ?=
O       ?= build
BIN     ?= bin
SANITIZE ?=
# The developer and CI build: make check, check-san and .ci/run set it.
WERROR  ?=
FUZZ_TIME ?= 60

CRM_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -D_GNU_SOURCE -Ilib -DCRM_VERSION='"$(VERSION)"'
ifneq ($(SANITIZE),)
CRM_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
CRM_LDFLAGS += -fsanitize=$(SANITIZE)
endif
LDLIBS = -lcsv -ljansson -lsqlite3 -lpq -lnettle -lzip -lexpat -lxlsxwriter -lm

PROGS = crm-cal crm-expense crm-remind crm-file crm-staff crm-access barfine crm-ticket crm-report riskcalc secret-label
SCRIPTS = crm-weekly crm-daily
LIBMODS = cli field money cal stream write types table chain archive archive-pg map xlsx staff
UNITS = test_field test_money test_cal test_stream test_table test_chain test_cli test_map test_owner test_staff

LIB      = $(O)/libcrm.a
LIBOBJS  = $(LIBMODS:%=$(O)/lib/%.o) $(O)/lib/calendar_data.o
PROGBINS = $(PROGS:%=$(BIN)/%)
SCRIPTBINS = $(SCRIPTS:%=$(BIN)/%)
UNITBINS = $(UNITS:%=$(O)/tests/%)
TESTBINS = $(O)/tests/crm-pass $(O)/tests/gen-customers $(O)/tests/runstat $(O)/tests/parse-floor
HEADERS  = $(wildcard lib/*.h)
DEPS     = $(O)/.deps-ok

all: $(PROGBINS) $(SCRIPTBINS)

# The build checks its libraries and prints the command to get them; it never installs.
$(DEPS):
	@tools/deps build
	@mkdir -p $(@D) && touch $@

# libpq's header: /usr/include/postgresql on Debian.
PQ_CPPFLAGS ?= -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
$(O)/lib/archive-pg.o: CPPFLAGS += $(PQ_CPPFLAGS)

$(O)/lib/%.o: lib/%.c $(HEADERS) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CRM_CFLAGS) -c -o $@ $<

# The built-in calendar: data/calendar.csv as a C string.
$(O)/lib/calendar_data.c: data/calendar.csv
	@mkdir -p $(@D)
	{ echo '/* generated from data/calendar.csv */'; \
	  echo 'const char crm_calendar_data[] ='; \
	  sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; \
	  echo ';'; } > $@

$(O)/lib/calendar_data.o: $(O)/lib/calendar_data.c
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CRM_CFLAGS) -c -o $@ $<

$(LIB): $(LIBOBJS)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJS)

# The cron jobs are shell scripts: copied, not compiled.
$(SCRIPTBINS): $(BIN)/%: cmd/%
	@mkdir -p $(@D)
	cp -f $< $@ && chmod +x $@

# A program is cmd/NAME.c, or the C files of cmd/NAME/ once it grows.
.SECONDEXPANSION:
$(BIN)/%: $$(wildcard cmd/$$*.c cmd/$$*/*.c cmd/$$*/*.h) $(LIB) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CRM_CFLAGS) -Icmd/$* $(CRM_LDFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$^) $(LIB) $(LDLIBS)

$(O)/tests/%: tests/unit/%.c tests/unit/tap.h $(LIB) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CRM_CFLAGS) -Itests/unit $(CRM_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(O)/tests/%: tests/%.c $(LIB) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CRM_CFLAGS) $(CRM_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# libFuzzer targets: built by fuzzers with clang, lib instrumented (see the fuzz target).
FUZZERS = fuzz_stream fuzz_cal fuzz_settings
FUZZ_O  = build/fuzz
$(O)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIB) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CRM_CFLAGS) -fsanitize=fuzzer $(CRM_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

fuzzers:
	@tools/deps fuzz
	@$(MAKE) -s O=$(FUZZ_O) CC=clang WERROR= CFLAGS='-O1 -g' \
		SANITIZE=fuzzer-no-link,address,undefined $(FUZZERS:%=$(FUZZ_O)/fuzz/%)

# Each target for FUZZ_TIME seconds, from seeds out of testdata/ (tests/fuzz/run).
fuzz: fuzzers
	@tests/fuzz/run $(FUZZ_TIME) $(FUZZ_O) $(FUZZERS)

testprogs: all $(UNITBINS) $(TESTBINS)

deps:
	@tools/deps --install all

check:
	@tools/deps check
	@tests/check plain

check-san:
	@tools/deps san
	@tests/check san

demo: all
	@sh tests/demo

bench: all $(TESTBINS)
	@sh tests/bench

install: all
	install -d -m 755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(PROGBINS) $(SCRIPTBINS) $(DESTDIR)$(BINDIR)/
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.7 $(DESTDIR)$(MANDIR)/man7/
	install -m 644 completions/bash/* $(DESTDIR)$(BASHCOMPDIR)/
	install -m 644 completions/zsh/* $(DESTDIR)$(ZSHCOMPDIR)/

uninstall:
	for p in $(PROGS) $(SCRIPTS); do rm -f $(DESTDIR)$(BINDIR)/$$p $(DESTDIR)$(MANDIR)/man1/$$p.1 \
		$(DESTDIR)$(BASHCOMPDIR)/$$p $(DESTDIR)$(ZSHCOMPDIR)/_$$p; done
	rm -f $(DESTDIR)$(MANDIR)/man7/crm.7 $(DESTDIR)$(MANDIR)/man7/crm-cron.7

clean:
	rm -rf $(O) $(BIN)

.PHONY: all check check-san deps fuzz fuzzers demo bench install uninstall clean testprogs
.SUFFIXES:
