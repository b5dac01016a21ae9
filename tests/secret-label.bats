#!/usr/bin/env bats
# secret-label: document secrecy levels, labels, declassification and
# need-to-know checks (SEC-01…08).  testdata/sec-docs.csv is a register of
# twelve documents; sec-grants.csv and sec-requests.csv go with it for
# check; sec-derived.csv holds documents compiled from it and a copy.
# Today is 2026-11-27: D010 (2006-11-27, secret, 20 years) ends its period
# today, D011 (2016-11-28, confidential, 10 years) tomorrow, and D012's
# period ended in 2025 but was extended to 2028-12-31.

bats_require_minimum_version 1.5.0

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	PATH="${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}:$PATH"
	# Some tests cd: keep a relative CRM_BIN working there.
	PATH="$(cd "${PATH%%:*}" && pwd):$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27
	# The audit log's chain key: in the test's own config directory, never the user's.
	export XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/config
	unset CRM_CHAIN_KEY
	TD=$BATS_TEST_DIRNAME/../testdata
	DOCS=$TD/sec-docs.csv
	GRANTS=$TD/sec-grants.csv
	REQS=$TD/sec-requests.csv
	DERIVED=$TD/sec-derived.csv
	export STAFF=$TD/sec-staff.csv
	T=$BATS_TEST_TMPDIR
}

# A roster (crm-staff list) for generated requests and grants: each person
# with the role and department of their first request, each other granter
# with the role of their first grant, in department $3 (甲部 when not given).
roster() {
	awk -F, -v dept="${3:-甲部}" '
		BEGIN { print "id,name,department,role,left_on" }
		FNR == 1 { next }
		FILENAME == ARGV[1] { if (!($1 in seen)) { seen[$1]; print $1 "," $1 "," $3 "," ($2 == "" ? "staff" : $2) ","; } next }
		{ if (!($4 in seen)) { seen[$4]; print $4 "," $4 "," dept "," ($5 == "" ? "staff" : $5) ","; } }
	' "$1" "$2"
}

# --- classify (SEC-01, SEC-02, SEC-03) ----------------------------------------

@test "SEC-03: testdata/sec-docs.csv: every document gets the level of its category" {
	run --separate-stderr secret-label classify "$DOCS"
	assert_success
	assert_output - <<-'EOF'
	id,title,category,level,drafted_by,department,created,period_years,supervisor,extended_to
	D001,关于并购华东机械的决策方案,decision,top-secret,刘洋,总经办,2026-03-02,,王总,
	D002,2027年度经营规划,annual-plan,secret,张伟,总经办,2026-11-20,,孙总,
	D003,2026年三季度财务报表,financial-report,secret,李娜,财务部,2026-10-15,,陈静,
	D004,华东机械采购合同,contract,confidential,赵磊,市场部,2026-06-18,,钱明,
	D005,2026年员工工资表,salary,confidential,周敏,人事部,2026-11-05,5,周敏,
	D006,营业执照(副本),business-license,confidential,吴刚,行政部,2020-05-01,,郑华,
	D007,税务登记证,license,confidential,吴刚,行政部,2020-05-01,,郑华,
	D008,关于国庆节放假的通知,notice,public,刘洋,总经办,2026-09-20,,,
	D009,重点客户信息汇总,customer-info,secret,赵磊,市场部,2026-08-01,,钱明,
	D010,2006年度统计资料,statistics,secret,李娜,财务部,2006-11-27,,陈静,
	D011,2016年度代理协议,agreement,confidential,赵磊,市场部,2016-11-28,,钱明,
	D012,2005年董事会会议记录,meeting-minutes,secret,刘洋,总经办,2005-03-01,,王总,2028-12-31
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-03: every category, English or Chinese, gets the level of 三.3" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	run bash -c '
		while read -r cat zh want; do
			for c in "$cat" "$zh"; do
				got=$(printf "id,category\nX,%s\n" "$c" | secret-label classify 2>&1 | tail -n +2)
				[ "$got" = "X,$cat,$want" ] || echo "$c: got $got, want X,$cat,$want"
			done
		done <<-EOF
		decision 重大决策 top-secret
		annual-plan 年度规划 secret
		financial-report 财务报表 secret
		statistics 统计资料 secret
		meeting-minutes 重要会议记录 secret
		business-status 经营情况 secret
		vendor-tech 厂家技术资料 secret
		contract 合同 confidential
		agreement 协议 confidential
		personnel-file 人事档案 confidential
		salary 工资 confidential
		bonus 奖金 confidential
		unpublished-info 未公开信息 confidential
		license 证件 confidential
		business-license 营业执照 confidential
		org-code-certificate 组织机构代码证 confidential
		notice 通知 public
		general 一般文件 public
		EOF'
	assert_success
	assert_output ""
}

@test "SEC-01: levels read in English or Chinese and compare highest first" {
	# An explicit level at or above the category's is kept as given.
	printf '%s\n' 'id,category,level' 'A,contract,绝密' 'B,contract,机密' 'C,contract,秘密' \
		'D,notice,公开' 'E,notice,Top-Secret' 'F,annual-plan,top-secret' > "$T/d.csv"
	run --separate-stderr secret-label classify "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,category,level
	A,contract,top-secret
	B,contract,secret
	C,contract,confidential
	D,notice,public
	E,notice,top-secret
	F,annual-plan,top-secret
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-03: a scope item with no level in the policy needs an explicit one" {
	printf '%s\n' 'id,category,level' 'S1,strategy,' 'S2,customer-info,secret' 'S3,sourcing,' \
		'S4,tech-capability,confidential' 'S5,audit-report,' 'S6,other-secret,top-secret' \
		'S7,经营战略,' 'S8,客户信息,机密' > "$T/d.csv"
	run --separate-stderr secret-label classify "$T/d.csv"
	assert_failure 2
	assert_output - <<-'EOF'
	id,category,level
	S2,customer-info,secret
	S4,tech-capability,confidential
	S6,other-secret,top-secret
	S8,customer-info,secret
	EOF
	assert_equal "$stderr" "$(cat <<-EOF
	secret-label: $T/d.csv:2: level: category 'strategy' has no level in the policy: give one (SEC-03)
	secret-label: $T/d.csv:4: level: category 'sourcing' has no level in the policy: give one (SEC-03)
	secret-label: $T/d.csv:6: level: category 'audit-report' has no level in the policy: give one (SEC-03)
	secret-label: $T/d.csv:8: level: category 'strategy' has no level in the policy: give one (SEC-03)
	EOF
	)"
}

@test "SEC-03: an annual plan is secret (机密); lowering it needs --reason" {
	printf '%s\n' 'id,category,level' 'P1,annual-plan,' 'P2,annual-plan,confidential' \
		'P3,decision,secret' 'P4,contract,public' > "$T/d.csv"
	run --separate-stderr secret-label classify "$T/d.csv"
	assert_failure 2
	assert_output "$(printf 'id,category,level\nP1,annual-plan,secret')"
	assert_equal "$stderr" "$(cat <<-EOF
	secret-label: $T/d.csv:3: level: 'confidential' is below 'secret', the level of category 'annual-plan': lowering it needs --reason (SEC-03)
	secret-label: $T/d.csv:4: level: 'secret' is below 'top-secret', the level of category 'decision': lowering it needs --reason (SEC-03)
	secret-label: $T/d.csv:5: level: 'public' is below 'confidential', the level of category 'contract': lowering it needs --reason (SEC-03)
	EOF
	)"
}

@test "SEC-03: a lowered level with --reason is kept and logged on standard error" {
	printf '%s\n' 'id,category,level' 'P1,annual-plan,' 'P2,annual-plan,confidential' > "$T/d.csv"
	run --separate-stderr secret-label classify --reason '仅含已公开数据' "$T/d.csv"
	assert_success
	# the register keeps the reason (check believes a lowered level only with one)
	assert_output "$(printf 'id,category,level,reason\nP1,annual-plan,secret,\nP2,annual-plan,confidential,仅含已公开数据')"
	assert_equal "$stderr" "secret-label: $T/d.csv:3: P2: level lowered from secret to confidential: 仅含已公开数据"
}

@test "SEC-03: with --audit, a lowered level is logged in the audit log with its reason" {
	printf '%s\n' 'id,category,level,drafted_by' 'P1,annual-plan,,张伟' 'P2,annual-plan,confidential,李娜' > "$T/d.csv"
	run --separate-stderr secret-label classify -r '仅含已公开数据' --audit "$T/audit.csv" "$T/d.csv"
	assert_success
	assert_equal "$stderr" ""
	run cut -d, -f7- "$T/audit.csv"
	assert_output - <<-'EOF'
	who,doc_id,action,decision,needs,rule,reason
	张伟,P1,classify,secret,,SEC-03,category annual-plan
	李娜,P2,lowering,confidential,,SEC-03,category annual-plan; lowered from secret: 仅含已公开数据
	EOF
}

@test "SEC-02: a scope item is a company secret: marking it public needs --reason" {
	printf '%s\n' 'id,category,level' 'S1,customer-info,public' 'N1,notice,' 'N2,general,' > "$T/d.csv"
	run --separate-stderr secret-label classify "$T/d.csv"
	assert_failure 2
	assert_output "$(printf 'id,category,level\nN1,notice,public\nN2,general,public')"
	assert_equal "$stderr" "secret-label: $T/d.csv:2: level: 'public' is below 'confidential', the level of category 'customer-info': lowering it needs --reason (SEC-03)"
}

@test "SEC-03: a document without a category, or an unknown one, is an error" {
	printf '%s\n' 'id,category' 'A,' 'B,机密文件' 'C,contract' > "$T/d.csv"
	run --separate-stderr secret-label classify "$T/d.csv"
	assert_failure 2
	assert_output "$(printf 'id,category,level\nC,contract,confidential')"
	assert_line --index 0 'id,category,level'
	assert_equal "${stderr_lines[0]}" "secret-label: $T/d.csv:2: category: a document needs one (SEC-03)"
	assert_regex "${stderr_lines[1]}" "^secret-label: $T/d.csv:3: category: expected one of decision, annual-plan, .*, notice, general, .*, admin-document, found '机密文件'$"
	printf 'id,title\nA,x\n' > "$T/d.csv"
	run --separate-stderr secret-label classify "$T/d.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/d.csv: documents need the column 'category'"
}

# --- stamp (SEC-04) -------------------------------------------------------------

@test "SEC-04: classify | stamp: period, declassify_on and the label 机密★20年" {
	run --separate-stderr bash -c 'secret-label classify "$1" | secret-label stamp' _ "$DOCS"
	assert_success
	assert_output - <<-'EOF'
	id,title,category,level,drafted_by,department,created,period_years,period_source,declassify_on,declassify_source,supervisor,label,extended_to
	D001,关于并购华东机械的决策方案,decision,top-secret,刘洋,总经办,2026-03-02,30,default,2056-03-02,period,王总,绝密★30年,
	D002,2027年度经营规划,annual-plan,secret,张伟,总经办,2026-11-20,20,default,2046-11-20,period,孙总,机密★20年,
	D003,2026年三季度财务报表,financial-report,secret,李娜,财务部,2026-10-15,20,default,2046-10-15,period,陈静,机密★20年,
	D004,华东机械采购合同,contract,confidential,赵磊,市场部,2026-06-18,10,default,2036-06-18,period,钱明,秘密★10年,
	D005,2026年员工工资表,salary,confidential,周敏,人事部,2026-11-05,5,given,2031-11-05,period,周敏,秘密★5年,
	D006,营业执照(副本),business-license,confidential,吴刚,行政部,2020-05-01,10,default,2030-05-01,period,郑华,秘密★10年,
	D007,税务登记证,license,confidential,吴刚,行政部,2020-05-01,10,default,2030-05-01,period,郑华,秘密★10年,
	D008,关于国庆节放假的通知,notice,public,刘洋,总经办,2026-09-20,,,,,,,
	D009,重点客户信息汇总,customer-info,secret,赵磊,市场部,2026-08-01,20,default,2046-08-01,period,钱明,机密★20年,
	D010,2006年度统计资料,statistics,secret,李娜,财务部,2006-11-27,20,default,2026-11-27,period,陈静,机密★20年,
	D011,2016年度代理协议,agreement,confidential,赵磊,市场部,2016-11-28,10,default,2026-11-28,period,钱明,秘密★10年,
	D012,2005年董事会会议记录,meeting-minutes,secret,刘洋,总经办,2005-03-01,20,default,2025-03-01,extended,王总,机密★20年,2028-12-31
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-04: default periods 30, 20 and 10 years; an explicit period wins; public has none" {
	run bash -c '
		while IFS=, read -r level period want; do
			got=$(printf "id,level,created,period_years\nX,%s,2024-02-29,%s\n" "$level" "$period" |
				secret-label stamp 2>&1 | tail -n +2)
			[ "$got" = "$want" ] || echo "$level $period: got $got, want $want"
		done <<-EOF
		top-secret,,X,top-secret,2024-02-29,30,default,2054-02-28,period,绝密★30年
		secret,,X,secret,2024-02-29,20,default,2044-02-29,period,机密★20年
		confidential,,X,confidential,2024-02-29,10,default,2034-02-28,period,秘密★10年
		绝密,3,X,top-secret,2024-02-29,3,given,2027-02-28,period,绝密★3年
		机密,1年,X,secret,2024-02-29,1,given,2025-02-28,period,机密★1年
		confidential,100,X,confidential,2024-02-29,100,given,2124-02-29,period,秘密★100年
		public,,X,public,2024-02-29,,,,,
		公开,5,X,public,2024-02-29,5,,,,
		EOF'
	assert_success
	assert_output ""
}

@test "SEC-04: --periods FILE sets the default periods" {
	printf '密级,保密期限\n机密,15\nconfidential,5年\n' > "$T/periods.csv"
	printf 'id,level,created\nA,secret,2026-01-10\nB,confidential,2026-01-10\nC,top-secret,2026-01-10\n' > "$T/d.csv"
	run --separate-stderr secret-label stamp --periods "$T/periods.csv" "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,level,created,period_years,period_source,declassify_on,declassify_source,label
	A,secret,2026-01-10,15,default,2041-01-10,period,机密★15年
	B,confidential,2026-01-10,5,default,2031-01-10,period,秘密★5年
	C,top-secret,2026-01-10,30,default,2056-01-10,period,绝密★30年
	EOF
	assert_equal "$stderr" ""
	printf 'level,period_years\npublic,5\nsecret,0\n' > "$T/periods.csv"
	run --separate-stderr secret-label stamp --periods "$T/periods.csv" "$T/d.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/periods.csv:2: level: a public document has no secrecy period"
}

