/* Unit tests for lib/field: dates, times, decimals, enums, phones, getters. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "field.h"
#include "money.h"
#include "stream.h"
#include "tap.h"

static const struct crm_alias categories[] = {
	{ "target", "目标客户" },
	{ "general", "一般客户" },
	{ "key", "重点客户" },
	{ "potential", "潜在客户" },
	{ NULL, NULL }
};

/* A date string, or NULL when s does not parse. */
static const char *
reformat(const char *s, char buf[CRM_DATE_LEN])
{
	int32_t day;

	if (crm_date_parse(s, &day) < 0)
		return NULL;
	crm_date_format(day, buf);
	return buf;
}

static void
test_date_parse(void)
{
	static const struct {
		const char *in, *want;	/* want NULL: rejected */
	} cases[] = {
		{ "2026-11-27", "2026-11-27" },
		{ "2024-02-29", "2024-02-29" },		/* leap year */
		{ "2000-02-29", "2000-02-29" },		/* divisible by 400 */
		{ "2026-1-5", "2026-01-05" },
		{ "2026/1/5", "2026-01-05" },
		{ "2026/01/05", "2026-01-05" },
		{ "2026年1月5日", "2026-01-05" },
		{ "2026年01月05日", "2026-01-05" },
		{ "2026-12-31", "2026-12-31" },
		{ "1970-01-01", "1970-01-01" },
		{ "2026-02-30", NULL },
		{ "2025-02-29", NULL },			/* not a leap year */
		{ "1900-02-29", NULL },			/* divisible by 100 */
		{ "2026-13-01", NULL },
		{ "2026-00-10", NULL },
		{ "2026-04-31", NULL },
		{ "2026-01-00", NULL },
		{ "2026-01-32", NULL },
		{ "2026-11-27x", NULL },		/* trailing junk */
		{ "2026-11-27 ", "2026-11-27" },	/* spaces around: trimmed */
		{ " 2026-11-27", "2026-11-27" },
		{ "\t2026-11-27\xe3\x80\x80", "2026-11-27" },	/* a tab, a full-width space */
		{ "2026.10.13", "2026-10-13" },
		{ "2026.1.5", "2026-01-05" },
		{ "2026年10月13日", "2026-10-13" },
		{ "２０２６－１０－１３", "2026-10-13" },	/* full-width digits and hyphens */
		{ "２０２６年１０月１３日", "2026-10-13" },
		{ "２０２６/10/13", "2026-10-13" },
		{ "1926-08-17", "1926-08-17" },		/* before 1970: a date like any other */
		{ "1969-12-31", "1969-12-31" },		/* day -1, not "empty" */
		{ "1900-01-01", "1900-01-01" },		/* the first year read */
		{ "2199-12-31", "2199-12-31" },		/* the last */
		{ "1899-12-31", NULL },
		{ "2200-01-01", NULL },
		{ "2026.10-13", NULL },			/* mixed separators */
		{ "2026 - 10 - 13", NULL },
		{ "2026-11-27 10:00", NULL },
		{ "2026-11-271", NULL },
		{ "2026-1/5", NULL },			/* mixed separators */
		{ "2026年1月5", NULL },			/* 日 missing */
		{ "26-11-27", NULL },
		{ "20261127", NULL },
		{ "2026-11", NULL },
		{ "", NULL },
		{ "0000-01-01", NULL },
	};
	char buf[CRM_DATE_LEN];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(reformat(cases[i].in, buf), cases[i].want, "date_parse '%s' → %s",
		       cases[i].in, cases[i].want ? cases[i].want : "rejected");
}

