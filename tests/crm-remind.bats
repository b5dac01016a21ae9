#!/usr/bin/env bats
# crm-remind: due and overdue reminders (CM-05, CM-06, CM-10, CM-12, SVC-03, SVC-05).
#
# The 2026 calendar these expectations are worked out on (data/calendar.csv):
#   New Year       01-01..01-03 off, Sunday 01-04 worked
#   Spring Festival 02-15..02-23 off, Saturdays 02-14 and 02-28 worked
#   Mid-Autumn     09-25..09-27 off, Sunday 09-20 worked
#   National Day   10-01..10-07 off, Saturday 10-10 worked
# Day 0 is the event; the deadline is the 5th working day after it; a reminder
# is "due" when at most 2 working days d with today < d <= due remain.

setup() {
	bats_require_minimum_version 1.5.0
	bats_load_library bats-support
	bats_load_library bats-assert
	PATH="${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}:$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27
	unset CRM_CALENDAR
	TD=$BATS_TEST_DIRNAME/../testdata
	HEADER=rule,kind,ref,customer_id,customer,owner,department,event_date,due,days_overdue,message,provisional
	EMPTYLOG=$BATS_TEST_TMPDIR/empty-log.csv
	printf 'customer_id,date,channel,staff,summary\n' > "$EMPTYLOG"
}

# check_cases "COMMAND [OPTIONS]" CSV-HEADER, then lines "TODAY ROW WANT" on stdin:
# ROW is one CSV record (no spaces); WANT is "kind,due,days_overdue" of the one
# reminder it must give, or "-" for none.  Also checks the exit status (1 with a
# reminder, 0 without) and an empty stderr.  Prints the mismatches.
check_cases() {
	local cmd=$1 header=$2 today row want got st want_st
	local f=$BATS_TEST_TMPDIR/case.csv
	while read -r today row want; do
		[ -z "$today" ] && continue
		printf '%s\n%s\n' "$header" "$row" > "$f"
		crm-remind $cmd --today "$today" "$f" > "$f.out" 2> "$f.err"
		st=$?
		got=$(tail -n +2 "$f.out" | cut -d, -f2,9,10)
		want_st=1
		[ "$want" = - ] && want_st=0
		[ "${got:--}" = "$want" ] || echo "$cmd today $today, $row: got '${got:--}', want '$want'"
		[ "$st" = "$want_st" ] || echo "$cmd today $today, $row: exit $st, want $want_st"
		[ -s "$f.err" ] && echo "$cmd today $today, $row: stderr $(cat "$f.err")"
		[ "$(head -n 1 "$f.out")" = "$HEADER" ] || echo "$cmd today $today, $row: no header"
	done
	return 0
}

# ---------------------------------------------------------------- CM-05

@test "CM-05: overdue registration is reported after 5 working days" {
	run --separate-stderr crm-remind register "$TD/customers.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-05,overdue,,C003,南方贸易(进出口)有限公司,S01,销售一部,2026-09-28,2026-10-10,35,\"not registered: first contact 2026-09-28, deadline 2026-10-10, 35 working days overdue\",no
CM-05,overdue,,C006,中原重工股份有限公司,S02,销售二部,2026-10-08,2026-10-14,32,\"not registered: first contact 2026-10-08, deadline 2026-10-14, 32 working days overdue\",no"
}

@test "CM-05: first contact 2026-09-28 is due 2026-10-10, a make-up Saturday" {
	run check_cases register id,first_contact,registered <<-'EOF'
	2026-10-07 X,2026-09-28, -
	2026-10-08 X,2026-09-28, due,2026-10-10,0
	2026-10-10 X,2026-09-28, due,2026-10-10,0
	2026-10-11 X,2026-09-28, overdue,2026-10-10,0
	2026-10-12 X,2026-09-28, overdue,2026-10-10,1
	2026-11-27 X,2026-09-28, overdue,2026-10-10,35
	2026-10-13 X,2026-10-10, -
	2026-10-14 X,2026-10-10, due,2026-10-16,0
	EOF
	assert_success
	assert_output ""
	run --separate-stderr crm-remind register --today 2026-10-08 - <<-'EOF'
	id,name,owner,first_contact,registered
	C003,南方贸易,S01,2026-09-28,
	EOF
	assert_failure 1
	assert_output "$HEADER
CM-05,due,,C003,南方贸易,S01,,2026-09-28,2026-10-10,0,register with the marketing department by 2026-10-10 (first contact 2026-09-28),no"
	assert_equal "$stderr" ""
}

@test "CM-05: the deadline skips the National Day holiday" {
	# 09-30 + 5: 10-08, 10-09, 10-10 (Sat), 10-12, 10-13.
	# 09-24 + 5: Mid-Autumn 09-25..27 off, 09-28, 09-29, 09-30, 10-08, 10-09.
	# 10-03 (a holiday) is day 0 too: 10-08, 10-09, 10-10, 10-12, 10-13.
	run check_cases register id,first_contact,registered <<-'EOF'
	2026-09-30 X,2026-09-30, -
	2026-10-12 X,2026-09-30, due,2026-10-13,0
	2026-10-14 X,2026-09-30, overdue,2026-10-13,1
	2026-09-29 X,2026-09-24, -
	2026-09-30 X,2026-09-24, due,2026-10-09,0
	2026-10-09 X,2026-09-24, due,2026-10-09,0
	2026-10-12 X,2026-09-24, overdue,2026-10-09,2
	2026-10-12 X,2026-10-03, due,2026-10-13,0
	2026-11-27 X,2026-10-08, overdue,2026-10-14,32
	EOF
	assert_success
	assert_output ""
}

@test "CM-05: days_overdue counts working days, 0 on the holiday right after the deadline" {
	# 09-22 + 5: 09-23, 09-24, (09-25..27 off), 09-28, 09-29, 09-30.
	run check_cases register id,first_contact,registered <<-'EOF'
	2026-09-30 X,2026-09-22, due,2026-09-30,0
	2026-10-01 X,2026-09-22, overdue,2026-09-30,0
	2026-10-07 X,2026-09-22, overdue,2026-09-30,0
	2026-10-08 X,2026-09-22, overdue,2026-09-30,1
	2026-10-10 X,2026-09-22, overdue,2026-09-30,3
	2026-10-11 X,2026-09-22, overdue,2026-09-30,3
	2026-10-12 X,2026-09-22, overdue,2026-09-30,4
	EOF
	assert_success
	assert_output ""
}

@test "CM-05: the make-up Sunday 2026-09-20 is a working day" {
	# 09-18 (Fri) + 5: 09-20 (Sun, worked), 09-21, 09-22, 09-23, 09-24.
	# 09-17 (Thu) + 5: 09-18, 09-20, 09-21, 09-22, 09-23.
	run check_cases register id,first_contact,registered <<-'EOF'
	2026-09-24 X,2026-09-18, due,2026-09-24,0
	2026-09-25 X,2026-09-18, overdue,2026-09-24,0
	2026-09-30 X,2026-09-18, overdue,2026-09-24,3
	2026-09-19 X,2026-09-17, -
	2026-09-21 X,2026-09-17, due,2026-09-23,0
	2026-09-24 X,2026-09-17, overdue,2026-09-23,1
	EOF
	assert_success
	assert_output ""
}

@test "CM-05: Spring Festival 2026 and its make-up Saturdays 02-14 and 02-28" {
	# 02-09 + 5: 02-10 .. 02-13, 02-14 (Sat).  02-10 + 5: .. 02-14, 02-24.
	# 02-12 + 5: 02-13, 02-14, 02-24, 02-25, 02-26.  02-24 + 5: .. 02-28 (Sat), 03-02.
	run check_cases register id,first_contact,registered <<-'EOF'
	2026-02-12 X,2026-02-09, due,2026-02-14,0
	2026-02-23 X,2026-02-09, overdue,2026-02-14,0
	2026-02-24 X,2026-02-09, overdue,2026-02-14,1
	2026-02-12 X,2026-02-10, -
	2026-02-13 X,2026-02-10, due,2026-02-24,0
	2026-02-20 X,2026-02-10, due,2026-02-24,0
	2026-02-25 X,2026-02-10, overdue,2026-02-24,1
	2026-03-02 X,2026-02-12, overdue,2026-02-26,3
	2026-03-02 X,2026-02-13, overdue,2026-02-27,2
	2026-02-27 X,2026-02-24, due,2026-03-02,0
	2026-03-03 X,2026-02-24, overdue,2026-03-02,1
	EOF
	assert_success
	assert_output ""
}

