#!/usr/bin/env bats
# crm-access: who may read which customer archive (CM-07) — check, grant,
# revoke, list — and the hash-chained access log: log, verify, checkpoint.
#
# The archive these tests start from: testdata/customers.csv (crm-file add),
# testdata/staff.csv and testdata/approvals.csv.  销售一部: S01, S03, S05
# and their dept_manager S06; 销售二部: S02, S04 and their dept_manager
# S07; S08 is the general_manager, S12 an hq_manager, S11 left on
# 2026-06-30.  C001, C003, C005, C007 are customers of 销售一部, C002, C004,
# C006, C008 of 销售二部.  Approvals: 1 S01 reads all of 销售一部 (S06,
# to 2026-12-31); 2 S01 reads C002 (S08, 2026-11-20 to 2026-12-15); 3 S03
# read C002 (S08, expired 2026-10-31); 4 S04 reads all of 销售二部 (S07).

setup() {
	bats_require_minimum_version 1.5.0
	bats_load_library bats-support
	bats_load_library bats-assert
	# The programs under test; crm-file and crm-staff from bin/ when CRM_BIN lacks them.
	PATH="$(cd "${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}" && pwd):$(cd "$BATS_TEST_DIRNAME/../bin" && pwd):$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27 CRM_HOME=$BATS_TEST_TMPDIR/home
	# The access log's chain key: in the test's own config directory, never the user's.
	export XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/config
	unset CRM_CHAIN_KEY
	KEY=$XDG_CONFIG_HOME/crm/chain.key
	unset CRM_BUSY_TIMEOUT
	TD=$BATS_TEST_DIRNAME/../testdata
	DB=$CRM_HOME/crm.db
	CHECK_HEADER=requester,customer_id,purpose,date,approver_role,approver,decision,needs,reason
	APPROVAL_HEADER=seq,requester,department,customer_id,approver,role,granted_on,expires,revoked_on,status
	LOG_HEADER=seq,prev,hash,at,requester,customer_id,purpose,approver
	GENESIS=0000000000000000000000000000000000000000000000000000000000000000
}

# The archive of testdata: customers, staff and approvals.
archive() {
	crm-staff add "$TD/staff.csv" > /dev/null
	crm-file add "$TD/customers.csv" > /dev/null
	crm-access grant "$TD/approvals.csv" > /dev/null
}

# Everything the archive holds, to compare before and after.
dump() {
	sqlite3 "$DB" .dump
}

# chain_hash PREV FIELD...: SHA-256 over PREV and each field as "LENGTH:BYTES,"
# (lib/chain), computed here independently of the C code.
chain_hash() {
	local s=$1 f
	shift
	for f; do
		s+="$(printf '%s' "$f" | wc -c):$f,"
	done
	printf '%s' "$s" | sha256sum | cut -d ' ' -f 1
}

