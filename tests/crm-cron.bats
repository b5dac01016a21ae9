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
	crm-staff add "$TD/staff.csv" > /dev/null
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
		"rule,kind,ref,customer_id,customer,owner,department,event_date,due,days_overdue,message,provisional"
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
	assert_line --index 0 "rule,kind,ref,customer_id,customer,owner,department,event_date,due,days_overdue,message,provisional"
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
	# A broken projects row (issue 18 §3): named by file:line, everyone's reminders
	# still go out (S01, S02) with the office's note; exit 2 so cron reports it.
	printf 'id,customer_id,delivered\nP1,C001,someday\n' > "$BATS_TEST_TMPDIR/bad.csv"
	run --separate-stderr crm-daily --today 2026-11-27 --projects "$BATS_TEST_TMPDIR/bad.csv" --to '%s@example.com'
	assert_failure 2
	assert_equal "$stderr" "crm-daily: $BATS_TEST_TMPDIR/bad.csv:2: delivered: expected a date (YYYY-MM-DD), found 'someday'"
	run ls "$MAILDIR"
	assert_output "1
2
3"
	assert_equal "$(head -n 1 "$MAILDIR/3")" "-s crm reminders for the office, 2026-11-27 office@example.com"
	assert_equal "$(tail -n 1 "$MAILDIR/3")" "- $BATS_TEST_TMPDIR/bad.csv:2: delivered: expected a date (YYYY-MM-DD), found 'someday'"
	rm -f "$MAILDIR"/*
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

# ------------------------------------------------- issue 22: next year's calendar

# A small archive for December: D1 first contact Monday 2026-12-28, not registered.
december_archive() {
	printf 'id,name,category,nature,supervisor,address,contact,phone,department,owner,first_contact,registered\nD1,岁末公司,general,民营,无,上海市4号,丁,13800000004,销售一部,S05,2026-12-28,\n' \
		> "$BATS_TEST_TMPDIR/dec.csv"
	crm-file add --today 2026-12-28 "$BATS_TEST_TMPDIR/dec.csv" > /dev/null
}

@test "crm-daily: from 12-01 a notice that next year's calendar is missing, at the top of the mail and on stderr" {
	local note="crm-daily: the 2027 holiday calendar is not installed: set CRM_CALENDAR=FILE (CSV date,kind,name or holiday-cn 2027.json) in the crontab, or give --calendar FILE; check with: crm-cal --calendar FILE covers 2027"
	# 11-30: not yet.
	run --separate-stderr crm-daily --today 2026-11-30 --dir "$BATS_TEST_TMPDIR/out"
	assert_success
	assert_equal "$stderr" ""
	# 12-01 (Tuesday): the notice, and the job does not fail for it.
	run --separate-stderr crm-daily --today 2026-12-01 --to '%s@example.com'
	assert_success
	assert_equal "$stderr" "$note"
	assert_equal "$(head -n 1 "$MAILDIR/1")" "-s crm reminders for S01, 2026-12-01 S01@example.com"
	assert_equal "$(sed -n 2p "$MAILDIR/1")" "Notice: next year's holiday calendar (2027) is not installed; deadlines in 2027 are provisional (weekends and 1 Jan, 1-2 May, 1-3 Oct only). When the State Council publishes it, save it as CSV (date,kind,name) or holiday-cn 2027.json, check it with: crm-cal --calendar FILE covers 2027, then set CRM_CALENDAR=FILE in the crontab (or give crm-daily --calendar FILE)."
	assert_equal "$(sed -n 4p "$MAILDIR/1")" "Reminders for S01, 2026-12-01"
	# The office manager gets it too, in a message of its own.
	run grep -l '^-s crm reminders for the office, 2026-12-01 office@example.com$' "$MAILDIR"/*
	assert_success
	# Chinese.
	run --separate-stderr crm-daily --today 2026-12-01 --zh --dir "$BATS_TEST_TMPDIR/zh"
	assert_success
	assert_regex "$(head -n 1 "$BATS_TEST_TMPDIR/zh/2026-12-01/S01.txt")" '^注意：2027年节假日安排（日历）尚未安装'
	# A 2027 calendar installed (a TEST calendar, invented: 2027 is not published): no notice.
	CRM_CALENDAR=$TD/calendar-2027.csv run --separate-stderr crm-daily --today 2026-12-01 --dir "$BATS_TEST_TMPDIR/out2"
	assert_success
	assert_equal "$stderr" ""
	run head -n 1 "$BATS_TEST_TMPDIR/out2/2026-12-01/S01.txt"
	assert_output "Reminders for S01, 2026-12-01"
	# An empty holiday-cn 2027.json (published before the notice) does not cover 2027.
	printf '{"year": 2027, "papers": [], "days": []}\n' > "$BATS_TEST_TMPDIR/2027.json"
	run --separate-stderr crm-daily --today 2026-12-01 --calendar "$BATS_TEST_TMPDIR/2027.json" --dir "$BATS_TEST_TMPDIR/out3"
	assert_success
	assert_equal "${stderr_lines[-1]}" "$note"
}

@test "crm-weekly: in December the report starts with the notice; the job still succeeds" {
	run --separate-stderr crm-weekly --today 2026-12-04
	assert_success
	assert_equal "$stderr" "crm-weekly: the 2027 holiday calendar is not installed: set CRM_CALENDAR=FILE (CSV date,kind,name or holiday-cn 2027.json) in the crontab, or give --calendar FILE; check with: crm-cal --calendar FILE covers 2027"
	assert_line --index 0 "# Weekly service report 2026-W49"
	assert_line --index 1 "> Notice: next year's holiday calendar (2027) is not installed; deadlines in 2027 are provisional. When it is published, save it as CSV (date,kind,name) or holiday-cn 2027.json, check it with: crm-cal --calendar FILE covers 2027, then set CRM_CALENDAR=FILE in the crontab."
	run --separate-stderr crm-weekly --today 2026-12-04 --calendar "$TD/calendar-2027.csv"
	assert_success
	assert_equal "$stderr" ""
	refute_line --partial "Notice"
}

@test "CM-05: a first contact on 2026-12-28 gives a provisional deadline in 2027, exact once a 2027 calendar is installed" {
	december_archive
	# 12-29, 12-30, 12-31, (2027-01-01 元旦, fixed by date; 01-02/03 weekend),
	# 01-04, 01-05: due 2027-01-05, provisional.  On 12-31 two working days
	# remain (01-04, 01-05): a "due" reminder, exit 0 like any reminder day.
	run --separate-stderr crm-daily --today 2026-12-31 --print
	assert_success
	assert_line "CM-05,due,,D1,岁末公司,S05,销售一部,2026-12-28,2027-01-05,0,\"register with the marketing department by 2027-01-05 (first contact 2026-12-28) (provisional: the 2027 holiday calendar is not installed, so only weekends and 1 Jan, 1-2 May, 1-3 Oct count as holidays; exact once it is installed)\",yes"
	run --separate-stderr crm-daily --today 2026-12-31 --dir "$BATS_TEST_TMPDIR/out"
	assert_success
	assert_equal "$(sed -n 5p "$BATS_TEST_TMPDIR/out/2026-12-31/S05.txt")" "- [CM-05 due] D1 岁末公司: register with the marketing department by 2027-01-05 (first contact 2026-12-28) (provisional: the 2027 holiday calendar is not installed, so only weekends and 1 Jan, 1-2 May, 1-3 Oct count as holidays; exact once it is installed)"
	# A TEST calendar for 2027 made for this test (invented, NOT the official one):
	# 2027-01-04 a holiday too, so the exact deadline moves to 01-06.
	printf 'date,kind,name\n2027-01-01,holiday,元旦(TEST ONLY)\n2027-01-04,holiday,TEST ONLY invented\n' \
		> "$BATS_TEST_TMPDIR/TEST-ONLY-invented-2027.csv"
	run --separate-stderr crm-daily --today 2026-12-31 --print --calendar "$BATS_TEST_TMPDIR/TEST-ONLY-invented-2027.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_line "CM-05,due,,D1,岁末公司,S05,销售一部,2026-12-28,2027-01-06,0,register with the marketing department by 2027-01-06 (first contact 2026-12-28),no"
}

# ------------------------------------------------- issue 18: working mornings

@test "CM-16: crm-daily sends and keeps nothing on a holiday or weekend, only the watch" {
	printf 'date,staff,name,phone\n2026-10-02,S32,吴敏,13900000032\n' > "$CRM_HOME/oncall.csv"
	run --separate-stderr crm-daily --today 2026-10-02 --to '%s@example.com'
	assert_success
	assert_output "On call on 2026-10-02 (国庆节), SVC-08:
- S32 吴敏 13900000032"
	run ls "$MAILDIR"
	assert_output "1"
	assert_equal "$(head -n 1 "$MAILDIR/1")" "-s on call on 2026-10-02 oncall@example.com"
	# Sunday 2026-11-29: nothing at all.
	run --separate-stderr crm-daily --today 2026-11-29 --to '%s@example.com'
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	[ ! -e "$CRM_HOME/reminders" ]
	# The make-up Saturday 2026-10-10 is a working morning.
	run --separate-stderr crm-daily --today 2026-10-10 --dir "$BATS_TEST_TMPDIR/out"
	assert_success
	[ -e "$CRM_HOME/reminders/2026-10-10.csv" ]
}

@test "SVC-08: the on-call list is required for 元旦, 春节, 劳动节 and 国庆节 only" {
	: > "$CRM_HOME/oncall.csv"
	# 2026-09-25 is 中秋节: a note, exit 0.
	run --separate-stderr crm-daily --today 2026-09-25
	assert_success
	assert_equal "$stderr" ""
	assert_output "On call on 2026-09-25 (中秋节), SVC-08:
(no one listed; SVC-08 requires the list for 元旦, 春节, 劳动节 and 国庆节 only)"
	# 2026-06-19 is 端午节: the same.
	run --separate-stderr crm-daily --today 2026-06-19
	assert_success
	# 元旦, 春节, 劳动节: exit 2.
	for d in 2026-01-01 2026-02-17 2026-05-01; do
		run --separate-stderr crm-daily --today "$d"
		assert_failure 2
		assert_regex "$stderr" "^crm-daily: $d is a statutory holiday \(.*\) but .* names no one on call \(SVC-08\)$"
	done
	# A combined name (a TEST calendar with 中秋节、国庆节, as in 2025).
	printf 'date,kind,name\n2026-10-01,holiday,中秋节、国庆节\n' > "$BATS_TEST_TMPDIR/TEST-ONLY-combined.csv"
	run --separate-stderr crm-daily --today 2026-10-01 --calendar "$BATS_TEST_TMPDIR/TEST-ONLY-combined.csv"
	assert_failure 2
	assert_output "On call on 2026-10-01 (中秋节、国庆节), SVC-08:"
}

@test "SVC-04: crm-weekly acts only on the week's last working day; Friday 2026-10-02 is a holiday" {
	# Week 2026-W40: 09-28..09-30 worked, 10-01..10-04 National Day: the report is Wednesday's.
	run --separate-stderr crm-weekly --today 2026-09-29 --to meeting@example.com
	assert_success
	assert_output ""
	run --separate-stderr crm-weekly --today 2026-10-02 --to meeting@example.com
	assert_success
	run ls "$MAILDIR"
	assert_output ""
	run --separate-stderr crm-weekly --today 2026-09-30 --to meeting@example.com
	assert_success
	assert_equal "$(head -n 1 "$MAILDIR/1")" "-s Weekly service report 2026-W40 meeting@example.com"
	assert_equal "$(sed -n 4p "$MAILDIR/1")" "> Friday 2026-10-02 is a holiday: this week's report goes out today, 2026-09-30."
	# An ordinary Thursday: nothing; the Friday: the report, with no holiday line.
	run --separate-stderr crm-weekly --today 2026-11-26
	assert_success
	assert_output ""
	run --separate-stderr crm-weekly --today 2026-11-27
	assert_line --index 0 "# Weekly service report 2026-W48"
	refute_line --partial "is a holiday"
	run --separate-stderr crm-weekly --today 2026-11-27 --zh --to meeting@example.com
	assert_equal "$(head -n 1 "$MAILDIR/2")" "-s 客户服务周报 2026-W48 meeting@example.com"
}

@test "CM-05: one bad customer stops nothing; it is named by archive table and id; exit 2" {
	printf 'id,name,category,nature,supervisor,address,contact,phone,department,owner,first_contact,registered\nK3,旧账公司,general,民营,无,上海市3号,丙,13800000003,销售二部,S02,2022-12-28,\n' \
		> "$BATS_TEST_TMPDIR/k3.csv"
	crm-file add "$BATS_TEST_TMPDIR/k3.csv" > /dev/null
	run --separate-stderr crm-daily --today 2026-11-27 --dir "$BATS_TEST_TMPDIR/out"
	assert_failure 2
	assert_equal "$stderr" "crm-daily: archive customers, id K3: 2022-12-29 is outside the calendar (covers 2023–2026); give --calendar FILE or --assume-weekends"
	run ls "$BATS_TEST_TMPDIR/out/2026-11-27"
	assert_output "S01.txt
S02.txt
office.txt"
	run cat "$BATS_TEST_TMPDIR/out/2026-11-27/office.txt"
	assert_output "For the office, 2026-11-27

These records could not be reminded; everyone else's reminders went out:
- archive customers, id K3: 2022-12-29 is outside the calendar (covers 2023–2026); give --calendar FILE or --assume-weekends"
	# The header, the 4 reminders of the test archive, and K3's own CM-12 visit
	# (general, last contact 2022-12-28 + 90 days = 2023-03-28): only the
	# registration that needs 2022 is lost.
	assert_equal "$(wc -l < "$CRM_HOME/reminders/2026-11-27.csv")" 6
	assert_equal "$(grep -c '^CM-12,overdue,,K3,' "$CRM_HOME/reminders/2026-11-27.csv")" 1
}

# The office's 44 days across 中秋 and 国庆 (issue 18), simulated cron: crm-daily
# every morning 2026-09-18 .. 2026-10-31 with --today.  Archive: K1 first contact
# Mon 09-21, registered on the first working morning after the holiday (10-08);
# K2 first contact Mon 09-28, never registered; K3 a bad record (first contact
# 2022-12-28, before the calendar); K4 (S03, potential, registered 08-04) with
# project P1 delivered 08-08, last revisit 09-08.  Worked by hand on the 2026
# calendar:
#   working days: 09-18, 09-20 (make-up Sunday), 09-21..24, 09-28..30; 10-08,
#   10-09, 10-10 (make-up Saturday), 10-12..16, 10-19..23, 10-26..30 = 9 + 18 = 27.
#   K1: due 09-29 (09-22, 23, 24, 28, 29); "due" 09-24, 09-28, 09-29; overdue
#   09-30 (1 working day).  The holiday 10-01..07 sends nothing.  Registered 10-08.
#   K2: due 10-10; "due" 10-08, 10-09, 10-10; overdue 10-12 .. 10-30, 15 days.
#   K3: its registration an error every working day, named; exit 2; the others
#   still go out, K3's own CM-12 visit among them (general, last contact
#   2022-12-28 + 90 days: overdue), so S02 is mailed on all 27 working days.
#   K4, SVC-05: P1's next revisit is 09-08 + 1 month = 10-08; "due" when at most
#   2 working days remain: 09-29 (09-30, 10-08), 09-30 (10-08).  A revisit
#   recorded on the morning of 10-08 (crm-ticket revisit) moves it to 11-08:
#   no reminder on 10-08 or after.
#   K4, CM-06: its phone changed Fri 10-09, reported 10-20 (crm-file update):
#   due 10-15 (10-10, 12, 13, 14, 15), reported 3 working days late (10-16,
#   19, 20): one "late" reminder on 10-20, the report's own morning, none on
#   10-21 (reported before the last working morning).  S03 is mailed on 09-29,
#   09-30 and 10-20 only.
@test "CM-05, CM-06, CM-16, SVC-05, SVC-08: crm-daily from 2026-09-18 to 2026-10-31 as cron runs it" {
	[ -n "${CRM_SLOW-}" ] || skip "slow: make check runs it (CRM_SLOW=1)"
	printf 'id,name,category,nature,supervisor,address,contact,phone,department,owner,first_contact,registered\nK1,准时公司,general,民营,无,上海市1号,甲,13800000001,销售一部,S01,2026-09-21,\nK2,迟到公司,general,民营,无,上海市2号,乙,13800000002,销售二部,S02,2026-09-28,\nK3,旧账公司,general,民营,无,上海市3号,丙,13800000003,销售二部,S02,2022-12-28,\nK4,项目公司,potential,民营,无,上海市4号,丁,13800000004,销售一部,S03,2026-08-03,2026-08-04\n' \
		> "$BATS_TEST_TMPDIR/sim.csv"
	export CRM_HOME=$BATS_TEST_TMPDIR/sim
	crm-staff add "$TD/staff.csv" > /dev/null
	crm-file add "$BATS_TEST_TMPDIR/sim.csv" > /dev/null
	printf 'id,customer_id,name,delivered,last_revisit\nP1,K4,机房改造,2026-08-08,2026-09-08\n' | crm-file project add --today 2026-09-08 > /dev/null
	awk 'BEGIN { print "date,staff,name,phone"; for (d = 1; d <= 7; d++) printf "2026-10-%02d,S31,钱进,13900000031\n", d }' \
		> "$CRM_HOME/oncall.csv"
	printf 'id,registered,reason,by\nK1,2026-10-08,备案,S01\n' > "$BATS_TEST_TMPDIR/reg.csv"
	printf 'customer_id,project,date,staff,satisfaction,note\nK4,P1,2026-10-08,S31,5,\n' > "$BATS_TEST_TMPDIR/rev.csv"
	printf 'id,phone,changed_on,reason,by\nK4,13800000044,2026-10-09,换号,S03\n' > "$BATS_TEST_TMPDIR/chg.csv"
	local out=$BATS_TEST_TMPDIR/out
	run bash -c '
		d=2026-09-18
		while [ "$d" != 2026-11-01 ]; do
			if [ "$d" = 2026-10-08 ]; then
				crm-file update --today "$d" "$1" > /dev/null
				crm-ticket --staff "$4" --today "$d" revisit "$3" > /dev/null
			fi
			[ "$d" = 2026-10-20 ] && crm-file update --today "$d" "$5" > /dev/null
			crm-daily --today "$d" --dir "$2" > /dev/null 2> "$2.err"
			echo "$d $?"
			d=$(date -d "$d +1 day" +%F)
		done' _ "$BATS_TEST_TMPDIR/reg.csv" "$out" "$BATS_TEST_TMPDIR/rev.csv" "$TD/svc-staff.csv" \
		"$BATS_TEST_TMPDIR/chg.csv"
	# Exit 2 on the 27 working days (K3), 0 on the 17 days off.
	assert_equal "$(grep -c ' 2$' <<< "$output")" 27
	assert_equal "$(grep -c ' 0$' <<< "$output")" 17
	# The reminders kept for CM-16: the working days only.
	run bash -c 'ls "$1" | tr "\n" " "' _ "$CRM_HOME/reminders"
	assert_output "2026-09-18.csv 2026-09-20.csv 2026-09-21.csv 2026-09-22.csv 2026-09-23.csv 2026-09-24.csv 2026-09-28.csv 2026-09-29.csv 2026-09-30.csv 2026-10-08.csv 2026-10-09.csv 2026-10-10.csv 2026-10-12.csv 2026-10-13.csv 2026-10-14.csv 2026-10-15.csv 2026-10-16.csv 2026-10-19.csv 2026-10-20.csv 2026-10-21.csv 2026-10-22.csv 2026-10-23.csv 2026-10-26.csv 2026-10-27.csv 2026-10-28.csv 2026-10-29.csv 2026-10-30.csv "
	# Owner mail only on working days: S01 on 4 days, S02 on all 27, S03 on 3;
	# on 10-01..07 only the watch.
	run bash -c 'cd "$1" && ls */S01.txt | tr "\n" " "' _ "$out"
	assert_output "2026-09-24/S01.txt 2026-09-28/S01.txt 2026-09-29/S01.txt 2026-09-30/S01.txt "
	assert_equal "$(ls "$out"/*/S02.txt | wc -l)" 27
	assert_equal "$(cat "$out"/2026-10-0[1-7]/* | grep -c '^On call on')" 7
	run bash -c 'ls "$1"/2026-10-0[1-7]' _ "$out"
	refute_output --partial "S0"
	run grep -h K2 "$out/2026-10-30/S02.txt"
	assert_output "- [CM-05 overdue] K2 迟到公司: not registered: first contact 2026-09-28, deadline 2026-10-10, 15 working days overdue"
	assert_equal "$(tail -n 1 "$out/2026-10-30/office.txt")" "- archive customers, id K3: 2022-12-29 is outside the calendar (covers 2023–2026); give --calendar FILE or --assume-weekends"
	# SVC-05: P1 due on 09-29 and 09-30; the revisit of 10-08 cleared it.
	run bash -c 'cd "$1" && ls */S03.txt | tr "\n" " "' _ "$out"
	assert_output "2026-09-29/S03.txt 2026-09-30/S03.txt 2026-10-20/S03.txt "
	assert_equal "$(tail -n 1 "$out/2026-09-30/S03.txt")" "- [SVC-05 due] K4 项目公司: project 机房改造 delivered 2026-08-08, last revisit 2026-09-08: revisit due 2026-10-08 (monthly in the first year)"
	# CM-06: the late report, once, the morning it was filed.
	run cat "$out/2026-10-20/S03.txt"
	assert_output "Reminders for S03, 2026-10-20

