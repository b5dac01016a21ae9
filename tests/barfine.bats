#!/usr/bin/env bats
# barfine: the bar marketing managers' fines and rewards (BAR-01…13).
#
# testdata/bar-*.csv, November 2026, shifts of 11-02..11-08:
#   M01  on time every night, a free rest day, 7 bookings on 11-06, found property
#   M02  lates 11-02, 11-03, 11-06 and early leaves 11-04, 11-08 (BAR-03 makes the
#        first three one absence), personal leave asked the day before, appearance
#   M03  no out punch 11-02; absent 11-04 and 11-06, personal leave asked on the
#        day 11-05: the third absence makes him deemed to have resigned
#   M04  out 23:50 on 11-08, a tip, a fight: dismissed

bats_require_minimum_version 1.5.0

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	BIN=$(cd "${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}" && pwd)
	PATH="$BIN:$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27
	TD=$(cd "$BATS_TEST_DIRNAME/../testdata" && pwd)
	FILES="$TD/bar-punches.csv $TD/bar-leave.csv $TD/bar-bookings.csv $TD/bar-incidents.csv"
	T=$BATS_TEST_TMPDIR
	LEDGER=staff,date,code,rule,kind,amount,note
	SUMMARY=staff,month,lates,early_leaves,absences,personal_leave_days,fines,rewards,net,status,note
}

# punch IN OUT...: the ledger rows (code,rule,kind,amount) of one punch of M1 on
# 2026-11-02, each pair of arguments one punch; "exit N" at the end.
punch() {
	printf 'staff,date,in,out\nM1,2026-11-02,%s,%s\n' "$1" "$2" > "$T/p.csv"
	barfine "$T/p.csv" > "$T/out" 2> "$T/err"
	local st=$?
	tail -n +2 "$T/out" | cut -d, -f3-6
	echo "exit $st"
}

# check_punches: lines "IN OUT => CODES STATUS" on stdin, one punch of M1 on
# 2026-11-02 each ('-' for an empty field, '_' for the space of a date-time);
# CODES the ledger codes it gives, joined with '+', or '-'.  Prints the mismatches.
check_punches() {
	local in out arrow want st got status
	while read -r in out arrow want st; do
		[ -z "$in" ] && continue
		[ "$in" = - ] && in=
		[ "$out" = - ] && out=
		printf 'staff,date,in,out\nM1,2026-11-02,%s,%s\n' "${in//_/ }" "${out//_/ }" > "$T/p.csv"
		barfine "$T/p.csv" > "$T/out" 2> "$T/err"
		status=$?
		got=$(tail -n +2 "$T/out" | cut -d, -f3 | paste -sd+)
		[ "${got:--} $status" = "$want $st" ] ||
			echo "in '$in' out '$out': got '${got:--} $status', want '$want $st' $(cat "$T/err")"
	done
}

# lates N [EARLY]: N late nights (in 19:45) then EARLY nights with out 00:30,
# all in November 2026 from the 2nd; prints the --summary line.
lates() {
	local n=$1 e=${2:-0} i d=2
	{
		echo staff,date,in,out
		for ((i = 0; i < n; i++, d++)); do printf 'M1,2026-11-%02d,19:45,01:30\n' $d; done
		for ((i = 0; i < e; i++, d++)); do printf 'M1,2026-11-%02d,19:20,00:30\n' $d; done
	} > "$T/lates.csv"
	barfine --summary "$T/lates.csv" | tail -n +2 | cut -d, -f1-10
}

# check_incidents: lines "CODE,SEVERITY,AMOUNT,VALUE => AMOUNT STATUS" (AMOUNT
# "error" for a rejected incident); prints the mismatches.
check_incidents() {
	local line row want got st
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		row=${line%% => *}
		want=${line#* => }
		printf 'staff,date,code,severity,amount,value,note\nM1,2026-11-02,%s,\n' "$row" > "$T/i.csv"
		barfine "$T/i.csv" > "$T/out" 2> "$T/err"
		st=$?
		got=$(sed -n 2p "$T/out" | cut -d, -f6)
		[ $st = 2 ] && got=error
		[ $st = 2 ] && ! grep -q "^barfine: $T/i.csv:2: " "$T/err" && got="error without FILE:LINE"
		[ "$got $st" = "$want" ] || echo "$row: got '$got $st', want '$want' $(cat "$T/err")"
	done
}

@test "BAR-13: testdata: every fine, reward and status with its rule ID" {
	run --separate-stderr barfine --month 2026-11 $FILES
	assert_failure 1
	assert_output - <<-'EOF'
	staff,date,code,rule,kind,amount,note
	M01,2026-11-05,rest,BAR-04,leave,0.00,rest day 1 of the 2 free this month
	M01,2026-11-06,bookings,BAR-12,reward,50.00,"7 bookings in the shift (more than 5), total 8880.00"
	M01,2026-11-07,found-property,BAR-12,reward,300.00,"within 50.00–500.00; 拾到客人手机,已归还"
	M02,2026-11-02,late,BAR-03,fine,0.00,"in 19:42, after 19:30; counted in the absence of 2026-11-04"
	M02,2026-11-03,late,BAR-03,fine,0.00,"in 19:35, after 19:30; counted in the absence of 2026-11-04"
	M02,2026-11-03,appearance,BAR-07,fine,50.00,未戴工号牌
	M02,2026-11-04,early-leave,BAR-03,fine,0.00,"out 00:40, before 01:00; counted in the absence of 2026-11-04"
	M02,2026-11-04,absence,BAR-03,fine,300.00,"3 lates and early leaves (2026-11-02, 2026-11-03, 2026-11-04) count as one absence"
	M02,2026-11-06,late,BAR-02,fine,30.00,"in 19:31, after 19:30"
	M02,2026-11-07,personal-leave,BAR-04,fine,200.00,"asked 2026-11-06, approved by 刘总监"
	M02,2026-11-08,early-leave,BAR-02,fine,30.00,"out 00:59, before 01:00"
	M03,2026-11-02,early-leave,BAR-02,fine,30.00,no out punch
	M03,2026-11-03,disobey,BAR-08,fine,200.00,high end of 50.00–200.00; 拒绝调台
	M03,2026-11-04,absence,BAR-05,fine,300.00,no punch and no leave
	M03,2026-11-05,absence,BAR-04,fine,300.00,"personal leave asked 2026-11-05, not a day ahead: counts as absence"
	M03,2026-11-06,absence,BAR-05,fine,300.00,no punch and no leave
	M03,2026-11-06,deemed_resigned,BAR-05,status,,"3 absences this month: deemed to have resigned, wages and deposit forfeited"
	M04,2026-11-03,tip,BAR-09,fine,300.00,"max(200.00, 2 × tip 150.00); 向客人索要小费"
	M04,2026-11-07,fight,BAR-11,status,,dismissed without pay; 与同事在后台打架
	M04,2026-11-08,early-leave,BAR-02,fine,30.00,"out 23:50, before 01:00"
	EOF
	assert_equal "$stderr" ""
}

@test "BAR-13: --summary: counts, fines, rewards, net and status per staff member and month" {
	run --separate-stderr barfine --month 2026-11 $FILES --summary
	assert_failure 1
	assert_output - <<-'EOF'
	staff,month,lates,early_leaves,absences,personal_leave_days,fines,rewards,net,status,note
	M01,2026-11,0,0,0,0,0.00,350.00,350.00,active,period inferred: 2026-11-02 to 2026-11-08
	M02,2026-11,3,2,1,1,610.00,0.00,-610.00,active,period inferred: 2026-11-02 to 2026-11-08
	M03,2026-11,0,1,3,0,1130.00,0.00,-1130.00,deemed_resigned,period inferred: 2026-11-02 to 2026-11-08
	M04,2026-11,0,1,0,0,330.00,0.00,-330.00,dismissed,period inferred: 2026-11-02 to 2026-11-08
	EOF
	assert_equal "$stderr" ""
}

@test "BAR-13: --summary --zh --bom: Chinese headers and values for WPS" {
	run bash -c 'barfine --month 2026-11 $1 --summary --zh --bom | head -c 3 | od -An -tx1' _ "$FILES"
	assert_output " ef bb bf"
	run --separate-stderr barfine --month 2026-11 $FILES --summary --zh
	assert_failure 1
	assert_line --index 0 "员工,月份,迟到,早退,旷工,事假天数,罚款合计,奖励合计,净额,状态,说明"
	assert_line --index 1 "M01,2026-11,0,0,0,0,0.00,350.00,350.00,在职,期间按记录推定：2026-11-02至2026-11-08"
	assert_line --index 3 "M03,2026-11,0,1,3,0,1130.00,0.00,-1130.00,视为自动离职,期间按记录推定：2026-11-02至2026-11-08"
	assert_line --index 4 "M04,2026-11,0,1,0,0,330.00,0.00,-330.00,开除,期间按记录推定：2026-11-02至2026-11-08"
	run --separate-stderr barfine --month 2026-11 $FILES --zh
	assert_line --index 0 "员工,日期,项目,规则,类别,金额,说明"
	assert_line --index 4 "M02,2026-11-02,迟到,BAR-03,罚款,0.00,上班打卡19:42，晚于19:30；计入2026-11-04旷工"
	assert_line --index 17 "M03,2026-11-06,视为自动离职,BAR-05,处理,,当月旷工3次，视为自动离职，不退还工资及押金"
}

@test "BAR-13: --ojson: amounts and counts are numbers, a status row has no amount" {
	run --separate-stderr barfine --month 2026-11 $FILES --summary --ojson
	assert_failure 1
	assert_line --index 1 '{"staff":"M02","month":"2026-11","lates":3,"early_leaves":2,"absences":1,"personal_leave_days":1,"fines":610.00,"rewards":0.00,"net":-610.00,"status":"active","note":"period inferred: 2026-11-02 to 2026-11-08"}'
	run --separate-stderr barfine --month 2026-11 $FILES --ojson
	assert_line --index 16 '{"staff":"M03","date":"2026-11-06","code":"deemed_resigned","rule":"BAR-05","kind":"status","amount":null,"note":"3 absences this month: deemed to have resigned, wages and deposit forfeited"}'
}

@test "BAR-01: in at 19:30 is on time, 19:31 is late; out at 01:00 is on time, 00:59 is early" {
	run check_punches <<-'EOF'
	19:30 01:00 => - 0
	19:31 01:00 => late 1
	19:30 00:59 => early-leave 1
	19:31 00:59 => late+early-leave 1
	19:29 01:01 => - 0
	19:30:59 01:00 => - 0
	19:31:00 01:00 => late 1
	19:30 00:59:59 => early-leave 1
	19:30 01:00:00 => - 0
	18:05 03:40 => - 0
	EOF
	assert_success
	assert_output ""
}

@test "BAR-01: the shift belongs to the day it started: out after midnight is normal, before it early" {
	run check_punches <<-'EOF'
	19:00 23:59 => early-leave 1
	19:00 00:00 => early-leave 1
	19:00 05:59 => - 0
	19:00 06:00 => - 0
	00:30 02:00 => late 1
	19:00 2026-11-03_01:30 => - 0
	2026-11-02_19:31 2026-11-03_00:59 => late+early-leave 1
	EOF
	assert_success
	assert_output ""
}

@test "BAR-01: a missing out punch is an early leave, a missing in punch a late" {
	run check_punches <<-'EOF'
	19:00 - => early-leave 1
	- 01:30 => late 1
	- 00:30 => late+early-leave 1
	EOF
	assert_success
	assert_output ""
}

@test "BAR-01: impossible punches are errors with FILE:LINE; the staff member's statement is incomplete" {
	# M3's out 18:00 (after in 19:00) and M8's 06:01 are read as the next
	# morning, after day_end 06:00: left out with a note, the shift has no out
	# punch (an early leave, 30).  M4's two rows are one shift (BAR-01: first
	# in 19:20, last out 01:30: on time).  The others are bad: incomplete.
	cat > "$T/p.csv" <<-'EOF'
	staff,date,in,out
	M1,2026-11-02,19:00,01:30
	M2,2026-11-02,"2026-11-03 06:30",
	M3,2026-11-02,19:00,18:00
	M4,2026-11-02,19:20,01:30
	M4,2026-11-02,19:40,01:30
	M5,2026-11-02,02:00,01:00
	M6,2026-11-02,,
	M7,2026-11-02,"2026-11-02 05:00",
	M8,2026-11-02,19:00,06:01
	M9,2026-11-02,19:45,01:30
	M9,2026-11-03,7pm,01:30
	EOF
	run --separate-stderr barfine "$T/p.csv"
	assert_failure 2
	assert_output - <<-EOF
	$LEDGER
	M2,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/p.csv:3: statement withheld
	M3,2026-11-02,early-leave,BAR-02,fine,30.00,no out punch
	M5,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/p.csv:7: statement withheld
	M6,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/p.csv:8: statement withheld
	M7,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/p.csv:9: statement withheld
	M8,2026-11-02,early-leave,BAR-02,fine,30.00,no out punch
	M9,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/p.csv:12: statement withheld
	EOF
	assert_equal "$stderr" "$(cat <<-EOF
	barfine: $T/p.csv:3: in: '2026-11-03 06:30' is after 06:00 the next day: impossible for the shift of 2026-11-02
	barfine: $T/p.csv:4: note: out '18:00' is after day_end 06:00 the next morning: left out of the shift of 2026-11-02 (set day_end in the rules file for later shifts)
	barfine: $T/p.csv:7: out: '01:00' is not after in '02:00'
	barfine: $T/p.csv:8: in, out: a punch needs at least one of them, found neither
	barfine: $T/p.csv:9: in: '2026-11-02 05:00' is before 06:00 on 2026-11-02: not in the shift of 2026-11-02
	barfine: $T/p.csv:10: note: out '06:01' is after day_end 06:00 the next morning: left out of the shift of 2026-11-02 (set day_end in the rules file for later shifts)
	barfine: $T/p.csv:12: in: expected a time (HH:MM) or a date-time, found '7pm'
	EOF
	)"
	# M1's night was in order; a late of his is written beside M2's incomplete row.
	printf 'staff,date,in,out\nM1,2026-11-02,19:31,01:30\nM2,2026-11-02,19:00,1.30am\n' > "$T/p.csv"
	run --separate-stderr barfine "$T/p.csv"
	assert_failure 2
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-02,late,BAR-02,fine,30.00,"in 19:31, after 19:30"
	M2,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/p.csv:3: statement withheld
	EOF
}

