#!/usr/bin/env bats
# crm-report: the weekly report (SVC-04), the service supervision report
# (SVC-01) and the month-end KPI (CM-13, CM-16).
#
# The archive: testdata/customers.csv, the tickets of testdata/svc-tickets.csv
# and the revisits of testdata/svc-revisits.csv.  Week 2026-W48 is Monday
# 11-23 to Sunday 11-29: 8 tickets opened (T000003..T000010); resolved at first
# contact, by their first responder without a handoff: T000003, T000006,
# T000009 (3 of 8, 37.5%); handed off: T000004, T000005, T000007; repeat
# contacts T000003 and T000008; one major fault, T000005; revisits on 11-24
# and 11-25.  The reminders: crm-remind register and revisits on 2026-11-27.

setup() {
	bats_require_minimum_version 1.5.0
	bats_load_library bats-support
	bats_load_library bats-assert
	PATH="$(cd "${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}" && pwd):$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27
	export CRM_HOME=$BATS_TEST_TMPDIR/home
	unset CRM_CALENDAR
	load archive
	archive_setup
	TD=$BATS_TEST_DIRNAME/../testdata
	STAFF=$TD/svc-staff.csv
	REM=$BATS_TEST_TMPDIR/reminders.csv
}

load_archive() {
	crm-staff add "$TD/staff.csv" > /dev/null
	crm-file add "$TD/customers.csv" > /dev/null
	crm-ticket --staff "$STAFF" open "$TD/svc-tickets.csv" > /dev/null 2>&1 || [ $? = 1 ]
	crm-ticket --staff "$STAFF" revisit "$TD/svc-revisits.csv" > /dev/null
	{
		crm-remind register "$TD/customers.csv"
		crm-remind revisits --customers "$TD/customers.csv" "$TD/projects.csv" | tail -n +2
	} > "$REM" || true
}

@test "SVC-04: the weekly report for the Friday meeting" {
	load_archive
	run --separate-stderr crm-report weekly --week 2026-W48 --reminders "$REM"
	assert_success
	assert_equal "$stderr" ""
	assert_output "# Weekly service report 2026-W48

2026-11-23 – 2026-11-29 · for the Friday afternoon meeting (SVC-04) · as of 2026-11-27

## Summary

| measure | value |
|---|---:|
| Tickets opened | 8 |
| Resolved at first contact (SVC-02) | 3 (37.5%) |
| First-contact resolution rate (%) | 37.5 |
| Handed off | 3 |
| Resolved in the period | 5 |
| Unresolved at the end | 3 |
| Repeat contacts: called twice (SVC-02) | 2 |
| Major faults (SVC-07) | 1 |
| Fixed first, form filed after (SVC-09) | 0 |
| Revisits done (SVC-05) | 2 |
| Revisits overdue (SVC-05) | 3 |
| Registrations overdue (CM-05) | 2 |
| New customers: first contact | 0 |
| Major faults with steps missing (SVC-07) | 1 |
| Fault reports not sent in time (SVC-07) | 0 |
| Work-contact forms owed (SVC-10) | 0 |
| Work-contact forms overdue (SVC-10) | 0 |
| Escalations awaiting the office's ruling (SVC-06) | 0 |

## Tickets per day

| day | opened |
|---|---:|
| 2026-11-23 | 2 |
| 2026-11-24 | 1 |
| 2026-11-25 | 2 |
| 2026-11-26 | 2 |
| 2026-11-27 | 1 |
| 2026-11-28 | 0 |
| 2026-11-29 | 0 |

## Major faults (SVC-07)

| ticket | customer | opened | resolved | fault analysis |
|---|---|---|---|---|
| T000005 | C005 江南丝绸集团有限公司 | 2026-11-24 10:30 | 2026-11-24 16:00 | to do: crm-ticket report |

## Repeat contacts (SVC-02: no customer should have to call twice)

| ticket | customer | matter | first call |
|---|---|---|---|
| T000003 | C001 华东机械有限公司 | printer-driver | T000001 2026-11-16 09:10 |
| T000008 | C005 江南丝绸集团有限公司 | wms-down | T000005 2026-11-24 10:30 |

## Unresolved tickets

| ticket | customer | opened | first responder | held by |
|---|---|---|---|---|
| T000007 | C007 深圳华信电子有限公司 | 2026-11-25 15:30 | S31 | S30 |
| T000008 | C005 江南丝绸集团有限公司 | 2026-11-26 09:00 | S32 | S32 |
| T000010 | C003 南方贸易(进出口)有限公司 | 2026-11-27 08:50 | S32 | S32 |

## Overdue reminders by department

| department | overdue |
|---|---:|
| 销售一部 | 3 |
| 销售二部 | 2 |

## Major faults: steps and fault report (SVC-07)

| ticket | steps missing | closed | report due | report sent | state |
|---|---|---|---|---|---|
| T000005 | notice record escalate close report-sent | 2026-11-24 16:00 | 2026-12-01 |  | incomplete |

## Work-contact forms owed (SVC-10)

(none)

## Escalations to the office awaiting a ruling (SVC-06)

(none)"
}

