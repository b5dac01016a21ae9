#!/bin/sh
# riskcalc benchmark (run from the repository root): margin over 5,000,000
# positions in 500,000 accounts (target >= 1.5 M positions/s, memory
# O(accounts + positions held)), then with a trades file of 1,000,000 fills,
# beside the same computation as a Miller pipeline when mlr is installed;
# deleverage with 200,000 counterparties (target < 1 s).
# Inputs are generated deterministically (a MINSTD generator in awk,
# exact in double arithmetic) into build/bench/.  A benchmark, not a test.
set -e
cd "$(dirname "$0")/.."
O=${O:-build}
BIN=${BIN:-bin}
dir=$O/bench
run=$O/tests/runstat
positions=${POSITIONS:-5000000}
accounts=${ACCOUNTS:-500000}
counterparties=${COUNTERPARTIES:-200000}
trades=${TRADES:-1000000}
mkdir -p "$dir"
[ -x "$run" ] || make -s "$run"
[ -x "$BIN/riskcalc" ] || make -s "$BIN/riskcalc"
export CRM_TODAY=2024-10-10

contracts=$dir/fut-contracts.csv
cat >"$contracts" <<'EOF'
contract,product,multiplier,tick,prev_settle,settle,margin_rate,prev_margin_rate,last_trading_day,position_limit
IF2410,IF,300,0.2,4019.2,3965.8,12%,12%,2024-10-18,600
IF2412,IF,300,0.2,4004.6,3950.2,15%,12%,2024-12-20,600
IH2410,IH,300,0.2,2735.0,2712.4,12%,12%,2024-10-18,600
IC2410,IC,200,0.2,5740.2,5701.0,14%,14%,2024-10-18,600
IM2410,IM,200,0.2,6012.6,5966.8,15%,15%,2024-10-18,600
EOF

# Positions (every account gets N/ACCOUNTS rows, one after the other, as a
# clearing system exports them) and accounts.
pos=$dir/fut-positions-$positions.csv
acc=$dir/fut-accounts-$accounts.csv
if [ ! -s "$pos" ] || [ ! -s "$acc" ]; then
	awk -v n="$positions" -v na="$accounts" -v acc="$acc" 'BEGIN {
		split("IF2410 IF2412 IH2410 IC2410 IM2410", c, " ")
		x = 20241010
		print "account,investor,member,reserve" > acc
		for (a = 0; a < na; a++) {
			x = (x * 48271) % 2147483647
			printf "A%06d,I%06d,M%02d,%d.%02d\n", a, a, a % 40, x % 3000000, x % 100 > acc
		}
		print "account,investor,member,contract,side,lots,hedge,avg_price"
		for (i = 0; i < n; i++) {
			a = int(i * na / n)
			x = (x * 48271) % 2147483647
			printf "A%06d,I%06d,M%02d,%s,%s,%d,no,\n", a, a, a % 40, c[1 + x % 5],
				(x % 7 < 4) ? "long" : "short", 1 + x % 20
		}
	}' >"$pos"
fi
mb=$(( $(wc -c <"$pos") / 1000000 ))
echo "riskcalc margin: $positions positions in $accounts accounts ($mb MB)"

# measure LABEL IN OUT CMD...: best of three, status 1 (findings) is not a
# failure.  Beside the wall clock, the CPU time (user + sys) of the same run:
# on a loaded machine that is the figure to compare.
cpu=$dir/cpu.txt
measure() {
	label=$1 in=$2 out=$3; shift 3
	best=
	for i in 1 2 3; do
		r=$(timed "$in" "$out" "$@") || [ $? -eq 1 ] || { echo "$label: failed" >&2; exit 1; }
		best=$(printf '%s\n%s\n' "$best" "$r" | awk 'NF' | sort -n -k3 | head -n 1)
	done
	echo "$best" | awk -v l="$label" -v n="$rows" \
		'{ printf "%-26s %6.2f s  %9.0f rows/s  cpu %6.2f s  %9.0f rows/cpu-s  peak RSS %6.1f MB\n", l, $1, n / $1, $3, n / $3, $2 / 1024 }'
	secs=$(echo "$best" | cut -d' ' -f1)
	cpus=$(echo "$best" | cut -d' ' -f3)
}
# timed IN OUT CMD...: "wall rss cpu" (cpu = user + sys, of /usr/bin/time when there is one).
timed() {
	in=$1 out=$2; shift 2
	if [ -x /usr/bin/time ]; then
		set +e
		r=$(/usr/bin/time -f '%U %S' -o "$cpu" "$run" "$in" "$out" "$@")
		st=$?
		set -e
		echo "$r $(awk '/^[0-9.]+ [0-9.]+$/ { print $1 + $2 }' "$cpu")"
		return $st
	fi
	r=$("$run" "$in" "$out" "$@") || return $?
	echo "$r ${r%% *}"
}

