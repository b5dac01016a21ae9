#!/usr/bin/env bats
# The input contract (crm(7), issue 13): what every program reads the same
# way because lib/stream and lib/field read it.  One test per program,
# showing that the program inherits the fix: values trimmed of ASCII and
# full-width spaces, dates in the forms people type (2026.10.13, 年月日,
# full-width digits, 1926), each file's format from its own content, a
# UTF-8 file with a stray byte still UTF-8, a NUL byte an error at its line,
# a JSON Lines key first seen in a later record.
#
# U+3000 (the full-width space) is written \xe3\x80\x80 in printf formats.

setup() {
	bats_require_minimum_version 1.5.0
	bats_load_library bats-support
	bats_load_library bats-assert
	PATH="$(cd "${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}" && pwd):$(cd "$BATS_TEST_DIRNAME/../bin" && pwd):$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27 CRM_HOME=$BATS_TEST_TMPDIR/home
	unset CRM_BUSY_TIMEOUT CRM_CALENDAR
	TD=$BATS_TEST_DIRNAME/../testdata
	T=$BATS_TEST_TMPDIR
}

@test "barfine: punch times and dates padded or in full-width digits read as typed" {
	# ' 20:10 ' on 2026-11-02 is late (BAR-02), as 20:10 is; the second day's
	# '　19:25' on ２０２６-11-03 for 'M01 ' is on time: nothing for it.
	printf '员工,日期,上班,下班\nM01,2026-11-02, 20:10 ,01:30\nM01 ,２０２６-11-03,\xe3\x80\x8019:25,02:10\n' >"$T/p.csv"
	run --separate-stderr barfine --month 2026-11 "$T/p.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	staff,date,code,rule,kind,amount,note
	M01,2026-11-02,late,BAR-02,fine,30.00,"in 20:10, after 19:30"
	EOF
	assert_equal "$stderr" ""
}

@test "crm-access: a requester id padded with a full-width space is that staff member" {
	crm-staff add "$TD/staff.csv" >/dev/null
	crm-file add "$TD/customers.csv" >/dev/null
	crm-access grant "$TD/approvals.csv" >/dev/null
	# S01 holds approval 1 for all of 销售一部 (C001's department) until 2026-12-31.
	# The purpose is free text: its trailing space is kept.
	run --separate-stderr bash -c "printf 'requester,customer_id,purpose,date\n S01\xe3\x80\x80, C001 ,季度回访准备 ,２０２６年11月27日\n' | crm-access check"
	assert_success
	assert_output - <<-'EOF'
	requester,customer_id,purpose,date,approver_role,approver,decision,needs,reason
	S01,C001,季度回访准备 ,2026-11-27,dept_manager,S06,allow,,approval 1 by S06 (dept_manager) covers all of 销售一部 until 2026-12-31
	EOF
	assert_equal "$stderr" ""
}

@test "crm-cal: a --calendar CSV with padded, dotted and full-width dates, read under --json" {
	# --json makes standard input and output JSON Lines; the calendar file
	# is CSV by its content.  2027-01-04 is a Monday made a holiday.
	printf 'date,kind,name\n 2027.1.1 , holiday ,元旦\n２０２７年１月４日,\xe3\x80\x80休,元旦\n' >"$T/cal.csv"
	run --separate-stderr crm-cal --calendar "$T/cal.csv" --json list 2027
	assert_success
	assert_output - <<-'EOF'
	{"date":"2027-01-01","kind":"holiday","name":"元旦"}
	{"date":"2027-01-04","kind":"holiday","name":"元旦"}
	EOF
	assert_equal "$stderr" ""
	run crm-cal --calendar "$T/cal.csv" is-workday 2027-01-04
	assert_failure 1
}