@test "SEC-04: a period of 0, a negative one, one over 100 years or not a number is an error" {
	printf '%s\n' 'id,level,created,period_years' 'A,secret,2026-01-01,0' 'B,secret,2026-01-01,-5' \
		'C,secret,2026-01-01,101' 'D,secret,2026-01-01,十年' 'E,secret,2026-01-01,2.5' \
		'F,secret,2026-01-01, 7 ' > "$T/d.csv"
	run --separate-stderr secret-label stamp "$T/d.csv"
	assert_failure 2
	assert_output "$(printf 'id,level,created,period_years,period_source,declassify_on,declassify_source,label\nF,secret,2026-01-01,7,given,2033-01-01,period,机密★7年')"
	assert_equal "$stderr" "$(cat <<-EOF
	secret-label: $T/d.csv:2: period_years: expected a period of 1 to 100 years, found '0'
	secret-label: $T/d.csv:3: period_years: expected a period of 1 to 100 years, found '-5'
	secret-label: $T/d.csv:4: period_years: expected a period of 1 to 100 years, found '101'
	secret-label: $T/d.csv:5: period_years: expected a period of 1 to 100 years, found '十年'
	secret-label: $T/d.csv:6: period_years: expected a period of 1 to 100 years, found '2.5'
	EOF
	)"
}

@test "SEC-04: stamp needs a level and, for a secret document, the date it was written" {
	printf '%s\n' 'id,category,level,created' 'A,contract,,2026-01-01' 'B,contract,confidential,' \
		'C,notice,public,' > "$T/d.csv"
	run --separate-stderr secret-label stamp "$T/d.csv"
	assert_failure 2
	assert_output "$(printf 'id,category,level,created,period_years,period_source,declassify_on,declassify_source,label\nC,notice,public,,,,,,')"
	assert_equal "$stderr" "secret-label: $T/d.csv:2: level: empty: classify the document first (SEC-03)
secret-label: $T/d.csv:3: created: a confidential document needs the date it was written, to count its period from, or a declassify_on (SEC-04)"
}

@test "SEC-04: a declassified document is stamped 已解密; a public one gets no label" {
	printf '%s\n' 'id,level,created,period_years,declassify_on,declassified_on' \
		'A,public,2006-11-27,20,2026-11-27,2026-11-27' 'B,public,2026-01-01,,,' > "$T/d.csv"
	run --separate-stderr secret-label stamp "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,level,created,period_years,period_source,declassify_on,declassify_source,label,declassified_on
	A,public,2006-11-27,20,,2026-11-27,,已解密,2026-11-27
	B,public,2026-01-01,,,,,,
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-04: stamping again gives the same register" {
	secret-label classify "$DOCS" | secret-label stamp > "$T/once.csv"
	run bash -c 'secret-label stamp "$1" | cmp - "$1"' _ "$T/once.csv"
	assert_success
	assert_output ""
}

@test "SEC-04: stamp keeps an explicit declassify_on (explicit), fills an empty one (period), says whose period" {
	# A: 2026-01-10 + 20 = 2046-01-10, its own date 2030-06-30 is kept; B: its date is
	# the period's; C: none, filled; D: no created, but a date of its own; E: extended.
	printf '%s\n' 'id,level,created,period_years,declassify_on,extended_to' \
		'A,secret,2026-01-10,,2030-06-30,' 'B,secret,2026-01-10,,2046-01-10,' \
		'C,confidential,2026-01-10,3,,' 'D,secret,,,2029-12-31,' 'E,secret,2000-01-01,,2020-01-01,2030-01-01' > "$T/d.csv"
	run --separate-stderr secret-label stamp "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,level,created,period_years,period_source,declassify_on,declassify_source,label,extended_to
	A,secret,2026-01-10,20,default,2030-06-30,explicit,机密★20年,
	B,secret,2026-01-10,20,default,2046-01-10,period,机密★20年,
	C,confidential,2026-01-10,3,given,2029-01-10,period,秘密★3年,
	D,secret,,20,default,2029-12-31,explicit,机密★20年,
	E,secret,2000-01-01,20,default,2020-01-01,extended,机密★20年,2030-01-01
	EOF
	assert_equal "$stderr" ""
	# what stamp writes, check believes
	printf 'person,doc_id,action\n王总,A,read\n王总,D,read\n' > "$T/r.csv"
	secret-label stamp "$T/d.csv" > "$T/reg.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/reg.csv" "$T/r.csv"
	assert_success
}

@test "SEC-02: the scope items of 三.2 have categories and need a level; the administrative kinds are public" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	run bash -c '
		while read -r cat zh want; do
			for c in "$cat" "$zh"; do
				got=$(printf "id,category\nX,%s\n" "$c" | secret-label classify 2>/dev/null | tail -n +2)
				case $want in
				error) got=$(printf "id,category\nX,%s\n" "$c" | secret-label classify 2>&1 >/dev/null)
					case $got in *"has no level in the policy: give one (SEC-03)") ;; *) echo "$c: got $got, want an error" ;; esac ;;
				*) [ "$got" = "X,$cat,$want" ] || echo "$c: got $got, want X,$cat,$want" ;;
				esac
			done
		done <<-EOF
		opinion 意见书 error
		feasibility-report 可行性报告 error
		budget-report 预决算报告 error
		management-strategy 管理策略 error
		sales-strategy 产销策略 error
		product-trend 产品动向 error
		general-decision 一般决定 public
		resolution 决议 public
		circular 通告 public
		admin-document 行政管理资料 public
		EOF'
	assert_success
	assert_output ""
	# 决定 alone is the top-secret decision of 三.3.1
	run --separate-stderr bash -c 'printf "id,category\nX,决定\n" | secret-label classify'
	assert_output "$(printf 'id,category,level\nX,decision,top-secret')"
	# a level given: secret, as for customer information
	run --separate-stderr bash -c 'printf "id,category,level\nX,产销策略,机密\n" | secret-label classify'
	assert_output "$(printf 'id,category,level\nX,sales-strategy,secret')"
}

@test "SEC-03: a per-document reason column lowers that document only" {
	printf '%s\n' 'id,category,level,reason' 'P1,annual-plan,confidential,仅含已公开数据' 'P2,annual-plan,confidential,' > "$T/d.csv"
	run --separate-stderr secret-label classify "$T/d.csv"
	assert_failure 2
	assert_output "$(printf 'id,category,level,reason\nP1,annual-plan,confidential,仅含已公开数据')"
	assert_equal "${stderr_lines[0]}" "secret-label: $T/d.csv:2: P1: level lowered from secret to confidential: 仅含已公开数据"
	assert_equal "${stderr_lines[1]}" "secret-label: $T/d.csv:3: level: 'confidential' is below 'secret', the level of category 'annual-plan': lowering it needs --reason (SEC-03)"
}

@test "SEC-03: derive keeps the category's minimum; lowering a derived document needs --reason and is logged" {
	printf 'id,level,created\nP,public,2020-01-01\nA,confidential,2026-01-01\n' > "$T/reg.csv"
	# X: customer information compiled from a public notice stays a company secret
	printf 'id,category,level,created,sources\nX,customer-info,,2026-11-27,P\nY,contract,public,2026-11-27,A\n' > "$T/d.csv"
	run --separate-stderr secret-label derive -d "$T/reg.csv" "$T/d.csv"
	assert_failure 2
	assert_output - <<-'EOF'
	id,category,level,created,period_years,declassify_on,declassify_source,label,sources
	X,customer-info,confidential,2026-11-27,10,2036-11-27,period,秘密★10年,P
	EOF
	assert_equal "$stderr" "secret-label: $T/d.csv:3: level: 'public' is below 'confidential', the level of its sources or category: lowering it needs --reason (SEC-03)"
	run --separate-stderr secret-label derive -d "$T/reg.csv" -r '摘录部分已公开' -a "$T/audit.csv" "$T/d.csv"
	assert_success
	assert_line --index 2 'Y,contract,public,2026-11-27,,,,,A,摘录部分已公开'
	run bash -c 'cut -d, -f7-9 "$1" | tail -1' _ "$T/audit.csv"
	assert_output ',Y,lowering'
}

@test "SEC-04: extend records who, when and the new end, marks it extended, and check believes it" {
	# D012: 2005-03-01 + 20 years ended 2025-03-01; 王总 extends it to 2028-12-31 today.
	secret-label classify "$DOCS" | secret-label stamp | grep -v '^D012,' > "$T/reg.csv"
	printf 'id,category,level,department,created,supervisor,extended_to,extended_by\nD012,meeting-minutes,secret,总经办,2005-03-01,王总,2028-12-31,王总\nD002,annual-plan,secret,总经办,2026-11-20,孙总,2030-01-01,孙总\n' > "$T/ext.csv"
	run --separate-stderr secret-label extend -a "$T/audit.csv" "$T/ext.csv"
	assert_failure 2
	assert_output - <<-'EOF'
	id,category,level,department,created,declassify_source,supervisor,extended_to,extended_by,extended_on
	D012,meeting-minutes,secret,总经办,2005-03-01,extended,王总,2028-12-31,王总,2026-11-27
	EOF
	# D002 ends in 2046: 2030 is no extension
	assert_equal "$stderr" "secret-label: $T/ext.csv:3: extended_to: '2030-01-01' does not extend a secret document's period (SEC-04)"
	run bash -c 'cut -d, -f7- "$1" | tail -1' _ "$T/audit.csv"
	assert_output '王总,D012,extension,secret,,SEC-04,extended to 2028-12-31 on 2026-11-27'
	printf 'id,level,created,declassify_on,declassify_source,extended_to,extended_by\nX,secret,2005-03-01,2024-01-01,extended,2028-12-31,王总\nY,secret,2005-03-01,2024-01-01,extended,,\n' > "$T/reg.csv"
	printf 'person,doc_id,action\n李娜,X,read\n李娜,Y,read\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/reg.csv" "$T/r.csv"
	assert_failure 1
	assert_line --index 1 '李娜,X,read,deny,supervisor,not-designated,SEC-05'
	assert_line --index 2 '李娜,Y,read,deny,,register-inconsistent,SEC-04'
	run --separate-stderr bash -c 'printf "id,level,extended_to\nX,secret,2030-01-01\n" | secret-label extend'
	assert_failure 2
	assert_equal "$stderr" "secret-label: (stdin):2: extended_by: an extension records who decided it (SEC-04)"
}

# --- declassify (SEC-04) ---------------------------------------------------------

@test "SEC-04: declassify: the register on 2026-11-27 — D010 ends its period today" {
	run --separate-stderr bash -c 'secret-label classify "$1" | secret-label stamp | secret-label declassify' _ "$DOCS"
	assert_success
	assert_line --index 0 'id,title,category,level,drafted_by,department,created,period_years,period_source,declassify_on,declassify_source,supervisor,label,extended_to,declassified_on'
	assert_line --index 10 'D010,2006年度统计资料,statistics,public,李娜,财务部,2006-11-27,20,default,2026-11-27,period,陈静,已解密,,2026-11-27'
	assert_line --index 11 'D011,2016年度代理协议,agreement,confidential,赵磊,市场部,2016-11-28,10,default,2026-11-28,period,钱明,秘密★10年,,'
	assert_line --index 12 'D012,2005年董事会会议记录,meeting-minutes,secret,刘洋,总经办,2005-03-01,20,default,2025-03-01,extended,王总,机密★20年,2028-12-31,'
	assert_equal "$(printf '%s\n' "${lines[@]}" | grep -c ',已解密,')" 1
	assert_equal "$stderr" ""
}

@test "SEC-04: expiry on the exact day: secret on the day before, public on declassify_on" {
	printf 'id,level,declassify_on,label\nA,secret,2026-11-27,机密★20年\n' > "$T/d.csv"
	run --separate-stderr secret-label declassify --today 2026-11-26 "$T/d.csv"
	assert_success
	assert_output "$(printf 'id,level,declassify_on,label,declassified_on\nA,secret,2026-11-27,机密★20年,')"
	run --separate-stderr secret-label declassify --today 2026-11-27 "$T/d.csv"
	assert_success
	assert_output "$(printf 'id,level,declassify_on,label,declassified_on\nA,public,2026-11-27,已解密,2026-11-27')"
	# Declassified later than the day: declassified_on is still the day the period ended.
	run --separate-stderr secret-label declassify --today 2030-01-01 "$T/d.csv"
	assert_output "$(printf 'id,level,declassify_on,label,declassified_on\nA,public,2026-11-27,已解密,2026-11-27')"
	assert_equal "$stderr" ""
}

@test "SEC-04: without declassify_on the period counts from created (default or own period)" {
	printf '%s\n' 'id,level,created,period_years' 'A,confidential,2016-11-27,' 'B,confidential,2016-11-28,' \
		'C,secret,2021-11-27,5' 'D,top-secret,1996-11-28,' 'E,public,2000-01-01,' > "$T/d.csv"
	run --separate-stderr secret-label declassify "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,level,created,period_years,label,declassified_on
	A,public,2016-11-27,,已解密,2026-11-27
	B,confidential,2016-11-28,,,
	C,public,2021-11-27,5,已解密,2026-11-27
	D,top-secret,1996-11-28,,,
	E,public,2000-01-01,,,
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-04: an extension keeps a document secret until extended_to, then it is declassified" {
	printf '%s\n' 'id,level,declassify_on,extended_to' 'A,secret,2025-03-01,2028-12-31' \
		'B,secret,2025-03-01,2026-11-27' 'C,secret,2026-11-27,2026-11-28' 'D,confidential,2030-01-01,' > "$T/d.csv"
	run --separate-stderr secret-label declassify "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,level,declassify_on,label,extended_to,declassified_on
	A,secret,2025-03-01,,2028-12-31,
	B,public,2025-03-01,已解密,2026-11-27,2026-11-27
	C,secret,2026-11-27,,2026-11-28,
	D,confidential,2030-01-01,,,
	EOF
	run --separate-stderr secret-label declassify --today 2028-12-31 "$T/d.csv"
	assert_line --index 1 'A,public,2025-03-01,已解密,2028-12-31,2028-12-31'
	assert_equal "$stderr" ""
}

@test "SEC-04: an extended_to before declassify_on, or no date at all, is an error" {
	printf '%s\n' 'id,level,declassify_on,extended_to,created' 'A,secret,2026-03-01,2025-12-31,' \
		'B,secret,,,' 'C,secret,,,2026-01-01' > "$T/d.csv"
	run --separate-stderr secret-label declassify "$T/d.csv"
	assert_failure 2
	assert_output "$(printf 'id,level,created,declassify_on,label,extended_to,declassified_on\nC,secret,2026-01-01,,,,')"
	assert_equal "$stderr" "secret-label: $T/d.csv:2: extended_to: '2025-12-31' is before declassify_on '2026-03-01': not an extension
secret-label: $T/d.csv:3: declassify_on: empty, and no created date to count the period from (SEC-04)"
}

# --- derive (SEC-06) ---------------------------------------------------------------

