/* crm-cal: working-day arithmetic over the Chinese holiday calendar. */
#include <errno.h>
#include <getopt.h>
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

struct cmd {
	const char *name;
	int nargs;
	const char *args;
	int (*run)(struct crm_cal *c, char **argv);
};

static void
usage(FILE *fp)
{
	fputs("Usage: crm-cal [options] COMMAND ARGS\n"
	      "Working-day arithmetic over the Chinese holiday calendar.\n"
	      "\n"
	      "Commands:\n"
	      "  add DATE N              the Nth working day after DATE (before it when N < 0;\n"
	      "                          DATE itself when N = 0)\n"
	      "  between A B             the number of working days d with A < d <= B\n"
	      "  is-workday DATE         exit 0 when DATE is a working day, else 1\n"
	      "  is-trading-day DATE     exit 0 when DATE is a trading day, else 1\n"
	      "  next-trading-day DATE   the first trading day after DATE\n"
	      "  list YEAR               the calendar rows of YEAR (date,kind,name)\n"
	      "  covers YEAR             exit 0 when the calendar has YEAR, else 1\n"
	      "\n"
	      "DATE is YYYY-MM-DD or 'today'.  A negative N needs '--' before it:\n"
	      "  crm-cal add -- 2026-10-08 -3\n"
	      "\n"
	      "Options:\n"
	      "  -v, --verbose           is-workday, is-trading-day: print the day's kind;\n"
	      "                          covers: say what the calendar covers\n", fp);
	crm_opts_usage(fp);
}

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
cmd_add(struct crm_cal *c, char **argv)
{
	int32_t day = date_arg(argv[0]), out, bad;
	int n = (int)int_arg("N", argv[1], -MAX_N, MAX_N);

	if (crm_cal_add(c, day, n, &out, &bad) < 0)
		crm_cal_die_outside(c, bad);
	print_date(out);
	return CRM_OK;
}

static int
cmd_between(struct crm_cal *c, char **argv)
{
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
cmd_is_workday(struct crm_cal *c, char **argv)
{
	int32_t day = date_arg(argv[0]), bad;
	int yes;

	if (crm_cal_is_workday(c, day, &yes, &bad) < 0)
		crm_cal_die_outside(c, bad);
	return answer(c, day, yes);
}

static int
cmd_is_trading_day(struct crm_cal *c, char **argv)
{
	int32_t day = date_arg(argv[0]), bad;
	int yes;

	if (crm_cal_is_trading_day(c, day, &yes, &bad) < 0)
		crm_cal_die_outside(c, bad);
	return answer(c, day, yes);
}

static int
cmd_next_trading_day(struct crm_cal *c, char **argv)
{
	int32_t day = date_arg(argv[0]), out, bad;

	if (crm_cal_next_trading_day(c, day, &out, &bad) < 0)
		crm_cal_die_outside(c, bad);
	print_date(out);
	return CRM_OK;
}

/* The rows of a year the calendar holds (weekends are never assumed here). */
static int
cmd_list(struct crm_cal *c, char **argv)
{
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
cmd_covers(struct crm_cal *c, char **argv)
{
	int year = (int)int_arg("YEAR", argv[0], 1, 9999);
	int yes = crm_cal_covers_year(c, year);

	if (opts.verbose)
		printf("%04d %s (the calendar covers %s)\n", year,
		       yes ? "is covered" : "is not covered", crm_cal_coverage(c));
	return yes ? CRM_OK : CRM_FINDINGS;
}

static const struct cmd cmds[] = {
	{ "add", 2, "DATE N", cmd_add },
	{ "between", 2, "A B", cmd_between },
	{ "is-workday", 1, "DATE", cmd_is_workday },
	{ "is-trading-day", 1, "DATE", cmd_is_trading_day },
	{ "next-trading-day", 1, "DATE", cmd_next_trading_day },
	{ "list", 1, "YEAR", cmd_list },
	{ "covers", 1, "YEAR", cmd_covers },
};

static int
parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		CRM_LONGOPTS,
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, ":hVv" CRM_SHORTOPTS, longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout);
			exit(crm_finish(CRM_OK));
		case 'V':
			crm_version();
			break;
		case 'v':
			opts.verbose = 1;
			break;
		case '?':
			if (optopt >= '0' && optopt <= '9')
				crm_usage_error("unknown option '-%c' (a negative N needs '--' "
						"before it)", optopt);
			crm_bad_option(ch, argv);
		default:
			if (!crm_opts_set(&opts.crm, ch, optarg))
				crm_bad_option(ch, argv);
			break;
		}
	}
	return optind;
}

static const struct cmd *
find_cmd(int argc, char **argv)
{
	size_t i;

	if (argc < 1)
		crm_usage_error("missing command (add, between, is-workday, is-trading-day, "
				"next-trading-day, list, covers)");
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (strcmp(argv[0], cmds[i].name))
			continue;
		if (argc - 1 != cmds[i].nargs)
			crm_usage_error("%s: expected %s, found %d argument%s", cmds[i].name,
					cmds[i].args, argc - 1, argc == 2 ? "" : "s");
		return &cmds[i];
	}
	crm_usage_error("unknown command '%s'", argv[0]);
}

int
main(int argc, char **argv)
{
	const struct cmd *cmd;
	struct crm_cal *cal;
	int first, status;

	crm_init();
	crm_opts_init(&opts.crm);
	first = parse_options(argc, argv);
	cmd = find_cmd(argc - first, argv + first);
	cal = crm_cal_open(&opts.crm);
	status = cmd->run(cal, argv + first + 1);
	crm_cal_free(cal);
	return crm_finish(status);
}
