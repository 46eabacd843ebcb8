# SPDX-License-Identifier: MIT
# The Debian package (make deb first; .ci/run does): its files, its
# conffiles, and an install then an upgrade into a private dpkg --root tree
# over an edited /etc/gridcase/users.yaml, which the upgrade keeps.
# The maintainer scripts run chrootless with DPKG_ROOT; the account
# commands (getent, adduser, chown, chgrp) are stubs that log what they
# were asked, so nothing outside the tree changes.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEB=$(ls "$ROOT"/build/deb/gridcase_*_*.deb 2>/dev/null | grep -v dbgsym | head -1)
T=$(mktemp -d /tmp/gridcase-deb-XXXXXX)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
check() { if eval "$1"; then ok "$2"; else echo "not ok - $2 ($1)"; fi; }
if [ -z "$DEB" ]; then echo "not ok - no build/deb/gridcase_*.deb (run make deb)"; exit 1; fi

dpkg-deb -c "$DEB" | awk '{print $1, $6}' >"$T/list"
for f in ./usr/bin/gridcase ./usr/share/man/man1/gridcase.1.gz \
	./usr/share/locale/zh_CN/LC_MESSAGES/gridcase.mo ./usr/share/doc/gridcase/copyright \
	./etc/gridcase/gridcase.yaml ./etc/gridcase/users.yaml ./etc/gridcase/database.yaml \
	./etc/gridcase/forms.yaml ./usr/share/gridcase/demo/users.yaml ./usr/share/gridcase/demo/demo.yaml \
	./usr/share/gridcase/demo/forms.yaml ./usr/share/gridcase/english/gridcase.yaml \
	./usr/share/man/man5/gridcase.yaml.5.gz ./usr/share/bash-completion/completions/gridcase \
	./usr/share/zsh/vendor-completions/_gridcase; do
	check "grep -q ' $f\$' '$T/list'" "the package has $f"
done
check "! grep -q ' ./etc/gridcase/demo' '$T/list'" "no demo in /etc/gridcase"
check "! grep -q 'usr/local' '$T/list'" "nothing in /usr/local"
dpkg-deb -f "$DEB" Depends >"$T/depends"
check "grep -q adduser '$T/depends' && grep -q liblmdb '$T/depends'" "Depends: adduser and the libraries"
check "grep -q 'libzip4 (>= ' '$T/depends' && grep -q 'libxlsxwriter4 (>= ' '$T/depends'" \
	"Depends: libzip4 and libxlsxwriter4, which the binary loads with dlopen"
dpkg-deb --ctrl-tarfile "$DEB" | tar -xO ./conffiles >"$T/conffiles"
check "grep -qx /etc/gridcase/users.yaml '$T/conffiles' && grep -qx /etc/gridcase/gridcase.yaml '$T/conffiles'" \
	"the configuration is conffiles"

# A dpkg tree and the stubs.
R=$T/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$T/bin"
touch "$R/var/lib/dpkg/status" "$R/var/lib/dpkg/available"
for cmd in adduser chown chgrp; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$cmd" "$T" >"$T/bin/$cmd"
done
printf '#!/bin/sh\n[ -f "%s/user" ] || exit 2\necho gridcase:x:999:999::/var/lib/gridcase:/bin/sh\n' "$T" >"$T/bin/getent"
chmod +x "$T/bin/"*
dpkgr() { PATH="$T/bin:$PATH" dpkg --root="$R" --force-script-chrootless --force-not-root \
	--force-depends --log="$T/dpkg.log" "$@" >"$T/out" 2>&1; }
dpkgr -i "$DEB"
check "[ \$? = 0 ]" "dpkg --root -i installs it ($(tail -1 "$T/out"))"
check "[ -x '$R/usr/bin/gridcase' ]" "the binary is in the tree"
check "grep -q 'adduser --system --group --home /var/lib/gridcase' '$T/calls'" "postinst makes the gridcase system user"
check "[ \"\$(stat -c %a '$R/var/lib/gridcase')\" = 750 ]" "/var/lib/gridcase is 0750"
check "grep -q 'chown gridcase:gridcase $R/var/lib/gridcase' '$T/calls'" "owned by gridcase"
check "[ \"\$(stat -c %a '$R/etc/gridcase/users.yaml')\" = 640 ]" "users.yaml is 0640"
check "grep -q 'chgrp gridcase $R/etc/gridcase/users.yaml' '$T/calls'" "group gridcase"
check "'$R/usr/bin/gridcase' --config '$R/etc/gridcase' check-config >/dev/null" "the installed configuration loads"
# (not installed on this machine: the binary finds them by its own place)
check "[ ! -e /usr/share/locale/zh_CN/LC_MESSAGES/gridcase.mo ] && LANG=zh_CN.UTF-8 '$R/usr/bin/gridcase' frob 2>&1 | grep -q '未知命令'" \
	"the installed binary finds its translations under its prefix (BIN/../share/locale)"

# The administrator's edit, then the same version again (an upgrade's
# conffile path): kept, with its mode.
touch "$T/user"
"$R/usr/bin/gridcase" --config "$R/etc/gridcase" admin init-admin alice --name 管理员 >/dev/null
chmod 600 "$R/etc/gridcase/users.yaml"
cp "$R/etc/gridcase/users.yaml" "$T/edited"
dpkgr -i "$DEB"
check "[ \$? = 0 ]" "installing over it succeeds"
check "cmp -s '$R/etc/gridcase/users.yaml' '$T/edited'" "the edited users.yaml is kept"
check "grep -q 'login: alice' '$R/etc/gridcase/users.yaml'" "with its administrator"
check "grep -c 'adduser' '$T/calls' | grep -qx 1" "the account is made once"

# An upgrade to a newer version whose users.yaml changed as well: dpkg's
# conffile rule keeps the administrator's file (--force-confold answers
# the question a person would be asked) and puts the new one beside it.
dpkg-deb -R "$DEB" "$T/new"
sed -i 's/^Version: .*/&+upgrade1/' "$T/new/DEBIAN/control"
echo "# a newer template" >>"$T/new/etc/gridcase/users.yaml"
(cd "$T/new" && find etc usr -type f -exec md5sum {} + >DEBIAN/md5sums)
dpkg-deb -b --root-owner-group "$T/new" "$T/new.deb" >/dev/null
dpkgr -i --force-confold --force-confdef "$T/new.deb"
check "[ \$? = 0 ]" "the upgrade installs"
check "grep -q 'Version: .*+upgrade1' '$R/var/lib/dpkg/status'" "the new version is the installed one"
check "cmp -s '$R/etc/gridcase/users.yaml' '$T/edited'" "the upgrade keeps the edited users.yaml"
check "[ \"\$(stat -c %a '$R/etc/gridcase/users.yaml')\" = 600 ]" "and its mode"
check "grep -q 'a newer template' '$R/etc/gridcase/users.yaml.dpkg-dist'" "the new one is beside it as users.yaml.dpkg-dist"
dpkgr -r gridcase
check "[ ! -e '$R/usr/bin/gridcase' ] && [ -f '$R/etc/gridcase/users.yaml' ]" "remove keeps the configuration"