@test "CM-05: New Year 2026 and its make-up Sunday 01-04" {
	# 2025-12-31 + 5: (01-01..03 off) 01-04 (Sun), 01-05, 01-06, 01-07, 01-08.
	run check_cases register id,first_contact,registered <<-'EOF'
	2026-01-05 X,2025-12-31, -
	2026-01-06 X,2025-12-31, due,2026-01-08,0
	2026-01-07 X,2025-12-29, overdue,2026-01-06,1
	EOF
	assert_success
	assert_output ""
}

@test "CM-05: due within 2 working days of the deadline, counted across a weekend" {
	# Friday 11-27: Tuesday 12-01 is 2 working days away, Wednesday 12-02 is 3.
	run check_cases register id,first_contact,registered <<-'EOF'
	2026-11-27 X,2026-11-24, due,2026-12-01,0
	2026-11-27 X,2026-11-25, -
	2026-11-28 X,2026-11-25, -
	2026-11-29 X,2026-11-25, -
	2026-11-30 X,2026-11-25, due,2026-12-02,0
	2026-11-27 X,2026-11-20, due,2026-11-27,0
	2026-11-28 X,2026-11-20, overdue,2026-11-27,0
	2026-11-30 X,2026-11-20, overdue,2026-11-27,1
	2026-11-27 X,2026-11-19, overdue,2026-11-26,1
	EOF
	assert_success
	assert_output ""
}

@test "CM-05: a deadline in 2027 past the calendar is provisional, never an error" {
	local f=$BATS_TEST_TMPDIR/dec.csv
	printf 'id,first_contact,registered\nA,2026-12-28,\nB,2026-12-21,\nC,2026-12-24,\n' > "$f"
	# A: 12-29, 12-30, 12-31 (3), 2027-01-01 a fixed-date holiday (元旦), 01-02/03
	# the weekend, 01-04 (4), 01-05 (5): due 2027-01-05, provisional; today 12-31
	# leaves 01-04 and 01-05, 2 working days: due.  B: due 12-28.  C: due 12-31.
	run --separate-stderr crm-remind register --today 2026-12-31 "$f"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-05,due,,A,,,,2026-12-28,2027-01-05,0,\"register with the marketing department by 2027-01-05 (first contact 2026-12-28) (provisional: the 2027 holiday calendar is not installed, so only weekends and 1 Jan, 1-2 May, 1-3 Oct count as holidays; exact once it is installed)\",yes
CM-05,overdue,,B,,,,2026-12-21,2026-12-28,3,\"not registered: first contact 2026-12-21, deadline 2026-12-28, 3 working days overdue\",no
CM-05,due,,C,,,,2026-12-24,2026-12-31,0,register with the marketing department by 2026-12-31 (first contact 2026-12-24),no"
	# Weekends only (--assume-weekends) does not replace the provisional rule past the calendar.
	run --separate-stderr crm-remind register --today 2026-12-31 --assume-weekends "$f"
	assert_failure 1
	assert_line --index 1 --regexp '^CM-05,due,,A,,,,2026-12-28,2027-01-05,0,.*,yes$'
	# The (invented) 2027 test calendar covers 2027: the same deadline, exact.
	run --separate-stderr crm-remind register --today 2026-12-31 --calendar "$TD/calendar-2027.csv" "$f"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_line --index 1 "CM-05,due,,A,,,,2026-12-28,2027-01-05,0,register with the marketing department by 2027-01-05 (first contact 2026-12-28),no"
	CRM_CALENDAR=$TD/calendar-2027.csv run --separate-stderr crm-remind register --today 2026-12-31 "$f"
	assert_failure 1
	assert_line --index 1 --regexp '^CM-05,due,,A,,,,2026-12-28,2027-01-05,0,.*,no$'
	# Overdue in 2027: 01-06..01-12 are 5 working days after 01-05 (provisional).
	run --separate-stderr crm-remind register --today 2027-01-12 --zh "$f"
	assert_failure 1
	assert_line --index 1 "CM-05,已逾期,,A,,,,2026-12-28,2027-01-05,5,未备案：首次接触2026-12-28，应于2027-01-05前到市场推广部备案，已逾期5个工作日（暂定：2027年节假日安排未安装，仅按周末及元旦、劳动节5月1–2日、国庆节10月1–3日计算；安装后按正式日历重算）,是"
}

@test "CM-05: a date before the calendar's first year is still an error for that record alone" {
	local f=$BATS_TEST_TMPDIR/old.csv
	printf 'id,first_contact,registered\nA,2022-12-28,\nB,2026-11-19,\n' > "$f"
	run --separate-stderr crm-remind register "$f"
	assert_failure 2
	assert_equal "$stderr" "crm-remind: $f:2: 2022-12-29 is outside the calendar (covers 2023–2026); give --calendar FILE or --assume-weekends"
	assert_line --index 1 --regexp '^CM-05,overdue,,B,'
	assert_equal "${#lines[@]}" 2
}

@test "CM-05: --late lists customers registered after their deadline" {
	# C004: first contact 09-30, deadline 10-13, registered 10-16: 3 working days late.
	# C005: deadline 10-10, registered 10-10; C007: first contact on the make-up
	# Saturday 10-10, deadline 10-16, registered 10-16: both in time.
	run --separate-stderr crm-remind register --late "$TD/customers.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-05,overdue,,C003,南方贸易(进出口)有限公司,S01,销售一部,2026-09-28,2026-10-10,35,\"not registered: first contact 2026-09-28, deadline 2026-10-10, 35 working days overdue\",no
CM-05,late,,C004,西部软件有限公司,S02,销售二部,2026-09-30,2026-10-13,3,\"registered 2026-10-16, 3 working days after the deadline 2026-10-13 (first contact 2026-09-30)\",no
CM-05,overdue,,C006,中原重工股份有限公司,S02,销售二部,2026-10-08,2026-10-14,32,\"not registered: first contact 2026-10-08, deadline 2026-10-14, 32 working days overdue\",no"
	run check_cases 'register --late' id,first_contact,registered <<-'EOF'
	2026-11-27 X,2026-09-28,2026-10-10 -
	2026-11-27 X,2026-09-28,2026-10-11 late,2026-10-10,0
	2026-11-27 X,2026-09-28,2026-10-12 late,2026-10-10,1
	2026-11-27 X,2026-02-10,2026-02-24 -
	2026-11-27 X,2026-02-10,2026-02-25 late,2026-02-24,1
	2026-11-27 X,2026-02-09,2026-02-24 late,2026-02-14,1
	EOF
	assert_success
	assert_output ""
}

@test "CM-05: registered and closed customers are not reminded; one with neither date is missing" {
	run --separate-stderr crm-remind register - <<-'EOF'
	id,first_contact,registered,status
	A,2026-11-19,2026-11-20,active
	B,2026-11-19,,closed
	C,2026-11-19,,已关闭
	D,,,active
	E,2026-11-19,,正常
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	# D has neither a first contact nor a registration date (issue 18 §2): a
	# "missing" reminder, no deadline.
	assert_equal "${#lines[@]}" 3
	assert_line --index 1 --regexp '^CM-05,missing,,D,,,,,,,neither a first-contact nor a registration date on file'
	assert_line --index 2 --regexp '^CM-05,overdue,,E,'
}

# ---------------------------------------------------------------- CM-06

@test "CM-06: unreported changes are reminded 5 working days after the change" {
	# CH02: 11-13 (Fri) + 5 = 11-20, 5 working days overdue on 11-27.
	# CH03: 11-24 + 5 = 12-01, due.  CH06: 11-25 + 5 = 12-02, not yet.
	run --separate-stderr crm-remind changes --customers "$TD/customers.csv" "$TD/changes.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-06,overdue,CH02,C002,北方电力设备厂,S04,销售二部,2026-11-13,2026-11-20,5,\"change of address on 2026-11-13 not reported: deadline 2026-11-20, 5 working days overdue\",no
CM-06,due,CH03,C005,江南丝绸集团有限公司,S03,销售一部,2026-11-24,2026-12-01,0,report the change of contact on 2026-11-24 to the marketing department by 2026-12-01,no"
}

