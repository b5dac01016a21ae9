/* Unit tests for lib/money: parsing yuan into fen, formatting, checked arithmetic. */
#include <stdint.h>
#include <stdio.h>

#include "money.h"
#include "tap.h"

/* s parsed and formatted again, or "rejected". */
static const char *
roundtrip(const char *s, char buf[CRM_MONEY_LEN])
{
	int64_t fen;

	if (crm_money_parse(s, &fen) < 0)
		return "rejected";
	crm_money_format(fen, buf);
	return buf;
}

static void
test_parse(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "0", "0.00" },
		{ "80", "80.00" },
		{ "1234.5", "1234.50" },
		{ "1234.50", "1234.50" },
		{ "-12.30", "-12.30" },
		{ "-0.3", "-0.30" },
		{ "+7.05", "7.05" },
		{ "-0", "0.00" },
		{ "-0.00", "0.00" },
		{ "5.", "5.00" },
		{ "007", "7.00" },
		{ "0.01", "0.01" },
		/* grouping */
		{ "1,234.50", "1234.50" },
		{ "1,234,567.5", "1234567.50" },
		{ "12,345", "12345.00" },
		{ "123,456", "123456.00" },
		{ "-1,000", "-1000.00" },
		{ "12,34", "rejected" },
		{ "1,2345", "rejected" },
		{ "1234,567", "rejected" },
		{ "1,23,456", "rejected" },
		{ ",123", "rejected" },
		{ "1,", "rejected" },
		{ "1,,234", "rejected" },
		{ "1,234.5,6", "rejected" },
		{ "0,123", "rejected" },		/* a European decimal comma, not grouping */
		{ "1,5", "rejected" },
		/* yuan signs */
		{ "¥80", "80.00" },
		{ "￥80", "80.00" },
		{ "¥1,234.56", "1234.56" },
		{ "-¥80", "-80.00" },
		{ "¥-80", "-80.00" },			/* as Chinese Excel writes it */
		{ "￥-0.5", "-0.50" },
		{ "¥¥80", "rejected" },
		{ "80¥", "rejected" },
		{ "-¥-80", "rejected" },
		{ "¥", "rejected" },
		/* never round */
		{ "12.345", "rejected" },
		{ "0.001", "rejected" },
		{ "1.000", "rejected" },
		/* stray characters */
		{ "", "rejected" },
		{ "-", "rejected" },
		{ ".5", "rejected" },
		{ "1e3", "rejected" },
		{ " 80", "rejected" },
		{ "80 ", "rejected" },
		{ "80元", "rejected" },
		{ "$80", "rejected" },
		{ "--80", "rejected" },
		{ "1.2.3", "rejected" },
		{ "12.3a", "rejected" },
		/* limits: INT64_MAX fen is 92233720368547758.07 yuan */
		{ "92233720368547758.07", "92233720368547758.07" },
		{ "-92233720368547758.08", "-92233720368547758.08" },
		{ "92233720368547758.08", "rejected" },
		{ "92233720368547758.1", "rejected" },
		{ "92233720368547759", "rejected" },
		{ "-92233720368547758.09", "rejected" },
		{ "99999999999999999999999", "rejected" },
		{ "92,233,720,368,547,758.07", "92233720368547758.07" },
	};
	char buf[CRM_MONEY_LEN];
	size_t i;
	int64_t fen;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(roundtrip(cases[i].in, buf), cases[i].want, "money '%s' → %s", cases[i].in,
		       cases[i].want);

	ok(crm_money_parse("1,234.5", &fen) == 0 && fen == 123450, "1,234.5 is 123450 fen");
	ok(crm_money_parse("0.07", &fen) == 0 && fen == 7, "0.07 is 7 fen, exactly");
	ok(crm_money_parse("0.73", &fen) == 0 && fen == 73, "0.73 is 73 fen, exactly");
	fen = 42;
	ok(crm_money_parse("12.345", &fen) < 0 && fen == 42, "a rejected value leaves *fen alone");
}

static void
test_format(void)
{
	static const struct {
		int64_t fen;
		const char *want;
	} cases[] = {
		{ 0, "0.00" },
		{ 1, "0.01" },
		{ 10, "0.10" },
		{ 123450, "1234.50" },
		{ -30, "-0.30" },
		{ -1, "-0.01" },
		{ -123456, "-1234.56" },
		{ 100000000, "1000000.00" },
		{ INT64_MAX, "92233720368547758.07" },
		{ INT64_MIN, "-92233720368547758.08" },
	};
	char buf[CRM_MONEY_LEN];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		crm_money_format(cases[i].fen, buf);
		is_str(buf, cases[i].want, "format %lld fen → %s", (long long)cases[i].fen,
		       cases[i].want);
	}
}

static void
test_arith(void)
{
	int64_t out = 0;

	ok(crm_money_add(123450, -30, &out) == 0 && out == 123420, "add 1234.50 + -0.30");
	ok(crm_money_add(INT64_MAX - 1, 1, &out) == 0 && out == INT64_MAX, "add up to the limit");
	is_int(crm_money_add(INT64_MAX, 1, &out), -1, "add overflow refused");
	is_int(crm_money_add(INT64_MIN, -1, &out), -1, "add underflow refused");
	ok(crm_money_mul(5000, 3, &out) == 0 && out == 15000, "mul 50.00 × 3");
	ok(crm_money_mul(-250, 4, &out) == 0 && out == -1000, "mul -2.50 × 4");
	ok(crm_money_mul(12345, 0, &out) == 0 && out == 0, "mul by 0");
	is_int(crm_money_mul(INT64_MAX / 2 + 1, 2, &out), -1, "mul overflow refused");
	is_int(crm_money_mul(INT64_MIN, -1, &out), -1, "mul INT64_MIN × -1 refused");
}

int
main(void)
{
	test_parse();
	test_format();
	test_arith();
	return tap_done();
}
