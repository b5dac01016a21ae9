#!/usr/bin/env bats
# The stream layer from the command line, through crm-pass (tests/crm-pass.c):
# CSV and JSON Lines round trips, encodings, BOMs, tables, pass-through of
# unknown columns, and the behaviour every program shares (missing file,
# stdin, empty input, closed pipe, /dev/full, usage errors, bad records).

bats_require_minimum_version 1.5.0

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	PASS="${CRM_TESTBIN:-$BATS_TEST_DIRNAME/../build/tests}/crm-pass"
	PASS="$(cd "$(dirname "$PASS")" && pwd)/crm-pass"
	TD="$(cd "$BATS_TEST_DIRNAME/../testdata" && pwd)"
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27
	T="$BATS_TEST_TMPDIR"
}

@test "stream: tricky CSV round-trips byte for byte" {
	"$PASS" "$TD/tricky.csv" >"$T/out.csv"
	cmp "$TD/tricky.csv" "$T/out.csv"
}

@test "stream: CSV → JSON Lines → CSV is identical" {
	"$PASS" --ojson "$TD/tricky.csv" >"$T/out.jsonl"
	"$PASS" --ijson "$T/out.jsonl" >"$T/out.csv"
	cmp "$TD/tricky.csv" "$T/out.csv"
	"$PASS" --json "$T/out.jsonl" >"$T/again.jsonl"
	cmp "$T/out.jsonl" "$T/again.jsonl"
}

@test "stream: JSON Lines output keeps every value a string when there is no type" {
	run --separate-stderr "$PASS" --ojson "$TD/tricky.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 7
	assert_line --index 0 '{"id":"1","name":"Smith, John","comment":"He said \"hello\"","empty":"","last":"x"}'
	assert_line --index 1 '{"id":"2","name":"line one\nline two","comment":"  leading and trailing  ","empty":"","last":"crlf\r\ninside"}'
	assert_line --index 6 '{"id":"","name":"","comment":"","empty":"","last":""}'
}

@test "stream: GBK input is read as UTF-8 with canonical headers and values" {
	run --separate-stderr "$PASS" --type customer "$TD/customers-gbk.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<'EOF'
id,name,category,nature,address,contact,phone,department,owner,important,first_contact,备注
C001,华东机械有限公司,key,民营,上海市浦东新区张江路100号,张三,13812345678,销售一部,S01,yes,2026-03-05,老客户
C002,北方电力设备厂,general,国有,北京市海淀区中关村大街1号,李四,010-62345678,销售二部,S02,no,2026-04-10,
C003,"南方贸易(进出口),有限公司",potential,合资,广州市天河区体育西路3号,王五,020-87654321,销售一部,S01,no,2026-05-20,"需回访,下周"
C004,西部软件,target,民营,成都市高新区天府大道5号,赵六,028-85551234,销售二部,S02,no,2026-06-01,
EOF
}

@test "stream: GBK input with --zh gives back its UTF-8 original" {
	for enc in auto gbk gb18030 GBK; do
		"$PASS" --type customer --zh --encoding "$enc" "$TD/customers-gbk.csv" >"$T/out.csv"
		cmp "$TD/customers-zh.csv" "$T/out.csv"
	done
	"$PASS" --type customer --zh "$TD/customers-zh.csv" >"$T/out.csv"
	cmp "$TD/customers-zh.csv" "$T/out.csv"
}

@test "stream: --encoding utf-8 on GBK input is an error with its line" {
	cd "$TD"
	run --separate-stderr "$PASS" --type customer --encoding utf-8 customers-gbk.csv
	assert_failure 2
	assert_output ""
	# The header is bad: the file has no columns, so no record is read.  BF is
	# a lead byte without its continuation; CD BB happens to be valid UTF-8.
	assert_equal "$stderr" "crm-pass: customers-gbk.csv:1: header: byte sequence 0xBF is not valid UTF-8 (for a GBK file give --encoding gb18030)"
}

@test "stream: invalid UTF-8 after good records: that record is an error at its line, the others are read" {
	printf 'id,name\n1,ok\n2,"two\nlines"\n3,\xd5\xc5\xc8\xfd\n4,z\n' >"$T/late.csv"
	cd "$T"
	run --separate-stderr "$PASS" --encoding utf-8 late.csv
	assert_failure 2
	assert_output $'id,name\n1,ok\n2,"two\nlines"\n4,z'
	assert_equal "$stderr" "crm-pass: late.csv:5: name: byte sequence 0xD5 0xC5 0xC8 0xFD is not valid UTF-8 (for a GBK file give --encoding gb18030)"
	run --separate-stderr "$PASS" late.csv
	assert_success
	assert_output $'id,name\n1,ok\n2,"two\nlines"\n3,张三\n4,z'
}