@test "BAR-02: a late and an early leave are 30 each" {
	run punch 19:45 00:15
	assert_output "$(printf 'late,BAR-02,fine,30.00\nearly-leave,BAR-02,fine,30.00\nexit 1')"
}

@test "BAR-03: three lates become one absence: conversion at 2, 3, 4 and 6 lates" {
	run lates 2
	assert_output "M1,2026-11,2,0,0,0,60.00,0.00,-60.00,active"
	run lates 3
	assert_output "M1,2026-11,3,0,1,0,300.00,0.00,-300.00,active"
	run lates 4
	assert_output "M1,2026-11,4,0,1,0,330.00,0.00,-330.00,active"
	run lates 6
	assert_output "M1,2026-11,6,0,2,0,600.00,0.00,-600.00,active"
	run lates 5
	assert_output "M1,2026-11,5,0,1,0,360.00,0.00,-360.00,active"
}

@test "BAR-03: the lates of a group are not fined; the group's third day carries the absence" {
	lates 4 > /dev/null
	run --separate-stderr barfine "$T/lates.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	staff,date,code,rule,kind,amount,note
	M1,2026-11-02,late,BAR-03,fine,0.00,"in 19:45, after 19:30; counted in the absence of 2026-11-04"
	M1,2026-11-03,late,BAR-03,fine,0.00,"in 19:45, after 19:30; counted in the absence of 2026-11-04"
	M1,2026-11-04,late,BAR-03,fine,0.00,"in 19:45, after 19:30; counted in the absence of 2026-11-04"
	M1,2026-11-04,absence,BAR-03,fine,300.00,"3 lates and early leaves (2026-11-02, 2026-11-03, 2026-11-04) count as one absence"
	M1,2026-11-05,late,BAR-02,fine,30.00,"in 19:45, after 19:30"
	EOF
}

@test "BAR-03: early leaves count with the lates" {
	run lates 2 1
	assert_output "M1,2026-11,2,1,1,0,300.00,0.00,-300.00,active"
	run lates 1 3
	assert_output "M1,2026-11,1,3,1,0,330.00,0.00,-330.00,active"
	# A late and an early leave on the same night are two.
	printf 'staff,date,in,out\nM1,2026-11-02,19:45,00:30\nM1,2026-11-03,19:45,01:30\n' > "$T/p.csv"
	run barfine --summary "$T/p.csv"
	assert_line --index 1 "M1,2026-11,2,1,1,0,300.00,0.00,-300.00,active,period inferred: 2026-11-02 to 2026-11-03"
}

@test "BAR-03: lates are counted per calendar month" {
	printf 'staff,date,in,out\nM1,2026-10-30,19:45,01:30\nM1,2026-10-31,19:45,01:30\nM1,2026-11-01,19:45,01:30\n' > "$T/p.csv"
	run --separate-stderr barfine --summary "$T/p.csv"
	assert_failure 1
	assert_output - <<-EOF
	$SUMMARY
	M1,2026-10,2,0,0,0,60.00,0.00,-60.00,active,period inferred: 2026-10-30 to 2026-10-31
	M1,2026-11,1,0,0,0,30.00,0.00,-30.00,active,period inferred: 2026-11-01 to 2026-11-01
	EOF
}

@test "BAR-03: nine lates are three absences: deemed to have resigned (BAR-05)" {
	run lates 9
	assert_output "M1,2026-11,9,0,3,0,900.00,0.00,-900.00,deemed_resigned"
}

@test "BAR-04: personal leave asked the day before is 200; asked on the day it is an absence" {
	cat > "$T/l.csv" <<-'EOF'
	staff,date,kind,requested_on,approved_by
	M1,2026-11-03,personal,2026-11-02,刘总监
	M2,2026-11-03,personal,2026-11-03,刘总监
	M3,2026-11-03,personal,2026-10-20,刘总监
	M4,2026-11-03,personal,2026-11-04,刘总监
	EOF
	run --separate-stderr barfine "$T/l.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-03,personal-leave,BAR-04,fine,200.00,"asked 2026-11-02, approved by 刘总监"
	M2,2026-11-03,absence,BAR-04,fine,300.00,"personal leave asked 2026-11-03, not a day ahead: counts as absence"
	M3,2026-11-03,personal-leave,BAR-04,fine,200.00,"asked 2026-10-20, approved by 刘总监"
	M4,2026-11-03,absence,BAR-04,fine,300.00,"personal leave asked 2026-11-04, not a day ahead: counts as absence"
	EOF
	assert_equal "$stderr" ""
	run barfine --summary "$T/l.csv"
	assert_line --index 1 "M1,2026-11,0,0,0,1,200.00,0.00,-200.00,active,period inferred: 2026-11-03 to 2026-11-03"
	assert_line --index 2 "M2,2026-11,0,0,1,0,300.00,0.00,-300.00,active,period inferred: 2026-11-03 to 2026-11-03"
}

@test "BAR-04: leave not approved or never asked is an absence (300), not a bad record" {
	# 二.2: leave counts only with the director's approval, asked a day ahead;
	# otherwise it is treated as absence.  An unknown kind is a bad record.
	cat > "$T/l.csv" <<-'EOF'
	staff,date,kind,requested_on,approved_by
	M1,2026-11-03,personal,2026-11-02,
	M2,2026-11-03,personal,,刘总监
	M3,2026-11-03,holiday,2026-11-02,刘总监
	M4,2026-11-03,special,,
	M5,2026-11-03,special,,刘总监
	EOF
	run --separate-stderr barfine "$T/l.csv"
	assert_failure 2
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-03,absence,BAR-04,fine,300.00,"personal leave asked 2026-11-02, not approved: counts as absence"
	M2,2026-11-03,absence,BAR-04,fine,300.00,"personal leave asked never, not a day ahead: counts as absence"
	M3,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/l.csv:4: statement withheld
	M4,2026-11-03,absence,BAR-04,fine,300.00,special leave not approved: counts as absence
	M5,2026-11-03,special-leave,BAR-04,leave,0.00,"special case, approved by 刘总监"
	EOF
	assert_equal "$stderr" "barfine: $T/l.csv:4: kind: expected one of rest, personal, special, found 'holiday'"
}