@test "SEC-06: derive: testdata/sec-derived.csv against the register" {
	run --separate-stderr secret-label derive --docs "$DOCS" "$DERIVED"
	assert_success
	assert_output - <<-'EOF'
	id,title,category,level,drafted_by,department,created,period_years,declassify_on,declassify_source,label,extended_to,sources,copy_of
	D101,2027年经营分析汇编,business-status,secret,张伟,总经办,2026-11-25,20,2046-11-20,explicit,机密★20年,,D002;D003,
	D102,并购方案摘录,decision,top-secret,刘洋,总经办,2026-11-26,30,2056-03-02,explicit,绝密★30年,,D001;D008,
	D103,营业执照复印件,business-license,confidential,吴刚,行政部,2026-11-26,10,2030-05-01,explicit,秘密★10年,,,D006
	D104,历年代理协议摘编,agreement,confidential,赵磊,市场部,2026-11-27,1,2026-11-28,explicit,秘密★1年,,D010;D011,
	EOF
	assert_equal "$stderr" ""
}

# The period is rounded up to whole years for the label; declassify_on is the
# latest of the sources' own, never later (A;B: B's 2040-06-01, not 2040-11-27).
@test "SEC-06: a derived document takes the highest level and the longest remaining period" {
	cat > "$T/reg.csv" <<-'EOF'
	id,level,created,period_years,declassify_on,extended_to
	A,confidential,2020-01-01,10,2030-01-01,
	B,secret,2020-06-01,,2040-06-01,
	C,secret,2010-01-01,,2030-01-01,2035-07-01
	P,public,2020-01-01,,,
	T,top-secret,2026-01-01,,2056-01-01,
	EOF
	run bash -c '
		while IFS="|" read -r sources want; do
			got=$(printf "id,created,sources\nX,2026-11-27,%s\n" "$sources" |
				secret-label derive --docs "$1" 2>&1 | tail -n +2 | cut -d, -f2,4,5,7)
			[ "$got" = "$want" ] || echo "$sources: got $got, want $want"
		done <<-EOF
		A|confidential,4,2030-01-01,秘密★4年
		A;B|secret,14,2040-06-01,机密★14年
		A;C|secret,9,2035-07-01,机密★9年
		C;B|secret,14,2040-06-01,机密★14年
		P|public,,,
		P;A|confidential,4,2030-01-01,秘密★4年
		A;T;B|top-secret,30,2056-01-01,绝密★30年
		 A；B ; C |secret,14,2040-06-01,机密★14年
	EOF' _ "$T/reg.csv"
	assert_success
	assert_output ""
}

@test "SEC-06: a source whose period is over by the day of the derived document counts as public" {
	printf 'id,level,declassify_on\nOLD,secret,2026-11-27\nNEW,confidential,2026-11-28\n' > "$T/reg.csv"
	printf 'id,created,sources\nX,2026-11-26,OLD\nY,2026-11-27,OLD\nZ,2026-11-27,OLD;NEW\n' > "$T/d.csv"
	run --separate-stderr secret-label derive -d "$T/reg.csv" "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,level,created,period_years,declassify_on,declassify_source,label,sources
	X,secret,2026-11-26,1,2026-11-27,explicit,机密★1年,OLD
	Y,public,2026-11-27,,,,,OLD
	Z,confidential,2026-11-27,1,2026-11-28,explicit,秘密★1年,OLD;NEW
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-06: a derived document's own higher level brings its own period" {
	printf 'id,level,created\nA,confidential,2026-01-01\n' > "$T/reg.csv"
	printf 'id,category,level,created,period_years,sources\nX,decision,,2026-11-27,,A\nY,contract,secret,2026-11-27,3,A\nZ,contract,,2026-11-27,15,A\n' > "$T/d.csv"
	run --separate-stderr secret-label derive -d "$T/reg.csv" "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,category,level,created,period_years,declassify_on,declassify_source,label,sources
	X,decision,top-secret,2026-11-27,30,2056-11-27,period,绝密★30年,A
	Y,contract,secret,2026-11-27,10,2036-11-27,period,机密★10年,A
	Z,contract,confidential,2026-11-27,15,2041-11-27,period,秘密★15年,A
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-06: a copy keeps its original's level, period, dates and label" {
	printf 'id,level,created,period_years,declassify_on,label,extended_to,declassified_on\nA,secret,2020-01-01,20,2040-01-01,机密★20年,2045-01-01,\nB,confidential,2021-03-04,,,,,\nC,public,2000-01-01,10,2010-01-01,已解密,,2010-01-01\n' > "$T/reg.csv"
	printf 'id,created,copy_of,note\nA-1,2026-11-27,A,第一份\nB-1,2026-11-27,B,\nC-1,2026-11-27,C,\nN,2026-11-27,,不是复印件\n' > "$T/d.csv"
	run --separate-stderr secret-label derive -d "$T/reg.csv" "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,level,created,period_years,declassify_on,declassify_source,label,extended_to,declassified_on,copy_of,note
	A-1,secret,2026-11-27,20,2040-01-01,extended,机密★20年,2045-01-01,,A,第一份
	B-1,confidential,2026-11-27,10,2031-03-04,explicit,秘密★10年,,,B,
	C-1,public,2026-11-27,10,2010-01-01,,已解密,,2010-01-01,C,
	N,,2026-11-27,,,,,,,,不是复印件
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-06: sources or an original not in --docs, self-references and both at once are errors" {
	printf 'id,level,created\nA,secret,2026-01-01\nA,confidential,2026-01-01\nB,secret,\nC,secret,2026-01-01\n' > "$T/reg.csv"
	printf '%s\n' 'id,created,sources,copy_of' 'X1,2026-11-27,C;NOPE,' 'X2,2026-11-27,,NOPE' \
		'X3,2026-11-27,X3;C,' 'X4,2026-11-27,C,C' 'X5,,C,' 'X6,2026-11-27,A,' 'X7,2026-11-27,B,' \
		'X8,2026-11-27,;,' 'X9,2026-11-27,C,' > "$T/d.csv"
	run --separate-stderr secret-label derive -d "$T/reg.csv" "$T/d.csv"
	assert_failure 2
	assert_output - <<-'EOF'
	id,level,created,period_years,declassify_on,declassify_source,label,sources,copy_of
	X9,secret,2026-11-27,20,2046-01-01,explicit,机密★20年,C,
	EOF
	assert_equal "$stderr" "$(cat <<-EOF
	secret-label: $T/reg.csv:3: id: document 'A' appears more than once (first on line 2)
	secret-label: $T/d.csv:2: sources: document 'NOPE' is not in $T/reg.csv
	secret-label: $T/d.csv:3: copy_of: document 'NOPE' is not in $T/reg.csv
	secret-label: $T/d.csv:4: sources: document 'X3' names itself
	secret-label: $T/d.csv:5: a document is compiled from sources or a copy (copy_of), not both
	secret-label: $T/d.csv:6: created: a derived document needs the date it was made (SEC-06)
	secret-label: $T/d.csv:7: sources: document 'A' appears more than once in $T/reg.csv
	secret-label: $T/d.csv:8: sources: document 'B' is secret but has neither declassify_on nor created: its remaining period is unknown
	secret-label: $T/d.csv:9: sources: expected document ids separated by ';', found ';'
	EOF
	)"
}

@test "SEC-06: derive needs --docs" {
	run --separate-stderr secret-label derive "$DERIVED"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: derive: option '--docs' is needed
Try 'secret-label --help' for more information."
}

# --- check (SEC-05, SEC-06) ----------------------------------------------------------

@test "SEC-05, SEC-06: check testdata/sec-requests.csv: decision, needs, reason, rule; exit 1" {
	run --separate-stderr secret-label check -s "$STAFF" --docs "$DOCS" --grants "$GRANTS" "$REQS"
	assert_failure 1
	assert_output - <<-'EOF'
	person,role,department,doc_id,action,decision,needs,reason,rule
	王总,hq_manager,总经办,D001,read,allow,,hq-manager,SEC-05
	刘洋,staff,总经办,D001,read,allow,,designated,SEC-05
	张伟,staff,总经办,D001,read,deny,hq_manager,grant-wrong-role,SEC-05
	张伟,staff,总经办,D002,read,allow,,designated,SEC-05
	李娜,staff,财务部,D002,read,deny,supervisor,not-designated,SEC-05
	李娜,staff,财务部,D003,read,deny,supervisor,grant-expired,SEC-05
	陈静,dept_manager,财务部,D003,read,allow,,supervisor,SEC-05
	陈静,dept_manager,财务部,D003,copy,deny,hq_manager,not-approved,SEC-06
	孙总,subsidiary_gm,总经办,D003,copy,deny,supervisor,not-cleared,SEC-06
	赵磊,staff,市场部,D004,read,allow,,department,SEC-05
	李娜,staff,财务部,D004,copy,deny,dept_manager,not-cleared,SEC-06
	吴刚,staff,行政部,D006,copy,allow,,approved,SEC-06
	吴刚,staff,行政部,D006,lend,deny,hq_manager,grant-wrong-role,SEC-06
	赵磊,staff,市场部,D008,copy,allow,,not-secret,SEC-02
	李娜,staff,财务部,D010,read,allow,,declassified,SEC-04
	李娜,staff,财务部,D012,read,deny,supervisor,not-designated,SEC-05
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-05, SEC-06: exit 0 when every request is allowed" {
	grep -v ',D012,\|张伟,staff,总经办,D001\|李娜,staff,财务部,D00[234]\|D003,copy\|D006,lend' \
		"$REQS" > "$T/ok.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" -g "$GRANTS" "$T/ok.csv"
	assert_success
	assert_equal "${#lines[@]}" 9
	refute_output --partial ',deny,'
	assert_equal "$stderr" ""
}

# Every level x action x role of the decision table, for a requester outside the
# document's department, in it, or its supervisor, with no grant, a grant from
# each role, one from the document's supervisor, an expired one and one that
# expires today: one document per case, so that the grants do not mix.  The
# documents are held by a subsidiary (甲公司); copying, excerpting and lending
# first need the right to read (free only, as no read grant is on file): who
# may not read is denied with the designation reading needs, rule SEC-06.
@test "SEC-05, SEC-06: the decision table: every level x action x role x relation x grant" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	# level action free-without-grant needs grants-that-count rule
	local table='
	public       read all                                       -             -                                                                  SEC-02
	public       copy all                                       -             -                                                                  SEC-02
	public       lend all                                       -             -                                                                  SEC-02
	confidential read hq_manager,supervisor,department          dept_manager  dept_manager,general_manager,subsidiary_gm,hq_manager,supervisor   SEC-05
	confidential copy general_manager,subsidiary_gm,hq_manager  subsidiary_gm general_manager,subsidiary_gm,hq_manager                           SEC-06
	confidential lend general_manager,subsidiary_gm,hq_manager  subsidiary_gm general_manager,subsidiary_gm,hq_manager                           SEC-06
	secret       read hq_manager,supervisor                     supervisor    supervisor                                                         SEC-05
	secret       copy general_manager,subsidiary_gm,hq_manager  subsidiary_gm general_manager,subsidiary_gm,hq_manager                           SEC-06
	secret       lend general_manager,subsidiary_gm,hq_manager  subsidiary_gm general_manager,subsidiary_gm,hq_manager                           SEC-06
	top-secret   read hq_manager                                hq_manager    hq_manager                                                         SEC-05
	top-secret   copy hq_manager                                hq_manager    hq_manager                                                         SEC-06
	top-secret   lend hq_manager                                hq_manager    hq_manager                                                         SEC-06'
	local roles='staff dept_manager general_manager subsidiary_gm hq_manager'
	local grants="none $roles supervisor expired today"
	declare -A cat=([public]=notice [confidential]=contract [secret]=annual-plan [top-secret]=decision)
	local n=0 level action free needs counts rule role rel g rfree rneeds
	echo 'id,category,department,company,supervisor,created' > "$T/docs.csv"
	echo 'doc_id,person,action,granted_by,granted_role,expires' > "$T/grants.csv"
	echo 'person,role,department,doc_id,action' > "$T/requests.csv"
	: > "$T/want"
	while read -r level action free needs counts rule; do
		[ -n "$level" ] || continue
		for role in $roles; do
			for rel in outsider department supervisor; do
				for g in $grants; do
					n=$((n + 1))
					local person=P$n sup=SUP$n dept=乙部 first=${counts%%,*} by= granter=staff expires= ok=
					[ "$rel" = supervisor ] && sup=$person
					[ "$rel" = department ] && dept=甲部
					echo "D$n,${cat[$level]},甲部,甲公司,$sup,2026-01-01" >> "$T/docs.csv"
					# the grant: from a role, from the supervisor, or from the first
					# granter that counts, expired yesterday or expiring today
					case $g in
					none) ;;
					supervisor) by=$sup ;;
					expired|today)
						if [ "$first" = supervisor ]; then by=$sup; else by=G$n granter=$first; fi
						[ "$first" = - ] && granter=staff
						[ "$g" = expired ] && expires=2026-11-26 || expires=2026-11-27 ;;
					*) by=G$n granter=$g ;;
					esac
					[ -n "$by" ] && echo "D$n,$person,$action,$by,$granter,$expires" >> "$T/grants.csv"
					echo "$person,$role,$dept,D$n,$action" >> "$T/requests.csv"
					# what the table says: free, or a grant that counts (never one's own)
					case ",$free," in *,all,*|*,"$role",*|*,"$rel",*) ok=1 ;; esac
					case $g in
					none|expired) ;;
					supervisor) case ",$counts," in *,supervisor,*) [ "$rel" != supervisor ] && ok=1 ;; esac ;;
					today) [ "$counts" != - ] && [ "$by" != "$person" ] && ok=1 ;;
					*) case ",$counts," in *,"$g",*) ok=1 ;; esac ;;
					esac
					# who may read without a grant, and who designates
					case $level in
					public) rfree=all rneeds=- ;;
					confidential) rfree=hq_manager,supervisor,department rneeds=dept_manager ;;
					secret) rfree=hq_manager,supervisor rneeds=supervisor ;;
					top-secret) rfree=hq_manager rneeds=hq_manager ;;
					esac
					if [ "$action" != read ]; then
						case ",$rfree," in *,all,*|*,"$role",*|*,"$rel",*) ;; *) ok=no ;; esac
					fi
					if [ "$ok" = no ]; then
						echo "D$n,deny,$rneeds,SEC-06" >> "$T/want"
					elif [ -n "$ok" ]; then
						echo "D$n,allow,,$rule" >> "$T/want"
					else
						echo "D$n,deny,$needs,$rule" >> "$T/want"
					fi
				done
			done
		done
	done <<< "$table"
	assert_equal "$n" 1620	# 12 rows x 5 roles x 3 relations x 9 grants
	roster "$T/requests.csv" "$T/grants.csv" > "$T/staff.csv"
	run --separate-stderr secret-label check -s "$T/staff.csv" --docs "$T/docs.csv" --grants "$T/grants.csv" "$T/requests.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 1621
	tail -n +2 <<< "$output" | cut -d, -f4,6,7,9 > "$T/got"
	run diff "$T/want" "$T/got"
	assert_success
	assert_output ""
}

