/*
 * crm-report: from the archive (tickets, revisits, customers) and the
 * reminders of crm-remind — the Friday weekly service report (SVC-04) and
 * the month-end service supervision report with the KPI list (SVC-01,
 * CM-13, CM-16); as Markdown text, CSV/JSON records, or one HTML page.
 */
#include <stdlib.h>
#include <string.h>

#include "crm-report.h"

struct opts opts;

enum {
	OPT_HOME = CRM_OPT_PROG, OPT_STAFF, OPT_WEEK, OPT_MONTH, OPT_REMINDERS, OPT_HTML,
	OPT_REPORT_DAYS, OPT_FORM_DAYS
};

static const struct crm_optdef optdefs[] = {
	{ "week", OPT_WEEK, "W", "weekly: ISO week (2026-W48) or a date in it (default: this week)" },
	{ "month", OPT_MONTH, "M", "monthly: YYYY-MM (default: this month)" },
	{ "reminders", OPT_REMINDERS, "PATH", "crm-remind output: a file (- for standard input), "
	  "or the folder of daily files YYYY-MM-DD.csv that crm-daily keeps" },
	{ "html", OPT_HTML, NULL, "write one self-contained HTML page with charts" },
	{ "report-days", OPT_REPORT_DAYS, "N", "working days after a major fault's closure its "
	  "report is due (default 5, SVC-07)" },
	{ "form-days", OPT_FORM_DAYS, "N", "working days after resolution a work-contact form is "
	  "due (default 1, SVC-10)" },
	{ "home", OPT_HOME, "DIR", "the archive's directory (env CRM_HOME)" },
	{ "staff", OPT_STAFF, "FILE", "staff (id,name,department,role,left_on) instead of the "
	  "archive's staff table" },
	{ NULL, 0, NULL, NULL }
};

static const int weekly_opts[] = { OPT_WEEK, OPT_REMINDERS, OPT_HTML, OPT_REPORT_DAYS, OPT_FORM_DAYS,
				   OPT_HOME, OPT_STAFF, 0 };
static const int monthly_opts[] = { OPT_MONTH, OPT_REMINDERS, OPT_HTML, OPT_REPORT_DAYS,
				    OPT_FORM_DAYS, OPT_HOME, OPT_STAFF, 0 };

static int run_weekly(int argc, char **argv);
static int run_monthly(int argc, char **argv);

static const struct crm_cmd cmds[] = {
	{ "weekly", run_weekly, "", "the Friday meeting's week (SVC-04): tickets, repeat contacts, "
	  "major faults and their steps (SVC-07), forms owed (SVC-10), escalations (SVC-06), "
	  "revisits, registrations overdue", weekly_opts, NULL, 0, 0 },
	{ "monthly", run_monthly, "", "the service supervision report (SVC-01) by technical service "
	  "unit, and the month-end KPI (CM-13, CM-16)", monthly_opts, NULL, 0, 0 },
};

/* A count of working days, 0 to 60. */
static int
days_opt(const char *name, const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*end || end == arg || n < 0 || n > 60)
		crm_usage_error("--%s: expected working days from 0 to 60, found '%s'", name, arg);
	return (int)n;
}

static int
set(int c, const char *arg)
{
	switch (c) {
	case OPT_HOME: opts.home = arg; break;
	case OPT_STAFF: opts.staff = arg; break;
	case OPT_WEEK: opts.week = arg; break;
	case OPT_MONTH: opts.month = arg; break;
	case OPT_REMINDERS: opts.reminders = arg; break;
	case OPT_HTML: opts.html = 1; break;
	case OPT_REPORT_DAYS: opts.report_days = days_opt("report-days", arg); break;
	case OPT_FORM_DAYS: opts.form_days = days_opt("form-days", arg); break;
	default: return 0;
	}
	return 1;
}

static const struct crm_cli cli = {
	"crm-report weekly [--week YYYY-Www|DATE] [options]\n"
	"       crm-report monthly [--month YYYY-MM] [options]",
	"Service reports from the archive (crm.db in CRM_HOME) and crm-remind's reminders.\n"
	"Output: Markdown text (default); --ocsv, --ojson, --otable or --oxlsx for records\n"
	"period,section,key,measure,value; --html for one self-contained page with charts.",
	optdefs, cmds, sizeof cmds / sizeof cmds[0], set
};

