/* Unit tests of lib/cal.c through its API: the built-in years, arithmetic, calendar files. */
#include <stdlib.h>
#include <unistd.h>

#include "cal.h"
#include "field.h"
#include "tap.h"

static int32_t
D(const char *s)
{
	int32_t day;

	if (crm_date_parse(s, &day) < 0) {
		printf("Bail out! bad date in test: %s\n", s);
		exit(2);
	}
	return day;
}

static const char *
fmt(int32_t day, char buf[CRM_DATE_LEN])
{
	crm_date_format(day, buf);
	return buf;
}

/* Write text to a new temporary file; returns its malloc'd path. */
static char *
tmpfile_with(const char *text)
{
	const char *dir = getenv("TMPDIR");
	size_t len = strlen(dir ? dir : "/tmp") + sizeof "/test_cal.XXXXXX";
	char *path = xmalloc(len);
	FILE *fp;
	int fd;

	snprintf(path, len, "%s/test_cal.XXXXXX", dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0 || !(fp = fdopen(fd, "w")))
		crm_die("%s:", path);
	fputs(text, fp);
	if (fclose(fp) != 0)
		crm_die("%s:", path);
	return path;
}

/* Load text as a calendar file into c; returns crm_cal_load's answer. */
static int
load_text(struct crm_cal *c, const char *text)
{
	char *path = tmpfile_with(text);
	int rc = crm_cal_load(c, path);

	unlink(path);
	free(path);
	return rc;
}

static int
workday(const struct crm_cal *c, const char *date)
{
	int yes = -1;
	int32_t bad;

	if (crm_cal_is_workday(c, D(date), &yes, &bad) < 0)
		return -1;
	return yes;
}

static int
trading(const struct crm_cal *c, const char *date)
{
	int yes = -1;
	int32_t bad;

	if (crm_cal_is_trading_day(c, D(date), &yes, &bad) < 0)
		return -1;
	return yes;
}

static void
test_builtin(void)
{
	static const struct {
		const char *date;
		enum crm_daykind kind;
		const char *name;
		int workday, trading;
	} days[] = {
		{ "2023-01-01", CRM_DAY_HOLIDAY, "元旦", 0, 0 },	/* Sunday */
		{ "2023-01-28", CRM_DAY_WORKDAY, "春节", 1, 0 },	/* make-up Saturday */
		{ "2024-02-18", CRM_DAY_WORKDAY, "春节", 1, 0 },	/* make-up Sunday */
		{ "2024-10-07", CRM_DAY_HOLIDAY, "国庆节", 0, 0 },	/* Monday */
		{ "2025-01-28", CRM_DAY_HOLIDAY, "春节", 0, 0 },
		{ "2025-10-08", CRM_DAY_HOLIDAY, "国庆节、中秋节", 0, 0 },
		{ "2025-10-11", CRM_DAY_WORKDAY, "国庆节、中秋节", 1, 0 },
		{ "2026-01-04", CRM_DAY_WORKDAY, "元旦", 1, 0 },
		{ "2026-10-10", CRM_DAY_WORKDAY, "国庆节", 1, 0 },
		{ "2026-10-08", CRM_DAY_NORMAL, NULL, 1, 1 },		/* Thursday */
		{ "2026-11-27", CRM_DAY_NORMAL, NULL, 1, 1 },		/* Friday */
		{ "2026-11-28", CRM_DAY_NORMAL, NULL, 0, 0 },		/* Saturday */
		{ "2026-11-29", CRM_DAY_NORMAL, NULL, 0, 0 },		/* Sunday */
	};
	struct crm_cal *c = crm_cal_builtin();
	const char *name;
	size_t i;

	is_str(crm_cal_coverage(c), "2023–2026", "built-in coverage");
	ok(crm_cal_covers(c, D("2023-01-01")) && crm_cal_covers(c, D("2026-12-31")),
	   "covers 2023-01-01 and 2026-12-31");
	ok(!crm_cal_covers(c, D("2022-12-31")) && !crm_cal_covers(c, D("2027-01-01")),
	   "does not cover 2022-12-31 or 2027-01-01");
	for (i = 0; i < sizeof days / sizeof days[0]; i++) {
		is_int(crm_cal_kind(c, D(days[i].date), &name), days[i].kind, "%s kind",
		       days[i].date);
		is_str(name, days[i].name, "%s name", days[i].date);
		is_int(workday(c, days[i].date), days[i].workday, "%s working day",
		       days[i].date);
		is_int(trading(c, days[i].date), days[i].trading, "%s trading day",
		       days[i].date);
	}
	crm_cal_free(c);
}

