#!/usr/bin/env bats
# crm-cal: working-day arithmetic over the holiday calendar.
# testdata/calendar-2027.csv and testdata/holiday-cn-2027.json hold INVENTED 2027
# data (the State Council had not published 2027); they exist only for these tests.

bats_require_minimum_version 1.5.0

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	PATH="${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}:$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27
	unset CRM_CALENDAR
	DATA=$BATS_TEST_DIRNAME/../data/calendar.csv
	TD=$BATS_TEST_DIRNAME/../testdata
}

# Run "crm-cal ARGS" for each "ARGS => WANT" line of stdin; print the mismatches.
check_table() {
	local line args want got
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		args=${line%% => *}
		want=${line#* => }
		got=$(crm-cal $args 2>&1)
		[ "$got" = "$want" ] || echo "crm-cal $args: got '$got', want '$want'"
	done
}

# Exit status of "crm-cal ARGS" for each "ARGS => STATUS" line of stdin; print mismatches.
check_status() {
	local line args want got
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		args=${line%% => *}
		want=${line#* => }
		crm-cal $args >/dev/null 2>&1 && got=0 || got=$?
		[ "$got" = "$want" ] || echo "crm-cal $args: exit $got, want $want"
	done
}

@test "crm-cal: every make-up workday of 2023-2026 is a working day but not a trading day" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	run bash -c '
		n=0
		while IFS=, read -r date kind name; do
			[ "$kind" = workday ] || continue
			n=$((n + 1))
			crm-cal is-workday "$date" || echo "$date ($name): not a working day"
			crm-cal is-trading-day "$date" && echo "$date ($name): a trading day"
		done < "$1"
		echo "checked $n"
	' _ "$DATA"
	assert_success
	assert_output "checked 26"
}

@test "crm-cal: every holiday row of 2023-2026 is neither a working nor a trading day" {
	[ -n "${CRM_SLOW-}" ] || skip "slow: make check runs it (CRM_SLOW=1)"
	run bash -c '
		n=0
		while IFS=, read -r date kind name; do
			[ "$kind" = holiday ] || continue
			n=$((n + 1))
			crm-cal is-workday "$date" && echo "$date ($name): a working day"
			crm-cal is-trading-day "$date" && echo "$date ($name): a trading day"
		done < "$1"
		echo "checked $n"
	' _ "$DATA"
	assert_success
	assert_output "checked 115"
}

@test "crm-cal: list of 2023-2026 gives back data/calendar.csv" {
	run bash -c 'for y in 2023 2024 2025 2026; do crm-cal list $y | tail -n +2; done'
	assert_success
	assert_output "$(tail -n +2 "$DATA")"
}

@test "CM-05: deadline is the 5th working day after first contact (day 0 = event day)" {
	run --separate-stderr crm-cal add 2026-09-28 5
	assert_success
	assert_output "2026-10-10"
	assert_equal "$stderr" ""
}

@test "crm-cal: day 0 is the event day even on a holiday" {
	run --separate-stderr crm-cal add 2026-10-01 0
	assert_success
	assert_output "2026-10-01"
	run --separate-stderr crm-cal add 2026-10-01 1
	assert_success
	assert_output "2026-10-08"
	# Day 0 needs no calendar at all.
	run --separate-stderr crm-cal add 2027-03-01 0
	assert_success
	assert_output "2027-03-01"
}

@test "crm-cal: add over holiday blocks, make-up days and weekends" {
	run check_table <<-'EOF'
	add 2025-12-31 1 => 2026-01-04
	add 2025-12-31 2 => 2026-01-05
	add 2026-02-13 1 => 2026-02-14
	add 2026-02-14 1 => 2026-02-24
	add 2026-02-14 5 => 2026-02-28
	add 2025-09-30 1 => 2025-10-09
	add 2025-09-26 1 => 2025-09-28
	add 2025-10-09 2 => 2025-10-11
	add 2026-09-30 1 => 2026-10-08
	add 2026-11-27 1 => 2026-11-30
	add 2026-11-27 10 => 2026-12-11
	add -- 2026-10-08 -1 => 2026-09-30
	add -- 2026-10-12 -2 => 2026-10-09
	add -- 2026-01-05 -1 => 2026-01-04
	add -- 2026-01-04 -1 => 2025-12-31
	add 2026/9/28 5 => 2026-10-10
	add 2026年9月28日 5 => 2026-10-10
	EOF
	assert_success
	assert_output ""
}

@test "crm-cal: holiday blocks (Spring Festival 2026, National Day 2025 and 2026)" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	# date => is-workday status, then is-trading-day status (0 yes, 1 no)
	run bash -c '
		while read -r date w t; do
			crm-cal is-workday "$date"; got_w=$?
			crm-cal is-trading-day "$date"; got_t=$?
			[ "$got_w $got_t" = "$w $t" ] || echo "$date: got $got_w $got_t, want $w $t"
		done <<-EOF
		2026-02-13 0 0
		2026-02-14 0 1
		2026-02-15 1 1
		2026-02-16 1 1
		2026-02-17 1 1
		2026-02-20 1 1
		2026-02-23 1 1
		2026-02-24 0 0
		2026-02-28 0 1
		2026-03-01 1 1
		2025-09-28 0 1
		2025-09-30 0 0
		2025-10-01 1 1
		2025-10-06 1 1
		2025-10-08 1 1
		2025-10-09 0 0
		2025-10-11 0 1
		2026-09-20 0 1
		2026-09-25 1 1
		2026-09-30 0 0
		2026-10-01 1 1
		2026-10-07 1 1
		2026-10-08 0 0
		2026-10-09 0 0
		2026-10-10 0 1
		2026-10-11 1 1
		2026-10-12 0 0
		EOF
	'
	assert_success
	assert_output ""
}

