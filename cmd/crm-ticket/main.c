/*
 * crm-ticket: the service desk in crm.db — requests and complaints owned
 * by their first responder, handed off and resolved (SVC-02), repeat
 * contacts flagged, major-fault notices and fault analysis reports
 * (SVC-07), emergency fixes with the work-contact form filed after
 * (SVC-09), and the revisit archive with satisfaction (SVC-05, CM-13).
 */
#include <stdlib.h>
#include <string.h>

#include "crm-ticket.h"
#include "table.h"

struct opts opts;

enum {
	OPT_HOME = CRM_OPT_PROG, OPT_STAFF, OPT_CUSTOMER, OPT_RESPONDER, OPT_CHANNEL, OPT_SUMMARY,
	OPT_MATTER, OPT_SEVERITY, OPT_PLACE, OPT_SYMPTOMS, OPT_PLAN, OPT_RESOLVED, OPT_TO, OPT_BY,
	OPT_AT, OPT_NOTE, OPT_DATE, OPT_PROJECT, OPT_SATISFACTION, OPT_IMPACT, OPT_HANDLING,
	OPT_CAUSE, OPT_CORRECTIVE, OPT_PREVENTIVE, OPT_RETRO_FORM, OPT_STATUS, OPT_ASSIGNEE,
	OPT_FROM, OPT_UNTIL, OPT_REPEATS, OPT_MAJOR, OPT_WINDOW
};

const struct crm_alias severities[] = {
	{ "normal", "一般" }, { "major", "重大" }, { NULL, NULL }
};
const struct crm_alias statuses[] = {
	{ "open", "待处理" }, { "handed_off", "已移交" }, { "resolved", "已解决" }, { NULL, NULL }
};
const struct crm_alias channels[] = {
	{ "phone", "电话" }, { "email", "邮件" }, { "visit", "上门" }, { "web", "网站" },
	{ "wechat", "微信" }, { "letter", "信函" }, { "fax", "传真" }, { "other", "其他" },
	{ NULL, NULL }
};

struct cmd {
	const char *name;
	int (*run)(struct args *a);
};

static const struct cmd cmds[] = {
	{ "open", cmd_open },
	{ "handoff", cmd_handoff },
	{ "resolve", cmd_resolve },
	{ "amend", cmd_amend },
	{ "list", cmd_list },
	{ "history", cmd_history },
	{ "notify", cmd_notify },
	{ "report", cmd_report },
	{ "revisit", cmd_revisit },
	{ "revisits", cmd_revisits },
};

static void
usage(FILE *fp)
{
	fputs("Usage: crm-ticket COMMAND [options] [FILE...|ID...]\n"
	      "Service requests and complaints, owned by their first responder (crm.db in CRM_HOME).\n"
	      "\n"
	      "Commands:\n"
	      "  open [FILE...]       open tickets from records (customer_id, first_responder,\n"
	      "                       channel, summary, severity, opened_at, matter, ...), or\n"
	      "                       one from --customer, --responder, --summary; exit 1 when\n"
	      "                       one is a repeat contact (SVC-02)\n"
	      "  handoff ID --to S    hand a ticket to the staff member who covers the matter;\n"
	      "                       the first responder stays accountable (SVC-02)\n"
	      "  resolve ID           resolve a ticket; --retro-form: the work-contact form is\n"
	      "                       filed after the fix (SVC-09)\n"
	      "  amend ID             fill in the fault analysis: --impact, --handling, --cause,\n"
	      "                       --corrective, --preventive, --place, --symptoms, --plan\n"
	      "  list [ID...]         tickets, filtered by the options below\n"
	      "  history ID           a ticket's events: open, handoffs, resolve\n"
	      "  notify ID            the major-fault notice (SVC-07)\n"
	      "  report ID            the fault analysis report, filled with what is known (SVC-07)\n"
	      "  revisit [FILE...]    record return visits (customer_id, project, date, staff,\n"
	      "                       satisfaction 1-5, note), or one from --customer, --by\n"
	      "  revisits             the revisit archive (SVC-05, CM-13)\n"
	      "\n"
	      "Options:\n"
	      "  --home DIR           the archive's directory (env CRM_HOME)\n"
	      "  --staff FILE         staff (id,name,department,role,left_on) instead of the\n"
	      "                       archive's staff table\n"
	      "  --customer ID        open, revisit: the customer; list: filter\n"
	      "  --responder S        open: the first responder; list: filter\n"
	      "  --channel C          open: phone, email, visit, web, wechat, letter, fax, other\n"
	      "  --summary TEXT       open: what the customer asked or complained about\n"
	      "  --matter KEY         open: the matter repeat contacts are matched on\n"
	      "                       (default: the summary)\n"
	      "  --severity S         open: normal or major; list: filter\n"
	      "  --major              list: major faults only\n"
	      "  --place, --symptoms, --plan TEXT      a major fault's notice (SVC-07)\n"
	      "  --impact, --handling, --cause, --corrective, --preventive TEXT\n"
	      "                       resolve, amend: the fault analysis (SVC-07)\n"
	      "  --resolved           open: resolved at once by the first responder\n"
	      "  --to S               handoff: the staff member taking the ticket\n"
	      "  --by S               handoff, resolve, revisit: who did it\n"
	      "  --at 'DATE HH:MM'    open, handoff, resolve: when (default: now)\n"
	      "  --note TEXT          handoff, resolve, revisit: a note\n"
	      "  --retro-form         resolve: fixed first, work-contact form filed after (SVC-09)\n"
	      "  --window N           open: a second ticket on the same matter within N days\n"
	      "                       is a repeat contact (default 7)\n"
	      "  --status S           list: open, handed_off, resolved or unresolved\n"
	      "  --assignee S         list: tickets now held by S\n"
	      "  --from D, --until D  list, revisits: opened (visited) from D / until D, inclusive\n"
	      "  --repeats            list: repeat contacts only\n"
	      "  --project P, --date D, --satisfaction N   revisit: the visit\n", fp);
	crm_opts_usage(fp);
}

