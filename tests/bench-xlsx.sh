#!/bin/sh
# bench-xlsx: .xlsx throughput of the stream layer (crm-pass), rows x 8
# columns of generated customers, beside xlsx2csv (xlsx -> CSV) and
# openpyxl's write-only mode (CSV -> xlsx), Debian's python3-openpyxl.
# The peers run on PEER_ROWS rows (default 100,000) to keep the run short;
# rows/s are compared.  A benchmark, not a test.
set -e
cd "$(dirname "$0")/.."
O=${O:-build}
rows=${ROWS:-1000000}
prows=${PEER_ROWS:-100000}
dir=$O/bench
mkdir -p "$dir"
pass=$O/tests/crm-pass
run=$O/tests/runstat
csv=$dir/customers-v2-$rows.csv
pcsv=$dir/customers-v2-$prows.csv
[ -s "$csv" ] || "$O/tests/gen-customers" "$rows" >"$csv"
[ -s "$pcsv" ] || "$O/tests/gen-customers" "$prows" >"$pcsv"
echo "xlsx: $rows rows x 8 columns (peers: $prows rows)"

# measure LABEL ROWS IN OUT CMD...: one run; sets secs
measure() {
	label=$1 n=$2 in=$3 out=$4; shift 4
	r=$("$run" "$in" "$out" "$@") || { echo "$label: failed" >&2; exit 1; }
	echo "$r" | awk -v l="$label" -v n="$n" \
		'{ printf "%-26s %6.2f s  %8.0f rows/s  peak RSS %6.1f MB\n", l, $1, n / $1, $2 / 1024 }'
	secs=$(echo "$r" | cut -d' ' -f1)
}

measure "crm-pass csv -> xlsx" "$rows" "$csv" "$dir/out.xlsx" "$pass" --oxlsx
w_ours=$secs
measure "crm-pass xlsx -> csv" "$rows" "$dir/out.xlsx" "$dir/back.csv" "$pass"
r_ours=$secs
cmp -s "$csv" "$dir/back.csv" && echo "  (the CSV came back byte for byte)"
"$pass" --oxlsx "$pcsv" >"$dir/peer.xlsx"
if command -v xlsx2csv >/dev/null 2>&1; then
	measure "xlsx2csv xlsx -> csv" "$prows" /dev/null "$dir/peer.csv" xlsx2csv "$dir/peer.xlsx"
	echo "$r_ours $rows $secs $prows" |
		awk '{ printf "  crm-pass reads xlsx %.1fx as fast as xlsx2csv\n", ($2 / $1) / ($4 / $3) }'
fi
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	measure "openpyxl csv -> xlsx" "$prows" "$pcsv" "$dir/peer.out" /usr/bin/python3 -c '
import csv, sys, openpyxl
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet()
for r in csv.reader(sys.stdin):
    ws.append(r)
wb.save("'"$dir"'/peer-openpyxl.xlsx")'
	echo "$w_ours $rows $secs $prows" |
		awk '{ printf "  crm-pass writes xlsx %.1fx as fast as openpyxl\n", ($2 / $1) / ($4 / $3) }'
fi
rm -f "$dir/out.xlsx" "$dir/back.csv" "$dir/peer.xlsx" "$dir/peer.csv" "$dir/peer.out" \
	"$dir/peer-openpyxl.xlsx"