@test "SEC-06: certificates: a business licence or organisation code certificate is copied with a department manager's approval, lent with the subsidiary GM's" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	local roles='staff dept_manager general_manager subsidiary_gm hq_manager' n=0 cat action g role want
	echo 'id,category,department,company,supervisor,created' > "$T/docs.csv"
	echo 'doc_id,person,action,granted_by,granted_role,expires' > "$T/grants.csv"
	echo 'person,role,department,doc_id,action' > "$T/requests.csv"
	: > "$T/want"
	# category|action|the roles that may act themselves, and whose approval counts|needs
	while IFS='|' read -r cat action rank needs; do
		for role in $roles; do
			for g in none $roles; do
				n=$((n + 1))
				echo "C$n,$cat,行政部,甲公司,SUP$n,2026-01-01" >> "$T/docs.csv"
				[ "$g" != none ] && echo "C$n,P$n,$action,G$n,$g," >> "$T/grants.csv"
				echo "P$n,$role,行政部,C$n,$action" >> "$T/requests.csv"
				want="C$n,deny,$needs"
				case " $rank " in *" $role "*) want="C$n,allow," ;; esac
				case " $rank " in *" $g "*) want="C$n,allow," ;; esac
				echo "$want" >> "$T/want"
			done
		done
	done <<-'EOF'
	business-license|copy|dept_manager general_manager subsidiary_gm hq_manager|dept_manager
	org-code-certificate|copy|dept_manager general_manager subsidiary_gm hq_manager|dept_manager
	营业执照|copy|dept_manager general_manager subsidiary_gm hq_manager|dept_manager
	组织机构代码证|copy|dept_manager general_manager subsidiary_gm hq_manager|dept_manager
	business-license|lend|general_manager subsidiary_gm hq_manager|subsidiary_gm
	org-code-certificate|lend|general_manager subsidiary_gm hq_manager|subsidiary_gm
	license|copy|general_manager subsidiary_gm hq_manager|subsidiary_gm
	license|lend|general_manager subsidiary_gm hq_manager|subsidiary_gm
	证件|copy|general_manager subsidiary_gm hq_manager|subsidiary_gm
	EOF
	roster "$T/requests.csv" "$T/grants.csv" 行政部 > "$T/staff.csv"
	run --separate-stderr secret-label check -s "$T/staff.csv" -d "$T/docs.csv" -g "$T/grants.csv" "$T/requests.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	tail -n +2 <<< "$output" | cut -d, -f4,6,7 > "$T/got"
	run diff "$T/want" "$T/got"
	assert_success
}

@test "SEC-05: reasons: who knows without a grant, and why a grant does not count" {
	cat > "$T/docs.csv" <<-'EOF'
	id,level,department,supervisor,created
	TS,top-secret,甲部,S1,2026-01-01
	SE,secret,甲部,S1,2026-01-01
	CO,confidential,甲部,S1,2026-01-01
	EOF
	cat > "$T/staff.csv" <<-'EOF'
	id,name,department,role,left_on
	H,H,乙部,hq_manager,
	A,A,乙部,staff,
	B,B,乙部,staff,
	C,C,乙部,staff,
	D,D,乙部,dept_manager,
	E,E,乙部,staff,
	G,G,乙部,general_manager,
	M,M,甲部,dept_manager,
	N,N,乙部,subsidiary_gm,
	S1,S1,乙部,staff,
	X,X,甲部,staff,
	EOF
	cat > "$T/grants.csv" <<-'EOF'
	doc_id,person,action,granted_by,granted_role,expires
	TS,A,read,H,hq_manager,2026-11-27
	TS,B,read,H,hq_manager,2026-11-26
	TS,C,read,N,subsidiary_gm,
	TS,D,read,D,hq_manager,
	SE,A,read,S1,staff,
	SE,B,read,H,hq_manager,
	SE,C,read,S1,,2026-11-26
	CO,A,read,M,dept_manager,
	CO,B,read,S1,staff,
	CO,C,read,X,staff,
	CO,D,read,D,dept_manager,
	CO,G,read,G,general_manager,
	CO,E,copy,M,dept_manager,
	EOF
	cat > "$T/requests.csv" <<-'EOF'
	person,role,department,doc_id,action
	H,hq_manager,乙部,TS,read
	A,staff,乙部,TS,read
	B,staff,乙部,TS,read
	C,staff,乙部,TS,read
	H,hq_manager,乙部,TS,copy
	D,dept_manager,乙部,TS,read
	A,staff,乙部,SE,read
	B,staff,乙部,SE,read
	C,staff,乙部,SE,read
	S1,staff,乙部,SE,read
	X,staff,甲部,SE,read
	X,staff,甲部,CO,read
	A,staff,乙部,CO,read
	B,staff,乙部,CO,read
	C,staff,乙部,CO,read
	D,dept_manager,乙部,CO,read
	G,general_manager,乙部,CO,read
	E,staff,乙部,CO,read
	E,staff,乙部,CO,copy
	EOF
	# TS,D: the grant says hq_manager, the roster dept_manager: it does not count.
	# CO,D: a department manager of 乙部 designates for a 甲部 document.
	run --separate-stderr secret-label check -s "$T/staff.csv" -d "$T/docs.csv" -g "$T/grants.csv" "$T/requests.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,role,department,doc_id,action,decision,needs,reason,rule
	H,hq_manager,乙部,TS,read,allow,,hq-manager,SEC-05
	A,staff,乙部,TS,read,allow,,designated,SEC-05
	B,staff,乙部,TS,read,deny,hq_manager,grant-expired,SEC-05
	C,staff,乙部,TS,read,deny,hq_manager,grant-wrong-role,SEC-05
	H,hq_manager,乙部,TS,copy,allow,,own-authority,SEC-06
	D,dept_manager,乙部,TS,read,deny,hq_manager,grant-role-mismatch,SEC-05
	A,staff,乙部,SE,read,allow,,designated,SEC-05
	B,staff,乙部,SE,read,deny,supervisor,grant-not-supervisor,SEC-05
	C,staff,乙部,SE,read,deny,supervisor,grant-expired,SEC-05
	S1,staff,乙部,SE,read,allow,,supervisor,SEC-05
	X,staff,甲部,SE,read,deny,supervisor,not-designated,SEC-05
	X,staff,甲部,CO,read,allow,,department,SEC-05
	A,staff,乙部,CO,read,allow,,designated,SEC-05
	B,staff,乙部,CO,read,allow,,designated,SEC-05
	C,staff,乙部,CO,read,deny,dept_manager,grant-wrong-role,SEC-05
	D,dept_manager,乙部,CO,read,deny,dept_manager,grant-other-department,SEC-05
	G,general_manager,乙部,CO,read,deny,dept_manager,self-granted,SEC-05
	E,staff,乙部,CO,read,deny,dept_manager,not-designated,SEC-05
	E,staff,乙部,CO,copy,deny,dept_manager,not-cleared,SEC-06
	EOF
	assert_equal "$stderr" ""
}

# The holes of issue 15, each failing on the code before it.
@test "SEC-06: 李娜, who may not read 市场部's C1, may not copy, excerpt or borrow it, approval or not" {
	printf 'id,title,level,department,supervisor,company\nC1,客户合同,confidential,市场部,钱明,华东子公司\n' > "$T/docs.csv"
	cat > "$T/grants.csv" <<-'EOF'
	doc_id,person,action,granted_by,granted_role,expires
	C1,李娜,copy,孙总,subsidiary_gm,
	C1,李娜,lend,孙总,subsidiary_gm,
	C1,李娜,excerpt,孙总,subsidiary_gm,
	EOF
	printf 'person,doc_id,action\n李娜,C1,read\n李娜,C1,copy\n李娜,C1,摘抄\n李娜,C1,lend\n赵磊,C1,copy\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/docs.csv" -g "$T/grants.csv" "$T/r.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,doc_id,action,decision,needs,reason,rule
	李娜,C1,read,deny,dept_manager,not-designated,SEC-05
	李娜,C1,copy,deny,dept_manager,not-cleared,SEC-06
	李娜,C1,excerpt,deny,dept_manager,not-cleared,SEC-06
	李娜,C1,lend,deny,dept_manager,not-cleared,SEC-06
	赵磊,C1,copy,deny,subsidiary_gm,not-approved,SEC-06
	EOF
	# once 钱明 (市场部's manager) designates her, the subsidiary GM's approvals count
	echo 'C1,李娜,read,钱明,dept_manager,' >> "$T/grants.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/docs.csv" -g "$T/grants.csv" "$T/r.csv"
	assert_failure 1
	assert_line --index 2 '李娜,C1,copy,allow,,approved,SEC-06'
	assert_line --index 3 '李娜,C1,excerpt,allow,,approved,SEC-06'
	assert_line --index 4 '李娜,C1,lend,allow,,approved,SEC-06'
}

@test "SEC-06: a subsidiary GM who may not read a secret report may not copy it on his own authority" {
	# D003 is 财务部's secret report, supervised by 陈静: 孙总 is neither HQ nor designated.
	printf 'person,doc_id,action\n孙总,D003,copy\n孙总,D003,read\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" "$T/r.csv"
	assert_failure 1
	assert_line --index 1 '孙总,D003,copy,deny,supervisor,not-cleared,SEC-06'
	assert_line --index 2 '孙总,D003,read,deny,supervisor,not-designated,SEC-05'
}

@test "SEC-05: the finance manager's designation does not open HR's salary table" {
	# D005 (人事部's salary table, confidential): 陈静 manages 财务部, 周敏 人事部.
	printf 'doc_id,person,action,granted_by,granted_role,expires\nD005,赵磊,read,陈静,dept_manager,\nD005,吴刚,read,周敏,dept_manager,\n' > "$T/g.csv"
	printf 'person,doc_id,action\n赵磊,D005,read\n吴刚,D005,read\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" -g "$T/g.csv" "$T/r.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,doc_id,action,decision,needs,reason,rule
	赵磊,D005,read,deny,dept_manager,grant-other-department,SEC-05
	吴刚,D005,read,allow,,designated,SEC-05
	EOF
}

@test "SEC-05: roles and departments come from the roster: a self-declared hq_manager is denied" {
	cat > "$T/staff.csv" <<-'EOF'
	id,name,department,role,left_on
	E006,李娜,财务部,staff,
	E012,黄强,财务部,部门经理,2026-11-27
	E013,林芳,总经办,总公司副总经理,
	E014,何平,总经办,子公司总经理,2026-11-28
	EOF
	cat > "$T/r.csv" <<-'EOF'
	person,role,department,doc_id,action
	李娜,hq_manager,财务部,D001,read
	李娜,staff,总经办,D002,read
	李娜,,,D003,read
	E006,staff,财务部,D003,read
	李娜,员工,财务部,D004,read
	黄强,dept_manager,财务部,D003,read
	无名,staff,财务部,D008,read
	林芳,hq_manager,总经办,D001,read
	林芳,总公司总经理,,D001,read
	何平,subsidiary_gm,总经办,D008,read
	EOF
	# 黄强 left on 2026-11-27 (today): gone; 何平 leaves tomorrow: still here.
	run --separate-stderr secret-label check -s "$T/staff.csv" -d "$DOCS" "$T/r.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,role,department,doc_id,action,decision,needs,reason,rule
	李娜,hq_manager,财务部,D001,read,deny,,role-mismatch,SEC-05
	李娜,staff,总经办,D002,read,deny,,role-mismatch,SEC-05
	李娜,,,D003,read,deny,supervisor,not-designated,SEC-05
	E006,staff,财务部,D003,read,deny,supervisor,not-designated,SEC-05
	李娜,staff,财务部,D004,read,deny,dept_manager,not-designated,SEC-05
	黄强,dept_manager,财务部,D003,read,deny,,unknown-person,SEC-05
	无名,staff,财务部,D008,read,deny,,unknown-person,SEC-05
	林芳,hq_manager,总经办,D001,read,allow,,hq-manager,SEC-05
	林芳,hq_manager,,D001,read,allow,,hq-manager,SEC-05
	何平,subsidiary_gm,总经办,D008,read,allow,,not-secret,SEC-02
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-05: a grant counts only from a granter on the roster with the role it claims" {
	cat > "$T/g.csv" <<-'EOF'
	doc_id,person,action,granted_by,granted_role,expires
	D001,刘洋,read,冒名,hq_manager,
	D001,张伟,read,孙总,hq_manager,
	D001,李娜,read,王总,,
	EOF
	printf 'person,doc_id,action\n刘洋,D001,read\n张伟,D001,read\n李娜,D001,read\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" -g "$T/g.csv" "$T/r.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,doc_id,action,decision,needs,reason,rule
	刘洋,D001,read,deny,hq_manager,grant-unknown-person,SEC-05
	张伟,D001,read,deny,hq_manager,grant-role-mismatch,SEC-05
	李娜,D001,read,allow,,designated,SEC-05
	EOF
}

@test "SEC-04: a grant that expired on 1926-12-31 is expired, not a permanent grant" {
	# 1926-12-31 is a date in the past (a mistyped 2026-12-31), never "no date".
	printf 'doc_id,person,action,granted_by,granted_role,expires\nD002,李娜,read,孙总,subsidiary_gm,1926-12-31\nD002,刘洋,read,孙总,subsidiary_gm,\n' > "$T/g.csv"
	printf 'person,doc_id,action\n李娜,D002,read\n刘洋,D002,read\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" -g "$T/g.csv" "$T/r.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,doc_id,action,decision,needs,reason,rule
	李娜,D002,read,deny,supervisor,grant-expired,SEC-05
	刘洋,D002,read,allow,,designated,SEC-05
	EOF
	# and a document whose declassify_on is 1926 is long declassified
	printf 'id,level,declassify_on\nOLD,secret,1926-12-31\n' > "$T/d.csv"
	printf 'person,doc_id,action\n李娜,OLD,read\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/d.csv" "$T/r.csv"
	assert_success
	assert_line --index 1 '李娜,OLD,read,allow,,declassified,SEC-04'
}

# A register stamped by the tool, then edited by hand: each edit is caught,
# whoever asks (王总, who knows all, too).
@test "SEC-03, SEC-04: an edited register is believed by no one: register-inconsistent" {
	secret-label classify "$DOCS" | secret-label stamp > "$T/reg.csv"
	# D002 (annual plan, secret) edited to confidential; D004's label to 秘密★1年;
	# D005 (2026-11-05 + 5 years = 2031-11-05) to declassify on 2026-11-01.
	sed -e '/^D002,/s/,secret,/,confidential,/' -e '/^D004,/s/秘密★10年/秘密★1年/' \
		-e '/^D005,/s/2031-11-05/2026-11-01/' "$T/reg.csv" > "$T/edited.csv"
	printf 'person,doc_id,action\n张伟,D002,read\n王总,D002,read\n赵磊,D004,read\n周敏,D005,read\n赵磊,D011,read\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/edited.csv" "$T/r.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,doc_id,action,decision,needs,reason,rule
	张伟,D002,read,deny,,register-inconsistent,SEC-03
	王总,D002,read,deny,,register-inconsistent,SEC-03
	赵磊,D004,read,deny,,register-inconsistent,SEC-04
	周敏,D005,read,deny,,register-inconsistent,SEC-04
	赵磊,D011,read,allow,,department,SEC-05
	EOF
	assert_equal "${stderr_lines[0]}" "secret-label: $T/edited.csv:3: level: document 'D002': register-inconsistent: below its category's, without a reason (classify --reason) or declassify"
	assert_equal "${stderr_lines[2]}" "secret-label: $T/edited.csv:5: label: document 'D004': register-inconsistent: not the label its level and period make"
	assert_equal "${stderr_lines[3]}" "secret-label: $T/edited.csv:6: declassify_on: document 'D005': register-inconsistent: not the date its period gives, and declassify_source is not explicit or extended"
	# the unedited register is believed
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/reg.csv" "$T/r.csv"
	assert_failure 1
	assert_line --index 2 '王总,D002,read,allow,,hq-manager,SEC-05'
	assert_line --index 3 '赵磊,D004,read,allow,,department,SEC-05'
	assert_line --index 4 '周敏,D005,read,allow,,supervisor,SEC-05'
	assert_equal "$stderr" ""
}