rows=$positions
measure "riskcalc margin" "$pos" "$dir/margin.csv" "$BIN/riskcalc" margin -c "$contracts" -a "$acc"
ours=$secs ourcpu=$cpus
echo "  ($(($(wc -l <"$dir/margin.csv") - 1)) accounts, $(awk -F, 'NR > 1 && $9 != "0.00"' "$dir/margin.csv" | wc -l) calls)"
# Fills: opens, and every third fill closes one lot of the open before it.
fills=$dir/fut-trades-$trades.csv
if [ ! -s "$fills" ]; then
	awk -v n="$trades" -v na="$accounts" 'BEGIN {
		split("IF2410 IF2412 IH2410 IC2410 IM2410", c, " ")
		x = 17
		print "account,contract,side,offset,lots,price"
		for (i = 0; i < n; i++) {
			a = int(i * na / n)
			x = (x * 48271) % 2147483647
			if (i % 3 == 2) {
				printf "A%06d,%s,%s,close,1,4000.0\n", pa, pc, ps == "buy" ? "sell" : "buy"
				continue
			}
			pa = sprintf("%06d", a); pc = c[1 + x % 5]; ps = x % 2 ? "buy" : "sell"
			printf "A%s,%s,%s,open,%d,4000.0\n", pa, pc, ps, 1 + x % 5
		}
	}' | sed 's/^AA/A/' >"$fills"
fi
rows=$positions
measure "riskcalc margin --trades" "$pos" "$dir/margin.csv" "$BIN/riskcalc" margin -c "$contracts" -a "$acc" --trades "$fills"
echo "  (and $trades fills)"
rows=$positions
measure "riskcalc margin --ojson" "$pos" "$dir/margin.jsonl" "$BIN/riskcalc" margin -c "$contracts" -a "$acc" --ojson

if command -v mlr >/dev/null 2>&1; then
	# The same sums in Miller (put -q with the contracts inlined; faster than
	# a join): per account margin today and yesterday and the day's pnl, in
	# binary floating point.  One run: Miller takes minutes here.
	{
		echo 'begin {'
		awk -F, 'NR > 1 { r = $7; sub("%", "", r); pr = $8; sub("%", "", pr)
			printf "  @c[\"%s\"] = {\"s\": %s, \"ps\": %s, \"mu\": %s, \"r\": %s / 100, \"pr\": %s / 100};\n",
				$1, $6, $5, $3, r, pr }' "$contracts"
		cat <<'EOF'
}
k = @c[$contract];
sign = $side == "long" ? 1 : -1;
@m[$account] += k["s"] * k["mu"] * $lots * k["r"];
@pm[$account] += k["ps"] * k["mu"] * $lots * k["pr"];
@p[$account] += (k["s"] - k["ps"]) * k["mu"] * $lots * sign;
end { emit (@m, @pm, @p), "account" }
EOF
	} >"$dir/margin.mlr"
	r=$(timed "$pos" "$dir/mlr.csv" mlr --icsv --ocsv put -q -f "$dir/margin.mlr")
	echo "$r" | awk -v n="$positions" \
		'{ printf "%-26s %6.2f s  %9.0f rows/s  cpu %6.2f s  %9.0f rows/cpu-s  peak RSS %6.1f MB\n", "mlr put -q (same sums)", $1, n / $1, $3, n / $3, $2 / 1024 }'
	echo "$ours $ourcpu $r" | awk '{ printf "riskcalc margin is %.1fx faster than Miller (wall), %.1fx in CPU time\n", $3 / $1, $5 / $2 }'
	rm -f "$dir/mlr.csv"
else
	echo "(Miller not installed: apt-get install miller for the comparison)"
fi

# Deleveraging: one contract limit-down, 2,000 requesters, COUNTERPARTIES short holders.
dpos=$dir/fut-d2-positions-$counterparties.csv
dord=$dir/fut-orders-$counterparties.csv
dcon=$dir/fut-d2-contracts.csv
printf 'contract,product,multiplier,tick,prev_settle,settle,last_trading_day\nIF2410,IF,300,0.2,4000.0,3600.0,2024-10-18\n' >"$dcon"
if [ ! -s "$dpos" ] || [ ! -s "$dord" ]; then
	awk -v n="$counterparties" -v ord="$dord" 'BEGIN {
		x = 17
		print "account,contract,side,lots,avg_price"
		print "account,contract,side,lots" > ord
		for (i = 0; i < 2000; i++) {
			x = (x * 48271) % 2147483647
			lots = 100 + x % 900
			printf "R%06d,IF2410,long,%d,%d.%d\n", i, lots, 3960 + x % 200, x % 5 * 2
			printf "R%06d,IF2410,long,%d\n", i, lots > ord
		}
		for (i = 0; i < n; i++) {
			x = (x * 48271) % 2147483647
			printf "C%06d,IF2410,short,%d,%d.%d\n", i, 1 + x % 30, 3601 + x % 500, x % 5 * 2
		}
	}' >"$dpos"
fi
rows=$counterparties
measure "riskcalc deleverage" "$dord" "$dir/fills.csv" "$BIN/riskcalc" deleverage -c "$dcon" -p "$dpos"
awk -F, 'NR > 1 && $6 == "requester" { r += $4 } NR > 1 && $6 == "counterparty" { c += $4 }
	END { printf "  (%d lots requested filled, %d taken from counterparties: %s)\n", r, c,
	      r == c ? "balanced" : "NOT BALANCED" }' "$dir/fills.csv"
rm -f "$dir/margin.csv" "$dir/margin.jsonl" "$dir/fills.csv"
