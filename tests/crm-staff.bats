#!/usr/bin/env bats
# crm-staff: staff, departments and roles (CM-07); leavers hand their
# customers over, with history, and the customers to notify are listed
# (CM-11), keeping two staff in contact with key customers (CM-10).
#
# The archive these tests start from: testdata/customers.csv (crm-file add)
# and testdata/staff.csv.  S01 owns C001, C003, C007 and co-owns C005
# (owner S03); S02 owns C004 and C006 and co-owns C002 (owner S04) with
# S03; C008 (owner S04) is closed.  S11 left on 2026-06-30.

setup() {
	bats_require_minimum_version 1.5.0
	bats_load_library bats-support
	bats_load_library bats-assert
	# The programs under test; crm-file (which fills the archive) from bin/ when CRM_BIN lacks it.
	PATH="$(cd "${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}" && pwd):$(cd "$BATS_TEST_DIRNAME/../bin" && pwd):$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27 CRM_HOME=$BATS_TEST_TMPDIR/home
	unset CRM_BUSY_TIMEOUT
	TD=$BATS_TEST_DIRNAME/../testdata
	DB=$CRM_HOME/crm.db
	STAFF_HEADER=id,name,department,role,left_on
	NOTIFY_HEADER=customer_id,customer,contact,phone,department,leaver,successor,as,owner,co_owners,note
}

# The archive of testdata: customers and staff.
archive() {
	crm-staff add "$TD/staff.csv" > /dev/null
	crm-file add "$TD/customers.csv" > /dev/null
}

# Everything the archive holds, to compare before and after.
dump() {
	sqlite3 "$DB" .dump
}

# ---------------------------------------------------------------- CM-07

@test "CM-07: add files staff with department and role and prints them" {
	run --separate-stderr crm-staff add "$TD/staff.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(cat "$TD/staff.csv")"
	run sqlite3 "$DB" "SELECT id, role, coalesce(left_on, '-') FROM staff WHERE id IN ('S06', 'S08', 'S11') ORDER BY id"
	assert_output "S06|dept_manager|-
S08|general_manager|-
S11|staff|2026-06-30"
}

@test "CM-07: the five roles, Chinese headers and role names, GBK input, empty role = staff" {
	printf '工号,姓名,部门,职务,离职日期\nA1,甲,销售一部,员工,\nA2,乙,销售一部,部门经理,\nA3,丙,,总经理,\nA4,丁,集团总部,总部经理,2026/6/30\nA5,戊,分公司,分公司总经理,\nA6,己,销售二部,,\n' |
		iconv -f UTF-8 -t GBK > "$BATS_TEST_TMPDIR/staff-gbk.csv"
	run --separate-stderr crm-staff add "$BATS_TEST_TMPDIR/staff-gbk.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output "$STAFF_HEADER
A1,甲,销售一部,staff,
A2,乙,销售一部,dept_manager,
A3,丙,,general_manager,
A4,丁,集团总部,hq_manager,2026-06-30
A5,戊,分公司,subsidiary_gm,
A6,己,销售二部,staff,"
	run --separate-stderr crm-staff list --zh --role 部门经理
	assert_success
	assert_output "工号,姓名,部门,职务,离职日期,状态
A2,乙,销售一部,部门经理,,在职"
}

@test "CM-07: a bad batch adds nothing; every bad record is reported with its line" {
	archive
	before=$(dump)
	cat > "$BATS_TEST_TMPDIR/bad.csv" <<-'EOF'
	id,name,department,role,left_on
	N1,新人,销售一部,staff,
	N2,,销售一部,staff,
	N3,老三,销售一部,boss,
	N4,小四,,staff,
	N5,小五,,dept_manager,
	S01,重号,销售一部,staff,
	N1,又一个,销售一部,staff,
	N6,小六,销售一部,staff,2026-02-30
	N;7,分号,销售一部,staff,
	,无号,销售一部,staff,
	EOF
	run --separate-stderr crm-staff add "$BATS_TEST_TMPDIR/bad.csv"
	assert_failure 2
	assert_output ""
	f=$BATS_TEST_TMPDIR/bad.csv
	assert_equal "$stderr" "crm-staff: $f:3: name: missing
crm-staff: $f:4: role: expected one of staff, dept_manager, general_manager, hq_manager, subsidiary_gm, found 'boss'
crm-staff: $f:5: department: missing (a staff belongs to a department, CM-07)
crm-staff: $f:6: department: missing (a dept_manager belongs to a department, CM-07)
crm-staff: $f:7: id: 'S01' is already taken, by 王芳
crm-staff: $f:8: id: 'N1' is already taken, by 新人
crm-staff: $f:9: left_on: expected a date (YYYY-MM-DD), found '2026-02-30'
crm-staff: $f:10: id: 'N;7' holds a ';', ',' or space, which separate the ids of co-owners
crm-staff: $f:11: id: missing
crm-staff: nothing was added: the batch had bad records"
	assert_equal "$(dump)" "$before"
}

