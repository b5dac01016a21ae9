#!/usr/bin/env bats
# Spreadsheets: .xlsx in (lib/xlsx through lib/stream, --ixlsx or by
# content) and out (--oxlsx), through crm-pass and the programs.  The
# fixtures in testdata/xlsx/ were made by other writers (tests/mkxlsx);
# every workbook we write is read back by openpyxl, cell by cell, types
# included.

bats_require_minimum_version 1.5.0

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	PASS="${CRM_TESTBIN:-$BATS_TEST_DIRNAME/../build/tests}/crm-pass"
	PASS="$(cd "$(dirname "$PASS")" && pwd)/crm-pass"
	BIN=${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}
	case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
	PATH="$BIN:$PATH"
	TD="$(cd "$BATS_TEST_DIRNAME/../testdata" && pwd)"
	X=$TD/xlsx
	export LC_ALL=C.UTF-8 CRM_TODAY=2026-11-27 CRM_HOME=$BATS_TEST_TMPDIR/home
	unset CRM_XLSX_SHEET_ROWS
	T="$BATS_TEST_TMPDIR"
}

# dump FILE: every sheet of a workbook as openpyxl reads it: the sheet's
# name, frozen cell and filter, then per row each cell as
# repr(value):type:number_format (":b" when bold), empty cells empty.
dump() {
	/usr/bin/python3 - "$1" <<'EOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb:
    print('sheet', ws.title, ws.freeze_panes, ws.auto_filter.ref)
    for row in ws.iter_rows():
        print('|'.join('' if c.value is None else
                       f'{c.value!r}:{c.data_type}:{c.number_format}' + (':b' if c.font.b else '')
                       for c in row))
EOF
}

# mkzip OUT NAME=TEXT...: a ZIP holding those parts (for broken workbooks).
mkzip() {
	/usr/bin/python3 - "$@" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for a in sys.argv[2:]:
        name, text = a.split('=', 1)
        z.writestr(name, text)
EOF
}

@test "xlsx: each fixture workbook, from openpyxl, LibreOffice and by hand, reads as its CSV" {
	for f in customers gbk-customers mac1904 dates punches contracts accounts positions libreoffice; do
		"$PASS" "$X/$f.xlsx" >"$T/$f.csv"
		cmp "$X/$f.csv" "$T/$f.csv"
	done
	"$PASS" --sheet 2 "$X/inline.xlsx" >"$T/inline.csv"
	cmp "$X/inline.csv" "$T/inline.csv"
}

@test "xlsx: the header is the first non-empty row; Chinese headers map to canonical names" {
	# customers.xlsx has two empty rows, then 客户编号,客户名称,… in row 3.
	run --separate-stderr "$PASS" --type customer "$X/customers.xlsx"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 id,name,category,nature,supervisor,address,contact,phone,department,owner,co_owners,important,first_contact,registered,status
	assert_equal "$(sed 1d "$X/customers.csv")" "$(sed 1d "$TD/customers.csv")"
	assert_equal "${#lines[@]}" 9
}

@test "xlsx: a phone stored as a number is its digits; numbers to 15 significant digits" {
	run --separate-stderr "$PASS" "$X/dates.xlsx"
	assert_success
	assert_line 'phone,13910112345'		# not 1.39101E+10
	assert_line '0.1+0.2,0.3'		# 0.30000000000000004 to 15 digits
	assert_line 'money,1234.50'		# #,##0.00: two decimals, no separators
	assert_line 'negative,-7.25'
	assert_line 'quoted d,42'		# 0 "days": the d is quoted text, not a day
	assert_line 'big,12345678901234600000'	# what Excel keeps of 12345678901234567890
	# The hand-made sheet: 1.3910112345E10 as written by some tools.
	run --separate-stderr "$PASS" --sheet 数据 "$X/inline.xlsx"
	assert_line --index 1 '东 京,13910112345,3,TRUE,2026-10-13,19:30'
}

