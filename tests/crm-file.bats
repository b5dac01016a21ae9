#!/usr/bin/env bats
# crm-file: the customer archive in crm.db (CM-01…04, CM-08, CM-09, CM-14).
#
# Every test has its own archive, $CRM_HOME = $BATS_TEST_TMPDIR/home, and
# looks into it with the sqlite3 command-line shell; with CRM_TEST_DB set,
# a schema of its own on that PostgreSQL server, and psql (archive.bash).

setup() {
	bats_require_minimum_version 1.5.0
	bats_load_library bats-support
	bats_load_library bats-assert
	BIN=${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}
	case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
	PATH="$BIN:$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27 CRM_HOME=$BATS_TEST_TMPDIR/home
	unset CRM_BUSY_TIMEOUT XDG_DATA_HOME
	TD=$BATS_TEST_DIRNAME/../testdata
	load archive
	archive_setup
	HEADER=id,name,category,nature,supervisor,address,contact,phone,department,owner,co_owners,important,first_contact,registered,status,vip
	CHANGES=customer_id,field,old,new,changed_on,reported_on,by,reason
	HISTORY=$CHANGES,learned_on
	T=$BATS_TEST_TMPDIR
	export -f gen fields with_staff
}

# gen N [FIRST [bare]]: N customers without ids, named 客户FIRST…, each with
# its own phone 139 + 8 digits; categories, departments and owners (the
# staff of with_staff) in turn; bare: no department and owner, for an
# archive without staff.
gen() {
	awk -v n="$1" -v first="${2:-1}" -v bare="${3:+1}" 'BEGIN {
		split("target general key potential", cat, " ")
		print "name,category,nature,supervisor,address,contact,phone" (bare ? "" : ",department,owner")
		for (i = first; i < first + n; i++) {
			printf "客户%d,%s,民营,无,\"地址%d号, %d室\",联系人%d,139%08d",
				i, cat[i % 4 + 1], i, i % 30, i, i
			if (bare) printf "\n"; else printf ",销售%d部,S%03d\n", i % 3 + 1, i % 50
		}
	}'
}

# fields N[,M…]: those fields of each CSV line, unquoted, joined by commas
# (quoted fields may hold commas and quotes, not line breaks).
fields() {
	awk -v want="$1" 'BEGIN { n = split(want, w, ",") }
	{
		nf = 0; f = ""; q = 0
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1)
			if (q && c == "\"" && substr($0, i + 1, 1) == "\"") { f = f c; i++ }
			else if (c == "\"") q = !q
			else if (!q && c == ",") { v[++nf] = f; f = "" }
			else f = f c
		}
		v[++nf] = f
		out = v[w[1]]
		for (k = 2; k <= n; k++) out = out "," v[w[k]]
		print out
		delete v
	}'
}

# with_staff [HOME]: the archive (in HOME, else $CRM_HOME) holds the staff
# customers name (CM-10, CM-11): testdata/staff.csv (S01…S12) and gen's
# owners S000…S049 in 销售1部…销售3部.
with_staff() {
	{
		cat "$TD/staff.csv"
		awk 'BEGIN { for (i = 0; i < 50; i++) printf "S%03d,员工%d,销售%d部,staff,\n", i, i, i % 3 + 1 }'
	} | CRM_HOME=${1:-$CRM_HOME} crm-staff add - > /dev/null
}

# with_customers: the archive holds its staff and testdata/customers.csv (C001…C008).
with_customers() {
	with_staff
	crm-file add "$TD/customers.csv" > /dev/null
}

# ---------------------------------------------------------------- CM rules

@test "CM-01: an unknown category is refused" {
	printf '%s\n' name,category,nature,supervisor,address,contact,phone \
		甲公司,key,民营,无,地址1,张三,13900000001 \
		乙公司,vip,民营,无,地址2,李四,13900000002 > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $T/in.csv:3: category: 'vip' is not one of target, general, key, potential (CM-01)
crm-file: nothing was added: the batch had bad records"
	assert_equal "$(sql 'select count(*) from customer')" 0
	# The Chinese names of the four categories are the categories.
	printf '%s\n' name,category,nature,supervisor,address,contact,phone \
		甲公司,重点客户,民营,无,地址1,张三,13900000001 \
		乙公司,潜在客户,民营,无,地址2,李四,13900000002 > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(sql 'select id, category from customer order by id')" "C000001|key
C000002|potential"
	run --separate-stderr crm-file validate "$T/in.csv"
	assert_success
}

@test "CM-02: every new customer gets an archive record" {
	with_staff
	run --separate-stderr crm-file add "$TD/customers.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 "$HEADER"
	assert_line --index 1 "C001,华东机械有限公司,key,民营,上海市经济和信息化委员会,上海市浦东新区张江路100号,张伟,13812345678,销售一部,S01,,yes,2026-03-05,2026-03-09,active,yes"
	assert_line --index 3 'C003,南方贸易(进出口)有限公司,potential,合资,无,"广州市天河区体育西路3号,1808室",王强,020-87654321,销售一部,S01,,no,2026-09-28,,active,no'
	assert_line --index 8 "C008,东北粮油进出口公司,target,国有,黑龙江省商务厅,哈尔滨市道里区中央大街120号,黄海,0451-82001234,销售二部,S04,,no,2025-11-20,2025-11-25,closed,no"
	assert_equal "${#lines[@]}" 9
	assert_equal "$(sql 'select count(*) from customer')" 8
	# Phones are kept normalised, empty dates as NULL, defaults filled in.
	assert_equal "$(sql "select phone from customer where id in ('C004','C005','C006') order by id")" "13828001234
0571-87001234-802
0371-66001234"
	assert_equal "$(sql "select coalesce(registered, 'NULL'), important, status, extra from customer where id = 'C003'")" "NULL|no|active|{}"
	# What add printed is what the archive now shows.
	run --separate-stderr crm-file show C001 C003 C008
	assert_success
	assert_equal "${lines[1]}" "C001,华东机械有限公司,key,民营,上海市经济和信息化委员会,上海市浦东新区张江路100号,张伟,13812345678,销售一部,S01,,yes,2026-03-05,2026-03-09,active,yes"
	assert_equal "${#lines[@]}" 4
}

@test "CM-03: a customer without a phone is refused" {
	printf '%s\n' name,category,nature,supervisor,address,contact,phone \
		甲公司,key,民营,无,地址1,张三, \
		乙公司,general,,无,地址2,李四,13900000002 \
		丙公司,target,民营,无,地址3,王五,12345 > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $T/in.csv:2: phone: missing (CM-03)
crm-file: $T/in.csv:3: nature: missing (CM-03)
crm-file: $T/in.csv:4: phone: '12345' is not a mobile (13812345678) or a landline with its area code (010-12345678)
crm-file: nothing was added: the batch had bad records"
	assert_equal "$(sql 'select count(*) from customer')" 0
	# Without the column at all, every record misses it.
	printf '%s\n' name,category,nature,supervisor,address,contact 甲公司,key,民营,无,地址1,张三 > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/in.csv:2: phone: missing (CM-03)"
	# Every required field: name, category, nature, address, contact, phone.
	printf 'id\nX1\n' > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/in.csv:2: name: missing (CM-03); category: missing (CM-03); nature: missing (CM-03); supervisor: missing (CM-03; write 无 when there is none); address: missing (CM-03); contact: missing (CM-03); phone: missing (CM-03)"
}

@test "CM-03: 400/800 hotlines are phones, kept as ten digits; 010 and 02x numbers have 8 digits" {
	printf '%s\n' name,category,nature,supervisor,address,contact,phone \
		甲,key,民营,无,地址,张三,400-812-3456 \
		乙,key,民营,无,地址,李四,"800 810 8888" \
		丙,key,民营,无,地址,王五,021-6234567 > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/in.csv:4: phone: '021-6234567' is not a mobile (13812345678) or a landline with its area code (010-12345678)"
	sed -i '$d' "$T/in.csv"
	run --separate-stderr bash -c "crm-file add '$T/in.csv' | cut -d, -f8"
	assert_success
	assert_output "phone
4008123456
8008108888"
}

@test "CM-04: an update keeps a history row per changed field" {
	with_customers
	# C001: two fields change, the name is given unchanged; C002: one field, on the date given.
	printf '%s\n' id,name,phone,address,contact,changed_on,reason,by \
		C001,华东机械有限公司,138-1234-5679,上海市浦东新区张江路200号,,,搬迁并换号,S01 \
		C002,,,,王芳,2026/11/20,联系人调岗,S04 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output "$CHANGES
C001,address,上海市浦东新区张江路100号,上海市浦东新区张江路200号,2026-11-27,2026-11-27,S01,搬迁并换号
C001,phone,13812345678,13812345679,2026-11-27,2026-11-27,S01,搬迁并换号
C002,contact,李娜,王芳,2026-11-20,2026-11-27,S04,联系人调岗"
	assert_equal "$(sql "select phone, address from customer where id = 'C001'")" "13812345679|上海市浦东新区张江路200号"
	assert_equal "$(sql 'select count(*) from change')" 3
	# The history: of one customer, or of all, oldest first.
	run --separate-stderr crm-file history C002
	assert_success
	assert_output "$HISTORY
C002,contact,李娜,王芳,2026-11-20,2026-11-27,S04,联系人调岗,"
	run --separate-stderr crm-file history
	assert_success
	assert_equal "${#lines[@]}" 4
	# The same update again changes nothing and keeps no row.
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_success
	assert_output "$CHANGES"
	assert_equal "$(sql 'select count(*) from change')" 3
	# 《客户信息维护表》 headers in Chinese.
	printf '%s\n' 客户编号,客户类别,变更日期,变更原因,填表人 C003,目标客户,2026年11月25日,已有意向,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update --zh "$T/upd.csv"
	assert_success
	assert_output "客户编号,变更项目,原内容,新内容,变更日期,反馈日期,填表人,变更原因
C003,category,potential,target,2026-11-25,2026-11-27,S01,已有意向"
}

@test "CM-05: update refuses a registration before the first contact, after today, or moved back" {
	with_customers
	# C003 first contacted 2026-09-28, not registered; C004 registered 2026-10-16.
	# Today is 2026-11-27.
	printf '%s\n' id,registered,reason,by \
		C003,2026-09-01,补登,S01 \
		C003,2026-12-01,补登,S01 \
		C004,2026-10-01,改早,S02 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $T/upd.csv:2: registered: 2026-09-01 is before the first contact 2026-09-28
crm-file: $T/upd.csv:3: registered: 2026-12-01 is after today, 2026-11-27
crm-file: $T/upd.csv:4: registered: 2026-10-01 is before the registration on file, 2026-10-16 (a registration is not moved back; CM-05, CM-15)
crm-file: nothing was updated: the batch had bad records"
	assert_equal "$(sql "select coalesce(registered, '-') from customer where id in ('C003', 'C004') order by id")" "-
2026-10-16"
	assert_equal "$(sql 'select count(*) from change')" 0
	# A first contact moved after the registration is refused the same way.
	printf '%s\n' id,first_contact,reason,by C004,2026-10-20,更正,S02 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/upd.csv:2: registered: 2026-10-16 is before the first contact 2026-10-20"
	# On time and forward: accepted, with its history row.
	printf '%s\n' id,registered,reason,by C003,2026-10-09,补登,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_success
	assert_output "$CHANGES
C003,registered,,2026-10-09,2026-11-27,2026-11-27,S01,补登"
	# Nor cleared, then given again earlier: the clear is refused (C004 registered 10-16).
	printf '%s\n' id,registered,reason,by C004,-,撤销,S02 C004,2026-10-01,重登,S02 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/upd.csv:2: registered: 2026-10-16 cannot be cleared (a registration is not undone; CM-05, CM-15)"
	assert_equal "$(sql "select registered from customer where id = 'C004'")" 2026-10-16
}

@test "CM-02: update refuses the name or phone of another customer, near-duplicates too" {
	with_customers
	# C001 华东机械有限公司 13812345678; C003 南方贸易(进出口)有限公司.
	printf '%s\n' id,name,phone,reason,by \
		C002," 华东机械 有限公司",,改名,S04 \
		C005,,138-1234-5678,换号,S03 \
		C006,南方贸易（进出口）有限公司,,改名,S02 \
		C007,,１３８１２３４５６７８,换号,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/upd.csv:2: '华东机械 有限公司' looks like customer C001 (same name); give --allow-duplicate to add it anyway
crm-file: $T/upd.csv:3: '江南丝绸集团有限公司' looks like customer C001 (same phone); give --allow-duplicate to add it anyway
crm-file: $T/upd.csv:4: '南方贸易（进出口）有限公司' looks like customer C003 (same name); give --allow-duplicate to add it anyway
crm-file: $T/upd.csv:5: '深圳华信电子有限公司' looks like customer C001 (same phone); give --allow-duplicate to add it anyway
crm-file: nothing was updated: the batch had bad records"
	assert_equal "$(sql 'select count(*) from change')" 0
	# add: full-width letters and digits, letter case, inner spaces.
	printf '%s\n' name,category,nature,supervisor,address,contact,phone \
		ＡＢＣ科技１号,key,民营,无,地址,张三,13700000001 \
		"abc 科技1号,key,民营,无,地址,李四,13700000002" > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/in.csv:3: 'abc 科技1号': same as line 2 (same name); give --allow-duplicate to keep both"
	# Two updates of one batch swapping into each other's name: the second is refused by its line.
	printf '%s\n' id,name,reason,by C004,新名字有限公司,改名,S02 "C006,新名字 有限公司,改名,S02" > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/upd.csv:3: '新名字 有限公司': same as line 2 (same name); give --allow-duplicate to keep both"
	# Its own name, written again with spaces, is no duplicate.
	printf '%s\n' id,name,reason,by C001,"华东机械有限公司 ",规范,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_success
}

@test "CM-04: a field cleared on purpose, and edits to columns such as 备注, are kept in the history" {
	with_customers
	# C002 has co_owners S02;S03; '-' clears a field; 备注 is a column the archive does not know.
	printf '%s\n' id,co_owners,备注,reason,by \
		C002,-,大客户,协同人离开,S04 \
		C001,,老客户,补充,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output "$CHANGES
C002,co_owners,S02;S03,,2026-11-27,2026-11-27,S04,协同人离开
C002,备注,,大客户,2026-11-27,2026-11-27,S04,协同人离开
C001,备注,,老客户,2026-11-27,2026-11-27,S01,补充"
	assert_equal "$(sql "select co_owners, extra from customer where id = 'C002'")" '|{"备注":"大客户"}'
	run bash -c 'crm-file show C001 C002 | fields 1,11,17'
	assert_output "id,co_owners,备注
C001,,老客户
C002,,大客户"
	# 备注 changed, then cleared: each a row.
	printf '%s\n' id,备注,reason,by C001,重点跟进,升级,S01 C001,-,不再需要,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_success
	assert_output "$CHANGES
C001,备注,老客户,重点跟进,2026-11-27,2026-11-27,S01,升级
C001,备注,重点跟进,,2026-11-27,2026-11-27,S01,不再需要"
	assert_equal "$(sql "select extra from customer where id = 'C001'")" '{}'
	# A required field (CM-03) is not cleared.
	printf '%s\n' id,phone,supervisor,reason,by C001,-,-,清空,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/upd.csv:2: supervisor: cannot be cleared (CM-03)
crm-file: $T/upd.csv:2: phone: cannot be cleared (CM-03)
crm-file: nothing was updated: the batch had bad records"
	assert_equal "$(sql 'select count(*) from change')" 5
}

@test "CM-10: owners, co-owners and departments name the archive's staff" {
	crm-staff add "$TD/staff.csv" > /dev/null
	# S11 left on 2026-06-30; S01, S03, S05 are 销售一部 staff.
	printf '%s\n' name,category,nature,supervisor,address,contact,phone,department,owner,co_owners,first_contact \
		甲,key,民营,无,地址,张三,13700000001,销售一部,S99,,2026-11-02 \
		乙,key,民营,无,地址,李四,13700000002,销售一部,S11,,2026-11-02 \
		丙,key,民营,无,地址,王五,13700000003,销售一部,"S01 S03",,2026-11-02 \
		丁,key,民营,无,地址,赵六,13700000004,销售一部,S01,S01,2026-11-02 \
		"戊,key,民营,无,地址,钱七,13700000005,销售九部,S01,S03;S98,2026-11-02" > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $T/in.csv:2: owner: no staff 'S99' in the archive (add them with crm-staff add)
crm-file: $T/in.csv:3: owner: staff 'S11' left on 2026-06-30, before 2026-11-02 (CM-11)
crm-file: $T/in.csv:4: owner: 'S01 S03' is not one staff id (more staff go in co_owners, separated by ;)
crm-file: $T/in.csv:5: co_owners: 'S01' is the owner already (CM-10 needs two different staff)
crm-file: $T/in.csv:6: co_owners: no staff 'S98' in the archive (add them with crm-staff add)
crm-file: $T/in.csv:6: department: no department '销售九部' among the archive's staff
crm-file: nothing was added: the batch had bad records"
	assert_equal "$(sql 'select count(*) from customer')" 0
	# A customer first met on S11's last day may still be theirs; a real pair is accepted.
	printf '%s\n' name,category,nature,supervisor,address,contact,phone,department,owner,co_owners,first_contact \
		甲,key,民营,无,地址,张三,13700000001,销售二部,S11,,2026-06-30 \
		'乙,key,民营,无,地址,李四,13700000002,销售一部,S01,"S03, S05",2026-11-02' > "$T/in.csv"
	run --separate-stderr bash -c "crm-file add '$T/in.csv' | fields 1,10,11"
	assert_success
	assert_output "id,owner,co_owners
C000001,S11,
C000002,S01,S03, S05"
	# update checks the staff it is given, on the date of the change.
	printf '%s\n' id,owner,changed_on,reason,by C000002,S11,2026-11-20,换人,S06 C000002,S99,,换人,S06 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/upd.csv:2: owner: staff 'S11' left on 2026-06-30, before 2026-11-20 (CM-11)
crm-file: $T/upd.csv:3: owner: no staff 'S99' in the archive (add them with crm-staff add)
crm-file: nothing was updated: the batch had bad records"
}