static void
test_date_numbers(void)
{
	int32_t day;
	int y, m, d, ok_all = 1;
	char buf[CRM_DATE_LEN];

	is_int(crm_date_from_ymd(1970, 1, 1), 0, "1970-01-01 is day 0");
	is_int(crm_date_from_ymd(1970, 1, 2), 1, "1970-01-02 is day 1");
	is_int(crm_date_from_ymd(1969, 12, 31), -1, "1969-12-31 is day -1");
	is_int(crm_date_from_ymd(2000, 3, 1), 11017, "2000-03-01 is day 11017");
	is_int(crm_date_wday(0), 4, "1970-01-01 was a Thursday");
	is_int(crm_date_wday(crm_date_from_ymd(2026, 11, 27)), 5, "2026-11-27 is a Friday");
	is_int(crm_date_wday(crm_date_from_ymd(2026, 11, 29)), 0, "2026-11-29 is a Sunday");
	is_int(crm_date_wday(-1), 3, "1969-12-31 was a Wednesday");
	crm_date_format(0, buf);
	is_str(buf, "1970-01-01", "format day 0");
	crm_date_format(crm_date_from_ymd(2026, 11, 27), buf);
	is_str(buf, "2026-11-27", "format 2026-11-27");

	/* Every day from 1900 to 2100 round-trips through ymd, format and parse. */
	for (day = crm_date_from_ymd(1900, 1, 1); day <= crm_date_from_ymd(2100, 12, 31); day++) {
		int32_t back;

		crm_date_ymd(day, &y, &m, &d);
		crm_date_format(day, buf);
		if (crm_date_from_ymd(y, m, d) != day || crm_date_parse(buf, &back) < 0 ||
		    back != day || d > crm_days_in_month(y, m) ||
		    crm_date_wday(day + 1) != (crm_date_wday(day) + 1) % 7) {
			ok_all = 0;
			break;
		}
	}
	ok(ok_all, "days 1900-01-01..2100-12-31 round-trip (stopped at %s)", ok_all ? "none" : buf);

	is_int(crm_days_in_month(2024, 2), 29, "February 2024 has 29 days");
	is_int(crm_days_in_month(2026, 2), 28, "February 2026 has 28 days");
	is_int(crm_days_in_month(2000, 2), 29, "February 2000 has 29 days");
	is_int(crm_days_in_month(2100, 2), 28, "February 2100 has 28 days");
	is_int(crm_days_in_month(2026, 4), 30, "April has 30 days");
	is_int(crm_days_in_month(2026, 12), 31, "December has 31 days");
}

static const char *
add_months(const char *s, int n, char buf[CRM_DATE_LEN])
{
	int32_t day;

	if (crm_date_parse(s, &day) < 0)
		return "unparsed";
	crm_date_format(crm_date_add_months(day, n), buf);
	return buf;
}

static void
test_add_months(void)
{
	static const struct {
		const char *from;
		int n;
		const char *want;
	} cases[] = {
		{ "2026-01-15", 1, "2026-02-15" },
		{ "2026-01-31", 1, "2026-02-28" },	/* SVC-05 clamp */
		{ "2024-01-31", 1, "2024-02-29" },	/* clamp in a leap year */
		{ "2026-03-31", 1, "2026-04-30" },
		{ "2026-05-31", 3, "2026-08-31" },
		{ "2026-11-30", 3, "2027-02-28" },
		{ "2027-11-30", 3, "2028-02-29" },
		{ "2026-12-15", 1, "2027-01-15" },
		{ "2026-01-15", 12, "2027-01-15" },
		{ "2024-02-29", 12, "2025-02-28" },
		{ "2024-02-29", 48, "2028-02-29" },
		{ "2026-01-31", 0, "2026-01-31" },
		{ "2026-03-31", -1, "2026-02-28" },
		{ "2026-01-15", -1, "2025-12-15" },
		{ "2026-01-15", -13, "2024-12-15" },
		{ "1970-01-31", -1, "1969-12-31" },
	};
	char buf[CRM_DATE_LEN];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(add_months(cases[i].from, cases[i].n, buf), cases[i].want,
		       "SVC-05: %s %+d months = %s", cases[i].from, cases[i].n, cases[i].want);
}

static void
test_today(void)
{
	struct crm_opts o;
	int32_t day;
	char buf[CRM_DATE_LEN];

	crm_opts_init(&o);
	o.today = "2026-11-27";
	is_int(crm_today(&o), crm_date_from_ymd(2026, 11, 27), "--today 2026-11-27");
	o.today = "2026年11月27日";
	is_int(crm_today(&o), crm_date_from_ymd(2026, 11, 27), "--today in Chinese form");
	o.today = NULL;
	day = crm_today(&o);
	crm_date_format(day, buf);
	ok(day > crm_date_from_ymd(2024, 1, 1) && day < crm_date_from_ymd(2200, 1, 1),
	   "clock today is plausible (%s)", buf);
	is_int(crm_today(NULL), day, "NULL options use the clock");
}

static void
test_times(void)
{
	static const struct {
		const char *in;
		int32_t want;	/* -1: rejected */
	} cases[] = {
		{ "00:00", 0 },
		{ "09:30", 9 * 3600 + 30 * 60 },
		{ "9:30", 9 * 3600 + 30 * 60 },
		{ "19:30:15", 19 * 3600 + 30 * 60 + 15 },
		{ "23:59:59", 86399 },
		{ "24:00", -1 },
		{ "12:60", -1 },
		{ "12:00:60", -1 },
		{ "12:5", -1 },
		{ "123:00", -1 },
		{ "12:00:5", -1 },
		{ "12-00", -1 },
		{ "12:00 ", 43200 },			/* trimmed */
		{ "\xe3\x80\x80 19:20", 69600 },		/* ' 19:20' with a full-width space */
		{ "１９：２０", 69600 },			/* full-width digits and colon */
		{ "12:00pm", -1 },
		{ "1200", -1 },
		{ ":30", -1 },
		{ "", -1 },
	};
	int32_t secs;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		secs = -1;
		if (crm_time_parse(cases[i].in, &secs) < 0)
			secs = -1;
		is_int(secs, cases[i].want, "time_parse '%s' → %d", cases[i].in, cases[i].want);
	}
}