@test "CM-07: --strict stops at the first bad record, and still adds nothing" {
	printf 'id,name,department\nN1,a,d\nN2,,d\nN3,,d\n' > "$BATS_TEST_TMPDIR/s.csv"
	run --separate-stderr crm-staff add --strict "$BATS_TEST_TMPDIR/s.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-staff: $BATS_TEST_TMPDIR/s.csv:3: name: missing
crm-staff: nothing was added: the batch had bad records"
	run sqlite3 "$DB" "SELECT count(*) FROM staff"
	assert_output 0
}

@test "CM-07: a staff file without id or name is refused before the archive is touched" {
	printf 'name,department\na,b\n' > "$BATS_TEST_TMPDIR/noid.csv"
	run --separate-stderr crm-staff add "$BATS_TEST_TMPDIR/noid.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-staff: $BATS_TEST_TMPDIR/noid.csv: staff records need the columns id and name"
	[ ! -e "$DB" ]
}

@test "CM-07: columns the staff table does not keep are named on stderr" {
	printf 'id,name,department,phone\nN1,a,d,13812345678\n' > "$BATS_TEST_TMPDIR/extra.csv"
	run --separate-stderr crm-staff add "$BATS_TEST_TMPDIR/extra.csv"
	assert_success
	assert_output "$STAFF_HEADER
N1,a,d,staff,"
	assert_equal "$stderr" "crm-staff: $BATS_TEST_TMPDIR/extra.csv: column 'phone' is not kept (staff have id, name, department, role, left_on)"
}

@test "crm-staff: list filters by department, role and status; leavers are marked" {
	archive
	run --separate-stderr crm-staff list --department 销售二部
	assert_success
	assert_equal "$stderr" ""
	assert_output "$STAFF_HEADER,status
S02,赵磊,销售二部,staff,,active
S04,周杰,销售二部,staff,,active
S07,冯涛,销售二部,dept_manager,,active
S11,何平,销售二部,staff,2026-06-30,left"
	run crm-staff list --role general_manager
	assert_output "$STAFF_HEADER,status
S08,陈刚,总经理办公室,general_manager,,active"
	crm-staff leave S10 --on 2026-12-31 > /dev/null
	run crm-staff list --status leaving
	assert_output "$STAFF_HEADER,status
S10,林晓,市场推广部,staff,2026-12-31,leaving"
	run crm-staff list --status left --today 2027-01-01
	assert_output "$STAFF_HEADER,status
S10,林晓,市场推广部,staff,2026-12-31,left
S11,何平,销售二部,staff,2026-06-30,left"
	run --separate-stderr crm-staff list --role boss
	assert_failure 2
	assert_equal "$stderr" "crm-staff: --role: expected staff, dept_manager, general_manager, hq_manager or subsidiary_gm, found 'boss'
Try 'crm-staff --help' for more information."
	run --separate-stderr crm-staff list --status gone
	assert_failure 2
}

# ---------------------------------------------------------------- CM-11

