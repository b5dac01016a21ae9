#!/usr/bin/env bats
# riskcalc: stock index futures risk control (FUT-01…19).
# testdata/fut-contracts.csv holds four contracts for the trading day
# 2024-10-10; IF2410's prev_settle 4019.2 is the real CTP data point of
# FUTURES.md (limits 4421.0/3617.4).  IF2412's margin rate rises from 12% to
# 15% today.  testdata/fut-positions.csv: investor I001 holds 320 + 300 long
# IF2410 through members M01 and M02; I004's 900 short are hedging.

bats_require_minimum_version 1.5.0

setup() {
	bats_load_library bats-support
	bats_load_library bats-assert
	PATH="${CRM_BIN:-$BATS_TEST_DIRNAME/../bin}:$PATH"
	PATH="$(cd "${PATH%%:*}" && pwd):$PATH"
	export LC_ALL=C.UTF-8 CRM_TODAY=2024-10-10
	TD=$BATS_TEST_DIRNAME/../testdata
	C=$TD/fut-contracts.csv
	A=$TD/fut-accounts.csv
	P=$TD/fut-positions.csv
	T=$BATS_TEST_TMPDIR
}

# A contracts file of one contract: contract(IF2410),tick(0.2),prev_settle, then extra "col=value" pairs.
contract() {
	local prev=$1 hdr="contract,product,multiplier,tick,prev_settle" row
	row="IF2410,IF,300,0.2,$prev"
	shift
	for kv in "$@"; do
		hdr="$hdr,${kv%%=*}"
		row="$row,${kv#*=}"
	done
	printf '%s\n%s\n' "$hdr" "$row" > "$T/c.csv"
}