@test "BAR-04: two rest days a month are free; a third without approval is an absence" {
	cat > "$T/l.csv" <<-'EOF'
	staff,date,kind,requested_on,approved_by
	M1,2026-11-03,rest,,
	M1,2026-11-04,rest,2026-11-02,刘总监
	M1,2026-11-05,rest,2026-11-05,刘总监
	M2,2026-11-03,rest,2026-11-01,刘总监
	M2,2026-11-04,rest,2026-11-01,刘总监
	M2,2026-11-05,rest,2026-11-04,刘总监
	M3,2026-11-29,rest,2026-11-20,刘总监
	M3,2026-11-30,rest,2026-11-20,刘总监
	M3,2026-12-01,rest,,
	EOF
	run --separate-stderr barfine "$T/l.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-03,rest,BAR-04,leave,0.00,rest day 1 of the 2 free this month
	M1,2026-11-04,rest,BAR-04,leave,0.00,rest day 2 of the 2 free this month
	M1,2026-11-05,absence,BAR-04,fine,300.00,"rest day 3, beyond the 2 free, not approved a day ahead: counts as absence"
	M2,2026-11-03,rest,BAR-04,leave,0.00,rest day 1 of the 2 free this month
	M2,2026-11-04,rest,BAR-04,leave,0.00,rest day 2 of the 2 free this month
	M2,2026-11-05,personal-leave,BAR-04,fine,200.00,"rest day 3, beyond the 2 free: charged as personal leave (approved by 刘总监)"
	M3,2026-11-29,rest,BAR-04,leave,0.00,rest day 1 of the 2 free this month
	M3,2026-11-30,rest,BAR-04,leave,0.00,rest day 2 of the 2 free this month
	M3,2026-12-01,rest,BAR-04,leave,0.00,rest day 1 of the 2 free this month
	EOF
	assert_equal "$stderr" ""
}

@test "BAR-04: with rest_notice, a rest day too needs approval asked a day ahead (二.2)" {
	printf 'name,value\nrest_notice,yes\n' > "$T/r.csv"
	printf 'staff,date,kind,requested_on,approved_by\nM1,2026-11-03,rest,,\nM1,2026-11-04,rest,2026-11-03,刘总监\n' > "$T/l.csv"
	run --separate-stderr barfine --rules "$T/r.csv" "$T/l.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-03,absence,BAR-04,fine,300.00,"rest day asked never, not approved a day ahead: counts as absence"
	M1,2026-11-04,rest,BAR-04,leave,0.00,rest day 1 of the 2 free this month
	EOF
}

@test "BAR-04: a leave on a day with a punch, or twice, is an error" {
	printf 'staff,date,in,out\nM1,2026-11-03,19:00,01:30\n' > "$T/p.csv"
	printf 'staff,date,kind,requested_on,approved_by\nM1,2026-11-03,rest,,\nM2,2026-11-03,rest,,\nM2,2026-11-03,special,,王\n' > "$T/l.csv"
	run --separate-stderr barfine "$T/p.csv" "$T/l.csv"
	assert_failure 2
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/l.csv:2: statement withheld
	M2,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/l.csv:4: statement withheld
	EOF
	assert_equal "$stderr" "barfine: $T/l.csv:2: a leave for 'M1' on 2026-11-03, a day with a punch ($T/p.csv:2)
barfine: $T/l.csv:4: a second leave for 'M2' on 2026-11-03"
}

@test "BAR-05: a day without punch or leave between the first and last shift is an absence at 300" {
	printf 'staff,date,in,out\nM1,2026-11-02,19:00,01:30\nM1,2026-11-05,19:00,01:30\n' > "$T/p.csv"
	run --separate-stderr barfine "$T/p.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-03,absence,BAR-05,fine,300.00,no punch and no leave
	M1,2026-11-04,absence,BAR-05,fine,300.00,no punch and no leave
	EOF
	# --from and --to give the period instead.
	run --separate-stderr barfine --from 2026-11-01 --to 2026-11-05 --summary "$T/p.csv"
	assert_line --index 1 "M1,2026-11,0,0,3,0,900.00,0.00,-900.00,deemed_resigned,"
	run --separate-stderr barfine --from 2026-11-02 --summary "$T/p.csv"
	assert_line --index 1 "M1,2026-11,0,0,2,0,600.00,0.00,-600.00,active,period inferred: 2026-11-02 to 2026-11-05"
}

@test "BAR-05: the third absence of a month: deemed to have resigned, on its day" {
	printf 'staff,date,in,out\nM1,2026-11-02,19:00,01:30\nM1,2026-11-04,19:00,01:30\nM1,2026-11-06,19:00,01:30\n' > "$T/p.csv"
	run barfine --summary "$T/p.csv"
	assert_line --index 1 "M1,2026-11,0,0,2,0,600.00,0.00,-600.00,active,period inferred: 2026-11-02 to 2026-11-06"
	printf 'M1,2026-11-08,19:00,01:30\n' >> "$T/p.csv"
	run --separate-stderr barfine "$T/p.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-03,absence,BAR-05,fine,300.00,no punch and no leave
	M1,2026-11-05,absence,BAR-05,fine,300.00,no punch and no leave
	M1,2026-11-07,absence,BAR-05,fine,300.00,no punch and no leave
	M1,2026-11-07,deemed_resigned,BAR-05,status,,"3 absences this month: deemed to have resigned, wages and deposit forfeited"
	EOF
	run barfine --summary "$T/p.csv"
	assert_line --index 1 "M1,2026-11,0,0,3,0,900.00,0.00,-900.00,deemed_resigned,period inferred: 2026-11-02 to 2026-11-08"
}

@test "BAR-05: absences of two months do not add up" {
	printf 'staff,date,in,out\nM1,2026-10-29,19:00,01:30\nM1,2026-11-02,19:00,01:30\n' > "$T/p.csv"
	run barfine --summary "$T/p.csv"
	assert_output - <<-EOF
	$SUMMARY
	M1,2026-10,0,0,2,0,600.00,0.00,-600.00,active,period inferred: 2026-10-29 to 2026-10-31
	M1,2026-11,0,0,1,0,300.00,0.00,-300.00,active,period inferred: 2026-11-01 to 2026-11-02
	EOF
}

@test "BAR-06: leaving without permission 100; away over an hour both ways; a late return a late" {
	# away_over_hour both (the default): unauthorized-leave long is the 100 of
	# 三.8 and the absence (300) of 二.3; a late return away over an hour (it had
	# permission) is the absence alone.  11-03: 30 + 100 + 300 + 300 = 730.
	printf 'staff,date,in,out\nM1,2026-11-02,19:45,01:30\nM1,2026-11-03,19:00,01:30\n' > "$T/p.csv"
	cat > "$T/i.csv" <<-'EOF'
	staff,date,code,severity,amount,value,note
	M1,2026-11-02,unauthorized-leave,,,,
	M1,2026-11-03,late-return,,,,
	M1,2026-11-03,unauthorized-leave,long,,,
	M1,2026-11-03,late-return,long,,,
	EOF
	run --separate-stderr barfine "$T/p.csv" "$T/i.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-02,late,BAR-02,fine,30.00,"in 19:45, after 19:30"
	M1,2026-11-02,unauthorized-leave,BAR-06,fine,100.00,
	M1,2026-11-03,late,BAR-06,fine,30.00,returned after the permitted time: counts as a late
	M1,2026-11-03,unauthorized-leave,BAR-06,fine,100.00,left the premises without permission
	M1,2026-11-03,absence,BAR-06,fine,300.00,away more than an hour: counts as absence
	M1,2026-11-03,absence,BAR-06,fine,300.00,away more than an hour: counts as absence
	EOF
	assert_equal "$stderr" ""
	# away_over_hour absence: the absence alone, 100 less.
	printf 'name,value\naway_over_hour,absence\n' > "$T/r.csv"
	run --separate-stderr barfine --rules "$T/r.csv" --summary "$T/p.csv" "$T/i.csv"
	assert_failure 1
	# lates 11-02, 11-03 (late return); absences 2: 30+30+100+600 = 760.
	assert_line --index 1 "M1,2026-11,2,0,2,0,760.00,0.00,-760.00,active,period inferred: 2026-11-02 to 2026-11-03"
	run --separate-stderr barfine --summary "$T/p.csv" "$T/i.csv"
	assert_line --index 1 "M1,2026-11,2,0,2,0,860.00,0.00,-860.00,active,period inferred: 2026-11-02 to 2026-11-03"
	printf 'name,value\naway_over_hour,sometimes\n' > "$T/r.csv"
	run --separate-stderr barfine --rules "$T/r.csv" "$T/p.csv"
	assert_failure 2
	assert_equal "$stderr" "barfine: $T/r.csv:2: away_over_hour: expected both or absence, found 'sometimes'"
}

@test "BAR-07..12: each incident code at both ends of its range and just outside it" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	run check_incidents <<-'EOF'
	appearance,,50, => 50.00 1
	appearance,,, => 50.00 1
	appearance,,49.99, => error 2
	appearance,,50.01, => error 2
	unauthorized-leave,,100, => 100.00 1
	unauthorized-leave,,99.99, => error 2
	unauthorized-leave,,100.01, => error 2
	task-undone,low,, => 50.00 1
	task-undone,high,, => 200.00 1
	task-undone,,50, => 50.00 1
	task-undone,,200, => 200.00 1
	task-undone,,49.99, => error 2
	task-undone,,200.01, => error 2
	task-undone,,, => error 2
	impolite,low,, => 50.00 1
	impolite,high,, => 200.00 1
	impolite,,50.00, => 50.00 1
	impolite,,200.00, => 200.00 1
	impolite,,49.99, => error 2
	impolite,,200.01, => error 2
	impolite,complaint,, => 200.00 1
	impolite,投诉,, => 200.00 1
	disobey,low,, => 50.00 1
	disobey,high,, => 200.00 1
	disobey,,49.99, => error 2
	disobey,,200.01, => error 2
	customer-lost,low,, => 100.00 1
	customer-lost,high,, => 300.00 1
	customer-lost,,100, => 100.00 1
	customer-lost,,300, => 300.00 1
	customer-lost,,99.99, => error 2
	customer-lost,,300.01, => error 2
	service-unmet,,, => 100.00 1
	service-unmet,,99.99, => error 2
	service-unmet,,100.01, => error 2
	quarrel,,100, => 100.00 1
	quarrel,,99.99, => error 2
	quarrel,,100.01, => error 2
	tip,,, => 200.00 1
	tip,,199.99, => error 2
	tip,,,99.99 => 200.00 1
	tip,,,100 => 200.00 1
	tip,,,150 => 300.00 1
	tip,low,,150 => 300.00 1
	tip,,299.99,150 => error 2
	tip,,300,150 => 300.00 1
	tip,,5000,150 => 5000.00 1
	tip,high,,150 => error 2
	damage,,,80 => 160.00 1
	damage,,160,80 => 160.00 1
	damage,,159.99,80 => error 2
	damage,,1000,80 => 1000.00 1
	damage,,, => error 2
	found-property,low,, => 50.00 0
	found-property,high,, => 500.00 0
	found-property,,49.99, => error 2
	found-property,,500.01, => error 2
	praise,low,, => 100.00 0
	praise,high,, => 500.00 0
	praise,,99.99, => error 2
	praise,,500.01, => error 2
	suggestion,low,, => 50.00 0
	suggestion,high,, => 200.00 0
	suggestion,,49.99, => error 2
	suggestion,,200.01, => error 2
	contribution,low,, => 200.00 0
	contribution,high,, => 500.00 0
	contribution,,199.99, => error 2
	contribution,,500.01, => error 2
	whistleblow,low,, => 100.00 0
	whistleblow,high,, => 500.00 0
	whistleblow,,99.99, => error 2
	whistleblow,,500.01, => error 2
	拾金不昧,重,, => 500.00 0
	EOF
	assert_success
	assert_output ""
}

