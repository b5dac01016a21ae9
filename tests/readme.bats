#!/usr/bin/env bats
# README.md's examples are run as written and must print what README shows:
# an indented "$ command" line, followed by its expected output lines.

setup() {
	bats_require_minimum_version 1.5.0
	bats_load_library bats-support
	bats_load_library bats-assert
	ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	BIN=${CRM_BIN:-$ROOT/bin}
	case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
	export PATH="$BIN:$PATH" LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27 CRM_HOME=demo
	unset CRM_CALENDAR
	# The chain key of the access log and audit logs: never the user's.
	export XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/config
	unset CRM_CHAIN_KEY
	# The examples run in a scratch directory that sees the repository's testdata/.
	ln -s "$ROOT/testdata" "$BATS_TEST_TMPDIR/testdata"
}

@test "README: every example prints what it shows" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	cd "$BATS_TEST_TMPDIR"
	README=$ROOT/README.md
	export README
	run bash -c '
		n=0 cmd= want=
		check() {
			[ -n "$cmd" ] || return 0
			n=$((n + 1))
			got=$(bash -c "$cmd" 2>&1)
			[ "$got" = "$want" ] || printf "README example %s:\n%s\n--- want\n%s\n--- got\n%s\n" \
				"$n" "$cmd" "$want" "$got"
		}
		while IFS= read -r line; do
			case $line in
			"    \$ "*)
				check
				cmd=${line#    \$ } want= ;;
			"    "*)
				[ -n "$cmd" ] && want=${want:+$want$'"'"'\n'"'"'}${line#    } ;;
			*)
				check
				cmd= want= ;;
			esac
		done < "$README"
		check
		echo "$n examples"
	'
	assert_success
	assert_output --regexp '^[0-9]+ examples$'
	refute_output --regexp '^[0-4] examples$'
}