@test "SEC-03: a level lowered by classify --reason, or by declassify, is believed" {
	printf 'id,category,level,created,drafted_by,department,reason\nP1,annual-plan,confidential,2026-01-05,张伟,总经办,仅含已公开数据\nP2,annual-plan,secret,2006-01-05,张伟,总经办,\n' > "$T/d.csv"
	secret-label classify "$T/d.csv" | secret-label stamp | secret-label declassify > "$T/reg.csv"
	printf 'person,doc_id,action\n刘洋,P1,read\n李娜,P2,read\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/reg.csv" "$T/r.csv"
	assert_success
	assert_output - <<-'EOF'
	person,doc_id,action,decision,needs,reason,rule
	刘洋,P1,read,allow,,department,SEC-05
	李娜,P2,read,allow,,declassified,SEC-04
	EOF
	assert_equal "$stderr" ""
}

@test "SEC-04: a period the register calls the default is the level's default, else register-inconsistent" {
	# A was stamped with secret's default 20 years, then edited by hand to 5
	# (2020-01-01 + 5 = 2025-01-01, label 机密★5年: consistent with each
	# other, but a secret document's default is 20 years).  B's 5 years were
	# given when it was classified; C keeps the default 20.
	cat > "$T/d.csv" <<-'EOF'
	id,level,created,period_years,period_source,declassify_on,label
	A,secret,2020-01-01,5,default,2025-01-01,机密★5年
	B,secret,2020-01-01,5,given,2025-01-01,机密★5年
	C,secret,2020-01-01,20,default,2040-01-01,机密★20年
	EOF
	printf 'person,doc_id,action
王总,A,read
王总,B,read
王总,C,read
' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/d.csv" "$T/r.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,doc_id,action,decision,needs,reason,rule
	王总,A,read,deny,,register-inconsistent,SEC-04
	王总,B,read,allow,,declassified,SEC-04
	王总,C,read,allow,,hq-manager,SEC-05
	EOF
	assert_equal "$stderr" "secret-label: $T/d.csv:2: period_years: document 'A': register-inconsistent: not its level's default period, and period_source is default"
	# with --periods saying secret is 5 years by default, A agrees
	printf 'level,period_years
secret,5
' > "$T/p.csv"
	run --separate-stderr secret-label check --periods "$T/p.csv" -s "$STAFF" -d "$T/d.csv" "$T/r.csv"
	assert_line --index 1 '王总,A,read,allow,,declassified,SEC-04'
}

@test "SEC-04: after declassify, check says declassified, not not-secret" {
	secret-label classify "$DOCS" | secret-label stamp | secret-label declassify > "$T/reg.csv"
	grep -q '^D010,.*,public,.*,已解密,,2026-11-27$' "$T/reg.csv"
	printf 'person,doc_id,action\n李娜,D010,read\n李娜,D008,read\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/reg.csv" --today 2027-01-01 "$T/r.csv"
	assert_success
	assert_line --index 1 '李娜,D010,read,allow,,declassified,SEC-04'
	assert_line --index 2 '李娜,D008,read,allow,,not-secret,SEC-02'
}

@test "SEC-06: a business licence keeps its copy and lend control after its period is over" {
	# D006 and D007 (2020-05-01 + 10 years) are declassified in 2031: anyone may
	# read them, but copying and lending still take their approvals.
	printf 'person,doc_id,action\n李娜,D006,read\n李娜,D006,copy\n李娜,D007,lend\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" --today 2031-01-01 "$T/r.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,doc_id,action,decision,needs,reason,rule
	李娜,D006,read,allow,,declassified,SEC-04
	李娜,D006,copy,deny,dept_manager,not-approved,SEC-06
	李娜,D007,lend,deny,hq_manager,not-approved,SEC-06
	EOF
}

@test "SEC-06: a licence held by a subsidiary is lent with its GM's approval, never on a department manager's" {
	printf 'id,category,department,company,supervisor,created\nL1,business-license,行政部,华东子公司,郑华,2020-05-01\n' > "$T/d.csv"
	printf 'doc_id,person,action,granted_by,granted_role,expires\nL1,吴刚,copy,郑华,dept_manager,\nL1,吴刚,lend,郑华,dept_manager,\n' > "$T/g.csv"
	printf 'person,doc_id,action\n吴刚,L1,copy\n吴刚,L1,lend\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/d.csv" -g "$T/g.csv" "$T/r.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,doc_id,action,decision,needs,reason,rule
	吴刚,L1,copy,allow,,approved,SEC-06
	吴刚,L1,lend,deny,subsidiary_gm,grant-wrong-role,SEC-06
	EOF
	echo 'L1,吴刚,lend,孙总,子公司总经理,' >> "$T/g.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/d.csv" -g "$T/g.csv" "$T/r.csv"
	assert_success
	assert_line --index 2 '吴刚,L1,lend,allow,,approved,SEC-06'
}

# SEC-06's decision: the text names the subsidiary GM as the approver; for a
# document held at headquarters (company empty or 总公司) that approver is an
# HQ general or deputy general manager.  H1 and B1 are the same secret annual
# plan, H1 held at headquarters, B1 by 华东子公司; H2 and B2 likewise a
# business licence.  李娜 may read each (designated by the supervisor 钱明, or
# of 甲部): the subsidiary GM's approval lets her copy B1 and borrow B2, not
# H1 or H2, which need an hq_manager; the department manager's approval
# copies a licence wherever it is held; 王总 (hq_manager) copies H1 himself.
@test "SEC-06: at headquarters the approver the text names as subsidiary GM is an HQ general or deputy general manager" {
	cat > "$T/d.csv" <<-'EOF'
	id,category,department,company,supervisor,created
	H1,annual-plan,甲部,,S,2026-01-01
	B1,annual-plan,甲部,华东子公司,S,2026-01-01
	H2,business-license,甲部,总公司,S,2026-01-01
	B2,business-license,甲部,华东子公司,S,2026-01-01
	EOF
	cat > "$T/s.csv" <<-'EOF'
	id,name,department,role
	S,钱明,甲部,staff
	P,李娜,甲部,staff
	M,周敏,甲部,部门经理
	G,孙总,乙部,子公司总经理
	Q,王总,总经办,总公司总经理
	V,冯总,总经办,总公司副总经理
	EOF
	cat > "$T/g.csv" <<-'EOF'
	doc_id,person,action,granted_by,granted_role,expires
	H1,P,read,S,,
	B1,P,read,S,,
	H1,P,copy,G,subsidiary_gm,
	B1,P,copy,G,subsidiary_gm,
	H2,P,lend,G,subsidiary_gm,
	B2,P,lend,G,subsidiary_gm,
	H2,P,copy,M,dept_manager,
	B2,P,copy,M,dept_manager,
	EOF
	printf 'person,doc_id,action\n李娜,H1,copy\n李娜,B1,copy\n李娜,H2,lend\n李娜,B2,lend\n李娜,H2,copy\n李娜,B2,copy\n王总,H1,copy\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$T/s.csv" -d "$T/d.csv" -g "$T/g.csv" "$T/r.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output - <<-'EOF'
	person,doc_id,action,decision,needs,reason,rule
	李娜,H1,copy,deny,hq_manager,grant-wrong-role,SEC-06
	李娜,B1,copy,allow,,approved,SEC-06
	李娜,H2,lend,deny,hq_manager,grant-wrong-role,SEC-06
	李娜,B2,lend,allow,,approved,SEC-06
	李娜,H2,copy,allow,,approved,SEC-06
	李娜,B2,copy,allow,,approved,SEC-06
	王总,H1,copy,allow,,own-authority,SEC-06
	EOF
	# a deputy general manager at headquarters (总公司副总经理) approves the same
	printf 'H1,P,copy,V,hq_manager,\nH2,P,lend,冯总,,\n' >> "$T/g.csv"
	run --separate-stderr secret-label check -s "$T/s.csv" -d "$T/d.csv" -g "$T/g.csv" "$T/r.csv"
	assert_success
	assert_line --index 1 '李娜,H1,copy,allow,,approved,SEC-06'
	assert_line --index 3 '李娜,H2,lend,allow,,approved,SEC-06'
}

@test "secret-label check: a bad or empty roster stops before any output, exit 2" {
	printf 'id,name,department,role\nE1,甲,财务部,boss\n' > "$T/bad.csv"
	run --separate-stderr secret-label check -s "$T/bad.csv" -d "$DOCS" "$REQS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/bad.csv:2: role: expected one of staff, dept_manager, general_manager, subsidiary_gm, hq_manager (or 员工, 部门经理, 总经理, 子公司总经理, 总公司总经理, 总公司副总经理), found 'boss'
secret-label: $T/bad.csv: bad staff roster file; nothing was done"
	printf 'id,name,department,role\n' > "$T/empty.csv"
	run --separate-stderr secret-label check -s "$T/empty.csv" -d "$DOCS" "$REQS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/empty.csv: staff roster file has no rows; nothing was done"
	run --separate-stderr secret-label check -d "$DOCS" "$REQS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: check: option '--staff' is needed
Try 'secret-label --help' for more information."
}

@test "SEC-05: a grant is good through its expires day, not after" {
	printf 'id,level,supervisor\nK,secret,S1\n' > "$T/docs.csv"
	printf 'doc_id,person,action,granted_by,granted_role,expires\nK,A,read,S1,dept_manager,2026年11月27日\n' > "$T/grants.csv"
	printf 'person,role,doc_id,action\nA,staff,K,read\n' > "$T/requests.csv"
	roster "$T/requests.csv" "$T/grants.csv" > "$T/staff.csv"
	run --separate-stderr secret-label check -s "$T/staff.csv" -d "$T/docs.csv" -g "$T/grants.csv" --today 2026-11-27 "$T/requests.csv"
	assert_success
	assert_line --index 1 'A,staff,K,read,allow,,designated,SEC-05'
	run --separate-stderr secret-label check -s "$T/staff.csv" -d "$T/docs.csv" -g "$T/grants.csv" --today 2026-11-28 "$T/requests.csv"
	assert_failure 1
	assert_line --index 1 'A,staff,K,read,deny,supervisor,grant-expired,SEC-05'
}

@test "SEC-04: check: a document whose period is over is public; an extended one is not" {
	printf 'id,level,created,period_years,declassify_on,extended_to\nA,secret,2016-11-27,10,,\nB,secret,,,2026-11-28,\nC,secret,,,2020-01-01,2026-11-28\n' > "$T/docs.csv"
	printf 'person,role,doc_id,action\nX,staff,A,copy\nX,staff,B,copy\nX,staff,C,read\n' > "$T/requests.csv"
	printf 'id,name,department,role\nX,X,甲部,staff\n' > "$T/staff.csv"
	run --separate-stderr secret-label check -s "$T/staff.csv" -d "$T/docs.csv" "$T/requests.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,role,doc_id,action,decision,needs,reason,rule
	X,staff,A,copy,allow,,declassified,SEC-04
	X,staff,B,copy,deny,supervisor,not-cleared,SEC-06
	X,staff,C,read,deny,supervisor,not-designated,SEC-05
	EOF
	run --separate-stderr secret-label check -s "$T/staff.csv" -d "$T/docs.csv" --today 2026-11-28 "$T/requests.csv"
	assert_success
}

@test "SEC-05: check reads an unclassified register: the level comes from the category" {
	printf 'id,category,department\nK,contract,甲部\nM,decision,甲部\n' > "$T/docs.csv"
	printf 'person,role,department,doc_id,action\nA,staff,甲部,K,read\nA,staff,甲部,M,read\n' > "$T/requests.csv"
	printf 'id,name,department,role\nA,A,甲部,staff\n' > "$T/staff.csv"
	run --separate-stderr secret-label check -s "$T/staff.csv" -d "$T/docs.csv" "$T/requests.csv"
	assert_failure 1
	assert_line --index 1 'A,staff,甲部,K,read,allow,,department,SEC-05'
	assert_line --index 2 'A,staff,甲部,M,read,deny,hq_manager,not-designated,SEC-05'
}

@test "secret-label check: bad requests, documents and grants are reported with FILE:LINE, exit 2" {
	cd "$T"
	printf 'id,category,level,department,supervisor\nK1,contract,,甲,S1\nK2,bogus,,甲,S1\nK1,notice,,甲,S1\nK3,strategy,,甲,S1\nK4,notice,,甲,\n' > docs.csv
	printf 'doc_id,person,action,granted_by,granted_role,expires\nK4,P1,read,S1,boss,\nK4,P1,reed,S1,staff,\nK4,,read,S1,staff,\nK4,P1,read,S1,staff,2026-13-01\nZZ,P1,read,S1,staff,\n' > grants.csv
	printf '%s\n' 'person,role,department,doc_id,action' 'P1,staff,甲,K1,read' 'P1,staff,甲,K2,read' \
		'P1,staff,甲,K3,read' 'P1,staff,甲,K9,read' 'P1,clerk,甲,K4,read' 'P1,staff,甲,K4,burn' \
		',staff,甲,K4,read' 'P1,,甲,K4,read' 'P1,staff,甲,,read' 'P1,staff,甲,K4,' 'P1,员工,甲,K4,阅读' > req.csv
	printf 'id,name,department,role\nP1,P1,甲,staff\nS1,S1,甲,staff\n' > staff.csv
	run --separate-stderr secret-label check -s staff.csv -d docs.csv -g grants.csv req.csv
	assert_failure 2
	assert_output "$(printf 'person,role,department,doc_id,action,decision,needs,reason,rule\nP1,,甲,K4,read,allow,,not-secret,SEC-02\nP1,staff,甲,K4,read,allow,,not-secret,SEC-02')"
	assert_equal "$stderr" "$(cat <<-'EOF'
	secret-label: docs.csv:3: category: expected one of decision, annual-plan, financial-report, statistics, meeting-minutes, business-status, vendor-tech, contract, agreement, personnel-file, salary, bonus, unpublished-info, license, business-license, org-code-certificate, strategy, customer-info, sourcing, tech-capability, audit-report, other-secret, notice, general, opinion, feasibility-report, budget-report, management-strategy, sales-strategy, product-trend, general-decision, resolution, circular, admin-document, found 'bogus'
	secret-label: docs.csv:4: id: document 'K1' appears more than once (first on line 2)
	secret-label: docs.csv:5: level: document 'K3' has none, and its category gives none (SEC-03)
	secret-label: grants.csv:2: granted_role: expected one of staff, dept_manager, general_manager, subsidiary_gm, hq_manager (or 员工, 部门经理, 总经理, 子公司总经理, 总公司总经理, 总公司副总经理), found 'boss'
	secret-label: grants.csv:3: action: expected one of read, copy, lend, excerpt, found 'reed'
	secret-label: grants.csv:4: a grant needs doc_id, person, action and granted_by
	secret-label: grants.csv:5: expires: expected a date (YYYY-MM-DD), found '2026-13-01'
	secret-label: req.csv:2: doc_id: document 'K1' appears more than once in docs.csv
	secret-label: req.csv:3: doc_id: document 'K2' has a bad record (docs.csv:3)
	secret-label: req.csv:4: doc_id: document 'K3' has a bad record (docs.csv:5)
	secret-label: req.csv:5: doc_id: document 'K9' is not in docs.csv
	secret-label: req.csv:6: role: expected one of staff, dept_manager, general_manager, subsidiary_gm, hq_manager (or 员工, 部门经理, 总经理, 子公司总经理, 总公司总经理, 总公司副总经理), found 'clerk'
	secret-label: req.csv:7: action: expected one of read, copy, lend, excerpt, found 'burn'
	secret-label: req.csv:8: person: a request needs the person asking
	secret-label: req.csv:10: doc_id: a request needs a document
	secret-label: req.csv:11: action: a request needs one of read, copy, excerpt or lend
	EOF
	)"
	# --strict: a bad register stops before any request.
	run --separate-stderr secret-label check -s staff.csv -d docs.csv --strict req.csv
	assert_failure 2
	assert_output ""
}