/* Monday of ISO week 1 of year y. */
static int32_t
week1_monday(int y)
{
	int32_t jan4 = crm_date_from_ymd(y, 1, 4);

	return jan4 - (crm_date_wday(jan4) + 6) % 7;
}

/* "2026-W48" (or a date: its week) → Monday..Sunday; -1 when no such week. */
int
parse_week(const char *s, struct period *p)
{
	int y, w, n = 0, mm, dd;
	int32_t day;

	if (crm_date_parse(s, &day) == 0) {
		day -= (crm_date_wday(day) + 6) % 7;
		crm_date_ymd(day + 3, &y, &mm, &dd);	/* the week's Thursday names its year */
		w = (int)((day - week1_monday(y)) / 7) + 1;
	} else {
		if (sscanf(s, "%4d-W%2d%n", &y, &w, &n) != 2 || s[n] || n != 8 || y < 1970)
			return -1;
		int weeks = (int)((week1_monday(y + 1) - week1_monday(y)) / 7);
		if (w < 1 || w > weeks)
			return -1;
		day = week1_monday(y) + 7 * (w - 1);
	}
	p->from = day;
	p->to = day + 6;
	p->monthly = 0;
	snprintf(p->label, sizeof p->label, "%04d-W%02d", y % 10000, w % 100);
	return 0;
}

/* "2026-11" → its first and last day; -1 when not a month. */
int
parse_month(const char *s, struct period *p)
{
	int y, m, n = 0;

	if (sscanf(s, "%4d-%2d%n", &y, &m, &n) != 2 || s[n] || n != 7 || m < 1 || m > 12 || y < 1970)
		return -1;
	p->from = crm_date_from_ymd(y, m, 1);
	p->to = crm_date_from_ymd(y, m, crm_days_in_month(y, m));
	p->monthly = 1;
	snprintf(p->label, sizeof p->label, "%04d-%02d", y % 10000, m % 100);
	return 0;
}

/* The report of one period: gathered, then rendered as asked. */
static int
run(int monthly)
{
	struct report r;
	char today[CRM_DATE_LEN];

	memset(&r, 0, sizeof r);
	r.p.today = crm_today(&opts.crm);
	crm_date_format(r.p.today, today);
	if (monthly) {
		today[7] = '\0';	/* this month: YYYY-MM */
		if (parse_month(opts.month ? opts.month : today, &r.p) < 0)
			crm_usage_error("--month: expected a month YYYY-MM, found '%s'", opts.month);
	} else if (parse_week(opts.week ? opts.week : today, &r.p) < 0) {
		crm_usage_error("--week: '%s' is not an ISO week (YYYY-Www, weeks 01 to 52, or 53 in a long year) or a date",
				opts.week);
	}
	r.p.today = crm_today(&opts.crm);
	gather(&r, monthly);
	if (opts.html)
		render_html(&r, stdout);
	else if (opts.records)
		render_records(&r, stdout);
	else
		render_text(&r, stdout);
	report_release(&r);
	return CRM_OK;
}

static int
run_weekly(int argc, char **argv)
{
	(void)argc, (void)argv;
	return run(0);
}

static int
run_monthly(int argc, char **argv)
{
	(void)argc, (void)argv;
	return run(1);
}

/* Not a format crm_opts_set sets: tells whether --ocsv, --ojson, --otable or --oxlsx was given. */
#define OUT_UNSET ((enum crm_fmt)99)

int
main(int argc, char *argv[])
{
	const struct crm_cmd *cmd;
	int first;

	crm_init();
	crm_opts_init(&opts.crm);
	opts.report_days = DEFAULT_REPORT_DAYS;
	opts.form_days = DEFAULT_FORM_DAYS;
	opts.crm.out = OUT_UNSET;
	cmd = crm_parse(&cli, &opts.crm, argc, argv, &first);
	opts.records = opts.crm.out != OUT_UNSET;
	if (!opts.records)
		opts.crm.out = CRM_FMT_CSV;
	if (opts.html && opts.records)
		crm_usage_error("--html and --ocsv/--ojson/--otable: choose one output");
	return crm_finish(cmd->run(argc - first, argv + first));
}