@test "crm-cal: between counts working days d with A < d <= B" {
	run check_table <<-'EOF'
	between 2026-09-28 2026-10-10 => 5
	between 2026-10-10 2026-09-28 => -5
	between 2026-10-01 2026-10-01 => 0
	between 2026-09-30 2026-10-07 => 0
	between 2026-09-30 2026-10-08 => 1
	between 2026-02-13 2026-02-24 => 2
	between 2025-12-31 2026-01-05 => 2
	between 2025-12-31 2026-12-31 => 248
	between 2024-12-31 2025-12-31 => 248
	between 2023-12-31 2024-12-31 => 251
	between 2022-12-31 2023-12-31 => 249
	between 2026-11-27 2026-11-30 => 1
	EOF
	assert_success
	assert_output ""
}

@test "crm-cal: next-trading-day skips make-up Saturdays, holidays and weekends" {
	run check_table <<-'EOF'
	next-trading-day 2026-10-09 => 2026-10-12
	next-trading-day 2026-09-30 => 2026-10-08
	next-trading-day 2026-02-13 => 2026-02-24
	next-trading-day 2025-12-31 => 2026-01-05
	next-trading-day 2026-11-26 => 2026-11-27
	next-trading-day 2026-11-27 => 2026-11-30
	next-trading-day 2026-11-28 => 2026-11-30
	EOF
	assert_success
	assert_output ""
}

@test "crm-cal: is-workday and is-trading-day answer by exit status" {
	run check_status <<-'EOF'
	is-workday 2026-11-27 => 0
	is-workday 2026-11-28 => 1
	is-workday 2026-10-10 => 0
	is-trading-day 2026-10-10 => 1
	is-trading-day 2026-11-27 => 0
	is-workday today => 0
	--today 2026-11-29 is-workday today => 1
	EOF
	assert_success
	assert_output ""
	run --separate-stderr crm-cal is-workday 2026-11-27
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
}

@test "crm-cal: -v prints the day's kind and name" {
	run check_table <<-'EOF'
	-v is-workday 2026-10-10 => 2026-10-10 workday 国庆节
	--verbose is-trading-day 2026-10-10 => 2026-10-10 workday 国庆节
	is-workday -v 2026-10-03 => 2026-10-03 holiday 国庆节
	-v is-workday 2026-11-28 => 2026-11-28 weekend
	-v is-workday 2026-11-27 => 2026-11-27 weekday
	-v is-workday today => 2026-11-27 weekday
	-v is-workday 2025-10-06 => 2025-10-06 holiday 国庆节、中秋节
	--assume-weekends -v is-workday 2027-03-06 => 2027-03-06 weekend
	EOF
	assert_success
	assert_output ""
	run --separate-stderr crm-cal -v is-trading-day 2026-10-10
	assert_failure 1
	assert_output "2026-10-10 workday 国庆节"
	assert_equal "$stderr" ""
}