/* Working and trading days per year, counted independently from data/calendar.csv. */
static void
test_year_totals(void)
{
	static const struct {
		int year;
		long workdays, trading;
	} years[] = {
		{ 2023, 249, 242 }, { 2024, 251, 243 }, { 2025, 248, 243 }, { 2026, 248, 242 },
	};
	struct crm_cal *c = crm_cal_builtin();
	int32_t day, end, bad;
	long n, t;
	size_t i;
	int yes;

	for (i = 0; i < sizeof years / sizeof years[0]; i++) {
		day = crm_date_from_ymd(years[i].year, 1, 1);
		end = crm_date_from_ymd(years[i].year + 1, 1, 1);
		ok(crm_cal_between(c, day - 1, end - 1, &n, &bad) == 0, "%d between answers",
		   years[i].year);
		is_int(n, years[i].workdays, "%d has %ld working days", years[i].year,
		       years[i].workdays);
		for (t = 0; day < end; day++)
			if (crm_cal_is_trading_day(c, day, &yes, &bad) == 0)
				t += yes;
		is_int(t, years[i].trading, "%d has %ld trading days", years[i].year,
		       years[i].trading);
	}
	crm_cal_free(c);
}

static void
test_add(void)
{
	static const struct {
		const char *day;
		int n;
		const char *want;
	} cases[] = {
		{ "2026-09-28", 5, "2026-10-10" },	/* DESIGN.md: onto a make-up Saturday */
		{ "2025-12-31", 1, "2026-01-04" },	/* 01-01..03 off, 01-04 make-up Sunday */
		{ "2026-10-01", 0, "2026-10-01" },	/* day 0 is the event day, holiday or not */
		{ "2026-10-01", 1, "2026-10-08" },
		{ "2026-10-03", 2, "2026-10-09" },
		{ "2026-10-08", -1, "2026-09-30" },
		{ "2026-10-10", -3, "2026-09-30" },
		{ "2026-02-13", 1, "2026-02-14" },	/* Spring Festival make-up Saturday */
		{ "2026-02-14", 1, "2026-02-24" },
		{ "2026-02-14", 5, "2026-02-28" },
		{ "2026-11-27", 1, "2026-11-30" },	/* over a plain weekend */
		{ "2026-11-30", -1, "2026-11-27" },
		{ "2023-01-03", -1, "2022-12-30" },	/* answered below: outside */
	};
	struct crm_cal *c = crm_cal_builtin();
	char buf[CRM_DATE_LEN], bufb[CRM_DATE_LEN];
	int32_t out, bad;
	size_t i;

	for (i = 0; i + 1 < sizeof cases / sizeof cases[0]; i++) {
		out = 0;
		ok(crm_cal_add(c, D(cases[i].day), cases[i].n, &out, &bad) == 0,
		   "add %s %d answers", cases[i].day, cases[i].n);
		is_str(fmt(out, buf), cases[i].want, "add %s %d = %s", cases[i].day, cases[i].n,
		       cases[i].want);
	}
	is_int(crm_cal_add(c, D("2023-01-03"), -1, &out, &bad), -1,
	       "add 2023-01-03 -1 runs out of the calendar");
	is_str(fmt(bad, bufb), "2022-12-31", "... at 2022-12-31");
	is_int(crm_cal_add(c, D("2026-12-30"), 2, &out, &bad), -1, "add 2026-12-30 2 runs out");
	is_str(fmt(bad, bufb), "2027-01-01", "... at 2027-01-01");
	ok(crm_cal_add(c, D("2027-06-01"), 0, &out, &bad) == 0 && out == D("2027-06-01"),
	   "add DAY 0 needs no calendar");
	crm_cal_free(c);
}

static void
test_between(void)
{
	static const struct {
		const char *a, *b;
		long want;
	} cases[] = {
		{ "2026-09-28", "2026-10-10", 5 },
		{ "2026-10-10", "2026-09-28", -5 },
		{ "2026-10-01", "2026-10-01", 0 },
		{ "2026-09-30", "2026-10-07", 0 },	/* National Day week */
		{ "2026-09-30", "2026-10-08", 1 },
		{ "2026-02-13", "2026-02-24", 2 },	/* 02-14 make-up, 02-24 first back */
		{ "2025-12-31", "2026-01-05", 2 },
		{ "2022-12-31", "2023-01-03", 1 },	/* a itself is not needed */
	};
	struct crm_cal *c = crm_cal_builtin();
	int32_t bad = 0;
	char buf[CRM_DATE_LEN];
	size_t i;
	long n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = -99;
		ok(crm_cal_between(c, D(cases[i].a), D(cases[i].b), &n, &bad) == 0,
		   "between %s %s answers", cases[i].a, cases[i].b);
		is_int(n, cases[i].want, "between %s %s = %ld", cases[i].a, cases[i].b,
		       cases[i].want);
	}
	is_int(crm_cal_between(c, D("2026-12-30"), D("2027-01-04"), &n, &bad), -1,
	       "between into 2027 is outside");
	is_str(fmt(bad, buf), "2027-01-01", "... at 2027-01-01");
	crm_cal_free(c);
}

