#!/bin/sh
# Benchmark barfine: a year (2026) of punches for 2,000 bar marketing
# managers (about 660,000 rows), with their rest days in the leave book and
# about two incidents a month each, generated deterministically (an LCG in
# awk, the same bytes everywhere) into build/bench/.  Run from the repo root
# after `make bin/barfine build/tests/runstat`.  Prints seconds, input rows
# per second and peak RSS, best of three runs.  A benchmark, not a test.
set -e
cd "$(dirname "$0")/.."
O=${O:-build}
staff=${STAFF:-2000}
dir=$O/bench
run=$O/tests/runstat
mkdir -p "$dir"
[ -x "$run" ] || make -s "$run"
[ -x bin/barfine ] || make -s bin/barfine

punches=$dir/bar-punches-v1-$staff.csv
leave=$dir/bar-leave-v1-$staff.csv
incidents=$dir/bar-incidents-v1-$staff.csv

if [ ! -s "$punches" ] || [ ! -s "$leave" ] || [ ! -s "$incidents" ]; then
	awk -v staff="$staff" -v P="$punches" -v L="$leave" -v I="$incidents" '
	function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
	BEGIN {
		seed = 20261101
		split("31 28 31 30 31 30 31 31 30 31 30 31", dim, " ")
		# code:severity:amount:value
		ncode = split("appearance::: task-undone:low:: impolite:high:: disobey::120: customer-lost:high:: service-unmet::: quarrel::: tip:::150 damage:::80 praise:high:: suggestion:low:: found-property::120:", codes, " ")
		print "staff,date,in,out" > P
		print "staff,date,kind,requested_on,approved_by" > L
		print "staff,date,code,severity,amount,value,note" > I
		for (s = 1; s <= staff; s++) {
			id = sprintf("M%04d", s)
			for (m = 1; m <= 12; m++) {
				rest1 = 1 + rnd(14); rest2 = 15 + rnd(13)
				for (d = 1; d <= dim[m]; d++) {
					date = sprintf("2026-%02d-%02d", m, d)
					if (d == rest1 || d == rest2) {
						asked = d > 2 ? sprintf("2026-%02d-%02d", m, d - 2) : date
						print id "," date ",rest," asked ",刘总监" > L
						continue
					}
					r = rnd(1000)
					if (r < 15)
						continue		# absent: no punch, no leave
					in_min = 19 * 60 + rnd(34)	# 19:00-19:33: a few lates
					out_min = 50 + rnd(150)		# 00:50-03:19: a few early leaves
					if (r < 25)
						print id "," date "," sprintf("%02d:%02d", in_min / 60, in_min % 60) "," > P
					else
						print id "," date "," sprintf("%02d:%02d", in_min / 60, in_min % 60) "," \
						    sprintf("%02d:%02d", out_min / 60, out_min % 60) > P
				}
				for (k = rnd(4); k > 0; k--) {
					split(codes[1 + rnd(ncode)], c, ":")
					d = 1 + rnd(28)
					print id "," sprintf("2026-%02d-%02d", m, d) "," c[1] "," c[2] "," c[3] "," c[4] ",bench" > I
				}
			}
		}
	}'
fi

rows=$(cat "$punches" "$leave" "$incidents" | wc -l)
rows=$((rows - 3))
mb=$(( $(cat "$punches" "$leave" "$incidents" | wc -c) / 1000000 ))
echo "input: $staff managers, 2026: $(($(wc -l <"$punches") - 1)) punches, $(($(wc -l <"$leave") - 1)) leave rows, $(($(wc -l <"$incidents") - 1)) incidents ($mb MB)"

# measure LABEL CMD...: best of three runs; status 1 (fines found) is not a failure
measure() {
	label=$1; shift
	best=
	for i in 1 2 3; do
		r=$("$run" /dev/null "$dir/barfine.out" "$@") || [ $? -eq 1 ] ||
			{ echo "$label: failed" >&2; exit 1; }
		best=$(printf '%s\n%s\n' "$best" "$r" | awk 'NF' | sort -n | head -n 1)
	done
	echo "$best" | awk -v l="$label" -v n="$rows" \
		'{ printf "%-26s %6.2f s  %8.0f rows/s  peak RSS %6.1f MB\n", l, $1, n / $1, $2 / 1024 }'
}

measure "barfine (ledger)" bin/barfine "$punches" "$leave" "$incidents"
echo "  ($(($(wc -l <"$dir/barfine.out") - 1)) ledger rows)"
measure "barfine --summary" bin/barfine --summary "$punches" "$leave" "$incidents"
echo "  ($(($(wc -l <"$dir/barfine.out") - 1)) statements)"
measure "barfine --summary --ojson" bin/barfine --summary --ojson "$punches" "$leave" "$incidents"
rm -f "$dir/barfine.out"