@test "CM-06: --late lists changes reported after their deadline" {
	# CH04: 09-29 + 5 = 10-12, reported 10-12: in time.
	# CH05: 09-30 + 5 = 10-13, reported 10-15: 2 working days late.
	run --separate-stderr crm-remind changes --late "$TD/changes.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-06,overdue,CH02,C002,,,,2026-11-13,2026-11-20,5,\"change of address on 2026-11-13 not reported: deadline 2026-11-20, 5 working days overdue\",no
CM-06,due,CH03,C005,,,,2026-11-24,2026-12-01,0,report the change of contact on 2026-11-24 to the marketing department by 2026-12-01,no
CM-06,late,CH05,C004,,,,2026-09-30,2026-10-13,2,\"change of contact on 2026-09-30 reported 2026-10-15, 2 working days after the deadline 2026-10-13\",no"
	run check_cases 'changes --late' id,customer_id,field,changed_on,reported_on <<-'EOF'
	2026-11-27 CH,X,phone,2026-09-29,2026-10-12 -
	2026-11-27 CH,X,phone,2026-09-29,2026-10-13 late,2026-10-12,1
	2026-11-27 CH,X,phone,2026-02-13,2026-02-27 -
	2026-11-27 CH,X,phone,2026-02-13,2026-02-28 late,2026-02-27,1
	EOF
	assert_success
	assert_output ""
}

@test "CM-06: change deadlines across National Day, Spring Festival and make-up days" {
	run check_cases changes id,customer_id,field,changed_on,reported_on <<-'EOF'
	2026-10-08 CH,X,phone,2026-09-28, due,2026-10-10,0
	2026-10-12 CH,X,phone,2026-09-28, overdue,2026-10-10,1
	2026-10-12 CH,X,phone,2026-09-30, due,2026-10-13,0
	2026-10-05 CH,X,phone,2026-09-22, overdue,2026-09-30,0
	2026-09-30 CH,X,phone,2026-09-18, overdue,2026-09-24,3
	2026-02-13 CH,X,phone,2026-02-10, due,2026-02-24,0
	2026-03-02 CH,X,phone,2026-02-13, overdue,2026-02-27,2
	2026-11-27 CH,X,phone,2026-11-24, due,2026-12-01,0
	2026-11-27 CH,X,phone,2026-11-25, -
	2026-11-27 CH,X,phone,2026-11-16,2026-11-18 -
	EOF
	assert_success
	assert_output ""
}

@test "CM-06: a change without changed_on is an error; the others are still reminded" {
	local f=$BATS_TEST_TMPDIR/changes.csv
	printf 'id,customer_id,field,changed_on,reported_on\nCH1,C1,phone,,\nCH2,C2,phone,2026-11-19,\nCH3,C3,phone,2026-11-19,2026-11-31\n' > "$f"
	run --separate-stderr crm-remind changes "$f"
	assert_failure 2
	assert_output "$HEADER
CM-06,overdue,CH2,C2,,,,2026-11-19,2026-11-26,1,\"change of phone on 2026-11-19 not reported: deadline 2026-11-26, 1 working day overdue\",no"
	assert_equal "$stderr" "crm-remind: $f:2: changed_on: a change needs the day it happened
crm-remind: $f:4: reported_on: expected a date (YYYY-MM-DD), found '2026-11-31'"
}

@test "CM-06: --customers names the customer; an unknown id leaves the names empty" {
	run --separate-stderr crm-remind changes --customers "$TD/customers.csv" - <<-'EOF'
	id,customer_id,field,changed_on,reported_on
	CH1,C007,phone,2026-11-19,
	CH2,C999,phone,2026-11-19,
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_line --index 1 --regexp '^CM-06,overdue,CH1,C007,深圳华信电子有限公司,S01,销售一部,2026-11-19,2026-11-26,1,'
	assert_line --index 2 --regexp '^CM-06,overdue,CH2,C999,,,,2026-11-19,2026-11-26,1,'
}

# ---------------------------------------------------------------- CM-10

@test "CM-10: key customers with fewer than two staff in contact are reported" {
	# C001 (key, S01 alone) and C007 (key, S01 alone); C005 (key) has S03 and S01.
	run --separate-stderr crm-remind contacts "$TD/customers.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-10,missing,,C001,华东机械有限公司,S01,销售一部,2026-03-05,,,\"key customer with 1 staff in contact; two or more are needed, with contact reports\",no
CM-10,missing,,C007,深圳华信电子有限公司,S01,销售一部,2026-10-10,,,\"key customer with 1 staff in contact; two or more are needed, with contact reports\",no"
}

@test "CM-10: applies to category key and to important=yes; staff counted once each" {
	run --separate-stderr crm-remind contacts - <<-'EOF'
	id,category,owner,co_owners,important,status
	K1,key,S1,,no,
	K2,key,S1,S2,,
	K3,key,S1,S1,,
	K4,key,S1," S1 ; S1 ",,
	K5,key,S1,"S2,S3",,
	K6,key,,S2,,
	K7,key,,,,
	K8,重点客户,S1,,,
	K9,key,S1,,,closed
	I1,general,S1,,yes,
	I2,potential,S1,,是,
	I3,target,S1,S2,yes,
	G1,general,S1,,no,
	G2,target,S1,,,
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	run bash -c 'cut -d, -f2,4,11 <<< "$1"' _ "$output"
	assert_output "kind,customer_id,message
missing,K1,\"key customer with 1 staff in contact; two or more are needed
missing,K3,\"key customer with 1 staff in contact; two or more are needed
missing,K4,\"key customer with 1 staff in contact; two or more are needed
missing,K6,\"key customer with 1 staff in contact; two or more are needed
missing,K7,\"key customer with 0 staff in contact; two or more are needed
missing,K8,\"key customer with 1 staff in contact; two or more are needed
missing,I1,\"important customer with 1 staff in contact; two or more are needed
missing,I2,\"important customer with 1 staff in contact; two or more are needed"
}

@test "CM-10: a bad category or important value is an error; the others are still checked" {
	local f=$BATS_TEST_TMPDIR/c.csv
	printf 'id,category,owner,co_owners,important\nA,vip,S1,,\nB,key,S1,,maybe\nC,key,S1,,\n' > "$f"
	run --separate-stderr crm-remind contacts "$f"
	assert_failure 2
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --regexp '^CM-10,missing,,C,'
	assert_equal "${stderr_lines[0]}" "crm-remind: $f:2: category: expected one of target, general, key, potential, found 'vip'"
	assert_regex "${stderr_lines[1]}" "^crm-remind: $f:3: important: expected "
	assert_equal "${#stderr_lines[@]}" 2
}

# ---------------------------------------------------------------- CM-12

@test "CM-12: visits are due by category since the last logged contact" {
	# C001 (key): latest log 10-27 (not the later row 09-15) + 30 = 11-26.
	# C004 (target): 09-10 + 60 = 11-09.  C005 (key): 10-30 + 30 = 11-29, a Sunday.
	# C007 (key): nothing logged, registered 10-16 + 30 = 11-15.
	# C002, C003, C006 are due in 2027; C008 is closed; C999 is no customer.
	run --separate-stderr crm-remind visits --log "$TD/log.csv" "$TD/customers.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-12,overdue,,C001,华东机械有限公司,S01,销售一部,2026-10-27,2026-11-26,1,key customer last contacted 2026-10-27: visit due 2026-11-26 (every 30 days),no
CM-12,overdue,,C004,西部软件有限公司,S02,销售二部,2026-09-10,2026-11-09,18,target customer last contacted 2026-09-10: visit due 2026-11-09 (every 60 days),no
CM-12,due,,C005,江南丝绸集团有限公司,S03,销售一部,2026-10-30,2026-11-29,0,key customer last contacted 2026-10-30: visit due 2026-11-29 (every 30 days),no
CM-12,overdue,,C007,深圳华信电子有限公司,S01,销售一部,2026-10-16,2026-11-15,12,key customer last contacted 2026-10-16: visit due 2026-11-15 (every 30 days),no"
}

