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

enum { OPT_HOME = CRM_OPT_PROG, OPT_STAFF, OPT_WEEK, OPT_MONTH, OPT_REMINDERS, OPT_HTML };

struct cmd {
	const char *name;
	int monthly;
};

static const struct cmd cmds[] = {
	{ "weekly", 0 },
	{ "monthly", 1 },
};

static void
usage(FILE *fp)
{
	fputs("Usage: crm-report weekly [--week YYYY-Www|DATE] [options]\n"
	      "       crm-report monthly [--month YYYY-MM] [options]\n"
	      "Service reports from the archive (crm.db in CRM_HOME) and crm-remind's reminders.\n"
	      "\n"
	      "Commands:\n"
	      "  weekly       the Friday meeting's week (SVC-04): tickets opened, resolved at\n"
	      "               first contact, handed off, repeat contacts, major faults,\n"
	      "               revisits done and overdue, registrations overdue, new customers\n"
	      "  monthly      the service supervision report for the general manager (SVC-01)\n"
	      "               and the month-end KPI: revisits and satisfaction by department\n"
	      "               (CM-13), staff who did not register despite two or more\n"
	      "               reminders (CM-16)\n"
	      "\n"
	      "Output: Markdown text (default); --ocsv, --ojson, --otable or --oxlsx for records\n"
	      "period,section,key,measure,value; --html for one self-contained page with charts.\n"
	      "\n"
	      "Options:\n"
	      "  --week W             ISO week (2026-W48) or a date in it (default: this week)\n"
	      "  --month M            YYYY-MM (default: this month)\n"
	      "  --reminders PATH     crm-remind output: a file (- for standard input), or the\n"
	      "                       folder of daily files YYYY-MM-DD.csv that crm-daily keeps\n"
	      "  --html               write the HTML page\n"
	      "  --home DIR           the archive's directory (env CRM_HOME)\n"
	      "  --staff FILE         staff (id,name,department,role,left_on) instead of the\n"
	      "                       archive's staff table\n", fp);
	crm_opts_usage(fp);
}

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

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CRM_LONGOPTS,
		{ "home", required_argument, NULL, OPT_HOME },
		{ "staff", required_argument, NULL, OPT_STAFF },
		{ "week", required_argument, NULL, OPT_WEEK },
		{ "month", required_argument, NULL, OPT_MONTH },
		{ "reminders", required_argument, NULL, OPT_REMINDERS },
		{ "html", no_argument, NULL, OPT_HTML },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *cmd;
	struct report r;
	char today[CRM_DATE_LEN];
	int c;

	crm_init();
	crm_opts_init(&opts.crm);
	while ((c = getopt_long(argc, argv, ":hV" CRM_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == CRM_OPT_OCSV || c == CRM_OPT_OJSON || c == CRM_OPT_JSON || c == CRM_OPT_OTABLE ||
		    c == CRM_OPT_OXLSX)
			opts.records = 1;
		if (crm_opts_set(&opts.crm, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			return crm_finish(CRM_OK);
		case 'V':
			crm_version();
		case OPT_HOME: opts.home = optarg; break;
		case OPT_STAFF: opts.staff = optarg; break;
		case OPT_WEEK: opts.week = optarg; break;
		case OPT_MONTH: opts.month = optarg; break;
		case OPT_REMINDERS: opts.reminders = optarg; break;
		case OPT_HTML: opts.html = 1; break;
		default:
			crm_bad_option(c, argv);
		}
	}
	cmd = crm_command(argc, argv, cmds, sizeof cmds / sizeof cmds[0], sizeof cmds[0],
			  "weekly or monthly");
	if (optind + 1 < argc)
		crm_usage_error("%s takes no operands (give the reminders with --reminders)", cmd->name);
	if (opts.html && opts.records)
		crm_usage_error("--html and --ocsv/--ojson/--otable: choose one output");
	if (cmd->monthly && opts.week)
		crm_usage_error("monthly takes --month, not --week");
	if (!cmd->monthly && opts.month)
		crm_usage_error("weekly takes --week, not --month");

	memset(&r, 0, sizeof r);
	r.p.today = crm_today(&opts.crm);
	crm_date_format(r.p.today, today);
	if (cmd->monthly) {
		today[7] = '\0';	/* this month: YYYY-MM */
		if (parse_month(opts.month ? opts.month : today, &r.p) < 0)
			crm_usage_error("--month: expected a month YYYY-MM, found '%s'", opts.month);
	} else if (parse_week(opts.week ? opts.week : today, &r.p) < 0) {
		crm_usage_error("--week: '%s' is not an ISO week (YYYY-Www, weeks 01 to 52, or 53 in a long year) or a date",
				opts.week);
	}
	r.p.today = crm_today(&opts.crm);
	gather(&r, cmd->monthly);
	if (opts.html)
		render_html(&r, stdout);
	else if (opts.records)
		render_records(&r, stdout);
	else
		render_text(&r, stdout);
	report_release(&r);
	return crm_finish(CRM_OK);
}