@test "BAR-08: an amount outside the range names the value, the range and the code" {
	printf 'staff,date,code,severity,amount,value,note\nM1,2026-11-02,disobey,,500.00,,\nM1,2026-11-03,disobey,,,,\nM1,2026-11-04,disobey,high,150,,\nM1,2026-11-05,disobey,severe,,,\n' > "$T/i.csv"
	run --separate-stderr barfine "$T/i.csv"
	assert_failure 2
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-01,incomplete,BAR-13,status,,bad records at $T/i.csv:2 and 3 more: statement withheld
	EOF
	assert_equal "$stderr" "barfine: $T/i.csv:2: amount '500.00' outside 50.00–200.00 for code 'disobey'
barfine: $T/i.csv:3: code 'disobey' needs severity low or high, or an amount within 50.00–200.00
barfine: $T/i.csv:4: give severity or amount for code 'disobey', not both
barfine: $T/i.csv:5: severity: expected one of low, high, complaint, long, found 'severe'"
}

@test "BAR-09, BAR-10: tips and damage say how the amount was found" {
	printf 'staff,date,code,severity,amount,value,note\nM1,2026-11-02,tip,,,150,\nM1,2026-11-02,damage,,,80.50,打碎酒杯\nM1,2026-11-02,tip,,,,\n' > "$T/i.csv"
	run --separate-stderr barfine "$T/i.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-02,tip,BAR-09,fine,300.00,"max(200.00, 2 × tip 150.00)"
	M1,2026-11-02,damage,BAR-10,fine,161.00,2 × value 80.50; 打碎酒杯
	M1,2026-11-02,tip,BAR-09,fine,200.00,
	EOF
}

@test "BAR-11: fight and vice dismiss, romance is flagged; none takes an amount" {
	cat > "$T/i.csv" <<-'EOF'
	staff,date,code,severity,amount,value,note
	M1,2026-11-02,fight,,,,
	M2,2026-11-02,vice,,,,赌博
	M3,2026-11-02,romance,,,,与M4
	M4,2026-11-02,fight,,100,,
	EOF
	run --separate-stderr barfine --summary "$T/i.csv"
	assert_failure 2
	assert_output - <<-EOF
	$SUMMARY
	M1,2026-11,0,0,0,0,0.00,0.00,0.00,dismissed,no punch or leave this month: no absences counted
	M2,2026-11,0,0,0,0,0.00,0.00,0.00,dismissed,no punch or leave this month: no absences counted
	M3,2026-11,0,0,0,0,0.00,0.00,0.00,active,no punch or leave this month: no absences counted
	M4,2026-11,,,,,,,,incomplete,a bad record at $T/i.csv:5: statement withheld
	EOF
	assert_equal "$stderr" "barfine: $T/i.csv:5: code 'fight' gives a status, not an amount: leave severity and amount empty"
	sed -i '$d' "$T/i.csv"
	run --separate-stderr barfine "$T/i.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-02,fight,BAR-11,status,,dismissed without pay
	M2,2026-11-02,vice,BAR-11,status,,dismissed; 赌博
	M3,2026-11-02,romance,BAR-11,status,,"flagged: one of the two is let go, for the director to decide; 与M4"
	EOF
}

@test "BAR-11: dismissal outranks deemed resignation" {
	printf 'staff,date,in,out\nM1,2026-11-02,19:00,01:30\nM1,2026-11-06,19:00,01:30\n' > "$T/p.csv"
	printf 'staff,date,code\nM1,2026-11-06,fight\n' > "$T/i.csv"
	run barfine --summary "$T/p.csv" "$T/i.csv"
	assert_line --index 1 "M1,2026-11,0,0,3,0,900.00,0.00,-900.00,dismissed,period inferred: 2026-11-02 to 2026-11-06"
}

@test "BAR-12: more than five bookings in a shift earn 50; five do not" {
	{
		echo staff,date,table,amount
		for t in 1 2 3 4 5; do echo "M1,2026-11-02,A$t,1000"; done
		for t in 1 2 3 4 5 6; do echo "M2,2026-11-02,A$t,1000"; done
		for t in 1 2 3 4 5 6; do echo "M3,2026-11-02,A$t,"; done
	} > "$T/b.csv"
	run --separate-stderr barfine "$T/b.csv"
	assert_success
	assert_output - <<-EOF
	$LEDGER
	M2,2026-11-02,bookings,BAR-12,reward,50.00,"6 bookings in the shift (more than 5), total 6000.00"
	M3,2026-11-02,bookings,BAR-12,reward,50.00,"6 bookings in the shift (more than 5), total 0.00"
	EOF
	assert_equal "$stderr" ""
}

@test "BAR-12: a rules file sets tiers by the bookings' total" {
	printf 'name,value\nbookings_tier,5000:100\nbookings_tier,10000:200\n' > "$T/r.csv"
	{
		echo staff,date,table,amount
		for t in 1 2 3 4 5 6; do echo "M1,2026-11-02,A$t,800"; done
		for t in 1 2 3 4 5 6; do echo "M2,2026-11-02,A$t,1000"; done
		for t in 1 2 3 4 5 6; do echo "M3,2026-11-02,A$t,2000"; done
	} > "$T/b.csv"
	run --separate-stderr barfine --summary -r "$T/r.csv" "$T/b.csv"
	assert_success
	assert_output - <<-EOF
	$SUMMARY
	M1,2026-11,0,0,0,0,0.00,50.00,50.00,active,no punch or leave this month: no absences counted
	M2,2026-11,0,0,0,0,0.00,100.00,100.00,active,no punch or leave this month: no absences counted
	M3,2026-11,0,0,0,0,0.00,200.00,200.00,active,no punch or leave this month: no absences counted
	EOF
}

@test "barfine: --rules overrides times, conversion, rest days and amounts" {
	run --separate-stderr barfine --month 2026-11 $FILES --rules "$TD/bar-rules.csv" --summary
	assert_failure 1
	assert_output - <<-EOF
	$SUMMARY
	M01,2026-11,0,1,0,0,30.00,400.00,370.00,active,period inferred: 2026-11-02 to 2026-11-08
	M02,2026-11,0,5,0,1,450.00,0.00,-450.00,active,period inferred: 2026-11-02 to 2026-11-08
	M03,2026-11,0,3,3,0,1290.00,0.00,-1290.00,deemed_resigned,period inferred: 2026-11-02 to 2026-11-08
	M04,2026-11,0,4,0,0,420.00,0.00,-420.00,dismissed,period inferred: 2026-11-02 to 2026-11-08
	EOF
	assert_equal "$stderr" ""
	printf 'name,value\nin_by,19:00\nout_from,02:00\nlate,50\nabsence,500\nlates_per_absence,2\nabsences_to_resign,0\n' > "$T/r.csv"
	run --separate-stderr barfine --rules "$T/r.csv" --summary "$TD/bar-punches.csv"
	assert_failure 1
	# M02: 6 lates and 5 early leaves are 5 absences and an early leave at 30;
	# 11-07 (no leave file) is the sixth absence.  None makes her resign.
	assert_line --index 2 "M02,2026-11,6,5,6,0,3030.00,0.00,-3030.00,active,period inferred: 2026-11-02 to 2026-11-08"
	assert_line --index 3 "M03,2026-11,4,4,7,0,3500.00,0.00,-3500.00,active,period inferred: 2026-11-02 to 2026-11-08"
}

@test "barfine: --codes lists every code with its rule and amounts, as the rules set them" {
	run --separate-stderr barfine --codes
	assert_success
	assert_equal "${#lines[@]}" 34
	assert_line --index 0 "code,rule,kind,min,max,how"
	assert_line --index 1 "late,BAR-02,fine,30.00,30.00,\"in after 19:30, or no in punch; 3 make an absence (BAR-03)\""
	assert_line --index 12 "task-undone,BAR-08,fine,50.00,200.00,severity low/high or an amount in the range"
	assert_line --index 18 "tip,BAR-09,fine,200.00,,\"max(minimum, 2 x the tip's value), or more\""
	run --separate-stderr barfine --codes --rules "$TD/bar-rules.csv"
	assert_line --index 1 "late,BAR-02,fine,30.00,30.00,\"in after 20:00, or no in punch; 0 make an absence (BAR-03)\""
	assert_line --index 14 "disobey,BAR-08,fine,100.00,300.00,severity low/high or an amount in the range"
}

