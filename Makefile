# crm toolkit — one non-recursive Makefile.
#   make            programs into bin/, libcrm into build/
#   make check      all tests, then again under ASan/UBSan; ends "N passed, N failed"
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
O       ?= build
BIN     ?= bin
SANITIZE ?=

CRM_CFLAGS = -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -Ilib -DCRM_VERSION='"$(VERSION)"'
ifneq ($(SANITIZE),)
CRM_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
CRM_LDFLAGS += -fsanitize=$(SANITIZE)
endif
LDLIBS = -lcsv -ljansson -lsqlite3 -lnettle

PROGS = crm-cal crm-expense crm-remind crm-file crm-staff crm-access barfine crm-ticket crm-report riskcalc secret-label
SCRIPTS = crm-weekly crm-daily
LIBMODS = cli field money cal stream write types table chain archive
UNITS = test_field test_money test_cal test_stream test_table test_chain test_owner

LIB      = $(O)/libcrm.a
LIBOBJS  = $(LIBMODS:%=$(O)/lib/%.o) $(O)/lib/calendar_data.o
PROGBINS = $(PROGS:%=$(BIN)/%)
SCRIPTBINS = $(SCRIPTS:%=$(BIN)/%)
UNITBINS = $(UNITS:%=$(O)/tests/%)
TESTBINS = $(O)/tests/crm-pass $(O)/tests/gen-customers $(O)/tests/runstat
HEADERS  = $(wildcard lib/*.h)
DEPS     = $(O)/.deps-ok

all: $(PROGBINS) $(SCRIPTBINS)

$(DEPS):
	@tools/deps build
	@mkdir -p $(@D) && touch $@

$(O)/lib/%.o: lib/%.c $(HEADERS) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(CRM_CFLAGS) -c -o $@ $<

# The built-in calendar: data/calendar.csv as a C string.
$(O)/lib/calendar_data.c: data/calendar.csv
	@mkdir -p $(@D)
	{ echo '/* generated from data/calendar.csv */'; \
	  echo 'const char crm_calendar_data[] ='; \
	  sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; \
	  echo ';'; } > $@

$(O)/lib/calendar_data.o: $(O)/lib/calendar_data.c
	$(CC) $(CFLAGS) $(CRM_CFLAGS) -c -o $@ $<

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
	$(CC) $(CFLAGS) $(CRM_CFLAGS) -Icmd/$* $(CRM_LDFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$^) $(LIB) $(LDLIBS)

$(O)/tests/%: tests/unit/%.c tests/unit/tap.h $(LIB) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(CRM_CFLAGS) -Itests/unit $(CRM_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(O)/tests/%: tests/%.c $(LIB) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(CRM_CFLAGS) $(CRM_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

testprogs: all $(UNITBINS) $(TESTBINS)

check:
	@tools/deps check
	@tests/check

demo: all
	@sh tests/demo

bench: all $(TESTBINS)
	@sh tests/bench

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	cp -f $(PROGBINS) $(SCRIPTBINS) $(DESTDIR)$(BINDIR)/
	cp -f man/*.1 $(DESTDIR)$(MANDIR)/man1/
	cp -f man/*.7 $(DESTDIR)$(MANDIR)/man7/
	cp -f completions/bash/* $(DESTDIR)$(BASHCOMPDIR)/
	cp -f completions/zsh/* $(DESTDIR)$(ZSHCOMPDIR)/

uninstall:
	for p in $(PROGS) $(SCRIPTS); do rm -f $(DESTDIR)$(BINDIR)/$$p $(DESTDIR)$(MANDIR)/man1/$$p.1 \
		$(DESTDIR)$(BASHCOMPDIR)/$$p $(DESTDIR)$(ZSHCOMPDIR)/_$$p; done
	rm -f $(DESTDIR)$(MANDIR)/man7/crm.7 $(DESTDIR)$(MANDIR)/man7/crm-cron.7

clean:
	rm -rf $(O) $(BIN)

.PHONY: all check demo bench install uninstall clean testprogs
.SUFFIXES:
