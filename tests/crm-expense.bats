#!/usr/bin/env bats
# crm-expense: expense claims judged against the customer archive (CM-15).
# testdata/customers.csv: C001, C002, C008 registered long ago; C003 and C006
# not registered; C004 registered 2026-10-16 (late); C005 registered on the
# make-up Saturday 2026-10-10; C007 registered 2026-10-16.

bats_require_minimum_version 1.5.0

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	PATH="${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}:$PATH"
	# Some tests cd: keep a relative CRM_BIN working there.
	PATH="$(cd "${PATH%%:*}" && pwd):$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27
	TD=$BATS_TEST_DIRNAME/../testdata
	CUST=$TD/customers.csv
	CLAIMS=$TD/claims.csv
	T=$BATS_TEST_TMPDIR
	HEADER=id,staff,customer_id,customer,kind,amount,date,verdict,reason
}

# Judge each "customer_id,customer,kind,date => verdict,reason status" line of stdin
# as a claim of 100.00 against testdata/customers.csv; print the mismatches.
check_verdicts() {
	local line claim want got status
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		claim=${line%% => *}
		want=${line#* => }
		got=$(printf 'customer_id,customer,kind,date,amount\n%s,100.00\n' "$claim" |
			crm-expense --customers "$CUST" 2>&1)
		status=$?
		got="$(printf '%s\n' "$got" | tail -n +2 | cut -d, -f6-) $status"
		[ "$got" = "$want" ] || echo "$claim: got '$got', want '$want'"
	done
}

@test "CM-15: testdata/claims.csv: every claim gets its verdict and reason" {
	run --separate-stderr crm-expense --customers "$CUST" "$CLAIMS"
	assert_failure 1
	assert_output - <<-'EOF'
	id,staff,customer_id,customer,kind,amount,date,verdict,reason,note
	E001,S01,C001,,entertainment,860.00,2026-10-12,reimbursable,,客户答谢晚宴
	E002,S01,C003,,gift,1200.00,2026-10-09,rejected,not-registered,中秋月饼礼盒
	E003,S02,C004,,travel,2350.50,2026-10-12,rejected,registered-after-expense,"成都出差,高铁及住宿"
	E004,S02,,西部软件有限公司,entertainment,480.00,2026-10-16,reimbursable,,签约午餐
	E005,S03,C005,,gift,300.00,2026-10-10,reimbursable,,丝绸样品回礼
	E006,S03,C009,,entertainment,650.00,2026-11-02,rejected,unknown-customer,客户编号填错
	E007,S01,,华东机械公司,travel,1500.00,2026-11-05,rejected,unknown-customer,"名称写成""华东机械公司"""
	E008,S02,C006,,other,150.00,2026-10-20,rejected,not-registered,快递费
	E009,S04,,北方电力设备厂,travel,1800.00,2026-11-05,reimbursable,,北京出差
	E010,S02,C006,中原重工股份有限公司,entertainment,920.00,2026-10-21,rejected,not-registered,工作餐
	E011,S01,C007,,entertainment,1000.00,2026-10-15,reimbursable,,备案前一天的宴请
	E012,S01,,南方贸易(进出口)有限公司,other,88.00,2026-10-09,rejected,not-registered,资料打印
	EOF
	assert_equal "$stderr" ""
}

@test "CM-15: an entertainment claim for an unregistered customer is rejected (not-registered)" {
	run check_verdicts <<-'EOF'
	C003,,entertainment,2026-10-09 => rejected,not-registered 1
	C003,,travel,2026-10-09 => rejected,not-registered 1
	C003,,gift,2026-10-09 => rejected,not-registered 1
	C006,,entertainment,2026-11-27 => rejected,not-registered 1
	C006,中原重工股份有限公司,gift,2026-10-21 => rejected,not-registered 1
	,中原重工股份有限公司,travel,2026-10-21 => rejected,not-registered 1
	EOF
	assert_success
	assert_output ""
}

@test "CM-15: a registration after the CM-05 deadline never covers an earlier expense" {
	# C004: first contact 09-30, deadline 10-13 (10-09, 10, 12, 13 after National
	# Day: 09-30 is day 0, 10-08 1, 10-09 2, 10-10 3, 10-12 4, 10-13 5), registered
	# 10-16: late, so nothing before 10-16 is covered.
	run check_verdicts <<-'EOF'
	C004,,entertainment,2026-10-12 => rejected,registered-after-expense 1
	C004,,travel,2026-10-15 => rejected,registered-after-expense 1
	C004,,gift,2026-09-30 => rejected,registered-after-expense 1
	,西部软件有限公司,gift,2026-10-15 => rejected,registered-after-expense 1
	C004,,other,2026-10-01 => rejected,registered-after-expense 1
	EOF
	assert_success
	assert_output ""
}

@test "CM-15: a dinner on the day of first contact, registered on time, is paid" {
	# C007: first contact on the make-up Saturday 10-10, deadline 10-16 (10-12..10-16),
	# registered 10-16: in time, so an expense from 10-10 to 10-16 is covered.
	# C005: first contact 09-28, deadline 10-10, registered 10-10.  C001: first
	# contact 03-05 (Thursday), deadline 03-12, registered 03-09.
	run check_verdicts <<-'EOF'
	C007,,entertainment,2026-10-10 => reimbursable, 0
	C007,,travel,2026-10-15 => reimbursable, 0
	C005,,gift,2026-10-09 => reimbursable, 0
	C005,,entertainment,2026-09-28 => reimbursable, 0
	C001,,entertainment,2026-03-05 => reimbursable, 0
	C001,,entertainment,2026-03-08 => reimbursable, 0
	C007,,entertainment,2026-10-09 => rejected,registered-after-expense 1
	C001,,gift,2026-03-04 => rejected,registered-after-expense 1
	EOF
	assert_success
	assert_output ""
}

@test "CM-15: a first contact past the calendar's last year gives a provisional window, never an error" {
	# D1: first contact 2026-12-28, deadline 2027-01-05 (provisional: 01-01 fixed,
	# weekend 01-02/03), registered 2027-01-05: a dinner on 12-28 is paid.
	local c=$BATS_TEST_TMPDIR/c.csv
	printf 'id,name,first_contact,registered\nD1,岁末公司,2026-12-28,2027-01-05\nD2,迟到公司,2026-12-28,2027-01-06\n' > "$c"
	run --separate-stderr crm-expense --customers "$c" - <<-'EOF'
	id,staff,customer_id,kind,amount,date
	X1,S01,D1,entertainment,300,2026-12-28
	X2,S01,D2,entertainment,300,2026-12-28
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_line --index 1 "X1,S01,D1,entertainment,300.00,2026-12-28,reimbursable,"
	assert_line --index 2 "X2,S01,D2,entertainment,300.00,2026-12-28,rejected,registered-after-expense"
}

@test "CM-15: the same claim twice is paid once (same id, or same staff, customer, date, kind and amount)" {
	# X2 repeats X1's id; X4 repeats X3's staff, customer (by name), date, kind and
	# amount under another id; X5 differs in amount: a claim of its own.
	run --separate-stderr crm-expense --customers "$CUST" - <<-'EOF'
	id,staff,customer_id,customer,kind,amount,date
	X1,S01,C001,,entertainment,860.00,2026-10-12
	X1,S01,C001,,travel,100.00,2026-10-13
	X3,S02,C002,,travel,1800,2026-11-05
	X4,S02,,北方电力设备厂,travel,1800.00,2026-11-05
	X5,S02,C002,,travel,1800.01,2026-11-05
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "id,staff,customer_id,customer,kind,amount,date,verdict,reason
X1,S01,C001,,entertainment,860.00,2026-10-12,reimbursable,
X1,S01,C001,,travel,100.00,2026-10-13,rejected,duplicate
X3,S02,C002,,travel,1800.00,2026-11-05,reimbursable,
X4,S02,,北方电力设备厂,travel,1800.00,2026-11-05,rejected,duplicate
X5,S02,C002,,travel,1800.01,2026-11-05,reimbursable,"
}

@test "CM-15: registered on the day of the expense is reimbursable" {
	run check_verdicts <<-'EOF'
	C004,,entertainment,2026-10-16 => reimbursable, 0
	C007,,travel,2026-10-16 => reimbursable, 0
	C005,,gift,2026-10-10 => reimbursable, 0
	C001,,entertainment,2026-03-09 => reimbursable, 0
	C004,,entertainment,2026-10-17 => reimbursable, 0
	C002,,travel,2026-11-05 => reimbursable, 0
	C008,,gift,2026-01-05 => reimbursable, 0
	EOF
	assert_success
	assert_output ""
}

@test "CM-15: a claim for a customer not in the archive is rejected (unknown-customer)" {
	run check_verdicts <<-'EOF'
	C009,,entertainment,2026-11-02 => rejected,unknown-customer 1
	c001,,gift,2026-11-02 => rejected,unknown-customer 1
	,华东机械公司,travel,2026-11-05 => rejected,unknown-customer 1
	C009,华东机械有限公司,gift,2026-11-05 => rejected,unknown-customer 1
	EOF
	assert_success
	assert_output ""
}

@test "CM-15: kind other is judged like the rest (等: any expense tied to a customer)" {
	run check_verdicts <<-'EOF'
	C003,,other,2026-10-09 => rejected,not-registered 1
	C004,,other,2026-10-12 => rejected,registered-after-expense 1
	C009,,other,2026-10-12 => rejected,unknown-customer 1
	,没有这家公司,other,2026-10-12 => rejected,unknown-customer 1
	C001,,other,2026-03-10 => reimbursable, 0
	EOF
	assert_success
	assert_output ""
}

@test "crm-expense: a claim names its customer by exact name when customer_id is empty" {
	run check_verdicts <<-'EOF'
	,西部软件有限公司,entertainment,2026-10-16 => reimbursable, 0
	,西部软件有限公司,entertainment,2026-10-12 => rejected,registered-after-expense 1
	,南方贸易(进出口)有限公司,gift,2026-10-12 => rejected,not-registered 1
	,北方电力设备厂,travel,2026-11-05 => reimbursable, 0
	,西部软件,travel,2026-11-05 => rejected,unknown-customer 1
	C001,南方贸易(进出口)有限公司,gift,2026-10-12 => reimbursable, 0
	EOF
	assert_success
	assert_output ""
}

@test "crm-expense: a name shared by several customers is an error naming FILE:LINE" {
	cat > "$T/customers.csv" <<-'EOF'
	id,name,department,registered
	K1,恒通物流有限公司,销售一部,2026-01-05
	K2,恒通物流有限公司,销售二部,
	K3,恒远物流有限公司,销售二部,2026-02-01
	EOF
	cat > "$T/claims.csv" <<-'EOF'
	id,staff,customer_id,customer,kind,amount,date
	A1,S01,,恒通物流有限公司,gift,100,2026-10-12
	A2,S01,K2,恒通物流有限公司,gift,100,2026-10-12
	A3,S01,,恒远物流有限公司,gift,100,2026-10-12
	A4,S01,,恒通物流有限公司,other,100,2026-10-12
	EOF
	run --separate-stderr crm-expense -c "$T/customers.csv" "$T/claims.csv"
	assert_failure 2
	assert_output - <<-EOF
	$HEADER
	A2,S01,K2,恒通物流有限公司,gift,100.00,2026-10-12,rejected,not-registered
	A3,S01,,恒远物流有限公司,gift,100.00,2026-10-12,reimbursable,
	EOF
	assert_equal "$stderr" "crm-expense: $T/claims.csv:2: customer '恒通物流有限公司' names several customers: give customer_id
crm-expense: $T/claims.csv:5: customer '恒通物流有限公司' names several customers: give customer_id"
}

@test "crm-expense: bad claims are reported with FILE:LINE and left out; the others are written" {
	cd "$T"
	# Line 2-3 is one record (a quoted line break): line numbers are the record's first line.
	printf '%s\n' \
		'id,staff,customer_id,customer,kind,amount,date,note' \
		'G1,S01,C001,,gift,100,2026-10-12,"两行' \
		'备注"' \
		'B1,S01,C001,,gift,-100.00,2026-10-12,负数' \
		'B2,S01,C001,,gift,100,2026-02-30,没有这天' \
		'B3,S01,C001,,meal,100,2026-10-12,类别不对' \
		'B4,S01,,,gift,100,2026-10-12,没有客户' \
		'G2,S02,C003,,gift,100,2026-10-12,' \
		'B5,S01,C001,,gift,100.001,2026-10-12,三位小数' \
		'B6,S01,C001,,,100,2026-10-12,' \
		'B7,S01,C001,,gift,,2026-10-12,' \
		'B8,S01,C001,,gift,100,,' \
		'B9,S01,C001,,gift,100,tomorrow,' \
		'G3,S01,C001,,gift,0,2026-10-12,零' > claims.csv
	run --separate-stderr crm-expense --customers "$CUST" claims.csv
	assert_failure 2
	assert_output - <<-'EOF'
	id,staff,customer_id,customer,kind,amount,date,verdict,reason,note
	G1,S01,C001,,gift,100.00,2026-10-12,reimbursable,,"两行
	备注"
	G2,S02,C003,,gift,100.00,2026-10-12,rejected,not-registered,
	G3,S01,C001,,gift,0.00,2026-10-12,reimbursable,,零
	EOF
	assert_equal "$stderr" "$(cat <<-'EOF'
	crm-expense: claims.csv:4: amount: expected a positive amount, found '-100.00'
	crm-expense: claims.csv:5: date: expected a date (YYYY-MM-DD), found '2026-02-30'
	crm-expense: claims.csv:6: kind: expected one of entertainment, travel, gift, other, found 'meal'
	crm-expense: claims.csv:7: a claim needs customer_id or customer
	crm-expense: claims.csv:9: amount: expected an amount in yuan with at most two decimals, found '100.001'
	crm-expense: claims.csv:10: kind: expected one of entertainment, travel, gift, other, found ''
	crm-expense: claims.csv:11: amount: expected an amount in yuan with at most two decimals, found ''
	crm-expense: claims.csv:12: date: expected a date (YYYY-MM-DD), found ''
	crm-expense: claims.csv:13: date: expected a date (YYYY-MM-DD), found 'tomorrow'
	EOF
	)"
}

@test "crm-expense: a bad claim with a rejected one exits 2, not 1" {
	printf 'customer_id,kind,amount,date\nC003,gift,100,2026-10-12\nC001,gift,-1,2026-10-12\n' > "$T/c.csv"
	run --separate-stderr crm-expense -c "$CUST" "$T/c.csv"
	assert_failure 2
	assert_output "$(printf 'customer_id,kind,amount,date,verdict,reason\nC003,gift,100.00,2026-10-12,rejected,not-registered')"
	assert_equal "$stderr" "crm-expense: $T/c.csv:3: amount: expected a positive amount, found '-1'"
}

@test "crm-expense: --strict stops at the first bad claim" {
	printf 'customer_id,kind,amount,date\nC001,gift,1,2026-10-12\nC001,gift,-1,2026-10-12\nC003,gift,1,2026-10-12\nC001,meal,1,2026-10-12\n' > "$T/c.csv"
	run --separate-stderr crm-expense -c "$CUST" --strict "$T/c.csv"
	assert_failure 2
	assert_output "$(printf 'customer_id,kind,amount,date,verdict,reason\nC001,gift,1.00,2026-10-12,reimbursable,')"
	assert_equal "$stderr" "crm-expense: $T/c.csv:3: amount: expected a positive amount, found '-1'"
}

