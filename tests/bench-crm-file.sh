#!/bin/sh
# crm-file benchmark (run from the repository root): add 100,000 customers
# to a new archive (target < 3 s), update them all with the duplicate checks
# (target < 5 s), list them (>= 500 k rows/s), validate
# 1,000,000 rows (>= 1 M rows/s), and 4 writers adding 10,000 customers each
# at the same moment (all 40,000 present, none lost).  The customers come
# from gen-customers, given what crm-file requires and gen-customers lacks
# (nature, contact and supervisor; a name and a phone of their own, since add refuses
# duplicates; no 02-29 in 2026) into build/bench/.  Every customer names an
# owner, S000…S199: each archive gets those staff first (CM-10, CM-11),
# outside the time measured.  Prints wall seconds, CPU seconds (user +
# system: what a loaded machine does not inflate), rows per second and peak
# RSS, best of three runs.  A benchmark, not a test.
set -e
cd "$(dirname "$0")/.."
O=${O:-build}
BIN=${BIN:-bin}
add_rows=${ADD_ROWS:-100000}
validate_rows=${VALIDATE_ROWS:-1000000}
writers=${WRITERS:-4}
writer_rows=${WRITER_ROWS:-10000}
dir=$O/bench
run=$O/tests/runstat
gen=$O/tests/gen-customers
mkdir -p "$dir"
[ -x "$run" ] || make -s "$run"
[ -x "$gen" ] || make -s "$gen"
[ -x "$BIN/crm-file" ] || make -s "$BIN/crm-file"
[ -x "$BIN/crm-staff" ] || make -s "$BIN/crm-staff"
export CRM_TODAY=2027-01-31	# after every date gen-customers writes
export RUNSTAT_CPU=1		# runstat adds the CPU seconds
unset CRM_HOME CRM_BUSY_TIMEOUT

# staff HOME: a new archive in HOME with the owners gen-customers names.
staff=$dir/crm-file-staff-200.csv
[ -s "$staff" ] || awk 'BEGIN { print "id,name,department,role"
	for (i = 0; i < 200; i++) printf "S%03d,员工%d,,general_manager\n", i, i }' >"$staff"
staff() {
	rm -rf "$1"
	"$BIN/crm-staff" --home "$1" add "$staff" >/dev/null
}

# customers N [FIRST [noid]]: gen-customers' N rows as crm-file input, the
# name and phone of row i numbered FIRST + i - 1; with noid, ids left empty
# for crm-file to assign.  gen-customers writes one quoted field with a line
# break now and then: a record ends on a line that leaves no quote open.
customers() {
	"$gen" "$1" | LC_ALL=C awk -v first="${2:-1}" -v noid="${3:+1}" '
	NR == 1 { print $0 ",nature,contact,supervisor"; next }
	{
		line = $0
		if (!open) {
			n = first + nrec++
			if ((i = index(line, "有限公司")))
				line = substr(line, 1, i + 11) n substr(line, i + 12)
			if (match(line, /,1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9],/))
				line = substr(line, 1, RSTART) sprintf("139%08d", n) substr(line, RSTART + RLENGTH - 1)
			if (noid)
				sub(/^C[0-9]+,/, ",", line)
		}
		if (gsub(/"/, "\"", line) % 2)
			open = !open
		gsub(/-02-29/, "-02-28", line)
		if (!open)
			line = line ",民营,联系人,无"
		print line
	}'
}

add=$dir/crm-file-add-v2-$add_rows.csv
valid=$dir/crm-file-validate-v2-$validate_rows.csv
[ -s "$add" ] || customers "$add_rows" >"$add"
[ -s "$valid" ] || customers "$validate_rows" >"$valid"
k=1
while [ "$k" -le "$writers" ]; do
	w=$dir/crm-file-writer-v2-$k-$writer_rows.csv
	[ -s "$w" ] || customers "$writer_rows" $(((k - 1) * writer_rows + 1)) noid >"$w"
	k=$((k + 1))
done