@test "SVC-04: the weekly figures as CSV and JSON records for spreadsheets" {
	load_archive
	run --separate-stderr crm-report weekly --week 2026-W48 --reminders "$REM" --ocsv
	assert_success
	assert_line --index 0 "period,section,key,measure,value"
	assert_line --index 1 "2026-W48,summary,,tickets_opened,8"
	assert_line --index 3 "2026-W48,summary,,first_contact_rate,37.5"
	assert_line "2026-W48,summary,,repeat_contacts,2"
	assert_line "2026-W48,summary,,registrations_overdue,2"
	assert_line "2026-W48,per_day,2026-11-23,tickets_opened,2"
	assert_line "2026-W48,overdue_by_department,销售一部,overdue_reminders,3"
	run --separate-stderr crm-report weekly --week 2026-W48 --reminders "$REM" --ojson
	assert_line --index 2 '{"period":"2026-W48","section":"summary","key":"","measure":"first_contact_rate","value":37.5}'
	run --separate-stderr crm-report weekly --week 2026-W48 --zh
	assert_line --index 0 "# 客户服务周报 2026-W48"
	assert_line "| 首问一次办结（SVC-02） | 3 (37.5%) |"
}

@test "SVC-04: --week takes a date, and this week by default" {
	load_archive
	run --separate-stderr crm-report weekly --week 2026-11-25 --ocsv
	assert_line --index 1 "2026-W48,summary,,tickets_opened,8"
	run --separate-stderr crm-report weekly --ocsv
	assert_line --index 1 "2026-W48,summary,,tickets_opened,8"
	run --separate-stderr crm-report weekly --week 2026-W47 --ocsv
	assert_line --index 1 "2026-W47,summary,,tickets_opened,2"
	# ISO weeks at the turn of the year: 2026 has 53, 2021-01-03 is in 2020-W53.
	run --separate-stderr crm-report weekly --week 2021-01-03
	assert_line --index 0 "# Weekly service report 2020-W53"
	assert_line --index 1 --partial "2020-12-28 – 2021-01-03"
	run --separate-stderr crm-report weekly --week 2026-W53
	assert_success
	assert_line --index 1 --partial "2026-12-28 – 2027-01-03"
}

@test "SVC-04: an ISO week that does not exist is a usage error" {
	local w
	for w in 2025-W53 2026-W54 2026-W00 2026-W8 2026W48 W48 2026-02-30; do
		run --separate-stderr crm-report weekly --week "$w"
		assert_failure 2
		assert_output ""
		assert_equal "${stderr_lines[0]}" "crm-report: --week: '$w' is not an ISO week (YYYY-Www, weeks 01 to 52, or 53 in a long year) or a date"
	done
}

@test "SVC-04: a week with no data is an empty report, not an error" {
	run --separate-stderr crm-report weekly --week 2026-W10
	assert_success
	assert_equal "$stderr" ""
	assert_line "| Tickets opened | 0 |"
	assert_line "| First-contact resolution rate (%) | – |"
	assert_line --partial "no reminders given (--reminders)"
	run --separate-stderr crm-report weekly --week 2026-W10 --ocsv
	assert_success
	refute_line --partial "first_contact_rate"
	run --separate-stderr crm-report monthly --month 2026-02 --html
	assert_success
	assert_output --partial "<svg"
}