# A decimal price as an integer of 1/10000 points.
units() {
	local s=$1 i f
	i=${s%%.*}
	f=
	[ "$s" != "$i" ] && f=${s#*.}
	f=${f}0000
	echo $((10#$i * 10000 + 10#${f:0:4}))
}

# --- bands ------------------------------------------------------------------

@test "FUT-03: IF2410 bands from prev_settle 4019.2 are 4421.0/3617.4" {
	# limit: 4019.2 x 1.10 = 4421.12 -> down to 4421.0; x 0.90 = 3617.28 -> up to 3617.4
	# breaker: x 1.06 = 4260.352 -> 4260.2; x 0.94 = 3778.048 -> 3778.2
	run --separate-stderr bash -c "riskcalc bands '$C' | cut -d, -f1,5,11-"
	assert_success
	assert_output - <<-'EOF'
	contract,prev_settle,breaker_up,breaker_down,limit_up,limit_down
	IF2410,4019.2,4260.2,3778.2,4421.0,3617.4
	IF2412,4004.6,4244.8,3764.4,4405.0,3604.2
	IH2410,2735.0,2899.0,2571.0,3008.4,2461.6
	IC2410,5740.2,6084.6,5395.8,6314.2,5166.2
	EOF
	assert_equal "$stderr" ""
}

@test "FUT-03: IF2207 from 4416.8 is 4858.4/3975.2 (inward, not nearest: 4858.48, 3975.12)" {
	contract 4416.8
	run --separate-stderr bash -c "riskcalc bands '$T/c.csv' | cut -d, -f8,9"
	assert_success
	assert_output $'limit_up,limit_down\n4858.4,3975.2'
}

@test "FUT-03: rounding floor rounds both bounds down (SHFE au2602, ag2306)" {
	cat > "$T/c.csv" <<-'EOF'
	contract,tick,prev_settle,limit_rate,rounding
	au2602,0.02,950.62,14%,floor
	ag2306,1,5544,9%,floor
	au2602i,0.02,950.62,14%,inward
	EOF
	# 950.62 x 0.86 = 817.5332: floor 817.52 (the exchange's), inward 817.54
	run --separate-stderr bash -c "riskcalc bands '$T/c.csv' | cut -d, -f1,8,9"
	assert_success
	assert_output - <<-'EOF'
	contract,limit_up,limit_down
	au2602,1083.70,817.52
	ag2306,6042,5045
	au2602i,1083.70,817.54
	EOF
}

@test "FUT-03: no bands on the last trading day, unless last_day_rate gives a limit" {
	cat > "$T/c.csv" <<-'EOF'
	contract,tick,prev_settle,last_trading_day,last_day_rate
	IF2410,0.2,4019.2,2024-10-10,
	IF2410b,0.2,4019.2,2024-10-10,20%
	IF2410c,0.2,4019.2,2024-10-11,
	EOF
	run --separate-stderr riskcalc bands "$T/c.csv"
	assert_success
	assert_output - <<-'EOF'
	contract,tick,prev_settle,last_day_rate,last_trading_day,breaker_up,breaker_down,limit_up,limit_down
	IF2410,0.2,4019.2,,2024-10-10,,,,
	IF2410b,0.2,4019.2,20%,2024-10-10,,,4823.0,3215.4
	IF2410c,0.2,4019.2,,2024-10-11,4260.2,3778.2,4421.0,3617.4
	EOF
}

@test "FUT-03: a new contract's first day is ±20% of its benchmark, without a breaker" {
	printf 'contract,tick,prev_settle,benchmark\nIF2506,0.2,,3800.0\n' > "$T/c.csv"
	# 3800 x 1.2 = 4560.0, x 0.8 = 3040.0
	run --separate-stderr riskcalc bands "$T/c.csv"
	assert_success
	assert_output $'contract,tick,prev_settle,benchmark,breaker_up,breaker_down,limit_up,limit_down\nIF2506,0.2,,3800.0,,,4560.0,3040.0'
}

@test "FUT-03: prev_settle wins over a benchmark; a contract past its last trading day gets no bands and a note" {
	# Both given: the normal bands of prev_settle 4019.2 (limit 4421.0/3617.4), not +-20% of 3800.0.
	printf 'contract,tick,prev_settle,benchmark,last_trading_day\nIF2410,0.2,4019.2,3800.0,2024-10-18\nIF2409,0.2,4019.2,,2024-09-20\n' > "$T/c.csv"
	run --separate-stderr bash -c "riskcalc bands '$T/c.csv' | cut -d, -f1,6-"
	assert_success
	assert_output $'contract,breaker_up,breaker_down,limit_up,limit_down\nIF2410,4260.2,3778.2,4421.0,3617.4\nIF2409,,,,'
	assert_equal "$stderr" "riskcalc: $T/c.csv:3: note: IF2409 is past its last trading day 2024-09-20: no bands"
}

@test "FUT-20: breaker and limit widths change from a named day: the latest effective_from not after --today applies" {
	# From 2024-10-09: no breaker (empty width), limit 7%: 4019.2 x 1.07 = 4300.544 -> 4300.4,
	# x 0.93 = 3737.856 -> 3738.0.  From 2024-10-11: breaker 5%: 4019.2 x 1.05 = 4220.16 -> 4220.0.
	cat > "$T/c.csv" <<-'EOF'
	contract,tick,prev_settle,breaker_rate,limit_rate,effective_from
	IF2410,0.2,4019.2,6%,10%,
	IF2410,0.2,4019.2,,7%,2024-10-09
	IF2410,0.2,4019.2,5%,12%,2024-10-11
	EOF
	printf 'time,contract,bid,ask\n10:00:00,IF2410,4260.2,4260.4\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$T/c.csv" "$T/q.csv"
	assert_success
	assert_output 'contract,time,event,direction,price,rule'
	run --separate-stderr riskcalc breaker --today 2024-10-08 -c "$T/c.csv" "$T/q.csv"
	assert_line --index 1 'IF2410,10:01:00,breaker_start,up,4260.2,FUT-04'
	run --separate-stderr riskcalc breaker --today 2024-10-11 -c "$T/c.csv" "$T/q.csv"
	assert_line --index 1 'IF2410,10:01:00,breaker_start,up,4220.0,FUT-04'
	run --separate-stderr bash -c "riskcalc bands '$T/c.csv' | cut -d, -f1,7-"
	assert_output - <<-'EOF'
	contract,breaker_up,breaker_down,limit_up,limit_down
	IF2410,4260.2,3778.2,4421.0,3617.4
	IF2410,,,4300.4,3738.0
	IF2410,,,,
	EOF
	assert_equal "$stderr" "riskcalc: $T/c.csv:4: note: IF2410: these settings apply from 2024-10-11: no bands today"
	# Two rows from the same day are an error before any output.
	printf 'contract,tick,prev_settle,effective_from\nIF2410,0.2,4019.2,2024-10-09\nIF2410,0.2,4019.2,2024-10-09\n' > "$T/c.csv"
	run --separate-stderr riskcalc breaker -c "$T/c.csv" "$T/q.csv"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "riskcalc: $T/c.csv:3: contract: 'IF2410' appears more than once with the same effective_from"
}

@test "FUT-03: a benchmark off the tick grid, a zero tick, a rate above 1 are errors with FILE:LINE" {
	cat > "$T/c.csv" <<-'EOF'
	contract,tick,prev_settle,benchmark,limit_rate
	IF2506,0.2,,3800.1,
	IF2507,0,4000,,
	IF2508,0.2,4000,,1.5
	IF2509,0.2,,,
	IF2410,0.2,4019.2,,
	EOF
	run --separate-stderr riskcalc bands "$T/c.csv"
	assert_failure 2
	assert_output $'contract,tick,prev_settle,benchmark,limit_rate,breaker_up,breaker_down,limit_up,limit_down\nIF2410,0.2,4019.2,,,4260.2,3778.2,4421.0,3617.4'
	assert_equal "$stderr" "riskcalc: $T/c.csv:2: benchmark: 3800.1 is not on the tick grid of 0.2
riskcalc: $T/c.csv:3: tick: expected a tick above 0, found '0'
riskcalc: $T/c.csv:4: limit_rate: expected a rate of at most 1 (100%), found '1.5'
riskcalc: $T/c.csv:5: prev_settle: the price bands need it (or a benchmark price on the first day)"
}

@test "FUT-03: property: 400 random bands are on the tick grid and never wider than the raw percentage" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	local ticks=(0.2 0.02 1 0.5 0.05 5 0.1) i tick p r up down tu raw
	RANDOM=20241010
	{
		echo "contract,tick,prev_settle,breaker_rate,limit_rate"
		for ((i = 0; i < 400; i++)); do
			tick=${ticks[RANDOM % 7]}
			p=$(( (RANDOM * 32768 + RANDOM) % 99990000 + 10000 ))
			printf 'X%d,%s,%d.%04d,%d.%02d%%,%d.%02d%%\n' "$i" "$tick" $((p / 10000)) $((p % 10000)) \
				$((RANDOM % 10)) $((RANDOM % 100)) $((RANDOM % 30 + 1)) $((RANDOM % 100))
		done
	} > "$T/c.csv"
	riskcalc bands "$T/c.csv" > "$T/out.csv"
	# to_units VAR DECIMAL: like units, without a subshell per call.
	to_units() {
		local s=$2 i f=
		i=${s%%.*}
		[ "$s" != "$i" ] && f=${s#*.}
		f=${f}0000
		printf -v "$1" '%d' $((10#$i * 10000 + 10#${f:0:4}))
	}
	check() {
		local tick=$1 prev=$2 rate=$3 up=$4 down=$5 tu p r
		to_units tu "$tick"; to_units p "$prev"; rate=${rate%\%}
		to_units r "$rate"	# a percentage in 1/10000 is millionths
		to_units up "$up"; to_units down "$down"
		(( up % tu == 0 && down % tu == 0 )) || echo "off grid: $*"
		# upper: the largest grid price <= prev x (1 + r); lower: the smallest >= prev x (1 - r)
		(( up * 1000000 <= p * (1000000 + r) && (up + tu) * 1000000 > p * (1000000 + r) )) ||
			echo "upper: $*"
		(( down * 1000000 >= p * (1000000 - r) && (down - tu) * 1000000 < p * (1000000 - r) )) ||
			echo "lower: $*"
	}
	run bash -c "$(declare -f to_units check); tail -n +2 '$T/out.csv' | while IFS=, read -r id tick prev br lr bu bd lu ld; do
		check \$tick \$prev \$br \$bu \$bd; check \$tick \$prev \$lr \$lu \$ld; done"
	assert_success
	assert_output ""
	assert_equal "$(wc -l < "$T/out.csv")" 401
}

# --- breaker ------------------------------------------------------------------
# IF2410's breaker prices are 4260.2 (up) and 3778.2 (down).

@test "FUT-04…08: testdata/fut-quotes.csv replays a day" {
	# IF2410: touched 09:58:10, undone at 09:59:09 (59 s); touched again 10:02:00, held
	# to 10:03:00: starts; the market halts at 10:08:00 (FUT-06); the 13:05 touch is a
	# second one (FUT-08).  IH2410: down from 10:10:00, starts 10:11:00, ends 10:21:00.
	# IC2410 touches at 14:29:30: it would start at 14:30:30, in the last 30 minutes (FUT-07).
	run --separate-stderr riskcalc breaker -c "$C" "$TD/fut-quotes.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	contract,time,event,direction,price,rule
	IF2410,10:03:00,breaker_start,up,4260.2,FUT-04
	IF2410,10:08:00,breaker_end,up,4260.2,FUT-06
	IH2410,10:11:00,breaker_start,down,2571.0,FUT-04
	IH2410,10:21:00,breaker_end,down,2571.0,FUT-05
	EOF
	assert_equal "$stderr" ""
}

@test "FUT-04: a touch held 59 s starts nothing; held 60 s starts the breaker" {
	cat > "$T/q.csv" <<-'EOF'
	time,contract,bid,ask
	09:40:00,IF2410,4260.2,4260.4
	09:40:59,IF2410,4259.8,4260.0
	09:50:00,IF2410,4260.2,4260.4
	09:51:00,IF2410,4259.8,4260.0
	EOF
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	contract,time,event,direction,price,rule
	IF2410,09:51:00,breaker_start,up,4260.2,FUT-04
	IF2410,10:01:00,breaker_end,up,4260.2,FUT-05
	EOF
	assert_equal "$stderr" ""
}

@test "FUT-04: a touch persists through later quotes at or beyond the price; the down side too" {
	cat > "$T/q.csv" <<-'EOF'
	time,contract,bid,ask
	10:00:00,IF2410,3778.0,3778.2
	10:00:30,IF2410,3777.4,3778.0
	10:00:59,IF2410,3776.0,3776.2
	10:01:00,IF2410,3779.0,3779.2
	EOF
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	contract,time,event,direction,price,rule
	IF2410,10:01:00,breaker_start,down,3778.2,FUT-04
	IF2410,10:11:00,breaker_end,down,3778.2,FUT-05
	EOF
}

@test "FUT-05: ten minutes after the start the breaker ends and the limits apply; the last quote holds to --until" {
	printf 'time,contract,bid,ask\n10:20:00,IF2410,4261.0,4262.0\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_failure 1
	assert_output $'contract,time,event,direction,price,rule\nIF2410,10:21:00,breaker_start,up,4260.2,FUT-04\nIF2410,10:31:00,breaker_end,up,4260.2,FUT-05'
	run --separate-stderr riskcalc breaker -c "$C" --until 10:30:59 "$T/q.csv"
	assert_failure 1
	assert_output $'contract,time,event,direction,price,rule\nIF2410,10:21:00,breaker_start,up,4260.2,FUT-04'
	run --separate-stderr riskcalc breaker -c "$C" --until 10:20:59 "$T/q.csv"
	assert_success
	assert_output 'contract,time,event,direction,price,rule'
}

@test "FUT-06: a halt within the ten minutes ends the breaker at the halt; a halt without a contract halts all" {
	cat > "$T/q.csv" <<-'EOF'
	time,contract,bid,ask,event
	10:00:00,IF2410,4260.2,4260.4,
	10:00:00,IH2410,2571.0,2571.2,
	10:04:30,IF2410,,,halt
	10:05:00,,,,halt
	EOF
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	contract,time,event,direction,price,rule
	IF2410,10:01:00,breaker_start,up,4260.2,FUT-04
	IH2410,10:01:00,breaker_start,down,2571.0,FUT-04
	IF2410,10:04:30,breaker_end,up,4260.2,FUT-06
	IH2410,10:05:00,breaker_end,down,2571.0,FUT-06
	EOF
}

@test "FUT-06: the midday break: a touch minute completing at 11:30:00 starts nothing; at 11:29:59 it starts and the break ends it" {
	# IF2410's upper breaker price is 4260.2.  Touch at 11:28:59: the minute completes at
	# 11:29:59, inside the session: start, and the break at 11:30:00 ends it (FUT-06), not
	# 11:39:59.  Touch at 11:29:00: the minute completes at 11:30:00, the session's end: no
	# start; the issue's 11:29:30 touch starts nothing in the break either.
	printf 'time,contract,bid,ask\n11:28:59,IF2410,4260.2,4260.4\n11:31:00,IF2410,4100.0,4100.2\n' > "$T/q1.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q1.csv"
	assert_failure 1
	assert_output $'contract,time,event,direction,price,rule\nIF2410,11:29:59,breaker_start,up,4260.2,FUT-04\nIF2410,11:30:00,breaker_end,up,4260.2,FUT-06'
	for t in 11:29:00 11:29:30; do
		printf 'time,contract,bid,ask\n%s,IF2410,4260.2,4260.4\n11:31:00,IF2410,4100.0,4100.2\n' "$t" > "$T/q2.csv"
		run --separate-stderr riskcalc breaker -c "$C" "$T/q2.csv"
		assert_success
		assert_output 'contract,time,event,direction,price,rule'
	done
}

@test "FUT-06: a breaker still running at 11:30 ends at the break; one that ends at 11:29:59 ends by FUT-05" {
	# Start 11:19:59 (touch 11:18:59): the ten minutes end at 11:29:59, before the break:
	# FUT-05.  Start 11:20:01: they would end at 11:30:01; the break ends it at 11:30:00 (FUT-06).
	printf 'time,contract,bid,ask\n11:18:59,IF2410,4260.2,4260.4\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_output $'contract,time,event,direction,price,rule\nIF2410,11:19:59,breaker_start,up,4260.2,FUT-04\nIF2410,11:29:59,breaker_end,up,4260.2,FUT-05'
	printf 'time,contract,bid,ask\n11:19:01,IF2410,4260.2,4260.4\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_output $'contract,time,event,direction,price,rule\nIF2410,11:20:01,breaker_start,up,4260.2,FUT-04\nIF2410,11:30:00,breaker_end,up,4260.2,FUT-06'
	# FUT-08: the afternoon gets no second breaker.
	printf 'time,contract,bid,ask\n11:25:00,IF2410,4260.2,4260.4\n13:30:00,IF2410,4260.2,4260.4\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_output $'contract,time,event,direction,price,rule\nIF2410,11:26:00,breaker_start,up,4260.2,FUT-04\nIF2410,11:30:00,breaker_end,up,4260.2,FUT-06'
}

@test "FUT-06: a quote at the breaker price standing through the break, or quoted in it, counts from 13:00" {
	# 12:59:59 + 60 s of trading: the minute runs 13:00:00-13:01:00.
	printf 'time,contract,bid,ask\n11:29:30,IF2410,4260.2,4260.4\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_failure 1
	assert_output $'contract,time,event,direction,price,rule\nIF2410,13:01:00,breaker_start,up,4260.2,FUT-04\nIF2410,13:11:00,breaker_end,up,4260.2,FUT-05'
	printf 'time,contract,bid,ask\n12:10:00,IF2410,3778.2,3778.4\n13:00:59,IF2410,3900.0,3900.2\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_success
	printf 'time,contract,bid,ask\n12:10:00,IF2410,3778.2,3778.4\n13:01:00,IF2410,3900.0,3900.2\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_output $'contract,time,event,direction,price,rule\nIF2410,13:01:00,breaker_start,down,3778.2,FUT-04\nIF2410,13:11:00,breaker_end,down,3778.2,FUT-05'
}

@test "FUT-06: --sessions sets the sessions; FUT-07 is tested against the day's last close; bad lists are usage errors" {
	# 2007 hours 09:15-11:30, 13:00-15:15: the cutoff is 14:45; a touch at 14:43:59 starts at
	# 14:44:59, one at 14:44:00 would start at 14:45:00: none.
	printf 'time,contract,bid,ask\n09:10:00,IF2410,4260.2,4260.4\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" --sessions 09:15-11:30,13:00-15:15 "$T/q.csv"
	assert_line --index 1 'IF2410,09:16:00,breaker_start,up,4260.2,FUT-04'
	printf 'time,contract,bid,ask\n14:43:59,IF2410,4260.2,4260.4\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" --sessions 09:15-11:30,13:00-15:15 "$T/q.csv"
	assert_line --index 1 'IF2410,14:44:59,breaker_start,up,4260.2,FUT-04'
	printf 'time,contract,bid,ask\n14:44:00,IF2410,4260.2,4260.4\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" --sessions 09:15-11:30,13:00-15:15 "$T/q.csv"
	assert_success
	# --open and --close are the first session's start and the last session's end.
	run --separate-stderr riskcalc breaker -c "$C" --close 15:15 "$T/q.csv"
	assert_success
	run --separate-stderr riskcalc breaker -c "$C" --sessions 13:00-15:00,09:30-11:30 "$T/q.csv"
	assert_failure 2
	assert_equal "${stderr%%$'\n'*}" "riskcalc: --sessions: expected times in order such as 09:30-11:30,13:00-15:00, found '09:30-11:30'"
	run --separate-stderr riskcalc breaker -c "$C" --sessions 0930 "$T/q.csv"
	assert_failure 2
	assert_equal "${stderr%%$'\n'*}" "riskcalc: --sessions: expected START-END, found '0930'"
}

@test "FUT-07: no breaker starts in the last 30 minutes before the close; one started runs its period" {
	# Close 15:00: a start at 14:29:59 is allowed and runs to 14:39:59; one at 14:30:00 is not.
	printf 'time,contract,bid,ask\n14:28:59,IF2410,4260.2,4260.4\n' > "$T/q1.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q1.csv"
	assert_failure 1
	assert_output $'contract,time,event,direction,price,rule\nIF2410,14:29:59,breaker_start,up,4260.2,FUT-04\nIF2410,14:39:59,breaker_end,up,4260.2,FUT-05'
	printf 'time,contract,bid,ask\n14:29:00,IF2410,4260.2,4260.4\n' > "$T/q2.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q2.csv"
	assert_success
	assert_output 'contract,time,event,direction,price,rule'
	# With the 2007 close at 15:15 the cutoff is 14:45.
	run --separate-stderr riskcalc breaker -c "$C" --close 15:15 "$T/q2.csv"
	assert_failure 1
	assert_line --index 1 'IF2410,14:30:00,breaker_start,up,4260.2,FUT-04'
}

@test "FUT-08: a second touch the same day starts no second breaker" {
	cat > "$T/q.csv" <<-'EOF'
	time,contract,bid,ask
	09:35:00,IF2410,4260.2,4260.4
	09:45:00,IF2410,4250.0,4250.2
	10:30:00,IF2410,4260.2,4260.4
	10:45:00,IF2410,3778.2,3778.4
	EOF
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_failure 1
	assert_output $'contract,time,event,direction,price,rule\nIF2410,09:36:00,breaker_start,up,4260.2,FUT-04\nIF2410,09:46:00,breaker_end,up,4260.2,FUT-05'
}

@test "FUT-04: a touch counts from --open; quotes out of time order or off the tick grid are errors" {
	printf 'time,contract,bid,ask\n09:25:00,IF2410,4260.2,4260.4\n09:30:59,IF2410,4250.0,4250.2\n' > "$T/q.csv"
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_success
	cat > "$T/q.csv" <<-'EOF'
	time,contract,bid,ask
	09:40:00,IF2410,4250.0,4250.2
	09:39:00,IF2410,4250.0,4250.2
	09:41:00,IF2410,4250.1,4250.2
	09:42:00,IF9999,4250.0,4250.2
	9h43,IF2410,4250.0,4250.2
	EOF
	run --separate-stderr riskcalc breaker -c "$C" "$T/q.csv"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/q.csv:3: time: quotes must be in time order, found 09:39:00 after 09:40:00
riskcalc: $T/q.csv:4: bid: '4250.1' is not on the tick grid of IF2410 (0.2)
riskcalc: $T/q.csv:5: contract: unknown contract 'IF9999' (not in the contracts file)
riskcalc: $T/q.csv:6: time: expected a time (HH:MM), found '9h43'"
}

# --- margin -----------------------------------------------------------------

@test "FUT-01: testdata: every account settled, calls due for A002 and A006 (exit 1)" {
	# A003: short 500 IF2410: margin 3965.8 x 300 x 500 x 12% = 71384400.00,
	#   pnl (4019.2 - 3965.8) x 300 x 500 = 8010000.00,
	#   reserve 600000.00 + 8010000.00 - (71384400.00 - 72345600.00) = 9571200.00.
	run --separate-stderr riskcalc margin -c "$C" -a "$A" "$P"
	assert_failure 1
	assert_output - <<-'EOF'
	account,investor,member,reserve_before,prev_margin,margin,pnl,reserve,call,due,status,reason,basis,margin_mode,investor_name,member_name
	A001,I001,M01,6000000.00,52067808.00,52796376.00,-4473600.00,797832.00,0.00,,ok,,positions,gross,华泰资本,甲期货
	A002,I001,M02,3000000.00,43407360.00,42830640.00,-4806000.00,-1229280.00,1229280.00,2024-10-11,ok,,positions,gross,华泰资本,乙期货
	A003,I002,M01,600000.00,72345600.00,71384400.00,8010000.00,9571200.00,0.00,,ok,,positions,gross,王建国,甲期货
	A004,I003,M02,150000.00,357645.60,354920.80,-5720.00,147004.80,0.00,,ok,,positions,gross,李春花,乙期货
	A005,I004,M01,9000000.00,130222080.00,128491920.00,14418000.00,25148160.00,0.00,,ok,,positions,gross,远山套保基金,甲期货
	A006,I005,M02,90000.00,866570.40,961583.40,-900.00,-5913.00,5913.00,2024-10-11,ok,,positions,gross,赵大海,乙期货
	EOF
	assert_equal "$stderr" ""
}

@test "FUT-02: a margin-rate rise (IF2412 12% -> 15%) re-margins open positions and makes the call" {
	# A006 by hand, multiplier 300:
	#   IF2412 long 3:  today 3950.2 x 300 x 3 x 0.15 = 533277.00  yesterday 4004.6 x 300 x 3 x 0.12 = 432496.80
	#   IF2410 short 3: today 3965.8 x 300 x 3 x 0.12 = 428306.40  yesterday 4019.2 x 300 x 3 x 0.12 = 434073.60
	#   margin 961583.40, prev_margin 866570.40
	#   pnl (3950.2 - 4004.6) x 900 = -48960.00, (4019.2 - 3965.8) x 900 = +48060.00: -900.00
	#   reserve 90000.00 - 900.00 - (961583.40 - 866570.40) = -5913.00: call 5913.00
	grep -e '^account' -e '^A006' "$A" > "$T/a.csv"
	grep -e '^account' -e '^A006' "$P" > "$T/p.csv"
	run --separate-stderr bash -c "riskcalc margin -c '$C' -a '$T/a.csv' '$T/p.csv' | cut -d, -f1,4-9"
	assert_success
	assert_output $'account,reserve_before,prev_margin,margin,pnl,reserve,call\nA006,90000.00,866570.40,961583.40,-900.00,-5913.00,5913.00'
	# Without the rise: IF2412 at 12% is 426621.60, margin 854928.00, reserve 100742.40: no call.
	sed 's/,15%,12%,/,12%,12%,/' "$C" > "$T/c.csv"
	run --separate-stderr riskcalc margin -c "$T/c.csv" -a "$T/a.csv" "$T/p.csv"
	assert_success
	assert_output $'account,investor,member,reserve_before,prev_margin,margin,pnl,reserve,call,due,status,reason,basis,margin_mode,investor_name,member_name\nA006,I005,M02,90000.00,866570.40,854928.00,-900.00,100742.40,0.00,,ok,,positions,gross,赵大海,乙期货'
}

@test "FUT-01: margin is rounded once per account, half away from zero" {
	# Two positions of 1.01 x 1 x 1 lot x 50% = 0.505 yuan each: 1.01 in all (0.51 + 0.51 if rounded twice).
	printf 'contract,multiplier,tick,prev_settle,settle,margin_rate\nX,1,0.01,1.01,1.01,50%%\nY,1,0.01,1.01,1.01,50%%\n' > "$T/c.csv"
	printf 'account,reserve\nK1,0\nK2,0\n' > "$T/a.csv"
	printf 'account,contract,side,lots\nK1,X,long,1\nK1,Y,short,1\nK2,X,long,1\n' > "$T/p.csv"
	run --separate-stderr bash -c "riskcalc margin -c '$T/c.csv' -a '$T/a.csv' '$T/p.csv' | cut -d, -f1,5,6,8"
	assert_success
	assert_output $'account,prev_margin,margin,reserve\nK1,1.01,1.01,0.00\nK2,0.51,0.51,0.00'
}

@test "FUT-01: --larger-side charges each product's larger side only" {
	# A001 IF: long 320 IF2410, 3965.8 x 300 x 320 x 12% = 45686016.00, against short 40
	# IF2412, 3950.2 x 300 x 40 x 15% = 7110360.00: the long side alone.  Yesterday
	# 46301184.00 against 5766624.00.  reserve 6000000.00 - 4473600.00 + 615168.00.
	grep -e '^account' -e '^A001' "$A" > "$T/a.csv"
	grep -e '^account' -e '^A001' "$P" > "$T/p.csv"
	run --separate-stderr bash -c "riskcalc margin --larger-side -c '$C' -a '$T/a.csv' '$T/p.csv' | cut -d, -f1,5-9"
	assert_success
	assert_output $'account,prev_margin,margin,pnl,reserve,call\nA001,46301184.00,45686016.00,-4473600.00,2141568.00,0.00'
}

@test "FUT-01: bad positions make their account an error row with empty figures; the others are settled (exit 2)" {
	cat > "$T/p.csv" <<-'EOF'
	account,contract,side,lots
	A001,IF2410,long,-3
	A001,IF9999,long,3
	A001,IF2410,up,3
	Z999,IF2410,long,1
	A001,IF2410,long,
	A004,IH2410,long,1
	EOF
	# A004 keeps its one good lot of IH2410: 2712.4 x 300 x 12% = 97646.40.
	# A001 had rejected rows: never printed as settled.
	run --separate-stderr bash -c "riskcalc margin -c '$C' -a '$A' '$T/p.csv' | grep -e A001 -e A004"
	assert_line 'A001,I001,M01,,,,,,,,error,bad position at '"$T"'/p.csv:2,positions,gross,华泰资本,甲期货'
	assert_line 'A004,I003,M02,150000.00,98460.00,97646.40,-6780.00,144033.60,0.00,,ok,,positions,gross,李春花,乙期货'
	run --separate-stderr riskcalc margin -c "$C" -a "$A" "$T/p.csv"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/p.csv:2: lots: expected a whole number of lots, not negative, found '-3'
riskcalc: $T/p.csv:3: contract: unknown contract 'IF9999' (not in the contracts file)
riskcalc: $T/p.csv:4: side: expected long or short (多 or 空), found 'up'
riskcalc: $T/p.csv:5: account: unknown account 'Z999' (not in $A)
riskcalc: $T/p.csv:6: lots: a value is needed"
}

@test "FUT-01: a margin rate above 1 stops riskcalc before any position is read" {
	sed 's/^IH2410,IH,300,0.2,2735.0,2712.4,12%,12%/IH2410,IH,300,0.2,2735.0,2712.4,1.2,12%/' "$C" > "$T/c.csv"
	run --separate-stderr riskcalc margin -c "$T/c.csv" -a "$A" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "riskcalc: $T/c.csv:4: margin_rate: expected a rate of at most 1 (100%), found '1.2'"
	run --separate-stderr riskcalc margin -a "$A" "$P"
	assert_failure 2
	assert_equal "$stderr" $'riskcalc: --contracts FILE is needed\nTry \'riskcalc --help\' for more information.'
}

@test "FUT-01: the margin rows in JSON Lines are exact numbers; Chinese headers read and write" {
	run --separate-stderr bash -c "grep -e '^account' -e '^A004' '$A' > '$T/a.csv'; riskcalc margin --ojson -c '$C' -a '$T/a.csv' '$P' | grep A004"
	assert_output '{"account":"A004","investor":"I003","member":"M02","reserve_before":150000.00,"prev_margin":357645.60,"margin":354920.80,"pnl":-5720.00,"reserve":147004.80,"call":0.00,"due":"","status":"ok","reason":"","basis":"positions","margin_mode":"gross","investor_name":"李春花","member_name":"乙期货"}'
	printf '资金账号,合约代码,买卖方向,持仓量\nA004,IH2410,多,2\nA004,IC2410,空,1\n' > "$T/p.csv"
	run --separate-stderr bash -c "riskcalc margin --zh -c '$C' -a '$T/a.csv' '$T/p.csv'"
	assert_success
	assert_output $'资金账号,投资者编号,会员号,上日结算准备金,上日交易保证金,交易保证金,当日盈亏,结算准备金,追加保证金,追加期限,状态,原因,计算依据,保证金方式,投资者名称,会员名称\nA004,I003,M02,150000.00,357645.60,354920.80,-5720.00,147004.80,0.00,,正常,,持仓,双边,李春花,乙期货'
}

# The issue's day: IF2410, multiplier 300, prev_settle 4017.6, settle 4090.2, rate 15%.
day() {
	printf 'contract,product,multiplier,tick,prev_settle,settle,margin_rate\nIF2410,IF,300,0.2,4017.6,4090.2,15%%\n' > "$T/c.csv"
	printf 'account,reserve\nN1,500000.00\nN2,100000.00\n' > "$T/a.csv"
	printf 'account,contract,side,lots\nN2,IF2410,long,10\n' > "$T/p.csv"
}

@test "FUT-01: N1 flat opens 10 long at 4050.0: margin 1840590.00, pnl 120600.00, call 1219990.00" {
	# margin 4090.2 x 300 x 10 x 15% = 1840590.00; pnl (4090.2 - 4050.0) x 300 x 10 = 120600.00;
	# reserve 500000.00 + 120600.00 - 1840590.00 = -1219990.00: the call, due before the
	# next trading day's open (2024-10-11).
	day
	printf 'account,contract,side,offset,lots,price\nN1,IF2410,buy,open,10,4050.0\n' > "$T/t.csv"
	run --separate-stderr bash -c "riskcalc margin -c '$T/c.csv' -a '$T/a.csv' --trades '$T/t.csv' '$T/p.csv' | grep -e ^account -e ^N1"
	assert_success
	assert_output - <<-'EOF'
	account,investor,member,reserve_before,prev_margin,margin,pnl,reserve,call,due,status,reason,basis,margin_mode
	N1,N1,,500000.00,0.00,1840590.00,120600.00,-1219990.00,1219990.00,2024-10-11,ok,,trades,gross
	EOF
	# Without --trades the positions are taken as unchanged, and the basis says so.
	run --separate-stderr bash -c "riskcalc margin -c '$T/c.csv' -a '$T/a.csv' '$T/p.csv' | cut -d, -f1,9,13"
	assert_output $'account,call,basis\nN1,0.00,positions\nN2,0.00,positions'
}

@test "FUT-01: N2 closes its 10 long at 4080.0: 1807920.00 released, 187200.00 realised, reserve 2095120.00" {
	# prev_margin 4017.6 x 300 x 10 x 15% = 1807920.00, released in full; margin 0.00.
	# pnl (4090.2 - 4017.6) x 3000 held + (4080.0 - 4090.2) x 3000 closed = 217800.00 - 30600.00
	# = 187200.00 (= (4080.0 - 4017.6) x 3000); reserve 100000.00 + 187200.00 + 1807920.00.
	day
	printf '资金账号,合约代码,买卖,开平,成交手数,成交价\nN2,IF2410,卖,平,10,4080.0\n' > "$T/t.csv"
	run --separate-stderr bash -c "riskcalc margin -c '$T/c.csv' -a '$T/a.csv' --trades '$T/t.csv' --positions-out '$T/out.csv' '$T/p.csv' | grep N2"
	assert_success
	assert_output 'N2,N2,,100000.00,1807920.00,0.00,187200.00,2095120.00,0.00,,ok,,trades,gross'
	run cat "$T/out.csv"
	assert_output 'account,investor,member,contract,side,lots,hedge,avg_price'
}

@test "FUT-01: three days chained through --positions-out and the margin rows as tomorrow's accounts" {
	# IF2410, multiplier 300, rate 10%, account K with 1000000.00.
	# Day 1, 4000.0 -> 4010.0: buy open 2 @ 4005.0.  margin 4010.0 x 300 x 2 x 10% = 240600.00,
	#   pnl (4010.0 - 4005.0) x 600 = 3000.00, reserve 1000000.00 + 3000.00 - 240600.00 = 762400.00.
	# Day 2, 4010.0 -> 3990.0: sell close 1 @ 4000.0, buy open 1 @ 3995.0; closing long 2.
	#   prev_margin 240600.00, margin 3990.0 x 600 x 10% = 239400.00;
	#   pnl closed (4000 - 4010) x 300 = -3000.00, held (3990 - 4010) x 300 = -6000.00,
	#   opened (3990 - 3995) x 300 = -1500.00: -10500.00;
	#   reserve 762400.00 - 10500.00 - 239400.00 + 240600.00 = 753100.00.
	# Day 3, 3990.0 -> 4020.0: sell close 2 @ 4030.0.  prev_margin 239400.00, margin 0.00,
	#   pnl (4030 - 3990) x 600 = 24000.00, reserve 753100.00 + 24000.00 + 239400.00 = 1016500.00
	#   = 1000000.00 + the cash result (sold 4000 + 2 x 4030, bought 2 x 4005 + 3995: +55 points x 300).
	printf 'account,reserve\nK,1000000.00\n' > "$T/acc0.csv"
	printf 'account,contract,side,lots\n' > "$T/pos0.csv"
	set -- "4000.0 4010.0 K,IF2410,buy,open,2,4005.0" \
		"4010.0 3990.0 K,IF2410,sell,close,1,4000.0 K,IF2410,buy,open,1,3995.0" \
		"3990.0 4020.0 K,IF2410,sell,close,2,4030.0"
	d=0
	for spec in "$@"; do
		read -r prev settle fills <<<"$spec"
		printf 'contract,multiplier,tick,prev_settle,settle,margin_rate\nIF2410,300,0.2,%s,%s,10%%\n' "$prev" "$settle" > "$T/c$d.csv"
		{ echo account,contract,side,offset,lots,price; tr ' ' '\n' <<<"$fills"; } > "$T/t$d.csv"
		CRM_TODAY=$(printf 2024-10-%02d $((8 + d))) riskcalc margin -c "$T/c$d.csv" -a "$T/acc$d.csv" --trades "$T/t$d.csv" \
			--positions-out "$T/pos$((d + 1)).csv" "$T/pos$d.csv" > "$T/acc$((d + 1)).csv"
		d=$((d + 1))
	done
	run cut -d, -f1,4-9 "$T/acc1.csv" "$T/acc2.csv" "$T/acc3.csv"
	assert_output - <<-'EOF'
	account,reserve_before,prev_margin,margin,pnl,reserve,call
	K,1000000.00,0.00,240600.00,3000.00,762400.00,0.00
	account,reserve_before,prev_margin,margin,pnl,reserve,call
	K,762400.00,240600.00,239400.00,-10500.00,753100.00,0.00
	account,reserve_before,prev_margin,margin,pnl,reserve,call
	K,753100.00,239400.00,0.00,24000.00,1016500.00,0.00
	EOF
	run cat "$T/pos2.csv"
	assert_output $'account,investor,member,contract,side,lots,hedge,avg_price\nK,K,,IF2410,long,2,no,3990.0'
}

@test "FUT-01: closes take yesterday's lots first; close_today (平今) only today's; a close beyond the holding is an error" {
	# K holds 3 long from yesterday, opens 2 today.  平今 3 is more than the 2 opened today:
	# the account is an error row, and --positions-out is not written.
	printf 'contract,multiplier,tick,prev_settle,settle,margin_rate\nIF2410,300,0.2,4000.0,4000.0,10%%\n' > "$T/c.csv"
	printf 'account,reserve\nK,1000000.00\nL,5.00\n' > "$T/a.csv"
	printf 'account,contract,side,lots\nK,IF2410,多,3\n' > "$T/p.csv"
	printf 'account,contract,side,offset,lots,price\nK,IF2410,买,开,2,4000.0\nK,IF2410,卖,平今,3,4000.0\n' > "$T/t.csv"
	run --separate-stderr riskcalc margin -c "$T/c.csv" -a "$T/a.csv" --trades "$T/t.csv" --positions-out "$T/out.csv" "$T/p.csv"
	assert_failure 2
	assert_line "K,K,,,,,,,,,error,close beyond the position at $T/t.csv:3,trades,gross"
	assert_line 'L,L,,5.00,0.00,0.00,0.00,5.00,0.00,,ok,,trades,gross'
	assert_equal "$stderr" "riskcalc: $T/t.csv:3: lots: account 'K' closes 3 long IF2410 opened today, but holds 2
riskcalc: $T/out.csv: not written: not every account was settled"
	[ ! -e "$T/out.csv" ]
	# 平 5 takes the 3 of yesterday, then the 2 of today: flat, margin 0.00, prev_margin
	# 4000.0 x 300 x 3 x 10% = 360000.00 released.
	printf 'account,contract,side,offset,lots,price\nK,IF2410,buy,open,2,4000.0\nK,IF2410,sell,close,5,4000.0\n' > "$T/t.csv"
	run --separate-stderr bash -c "riskcalc margin -c '$T/c.csv' -a '$T/a.csv' --trades '$T/t.csv' '$T/p.csv' | grep ^K"
	assert_output 'K,K,,1000000.00,360000.00,0.00,0.00,1360000.00,0.00,,ok,,trades,gross'
}

@test "FUT-01: a bad fill (unknown contract if2410, negative lots, unknown side) makes its account an error row (exit 2)" {
	printf 'contract,multiplier,tick,prev_settle,settle,margin_rate\nIF2410,300,0.2,4000.0,4000.0,10%%\n' > "$T/c.csv"
	printf 'account,reserve\nK1,100.00\nK2,100.00\nK3,100.00\nK4,100.00\n' > "$T/a.csv"
	printf 'account,contract,side,lots\n' > "$T/p.csv"
	cat > "$T/t.csv" <<-'EOF'
	account,contract,side,offset,lots,price
	K1,if2410,buy,open,1,4000.0
	K2,IF2410,buy,open,-1,4000.0
	K3,IF2410,up,open,1,4000.0
	EOF
	run --separate-stderr riskcalc margin -c "$T/c.csv" -a "$T/a.csv" --trades "$T/t.csv" "$T/p.csv"
	assert_failure 2
	assert_output - <<-EOF
	account,investor,member,reserve_before,prev_margin,margin,pnl,reserve,call,due,status,reason,basis,margin_mode
	K1,K1,,,,,,,,,error,bad trade at $T/t.csv:2,trades,gross
	K2,K2,,,,,,,,,error,bad trade at $T/t.csv:3,trades,gross
	K3,K3,,,,,,,,,error,bad trade at $T/t.csv:4,trades,gross
	K4,K4,,100.00,0.00,0.00,0.00,100.00,0.00,,ok,,trades,gross
	EOF
	assert_equal "$stderr" "riskcalc: $T/t.csv:2: contract: unknown contract 'if2410' (not in the contracts file)
riskcalc: $T/t.csv:3: lots: expected a whole number of lots, not negative, found '-1'
riskcalc: $T/t.csv:4: side: expected one of buy, sell, found 'up'"
}

@test "FUT-01: an overflow of an account's lots is an error naming the account, never a wrap" {
	printf 'contract,multiplier,tick,prev_settle,settle,margin_rate\nIF2410,300,0.2,4000.0,4000.0,10%%\n' > "$T/c.csv"
	printf 'account,reserve\nK,0\n' > "$T/a.csv"
	printf 'account,contract,side,lots\nK,IF2410,long,1000000000000\nK,IF2410,long,1\n' > "$T/p.csv"
	run --separate-stderr riskcalc margin -c "$T/c.csv" -a "$T/a.csv" "$T/p.csv"
	assert_failure 2
	assert_output $'account,investor,member,reserve_before,prev_margin,margin,pnl,reserve,call,due,status,reason,basis,margin_mode\nK,K,,,,,,,,,error,overflow at '"$T"'/p.csv:3,positions,gross'
	assert_equal "$stderr" "riskcalc: $T/p.csv:3: account 'K': the lots of IF2410 overflow"
}

@test "riskcalc: an empty, header-only or bad contracts or accounts file stops riskcalc before any output (exit 2)" {
	: > "$T/empty.csv"
	printf 'contract,tick\n' > "$T/hdr.csv"
	printf 'account,reserve\nK,12.345\n' > "$T/bad.csv"
	run --separate-stderr riskcalc margin -c "$T/empty.csv" -a "$A" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "riskcalc: $T/empty.csv: contracts file has no rows; nothing was done"
	run --separate-stderr riskcalc limits -c "$T/hdr.csv" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "riskcalc: $T/hdr.csv: contracts file has no rows; nothing was done"
	run --separate-stderr riskcalc margin -c "$C" -a "$T/bad.csv" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "${stderr##*$'\n'}" "riskcalc: $T/bad.csv: bad accounts file; nothing was done"
}

@test "FUT-01: without --trades and --positions-out margin settles on the fast path, to the same fen" {
	# 3,000 random positions in 300 accounts: the rows with and without
	# --positions-out (which keeps every position) are the same, byte for byte.
	awk 'BEGIN { x = 7; print "account,reserve"; for (a = 0; a < 300; a++) printf "K%03d,%d.%02d\n", a, a * 1000, a % 100 }' > "$T/a.csv"
	awk 'BEGIN { split("IF2410 IF2412 IH2410 IC2410", c, " "); x = 11
		print "account,contract,side,lots,hedge"
		for (i = 0; i < 3000; i++) { x = (x * 48271) % 2147483647
			printf "K%03d,%s,%s,%d,%s\n", x % 300, c[1 + x % 4], x % 3 ? "long" : "short", 1 + x % 50, x % 5 ? "no" : "yes" } }' > "$T/p.csv"
	riskcalc margin -c "$C" -a "$T/a.csv" "$T/p.csv" > "$T/fast.csv" || true
	riskcalc margin -c "$C" -a "$T/a.csv" --positions-out "$T/out.csv" "$T/p.csv" > "$T/full.csv" || true
	run cmp "$T/fast.csv" "$T/full.csv"
	assert_success
	run wc -l < "$T/fast.csv"
	assert_output 301
	# An account's lots summed over its contracts may not pass 10^12 on either path:
	# 600,000,000,000 IF2410 + 400,000,000,001 IF2412 = 10^12 + 1.
	printf 'account,reserve\nK,0\n' > "$T/a.csv"
	printf 'account,contract,side,lots\nK,IF2410,long,600000000000\nK,IF2412,short,400000000001\n' > "$T/p.csv"
	run --separate-stderr riskcalc margin -c "$C" -a "$T/a.csv" "$T/p.csv"
	assert_failure 2
	assert_line --index 1 --partial 'K,K,,,,,,,,,error,overflow at '
	assert_equal "$stderr" "riskcalc: $T/p.csv:3: account 'K': the lots of IF2412 overflow"
	run --separate-stderr riskcalc margin -c "$C" -a "$T/a.csv" --positions-out "$T/out2.csv" "$T/p.csv"
	assert_failure 2
	assert_equal "${stderr%%$'\n'*}" "riskcalc: $T/p.csv:3: account 'K': the lots of IF2412 overflow"
}

# --- limits and report ---------------------------------------------------------

@test "FUT-10: I001's 320 + 300 long IF2410 through two members are over the 600 limit" {
	# I004's 900 short are hedging within its quota of 900 for product IF (FUT-12): no row.
	run --separate-stderr riskcalc limits -c "$C" --hedge-quotas "$TD/fut-hedge-quotas.csv" "$P"
	assert_failure 1
	assert_output $'rule,kind,investor,member,contract,side,lots,limit,excess,action,trading_code,note\nFUT-10,investor,I001,M01;M02,IF2410,long,620,600,20,no-open-long,,'
}

@test "FUT-09: 600 lots is at the limit, 601 over it; FUT-12: hedging is exempt; FUT-13: the action blocks opening" {
	cat > "$T/p.csv" <<-'EOF'
	account,investor,member,contract,side,lots,hedge
	B1,J1,M01,IF2410,short,600,no
	B2,J2,M01,IF2410,short,601,no
	B3,J3,M01,IF2410,long,500,no
	B3,J3,M01,IF2410,long,500,yes
	B4,J4,M02,IH2410,long,601,
	EOF
	# J3: 500 speculative + 500 hedging within its quota of 500: 500 count, under the limit.
	printf 'investor,contract,lots\nJ3,IF2410,500\n' > "$T/q.csv"
	run --separate-stderr riskcalc limits -c "$C" --hedge-quotas "$T/q.csv" "$T/p.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	rule,kind,investor,member,contract,side,lots,limit,excess,action,trading_code,note
	FUT-09,investor,J2,M01,IF2410,short,601,600,1,no-open-short,,
	FUT-09,investor,J4,M02,IH2410,long,601,600,1,no-open-long,,
	EOF
}

@test "FUT-10, FUT-14: member lists name only the members holding lots on the side concerned" {
	# J1: long 601 through M01, short 5 through M02: FUT-09 (one member on the long side), M01 only.
	# J2: long 400 via M01 + 250 via M02, short 5 via M03: FUT-10, M01;M02.
	cat > "$T/p.csv" <<-'EOF'
	account,investor,member,contract,side,lots,member_name
	B1,J1,M01,IF2410,long,601,甲期货
	B2,J1,M02,IF2410,short,5,乙期货
	B3,J2,M01,IF2410,long,400,甲期货
	B4,J2,M02,IF2410,long,250,乙期货
	B5,J2,M03,IF2410,short,5,丙证券
	EOF
	run --separate-stderr bash -c "riskcalc limits -c '$C' '$T/p.csv' | cut -d, -f1,3,4,6,7"
	assert_output $'rule,investor,member,side,lots\nFUT-09,J1,M01,long,601\nFUT-10,J2,M01;M02,long,650'
	run --separate-stderr bash -c "riskcalc report -c '$C' '$T/p.csv' | cut -d, -f2-4,7,8"
	assert_output $'member,member_name,investor,side,lots\nM01,甲期货,J1,long,601\nM01;M02,甲期货;乙期货,J2,long,650'
}

@test "FUT-11: the 100,000-lot member cap: none at 100,000 lots of open interest, 25% at 100,001" {
	# Member M01 holds 30,000 long.  At 100,000 there is no member limit; at 100,001
	# the limit is floor(100,001 x 25%) = 25,000, so 5,000 lots over.
	printf 'account,investor,member,contract,side,lots\nB1,J1,M01,IF2410,long,30000\n' > "$T/p.csv"
	contract 4019.2 position_limit=1000000 open_interest=100000
	run --separate-stderr riskcalc limits -c "$T/c.csv" "$T/p.csv"
	assert_success
	assert_output 'rule,kind,investor,member,contract,side,lots,limit,excess,action,trading_code,note'
	contract 4019.2 position_limit=1000000 open_interest=100001
	run --separate-stderr riskcalc limits -c "$T/c.csv" "$T/p.csv"
	assert_failure 1
	assert_output $'rule,kind,investor,member,contract,side,lots,limit,excess,action,trading_code,note\nFUT-11,member,,M01,IF2410,long,30000,25000,5000,no-open-long,,'
}

@test "FUT-11: without open_interest, the larger side of the positions is counted" {
	# long 25,001 + 75,000 = 100,001 lots: M01 may hold 25,000; short 100,000 (M03) is 75,000 over.
	cat > "$T/p.csv" <<-'EOF'
	account,investor,member,contract,side,lots
	B1,J1,M01,IF2410,long,25001
	B2,J2,M02,IF2410,long,75000
	B3,J3,M03,IF2410,short,100000
	EOF
	contract 4019.2 position_limit=1000000
	run --separate-stderr riskcalc limits -c "$T/c.csv" "$T/p.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	rule,kind,investor,member,contract,side,lots,limit,excess,action,trading_code,note
	FUT-11,member,,M01,IF2410,long,25001,25000,1,no-open-long,,
	FUT-11,member,,M02,IF2410,long,75000,25000,50000,no-open-long,,
	FUT-11,member,,M03,IF2410,short,100000,25000,75000,no-open-short,,
	EOF
}

@test "FUT-10: investor is 投资者编号 (or 统一开户编码) across members; 交易编码 is trading_code, passed through" {
	# U1 holds 350 long IF2410 through M01 (code T0101) and 251 through M02
	# (code T0207): 350 + 251 = 601 > 600, one lot over; both codes listed.
	cat > "$T/p.csv" <<-'EOF'
	资金账号,投资者编号,会员号,合约代码,买卖方向,持仓量,交易编码
	B1,U1,M01,IF2410,多,350,T0101
	B2,U1,M02,IF2410,多,251,T0207
	EOF
	run --separate-stderr riskcalc limits -c "$C" "$T/p.csv"
	assert_failure 1
	assert_output $'rule,kind,investor,member,contract,side,lots,limit,excess,action,trading_code,note\nFUT-10,investor,U1,M01;M02,IF2410,long,601,600,1,no-open-long,T0101;T0207,'
	sed -i '1s/投资者编号/统一开户编码/' "$T/p.csv"
	run --separate-stderr bash -c "riskcalc limits -c '$C' '$T/p.csv' | cut -d, -f1,3,7,11"
	assert_output $'rule,investor,lots,trading_code\nFUT-10,U1,601,T0101;T0207'
	# An accounts file may spell the investor 统一开户编码 too.
	printf 'account,统一开户编码,reserve\nB1,U1,1.00\n' > "$T/a.csv"
	run --separate-stderr bash -c "riskcalc margin -c '$C' -a '$T/a.csv' /dev/null | cut -d, -f1,2,15"
	assert_output $'account,investor\nB1,U1'
	# The report carries the codes too (FUT-14: the investor's code).
	run --separate-stderr bash -c "riskcalc report -c '$C' '$T/p.csv' | cut -d, -f4,8,17"
	assert_output $'investor,lots,trading_code\nU1,601,T0101;T0207'
}

@test "FUT-10: --investors maps trading codes at their member to investors" {
	# T0101 at M01 and T0207 at M02 are U1: 350 + 251 = 601 long, one over 600.
	# T0101 at M02 is another investor, U2: its 100 lots are not U1's.
	cat > "$T/p.csv" <<-'EOF'
	account,member,contract,side,lots,trading_code
	B1,M01,IF2410,long,350,T0101
	B2,M02,IF2410,long,251,T0207
	B3,M02,IF2410,long,100,T0101
	EOF
	printf 'trading_code,member,investor\nT0101,M01,U1\nT0207,M02,U1\nT0101,M02,U2\n' > "$T/inv.csv"
	run --separate-stderr riskcalc limits -c "$C" --investors "$T/inv.csv" "$T/p.csv"
	assert_failure 1
	assert_output $'rule,kind,investor,member,contract,side,lots,limit,excess,action,trading_code,note\nFUT-10,investor,U1,M01;M02,IF2410,long,601,600,1,no-open-long,T0101;T0207,'
	# Without the file each account stands alone: 350, 251 and 100, none over.
	run --separate-stderr riskcalc limits -c "$C" "$T/p.csv"
	assert_success
	# A code the file does not know, or an investor it contradicts: the record is rejected, exit 2.
	printf 'B4,M03,IF2410,long,1,T9999\n' >> "$T/p.csv"
	run --separate-stderr riskcalc limits -c "$C" --investors "$T/inv.csv" "$T/p.csv"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/p.csv:5: trading code 'T9999' of member 'M03' is not in $T/inv.csv"
	printf 'account,investor,member,contract,side,lots,trading_code\nB1,U9,M01,IF2410,long,1,T0101\n' > "$T/p.csv"
	run --separate-stderr riskcalc limits -c "$C" --investors "$T/inv.csv" "$T/p.csv"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/p.csv:2: investor 'U9' differs from 'U1', the investor of trading code 'T0101' of member 'M01'"
}

@test "FUT-10, FUT-11, FUT-12: an empty, header-only or bad settings file stops riskcalc before any output" {
	: > "$T/empty.csv"
	printf 'trading_code,member,investor\n' > "$T/hdr.csv"
	run --separate-stderr riskcalc limits -c "$C" --investors "$T/empty.csv" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "riskcalc: $T/empty.csv: investors file has no rows; nothing was done"
	run --separate-stderr riskcalc report -c "$C" --investors "$T/hdr.csv" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "riskcalc: $T/hdr.csv: investors file has no rows; nothing was done"
	printf 'trading_code,member,investor\nT1,M01,\nT2,M01,U1\nT2,M01,U2\n' > "$T/bad.csv"
	run --separate-stderr riskcalc limits -c "$C" --investors "$T/bad.csv" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "riskcalc: $T/bad.csv:2: expected a trading_code, a member and an investor
riskcalc: $T/bad.csv:4: trading code 'T2' of member 'M01' appears more than once
riskcalc: $T/bad.csv: bad investors file; nothing was done"
	# A clearing member clears for itself: C1 clearing through C2 is a bad row.
	printf 'member,clearing_member\nM01,C1\nC1,C2\n' > "$T/m.csv"
	run --separate-stderr riskcalc limits -c "$C" --members "$T/m.csv" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "${stderr##*$'\n'}" "riskcalc: $T/m.csv: bad members file; nothing was done"
	printf 'member,clearing_member\n' > "$T/m.csv"
	run --separate-stderr riskcalc limits -c "$C" --members "$T/m.csv" "$P"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/m.csv: members file has no rows; nothing was done"
	# Quotas: an unknown contract or product, negative lots, a repeated row, both or neither holder.
	printf 'investor,member,contract,lots\nI004,,XX,9\nI004,,IF,-1\nI004,,IF2410,5\nI004,,IF2410,6\nI004,M01,IF,1\n' > "$T/q.csv"
	run --separate-stderr riskcalc warn -c "$C" --hedge-quotas "$T/q.csv" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "riskcalc: $T/q.csv:2: contract: expected a contract or a product, found 'XX'
riskcalc: $T/q.csv:3: lots: expected a whole number of lots, not negative, found '-1'
riskcalc: $T/q.csv:5: the quota of 'I004' for IF2410 appears more than once
riskcalc: $T/q.csv:6: a quota is an investor's or a member's: give one of them
riskcalc: $T/q.csv: bad hedge quotas file; nothing was done"
	run --separate-stderr riskcalc limits -c "$C" --hedge-quotas "$T/empty.csv" "$P"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/empty.csv: hedge quotas file has no rows; nothing was done"
}

@test "FUT-11: the 25% cap is per clearing member; --members maps trading members to it" {
	# open_interest 200,000 > 100,000: a clearing member may hold floor(200,000 x 25%) = 50,000.
	# M01 30,000 + M02 25,000 long, both clearing through C1: 55,000, 5,000 over.
	# M03 has no row: it clears for itself, 40,000 ≤ 50,000.
	cat > "$T/p.csv" <<-'EOF'
	account,investor,member,contract,side,lots
	B1,J1,M01,IF2410,long,30000
	B2,J2,M02,IF2410,long,25000
	B3,J3,M03,IF2410,long,40000
	EOF
	contract 4019.2 position_limit=1000000 open_interest=200000
	printf 'member,clearing_member,member_name\nM01,C1,甲期货\nM02,C1,乙期货\n' > "$T/m.csv"
	run --separate-stderr riskcalc limits -c "$T/c.csv" --members "$T/m.csv" "$T/p.csv"
	assert_failure 1
	assert_output $'rule,kind,investor,member,contract,side,lots,limit,excess,action,trading_code,note\nFUT-11,member,,C1,IF2410,long,55000,50000,5000,no-open-long,,clearing member of M01;M02'
	# Each trading member alone is under the cap.
	run --separate-stderr riskcalc limits -c "$T/c.csv" "$T/p.csv"
	assert_success
}

@test "FUT-12: hedge lots are exempt only within the quota; beyond it, or without one, they count and the row says why" {
	# J1 short IF2410: 400 speculative + 500 hedging; the limit is 600.
	cat > "$T/p.csv" <<-'EOF'
	account,investor,member,contract,side,lots,hedge
	B1,J1,M01,IF2410,short,400,投机
	B1,J1,M01,IF2410,short,500,套保
	EOF
	# No quota: 400 + 500 = 900 count, 300 over.
	run --separate-stderr bash -c "riskcalc limits -c '$C' '$T/p.csv' | cut -d, -f3,7-9,12"
	assert_output $'investor,lots,limit,excess,note\nJ1,900,600,300,500 hedge lots without a quota count as speculation'
	# A quota of 250 covers 250: 400 + (500 - 250) = 650, 50 over.
	printf 'investor,contract,lots\nJ1,IF2410,250\n' > "$T/q.csv"
	run --separate-stderr bash -c "riskcalc limits -c '$C' --hedge-quotas '$T/q.csv' '$T/p.csv' | cut -d, -f3,7-9,12"
	assert_output $'investor,lots,limit,excess,note\nJ1,650,600,50,250 hedge lots beyond the quota (250 covered) count as speculation'
	# A quota of 300: 400 + 200 = 600, at the limit: no row.
	printf 'investor,contract,lots\nJ1,IF2410,300\n' > "$T/q.csv"
	run --separate-stderr riskcalc limits -c "$C" --hedge-quotas "$T/q.csv" "$T/p.csv"
	assert_success
}

@test "FUT-12: a product's quota is shared by its contracts in code order, after each contract's own" {
	# J1 hedges 500 short IF2410 and 900 short IF2412 (+ 300 speculative); quota IF 1,000.
	# IF2410 takes 500 (500 left); IF2412 takes the other 500: 400 count, 300 + 400 = 700, 100 over.
	cat > "$T/p.csv" <<-'EOF'
	account,investor,member,contract,side,lots,hedge
	B1,J1,M01,IF2410,short,500,yes
	B1,J1,M01,IF2412,short,900,yes
	B1,J1,M01,IF2412,short,300,no
	EOF
	printf 'investor,contract,lots\nJ1,IF,1000\n' > "$T/q.csv"
	run --separate-stderr bash -c "riskcalc limits -c '$C' --hedge-quotas '$T/q.csv' '$T/p.csv' | cut -d, -f3,5,7-9,12"
	assert_output $'investor,contract,lots,limit,excess,note\nJ1,IF2412,700,600,100,400 hedge lots beyond the quota (500 covered) count as speculation'
	# IF2412's own quota of 100 comes first: 100 + 500 from IF, 300 count: 600, at the limit.
	printf 'investor,contract,lots\nJ1,IF,1000\nJ1,IF2412,100\n' > "$T/q.csv"
	run --separate-stderr riskcalc limits -c "$C" --hedge-quotas "$T/q.csv" "$T/p.csv"
	assert_success
	# The quota is per side: a long hedge of 1,000 IF2410 has its own 1,000.
	printf 'B2,J1,M02,IF2410,long,1000,yes\n' >> "$T/p.csv"
	run --separate-stderr riskcalc limits -c "$C" --hedge-quotas "$T/q.csv" "$T/p.csv"
	assert_success
}

@test "FUT-12: 套利 (arbitrage) is not hedging; a member's quota serves FUT-11" {
	# 601 lots flagged 套利 are speculation even with a quota: FUT-09, one over, no note.
	printf 'account,investor,member,contract,side,lots,hedge\nB1,J1,M01,IF2410,long,601,套利\n' > "$T/p.csv"
	printf 'investor,contract,lots\nJ1,IF2410,601\n' > "$T/q.csv"
	run --separate-stderr bash -c "riskcalc limits -c '$C' --hedge-quotas '$T/q.csv' '$T/p.csv' | cut -d, -f1,7,9,12"
	assert_output $'rule,lots,excess,note\nFUT-09,601,1,'
	# M01 holds 30,000 long, 10,000 of them hedging; open interest 100,001: cap 25,000.
	# Without a member quota: 30,000 count, 5,000 over.  With M01's quota of 8,000:
	# 20,000 + 2,000 = 22,000, under the cap.
	cat > "$T/p.csv" <<-'EOF'
	account,investor,member,contract,side,lots,hedge
	B1,J1,M01,IF2410,long,20000,no
	B2,J2,M01,IF2410,long,10000,yes
	EOF
	contract 4019.2 position_limit=1000000 open_interest=100001
	printf 'investor,contract,lots\nJ2,IF2410,10000\n' > "$T/q.csv"
	run --separate-stderr bash -c "riskcalc limits -c '$T/c.csv' --hedge-quotas '$T/q.csv' '$T/p.csv' | cut -d, -f1,4,7,9,12"
	assert_output $'rule,member,lots,excess,note\nFUT-11,M01,30000,5000,10000 hedge lots without a quota count as speculation'
	printf 'member,contract,lots\nM01,IF,8000\n' > "$T/q.csv"
	run --separate-stderr riskcalc limits -c "$T/c.csv" --hedge-quotas "$T/q.csv" "$T/p.csv"
	assert_success
}

@test "FUT-14: investors at 80% of the limit (480 lots, inclusive) report by the next trading day" {
	run --separate-stderr riskcalc report -c "$C" -a "$A" "$P"
	assert_failure 1
	# margin: 620 x 3965.8 x 300 x 12% = 88516656.00; available: 6000000.00 + 3000000.00
	assert_output - <<-'EOF'
	rule,member,member_name,investor,investor_name,contract,side,lots,threshold,margin,available,due,investor_type,attachments_due,attachments_on_file,attachments_missing,trading_code
	FUT-14,M01;M02,甲期货;乙期货,I001,华泰资本,IF2410,long,620,480,88516656.00,9000000.00,2024-10-11,,form;source-of-funds;actual-controller;account-documents;settlement-statement,,form;source-of-funds;actual-controller;account-documents;settlement-statement,
	FUT-14,M01,甲期货,I002,王建国,IF2410,short,500,480,71384400.00,600000.00,2024-10-11,,form;source-of-funds;actual-controller;account-documents;settlement-statement,,form;source-of-funds;actual-controller;account-documents;settlement-statement,
	FUT-14,M01,甲期货,I004,远山套保基金,IF2410,short,900,480,128491920.00,9000000.00,2024-10-11,,form;source-of-funds;actual-controller;account-documents;settlement-statement,,form;source-of-funds;actual-controller;account-documents;settlement-statement,
	EOF
	printf 'account,contract,side,lots\nB1,IF2410,long,480\nB2,IF2410,long,479\n' > "$T/p.csv"
	run --separate-stderr bash -c "riskcalc report -c '$C' '$T/p.csv' | cut -d, -f4,8,9"
	assert_output $'investor,lots,threshold\nB1,480,480'
}

@test "FUT-14: due skips the National Day holiday and the make-up Saturday 2024-10-12" {
	printf 'account,contract,side,lots\nB1,IF2410,long,480\n' > "$T/p.csv"
	run --separate-stderr bash -c "riskcalc report --today 2024-09-30 -c '$C' '$T/p.csv' | cut -d, -f12"
	assert_output $'due\n2024-10-08'
	run --separate-stderr bash -c "riskcalc report --today 2024-10-11 -c '$C' '$T/p.csv' | cut -d, -f12"
	assert_output $'due\n2024-10-14'
	contract 4019.2 position_limit=1000 report_threshold=50.1%
	run --separate-stderr bash -c "riskcalc report -c '$T/c.csv' '$T/p.csv' | cut -d, -f8,9"
	assert_output $'lots,threshold'
}

@test "FUT-21: the report lists the attachments due, on file and missing; ③ only for a legal person" {
	# I001 is a legal person (法人): five items due, form and source-of-funds on file.
	# I002 is a person: no actual-controller; the exchange asked for an explanation (⑤), not yet received.
	sed -e '1s/$/,investor_type/' -e '/^A00[12]/s/$/,法人/' -e '/^A003/s/$/,person/' -e '/^A00[4-6]/s/$/,/' "$A" > "$T/a.csv"
	printf 'investor,item,on_file\nI001,form,yes\nI001,source-of-funds,\nI002,explanation,no\n' > "$T/att.csv"
	run --separate-stderr bash -c "riskcalc report -c '$C' -a '$T/a.csv' --attachments '$T/att.csv' '$P' | cut -d, -f4,12-"
	assert_output - <<-'EOF'
	investor,due,investor_type,attachments_due,attachments_on_file,attachments_missing,trading_code
	I001,2024-10-11,legal-person,form;source-of-funds;actual-controller;account-documents;settlement-statement,form;source-of-funds,actual-controller;account-documents;settlement-statement,
	I002,2024-10-11,person,form;source-of-funds;account-documents;settlement-statement;explanation,,form;source-of-funds;account-documents;settlement-statement;explanation,
	I004,2024-10-11,,form;source-of-funds;actual-controller;account-documents;settlement-statement,,form;source-of-funds;actual-controller;account-documents;settlement-statement,
	EOF
	# A bad attachments row stops the report before any output.
	printf 'investor,item,on_file\nI001,form,maybe\n' > "$T/att.csv"
	run --separate-stderr riskcalc report -c "$C" -a "$T/a.csv" --attachments "$T/att.csv" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "riskcalc: $T/att.csv:2: expected investor, item and on_file yes or no"
}

# --- liquidate ----------------------------------------------------------------

@test "FUT-15: calls and excess lots become forced closes for the next trading day" {
	# A002 call 1229280.00; a lot of IF2410 frees 3965.8 x 300 x 12% = 142768.80: ceil(8.61) = 9 lots.
	# A006 call 5913.00: IF2412 frees 177759.00 a lot (the most): 1 lot.
	# I001's excess 20: from its largest position, A001's 320.
	riskcalc limits -c "$C" --hedge-quotas "$TD/fut-hedge-quotas.csv" "$P" > "$T/v.csv" || true
	run --separate-stderr bash -c "riskcalc margin -c '$C' -a '$A' '$P' |
		riskcalc liquidate -c '$C' -p '$P' --limits '$T/v.csv'"
	assert_failure 1
	assert_output - <<-'EOF'
	rule,account,investor,member,contract,side,lots,reason,executor,due,remaining,status
	FUT-15,A001,I001,M01,IF2410,long,20,limit,member,2024-10-11,,ok
	FUT-15,A002,I001,M02,IF2410,long,9,call,member,2024-10-11,,ok
	FUT-15,A006,I005,M02,IF2412,long,1,call,member,2024-10-11,,ok
	EOF
	assert_equal "$stderr" ""
}

@test "FUT-15: under --larger-side a 200000.00 call on long 10 IF2410 / short 10 IF2412 closes 2 long and 2 short" {
	# A lot of IF2410 charges 4000.0 x 300 x 12% = 144000.00, of IF2412 3981.5 x 300 x 12% =
	# 143334.00.  Larger side: max(1440000.00, 1433340.00) = 1440000.00.  Closing 2 long
	# only frees 1440000.00 - 1433340.00 = 6660.00.  To free 200000.00 both sides must
	# drop to 1240000.00: long by ceil(200000 / 144000) = 2 lots, short by
	# ceil((200000 - 6660) / 143334) = 2 lots; after them max(1152000.00, 1146672.00) frees 288000.00.
	printf 'contract,product,multiplier,tick,prev_settle,settle,margin_rate\nIF2410,IF,300,0.2,4000.0,4000.0,12%%\nIF2412,IF,300,0.1,3981.5,3981.5,12%%\n' > "$T/c.csv"
	printf 'account,reserve\nS1,-200000.00\n' > "$T/a.csv"
	printf 'account,contract,side,lots\nS1,IF2410,long,10\nS1,IF2412,short,10\n' > "$T/p.csv"
	run --separate-stderr bash -c "riskcalc margin --larger-side -c '$T/c.csv' -a '$T/a.csv' '$T/p.csv' | tee '$T/m.csv' | riskcalc liquidate -c '$T/c.csv' -p '$T/p.csv'"
	assert_failure 1
	assert_output - <<-'EOF'
	rule,account,investor,member,contract,side,lots,reason,executor,due,remaining,status
	FUT-15,S1,S1,,IF2410,long,2,call,member,2024-10-11,,ok
	FUT-15,S1,S1,,IF2412,short,2,call,member,2024-10-11,,ok
	EOF
	# The same without the margin_mode column: --larger-side says it; without it, gross:
	# 2 long free 288000.00 of a gross margin.
	run --separate-stderr bash -c "cut -d, -f1-12 '$T/m.csv' | riskcalc liquidate --larger-side -c '$T/c.csv' -p '$T/p.csv' | cut -d, -f5-7"
	assert_output $'contract,side,lots\nIF2410,long,2\nIF2412,short,2'
	run --separate-stderr bash -c "cut -d, -f1-12 '$T/m.csv' | riskcalc liquidate -c '$T/c.csv' -p '$T/p.csv' | cut -d, -f5-7"
	assert_output $'contract,side,lots\nIF2410,long,2'
}

@test "FUT-15: a call that no liquidation can cover is an uncovered row with the amount remaining" {
	# S2 holds nothing: 5.00 remains.  S3 holds 1 long IF2410 (144000.00 of margin) against a
	# call of 150000.00: close it, 6000.00 remains.
	printf 'contract,product,multiplier,tick,prev_settle,settle,margin_rate\nIF2410,IF,300,0.2,4000.0,4000.0,12%%\n' > "$T/c.csv"
	printf 'account,reserve\nS2,-5.00\nS3,-150000.00\n' > "$T/a.csv"
	printf 'account,contract,side,lots\nS3,IF2410,long,1\n' > "$T/p.csv"
	run --separate-stderr bash -c "riskcalc margin -c '$T/c.csv' -a '$T/a.csv' '$T/p.csv' | riskcalc liquidate -c '$T/c.csv' -p '$T/p.csv'"
	assert_failure 1
	assert_output - <<-'EOF'
	rule,account,investor,member,contract,side,lots,reason,executor,due,remaining,status
	FUT-15,S3,S3,,IF2410,long,1,call,member,2024-10-11,,ok
	FUT-15,S3,S3,,,,,uncovered,,2024-10-11,6000.00,ok
	FUT-15,S2,S2,,,,,uncovered,,2024-10-11,5.00,ok
	EOF
}

@test "FUT-15: margin | liquidate passes an error row on, names it and exits 2; JSON in, CSV positions" {
	printf 'account,contract,side,lots\nA006,if2412,long,3\n' > "$T/p.csv"
	run --separate-stderr bash -c "riskcalc margin -c '$C' -a '$A' '$T/p.csv' 2>/dev/null | riskcalc liquidate -c '$C' -p '$P'"
	assert_failure 2
	assert_line "FUT-15,A006,I005,M02,,,,bad position at $T/p.csv:2,,,,error"
	assert_equal "$stderr" "riskcalc: (stdin):7: account 'A006' was not settled (bad position at $T/p.csv:2): passed on as an error"
	run --separate-stderr bash -c "riskcalc margin --ojson -c '$C' -a '$A' '$P' | riskcalc liquidate --ijson -c '$C' -p '$P'"
	assert_failure 1
	assert_line 'FUT-15,A002,I001,M02,IF2410,long,9,call,member,2024-10-11,,ok'
}

@test "FUT-15: property: for 60 random accounts, both margin modes, the proposed closes cover every call" {
	# Closes become fills at the settlement price (no pnl): margin --trades recomputes the
	# margin after them.  Every call must be 0.00, except uncovered ones, whose call is
	# exactly the remaining amount.
	cat > "$T/c.csv" <<-'EOF'
	contract,product,multiplier,tick,prev_settle,settle,margin_rate,prev_margin_rate
	IF2410,IF,300,0.2,4019.2,3965.8,12%,12%
	IF2412,IF,300,0.2,4004.6,3950.2,15%,12%
	IH2410,IH,300,0.2,2735.0,2712.4,12%,12%
	IC2410,IC,200,0.2,5740.2,5701.0,14%,14%
	EOF
	awk -v seed=7 -v a="$T/a.csv" 'BEGIN {
		x = seed; split("IF2410 IF2412 IH2410 IC2410", c, " ")
		print "account,reserve" > a
		print "account,contract,side,lots"
		for (i = 0; i < 60; i++) {
			x = (x * 48271) % 2147483647
			printf "R%02d,%d.%02d\n", i, x % 9000000 - 6000000, x % 100 > a
			for (k = 1; k <= 4; k++) for (s = 0; s < 2; s++) {
				x = (x * 48271) % 2147483647
				if (x % 3) printf "R%02d,%s,%s,%d\n", i, c[k], s ? "short" : "long", x % 15
			}
		}
	}' > "$T/p.csv"
	for mode in "" --larger-side; do
		riskcalc margin $mode -c "$T/c.csv" -a "$T/a.csv" "$T/p.csv" > "$T/m.csv" || [ $? -eq 1 ]
		riskcalc liquidate -c "$T/c.csv" -p "$T/p.csv" "$T/m.csv" > "$T/l.csv" || [ $? -eq 1 ]
		awk -F, 'NR == FNR { if (FNR > 1) settle[$1] = $6; next }
			FNR == 1 { print "account,contract,side,offset,lots,price"; next }
			$8 == "call" { printf "%s,%s,%s,close,%s,%s\n", $2, $5, $6 == "long" ? "sell" : "buy", $7, settle[$5] }' \
			"$T/c.csv" "$T/l.csv" > "$T/t.csv"
		riskcalc margin $mode -c "$T/c.csv" -a "$T/a.csv" --trades "$T/t.csv" "$T/p.csv" > "$T/m2.csv" || [ $? -eq 1 ]
		run awk -F, 'NR == FNR { if ($8 == "uncovered") left[$2] = $11; next }
			FNR > 1 && $9 != (($1 in left) ? left[$1] : "0.00") { print "not covered:", $0 }
			FNR > 1 { n++ } END { print n, "accounts" }' "$T/l.csv" "$T/m2.csv"
		assert_output "60 accounts"
		# One lot fewer (the first close of each covered account) leaves a call: a closer
		# check that no close is wasted.
		awk -F, 'NR == FNR { if ($8 == "uncovered") skip[$2] = 1; next }
			FNR > 1 && !seen[$1]++ { $5 = $5 - 1 }
			FNR == 1 || !($1 in skip) { print }' OFS=, "$T/l.csv" "$T/t.csv" > "$T/t1.csv"
		riskcalc margin $mode -c "$T/c.csv" -a "$T/a.csv" --trades "$T/t1.csv" "$T/p.csv" > "$T/m3.csv" || [ $? -eq 1 ]
		run awk -F, 'NR == FNR { if (FNR > 1) short[$1] = 1; next }
			FNR > 1 && ($1 in short) && $9 == "0.00" { print "a lot too many:", $0 }' "$T/t1.csv" "$T/m3.csv"
		assert_output ""
		# The test means something: calls were covered by closes, and some were not coverable.
		run awk -F, '$8 == "call"' "$T/l.csv"
		[ "${#lines[@]}" -gt 40 ]
		run awk -F, '$8 == "uncovered"' "$T/l.csv"
		[ "${#lines[@]}" -gt 5 ]
	done
}

@test "FUT-16: what the member did not close in the first session, the exchange closes" {
	riskcalc limits -c "$C" --hedge-quotas "$TD/fut-hedge-quotas.csv" "$P" > "$T/v.csv" || true
	printf 'account,contract,side,lots\nA001,IF2410,long,20\nA002,IF2410,long,5\n' > "$T/done.csv"
	run --separate-stderr bash -c "riskcalc margin -c '$C' -a '$A' '$P' |
		riskcalc liquidate -c '$C' -p '$P' --limits '$T/v.csv' --executed '$T/done.csv'"
	assert_failure 1
	assert_output - <<-'EOF'
	rule,account,investor,member,contract,side,lots,reason,executor,due,remaining,status
	FUT-15,A001,I001,M01,IF2410,long,20,limit,member,2024-10-11,,ok
	FUT-15,A002,I001,M02,IF2410,long,5,call,member,2024-10-11,,ok
	FUT-16,A002,I001,M02,IF2410,long,4,call,exchange,2024-10-11,,ok
	FUT-16,A006,I005,M02,IF2412,long,1,call,exchange,2024-10-11,,ok
	EOF
}

# --- deleverage -----------------------------------------------------------------

@test "FUT-17: a three-tier deleveraging worked by hand" {
	# D2: IF2410 limit-down, prev_settle 4000.0, settle 3600.0, limit 3600.0.
	# 10% of settle = 360 points, 6% = 216.
	# Requesters (close orders for long):
	#   R1 long 10 @ 4000: unit loss 400 >= 360: 10 lots.
	#   R2 long 7 @ 3980, short 2 @ 3700: net long 5, pnl -2660 + 200 = -2460,
	#      unit -492: its net 5 lots take part; the other 2 offset against its short.
	#   R3 long 6 @ 3900: unit loss 300 < 360: does not take part.
	#   Requested R = 15.
	# Counterparties (net short, unit profit > 0):
	#   tier 1 (>= 360): C1 short 5 @ 4000 (400), C2 short 2 @ 3970 (370): 7 lots
	#   tier 2 (>= 216): C3 short 3 @ 3900 (300), C4 short 5 @ 3850 + long 1 @ 3700:
	#      net 4, pnl 1250 - 100 = 1150, unit 287.5: 4 lots; tier 7 lots
	#   tier 3 (> 0): C5 short 3 @ 3650 (50), C7 short 2 @ 3700 (100): 5 lots
	#   C6 short 2 @ 3500 loses: not a counterparty.
	# Tier 1: 7 < 15, all close; 7 over (R1 10, R2 5): 4.67 / 2.33 -> 4 + 2, the
	#   leftover lot to R1 (fraction 10/15 > 5/15): R1 5, R2 2.  Left: R1 5, R2 3.
	# Tier 2: 7 < 8, all close; 7 over (5, 3): 4.375 / 2.625 -> 4 + 2, the leftover
	#   to R2 (5/8 > 3/8): R1 4, R2 3.  Left: R1 1.
	# Tier 3: 5 >= 1: R1 filled; 1 lot over (C5 3, C7 2): 0.6 / 0.4 -> C5.
	# Requesters 5+2+4+3+1 = 15 = counterparties 5+2+3+4+1.
	run --separate-stderr riskcalc deleverage -c "$TD/fut-d2-contracts.csv" -p "$TD/fut-d2-positions.csv" "$TD/fut-orders.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	account,contract,side,lots,price,role,tier
	R2,IF2410,long,2,3600.0,offset,
	R2,IF2410,short,2,3600.0,offset,
	R1,IF2410,long,5,3600.0,requester,1
	R2,IF2410,long,2,3600.0,requester,1
	C1,IF2410,short,5,3600.0,counterparty,1
	C2,IF2410,short,2,3600.0,counterparty,1
	R1,IF2410,long,4,3600.0,requester,2
	R2,IF2410,long,3,3600.0,requester,2
	C3,IF2410,short,3,3600.0,counterparty,2
	C4,IF2410,short,4,3600.0,counterparty,2
	R1,IF2410,long,1,3600.0,requester,3
	C5,IF2410,short,1,3600.0,counterparty,3
	EOF
	assert_equal "$stderr" ""
}

@test "FUT-17: orders given CTP-style, 卖 + 平 (买卖方向, 开平), are the same as side long; an open is an error" {
	# fut-orders.csv's orders close longs: 卖平.  The fills must be the same.
	riskcalc deleverage -c "$TD/fut-d2-contracts.csv" -p "$TD/fut-d2-positions.csv" "$TD/fut-orders.csv" > "$T/want.csv" || true
	awk -F, 'NR == 1 { print "资金账号,合约代码,买卖方向,开平,手数,价格"; next }
		{ print $1 "," $2 "," ($3 == "long" ? "卖" : "买") "," (NR % 2 ? "平" : "平今") "," $4 "," $5 }' \
		"$TD/fut-orders.csv" > "$T/o.csv"
	run --separate-stderr bash -c "riskcalc deleverage -c '$TD/fut-d2-contracts.csv' -p '$TD/fut-d2-positions.csv' '$T/o.csv' | cmp - '$T/want.csv'"
	assert_success
	printf 'account,contract,direction,offset,lots\nR1,IF2410,sell,open,10\n' > "$T/o.csv"
	run --separate-stderr riskcalc deleverage -c "$TD/fut-d2-contracts.csv" -p "$TD/fut-d2-positions.csv" "$T/o.csv"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/o.csv:2: offset: a sell order at the limit must close (平), found 'open'"
}

@test "FUT-17: an account whose close order offsets against its own short, and stays net profitable, is a counterparty for its net lots" {
	# Limit down 3600.0 (4000.0 - 10%).  R1 long 10 @ 4000.0 loses 400 a lot, 11.1% >= 10%: requester.
	# X short 12 @ 4000.0 (+4800 points) and long 2 @ 3990.0 (-780), orders to close its long 2:
	# they offset against its own short (role offset).  It keeps net short 10 with a unit profit of
	# 4020 / 10 = 402, 11.2% of 3600: tier 1, and fills R1's 10.
	printf 'account,contract,side,lots,avg_price\nR1,IF2410,long,10,4000.0\nX,IF2410,short,12,4000.0\nX,IF2410,long,2,3990.0\n' > "$T/p.csv"
	printf 'account,contract,side,lots\nR1,IF2410,long,10\nX,IF2410,long,2\n' > "$T/o.csv"
	run --separate-stderr riskcalc deleverage -c "$TD/fut-d2-contracts.csv" -p "$T/p.csv" "$T/o.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	account,contract,side,lots,price,role,tier
	X,IF2410,long,2,3600.0,offset,
	X,IF2410,short,2,3600.0,offset,
	R1,IF2410,long,10,3600.0,requester,1
	X,IF2410,short,10,3600.0,counterparty,1
	EOF
}

@test "FUT-17: what no tier can fill is unfilled; ties in the remainder go to the larger holding, then the account" {
	# Limit-up: shorts close at 4400.0.  S1 short 6 @ 3900 and S2 short 3 @ 3900: unit loss
	# 500 >= 440.  One counterparty, L1 long 4 @ 3900 (profit 500, tier 1): 4 over (6, 3):
	# 2.67 / 1.33 -> 2 + 1, the leftover to S1 (fraction 6/9 > 3/9).  Unfilled: S1 3, S2 2.
	printf 'contract,multiplier,tick,prev_settle,settle\nIF2410,300,0.2,4000.0,4400.0\n' > "$T/c.csv"
	printf 'account,contract,side,lots,avg_price\nS1,IF2410,short,6,3900\nS2,IF2410,short,3,3900\nL1,IF2410,long,4,3900\n' > "$T/p.csv"
	printf 'account,contract,side,lots\nS1,IF2410,short,6\nS2,IF2410,short,3\n' > "$T/o.csv"
	run --separate-stderr riskcalc deleverage -c "$T/c.csv" -p "$T/p.csv" "$T/o.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	account,contract,side,lots,price,role,tier
	S1,IF2410,short,3,4400.0,requester,1
	S2,IF2410,short,1,4400.0,requester,1
	L1,IF2410,long,4,4400.0,counterparty,1
	S1,IF2410,short,3,,unfilled,
	S2,IF2410,short,2,,unfilled,
	EOF
	# Equal fractions: 1 lot over (K2 2, K1 2, K3 1): K1 and K2 tie on fraction and size -> K1.
	printf 'account,contract,side,lots,avg_price\nS1,IF2410,short,1,3900\nK2,IF2410,long,2,3900\nK1,IF2410,long,2,3900\nK3,IF2410,long,1,3900\n' > "$T/p.csv"
	printf 'account,contract,side,lots\nS1,IF2410,short,1\n' > "$T/o.csv"
	run --separate-stderr bash -c "riskcalc deleverage -c '$T/c.csv' -p '$T/p.csv' '$T/o.csv' | grep counterparty"
	assert_output 'K1,IF2410,long,1,4400.0,counterparty,1'
}

@test "FUT-17: an order beyond the holding, at another price, or on the last trading day is an error" {
	printf 'contract,multiplier,tick,prev_settle,settle,last_trading_day\nIF2410,300,0.2,4000.0,3600.0,2024-10-18\nIF2411,300,0.2,4000.0,3600.0,2024-10-10\n' > "$T/c.csv"
	printf 'account,contract,side,lots,avg_price\nR1,IF2410,long,5,4000\n' > "$T/p.csv"
	printf 'account,contract,side,lots,price\nR1,IF2410,long,6,3600.0\nR1,IF2410,long,1,3602.0\nR1,IF2411,long,1,\n' > "$T/o.csv"
	run --separate-stderr riskcalc deleverage -c "$T/c.csv" -p "$T/p.csv" "$T/o.csv"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/o.csv:3: price: a long close order to deleverage is at the limit 3600.0, found '3602.0'
riskcalc: $T/o.csv:4: IF2411 has no limit price today (its last trading day?): nothing to deleverage
riskcalc: $T/o.csv:2: lots: close orders for 6 long IF2410 but account 'R1' holds 5"
	run --separate-stderr riskcalc deleverage -c "$T/c.csv" "$T/o.csv"
	assert_failure 2
}

@test "FUT-17: property: for 25 random markets totals balance and no account gets more than it holds or asks" {
	trap - DEBUG	# shell loops: bats's per-command trap triples their time
	local seed
	for seed in $(seq 1 25); do
		RANDOM=$seed
		{
			echo "account,contract,side,lots,avg_price"
			for ((i = 0; i < 20 + RANDOM % 30; i++)); do
				echo "R$i,IF2410,long,$((1 + RANDOM % 50)),$((3900 + RANDOM % 300)).$((RANDOM % 5 * 2))"
				(( RANDOM % 4 == 0 )) && echo "R$i,IF2410,short,$((1 + RANDOM % 10)),$((3500 + RANDOM % 300))"
			done
			for ((i = 0; i < 10 + RANDOM % 80; i++)); do
				echo "C$i,IF2410,short,$((1 + RANDOM % 40)),$((3550 + RANDOM % 600)).$((RANDOM % 5 * 2))"
				(( RANDOM % 5 == 0 )) && echo "C$i,IF2410,long,$((1 + RANDOM % 10)),$((3550 + RANDOM % 600))"
			done
		} > "$T/p.csv"
		awk -F, 'BEGIN { print "account,contract,side,lots" }
			$1 ~ /^R/ && $3 == "long" { printf "%s,IF2410,long,%d\n", $1, 1 + (NR * 7) % $4 }' "$T/p.csv" > "$T/o.csv"
		riskcalc deleverage -c "$TD/fut-d2-contracts.csv" -p "$T/p.csv" "$T/o.csv" > "$T/f.csv" && true
		[ $? -le 1 ] || { echo "seed $seed: status"; return 1; }
		run awk -F, -v seed="$seed" '
			FILENAME ~ /p.csv$/ && FNR > 1 { held[$1 "," $3] += $4; next }
			FILENAME ~ /o.csv$/ && FNR > 1 { asked[$1] += $4; next }
			FNR == 1 { next }
			$6 == "requester" { req += $4; got[$1] += $4 }
			$6 == "counterparty" { cp += $4; took[$1 "," $3] += $4 }
			$6 == "unfilled" || $6 == "requester" || $6 == "offset" && $3 == "long" { use[$1] += $4 }
			END {
				if (req != cp) print "seed " seed ": requested " req " != taken " cp
				for (k in took) {
					split(k, a, ",")
					net = held[k] - held[a[1] "," (a[2] == "long" ? "short" : "long")]
					if (took[k] > net) print "seed " seed ": " k " gives " took[k] " of net " net
				}
				for (k in use) if (use[k] > asked[k]) print "seed " seed ": " k " filled " use[k] " of " asked[k]
				for (k in got) if (got[k] > held[k ",long"]) print "seed " seed ": " k " beyond holding"
			}' "$T/p.csv" "$T/o.csv" "$T/f.csv"
		assert_output ""
	done
}

# --- guarantee and warn -----------------------------------------------------------

@test "FUT-18: basic by member type plus the variable part of base x share" {
	# base 200,000,000: M01 12.5% = 25,000,000 - basic 20,000,000 = 5,000,000 variable;
	# M03 30% = 60,000,000 - 30,000,000; M02 3.25% = 6,500,000 < 10,000,000: none.
	run --separate-stderr riskcalc guarantee --base 200000000 "$TD/fut-members.csv"
	assert_failure 1
	assert_output - <<-'EOF'
	member,member_name,type,share,paid,basic,variable,total,shortfall,below_basic
	M01,甲期货,general,12.5%,20000000.00,20000000.00,5000000.00,25000000.00,5000000.00,0.00
	M02,乙期货,trading,3.25%,10000000.00,10000000.00,0.00,10000000.00,0.00,0.00
	M03,丙证券,special,30%,30000000.00,30000000.00,30000000.00,60000000.00,30000000.00,0.00
	M04,丁期货,trading,0.8%,,10000000.00,0.00,10000000.00,,
	EOF
}

@test "FUT-18: a member whose deposit is below the basic amount is short by the difference" {
	# M05, trading member, basic 10,000,000.00, paid 6,000,000.00: below_basic 4,000,000.00;
	# its share 0.5% of 200,000,000 = 1,000,000 < basic: no variable, shortfall 4,000,000.00 too.
	# M06, general, paid 20,000,000.00 = basic, share 15% = 30,000,000: below_basic 0.00,
	# shortfall 10,000,000.00 (the variable part).
	printf 'member,type,share,paid\nM05,trading,0.5%%,6000000.00\nM06,general,15%%,20000000.00\n' > "$T/m.csv"
	run --separate-stderr bash -c "riskcalc guarantee --base 200000000 '$T/m.csv' | cut -d, -f1,5-"
	assert_output $'member,basic,variable,total,shortfall,below_basic\nM05,10000000.00,0.00,10000000.00,4000000.00,4000000.00\nM06,20000000.00,10000000.00,30000000.00,10000000.00,0.00'
}

@test "FUT-18: base x share rounds half up to the fen once; shares over 100% and a missing --base are errors" {
	# 10,000,001.00 x 0.000005 = 50.00000500 yuan -> 50.00;
	# 10,000,001.00 x 0.5% = 50000.005 yuan, half a fen -> 50000.01.
	printf 'member,type,share,basic\nX1,trading,0.000005,0\nX2,trading,0.5%%,0\n' > "$T/m.csv"
	run --separate-stderr bash -c "riskcalc guarantee --base 10000001 '$T/m.csv' | cut -d, -f1,4-"
	assert_success
	assert_output $'member,basic,variable,total,shortfall,below_basic\nX1,0.00,50.00,50.00,,\nX2,0.00,50000.01,50000.01,,'
	printf 'member,type,share\nX1,trading,60%%\nX2,general,50%%\n' > "$T/m.csv"
	run --separate-stderr riskcalc guarantee --base 100 "$T/m.csv"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/m.csv:3: share: the members' shares add up to more than 100%"
	run --separate-stderr riskcalc guarantee "$T/m.csv"
	assert_failure 2
}

@test "FUT-19: warnings propose the first measure; ④ (funds) goes to the member: near the limit, low reserve, a call two days running, limit days" {
	riskcalc margin -c "$C" -a "$A" "$P" > "$T/m.csv" || true
	run --separate-stderr riskcalc warn -c "$C" --hedge-quotas "$TD/fut-hedge-quotas.csv" --margin "$T/m.csv" --prev-margin "$T/m.csv" "$P"
	assert_failure 1
	assert_output - <<-'EOF'
	rule,trigger,contract,investor,account,value,threshold,message,clause,measure,member,status
	FUT-19,near-limit,IF2410,I001,,620,540,"long position of 620 lots, limit 600",3,interview,,ok
	FUT-19,low-reserve,,,A001,797832.00,5279637.60,reserve 797832.00 is below 10% of the margin 52796376.00,4,report,M01,ok
	FUT-19,call-twice,,,A002,1229280.00,,"a margin call two days running (yesterday 1229280.00, today 1229280.00)",4,report,M02,ok
	FUT-19,call-twice,,,A006,5913.00,,"a margin call two days running (yesterday 5913.00, today 5913.00)",4,report,M02,ok
	EOF
	# limit-up yesterday, and today's close 4421.0 at the limit up again
	contract 4019.2 close=4421.0 prev_limit=up
	run --separate-stderr riskcalc warn -c "$T/c.csv" /dev/null
	assert_failure 1
	assert_output $'rule,trigger,contract,investor,account,value,threshold,message,clause,measure,member,status\nFUT-19,limit-days,IF2410,,,2,2,limit up two days running (4421.0): the margin rate may be raised (FUT-02),1,report,,ok'
	contract 4019.2 close=4420.8 prev_limit=up
	run --separate-stderr riskcalc warn -c "$T/c.csv" /dev/null
	assert_success
}

@test "FUT-19: warn passes on an account margin could not settle, names it and exits 2" {
	printf 'account,contract,side,lots\nA004,IH2410,long,x\n' > "$T/p.csv"
	riskcalc margin -c "$C" -a "$A" "$T/p.csv" > "$T/m.csv" 2>/dev/null || true
	run --separate-stderr riskcalc warn -c "$C" --margin "$T/m.csv" /dev/null
	assert_failure 2
	assert_line "FUT-19,,,,A004,,,bad position at $T/p.csv:2,,,M02,error"
	assert_equal "$stderr" "riskcalc: $T/m.csv:5: account 'A004' was not settled (bad position at $T/p.csv:2): passed on as an error"
}

# --- the program ----------------------------------------------------------------

@test "riskcalc: usage errors exit 2; --help exits 0" {
	run --separate-stderr riskcalc
	assert_failure 2
	run --separate-stderr riskcalc frobnicate
	assert_failure 2
	assert_equal "$stderr" $'riskcalc: unknown command \'frobnicate\'\nTry \'riskcalc --help\' for more information.'
	run --separate-stderr riskcalc margin --bogus
	assert_failure 2
	run --separate-stderr riskcalc breaker -c
	assert_failure 2
	assert_equal "${stderr%%$'\n'*}" "riskcalc: option '-c' needs a value"
	run --separate-stderr riskcalc breaker -c "$C" --close 25:00
	assert_failure 2
	run --separate-stderr riskcalc margin -c "$C" "$P"
	assert_failure 2
	run --separate-stderr riskcalc --help
	assert_success
	assert_line --partial 'deleverage'
}

@test "riskcalc: each command takes only its own options and has its own --help" {
	run --separate-stderr riskcalc margin -p "$P" -c "$C" -a "$A" "$P"
	assert_failure 2
	assert_output ""
	assert_equal "${stderr%%$'\n'*}" "riskcalc: margin does not take --positions"
	run --separate-stderr riskcalc bands --sessions 09:30-11:30 "$C"
	assert_failure 2
	assert_equal "${stderr%%$'\n'*}" "riskcalc: bands does not take --sessions"
	run --separate-stderr riskcalc margin --help
	assert_success
	assert_line --index 0 'Usage: riskcalc margin [options] [POSITIONS...]'
	assert_line '      --trades FILE          today'"'"'s fills: account,contract,side,offset,lots,price'
	refute_line --partial -- '--positions FILE'
}

@test "riskcalc: the man page's synopsis and each command's --help list the same options" {
	for cmd in bands breaker margin limits report liquidate deleverage guarantee warn; do
		help=$(riskcalc "$cmd" --help | sed -n '/^Options:/,/^Common options:/p' |
			sed -n 's/^  \(-\(.\), \)\{0,1\} *--\([a-z-]*\).*/\3/p' | sort | tr '\n' ' ')
		man=$(awk -v c="$cmd" '/^\.Sh SYNOPSIS/ { on = 1; next } /^\.Sh/ { on = 0 }
			on && $0 == ".Cm " c { mine = 1; next } on && /^\.Nm/ { mine = 0 }
			on && mine && / ?Fl / { for (i = 1; i <= NF; i++) if ($i == "Fl" || $i == ".Fl") print $(i + 1) }' \
			"$BATS_TEST_DIRNAME/../man/riskcalc.1" |
			sed -e 's/^-//' -e 's/^c$/contracts/' -e 's/^a$/accounts/' -e 's/^p$/positions/' | sort | tr '\n' ' ')
		assert_equal "$cmd: $man" "$cmd: $help"
	done
}

@test "riskcalc: a missing file is an error naming it; - reads standard input" {
	run --separate-stderr riskcalc limits -c "$C" "$T/nope.csv"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/nope.csv: No such file or directory"
	run --separate-stderr riskcalc limits -c "$T/nope.csv" "$P"
	assert_failure 2
	run --separate-stderr bash -c "riskcalc limits -c '$C' - < '$P'"
	assert_failure 1
	assert_line --index 1 --partial 'FUT-10,investor,I001'
}

@test "riskcalc: empty input gives the header; no final newline is read" {
	run --separate-stderr bash -c "riskcalc limits -c '$C' < /dev/null"
	assert_success
	assert_output 'rule,kind,investor,member,contract,side,lots,limit,excess,action,trading_code,note'
	run --separate-stderr bash -c "printf 'contract,tick,prev_settle\nIF2410,0.2,4019.2' | riskcalc bands"
	assert_success
	assert_line --index 1 'IF2410,0.2,4019.2,4260.2,3778.2,4421.0,3617.4'
}

@test "riskcalc: a closed pipe ends quietly with 0; a full disk is an error (2)" {
	run --separate-stderr bash -c "riskcalc bands '$C' | head -n 1 > /dev/null; exit \${PIPESTATUS[0]}"
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr bash -c "riskcalc margin -c '$C' -a '$A' '$P' > /dev/full"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: write error: No space left on device"
}

@test "riskcalc: --strict stops at the first bad record" {
	printf 'account,contract,side,lots\nA001,IF2410,long,-1\nA001,IF2410,up,1\n' > "$T/p.csv"
	run --separate-stderr riskcalc limits --strict -c "$C" "$T/p.csv"
	assert_failure 2
	assert_equal "$stderr" "riskcalc: $T/p.csv:2: lots: expected a whole number of lots, not negative, found '-1'"
}