@test "crm-expense: exit 0 when every claim is reimbursable, 1 when any is rejected" {
	grep -v ',C003,\|,C004,\|,C006,\|,C007,\|,C009,\|华东机械公司\|南方贸易' "$CLAIMS" > "$T/ok.csv"
	run --separate-stderr crm-expense -c "$CUST" "$T/ok.csv"
	assert_success
	assert_equal "${#lines[@]}" 5
	refute_output --partial rejected
	assert_equal "$stderr" ""
	head -3 "$CLAIMS" > "$T/one-rejected.csv"
	run --separate-stderr crm-expense -c "$CUST" "$T/one-rejected.csv"
	assert_failure 1
	assert_line --index 2 --partial ',rejected,not-registered,'
	assert_equal "$stderr" ""
	run --separate-stderr crm-expense -c "$CUST" --summary "$T/one-rejected.csv"
	assert_failure 1
	run --separate-stderr crm-expense -c "$CUST" --summary "$T/ok.csv"
	assert_success
}

@test "crm-expense: --summary counts claims and rejected amounts per staff and department" {
	run --separate-stderr crm-expense -c "$CUST" "$CLAIMS" --summary
	assert_failure 1
	assert_output - <<-'EOF'
	staff,department,claims,rejected,rejected_amount
	S01,,1,1,1500.00
	S01,销售一部,4,2,1288.00
	S02,销售二部,4,3,3420.50
	S03,,1,1,650.00
	S03,销售一部,1,0,0.00
	S04,销售二部,1,0,0.00
	EOF
	assert_equal "$stderr" ""
}

