#!/usr/bin/env bats
# crm-weekly and crm-daily, the cron jobs of crm-cron(7) (SVC-04, SVC-08,
# CM-05, CM-16), run against a test archive with --today.

setup() {
	bats_require_minimum_version 1.5.0
	bats_load_library bats-support
	bats_load_library bats-assert
	# The scripts from cmd/ (make copies them into bin/), the programs from CRM_BIN.
	PATH="$(cd "$BATS_TEST_DIRNAME/../cmd" && pwd):$(cd "${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}" && pwd):$PATH"
	export LC_ALL=C.UTF-8
	unset CRM_TODAY CRM_CALENDAR
	export CRM_HOME=$BATS_TEST_TMPDIR/home
	TD=$BATS_TEST_DIRNAME/../testdata
	crm-file add "$TD/customers.csv" > /dev/null
	crm-ticket --staff "$TD/svc-staff.csv" open "$TD/svc-tickets.csv" > /dev/null 2>&1 || [ $? = 1 ]
	crm-ticket --staff "$TD/svc-staff.csv" --today 2026-11-27 revisit "$TD/svc-revisits.csv" > /dev/null
	# A mailer that keeps what it was given: args on the first line, then the message.
	MAILDIR=$BATS_TEST_TMPDIR/mail
	mkdir -p "$MAILDIR"
	cat > "$BATS_TEST_TMPDIR/fakemail" <<-'EOF'
	#!/bin/sh
	n=$(ls "$MAILDIR" | wc -l)
	{ echo "$*"; cat; } > "$MAILDIR/$((n + 1))"
	EOF
	chmod +x "$BATS_TEST_TMPDIR/fakemail"
	export MAILDIR CRM_MAILER=$BATS_TEST_TMPDIR/fakemail
}

@test "SVC-04: crm-weekly prints this week's report for the Friday meeting" {
	run --separate-stderr crm-weekly --today 2026-11-27 --projects "$TD/projects.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 "# Weekly service report 2026-W48"
	assert_line "| Tickets opened | 8 |"
	assert_line "| Registrations overdue (CM-05) | 2 |"
	assert_line "| Revisits overdue (SVC-05) | 3 |"
	# crm-weekly sends nothing and keeps no reminder log of its own.
	[ ! -e "$CRM_HOME/reminders" ]
}

@test "SVC-04: crm-weekly mails the report, or writes text, HTML, CSV and xlsx to a folder" {
	run --separate-stderr crm-weekly --today 2026-11-27 --to meeting@example.com --dir "$BATS_TEST_TMPDIR/out"
	assert_success
	assert_output ""
	assert_equal "$(head -n 1 "$MAILDIR/1")" "-s Weekly service report 2026-W48 meeting@example.com"
	assert_equal "$(sed -n 2p "$MAILDIR/1")" "# Weekly service report 2026-W48"
	run ls "$BATS_TEST_TMPDIR/out"
	assert_output "2026-W48.csv
2026-W48.html
2026-W48.md
2026-W48.xlsx"
	assert_equal "$(grep -c '<svg ' "$BATS_TEST_TMPDIR/out/2026-W48.html")" 3
	assert_equal "$(sed -n 2p "$BATS_TEST_TMPDIR/out/2026-W48.csv")" "2026-W48,summary,,tickets_opened,8"
	CRM_TODAY=2026-11-27 run --separate-stderr crm-weekly --zh
	assert_line --index 0 "# 客户服务周报 2026-W48"
}

@test "CM-05: crm-daily writes each owner's reminders and keeps them for CM-16" {
	run --separate-stderr crm-daily --today 2026-11-27 --dir "$BATS_TEST_TMPDIR/out"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	run ls "$BATS_TEST_TMPDIR/out/2026-11-27"
	assert_output "S01.txt
S02.txt"
	run cat "$BATS_TEST_TMPDIR/out/2026-11-27/S01.txt"
	assert_output "Reminders for S01, 2026-11-27

- [CM-05 overdue] C003 南方贸易(进出口)有限公司: not registered: first contact 2026-09-28, deadline 2026-10-10, 35 working days overdue
- [CM-10 missing] C001 华东机械有限公司: key customer with 1 staff in contact; two or more are needed, with contact reports
- [CM-10 missing] C007 深圳华信电子有限公司: key customer with 1 staff in contact; two or more are needed, with contact reports"
	assert_equal "$(head -n 1 "$CRM_HOME/reminders/2026-11-27.csv")" \
		"rule,kind,ref,customer_id,customer,owner,department,event_date,due,days_overdue,message"
	assert_equal "$(wc -l < "$CRM_HOME/reminders/2026-11-27.csv")" 5
}

@test "CM-16: the reminders crm-daily keeps feed the month-end KPI" {
	crm-daily --today 2026-11-20 --dir "$BATS_TEST_TMPDIR/out"
	crm-daily --today 2026-11-27 --dir "$BATS_TEST_TMPDIR/out"
	run --separate-stderr crm-report monthly --month 2026-11 --today 2026-11-30 --reminders "$CRM_HOME/reminders" \
		--staff "$TD/svc-staff.csv"
	assert_success
	assert_line "| S01 张伟 | 销售一部 | C003 | CM-05 | 2 | 2026-10-10 |"
	assert_line "| S02 王芳 | 销售二部 | C006 | CM-05 | 2 | 2026-10-14 |"
}