@test "CM-12: default intervals key 30, target 60, general 90, potential 180 calendar days" {
	run check_cases "visits --log $EMPTYLOG" id,category,first_contact,registered <<-'EOF'
	2026-11-27 K,key,2026-10-28, due,2026-11-27,0
	2026-11-27 K,key,2026-10-27, overdue,2026-11-26,1
	2026-11-27 T,target,2026-09-28, due,2026-11-27,0
	2026-11-27 T,target,2026-09-27, overdue,2026-11-26,1
	2026-11-27 G,general,2026-08-29, due,2026-11-27,0
	2026-11-27 G,general,2026-08-28, overdue,2026-11-26,1
	2026-11-27 P,potential,2026-05-31, due,2026-11-27,0
	2026-11-27 P,potential,2026-05-30, overdue,2026-11-26,1
	2026-11-27 P,潜在客户,2026-05-30, overdue,2026-11-26,1
	EOF
	assert_success
	assert_output ""
}

@test "CM-12: visits are due 2 working days ahead; overdue counts calendar days" {
	# Today Friday 11-27: a visit due Sunday 11-29, Monday 11-30 or Tuesday 12-01 is
	# due, Wednesday 12-02 is not.  On 09-30 a visit due 10-09 is 2 working days
	# away (10-08, 10-09) across National Day.  Overdue days run through holidays.
	run check_cases "visits --log $EMPTYLOG" id,category,first_contact,registered <<-'EOF'
	2026-11-27 K,key,2026-10-30, due,2026-11-29,0
	2026-11-27 K,key,2026-10-31, due,2026-11-30,0
	2026-11-27 K,key,2026-11-01, due,2026-12-01,0
	2026-11-27 K,key,2026-11-02, -
	2026-09-28 K,key,2026-09-09, -
	2026-09-30 K,key,2026-09-09, due,2026-10-09,0
	2026-09-30 K,key,2026-09-01, due,2026-10-01,0
	2026-10-08 K,key,2026-08-31, overdue,2026-09-30,8
	EOF
	assert_success
	assert_output ""
}

@test "CM-12: the last contact is the latest log date, else registration, else first contact" {
	local log=$BATS_TEST_TMPDIR/log.csv
	printf 'customer_id,date,channel,staff,summary\nA,2026-10-20,visit,S1,\nA,2026-10-01,phone,S1,\nB,2026/10/25,phone,S1,\n' > "$log"
	run --separate-stderr crm-remind visits --log "$log" - <<-'EOF'
	id,category,first_contact,registered
	A,key,2026-11-20,2026-11-21
	B,key,2026-09-01,2026-09-02
	C,key,2026-09-01,2026-10-01
	D,key,2026-10-02,
	E,key,,
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-12,overdue,,A,,,,2026-10-20,2026-11-19,8,key customer last contacted 2026-10-20: visit due 2026-11-19 (every 30 days),no
CM-12,overdue,,B,,,,2026-10-25,2026-11-24,3,key customer last contacted 2026-10-25: visit due 2026-11-24 (every 30 days),no
CM-12,overdue,,C,,,,2026-10-01,2026-10-31,27,key customer last contacted 2026-10-01: visit due 2026-10-31 (every 30 days),no
CM-12,overdue,,D,,,,2026-10-02,2026-11-01,26,key customer last contacted 2026-10-02: visit due 2026-11-01 (every 30 days),no
CM-12,missing,,E,,,,,,,no contact logged and no registration or first contact date (key customer),no"
}

@test "CM-12: --intervals overrides the defaults it names" {
	# testdata/intervals.csv: key 14, potential 90; target and general keep 60 and 90.
	run --separate-stderr crm-remind visits --log "$TD/log.csv" --intervals "$TD/intervals.csv" "$TD/customers.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-12,overdue,,C001,华东机械有限公司,S01,销售一部,2026-10-27,2026-11-10,17,key customer last contacted 2026-10-27: visit due 2026-11-10 (every 14 days),no
CM-12,overdue,,C004,西部软件有限公司,S02,销售二部,2026-09-10,2026-11-09,18,target customer last contacted 2026-09-10: visit due 2026-11-09 (every 60 days),no
CM-12,overdue,,C005,江南丝绸集团有限公司,S03,销售一部,2026-10-30,2026-11-13,14,key customer last contacted 2026-10-30: visit due 2026-11-13 (every 14 days),no
CM-12,overdue,,C007,深圳华信电子有限公司,S01,销售一部,2026-10-16,2026-10-30,28,key customer last contacted 2026-10-16: visit due 2026-10-30 (every 14 days),no"
	# Chinese category names in the settings file.
	printf 'category,days\n目标客户,7\n' > "$BATS_TEST_TMPDIR/i.csv"
	run check_cases "visits --log $EMPTYLOG --intervals $BATS_TEST_TMPDIR/i.csv" id,category,first_contact <<-'EOF'
	2026-11-27 T,target,2026-11-20 due,2026-11-27,0
	2026-11-27 K,key,2026-11-20 -
	EOF
	assert_success
	assert_output ""
}

@test "CM-12: a bad --intervals file is an error before any customer" {
	local f=$BATS_TEST_TMPDIR/i.csv
	while IFS='|' read -r content want; do
		printf "$content" > "$f"
		run --separate-stderr crm-remind visits --log "$TD/log.csv" --intervals "$f" "$TD/customers.csv"
		assert_failure 2
		assert_output "$HEADER"
		assert_equal "$stderr" "crm-remind: $f$want"
	done <<-'EOF'
	category,days\nkey,0\n|:2: days: expected 1 to 3660, found '0'
	category,days\nvip,10\n|:2: category: expected one of target, general, key, potential, found 'vip'
	cat,days\nkey,10\n|: intervals need the columns category and days
	EOF
	run --separate-stderr crm-remind visits --log "$TD/log.csv" --intervals "$BATS_TEST_TMPDIR/nope.csv" "$TD/customers.csv"
	assert_failure 2
	assert_output "$HEADER"
	assert_equal "$stderr" "crm-remind: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
}

@test "CM-12: visits needs --log; a log that cannot be read stops before any customer" {
	run --separate-stderr crm-remind visits "$TD/customers.csv"
	assert_failure 2
	assert_output ""
	assert_equal "${stderr_lines[0]}" "crm-remind: visits: option '--log' is needed"
	assert_equal "${stderr_lines[1]}" "Try 'crm-remind --help' for more information."
	run --separate-stderr crm-remind visits --log "$BATS_TEST_TMPDIR/nope.csv" "$TD/customers.csv"
	assert_failure 2
	assert_output "$HEADER"
	assert_equal "$stderr" "crm-remind: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
	printf 'id,when\nC001,2026-11-01\n' > "$BATS_TEST_TMPDIR/log.csv"
	run --separate-stderr crm-remind visits --log "$BATS_TEST_TMPDIR/log.csv" "$TD/customers.csv"
	assert_failure 2
	assert_output "$HEADER"
	assert_equal "$stderr" "crm-remind: $BATS_TEST_TMPDIR/log.csv: the log needs the columns customer_id and date"
}

@test "CM-12: a bad log date or category is an error; the rest is still checked" {
	local log=$BATS_TEST_TMPDIR/log.csv f=$BATS_TEST_TMPDIR/c.csv
	printf 'customer_id,date\nA,2026-11-20\nA,2026-13-01\n' > "$log"
	printf 'id,category,first_contact\nA,key,2026-01-01\nB,,2026-01-01\nC,vip,2026-01-01\nD,key,2026-10-27\n' > "$f"
	run --separate-stderr crm-remind visits --log "$log" "$f"
	assert_failure 2
	assert_output "$HEADER
CM-12,overdue,,D,,,,2026-10-27,2026-11-26,1,key customer last contacted 2026-10-27: visit due 2026-11-26 (every 30 days),no"
	assert_equal "$stderr" "crm-remind: $log:3: date: expected a date (YYYY-MM-DD), found '2026-13-01'
crm-remind: $f:3: category: a customer needs one (CM-01)
crm-remind: $f:4: category: expected one of target, general, key, potential, found 'vip'"
}