/* --- staff ---------------------------------------------------------------- */

/* The staff: --staff FILE when given, else the archive's staff table (crm-staff keeps it). */
void
staff_load(struct crm_archive *ar, struct crm_staff_list *sl)
{
	static const char *const names[5] = { "id", "name", "department", "role", "left_on" };
	memset(sl, 0, sizeof *sl);
	if (opts.staff) {
		int status = CRM_OK, col[5];
		struct crm_table *t = crm_table_load(opts.staff, &opts.crm, &crm_type_staff, &status);
		for (int k = 0; k < 5; k++)
			col[k] = crm_table_col(t, names[k]);
		if (status != CRM_OK || (crm_table_len(t) && col[0] < 0))
			crm_die("%s: cannot read the staff (id,name,department,role,left_on)", opts.staff);
		for (size_t i = 0; i < crm_table_len(t); i++) {
			const struct crm_rec *r = crm_table_rec(t, i);
			const char *v[5];
			for (int k = 0; k < 5; k++)
				v[k] = col[k] >= 0 ? r->f[col[k]] : "";
			crm_staff_add(sl, v);
		}
		crm_table_free(t);
		return;
	}
	crm_staff_load(ar, sl);
}

const char *
staff_unfit(const struct crm_staff_list *sl, const char *id, int32_t day, char *buf, size_t size)
{
	const struct crm_staff *s = crm_staff_find(sl, id);
	int32_t left;

	if (!*id)
		return "no staff id given";
	if (!s) {
		if (!sl->n)
			snprintf(buf, size, "no staff '%s': the staff list is empty (add staff with crm-staff, or give --staff FILE)", id);
		else
			snprintf(buf, size, "no staff '%s' in the staff list", id);
		return buf;
	}
	/* left_on is the last working day: they may still act on it (CM-11). */
	if (*s->left_on && crm_date_parse(s->left_on, &left) == 0 && left < day) {
		snprintf(buf, size, "staff '%s' (%s) left on %s", id, s->name, s->left_on);
		return buf;
	}
	return NULL;
}

/* --- date-times ------------------------------------------------------------ */

static void
stamp_format(int64_t secs, char buf[STAMP_LEN])
{
	char day[CRM_DATE_LEN];
	int32_t tod = (int32_t)(secs % 86400);

	crm_date_format((int32_t)(secs / 86400), day);
	snprintf(buf, STAMP_LEN, "%s %02d:%02d", day, tod / 3600, tod % 3600 / 60);
}

int
stamp_norm(const char *s, char buf[STAMP_LEN])
{
	int64_t secs;

	if (crm_datetime_parse(s, &secs) < 0 || secs < 0)
		return -1;
	stamp_format(secs, buf);
	return 0;
}

/*
 * --at, else now: the clock in China Standard Time; under --today (or
 * CRM_TODAY) that day at the clock's time of day.
 */
void
stamp_now(char buf[STAMP_LEN])
{
	if (opts.at) {
		if (stamp_norm(opts.at, buf) < 0)
			crm_usage_error("--at: expected a date-time (YYYY-MM-DD HH:MM), found '%s'", opts.at);
		return;
	}
	stamp_format(crm_now(&opts.crm), buf);
}

int32_t
stamp_day(const char *stamp)
{
	char day[CRM_DATE_LEN];
	int32_t d;

	snprintf(day, sizeof day, "%s", stamp);
	return crm_date_parse(day, &d) == 0 ? d : CRM_NODATE;
}