@test "CM-11: leave hands the leaver's customers to the successor and lists whom to notify" {
	archive
	run --separate-stderr crm-staff leave S01 --on 2026-11-30 --to S05
	assert_success
	assert_equal "$stderr" ""
	assert_output "$NOTIFY_HEADER
C001,华东机械有限公司,张伟,13812345678,销售一部,S01,S05,owner,S05,,CM-10: only 1 staff member in contact with a key or important customer; add a co-owner
C003,南方贸易(进出口)有限公司,王强,020-87654321,销售一部,S01,S05,owner,S05,,
C005,江南丝绸集团有限公司,陈静,0571-87001234-802,销售一部,S01,S05,co_owner,S03,S05,
C007,深圳华信电子有限公司,赵敏,0755-26001234,销售一部,S01,S05,owner,S05,,CM-10: only 1 staff member in contact with a key or important customer; add a co-owner"
	run crm-file list --owner S01
	assert_output --partial "id,name"
	assert_equal "${#lines[@]}" 1
	run sqlite3 "$DB" "SELECT left_on FROM staff WHERE id = 'S01'"
	assert_output 2026-11-30
}

@test "CM-11: one history row per changed field, by the successor, with the reason" {
	archive
	crm-staff leave S02 --on 2026-11-30 --to S04 > /dev/null
	run --separate-stderr crm-file history
	assert_success
	assert_output "customer_id,field,old,new,changed_on,reported_on,by,reason,learned_on
C002,co_owners,S02;S03,S03,2026-11-30,2026-11-27,S04,staff S02 left on 2026-11-30 (CM-11),
C004,owner,S02,S04,2026-11-30,2026-11-27,S04,staff S02 left on 2026-11-30 (CM-11),
C006,owner,S02,S04,2026-11-30,2026-11-27,S04,staff S02 left on 2026-11-30 (CM-11),"
}

@test "CM-11: --by names who records the change; --on defaults to today" {
	archive
	crm-staff leave S02 --to S07 --by HR01 > /dev/null
	run sqlite3 "$DB" "SELECT DISTINCT changed_on, reported_on, by, reason FROM change"
	assert_output "2026-11-27|2026-11-27|HR01|staff S02 left on 2026-11-27 (CM-11)"
}

@test "CM-11: a successor already in contact is not counted twice" {
	archive
	# S04 owns C002 with co-owners S02;S03: S02 leaves to S03, who is already there.
	run --separate-stderr crm-staff leave S02 --on 2026-11-30 --to S03 --ojson
	assert_success
	assert_line --index 0 '{"customer_id":"C002","customer":"北方电力设备厂","contact":"李娜","phone":"010-62345678","department":"销售二部","leaver":"S02","successor":"S03","as":"co_owner","owner":"S04","co_owners":"S03","note":"the successor was already in contact"}'
	# S03 owns C005 with co-owner S01: S03 leaves to S01, who becomes owner and leaves the co-owners.
	run --separate-stderr crm-staff leave S03 --on 2026-11-30 --to S01
	assert_success
	assert_line --index 3 "C005,江南丝绸集团有限公司,陈静,0571-87001234-802,销售一部,S03,S01,owner,S01,,CM-10: only 1 staff member in contact with a key or important customer; add a co-owner"
	run sqlite3 "$DB" "SELECT id, owner, co_owners FROM customer WHERE id IN ('C002', 'C005') ORDER BY id"
	assert_output "C002|S04|S01
C005|S01|"
}

@test "CM-10: a key or important customer keeping two staff in contact gets no note" {
	archive
	# C005 (key): owner S03, co-owner S01; S01 leaves to S05: S03 and S05 stay in contact.
	run --separate-stderr crm-staff leave S01 --to S05
	assert_success
	assert_line --index 3 "C005,江南丝绸集团有限公司,陈静,0571-87001234-802,销售一部,S01,S05,co_owner,S03,S05,"
	run --separate-stderr crm-staff leave S03 --to S05 --zh
	assert_success
	assert_output "客户编号,客户名称,联系人,联系电话,业务部门,离职员工,接替员工,接替职责,负责人,协同联系人,备注
C002,北方电力设备厂,李娜,010-62345678,销售二部,S03,S05,协同联系人,S04,S02;S05,
C005,江南丝绸集团有限公司,陈静,0571-87001234-802,销售一部,S03,S05,负责人,S05,,CM-10：重要客户仅1名员工联系，请增派协同联系人"
}

