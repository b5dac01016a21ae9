#!/usr/bin/env bats
# CM-17: the policy's three processes — customer registration, customer
# visits, expense reimbursement — run end to end from one archive.

setup() {
	bats_require_minimum_version 1.5.0
	bats_load_library bats-support
	bats_load_library bats-assert
	ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	BIN=${CRM_BIN:-$ROOT/bin}
	case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
	export PATH="$BIN:$PATH" LC_ALL=C.UTF-8 CRM_TODAY=2026-10-12 CRM_HOME=$BATS_TEST_TMPDIR/home
	# The chain key of the access log and audit logs: never the user's.
	export XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/config
	unset CRM_CHAIN_KEY
	TD=$ROOT/testdata
}

@test "CM-17: registration, visit and expense processes run from one archive" {
	# The archive as entered by 2026-11-27 (nothing is entered before it happens, §5).
	crm-staff add "$TD/staff.csv" > /dev/null
	crm-file add --today 2026-11-27 "$TD/customers.csv" > /dev/null
	grep -v C999 "$TD/log.csv" > "$BATS_TEST_TMPDIR/log.csv"
	crm-file log --today 2026-11-27 "$BATS_TEST_TMPDIR/log.csv"
	crm-file list --today 2026-11-27 > "$BATS_TEST_TMPDIR/customers.csv"

	# 2.1 registration: C003's first contact on 09-28 was due 10-10 (a make-up Saturday).
	run --separate-stderr bash -o pipefail -c 'crm-file list | crm-remind register | cut -d, -f1,2,4,9,10'
	assert_failure 1
	assert_line --index 1 "CM-05,overdue,C003,2026-10-10,1"
	assert_equal "$stderr" ""

	# 2.2 visits: the archive's own correspondence is the log the visit plan reads.
	run --separate-stderr crm-remind visits --today 2026-12-15 --log "$BATS_TEST_TMPDIR/log.csv" "$BATS_TEST_TMPDIR/customers.csv"
	assert_equal "$stderr" ""
	assert_line --partial "CM-12,"

	# 2.3 reimbursement: judged against the archive's registration dates (CM-15).
	run --separate-stderr bash -o pipefail -c 'crm-expense --customers "$1" "$2" | cut -d, -f1,3,8,9' _ \
		"$BATS_TEST_TMPDIR/customers.csv" "$TD/claims.csv"
	assert_failure 1
	assert_line "E001,C001,reimbursable,"
	assert_line "E002,C003,rejected,not-registered"
	assert_line "E003,C004,rejected,registered-after-expense"
	assert_equal "$stderr" ""
}