@test "CM-10: references are checked on an archive without staff too: no one to name, no department" {
	# A new archive: no staff yet, so S01 and 销售一部 name no one (before, they passed unchecked).
	printf '%s\n' name,category,nature,supervisor,address,contact,phone,department,owner,co_owners \
		甲,key,民营,无,地址,张三,13700000001,销售一部,S01,S02 \
		乙,key,民营,无,地址,李四,13700000002,,,"S01 S03" > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $T/in.csv:2: owner: no staff 'S01' in the archive (add them with crm-staff add)
crm-file: $T/in.csv:2: co_owners: no staff 'S02' in the archive (add them with crm-staff add)
crm-file: $T/in.csv:2: department: no department '销售一部' among the archive's staff
crm-file: $T/in.csv:3: co_owners: 'S01 S03' is not one staff id (more staff go in co_owners, separated by ;)
crm-file: nothing was added: the batch had bad records"
	assert_equal "$(sql 'select count(*) from customer')" 0
	# A customer naming no staff is taken; correspondence and events by nobody known are not.
	sed -i '2,$s/,销售一部,S01,S02$/,,,/; 3d' "$T/in.csv"
	crm-file add "$T/in.csv" > /dev/null
	printf '%s\n' customer_id,date,channel,staff C000001,2026-11-02,phone,S01 > "$T/log.csv"
	run --separate-stderr crm-file log "$T/log.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/log.csv:2: staff: no staff 'S01' in the archive (add them with crm-staff add)"
	# The by of an update is staff too (填表人), here on the day of the change.
	crm-staff add "$TD/staff.csv" > /dev/null
	printf '%s\n' id,contact,changed_on,reason,by C000001,王五,2026-11-20,换人,S99 C000001,王五,2026-11-20,换人,S11 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/upd.csv:2: by: no staff 'S99' in the archive (add them with crm-staff add)
crm-file: $T/upd.csv:3: by: staff 'S11' left on 2026-06-30, before 2026-11-20 (CM-11)
crm-file: nothing was updated: the batch had bad records"
	assert_equal "$(sql 'select count(*) from change')" 0
}

@test "CM-05: --today is as of that day: add, update and log refuse what is dated after it" {
	with_staff
	# Today 2026-11-27: a first contact on 12-01, a registration on 11-28, a call on 11-30.
	printf '%s\n' name,category,nature,supervisor,address,contact,phone,first_contact,registered \
		甲,key,民营,无,地址,张三,13700000001,2026-12-01, \
		乙,key,民营,无,地址,李四,13700000002,2026-11-20,2026-11-28 \
		丙,key,民营,无,地址,王五,13700000003,2026-11-20,2026-11-27 > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/in.csv:2: first_contact: 2026-12-01 is after today, 2026-11-27
crm-file: $T/in.csv:3: registered: 2026-11-28 is after today, 2026-11-27
crm-file: nothing was added: the batch had bad records"
	# The same batch as of 2026-12-01 is taken whole.
	run --separate-stderr crm-file add --today 2026-12-01 "$T/in.csv"
	assert_success
	assert_equal "${#lines[@]}" 4
	printf '%s\n' customer_id,date,channel,staff C000003,2026-11-30,phone,S01 C000003,2026-11-27,phone,S01 > "$T/log.csv"
	run --separate-stderr crm-file log "$T/log.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/log.csv:2: date: 2026-11-30 is after today, 2026-11-27
crm-file: nothing was logged: the batch had bad records"
	assert_equal "$(sql 'select count(*) from correspondence')" 0
	# An update dated after today (changed_on) is refused the same way.
	printf '%s\n' id,contact,changed_on,reason,by C000003,赵六,2026-11-28,换人,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/upd.csv:2: changed_on: 2026-11-28 is after today, 2026-11-27"
}

@test "CM-05: list --today D is the archive as of D: later customers unseen, later registrations not yet made" {
	with_customers
	# C006 first contacted 10-08, C007 10-10 (registered 10-16); C004 registered 10-16, C005 10-10.
	run --separate-stderr bash -c 'crm-file list --today 2026-10-09 | fields 1,13,14'
	assert_success
	assert_output "id,first_contact,registered
C001,2026-03-05,2026-03-09
C002,2026-04-10,2026-04-14
C003,2026-09-28,
C004,2026-09-30,
C005,2026-09-28,
C006,2026-10-08,
C008,2025-11-20,2025-11-25"
	# A re-run of that day: C003 and C005 were then unregistered, both due 10-10 (5 working
	# days after 09-28: 09-29, 09-30, 10-08, 10-09 and 10-10, a make-up Saturday); C005's
	# registration of 10-10 had not yet been made.
	run --separate-stderr bash -c 'crm-file list --today 2026-10-09 | crm-remind register --today 2026-10-09 | cut -d, -f2,4,9'
	assert_output "kind,customer_id,due
due,C003,2026-10-10
due,C005,2026-10-10"
	# As of today, everything.
	run --separate-stderr bash -c 'crm-file list | wc -l'
	assert_output 9
}

@test "CM-04: update writes only the columns that changed" {
	with_customers
	# A trigger per column records which columns an UPDATE sets (UPDATE OF fires when a
	# column is in the SET list, changed or not).
	sql "CREATE TABLE touched (col TEXT);
	     CREATE TRIGGER t_phone AFTER UPDATE OF phone ON customer BEGIN INSERT INTO touched VALUES ('phone'); END;
	     CREATE TRIGGER t_name AFTER UPDATE OF name ON customer BEGIN INSERT INTO touched VALUES ('name'); END;
	     CREATE TRIGGER t_contact AFTER UPDATE OF contact ON customer BEGIN INSERT INTO touched VALUES ('contact'); END;
	     CREATE TRIGGER t_extra AFTER UPDATE OF extra ON customer BEGIN INSERT INTO touched VALUES ('extra'); END;
	     CREATE TRIGGER t_key AFTER UPDATE OF name_key ON customer BEGIN INSERT INTO touched VALUES ('name_key'); END"
	# C001: contact changes, the name is given unchanged; C002: only 备注.
	printf '%s\n' id,name,contact,备注,reason,by C001,华东机械有限公司,李雷,,换人,S01 C002,,,大客户,补充,S04 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_success
	assert_equal "$(sql 'select group_concat(col) from touched')" "contact,extra"
	# A new name takes its match key with it.
	sql 'delete from touched'
	printf '%s\n' id,name,reason,by C001,华东机械集团,改名,S01 > "$T/upd.csv"
	crm-file update "$T/upd.csv" > /dev/null
	assert_equal "$(sql 'select group_concat(col) from (select col from touched order by col)')" "name,name_key"
	assert_equal "$(sql "select phone, contact from customer where id = 'C001'")" "13812345678|李雷"
}

@test "CM-18: major matters are dated events, shown in the history beside field changes" {
	with_customers
	printf '%s\n' id,phone,reason,by C001,13812345679,换号,S01 > "$T/upd.csv"
	crm-file update "$T/upd.csv" > /dev/null
	# The contract, entered on 2026-11-21; the rest today, 2026-11-27.
	printf '%s\n' customer_id,date,kind,summary,by C001,2026-11-20,contract-signed,年度维保合同,S01 |
		crm-file event add --today 2026-11-21 > /dev/null
	printf '%s\n' customer_id,date,kind,summary,by \
		C001,2026/11/25,纠纷投诉,交货延迟投诉,S01 \
		C002,2026-11-26,payment-default,,S04 > "$T/ev.csv"
	run --separate-stderr crm-file event add "$T/ev.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output "customer_id,date,kind,summary,by
C001,2026-11-25,dispute,交货延迟投诉,S01
C002,2026-11-26,payment-default,,S04"
	# In the order entered: the phone change, then the two events.
	run --separate-stderr crm-file history C001
	assert_success
	assert_output "$HISTORY
C001,phone,13812345678,13812345679,2026-11-27,2026-11-27,S01,换号,
C001,event,,contract-signed,2026-11-20,2026-11-21,S01,年度维保合同,
C001,event,,dispute,2026-11-25,2026-11-27,S01,交货延迟投诉,"
	# As of 2026-11-22, only what had been entered by then.
	run --separate-stderr crm-file history C001 --today 2026-11-22
	assert_output "$HISTORY
C001,event,,contract-signed,2026-11-20,2026-11-21,S01,年度维保合同,"
	run --separate-stderr crm-file event list C002
	assert_output "customer_id,date,kind,summary,by
C002,2026-11-26,payment-default,,S04"
}