@test "CM-11: co_owners lists with ',' and spaces are read; ids are matched whole" {
	crm-staff add "$TD/staff.csv" > /dev/null
	# S1 is staff before a customer names it (CM-10: references are real).
	crm-staff add - > /dev/null <<-'EOF'
	id,name,department
	S1,短号,销售一部
	EOF
	printf 'id,name,category,nature,supervisor,address,contact,phone,department,owner,co_owners\n' > "$BATS_TEST_TMPDIR/c.csv"
	printf 'K1,甲公司,general,民营,无,某地,某人,13800000001,销售一部,S10,S1\n' >> "$BATS_TEST_TMPDIR/c.csv"
	printf 'K2,乙公司,general,民营,无,某地,某人,13800000002,销售一部,S03,"S05 , S01"\n' >> "$BATS_TEST_TMPDIR/c.csv"
	crm-file add "$BATS_TEST_TMPDIR/c.csv" > /dev/null
	run --separate-stderr crm-staff leave S1 --to S05
	assert_success
	assert_output "$NOTIFY_HEADER
K1,甲公司,某人,13800000001,销售一部,S1,S05,co_owner,S10,S05,"
	run --separate-stderr crm-staff leave S01 --to S06
	assert_output "$NOTIFY_HEADER
K2,乙公司,某人,13800000002,销售一部,S01,S06,co_owner,S03,S05;S06,"
}

@test "CM-11: closed customers keep their owner and are not notified" {
	archive
	run --separate-stderr crm-staff leave S04 --to S07
	assert_success
	assert_output "$NOTIFY_HEADER
C002,北方电力设备厂,李娜,010-62345678,销售二部,S04,S07,owner,S07,S02;S03,"
	run sqlite3 "$DB" "SELECT owner FROM customer WHERE id = 'C008'"
	assert_output S04
}

@test "CM-11: a leaver without customers needs no successor" {
	archive
	run --separate-stderr crm-staff leave S10 --on 2026-12-31
	assert_success
	assert_output "$NOTIFY_HEADER"
	assert_equal "$stderr" ""
}

@test "CM-11: leave refuses a bad leaver or successor, and changes nothing" {
	archive
	crm-staff leave S10 --on 2026-12-31 > /dev/null
	before=$(dump)
	while IFS='|' read -r args want; do
		run --separate-stderr crm-staff leave $args
		[ "$status" -eq 2 ] || echo "leave $args: exit $status"
		[ "$stderr" = "$want" ] || echo "leave $args: stderr '$stderr', want '$want'"
		[ -z "$output" ] || echo "leave $args: output '$output'"
		[ "$(dump)" = "$before" ] || echo "leave $args: the archive changed"
	done > "$BATS_TEST_TMPDIR/mismatches" <<-'EOF'
	S99 --to S05|crm-staff: no staff member 'S99' in the archive
	S11 --to S05|crm-staff: S11 (何平) already left on 2026-06-30
	S01 --to S99|crm-staff: --to: no staff member 'S99' in the archive
	S01 --to S01|crm-staff: --to: S01 is the leaver; name the staff member who takes the customers over
	S01 --to S11|crm-staff: --to: S11 (何平) leaves on 2026-06-30; choose a successor who stays
	S01 --to S10|crm-staff: --to: S10 (林晓) leaves on 2026-12-31; choose a successor who stays
	S01|crm-staff: S01 is in contact with 4 active customers: give --to ID, the staff member who takes them over (CM-11)
	EOF
	run cat "$BATS_TEST_TMPDIR/mismatches"
	assert_output ""
	run --separate-stderr crm-staff leave S01 --to S05 --on 2026-11-31
	assert_failure 2
	assert_equal "$stderr" "crm-staff: --on: expected a date (YYYY-MM-DD), found '2026-11-31'
Try 'crm-staff --help' for more information."
	run --separate-stderr crm-staff leave
	assert_failure 2
	run --separate-stderr crm-staff leave S01 S02 --to S05
	assert_failure 2
	assert_equal "$(dump)" "$before"
}

# ---------------------------------------------------------------- faults

