#!/usr/bin/env bats
# crm-ticket: the service desk (SVC-02, SVC-05, SVC-07, SVC-09, CM-13).
#
# The archive of each test: testdata/customers.csv (crm-file add), the staff
# of testdata/svc-staff.csv (--staff), and for most tests the tickets of
# testdata/svc-tickets.csv: T000001..T000010, 2026-11-16..27, of which
# T000003 repeats T000001 (printer-driver, 7 days later) and T000008 repeats
# T000005 (wms-down, the major fault of 2026-11-24).

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
	HEADER=id,customer_id,opened_at,first_responder,channel,summary,severity,assignee,status,resolved_at,customer,matter,repeat_of,handoffs,resolved_by,retro_form
	crm-staff add "$TD/staff.csv" > /dev/null
	crm-file add "$TD/customers.csv" > /dev/null
}

# The fixture tickets (open exits 1: two of them are repeat contacts).
load_tickets() {
	crm-ticket --staff "$STAFF" open "$TD/svc-tickets.csv" > /dev/null 2>&1 || [ $? = 1 ]
}

ticket() {
	crm-ticket --staff "$STAFF" "$@"
}

@test "SVC-02: the first responder owns the ticket they open" {
	run --separate-stderr ticket open --customer C001 --responder S31 --channel phone \
		--summary "无法打印" --at "2026-11-27 09:00"
	assert_success
	assert_equal "$stderr" ""
	assert_output "$HEADER
T000001,C001,2026-11-27 09:00,S31,phone,无法打印,normal,S31,open,,华东机械有限公司,无法打印,,0,,no"
	run --separate-stderr ticket open --customer C002 --responder S32 --channel 电话 --summary "Invoice  Title" \
		--at "2026/11/27 9:30"
	assert_success
	assert_line --index 1 "T000002,C002,2026-11-27 09:30,S32,phone,Invoice  Title,normal,S32,open,,北方电力设备厂,invoice title,,0,,no"
}

@test "SVC-02: resolved at once when within the responder's duties" {
	run --separate-stderr ticket open --customer C001 --responder S31 --summary "密码重置" --resolved \
		--at "2026-11-27 09:00"
	assert_success
	assert_line --index 1 "T000001,C001,2026-11-27 09:00,S31,phone,密码重置,normal,S31,resolved,2026-11-27 09:00,华东机械有限公司,密码重置,,0,S31,no"
}

@test "SVC-02: a handoff is recorded and the first responder stays accountable" {
	load_tickets
	run --separate-stderr ticket handoff T000010 --to S02 --at "2026-11-27 09:10" --note "报价属销售二部"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 1 "T000010,C003,2026-11-27 08:50,S32,phone,报价单金额有误,normal,S02,handed_off,,南方贸易(进出口)有限公司,quote,,1,,no"
	run --separate-stderr crm-ticket history T000010
	assert_success
	assert_output "ticket_id,at,event,by,to,note
T000010,2026-11-27 08:50,open,S32,,
T000010,2026-11-27 09:10,handoff,S32,S02,报价属销售二部"
	run --separate-stderr ticket resolve T000010 --at "2026-11-27 11:00"
	assert_success
	assert_line --index 1 "T000010,C003,2026-11-27 08:50,S32,phone,报价单金额有误,normal,S02,resolved,2026-11-27 11:00,南方贸易(进出口)有限公司,quote,,1,S02,no"
	run --separate-stderr crm-ticket list --responder S32 --status resolved
	assert_success
	assert_line --index 1 --partial "T000002,"
	assert_line --index 4 --partial "T000010,"
}

@test "SVC-02: a handoff to an unknown or departed staff member is refused, nothing changes" {
	load_tickets
	run --separate-stderr ticket handoff T000010 --to S99
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-ticket: handoff T000010: --to: no staff 'S99' in the staff list"
	run --separate-stderr ticket handoff T000010 --to S33
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: handoff T000010: --to: staff 'S33' (郑凯) left on 2026-10-31"
	run --separate-stderr ticket handoff T000010 --to S32
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: T000010: already with S32"
	run --separate-stderr crm-ticket handoff T000010 --to S30 --home "$BATS_TEST_TMPDIR/empty"
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: handoff: no ticket 'T000010' in the archive"
	run --separate-stderr crm-ticket list T000010
	assert_line --index 1 --partial ",S32,open,"
	run --separate-stderr crm-ticket history T000010
	assert_equal "${#lines[@]}" 2
}