@test "crm-expense: --summary leaves bad claims out, sorts by staff then department, writes --zh and --ojson" {
	printf '%s\n' 'staff,customer_id,kind,amount,date' \
		'S10,C006,gift,"1,000.10",2026-10-12' \
		'S02,C002,gift,5,2026-10-12' \
		'S10,C001,gift,7,2026-10-12' \
		'S10,C006,travel,0.90,2026-10-13' \
		'S02,C001,gift,-5,2026-10-12' > "$T/c.csv"
	run --separate-stderr crm-expense -c "$CUST" -s "$T/c.csv"
	assert_failure 2
	assert_output - <<-'EOF'
	staff,department,claims,rejected,rejected_amount
	S02,销售二部,1,0,0.00
	S10,销售一部,1,0,0.00
	S10,销售二部,2,2,1001.00
	EOF
	assert_equal "$stderr" "crm-expense: $T/c.csv:6: amount: expected a positive amount, found '-5'"
	run --separate-stderr crm-expense -c "$CUST" -s --zh "$CLAIMS"
	assert_failure 1
	assert_line --index 0 "报销人,业务部门,报销笔数,拒绝笔数,拒绝金额"
	assert_line --index 3 "S02,销售二部,4,3,3420.50"
	run --separate-stderr crm-expense -c "$CUST" -s --ojson "$CLAIMS"
	assert_failure 1
	assert_line --index 0 '{"staff":"S01","department":"","claims":1,"rejected":1,"rejected_amount":1500.00}'
	assert_line --index 4 '{"staff":"S03","department":"销售一部","claims":1,"rejected":0,"rejected_amount":0.00}'
	assert_equal "${#lines[@]}" 6
}