@test "CM-12: a visit due early in 2027 is worked out past the calendar, marked provisional" {
	# A: 12-03 + 30 = 2027-01-02 (Saturday).  Working days after 12-31 up to it:
	# 01-01 is 元旦 (fixed by date), 01-02 a Saturday: 0, within 2: due, provisional.
	local f=$BATS_TEST_TMPDIR/c.csv
	printf 'id,category,first_contact\nA,key,2026-12-03\nB,key,2026-11-30\n' > "$f"
	run --separate-stderr crm-remind visits --log "$EMPTYLOG" --today 2026-12-31 "$f"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-12,due,,A,,,,2026-12-03,2027-01-02,0,\"key customer last contacted 2026-12-03: visit due 2027-01-02 (every 30 days) (provisional: the 2027 holiday calendar is not installed, so only weekends and 1 Jan, 1-2 May, 1-3 Oct count as holidays; exact once it is installed)\",yes
CM-12,overdue,,B,,,,2026-11-30,2026-12-30,1,key customer last contacted 2026-11-30: visit due 2026-12-30 (every 30 days),no"
}

# ---------------------------------------------------------------- SVC-05

@test "SVC-05: monthly revisits in the first year, quarterly after" {
	# P001 delivered 2026-05-20, revisited 10-20: next 11-20 (first year).
	# P002 delivered 2025-03-10, revisited 2026-08-10: next 11-10 (quarterly).
	# P003 delivered 2026-01-31, never revisited: next 02-28 (clamped).
	# P004 revisited 10-31: next 11-30 (clamped), 1 working day away.
	# P005 revisited 11-20: next 12-20, not yet.
	run --separate-stderr crm-remind revisits --customers "$TD/customers.csv" "$TD/projects.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
SVC-05,overdue,P001,C001,华东机械有限公司,S01,销售一部,2026-10-20,2026-11-20,7,\"project 生产线改造一期 delivered 2026-05-20, last revisit 2026-10-20: revisit due 2026-11-20 (monthly in the first year)\",no
SVC-05,overdue,P002,C002,北方电力设备厂,S04,销售二部,2026-08-10,2026-11-10,17,\"project 变电站监控系统 delivered 2025-03-10, last revisit 2026-08-10: revisit due 2026-11-10 (quarterly after the first year)\",no
SVC-05,overdue,P003,C005,江南丝绸集团有限公司,S03,销售一部,2026-01-31,2026-02-28,272,\"project 丝绸仓储管理系统 delivered 2026-01-31, last revisit none: revisit due 2026-02-28 (monthly in the first year)\",no
SVC-05,due,P004,C007,深圳华信电子有限公司,S01,销售一部,2026-10-31,2026-11-30,0,\"project 电子看板 delivered 2026-01-31, last revisit 2026-10-31: revisit due 2026-11-30 (monthly in the first year)\",no"
}

@test "SVC-05: one month after 01-31 is 02-28 (month-end clamping)" {
	# 2026-02-28 is also a make-up Saturday, so on Friday 02-27 it is 1 working day away.
	run check_cases revisits id,customer_id,delivered,last_revisit <<-'EOF'
	2026-03-02 P,C,2026-01-31, overdue,2026-02-28,2
	2026-02-27 P,C,2026-01-31, due,2026-02-28,0
	2024-03-01 P,C,2024-01-31, overdue,2024-02-29,1
	2026-03-30 P,C,2026-01-31,2026-02-28 overdue,2026-03-28,2
	2026-05-01 P,C,2026-01-31,2026-03-31 overdue,2026-04-30,1
	2026-12-01 P,C,2026-08-31,2026-10-31 overdue,2026-11-30,1
	2026-09-01 P,C,2025-05-31,2026-05-31 overdue,2026-08-31,1
	2027-03-01 P,C,2024-08-31,2026-11-30 overdue,2027-02-28,1
	EOF
	assert_success
	assert_output ""
}

@test "SVC-05: the switch to quarterly is exactly at the first anniversary" {
	# Delivered 2025-11-27: a month after 2026-10-27 is the anniversary itself,
	# still in the first year; a month after 2026-10-28 is past it, so the next
	# revisit is three months later, 2027-01-28.
	run check_cases revisits id,customer_id,delivered,last_revisit <<-'EOF'
	2026-11-27 P,C,2025-11-27,2026-10-27 due,2026-11-27,0
	2026-11-27 P,C,2025-11-27,2026-10-28 -
	2027-01-29 P,C,2025-11-27,2026-10-28 overdue,2027-01-28,1
	2026-12-01 P,C,2025-11-30,2026-10-30 overdue,2026-11-30,1
	2027-02-01 P,C,2025-11-29,2026-10-30 overdue,2027-01-30,2
	2027-03-01 P,C,2025-11-27,2026-11-27 overdue,2027-02-27,2
	2026-11-27 P,C,2026-05-20,2026-10-20 overdue,2026-11-20,7
	2026-11-27 P,C,2025-03-10,2026-08-10 overdue,2026-11-10,17
	EOF
	assert_success
	assert_output ""
	run --separate-stderr crm-remind revisits --today 2027-01-29 - <<-'EOF'
	id,customer_id,name,delivered,last_revisit
	P1,C1,看板,2025-11-27,2026-10-28
	P2,C1,,2025-11-28,2026-10-28
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
SVC-05,overdue,P1,C1,,,,2026-10-28,2027-01-28,1,\"project 看板 delivered 2025-11-27, last revisit 2026-10-28: revisit due 2027-01-28 (quarterly after the first year)\",no
SVC-05,overdue,P2,C1,,,,2026-10-28,2026-11-28,62,\"project P2 delivered 2025-11-28, last revisit 2026-10-28: revisit due 2026-11-28 (monthly in the first year)\",no"
}

@test "SVC-05: bad projects are errors; the others are still reminded" {
	local f=$BATS_TEST_TMPDIR/p.csv
	printf 'id,customer_id,delivered,last_revisit\nA,C,2026-12-01,\nB,C,2026-05-01,2026-04-01\nC,C,2026-05-01,2026-12-01\nD,C,,\nE,C,2026-02-29,\nF,C,2026-10-20,2026-10-26\n' > "$f"
	run --separate-stderr crm-remind revisits "$f"
	assert_failure 2
	assert_output "$HEADER
SVC-05,overdue,F,C,,,,2026-10-26,2026-11-26,1,\"project F delivered 2026-10-20, last revisit 2026-10-26: revisit due 2026-11-26 (monthly in the first year)\",no"
	assert_equal "$stderr" "crm-remind: $f:2: delivered: '2026-12-01' is after today
crm-remind: $f:3: last_revisit: '2026-04-01' is before the delivery
crm-remind: $f:4: last_revisit: '2026-12-01' is after today
crm-remind: $f:5: delivered: a project needs its delivery date
crm-remind: $f:6: delivered: expected a date (YYYY-MM-DD), found '2026-02-29'"
}

# ---------------------------------------------------------------- SVC-03

@test "SVC-03: in December every active customer gets a gift reminder, by owner" {
	run --separate-stderr crm-remind gifts --today 2026-12-01 "$TD/customers.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 8
	assert_line --index 0 "$HEADER"
	# C008 is closed.  Owners in order; the customers of each owner as a set.
	run bash -c 'tail -n +2 <<< "$1" | cut -d, -f6 | tr "\n" " "' _ "$output"
	assert_output "S01 S01 S01 S02 S02 S03 S04 "
	run bash -c 'crm-remind gifts --today 2026-12-01 "$1" | tail -n +2 | cut -d, -f1,2,4,6,8,9,10 | sort' _ "$TD/customers.csv"
	assert_output "SVC-03,gift,C001,S01,,2026-12-31,
SVC-03,gift,C002,S04,,2026-12-31,
SVC-03,gift,C003,S01,,2026-12-31,
SVC-03,gift,C004,S02,,2026-12-31,
SVC-03,gift,C005,S03,,2026-12-31,
SVC-03,gift,C006,S02,,2026-12-31,
SVC-03,gift,C007,S01,,2026-12-31,"
	run --separate-stderr crm-remind gifts --today 2026-12-31 - <<-'EOF'
	id,name,owner,department
	C1,甲公司,S1,销售一部
	EOF
	assert_failure 1
	assert_output "$HEADER
SVC-03,gift,,C1,甲公司,S1,销售一部,,2026-12-31,,\"new-year gift and survey of next year's needs, by 2026-12-31\",no"
}