static void
test_next_trading_day(void)
{
	static const struct {
		const char *day, *want;
	} cases[] = {
		{ "2026-10-09", "2026-10-12" },		/* skips make-up Saturday 10-10 */
		{ "2026-09-30", "2026-10-08" },
		{ "2026-02-13", "2026-02-24" },		/* skips make-up Saturday 02-14 */
		{ "2026-11-26", "2026-11-27" },
		{ "2026-11-27", "2026-11-30" },
		{ "2025-12-31", "2026-01-05" },		/* not the make-up Sunday 01-04 */
	};
	struct crm_cal *c = crm_cal_builtin();
	char buf[CRM_DATE_LEN];
	int32_t out = 0, bad;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ok(crm_cal_next_trading_day(c, D(cases[i].day), &out, &bad) == 0,
		   "next trading day after %s answers", cases[i].day);
		is_str(fmt(out, buf), cases[i].want, "next trading day after %s = %s",
		       cases[i].day, cases[i].want);
	}
	is_int(crm_cal_next_trading_day(c, D("2026-12-31"), &out, &bad), -1,
	       "next trading day after 2026-12-31 is outside");
	crm_cal_free(c);
}

static void
test_outside(void)
{
	struct crm_cal *c = crm_cal_builtin();
	char buf[CRM_DATE_LEN];
	int32_t out, bad = 0;
	int yes = -1;

	is_int(crm_cal_is_workday(c, D("2027-03-01"), &yes, &bad), -1, "2027-03-01 is outside");
	is_str(fmt(bad, buf), "2027-03-01", "bad day is 2027-03-01");
	is_int(crm_cal_is_trading_day(c, D("2022-06-01"), &yes, NULL), -1,
	       "2022-06-01 is outside (bad may be NULL)");
	crm_cal_assume_weekends(c, 1);
	ok(crm_cal_covers(c, D("2027-03-01")), "weekends assumed: 2027 covered");
	is_int(workday(c, "2027-03-01"), 1, "assumed: Monday 2027-03-01 works");
	is_int(workday(c, "2027-03-06"), 0, "assumed: Saturday 2027-03-06 is off");
	is_int(workday(c, "2026-10-01"), 0, "assumed: the data still rules 2026");
	ok(crm_cal_add(c, D("2027-03-05"), 1, &out, &bad) == 0 && out == D("2027-03-08"),
	   "assumed: add 2027-03-05 1 = 2027-03-08");
	is_str(crm_cal_coverage(c), "2023–2026", "coverage names only the data's years");
	ok(!crm_cal_covers(c, crm_date_from_ymd(10000, 1, 1)), "year 10000 never covered");
	is_int(crm_cal_add(c, crm_date_from_ymd(9999, 12, 30), 5, &out, &bad), -1, "add past 9999 fails");
	crm_cal_assume_weekends(c, 0);
	ok(!crm_cal_covers(c, D("2027-03-01")), "weekends no longer assumed");
	crm_cal_free(c);
}