- [CM-06 late] K4 项目公司: change of phone on 2026-10-09 reported 2026-10-20, 3 working days after the deadline 2026-10-15"
	# The October KPI (CM-16): K2 15 overdue reminders; K1 none in October; the
	# late change report of K4 counted, 3 working days late.
	run --separate-stderr crm-report monthly --month 2026-10 --today 2026-10-31 --reminders "$CRM_HOME/reminders" --staff "$TD/svc-staff.csv"
	assert_success
	assert_line "| S02 王芳 | 销售二部 | K2 | CM-05 | 15 | 2026-10-10 |"
	refute_line --partial "| K1 |"
	assert_line "| S03 林涛 | 销售一部 | K4 | K4/phone/2026-10-09 | 3 | 2026-10-15 |"
	run --separate-stderr crm-report monthly --month 2026-10 --today 2026-10-31 --reminders "$CRM_HOME/reminders" --staff "$TD/svc-staff.csv" --ocsv
	assert_line "2026-10,kpi_cm06_late,S03 林涛,working_days_late,3,K4,CM-06,2026-10-15"
	# September: K1 was overdue on one working morning (09-30): 1, no penalty;
	# no change report was late.
	run --separate-stderr crm-report monthly --month 2026-09 --today 2026-09-30 --reminders "$CRM_HOME/reminders" --staff "$TD/svc-staff.csv"
	assert_success
	refute_line --partial "| K1 |"
	refute_line --partial "| K4 |"
}