@test "SVC-03: the customers of one owner keep their input order" {
	run --separate-stderr crm-remind gifts --today 2026-12-01 "$TD/customers.csv"
	assert_failure 1
	run bash -c 'tail -n +2 <<< "$1" | cut -d, -f4 | tr "\n" " "' _ "$output"
	assert_output "C001 C003 C007 C004 C006 C005 C002 "
}

@test "SVC-03: the customers of one owner keep their input order across files" {
	printf 'id,owner\nA1,S1\nA2,S1\nA3,S1\n' > "$BATS_TEST_TMPDIR/a.csv"
	printf 'id,owner\nB1,S1\nB2,S0\n' > "$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr crm-remind gifts --today 2026-12-01 "$BATS_TEST_TMPDIR/a.csv" "$BATS_TEST_TMPDIR/b.csv"
	assert_failure 1
	run bash -c 'tail -n +2 <<< "$1" | cut -d, -f4 | tr "\n" " "' _ "$output"
	assert_output "B2 A1 A2 A3 B1 "
}

@test "SVC-03: outside December there are no gift reminders" {
	run --separate-stderr crm-remind gifts "$TD/customers.csv"
	assert_success
	assert_output "$HEADER"
	assert_equal "$stderr" ""
	run --separate-stderr crm-remind gifts --today 2026-11-30 "$BATS_TEST_TMPDIR/nope.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-remind: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
	run --separate-stderr crm-remind gifts --today 2027-01-01 "$TD/customers.csv"
	assert_success
	assert_output "$HEADER"
}

# ---------------------------------------------------------------- streams and errors

@test "crm-remind: exit 0 and the header alone when nothing is due" {
	run --separate-stderr crm-remind register --today 2026-10-01 - <<-'EOF'
	id,first_contact,registered
	A,2026-09-30,
	B,2026-09-01,2026-09-02
	EOF
	assert_success
	assert_output "$HEADER"
	assert_equal "$stderr" ""
	run --separate-stderr crm-remind register --today 2026-10-01 --otable - <<-'EOF'
	id,first_contact,registered
	A,2026-09-30,
	EOF
	assert_success
	assert_output --regexp '^rule +kind +ref +customer_id +customer +owner +department +event_date +due +days_overdue +message +provisional$'
}

@test "crm-remind: bad dates are reported with FILE:LINE and the other records still processed" {
	local f=$BATS_TEST_TMPDIR/bad.csv
	printf 'id,name,first_contact,registered\nA,"two\nlines",2026-02-30,\nB,b,2026-11-19,\nC,c,2026-11-19,2026-13-01\nD,d,yesterday,\nE,e,2026年11月19日,\n' > "$f"
	run --separate-stderr crm-remind register "$f"
	assert_failure 2
	assert_output "$HEADER
CM-05,overdue,,B,b,,,2026-11-19,2026-11-26,1,\"not registered: first contact 2026-11-19, deadline 2026-11-26, 1 working day overdue\",no
CM-05,overdue,,E,e,,,2026-11-19,2026-11-26,1,\"not registered: first contact 2026-11-19, deadline 2026-11-26, 1 working day overdue\",no"
	assert_equal "$stderr" "crm-remind: $f:2: first_contact: expected a date (YYYY-MM-DD), found '2026-02-30'
crm-remind: $f:5: registered: expected a date (YYYY-MM-DD), found '2026-13-01'
crm-remind: $f:6: first_contact: expected a date (YYYY-MM-DD), found 'yesterday'"
}

@test "crm-remind: --strict stops at the first bad record" {
	local f=$BATS_TEST_TMPDIR/bad.csv
	printf 'id,first_contact,registered\nA,2026-11-19,\nB,2026-02-30,\nC,2026-11-19,\n' > "$f"
	run --separate-stderr crm-remind register --strict "$f"
	assert_failure 2
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --regexp '^CM-05,overdue,,A,'
	assert_equal "$stderr" "crm-remind: $f:3: first_contact: expected a date (YYYY-MM-DD), found '2026-02-30'"
	printf 'id,customer_id,delivered\nP,C,2026-12-01\nQ,C,2026-01-31\n' > "$f"
	run --separate-stderr crm-remind revisits --strict "$f"
	assert_failure 2
	assert_output "$HEADER"
	assert_equal "$stderr" "crm-remind: $f:2: delivered: '2026-12-01' is after today"
}

@test "crm-remind: a missing required column is refused with the file name" {
	local f=$BATS_TEST_TMPDIR/in.csv
	while IFS='|' read -r cmd header what col; do
		printf '%s\nx,2026-11-01\n' "$header" > "$f"
		run --separate-stderr crm-remind $cmd "$f"
		assert_failure 2
		assert_output "$HEADER"
		assert_equal "$stderr" "crm-remind: $f: $what need the column '$col'"
	done <<-EOF
	register|id,first_contact|customers|registered
	register|id,registered|customers|first_contact
	changes|customer_id,changed_on|changes|reported_on
	changes|customer_id,reported_on|changes|changed_on
	changes|id,changed_on,reported_on|changes|customer_id
	contacts|id,category|customers|owner
	contacts|id,owner|customers|category
	visits --log $EMPTYLOG|id,first_contact|customers|category
	visits --log $EMPTYLOG|category,first_contact|customers|id
	revisits|id,delivered|projects|customer_id
	revisits|id,customer_id|projects|delivered
	EOF
}

@test "crm-remind: Chinese input headers, GBK, CRLF and no final newline" {
	local f=$BATS_TEST_TMPDIR/zh.csv
	printf '客户编号,客户名称,负责人,业务部门,首次接触日期,备案日期,状态\r\nZ1,甲公司,S01,销售一部,2026/11/19,,正常\r\nZ2,乙公司,S02,销售二部,2026-11-19,,已关闭' |
		iconv -f UTF-8 -t GBK > "$f"
	run --separate-stderr crm-remind register "$f"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
CM-05,overdue,,Z1,甲公司,S01,销售一部,2026-11-19,2026-11-26,1,\"not registered: first contact 2026-11-19, deadline 2026-11-26, 1 working day overdue\",no"
	printf '项目编号,客户编号,项目名称,交付日期,上次回访日期\nP1,C001,看板,2026-01-31,2026-10-31\n' > "$f"
	run --separate-stderr crm-remind revisits "$f"
	assert_failure 1
	assert_line --index 1 --regexp '^SVC-05,due,P1,C001,,,,2026-10-31,2026-11-30,0,"project 看板 '
	printf 'id,客户编号,变更项目,变更日期,反馈日期\nCH1,C001,电话,2026-11-19,\n' > "$f"
	run --separate-stderr crm-remind changes "$f"
	assert_failure 1
	assert_line --index 1 --regexp '^CM-06,overdue,CH1,C001,,,,2026-11-19,2026-11-26,1,"change of 电话 on 2026-11-19 '
	printf '客户编号,日期,方式,联系人员,内容摘要\nC1,2026-10-27,电话,S1,x\n' > "$BATS_TEST_TMPDIR/log.csv"
	printf '客户编号,客户类别,首次接触日期\nC1,重点客户,2026-01-01\n' > "$f"
	run --separate-stderr crm-remind visits --log "$BATS_TEST_TMPDIR/log.csv" "$f"
	assert_failure 1
	assert_line --index 1 --regexp '^CM-12,overdue,,C1,,,,2026-10-27,2026-11-26,1,'
}