@test "SVC-02: staff come from the archive's staff table without --staff" {
	command -v sqlite3 > /dev/null || skip "no sqlite3"
	# The archive's customers without its staff (setup added them for crm-file add).
	sqlite3 "$CRM_HOME/crm.db" "DELETE FROM staff"
	run --separate-stderr crm-ticket open --customer C001 --responder S31 --summary x
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: first_responder: no staff 'S31': the staff list is empty (add staff with crm-staff, or give --staff FILE)
crm-ticket: nothing was opened: the batch had bad records"
	sql "INSERT INTO staff (id, name, department, role) VALUES
		('S31', '钱进', '技术服务部', 'staff'), ('S10', '刘洋洋', '销售一部', 'dept_manager')"
	run --separate-stderr crm-ticket open --customer C001 --responder S31 --summary x --at "2026-11-27 10:00"
	assert_success
	run --separate-stderr crm-ticket handoff T000001 --to S10 --at "2026-11-27 10:05"
	assert_success
	assert_line --index 1 --partial ",S10,handed_off,"
}

@test "SVC-02: resolving a resolved ticket is an error" {
	load_tickets
	run --separate-stderr ticket resolve T000005
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-ticket: T000005: already resolved (2026-11-24 16:00 by S30); use amend to add to its analysis"
	run --separate-stderr ticket handoff T000005 --to S31
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: T000005: already resolved (2026-11-24 16:00 by S30); a resolved ticket is not handed off"
	run --separate-stderr ticket resolve T000008 --at "2026-11-25 09:00"
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: T000008: 2026-11-25 09:00 is before the ticket's last event (2026-11-26 09:00); give --at"
	run --separate-stderr ticket resolve T000099
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: resolve: no ticket 'T000099' in the archive"
}

@test "SVC-02: a second call on the same matter within 7 days is a repeat contact" {
	load_tickets
	run --separate-stderr crm-ticket list --repeats
	assert_failure 1
	assert_equal "${#lines[@]}" 3
	assert_line --index 1 "T000003,C001,2026-11-23 09:05,S31,phone,打印机驱动又无法安装,normal,S31,resolved,2026-11-23 09:30,华东机械有限公司,printer-driver,T000001,0,S31,no"
	assert_line --index 2 --partial "T000008,C005,2026-11-26 09:00,S32,phone,仓储系统登录又超时,normal,S32,open,,江南丝绸集团有限公司,wms-down,T000005,"
	# 8 days after the last call on printer-driver (T000003, 11-23): not within 7 days …
	run --separate-stderr ticket open --customer C001 --responder S32 --summary "Printer-Driver" \
		--at "2026-12-01 10:00"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 1 --partial ",printer-driver,,0,,no"
	# … but within --window 10 of it; the matter defaults to the summary, folded.
	run --separate-stderr ticket open --customer C001 --responder S32 --summary " printer-DRIVER " \
		--at "2026-12-03 10:00" --window 10
	assert_failure 1
	assert_line --index 1 --partial ",printer-driver,T000011,0,,no"
	assert_equal "$stderr" "crm-ticket: T000012: repeat contact (SVC-02): customer C001 called about 'printer-driver' 2 days before (T000011, 2026-12-01 10:00); no customer should have to call twice"
	# Another customer on the same matter is not a repeat.
	run --separate-stderr ticket open --customer C002 --responder S32 --matter printer-driver --summary x \
		--at "2026-12-03 11:00"
	assert_success
}

@test "SVC-02: opening the fixture flags and counts its two repeat contacts" {
	run --separate-stderr ticket open "$TD/svc-tickets.csv"
	assert_failure 1
	assert_equal "${#lines[@]}" 11
	assert_equal "${stderr_lines[0]}" "crm-ticket: T000003: repeat contact (SVC-02): customer C001 called about 'printer-driver' 7 days before (T000001, 2026-11-16 09:10); no customer should have to call twice"
	assert_equal "${stderr_lines[1]}" "crm-ticket: T000008: repeat contact (SVC-02): customer C005 called about 'wms-down' 2 days before (T000005, 2026-11-24 10:30); no customer should have to call twice"
}

@test "SVC-07: a major fault prints the notice for the salesperson and the manager" {
	run --separate-stderr ticket open --customer C005 --responder S32 --channel phone --severity major \
		--summary "仓储系统宕机" --place "杭州仓库机房" --symptoms "全部终端无法登录" \
		--plan "切换备用服务器" --at "2026-11-27 10:30"
	assert_success
	assert_line --index 1 --partial "T000001,C005,2026-11-27 10:30,S32,phone,仓储系统宕机,major,S32,open,"
	assert_equal "$stderr" "MAJOR FAULT NOTICE (SVC-07)

Ticket:       T000001
Customer:     C005 江南丝绸集团有限公司
Department:   销售一部
Time:         2026-11-27 10:30
Place:        杭州仓库机房
Symptoms:     全部终端无法登录
Plan:         切换备用服务器
Reported by:  S32 吴敏 (技术服务部)

Notify at once:
  signing salesperson  S03 林涛 (销售一部)
  manager              S10 刘洋洋 (销售一部)
  general manager      S00 周建国 (总经理办公室)

Afterwards: a fault analysis report to the customer and the business department (crm-ticket report ID)."
	run --separate-stderr ticket notify T000001
	assert_success
	assert_equal "$output" "$(ticket notify T000001 2>&1)"
	assert_line --index 0 "MAJOR FAULT NOTICE (SVC-07)"
	run --separate-stderr ticket notify T000001 --zh
	assert_line --index 0 "重大故障通知（SVC-07）"
	assert_line --partial "业务签单人员　S03 林涛（销售一部）"
	assert_line --partial "分管经理　　　S10 刘洋洋（销售一部）"
	run --separate-stderr crm-ticket notify T000404
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: notify: no ticket 'T000404' in the archive"
}