@test "crm-cal: today comes from CRM_TODAY or --today" {
	run --separate-stderr crm-cal add today 1
	assert_success
	assert_output "2026-11-30"
	run --separate-stderr crm-cal --today 2026-09-28 add today 5
	assert_success
	assert_output "2026-10-10"
	CRM_TODAY=2026-13-01 run --separate-stderr crm-cal add today 1
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-cal: --today: expected a date (YYYY-MM-DD), found '2026-13-01'"
}

@test "crm-cal: dates outside the calendar are refused, naming the date" {
	run --separate-stderr crm-cal is-workday 2027-03-01
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-cal: 2027-03-01 is outside the calendar (covers 2023–2026); give --calendar FILE or --assume-weekends"
	run --separate-stderr crm-cal is-trading-day 2022-06-01
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-cal: 2022-06-01 is outside the calendar (covers 2023–2026); give --calendar FILE or --assume-weekends"
	# add names the first day it needed and could not find.
	run --separate-stderr crm-cal add 2027-03-01 1
	assert_failure 2
	assert_output ""
	assert_regex "$stderr" "^crm-cal: 2027-03-02 is outside the calendar"
	run --separate-stderr crm-cal add 2026-12-30 2
	assert_failure 2
	assert_regex "$stderr" "^crm-cal: 2027-01-01 is outside the calendar"
	run --separate-stderr crm-cal add -- 2022-06-01 -1
	assert_failure 2
	assert_regex "$stderr" "^crm-cal: 2022-05-31 is outside the calendar"
	run --separate-stderr crm-cal between 2026-12-01 2027-01-10
	assert_failure 2
	assert_regex "$stderr" "^crm-cal: 2027-01-01 is outside"
	run --separate-stderr crm-cal next-trading-day 2026-12-31
	assert_failure 2
	assert_regex "$stderr" "^crm-cal: 2027-01-01 is outside"
	run --separate-stderr crm-cal list 2027
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-cal: 2027 is outside the calendar (covers 2023–2026); give --calendar FILE"
}

@test "crm-cal: --assume-weekends answers outside the calendar by Monday-Friday" {
	run check_table <<-'EOF'
	--assume-weekends add 2027-03-01 1 => 2027-03-02
	--assume-weekends add 2027-03-05 1 => 2027-03-08
	add 2022-06-01 5 --assume-weekends => 2022-06-08
	--assume-weekends add 2026-12-30 2 => 2027-01-01
	--assume-weekends between 2026-12-31 2027-01-31 => 21
	--assume-weekends next-trading-day 2027-03-05 => 2027-03-08
	--assume-weekends add 2026-09-28 5 => 2026-10-10
	EOF
	assert_success
	assert_output ""
	run check_status <<-'EOF'
	--assume-weekends is-workday 2027-03-01 => 0
	--assume-weekends is-workday 2027-03-06 => 1
	--assume-weekends is-trading-day 2022-06-01 => 0
	--assume-weekends is-workday 2026-10-01 => 1
	--assume-weekends list 2027 => 2
	EOF
	assert_success
	assert_output ""
}

@test "crm-cal: --calendar CSV adds 2027 (invented test data)" {
	run --separate-stderr crm-cal --calendar "$TD/calendar-2027.csv" list 2027
	assert_success
	assert_output "$(cat "$TD/calendar-2027.csv")"
	assert_equal "$stderr" ""
	run check_table <<-EOF
	--calendar $TD/calendar-2027.csv add 2026-12-31 1 => 2027-01-04
	--calendar $TD/calendar-2027.csv add 2027-09-30 1 => 2027-10-08
	--calendar $TD/calendar-2027.csv add 2027-10-08 1 => 2027-10-09
	--calendar $TD/calendar-2027.csv next-trading-day 2027-10-08 => 2027-10-11
	--calendar $TD/calendar-2027.csv add 2026-09-28 5 => 2026-10-10
	EOF
	assert_success
	assert_output ""
	CRM_CALENDAR=$TD/calendar-2027.csv run --separate-stderr crm-cal add 2027-02-05 1
	assert_success
	assert_output "2027-02-15"
	CRM_CALENDAR=$TD/calendar-2027.csv run --separate-stderr crm-cal add 2028-01-03 1
	assert_failure 2
	assert_equal "$stderr" "crm-cal: 2028-01-04 is outside the calendar (covers 2023–2027); give --calendar FILE or --assume-weekends"
}