@test "crm-remind: --zh writes Chinese headers, kinds and messages" {
	run --separate-stderr crm-remind register --late --zh "$TD/customers.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "规则,类型,关联编号,客户编号,客户名称,负责人,业务部门,事件日期,期限,逾期天数,提示,暂定
CM-05,已逾期,,C003,南方贸易(进出口)有限公司,S01,销售一部,2026-09-28,2026-10-10,35,未备案：首次接触2026-09-28，应于2026-10-10前到市场推广部备案，已逾期35个工作日,否
CM-05,迟延,,C004,西部软件有限公司,S02,销售二部,2026-09-30,2026-10-13,3,2026-10-16备案，超过期限2026-10-13共3个工作日（首次接触2026-09-30）,否
CM-05,已逾期,,C006,中原重工股份有限公司,S02,销售二部,2026-10-08,2026-10-14,32,未备案：首次接触2026-10-08，应于2026-10-14前到市场推广部备案，已逾期32个工作日,否"
	run --separate-stderr crm-remind changes --zh "$TD/changes.csv"
	assert_line --index 2 "CM-06,即将到期,CH03,C005,,,,2026-11-24,2026-12-01,0,请于2026-12-01前向市场推广部反馈2026-11-24的contact变更（《客户信息维护表》）,否"
	run --separate-stderr crm-remind contacts --zh "$TD/customers.csv"
	assert_line --index 1 "CM-10,缺少,,C001,华东机械有限公司,S01,销售一部,2026-03-05,,,重点客户仅有1名员工联系，须两名以上并建立联系报告制度,否"
	run --separate-stderr crm-remind visits --zh --log "$TD/log.csv" "$TD/customers.csv"
	assert_line --index 1 "CM-12,已逾期,,C001,华东机械有限公司,S01,销售一部,2026-10-27,2026-11-26,1,重点客户，上次联系2026-10-27，应于2026-11-26前拜访（每30天）,否"
	run --separate-stderr crm-remind revisits --zh "$TD/projects.csv"
	assert_line --index 3 "SVC-05,已逾期,P003,C005,,,,2026-01-31,2026-02-28,272,项目丝绸仓储管理系统于2026-01-31交付，上次回访无，应于2026-02-28前回访（交付第一年每月）,否"
	run --separate-stderr crm-remind gifts --zh --today 2026-12-01 "$TD/customers.csv"
	assert_line --index 1 --regexp '^SVC-03,礼品,,C00[137],[^,]+,S01,销售一部,,2026-12-31,,新年礼品及明年需求调查，2026-12-31前完成,否$'
}

@test "crm-remind: --ojson writes days_overdue as a number and dates as strings" {
	run --separate-stderr crm-remind register --ojson "$TD/customers.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_line --index 0 '{"rule":"CM-05","kind":"overdue","ref":"","customer_id":"C003","customer":"南方贸易(进出口)有限公司","owner":"S01","department":"销售一部","event_date":"2026-09-28","due":"2026-10-10","days_overdue":35,"message":"not registered: first contact 2026-09-28, deadline 2026-10-10, 35 working days overdue","provisional":"no"}'
	assert_equal "${#lines[@]}" 2
	run --separate-stderr crm-remind contacts --ojson "$TD/customers.csv"
	assert_line --index 0 --partial '"event_date":"2026-03-05","due":"","days_overdue":null,'
	# JSON Lines in, with null for an empty value.
	run --separate-stderr crm-remind register --json - <<-'EOF'
	{"id":"J1","first_contact":"2026-11-19","registered":null}
	{"id":"J2","first_contact":"2026-11-19","registered":"2026-11-20"}
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output '{"rule":"CM-05","kind":"overdue","ref":"","customer_id":"J1","customer":"","owner":"","department":"","event_date":"2026-11-19","due":"2026-11-26","days_overdue":1,"message":"not registered: first contact 2026-11-19, deadline 2026-11-26, 1 working day overdue","provisional":"no"}'
}

@test "crm-remind: - reads standard input, also between files" {
	run --separate-stderr bash -c 'crm-remind register < "$1"' _ "$TD/customers.csv"
	assert_failure 1
	assert_equal "${#lines[@]}" 3
	run --separate-stderr bash -c 'cat "$1" | crm-remind register -' _ "$TD/customers.csv"
	assert_failure 1
	assert_equal "${#lines[@]}" 3
	printf 'first_contact,registered,id\n2026-11-19,,X\n' > "$BATS_TEST_TMPDIR/more.csv"
	run --separate-stderr bash -c 'printf "id,first_contact,registered\nW,2026-11-24,\n" | crm-remind register "$1" - "$2"' _ "$TD/customers.csv" "$BATS_TEST_TMPDIR/more.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	run bash -c 'cut -d, -f2,4,9 <<< "$1"' _ "$output"
	assert_output "kind,customer_id,due
overdue,C003,2026-10-10
overdue,C006,2026-10-14
due,W,2026-12-01
overdue,X,2026-11-26"
}

@test "crm-remind: empty input gives the header and exit 0" {
	local cmd
	for cmd in register changes contacts revisits "visits --log $EMPTYLOG" "gifts --today 2026-12-01"; do
		run --separate-stderr crm-remind $cmd < /dev/null
		assert_success
		assert_output "$HEADER"
		assert_equal "$stderr" ""
	done
	# A header and no records.
	run --separate-stderr bash -c 'printf "id,first_contact,registered\n" | crm-remind register'
	assert_success
	assert_output "$HEADER"
	assert_equal "$stderr" ""
}

@test "crm-remind: side files are read by their extension, else by --icsv/--ijson" {
	printf '{"customer_id":"C1","date":"2026-10-27"}\n' > "$BATS_TEST_TMPDIR/log.jsonl"
	printf '{"category":"key","days":"14"}\n' > "$BATS_TEST_TMPDIR/intervals.json"
	run --separate-stderr crm-remind visits --log "$BATS_TEST_TMPDIR/log.jsonl" --intervals "$BATS_TEST_TMPDIR/intervals.json" - <<-'EOF'
	id,category,first_contact
	C1,key,2026-01-01
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_line --index 1 --regexp '^CM-12,overdue,,C1,,,,2026-10-27,2026-11-10,17,'
	# JSON Lines customers, CSV log.
	run --separate-stderr crm-remind visits --ijson --log "$TD/log.csv" - <<-'EOF'
	{"id":"C001","category":"key","first_contact":"2026-01-01"}
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_line --index 1 --regexp '^CM-12,overdue,,C001,,,,2026-10-27,2026-11-26,1,'
	# A name without those extensions follows --ijson.
	printf '{"id":"C001","name":"华东机械","owner":"S01","department":"销售一部"}\n' > "$BATS_TEST_TMPDIR/customers.txt"
	run --separate-stderr crm-remind changes --ijson --customers "$BATS_TEST_TMPDIR/customers.txt" - <<-'EOF'
	{"id":"CH1","customer_id":"C001","field":"phone","changed_on":"2026-11-19","reported_on":""}
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_line --index 1 --regexp '^CM-06,overdue,CH1,C001,华东机械,S01,销售一部,2026-11-19,2026-11-26,1,'
}

@test "crm-remind: a missing input file is an error" {
	run --separate-stderr crm-remind register "$BATS_TEST_TMPDIR/nope.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-remind: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
	run --separate-stderr crm-remind changes --customers "$BATS_TEST_TMPDIR/nope.csv" "$TD/changes.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-remind: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
	assert_line --index 1 --regexp '^CM-06,overdue,CH02,C002,,,,'
}

@test "crm-remind: usage errors exit 2 with a hint" {
	cd "$BATS_TEST_TMPDIR"
	run bash -c '
		while IFS= read -r args; do
			crm-remind $args > out 2> err < /dev/null; status=$?
			[ $status = 2 ] || echo "crm-remind $args: exit $status, want 2"
			[ -s out ] && echo "crm-remind $args: wrote to stdout"
			grep -q "^Try '\''crm-remind --help'\''" err || echo "crm-remind $args: no hint: $(cat err)"
		done <<-EOF

		frobnicate
		remind
		--today 2026-11-27 frobnicate
		register --bogus
		register -x
		register --today
		register --encoding latin1
		visits
		visits --log
		EOF
	'
	assert_success
	assert_output ""
	run --separate-stderr crm-remind
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-remind: a command is needed: register, changes, contacts, visits, revisits or gifts"
	run --separate-stderr crm-remind frobnicate
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-remind: unknown command 'frobnicate'"
	run --separate-stderr crm-remind register --today 2026-02-30
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-remind: --today: expected a date (YYYY-MM-DD), found '2026-02-30'"
}

