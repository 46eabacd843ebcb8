# SPDX-License-Identifier: MIT
# gridcase - see README.md. `make check` and `make demo` are the two entry points.
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
MANDIR    ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
SYSCONFDIR ?= /etc
DESTDIR   ?=
# Every file of a build goes under BUILD; only the default build also
# copies the binary to ./gridcase (what README, the tests and the demo run).
BUILD     ?= build
PKGS      := lmdb yaml-0.1 ncursesw libpcre2-8 xlsxwriter libzip expat
CC        ?= cc
OPT       ?= -O2 -g
# CPPFLAGS, CFLAGS and LDFLAGS from the command line or the environment
# (dpkg-buildflags: -D_FORTIFY_SOURCE=2 comes in CPPFLAGS) are kept; the
# project's own flags are added to them.
override CFLAGS += $(OPT) -pthread -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes
override CPPFLAGS += -D_GNU_SOURCE -Iinclude -Isrc -DGRIDCASE_LOCALEDIR='"$(LOCALEDIR)"' \
                     -DGRIDCASE_SYSCONFDIR='"$(SYSCONFDIR)"'
VERSION   := 0.1.0

# pkg-config, asked once and only when something is compiled; a library it
# cannot find stops the build with the Debian package that provides it.
DEB_OF_lmdb       := liblmdb-dev
DEB_OF_yaml-0.1   := libyaml-dev
DEB_OF_ncursesw   := libncurses-dev
DEB_OF_libpcre2-8 := libpcre2-dev
DEB_OF_cmocka     := libcmocka-dev
DEB_OF_xlsxwriter := libxlsxwriter-dev
DEB_OF_libzip     := libzip-dev
DEB_OF_expat      := libexpat1-dev
pkg_need = $(if $(shell command -v pkg-config),,$(error pkg-config is missing: apt-get install pkg-config (or make deps)))$(foreach p,$(1),$(if $(shell pkg-config --exists $(p) && echo y),,$(error pkg-config cannot find $(p): apt-get install $(or $(DEB_OF_$(p)),the -dev package with $(p).pc) (or make deps))))
pkg_once = $(eval $(1) := $$(call pkg_need,$(2))$$(shell pkg-config $(3) $(2)))$($(1))
PKG_CFLAGS   = $(call pkg_once,PKG_CFLAGS,$(PKGS),--cflags)
# libzip and libxlsxwriter are not linked: src/format/xlsx_lib.c loads them
# when a workbook is first read or written (their headers are still needed).
DLOPEN_PKGS := xlsxwriter libzip
# libzip's headers carry no soname: take the one of the library built against.
ZIP_SONAME    = $(shell objdump -p "$$(pkg-config --variable=libdir libzip)/libzip.so" 2>/dev/null | awk '/SONAME/ { print $$2 }')
$(BUILD)/format/xlsx_lib.o: CPPFLAGS += $(if $(ZIP_SONAME),-DXLSX_ZIP_SONAME='"$(ZIP_SONAME)"' -DXLSX_ZIP_PACKAGE='"libzip$(subst libzip.so.,,$(ZIP_SONAME))"')
# The libraries that ship a static archive are linked into the program
# (libc stays dynamic): the loader then maps and relocates three objects,
# not nine (docs/performance.md, "Fixed cost of a process"). STATIC_PKGS=
# links them dynamically, as the Debian package does (debian/rules: a fix to
# one of them then reaches gridcase with the library's own update).
STATIC_PKGS ?= lmdb yaml-0.1 ncursesw libpcre2-8 expat
LINK_PKGS    := $(filter-out $(DLOPEN_PKGS),$(PKGS))
WL_STATIC    := -Wl,-Bstatic
WL_DYNAMIC   := -Wl,-Bdynamic
PKG_LIBS     = $(if $(filter $(STATIC_PKGS),$(LINK_PKGS)),$(WL_STATIC) $(call pkg_once,STATIC_LIBS,$(filter $(STATIC_PKGS),$(LINK_PKGS)),--libs) $(WL_DYNAMIC)) \
               $(if $(filter-out $(STATIC_PKGS),$(LINK_PKGS)),$(call pkg_once,DYNAMIC_LIBS,$(filter-out $(STATIC_PKGS),$(LINK_PKGS)),--libs))
DLOPEN_LIBS  = $(call pkg_once,DLOPEN_LIBS,$(DLOPEN_PKGS),--libs)
CMOCKA_CFLAGS = $(call pkg_once,CMOCKA_CFLAGS,cmocka,--cflags)
CMOCKA_LIBS  = $(call pkg_once,CMOCKA_LIBS,cmocka,--libs)