@test "barfine: a bad rules file is reported with FILE:LINE and nothing is read" {
	cat > "$T/r.csv" <<-'EOF'
	name,value
	in_by,7.30pm
	lates_per_absence,-1
	bogus,1
	late,20-40
	fight,100
	disobey,300-100
	appearance,60
	appearance,70
	rest_notice,maybe
	bookings_tier,5000
	EOF
	run --separate-stderr barfine --rules "$T/r.csv" $FILES
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "$(cat <<-EOF
	barfine: $T/r.csv:2: in_by: expected a time (HH:MM), found '7.30pm'
	barfine: $T/r.csv:3: lates_per_absence: expected a whole number from 0 to 31, found '-1'
	barfine: $T/r.csv:4: name: unknown setting or code 'bogus'
	barfine: $T/r.csv:5: late: expected an amount in yuan, found '20-40'
	barfine: $T/r.csv:6: 'fight' has no amount of its own to set
	barfine: $T/r.csv:7: disobey: expected an amount or a range (50-200) in yuan, found '300-100'
	barfine: $T/r.csv:9: 'appearance' is set twice (first on line 8)
	barfine: $T/r.csv:10: rest_notice: expected yes or no, found 'maybe'
	barfine: $T/r.csv:11: bookings_tier: expected AMOUNT:REWARD in yuan (a shift's bookings total and its reward), found '5000'
	EOF
	)"
	printf 'name,value\nin_by,02:00\n' > "$T/r.csv"
	run --separate-stderr barfine --rules "$T/r.csv" $FILES
	assert_failure 2
	assert_equal "$stderr" "barfine: $T/r.csv: in_by must come before out_from on the clock of a shift (which ends at day_end)"
	run --separate-stderr barfine --rules "$T/none.csv" $FILES
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "barfine: $T/none.csv: No such file or directory"
	printf 'setting,amount\nlate,30\n' > "$T/r.csv"
	run --separate-stderr barfine --rules "$T/r.csv" $FILES
	assert_failure 2
	assert_equal "$stderr" "barfine: $T/r.csv: a rules file needs the columns name and value"
}

@test "barfine: a row from the previous month is left out with a note, not an error" {
	# A time-clock export for November that starts with October's last night
	# and ends with December's first: each is left out with one note; M2's
	# November is charged as usual (11-30 on time: nothing), exit 1 for M1's
	# late (30).
	printf 'staff,date,in,out\nM1,2026-10-31,19:00,01:30\nM1,2026-11-30,19:45,02:00\nM2,2026-12-01,19:00,01:30\nM2,2026-11-30,19:00,01:30\n' > "$T/p.csv"
	printf 'staff,date,code\nM1,2026-10-31,appearance\n' > "$T/i.csv"
	run --separate-stderr barfine --month 2026-11 "$T/p.csv" "$T/i.csv"
	assert_failure 1
	assert_output "$(printf '%s\nM1,2026-11-30,late,BAR-02,fine,30.00,"in 19:45, after 19:30"' "$LEDGER")"
	assert_equal "$stderr" "barfine: $T/p.csv:2: note: 2026-10-31 is outside --month 2026-11: left out
barfine: $T/p.csv:4: note: 2026-12-01 is outside --month 2026-11: left out
barfine: $T/i.csv:2: note: 2026-10-31 is outside --month 2026-11: left out"
	run --separate-stderr barfine --month 2026-11 --to 2026-11-20 "$T/p.csv"
	assert_success
	assert_equal "${stderr_lines[1]}" "barfine: $T/p.csv:3: note: 2026-11-30 is outside --month 2026-11 --to 2026-11-20: left out"
}

@test "barfine: an unknown incident code is an error naming it" {
	printf 'staff,date,code\nM1,2026-11-02,singing\nM1,2026-11-02,late\nM2,2026-11-02,quarrel\n' > "$T/i.csv"
	run --separate-stderr barfine "$T/i.csv"
	assert_failure 2
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-01,incomplete,BAR-13,status,,bad records at $T/i.csv:2 and 1 more: statement withheld
	M2,2026-11-02,quarrel,BAR-09,fine,100.00,
	M2,2026-11-02,quarrel,BAR-14,warning,0.00,quarrel 1: a warning; quarrel 2 means dismissal
	EOF
	assert_equal "$stderr" "barfine: $T/i.csv:2: code: unknown incident code 'singing' (barfine --codes lists them)
barfine: $T/i.csv:3: code: 'late' comes from the punches, leave and bookings, not from incidents"
}

@test "barfine: an unknown header is an error, and no statement is written" {
	printf 'who,when,what\nM1,2026-11-02,x\n' > "$T/u.csv"
	run --separate-stderr barfine "$TD/bar-punches.csv" "$T/u.csv"
	assert_failure 2
	assert_output "$LEDGER"
	assert_equal "$stderr" "barfine: $T/u.csv:1: unknown header 'who,when,what': expected punches (staff,date,in,out), leave (staff,date,kind,requested_on,approved_by), bookings (staff,date,table,amount) or incidents (staff,date,code,severity,amount,value,note)"
	printf 'staff,date,in,code\n' > "$T/u.csv"
	run --separate-stderr barfine "$T/u.csv"
	assert_equal "$stderr" "barfine: $T/u.csv:1: the header mixes punch and incident columns ('in' and 'code'): one record type per file"
	printf 'staff,date,out\n' > "$T/u.csv"
	run --separate-stderr barfine "$T/u.csv"
	assert_equal "$stderr" "barfine: $T/u.csv:1: a punch file needs the column 'in'"
}

@test "barfine: a record lost without knowing whose withholds every statement" {
	printf 'staff,date,in,out\nM1,2026-11-02,19:45,01:30\n,2026-11-02,19:00,01:30\n' > "$T/p.csv"
	run --separate-stderr barfine "$T/p.csv"
	assert_failure 2
	assert_output "$LEDGER"
	assert_equal "$stderr" "barfine: $T/p.csv:3: staff: expected a staff id, found ''"
	printf 'staff,date,in,out\nM1,2026-11-02,19:45,01:30\nM2,2026-11-02,19:00,01:30,extra\n' > "$T/p.csv"
	run --separate-stderr barfine "$T/p.csv"
	assert_failure 2
	assert_output "$LEDGER"
	assert_equal "$stderr" "barfine: $T/p.csv:3: expected 4 fields as in the header, found 5"
}

@test "barfine: --strict stops at the first bad record, with no statement" {
	printf 'staff,date,in,out\nM1,2026-11-02,19:45,01:30\nM2,2026-11-02,7pm,01:30\nM3,2026-11-02,8pm,01:30\n' > "$T/p.csv"
	run --separate-stderr barfine --strict "$T/p.csv" "$T/p.csv"
	assert_failure 2
	assert_output "$LEDGER"
	assert_equal "$stderr" "barfine: $T/p.csv:3: in: expected a time (HH:MM) or a date-time, found '7pm'"
}

@test "barfine: Chinese headers, dates and codes; a GBK file from WPS" {
	printf '%s\r\n' '工号,日期,上班打卡,下班打卡' 'M1,2026年11月2日,19:40,01:30' 'M1,2026/11/3,19:20,00:50' |
		iconv -f UTF-8 -t GBK > "$T/打卡.csv"
	printf '%s\r\n' '员工,日期,项目,情节,金额,价值,备注' 'M1,2026-11-03,不服从安排,轻,,,顶撞领班' |
		iconv -f UTF-8 -t GBK > "$T/奖惩.csv"
	printf '员工,日期,假别,申请日期,批准人\nM1,2026-11-04,事假,2026-11-01,刘总监\n' > "$T/请假.csv"
	run --separate-stderr barfine "$T/打卡.csv" "$T/奖惩.csv" "$T/请假.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-02,late,BAR-02,fine,30.00,"in 19:40, after 19:30"
	M1,2026-11-03,early-leave,BAR-02,fine,30.00,"out 00:50, before 01:00"
	M1,2026-11-03,disobey,BAR-08,fine,50.00,low end of 50.00–200.00; 顶撞领班
	M1,2026-11-04,personal-leave,BAR-04,fine,200.00,"asked 2026-11-01, approved by 刘总监"
	EOF
	assert_equal "$stderr" ""
}

@test "barfine: JSON Lines in, numbers read as strings or numbers" {
	cat > "$T/p.jsonl" <<-'EOF'
	{"staff":"M1","date":"2026-11-02","in":"19:45","out":"01:30"}
	{"staff":"M1","date":"2026-11-03","in":"19:00","out":null}
	EOF
	printf '{"staff":"M1","date":"2026-11-03","code":"damage","value":80.5}\n' > "$T/i.jsonl"
	run --separate-stderr barfine --json "$T/p.jsonl" "$T/i.jsonl"
	assert_failure 1
	assert_output - <<-'EOF'
	{"staff":"M1","date":"2026-11-02","code":"late","rule":"BAR-02","kind":"fine","amount":30.00,"note":"in 19:45, after 19:30"}
	{"staff":"M1","date":"2026-11-03","code":"early-leave","rule":"BAR-02","kind":"fine","amount":30.00,"note":"no out punch"}
	{"staff":"M1","date":"2026-11-03","code":"damage","rule":"BAR-10","kind":"fine","amount":161.00,"note":"2 × value 80.50"}
	EOF
}

@test "barfine: --otable aligns the statement, CJK two columns wide" {
	run --separate-stderr barfine --month 2026-11 $FILES --summary --otable --zh
	assert_failure 1
	assert_line --index 0 "员工  月份     迟到  早退  旷工  事假天数  罚款合计  奖励合计  净额      状态          说明"
	assert_line --index 3 "M03   2026-11     0     1     3         0   1130.00      0.00  -1130.00  视为自动离职  期间按记录推定：2026-11-02至2026-11-08"
}

@test "barfine: files in any order, staff in id order, months in order" {
	run --separate-stderr barfine --month 2026-11 "$TD/bar-incidents.csv" "$TD/bar-bookings.csv" "$TD/bar-leave.csv" "$TD/bar-punches.csv"
	assert_failure 1
	assert_output "$(barfine --month 2026-11 $FILES)"
}

@test "barfine: usage errors exit 2 with a hint" {
	cd "$T"
	run bash -c '
		while IFS= read -r args; do
			barfine $args < /dev/null > out 2> err; status=$?
			[ $status = 2 ] || echo "barfine $args: exit $status, want 2"
			[ -s out ] && echo "barfine $args: wrote to stdout"
			grep -q "^Try '\''barfine --help'\''" err || echo "barfine $args: no hint: $(cat err)"
		done <<-EOF
		--bogus
		-x
		-m
		--rules
		--month 2026-13
		--month 2026-11-01
		--month november
		--from 2026-11-31
		--to yesterday
		--from 2026-11-05 --to 2026-11-01
		--month 2026-11 --from 2026-10-31
		--month 2026-11 --to 2026-12-01
		--encoding latin1
		--summary=yes
		EOF
	'
	assert_success
	assert_output ""
	run --separate-stderr barfine --month 2026/11
	assert_failure 2
	assert_equal "$stderr" "barfine: --month: expected a month (YYYY-MM), found '2026/11'
Try 'barfine --help' for more information."
}