@test "crm-expense: --ojson writes amounts as numbers with two decimals, ids as strings" {
	printf '%s\n' 'id,staff,customer_id,customer,kind,amount,date,note' \
		'1001,007,C003,,gift,1200,2026-10-09,12' \
		'1002,008,C001,,travel,"1,234.5",2026/10/12,' > "$T/c.csv"
	run --separate-stderr crm-expense -c "$CUST" --ojson "$T/c.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	{"id":"1001","staff":"007","customer_id":"C003","customer":"","kind":"gift","amount":1200.00,"date":"2026-10-09","verdict":"rejected","reason":"not-registered","note":"12"}
	{"id":"1002","staff":"008","customer_id":"C001","customer":"","kind":"travel","amount":1234.50,"date":"2026-10-12","verdict":"reimbursable","reason":"","note":""}
	EOF
	assert_equal "$stderr" ""
}

@test "crm-expense: --json reads JSON Lines claims and customers" {
	cat > "$T/customers.jsonl" <<-'EOF'
	{"id":"C001","name":"华东机械有限公司","department":"销售一部","registered":"2026-03-09"}
	{"id":"C003","name":"南方贸易","department":"销售一部","registered":null}
	EOF
	cat > "$T/claims.jsonl" <<-'EOF'
	{"id":1001,"staff":"S01","customer_id":"","customer":"南方贸易","kind":"礼品","amount":99.5,"date":"2026-10-12"}
	{"id":"1002","staff":"S01","customer_id":"C001","customer":"","kind":"gift","amount":"1200","date":"2026年10月12日"}
	EOF
	run --separate-stderr crm-expense -c "$T/customers.jsonl" --json "$T/claims.jsonl"
	assert_failure 1
	assert_output - <<-'EOF'
	{"id":"1001","staff":"S01","customer_id":"","customer":"南方贸易","kind":"gift","amount":99.50,"date":"2026-10-12","verdict":"rejected","reason":"not-registered"}
	{"id":"1002","staff":"S01","customer_id":"C001","customer":"","kind":"gift","amount":1200.00,"date":"2026-10-12","verdict":"reimbursable","reason":""}
	EOF
	assert_equal "$stderr" ""
}

@test "crm-expense: Chinese headers, kinds and dates in the claims file" {
	printf '%s\r\n' '单号,报销人,客户编号,客户名称,费用类别,金额,日期,备注' \
		'E101,S01,,华东机械有限公司,招待,"¥1,200.5",2026/10/9,中秋宴请' \
		'E102,S02,C004,,差旅,300,2026年10月12日,"成都,出差"' \
		'E103,S03,C006,,其他,15,2026-10-20,快递' > "$T/报销单.csv"
	run --separate-stderr crm-expense -c "$CUST" "$T/报销单.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	id,staff,customer_id,customer,kind,amount,date,verdict,reason,备注
	E101,S01,,华东机械有限公司,entertainment,1200.50,2026-10-09,reimbursable,,中秋宴请
	E102,S02,C004,,travel,300.00,2026-10-12,rejected,registered-after-expense,"成都,出差"
	E103,S03,C006,,other,15.00,2026-10-20,rejected,not-registered,快递
	EOF
	assert_equal "$stderr" ""
}

@test "crm-expense: a GBK claims file (Excel/WPS) is read" {
	printf '%s\r\n' '单号,报销人,客户编号,客户名称,费用类别,金额,日期,备注' \
		'E201,S01,,南方贸易(进出口)有限公司,礼品,"1,200.00",2026/10/9,中秋月饼礼盒' \
		'E202,S02,,西部软件有限公司,招待,480,2026-10-16,签约午餐' |
		iconv -f UTF-8 -t GBK > "$T/gbk.csv"
	run --separate-stderr crm-expense -c "$CUST" "$T/gbk.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	id,staff,customer_id,customer,kind,amount,date,verdict,reason,备注
	E201,S01,,南方贸易(进出口)有限公司,gift,1200.00,2026-10-09,rejected,not-registered,中秋月饼礼盒
	E202,S02,,西部软件有限公司,entertainment,480.00,2026-10-16,reimbursable,,签约午餐
	EOF
	assert_equal "$stderr" ""
	# Forced to UTF-8, the GBK bytes are an error with the line.
	run --separate-stderr crm-expense -c "$CUST" --encoding utf-8 "$T/gbk.csv"
	assert_failure 2
	assert_output ""
	assert_regex "$stderr" "^crm-expense: $T/gbk.csv:1: header: byte sequence .* is not valid UTF-8"
}