static void
test_datetimes(void)
{
	static const struct {
		const char *in;
		int64_t want;	/* -1: rejected */
	} cases[] = {
		{ "1970-01-01 00:00", 0 },
		{ "1970-01-02 00:00:01", 86401 },
		{ "2026-11-27 09:30", (int64_t)20784 * 86400 + 9 * 3600 + 30 * 60 },
		{ "2026-11-27T09:30:00", (int64_t)20784 * 86400 + 9 * 3600 + 30 * 60 },
		{ "2026/11/27 9:30", (int64_t)20784 * 86400 + 9 * 3600 + 30 * 60 },
		{ "2026年11月27日 09:30", (int64_t)20784 * 86400 + 9 * 3600 + 30 * 60 },
		{ "2026-11-27", -1 },
		{ "2026-11-27 ", -1 },
		{ "2026-11-27  09:30", (int64_t)20784 * 86400 + 9 * 3600 + 30 * 60 },
		{ " 2026.11.27 09:30 ", (int64_t)20784 * 86400 + 9 * 3600 + 30 * 60 },
		{ "1926-01-01 00:00", (int64_t)-16071 * 86400 },	/* 44 years, 11 of them leap */
		{ "2026-11-27 24:00", -1 },
		{ "2026-02-30 09:30", -1 },
		{ "2026-11-27 09:30Z", -1 },
		{ "2026-11-27T09:30+08:00", -1 },
		{ "09:30", -1 },
		{ "", -1 },
	};
	int64_t secs;
	size_t i;

	is_int(crm_date_from_ymd(2026, 11, 27), 20784, "2026-11-27 is day 20784");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		secs = -1;
		if (crm_datetime_parse(cases[i].in, &secs) < 0)
			secs = -1;
		is_int(secs, cases[i].want, "datetime_parse '%s' → %lld", cases[i].in,
		       (long long)cases[i].want);
	}
}

/* s parsed and formatted again, or "rejected". */
static const char *
dec_roundtrip(const char *s, char *buf, size_t size, int *scale)
{
	struct crm_dec d;

	if (crm_dec_parse(s, &d) < 0)
		return "rejected";
	*scale = d.scale;
	crm_dec_format(d, buf, size);
	return buf;
}