# best LABEL ROWS: the best of three runs of the function once, given the
# run number, which prints what runstat does ("seconds KiB cpu-seconds");
# status 1 (findings) is not a failure.
best() {
	label=$1 rows=$2 best=
	for i in 1 2 3; do
		r=$(once "$i") || [ $? -eq 1 ] || { echo "$label: failed" >&2; exit 1; }
		best=$(printf '%s\n%s\n' "$best" "$r" | awk 'NF' | sort -n | head -n 1)
	done
	echo "$best" | awk -v l="$label" -v n="$rows" \
		'{ printf "%-30s %6.2f s (CPU %6.2f s)  %9.0f rows/s  peak RSS %6.1f MB\n", l, $1, $3, n / $1, $2 / 1024 }'
	secs=$(echo "$best" | cut -d' ' -f1)
}

# target TEXT TRUE: say whether the target was met.
target() {
	if [ "$2" = 1 ]; then echo "  target $1: met"; else echo "  target $1: MISSED"; fi
}

rm -rf "$dir"/crm-file-home-*
echo "crm-file: $add_rows customers to add, $validate_rows to validate ($(( $(wc -c <"$valid") / 1000000 )) MB)"

# add: each run into a new archive, created on the way.
once() {
	staff "$dir/crm-file-home-add$1"
	"$run" "$add" /dev/null "$BIN/crm-file" --home "$dir/crm-file-home-add$1" add
}
best "crm-file add (new archive)" "$add_rows"
target "< 3 s" "$(echo "$secs" | awk '{ print ($1 < 3) }')"

# update: every customer of the archive gets a new phone, with the
# duplicate checks of add (name and phone against all the others) and a
# history row each; each run on a fresh copy of the archive.
upd=$dir/crm-file-update-v2-$add_rows.csv
[ -s "$upd" ] || awk -v n="$add_rows" 'BEGIN {
	print "id,phone,reason,by"
	for (i = 1; i <= n; i++) printf "C%07d,137%08d,换号,S001\n", i, i }' >"$upd"
once() {
	rm -rf "$dir/crm-file-home-upd"
	cp -r "$dir/crm-file-home-add1" "$dir/crm-file-home-upd"
	"$run" "$upd" /dev/null "$BIN/crm-file" --home "$dir/crm-file-home-upd" update
}
best "crm-file update (dup checks)" "$add_rows"
target "< 5 s" "$(echo "$secs" | awk '{ print ($1 < 5) }')"

home=$dir/crm-file-home-add1
once() {
	"$run" /dev/null "$dir/crm-file-list.csv" "$BIN/crm-file" --home "$home" list
}
best "crm-file list" "$add_rows"
target ">= 500 k rows/s" "$(echo "$secs" | awk -v n="$add_rows" '{ print (n / $1 >= 500000) }')"
echo "  ($("$BIN/crm-file" --home "$home" list --ojson | wc -l) customers listed)"

once() {
	"$run" "$valid" "$dir/crm-file-validate.csv" "$BIN/crm-file" validate
}
best "crm-file validate" "$validate_rows"
target ">= 1 M rows/s" "$(echo "$secs" | awk -v n="$validate_rows" '{ print (n / $1 >= 1000000) }')"

# Concurrent writers: started together on an archive with only its staff, ids assigned; then
# every customer of every writer must be there, each with an id of its own.
all=$((writers * writer_rows))
once() {
	h=$dir/crm-file-home-writers$1
	staff "$h"
	"$run" /dev/null /dev/null sh -c '
		bin=$1 home=$2 dir=$3 writers=$4 rows=$5 pids= k=1 rc=0
		while [ "$k" -le "$writers" ]; do
			"$bin" --home "$home" add "$dir/crm-file-writer-v2-$k-$rows.csv" >/dev/null &
			pids="$pids $!"
			k=$((k + 1))
		done
		for p in $pids; do wait "$p" || rc=2; done
		exit $rc' sh "$BIN/crm-file" "$h" "$dir" "$writers" "$writer_rows" || return 2
	n=$("$BIN/crm-file" --home "$h" list --ojson | wc -l)
	ids=$("$BIN/crm-file" --home "$h" list --ojson | cut -d'"' -f4 | sort -u | wc -l)
	[ "$n" -eq "$all" ] && [ "$ids" -eq "$all" ] ||
		{ echo "crm-file: $writers writers: $n customers, $ids ids, want $all" >&2; return 2; }
}
best "crm-file add, $writers writers" "$all"
echo "  (all $all customers present, $all distinct ids, in each of three runs)"

rm -rf "$dir"/crm-file-home-* "$dir/crm-file-list.csv" "$dir/crm-file-validate.csv"