@test "crm-staff: a locked archive past the busy timeout is an error; nothing is written" {
	archive
	before=$(dump)
	ready=$BATS_TEST_TMPDIR/locked
	printf 'BEGIN IMMEDIATE;\nUPDATE staff SET name = name;\n.shell touch %s\n.shell sleep 3\nROLLBACK;\n' "$ready" |
		sqlite3 "$DB" 3>&- &
	while [ ! -e "$ready" ]; do sleep 0.05; done
	printf 'id,name,department\nN1,a,b\n' > "$BATS_TEST_TMPDIR/n.csv"
	CRM_BUSY_TIMEOUT=200 run --separate-stderr crm-staff add "$BATS_TEST_TMPDIR/n.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-staff: $DB: the archive is locked by another program (waited 200 ms)"
	CRM_BUSY_TIMEOUT=200 run --separate-stderr crm-staff leave S01 --to S05
	assert_failure 2
	assert_equal "$stderr" "crm-staff: $DB: the archive is locked by another program (waited 200 ms)"
	wait
	assert_equal "$(dump)" "$before"
	# Without the timeout the writer waits for the lock instead.
	printf 'BEGIN IMMEDIATE;\nUPDATE staff SET name = name;\n.shell sleep 0.5\nCOMMIT;\n' | sqlite3 "$DB" 3>&- &
	sleep 0.2
	run --separate-stderr crm-staff add "$BATS_TEST_TMPDIR/n.csv"
	wait
	assert_success
}

@test "crm-staff: a foreign or damaged crm.db is refused and left as it was" {
	mkdir -p "$CRM_HOME"
	sqlite3 "$DB" "CREATE TABLE staff (who TEXT); INSERT INTO staff VALUES ('someone else')"
	before=$(dump)
	run --separate-stderr crm-staff add "$TD/staff.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "crm-staff: $DB: not a crm archive (a database of another program)"
	assert_equal "$(dump)" "$before"
	rm -f "$DB"*
	printf 'this is not a database, but a note\n' > "$DB"
	run --separate-stderr crm-staff list
	assert_failure 2
	assert_equal "$stderr" "crm-staff: $DB: not a crm archive, or damaged: file is not a database"
	assert_equal "$(cat "$DB")" "this is not a database, but a note"
}

@test "crm-staff: a damaged page is reported, not read as data" {
	archive
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	size=$(stat -c %s "$DB")
	dd if=/dev/zero of="$DB" bs=1 seek=4096 count=$((size - 4096 - 100)) conv=notrunc 2> /dev/null
	run --separate-stderr crm-staff list
	assert_failure 2
	assert_regex "$stderr" "^crm-staff: $DB: .*(malformed|damaged)"
}

@test "crm-staff: killed in the middle of a large add, the archive stays consistent and unchanged" {
	archive
	before=$(dump)
	fifo=$BATS_TEST_TMPDIR/fifo
	mkfifo "$fifo"
	crm-staff add "$fifo" > /dev/null 2>&1 3>&- &
	pid=$!
	exec 5> "$fifo"
	# More than the pipe holds, so the transaction is well under way (and spilling to the WAL).
	{ echo id,name,department; seq 1 60000 | sed 's/.*/T&,name&,销售一部/'; } >&5
	sleep 0.3
	kill -9 "$pid"
	exec 5>&-
	wait "$pid" || true
	run sqlite3 "$DB" "PRAGMA integrity_check"
	assert_output ok
	assert_equal "$(dump)" "$before"
	run --separate-stderr crm-staff add - <<-'EOF'
	id,name,department
	N1,a,b
	EOF
	assert_success
}

@test "crm-staff: concurrent adds wait for each other and lose nothing" {
	for w in 1 2 3 4; do
		{ echo id,name,department; seq 1 250 | sed "s/.*/W${w}-&,name&,d$w/"; } > "$BATS_TEST_TMPDIR/w$w.csv"
	done
	crm-staff list > /dev/null	# create the archive first
	for w in 1 2 3 4; do
		crm-staff add "$BATS_TEST_TMPDIR/w$w.csv" > "$BATS_TEST_TMPDIR/w$w.out" 2>&1 &
	done
	wait
	run sqlite3 "$DB" "SELECT count(*), count(DISTINCT department) FROM staff"
	assert_output "1000|4"
}

# ---------------------------------------------------------------- the command line

