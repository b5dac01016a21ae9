/* crm-cal: working-day arithmetic over the Chinese holiday calendar. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "cli.h"
#include "field.h"
#include "stream.h"

/* N in "add DATE N" is bounded so that the answer stays within years 1–9999. */
#define MAX_N	1000000

static struct {
	struct crm_opts crm;
	int verbose;
} opts;

/* The calendar every command reads: opened once the command line is read. */
static struct crm_cal *cal;

/* DATE operand: an ISO (or YYYY/M/D, YYYY年M月D日) date, or "today". */
static int32_t
date_arg(const char *s)
{
	int32_t day;

	if (!strcmp(s, "today"))
		return crm_today(&opts.crm);
	if (crm_date_parse(s, &day) < 0)
		crm_die("expected a date (YYYY-MM-DD), found '%s'", s);
	return day;
}

static long
int_arg(const char *what, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		crm_usage_error("%s: expected an integer from %ld to %ld, found '%s'",
				what, min, max, s);
	return v;
}

static void
print_date(int32_t day)
{
	char buf[CRM_DATE_LEN];

	crm_date_format(day, buf);
	puts(buf);
}

static int
cmd_add(int argc, char **argv)
{
	struct crm_cal *c = cal;

	(void)argc;
	int32_t day = date_arg(argv[0]), out, bad;
	int n = (int)int_arg("N", argv[1], -MAX_N, MAX_N);

	if (crm_cal_add(c, day, n, &out, &bad) < 0)
		crm_cal_die_outside(c, bad);
	print_date(out);
	return CRM_OK;
}

static int
cmd_between(int argc, char **argv)
{
	struct crm_cal *c = cal;

	(void)argc;
	int32_t a = date_arg(argv[0]), b = date_arg(argv[1]), bad;
	long n;

	if (crm_cal_between(c, a, b, &n, &bad) < 0)
		crm_cal_die_outside(c, bad);
	printf("%ld\n", n);
	return CRM_OK;
}

/* -v: "DATE KIND [NAME]", KIND one of weekday, weekend, holiday, workday (make-up). */
static void
describe(const struct crm_cal *c, int32_t day)
{
	char buf[CRM_DATE_LEN];
	const char *name, *kind;
	int wday = crm_date_wday(day);

	switch (crm_cal_kind(c, day, &name)) {
	case CRM_DAY_HOLIDAY:
		kind = "holiday";
		break;
	case CRM_DAY_WORKDAY:
		kind = "workday";
		break;
	default:
		kind = wday == 0 || wday == 6 ? "weekend" : "weekday";
		break;
	}
	crm_date_format(day, buf);
	printf("%s %s%s%s\n", buf, kind, name ? " " : "", name ? name : "");
}

static int
answer(const struct crm_cal *c, int32_t day, int yes)
{
	if (opts.verbose)
		describe(c, day);
	return yes ? CRM_OK : CRM_FINDINGS;
}

static int
cmd_is_workday(int argc, char **argv)
{
	struct crm_cal *c = cal;

	(void)argc;
	int32_t day = date_arg(argv[0]), bad;
	int yes;

	if (crm_cal_is_workday(c, day, &yes, &bad) < 0)
		crm_cal_die_outside(c, bad);
	return answer(c, day, yes);
}

static int
cmd_is_trading_day(int argc, char **argv)
{
	struct crm_cal *c = cal;

	(void)argc;
	int32_t day = date_arg(argv[0]), bad;
	int yes;

	if (crm_cal_is_trading_day(c, day, &yes, &bad) < 0)
		crm_cal_die_outside(c, bad);
	return answer(c, day, yes);
}

static int
cmd_next_trading_day(int argc, char **argv)
{
	struct crm_cal *c = cal;

	(void)argc;
	int32_t day = date_arg(argv[0]), out, bad;

	if (crm_cal_next_trading_day(c, day, &out, &bad) < 0)
		crm_cal_die_outside(c, bad);
	print_date(out);
	return CRM_OK;
}