# chain_hmac [--header] PREV FIELD...: a keyed row's hash, HMAC-SHA-256 under the test's
# key over PREV and "LENGTH:BYTES," of each field; the first keyed row (--header) also
# covers the column names: "crm-chain header,", each as "LENGTH:NAME,", a newline.
chain_hmac() {
	local s= f
	if [ "$1" = --header ]; then
		shift
		s="crm-chain header,"
		for f in ${LOG_HEADER//,/ }; do
			s+="${#f}:$f,"
		done
		s+=$'\n'
	fi
	s+=$1
	shift
	for f; do
		s+="$(printf '%s' "$f" | wc -c):$f,"
	done
	printf '%s' "$s" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(cat "$KEY")" | sed 's/.* //'
}

# The id of the test's key: the first 8 hex digits of the SHA-256 of its 32 bytes.
key_id() {
	perl -ne 'chomp; print pack("H*", $_)' "$KEY" | sha256sum | cut -c 1-8
}

# Three accesses: two approved (S06, S08), one not (S02 has no approval).
three_accesses() {
	printf 'requester,customer_id,purpose,at\nS01,C001,季度回访准备,2026-11-27 09:30\nS01,C002,"协助投标,第二轮",2026-11-27 10:05\nS02,C006,核对主管单位,2026-11-27 10:20:07\n' |
		crm-access log > /dev/null 2>&1 || true
}

# ---------------------------------------------------------------- CM-07 check

@test "CM-07: own department needs its dept_manager, another the general_manager; check says who approved" {
	archive
	run --separate-stderr crm-access check "$TD/access-requests.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "$CHECK_HEADER
S01,C001,季度回访准备,2026-11-27,dept_manager,S06,allow,,approval 1 by S06 (dept_manager) covers all of 销售一部 until 2026-12-31
S01,C002,协助投标,2026-11-27,general_manager,S08,allow,,approval 2 by S08 (general_manager) covers C002 until 2026-12-15
S01,C004,了解报价,2026-11-27,general_manager,,deny,general_manager,\"S01 of 销售一部 reading the archive of 销售二部, another department, needs the general_manager's approval (CM-07); none on file\"
S02,C006,核对主管单位,2026-11-27,dept_manager,,deny,dept_manager,\"S02 reading the archive of 销售二部, their own department, needs its dept_manager's approval (CM-07); none on file\"
S03,C002,跟进样品,2026-11-27,general_manager,,deny,general_manager,\"S03 of 销售一部 reading the archive of 销售二部, another department, needs the general_manager's approval (CM-07); approval 3 expired on 2026-10-31\"
S04,C008,合同归档,2026-11-27,dept_manager,S07,allow,,approval 4 by S07 (dept_manager) covers all of 销售二部 until 2027-06-30
S11,C002,交接,2026-11-27,dept_manager,,deny,,S11 left on 2026-06-30"
}

@test "CM-07: the approver's role follows the requester's and the customer's departments" {
	archive
	# CM-07's decision: S06 and S07, dept_managers, reading their own
	# department, and S08, the general_manager, reading any, approve
	# themselves; S06 reading another department and S12 (hq_manager, not the
	# general_manager) still need the general_manager.
	run --separate-stderr crm-access check - <<-'EOF'
	requester,customer_id
	S01,C007
	S05,C003
	S01,C006
	S02,C004
	S06,C001
	S06,C002
	S07,C002
	S08,C001
	S12,C008
	EOF
	assert_failure 1
	run bash -c "cut -d, -f1,2,3,6 <<< \"\$0\"" "$output"
	assert_output "requester,customer_id,approver_role,needs
S01,C007,dept_manager,
S05,C003,dept_manager,dept_manager
S01,C006,general_manager,general_manager
S02,C004,dept_manager,dept_manager
S06,C001,dept_manager,
S06,C002,general_manager,general_manager
S07,C002,dept_manager,
S08,C001,general_manager,
S12,C008,general_manager,general_manager"
}

@test "CM-07: an approval is valid from granted_on through expires, until revoked" {
	archive
	crm-access grant --requester S05 --customer C003 --approver S06 --on 2026-11-10 --expires 2026-11-20 > /dev/null
	crm-access grant --requester S05 --customer C007 --approver S06 --on 2026-11-10 > /dev/null
	crm-access revoke 6 --on 2026-11-15 > /dev/null
	run --separate-stderr crm-access check - <<-'EOF'
	requester,customer_id,date
	S05,C003,2026-11-09
	S05,C003,2026-11-10
	S05,C003,2026/11/20
	S05,C003,2026-11-21
	S05,C007,2026-11-14
	S05,C007,2026-11-15
	S05,C001,2026-11-15
	EOF
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "requester,customer_id,date,approver_role,approver,decision,needs,reason
S05,C003,2026-11-09,dept_manager,,deny,dept_manager,\"S05 reading the archive of 销售一部, their own department, needs its dept_manager's approval (CM-07); approval 5 starts on 2026-11-10\"
S05,C003,2026-11-10,dept_manager,S06,allow,,approval 5 by S06 (dept_manager) covers C003 until 2026-11-20
S05,C003,2026-11-20,dept_manager,S06,allow,,approval 5 by S06 (dept_manager) covers C003 until 2026-11-20
S05,C003,2026-11-21,dept_manager,,deny,dept_manager,\"S05 reading the archive of 销售一部, their own department, needs its dept_manager's approval (CM-07); approval 5 expired on 2026-11-20\"
S05,C007,2026-11-14,dept_manager,S06,allow,,approval 6 by S06 (dept_manager) covers C007 until revoked
S05,C007,2026-11-15,dept_manager,,deny,dept_manager,\"S05 reading the archive of 销售一部, their own department, needs its dept_manager's approval (CM-07); approval 6 was revoked on 2026-11-15\"
S05,C001,2026-11-15,dept_manager,,deny,dept_manager,\"S05 reading the archive of 销售一部, their own department, needs its dept_manager's approval (CM-07); none on file\""
}

@test "CM-07: a department-wide approval covers every customer of that department only" {
	archive
	run --separate-stderr crm-access check - <<-'EOF'
	requester,customer_id
	S04,C002
	S04,C004
	S04,C006
	S04,C001
	EOF
	assert_failure 1
	run bash -c "cut -d, -f1,2,5 <<< \"\$0\"" "$output"
	assert_output "requester,customer_id,decision
S04,C002,allow
S04,C004,allow
S04,C006,allow
S04,C001,deny"
}

@test "CM-07: check with Chinese headers and --zh output" {
	archive
	run --separate-stderr crm-access check --zh - <<-'EOF'
	申请人,客户编号,查阅目的,查阅日期
	S01,C001,回访,2026-11-27
	S01,C004,报价,2026-11-27
	EOF
	assert_failure 1
	assert_output "申请人,客户编号,查阅目的,查阅日期,审批人职务,审批人,结果,需审批,原因
S01,C001,回访,2026-11-27,部门经理,S06,准许,,审批单1：S06（部门经理）批准查阅销售一部，有效期至2026-12-31
S01,C004,报价,2026-11-27,总经理,,拒绝,总经理,S01（销售一部）查阅非本部门（销售二部）客户档案须经总经理批准（CM-07）；无审批记录"
}

@test "CM-07: an unknown requester or customer is bad input; the other requests are still judged" {
	archive
	cat > "$BATS_TEST_TMPDIR/req.csv" <<-'EOF'
	requester,customer_id,purpose,date,note
	S99,C001,x,2026-11-27,a
	S01,C999,x,2026-11-27,b
	,C001,x,2026-11-27,c
	S01,C001,x,2026-11-31,d
	S01,C001,x,,e
	EOF
	run --separate-stderr crm-access check "$BATS_TEST_TMPDIR/req.csv"
	assert_failure 2
	f=$BATS_TEST_TMPDIR/req.csv
	assert_equal "$stderr" "crm-access: $f:2: requester: no staff member 'S99' in the archive
crm-access: $f:3: customer_id: no customer 'C999' in the archive
crm-access: $f:4: requester: missing
crm-access: $f:5: date: expected a date (YYYY-MM-DD), found '2026-11-31'"
	assert_output "$CHECK_HEADER,note
S01,C001,x,,dept_manager,S06,allow,,approval 1 by S06 (dept_manager) covers all of 销售一部 until 2026-12-31,e"
	printf 'requester,purpose\nS01,x\n' > "$BATS_TEST_TMPDIR/nocust.csv"
	run --separate-stderr crm-access check "$BATS_TEST_TMPDIR/nocust.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-access: $BATS_TEST_TMPDIR/nocust.csv: requests need the columns requester and customer_id"
}

@test "CM-11: a staff member who has left is denied from the day they leave" {
	archive
	crm-staff leave S01 --on 2026-11-30 --to S05 > /dev/null
	run --separate-stderr crm-access check - <<-'EOF'
	requester,customer_id,date
	S01,C001,2026-11-29
	S01,C001,2026-11-30
	EOF
	assert_failure 1
	assert_output "requester,customer_id,date,approver_role,approver,decision,needs,reason
S01,C001,2026-11-29,dept_manager,S06,allow,,approval 1 by S06 (dept_manager) covers all of 销售一部 until 2026-12-31
S01,C001,2026-11-30,dept_manager,,deny,,S01 left on 2026-11-30"
}

@test "CM-07: check exits 0 when every request is allowed, and writes nothing to the archive" {
	archive
	before=$(dump)
	run --separate-stderr crm-access check - <<-'EOF'
	requester,customer_id
	S01,C001
	EOF
	assert_success
	assert_equal "$(dump)" "$before"
}

# ---------------------------------------------------------------- CM-07 grant, revoke, list

@test "CM-07: a staff member cannot grant; nor can a manager of the wrong role or department" {
	archive
	before=$(dump)
	while IFS='|' read -r args want; do
		run --separate-stderr crm-access grant $args
		[ "$status" -eq 2 ] || echo "grant $args: exit $status"
		[ "$stderr" = "crm-access: $want
crm-access: nothing was granted: the approval was refused" ] || echo "grant $args: stderr '$stderr'"
		[ -z "$output" ] || echo "grant $args: output '$output'"
	done > "$BATS_TEST_TMPDIR/mismatches" <<-'EOF'
	--requester S01 --customer C002 --approver S03|approver: S03 is staff of 销售一部; S01 reading the archive of 销售二部, another department, needs the approval of the general_manager (CM-07)
	--requester S01 --department 销售一部 --approver S05|approver: S05 is staff of 销售一部; S01 reading the archive of 销售一部, their own department, needs the approval of its dept_manager (CM-07)
	--requester S01 --department 销售一部 --approver S07|approver: S07 is dept_manager of 销售二部; S01 reading the archive of 销售一部, their own department, needs the approval of its dept_manager (CM-07)
	--requester S01 --department 销售二部 --approver S07|approver: S07 is dept_manager of 销售二部; S01 reading the archive of 销售二部, another department, needs the approval of the general_manager (CM-07)
	--requester S01 --department 销售一部 --approver S08|approver: S08 is general_manager of 总经理办公室; S01 reading the archive of 销售一部, their own department, needs the approval of its dept_manager (CM-07)
	--requester S01 --customer C002 --approver S12|approver: S12 is hq_manager of 集团总部; S01 reading the archive of 销售二部, another department, needs the approval of the general_manager (CM-07)
	EOF
	run cat "$BATS_TEST_TMPDIR/mismatches"
	assert_output ""
	assert_equal "$(dump)" "$before"
}

@test "CM-07: grant refuses unknown people, customers and departments, leavers and bad dates" {
	archive
	crm-staff add - > /dev/null <<-'EOF'
	id,name,department,role,left_on
	S20,前经理,销售一部,dept_manager,2026-10-31
	EOF
	before=$(dump)
	while IFS='|' read -r args want; do
		run --separate-stderr crm-access grant $args
		[ "$status" -eq 2 ] || echo "grant $args: exit $status"
		[ "$stderr" = "crm-access: $want
crm-access: nothing was granted: the approval was refused" ] || echo "grant $args: stderr '$stderr'"
	done > "$BATS_TEST_TMPDIR/mismatches" <<-'EOF'
	--requester S99 --customer C002 --approver S08|requester: no staff member 'S99' in the archive
	--requester S01 --customer C002 --approver S99|approver: no staff member 'S99' in the archive
	--requester S01 --customer C999 --approver S08|customer_id: no customer 'C999' in the archive
	--requester S01 --customer C002 --department 销售一部 --approver S08|department: customer C002 belongs to 销售二部, not 销售一部
	--requester S01 --department 销售九部 --approver S08|department: no staff or customer of '销售九部' in the archive
	--requester S01 --approver S08|department: missing (the department whose archive may be read, or a customer_id)
	--requester S01 --customer C002 --approver S08 --on 2026-12-01 --expires 2026-11-30|expires: 2026-11-30 is before the approval is granted (2026-12-01)
	--requester S01 --customer C002 --approver S08 --expires tomorrow|expires: expected a date (YYYY-MM-DD), found 'tomorrow'
	--requester S01 --customer C002 --approver S08 --on 2026-02-29|granted_on: expected a date (YYYY-MM-DD), found '2026-02-29'
	--requester S11 --customer C002 --approver S08|requester: S11 left on 2026-06-30
	--requester S01 --department 销售一部 --approver S20|approver: S20 left on 2026-10-31
	EOF
	run cat "$BATS_TEST_TMPDIR/mismatches"
	assert_output ""
	assert_equal "$(dump)" "$before"
	# Before S20 left, S20 could approve.
	run --separate-stderr crm-access grant --requester S01 --department 销售一部 --approver S20 --on 2026-10-01 --expires 2026-10-31
	assert_success
	assert_output "$APPROVAL_HEADER
5,S01,销售一部,,S20,dept_manager,2026-10-01,2026-10-31,,expired"
}

@test "CM-07: grant prints what it filed; granted_on defaults to today, expires to none" {
	archive
	run --separate-stderr crm-access grant --requester S02 --customer C006 --approver S07
	assert_success
	assert_equal "$stderr" ""
	assert_output "$APPROVAL_HEADER
5,S02,销售二部,C006,S07,dept_manager,2026-11-27,,,active"
	run --separate-stderr crm-access check - <<-'EOF'
	requester,customer_id
	S02,C006
	EOF
	assert_success
	assert_output --partial "approval 5 by S07 (dept_manager) covers C006 until revoked"
}

@test "CM-07: a file of approvals is one transaction: a bad record and nothing is filed" {
	crm-staff add "$TD/staff.csv" > /dev/null
	crm-file add "$TD/customers.csv" > /dev/null
	before=$(dump)
	cat > "$BATS_TEST_TMPDIR/a.csv" <<-'EOF'
	requester,department,customer_id,approver,granted_on,expires
	S01,销售一部,,S06,2026-11-02,2026-12-31
	S02,销售二部,,S03,2026-11-02,2026-12-31
	S03,,C004,S07,2026-11-02,2026-12-31
	S04,销售二部,,S07,2026-11-02,2026-12-31
	EOF
	run --separate-stderr crm-access grant "$BATS_TEST_TMPDIR/a.csv"
	assert_failure 2
	assert_output ""
	f=$BATS_TEST_TMPDIR/a.csv
	assert_equal "$stderr" "crm-access: $f:3: approver: S03 is staff of 销售一部; S02 reading the archive of 销售二部, their own department, needs the approval of its dept_manager (CM-07)
crm-access: $f:4: approver: S07 is dept_manager of 销售二部; S03 reading the archive of 销售二部, another department, needs the approval of the general_manager (CM-07)
crm-access: nothing was granted: the batch had bad records"
	assert_equal "$(dump)" "$before"
	# Chinese headers, GBK.
	printf '申请人,部门,客户编号,审批人,批准日期,有效期至\nS01,销售一部,,S06,2026年11月2日,2026/12/31\n' | iconv -f UTF-8 -t GBK > "$BATS_TEST_TMPDIR/zh.csv"
	run --separate-stderr crm-access grant "$BATS_TEST_TMPDIR/zh.csv"
	assert_success
	assert_output "$APPROVAL_HEADER
1,S01,销售一部,,S06,dept_manager,2026-11-02,2026-12-31,,active"
}

@test "CM-07: list shows the approvals with their status today, filtered" {
	archive
	crm-access grant --requester S05 --customer C003 --approver S06 --on 2026-12-01 > /dev/null
	crm-access revoke 4 > /dev/null
	run --separate-stderr crm-access list
	assert_success
	assert_output "$APPROVAL_HEADER
1,S01,销售一部,,S06,dept_manager,2026-11-02,2026-12-31,,active
2,S01,销售二部,C002,S08,general_manager,2026-11-20,2026-12-15,,active
3,S03,销售二部,C002,S08,general_manager,2026-09-01,2026-10-31,,expired
4,S04,销售二部,,S07,dept_manager,2026-11-02,2027-06-30,2026-11-27,revoked
5,S05,销售一部,C003,S06,dept_manager,2026-12-01,,,pending"
	run crm-access list --requester S01 --department 销售二部
	assert_output "$APPROVAL_HEADER
2,S01,销售二部,C002,S08,general_manager,2026-11-20,2026-12-15,,active"
	run crm-access list --customer C002 --ojson
	assert_line --index 0 '{"seq":2,"requester":"S01","department":"销售二部","customer_id":"C002","approver":"S08","role":"general_manager","granted_on":"2026-11-20","expires":"2026-12-15","revoked_on":"","status":"active"}'
	run crm-access list --today 2027-01-01 --zh --requester S01
	assert_output "编号,申请人,部门,客户编号,审批人,审批人职务,批准日期,有效期至,撤销日期,状态
1,S01,销售一部,,S06,部门经理,2026-11-02,2026-12-31,,已过期
2,S01,销售二部,C002,S08,总经理,2026-11-20,2026-12-15,,已过期"
}

@test "CM-07: revoke withdraws approvals in one transaction; unknown or revoked ones are refused" {
	archive
	run --separate-stderr crm-access revoke 1 2 --on 2026-11-28
	assert_success
	assert_output "$APPROVAL_HEADER
1,S01,销售一部,,S06,dept_manager,2026-11-02,2026-12-31,2026-11-28,active
2,S01,销售二部,C002,S08,general_manager,2026-11-20,2026-12-15,2026-11-28,active"
	before=$(dump)
	run --separate-stderr crm-access revoke 3 1 9 x
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-access: approval 1 was already revoked on 2026-11-28
crm-access: no approval 9 in the archive
crm-access: 'x' is not an approval number
crm-access: nothing was revoked"
	assert_equal "$(dump)" "$before"
	run --separate-stderr crm-access revoke
	assert_failure 2
	run --separate-stderr crm-access revoke 3 --on 2026-11-31
	assert_failure 2
	assert_equal "$(dump)" "$before"
}

# ---------------------------------------------------------------- the access log

@test "CM-07: log appends accesses with their approver to a keyed (HMAC-SHA-256) chain" {
	archive
	run --separate-stderr crm-access log --requester S01 --customer C001 --purpose 季度回访准备 --at '2026-11-27 09:30'
	assert_success
	assert_equal "$stderr" ""
	# The first log made the key (0600); row 1 marks the chain keyed by it, from the genesis.
	run stat -c %a "$KEY"
	assert_output 600
	mark=hmac-sha256:$(key_id):$GENESIS
	h1=$(chain_hmac --header "$mark" 1 '2026-11-27 09:30' S01 C001 季度回访准备 S06)
	run --separate-stderr crm-access log --list
	assert_output "$LOG_HEADER
1,$mark,$h1,2026-11-27 09:30,S01,C001,季度回访准备,S06"
	run --separate-stderr crm-access log - <<-'EOF'
	requester,customer_id,purpose,date
	S01,C002,"协助投标,第二轮",2026-11-28
	S04,C008,合同归档,
	EOF
	assert_success
	h2=$(chain_hmac "$h1" 2 2026-11-28 S01 C002 '协助投标,第二轮' S08)
	h3=$(chain_hmac "$h2" 3 2026-11-27 S04 C008 合同归档 S07)
	assert_output "$LOG_HEADER
2,$h1,$h2,2026-11-28,S01,C002,\"协助投标,第二轮\",S08
3,$h2,$h3,2026-11-27,S04,C008,合同归档,S07"
	run --separate-stderr crm-access verify
	assert_success
	assert_output "access log intact: 3 rows, head 3 $h3"
	run --separate-stderr crm-access checkpoint
	assert_success
	assert_output "3 $h3"
	run crm-access log --list --requester S01
	assert_output "$LOG_HEADER
1,$mark,$h1,2026-11-27 09:30,S01,C001,季度回访准备,S06
2,$h1,$h2,2026-11-28,S01,C002,\"协助投标,第二轮\",S08"
	run crm-access log --list --customer C008 --ojson
	assert_output "{\"seq\":3,\"prev\":\"$h2\",\"hash\":\"$h3\",\"at\":\"2026-11-27\",\"requester\":\"S04\",\"customer_id\":\"C008\",\"purpose\":\"合同归档\",\"approver\":\"S07\"}"
}

@test "CM-07: a manager reading within their own scope approves themselves, and the reading is logged" {
	archive
	# S06 is 销售一部's dept_manager and C001 is 销售一部's: self-approved.
	# S08, the general_manager, reads C006 of 销售二部: self-approved too.
	# S06 reading C006 (another department) is not: it needs the general_manager.
	run --separate-stderr crm-access check - <<-'EOF'
	requester,customer_id,date
	S06,C001,2026-11-27
	S08,C006,2026-11-27
	EOF
	assert_success
	run bash -c "cut -d, -f1,2,5- <<< \"\$0\"" "$output"
	assert_line --index 1 "S06,C001,S06,allow,,self-approved: S06 is the dept_manager (CM-07)"
	assert_line --index 2 "S08,C006,S08,allow,,self-approved: S08 is the general_manager (CM-07)"
	run --separate-stderr crm-access log - <<-'EOF'
	requester,customer_id,purpose,date
	S06,C001,部门复核,2026-11-27
	S08,C006,年度检查,2026-11-27
	S06,C006,越权查阅,2026-11-27
	EOF
	assert_failure 1
	assert_equal "$stderr" "crm-access: (stdin):4: S06 read C006 without an approval: S06 of 销售一部 reading the archive of 销售二部, another department, needs the general_manager's approval (CM-07); none on file"
	run sqlite3 "$DB" "SELECT requester, customer_id, approver FROM access_log ORDER BY seq"
	assert_output "S06|C001|S06
S08|C006|S08
S06|C006|"
}

@test "CM-07: an access without an approval is logged all the same, reported, exit 1" {
	archive
	run --separate-stderr crm-access log --requester S02 --customer C006 --purpose 核对 --at '2026-11-27T10:20:07'
	assert_failure 1
	assert_equal "$stderr" "crm-access: S02 read C006 without an approval: S02 reading the archive of 销售二部, their own department, needs its dept_manager's approval (CM-07); none on file"
	assert_line --index 1 --partial ",2026-11-27 10:20:07,S02,C006,核对,"
	run sqlite3 "$DB" "SELECT seq, approver = '' FROM access_log"
	assert_output "1|1"
}

@test "CM-07: log refuses bad input and logs nothing" {
	archive
	three_accesses
	before=$(dump)
	cat > "$BATS_TEST_TMPDIR/bad.csv" <<-'EOF'
	requester,customer_id,purpose,at
	S01,C001,ok,2026-11-27 11:00
	S99,C001,x,2026-11-27 11:00
	S01,C999,x,2026-11-27 11:00
	S01,C001,,2026-11-27 11:00
	S01,C001,x,2026-11-27 25:00
	EOF
	run --separate-stderr crm-access log "$BATS_TEST_TMPDIR/bad.csv"
	assert_failure 2
	assert_output ""
	f=$BATS_TEST_TMPDIR/bad.csv
	assert_equal "$stderr" "crm-access: $f:3: requester: no staff member 'S99' in the archive
crm-access: $f:4: customer_id: no customer 'C999' in the archive
crm-access: $f:5: purpose: missing (an access is logged with its purpose)
crm-access: $f:6: at: expected a date-time (YYYY-MM-DD HH:MM), found '2026-11-27 25:00'
crm-access: nothing was logged: the batch had bad records"
	assert_equal "$(dump)" "$before"
	run --separate-stderr crm-access log --requester S01 --customer C001
	assert_failure 2
	assert_equal "$stderr" "crm-access: purpose: missing (an access is logged with its purpose)
crm-access: nothing was logged: the access was refused"
	run --separate-stderr crm-access log --requester S01
	assert_failure 2
	assert_equal "$(dump)" "$before"
	# The log cannot be edited through SQL: the triggers refuse.
	run sqlite3 "$DB" "UPDATE access_log SET purpose = 'x' WHERE seq = 2"
	assert_failure
	assert_output --partial "the access log is append-only"
	run sqlite3 "$DB" "DELETE FROM access_log WHERE seq = 3"
	assert_failure
	assert_equal "$(dump)" "$before"
}

@test "CM-07: tamper detection: a row edited with sqlite3 is named by verify" {
	archive
	three_accesses
	crm-access checkpoint > "$BATS_TEST_TMPDIR/anchor"
	sqlite3 "$DB" "PRAGMA recursive_triggers=0; DROP TRIGGER access_log_no_update; UPDATE access_log SET purpose='x' WHERE seq=2"
	run --separate-stderr crm-access verify
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "crm-access: $DB: access log row 2: hash does not match the row's content (the row was edited)
crm-access: $DB: the access log's append-only triggers were dropped"
	run --separate-stderr crm-access verify --anchor "$BATS_TEST_TMPDIR/anchor"
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "crm-access: $DB: access log row 2: hash does not match the row's content (the row was edited)"
	run --separate-stderr crm-access checkpoint
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "crm-access: $DB: access log row 2: hash does not match the row's content (the row was edited)
crm-access: no checkpoint of a broken access log"
}

@test "CM-07: tamper detection: a removed row, and a replaced row with a fresh hash" {
	archive
	three_accesses
	cp "$DB" "$BATS_TEST_TMPDIR/saved.db"
	sqlite3 "$DB" "DROP TRIGGER access_log_no_delete; DELETE FROM access_log WHERE seq = 2"
	run --separate-stderr crm-access verify
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "crm-access: $DB: access log row 3: expected row 2 next (a row was removed, inserted or renumbered)"
	# Row 2 rewritten with a fresh hash by someone without the key (the unkeyed SHA-256):
	# row 2 itself is found.
	rm -f "$DB"*
	cp "$BATS_TEST_TMPDIR/saved.db" "$DB"
	prev=$(sqlite3 "$DB" "SELECT prev FROM access_log WHERE seq = 2")
	fake=$(chain_hash "$prev" 2 '2026-11-27 10:05' S01 C002 x S08)
	sqlite3 "$DB" "DROP TRIGGER access_log_no_update; UPDATE access_log SET purpose = 'x', hash = '$fake' WHERE seq = 2"
	run --separate-stderr crm-access verify
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "crm-access: $DB: access log row 2: hash does not match the row's content (the row was edited)"
	# ... and by someone with the key, a hash that matches its new content: row 3 no
	# longer follows it.
	rm -f "$DB"*
	cp "$BATS_TEST_TMPDIR/saved.db" "$DB"
	fake=$(chain_hmac "$prev" 2 '2026-11-27 10:05' S01 C002 x S08)
	sqlite3 "$DB" "DROP TRIGGER access_log_no_update; UPDATE access_log SET purpose = 'x', hash = '$fake' WHERE seq = 2"
	run --separate-stderr crm-access verify
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "crm-access: $DB: access log row 3: prev does not match row 2's hash (a row was removed or replaced)"
}

@test "CM-07: rows cut off the end are caught only against a checkpoint (verify --anchor)" {
	archive
	three_accesses
	crm-access checkpoint > "$BATS_TEST_TMPDIR/anchor"
	run crm-access verify --anchor "$BATS_TEST_TMPDIR/anchor"
	assert_success
	# Cut row 3 and put the trigger back, so the chain itself looks whole.
	sqlite3 "$DB" "DROP TRIGGER access_log_no_delete; DELETE FROM access_log WHERE seq = 3;
		CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
		BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
	run --separate-stderr crm-access verify
	assert_success
	assert_output --partial "access log intact: 2 rows"
	run --separate-stderr crm-access verify --anchor "$BATS_TEST_TMPDIR/anchor"
	assert_failure 1
	assert_equal "$stderr" "crm-access: $DB: the checkpoint $BATS_TEST_TMPDIR/anchor names row 3 but the access log ends at row 2 (rows were cut off)"
	# A checkpoint whose row now hashes differently: the log was rewritten.
	echo "2 $GENESIS" > "$BATS_TEST_TMPDIR/other"
	run --separate-stderr crm-access verify --anchor "$BATS_TEST_TMPDIR/other"
	assert_failure 1
	assert_equal "$stderr" "crm-access: $DB: access log row 2 differs from the checkpoint $BATS_TEST_TMPDIR/other (the log was rewritten)"
}

@test "CM-07: a bad or missing checkpoint file is an error" {
	archive
	three_accesses
	echo "three abc" > "$BATS_TEST_TMPDIR/bad"
	run --separate-stderr crm-access verify --anchor "$BATS_TEST_TMPDIR/bad"
	assert_failure 2
	assert_equal "$stderr" "crm-access: $BATS_TEST_TMPDIR/bad:1: expected a checkpoint 'SEQ HASH' (64 hex digits)"
	run --separate-stderr crm-access verify --anchor "$BATS_TEST_TMPDIR/none"
	assert_failure 2
	assert_equal "$stderr" "crm-access: $BATS_TEST_TMPDIR/none: No such file or directory"
}

@test "CM-07: an empty access log verifies; its checkpoint is row 0 and the genesis" {
	archive
	run --separate-stderr crm-access verify
	assert_success
	assert_output "access log intact: 0 rows, head 0 $GENESIS"
	run crm-access checkpoint
	assert_output "0 $GENESIS"
	crm-access checkpoint > "$BATS_TEST_TMPDIR/anchor"
	three_accesses
	run crm-access verify --anchor "$BATS_TEST_TMPDIR/anchor"
	assert_success
}

# ---------------------------------------------------------------- the chain key

@test "CM-07: a row appended to the access log by someone without the key is found (forged appended row)" {
	archive
	three_accesses
	# Row 4 follows row 3 (seq, prev) with the unkeyed SHA-256 a forger can compute.
	head=$(sqlite3 "$DB" "SELECT hash FROM access_log WHERE seq = 3")
	fake=$(chain_hash "$head" 4 '2026-11-27 11:00' S03 C002 补录 S08)
	sqlite3 "$DB" "INSERT INTO access_log VALUES (4, '$head', '$fake', '2026-11-27 11:00', 'S03', 'C002', '补录', 'S08')"
	run --separate-stderr crm-access verify
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "crm-access: $DB: access log row 4: hash does not match the row's content (the row was edited)"
}

@test "CM-07: two columns of the access log swapped are found" {
	archive
	three_accesses
	sqlite3 "$DB" "ALTER TABLE access_log RENAME COLUMN requester TO x;
		ALTER TABLE access_log RENAME COLUMN purpose TO requester;
		ALTER TABLE access_log RENAME COLUMN x TO purpose"
	run --separate-stderr crm-access verify
	assert_failure 1
	assert_equal "$stderr" "crm-access: $DB: access log row 1: hash does not match the header and the row's content (the header or the row was edited)"
}

@test "CM-07: an access log truncated after its checkpoint and continued with the key is found" {
	archive
	three_accesses
	crm-access checkpoint > "$BATS_TEST_TMPDIR/anchor"
	# Row 3 deleted, the trigger put back, and another access logged in its place.
	trigger=$(sqlite3 "$DB" "SELECT sql FROM sqlite_schema WHERE name = 'access_log_no_delete'")
	sqlite3 "$DB" "DROP TRIGGER access_log_no_delete; DELETE FROM access_log WHERE seq = 3; $trigger"
	run --separate-stderr crm-access verify --anchor "$BATS_TEST_TMPDIR/anchor"
	assert_failure 1
	assert_equal "$stderr" "crm-access: $DB: the checkpoint $BATS_TEST_TMPDIR/anchor names row 3 but the access log ends at row 2 (rows were cut off)"
	crm-access log --requester S04 --customer C008 --purpose 合同归档 --at '2026-11-27 12:00' > /dev/null
	run --separate-stderr crm-access verify
	assert_success
	assert_output --regexp '^access log intact: 3 rows, head 3 [0-9a-f]{64}$'
	run --separate-stderr crm-access verify --anchor "$BATS_TEST_TMPDIR/anchor"
	assert_failure 1
	assert_equal "$stderr" "crm-access: $DB: access log row 3 differs from the checkpoint $BATS_TEST_TMPDIR/anchor (the log was rewritten)"
}

@test "CM-07: without the key, verify checks the structure, says it could not check authenticity, exit 1" {
	archive
	three_accesses
	mv "$KEY" "$BATS_TEST_TMPDIR/kept.key"
	run --separate-stderr crm-access verify
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "crm-access: $DB: the chain is intact, but the authenticity of its keyed rows (1 to 3) could not be checked: no key ($KEY)"
	run --separate-stderr crm-access checkpoint
	assert_failure 1
	assert_output ""
	# Nothing is logged, and no new key is made for a keyed log.
	run --separate-stderr crm-access log --requester S04 --customer C008 --purpose 合同归档
	assert_failure 2
	assert_equal "$stderr" "crm-access: $DB: the chain is keyed from row 1, but there is no key ($KEY)
crm-access: nothing was logged: no key"
	[ ! -e "$KEY" ]
	run --separate-stderr crm-access verify --key "$BATS_TEST_TMPDIR/kept.key"
	assert_success
	run --separate-stderr env CRM_CHAIN_KEY="$BATS_TEST_TMPDIR/kept.key" crm-access verify
	assert_success
	assert_output --regexp '^access log intact: 3 rows'
}

@test "CM-07: the wrong key is named, and nothing is logged with it" {
	archive
	three_accesses
	mine=$(key_id)
	KEY=$BATS_TEST_TMPDIR/other.key
	printf '%064d\n' 7 > "$KEY"
	theirs=$(key_id)
	run --separate-stderr crm-access verify --key "$KEY"
	assert_failure 1
	assert_equal "$stderr" "crm-access: $DB: access log row 1: the chain is keyed from here with key $mine, but $KEY holds key $theirs (the wrong key file?)"
	run --separate-stderr crm-access log --key "$KEY" --requester S04 --customer C008 --purpose 合同归档
	assert_failure 2
	assert_equal "${stderr_lines[1]}" "crm-access: nothing was logged: the access log is broken"
	assert_equal "$(sqlite3 "$DB" "SELECT count(*) FROM access_log")" 3
	printf 'short\n' > "$KEY"
	run --separate-stderr crm-access verify --key "$KEY"
	assert_failure 2
	assert_equal "$stderr" "crm-access: $KEY:1: expected a chain key (64 hex digits)"
}

@test "CM-07: an access log written before keys verifies as before and is continued keyed" {
	archive
	# Row 1 of the old scheme: SHA-256 over the genesis and the fields.
	h1=$(chain_hash $GENESIS 1 '2026-11-20 09:00' S01 C001 回访 S06)
	sqlite3 "$DB" "INSERT INTO access_log VALUES (1, '$GENESIS', '$h1', '2026-11-20 09:00', 'S01', 'C001', '回访', 'S06')"
	run --separate-stderr crm-access verify
	assert_success
	assert_output "access log intact: 1 row, head 1 $h1"
	[ ! -e "$KEY" ]
	crm-access log --requester S01 --customer C001 --purpose 季度回访准备 --at '2026-11-27 09:30' > /dev/null
	# Row 2 marks the switch: prev hmac-sha256:KEYID:row 1's hash; its HMAC covers the header.
	mark=hmac-sha256:$(key_id):$h1
	h2=$(chain_hmac --header "$mark" 2 '2026-11-27 09:30' S01 C001 季度回访准备 S06)
	run sqlite3 -csv "$DB" "SELECT seq, prev, hash FROM access_log WHERE seq = 2"
	assert_output "2,$mark,$h2"
	run --separate-stderr crm-access verify
	assert_success
	assert_output "access log intact: 2 rows, head 2 $h2"
	mv "$KEY" "$BATS_TEST_TMPDIR/kept.key"
	run --separate-stderr crm-access verify
	assert_failure 1
	assert_equal "$stderr" "crm-access: $DB: the chain is intact, but the authenticity of its keyed rows (2 to 2) could not be checked: no key ($KEY)"
}

# ---------------------------------------------------------------- faults

@test "crm-access: a locked archive past the busy timeout is an error; nothing is written" {
	archive
	three_accesses
	before=$(dump)
	ready=$BATS_TEST_TMPDIR/locked
	printf 'BEGIN IMMEDIATE;\nUPDATE staff SET name = name;\n.shell touch %s\n.shell sleep 3\nROLLBACK;\n' "$ready" |
		sqlite3 "$DB" 3>&- &
	while [ ! -e "$ready" ]; do sleep 0.05; done
	for cmd in "log --requester S01 --customer C001 --purpose x" \
		   "grant --requester S02 --customer C006 --approver S07" "revoke 1"; do
		CRM_BUSY_TIMEOUT=200 run --separate-stderr crm-access $cmd
		[ "$status" -eq 2 ] || echo "$cmd: exit $status"
		[ "$stderr" = "crm-access: $DB: the archive is locked by another program (waited 200 ms)" ] ||
			echo "$cmd: stderr '$stderr'"
	done > "$BATS_TEST_TMPDIR/mismatches"
	wait
	run cat "$BATS_TEST_TMPDIR/mismatches"
	assert_output ""
	assert_equal "$(dump)" "$before"
}

@test "crm-access: a foreign or damaged crm.db is refused and left as it was" {
	mkdir -p "$CRM_HOME"
	sqlite3 "$DB" "CREATE TABLE access_log (x TEXT); INSERT INTO access_log VALUES ('other')"
	before=$(dump)
	for cmd in verify checkpoint "check $TD/access-requests.csv" "log --requester S01 --customer C001 --purpose x"; do
		run --separate-stderr crm-access $cmd
		assert_failure 2
		assert_equal "$stderr" "crm-access: $DB: not a crm archive (a database of another program)"
	done
	assert_equal "$(dump)" "$before"
	rm -f "$DB"*
	head -c 8192 /dev/zero | tr '\0' 'x' > "$DB"
	run --separate-stderr crm-access verify
	assert_failure 2
	assert_equal "$stderr" "crm-access: $DB: not a crm archive, or damaged: file is not a database"
	run cmp -s "$DB" <(head -c 8192 /dev/zero | tr '\0' 'x')
	assert_success
}

@test "crm-access: killed in the middle of a long log, the chain stays intact and unchanged" {
	archive
	three_accesses
	before=$(dump)
	fifo=$BATS_TEST_TMPDIR/fifo
	mkfifo "$fifo"
	crm-access log "$fifo" > /dev/null 2>&1 3>&- &
	pid=$!
	exec 5> "$fifo"
	{ echo requester,customer_id,purpose,at; seq 1 20000 | sed 's/.*/S01,C001,read &,2026-11-27 12:00/'; } >&5
	sleep 0.3
	kill -9 "$pid"
	exec 5>&-
	wait "$pid" || true
	run sqlite3 "$DB" "PRAGMA integrity_check"
	assert_output ok
	assert_equal "$(dump)" "$before"
	run --separate-stderr crm-access log --requester S01 --customer C001 --purpose after
	assert_success
	run crm-access verify
	assert_success
	assert_output --partial "access log intact: 4 rows"
}

@test "crm-access: concurrent logs wait for each other; the chain holds every row" {
	archive
	for w in 1 2 3 4; do
		{ echo requester,customer_id,purpose; seq 1 50 | sed "s/.*/S01,C001,writer $w read &/"; } > "$BATS_TEST_TMPDIR/w$w.csv"
	done
	for w in 1 2 3 4; do
		crm-access log "$BATS_TEST_TMPDIR/w$w.csv" > /dev/null 2>&1 &
	done
	wait
	run sqlite3 "$DB" "SELECT count(*), count(DISTINCT purpose), min(seq), max(seq) FROM access_log"
	assert_output "200|200|1|200"
	run --separate-stderr crm-access verify
	assert_success
	assert_output --partial "access log intact: 200 rows"
}

# ---------------------------------------------------------------- the command line

@test "crm-access: empty input, - and no final newline" {
	archive
	run --separate-stderr crm-access check < /dev/null
	assert_success
	assert_output "approver_role,approver,decision,needs,reason"
	run --separate-stderr bash -c "printf 'requester,customer_id\nS01,C001' | crm-access check -"
	assert_success
	assert_line --index 1 "S01,C001,dept_manager,S06,allow,,approval 1 by S06 (dept_manager) covers all of 销售一部 until 2026-12-31"
	run --separate-stderr crm-access log < /dev/null
	assert_success
	assert_output "$LOG_HEADER"
}

@test "crm-access: JSON Lines in and out" {
	archive
	run --separate-stderr crm-access check --json <<-'EOF'
	{"requester":"S01","customer_id":"C001","purpose":"回访"}
	EOF
	assert_success
	# The request type's known columns (date, at) are always in JSON output (issue 13).
	assert_output '{"requester":"S01","customer_id":"C001","purpose":"回访","date":"","at":"","approver_role":"dept_manager","approver":"S06","decision":"allow","needs":"","reason":"approval 1 by S06 (dept_manager) covers all of 销售一部 until 2026-12-31"}'
}

@test "crm-access: a missing input file is an error and the archive is not touched" {
	for cmd in check grant log; do
		run --separate-stderr crm-access $cmd "$BATS_TEST_TMPDIR/nope.csv"
		assert_failure 2
		assert_equal "$stderr" "crm-access: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
	done
	[ ! -e "$DB" ]
}

@test "crm-access: usage errors exit 2 with a hint" {
	while IFS='|' read -r args want; do
		run --separate-stderr crm-access $args
		[ "$status" -eq 2 ] || echo "$args: exit $status"
		[ "$stderr" = "crm-access: $want
Try 'crm-access --help' for more information." ] || echo "$args: stderr '$stderr'"
	done > "$BATS_TEST_TMPDIR/mismatches" <<-'EOF'
	|a command is needed: check, grant, revoke, list, log, verify or checkpoint
	approve|unknown command 'approve'
	check --frobnicate|unknown option '--frobnicate'
	verify --anchor|option '--anchor' needs a value
	verify extra|verify takes no operands (a checkpoint is given with --anchor FILE)
	checkpoint extra|checkpoint takes no operands
	list extra|list takes no operands (filter with --requester, --department, --customer)
	grant --requester S01|grant needs --requester and --approver (and --department or --customer)
	grant --requester S01 --approver S06 file.csv|grant takes either options (--requester, --approver …) or files, not both
	log --customer C001|log needs --requester, --customer and --purpose
	revoke|revoke needs the numbers of the approvals (crm-access list shows them)
	revoke 1 --on someday|--on: expected a date (YYYY-MM-DD), found 'someday'
	EOF
	run cat "$BATS_TEST_TMPDIR/mismatches"
	assert_output ""
}

@test "crm-access: --help and --version" {
	run --separate-stderr crm-access --help
	assert_success
	assert_line --index 0 "Usage: crm-access COMMAND [options] [FILE...|SEQ...]"
	run --separate-stderr crm-access --version
	assert_success
	assert_output --regexp '^crm-access \(crm toolkit\) [0-9.]+$'
}

@test "crm-access: a failed write exits 2; a closed pipe ends quietly with 0" {
	archive
	run --separate-stderr bash -c "crm-access check '$TD/access-requests.csv' > /dev/full"
	assert_failure 2
	assert_equal "$stderr" "crm-access: write error: No space left on device"
	run --separate-stderr bash -c 'crm-access checkpoint > /dev/full'
	assert_failure 2
	awk 'BEGIN { print "requester,customer_id,purpose"; for (i = 1; i <= 3000; i++) print "S01,C001,read " i }' > "$BATS_TEST_TMPDIR/many.csv"
	run bash -c "set -o pipefail; crm-access check '$BATS_TEST_TMPDIR/many.csv' | head -n 1"
	assert_success
	assert_output "requester,customer_id,purpose,approver_role,approver,decision,needs,reason"
}