@test "secret-label check: --docs is required; unusable side files stop before any request" {
	run --separate-stderr secret-label check -s "$STAFF" "$REQS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: check: option '--docs' is needed
Try 'secret-label --help' for more information."
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/nope.csv" "$REQS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/nope.csv: No such file or directory"
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" -g "$T/nope.csv" "$REQS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/nope.csv: No such file or directory"
	printf 'id,title\nD001,x\n' > "$T/d.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/d.csv" "$REQS"
	assert_failure 2
	assert_equal "$stderr" "secret-label: $T/d.csv: documents need the columns id and level (or category)"
	printf 'doc_id,person\nD001,x\n' > "$T/g.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" -g "$T/g.csv" "$REQS"
	assert_failure 2
	assert_equal "$stderr" "secret-label: $T/g.csv: grants need the columns doc_id, person, action and granted_by"
	printf 'person,doc_id\nx,D001\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" "$T/r.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/r.csv: requests need the columns person, doc_id and action"
}

@test "secret-label check: a register and grants in JSON Lines, Chinese headers in the requests" {
	secret-label classify --ojson "$DOCS" > "$T/docs.jsonl"
	cat > "$T/grants.jsonl" <<-'EOF'
	{"doc_id":"D002","person":"李娜","action":"阅读","granted_by":"孙总","granted_role":"分公司总经理","expires":null}
	EOF
	printf '申请人,职务,部门,文件编号,操作\n李娜,员工,财务部,D002,阅读\n李娜,员工,财务部,D001,复制\n' > "$T/r.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$T/docs.jsonl" -g "$T/grants.jsonl" "$T/r.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	person,role,department,doc_id,action,decision,needs,reason,rule
	李娜,staff,财务部,D002,read,allow,,designated,SEC-05
	李娜,staff,财务部,D001,copy,deny,hq_manager,not-cleared,SEC-06
	EOF
	assert_equal "$stderr" ""
}

# --- the audit log ------------------------------------------------------------------

@test "secret-label --audit: every decision of check is appended to a hash-chained log" {
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" -g "$GRANTS" --audit "$T/audit.csv" "$REQS"
	assert_failure 1
	assert_equal "$stderr" ""
	run head -1 "$T/audit.csv"
	assert_output "seq,prev,hash,time,today,operator,who,doc_id,action,decision,needs,rule,reason"
	assert_equal "$(wc -l < "$T/audit.csv")" 17
	run bash -c 'cut -d, -f1,5,7- "$1" | sed -n "2p;4p;16p"' _ "$T/audit.csv"
	assert_output - <<-'EOF'
	1,2026-11-27,王总,D001,read,allow,,SEC-05,hq-manager
	3,2026-11-27,张伟,D001,read,deny,hq_manager,SEC-05,grant-wrong-role
	15,2026-11-27,李娜,D010,read,allow,,SEC-04,declassified
	EOF
	# time is the wall clock, CST; prev of row 1 is the genesis, marked keyed by key KEYID
	assert_regex "$(sed -n 2p "$T/audit.csv")" '^1,hmac-sha256:[0-9a-f]{8}:0{64},[0-9a-f]{64},20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9],2026-11-27,'
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_success
	assert_output --regexp '^16 [0-9a-f]{64}$'
	assert_equal "$stderr" ""
}

@test "secret-label --audit: classify, stamp, declassify and derive log their decisions; runs extend one chain" {
	secret-label classify -a "$T/audit.csv" "$DOCS" |
		secret-label stamp -a "$T/audit.csv" |
		secret-label declassify -a "$T/audit.csv" > "$T/register.csv"
	secret-label derive -a "$T/audit.csv" -d "$T/register.csv" "$DERIVED" > /dev/null
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_success
	assert_output --regexp '^29 [0-9a-f]{64}$'
	run bash -c 'tail -n +2 "$1" | cut -d, -f9 | sort | uniq -c | sed "s/^ *//"' _ "$T/audit.csv"
	assert_output - <<-'EOF'
	12 classify
	1 declassify
	4 derive
	12 stamp
	EOF
	run grep ',declassify,' "$T/audit.csv"
	assert_output --partial ',李娜,D010,declassify,public,,SEC-04,secret period ended on 2026-11-27'
	run grep ',D103,derive,' "$T/audit.csv"
	assert_output --partial ',吴刚,D103,derive,confidential,,SEC-06,copy of D006: 秘密★10年'
	run grep ',D001,stamp,' "$T/audit.csv"
	assert_output --partial ',刘洋,D001,stamp,绝密★30年,,SEC-04,declassify on 2056-03-02'
}

@test "secret-label --audit: the stages of a long pipeline share one log without waiting on each other" {
	awk 'BEGIN { print "id,category,created,drafted_by"
		for (i = 1; i <= 20000; i++) print "K" i ",contract,2016-11-27,S" i % 7 }' > "$T/many.csv"
	run --separate-stderr timeout 120 bash -c 'secret-label classify -a "$2" "$1" | secret-label stamp -a "$2" |
		secret-label declassify -a "$2" | tail -1' _ "$T/many.csv" "$T/audit.csv"
	assert_success
	assert_output 'K20000,contract,public,S1,2016-11-27,10,default,2026-11-27,period,已解密,2026-11-27'
	assert_equal "$stderr" ""
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_success
	assert_output --regexp '^60000 [0-9a-f]{64}$'
	run bash -c 'tail -n +2 "$1" | cut -d, -f9 | sort | uniq -c | sed "s/^ *//"' _ "$T/audit.csv"
	assert_output "$(printf '20000 classify\n20000 declassify\n20000 stamp')"
}

@test "secret-label --audit: what reached the output was logged, also when the pipe closes early" {
	{
		echo 'person,role,doc_id,action'
		awk 'BEGIN { for (i = 1; i <= 20000; i++) print "P" i ",staff,D001,read" }'
	} > "$T/reqs.csv"
	awk 'BEGIN { print "id,name,department,role"; for (i = 1; i <= 20000; i++) print "P" i ",P" i ",甲部,staff" }' > "$T/staff.csv"
	run --separate-stderr bash -c 'secret-label check -s "$4" -d "$1" -a "$3" "$2" | head -3; echo "${PIPESTATUS[0]}"' _ "$DOCS" "$T/reqs.csv" "$T/audit.csv" "$T/staff.csv"
	assert_success
	assert_line --index 3 0
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_success
	local rows=${output%% *}
	[ "$rows" -ge 2 ] && [ "$rows" -le 20000 ]
	run sed -n '2p;3p' "$T/audit.csv"
	assert_line --index 0 --partial ',P1,D001,read,deny,hq_manager,SEC-05,not-designated'
	assert_line --index 1 --partial ',P2,D001,read,deny,hq_manager,SEC-05,not-designated'
}

@test "secret-label verify: an edited row breaks the chain (tamper detection), exit 1" {
	secret-label check -s "$STAFF" -d "$DOCS" -g "$GRANTS" -a "$T/audit.csv" "$REQS" > /dev/null || true
	cp "$T/audit.csv" "$T/orig.csv"
	# 张伟's denied request (row 3) rewritten as allowed
	sed -i '4s/,deny,hq_manager,/,allow,,/' "$T/audit.csv"
	run cmp -s "$T/orig.csv" "$T/audit.csv"
	assert_failure
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/audit.csv:4: row 3: hash does not match the row's content (the row was edited)"
	# ... and nothing more is appended to a broken log.
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" -g "$GRANTS" -a "$T/audit.csv" "$REQS"
	assert_failure 2
	assert_output ""
	assert_equal "${stderr_lines[1]}" "secret-label: $T/audit.csv: the log is broken; not appending to it"
}

@test "secret-label verify: a removed row, a recomputed hash and rows cut off the end are found" {
	secret-label check -s "$STAFF" -d "$DOCS" -g "$GRANTS" -a "$T/audit.csv" "$REQS" > /dev/null || true
	secret-label verify "$T/audit.csv" > "$T/anchor"
	sed '6d' "$T/audit.csv" > "$T/removed.csv"
	run --separate-stderr secret-label verify "$T/removed.csv"
	assert_failure 1
	assert_equal "$stderr" "secret-label: $T/removed.csv:6: row 6: expected seq 5 (a row was removed, inserted or renumbered)"
	# An edit with its own hash recomputed still breaks the next row's prev.
	awk -F, 'NR == 4 { $3 = "'"$(printf '%064d' 0)"'" } { print }' OFS=, "$T/audit.csv" > "$T/rehashed.csv"
	run --separate-stderr secret-label verify "$T/rehashed.csv"
	assert_failure 1
	assert_regex "$stderr" ":4: row 3: hash does not match"
	head -n 10 "$T/audit.csv" > "$T/cut.csv"
	run --separate-stderr secret-label verify "$T/cut.csv"
	assert_success
	run --separate-stderr secret-label verify --anchor "$T/anchor" "$T/cut.csv"
	assert_failure 1
	assert_equal "$stderr" "secret-label: $T/cut.csv: the checkpoint names row 16 but the log ends at row 9 (rows were cut off)"
	run --separate-stderr secret-label verify --anchor "$T/anchor" "$T/audit.csv"
	assert_success
	assert_output "$(cat "$T/anchor")"
}

@test "secret-label --audit: a file that is not our log is refused; verify needs one log" {
	printf 'a,b\n1,2\n' > "$T/other.csv"
	run --separate-stderr secret-label classify -a "$T/other.csv" "$DOCS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/other.csv: not a secret-label audit log (its header differs); not appending to it"
	run --separate-stderr secret-label verify
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "secret-label: verify needs one audit log, found 0 operands"
	run --separate-stderr secret-label verify "$T/nope.csv"
	assert_failure 2
	assert_equal "$stderr" "secret-label: $T/nope.csv: No such file or directory"
	run --separate-stderr secret-label classify -a "$T/no/such/dir.csv" "$DOCS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/no/such/dir.csv: No such file or directory"
}

# --- the audit log's key (HMAC-SHA-256) ----------------------------------------------

# old_row PREV SEQ FIELD...: a row of a chain written before keys: its hash is the SHA-256
# of PREV then each of SEQ and the fields as "LENGTH:BYTES," (ASCII here, so length = bytes).
old_row() {
	local prev=$1 f h
	shift
	h=$( { printf '%s' "$prev"; for f in "$@"; do printf '%d:%s,' "${#f}" "$f"; done; } | sha256sum)
	h=${h%% *}
	local IFS=,
	echo "$1,$prev,$h,${*:2}"
	LAST=$h
}

@test "secret-label --audit: the chain key is made on first use, mode 0600, in ~/.config/crm; --key and CRM_CHAIN_KEY name another" {
	secret-label classify -a "$T/audit.csv" "$DOCS" > /dev/null
	run stat -c %a "$XDG_CONFIG_HOME/crm/chain.key"
	assert_output 600
	run grep -cE '^[0-9a-f]{64}$' "$XDG_CONFIG_HOME/crm/chain.key"
	assert_output 1
	CRM_CHAIN_KEY=$T/env.key secret-label classify -a "$T/env.csv" "$DOCS" > /dev/null
	secret-label classify --key "$T/opt.key" -a "$T/opt.csv" "$DOCS" > /dev/null
	run stat -c %a "$T/env.key" "$T/opt.key"
	assert_output $'600\n600'
	run --separate-stderr secret-label verify --key "$T/env.key" "$T/env.csv"
	assert_success
	run --separate-stderr secret-label classify --key "$T/opt.key" "$DOCS"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "secret-label: --key is the key of the audit log: it needs --audit"
}

@test "secret-label verify: a row appended by someone without the key is found (forged appended row)" {
	secret-label check -d "$DOCS" -s "$STAFF" -g "$GRANTS" -a "$T/audit.csv" "$REQS" > /dev/null || true
	# Row 17 copies row 16 with allow, prev = row 16's hash, and a hash the forger can
	# compute: the unkeyed SHA-256 of the old scheme.
	head16=$(tail -1 "$T/audit.csv" | cut -d, -f3)
	tail -1 "$T/audit.csv" | cut -d, -f4- | {
		IFS=, read -r time today op who doc action decision needs rule reason
		old_row "$head16" 17 "$time" "$today" "$op" "$who" "$doc" "$action" allow "" SEC-05 approved
	} >> "$T/audit.csv"
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/audit.csv:18: row 17: hash does not match the row's content (the row was edited)"
}

@test "secret-label verify: two column names swapped in the header are found" {
	secret-label check -d "$DOCS" -s "$STAFF" -g "$GRANTS" -a "$T/audit.csv" "$REQS" > /dev/null || true
	# who and operator swapped: every row still hashes alike, but row 1 covers the header.
	sed -i '1s/,operator,who,/,who,operator,/' "$T/audit.csv"
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_failure 1
	assert_equal "$stderr" "secret-label: $T/audit.csv:2: row 1: hash does not match the header and the row's content (the header or the row was edited)"
}