@test "CM-18: an unknown kind, 'other' without a summary, an unknown customer or a future date write nothing" {
	with_customers
	printf '%s\n' customer_id,date,kind,summary,by \
		C001,2026-11-20,lawsuit,起诉,S01 \
		C001,2026-11-20,other,,S01 \
		C404,2026-11-20,dispute,投诉,S01 \
		C002,2026-12-01,dispute,投诉,S04 \
		C002,2026-11-20,dispute,投诉, > "$T/ev.csv"
	run --separate-stderr crm-file event add "$T/ev.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $T/ev.csv:2: kind: 'lawsuit' is not one of contract-signed, contract-ended, dispute, payment-default, cooperation-change, other (CM-18)
crm-file: $T/ev.csv:3: summary: a matter of kind 'other' needs a summary of what it was (CM-18)
crm-file: $T/ev.csv:4: customer_id: no customer 'C404' in the archive
crm-file: $T/ev.csv:5: date: 2026-12-01 is after today, 2026-11-27
crm-file: $T/ev.csv:6: by: an event needs who entered it
crm-file: nothing was recorded: the batch had bad records"
	assert_equal "$(sql 'select count(*) from event')" 0
	# The kinds are a settable list.
	printf '%s\n' kind,zh,needs_summary lawsuit,诉讼,yes dispute,纠纷,no > "$T/kinds.csv"
	printf '%s\n' customer_id,date,kind,summary,by C001,2026-11-20,诉讼,合同违约起诉,S01 C001,2026-11-21,lawsuit,,S01 > "$T/ev.csv"
	run --separate-stderr crm-file event add --kinds "$T/kinds.csv" "$T/ev.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/ev.csv:3: summary: a matter of kind 'lawsuit' needs a summary of what it was (CM-18)"
	sed -i '$d' "$T/ev.csv"
	run --separate-stderr crm-file event add --kinds "$T/kinds.csv" "$T/ev.csv"
	assert_success
	assert_line --index 1 "C001,2026-11-20,lawsuit,合同违约起诉,S01"
	# An empty kinds file stops before anything is read.
	: > "$T/empty.csv"
	run --separate-stderr crm-file event add --kinds "$T/empty.csv" "$T/ev.csv"
	assert_failure 2
	assert_output ""
	# by is one of the archive's staff.
	printf '%s\n' customer_id,date,kind,summary,by C001,2026-11-20,dispute,投诉,S99 > "$T/ev.csv"
	run --separate-stderr crm-file event add "$T/ev.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/ev.csv:2: by: no staff 'S99' in the archive (add them with crm-staff add)"
}

@test "CM-04: an update without reason, by or a known id writes nothing" {
	with_customers
	printf '%s\n' id,phone,reason,by \
		C001,13812345679,换号,S01 \
		C002,13812345670,,S04 \
		C003,13812345671,换号, \
		C404,13812345672,换号,S01 \
		,13812345673,换号,S01 \
		C005,110,换号,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $T/upd.csv:3: reason: a change needs who made it (by) and why (reason) (CM-04)
crm-file: $T/upd.csv:4: by: a change needs who made it (by) and why (reason) (CM-04)
crm-file: $T/upd.csv:5: id: no customer 'C404' in the archive
crm-file: $T/upd.csv:6: id: an update needs the customer's id
crm-file: $T/upd.csv:7: phone: '110' is not a mobile (13812345678) or a landline with its area code (010-12345678)
crm-file: nothing was updated: the batch had bad records"
	assert_equal "$(sql "select phone from customer where id = 'C001'")" 13812345678
	assert_equal "$(sql 'select count(*) from change')" 0
	printf 'phone,reason,by\n13812345679,x,y\n' > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/upd.csv: an update needs the column id"
}

@test "CM-08: key customers are marked vip" {
	with_customers
	run --separate-stderr crm-file list
	assert_success
	run bash -c 'crm-file list | fields 1,3,16'
	assert_output "id,category,vip
C001,key,yes
C002,general,no
C003,potential,no
C004,target,no
C005,key,yes
C006,general,no
C007,key,yes
C008,target,no"
	run --separate-stderr crm-file list --vip --otable
	assert_success
	assert_equal "${#lines[@]}" 4
	assert_line --index 1 --regexp '^C001 +华东机械有限公司 .* yes$'
	assert_line --index 2 --regexp '^C005 '
	assert_line --index 3 --regexp '^C007 '
	run bash -c 'crm-file show C002 --zh | cut -d, -f3,12,16'
	assert_output "客户类别,重要客户,贵宾
一般客户,否,否"
	# A customer marked important is received as VIP whatever its category.
	printf '%s\n' id,important,reason,by C002,yes,大客户,S04 > "$T/upd.csv"
	crm-file update "$T/upd.csv" > /dev/null
	run bash -c 'crm-file show C002 --zh | cut -d, -f3,12,16'
	assert_output "客户类别,重要客户,贵宾
一般客户,是,是"
	run bash -c 'crm-file list --vip | cut -d, -f1'
	assert_output "id
C001
C002
C005
C007"
}

@test "CM-09: 长话, the long-distance call, is a channel; log --list without an id lists all" {
	with_customers
	printf '%s\n' customer_id,date,channel,staff,summary \
		C001,2026-11-02,长话,S01,与深圳分公司长途通话 \
		C002,2026-11-03,long-distance,S04,确认交期 > "$T/log.csv"
	run --separate-stderr crm-file log "$T/log.csv"
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr crm-file log --list
	assert_success
	assert_output "customer_id,date,channel,staff,summary
C001,2026-11-02,long-distance,S01,与深圳分公司长途通话
C002,2026-11-03,long-distance,S04,确认交期"
	run --separate-stderr crm-file log --list --zh C001
	assert_output "客户编号,日期,方式,联系人员,内容摘要
C001,2026-11-02,长话,S01,与深圳分公司长途通话"
	# As of 2026-11-02, the call of 11-03 had not happened.
	run --separate-stderr crm-file log --list --today 2026-11-02
	assert_equal "${#lines[@]}" 2
}

@test "SVC-05: delivered projects are archive records: project add, update, list" {
	with_customers
	printf '%s\n' id,customer_id,name,delivered \
		,C001,生产线改造二期,2026/11/02 \
		,C404,无主项目,2026-11-02 \
		,C002,,2026-11-02 \
		,C002,明年的项目,2027-01-01 > "$T/p.csv"
	run --separate-stderr crm-file project add "$T/p.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/p.csv:3: customer_id: no customer 'C404' in the archive
crm-file: $T/p.csv:4: name: missing
crm-file: $T/p.csv:5: delivered: 2027-01-01 is after today
crm-file: nothing was added: the batch had bad records"
	assert_equal "$(sql 'select count(*) from project')" 0
	sed -i '3,$d' "$T/p.csv"
	run --separate-stderr crm-file project add "$T/p.csv"
	assert_success
	assert_output "id,customer_id,name,delivered,last_revisit
P000001,C001,生产线改造二期,2026-11-02,"
	printf '%s\n' id,name P000001,生产线改造二期工程 P404,x > "$T/p.csv"
	run --separate-stderr crm-file project update "$T/p.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/p.csv:3: id: no project 'P404' in the archive"
	sed -i '$d' "$T/p.csv"
	run --separate-stderr crm-file project update "$T/p.csv"
	assert_success
	assert_output "id,customer_id,name,delivered,last_revisit
P000001,C001,生产线改造二期工程,2026-11-02,"
	run --separate-stderr crm-file project list --zh
	assert_output "项目编号,客户编号,项目名称,交付日期,上次回访日期
P000001,C001,生产线改造二期工程,2026-11-02,"
}

@test "CM-09: letters, faxes and calls are joined to the archive" {
	with_customers
	printf '%s\n' 客户编号,日期,方式,联系人员,内容摘要 \
		C001,2026年11月2日,信函,S01,寄送合同 \
		'C001,2026/11/3,传真,S01,"报价单,第三版"' \
		C002,2026-11-04,电话,S04,长途：确认交期 \
		C001,2026-11-01,email,S01,初次联系 > "$T/log.csv"
	run --separate-stderr crm-file log "$T/log.csv"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	run --separate-stderr crm-file log --list C001
	assert_success
	assert_output 'customer_id,date,channel,staff,summary
C001,2026-11-01,email,S01,初次联系
C001,2026-11-02,letter,S01,寄送合同
C001,2026-11-03,fax,S01,"报价单,第三版"'
	run --separate-stderr crm-file log --list C002 --zh
	assert_output "客户编号,日期,方式,联系人员,内容摘要
C002,2026-11-04,电话,S04,长途：确认交期"
	assert_equal "$(sql 'select count(*) from correspondence')" 4
	# A customer without correspondence: just the header.
	run --separate-stderr crm-file log --list C008
	assert_success
	assert_output "customer_id,date,channel,staff,summary"
}

@test "CM-09: correspondence for a customer not in the archive is refused" {
	with_customers
	run --separate-stderr crm-file log "$TD/log.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $TD/log.csv:8: staff: no staff 'S09' in the archive (add them with crm-staff add)
crm-file: $TD/log.csv:8: customer_id: no customer 'C999' in the archive
crm-file: nothing was logged: the batch had bad records"
	assert_equal "$(sql 'select count(*) from correspondence')" 0
	# Bad dates and channels, each named; a missing one too.
	printf '%s\n' customer_id,date,channel C001,2026-11-31,pigeon C001,, > "$T/log.csv"
	run --separate-stderr crm-file log "$T/log.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/log.csv:2: date: expected a date (YYYY-MM-DD), found '2026-11-31'
crm-file: $T/log.csv:2: channel: expected one of letter, fax, phone, visit, email, meeting, long-distance, gift, found 'pigeon'
crm-file: $T/log.csv:3: date: missing
crm-file: $T/log.csv:3: channel: missing
crm-file: nothing was logged: the batch had bad records"
	printf '%s\n' customer_id,staff C001,S01 > "$T/log.csv"
	run --separate-stderr crm-file log "$T/log.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/log.csv: correspondence needs the columns customer_id, date and channel"
}