# One folder per layer (docs/design.md); src/cli/main.c is the program's own.
CORE_SRC  := $(filter-out src/cli/main.c,$(wildcard src/*/*.c))
CORE_OBJ  := $(patsubst src/%.c,$(BUILD)/%.o,$(CORE_SRC))
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)

# Debian packages the build and the tests need; installed by `make deps`.
DEB_PKGS  := pkg-config liblmdb-dev libyaml-dev libncurses-dev libcmocka-dev libpcre2-dev libxlsxwriter-dev libzip-dev libexpat1-dev lmdb-utils bc tmux unzip clang libclang-rt-14-dev \
             openssh-server openssh-client gettext unicode-data strace tig python3
# Translations of the program's own words (src/po/LANG.po), compiled next
# to the binary where i18n.c looks for them.
LANGS     := $(patsubst src/po/%.po,%,$(wildcard src/po/*.po))
MO        := $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/gridcase.mo)

.PHONY: all units deps check check-plain check-asan demo bench install uninstall clean po mo deb fuzz print-xgettext-keys

all: gridcase

ifeq ($(BUILD),build)
gridcase: $(BUILD)/gridcase $(MO)
	install -m 755 $< $@   # install replaces a running binary safely
else
# Another build directory writes nothing into the source tree.
.PHONY: gridcase
gridcase: $(BUILD)/gridcase $(MO)
endif

mo: $(MO)

$(BUILD)/locale/%/LC_MESSAGES/gridcase.mo: src/po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# Refresh the template and merge it into every translation after changing
# messages: make po
XGETTEXT_KEYS := -k_ -kN_ -kcore_fail:3 -ktui_message:2 -kcli_usage:1 -kerr:3 -kyread_fail:3 -kssh_refuse:3 \
                 --flag=core_fail:3:c-format --flag=tui_message:2:c-format --flag=cli_usage:1:c-format \
                 --flag=err:3:c-format --flag=yread_fail:3:c-format --flag=ssh_refuse:3:c-format
# tests/catalogue.sh extracts the messages as make po does.
print-xgettext-keys:
	@echo $(XGETTEXT_KEYS)

po:
	xgettext --from-code=UTF-8 --language=C $(XGETTEXT_KEYS) --package-name=gridcase -o src/po/gridcase.pot src/*/*.c
	for p in src/po/*.po; do msgmerge --update --backup=none $$p src/po/gridcase.pot; done

$(BUILD)/%.o: src/%.c $(wildcard include/gridcase/*.h src/*/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -DGRIDCASE_VERSION='"$(VERSION)"' -c $< -o $@

$(BUILD)/libgridcase.a: $(CORE_OBJ)
	ar rcs $@ $^

$(BUILD)/gridcase: $(BUILD)/cli/main.o $(BUILD)/libgridcase.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)

# The unit tests link libzip too: test_xlsx makes workbooks with it.
$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h tests/unit/unit_core.h $(BUILD)/libgridcase.a | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -o $@ $< \
		$(BUILD)/libgridcase.a $(PKG_LIBS) $(DLOPEN_LIBS) $(CMOCKA_LIBS) $(LDFLAGS)

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libgridcase.a | $(BUILD)
	@mkdir -p $(BUILD)/bench
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(BUILD)/libgridcase.a $(PKG_LIBS) $(LDFLAGS)

$(BUILD):
	@mkdir -p $(BUILD)

# Install what is missing (a fresh Debian machine has only a compiler).
deps:
	@if ! pkg-config --exists $(PKGS) cmocka 2>/dev/null || ! command -v mdb_stat >/dev/null || ! command -v bc >/dev/null || ! command -v unzip >/dev/null || ! command -v clang >/dev/null || ! command -v tmux >/dev/null || [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null || ! command -v msgfmt >/dev/null || [ ! -f /usr/share/unicode/EastAsianWidth.txt ]; then \
		echo "installing build dependencies: $(DEB_PKGS)"; \
		if [ "$$(id -u)" != 0 ]; then echo "make deps: run as root (or install: $(DEB_PKGS))" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS) >/dev/null; \
	fi

# Fuzz targets (tests/fuzz/): each reader under libFuzzer with clang for
# FUZZ_TIME seconds from a seed corpus (`make fuzz`, also run by check);
# a crash found is fixed and its input kept in tests/fuzz/regressions/NAME/,
# which tests/cli/test_fuzz_regressions.sh replays with $(BUILD)/tests/replay_NAME.
FUZZ      := csv jsonl xlsx config
FUZZ_TIME ?= 7
REPLAY_BIN := $(FUZZ:%=$(BUILD)/tests/replay_%)
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=undefined
# The readers' layers only (base, format, config): what the targets link.
READERS_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(wildcard src/base/*.c src/format/*.c src/config/*.c))

units: $(UNIT_BIN) $(BUILD)/tests/ptycount $(REPLAY_BIN)

$(BUILD)/libreaders.a: $(READERS_OBJ)
	ar rcs $@ $^
$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libgridcase.a | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libgridcase.a $(PKG_LIBS) $(LDFLAGS)
ifneq ($(BUILD),build-fuzz)
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libreaders.a
	clang $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< build-fuzz/libreaders.a $(PKG_LIBS)
build-fuzz/libreaders.a: $(CORE_SRC) $(wildcard include/gridcase/*.h src/*/*.h)
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" build-fuzz/libreaders.a
fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ:%=build-fuzz/fuzz_%)
	@sh tests/fuzz/run.sh $(FUZZ_TIME) $(FUZZ)