@test "crm-cal: --calendar holiday-cn JSON adds its year and merges December before it" {
	run --separate-stderr crm-cal --calendar "$TD/holiday-cn-2027.json" list 2027
	assert_success
	assert_output "$(cat "$TD/calendar-2027.csv")"
	assert_equal "$stderr" ""
	run check_status <<-EOF
	--calendar $TD/holiday-cn-2027.json is-workday 2026-12-31 => 1
	is-workday 2026-12-31 => 0
	--calendar $TD/holiday-cn-2027.json is-workday 2026-10-01 => 1
	--calendar $TD/holiday-cn-2027.json is-workday 2026-10-10 => 0
	--calendar $TD/holiday-cn-2027.json is-workday 2027-02-20 => 0
	--calendar $TD/holiday-cn-2027.json is-trading-day 2027-02-20 => 1
	EOF
	assert_success
	assert_output ""
}

@test "crm-cal: a calendar CSV replaces the years it covers wholesale" {
	printf 'date,kind,name\n2026-10-01,holiday,国庆节\n' > "$BATS_TEST_TMPDIR/2026.csv"
	run check_status <<-EOF
	--calendar $BATS_TEST_TMPDIR/2026.csv is-workday 2026-10-01 => 1
	--calendar $BATS_TEST_TMPDIR/2026.csv is-workday 2026-10-02 => 0
	--calendar $BATS_TEST_TMPDIR/2026.csv is-workday 2026-10-10 => 1
	--calendar $BATS_TEST_TMPDIR/2026.csv is-workday 2025-10-02 => 1
	EOF
	assert_success
	assert_output ""
}

@test "crm-cal: calendar CSV with Chinese header, 休/班, GBK, CRLF, no final newline" {
	printf '日期,类型,名称\r\n2027/1/1,休,元旦\r\n2027年2月20日,班,春节\r\n2027-02-08,假,春节' |
		iconv -f UTF-8 -t GBK > "$BATS_TEST_TMPDIR/zh.csv"
	run --separate-stderr crm-cal --calendar "$BATS_TEST_TMPDIR/zh.csv" list 2027
	assert_success
	assert_output "$(printf 'date,kind,name\n2027-01-01,holiday,元旦\n2027-02-08,holiday,春节\n2027-02-20,workday,春节')"
	assert_equal "$stderr" ""
}

@test "crm-cal: a bad calendar file is refused with file:line" {
	local f=$BATS_TEST_TMPDIR/bad
	run bash -c '
		f=$1
		while IFS="|" read -r ext content want; do
			printf "$content" > "$f.$ext"
			crm-cal --calendar "$f.$ext" add 2026-09-28 5 > "$f.out" 2> "$f.err"
			status=$?
			[ $status = 2 ] || echo "$content: exit $status, want 2"
			[ -s "$f.out" ] && echo "$content: wrote $(cat "$f.out")"
			grep -qF -- "crm-cal: $f.$ext$want" "$f.err" ||
				echo "$content: stderr $(cat "$f.err"), want $want"
		done <<-EOF
		csv|date,kind,name\n2027-01-01,holiday,x\n2027-02-30,holiday,y\n|:3: date: expected a date (YYYY-MM-DD), found '"'"'2027-02-30'"'"'
		csv|date,kind,name\n2027-01-01,off,x\n|:2: kind: expected holiday or workday, found '"'"'off'"'"'
		csv|date,kind,name\n2027-01-01,holiday,x\n,holiday,y\n|:3: date: expected a date (YYYY-MM-DD), found '"'"''"'"'
		csv|date,kind,name\n2027-01-01,holiday,x\n2027-01-01,workday,y\n|:3: date: '"'"'2027-01-01'"'"' is a workday here but a holiday on line 2
		csv|day,type\n2027-01-01,holiday\n|:1: expected the header date,kind,name, found '"'"'day,type'"'"'
		csv||:1: expected the header date,kind,name, found '"'"''"'"'
		csv|date,kind,name\n2027-01-01,holiday\n|:2:
		json|{"year": 2027,\n "days": [\n  {"date": "2027-01-01", "isOffDay": tru}]}|:3:
		json|{"days": [{"date": "2027-01-01", "isOffDay": true}]}|: expected a holiday-cn calendar
		json|{"year": 2027, "days": [{"date": "2027-01-01"}]}|: days[0]: isOffDay: expected true or false
		json|{"year": 2027, "days": [{"date": "2027-13-01", "isOffDay": true}]}|: days[0]: date: expected a date
		EOF
	' _ "$f"
	assert_success
	assert_output ""
}