@test "CM-14: each department's list for the appreciation event" {
	with_customers
	run bash -c 'crm-file list --department 销售一部 --status active | fields 1,10'
	assert_success
	assert_output "id,owner
C001,S01
C003,S01
C005,S03
C007,S01"
	# 销售二部's C008 is closed: not invited.
	run bash -c 'crm-file export --department 销售二部 --status 正常 | cut -d, -f1,15'
	assert_output "$(printf '\357\273\277')客户编号,状态
C002,正常
C004,正常
C006,正常"
}

# ---------------------------------------------------------------- add

@test "crm-file: ids are kept when given, else assigned after the largest" {
	run --separate-stderr bash -c 'gen 2 1 bare | crm-file add | cut -d, -f1,2'
	assert_success
	assert_output "id,name
C000001,客户1
C000002,客户2"
	with_customers
	# After C008 comes C009, in the archive's width; a number taken in the
	# same batch (C000010 is number 10) is skipped.
	{
		echo id,name,category,nature,supervisor,address,contact,phone
		echo ,新甲,key,民营,无,地址,张三,13700000001
		echo C000010,新乙,key,民营,无,地址,李四,13700000002
		echo ,新丙,key,民营,无,地址,王五,13700000003
		echo X-7,新丁,key,民营,无,地址,赵六,13700000004
	} > "$T/in.csv"
	run --separate-stderr bash -c "crm-file add '$T/in.csv' | cut -d, -f1,2"
	assert_success
	assert_output "id,name
C009,新甲
C000010,新乙
C011,新丙
X-7,新丁"
	# An id already in the archive is never taken twice, --allow-duplicate or not.
	printf '%s\n' id,name,category,nature,supervisor,address,contact,phone C003,别的公司,key,民营,无,地址,张三,13700000009 > "$T/in.csv"
	run --separate-stderr crm-file add --allow-duplicate "$T/in.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/in.csv:2: id: customer 'C003' is already in the archive"
	assert_equal "$(sql 'select count(*) from customer')" 14
}

@test "crm-file: a customer with the name of one in the archive is a duplicate" {
	with_customers
	printf '%s\n' name,category,nature,supervisor,address,contact,phone 华东机械有限公司,general,国有,无,别处,别人,13900000009 > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $T/in.csv:2: '华东机械有限公司' looks like customer C001 (same name); give --allow-duplicate to add it anyway
crm-file: nothing was added: the batch had bad records"
	assert_equal "$(sql 'select count(*) from customer')" 8
	run --separate-stderr bash -c "crm-file add --allow-duplicate '$T/in.csv' | cut -d, -f1,2"
	assert_success
	assert_output "id,name
C009,华东机械有限公司"
}

@test "crm-file: the same phone, however it is written, is a duplicate" {
	with_customers
	# C001 has 13812345678, C002 010-62345678, C006 0371-66001234.
	printf '%s\n' name,category,nature,supervisor,address,contact,phone \
		甲,key,民营,无,地址,张三,"+86 138 1234 5678" \
		乙,key,民营,无,地址,李四,"(010)62345678" \
		丙,key,民营,无,地址,王五,"+86 371 6600 1234" \
		丁,key,民营,无,地址,赵六,010-62345679 > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/in.csv:2: '甲' looks like customer C001 (same phone); give --allow-duplicate to add it anyway
crm-file: $T/in.csv:3: '乙' looks like customer C002 (same phone); give --allow-duplicate to add it anyway
crm-file: $T/in.csv:4: '丙' looks like customer C006 (same phone); give --allow-duplicate to add it anyway
crm-file: nothing was added: the batch had bad records"
	run --separate-stderr bash -c "crm-file add --allow-duplicate '$T/in.csv' | cut -d, -f2,8"
	assert_success
	assert_output "name,phone
甲,13812345678
乙,010-62345678
丙,0371-66001234
丁,010-62345679"
}

@test "crm-file: a duplicate within one batch is refused" {
	printf '%s\n' name,category,nature,supervisor,address,contact,phone \
		甲,key,民营,无,地址,张三,13900000001 \
		乙,key,民营,无,地址,李四,139-0000-0001 \
		甲,key,民营,无,地址,王五,13900000003 > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_equal "${#stderr_lines[@]}" 3
	# §5: named by the line of the batch, not by an id never committed.
	assert_equal "${stderr_lines[0]}" "crm-file: $T/in.csv:3: '乙': same as line 2 (same phone); give --allow-duplicate to keep both"
	assert_equal "${stderr_lines[1]}" "crm-file: $T/in.csv:4: '甲': same as line 2 (same name); give --allow-duplicate to keep both"
	assert_equal "$(sql 'select count(*) from customer')" 0
}

@test "crm-file: a batch with one bad record writes nothing" {
	with_customers
	# 1000 good customers and, on line 601, one with an impossible date.
	gen 1000 | awk 'NR == 601 { print "坏客户,key,民营,无,地址,张三,13700000000,销售1部,S001,2026-02-30" }
		NR == 1 { print $0 ",first_contact"; next } { print $0 ",2026-11-01" }' > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $T/in.csv:601: first_contact: '2026-02-30' is not a date (YYYY-MM-DD)
crm-file: nothing was added: the batch had bad records"
	assert_equal "$(sql 'select count(*) from customer')" 8
	# Without it, all 1000 go in.
	sed -i '601d' "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_success
	assert_equal "$(sql 'select count(*) from customer')" 1008
}

@test "crm-file: bad records are reported at their first line, each once" {
	# A quoted address spans lines 2-3; the bad phone is on record 2, line 2.
	printf '%s\n' name,category,nature,supervisor,address,contact,phone \
		'甲,key,民营,无,"北京市' '朝阳区",张三,1390000' \
		乙,key,民营,无,地址,李四,13900000002 \
		丙,other,民营,无,地址,王五,x > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-file: $T/in.csv:2: phone: '1390000' is not a mobile (13812345678) or a landline with its area code (010-12345678)
crm-file: $T/in.csv:5: category: 'other' is not one of target, general, key, potential (CM-01); phone: 'x' is not a mobile (13812345678) or a landline with its area code (010-12345678)
crm-file: nothing was added: the batch had bad records"
	# --strict stops at the first.
	run --separate-stderr crm-file add --strict "$T/in.csv"
	assert_failure 2
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "$(sql 'select count(*) from customer')" 0
}

@test "crm-file: dates are normalised and a registration before the first contact is refused" {
	printf '%s\n' name,category,nature,supervisor,address,contact,phone,first_contact,registered,important,status \
		甲,key,民营,无,地址,张三,13900000001,2026/3/5,2026年3月9日,是,正常 \
		乙,key,民营,无,地址,李四,13900000002,2026-03-09,2026-03-05,, > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/in.csv:3: registered: 2026-03-05 is before the first contact 2026-03-09"
	sed -i '$d' "$T/in.csv"
	run --separate-stderr bash -c "crm-file add '$T/in.csv' | cut -d, -f12-"
	assert_success
	assert_output "important,first_contact,registered,status,vip
yes,2026-03-05,2026-03-09,active,yes"
}

@test "crm-file: Chinese headers; columns the archive does not know are kept" {
	# The spreadsheet lacks 主管单位: a column of 无 is added to it (CM-03).
	sed '1s/$/,主管单位/; 2,$s/$/,无/' "$TD/customers-zh.csv" > "$T/zh.csv"
	with_staff
	run --separate-stderr crm-file add "$T/zh.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 "$HEADER,备注"
	assert_line --index 1 "C001,华东机械有限公司,key,民营,无,上海市浦东新区张江路100号,张三,13812345678,销售一部,S01,,yes,2026-03-05,,active,yes,老客户"
	assert_line --index 3 'C003,"南方贸易(进出口),有限公司",potential,合资,无,广州市天河区体育西路3号,王五,020-87654321,销售一部,S01,,no,2026-05-20,,active,no,"需回访,下周"'
	assert_equal "$(sql "select extra from customer where id = 'C001'")" '{"备注":"老客户"}'
	# Another batch with another unknown column: both are listed, in the order first seen.
	printf '%s\n' name,category,nature,supervisor,address,contact,phone,来源 甲,key,民营,无,地址,张三,13900000001,展会 > "$T/in.csv"
	crm-file add "$T/in.csv" > /dev/null
	run bash -c 'crm-file list | fields 1,17,18'
	# The new id follows the archive's own width (§5): after C004, C005.
	assert_output 'id,备注,来源
C001,老客户,
C002,,
C003,需回访,下周,
C004,,
C005,,展会'
	# JSON: every value a string.
	run --separate-stderr crm-file show C005 --ojson
	assert_output '{"id":"C005","name":"甲","category":"key","nature":"民营","supervisor":"无","address":"地址","contact":"张三","phone":"13900000001","department":"","owner":"","co_owners":"","important":"no","first_contact":"","registered":"","status":"active","vip":"yes","备注":"","来源":"展会"}'
}