@test "SVC-07: the fault analysis report is filled with what is known" {
	load_tickets
	run --separate-stderr ticket report T000005
	assert_success
	assert_output "FAULT ANALYSIS REPORT (SVC-07)

To: the customer C005 江南丝绸集团有限公司; the business department 销售一部
Ticket: T000005 (major fault)
Time:     2026-11-24 10:30
Place:    杭州仓库机房
Symptoms: 全部终端登录超时
Resolved: 2026-11-24 16:00 by S30 (5 h 30 min)

1. Impact
   (to be filled in)

2. Handling
   2026-11-24 10:30  opened by S31 钱进 (技术服务部)
   2026-11-24 10:30  handed off by S31 钱进 (技术服务部) to S30 赵明 (技术服务部)
   2026-11-24 16:00  resolved by S30 赵明 (技术服务部)

3. Cause
   (to be filled in)

4. Corrective actions
   (to be filled in)

5. Preventive actions
   (to be filled in)

Prepared by: ______________    Date: ______________"
	run --separate-stderr ticket amend T000005 --impact "仓库停止发货6小时" --cause "数据库连接池耗尽" \
		--corrective "扩容连接池" --preventive "增加连接数告警"
	assert_success
	run --separate-stderr ticket report T000005 --zh
	assert_success
	assert_line --index 0 "故障分析报告（SVC-07）"
	assert_line "   仓库停止发货6小时"
	assert_line "   数据库连接池耗尽"
	assert_line "   扩容连接池"
	assert_line "   增加连接数告警"
	refute_output --partial "待填写"
	run --separate-stderr ticket amend T000005
	assert_failure 2
	assert_output ""
}

@test "SVC-09: resolve --retro-form records the work-contact form filed after the fix" {
	load_tickets
	run --separate-stderr ticket resolve T000007 --retro-form --at "2026-11-27 16:00" --handling "重启看板控制器"
	assert_success
	assert_line --index 1 "T000007,C007,2026-11-25 15:30,S31,visit,电子看板黑屏,normal,S30,resolved,2026-11-27 16:00,深圳华信电子有限公司,board-blank,,1,S30,yes"
	run --separate-stderr crm-ticket history T000007
	assert_line --index 3 "T000007,2026-11-27 16:00,resolve,S30,,work-contact form filed after the fix (SVC-09)"
	run --separate-stderr ticket report T000007
	assert_line "Emergency: fixed first, work-contact form filed afterwards (SVC-09)."
	assert_line "   重启看板控制器"
}

@test "crm-ticket: a batch with a bad record writes nothing" {
	printf 'customer_id,first_responder,channel,summary,opened_at,severity\n%s\n%s\n%s\n%s\n%s\n' \
		'C001,S31,phone,ok,2026-11-20 10:00,normal' \
		'C999,S31,phone,who,2026-11-20 10:00,' \
		'C001,S31,pigeon,x,2026-11-20 10:00,' \
		'C001,S31,phone,x,2026-11-31 10:00,' \
		'C001,S31,phone,x,2026-11-20 10:00,urgent' > "$BATS_TEST_TMPDIR/bad.csv"
	run --separate-stderr ticket open "$BATS_TEST_TMPDIR/bad.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-ticket: $BATS_TEST_TMPDIR/bad.csv:3: customer_id: no customer 'C999' in the archive (add it with crm-file add)
crm-ticket: $BATS_TEST_TMPDIR/bad.csv:4: channel: expected phone, email, visit, web, wechat, letter, fax or other, found 'pigeon'
crm-ticket: $BATS_TEST_TMPDIR/bad.csv:5: opened_at: expected a date-time (YYYY-MM-DD HH:MM), found '2026-11-31 10:00'
crm-ticket: $BATS_TEST_TMPDIR/bad.csv:6: severity: expected normal or major, found 'urgent'
crm-ticket: nothing was opened: the batch had bad records"
	run --separate-stderr crm-ticket list
	assert_success
	assert_output "$HEADER"
}