@test "crm-expense: a padded customer id or name is that customer; dates typed as people do" {
	# C001 华东机械有限公司 was registered 2026-03-09: travel on 2026-11-05 is reimbursable (CM-15).
	printf 'customer_id,customer,kind,date,amount\n C001 ,,travel,2026.11.05,100.00\n,华东机械有限公司\xe3\x80\x80,travel,２０２６－１１－０５, 200.00\n' >"$T/cl.csv"
	run --separate-stderr crm-expense --customers "$TD/customers.csv" "$T/cl.csv"
	assert_success
	assert_output - <<-'EOF'
	customer_id,customer,kind,amount,date,verdict,reason
	C001,,travel,100.00,2026-11-05,reimbursable,
	,华东机械有限公司,travel,200.00,2026-11-05,reimbursable,
	EOF
	assert_equal "$stderr" ""
}

@test "crm-file: a stray byte on a UTF-8 register's last line is an error at that line; the rest is UTF-8" {
	# Before: one invalid byte made the whole file GB18030 mojibake.
	{
		head -n 4 "$TD/customers.csv"
		printf 'C099,西\xb7部商贸,general,民营,,成都市,王五,13912345678,销售一部,S01,,no,2026-10-01,2026-10-02,active\n'
	} >"$T/v.csv"
	run --separate-stderr crm-file validate "$T/v.csv"
	assert_failure 2
	assert_equal "${#lines[@]}" 4
	assert_regex "${lines[1]}" '^C001,华东机械有限公司,key,'
	assert_regex "${lines[3]}" '^C003,南方贸易\(进出口\)有限公司,'
	assert_equal "$stderr" "crm-file: $T/v.csv:5: name: byte sequence 0xB7 is not valid UTF-8 (for a GBK file give --encoding gb18030)"
}

@test "crm-file: a known column first seen in a later JSON Lines record is read" {
	printf '{"id":"C101","name":"甲公司","category":"key"}\n{"id":"C102","name":"乙公司","category":"general","registered":"2026-10-13","first_contact":"2026-10-12"}\n' >"$T/v.jsonl"
	run --separate-stderr crm-file validate "$T/v.jsonl"
	assert_failure 1
	assert_equal "${lines[0]}" "id,name,category,nature,supervisor,address,contact,phone,department,owner,co_owners,important,first_contact,registered,status,problems"
	assert_regex "${lines[2]}" '^C102,乙公司,general,,,,,,,,,,2026-10-12,2026-10-13,,'
	assert_equal "$stderr" ""
}

@test "crm-remind: --ijson for standard input does not make the --log and --intervals CSV files JSON" {
	# Files without an extension: their content says CSV.  key: every 14 days
	# (intervals); C001 last contacted 2026-10-27 (log): due 2026-11-10, 17 days overdue.
	cp "$TD/log.csv" "$T/log"
	cp "$TD/intervals.csv" "$T/intervals"
	run --separate-stderr bash -c "printf '{\"id\":\" C001 \",\"name\":\"华东机械有限公司\",\"category\":\"key\",\"owner\":\"S01\",\"department\":\"销售一部\",\"status\":\"active\",\"registered\":\"2026-03-09\"}\n' |
		crm-remind visits --ijson --log '$T/log' --intervals '$T/intervals'"
	assert_failure 1
	assert_output - <<-'EOF'
	rule,kind,ref,customer_id,customer,owner,department,event_date,due,days_overdue,message,provisional
	CM-12,overdue,,C001,华东机械有限公司,S01,销售一部,2026-10-27,2026-11-10,17,key customer last contacted 2026-10-27: visit due 2026-11-10 (every 14 days),no
	EOF
	assert_equal "$stderr" ""
}

@test "crm-report: reminders in JSON Lines on standard input are read as JSON Lines without --ijson" {
	crm-staff add "$TD/staff.csv" >/dev/null
	crm-file add "$TD/customers.csv" >/dev/null
	crm-remind register "$TD/customers.csv" >"$T/rem.csv" || true
	run --separate-stderr crm-report weekly --week 2026-W48 --reminders "$T/rem.csv" --ocsv
	assert_success
	want=$output
	assert_regex "$want" 'registrations_overdue,2'
	run --separate-stderr bash -c "{ crm-remind register --ojson '$TD/customers.csv' || true; } |
		crm-report weekly --week 2026-W48 --reminders - --ocsv"
	assert_success
	assert_equal "$output" "$want"
	assert_equal "$stderr" ""
}