@test "secret-label verify --anchor: a log truncated after its checkpoint, then continued, is found" {
	secret-label check -d "$DOCS" -s "$STAFF" -g "$GRANTS" -a "$T/audit.csv" "$REQS" > /dev/null || true
	secret-label verify "$T/audit.csv" > "$T/anchor"
	run cut -d' ' -f1 "$T/anchor"
	assert_output 16
	# Cut to rows 1..9: intact as a chain, short of the checkpoint.
	head -n 10 "$T/audit.csv" > "$T/cut.csv"
	run --separate-stderr secret-label verify --anchor "$T/anchor" "$T/cut.csv"
	assert_failure 1
	assert_equal "$stderr" "secret-label: $T/cut.csv: the checkpoint names row 16 but the log ends at row 9 (rows were cut off)"
	# Continued with the key (rows 10..25): row 16 is now another decision.
	secret-label check -d "$DOCS" -s "$STAFF" -g "$GRANTS" -a "$T/cut.csv" "$REQS" > /dev/null || true
	run --separate-stderr secret-label verify "$T/cut.csv"
	assert_success
	assert_output --regexp '^25 [0-9a-f]{64}$'
	run --separate-stderr secret-label verify --anchor "$T/anchor" "$T/cut.csv"
	assert_failure 1
	assert_equal "$stderr" "secret-label: $T/cut.csv:17: row 16 differs from the checkpoint (the log was rewritten)"
}

@test "secret-label verify: without the key, the structure is checked and authenticity is not: exit 1" {
	secret-label check -d "$DOCS" -s "$STAFF" -g "$GRANTS" -a "$T/audit.csv" "$REQS" > /dev/null || true
	mv "$XDG_CONFIG_HOME/crm/chain.key" "$T/kept.key"
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/audit.csv: the chain is intact, but the authenticity of its keyed rows (1 to 16) could not be checked: no key ($XDG_CONFIG_HOME/crm/chain.key)"
	# verify never makes a key; nor does an append to a keyed log, which is refused.
	[ ! -e "$XDG_CONFIG_HOME/crm/chain.key" ]
	run --separate-stderr secret-label classify -a "$T/audit.csv" "$DOCS"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/audit.csv: the chain is keyed from row 1, but there is no key ($XDG_CONFIG_HOME/crm/chain.key)
secret-label: $T/audit.csv: not appending to it"
	[ ! -e "$XDG_CONFIG_HOME/crm/chain.key" ]
	# A broken structure is still found without the key.
	sed '6d' "$T/audit.csv" > "$T/removed.csv"
	run --separate-stderr secret-label verify "$T/removed.csv"
	assert_failure 1
	assert_equal "$stderr" "secret-label: $T/removed.csv:6: row 6: expected seq 5 (a row was removed, inserted or renumbered)"
	run --separate-stderr secret-label verify --key "$T/kept.key" "$T/audit.csv"
	assert_success
}

@test "secret-label verify: the wrong key is named; nothing is appended with it" {
	secret-label check -d "$DOCS" -s "$STAFF" -g "$GRANTS" -a "$T/audit.csv" "$REQS" > /dev/null || true
	secret-label classify --key "$T/other.key" -a "$T/other.csv" "$DOCS" > /dev/null
	mine=$(sed -n 2p "$T/audit.csv" | cut -d: -f2)
	theirs=$(sed -n 2p "$T/other.csv" | cut -d: -f2)
	[ "$mine" != "$theirs" ]
	run --separate-stderr secret-label verify --key "$T/other.key" "$T/audit.csv"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/audit.csv:2: row 1: the chain is keyed from here with key $mine, but $T/other.key holds key $theirs (the wrong key file?)"
	cp "$T/audit.csv" "$T/before.csv"
	run --separate-stderr secret-label classify --key "$T/other.key" -a "$T/audit.csv" "$DOCS"
	assert_failure 2
	assert_output ""
	assert_equal "${stderr_lines[1]}" "secret-label: $T/audit.csv: the log is broken; not appending to it"
	cmp "$T/before.csv" "$T/audit.csv"
}

@test "secret-label --audit: a log written before keys verifies as before and is continued keyed" {
	# Two rows of the old scheme, row 1 chained to the genesis (64 zeros).
	{
		echo seq,prev,hash,time,today,operator,who,doc_id,action,decision,needs,rule,reason
		old_row "$(printf '%064d' 0)" 1 "2026-11-20 09:00:00" 2026-11-20 clerk wang D001 read allow "" SEC-05 hq-manager
		h1=$LAST
		old_row "$h1" 2 "2026-11-20 09:01:00" 2026-11-20 clerk li D002 copy deny hq_manager SEC-06 not-approved
	} > "$T/audit.csv"
	h2=$(sed -n 3p "$T/audit.csv" | cut -d, -f3)
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_success
	assert_output "2 $h2"
	assert_equal "$stderr" ""
	# Continued keyed: row 3 marks the switch in its prev, hmac-sha256:KEYID:row 2's hash.
	secret-label classify -a "$T/audit.csv" "$DOCS" > /dev/null
	assert_regex "$(sed -n 4p "$T/audit.csv")" "^3,hmac-sha256:[0-9a-f]{8}:$h2,[0-9a-f]{64},"
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_success
	assert_output --regexp '^[0-9]+ [0-9a-f]{64}$'
	n=$(( $(wc -l < "$T/audit.csv") - 1 ))
	mv "$XDG_CONFIG_HOME/crm/chain.key" "$T/kept.key"
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_failure 1
	assert_equal "$stderr" "secret-label: $T/audit.csv: the chain is intact, but the authenticity of its keyed rows (3 to $n) could not be checked: no key ($XDG_CONFIG_HOME/crm/chain.key)"
}

# --- formats -------------------------------------------------------------------------

@test "secret-label --zh: Chinese headers, levels, categories, decisions; it reads back" {
	run --separate-stderr bash -c 'secret-label classify --zh "$1" | secret-label stamp --zh' _ "$DOCS"
	assert_success
	assert_line --index 0 '文件编号,标题,类别,密级,起草人,部门,成文日期,保密期限,期限来源,解密日期,解密日期来源,主管,标志,延期至'
	assert_line --index 1 'D001,关于并购华东机械的决策方案,重大决策,绝密,刘洋,总经办,2026-03-02,30,法定默认,2056-03-02,按期限,王总,绝密★30年,'
	assert_line --index 8 'D008,关于国庆节放假的通知,通知,公开,刘洋,总经办,2026-09-20,,,,,,,'
	run --separate-stderr bash -c 'secret-label classify --zh "$1" | secret-label stamp' _ "$DOCS"
	assert_output "$(secret-label classify "$DOCS" | secret-label stamp)"
	run --separate-stderr secret-label check -s "$STAFF" --zh -d "$DOCS" -g "$GRANTS" "$REQS"
	assert_failure 1
	assert_line --index 0 '申请人,职务,部门,文件编号,操作,决定,需要,原因,规则'
	assert_line --index 3 '张伟,员工,总经办,D001,阅读,拒绝,总部经理,批准人无此权限,SEC-05'
	assert_line --index 13 '吴刚,员工,行政部,D006,借出,拒绝,总部经理,批准人无此权限,SEC-06'
	run --separate-stderr bash -c 'secret-label check -s "$STAFF" --zh -d "$1" -g "$2" "$3" | secret-label check -s "$STAFF" -d "$1" -g "$2"' _ "$DOCS" "$GRANTS" "$REQS"
	assert_failure 1
	assert_output "$(secret-label check -s "$STAFF" -d "$DOCS" -g "$GRANTS" "$REQS")"
}

@test "secret-label --ojson: period_years is a number, everything else a string" {
	run --separate-stderr bash -c 'secret-label classify "$1" | secret-label stamp --ojson | sed -n "1p;8p"' _ "$DOCS"
	assert_success
	assert_output - <<-'EOF'
	{"id":"D001","title":"关于并购华东机械的决策方案","category":"decision","level":"top-secret","drafted_by":"刘洋","department":"总经办","created":"2026-03-02","period_years":30,"period_source":"default","declassify_on":"2056-03-02","declassify_source":"period","supervisor":"王总","label":"绝密★30年","extended_to":""}
	{"id":"D008","title":"关于国庆节放假的通知","category":"notice","level":"public","drafted_by":"刘洋","department":"总经办","created":"2026-09-20","period_years":null,"period_source":"","declassify_on":"","declassify_source":"","supervisor":"","label":"","extended_to":""}
	EOF
	run --separate-stderr bash -c 'secret-label classify --ojson "$1" | secret-label stamp --ijson | head -2' _ "$DOCS"
	# From JSON Lines the document type's known columns are all in the output (issue 13):
	# company, the extension's, declassified_on, sources, copy_of and reason, empty here.
	assert_line --index 1 'D001,关于并购华东机械的决策方案,decision,top-secret,刘洋,总经办,,2026-03-02,30,default,2056-03-02,period,王总,绝密★30年,,,,,,,'
}

@test "secret-label: unknown columns pass through after the document's, quoting intact" {
	printf '%s\n' '备注,category,id,附件' '"含逗号,和""引号""",contract,K1,"第一行' '第二行"' ',notice,K2,' > "$T/d.csv"
	run --separate-stderr secret-label classify "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,category,level,备注,附件
	K1,contract,confidential,"含逗号,和""引号""","第一行
	第二行"
	K2,notice,public,,
	EOF
	assert_equal "$stderr" ""
}

@test "secret-label: a GBK register (Excel/WPS) with Chinese headers is read" {
	printf '%s\r\n' '文件编号,标题,类别,成文日期' 'G1,年度规划,年度规划,2026/3/1' 'G2,工资表,工资,2026年3月2日' |
		iconv -f UTF-8 -t GBK > "$T/gbk.csv"
	run --separate-stderr bash -c 'secret-label classify "$1" | secret-label stamp' _ "$T/gbk.csv"
	assert_success
	assert_output - <<-'EOF'
	id,title,category,level,created,period_years,period_source,declassify_on,declassify_source,label
	G1,年度规划,annual-plan,secret,2026-03-01,20,default,2046-03-01,period,机密★20年
	G2,工资表,salary,confidential,2026-03-02,10,default,2036-03-02,period,秘密★10年
	EOF
	assert_equal "$stderr" ""
}

@test "secret-label: duplicate document ids in a stream are reported, also out of order and across files" {
	printf 'id,category\nB,notice\nA,notice\nC,notice\nB,notice\n' > "$T/d1.csv"
	printf 'id,category\nA,notice\nD,notice\n' > "$T/d2.csv"
	run --separate-stderr secret-label classify "$T/d1.csv" "$T/d2.csv"
	assert_failure 2
	assert_output "$(printf 'id,category,level\nB,notice,public\nA,notice,public\nC,notice,public\nD,notice,public')"
	assert_equal "$stderr" "secret-label: $T/d1.csv:5: id: document 'B' appears more than once (first on line 2)
secret-label: $T/d2.csv:2: id: document 'A' appears more than once (first in $T/d1.csv:3)"
	# In id order, too (the common case the check is fastest for).
	printf 'id,category\nA,notice\nB,notice\nB,notice\n' > "$T/d.csv"
	run --separate-stderr secret-label classify "$T/d.csv"
	assert_failure 2
	assert_equal "$stderr" "secret-label: $T/d.csv:4: id: document 'B' appears more than once (first on line 3)"
}

@test "secret-label: --strict stops at the first bad document" {
	printf 'id,category\nA,notice\nB,bogus\nC,notice\n' > "$T/d.csv"
	run --separate-stderr secret-label classify --strict "$T/d.csv"
	assert_failure 2
	assert_output "$(printf 'id,category,level\nA,notice,public')"
	assert_equal "${#stderr_lines[@]}" 1
}

# --- custodians, leaks, sanctions (SEC-07, SEC-08) ---------------------------------

@test "SEC-07: custodians --check lists the companies holding secret documents without a custodian, exit 1" {
	# A: headquarters (empty company); B: 华东子公司, confidential; E: 华南子公司's,
	# 2010-01-01 + 10 years, public since 2020; C: public.
	printf 'id,level,company,created\nA,secret,,2026-01-01\nB,confidential,华东子公司,2026-01-01\nB2,secret,华东子公司,2026-02-01\nC,public,华南子公司,2026-01-01\nE,confidential,华南子公司,2010-01-01\n' > "$T/d.csv"
	printf '单位,保管人\n总公司,周敏\n' > "$T/c.csv"
	run --separate-stderr secret-label custodians --check --docs "$T/d.csv" "$T/c.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	company,custodian,secret_documents,status
	华东子公司,,2,no-custodian
	EOF
	assert_equal "$stderr" ""
	printf 'company,custodian\nheadquarters,周敏\n华东子公司,钱明\n' > "$T/c.csv"
	run --separate-stderr secret-label custodians --check --docs "$T/d.csv" "$T/c.csv"
	assert_success
	assert_output 'company,custodian,secret_documents,status'
	# a company named twice, or without a custodian, is an error
	printf 'company,custodian\n华东子公司,钱明\n华东子公司,赵磊\n华南子公司,\n' > "$T/c.csv"
	run --separate-stderr secret-label custodians "$T/c.csv"
	assert_failure 2
	assert_output "$(printf 'company,custodian\n华东子公司,钱明')"
	assert_equal "$stderr" "secret-label: $T/c.csv:3: company: '华东子公司' appears more than once (first on line 2)
secret-label: $T/c.csv:4: custodian: company '华南子公司' needs one (SEC-07)"
	run --separate-stderr secret-label custodians --check "$T/c.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "secret-label: custodians --check needs --docs FILE"
}

@test "SEC-07: leak records the report in the audit chain and prints it for headquarters at once, exit 1" {
	secret-label classify "$DOCS" | secret-label stamp > "$T/reg.csv"
	printf 'doc_id,reported_by,found_on,exposed,measures\nD004,赵磊,2026-11-26,合同报价外传给竞争对手,已要求对方删除\n' > "$T/leak.csv"
	run --separate-stderr secret-label leak -d "$T/reg.csv" -a "$T/audit.csv" "$T/leak.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	doc_id,reported_by,found_on,exposed,measures,report_id,to,title,level,company,rule
	D004,赵磊,2026-11-26,合同报价外传给竞争对手,已要求对方删除,LEAK-D004-2026-11-26,总公司领导,华东机械采购合同,confidential,headquarters,SEC-07
	EOF
	assert_equal "$stderr" ""
	run bash -c 'cut -d, -f7- "$1" | tail -1' _ "$T/audit.csv"
	assert_output '赵磊,D004,leak,reported,hq_manager,SEC-07,LEAK-D004-2026-11-26: found 2026-11-26; exposed: 合同报价外传给竞争对手; measures: 已要求对方删除'
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_success
	# the row feeds a mail command in a pipeline
	run bash -c 'secret-label leak -a "$2" "$1" | tail -n +2 | cut -d, -f6,7' _ "$T/leak.csv" "$T/audit.csv"
	assert_output 'LEAK-D004-2026-11-26,总公司领导'
	# leak needs --audit; a report without who or when, or found after today, is an error
	run --separate-stderr secret-label leak "$T/leak.csv"
	assert_failure 2
	printf 'doc_id,reported_by,found_on\nD004,,2026-11-26\nD004,赵磊,2026-11-28\nD999,赵磊,2026-11-26\n' > "$T/bad.csv"
	run --separate-stderr secret-label leak -d "$T/reg.csv" -a "$T/audit.csv" "$T/bad.csv"
	assert_failure 2
	assert_output 'doc_id,reported_by,found_on,report_id,to,title,level,company,rule'
	assert_equal "$stderr" "secret-label: $T/bad.csv:2: a leak report needs doc_id, reported_by and found_on (SEC-07)
secret-label: $T/bad.csv:3: found_on: '2026-11-28' is after today
secret-label: $T/bad.csv:4: doc_id: document 'D999' is not in $T/reg.csv"
}