static void
test_decimals(void)
{
	static const struct {
		const char *in, *want;
		int scale;
	} cases[] = {
		{ "6543.7", "6543.7", 1 },
		{ "0.2", "0.2", 1 },
		{ "1.50", "1.50", 2 },
		{ "-0.05", "-0.05", 2 },
		{ "+12", "12", 0 },
		{ "-0", "0", 0 },
		{ "-0.000", "0.000", 3 },
		{ "007.10", "7.10", 2 },
		{ "5.", "5", 0 },
		{ "0.123456789", "0.123456789", 9 },
		{ "9223372036854775807", "9223372036854775807", 0 },
		{ "-9223372036854775808", "-9223372036854775808", 0 },
		{ "-9.223372036854775808", "-9.223372036854775808", 18 },	/* scale > 9 */
		{ "0.1234567890", "rejected", 0 },
		{ "9223372036854775808", "rejected", 0 },
		{ "922337203685477580.8", "rejected", 0 },
		{ "1e3", "rejected", 0 },
		{ "1.5e2", "rejected", 0 },
		{ "1,000", "rejected", 0 },
		{ " 1", "rejected", 0 },
		{ "1 ", "rejected", 0 },
		{ "", "rejected", 0 },
		{ "-", "rejected", 0 },
		{ ".5", "rejected", 0 },
		{ "--1", "rejected", 0 },
		{ "1.2.3", "rejected", 0 },
		{ "nan", "rejected", 0 },
		{ "0x10", "rejected", 0 },
	};
	struct crm_dec d;
	char buf[32];
	size_t i;
	int scale;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got;

		scale = -1;
		got = dec_roundtrip(cases[i].in, buf, sizeof buf, &scale);
		if (cases[i].scale > CRM_DEC_MAXSCALE) {
			is_str(got, "rejected", "dec_parse '%s' rejected: more than %d decimals",
			       cases[i].in, CRM_DEC_MAXSCALE);
			continue;
		}
		is_str(got, cases[i].want, "dec '%s' → %s", cases[i].in, cases[i].want);
		if (strcmp(cases[i].want, "rejected"))
			is_int(scale, cases[i].scale, "dec '%s' keeps scale %d", cases[i].in,
			       cases[i].scale);
	}

	d = (struct crm_dec){ 65437, 1 };
	crm_dec_format(d, buf, sizeof buf);
	is_str(buf, "6543.7", "format {65437,1}");
	d = (struct crm_dec){ -5, 2 };
	crm_dec_format(d, buf, sizeof buf);
	is_str(buf, "-0.05", "format {-5,2}");
	d = (struct crm_dec){ INT64_MIN, 9 };
	crm_dec_format(d, buf, sizeof buf);
	is_str(buf, "-9223372036.854775808", "format INT64_MIN at scale 9");
	d = (struct crm_dec){ 12345, 2 };
	crm_dec_format(d, buf, 4);
	is_str(buf, "123", "format truncates to the buffer size");

	/* Rescaling. */
	d = (struct crm_dec){ 65437, 1 };
	ok(crm_dec_rescale(&d, 3) == 0 && d.v == 6543700 && d.scale == 3, "rescale 6543.7 up to 3");
	ok(crm_dec_rescale(&d, 1) == 0 && d.v == 65437 && d.scale == 1, "rescale 6543.700 down to 1");
	ok(crm_dec_rescale(&d, 0) < 0 && d.v == 65437 && d.scale == 1,
	   "rescale 6543.7 to 0 loses a digit: refused, unchanged");
	d = (struct crm_dec){ 100, 2 };
	ok(crm_dec_rescale(&d, 0) == 0 && d.v == 1 && d.scale == 0, "rescale 1.00 to 0");
	d = (struct crm_dec){ -250, 2 };
	ok(crm_dec_rescale(&d, 1) == 0 && d.v == -25, "rescale -2.50 to -2.5");
	ok(crm_dec_rescale(&d, 0) < 0, "rescale -2.5 to 0 refused");
	d = (struct crm_dec){ INT64_MAX / 10, 0 };
	ok(crm_dec_rescale(&d, 1) == 0, "rescale near the limit");
	ok(crm_dec_rescale(&d, 2) < 0 && d.scale == 1, "rescale overflow refused, unchanged");
	d = (struct crm_dec){ 1, 0 };
	ok(crm_dec_rescale(&d, 9) == 0 && d.v == 1000000000, "rescale 1 to scale 9");
	ok(crm_dec_rescale(&d, 10) < 0, "rescale to scale 10 refused");
	ok(crm_dec_rescale(&d, -1) < 0, "rescale to scale -1 refused");
}

static void
test_trim(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "  李娜 ", "李娜" },
		{ "\t李娜\t", "李娜" },
		{ "\xe3\x80\x80李娜\xe3\x80\x80 ", "李娜" },	/* full-width spaces, then ASCII */
		{ "李 娜", "李 娜" },				/* inside: kept */
		{ "   ", "" },
		{ "", "" },
		{ "\xe3\x80", "\xe3\x80" },			/* a cut sequence is not a space */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = strlen(cases[i].in);
		const char *s = crm_trim(cases[i].in, &n);
		char buf[64];
		snprintf(buf, sizeof buf, "%.*s", (int)n, s);
		is_str(buf, cases[i].want, "trim '%s' → '%s'", cases[i].in, cases[i].want);
	}
}

static void
test_enums(void)
{
	static const struct {
		const char *in;
		int want;
	} bools[] = {
		{ "yes", 1 }, { "YES", 1 }, { "Yes", 1 }, { "true", 1 }, { "TRUE", 1 }, { "1", 1 },
		{ "y", 1 }, { "Y", 1 }, { "是", 1 }, { " yes ", 1 },
		{ "no", 0 }, { "NO", 0 }, { "false", 0 }, { "0", 0 }, { "n", 0 }, { "N", 0 },
		{ "否", 0 },
		{ "", -1 }, { "maybe", -1 }, { "2", -1 }, { "yess", -1 }, { "是的", -1 }, { "t", -1 },
	};
	size_t i;

	is_int(crm_enum_parse(categories, "target"), 0, "enum canonical name");
	is_int(crm_enum_parse(categories, "KEY"), 2, "enum is case-insensitive");
	is_int(crm_enum_parse(categories, "Potential"), 3, "enum mixed case");
	is_int(crm_enum_parse(categories, "  general "), 1, "enum ignores surrounding spaces");
	is_int(crm_enum_parse(categories, "重点客户"), 2, "enum Chinese alias");
	is_int(crm_enum_parse(categories, " 潜在客户\t"), 3, "enum Chinese alias with spaces");
	is_int(crm_enum_parse(categories, "重点"), -1, "enum partial Chinese alias rejected");
	is_int(crm_enum_parse(categories, "ke"), -1, "enum prefix rejected");
	is_int(crm_enum_parse(categories, "keys"), -1, "enum longer name rejected");
	is_int(crm_enum_parse(categories, "vip"), -1, "enum unknown value rejected");
	is_int(crm_enum_parse(categories, ""), -1, "enum empty rejected");
	is_int(crm_enum_parse(categories, "   "), -1, "enum blank rejected");
	is_int(crm_enum_parse(categories, "key account"), -1, "enum inner space rejected");

	for (i = 0; i < sizeof bools / sizeof bools[0]; i++)
		is_int(crm_bool_parse(bools[i].in), bools[i].want, "bool '%s' → %d", bools[i].in,
		       bools[i].want);
}