@test "crm-expense: --zh writes Chinese headers, kinds, verdicts and reasons" {
	run --separate-stderr crm-expense -c "$CUST" --zh "$CLAIMS"
	assert_failure 1
	assert_line --index 0 "单号,报销人,客户编号,客户名称,费用类别,金额,日期,审核结果,原因,note"
	assert_line --index 1 "E001,S01,C001,,招待,860.00,2026-10-12,可报销,,客户答谢晚宴"
	assert_line --index 3 "E003,S02,C004,,差旅,2350.50,2026-10-12,不予报销,费用发生后才备案,\"成都出差,高铁及住宿\""
	assert_line --index 8 "E008,S02,C006,,其他,150.00,2026-10-20,不予报销,客户未备案,快递费"
	assert_equal "$stderr" ""
	# ... and reads back: the Chinese verdict column is replaced, not doubled.
	run --separate-stderr bash -c 'crm-expense -c "$1" --zh "$2" | crm-expense -c "$1"' _ "$CUST" "$CLAIMS"
	assert_failure 1
	assert_line --index 0 "id,staff,customer_id,customer,kind,amount,date,verdict,reason,note"
	assert_line --index 3 "E003,S02,C004,,travel,2350.50,2026-10-12,rejected,registered-after-expense,\"成都出差,高铁及住宿\""
}

@test "crm-expense: --otable aligns columns, CJK two wide; --bom starts the output" {
	run --separate-stderr crm-expense -c "$CUST" --otable "$CLAIMS"
	assert_failure 1
	assert_line --index 0 --regexp '^id +staff +customer_id +customer +kind +amount +date +verdict +reason +note$'
	assert_line --index 4 'E004  S02                 西部软件有限公司          entertainment   480.00  2026-10-16  reimbursable                            签约午餐'
	assert_line --index 12 'E012  S01                 南方贸易(进出口)有限公司  other            88.00  2026-10-09  rejected      not-registered            资料打印'
	run bash -c 'crm-expense -c "$1" --bom "$2" | head -c 3 | od -An -tx1' _ "$CUST" "$CLAIMS"
	assert_success
	assert_output " ef bb bf"
}

@test "crm-expense: unknown columns pass through after verdict and reason, quoting intact" {
	printf '%s\n' 'note,kind,审批人,amount,date,customer_id,附件' \
		'"含逗号,和""引号""",gift,王经理,100,2026-10-12,C003,"第一行' \
		'第二行"' \
		',other,,5,2026-10-12,C003,' > "$T/c.csv"
	run --separate-stderr crm-expense -c "$CUST" "$T/c.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	customer_id,kind,amount,date,verdict,reason,note,审批人,附件
	C003,gift,100.00,2026-10-12,rejected,not-registered,"含逗号,和""引号""",王经理,"第一行
	第二行"
	C003,other,5.00,2026-10-12,rejected,not-registered,,,
	EOF
	assert_equal "$stderr" ""
}

@test "crm-expense: judged claims can be judged again (verdict and reason are replaced)" {
	run --separate-stderr bash -c 'crm-expense -c "$1" "$2" | crm-expense -c "$1"' _ "$CUST" "$CLAIMS"
	assert_failure 1
	assert_output "$(crm-expense -c "$CUST" "$CLAIMS")"
	assert_equal "$stderr" ""
}

@test "crm-expense: claims without the needed columns are refused" {
	printf 'id,staff,customer,amount\nE1,S01,华东机械有限公司,5\n' > "$T/c.csv"
	run --separate-stderr crm-expense -c "$CUST" "$T/c.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-expense: $T/c.csv: claims need the columns kind, amount, date and customer_id or customer"
}

@test "crm-expense: --customers is required" {
	run --separate-stderr crm-expense "$CLAIMS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-expense: --customers FILE is required
Try 'crm-expense --help' for more information."
}