@test "CM-05: a customer with neither a first-contact nor a registration date is a 'missing' reminder to the department" {
	printf 'id,name,category,nature,supervisor,address,contact,phone,department,owner\nN1,无日期公司,general,民营,无,上海市9号,庚,13800000009,销售二部,S04\n' \
		> "$BATS_TEST_TMPDIR/n1.csv"
	crm-file add "$BATS_TEST_TMPDIR/n1.csv" > /dev/null
	run --separate-stderr crm-daily --today 2026-11-27 --dir "$BATS_TEST_TMPDIR/out"
	assert_success
	run cat "$BATS_TEST_TMPDIR/out/2026-11-27/销售二部.txt"
	assert_output "Reminders for 销售二部, 2026-11-27

- [CM-05 missing] N1 无日期公司: neither a first-contact nor a registration date on file: the department enters them (no deadline can be reminded; CM-15 refuses every claim for this customer)"
}

@test "SVC-03: in December a gift logged with crm-file log takes the customer off the daily list" {
	run --separate-stderr crm-daily --today 2026-12-01 --print --calendar "$TD/calendar-2027.csv"
	assert_success
	assert_line --regexp '^SVC-03,gift,,C001,'
	# C003 is not registered: flagged (CM-15 would refuse its gift).
	assert_line --regexp "^SVC-03,gift,,C003,.*NOT REGISTERED: register first, or CM-15 refuses the gift's expense"
	printf '%s\n' customer_id,date,channel,staff,summary 'C001,2026-12-01,gift,S01,次年需求计划：二期改造' |
		crm-file log --today 2026-12-01
	run --separate-stderr crm-daily --today 2026-12-01 --print --calendar "$TD/calendar-2027.csv"
	assert_success
	refute_line --regexp '^SVC-03,gift,,C001,'
	assert_line --regexp '^SVC-03,gift,,C007,'
}