@test "stream: a UTF-8 BOM and CRLF line ends are read cleanly" {
	run --separate-stderr "$PASS" --type customer "$TD/customers-bom.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<'EOF'
id,name,category,phone
C101,东方贸易,key,13900001111
C102,"Smith, Jones & Co",general,021-55556666
EOF
}

@test "stream: --zh --bom output starts with a BOM and has Chinese headers" {
	"$PASS" --type customer --zh --bom "$TD/customers-bom.csv" >"$T/out.csv"
	run bash -c 'head -c 3 "$1" | od -An -tx1' _ "$T/out.csv"
	assert_output " ef bb bf"
	run tail -c +4 "$T/out.csv"
	assert_output - <<'EOF'
客户编号,客户名称,客户类别,联系电话
C101,东方贸易,重点客户,13900001111
C102,"Smith, Jones & Co",一般客户,021-55556666
EOF
	# read back: the BOM is skipped, the Chinese headers and values mapped
	run --separate-stderr "$PASS" --type customer "$T/out.csv"
	assert_success
	assert_line --index 0 "id,name,category,phone"
	assert_line --index 1 "C101,东方贸易,key,13900001111"
}

@test "stream: without --bom there is no BOM" {
	run bash -c '"$1" "$2" | head -c 3 | od -An -tx1' _ "$PASS" "$TD/customers-bom.csv"
	assert_output " 69 64 2c"
}

@test "stream: --otable lines up CJK text two columns a character" {
	printf 'id,name,contact,phone,category\nC1,华东机械,张三,13812345678,重点客户\nC22,Acme Ltd,Bob Li,010-62345678,general\n' >"$T/t.csv"
	run --separate-stderr "$PASS" --type customer --otable "$T/t.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output - <<'EOF'
id   name      category  contact  phone
C1   华东机械  key       张三     13812345678
C22  Acme Ltd  general   Bob Li   010-62345678
EOF
	run --separate-stderr "$PASS" --type customer --otable --zh "$T/t.csv"
	assert_success
	assert_output - <<'EOF'
客户编号  客户名称  客户类别  联系人  联系电话
C1        华东机械  重点客户  张三    13812345678
C22       Acme Ltd  一般客户  Bob Li  010-62345678
EOF
}

@test "stream: --otable right-aligns money" {
	printf 'id,staff,amount\nE1,张三,1234.5\nE22,Bob,80\n' >"$T/e.csv"
	run --separate-stderr "$PASS" --type expense --otable "$T/e.csv"
	assert_success
	assert_output - <<'EOF'
id   staff  amount
E1   张三   1234.50
E22  Bob      80.00
EOF
}

@test "stream: unknown columns pass through in their order after the known ones" {
	printf 'note,Name,id,extra,客户类别,zzz\nn1,x,C1,e1,重点客户,z1\n' >"$T/u.csv"
	run --separate-stderr "$PASS" --type customer "$T/u.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output $'id,name,category,note,extra,zzz\nC1,x,key,n1,e1,z1'
	run --separate-stderr "$PASS" "$T/u.csv"
	assert_success
	assert_output $'note,Name,id,extra,客户类别,zzz\nn1,x,C1,e1,重点客户,z1'
}

@test "stream: later files may reorder or lack columns, not add them" {
	cd "$T"
	printf 'id,name,note\n1,a,n1\n' >a.csv
	printf 'note,name,id\nn2,b,2\n' >b.csv
	printf 'id\n3\n' >c.csv
	printf 'id,name,extra\n4,d,e\n' >d.csv
	printf 'name,id\ne,5\n' >e.csv
	run --separate-stderr "$PASS" a.csv b.csv c.csv d.csv e.csv
	assert_failure 2
	assert_output $'id,name,note\n1,a,n1\n2,b,n2\n3,,\n5,e,'
	assert_equal "$stderr" "crm-pass: d.csv:1: column 'extra' is not in the first file's header"
}

@test "stream: a missing file is reported and the others still read" {
	cd "$TD"
	run --separate-stderr "$PASS" nope.csv customers-bom.csv
	assert_failure 2
	assert_equal "$stderr" "crm-pass: nope.csv: No such file or directory"
	assert_line --index 0 "id,name,category,phone"
	assert_equal "${#lines[@]}" 3
}