@test "barfine: a missing file is an error, and no statement is written" {
	run --separate-stderr barfine "$T/nope.csv"
	assert_failure 2
	assert_output "$LEDGER"
	assert_equal "$stderr" "barfine: $T/nope.csv: No such file or directory"
	run --separate-stderr barfine $FILES "$T/nope.csv"
	assert_failure 2
	assert_output "$LEDGER"
	assert_equal "$stderr" "barfine: $T/nope.csv: No such file or directory"
}

@test "barfine: - and no operands read standard input" {
	run --separate-stderr bash -c 'barfine < "$1"' _ "$TD/bar-punches.csv"
	assert_failure 1
	assert_output "$(barfine "$TD/bar-punches.csv")"
	run --separate-stderr bash -c 'barfine "$1" - "$2" < "$3"' _ "$TD/bar-punches.csv" "$TD/bar-bookings.csv" "$TD/bar-incidents.csv"
	assert_failure 1
	assert_output "$(barfine "$TD/bar-punches.csv" "$TD/bar-incidents.csv" "$TD/bar-bookings.csv")"
	run --separate-stderr bash -c 'printf "staff,date,in,out\nM1,2026-11-02,x,01:30\n" | barfine -'
	assert_failure 2
	assert_equal "$stderr" "barfine: (stdin):2: in: expected a time (HH:MM) or a date-time, found 'x'"
}

@test "barfine: empty input gives the header alone, status 0" {
	run --separate-stderr barfine < /dev/null
	assert_success
	assert_output "$LEDGER"
	assert_equal "$stderr" ""
	run --separate-stderr barfine --summary < /dev/null
	assert_success
	assert_output "$SUMMARY"
	head -1 "$TD/bar-punches.csv" > "$T/h.csv"
	run --separate-stderr barfine "$T/h.csv" /dev/null
	assert_success
	assert_output "$LEDGER"
	run --separate-stderr barfine --ojson < /dev/null
	assert_success
	assert_output ""
}

@test "barfine: no final newline, CRLF and a BOM are read" {
	printf '\357\273\277staff,date,in,out\r\nM1,2026-11-02,19:31,01:30\r\nM1,2026-11-03,19:00,00:59' > "$T/p.csv"
	run --separate-stderr barfine "$T/p.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-02,late,BAR-02,fine,30.00,"in 19:31, after 19:30"
	M1,2026-11-03,early-leave,BAR-02,fine,30.00,"out 00:59, before 01:00"
	EOF
	assert_equal "$stderr" ""
}

@test "barfine: exit 0 with rewards only or nothing to report, 1 with any fine or status" {
	printf 'staff,date,in,out\nM1,2026-11-02,19:00,01:30\n' > "$T/p.csv"
	run barfine "$T/p.csv"
	assert_success
	printf 'staff,date,code,severity\nM1,2026-11-02,praise,low\n' > "$T/i.csv"
	run barfine "$T/p.csv" "$T/i.csv"
	assert_success
	printf 'M1,2026-11-02,romance,\n' >> "$T/i.csv"
	run barfine "$T/p.csv" "$T/i.csv"
	assert_failure 1
}

@test "barfine: a failed write exits 2" {
	run --separate-stderr bash -c 'barfine $1 > /dev/full' _ "$FILES"
	assert_failure 2
	assert_regex "$stderr" "^barfine: write error"
	run bash -c 'barfine --summary $1 > /dev/full' _ "$FILES"
	assert_failure 2
	run bash -c 'barfine --otable $1 > /dev/full' _ "$FILES"
	assert_failure 2
	run bash -c 'barfine --codes > /dev/full'
	assert_failure 2
	run bash -c 'barfine --help > /dev/full'
	assert_failure 2
}

@test "barfine: a closed pipe ends quietly with 0" {
	awk 'BEGIN { print "staff,date,in,out"
		for (s = 1; s <= 300; s++) for (d = 2; d <= 10; d++) printf "S%d,2026-11-%02d,19:45,00:30\n", s, d }' > "$T/many.csv"
	run --separate-stderr bash -c 'barfine "$1" | head -2; echo "${PIPESTATUS[0]}"' _ "$T/many.csv"
	assert_success
	assert_output "$(printf '%s\nS1,2026-11-02,late,BAR-03,fine,0.00,"in 19:45, after 19:30; counted in the absence of 2026-11-03"\n0' "$LEDGER")"
	assert_equal "$stderr" ""
	run --separate-stderr bash -c 'barfine --otable "$1" | head -1 > /dev/null; echo "${PIPESTATUS[0]}"' _ "$T/many.csv"
	assert_output "0"
	assert_equal "$stderr" ""
}

@test "barfine: --help and --version" {
	run --separate-stderr barfine --help
	assert_success
	assert_line --index 0 "Usage: barfine [--month YYYY-MM] [--rules FILE] [--summary] [options] [FILE...]"
	assert_output --partial "--codes"
	assert_output --partial "--encoding ENC"
	assert_equal "$stderr" ""
	run --separate-stderr barfine -V
	assert_success
	assert_output --regexp '^barfine \(crm toolkit\) [0-9]'
}

# --- issue 16: employment periods, real time-clock exports, fail closed -------

# roster [IDS]: of M1 hired long ago, M2 hired on the 28th, M3 left on the
# 15th, those named (default all three).
roster() {
	printf 'staff,name,hired_on,left_on\nM1,张三,2025-03-01,\nM2,李四,2026-11-28,\nM3,王五,2024-01-01,2026-11-15\n' |
		grep -E "^(staff|${1:-M1|M2|M3})," > "$T/roster.csv"
}

@test "BAR-05: --roster: the walk-off on the 3rd is absent every day after, and deemed resigned" {
	# M1 works 11-01 and 11-02 and never comes back.  Expected at work every
	# day of November: absences 11-03, 11-04, 11-05 (3 x 300 = 900); the third
	# makes him deemed to have resigned on 11-05, and no absence is charged
	# after it.  Without the roster he would have 0 absences and exit 0.
	roster M1
	printf 'staff,date,in,out\nM1,2026-11-01,19:20,01:30\nM1,2026-11-02,19:20,01:30\n' > "$T/p.csv"
	run --separate-stderr barfine --month 2026-11 --roster "$T/roster.csv" "$T/p.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-03,absence,BAR-05,fine,300.00,no punch and no leave
	M1,2026-11-04,absence,BAR-05,fine,300.00,no punch and no leave
	M1,2026-11-05,absence,BAR-05,fine,300.00,no punch and no leave
	M1,2026-11-05,deemed_resigned,BAR-05,status,,"3 absences this month: deemed to have resigned, wages and deposit forfeited"
	EOF
	assert_equal "$stderr" ""
	run --separate-stderr barfine --month 2026-11 "$T/p.csv" --summary
	assert_success
	assert_output "$(printf '%s\nM1,2026-11,0,0,0,0,0.00,0.00,0.00,active,period inferred: 2026-11-01 to 2026-11-02' "$SUMMARY")"
}

@test "BAR-05: --roster: the hire on the 28th is expected from the 28th only" {
	# M2 (hired 11-28) punches 28, 29, 30 on time: no absence; with
	# --from 2026-11-01 and no roster he would be absent from the 1st and
	# deemed resigned on the 3rd (3 x 300; none charged after).  M1, on the roster, has no record at all in November: absent
	# 11-01, 11-02, 11-03 (900) and deemed resigned on the 3rd.
	roster 'M1|M2'
	printf 'staff,date,in,out\nM2,2026-11-28,19:25,01:10\nM2,2026-11-29,19:25,01:10\nM2,2026-11-30,19:25,01:10\n' > "$T/p.csv"
	run --separate-stderr barfine --month 2026-11 --from 2026-11-01 --roster "$T/roster.csv" --summary "$T/p.csv"
	assert_failure 1
	assert_output - <<-EOF
	$SUMMARY
	M1,2026-11,0,0,3,0,900.00,0.00,-900.00,deemed_resigned,
	M2,2026-11,0,0,0,0,0.00,0.00,0.00,active,
	EOF
	run --separate-stderr barfine --month 2026-11 --from 2026-11-01 --summary "$T/p.csv"
	assert_line --index 1 "M2,2026-11,0,0,3,0,900.00,0.00,-900.00,deemed_resigned,period inferred: 2026-11-01 to 2026-11-30"
}

@test "BAR-05: --roster: a leaver on the 15th is not absent after, and a punch after is not charged" {
	# M3 (left_on 11-15) punches 11-01..11-13 on time, skips 14 and 15
	# (2 absences, 600, still active), and punches late on 11-20, after
	# leaving: not charged, noted.  M1 has no record: absent from the 1st.
	roster 'M1|M3'
	awk 'BEGIN { print "staff,date,in,out"; for (d = 1; d <= 13; d++) printf "M3,2026-11-%02d,19:00,01:30\n", d
		print "M3,2026-11-20,20:00,01:30" }' > "$T/p.csv"
	run --separate-stderr barfine --month 2026-11 --roster "$T/roster.csv" --summary "$T/p.csv"
	assert_failure 1
	assert_line --index 2 "M3,2026-11,0,0,2,0,600.00,0.00,-600.00,active,\"punched outside the employment: 1 shift from 2026-11-20, not charged\""
	run --separate-stderr barfine --month 2026-11 --roster "$T/roster.csv" "$T/p.csv"
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-01,absence,BAR-05,fine,300.00,no punch and no leave
	M1,2026-11-02,absence,BAR-05,fine,300.00,no punch and no leave
	M1,2026-11-03,absence,BAR-05,fine,300.00,no punch and no leave
	M1,2026-11-03,deemed_resigned,BAR-05,status,,"3 absences this month: deemed to have resigned, wages and deposit forfeited"
	M3,2026-11-14,absence,BAR-05,fine,300.00,no punch and no leave
	M3,2026-11-15,absence,BAR-05,fine,300.00,no punch and no leave
	EOF
}