@test "SVC-04: the HTML page is self-contained, with its three charts" {
	load_archive
	run --separate-stderr crm-report weekly --week 2026-W48 --reminders "$REM" --html
	assert_success
	assert_line --index 0 "<!DOCTYPE html>"
	assert_equal "$(grep -c '<svg ' <<< "$output")" 3
	assert_output --partial '<figure id="chart-per-day">'
	assert_output --partial '<figure id="chart-fcr">'
	assert_output --partial '<figure id="chart-overdue">'
	assert_output --partial '<title>Tue 11-24: 1</title>'
	assert_output --partial '>37.5%</text>'
	assert_output --partial '<title>销售一部: 3</title>'
	# No network: nothing is loaded from anywhere (the SVG namespace is a name, not a fetch).
	refute_output --regexp '(src|href)='
	assert_equal "$(grep -o 'https\?://[^"]*' <<< "$output" | sort -u)" "http://www.w3.org/2000/svg"
	# Text is escaped.
	printf 'rule,kind,customer_id,department\nCM-05,overdue,X,"<b>&""q"""\n' > "$BATS_TEST_TMPDIR/esc.csv"
	run --separate-stderr crm-report weekly --week 2026-W48 --reminders "$BATS_TEST_TMPDIR/esc.csv" --html
	assert_output --partial '&lt;b&gt;&amp;&quot;q&quot;'
	refute_output --partial '<b>&'
}

@test "SVC-04: the HTML page renders in headless Chromium" {
	[ -n "${CRM_SLOW-}" ] || skip "slow: make check runs it (CRM_SLOW=1)"
	command -v chromium > /dev/null || skip "chromium is not installed"
	load_archive
	local html=$BATS_TEST_TMPDIR/w48.html png=$BATS_TEST_TMPDIR/w48.png
	crm-report weekly --week 2026-W48 --reminders "$REM" --html > "$html"
	run timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--no-first-run --user-data-dir="$BATS_TEST_TMPDIR/chromium" --window-size=1000,1400 \
		--screenshot="$png" "file://$html"
	assert_success
	[ -s "$png" ]
	assert_equal "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" "89504e470d0a1a0a"
	# The DOM as Chromium built it still has the three charts and their bars.
	run timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--no-first-run --user-data-dir="$BATS_TEST_TMPDIR/chromium" --dump-dom "file://$html"
	assert_success
	assert_equal "$(grep -o '<svg ' <<< "$output" | wc -l)" 3
	assert_equal "$(grep -o '<rect class="bar"' <<< "$output" | wc -l)" 9
}

@test "SVC-01: the monthly service supervision report" {
	load_archive
	run --separate-stderr crm-report monthly --month 2026-11 --staff "$STAFF"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 "# Service supervision report 2026-11"
	assert_line "| Tickets opened | 10 |"
	assert_line "| Resolved at first contact (SVC-02) | 4 (40.0%) |"
	assert_line "| Handed off | 4 |"
	assert_line "| Average time to resolve (hours) | 8.1 |"
	assert_line "## By first responder"
	assert_line "| S31 | 钱进 | 5 | 3 | 2 | 1 |"
	assert_line "| S32 | 吴敏 | 5 | 1 | 2 | 1 |"
	assert_line "| phone | 6 |"
	run --separate-stderr crm-report monthly --month 2026-11 --ocsv
	assert_line "2026-11,responder,S31,first_contact,3"
	assert_line "2026-11,channel,email,tickets_opened,2"
}

@test "CM-13: return visits and satisfaction by department in the month-end KPI" {
	load_archive
	run --separate-stderr crm-report monthly --month 2026-11 --ocsv
	assert_success
	assert_line "2026-11,summary,,revisits_done,4"
	assert_line "2026-11,summary,,satisfaction,4.0"
	assert_line "2026-11,kpi_revisits,销售一部,revisits,2"
	assert_line "2026-11,kpi_revisits,销售一部,satisfaction,4.0"
	assert_line "2026-11,kpi_revisits,销售二部,answered,1"
	run --separate-stderr crm-report monthly --month 2026-10 --ocsv
	refute_line --partial "kpi_revisits"
}

