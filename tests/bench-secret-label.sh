#!/bin/sh
# Benchmark of secret-label, run from the repository root: check over
# 1,000,000 requests against 100,000 documents and 500,000 grants (target
# 500,000 requests/s) and against a 1,000,000-document register (peak RSS:
# target 150 MB), and classify | stamp over 1,000,000 documents (target
# 1,000,000 documents/s).  The inputs are generated deterministically into
# build/bench/ (kept for later runs); each figure is the best of three runs
# timed by build/tests/runstat.  A benchmark, not a test.
set -e
cd "$(dirname "$0")/.."
O=${O:-build}
BIN=${BIN:-bin}
dir=$O/bench
run=$O/tests/runstat
sl=$BIN/secret-label
[ -x "$run" ] && [ -x "$sl" ] || make -s "$run" "$sl"
mkdir -p "$dir"
export CRM_TODAY=2026-11-27

# gen KIND N: documents, grants or requests, from formulas of the row number only.
gen() {
	awk -v kind="$1" -v n="$2" 'BEGIN {
		ncat = split("decision annual-plan financial-report statistics meeting-minutes " \
			"business-status vendor-tech contract agreement personnel-file salary bonus " \
			"unpublished-info license business-license org-code-certificate strategy " \
			"customer-info sourcing tech-capability audit-report other-secret notice general", cat, " ")
		split("read copy lend", act, " ")
		split("staff dept_manager general_manager subsidiary_gm hq_manager", role, " ")
		ndocs = 100000; npeople = 20000; ngrants = 500000
		if (kind == "documents") {
			print "id,title,category,level,drafted_by,department,created,period_years,supervisor"
			for (i = 1; i <= n; i++) {
				c = (i * 7 + int(i / 24)) % ncat + 1
				# a scope item without a level of its own gets one (SEC-03)
				lv = (c >= 17 && c <= 22) ? "secret" : ""
				printf "D%07d,文件%d号,%s,%s,P%05d,部门%02d,%04d-%02d-%02d,%s,P%05d\n", i, i, cat[c], lv,
					(i * 31) % npeople, i % 20, 1995 + i % 32, 1 + i % 12, 1 + i % 28,
					i % 10 == 0 ? 5 : "", (i * 13) % npeople
			}
		} else if (kind == "grants") {
			print "doc_id,person,action,granted_by,granted_role,expires"
			for (j = 1; j <= n; j++)
				printf "D%07d,P%05d,%s,P%05d,%s,%s\n", (j * 7919) % ndocs + 1, (j * 104729) % npeople,
					act[j % 3 + 1], (j * 13) % npeople, role[int(j / 3) % 5 + 1],
					j % 4 == 0 ? "" : sprintf("%04d-%02d-%02d", 2025 + j % 3, 1 + j % 12, 1 + j % 28)
		} else if (kind == "staff") {
			# the roster: roles and departments come from it (SEC-05)
			print "id,name,department,role"
			for (p = 0; p < npeople; p++)
				printf "P%05d,员工%d,部门%02d,%s\n", p, p, p % 20, p % 10 < 7 ? "staff" : role[p % 5 + 1]
		} else {
			print "person,role,department,doc_id,action"
			for (i = 1; i <= n; i++) {
				if (i % 3 == 0) {	# one request in three has grants on file
					j = (i * 31) % ngrants + 1
					d = (j * 7919) % ndocs + 1; p = (j * 104729) % npeople; a = j % 3 + 1
				} else {
					d = (i * 48271) % ndocs + 1; p = (i * 16807) % npeople; a = i % 3 + 1
				}
				printf "P%05d,%s,部门%02d,D%07d,%s\n", p, p % 10 < 7 ? "staff" : role[p % 5 + 1],
					p % 20, d, act[a]
			}
		}
	}'
}

docs=$dir/sec-docs-100000.csv
grants=$dir/sec-grants-500000.csv
requests=$dir/sec-requests-1000000.csv
register=$dir/sec-docs-1000000.csv
staff=$dir/sec-staff-20000.csv
[ -s "$docs" ] || gen documents 100000 >"$docs"
[ -s "$grants" ] || gen grants 500000 >"$grants"
[ -s "$requests" ] || gen requests 1000000 >"$requests"
[ -s "$register" ] || gen documents 1000000 >"$register"
[ -s "$staff" ] || gen staff 20000 >"$staff"

# measure LABEL ROWS IN CMD...: best of three runs; status 1 (findings) is not a failure.
measure() {
	label=$1 rows=$2 in=$3; shift 3
	best=
	for i in 1 2 3; do
		r=$("$run" "$in" "$dir/out.csv" "$@") || [ $? -eq 1 ] || { echo "$label: failed" >&2; exit 1; }
		best=$(printf '%s\n%s\n' "$best" "$r" | awk 'NF' | sort -n | head -n 1)
	done
	echo "$best" | awk -v l="$label" -v n="$rows" \
		'{ printf "%-34s %6.2f s  %9.0f rows/s  peak RSS %6.1f MB\n", l, $1, n / $1, $2 / 1024 }'
}

echo "secret-label (CRM_TODAY=$CRM_TODAY)"
measure "check (100k docs, 500k grants)" 1000000 "$requests" \
	"$sl" check --docs "$docs" --staff "$staff" --grants "$grants"
awk -F, 'NR > 1 { n[$6]++ } END { printf "  (%d allowed, %d denied)\n", n["allow"], n["deny"] }' "$dir/out.csv"
measure "check (1M-document register)" 1000000 "$requests" \
	"$sl" check --docs "$register" --staff "$staff"
measure "classify | stamp (1M docs)" 1000000 "$register" \
	sh -c "\"$sl\" classify | \"$sl\" stamp"
echo "  ($(($(wc -l <"$dir/out.csv") - 1)) documents stamped)"
measure "classify (1M docs)" 1000000 "$register" "$sl" classify
mv "$dir/out.csv" "$dir/classified.csv"
measure "stamp (1M docs)" 1000000 "$dir/classified.csv" "$sl" stamp
rm -f "$dir/out.csv" "$dir/classified.csv"