@test "stream: - reads standard input, also between files" {
	printf 'id,name\n1,a\n' >"$T/a.csv"
	printf 'id,name\n3,c\n' >"$T/c.csv"
	run --separate-stderr bash -c 'printf "name,id\nb,2\n" | "$1" "$2" - "$3"' _ "$PASS" "$T/a.csv" "$T/c.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output $'id,name\n1,a\n2,b\n3,c'
}

@test "stream: no file operands read standard input" {
	run --separate-stderr bash -c '"$1" <"$2"' _ "$PASS" "$TD/tricky.csv"
	assert_success
	"$PASS" <"$TD/tricky.csv" >"$T/out.csv"
	cmp "$TD/tricky.csv" "$T/out.csv"
}

@test "stream: a bad record read from standard input is reported as (stdin)" {
	run --separate-stderr bash -c 'printf "id,name\n1,a\n2\n" | "$1"' _ "$PASS"
	assert_failure 2
	assert_output $'id,name\n1,a'
	assert_equal "$stderr" "crm-pass: (stdin):3: expected 2 fields as in the header, found 1"
}

@test "stream: empty input gives empty output and status 0" {
	: >"$T/empty.csv"
	run --separate-stderr "$PASS" "$T/empty.csv"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	run --separate-stderr bash -c '"$1" </dev/null' _ "$PASS"
	assert_success
	assert_output ""
	run --separate-stderr bash -c '"$1" --json </dev/null' _ "$PASS"
	assert_success
	assert_output ""
}

@test "stream: a header without records writes the header" {
	printf 'id,name\n' >"$T/h.csv"
	run --separate-stderr "$PASS" "$T/h.csv"
	assert_success
	assert_output "id,name"
	run --separate-stderr "$PASS" --otable "$T/h.csv"
	assert_output "id  name"
	run --separate-stderr "$PASS" --ojson "$T/h.csv"
	assert_success
	assert_output ""
}

@test "stream: no final newline" {
	printf 'id,name\n1,a\n2,"b\nc"' >"$T/n.csv"
	run --separate-stderr "$PASS" "$T/n.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output $'id,name\n1,a\n2,"b\nc"'
	printf '{"id":"1"}\n{"id":"2"}' >"$T/n.jsonl"
	run --separate-stderr "$PASS" --ijson "$T/n.jsonl"
	assert_success
	assert_output $'id\n1\n2'
}

@test "stream: a wrong field count is reported with FILE:LINE and skipped" {
	cd "$T"
	printf 'id,name\n1,"a\nb"\n2,b,extra\n\n3\n4,d\n' >bad.csv
	run --separate-stderr "$PASS" bad.csv
	assert_failure 2
	assert_output $'id,name\n1,"a\nb"\n4,d'
	assert_equal "$stderr" $'crm-pass: bad.csv:4: expected 2 fields as in the header, found 3\ncrm-pass: bad.csv:6: expected 2 fields as in the header, found 1'
}

@test "stream: --strict stops at the first bad record" {
	cd "$T"
	printf 'id,name\n1,a\n2,b,extra\n3\n4,d\n' >bad.csv
	printf 'id,name\n5,e\n' >more.csv
	run --separate-stderr "$PASS" --strict bad.csv more.csv
	assert_failure 2
	assert_output $'id,name\n1,a'
	assert_equal "$stderr" "crm-pass: bad.csv:3: expected 2 fields as in the header, found 3"
}

@test "stream: a CSV syntax error stops that file at its line" {
	cd "$T"
	printf 'id,name\n1,a\n2,"b"c\n3,d\n' >syn.csv
	printf 'id,name\n5,e\n' >more.csv
	run --separate-stderr "$PASS" syn.csv more.csv
	assert_failure 2
	assert_output $'id,name\n1,a\n5,e'
	assert_equal "$stderr" "crm-pass: syn.csv:3: CSV syntax: a quote inside an unquoted field, or text after a closing quote"
}

@test "stream: an unterminated quote is reported at its record's line" {
	cd "$T"
	printf 'id,name\n1,a\n2,"b\n3,c\n' >open.csv
	run --separate-stderr "$PASS" open.csv
	assert_failure 2
	assert_output $'id,name\n1,a'
	assert_equal "$stderr" "crm-pass: open.csv:3: quoted field not closed before the end of the file"
}