@test "CM-16: staff reminded two or more times and still not registered" {
	load_archive
	local dir=$BATS_TEST_TMPDIR/reminders
	mkdir "$dir"
	# C003 (S01) and C006 (S02) are overdue from October on; C004 is reminded once while due.
	for d in 2026-11-02 2026-11-09; do
		crm-remind register --today "$d" "$TD/customers.csv" > "$dir/$d.csv" || true
	done
	crm-remind register --today 2026-10-09 "$TD/customers.csv" > "$dir/2026-10-09.csv" || true
	printf 'rule,kind,ref,customer_id,customer,owner,department,event_date,due,days_overdue,message\nCM-05,due,,C004,西部软件有限公司,S02,销售二部,2026-09-30,2026-11-30,0,x\n' \
		> "$dir/2026-11-26.csv"
	echo 'not a reminder file' > "$dir/notes.txt"
	run --separate-stderr crm-report monthly --month 2026-11 --reminders "$dir" --staff "$STAFF"
	assert_success
	assert_line "## KPI: not registered despite two or more reminders (CM-16)"
	assert_line "| S01 张伟 | 销售一部 | C003 | CM-05 | 2 | 2026-10-10 |"
	assert_line "| S02 王芳 | 销售二部 | C006 | CM-05 | 2 | 2026-10-14 |"
	refute_line --partial "C004"
	# The newest file of the month gives the overdue figures.
	assert_line "| Registrations overdue (CM-05) | 0 |"
	run --separate-stderr crm-report monthly --month 2026-11 --reminders "$dir" --staff "$STAFF" --ocsv
	# The export carries the customer, the rule and the deadline (issue 18 §4).
	assert_line --index 0 "period,section,key,measure,value,customer,rule,due"
	assert_line "2026-11,kpi_cm16,S01 张伟,reminders,2,C003,CM-05,2026-10-10"
	assert_line "2026-11,kpi_cm16,S02 王芳,reminders,2,C006,CM-05,2026-10-14"
	run --separate-stderr crm-report monthly --month 2026-11 --reminders "$dir" --staff "$STAFF" --ojson
	assert_line '{"period":"2026-11","section":"kpi_cm16","key":"S01 张伟","measure":"reminders","value":2,"customer":"C003","rule":"CM-05","due":"2026-10-10"}'
	# Only one reminder in October: no one is listed.
	run --separate-stderr crm-report monthly --month 2026-10 --reminders "$dir"
	assert_line "## KPI: not registered despite two or more reminders (CM-16)"
	refute_line --partial "| S01"
}

@test "crm-report: reminders from standard input; a file that is not crm-remind output" {
	load_archive
	run --separate-stderr bash -c 'crm-report weekly --week 2026-W48 --ocsv --reminders - < "$1"' _ "$REM"
	assert_success
	assert_line "2026-W48,summary,,revisits_overdue,3"
	run --separate-stderr crm-report weekly --reminders "$TD/customers.csv"
	assert_failure 2
	assert_output ""
	assert_equal "${stderr_lines[0]}" "crm-report: $TD/customers.csv: not crm-remind output: the columns rule and kind are needed"
	run --separate-stderr crm-report weekly --reminders "$BATS_TEST_TMPDIR/nope.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-report: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
}

@test "crm-report: usage errors exit 2 with a hint" {
	cd "$BATS_TEST_TMPDIR"
	run bash -c '
		while IFS= read -r args; do
			crm-report $args > out 2> err < /dev/null; status=$?
			[ $status = 2 ] || echo "crm-report $args: exit $status, want 2"
			[ -s out ] && echo "crm-report $args: wrote to stdout"
			grep -q "^Try '\''crm-report --help'\''" err || echo "crm-report $args: no hint: $(cat err)"
		done <<-EOF

		frobnicate
		weekly --bogus
		weekly extra
		weekly --month 2026-11
		monthly --week 2026-W48
		monthly --month 2026-13
		monthly --month 2026-1
		weekly --html --ocsv
		weekly --week
		EOF
	'
	assert_success
	assert_output ""
	run --separate-stderr crm-report --help
	assert_success
	assert_line --index 0 "Usage: crm-report weekly [--week YYYY-Www|DATE] [options]"
	run --separate-stderr crm-report -V
	assert_output --regexp '^crm-report \(crm toolkit\) [0-9]'
}

