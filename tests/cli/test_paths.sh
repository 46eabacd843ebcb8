# SPDX-License-Identifier: MIT
# Where the configuration and the database are found (FHS and XDG), each
# step of both orders, with a private HOME and XDG variables:
#   configuration: --config, $GRIDCASE_CONFIG, $XDG_CONFIG_HOME/gridcase
#     (~/.config/gridcase), /etc/gridcase; never ./config;
#   database: --db, $GRIDCASE_DB, the configuration's database:, then
#     $XDG_DATA_HOME/gridcase/gridcase.db (~/.local/share/gridcase).
. "$(dirname "$0")/lib.sh"
unset XDG_CONFIG_HOME XDG_DATA_HOME
export HOME=$T/home
mkdir -p "$HOME"
mk() { mkdir -p "$1"; cp "$ROOT"/config/demo/*.yaml "$1/"; }   # a whole demo configuration
mk "$T/opt"; mk "$T/env"; mk "$T/xdg/gridcase"; mk "$HOME/.config/gridcase"; mk "$T/work/config"
p() { (cd "$T/work" && "$BIN" "$@" >"$T/out" 2>"$T/err"); RC=$?; }

# ---- the configuration ----
export GRIDCASE_CONFIG=$T/env XDG_CONFIG_HOME=$T/xdg
p --config "$T/opt" check-config
expect_out "$T/opt: configuration is valid" "--config comes first"
p check-config
expect_out "$T/env: configuration is valid" "then \$GRIDCASE_CONFIG"
unset GRIDCASE_CONFIG
p check-config
expect_out "$T/xdg/gridcase: configuration is valid" "then \$XDG_CONFIG_HOME/gridcase"
export XDG_CONFIG_HOME=relative/dir
p check-config
expect_out "$HOME/.config/gridcase: configuration is valid" "a relative \$XDG_CONFIG_HOME is ignored (XDG rule)"
unset XDG_CONFIG_HOME
p check-config
expect_out "$HOME/.config/gridcase: configuration is valid" "then ~/.config/gridcase"
rm -rf "$HOME/.config/gridcase"
p check-config
if [ -d /etc/gridcase ]; then
	expect_out "/etc/gridcase: configuration is valid" "then /etc/gridcase"
else
	expect_rc 3 "no configuration anywhere: bad data"
	expect_err "no configuration found" "and says where it looked"
fi
expect_no_out "$T/work/config" "./config in the current directory is never used"

# ---- the database ----
export GRIDCASE_CONFIG=$T/env
p --db "$T/opt.db" --user admin init
expect_out "$T/opt.db: created" "--db comes first"
export GRIDCASE_DB=$T/envdb.db
p --user admin init
expect_out "$T/envdb.db: created" "then \$GRIDCASE_DB"
unset GRIDCASE_DB
printf 'database: data/key.db\n' >"$T/env/database.yaml"
mkdir -p "$T/env/data"
p --user admin init
expect_out "$T/env/data/key.db: created" "then database: (relative to the configuration directory)"
printf 'database: %s/abs.db\n' "$T" >"$T/env/database.yaml"
p --user admin init
expect_out "$T/abs.db: created" "an absolute database: as it is"
rm "$T/env/database.yaml"
export XDG_DATA_HOME=$T/data
p --user admin init
expect_out "$T/data/gridcase/gridcase.db: created" "then \$XDG_DATA_HOME/gridcase/gridcase.db, its directory made"
check "[ \"\$(stat -c %a '$T/data/gridcase')\" = 700 ]" "the made directory is the user's alone (0700)"
unset XDG_DATA_HOME
p --user admin init
expect_out "$HOME/.local/share/gridcase/gridcase.db: created" "then ~/.local/share/gridcase/gridcase.db"
p --user admin import nodes "$ROOT/tests/cli/nodes.csv" --quiet
p --user admin node 510304
expect_out "大安区" "a later command finds the same default database"
check "[ ! -e '$T/work/gridcase.db' ]" "no ./gridcase.db in the current directory"
env -u HOME "$BIN" --config "$T/env" --user admin tree >"$T/out" 2>"$T/err"; RC=$?
expect_rc 2 "no HOME and no XDG_DATA_HOME: usage"
expect_err "no database" "and says how to name one"