@test "crm-file: a listing added back keeps one vip column" {
	with_customers
	crm-file list > "$T/list.csv"
	crm-file export > "$T/export.csv"
	with_staff "$T/other"
	with_staff "$T/third"
	run --separate-stderr crm-file add --home "$T/other" "$T/list.csv"
	assert_success
	assert_line --index 0 "$HEADER"
	run --separate-stderr crm-file add --home "$T/third" "$T/export.csv"
	assert_success
	assert_line --index 0 "$HEADER"
	assert_equal "$(sqlite3 "$T/third/crm.db" 'select count(*) from customer where extra <> '"'{}'")" 0
	run diff <(crm-file list) <(crm-file list --home "$T/third")
	assert_success
}

@test "crm-file: a GBK file from Excel or WPS" {
	iconv -f GBK -t UTF-8 "$TD/customers-gbk.csv" | sed '1s/$/,主管单位/; 2,$s/$/,无/' |
		iconv -f UTF-8 -t GBK > "$T/gbk0.csv"
	with_staff
	run --separate-stderr crm-file add "$T/gbk0.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 2 "C002,北方电力设备厂,general,国有,无,北京市海淀区中关村大街1号,李四,010-62345678,销售二部,S02,,no,2026-04-10,,active,no,"
	# A generated GBK file, Chinese headers, CRLF line ends.
	{
		echo 客户名称,客户类别,企业性质,主管单位,地址,联系人,联系电话,业务部门
		echo 东方纺织有限公司,一般客户,民营,无,无锡市梁溪区中山路1号,钱七,0510-82001234,销售二部
		echo 西湖茶业,潜在客户,集体,无,杭州市西湖区龙井路2号,孙八,13905710000,销售一部
	} | sed 's/$/\r/' | iconv -f UTF-8 -t GBK > "$T/gbk.csv"
	run --separate-stderr bash -c "crm-file add '$T/gbk.csv' | cut -d, -f1-4,9"
	assert_success
	assert_output "id,name,category,nature,department
C005,东方纺织有限公司,general,民营,销售二部
C006,西湖茶业,potential,集体,销售一部"
	# Forced UTF-8, the same bytes are an error, and nothing is added.
	run --separate-stderr crm-file add --encoding utf-8 --allow-duplicate "$T/gbk.csv"
	assert_failure 2
	assert_regex "$stderr" "^crm-file: $T/gbk.csv:1: "
	assert_equal "$(sql 'select count(*) from customer')" 6
}

@test "crm-file: JSON Lines in and out" {
	printf '%s\n' '{"name":"甲","category":"key","nature":"民营","supervisor":"无","address":"地址","contact":"张三","phone":"+86 139 0000 0001"}' > "$T/in.jsonl"
	run --separate-stderr crm-file add --json "$T/in.jsonl"
	assert_success
	assert_output '{"id":"C000001","name":"甲","category":"key","nature":"民营","supervisor":"无","address":"地址","contact":"张三","phone":"13900000001","department":"","owner":"","co_owners":"","important":"no","first_contact":"","registered":"","status":"active","vip":"yes"}'
	run --separate-stderr crm-file history --ojson
	assert_success
	assert_output ""
}

# ---------------------------------------------------------------- concurrency and faults

@test "crm-file: four clerks adding at once lose nothing, and ids do not collide" {
	for k in 0 1 2 3; do
		gen 500 $((k * 500 + 1)) bare > "$T/batch$k.csv"
	done
	# Four writers on an archive that does not exist yet.
	for k in 0 1 2 3; do
		crm-file add "$T/batch$k.csv" > "$T/out$k.csv" 2> "$T/err$k.txt" &
	done
	wait
	for k in 0 1 2 3; do
		assert_equal "$(cat "$T/err$k.txt")" ""
		assert_equal "$(wc -l < "$T/out$k.csv")" 501
	done
	assert_equal "$(sql 'select count(*), count(distinct id), count(distinct name), min(id), max(id) from customer')" "2000|2000|2000|C000001|C002000"
	# What each writer printed is what it added, with ids no other writer printed.
	assert_equal "$(cat "$T"/out?.csv | grep -v '^id,' | cut -d, -f1 | sort -u | wc -l)" 2000
	# A fifth batch repeating one of them is refused whole.
	run --separate-stderr crm-file add "$T/batch2.csv"
	assert_failure 2
	assert_equal "${#stderr_lines[@]}" 501
}

# CRM_RACE_ROUNDS (default 50; tests/check: 5 plain, 20 in check-san) sets how
# many new archives the race test opens.
# bats test_tags=sqlite
@test "crm-file: 8 writers and 4 readers on a new archive, round after round: every batch lands, every reader succeeds" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	for k in 0 1 2 3 4 5 6 7; do
		gen 20 $((k * 20 + 1)) bare > "$T/batch$k.csv"
	done
	rounds=${CRM_RACE_ROUNDS:-50}
	for ((r = 1; r <= rounds; r++)); do
		h=$T/race$r pids=()
		for k in 0 1 2 3 4 5 6 7; do
			crm-file --home "$h" add "$T/batch$k.csv" > /dev/null 2> "$T/err.w$k" &
			pids+=($!)
		done
		for k in 0 1 2 3; do
			crm-file --home "$h" list > /dev/null 2> "$T/err.r$k" &
			pids+=($!)
		done
		failed=0
		for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
		assert_equal "round $r: $failed failed: $(cat "$T"/err.*)" "round $r: 0 failed: "
		# 8 batches of 20 customers: 160, ids C000001…C000160.
		assert_equal "$(sqlite3 "$h/crm.db" 'select count(*), count(distinct id), max(id), (select journal_mode from pragma_journal_mode) from customer')" "160|160|C000160|wal"
		rm -rf "$h"
	done
}

# bats test_tags=sqlite
@test "crm-file: a writer waits while another holds the archive" {
	with_customers
	# sqlite3 holds the write lock for a second (it prints 1 once it has it).
	(echo 'BEGIN IMMEDIATE; SELECT 1;'; sleep 1; echo 'COMMIT;') | sqlite3 "$DB" > "$T/held" 2>&1 3>&- &
	until [ -s "$T/held" ]; do sleep 0.05; done
	run --separate-stderr bash -c 'gen 3 | crm-file add'
	assert_success
	wait
	assert_equal "$(sql 'select count(*) from customer')" 11
}

# bats test_tags=sqlite
@test "crm-file: a locked archive gives up after CRM_BUSY_TIMEOUT" {
	with_customers
	# sqlite3 reads from a fifo and holds the write lock until the fifo closes.
	mkfifo "$T/fifo"
	sqlite3 "$DB" < "$T/fifo" > "$T/held" 2>&1 3>&- &
	holder=$!
	exec 4> "$T/fifo"
	echo 'BEGIN IMMEDIATE; SELECT 1;' >&4
	until [ -s "$T/held" ]; do sleep 0.05; done
	CRM_BUSY_TIMEOUT=300 run --separate-stderr bash -c 'gen 3 | crm-file add'
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $DB: the archive is locked by another program (waited 300 ms)"
	printf 'id,phone,reason,by\nC001,13812345679,x,y\n' > "$T/upd.csv"
	CRM_BUSY_TIMEOUT=300 run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_regex "$stderr" "locked"
	exec 4>&-
	wait "$holder"
	assert_equal "$(sql 'select count(*) from customer')" 8
	assert_equal "$(sql "select phone from customer where id = 'C001'")" 13812345678
}

# bats test_tags=sqlite
@test "crm-file: readers are not blocked by a writer" {
	with_customers
	mkfifo "$T/fifo"
	sqlite3 "$DB" < "$T/fifo" > "$T/held" 2>&1 3>&- &
	holder=$!
	exec 4> "$T/fifo"
	echo 'BEGIN IMMEDIATE; SELECT 1;' >&4
	until [ -s "$T/held" ]; do sleep 0.05; done
	CRM_BUSY_TIMEOUT=300 run --separate-stderr crm-file list
	exec 4>&-
	wait "$holder"
	assert_success
	assert_equal "${#lines[@]}" 9
}

# kill_add N DELAY: start adding N generated customers, kill -9 it once
# DELAY seconds have passed ("wal": as soon as the commit writes the log).
kill_add() {
	local n=$1 delay=$2 pid i
	gen "$n" 100001 > "$T/big.csv"
	crm-file add "$T/big.csv" > /dev/null 2>&1 3>&- &
	pid=$!
	if [ "$delay" = wal ]; then
		for ((i = 0; i < 6000; i++)); do
			[ -s "$DB-wal" ] && break
			kill -0 "$pid" 2> /dev/null || break
			sleep 0.01
		done
	else
		sleep "$delay"
	fi
	kill -9 "$pid" 2> /dev/null || true
	wait "$pid" || true
}