static void
test_load_csv(void)
{
	struct crm_cal *c = crm_cal_builtin();
	const char *name;
	char buf[CRM_DATE_LEN];
	int32_t out, bad;

	is_int(load_text(c, "date,kind,name\n"
			    "2027-01-01,holiday,元旦\n"
			    "2027-02-20,workday,春节\n"
			    "2027-02-08,holiday,\n"
			    "2027-02-08,holiday,春节\n"), 0, "CSV adding 2027 loads");
	is_str(crm_cal_coverage(c), "2023–2027", "coverage 2023–2027");
	is_int(workday(c, "2027-01-01"), 0, "2027-01-01 holiday");
	is_int(workday(c, "2027-02-20"), 1, "2027-02-20 make-up Saturday works");
	is_int(trading(c, "2027-02-20"), 0, "... but does not trade");
	is_int(crm_cal_kind(c, D("2027-02-08"), &name), CRM_DAY_HOLIDAY, "duplicate same-kind row");
	ok(crm_cal_add(c, D("2026-12-31"), 1, &out, &bad) == 0, "add across into 2027");
	is_str(fmt(out, buf), "2027-01-04", "2026-12-31 + 1 = 2027-01-04");

	is_int(load_text(c, "date,kind,name\n2026-10-01,holiday,国庆节\n"), 0,
	       "CSV replacing 2026 loads");
	is_int(workday(c, "2026-10-02"), 1, "2026 replaced wholesale: 10-02 works now");
	is_int(workday(c, "2026-10-10"), 0, "... and 10-10 is a plain Saturday");
	is_int(workday(c, "2025-10-08"), 0, "2025 untouched");

	is_int(load_text(c, "date,kind\n2029-05-01,holiday\n2029-05-07,workday\n"), 0,
	       "CSV without name column; workday on a Monday stored");
	is_str(crm_cal_coverage(c), "2023–2027, 2029", "coverage with a gap");
	is_int(crm_cal_kind(c, D("2029-05-07"), &name), CRM_DAY_WORKDAY, "Monday workday row kept");
	ok(name == NULL, "no name");

	is_int(load_text(c, "日期,类型,名称\n2030/1/1,休,元旦\n2030年2月9日,班,春节\n"
			    "2030-02-04,假,春节\n"), 0, "Chinese header, 休/班/假, other date forms");
	is_int(workday(c, "2030-01-01"), 0, "休 is a holiday");
	is_int(workday(c, "2030-02-09"), 1, "班 is a workday");
	is_int(workday(c, "2030-02-04"), 0, "假 is a holiday");

	is_int(load_text(c, "date,kind,name\n2031-01-01,holiday,x\n2031-02-30,holiday,y\n"), -1,
	       "bad date refused");
	is_int(load_text(c, "date,kind,name\n2031-01-01,day-off,x\n"), -1, "bad kind refused");
	is_int(load_text(c, "date,kind,name\n2031-01-01,holiday,x\n2031-01-01,workday,x\n"), -1,
	       "conflicting duplicate refused");
	is_int(load_text(c, "day,type\n2031-01-01,holiday\n"), -1, "wrong header refused");
	ok(!crm_cal_covers(c, D("2031-01-01")), "a refused file changes nothing");
	is_int(crm_cal_load(c, "/nonexistent/calendar.csv"), -1, "missing file refused");
	crm_cal_free(c);
}

static void
test_load_json(void)
{
	struct crm_cal *c = crm_cal_builtin();
	const char *name;

	is_int(load_text(c, "\xef\xbb\xbf\n"
			    "{\"year\": 2027, \"papers\": [],\n"
			    " \"days\": [\n"
			    "  {\"name\": \"元旦\", \"date\": \"2026-12-31\", \"isOffDay\": true},\n"
			    "  {\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true},\n"
			    "  {\"name\": \"春节\", \"date\": \"2027-02-20\", \"isOffDay\": false}\n"
			    "]}\n"), 0, "holiday-cn JSON (with BOM) loads");
	is_str(crm_cal_coverage(c), "2023–2027", "JSON covers its year");
	is_int(crm_cal_kind(c, D("2027-02-20"), &name), CRM_DAY_WORKDAY, "isOffDay false: workday");
	is_str(name, "春节", "name kept");
	is_int(workday(c, "2026-12-31"), 0, "December of the previous year merged");
	is_int(workday(c, "2026-10-01"), 0, "... without replacing 2026");

	is_int(load_text(c, "{\"year\": 2029, \"days\": [\n"
			    " {\"date\": \"2028-12-29\", \"isOffDay\": true},\n"
			    " {\"date\": \"2029-01-01\", \"isOffDay\": true, \"name\": null}]}"), 0,
	       "JSON whose previous year is not covered");
	ok(!crm_cal_covers(c, D("2028-12-29")), "uncovered previous year stays uncovered");
	is_int(crm_cal_kind(c, D("2029-01-01"), &name), CRM_DAY_HOLIDAY, "null name allowed");
	ok(name == NULL, "... stored as no name");

	is_int(load_text(c, "{\"year\": 2031, \"days\": [{\"date\": \"2031-01-01\", "
			    "\"isOffDay\": tru}]}"), -1, "JSON syntax error refused");
	is_int(load_text(c, "{\"year\": 2031, \"year\": 2031, \"days\": []}"), -1,
	       "duplicate key refused");
	is_int(load_text(c, "{\"year\": 2031, \"days\": []}"), 0,
	       "empty days (unpublished year) loads with a warning");
	ok(!crm_cal_covers_year(c, 2031), "... and does not cover the year");
	is_int(load_text(c, "{\"days\": [{\"date\": \"2031-01-01\", \"isOffDay\": true}]}"), -1,
	       "missing year refused");
	is_int(load_text(c, "{\"year\": 2031, \"days\": [{\"date\": \"2031-01-01\"}]}"), -1,
	       "missing isOffDay refused");
	is_int(load_text(c, "{\"year\": 2031, \"days\": [{\"date\": \"31.1.2031\", "
			    "\"isOffDay\": true}]}"), -1, "bad date refused");
	ok(!crm_cal_covers(c, D("2031-01-01")), "refused files change nothing");
	crm_cal_free(c);
}

