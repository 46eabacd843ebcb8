# SPDX-License-Identifier: MIT
# make install DESTDIR=... twice over an edited configuration: the edit and
# its mode survive, the new file goes beside it as FILE.dist and is named;
# make uninstall leaves the edited file. Uses the build of $GRIDCASE_BIN.
. "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$BIN")
case $BUILD in "$ROOT"/*) BUILD=${BUILD#"$ROOT"/} ;; "$ROOT") BUILD=build ;; esac
D=$T/dest
mi() { make -s -C "$ROOT" BUILD="$BUILD" DESTDIR="$D" PREFIX=/usr "$@" >"$T/out" 2>"$T/err"; RC=$?; }
mi install
expect_rc 0 "make install"
check "[ -x '$D/usr/bin/gridcase' ] && [ -f '$D/usr/share/man/man1/gridcase.1' ]" "the binary and the man page"
check "[ -f '$D/usr/share/locale/zh_CN/LC_MESSAGES/gridcase.mo' ]" "the translation"
check "[ \"\$(stat -c %a '$D/etc/gridcase/users.yaml')\" = 640 ] && [ \"\$(stat -c %a '$D/etc/gridcase/forms.yaml')\" = 644 ]" \
	"users.yaml 0640, the others 0644"
check "[ -f '$D/usr/share/gridcase/demo/demo.yaml' ] && [ ! -L '$D/usr/share/gridcase/demo/forms.yaml' ]" \
	"the demo configuration, its links made files"
check "! grep -q 'login: admin' '$D/etc/gridcase/users.yaml' && [ ! -e '$D/etc/gridcase/demo.yaml' ]" \
	"the installed configuration has no demo people and no demo"
"$D/usr/bin/gridcase" --config "$D/usr/share/gridcase/demo" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "the installed demo configuration loads"

# The first administrator: the documented first step, then no more.
ia() { "$D/usr/bin/gridcase" --config "$D/etc/gridcase" admin init-admin "$@" >"$T/out" 2>"$T/err"; RC=$?; }
ia 'bad login'
expect_rc 2 "init-admin refuses a login with a space"
ia alice --name "$(printf 'two\nlines')"
expect_rc 3 "init-admin refuses a name of two lines"
check "cmp -s '$D/etc/gridcase/users.yaml' '$ROOT/config/users.yaml'" "and writes nothing"
ia alice --name 王军
expect_rc 0 "init-admin names the first administrator"
check "[ \"\$(stat -c %a '$D/etc/gridcase/users.yaml')\" = 640 ]" "users.yaml stays 0640"
"$D/usr/bin/gridcase" --config "$D/etc/gridcase" --db "$T/first.db" --user alice init >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "the administrator can init a database"
ia bob
expect_rc 4 "a second init-admin is refused"
expect_err "has an administrator already (alice)" "naming the one there is"
chmod 600 "$D/etc/gridcase/users.yaml"
cp "$D/etc/gridcase/users.yaml" "$T/edited"
mi install
expect_rc 0 "make install again"
check "cmp -s '$D/etc/gridcase/users.yaml' '$T/edited'" "the edited users.yaml is kept"
check "[ \"\$(stat -c %a '$D/etc/gridcase/users.yaml')\" = 600 ]" "and its mode"
check "cmp -s '$D/etc/gridcase/users.yaml.dist' '$ROOT/config/users.yaml'" "the new one is beside it as users.yaml.dist"
expect_out "users.yaml: kept as it is (edited); the new version is" "and make install says so"
check "[ ! -e '$D/etc/gridcase/forms.yaml.dist' ]" "an unchanged file gets no .dist"
mi install
check "cmp -s '$D/etc/gridcase/users.yaml' '$T/edited'" "a third install keeps it too"

mi uninstall
expect_rc 0 "make uninstall"
check "[ ! -e '$D/usr/bin/gridcase' ] && [ ! -e '$D/usr/share/gridcase' ] && [ ! -e '$D/etc/gridcase/forms.yaml' ]" \
	"removes what install wrote"
check "cmp -s '$D/etc/gridcase/users.yaml' '$T/edited'" "but not the edited users.yaml"
expect_out "users.yaml: edited, kept" "and names it"