@test "crm-ticket: import checks resolved_at and the assignee" {
	printf 'customer_id,first_responder,channel,summary,opened_at,assignee,resolved_at,status\n%s\n%s\n%s\n' \
		'C001,S31,phone,x,2026-11-20 10:00,S99,,' \
		'C001,S31,phone,x,2026-11-20 10:00,,2026-11-20 09:00,' \
		'C001,S31,phone,x,2026-11-20 10:00,,,resolved' > "$BATS_TEST_TMPDIR/bad.csv"
	run --separate-stderr ticket open "$BATS_TEST_TMPDIR/bad.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: $BATS_TEST_TMPDIR/bad.csv:2: assignee: no staff 'S99' in the staff list"
	assert_equal "${stderr_lines[1]}" "crm-ticket: $BATS_TEST_TMPDIR/bad.csv:3: resolved_at: 2026-11-20 09:00 is before the ticket was opened (2026-11-20 10:00)"
	assert_equal "${stderr_lines[2]}" "crm-ticket: $BATS_TEST_TMPDIR/bad.csv:4: resolved_at: a resolved ticket needs the time it was resolved"
}

@test "crm-ticket: list filters, --zh and JSON" {
	load_tickets
	run --separate-stderr crm-ticket list --status unresolved
	assert_success
	assert_equal "${#lines[@]}" 4
	run --separate-stderr crm-ticket list --major --from 2026-11-20 --until 2026-11-30
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --partial "T000005,"
	run --separate-stderr crm-ticket list --customer C001 --assignee S31
	assert_equal "${#lines[@]}" 3
	run --separate-stderr crm-ticket list T000002 --zh
	assert_output "工单编号,客户编号,受理时间,首问责任人,渠道,摘要,严重程度,处理人,状态,解决时间,客户名称,事项,重复来电,移交次数,解决人,事后补单
T000002,C002,2026-11-18 14:00,S32,邮件,发票抬头有误,一般,S04,已解决,2026-11-19 10:00,北方电力设备厂,invoice,,1,S04,否"
	run --separate-stderr crm-ticket list T000003 --ojson
	assert_output '{"id":"T000003","customer_id":"C001","opened_at":"2026-11-23 09:05","first_responder":"S31","channel":"phone","summary":"打印机驱动又无法安装","severity":"normal","assignee":"S31","status":"resolved","resolved_at":"2026-11-23 09:30","customer":"华东机械有限公司","matter":"printer-driver","repeat_of":"T000001","handoffs":0,"resolved_by":"S31","retro_form":"no"}'
	run --separate-stderr crm-ticket list --status closed
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: --status: expected open, handed_off, resolved or unresolved, found 'closed'"
	run --separate-stderr crm-ticket list T000404
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: no ticket 'T000404' in the archive"
}

@test "crm-ticket: unknown columns are kept and listed" {
	printf 'customer_id,first_responder,channel,summary,opened_at,工单来源\n%s\n' \
		'C001,S31,phone,x,2026-11-20 10:00,400热线' > "$BATS_TEST_TMPDIR/t.csv"
	run --separate-stderr ticket open "$BATS_TEST_TMPDIR/t.csv"
	assert_success
	assert_line --index 0 "$HEADER,工单来源"
	assert_line --index 1 --partial ",no,400热线"
}

@test "SVC-05, CM-13: revisits and satisfaction go into the revisit archive" {
	# The projects revisited are in the archive.
	crm-file project add "$TD/projects.csv" > /dev/null
	run --separate-stderr ticket revisit "$TD/svc-revisits.csv"
	assert_success
	assert_output "customer_id,customer,department,project,date,staff,satisfaction,note
C002,北方电力设备厂,销售二部,P002,2026-11-10,S32,4,
C001,华东机械有限公司,销售一部,P001,2026-11-20,S31,5,运行稳定
C007,深圳华信电子有限公司,销售一部,P004,2026-11-24,S31,3,看板偶有卡顿
C004,西部软件有限公司,销售二部,P005,2026-11-25,S32,,客户未接电话"
	run --separate-stderr ticket revisit --customer C005 --project P003 --by S31 --satisfaction 6
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: satisfaction: expected 1 (very unsatisfied) to 5 (very satisfied), found '6'
crm-ticket: nothing was recorded: the batch had bad records"
	run --separate-stderr ticket revisit --customer C005 --project P003 --by S31 --satisfaction 4 --date 2026-11-28
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: date: 2026-11-28 is after today"
	run --separate-stderr ticket revisit --customer C005 --project P003 --by S31 --satisfaction 4
	assert_success
	assert_output "customer_id,customer,department,project,date,staff,satisfaction,note
C005,江南丝绸集团有限公司,销售一部,P003,2026-11-27,S31,4,"
	# P005's last revisit of 11-20, given with the project, is a revisit of the archive too.
	run --separate-stderr crm-ticket revisits --from 2026-11-20 --until 2026-11-24 --ojson
	assert_output '{"customer_id":"C004","customer":"西部软件有限公司","department":"销售二部","project":"P005","date":"2026-11-20","staff":"","satisfaction":null,"note":"last revisit given with the project"}
{"customer_id":"C001","customer":"华东机械有限公司","department":"销售一部","project":"P001","date":"2026-11-20","staff":"S31","satisfaction":5,"note":"运行稳定"}
{"customer_id":"C007","customer":"深圳华信电子有限公司","department":"销售一部","project":"P004","date":"2026-11-24","staff":"S31","satisfaction":3,"note":"看板偶有卡顿"}'
}