@test "CM-05: crm-daily mails each owner, %s standing for the staff id" {
	run --separate-stderr crm-daily --today 2026-11-27 --to '%s@example.com' --projects "$TD/projects.csv"
	assert_success
	assert_output ""
	run ls "$MAILDIR"
	assert_output "1
2
3
4"
	assert_equal "$(head -n 1 "$MAILDIR/1")" "-s crm reminders for S01, 2026-11-27 S01@example.com"
	assert_equal "$(head -n 1 "$MAILDIR/4")" "-s crm reminders for S04, 2026-11-27 S04@example.com"
	run grep -c '^- ' "$MAILDIR/1"
	assert_output 5
}

@test "SVC-08: on a statutory holiday crm-daily prints the on-call list" {
	printf 'date,staff,name,phone\n2026-10-01,S31,钱进,13900000031\n2026-10-02,S32,吴敏,13900000032\n' \
		> "$CRM_HOME/oncall.csv"
	run --separate-stderr crm-daily --today 2026-10-01 --dir "$BATS_TEST_TMPDIR/out"
	assert_success
	assert_output "On call on 2026-10-01 (国庆节), SVC-08:
- S31 钱进 13900000031"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out/2026-10-01/oncall.txt")" "$output"
	# A working day: no on-call list.
	run --separate-stderr crm-daily --today 2026-10-09 --dir "$BATS_TEST_TMPDIR/out"
	assert_success
	assert_output ""
	# A holiday with no one on call fails, so cron mails the error.
	run --separate-stderr crm-daily --today 2026-10-03 --dir "$BATS_TEST_TMPDIR/out"
	assert_failure 2
	assert_output "On call on 2026-10-03 (国庆节), SVC-08:"
	assert_equal "$stderr" "crm-daily: 2026-10-03 is a statutory holiday (国庆节) but $CRM_HOME/oncall.csv names no one on call (SVC-08)"
}

@test "crm-daily --print: the day's reminders as records" {
	run --separate-stderr crm-daily --today 2026-11-27 --print --projects "$TD/projects.csv"
	assert_success
	assert_line --index 0 "rule,kind,ref,customer_id,customer,owner,department,event_date,due,days_overdue,message"
	assert_equal "${#lines[@]}" 9
	[ ! -e "$CRM_HOME/reminders" ]
}

@test "crm-daily, crm-weekly: failures exit non-zero so cron mails them" {
	run --separate-stderr crm-daily --today 2026-11-27 --home "$TD/customers.csv"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"crm-daily: cannot read the customers from $TD/customers.csv"* ]]
	run --separate-stderr crm-daily --today 2026-11-27 --projects "$BATS_TEST_TMPDIR/nope.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-daily: $BATS_TEST_TMPDIR/nope.csv: cannot read the projects"
	# A broken projects file: nothing is sent.
	printf 'id,customer_id,delivered\nP1,C001,someday\n' > "$BATS_TEST_TMPDIR/bad.csv"
	run --separate-stderr crm-daily --today 2026-11-27 --projects "$BATS_TEST_TMPDIR/bad.csv" --to x@example.com
	assert_failure 2
	assert_equal "${stderr_lines[-1]}" "crm-daily: the reminders are incomplete; nothing was sent"
	run ls "$MAILDIR"
	assert_output ""
	CRM_MAILER=false run --separate-stderr crm-weekly --today 2026-11-27 --to x@example.com
	assert_failure 2
	assert_equal "$stderr" "crm-weekly: mailing the report to x@example.com failed"
	CRM_MAILER=false run --separate-stderr crm-daily --today 2026-11-27 --to x@example.com
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-daily: mailing the reminders of S01 to x@example.com failed"
	run --separate-stderr crm-weekly --today 2026-11-27 --projects "$BATS_TEST_TMPDIR/bad.csv"
	assert_failure 2
	assert_equal "${stderr_lines[-1]}" "crm-weekly: the reminders could not be computed"
}

@test "crm-daily, crm-weekly: usage errors exit 2" {
	local prog
	for prog in crm-daily crm-weekly; do
		run --separate-stderr "$prog" --bogus
		assert_failure 2
		assert_equal "$stderr" "$prog: unknown option '--bogus'
Try '$prog --help'."
		run --separate-stderr "$prog" --today 27.11.2026
		assert_failure 2
		assert_equal "$stderr" "$prog: --today: expected a date (YYYY-MM-DD), found '27.11.2026'"
		run --separate-stderr "$prog" --today
		assert_failure 2
		run --separate-stderr "$prog" --help
		assert_success
		assert_line --index 0 --partial "Usage: $prog"
	done
	run --separate-stderr crm-daily --to a@example.com --dir x
	assert_failure 2
	assert_equal "$stderr" "crm-daily: --to and --dir: choose one"
}