@test "crm-staff: - reads standard input; JSON Lines in and out; no final newline" {
	printf 'id,name,department,role\nN1,a,d,dept_manager' | crm-staff add - > /dev/null
	run --separate-stderr crm-staff list --ojson
	assert_success
	assert_output '{"id":"N1","name":"a","department":"d","role":"dept_manager","left_on":"","status":"active"}'
	printf '{"id":"N2","name":"b","department":"d","role":"总经理"}\n' | crm-staff add --ijson > /dev/null
	run crm-staff list --role general_manager
	assert_output "$STAFF_HEADER,status
N2,b,d,general_manager,,active"
}

@test "crm-staff: empty input adds nothing and prints the header" {
	run --separate-stderr crm-staff add < /dev/null
	assert_success
	assert_output "$STAFF_HEADER"
}

@test "crm-staff: a missing input file is an error and the archive is not touched" {
	run --separate-stderr crm-staff add "$BATS_TEST_TMPDIR/nope.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-staff: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
	[ ! -e "$DB" ]
}

@test "crm-staff: usage errors exit 2 with a hint" {
	while IFS='|' read -r args want; do
		run --separate-stderr crm-staff $args
		[ "$status" -eq 2 ] || echo "$args: exit $status"
		[ "$stderr" = "crm-staff: $want
Try 'crm-staff --help' for more information." ] || echo "$args: stderr '$stderr'"
	done > "$BATS_TEST_TMPDIR/mismatches" <<-'EOF'
	|a command is needed: add, list or leave
	fire S01|unknown command 'fire'
	list --frobnicate|unknown option '--frobnicate'
	list --role|option '--role' needs a value
	list -x|unknown option '-x'
	list extra|list: takes no operands, found 'extra'
	leave|leave: expected ID, found 0 operands
	leave S01 S02|leave: expected ID, found 2 operands
	list --to S05|list: option '--to' is not one of this command's; 'crm-staff list --help' lists them
	add --dry-run|add: option '--dry-run' is not one of this command's; 'crm-staff add --help' lists them
	leave S01 --role staff|leave: option '--role' is not one of this command's; 'crm-staff leave --help' lists them
	list --encoding latin1|--encoding: expected auto, utf-8, gb18030 or gbk, found 'latin1'
	EOF
	run cat "$BATS_TEST_TMPDIR/mismatches"
	assert_output ""
}

@test "crm-staff: --help and --version" {
	run --separate-stderr crm-staff --help
	assert_success
	assert_line --index 0 "Usage: crm-staff COMMAND [options] [FILE...|ID]"
	assert_output --partial "leave ID "
	# Each command's --help names its own options, and only those.
	run --separate-stderr crm-staff leave --help
	assert_success
	assert_line --index 0 "Usage: crm-staff leave [options] ID"
	assert_output --partial "--dry-run"
	refute_output --partial "--role"
	run --separate-stderr crm-staff list --help
	assert_output --partial "--role R"
	refute_output --partial "--to ID"
	run --separate-stderr crm-staff -V
	assert_success
	assert_output --regexp '^crm-staff \(crm toolkit\) [0-9.]+$'
}

# own CMD: the options crm-staff CMD --help lists before the common ones, --home aside.
own() {
	crm-staff "$1" --help | awk '/^Common options:/ { exit } /^  --/ && $1 != "--home" { print $1 }' | sort
}

@test "crm-staff: each command's options agree in --help, the man page and the bash and zsh completions" {
	M=$BATS_TEST_DIRNAME/../man/crm-staff.1
	C=$BATS_TEST_DIRNAME/../completions
	for cmd in add list leave; do
		want=$(own "$cmd")
		# SYNOPSIS: the .Fl lines after ".Cm CMD", up to the next .Nm.
		man=$(awk -v c="$cmd" '/^\.Sh DESCRIPTION/ { exit } /^\.Nm/ { on = 0 } on && /Fl -/ { for (i = 1; i <= NF; i++) if ($i == "Fl") print "--" substr($(i + 1), 2) } $0 == ".Cm " c { on = 1 }' "$M" | sort)
		bash=$(awk -v c="$cmd" '$1 == c ")" && /own=/ { sub(/.*own="/, ""); sub(/".*/, ""); print }' "$C/bash/crm-staff" | tr ' ' '\n' | sed '/^$/d' | sort)
		zsh=$(awk -v c="$cmd" '$1 == c ")" { on = 1; next } on && /;;/ { exit } on' "$C/zsh/_crm-staff" | grep -o "'--[a-z-]*" | tr -d "'" | sort)
		assert_equal "$cmd man: $man" "$cmd man: $want"
		assert_equal "$cmd bash: $bash" "$cmd bash: $want"
		assert_equal "$cmd zsh: $zsh" "$cmd zsh: $want"
	done
	# Each takes some: an empty comparison proves nothing.
	assert_equal "$(own leave | wc -l)" 4
}

@test "crm-staff: --home names the archive's directory" {
	run --separate-stderr crm-staff add --home "$BATS_TEST_TMPDIR/elsewhere" "$TD/staff.csv"
	assert_success
	[ -e "$BATS_TEST_TMPDIR/elsewhere/crm.db" ]
	[ ! -e "$DB" ]
}

@test "crm-staff: a failed write exits 2; a closed pipe ends quietly with 0" {
	archive
	run --separate-stderr bash -c 'crm-staff list > /dev/full'
	assert_failure 2
	assert_equal "$stderr" "crm-staff: write error: No space left on device"
	run --separate-stderr bash -c 'crm-staff leave S01 --to S05 > /dev/full'
	assert_failure 2
	run bash -c 'set -o pipefail; crm-staff list | head -n 1'
	assert_success
	assert_output "$STAFF_HEADER,status"
}

@test "CM-11: a leaver's open tickets go to the successor too; --dry-run only says so" {
	archive
	# S03 has two open tickets and one resolved; S03 is in 销售一部, S04 in 销售二部.
	crm-ticket open --customer C002 --responder S03 --summary "发票抬头" --at "2026-11-20 09:00" > /dev/null
	crm-ticket open --customer C005 --responder S03 --summary "交货延迟" --at "2026-11-21 10:00" > /dev/null
	crm-ticket open --customer C001 --responder S03 --summary "密码" --resolved --at "2026-11-21 11:00" > /dev/null
	T=$BATS_TEST_TMPDIR
	dump > "$T/before"
	run --separate-stderr crm-staff leave S03 --to S05 --on 2026-11-27 --dry-run
	assert_success
	assert_line --index 0 "$NOTIFY_HEADER"
	assert_equal "${#lines[@]}" 3
	assert_equal "$stderr" "crm-staff: ticket T000001 (C002): would be handed over from S03 to S05
crm-staff: ticket T000002 (C005): would be handed over from S03 to S05"
	dump | diff "$T/before" -
	# Without a successor, --dry-run lists the tickets and the archive is untouched.
	run --separate-stderr crm-staff leave S03 --dry-run
	assert_success
	assert_equal "$stderr" "crm-staff: ticket T000001 (C002): open, assigned to S03
crm-staff: ticket T000002 (C005): open, assigned to S03"
	dump | diff "$T/before" -
	# For real: the tickets are handed off at the end of the last day, the first responder kept.
	run --separate-stderr crm-staff leave S03 --to S05 --on 2026-11-27
	assert_success
	assert_equal "${stderr_lines[0]}" "crm-staff: ticket T000001 (C002): handed over from S03 to S05"
	assert_equal "$(sqlite3 "$DB" "select id, first_responder, assignee, status from ticket order by id")" "T000001|S03|S05|handed_off
T000002|S03|S05|handed_off
T000003|S03|S03|resolved"
	assert_equal "$(sqlite3 "$DB" "select at, kind, by, to_staff, note from ticket_event where kind = 'handoff' order by seq")" "2026-11-27 23:59|handoff|S03|S05|staff S03 left on 2026-11-27 (CM-11)
2026-11-27 23:59|handoff|S03|S05|staff S03 left on 2026-11-27 (CM-11)"
}

@test "CM-11: a successor in another department is named in a note; one who left is refused" {
	archive
	run --separate-stderr crm-staff leave S04 --to S05
	assert_success
	assert_equal "${stderr_lines[0]}" "crm-staff: note: the successor S05 is in 销售一部, the leaver S04 in 销售二部"
	run --separate-stderr crm-staff leave S02 --to S11
	assert_failure 2
	assert_equal "$stderr" "crm-staff: --to: S11 (何平) leaves on 2026-06-30; choose a successor who stays"
}