@test "crm-ticket: - reads standard input; empty input and no final newline" {
	run --separate-stderr bash -c 'printf "customer_id,first_responder,channel,summary,opened_at\nC001,S31,phone,x,2026-11-20 10:00" | crm-ticket --staff "$1" open -' _ "$STAFF"
	assert_success
	assert_line --index 1 --partial "T000001,C001,2026-11-20 10:00,S31,"
	run --separate-stderr bash -c 'crm-ticket --staff "$1" open < /dev/null' _ "$STAFF"
	assert_success
	assert_output "$HEADER"
	run --separate-stderr ticket open "$BATS_TEST_TMPDIR/nope.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
}

@test "crm-ticket: usage errors exit 2 with a hint" {
	cd "$BATS_TEST_TMPDIR"
	run bash -c '
		while IFS= read -r args; do
			crm-ticket $args > out 2> err < /dev/null; status=$?
			[ $status = 2 ] || echo "crm-ticket $args: exit $status, want 2"
			[ -s out ] && echo "crm-ticket $args: wrote to stdout"
			grep -q "^Try '\''crm-ticket --help'\''" err || echo "crm-ticket $args: no hint: $(cat err)"
		done <<-EOF

		frobnicate
		open --bogus
		open --customer C001
		open --customer C001 --responder S31 --summary x file.csv
		handoff T000001
		handoff --to S31
		resolve
		resolve T1 T2
		notify
		report
		list --window 0
		list --window x
		list --from 2026-13-01
		list --severity high
		open --customer C001 --responder S31 --summary x --at yesterday
		history
		revisits extra
		EOF
	'
	assert_success
	assert_output ""
}

@test "crm-ticket: --help and --version" {
	run --separate-stderr crm-ticket --help
	assert_success
	assert_line --index 0 "Usage: crm-ticket COMMAND [options] [FILE...|ID...]"
	local word
	for word in open handoff resolve amend list history notify report revisit revisits --retro-form --window --staff; do
		assert_output --partial "$word"
	done
	run --separate-stderr crm-ticket -V
	assert_success
	assert_output --regexp '^crm-ticket \(crm toolkit\) [0-9]'
}

@test "crm-ticket: a failed write exits 2; a closed pipe ends quietly" {
	load_tickets
	run --separate-stderr bash -c 'crm-ticket list > /dev/full'
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: write error: No space left on device"
	run --separate-stderr bash -c 'crm-ticket --staff "$1" report T000005 > /dev/full' _ "$STAFF"
	assert_failure 2
	run --separate-stderr bash -c 'crm-ticket list | head -n 1; echo "${PIPESTATUS[0]}"'
	assert_output "$HEADER
0"
	assert_equal "$stderr" ""
}

@test "CM-11: a staff member who left neither resolves nor hands off; on the last day they still may" {
	# S33 (郑凯) left on 2026-10-31, their last working day.
	ticket open --customer C001 --responder S33 --summary "打印机卡纸" --at "2026-10-30 09:00" > /dev/null
	ticket open --customer C002 --responder S33 --summary "无法登录" --at "2026-10-30 10:00" > /dev/null
	run --separate-stderr ticket resolve T000001 --at "2026-10-31 17:00"
	assert_success
	assert_line --index 1 --partial "T000001,C001,2026-10-30 09:00,S33,phone,打印机卡纸,normal,S33,resolved,2026-10-31 17:00,"
	# After it: the assignee S33 may not resolve, nor hand off, nor be handed the ticket.
	run --separate-stderr ticket resolve T000002 --at "2026-11-02 09:00"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-ticket: resolve T000002: assignee: staff 'S33' (郑凯) left on 2026-10-31 (give --by, or hand the ticket off)"
	run --separate-stderr ticket resolve T000002 --by S33 --at "2026-11-02 09:00"
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: resolve T000002: --by: staff 'S33' (郑凯) left on 2026-10-31 (give --by, or hand the ticket off)"
	run --separate-stderr ticket handoff T000002 --to S31 --by S33 --at "2026-11-02 09:00"
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: handoff T000002: --by: staff 'S33' (郑凯) left on 2026-10-31"
	assert_equal "$(sql "select status, assignee from ticket where id = 'T000002'")" "open|S33"
	# Handed off by the manager, the successor resolves it.
	run --separate-stderr ticket handoff T000002 --to S31 --by S30 --at "2026-11-02 09:00"
	assert_success
	run --separate-stderr ticket resolve T000002 --at "2026-11-02 10:00"
	assert_success
	assert_line --index 1 --partial ",S31,resolved,2026-11-02 10:00,"
}