static const char *
phone(const char *s, char out[CRM_PHONE_LEN])
{
	memset(out, 'Z', CRM_PHONE_LEN);
	return crm_phone_norm(s, out) < 0 ? "rejected" : out;
}

static void
test_phones(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		/* mobiles */
		{ "13812345678", "13812345678" },
		{ "19912345678", "19912345678" },
		{ "138 1234 5678", "13812345678" },
		{ "138-1234-5678", "13812345678" },
		{ "+86 138 1234 5678", "13812345678" },
		{ "+8613812345678", "13812345678" },
		{ "0086 13812345678", "13812345678" },
		{ "8613812345678", "13812345678" },
		{ "(+86) 13812345678", "13812345678" },
		{ "+86-138-1234-5678", "13812345678" },
		{ "138\xe3\x80\x80" "1234\xe3\x80\x80" "5678", "13812345678" },	/* full-width spaces */
		{ " 13812345678 ", "13812345678" },
		/* landlines */
		{ "010-12345678", "010-12345678" },
		{ "01012345678", "010-12345678" },
		{ "(010) 12345678", "010-12345678" },
		{ "（010）12345678", "010-12345678" },
		{ "１３８１２３４５６７８", "13812345678" },	/* full-width digits (issue 17 §5) */
		{ "（０２１）６２３４５６７８", "021-62345678" },
		{ "０２１－６２３４５６７", "rejected" },	/* 021: 8 digits */
		{ "010 1234 5678", "010-12345678" },
		{ "010-1234-5678", "010-12345678" },
		{ "021-87654321", "021-87654321" },
		{ "400-812-3456", "4008123456" },	/* 400/800 hotlines, kept as 10 digits */
		{ "800 810 8888", "8008108888" },
		{ "4008123456", "4008123456" },
		{ "0755-1234567", "0755-1234567" },	/* 7-digit local numbers outside 010/02x */
		{ "0755-1234567", "0755-1234567" },
		{ "0755-12345678", "0755-12345678" },
		{ "075512345678", "0755-12345678" },
		{ "+86 10 1234 5678", "010-12345678" },
		{ "+86-10-12345678", "010-12345678" },
		{ "+86 (10) 1234-5678", "010-12345678" },
		{ "+86 21 87654321", "021-87654321" },
		{ "+86 755 12345678", "0755-12345678" },
		{ "0086 755 1234567", "0755-1234567" },
		{ "+86 010 12345678", "010-12345678" },	/* the 0 written anyway */
		/* extensions */
		{ "010-12345678-123", "010-12345678-123" },
		{ "010-1234-5678-123", "010-12345678-123" },
		{ "01012345678-9", "010-12345678-9" },
		{ "010-12345678 ext 123", "010-12345678-123" },
		{ "010-12345678 ext. 123", "010-12345678-123" },
		{ "010-12345678EXT123", "010-12345678-123" },
		{ "010-12345678x123", "010-12345678-123" },
		{ "010-12345678 X 123", "010-12345678-123" },
		{ "021-87654321#8001", "021-87654321-8001" },
		{ "0755-12345678转8001", "0755-12345678-8001" },
		{ "0755-1234567 转 8", "0755-1234567-8" },
		{ "0755-1234567 分机 88", "0755-1234567-88" },
		{ "+86 10 12345678 ext 123456", "010-12345678-123456" },
		{ "0755-1234-567", "0755-1234567" },	/* 4 digits: no local, so no extension */
		/* bad */
		{ "1381234567", "rejected" },		/* 10 digits */
		{ "138123456789", "rejected" },		/* 12 digits */
		{ "12345678901", "rejected" },		/* 1[3-9] needed */
		{ "10012345678", "rejected" },
		{ "0101234", "rejected" },		/* local too short */
		{ "010-123456", "rejected" },
		{ "010-123456789", "rejected" },	/* local too long */
		{ "021-8765432", "rejected" },		/* 010 and 02x: 8-digit local numbers */
		{ "010-1234567", "rejected" },
		{ "400812345", "rejected" },
		{ "12345678", "rejected" },		/* no area code */
		{ "011-12345678", "rejected" },		/* no such area code */
		{ "001-12345678", "rejected" },
		{ "010-02345678", "rejected" },		/* local starts with 0 */
		{ "0101-2345678", "rejected" },		/* hyphen splits the area code */
		{ "01-012345678", "rejected" },
		{ "010-12345678-1234567", "rejected" },	/* extension too long */
		{ "010-12345678-", "rejected" },
		{ "010--12345678", "rejected" },
		{ "010-12345678 ext", "rejected" },
		{ "010-12345678 x 12-3", "rejected" },
		{ "010-12345678 x 1 x 2", "rejected" },
		{ "13812345678 ext 12", "rejected" },	/* mobiles have no extension */
		{ "x123", "rejected" },
		{ "+1 4155551234", "rejected" },
		{ "+86", "rejected" },
		{ "+86 12345678901", "rejected" },
		{ "138.1234.5678", "rejected" },
		{ "138/1234/5678", "rejected" },
		{ "phone: 13812345678", "rejected" },
		{ "13812345678;13912345678", "rejected" },
		{ "0755 12345678 0755 12345678", "rejected" },
		{ "010)12345678", "rejected" },		/* unpaired parentheses */
		{ "(010 12345678", "rejected" },
		{ "((010)) 12345678", "rejected" },
		{ "-010-12345678", "rejected" },	/* a hyphen before any digit */
		{ "", "rejected" },
		{ "   ", "rejected" },
		{ "-", "rejected" },
	};
	char out[CRM_PHONE_LEN];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(phone(cases[i].in, out), cases[i].want, "CM-03: phone '%s' → %s", cases[i].in,
		       cases[i].want);
}