@test "BAR-05: --roster: Chinese headers and id/hired/left; a bad roster stops before any output" {
	printf '工号,姓名,入职日期,离职日期\nM1,张三,2026-11-03,\n' > "$T/r1.csv"
	printf 'id,hired,left\nM1,2026-11-03,\n' > "$T/r2.csv"
	printf 'staff,date,in,out\nM1,2026-11-03,19:00,01:30\nM1,2026-11-05,19:00,01:30\n' > "$T/p.csv"
	# Expected from the 3rd (hired) to the 30th: absent 4, 6, 7 -> deemed resigned on the 7th.
	run --separate-stderr barfine --month 2026-11 --roster "$T/r1.csv" --summary "$T/p.csv"
	assert_output "$(printf '%s\nM1,2026-11,0,0,3,0,900.00,0.00,-900.00,deemed_resigned,' "$SUMMARY")"
	run --separate-stderr barfine --month 2026-11 --roster "$T/r2.csv" --summary "$T/p.csv"
	assert_output "$(printf '%s\nM1,2026-11,0,0,3,0,900.00,0.00,-900.00,deemed_resigned,' "$SUMMARY")"
	printf 'staff,hired_on,left_on\nM1,2026-11-03,\nM1,2026-10-01,\nM2,2026-11-10,2026-11-01\nM3,soon,\n' > "$T/bad.csv"
	run --separate-stderr barfine --month 2026-11 --roster "$T/bad.csv" "$T/p.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "barfine: $T/bad.csv:3: 'M1' is on the roster twice
barfine: $T/bad.csv:4: left_on: 2026-11-01 is before hired_on
barfine: $T/bad.csv:5: hired_on: expected a date (YYYY-MM-DD), found 'soon'
barfine: $T/bad.csv: bad roster file; nothing was done"
	printf 'staff,hired_on,left_on\n' > "$T/empty.csv"
	run --separate-stderr barfine --roster "$T/empty.csv" "$T/p.csv"
	assert_failure 2
	assert_output ""
}

@test "BAR-13: fail closed: a manager not on the roster has an incomplete row" {
	# M9 is on the time clock but not on the roster: his month cannot be
	# judged; the row is there, figures empty, and the exit is 2.
	roster
	printf 'staff,date,in,out\nM2,2026-11-28,19:00,01:30\nM2,2026-11-29,19:00,01:30\nM2,2026-11-30,19:00,01:30\nM9,2026-11-02,19:00,01:30\nM9,2026-11-03,19:00,01:30\n' > "$T/p.csv"
	run --separate-stderr barfine --month 2026-11 --roster "$T/roster.csv" --summary "$T/p.csv"
	assert_failure 2
	assert_line --index 2 "M2,2026-11,0,0,0,0,0.00,0.00,0.00,active,"
	assert_line --index 4 "M9,2026-11,,,,,,,,incomplete,not on the roster $T/roster.csv: statement withheld"
	assert_equal "$stderr" "barfine: $T/p.csv:5: 'M9' is not on the roster $T/roster.csv"
}

@test "BAR-13: fail closed: a bad record leaves an incomplete row, empty totals, exit 2" {
	# M2's second night has the in punch '7.45pm': her November cannot be
	# added up, so neither the ledger nor the summary shows her totals; M1's
	# month is written (a late, 30).  A clerk paying from the summary sees
	# 'incomplete', not a partial 30.00.
	printf 'staff,date,in,out\nM1,2026-11-02,19:40,01:30\nM2,2026-11-02,19:45,01:30\nM2,2026-11-03,7.45pm,01:30\n' > "$T/p.csv"
	run --separate-stderr barfine --summary "$T/p.csv"
	assert_failure 2
	assert_output - <<-EOF
	$SUMMARY
	M1,2026-11,1,0,0,0,30.00,0.00,-30.00,active,period inferred: 2026-11-02 to 2026-11-02
	M2,2026-11,,,,,,,,incomplete,a bad record at $T/p.csv:4: statement withheld
	EOF
	assert_equal "$stderr" "barfine: $T/p.csv:4: in: expected a time (HH:MM) or a date-time, found '7.45pm'"
	run --separate-stderr barfine "$T/p.csv"
	assert_failure 2
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-02,late,BAR-02,fine,30.00,"in 19:40, after 19:30"
	M2,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/p.csv:4: statement withheld
	EOF
	run --separate-stderr barfine --summary --ojson "$T/p.csv"
	assert_line --index 1 '{"staff":"M2","month":"2026-11","lates":null,"early_leaves":null,"absences":null,"personal_leave_days":null,"fines":null,"rewards":null,"net":null,"status":"incomplete","note":"a bad record at '"$T"'/p.csv:4: statement withheld"}'
}

@test "BAR-11: a dismissal is carried into the next month: status left, no charges, punches reported" {
	# October: M1 fights on 10-20 (dismissed).  November's clock still has
	# him on 11-02 and 11-03; --history gives October's ledger.  His November
	# statement is 'left', no absence or late charged, and the punches are
	# reported (exit 1).  M2 (active) is charged as usual.
	printf 'staff,date,code\nM1,2026-10-20,fight\n' > "$T/oct-i.csv"
	barfine --month 2026-10 "$T/oct-i.csv" > "$T/oct.csv" || true
	printf 'staff,date,in,out\nM1,2026-11-02,20:00,01:30\nM1,2026-11-03,19:00,01:30\nM2,2026-11-02,19:00,01:30\n' > "$T/p.csv"
	run --separate-stderr barfine --month 2026-11 --history "$T/oct.csv" "$T/p.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-01,left,BAR-11,status,,"dismissed on 2026-10-20 (BAR-11, fight): no charges; still punching: 2 shifts from 2026-11-02"
	EOF
	assert_equal "$stderr" ""
	# The same from the incident book itself, and both months in one run.
	run --separate-stderr barfine --month 2026-11 --summary --history "$T/oct-i.csv" "$T/p.csv"
	assert_line --index 1 "M1,2026-11,0,0,0,0,0.00,0.00,0.00,left,\"dismissed on 2026-10-20 (BAR-11, fight): no charges; still punching: 2 shifts from 2026-11-02\""
	run --separate-stderr barfine --summary "$T/oct-i.csv" "$T/p.csv"
	assert_line --index 1 "M1,2026-10,0,0,0,0,0.00,0.00,0.00,dismissed,no punch or leave this month: no absences counted"
	assert_line --index 2 "M1,2026-11,0,0,0,0,0.00,0.00,0.00,left,\"dismissed on 2026-10-20 (BAR-11, fight): no charges; still punching: 2 shifts from 2026-11-02\""
	# A punch file is not history.
	run --separate-stderr barfine --month 2026-11 --history "$T/p.csv" "$T/p.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "barfine: $T/p.csv:1: --history: a punch file; history is earlier incidents or ledgers
barfine: $T/p.csv: bad history file; nothing was done"
}

@test "BAR-04: leave asked the same day is an absence; the rest of the month is still charged" {
	# A real office month: M1 works 11-02..11-06, asks for personal leave on
	# the morning of 11-05 for that day (approved by 刘总监 all the same):
	# 二.2 makes it an absence, 300, not an error.  11-06 late: 30.
	printf 'staff,date,in,out\nM1,2026-11-02,19:00,01:30\nM1,2026-11-03,19:00,01:30\nM1,2026-11-04,19:00,01:30\nM1,2026-11-06,19:40,01:30\n' > "$T/p.csv"
	printf 'staff,date,kind,requested_on,approved_by\nM1,2026-11-05,personal,2026-11-05,刘总监\n' > "$T/l.csv"
	run --separate-stderr barfine "$T/p.csv" "$T/l.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-05,absence,BAR-04,fine,300.00,"personal leave asked 2026-11-05, not a day ahead: counts as absence"
	M1,2026-11-06,late,BAR-02,fine,30.00,"in 19:40, after 19:30"
	EOF
	assert_equal "$stderr" ""
}

@test "BAR-04: with rest_notice, a refused rest day does not use up a free one" {
	# 11-03 asked on the day: refused, an absence (300).  11-04 and 11-05,
	# asked on 11-01 and approved, are the two free rest days (0.00); before
	# the fix the refused day used one up and 11-05 was a third (an absence).
	printf 'name,value\nrest_notice,yes\n' > "$T/r.csv"
	printf 'staff,date,kind,requested_on,approved_by\nM1,2026-11-03,rest,2026-11-03,刘总监\nM1,2026-11-04,rest,2026-11-01,刘总监\nM1,2026-11-05,rest,2026-11-01,刘总监\n' > "$T/l.csv"
	run --separate-stderr barfine --rules "$T/r.csv" "$T/l.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-03,absence,BAR-04,fine,300.00,"rest day asked 2026-11-03, not approved a day ahead: counts as absence"
	M1,2026-11-04,rest,BAR-04,leave,0.00,rest day 1 of the 2 free this month
	M1,2026-11-05,rest,BAR-04,leave,0.00,rest day 2 of the 2 free this month
	EOF
}

@test "BAR-03: early_leaves_count_as_lates no: early leaves are fined apart" {
	# 2 lates and 2 early leaves.  Default: 4 together, the first 3 one
	# absence (300) + 30 = 330.  With 'no': lates 2 x 30, early leaves 2 x 30
	# = 120, no absence.
	printf 'staff,date,in,out\nM1,2026-11-02,19:45,01:30\nM1,2026-11-03,19:00,00:30\nM1,2026-11-04,19:45,01:30\nM1,2026-11-05,19:00,00:30\n' > "$T/p.csv"
	run --separate-stderr barfine --summary "$T/p.csv"
	assert_line --index 1 "M1,2026-11,2,2,1,0,330.00,0.00,-330.00,active,period inferred: 2026-11-02 to 2026-11-05"
	printf 'name,value\nearly_leaves_count_as_lates,no\n' > "$T/r.csv"
	run --separate-stderr barfine --rules "$T/r.csv" --summary "$T/p.csv"
	assert_failure 1
	assert_line --index 1 "M1,2026-11,2,2,0,0,120.00,0.00,-120.00,active,period inferred: 2026-11-02 to 2026-11-05"
	# Three lates still make an absence.
	printf 'M1,2026-11-06,19:45,01:30\n' >> "$T/p.csv"
	run --separate-stderr barfine --rules "$T/r.csv" "$T/p.csv"
	assert_line --index 6 "M1,2026-11-06,absence,BAR-03,fine,300.00,\"3 lates (2026-11-02, 2026-11-04, 2026-11-06) count as one absence\""
}