@test "SVC-05: a revisit names a project of the archive, of that customer; the projects list its last revisit" {
	crm-file project add "$TD/projects.csv" > /dev/null
	run --separate-stderr ticket revisit --customer C005 --project P404 --by S31
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: project: no project 'P404' in the archive (add it with crm-file project add)"
	run --separate-stderr ticket revisit --customer C005 --project P001 --by S31
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: project: 'P001' is a project of customer C001, not of C005"
	# P001 delivered 2026-05-20, last revisited 2026-10-20 (from the file); revisited again on 11-20.
	ticket revisit --customer C001 --project P001 --by S31 --date 2026-11-20 > /dev/null
	run --separate-stderr crm-file project list
	assert_success
	assert_output "id,customer_id,name,delivered,last_revisit
P001,C001,生产线改造一期,2026-05-20,2026-11-20
P002,C002,变电站监控系统,2025-03-10,2026-08-10
P003,C005,丝绸仓储管理系统,2026-01-31,
P004,C007,电子看板,2026-01-31,2026-10-31
P005,C004,ERP实施,2026-09-01,2026-11-20"
	# As of 2026-11-01 the revisit of 11-20 had not happened.
	run --separate-stderr bash -c 'crm-file project list C001 --today 2026-11-01 | tail -n 1'
	assert_output "P001,C001,生产线改造一期,2026-05-20,2026-10-20"
}

# --- SVC-07 steps, SVC-10 forms, SVC-06 escalations (issue 23, issue 18 §5) ---

@test "SVC-07: a major fault's steps are dated ticket events, each once and in order" {
	load_tickets
	# T000005: the major fault of 2026-11-24 10:30, handed to S30, resolved 16:00.
	run --separate-stderr ticket step T000005 --kind notice --by S31 --at "2026-11-24 10:40"
	assert_success
	assert_equal "$stderr" ""
	ticket step T000005 --kind record --by S30 --at "2026-11-24 10:50" > /dev/null
	ticket step T000005 --kind escalate --by S30 --at "2026-11-24 11:00" --note "报总经理" > /dev/null
	ticket step T000005 --kind close --by S30 --at "2026-11-24 16:10" > /dev/null
	run --separate-stderr ticket step T000005 --kind report-sent --by S30 --at "2026-11-27 10:00"
	assert_success
	assert_output "ticket_id,at,event,by,to,note
T000005,2026-11-24 10:30,open,S31,,
T000005,2026-11-24 10:30,handoff,S31,S30,
T000005,2026-11-24 10:40,notice,S31,,
T000005,2026-11-24 10:50,record,S30,,
T000005,2026-11-24 11:00,escalate,S30,,报总经理
T000005,2026-11-24 16:00,resolve,S30,,
T000005,2026-11-24 16:10,close,S30,,
T000005,2026-11-27 10:00,report-sent,S30,,"
	# The same step twice is refused; so is a step dated before an earlier one.
	run --separate-stderr ticket step T000005 --kind notice --by S31 --at "2026-11-24 12:00"
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: step T000005: the notice step is already on file (2026-11-24 10:40)"
}

@test "SVC-07: a step out of order, on a normal ticket, by a leaver or of no such kind is refused, nothing written" {
	load_tickets
	ticket step T000005 --kind record --by S30 --at "2026-11-24 10:50" > /dev/null
	run --separate-stderr ticket step T000005 --kind escalate --by S30 --at "2026-11-24 10:45"
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: step T000005: escalate at 2026-11-24 10:45 is before the record step (2026-11-24 10:50)"
	run --separate-stderr ticket step T000001 --kind notice --by S31
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: step T000001: not a major fault; the SVC-07 steps are for major faults"
	# S33 left on 2026-10-31 (CM-11).
	run --separate-stderr ticket step T000005 --kind close --by S33 --at "2026-11-24 16:10"
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: step T000005: --by: staff 'S33' (郑凯) left on 2026-10-31"
	run --separate-stderr ticket step T000005 --kind closed --by S30
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: step: --kind: expected notice, record, escalate, close or report-sent, found 'closed'"
	run --separate-stderr ticket step T000404 --kind close --by S30
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: step: no ticket 'T000404' in the archive"
	run --separate-stderr crm-ticket history T000005
	assert_equal "${#lines[@]}" 5	# header, open, handoff, record, resolve
}