# bats test_tags=sqlite
@test "crm-file: a writer killed mid-way leaves the archive whole" {
	[ -n "${CRM_SLOW-}" ] || skip "slow: make check runs it (CRM_SLOW=1)"
	with_customers
	for when in 0.5 wal; do
		kill_add 200000 "$when"
		assert_equal "$(sql 'PRAGMA integrity_check')" ok
		count=$(sql 'select count(*) from customer')
		[ "$count" = 8 ] || [ "$count" = 200008 ] || fail "after kill -9 ($when): $count customers, want 8 or 200008"
		run --separate-stderr crm-file show C001
		assert_success
		if [ "$count" = 200008 ]; then
			sql 'delete from customer where length(id) = 7'
		fi
	done
	# The archive takes new customers afterwards.
	run --separate-stderr bash -c 'gen 2 | crm-file add | cut -d, -f1'
	assert_success
	assert_output "id
C009
C010"
}

# The same on a server (tests/check's PostgreSQL run: CRM_TEST_DB).  The
# writer lock is an advisory lock of the archive's schema (lib/archive-pg.c).

# bats test_tags=pg
@test "crm-file: on PostgreSQL a writer gives up after CRM_BUSY_TIMEOUT; readers go on" {
	with_customers
	mkfifo "$T/fifo"
	psql -qAtX "$CRM_DB" < "$T/fifo" > "$T/held" 2>&1 3>&- &
	holder=$!
	exec 4> "$T/fifo"
	echo 'BEGIN; SELECT pg_advisory_xact_lock(hashtext(current_schema()), 2); SELECT 1;' >&4
	until grep -q 1 "$T/held"; do sleep 0.05; done
	CRM_BUSY_TIMEOUT=300 run --separate-stderr bash -c 'gen 3 | crm-file add'
	assert_failure 2
	assert_output ""
	assert_equal "${stderr%%: the archive is*}" "crm-file: $DB"
	assert_regex "${stderr#"crm-file: $DB: "}" "^the archive is locked by another program \(waited 3[0-9][0-9] ms\)$"
	CRM_BUSY_TIMEOUT=300 run --separate-stderr crm-file list
	assert_success
	assert_equal "${#lines[@]}" 9
	exec 4>&-
	wait "$holder"
	assert_equal "$(sql 'select count(*) from customer')" 8
}

# bats test_tags=pg
@test "crm-file: on PostgreSQL a writer killed mid-batch writes nothing" {
	with_customers
	gen 100000 100001 > "$T/big.csv"
	crm-file add "$T/big.csv" > /dev/null 2>&1 3>&- &
	pid=$!
	sleep 0.5
	kill -9 "$pid"
	wait "$pid" || true
	assert_equal "$(sql 'select count(*) from customer')" 8
	# 8 customers, C001…C008: the next two are C009 and C010.
	run --separate-stderr bash -c 'gen 2 | crm-file add | cut -d, -f1'
	assert_success
	assert_output "id
C009
C010"
}

# bats test_tags=pg
@test "crm-file: on PostgreSQL another program's schema, or a newer one, is refused" {
	sql 'CREATE TABLE notes (x integer)'
	run --separate-stderr crm-file list
	assert_failure 2
	assert_equal "$stderr" "crm-file: $DB: not a crm archive (a database of another program)"
	sql 'DROP TABLE notes'
	with_customers
	sql "UPDATE crm_meta SET value = '99' WHERE key = 'schema'"
	run --separate-stderr crm-file list
	assert_failure 2
	assert_equal "${stderr%%: archive schema*}" "crm-file: $DB"
	assert_regex "${stderr#"crm-file: $DB: "}" "^archive schema 99 is newer than this crm knows \([0-9]+\); upgrade crm$"
}

# bats test_tags=pg
@test "CM-07: on PostgreSQL the access log is append-only too" {
	with_customers
	sql "INSERT INTO access_log (prev, hash, at, requester, customer_id) VALUES ('', 'h', '2026-11-27 09:00', 'S001', 'C001')"
	run sql 'DELETE FROM access_log'
	assert_failure
	assert_output --partial 'the access log is append-only'
	run sql "UPDATE access_log SET requester = 'S002'"
	assert_failure
	assert_equal "$(sql 'select requester from access_log')" S001
}

# bats test_tags=pg
@test "crm-file: migrate copies an office's crm.db to the server once, the access log verified there" {
	export CRM_CHAIN_KEY=$T/chain.key
	office=$T/office
	crm-file --home "$office" add "$TD/customers.csv" > /dev/null
	crm-staff --home "$office" add "$TD/staff.csv" > /dev/null
	# 7 reads, none approved: logged all the same (exit 1 names them).
	crm-access --home "$office" log "$TD/access-requests.csv" > /dev/null 2>&1 || true
	run --separate-stderr crm-file migrate --home "$office" --to "$CRM_DB"
	assert_success
	assert_line customer,8
	assert_line staff,11
	assert_line access_log,7
	assert_regex "$stderr" "access log intact: 7 rows, head 7 [0-9a-f]{64}$"
	assert_equal "$(sql 'select count(*) from customer')" 8
	run crm-access verify
	assert_success
	assert_output --partial "access log intact: 7 rows"
	# New rows follow the copied ones: the log's next row is 8 (7 copied + 1).
	printf 'customer_id,requester,purpose\nC001,S01,回访\n' | crm-access log > /dev/null 2>&1 || true
	assert_equal "$(sql 'select max(seq) from access_log')" 8
	run crm-access verify
	assert_success
	# A second run is refused and doubles nothing.
	run --separate-stderr crm-file migrate --home "$office" --to "$CRM_DB"
	assert_failure 2
	assert_regex "$stderr" "holds rows already \(8 in customer\): an office is migrated once"
	assert_equal "$(sql 'select count(*) from customer')" 8
	run --separate-stderr crm-file migrate --to sqlite:/tmp/x.db
	assert_failure 2
	assert_regex "$stderr" "is not a server's URL"
}

# bats test_tags=sqlite
@test "crm-file: a database of another program is not a crm archive" {
	mkdir -p "$CRM_HOME"
	sqlite3 "$DB" 'CREATE TABLE notes (x); INSERT INTO notes VALUES (1);'
	cp "$DB" "$T/before.db"
	for cmd in list "add $TD/customers.csv" "show C001" history; do
		run --separate-stderr crm-file $cmd
		assert_failure 2
		assert_output ""
		assert_equal "$stderr" "crm-file: $DB: not a crm archive (a database of another program)"
	done
	assert_equal "$(sql 'SELECT name FROM sqlite_schema')" notes
	assert_equal "$(sql 'PRAGMA user_version')" 0
}

# bats test_tags=sqlite
@test "crm-file: a damaged crm.db is refused and left alone" {
	mkdir -p "$CRM_HOME"
	for i in $(seq 200); do echo "this is not a database, line $i"; done > "$DB"
	cp "$DB" "$T/before"
	run --separate-stderr crm-file list
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-file: $DB: not a crm archive, or damaged: file is not a database"
	run --separate-stderr crm-file add "$TD/customers.csv"
	assert_failure 2
	cmp "$DB" "$T/before"
}

# bats test_tags=sqlite
@test "crm-file: an archive newer than this crm-file is refused" {
	with_customers
	sql 'PRAGMA user_version = 99'
	run --separate-stderr crm-file list
	assert_failure 2
	assert_regex "$stderr" "^crm-file: $DB: archive schema 99 is newer than this crm knows \([0-9]+\); upgrade crm$"
}

# bats test_tags=sqlite
@test "crm-file: the archive is plain SQLite, in WAL mode, versioned" {
	with_customers
	assert_equal "$(sql 'PRAGMA journal_mode')" wal
	assert_equal "$(sql 'PRAGMA application_id')" 1129467185
	[ "$(sql 'PRAGMA user_version')" -ge 1 ]
	assert_equal "$(sql "SELECT department, count(*) FROM customer WHERE category = 'key' GROUP BY 1")" "销售一部|3"
	for t in customer change correspondence; do
		assert_equal "$(sql "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '$t'")" 1
	done
}

# bats test_tags=sqlite
@test "crm-file: the archive is in --home, CRM_HOME, XDG_DATA_HOME or ~/.local/share" {
	with_staff "$T/h1"
	run --separate-stderr crm-file add --home "$T/h1" "$TD/customers.csv"
	assert_success
	[ -s "$T/h1/crm.db" ]
	[ ! -e "$DB" ]
	unset CRM_HOME
	XDG_DATA_HOME=$T/xdg run --separate-stderr crm-file list
	assert_success
	[ -s "$T/xdg/crm/crm.db" ]
	HOME=$T/home2 run --separate-stderr crm-file list
	assert_success
	[ -s "$T/home2/.local/share/crm/crm.db" ]
	CRM_HOME=$T/h1 XDG_DATA_HOME=$T/xdg run --separate-stderr crm-file list
	assert_equal "${#lines[@]}" 9
}

# ---------------------------------------------------------------- reading out

@test "crm-file: list filters by category, department, owner, status and vip" {
	with_customers
	ids() { crm-file list "$@" | tail -n +2 | cut -d, -f1 | tr '\n' ' '; }
	assert_equal "$(ids)" "C001 C002 C003 C004 C005 C006 C007 C008 "
	assert_equal "$(ids --category target)" "C004 C008 "
	assert_equal "$(ids --category 一般客户)" "C002 C006 "
	assert_equal "$(ids --department 销售二部)" "C002 C004 C006 C008 "
	assert_equal "$(ids --owner S01)" "C001 C003 C007 "
	assert_equal "$(ids --status closed)" "C008 "
	assert_equal "$(ids --vip --owner S01)" "C001 C007 "
	assert_equal "$(ids --category general --vip)" ""
	assert_equal "$(ids --owner S99)" ""
	run --separate-stderr crm-file list --owner S99
	assert_success
	assert_output "$HEADER"
	run --separate-stderr crm-file list --category vip
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: --category: expected target, general, key or potential, found 'vip'"
	run --separate-stderr crm-file list --status gone
	assert_failure 2
}