/* The rows of a year the calendar holds (weekends are never assumed here). */
static int
cmd_list(int argc, char **argv)
{
	struct crm_cal *c = cal;

	(void)argc;
	int year = (int)int_arg("YEAR", argv[0], 1, 9999);
	int32_t day, end = crm_date_from_ymd(year + 1, 1, 1);
	char date[CRM_DATE_LEN];
	const char *vals[3], *name;
	struct crm_writer *w;
	enum crm_daykind kind;

	crm_cal_assume_weekends(c, 0);
	if (!crm_cal_covers(c, crm_date_from_ymd(year, 1, 1)))
		crm_die("%04d is outside the calendar (covers %s); give --calendar FILE",
			year, crm_cal_coverage(c));
	w = crm_writer_new(stdout, &opts.crm);
	crm_writer_type(w, &crm_type_calendar);
	for (day = crm_date_from_ymd(year, 1, 1); day < end; day++) {
		if ((kind = crm_cal_kind(c, day, &name)) == CRM_DAY_NORMAL)
			continue;
		crm_date_format(day, date);
		vals[0] = date;
		vals[1] = kind == CRM_DAY_HOLIDAY ? "holiday" : "workday";
		vals[2] = name ? name : "";
		crm_writer_row(w, vals, NULL);
	}
	crm_writer_close(w);
	return CRM_OK;
}

/*
 * Whether the calendar has YEAR, for scripts (crm-daily's December check):
 * --assume-weekends does not make a year covered, nor does a holiday-cn
 * file with no days for it.
 */
static int
cmd_covers(int argc, char **argv)
{
	struct crm_cal *c = cal;

	(void)argc;
	int year = (int)int_arg("YEAR", argv[0], 1, 9999);
	int yes = crm_cal_covers_year(c, year);

	if (opts.verbose)
		printf("%04d %s (the calendar covers %s)\n", year,
		       yes ? "is covered" : "is not covered", crm_cal_coverage(c));
	return yes ? CRM_OK : CRM_FINDINGS;
}

static const int verbose_opts[] = { 'v', 0 };

static const struct crm_optdef optdefs[] = {
	{ "verbose", 'v', NULL, "is-workday, is-trading-day: print the day's kind; covers: "
	  "say what the calendar covers" },
	{ NULL, 0, NULL, NULL }
};

/* DATE is YYYY-MM-DD or 'today'; a negative N needs '--' before it: crm-cal add -- 2026-10-08 -3 */
static const struct crm_cmd cmds[] = {
	{ "add", cmd_add, "DATE N", "the Nth working day after DATE (before it when N < 0; "
	  "DATE itself when N = 0)", NULL, NULL, 2, 2 },
	{ "between", cmd_between, "A B", "the number of working days d with A < d <= B", NULL,
	  NULL, 2, 2 },
	{ "is-workday", cmd_is_workday, "DATE", "exit 0 when DATE is a working day, else 1",
	  verbose_opts, NULL, 1, 1 },
	{ "is-trading-day", cmd_is_trading_day, "DATE", "exit 0 when DATE is a trading day, "
	  "else 1", verbose_opts, NULL, 1, 1 },
	{ "next-trading-day", cmd_next_trading_day, "DATE", "the first trading day after DATE",
	  NULL, NULL, 1, 1 },
	{ "list", cmd_list, "YEAR", "the calendar rows of YEAR (date,kind,name)", NULL, NULL, 1, 1 },
	{ "covers", cmd_covers, "YEAR", "exit 0 when the calendar has YEAR, else 1", verbose_opts,
	  NULL, 1, 1 },
};

static int
set(int c, const char *arg)
{
	(void)arg;
	if (c != 'v')
		return 0;
	opts.verbose = 1;
	return 1;
}

static const struct crm_cli cli = {
	"crm-cal [options] COMMAND ARGS",
	"Working-day arithmetic over the Chinese holiday calendar.  DATE is YYYY-MM-DD or\n"
	"'today'; a negative N needs '--' before it: crm-cal add -- 2026-10-08 -3",
	optdefs, cmds, sizeof cmds / sizeof cmds[0], set
};

int
main(int argc, char **argv)
{
	const struct crm_cmd *cmd;
	int first, status;

	crm_init();
	crm_opts_init(&opts.crm);
	cmd = crm_parse(&cli, &opts.crm, argc, argv, &first);
	cal = crm_cal_open(&opts.crm);
	status = cmd->run(argc - first, argv + first);
	crm_cal_free(cal);
	return crm_finish(status);
}