@test "SVC-07: a fault report not sent within 5 working days of closure is overdue" {
	load_tickets
	# T000005 resolved (no close step: closure is the resolution) Tue 2026-11-24;
	# 5 working days: 11-25, 26, 27, 30, 12-01 — due 12-01, overdue from 12-02.
	run --separate-stderr crm-ticket list --overdue --today 2026-12-01
	assert_success
	assert_output "$HEADER"
	run --separate-stderr crm-ticket list --overdue --today 2026-12-02
	assert_failure 1
	assert_line --index 1 --partial "T000005,C005,"
	# --report-days 6: due 12-02, not yet overdue on 12-02.
	run --separate-stderr crm-ticket list --overdue --today 2026-12-02 --report-days 6
	assert_success
	# The close step on Thu 11-26 moves the due day to Thu 12-03.
	ticket step T000005 --kind close --by S30 --at "2026-11-26 09:00" > /dev/null
	run --separate-stderr crm-ticket list --overdue --today 2026-12-03
	assert_success
	# Sent on 12-04, a day late: still overdue (not sent within the 5 days).
	ticket step T000005 --kind report-sent --by S30 --at "2026-12-04 09:00" --today 2026-12-04 > /dev/null
	run --separate-stderr crm-ticket list --overdue --today 2026-12-10
	assert_failure 1
	assert_line --index 1 --partial "T000005,"
	run --separate-stderr crm-ticket list --overdue --report-days x
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: --report-days: expected working days from 0 to 60, found 'x'"
}

@test "SVC-10: a ticket resolved first stays flagged until its work-contact form is on file" {
	load_tickets
	# S02 (销售二部, not technical service) resolves T000010 first, the form to follow.
	ticket resolve T000010 --by S02 --retro-form --at "2026-11-27 11:00" > /dev/null
	run --separate-stderr crm-ticket list --flagged
	assert_failure 1
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 --partial "T000010,C003,"
	run --separate-stderr ticket form T000010 --by S02 --on 2026-11-30 --today 2026-11-30
	assert_success
	assert_line --index 3 "T000010,2026-11-30 00:00,form,S02,,"
	run --separate-stderr crm-ticket list --flagged
	assert_success
	assert_output "$HEADER"
}

@test "SVC-10: a form not owed, twice, before the fix, in the future or by a leaver is refused" {
	load_tickets
	run --separate-stderr ticket form T000001 --by S31
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: form T000001: no form is owed: the ticket was not resolved with the form to follow (resolve --retro-form)"
	ticket resolve T000010 --by S32 --retro-form --at "2026-11-27 11:00" > /dev/null
	run --separate-stderr ticket form T000010 --by S32 --on 2026-11-26
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: form T000010: --on 2026-11-26 is before the ticket was resolved (2026-11-27 11:00)"
	run --separate-stderr ticket form T000010 --by S32 --on 2026-11-28
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: form: --on: 2026-11-28 is after today"
	run --separate-stderr ticket form T000010 --by S33
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: form T000010: --by: staff 'S33' (郑凯) left on 2026-10-31"
	run --separate-stderr ticket form T000010
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: form: option '--by' is needed"
	# On the day of the fix the form's entry is just after the resolution.
	run --separate-stderr ticket form T000010 --by S32
	assert_success
	assert_line --index 3 "T000010,2026-11-27 11:00,form,S32,,"
	run --separate-stderr ticket form T000010 --by S32
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: form T000010: the work-contact form is already on file (2026-11-27 11:00)"
}

@test "SVC-06: a disagreement escalated to the office stays open until the office rules" {
	load_tickets
	run --separate-stderr ticket escalate T000007 --note "技术服务部与销售一部对看板保修范围有分歧" --by S30 \
		--at "2026-11-26 10:00"
	assert_success
	assert_line --index 3 "T000007,2026-11-26 10:00,office-escalate,S30,,技术服务部与销售一部对看板保修范围有分歧"
	run --separate-stderr crm-ticket list --escalated
	assert_failure 1
	assert_line --index 1 --partial "T000007,"
	run --separate-stderr ticket escalate T000007 --note "again" --at "2026-11-26 11:00"
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: escalate T000007: already with the office since 2026-11-26 10:00, awaiting its ruling"
	run --separate-stderr ticket rule T000007 --by S00 --decision "由技术服务部保修" --at "2026-11-27 09:00"
	assert_success
	assert_line --index 4 "T000007,2026-11-27 09:00,office-ruling,S00,,由技术服务部保修"
	run --separate-stderr crm-ticket list --escalated
	assert_success
	assert_output "$HEADER"
	run --separate-stderr crm-ticket history T000007 --zh
	assert_line --index 3 --partial ",提交办公室,"
	assert_line --index 4 --partial ",办公室裁决,"
}