@test "crm-remind: --help and --version" {
	run --separate-stderr crm-remind --help
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 "Usage: crm-remind COMMAND [options] [FILE...]"
	local word
	for word in register changes contacts visits revisits gifts --late --log --intervals --customers --assume-weekends; do
		assert_output --partial "$word"
	done
	run --separate-stderr crm-remind register -h
	assert_success
	assert_line --index 0 "Usage: crm-remind register [options] [FILE...]"
	assert_line "  --late                register, changes: also those registered or reported after the deadline"
	refute_output --partial "--log"
	run --separate-stderr crm-remind -V
	assert_success
	assert_output --regexp '^crm-remind \(crm toolkit\) [0-9]'
}

@test "crm-remind: a failed write exits 2" {
	run --separate-stderr bash -c 'crm-remind register "$1" > /dev/full' _ "$TD/customers.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-remind: write error: No space left on device"
	run bash -c 'crm-remind gifts --today 2026-11-27 "$1" > /dev/full' _ "$TD/customers.csv"
	assert_failure 2
	run bash -c 'crm-remind contacts --otable "$1" > /dev/full' _ "$TD/customers.csv"
	assert_failure 2
}

@test "crm-remind: a closed pipe ends quietly with 0" {
	local f=$BATS_TEST_TMPDIR/big.csv
	awk 'BEGIN { print "id,first_contact,registered"; for (i = 0; i < 100000; i++) printf "X%d,2026-11-19,\n", i }' > "$f"
	run --separate-stderr bash -c 'crm-remind register "$1" | head -n 1; echo "${PIPESTATUS[0]}"' _ "$f"
	assert_success
	assert_output "$HEADER
0"
	assert_equal "$stderr" ""
	run --separate-stderr bash -c 'crm-remind register --ojson "$1" | head -c 10 > /dev/null; echo "${PIPESTATUS[0]}"' _ "$f"
	assert_output "0"
	assert_equal "$stderr" ""
}

@test "crm-remind: options may come before the command" {
	run --separate-stderr crm-remind --today 2026-10-12 --late register "$BATS_TEST_DIRNAME/../testdata/customers.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_line --index 1 --partial "CM-05,overdue,,C003,"
	assert_line --index 2 --partial "CM-05,late,,C004,"
}

@test "CM-05, CM-06: no \"0 working days overdue\" on the day off right after a deadline" {
	# First contact 09-28, deadline the make-up Saturday 10-10; Sunday 10-11 is past it
	# with no working day since: overdue, days_overdue 0, and the message says so.
	run --separate-stderr crm-remind register --today 2026-10-11 - <<-'EOF2'
	id,first_contact,registered
	A,2026-09-28,
	EOF2
	assert_failure 1
	assert_line --index 1 'CM-05,overdue,,A,,,,2026-09-28,2026-10-10,0,"not registered: first contact 2026-09-28, the deadline 2026-10-10 has passed",no'
	run --separate-stderr crm-remind register --zh --today 2026-10-11 - <<-'EOF2'
	id,first_contact,registered
	A,2026-09-28,
	EOF2
	assert_line --index 1 'CM-05,已逾期,,A,,,,2026-09-28,2026-10-10,0,未备案：首次接触2026-09-28，备案期限2026-10-10已过,否'
	run --separate-stderr crm-remind changes --today 2026-10-11 - <<-'EOF2'
	id,customer_id,field,changed_on,reported_on
	CH1,C1,phone,2026-09-28,
	EOF2
	assert_line --index 1 'CM-06,overdue,CH1,C1,,,,2026-09-28,2026-10-10,0,change of phone on 2026-09-28 not reported: the deadline 2026-10-10 has passed,no'
	run bash -c 'crm-remind register --today 2026-10-11 "$1" | grep -c "0 working days"' _ "$BATS_TEST_DIRNAME/../testdata/customers.csv"
	assert_output 0
}

@test "CM-06: the 5 working days run from learned_on when given" {
	# CH1 changed 09-28, learned 10-12 (Monday): 10-13..10-16, 10-19: due 10-19; on
	# 10-19 it is "due" (0 left).  CH2 without learned_on: due 10-10 (make-up
	# Saturday), overdue 10-12..10-16, 10-19 = 6.  CH3 learned before it changed: error.
	run --separate-stderr crm-remind changes --today 2026-10-19 - <<-'EOF2'
	id,customer_id,field,changed_on,learned_on,reported_on
	CH1,C1,phone,2026-09-28,2026-10-12,
	CH2,C1,phone,2026-09-28,,
	CH3,C1,phone,2026-09-28,2026-09-01,
	EOF2
	assert_failure 2
	assert_equal "$stderr" "crm-remind: (stdin):4: learned_on: '2026-09-01' is before changed_on '2026-09-28'"
	assert_line --index 1 "CM-06,due,CH1,C1,,,,2026-10-12,2026-10-19,0,report the change of phone on 2026-09-28 (learned 2026-10-12) to the marketing department by 2026-10-19,no"
	assert_line --index 2 'CM-06,overdue,CH2,C1,,,,2026-09-28,2026-10-10,6,"change of phone on 2026-09-28 not reported: deadline 2026-10-10, 6 working days overdue",no'
	assert_equal "${#lines[@]}" 3
	# Reported 10-20 after learning on 10-12: 1 working day late with --late.
	run --separate-stderr crm-remind changes --late --today 2026-10-30 - <<-'EOF2'
	id,customer_id,field,changed_on,learned_on,reported_on
	CH1,C1,phone,2026-09-28,2026-10-12,2026-10-20
	EOF2
	assert_failure 1
	assert_line --index 1 --regexp '^CM-06,late,CH1,C1,,,,2026-10-12,2026-10-19,1,'
}

# ---------------------------------------------------------------- issue 12, 18

@test "crm-remind: each command takes only its own options; --help per command" {
	run --separate-stderr crm-remind gifts --late "$TD/customers.csv"
	assert_failure 2
	assert_output ""
	assert_equal "${stderr_lines[0]}" "crm-remind: gifts: option '--late' is not one of this command's; 'crm-remind gifts --help' lists them"
	run --separate-stderr crm-remind register --log "$TD/customers.csv" "$TD/customers.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-remind: register: option '--log' is not one of this command's; 'crm-remind register --help' lists them"
	run --separate-stderr crm-remind contacts --customers x "$TD/customers.csv"
	assert_failure 2
	# Common options before the command still work.
	run --separate-stderr crm-remind --today 2026-11-27 register "$TD/customers.csv"
	assert_failure 1
	run --separate-stderr crm-remind visits --help
	assert_success
	assert_line --index 0 "Usage: crm-remind visits [options] [FILE...]"
	assert_output --partial "--intervals FILE"
	refute_output --partial "--late"
}

@test "SVC-03: a gift logged this December takes the customer off the list; unregistered customers are flagged (CM-15)" {
	# G1 registered, gift logged 12-02; G2 registered, a gift logged last December
	# only; G3 not registered.  On 12-03: G2 and G3, G3 flagged.
	printf '%s\n' customer_id,date,channel,staff,summary 'G1,2026-12-02,礼品,S1,次年需求计划：扩产' \
		'G2,2025-12-10,gift,S1,去年' 'G2,2026-12-01,phone,S1,约时间' > "$BATS_TEST_TMPDIR/log.csv"
	run --separate-stderr crm-remind gifts --today 2026-12-03 --log "$BATS_TEST_TMPDIR/log.csv" - <<-'EOF'
	id,name,owner,department,registered
	G1,甲,S1,销售一部,2026-01-05
	G2,乙,S1,销售一部,2026-02-05
	G3,丙,S1,销售一部,
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$HEADER
SVC-03,gift,,G2,乙,S1,销售一部,,2026-12-31,,\"new-year gift and survey of next year's needs, by 2026-12-31\",no
SVC-03,gift,,G3,丙,S1,销售一部,,2026-12-31,,\"new-year gift and survey of next year's needs, by 2026-12-31; NOT REGISTERED: register first, or CM-15 refuses the gift's expense\",no"
	# A bad log row stops the list: without it every gift would look unsent.
	printf '%s\n' customer_id,date,channel G1,2026-12-02,parcel > "$BATS_TEST_TMPDIR/log.csv"
	run --separate-stderr crm-remind gifts --today 2026-12-03 --log "$BATS_TEST_TMPDIR/log.csv" "$TD/customers.csv"
	assert_failure 2
	assert_output "$HEADER"
}