@test "crm-report: a failed write exits 2; a closed pipe ends quietly" {
	load_archive
	run --separate-stderr bash -c 'crm-report monthly --month 2026-11 > /dev/full'
	assert_failure 2
	assert_equal "$stderr" "crm-report: write error: No space left on device"
	run --separate-stderr bash -c 'crm-report weekly --html > /dev/full'
	assert_failure 2
	run --separate-stderr bash -c 'crm-report monthly --month 2026-11 --html | head -c 10 > /dev/null; echo "${PIPESTATUS[0]}"'
	assert_output "0"
	assert_equal "$stderr" ""
}

@test "CM-16: only reminders past the deadline, issued on working days, once per item per day" {
	load_archive
	local dir=$BATS_TEST_TMPDIR/reminders
	mkdir "$dir"
	local h='rule,kind,ref,customer_id,customer,owner,department,event_date,due,days_overdue,message,provisional'
	# K1: due 09-29, "due" 09-28 and 09-29 (not counted), overdue 09-30 (1),
	# overdue on the holidays 10-01 and 10-02 (not working days: not counted).
	for d in 2026-09-28 2026-09-29; do
		printf '%s\nCM-05,due,,K1,准时,S01,销售一部,2026-09-21,2026-09-29,0,x,no\n' "$h" > "$dir/$d.csv"
	done
	for d in 2026-09-30 2026-10-01 2026-10-02; do
		printf '%s\nCM-05,overdue,,K1,准时,S01,销售一部,2026-09-21,2026-09-29,1,x,no\n' "$h" > "$dir/$d.csv"
	done
	run --separate-stderr crm-report monthly --month 2026-09 --today 2026-09-30 --reminders "$dir" --staff "$STAFF"
	assert_success
	refute_line --partial "| K1 |"
	# K2 overdue on 10-08 (twice in the same file: once) and on 10-09: 2 — listed.
	printf '%s\nCM-05,overdue,,K2,迟到,S02,销售二部,2026-09-28,2026-09-30,3,x,no\nCM-05,overdue,,K2,迟到,S02,销售二部,2026-09-28,2026-09-30,3,x,no\n' "$h" > "$dir/2026-10-08.csv"
	printf '%s\nCM-05,overdue,,K2,迟到,S02,销售二部,2026-09-28,2026-09-30,4,x,no\n' "$h" > "$dir/2026-10-09.csv"
	run --separate-stderr crm-report monthly --month 2026-10 --today 2026-10-31 --reminders "$dir" --staff "$STAFF"
	assert_success
	assert_line "| S02 王芳 | 销售二部 | K2 | CM-05 | 2 | 2026-09-30 |"
	refute_line --partial "| K1 |"
}

@test "crm-report monthly: says which day's reminders it used and refuses figures older than the month" {
	load_archive
	local dir=$BATS_TEST_TMPDIR/reminders
	mkdir "$dir"
	crm-remind register --today 2026-10-30 "$TD/customers.csv" > "$dir/2026-10-30.csv" || true
	# crm-daily has not run in November: the October file would pass for current figures.
	run --separate-stderr crm-report monthly --month 2026-11 --today 2026-11-30 --reminders "$dir"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-report: $dir: the newest reminders are of 2026-10-30, before 2026-11 (has crm-daily been failing?); refusing stale figures"
	crm-remind register --today 2026-11-27 "$TD/customers.csv" > "$dir/2026-11-27.csv" || true
	run --separate-stderr crm-report monthly --month 2026-11 --today 2026-11-30 --reminders "$dir"
	assert_success
	assert_line --index 1 --partial " · as of 2026-11-30 · reminders of 2026-11-27"
}