@test "SVC-06: a ruling without an escalation, or without a decision, is refused" {
	load_tickets
	run --separate-stderr ticket rule T000007 --by S00 --decision "x"
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: rule T000007: no escalation to the office awaits a ruling (crm-ticket escalate)"
	run --separate-stderr ticket rule T000007 --by S00
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: rule: option '--decision' is needed"
	run --separate-stderr ticket escalate T000007
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: escalate: option '--note' is needed"
	ticket escalate T000007 --note "分歧" --at "2026-11-26 10:00" > /dev/null
	run --separate-stderr ticket rule T000007 --by S33 --decision "x"
	assert_failure 2
	assert_equal "$stderr" "crm-ticket: rule T000007: --by: staff 'S33' (郑凯) left on 2026-10-31"
}

@test "SVC-02: a new contact on a matter whose ticket is still open is a repeat whatever the window" {
	load_tickets
	# T000007 (C007, board-blank, 2026-11-25) is still open: 15 days later is a repeat.
	run --separate-stderr ticket open --customer C007 --responder S31 --summary "看板仍黑屏" --matter board-blank \
		--at "2026-12-10 09:00"
	assert_failure 1
	assert_line --index 1 --partial ",board-blank,T000007,"
	# T000003 (C001, printer-driver) was resolved 11-23: 17 days later is a new matter.
	run --separate-stderr ticket open --customer C001 --responder S31 --summary "驱动" --matter printer-driver \
		--at "2026-12-10 09:00"
	assert_success
	assert_line --index 1 --partial ",printer-driver,,"
}

@test "SVC-02: matters that differ only by spaces (CJK, ASCII and full-width) match" {
	ticket open --customer C001 --responder S31 --summary "仓储 系统登录" --at "2026-11-02 09:00" > /dev/null
	# The same matter with a full-width space (U+3000) and no space, a month later, the first still open.
	run --separate-stderr ticket open --customer C001 --responder S31 --summary "仓储　系统 登录" --at "2026-12-02 09:00"
	assert_failure 1
	assert_line --index 1 --partial ",T000001,"
	run --separate-stderr ticket open --customer C001 --responder S31 --summary "仓储系统登录" --at "2026-12-03 09:00"
	assert_failure 1
	assert_line --index 1 --partial ",T000002,"
	# A different matter is not a repeat.
	run --separate-stderr ticket open --customer C001 --responder S31 --summary "仓储系统备份" --at "2026-12-03 10:00"
	assert_success
}

@test "crm-ticket: each command takes only its own options and has its own --help" {
	load_tickets
	run --separate-stderr crm-ticket list --to S30
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: list: option '--to' is not one of this command's; 'crm-ticket list --help' lists them"
	run --separate-stderr crm-ticket handoff T000010 --to S02 --window 3
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: handoff: option '--window' is not one of this command's; 'crm-ticket handoff --help' lists them"
	run --separate-stderr crm-ticket form --help
	assert_success
	assert_line --index 0 "Usage: crm-ticket form [options] ID"
	assert_line "  --on DATE             form: the day the form was filed (default: today)"
	refute_line --partial "--window"
	run --separate-stderr crm-ticket handoff T000010
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-ticket: handoff: option '--to' is needed"
}

@test "crm-ticket: --help, the man page and the bash and zsh completions name the same options" {
	local help own man bash zsh
	help=$(crm-ticket --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
	own=$(crm-ticket --help | sed -n '/^Options:/,/^Common options:/p' | grep -o '^  --[a-z-]*' | tr -d ' ' | sort -u)
	man=$(grep -o 'Fl -[a-z][a-z-]*' "$BATS_TEST_DIRNAME/../man/crm-ticket.1" | sed 's/^Fl /-/' | sort -u)
	bash=$(grep -o -- '--[a-z][a-z-]*' "$BATS_TEST_DIRNAME/../completions/bash/crm-ticket" | sort -u)
	zsh=$(grep -o -- '--[a-z][a-z-]*' "$BATS_TEST_DIRNAME/../completions/zsh/_crm-ticket" | sort -u)
	[ -n "$own" ]
	assert_equal "$bash" "$help"
	assert_equal "$zsh" "$help"
	# Every program option is in the man page; the man page names no option --help lacks.
	assert_equal "$(comm -23 <(echo "$own") <(echo "$man"))" ""
	assert_equal "$(comm -13 <(echo "$help") <(echo "$man"))" ""
}