endif

$(BUILD)/tests/ptycount: tests/tui/ptycount.c | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< -lutil $(LDFLAGS)

# The whole suite, then again under AddressSanitizer and UBSan.
check: deps
	@$(MAKE) --no-print-directory gridcase units
	@$(MAKE) --no-print-directory BUILD=build-asan \
		OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		build-asan/gridcase units mo
	@$(MAKE) --no-print-directory fuzz
	@sh tests/run.sh build build-asan

demo: deps
	@$(MAKE) --no-print-directory gridcase
	@sh tests/demo.sh

bench: deps
	@$(MAKE) --no-print-directory gridcase $(BENCH_BIN) $(BUILD)/tests/ptycount
	@sh tests/bench/run.sh

# The binary, the man page, the translations, the example configurations
# (/usr/share/gridcase/demo, /usr/share/gridcase/english) and the production
# configuration in /etc/gridcase. A file already in /etc/gridcase is never
# replaced: the new one goes beside it as FILE.dist (tools/conf.sh).
# Shell completion is generated from the command table by the binary itself.
COMPLETION := $(BUILD)/completion/gridcase $(BUILD)/completion/_gridcase
$(BUILD)/completion/gridcase: $(BUILD)/gridcase
	@mkdir -p $(dir $@)
	$(BUILD)/gridcase completion bash >$@
$(BUILD)/completion/_gridcase: $(BUILD)/gridcase
	@mkdir -p $(dir $@)
	$(BUILD)/gridcase completion zsh >$@

install: $(BUILD)/gridcase $(MO) $(COMPLETION)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BUILD)/gridcase $(DESTDIR)$(BINDIR)/gridcase
	install -m 644 docs/gridcase.1 $(DESTDIR)$(MANDIR)/man1/gridcase.1
	install -m 644 docs/gridcase.yaml.5 $(DESTDIR)$(MANDIR)/man5/gridcase.yaml.5
	install -D -m 644 $(BUILD)/completion/gridcase $(DESTDIR)$(DATADIR)/bash-completion/completions/gridcase
	install -D -m 644 $(BUILD)/completion/_gridcase $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_gridcase
	for l in $(LANGS); do install -D -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/gridcase.mo \
		$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/gridcase.mo; done
	sh tools/conf.sh examples config $(DESTDIR)$(DATADIR)/gridcase
	sh tools/conf.sh install config $(DESTDIR)$(SYSCONFDIR)/gridcase

# Everything install wrote, except a configuration file someone has edited.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gridcase $(DESTDIR)$(MANDIR)/man1/gridcase.1 $(DESTDIR)$(MANDIR)/man5/gridcase.yaml.5
	rm -f $(DESTDIR)$(DATADIR)/bash-completion/completions/gridcase $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_gridcase
	for l in $(LANGS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/gridcase.mo; done
	rm -rf $(DESTDIR)$(DATADIR)/gridcase
	sh tools/conf.sh uninstall config $(DESTDIR)$(SYSCONFDIR)/gridcase

# The Debian package (debian/), checked by lintian; the files end in $(BUILD)/deb.
deb:
	dpkg-buildpackage -us -uc -b
	@mkdir -p $(BUILD)/deb
	for f in ../gridcase_$(VERSION)_* ../gridcase-dbgsym_$(VERSION)_*; do [ ! -e "$$f" ] || mv "$$f" $(BUILD)/deb/; done
	lintian --fail-on error,warning $(BUILD)/deb/gridcase_$(VERSION)_*.changes

ifeq ($(BUILD),build)
clean:
	rm -rf build build-asan build-fuzz gridcase
else
clean:
	rm -rf $(BUILD)
endif