@test "xlsx: dates and times by style, built-in and custom formats, 1900 system" {
	run --separate-stderr "$PASS" "$X/dates.xlsx"
	assert_success
	assert_line 'builtin 14,2026-10-13'
	assert_line 'builtin 22,2026-10-13 08:05'
	assert_line '"yyyy""年""m""月""d""日""",2026-10-13'
	assert_line '[$-804]yyyy年m月d日 dddd,2026-10-13'
	assert_line 'd-mmm-yy,2026-10-13'
	assert_line 'yyyy/m/d h:mm,2026-10-13 14:30'
	assert_line 'm/d/yy h:mm:ss AM/PM,2026-10-13 23:59:59'
	assert_line '[h]:mm:ss,36:00:00'	# 1.5 days elapsed
	# Serial 59 is 1900-02-28, 60 the phantom 1900-02-29 Excel shows, 61 1900-03-01.
	assert_line '1900-02-28,1900-02-28'
	assert_line 'serial 60 (phantom),1900-02-29'
	assert_line '1900-03-01,1900-03-01'
}

@test "xlsx: the 1904 date system" {
	# In 1904 serial 0 is 1904-01-01; 2026-11-02 is serial 44866 there (46328 in 1900).
	run --separate-stderr "$PASS" "$X/mac1904.xlsx"
	assert_success
	assert_output "id,date,when
1,2026-11-02,2026-11-02 19:35
2,1904-01-01,1904-01-01 00:00:30"
}