/* A one-row record with columns "col" = value and "other" = "". */
static void
make_rec(struct crm_rec *r, char **f, size_t *len, const char **names, char *val)
{
	static char empty[] = "";

	f[0] = val;
	f[1] = empty;
	len[0] = strlen(val);
	len[1] = 0;
	names[0] = "col";
	names[1] = "other";
	r->pos.file = "test.csv";
	r->pos.line = 7;
	r->nf = 2;
	r->f = f;
	r->len = len;
	r->names = names;
	r->zh = 0;
}

/* What crm_get_enum writes on stderr for r's column 0, or NULL when it is not bad. */
static const char *
diagnostic_enum(const struct crm_rec *r)
{
	static char msg[256];
	FILE *tmp = tmpfile();
	int saved = dup(2), v, rc;
	size_t n;

	if (!tmp || saved < 0)
		return strerror(errno);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	rc = crm_get_enum(r, 0, categories, &v);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(msg, 1, sizeof msg - 1, tmp);
	msg[n] = '\0';
	fclose(tmp);
	return rc == CRM_FIELD_BAD ? msg : NULL;
}

static void
test_getters(void)
{
	struct crm_rec r;
	char *f[2], val[64];
	size_t len[2];
	const char *names[2];
	int32_t i32;
	int64_t i64;
	struct crm_dec dec;
	int i;
	char ph[CRM_PHONE_LEN];

#define SET(s) do { snprintf(val, sizeof val, "%s", (s)); make_rec(&r, f, len, names, val); } while (0)

	SET("2026-11-27");
	ok(crm_get_date(&r, 0, &i32) == CRM_FIELD_OK && i32 == 20784, "get_date good");
	is_int(crm_get_date(&r, 1, &i32), CRM_FIELD_EMPTY, "get_date empty value");
	is_int(crm_get_date(&r, -1, &i32), CRM_FIELD_EMPTY, "get_date absent column");
	is_int(crm_get_date(&r, 5, &i32), CRM_FIELD_EMPTY, "get_date column past the record");
	SET("2026-02-30");
	is_int(crm_get_date(&r, 0, &i32), CRM_FIELD_BAD, "get_date 2026-02-30 is bad");
	SET("2026-11-27");
	len[0] = 11;		/* an embedded NUL: "2026-11-27\0" */
	is_int(crm_get_date(&r, 0, &i32), CRM_FIELD_BAD, "get_date with an embedded NUL is bad");

	SET("19:30");
	ok(crm_get_time(&r, 0, &i32) == CRM_FIELD_OK && i32 == 70200, "get_time good");
	is_int(crm_get_time(&r, 1, &i32), CRM_FIELD_EMPTY, "get_time empty");
	SET("7pm");
	is_int(crm_get_time(&r, 0, &i32), CRM_FIELD_BAD, "get_time 7pm is bad");

	SET("1970-01-01 00:01:02");
	ok(crm_get_datetime(&r, 0, &i64) == CRM_FIELD_OK && i64 == 62, "get_datetime good");
	is_int(crm_get_datetime(&r, -1, &i64), CRM_FIELD_EMPTY, "get_datetime absent");
	SET("2026-11-27");
	is_int(crm_get_datetime(&r, 0, &i64), CRM_FIELD_BAD, "get_datetime without time is bad");

	SET("¥1,234.5");
	ok(crm_get_money(&r, 0, &i64) == CRM_FIELD_OK && i64 == 123450, "get_money good");
	is_int(crm_get_money(&r, 1, &i64), CRM_FIELD_EMPTY, "get_money empty");
	SET("12.345");
	is_int(crm_get_money(&r, 0, &i64), CRM_FIELD_BAD, "get_money 3 decimals is bad");

	SET("6543.7");
	ok(crm_get_dec(&r, 0, &dec) == CRM_FIELD_OK && dec.v == 65437 && dec.scale == 1,
	   "get_dec good");
	is_int(crm_get_dec(&r, 1, &dec), CRM_FIELD_EMPTY, "get_dec empty");
	SET("6.5e3");
	is_int(crm_get_dec(&r, 0, &dec), CRM_FIELD_BAD, "get_dec exponent is bad");

	SET("-42");
	ok(crm_get_int(&r, 0, &i64) == CRM_FIELD_OK && i64 == -42, "get_int negative");
	SET("+600");
	ok(crm_get_int(&r, 0, &i64) == CRM_FIELD_OK && i64 == 600, "get_int with '+'");
	SET("9223372036854775807");
	ok(crm_get_int(&r, 0, &i64) == CRM_FIELD_OK && i64 == INT64_MAX, "get_int INT64_MAX");
	SET("-9223372036854775808");
	ok(crm_get_int(&r, 0, &i64) == CRM_FIELD_OK && i64 == INT64_MIN, "get_int INT64_MIN");
	is_int(crm_get_int(&r, 1, &i64), CRM_FIELD_EMPTY, "get_int empty");
	SET("9223372036854775808");
	is_int(crm_get_int(&r, 0, &i64), CRM_FIELD_BAD, "get_int overflow is bad");
	SET("1.0");
	is_int(crm_get_int(&r, 0, &i64), CRM_FIELD_BAD, "get_int decimal is bad");
	SET("-");
	is_int(crm_get_int(&r, 0, &i64), CRM_FIELD_BAD, "get_int lone sign is bad");
	SET("12 ");
	ok(crm_get_int(&r, 0, &i64) == CRM_FIELD_OK && i64 == 12, "get_int trailing space trimmed");
	SET("1 2");
	is_int(crm_get_int(&r, 0, &i64), CRM_FIELD_BAD, "get_int space inside is bad");

	/* Values read without a record type are not trimmed on input: the getters trim them. */
	SET(" 2026.10.13\xe3\x80\x80");
	ok(crm_get_date(&r, 0, &i32) == CRM_FIELD_OK && i32 == crm_date_from_ymd(2026, 10, 13),
	   "get_date padded, with a full-width space");
	SET("1926-08-17");
	ok(crm_get_date(&r, 0, &i32) == CRM_FIELD_OK && i32 == crm_date_from_ymd(1926, 8, 17) &&
	   i32 != CRM_NODATE && i32 < 0, "get_date 1926 is a date (negative day, not 'no date')");
	SET("   ");
	is_int(crm_get_date(&r, 0, &i32), CRM_FIELD_EMPTY, "get_date only spaces is empty");
	SET(" 19:20");
	ok(crm_get_time(&r, 0, &i32) == CRM_FIELD_OK && i32 == 69600, "get_time ' 19:20'");
	SET(" 1,234.50 ");
	ok(crm_get_money(&r, 0, &i64) == CRM_FIELD_OK && i64 == 123450, "get_money padded");
	SET("\t6543.7 ");
	ok(crm_get_dec(&r, 0, &dec) == CRM_FIELD_OK && dec.v == 65437, "get_dec padded");
	SET("\xe3\x80\x80重点客户 ");
	ok(crm_get_enum(&r, 0, categories, &i) == CRM_FIELD_OK && i == 2, "get_enum padded (full-width)");
	SET(" 是 ");
	ok(crm_get_bool(&r, 0, &i) == CRM_FIELD_OK && i == 1, "get_bool padded");
	SET("  13812345678 ");
	ok(crm_get_phone(&r, 0, ph) == CRM_FIELD_OK && !strcmp(ph, "13812345678"), "get_phone padded");
	char big[200];
	memset(big, ' ', sizeof big);
	memcpy(big + 150, "2026-10-13", 10);
	big[199] = '\0';
	f[0] = big;
	len[0] = strlen(big);
	ok(crm_get_date(&r, 0, &i32) == CRM_FIELD_OK && i32 == crm_date_from_ymd(2026, 10, 13),
	   "get_date padded past the getter's small buffer");

	SET("重点客户");
	ok(crm_get_enum(&r, 0, categories, &i) == CRM_FIELD_OK && i == 2, "get_enum Chinese alias");
	SET("Key");
	ok(crm_get_enum(&r, 0, categories, &i) == CRM_FIELD_OK && i == 2, "get_enum canonical");
	is_int(crm_get_enum(&r, 1, categories, &i), CRM_FIELD_EMPTY, "get_enum empty");
	SET("vip");
	is_str(diagnostic_enum(&r), "test_field: test.csv:7: col: expected one of target, general, "
	       "key, potential, found 'vip'\n", "get_enum unknown is bad, with file:line and the values");
	r.zh = 1;
	is_str(diagnostic_enum(&r), "test_field: test.csv:7: col: expected one of 目标客户, 一般客户, "
	       "重点客户, 潜在客户, found 'vip'\n", "get_enum under --zh lists the Chinese values");
	r.zh = 0;

	SET("是");
	ok(crm_get_bool(&r, 0, &i) == CRM_FIELD_OK && i == 1, "get_bool 是");
	SET("no");
	ok(crm_get_bool(&r, 0, &i) == CRM_FIELD_OK && i == 0, "get_bool no");
	is_int(crm_get_bool(&r, 1, &i), CRM_FIELD_EMPTY, "get_bool empty");
	SET("perhaps");
	is_int(crm_get_bool(&r, 0, &i), CRM_FIELD_BAD, "get_bool perhaps is bad");

	SET("+86 138 1234 5678");
	ok(crm_get_phone(&r, 0, ph) == CRM_FIELD_OK && !strcmp(ph, "13812345678"),
	   "get_phone normalises");
	is_int(crm_get_phone(&r, 1, ph), CRM_FIELD_EMPTY, "get_phone empty");
	SET("12345");
	is_int(crm_get_phone(&r, 0, ph), CRM_FIELD_BAD, "get_phone short is bad");
#undef SET
}