@test "crm-file: show of a customer not in the archive exits 2" {
	with_customers
	run --separate-stderr crm-file show C404
	assert_failure 2
	assert_output "$HEADER"
	assert_equal "$stderr" "crm-file: no customer 'C404' in the archive"
	run --separate-stderr bash -c 'crm-file show C002 C404 C005 | cut -d, -f1'
	assert_output "id
C002
C005"
}

@test "crm-file: export is for spreadsheets: a BOM and Chinese headers and values" {
	with_customers
	crm-file export > "$T/export.csv"
	assert_equal "$(head -c 3 "$T/export.csv" | od -An -tx1 | tr -d ' ')" efbbbf
	run bash -c "sed '1s/^\xef\xbb\xbf//' '$T/export.csv' | cut -d, -f1-3,12,15,16 | head -n 3"
	assert_output "客户编号,客户名称,客户类别,重要客户,状态,贵宾
C001,华东机械有限公司,重点客户,是,正常,是
C002,北方电力设备厂,一般客户,否,正常,否"
	# The list filters apply; JSON gets neither BOM nor Chinese.
	run --separate-stderr bash -c 'crm-file export --vip | wc -l'
	assert_output 4
	run --separate-stderr bash -c 'crm-file export --ojson --owner S02'
	assert_success
	assert_line --index 0 --regexp '^\{"id":"C004","name":"西部软件有限公司","category":"target",'
	assert_equal "${#lines[@]}" 2
}

@test "crm-file: validate adds problems and exits 1 when any record has some" {
	printf '%s\n' id,name,category,nature,supervisor,address,contact,phone,备注 \
		1,甲,重点客户,民营,无,地址,张三,"+86 138 2800 1234",好 \
		2,乙,vip,民营,无,地址,,12345,差 > "$T/in.csv"
	run --separate-stderr crm-file validate "$T/in.csv"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "id,name,category,nature,supervisor,address,contact,phone,problems,备注
1,甲,key,民营,无,地址,张三,13828001234,,好
2,乙,vip,民营,无,地址,,12345,\"contact: missing (CM-03); category: 'vip' is not one of target, general, key, potential (CM-01); phone: '12345' is not a mobile (13812345678) or a landline with its area code (010-12345678)\",差"
	# validate never opens the archive.
	[ ! -e "$CRM_HOME" ]
	run --separate-stderr crm-file validate "$TD/customers.csv"
	assert_success
	assert_equal "${#lines[@]}" 9
	assert_line --index 0 "id,name,category,nature,supervisor,address,contact,phone,department,owner,co_owners,important,first_contact,registered,status,problems"
	run --separate-stderr bash -c "crm-file validate --zh '$T/in.csv' | head -n 1"
	assert_output "客户编号,客户名称,客户类别,企业性质,主管单位,地址,联系人,联系电话,问题,备注"
}

@test "crm-file: standard input, -, empty input, no final newline" {
	run --separate-stderr bash -c "crm-file validate - < '$TD/customers.csv' | wc -l"
	assert_output 9
	run --separate-stderr crm-file add < /dev/null
	assert_success
	assert_output "$HEADER"
	printf 'name,category,nature,supervisor,address,contact,phone\n' > "$T/in.csv"
	run --separate-stderr crm-file add "$T/in.csv"
	assert_success
	assert_output "$HEADER"
	printf 'name,category,nature,supervisor,address,contact,phone\n甲,key,民营,无,地址,张三,13900000001' > "$T/in.csv"
	run --separate-stderr bash -c "crm-file add - < '$T/in.csv' | cut -d, -f1,2,8"
	assert_success
	assert_output "id,name,phone
C000001,甲,13900000001"
}

@test "crm-file: a missing file writes nothing and exits 2" {
	run --separate-stderr crm-file add "$TD/customers.csv" "$T/nope.csv"
	assert_failure 2
	assert_output ""
	assert_regex "$stderr" "$T/nope.csv: No such file or directory"
	assert_equal "$(sql 'select count(*) from customer')" 0
	run --separate-stderr crm-file validate "$T/nope.csv"
	assert_failure 2
}

# ---------------------------------------------------------------- command line

@test "crm-file: usage errors exit 2" {
	while read -r args; do
		run --separate-stderr crm-file $args
		[ "$status" = 2 ] || fail "crm-file $args: exit $status, want 2"
		assert_output ""
		assert_regex "${stderr_lines[0]}" '^crm-file: '
		assert_equal "${stderr_lines[1]}" "Try 'crm-file --help' for more information."
	done <<-'EOF'

	frobnicate
	list --bogus
	list extra
	list --category
	list --category vip
	list --status gone
	show
	log --list C001 C002
	event
	event frob
	event list C001 C002
	project
	project frob
	project list C001 C002
	EOF
}

@test "crm-file: --help and --version exit 0" {
	run --separate-stderr crm-file --help
	assert_success
	assert_line --index 0 --regexp '^Usage: crm-file COMMAND'
	assert_output --partial "--allow-duplicate"
	assert_equal "$stderr" ""
	run --separate-stderr crm-file list -h
	assert_success
	run --separate-stderr crm-file -V
	assert_success
	assert_output --regexp '^crm-file '
}

@test "crm-file: output to a full disk exits 2" {
	with_customers
	for cmd in list "show C001" history "log --list C001" export "validate $TD/customers.csv"; do
		run --separate-stderr bash -c "crm-file $cmd > /dev/full"
		[ "$status" = 2 ] || fail "crm-file $cmd > /dev/full: exit $status, want 2"
		assert_regex "$stderr" "write error"
	done
	# add commits before it prints: the customers are in, though the output failed.
	run --separate-stderr bash -c 'gen 2 | crm-file add > /dev/full'
	assert_failure 2
	assert_equal "$(sql 'select count(*) from customer')" 10
}

@test "crm-file: a closed pipe ends quietly" {
	with_staff
	gen 20000 > "$T/in.csv"
	run --separate-stderr bash -c "set -o pipefail; crm-file validate '$T/in.csv' | head -n 1"
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr bash -c "set -o pipefail; crm-file add '$T/in.csv' | head -n 1"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(sql 'select count(*) from customer')" 20000
	run --separate-stderr bash -c 'set -o pipefail; crm-file list | head -n 2'
	assert_success
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 2
}

# ---------------------------------------------------------------- issue 23: CM-06 learned_on

@test "CM-06: update keeps learned_on (获知日期), history shows it; before changed_on or after today is refused" {
	with_customers
	# C001's phone changed 11-16; the department learned of it 11-20.
	printf '%s\n' id,phone,changed_on,获知日期,reason,by C001,13812345679,2026-11-16,2026-11-20,换号,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_success
	assert_output "$CHANGES
C001,phone,13812345678,13812345679,2026-11-16,2026-11-27,S01,换号"
	run --separate-stderr crm-file history C001
	assert_output "$HISTORY
C001,phone,13812345678,13812345679,2026-11-16,2026-11-27,S01,换号,2026-11-20"
	assert_equal "$(sql "select learned_on from change")" 2026-11-20
	# Before the change, after today (2026-11-27): file:line, exit 2, nothing written.
	printf '%s\n' id,phone,changed_on,learned_on,reason,by C002,13900000002,2026-11-16,2026-11-13,换号,S04 \
		C003,13900000003,2026-11-16,2026-11-30,换号,S01 > "$T/upd.csv"
	run --separate-stderr crm-file update "$T/upd.csv"
	assert_failure 2
	assert_output ""
	assert_equal "${stderr_lines[0]}" "crm-file: $T/upd.csv:2: learned_on: '2026-11-13' is before changed_on (2026-11-16)"
	assert_equal "${stderr_lines[1]}" "crm-file: $T/upd.csv:3: learned_on: '2026-11-30' is after today (2026-11-27)"
	assert_equal "$(sql 'select count(*) from change')" 1
}

@test "SVC-03: a gift is logged with channel gift (礼品) and the next-year needs in its summary" {
	with_customers
	printf '%s\n' customer_id,date,channel,staff,summary 'C001,2026-12-02,礼品,S01,次年需求计划：二期改造' > "$T/gift.csv"
	run --separate-stderr crm-file log --today 2026-12-03 "$T/gift.csv"
	assert_success
	assert_equal "$(sql "select channel, summary from correspondence")" "gift|次年需求计划：二期改造"
	printf '%s\n' customer_id,date,channel,staff,summary 'C002,2026-12-02,gift,S04,' > "$T/gift.csv"
	run --separate-stderr crm-file log --today 2026-12-03 "$T/gift.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "crm-file: $T/gift.csv:2: summary: a gift records the customer's next-year needs (SVC-03)"
}