@test "BAR-01: a real time-clock export: 部门 and 卡号 ignored with one note, times with spaces" {
	# A clock's export with Chinese headers and two columns barfine does not
	# use: one note, then the rows as usual.  ' 19:28 ' is 19:28 (on time);
	# 19:40 is late (30).
	printf '工号,姓名,部门,卡号,日期,上班打卡,下班打卡\nM1,张三,营销部,00123,2026-11-02, 19:28 ,01:30 \nM1,张三,营销部,00123,2026-11-03,19:40,01:30\n' > "$T/clock.csv"
	run --separate-stderr barfine "$T/clock.csv"
	assert_failure 1
	assert_output "$(printf '%s\nM1,2026-11-03,late,BAR-02,fine,30.00,"in 19:40, after 19:30"' "$LEDGER")"
	assert_equal "$stderr" "barfine: $T/clock.csv:1: note: ignored the columns '部门', '卡号', which a punch file does not use"
}

@test "BAR-01: a double punch pair is one shift, first in to last out; away over an hour is BAR-06" {
	# 11-02: 19:20-22:10 and 22:40-01:30: one shift 19:20-01:30, 30 min away:
	# nothing.  11-03: 19:25-21:00 and 22:30-01:05: away 90 min, more than an
	# hour: unauthorized-leave 100 and an absence 300 (away_over_hour both).
	cat > "$T/clock.csv" <<-'EOF'
	staff,date,in,out
	M1,2026-11-02,19:20,22:10
	M1,2026-11-02,22:40,01:30
	M1,2026-11-03,22:30,01:05
	M1,2026-11-03,19:25,21:00
	EOF
	run --separate-stderr barfine "$T/clock.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-03,unauthorized-leave,BAR-06,fine,100.00,left the premises without permission
	M1,2026-11-03,absence,BAR-06,fine,300.00,"out 21:00, back 22:30: away 90 min, more than an hour: counts as absence"
	EOF
	assert_equal "$stderr" ""
	# In and out on separate rows, as a clock logs them: one shift.
	printf 'staff,date,in,out\nM1,2026-11-02,19:20,\nM1,2026-11-02,,01:30\n' > "$T/clock.csv"
	run --separate-stderr barfine "$T/clock.csv"
	assert_success
	assert_output "$LEDGER"
}

@test "BAR-01: an out-punch at 06:10 is left out with a note pointing at day_end" {
	# day_end 06:00: an out at 06:10 the next morning is not in the shift; it
	# is left out (the shift has no out punch: an early leave, 30), with a
	# note, not an error.  With day_end 07:00 in the rules it counts.
	printf 'staff,date,in,out\nM1,2026-11-02,19:28,06:10\n' > "$T/p.csv"
	run --separate-stderr barfine "$T/p.csv"
	assert_failure 1
	assert_output "$(printf '%s\nM1,2026-11-02,early-leave,BAR-02,fine,30.00,no out punch' "$LEDGER")"
	assert_equal "$stderr" "barfine: $T/p.csv:2: note: out '06:10' is after day_end 06:00 the next morning: left out of the shift of 2026-11-02 (set day_end in the rules file for later shifts)"
	printf 'name,value\nday_end,07:00\n' > "$T/r.csv"
	run --separate-stderr barfine --rules "$T/r.csv" "$T/p.csv"
	assert_success
	assert_output "$LEDGER"
	assert_equal "$stderr" ""
}

# --- issue 21: BAR-14, 15, 16 ------------------------------------------------

@test "BAR-14: a first quarrel in October is a warning, the second in November dismissal" {
	# Each quarrel is fined 100 (BAR-09); the first is also a 0.00 warning,
	# the second (counted over the employment) dismisses on its day.
	printf 'staff,date,code,severity,amount,value,note\nM1,2026-10-12,quarrel,,,,与M2吵架\n' > "$T/oct-i.csv"
	printf 'staff,date,code,severity,amount,value,note\nM1,2026-11-05,quarrel,,,,又与M2吵架\n' > "$T/nov-i.csv"
	run --separate-stderr barfine --month 2026-10 "$T/oct-i.csv"
	assert_failure 1
	assert_output - <<-EOF
	$LEDGER
	M1,2026-10-12,quarrel,BAR-09,fine,100.00,与M2吵架
	M1,2026-10-12,quarrel,BAR-14,warning,0.00,quarrel 1: a warning; quarrel 2 means dismissal
	EOF
	barfine --month 2026-10 "$T/oct-i.csv" > "$T/oct.csv" || true
	# November with October's ledger, or its incident book, as history.
	for h in "$T/oct.csv" "$T/oct-i.csv"; do
		run --separate-stderr barfine --month 2026-11 --history "$h" "$T/nov-i.csv"
		assert_failure 1
		assert_output - <<-EOF
		$LEDGER
		M1,2026-11-05,quarrel,BAR-09,fine,100.00,又与M2吵架
		M1,2026-11-05,quarrel,BAR-14,status,,quarrel 2 of the employment: dismissed
		EOF
	done
	run --separate-stderr barfine --summary "$T/oct-i.csv" "$T/nov-i.csv"
	assert_line --index 1 "M1,2026-10,0,0,0,0,100.00,0.00,-100.00,active,no punch or leave this month: no absences counted"
	assert_line --index 2 "M1,2026-11,0,0,0,0,100.00,0.00,-100.00,dismissed,no punch or leave this month: no absences counted"
	# Without the history, November's quarrel is a first one: a warning.
	run --separate-stderr barfine --month 2026-11 "$T/nov-i.csv"
	assert_line --index 2 "M1,2026-11-05,quarrel,BAR-14,warning,0.00,quarrel 1: a warning; quarrel 2 means dismissal"
}

@test "BAR-15: passing customer data to a competitor: dismissed, wages and deposit withheld" {
	printf 'staff,date,code,severity,amount,value,note\nM1,2026-11-06,leak,,,,客户名单给对手\nM2,2026-11-06,泄密,,,,\nM3,2026-11-06,leak,,100,,\n' > "$T/i.csv"
	run --separate-stderr barfine "$T/i.csv"
	assert_failure 2
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-06,leak,BAR-15,status,,"dismissed, all wages and the deposit withheld; 客户名单给对手"
	M2,2026-11-06,leak,BAR-15,status,,"dismissed, all wages and the deposit withheld"
	M3,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/i.csv:4: statement withheld
	EOF
	assert_equal "$stderr" "barfine: $T/i.csv:4: code 'leak' gives a status, not an amount: leave severity and amount empty"
	run --separate-stderr barfine --summary "$T/i.csv"
	assert_line --index 1 "M1,2026-11,0,0,0,0,0.00,0.00,0.00,dismissed,no punch or leave this month: no absences counted"
}

@test "BAR-16: poaching with and without an amount, a repeated gift, insubordination" {
	# Poaching without amount: fined as disobeying at the top of BAR-08's
	# range, 200; with 80: 80; 250 is outside 50-200: a bad record.  A
	# repeated gift, severity low: 50.  Insubordination: dismissed.
	cat > "$T/i.csv" <<-'EOF'
	staff,date,code,severity,amount,value,note
	M1,2026-11-07,poaching,,,,抢M2的客人
	M1,2026-11-08,恶意抢客,,80,,
	M1,2026-11-09,repeat-gift,low,,,
	M2,2026-11-09,insubordination,,,,顶撞总监
	M3,2026-11-09,poaching,,250,,
	EOF
	run --separate-stderr barfine "$T/i.csv"
	assert_failure 2
	assert_output - <<-EOF
	$LEDGER
	M1,2026-11-07,poaching,BAR-16,fine,200.00,"as disobeying, high end of 50.00–200.00; 抢M2的客人"
	M1,2026-11-08,poaching,BAR-16,fine,80.00,"as disobeying, within 50.00–200.00"
	M1,2026-11-09,repeat-gift,BAR-16,fine,50.00,"as disobeying, low end of 50.00–200.00"
	M2,2026-11-09,insubordination,BAR-16,status,,serious insubordination: dismissed; 顶撞总监
	M3,2026-11-01,incomplete,BAR-13,status,,a bad record at $T/i.csv:6: statement withheld
	EOF
	assert_equal "$stderr" "barfine: $T/i.csv:6: amount '250' outside 50.00–200.00 for code 'poaching'"
	# The range is settable: 50-300 makes the first 300; 300 + 80 + 50 = 430.
	printf 'name,value\npoaching,50-300\n' > "$T/r.csv"
	run --separate-stderr barfine --rules "$T/r.csv" --summary "$T/i.csv"
	assert_line --index 1 "M1,2026-11,0,0,0,0,430.00,0.00,-430.00,active,no punch or leave this month: no absences counted"
}

@test "BAR-16: dismissal outranks every other status and ends the absences" {
	# Absent 11-03 (one), insubordination on 11-04: dismissed; no absence is
	# charged after the 4th although the span runs to 11-08.
	printf 'staff,date,in,out\nM1,2026-11-02,19:00,01:30\nM1,2026-11-08,19:00,01:30\n' > "$T/p.csv"
	printf 'staff,date,code\nM1,2026-11-04,insubordination\n' > "$T/i.csv"
	run --separate-stderr barfine --summary "$T/p.csv" "$T/i.csv"
	assert_failure 1
	assert_line --index 1 "M1,2026-11,0,0,2,0,600.00,0.00,-600.00,dismissed,period inferred: 2026-11-02 to 2026-11-08"
}

@test "barfine: --codes lists BAR-14, 15 and 16 with their rules" {
	run --separate-stderr barfine --codes
	assert_success
	assert_line --index 17 "quarrel,BAR-09,fine,100.00,100.00,\"fixed; BAR-14: quarrel 2 of the employment dismisses, those before are warnings\""
	assert_line --index 28 "poaching,BAR-16,fine,50.00,200.00,\"as disobeying: the maximum, or severity low/high or an amount in the range\""
	assert_line --index 29 "repeat-gift,BAR-16,fine,50.00,200.00,\"as disobeying: the maximum, or severity low/high or an amount in the range\""
	assert_line --index 30 "leak,BAR-15,status,,,\"dismissed, wages and deposit withheld\""
	assert_line --index 31 "insubordination,BAR-16,status,,,dismissed"
	run --separate-stderr barfine --codes --zh
	assert_line --index 30 "泄密,BAR-15,处理,,,\"dismissed, wages and deposit withheld\""
	run bash -c 'man -l "$1" 2>/dev/null | grep -c -e "leak 泄密" -e "insubordination 严重顶撞" -e "poaching 恶意抢客" -e "repeat-gift 重复赠送"' _ "$BATS_TEST_DIRNAME/../man/barfine.1"
	assert_output 4
}