@test "crm-cal: a missing calendar file is an error" {
	run --separate-stderr crm-cal --calendar "$BATS_TEST_TMPDIR/nope.csv" add 2026-09-28 5
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-cal: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
	CRM_CALENDAR=$BATS_TEST_TMPDIR/nope.csv run --separate-stderr crm-cal add 2026-09-28 5
	assert_failure 2
	assert_equal "$stderr" "crm-cal: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
}

@test "crm-cal: list 2026 --ojson is JSON Lines with string dates" {
	run --separate-stderr crm-cal list 2026 --ojson
	assert_success
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 39
	local l
	for l in "${lines[@]}"; do
		[[ $l =~ ^\{\"date\":\"2026-[0-9]{2}-[0-9]{2}\",\"kind\":\"(holiday|workday)\",\"name\":\"[^\"]+\"\}$ ]] ||
			fail "not a calendar JSON line: $l"
	done
	assert_line --index 0 '{"date":"2026-01-01","kind":"holiday","name":"元旦"}'
	assert_line --index 38 '{"date":"2026-10-10","kind":"workday","name":"国庆节"}'
}

@test "crm-cal: list writes --zh, --otable and --bom" {
	run --separate-stderr crm-cal --zh list 2026
	assert_success
	assert_line --index 0 "日期,类型,名称"
	assert_line --index 1 "2026-01-01,休,元旦"
	assert_line --index 4 "2026-01-04,班,元旦"
	run --separate-stderr crm-cal list 2026 --otable
	assert_success
	assert_line --index 0 --regexp '^date +kind +name$'
	assert_line --index 1 --regexp '^2026-01-01 +holiday +元旦$'
	run bash -c 'crm-cal list 2026 --bom | head -c 3 | od -An -tx1'
	assert_success
	assert_output " ef bb bf"
}

@test "crm-cal: a bad date is an error naming it" {
	run check_table <<-'EOF'
	add 2026-02-30 1 => crm-cal: expected a date (YYYY-MM-DD), found '2026-02-30'
	between 2026-01-01 tomorrow => crm-cal: expected a date (YYYY-MM-DD), found 'tomorrow'
	is-workday 26-10-01 => crm-cal: expected a date (YYYY-MM-DD), found '26-10-01'
	next-trading-day 2026-10-01x => crm-cal: expected a date (YYYY-MM-DD), found '2026-10-01x'
	EOF
	assert_success
	assert_output ""
	run --separate-stderr crm-cal is-workday 2026-02-30
	assert_failure 2
	assert_output ""
}

@test "crm-cal: usage errors exit 2 with a hint" {
	cd "$BATS_TEST_TMPDIR"
	run bash -c '
		while IFS= read -r args; do
			crm-cal $args > out 2> err; status=$?
			[ $status = 2 ] || echo "crm-cal $args: exit $status, want 2"
			[ -s out ] && echo "crm-cal $args: wrote to stdout"
			grep -q "^Try '\''crm-cal --help'\''" err || echo "crm-cal $args: no hint: $(cat err)"
		done <<-EOF

		frobnicate 2026-01-01
		add 2026-01-01
		add 2026-01-01 5 6
		between 2026-01-01
		is-workday
		list
		add 2026-01-01 five
		add 2026-01-01 1.5
		add 2026-01-01 99999999999
		add 2026-01-01 -5
		list twenty
		list 0
		--bogus add 2026-01-01 1
		-x add 2026-01-01 1
		add 2026-01-01 1 --today
		--encoding latin1 list 2026
		EOF
	'
	assert_success
	assert_output ""
	run --separate-stderr crm-cal add 2026-01-01 -5
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-cal: unknown option '-5' (a negative N needs '--' before it)"
}

@test "crm-cal: options go anywhere; -- ends them" {
	run check_table <<-'EOF'
	add 2026-09-28 5 --today 2026-01-01 => 2026-10-10
	add --assume-weekends 2027-03-05 1 => 2027-03-08
	-- add 2026-10-08 -1 => 2026-09-30
	add 2026-10-08 -- -1 => 2026-09-30
	EOF
	assert_success
	assert_output ""
}

@test "crm-cal: --help and --version" {
	run --separate-stderr crm-cal --help
	assert_success
	assert_line --index 0 "Usage: crm-cal [options] COMMAND ARGS"
	assert_output --partial "next-trading-day DATE"
	assert_output --partial "--assume-weekends"
	assert_equal "$stderr" ""
	run --separate-stderr crm-cal -h
	assert_success
	assert_output --partial "Usage"
	run --separate-stderr crm-cal -V
	assert_success
	assert_output --regexp '^crm-cal \(crm toolkit\) [0-9]'
}

@test "crm-cal: a failed write exits 2" {
	run bash -c 'crm-cal list 2026 > /dev/full'
	assert_failure 2
	assert_output --partial "crm-cal: write error"
	run bash -c 'crm-cal add 2026-09-28 5 > /dev/full'
	assert_failure 2
	run bash -c 'crm-cal -v is-workday 2026-10-10 > /dev/full'
	assert_failure 2
}

@test "crm-cal: a closed pipe ends quietly with 0" {
	run --separate-stderr bash -c 'crm-cal list 2026 | head -1; echo "${PIPESTATUS[0]}"'
	assert_success
	assert_output "$(printf 'date,kind,name\n0')"
	assert_equal "$stderr" ""
	run --separate-stderr bash -c 'crm-cal list 2026 --otable | head -1; echo "${PIPESTATUS[0]}"'
	assert_success
	assert_line --index 1 "0"
	assert_equal "$stderr" ""
}

@test "crm-cal: covers YEAR answers by exit status" {
	run check_status <<-EOF
	covers 2023 => 0
	covers 2026 => 0
	covers 2027 => 1
	covers 2022 => 1
	--assume-weekends covers 2027 => 1
	--calendar $TD/calendar-2027.csv covers 2027 => 0
	covers 0 => 2
	covers 2027x => 2
	EOF
	assert_success
	assert_output ""
	run --separate-stderr crm-cal -v covers 2027
	assert_failure 1
	assert_output "2027 is not covered (the calendar covers 2023–2026)"
	CRM_CALENDAR=$TD/calendar-2027.csv run --separate-stderr crm-cal --verbose covers 2027
	assert_success
	assert_output "2027 is covered (the calendar covers 2023–2027)"
}

@test "crm-cal: a holiday-cn file with no days for its year does not cover it" {
	# holiday-cn publishes {"year": 2027, "days": []} before the State Council's notice.
	local f=$BATS_TEST_TMPDIR/2027.json
	printf '{"year": 2027, "papers": [], "days": []}\n' > "$f"
	run --separate-stderr crm-cal --calendar "$f" covers 2027
	assert_failure 1
	assert_equal "$stderr" "crm-cal: $f: 2027 lists no days (not published yet?); 2027 is not covered"
	# The arithmetic past the calendar stays an error (DESIGN.md).
	run --separate-stderr crm-cal --calendar "$f" add 2026-12-28 5
	assert_failure 2
	assert_output ""
	assert_regex "$stderr" "2027-01-01 is outside the calendar \(covers 2023–2026\)"
	# The years it does not name are untouched.
	run --separate-stderr crm-cal --calendar "$f" add 2026-09-28 5
	assert_success
	assert_output "2026-10-10"
}

@test "crm-cal: each command takes only its own options and has its own --help" {
	# -v belongs to is-workday, is-trading-day and covers; add does not take it.
	run --separate-stderr crm-cal add -v 2026-09-28 5
	assert_failure 2
	assert_output ""
	assert_equal "${stderr_lines[0]}" "crm-cal: add: option '--verbose' is not one of this command's; 'crm-cal add --help' lists them"
	run --separate-stderr crm-cal covers -v 2026
	assert_success
	run --separate-stderr crm-cal is-workday --help
	assert_success
	assert_line --index 0 "Usage: crm-cal is-workday [options] DATE"
	assert_output --partial "--verbose"
	run --separate-stderr crm-cal add --help
	assert_success
	assert_line --index 0 "Usage: crm-cal add [options] DATE N"
	refute_output --partial "--verbose"
}