@test "SEC-08: rewards and penalties by case; limiting losses only for someone not responsible; serious cases referred" {
	cat > "$T/s.csv" <<-'EOF'
	person,case,leak_id,doc_id,responsible,serious,amount,note
	李娜,reported-leak,LEAK-D004-2026-11-26,,no,,500,及时举报
	钱明,limited-losses,LEAK-D004-2026-11-26,,no,,300,连夜收回
	赵磊,limited-losses,LEAK-D004-2026-11-26,,yes,,300,
	赵磊,minor-leak,LEAK-D004-2026-11-26,,yes,,200,
	张伟,serious-leak,,D002,yes,,5000,
	刘洋,espionage,,D001,,,,为他人刺探
	孙总,coercion,,D003,,yes,,
	吴刚,coercion,,D006,,no,100,
	周敏,minor-leak,,D005,yes,yes,,
	EOF
	run --separate-stderr secret-label sanction -a "$T/audit.csv" "$T/s.csv"
	assert_failure 2
	assert_output - <<-'EOF'
	person,case,leak_id,doc_id,responsible,serious,amount,note,kind,legal_referral,rule
	李娜,reported-leak,LEAK-D004-2026-11-26,,no,,500.00,及时举报,reward,no,SEC-08
	钱明,limited-losses,LEAK-D004-2026-11-26,,no,,300.00,连夜收回,reward,no,SEC-08
	赵磊,minor-leak,LEAK-D004-2026-11-26,,yes,,200.00,,penalty,no,SEC-08
	张伟,serious-leak,,D002,yes,,5000.00,,penalty,yes,SEC-08
	刘洋,espionage,,D001,,,,为他人刺探,penalty,yes,SEC-08
	孙总,coercion,,D003,,yes,,,penalty,yes,SEC-08
	吴刚,coercion,,D006,,no,100.00,,penalty,no,SEC-08
	EOF
	assert_equal "$stderr" "secret-label: $T/s.csv:4: case: limiting the losses is rewarded only for someone not responsible for the leak (SEC-08)
secret-label: $T/s.csv:10: serious: a minor leak has no serious consequences: the case is serious-leak (SEC-08)"
	# sanction --list: the sanctions on record, as a stream
	run --separate-stderr bash -c 'secret-label sanction --list "$1" | cut -d, -f2-5' _ "$T/audit.csv"
	assert_success
	assert_output - <<-'EOF'
	person,ref,case,kind
	李娜,LEAK-D004-2026-11-26,reported-leak,reward
	钱明,LEAK-D004-2026-11-26,limited-losses,reward
	赵磊,LEAK-D004-2026-11-26,minor-leak,penalty
	张伟,D002,serious-leak,penalty
	刘洋,D001,espionage,penalty
	孙总,D003,coercion,penalty
	吴刚,D006,coercion,penalty
	EOF
	run --separate-stderr secret-label verify "$T/audit.csv"
	assert_success
	run --separate-stderr secret-label sanction "$T/s.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "secret-label: sanction needs --audit FILE (or --list)"
}

@test "SEC-08: limiting losses is rewarded only when responsible says no; a serious leak marked not serious is an error" {
	# 钱明's row does not say whether he was responsible: no reward on an
	# unknown; 张伟's serious leak marked serious = no contradicts its case.
	# Both rows are rejected (exit 2, nothing written for them); 李娜's stands.
	cat > "$T/s.csv" <<-'EOF'
	person,case,leak_id,doc_id,responsible,serious,amount,note
	钱明,limited-losses,LEAK-D004-2026-11-26,,,,300,
	张伟,serious-leak,,D002,yes,no,5000,
	李娜,limited-losses,LEAK-D004-2026-11-26,,no,,300,
	EOF
	run --separate-stderr secret-label sanction -a "$T/audit.csv" "$T/s.csv"
	assert_failure 2
	assert_output - <<-'EOF'
	person,case,leak_id,doc_id,responsible,serious,amount,note,kind,legal_referral,rule
	李娜,limited-losses,LEAK-D004-2026-11-26,,no,,300.00,,reward,no,SEC-08
	EOF
	assert_equal "$stderr" "secret-label: $T/s.csv:2: responsible: empty: limiting the losses is rewarded only for someone known not to be responsible for the leak (responsible = no) (SEC-08)
secret-label: $T/s.csv:3: serious: a serious leak has serious consequences: the case is minor-leak (SEC-08)"
}

# --- generic behaviour ---------------------------------------------------------------

@test "secret-label: usage errors exit 2 with a hint" {
	cd "$T"
	run bash -c '
		while IFS= read -r args; do
			secret-label $args < "$1" > out 2> err; status=$?
			[ $status = 2 ] || echo "secret-label $args: exit $status, want 2"
			[ -s out ] && echo "secret-label $args: wrote to stdout"
			grep -q "^Try '\''secret-label --help'\''" err || echo "secret-label $args: no hint: $(cat err)"
		done <<-EOF
		classify --bogus
		classify -x
		bogus
		--zh
		classify --docs $1
		classify --grants $1
		stamp --reason why
		check --reason why -d $1
		derive --anchor a -d $1
		verify --audit a x
		classify --reason
		classify --reason=
		check -d
		stamp --periods
		classify --encoding latin1
		EOF
	' _ "$DOCS"
	assert_success
	assert_output ""
	run --separate-stderr secret-label
	assert_failure 2
	assert_equal "$stderr" "secret-label: a command is needed: classify, stamp, declassify, derive, check, verify, extend, custodians, leak or sanction
Try 'secret-label --help' for more information."
	run --separate-stderr secret-label classify --docs x
	assert_equal "${stderr_lines[0]}" "secret-label: classify: option '--docs' is not one of this command's; 'secret-label classify --help' lists them"
	run --separate-stderr secret-label bogus
	assert_equal "${stderr_lines[0]}" "secret-label: unknown command 'bogus'"
}

@test "secret-label: a missing file is an error; the other files are still read" {
	run --separate-stderr secret-label classify "$T/nope.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "secret-label: $T/nope.csv: No such file or directory"
	run --separate-stderr secret-label classify "$T/nope.csv" "$DOCS"
	assert_failure 2
	assert_output "$(secret-label classify "$DOCS")"
	assert_equal "$stderr" "secret-label: $T/nope.csv: No such file or directory"
}

@test "secret-label: - and no operands read standard input" {
	run --separate-stderr bash -c 'secret-label classify - < "$1"' _ "$DOCS"
	assert_success
	assert_output "$(secret-label classify "$DOCS")"
	run --separate-stderr bash -c 'secret-label check -s "$STAFF" -d "$1" -g "$2" < "$3"' _ "$DOCS" "$GRANTS" "$REQS"
	assert_failure 1
	assert_output "$(secret-label check -s "$STAFF" -d "$DOCS" -g "$GRANTS" "$REQS")"
	run --separate-stderr bash -c 'printf "id,category\nX,nonsense\n" | secret-label classify'
	assert_failure 2
	assert_regex "$stderr" "^secret-label: \(stdin\):2: category: expected one of"
}

@test "secret-label: empty input gives empty output, a header alone gives the header" {
	for cmd in classify stamp declassify "derive -d $DOCS" "check -s $STAFF -d $DOCS -g $GRANTS"; do
		run --separate-stderr secret-label $cmd < /dev/null
		assert_success
		assert_output ""
		assert_equal "$stderr" ""
	done
	head -1 "$DOCS" > "$T/header.csv"
	run --separate-stderr secret-label stamp "$T/header.csv"
	assert_success
	assert_output "id,title,category,level,drafted_by,department,created,period_years,period_source,declassify_on,declassify_source,supervisor,label,extended_to"
	head -1 "$REQS" > "$T/header.csv"
	run --separate-stderr secret-label check -s "$STAFF" -d "$DOCS" "$T/header.csv"
	assert_success
	assert_output "person,role,department,doc_id,action,decision,needs,reason,rule"
}

@test "secret-label: no final newline, CRLF and a BOM are read" {
	printf '\357\273\277id,category,created\r\nA,contract,2026-01-01\r\nB,notice,2026-01-02' > "$T/d.csv"
	run --separate-stderr bash -c 'secret-label classify "$1" | secret-label stamp' _ "$T/d.csv"
	assert_success
	assert_output - <<-'EOF'
	id,category,level,created,period_years,period_source,declassify_on,declassify_source,label
	A,contract,confidential,2026-01-01,10,default,2036-01-01,period,秘密★10年
	B,notice,public,2026-01-02,,,,,
	EOF
}

@test "secret-label: a failed write exits 2" {
	run --separate-stderr bash -c 'secret-label classify "$1" > /dev/full' _ "$DOCS"
	assert_failure 2
	assert_regex "$stderr" "^secret-label: write error"
	run bash -c 'secret-label check -s "$STAFF" -d "$1" -g "$2" "$3" > /dev/full' _ "$DOCS" "$GRANTS" "$REQS"
	assert_failure 2
	run bash -c 'secret-label stamp --otable "$1" > /dev/full' _ "$DOCS"
	assert_failure 2
	# With --audit the decisions are logged before the output fails.
	run --separate-stderr bash -c 'secret-label check -s "$STAFF" -d "$1" -a "$3" "$2" > /dev/full' _ "$DOCS" "$REQS" "$T/audit.csv"
	assert_failure 2
	assert_regex "$stderr" "^secret-label: write error"
	run secret-label verify "$T/audit.csv"
	assert_success
	assert_output --regexp '^16 '
	run bash -c 'secret-label verify "$1" > /dev/full' _ "$T/audit.csv"
	assert_failure 2
	run bash -c 'secret-label --help > /dev/full'
	assert_failure 2
}

@test "secret-label: a closed pipe ends quietly with 0" {
	{
		echo 'id,category,created'
		awk 'BEGIN { for (i = 1; i <= 20000; i++) print "K" i ",contract,2026-01-01" }'
	} > "$T/many.csv"
	run --separate-stderr bash -c 'secret-label classify "$1" | head -2; echo "${PIPESTATUS[0]}"' _ "$T/many.csv"
	assert_success
	assert_output "$(printf 'id,category,level,created\nK1,contract,confidential,2026-01-01\n0')"
	assert_equal "$stderr" ""
	{
		echo 'person,role,doc_id,action'
		awk 'BEGIN { for (i = 1; i <= 20000; i++) print "P" i ",staff,D001,read" }'
	} > "$T/reqs.csv"
	run --separate-stderr bash -c 'secret-label check -s "$STAFF" -d "$1" "$2" | head -1 > /dev/null; echo "${PIPESTATUS[0]}"' _ "$DOCS" "$T/reqs.csv"
	assert_success
	assert_output "0"
	assert_equal "$stderr" ""
}

@test "secret-label: --help and --version" {
	run --separate-stderr secret-label --help
	assert_success
	assert_line --index 0 "Usage: secret-label COMMAND [options] [FILE...]"
	assert_output --partial "--grants FILE"
	assert_output --partial "--encoding ENC"
	assert_equal "$stderr" ""
	run --separate-stderr secret-label check -h
	assert_success
	assert_output --partial "Usage"
	run --separate-stderr secret-label -V
	assert_success
	assert_output --regexp '^secret-label \(crm toolkit\) [0-9]'
}

@test "secret-label: each command's --help, the man page's synopsis and the bash and zsh completions name the same options" {
	local d=$BATS_TEST_DIRNAME/.. cmd help man bash zsh
	for cmd in classify stamp declassify derive check verify extend custodians leak sanction; do
		help=$(secret-label "$cmd" --help | sed -n '/^Options:/,/^Common options:/p' |
			sed -n 's/^  \(-., \)\{0,1\}--\([a-z-]*\).*/\2/p' | sort -u | tr '\n' ' ')
		# the synopsis: its Fl names in the blocks of the command (--today is a common option)
		man=$(awk -v c="$cmd" '/^\.Sh SYNOPSIS/ { on = 1; next } /^\.Sh/ { on = 0 }
			on && $0 == ".Cm " c { mine = 1; next } on && /^\.Nm/ { mine = 0 }
			on && mine { for (i = 1; i <= NF; i++) if ($i == "Fl" || $i == ".Fl") print $(i + 1) }' \
			"$d/man/secret-label.1" |
			sed -e 's/^-//' -e 's/^d$/docs/' -e 's/^s$/staff/' -e 's/^g$/grants/' -e 's/^a$/audit/' \
			-e 's/^r$/reason/' | grep -v '^today$' | sort -u | tr '\n' ' ')
		bash=$(awk -v c="$cmd" '$0 ~ "^\t*([a-z]+\\|)*" c "(\\|[a-z]+)*\\) own=" { print }' \
			"$d/completions/bash/secret-label" | sed -n 's/.*own="\([^"]*\)".*/\1/p' |
			grep -o -- '--[a-z-]*' | sed 's/^--//' |
			sort -u | tr '\n' ' ')
		# zsh: the options of the command's branch, $audit, $docs and $periods spelt out
		zsh=$(awk -v c="$cmd" '/^args\)/ { on = 1 } on && $0 ~ "^\t([a-z]+\\|)*" c "(\\|[a-z]+)*\\)$" { mine = 1; next }
			mine && /;;/ { exit } mine { print }' "$d/completions/zsh/_secret-label" |
			sed -e 's/\$audit/--audit= --key=/g' -e 's/\$docs/--docs=/g' -e 's/\$periods/--periods=/g' |
			grep -o -- '--[a-z-]*[=[]' | sed -e 's/^--//' -e 's/[=[]$//' | grep -v '^help$' |
			sort -u | tr '\n' ' ')
		assert_equal "$cmd man: $man" "$cmd man: $help"
		assert_equal "$cmd bash: $bash" "$cmd bash: $help"
		assert_equal "$cmd zsh: $zsh" "$cmd zsh: $help"
	done
}

@test "secret-label: options come before or after the command; --help after it is the command's" {
	run --separate-stderr secret-label -s "$STAFF" check -d "$DOCS" "$REQS"
	assert_failure 1
	assert_output "$(secret-label check -s "$STAFF" -d "$DOCS" "$REQS")"
	run --separate-stderr secret-label verify --help
	assert_success
	assert_line --index 0 'Usage: secret-label verify [options] LOG'
	assert_output --partial '--anchor FILE'
	refute_output --partial '--docs FILE'
	run --separate-stderr secret-label --strict classify "$DOCS"
	assert_success
	assert_output "$(secret-label classify "$DOCS")"
	run --separate-stderr secret-label leak --periods p.csv
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "secret-label: leak: option '--periods' is not one of this command's; 'secret-label leak --help' lists them"
}