@test "crm-staff: a padded id, a name with a full-width space, a 1926 date; --zh lists the Chinese roles" {
	printf 'id,name,department,role,left_on\n S01 ,王芳\xe3\x80\x80,销售一部, staff ,1926.8.17\n' >"$T/s.csv"
	run --separate-stderr crm-staff add "$T/s.csv"
	assert_success
	assert_output - <<-'EOF'
	id,name,department,role,left_on
	S01,王芳,销售一部,staff,1926-08-17
	EOF
	run sqlite3 "$CRM_HOME/crm.db" "SELECT id || '|' || name || '|' || left_on FROM staff"
	assert_output "S01|王芳|1926-08-17"
	printf 'id,name,department,role,left_on\nS02,赵磊,销售二部,经理,\n' >"$T/bad.csv"
	run --separate-stderr crm-staff add --zh "$T/bad.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-staff: $T/bad.csv:2: role: expected one of 员工, 部门经理, 总经理, 总部经理, 分公司总经理, found '经理'"
}

@test "crm-ticket: padded ids and time are trimmed; the summary (free text) is kept as written" {
	crm-staff add "$TD/staff.csv" >/dev/null
	crm-file add "$TD/customers.csv" >/dev/null
	printf 'customer_id,opened_at,first_responder,channel,summary,matter,severity\n C001 , 2026.11.16 09:10 ,S31\xe3\x80\x80,phone,  打印机驱动无法安装 ,printer-driver,normal\n' >"$T/t.csv"
	run --separate-stderr crm-ticket open --staff "$TD/svc-staff.csv" "$T/t.csv"
	assert_success
	assert_output - <<-'EOF'
	id,customer_id,opened_at,first_responder,channel,summary,severity,assignee,status,resolved_at,customer,matter,repeat_of,handoffs,resolved_by,retro_form
	T000001,C001,2026-11-16 09:10,S31,phone,  打印机驱动无法安装 ,normal,S31,open,,华东机械有限公司,printer-driver,,0,,no
	EOF
	assert_equal "$stderr" ""
}

@test "riskcalc: --ijson for the margin results on standard input does not apply to the --positions CSV" {
	export CRM_TODAY=2024-10-10
	C=$TD/fut-contracts.csv
	cp "$TD/fut-positions.csv" "$T/positions"
	riskcalc limits -c "$C" --hedge-quotas "$TD/fut-hedge-quotas.csv" "$TD/fut-positions.csv" >"$T/v.csv" || true
	# As FUT-15 in riskcalc.bats, the margin results now JSON Lines.
	run --separate-stderr bash -c "riskcalc margin -c '$C' -a '$TD/fut-accounts.csv' '$TD/fut-positions.csv' --ojson |
		riskcalc liquidate --ijson -c '$C' -p '$T/positions' --limits '$T/v.csv'"
	assert_failure 1
	assert_output - <<-'EOF'
	rule,account,investor,member,contract,side,lots,reason,executor,due,remaining,status
	FUT-15,A001,I001,M01,IF2410,long,20,limit,member,2024-10-11,,ok
	FUT-15,A002,I001,M02,IF2410,long,9,call,member,2024-10-11,,ok
	FUT-15,A006,I005,M02,IF2412,long,1,call,member,2024-10-11,,ok
	EOF
	assert_equal "$stderr" ""
}

@test "secret-label: a NUL byte in a title is an error naming file:line; the other documents are classified" {
	# Before: 会议\0纪要 silently became 会议.
	{
		head -n 3 "$TD/sec-docs.csv"
		printf 'D009,会议\0纪要,meeting-minutes,,张伟,总经办,2026-11-20,,孙总,\n'
		sed -n 4p "$TD/sec-docs.csv"
	} >"$T/d.csv"
	run --separate-stderr secret-label classify "$T/d.csv"
	assert_failure 2
	assert_equal "${#lines[@]}" 4
	assert_regex "${lines[3]}" '^D003,2026年三季度财务报表,financial-report,secret,'
	assert_equal "$stderr" "secret-label: $T/d.csv:4: title: contains a NUL byte, which is not text"
}