/* --- main ----------------------------------------------------------------- */

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CRM_LONGOPTS,
		{ "home", required_argument, NULL, OPT_HOME },
		{ "staff", required_argument, NULL, OPT_STAFF },
		{ "customer", required_argument, NULL, OPT_CUSTOMER },
		{ "responder", required_argument, NULL, OPT_RESPONDER },
		{ "channel", required_argument, NULL, OPT_CHANNEL },
		{ "summary", required_argument, NULL, OPT_SUMMARY },
		{ "matter", required_argument, NULL, OPT_MATTER },
		{ "severity", required_argument, NULL, OPT_SEVERITY },
		{ "place", required_argument, NULL, OPT_PLACE },
		{ "symptoms", required_argument, NULL, OPT_SYMPTOMS },
		{ "plan", required_argument, NULL, OPT_PLAN },
		{ "resolved", no_argument, NULL, OPT_RESOLVED },
		{ "to", required_argument, NULL, OPT_TO },
		{ "by", required_argument, NULL, OPT_BY },
		{ "at", required_argument, NULL, OPT_AT },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "project", required_argument, NULL, OPT_PROJECT },
		{ "satisfaction", required_argument, NULL, OPT_SATISFACTION },
		{ "impact", required_argument, NULL, OPT_IMPACT },
		{ "handling", required_argument, NULL, OPT_HANDLING },
		{ "cause", required_argument, NULL, OPT_CAUSE },
		{ "corrective", required_argument, NULL, OPT_CORRECTIVE },
		{ "preventive", required_argument, NULL, OPT_PREVENTIVE },
		{ "retro-form", no_argument, NULL, OPT_RETRO_FORM },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "assignee", required_argument, NULL, OPT_ASSIGNEE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "repeats", no_argument, NULL, OPT_REPEATS },
		{ "major", no_argument, NULL, OPT_MAJOR },
		{ "window", required_argument, NULL, OPT_WINDOW },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *cmd;
	struct args a;
	char *end;
	int c;

	crm_init();
	crm_opts_init(&opts.crm);
	opts.window = DEFAULT_WINDOW;
	while ((c = getopt_long(argc, argv, ":hV" CRM_SHORTOPTS, longopts, NULL)) != -1) {
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
		case OPT_CUSTOMER: opts.customer = optarg; break;
		case OPT_RESPONDER: opts.responder = optarg; break;
		case OPT_CHANNEL: opts.channel = optarg; break;
		case OPT_SUMMARY: opts.summary = optarg; break;
		case OPT_MATTER: opts.matter = optarg; break;
		case OPT_SEVERITY: opts.severity = optarg; break;
		case OPT_PLACE: opts.place = optarg; break;
		case OPT_SYMPTOMS: opts.symptoms = optarg; break;
		case OPT_PLAN: opts.plan = optarg; break;
		case OPT_RESOLVED: opts.resolved = 1; break;
		case OPT_TO: opts.to = optarg; break;
		case OPT_BY: opts.by = optarg; break;
		case OPT_AT: opts.at = optarg; break;
		case OPT_NOTE: opts.note = optarg; break;
		case OPT_DATE: opts.date = optarg; break;
		case OPT_PROJECT: opts.project = optarg; break;
		case OPT_SATISFACTION: opts.satisfaction = optarg; break;
		case OPT_IMPACT: opts.impact = optarg; break;
		case OPT_HANDLING: opts.handling = optarg; break;
		case OPT_CAUSE: opts.cause = optarg; break;
		case OPT_CORRECTIVE: opts.corrective = optarg; break;
		case OPT_PREVENTIVE: opts.preventive = optarg; break;
		case OPT_RETRO_FORM: opts.retro_form = 1; break;
		case OPT_STATUS: opts.status = optarg; break;
		case OPT_ASSIGNEE: opts.assignee = optarg; break;
		case OPT_FROM: opts.from = optarg; break;
		case OPT_UNTIL: opts.until = optarg; break;
		case OPT_REPEATS: opts.repeats = 1; break;
		case OPT_MAJOR: opts.major = 1; break;
		case OPT_WINDOW:
			opts.window = strtol(optarg, &end, 10);
			if (*end || end == optarg || opts.window < 1 || opts.window > 366)
				crm_usage_error("--window: expected days from 1 to 366, found '%s'", optarg);
			break;
		default:
			crm_bad_option(c, argv);
		}
	}
	cmd = crm_command(argc, argv, cmds, sizeof cmds / sizeof cmds[0], sizeof cmds[0],
			  "open, handoff, resolve, amend, list, history, notify, report, revisit or revisits");
	a.v = argv + optind + 1;
	a.n = argc - optind - 1;
	return crm_finish(cmd->run(&a));
}