@test "stream: JSON Lines errors: unknown key, duplicate key, syntax" {
	cd "$T"
	printf '{"id":"1","n":1.50}\n\n{"id":"2","x":1}\n{"id":"3","n":100.00}\n{"id":"4","id":"5"}\n{"id":"6"}\n' >j.jsonl
	run --separate-stderr "$PASS" --ijson j.jsonl
	assert_failure 2
	assert_output $'id,n\n1,1.5\n3,100'
	assert_line --index 0 "id,n"
	[[ "$stderr" == "crm-pass: j.jsonl:3: key 'x' first appears here, after the CSV header was written; write JSON Lines (--ojson) to keep it"$'\n'"crm-pass: j.jsonl:5: JSON syntax: duplicate object key"* ]]
}

@test "stream: JSON Lines money in and out: exact, two decimals, null when empty" {
	printf '{"id":"E1","amount":1234.50}\n{"id":"E2","amount":"0.1"}\n{"id":"E3","amount":100.00}\n{"id":"E4","amount":null}\n{"id":"E5","amount":""}\n' >"$T/m.jsonl"
	run --separate-stderr "$PASS" --type expense --json "$T/m.jsonl"
	assert_success
	assert_equal "$stderr" ""
	# The expense type's known columns are all in the output (issue 13), empty here.
	assert_output - <<'EOF'
{"id":"E1","staff":"","customer_id":"","customer":"","kind":"","amount":1234.50,"date":"","verdict":"","reason":""}
{"id":"E2","staff":"","customer_id":"","customer":"","kind":"","amount":0.10,"date":"","verdict":"","reason":""}
{"id":"E3","staff":"","customer_id":"","customer":"","kind":"","amount":100.00,"date":"","verdict":"","reason":""}
{"id":"E4","staff":"","customer_id":"","customer":"","kind":"","amount":null,"date":"","verdict":"","reason":""}
{"id":"E5","staff":"","customer_id":"","customer":"","kind":"","amount":null,"date":"","verdict":"","reason":""}
EOF
}

@test "stream: a closed output pipe ends quietly with status 0" {
	{ echo id,name,note; seq 1 200000 | sed 's/$/,张三,some text to make the file big/'; } >"$T/big.csv"
	run --separate-stderr bash -c '"$1" "$2" | head -n 1; echo "status ${PIPESTATUS[0]}"' _ "$PASS" "$T/big.csv"
	assert_success
	assert_output $'id,name,note\nstatus 0'
	assert_equal "$stderr" ""
	run --separate-stderr bash -c '"$1" --otable "$2" | head -n 1 >/dev/null; echo "status ${PIPESTATUS[0]}"' _ "$PASS" "$T/big.csv"
	assert_output "status 0"
	assert_equal "$stderr" ""
}

@test "stream: output to /dev/full is a write error, status 2" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr bash -c '"$1" "$2" >/dev/full' _ "$PASS" "$TD/tricky.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-pass: write error: No space left on device"
	{ echo id,name; seq 1 100000 | sed 's/$/,abcdefghij/'; } >"$T/big.csv"
	for fmt in --ocsv --ojson --otable; do
		run --separate-stderr bash -c '"$1" "$2" "$3" >/dev/full' _ "$PASS" "$fmt" "$T/big.csv"
		assert_failure 2
		assert_equal "$stderr" "crm-pass: write error: No space left on device"
	done
}

@test "stream: an unknown option is a usage error, status 2" {
	run --separate-stderr "$PASS" --bogus "$TD/tricky.csv"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"Try 'crm-pass --help' for more information." ]]
}

@test "stream: a bad option value is a usage error, status 2" {
	run --separate-stderr "$PASS" --encoding latin1 "$TD/tricky.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" $'crm-pass: --encoding: expected auto, utf-8, gb18030 or gbk, found \'latin1\'\nTry \'crm-pass --help\' for more information.'
	run --separate-stderr "$PASS" --type nope "$TD/tricky.csv"
	assert_failure 2
	assert_output ""
}

@test "stream: --help prints usage on stdout, status 0" {
	run --separate-stderr "$PASS" --help
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --partial "Usage: crm-pass"
	assert_output --partial "--encoding"
	run --separate-stderr "$PASS" -h
	assert_success
}

@test "stream: --version prints the version, status 0" {
	run --separate-stderr "$PASS" --version
	assert_success
	assert_output --regexp '^crm-pass \(crm toolkit\) [0-9]'
}