# V1: general (every 90 days), first contact 07-30, registered 08-01, no other
# contact: visit due 08-01 + 90 days = 10-30, 28 calendar days overdue on 11-27.
@test "CM-12: crm-daily's visit reminders come from the archive's correspondence, tickets and revisits" {
	printf 'id,name,category,nature,supervisor,address,contact,phone,department,owner,first_contact,registered\nV1,久未拜访公司,general,民营,无,上海市8号,己,13800000008,销售二部,S04,2026-07-30,2026-08-01\n' \
		> "$BATS_TEST_TMPDIR/v1.csv"
	crm-file add "$BATS_TEST_TMPDIR/v1.csv" > /dev/null
	run --separate-stderr crm-daily --today 2026-11-27 --print
	assert_success
	assert_line "CM-12,overdue,,V1,久未拜访公司,S04,销售二部,2026-08-01,2026-10-30,28,general customer last contacted 2026-08-01: visit due 2026-10-30 (every 90 days),no"
	# A hand-kept log (--log) counts too: a call on 10-02 moves it to 12-31.
	printf 'customer_id,date,channel\nV1,2026-10-02,phone\n' > "$BATS_TEST_TMPDIR/log.csv"
	run --separate-stderr crm-daily --today 2026-11-27 --print --log "$BATS_TEST_TMPDIR/log.csv"
	assert_success
	refute_line --partial ",V1,"
	# A ticket opened on 11-20 is a contact: no reminder (due 2027-02-18).
	printf 'customer_id,opened_at,first_responder,channel,summary\nV1,2026-11-20 10:00,S31,phone,咨询\n' > "$BATS_TEST_TMPDIR/t.csv"
	crm-ticket --staff "$TD/svc-staff.csv" open "$BATS_TEST_TMPDIR/t.csv" > /dev/null || [ $? = 1 ]
	run --separate-stderr crm-daily --today 2026-11-27 --print
	assert_success
	refute_line --partial ",V1,"
	# As of 11-19 the ticket did not exist yet: overdue again (20 days).
	run --separate-stderr crm-daily --today 2026-11-19 --print
	assert_line --regexp '^CM-12,overdue,,V1,.*,2026-10-30,20,'
}