@test "xlsx: inline strings, rich text runs, gaps, cells out of order and without r" {
	run --separate-stderr "$PASS" --sheet 数据 "$X/inline.xlsx"
	assert_success
	assert_equal "$stderr" ""
	# Header in B3 (row 2 is empty); rich text 'ph'+'one'; phonetic トウ not read;
	# row 4's cells come D,B,C…; row 5 is missing; row 6 has a gap at C;
	# row 7 has no r and its cells after B7 none either; row 9 is empty.
	assert_output 'name,phone,total,ok,day,at
东 京,13910112345,3,TRUE,2026-10-13,19:30
ab,,0.3,#N/A,,
"""q"", r",,-0.5,,,'
}

@test "xlsx: --sheet by name or number; a missing sheet is an error naming the sheets" {
	run --separate-stderr "$PASS" "$X/inline.xlsx"
	assert_success
	assert_output '这是说明页'
	run --separate-stderr "$PASS" --sheet 数据 "$X/inline.xlsx"
	assert_line --index 0 'name,phone,total,ok,day,at'
	run --separate-stderr "$PASS" --sheet 3 "$X/inline.xlsx"
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" "crm-pass: $X/inline.xlsx: --sheet: no sheet '3'; the sheets are: 1 '说明', 2 '数据'"
}

@test "xlsx: detected by content on standard input and under any name; --ixlsx forces it" {
	cp "$X/punches.xlsx" "$T/punches.csv"
	run bash -c 'cat "$1" | "$2" | head -2' _ "$X/punches.xlsx" "$PASS"
	assert_success
	assert_output '员工,日期,上班,下班
M01,2026-11-02,19:20,01:30'
	run bash -c '"$1" --ixlsx - < "$2" | wc -l' _ "$PASS" "$T/punches.csv"
	assert_output 24
	run --separate-stderr "$PASS" --ixlsx "$TD/customers.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-pass: $TD/customers.csv: not an xlsx workbook (not a ZIP file)"
}

@test "xlsx: an encrypted workbook or an old .xls is refused with what to do" {
	# Both are OLE compound files: D0 CF 11 E0 A1 B1 1A E1.
	printf '\320\317\021\340\241\261\032\341%0512d' 0 >"$T/book.xls"
	run --separate-stderr "$PASS" "$T/book.xls"
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" "crm-pass: $T/book.xls: encrypted workbook or old .xls: save as .xlsx"
}

@test "xlsx: a damaged workbook, a ZIP that is no workbook, broken XML: exit 2, nothing written" {
	head -c 3000 "$X/customers.xlsx" >"$T/cut.xlsx"
	run --separate-stderr "$PASS" "$T/cut.xlsx"
	assert_failure 2
	assert_output ''
	assert_regex "$stderr" "^crm-pass: $T/cut.xlsx: damaged workbook: "
	mkzip "$T/other.zip" 'a.txt=hello'
	run --separate-stderr "$PASS" "$T/other.zip"
	assert_failure 2
	assert_equal "$stderr" "crm-pass: $T/other.zip: a ZIP file but not an xlsx workbook (no [Content_Types].xml and xl/workbook.xml)"
	mkzip "$T/bad.xlsx" '[Content_Types].xml=<Types/>' \
		'xl/workbook.xml=<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>' \
		'xl/_rels/workbook.xml.rels=<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' \
		'xl/worksheets/sheet1.xml=<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2"><v>1</v></row></sheetData></worksheet>'
	run --separate-stderr "$PASS" "$T/bad.xlsx"
	assert_failure 2
	assert_output 'a'
	assert_equal "$stderr" "crm-pass: $T/bad.xlsx:2: damaged workbook: XML error at line 1: mismatched tag"
}

@test "xlsx: a sheet past 1,048,576 rows or a decompression bomb is refused" {
	W='xl/workbook.xml=<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>'
	R='xl/_rels/workbook.xml.rels=<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
	mkzip "$T/big.xlsx" '[Content_Types].xml=<Types/>' "$W" "$R" \
		'xl/worksheets/sheet1.xml=<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c r="A1048577"><v>2</v></c></row></sheetData></worksheet>'
	run --separate-stderr "$PASS" "$T/big.xlsx"
	assert_failure 2
	assert_output '1'
	assert_equal "$stderr" "crm-pass: $T/big.xlsx:1048577: the sheet is over the size limits (row 1048577; a sheet has at most 1048576 rows and 16384 columns)"
	# 20 MB of spaces deflate about 1000:1, over the limit of 500:1.
	/usr/bin/python3 - "$T/bomb.xlsx" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('xl/workbook.xml', '<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr('xl/worksheets/sheet1.xml', '<worksheet>' + ' ' * 20000000 + '</worksheet>')
EOF
	run --separate-stderr "$PASS" "$T/bomb.xlsx"
	assert_failure 2
	assert_output ''
	assert_regex "$stderr" "^crm-pass: $T/bomb.xlsx: part 'xl/worksheets/sheet1.xml' expands [0-9]+ times, over the limit of 500 \(a decompression bomb\?\)$"
}

@test "xlsx: --oxlsx writes typed cells: bold frozen filtered header, dates as dates, text as text" {
	"$PASS" --type customer --oxlsx -o "$T/c.xlsx" "$TD/customers.csv"
	run dump "$T/c.xlsx"
	assert_success
	assert_line --index 0 'sheet crm-pass A2 A1:O9'
	assert_line --index 1 "'id':s:General:b|'name':s:General:b|'category':s:General:b|'nature':s:General:b|'supervisor':s:General:b|'address':s:General:b|'contact':s:General:b|'phone':s:General:b|'department':s:General:b|'owner':s:General:b|'co_owners':s:General:b|'important':s:General:b|'first_contact':s:General:b|'registered':s:General:b|'status':s:General:b"
	# The phone is text, never a number; the dates are dates; an empty cell is empty.
	assert_line --index 2 "'C001':s:@|'华东机械有限公司':s:@|'key':s:@|'民营':s:@|'上海市经济和信息化委员会':s:@|'上海市浦东新区张江路100号':s:@|'张伟':s:@|'13812345678':s:@|'销售一部':s:@|'S01':s:@||'yes':s:@|datetime.datetime(2026, 3, 5, 0, 0):d:yyyy-mm-dd|datetime.datetime(2026, 3, 9, 0, 0):d:yyyy-mm-dd|'active':s:@"
	# C004's phone was '+86 138 2800 1234': written normalised, as text.
	assert_line --index 5 --partial "'13828001234':s:@"
}

@test "xlsx: money as two-decimal numbers, counts as integers, date-times as date-times" {
	"$PASS" --type expense --oxlsx -o "$T/e.xlsx" "$TD/claims.csv"
	run dump "$T/e.xlsx"
	assert_line --index 2 "'E001':s:@|'S01':s:@|'C001':s:@||'entertainment':s:@|860:n:0.00|datetime.datetime(2026, 10, 12, 0, 0):d:yyyy-mm-dd|'客户答谢晚宴':s:@"
	"$PASS" --type ticket --oxlsx -o "$T/t.xlsx" "$TD/svc-tickets.csv"
	run dump "$T/t.xlsx"
	assert_line --index 2 --partial "'C001':s:@|datetime.datetime(2026, 11, 16, 9, 10):d:yyyy-mm-dd hh:mm|"
	# barfine's summary: lates etc. integers (format 0), fines and net money (0.00).
	barfine --summary "$TD/bar-punches.csv" --oxlsx -o "$T/s.xlsx" || [ $? -eq 1 ]
	run dump "$T/s.xlsx"
	assert_line --index 3 "'M02':s:@|'2026-11':s:@|3:n:0|2:n:0|2:n:0|0:n:0|660:n:0.00|0:n:0.00|-660:n:0.00|'active':s:@|'period inferred: 2026-11-02 to 2026-11-08':s:@"
}

@test "xlsx: a value that starts with = stays text, never a formula" {
	printf 'id,name,amount\n1,"=HYPERLINK(""http://x"")",=1+2\n2,@SUM(A1),+1\n' >"$T/f.csv"
	"$PASS" --oxlsx -o "$T/f.xlsx" "$T/f.csv"
	run dump "$T/f.xlsx"
	assert_line --index 2 "'1':s:@|'=HYPERLINK(\"http://x\")':s:@|'=1+2':s:@"
	assert_line --index 3 "'2':s:@|'@SUM(A1)':s:@|'+1':s:@"
	run --separate-stderr "$PASS" "$T/f.xlsx"
	assert_output "$(cat "$T/f.csv")"
}

@test "xlsx: CSV → xlsx → CSV gives the records back; xlsx2csv reads what we write" {
	"$PASS" --type customer --oxlsx "$TD/customers.csv" >"$T/c.xlsx"
	run bash -c '"$1" --type customer "$2" | cmp - <("$1" --type customer "$3")' _ "$PASS" "$T/c.xlsx" "$TD/customers.csv"
	assert_success
	# Quotes, commas, newlines, CR LF inside a field and spaces survive.
	"$PASS" --oxlsx "$TD/tricky.csv" | cat >"$T/t.xlsx"
	run bash -c '"$1" "$2" | cmp - <(head -n 11 "$3")' _ "$PASS" "$T/t.xlsx" "$TD/tricky.csv"
	assert_success
	run --separate-stderr xlsx2csv "$T/c.xlsx"
	assert_success
	assert_line --index 1 'C001,华东机械有限公司,key,民营,上海市经济和信息化委员会,上海市浦东新区张江路100号,张伟,13812345678,销售一部,S01,,yes,2026-03-05,2026-03-09,active'
}

@test "xlsx: --zh writes Chinese headers and values into the workbook" {
	"$PASS" --type customer --zh --oxlsx -o "$T/c.xlsx" "$TD/customers.csv"
	run dump "$T/c.xlsx"
	assert_line --index 1 --partial "'客户编号':s:General:b|'客户名称':s:General:b|'客户类别':s:General:b|"
	assert_line --index 2 --partial "'C001':s:@|'华东机械有限公司':s:@|'重点客户':s:@|"
	assert_line --index 2 --partial "|'是':s:@|"
}

@test "xlsx: past the sheet's last row the output goes on in a new sheet, header repeated" {
	# CRM_XLSX_SHEET_ROWS stands in for 1,048,576 (header included) so the test is quick.
	export CRM_XLSX_SHEET_ROWS=3
	printf 'id\n1\n2\n3\n4\n5\n' >"$T/n.csv"
	run --separate-stderr "$PASS" --oxlsx -o "$T/n.xlsx" "$T/n.csv"
	assert_success
	assert_equal "$stderr" "crm-pass: the output is over 3 rows: it goes on in sheet 'crm-pass (2)'
crm-pass: the output is over 3 rows: it goes on in sheet 'crm-pass (3)'"
	run dump "$T/n.xlsx"
	assert_output "sheet crm-pass A2 A1:A3
'id':s:General:b
'1':s:@
'2':s:@
sheet crm-pass (2) A2 A1:A3
'id':s:General:b
'3':s:@
'4':s:@
sheet crm-pass (3) A2 A1:A2
'id':s:General:b
'5':s:@"
}

@test "xlsx: --oxlsx refuses a terminal; a full disk is exit 2; -o FILE takes CSV too" {
	run script -qec "$PASS --oxlsx $TD/tricky.csv" /dev/null
	assert_failure 2
	assert_line --index 0 --partial "crm-pass: --oxlsx: a workbook cannot go to a terminal; give -o FILE or redirect"
	run --separate-stderr bash -c '"$1" --oxlsx "$2" > /dev/full' _ "$PASS" "$TD/tricky.csv"
	assert_failure 2
	assert_equal "$stderr" "crm-pass: write error: No space left on device"
	run --separate-stderr "$PASS" -o "$T/out.csv" "$TD/tricky.csv"
	assert_success
	assert_output ''
	cmp "$TD/tricky.csv" "$T/out.csv"
}

@test "xlsx: a header-only input writes a workbook with its header" {
	printf 'id,name\n' >"$T/h.csv"
	"$PASS" --oxlsx -o "$T/h.xlsx" "$T/h.csv"
	run dump "$T/h.xlsx"
	assert_output "sheet crm-pass A2 A1:B1
'id':s:General:b|'name':s:General:b"
}

@test "xlsx: crm-file add customers.xlsx takes a clerk's workbook" {
	crm-staff add "$TD/staff.csv" >/dev/null
	run --separate-stderr crm-file add "$X/customers.xlsx"
	assert_success
	assert_line --index 1 --partial 'C001,华东机械有限公司,key,'
	assert_equal "${#lines[@]}" 9
	run --separate-stderr crm-file show C001
	assert_line --index 1 'C001,华东机械有限公司,key,民营,上海市经济和信息化委员会,上海市浦东新区张江路100号,张伟,13812345678,销售一部,S01,,yes,2026-03-05,2026-03-09,active,yes'
}

@test "xlsx: barfine --summary punches.xlsx --oxlsx -o summary.xlsx" {
	# The time clock's export as a workbook gives the same summary as its CSV.
	cd "$T"
	run --separate-stderr barfine --summary "$X/punches.xlsx" --oxlsx -o summary.xlsx
	assert_failure 1		# findings: fines
	assert_output ''
	run bash -c '"$1" summary.xlsx | cmp - <(barfine --summary "$2")' _ "$PASS" "$TD/bar-punches.csv"
	assert_success
	run dump summary.xlsx
	assert_line --index 4 "'M03':s:@|'2026-11':s:@|0:n:0|1:n:0|3:n:0|0:n:0|930:n:0.00|0:n:0.00|-930:n:0.00|'deemed_resigned':s:@|'period inferred: 2026-11-02 to 2026-11-08':s:@"
}

@test "xlsx: riskcalc margin -c contracts.xlsx -a accounts.xlsx positions.xlsx" {
	cd "$X"
	run --separate-stderr riskcalc margin -c contracts.xlsx -a accounts.xlsx positions.xlsx
	assert_failure 1		# calls due: A002 and A006
	assert_equal "$stderr" ""
	assert_equal "$output" "$(riskcalc margin -c "$TD/fut-contracts.csv" -a "$TD/fut-accounts.csv" "$TD/fut-positions.csv")"
	assert_line 'A006,I005,M02,90000.00,866570.40,961583.40,-900.00,-5913.00,5913.00,2026-11-30,ok,,positions,gross,赵大海,乙期货'
}

@test "xlsx: crm-file export --oxlsx round-trips: export, add to a new archive, export again" {
	crm-staff add "$TD/staff.csv" >/dev/null
	CRM_HOME=$T/other crm-staff add "$TD/staff.csv" >/dev/null
	crm-file add "$TD/customers.csv" >/dev/null
	crm-file export --oxlsx -o "$T/archive.xlsx"
	crm-file export >"$T/before.csv"
	CRM_HOME=$T/other crm-file add "$T/archive.xlsx" >/dev/null
	CRM_HOME=$T/other crm-file export >"$T/after.csv"
	cmp "$T/before.csv" "$T/after.csv"
	# The export's Chinese headers and values are in the workbook, the phone as text.
	run dump "$T/archive.xlsx"
	assert_line --index 1 --partial "'客户编号':s:General:b|'客户名称':s:General:b|"
	assert_line --index 2 --partial "|'张伟':s:@|'13812345678':s:@|"
}

@test "xlsx: crm-weekly --dir writes WEEK.xlsx beside WEEK.csv, with the same figures" {
	unset CRM_TODAY
	crm-staff add "$TD/staff.csv" >/dev/null
	crm-file add "$TD/customers.csv" >/dev/null
	crm-ticket --staff "$TD/svc-staff.csv" open "$TD/svc-tickets.csv" >/dev/null 2>&1 || [ $? = 1 ]
	PATH="$(cd "$BATS_TEST_DIRNAME/../cmd" && pwd):$PATH" crm-weekly --today 2026-11-27 --dir "$T/out"
	run bash -c '"$1" "$2/2026-W48.xlsx" | cmp - "$2/2026-W48.csv"' _ "$PASS" "$T/out"
	assert_success
	run dump "$T/out/2026-W48.xlsx"
	assert_line --index 2 "'2026-W48':s:@|'summary':s:@||'tickets_opened':s:@|8:n:General"
}