@test "crm-expense: usage errors exit 2 with a hint" {
	cd "$BATS_TEST_TMPDIR"
	run bash -c '
		while IFS= read -r args; do
			crm-expense $args < "$1" > out 2> err; status=$?
			[ $status = 2 ] || echo "crm-expense $args: exit $status, want 2"
			[ -s out ] && echo "crm-expense $args: wrote to stdout"
			grep -q "^Try '\''crm-expense --help'\''" err || echo "crm-expense $args: no hint: $(cat err)"
		done <<-EOF
		--bogus -c $2
		-c $2 -x
		-c
		--customers
		-c $2 --encoding latin1
		-c $2 --summary=yes
		EOF
	' _ "$CLAIMS" "$CUST"
	assert_success
	assert_output ""
	run --separate-stderr crm-expense -c "$CUST" --bogus
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-expense: unknown option '--bogus'
Try 'crm-expense --help' for more information."
	run --separate-stderr crm-expense -c
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-expense: option '-c' needs a value"
}

@test "crm-expense: a missing claims file is an error; the other files are still read" {
	run --separate-stderr crm-expense -c "$CUST" "$T/nope.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-expense: $T/nope.csv: No such file or directory"
	run --separate-stderr crm-expense -c "$CUST" "$T/nope.csv" "$CLAIMS"
	assert_failure 2
	assert_output "$(crm-expense -c "$CUST" "$CLAIMS")"
	assert_equal "$stderr" "crm-expense: $T/nope.csv: No such file or directory"
}

@test "crm-expense: a missing or unusable customers file stops before any claim" {
	run --separate-stderr crm-expense -c "$T/nope.csv" "$CLAIMS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-expense: $T/nope.csv: No such file or directory"
	printf 'id,name,department\nC001,华东机械有限公司,销售一部\n' > "$T/noreg.csv"
	run --separate-stderr crm-expense -c "$T/noreg.csv" "$CLAIMS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-expense: $T/noreg.csv: a customers file needs the columns id and registered"
	: > "$T/empty.csv"
	run --separate-stderr crm-expense -c "$T/empty.csv" "$CLAIMS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-expense: $T/empty.csv: a customers file needs the columns id and registered"
}

@test "crm-expense: a customers file with only a header knows no customer" {
	printf 'id,name,registered\n' > "$T/none.csv"
	run --separate-stderr crm-expense -c "$T/none.csv" "$CLAIMS"
	assert_equal "$stderr" ""
	assert_failure 1
	assert_equal "${#lines[@]}" 13
	assert_line --index 1 "E001,S01,C001,,entertainment,860.00,2026-10-12,rejected,unknown-customer,客户答谢晚宴"
	assert_line --index 8 "E008,S02,C006,,other,150.00,2026-10-20,rejected,unknown-customer,快递费"
}

@test "crm-expense: bad customer records are reported with FILE:LINE, exit 2" {
	cat > "$T/customers.csv" <<-'EOF'
	客户编号,客户名称,业务部门,备案日期
	K1,甲公司,销售一部,2026-01-05
	,乙公司,销售一部,2026-01-05
	K3,丙公司,销售二部,2026-13-01
	K1,丁公司,销售二部,2026-02-01
	EOF
	printf 'customer_id,kind,amount,date\nK1,gift,1,2026-10-12\nK3,gift,1,2026-10-12\n' > "$T/c.csv"
	run --separate-stderr crm-expense -c "$T/customers.csv" "$T/c.csv"
	assert_failure 2
	assert_output - <<-'EOF'
	customer_id,kind,amount,date,verdict,reason
	K1,gift,1.00,2026-10-12,reimbursable,
	K3,gift,1.00,2026-10-12,rejected,not-registered
	EOF
	assert_equal "$stderr" "crm-expense: $T/customers.csv:3: id: a customer needs an id
crm-expense: $T/customers.csv:4: registered: expected a date (YYYY-MM-DD), found '2026-13-01'
crm-expense: $T/customers.csv:5: id: customer 'K1' appears more than once"
	run --separate-stderr crm-expense -c "$T/customers.csv" --strict "$T/c.csv"
	assert_failure 2
	assert_output ""
}