@test "SVC-04: the Chinese HTML report shows Chinese text in headless Chromium (OCR)" {
	[ -n "${CRM_SLOW-}" ] || skip "slow: make check runs it (CRM_SLOW=1)"
	command -v chromium > /dev/null || skip "chromium is not installed"
	command -v tesseract > /dev/null || skip "tesseract is not installed"
	tesseract --list-langs 2>/dev/null | grep -qx chi_sim || skip "tesseract-ocr-chi-sim is not installed"
	load_archive
	local html=$BATS_TEST_TMPDIR/w48.html png=$BATS_TEST_TMPDIR/w48.png
	crm-report weekly --week 2026-W48 --reminders "$REM" --html --zh > "$html"
	run timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--no-first-run --user-data-dir="$BATS_TEST_TMPDIR/chromium" --window-size=1000,600 \
		--screenshot="$png" "file://$html"
	assert_success
	# Boxes (no CJK font) would OCR as nothing like the heading 客户服务周报.
	run tesseract "$png" - -l chi_sim
	assert_success
	assert_output --partial "客户服务周报"
}

@test "crm-report monthly: a month of many reminders is counted by item; one bad file stops it before any output" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	load_archive
	local dir=$BATS_TEST_TMPDIR/reminders
	mkdir "$dir"
	# 500 overdue items (owner S01, customers X0000..X0499) on each of the 21
	# working days listed below: every item 21 times, 500 KPI rows.
	awk -v dir="$dir" 'BEGIN {
		split("02 03 04 05 06 09 10 11 12 13 16 17 18 19 20 23 24 25 26 27 30", d, " ")
		for (k = 1; k <= 21; k++) {
			f = dir "/2026-11-" d[k] ".csv"
			print "rule,kind,ref,customer_id,customer,owner,department,event_date,due,days_overdue,message,provisional" > f
			for (i = 0; i < 500; i++)
				printf "CM-05,overdue,,X%04d,,S01,销售一部,2026-10-01,2026-10-12,1,x,no\n", i > f
			close(f)
		}
	}'
	run --separate-stderr crm-report monthly --month 2026-11 --today 2026-11-30 --reminders "$dir" --ocsv
	assert_success
	# S01 is 王芳 in the archive's staff.
	assert_equal "$(grep -c ',kpi_cm16,S01 王芳,reminders,21,X' <<< "$output")" 500
	assert_line "2026-11,kpi_cm16,S01 王芳,reminders,21,X0499,CM-05,2026-10-12"
	printf 'who,what\nS01,x\n' > "$dir/2026-11-27.csv"
	run --separate-stderr crm-report monthly --month 2026-11 --today 2026-11-30 --reminders "$dir"
	assert_failure 2
	assert_output ""
	assert_equal "${stderr_lines[-1]}" "crm-report: $dir: the reminders could not be read"
}

@test "SVC-07, SVC-10, SVC-06: the weekly report lists overdue fault reports, forms owed and open escalations" {
	load_archive
	# T000005, the major fault, resolved Tue 11-24 with only the notice step on file:
	# its report is due 5 working days later, Tue 12-01; on Wed 12-02 it is overdue.
	crm-ticket --staff "$STAFF" step T000005 --kind notice --by S31 --at "2026-11-24 10:40" > /dev/null
	# T000010 resolved first by S02 on Fri 11-27, the form due 1 working day later (Mon 11-30).
	crm-ticket --staff "$STAFF" resolve T000010 --by S02 --retro-form --at "2026-11-27 11:00" > /dev/null
	crm-ticket --staff "$STAFF" escalate T000007 --note "保修范围分歧" --by S30 --at "2026-11-26 10:00" > /dev/null
	run --separate-stderr crm-report weekly --week 2026-W49 --today 2026-12-02
	assert_success
	assert_line "| Fault reports not sent in time (SVC-07) | 1 |"
	assert_line "| T000005 | record escalate close report-sent | 2026-11-24 16:00 | 2026-12-01 |  | report overdue |"
	assert_line "| Work-contact forms owed (SVC-10) | 1 |"
	assert_line "| T000010 | 2026-11-27 11:00 | S02 | 2026-11-30 | overdue |"
	assert_line "| Escalations awaiting the office's ruling (SVC-06) | 1 |"
	assert_line "| T000007 | 2026-11-26 10:00 | S30 | 保修范围分歧 |"
	# --report-days 6 (11-24 + 6: 12-02) and --form-days 3 (11-27 + 3: 11-30, 12-01, 12-02): not yet late.
	run --separate-stderr crm-report weekly --week 2026-W49 --today 2026-12-02 --report-days 6 --form-days 3 --ocsv
	assert_line "2026-W49,summary,,fault_reports_overdue,0"
	assert_line "2026-W49,summary,,forms_owed,1"
	assert_line "2026-W49,summary,,forms_overdue,0"
	# The form on file, the ruling given: nothing left; the monthly report says the same.
	crm-ticket --staff "$STAFF" form T000010 --by S02 --on 2026-11-30 --today 2026-12-02 > /dev/null
	crm-ticket --staff "$STAFF" rule T000007 --by S00 --decision "由技术服务部保修" --at "2026-11-30 09:00" > /dev/null
	run --separate-stderr crm-report monthly --month 2026-12 --today 2026-12-02 --ocsv
	assert_line "2026-12,summary,,forms_owed,0"
	assert_line "2026-12,summary,,escalations_open,0"
	assert_line "2026-12,summary,,fault_reports_overdue,1"
	# As of 11-27 (week 48) the escalation was still open.
	run --separate-stderr crm-report weekly --week 2026-W48 --ocsv
	assert_line "2026-W48,summary,,escalations_open,1"
	run --separate-stderr crm-report weekly --form-days -1
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-report: --form-days: expected working days from 0 to 60, found '-1'"
}