static void
test_open(void)
{
	struct crm_opts o;
	struct crm_cal *c;
	char *path = tmpfile_with("date,kind,name\n2027-01-01,holiday,元旦\n");

	crm_opts_init(&o);
	o.calendar = path;
	o.assume_weekends = 1;
	c = crm_cal_open(&o);
	is_str(crm_cal_coverage(c), "2023–2027", "crm_cal_open loads o->calendar");
	ok(crm_cal_covers(c, D("2040-06-01")), "crm_cal_open sets assume_weekends");
	crm_cal_free(c);
	unlink(path);
	free(path);
	crm_cal_free(NULL);
	ok(1, "crm_cal_free(NULL) is a no-op");
}

/* Past the last covered year: weekends and 1 Jan, 1–2 May, 1–3 Oct, provisional. */
static void
test_provisional(void)
{
	struct crm_cal *c = crm_cal_builtin();
	char buf[CRM_DATE_LEN];
	int32_t out, bad;
	long n;
	int prov, yes;

	/* 12-29, 12-30, 12-31, (01-01 元旦, 01-02/03 weekend) 01-04, 01-05. */
	ok(crm_cal_add_provisional(c, D("2026-12-28"), 5, &out, &prov, &bad) == 0,
	   "add_provisional 2026-12-28 5 answers");
	is_str(fmt(out, buf), "2027-01-05", "... 2027-01-05");
	is_int(prov, 1, "... provisional");
	ok(crm_cal_add_provisional(c, D("2026-09-28"), 5, &out, &prov, &bad) == 0 &&
	   out == D("2026-10-10") && prov == 0, "inside the calendar: exact, not provisional");
	/* 2027-04-29 Thu: 04-30 (1), 05-01/02 fixed, 05-03 Mon (2) ... 05-06 (5). */
	ok(crm_cal_add_provisional(c, D("2027-04-29"), 5, &out, &prov, &bad) == 0,
	   "add_provisional across 1-2 May");
	is_str(fmt(out, buf), "2027-05-06", "... 2027-05-06");
	/* 2027-09-30 Thu: 10-01 Fri fixed, 10-02/03 weekend, 10-04 (1). */
	ok(crm_cal_add_provisional(c, D("2027-09-30"), 1, &out, &prov, &bad) == 0,
	   "add_provisional across 1-3 October");
	is_str(fmt(out, buf), "2027-10-04", "... 2027-10-04");
	ok(crm_cal_between_provisional(c, D("2027-01-05"), D("2027-01-12"), &n, &prov, &bad) == 0 &&
	   n == 5 && prov == 1, "between_provisional 2027-01-05 2027-01-12 = 5");
	ok(crm_cal_between_provisional(c, D("2027-01-12"), D("2027-01-05"), &n, &prov, &bad) == 0 &&
	   n == -5, "between_provisional backwards = -5");
	ok(crm_cal_is_workday_provisional(c, D("2027-10-02"), &yes, &prov, &bad) == 0 && !yes,
	   "2027-10-02 is not a working day");
	is_int(crm_cal_add_provisional(c, D("2023-01-03"), -1, &out, &prov, &bad), -1,
	       "before the first year: still outside");
	is_str(fmt(bad, buf), "2022-12-31", "... at 2022-12-31");
	/* FUT-14: the next trading day after Thursday 2026-12-31 is Monday 2027-01-04. */
	ok(crm_cal_next_trading_day_provisional(c, D("2026-12-31"), &out, &prov, &bad) == 0 &&
	   out == D("2027-01-04") && prov == 1, "next_trading_day_provisional 2026-12-31 = 2027-01-04");
	ok(crm_cal_next_trading_day_provisional(c, D("2026-12-30"), &out, &prov, &bad) == 0 &&
	   out == D("2026-12-31") && prov == 0, "next_trading_day_provisional 2026-12-30 exact");
	ok(crm_cal_covers_year(c, 2026) && !crm_cal_covers_year(c, 2027), "covers_year");
	crm_cal_free(c);
}

int
main(void)
{
	test_builtin();
	test_year_totals();
	test_add();
	test_between();
	test_next_trading_day();
	test_outside();
	test_load_csv();
	test_load_json();
	test_open();
	test_provisional();
	return tap_done();
}