@test "crm-expense: - and no operands read standard input" {
	run --separate-stderr bash -c 'crm-expense -c "$1" - < "$2"' _ "$CUST" "$CLAIMS"
	assert_failure 1
	assert_output "$(crm-expense -c "$CUST" "$CLAIMS")"
	assert_equal "$stderr" ""
	run --separate-stderr bash -c 'crm-expense -c "$1" < "$2"' _ "$CUST" "$CLAIMS"
	assert_failure 1
	assert_output "$(crm-expense -c "$CUST" "$CLAIMS")"
	# A file, then standard input (each with its header), as one stream: the
	# second reading of each claim is the same claim again (CM-15: paid once).
	run --separate-stderr bash -c 'crm-expense -c "$1" "$2" - < "$2"' _ "$CUST" "$CLAIMS"
	assert_failure 1
	assert_equal "${#lines[@]}" 25
	assert_line --index 14 "E002,S01,C003,,gift,1200.00,2026-10-09,rejected,duplicate,中秋月饼礼盒"
	assert_equal "$stderr" ""
	# A diagnostic about standard input names it.
	run --separate-stderr bash -c 'printf "kind,amount,date,customer_id\ngift,x,2026-10-12,C001\n" | crm-expense -c "$1"' _ "$CUST"
	assert_failure 2
	assert_equal "$stderr" "crm-expense: (stdin):2: amount: expected an amount in yuan with at most two decimals, found 'x'"
}

@test "crm-expense: empty input gives empty output, a header alone gives the header" {
	run --separate-stderr crm-expense -c "$CUST" < /dev/null
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	run --separate-stderr crm-expense -c "$CUST" --summary < /dev/null
	assert_success
	assert_output "staff,department,claims,rejected,rejected_amount"
	head -1 "$CLAIMS" > "$T/header.csv"
	run --separate-stderr crm-expense -c "$CUST" "$T/header.csv"
	assert_success
	assert_output "id,staff,customer_id,customer,kind,amount,date,verdict,reason,note"
	assert_equal "$stderr" ""
	run --separate-stderr crm-expense -c "$CUST" --ojson "$T/header.csv"
	assert_success
	assert_output ""
}

@test "crm-expense: no final newline, CRLF and a BOM are read" {
	printf '\357\273\277customer_id,kind,amount,date\r\nC001,gift,1,2026-10-12\r\nC003,gift,2,2026-10-12' > "$T/c.csv"
	run --separate-stderr crm-expense -c "$CUST" "$T/c.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	customer_id,kind,amount,date,verdict,reason
	C001,gift,1.00,2026-10-12,reimbursable,
	C003,gift,2.00,2026-10-12,rejected,not-registered
	EOF
	assert_equal "$stderr" ""
}

@test "crm-expense: a failed write exits 2" {
	run --separate-stderr bash -c 'crm-expense -c "$1" "$2" > /dev/full' _ "$CUST" "$CLAIMS"
	assert_failure 2
	assert_regex "$stderr" "^crm-expense: write error"
	run bash -c 'crm-expense -c "$1" --summary "$2" > /dev/full' _ "$CUST" "$CLAIMS"
	assert_failure 2
	run bash -c 'crm-expense -c "$1" --otable "$2" > /dev/full' _ "$CUST" "$CLAIMS"
	assert_failure 2
	run bash -c 'crm-expense --help > /dev/full'
	assert_failure 2
}

@test "crm-expense: a closed pipe ends quietly with 0" {
	{
		echo 'id,staff,customer_id,kind,amount,date'
		seq 20000 | awk '{ printf "E%d,S01,C00%d,gift,%d.50,2026-10-12\n", $1, $1 % 8 + 1, $1 }'
	} > "$T/many.csv"
	run --separate-stderr bash -c 'crm-expense -c "$1" "$2" | head -2; echo "${PIPESTATUS[0]}"' _ "$CUST" "$T/many.csv"
	assert_success
	assert_output "$(printf 'id,staff,customer_id,kind,amount,date,verdict,reason\nE1,S01,C002,gift,1.50,2026-10-12,reimbursable,\n0')"
	assert_equal "$stderr" ""
	run --separate-stderr bash -c 'crm-expense -c "$1" --otable "$2" | head -1 > /dev/null; echo "${PIPESTATUS[0]}"' _ "$CUST" "$T/many.csv"
	assert_success
	assert_output "0"
	assert_equal "$stderr" ""
	# Without the pipe closing, the rejected claims make it 1.
	run bash -c 'crm-expense -c "$1" "$2" | tail -1; echo "${PIPESTATUS[0]}"' _ "$CUST" "$T/many.csv"
	assert_line --index 1 "1"
}

@test "crm-expense: --help and --version" {
	run --separate-stderr crm-expense --help
	assert_success
	assert_line --index 0 "Usage: crm-expense --customers FILE [options] [CLAIMS...]"
	assert_output --partial "--summary"
	assert_output --partial "--encoding ENC"
	assert_equal "$stderr" ""
	run --separate-stderr crm-expense -h
	assert_success
	assert_output --partial "Usage"
	run --separate-stderr crm-expense -V
	assert_success
	assert_output --regexp '^crm-expense \(crm toolkit\) [0-9]'
	assert_equal "$stderr" ""
}