@test "SVC-01: requests and complaints received and resolved and proactive maintenance, per technical service unit" {
	load_archive
	# November by hand (svc-tickets.csv, svc-revisits.csv, units from svc-staff.csv):
	# received = tickets opened, by the unit now holding them: S04 (销售二部) holds T000002,
	# S30/S31/S32 (技术服务部) the other 9; resolved = by the unit of who resolved them:
	# T000002 by S04, and T000001, 3, 4, 5, 6, 9 (6) by 技术服务部; proactive maintenance =
	# return visits (SVC-05): 4, all by S31/S32.
	run --separate-stderr crm-report monthly --month 2026-11 --staff "$STAFF"
	assert_success
	assert_line "| 技术服务部 | 9 | 6 | 4 |"
	assert_line "| 销售二部 | 1 | 1 | 0 |"
	run --separate-stderr crm-report monthly --month 2026-11 --staff "$STAFF" --ocsv
	assert_line "2026-11,svc01_units,技术服务部,received,9"
	assert_line "2026-11,svc01_units,技术服务部,maintenance,4"
	assert_line "2026-11,svc01_units,销售二部,resolved,1"
	# The weekly report has no per-unit table.
	run --separate-stderr crm-report weekly --week 2026-W48 --staff "$STAFF"
	refute_line --partial "(SVC-01)"
}

@test "crm-report: each command takes only its own options and has its own --help" {
	run --separate-stderr crm-report weekly --month 2026-11
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-report: weekly: option '--month' is not one of this command's; 'crm-report weekly --help' lists them"
	run --separate-stderr crm-report monthly --week 2026-W48
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-report: monthly: option '--week' is not one of this command's; 'crm-report monthly --help' lists them"
	run --separate-stderr crm-report monthly --help
	assert_success
	assert_line --index 0 "Usage: crm-report monthly [options]"
	assert_line --partial "  --report-days N"
	refute_line --partial "--week"
	run --separate-stderr crm-report weekly extra
	assert_failure 2
}

@test "crm-report: --help, the man page and the bash and zsh completions name the same options" {
	local help own man bash zsh
	help=$(crm-report --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
	own=$(crm-report --help | sed -n '/^Options:/,/^Common options:/p' | grep -o '^  --[a-z-]*' | tr -d ' ' | sort -u)
	man=$(grep -o 'Fl -[a-z][a-z-]*' "$BATS_TEST_DIRNAME/../man/crm-report.1" | sed 's/^Fl /-/' | sort -u)
	bash=$(grep -o -- '--[a-z][a-z-]*' "$BATS_TEST_DIRNAME/../completions/bash/crm-report" | sort -u)
	zsh=$(grep -o -- '--[a-z][a-z-]*' "$BATS_TEST_DIRNAME/../completions/zsh/_crm-report" | sort -u)
	[ -n "$own" ]
	assert_equal "$bash" "$help"
	assert_equal "$zsh" "$help"
	assert_equal "$(comm -23 <(echo "$own") <(echo "$man"))" ""
	assert_equal "$(comm -13 <(echo "$help") <(echo "$man"))" ""
}