/* crm_now: --today keeps the clock's time of day; crm_datetime_format before 1970 too. */
static void
test_now(void)
{
	struct crm_opts o;
	char buf[CRM_DATETIME_LEN];
	int64_t clock, now;

	crm_opts_init(&o);
	o.today = NULL;
	clock = crm_now(&o);
	o.today = "2026-10-01";
	now = crm_now(&o);
	crm_datetime_format(now, buf);
	ok(!strncmp(buf, "2026-10-01 ", 11), "crm_now under --today is that day (%s)", buf);
	ok((now % 86400 + 86400) % 86400 <= (clock % 86400 + 86400) % 86400 + 2,
	   "at the clock's time of day");
	crm_datetime_format(0, buf);
	is_str(buf, "1970-01-01 00:00:00", "the epoch");
	crm_datetime_format(-1, buf);
	is_str(buf, "1969-12-31 23:59:59", "a second before it");
	crm_datetime_format((int64_t)crm_date_from_ymd(1926, 12, 31) * 86400 + 3661, buf);
	is_str(buf, "1926-12-31 01:01:01", "a date-time in 1926");
}

/* crm_exp_plain: %e text without its exponent (xlsx numbers and JSON reals). */
static void
test_exp_plain(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "1e+02", "100" }, { "1.2345e+02", "123.45" }, { "-1.2345e+02", "-123.45" },
		{ "3.00000000000000e-01", "0.3" }, { "1.3910112345e+10", "13910112345" },
		{ "5e-03", "0.005" }, { "0e+00", "0" }, { "9.9e+20", "990000000000000000000" },
	};
	char buf[CRM_PLAIN_LEN];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf[0] = '\0';
		crm_exp_plain(cases[i].in, buf);
		is_str(buf, cases[i].want, "crm_exp_plain %s", cases[i].in);
	}
	is_int(crm_exp_plain("1e+21", buf), -1, "an exponent past 20 keeps its exponent form");
	is_int(crm_exp_plain("1e-11", buf), -1, "and one below -10");
}

int
main(void)
{
	test_now();
	test_exp_plain();
	test_date_parse();
	test_date_numbers();
	test_add_months();
	test_today();
	test_times();
	test_datetimes();
	test_decimals();
	test_trim();
	test_enums();
	test_phones();
	test_getters();
	return tap_done();
}
