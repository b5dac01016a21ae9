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
	OPT_FROM, OPT_UNTIL, OPT_REPEATS, OPT_MAJOR, OPT_WINDOW, OPT_KIND, OPT_ON, OPT_DECISION,
	OPT_REPORT_DAYS, OPT_FORM_DAYS, OPT_OVERDUE, OPT_FLAGGED, OPT_ESCALATED
};

static const struct crm_optdef optdefs[] = {
	{ "home", OPT_HOME, "DIR", "the archive's directory (env CRM_HOME)" },
	{ "staff", OPT_STAFF, "FILE", "staff (id,name,department,role,left_on) instead of the archive's" },
	{ "customer", OPT_CUSTOMER, "ID", "open, revisit: the customer; list, revisits: filter" },
	{ "responder", OPT_RESPONDER, "S", "open: the first responder; list: filter" },
	{ "channel", OPT_CHANNEL, "C", "open: phone, email, visit, web, wechat, letter, fax, other" },
	{ "summary", OPT_SUMMARY, "TEXT", "open: what the customer asked or complained about" },
	{ "matter", OPT_MATTER, "KEY", "open: the matter repeat contacts are matched on (default: the summary)" },
	{ "severity", OPT_SEVERITY, "S", "open: normal or major; list: filter" },
	{ "place", OPT_PLACE, "TEXT", "open, resolve, amend: a major fault's place (SVC-07)" },
	{ "symptoms", OPT_SYMPTOMS, "TEXT", "open, resolve, amend: its symptoms" },
	{ "plan", OPT_PLAN, "TEXT", "open, resolve, amend: the plan" },
	{ "impact", OPT_IMPACT, "TEXT", "resolve, amend: the fault analysis: impact" },
	{ "handling", OPT_HANDLING, "TEXT", "resolve, amend: handling" },
	{ "cause", OPT_CAUSE, "TEXT", "resolve, amend: cause" },
	{ "corrective", OPT_CORRECTIVE, "TEXT", "resolve, amend: corrective actions" },
	{ "preventive", OPT_PREVENTIVE, "TEXT", "resolve, amend: preventive actions" },
	{ "resolved", OPT_RESOLVED, NULL, "open: resolved at once by the first responder" },
	{ "to", OPT_TO, "S", "handoff: the staff member taking the ticket" },
	{ "by", OPT_BY, "S", "who did it (active staff)" },
	{ "at", OPT_AT, "'DATE HH:MM'", "when (default: now)" },
	{ "note", OPT_NOTE, "TEXT", "a note; escalate: the disagreement (SVC-06)" },
	{ "retro-form", OPT_RETRO_FORM, NULL,
	  "resolve: fixed first, the work-contact form filed after (SVC-09, SVC-10)" },
	{ "window", OPT_WINDOW, "N", "open: a closed ticket on the same matter within N days makes a repeat (default 7)" },
	{ "status", OPT_STATUS, "S", "list: open, handed_off, resolved or unresolved" },
	{ "assignee", OPT_ASSIGNEE, "S", "list: tickets now held by S" },
	{ "major", OPT_MAJOR, NULL, "list: major faults only" },
	{ "from", OPT_FROM, "D", "list, revisits: from day D, inclusive" },
	{ "until", OPT_UNTIL, "D", "list, revisits: until day D, inclusive" },
	{ "repeats", OPT_REPEATS, NULL, "list: repeat contacts only (SVC-02)" },
	{ "overdue", OPT_OVERDUE, NULL,
	  "list: major faults with steps missing or the report overdue (SVC-07)" },
	{ "flagged", OPT_FLAGGED, NULL, "list: tickets whose work-contact form is not on file (SVC-10)" },
	{ "escalated", OPT_ESCALATED, NULL, "list: tickets with an open escalation to the office (SVC-06)" },
	{ "report-days", OPT_REPORT_DAYS, "N",
	  "list: working days after closure the fault report is due (default 5, SVC-07)" },
	{ "form-days", OPT_FORM_DAYS, "N",
	  "list: working days after resolution the form is due (default 1, SVC-10)" },
	{ "project", OPT_PROJECT, "P", "revisit: the delivered project" },
	{ "date", OPT_DATE, "D", "revisit: the day of the visit" },
	{ "satisfaction", OPT_SATISFACTION, "N", "revisit: 1 (very unsatisfied) to 5" },
	{ "kind", OPT_KIND, "K", "step: notice, record, escalate, close or report-sent (SVC-07)" },
	{ "on", OPT_ON, "DATE", "form: the day the form was filed (default: today)" },
	{ "decision", OPT_DECISION, "TEXT", "rule: the office's ruling (SVC-06)" },
	{ NULL, 0, NULL, NULL }
};

#define NOTES OPT_PLACE, OPT_SYMPTOMS, OPT_PLAN, OPT_IMPACT, OPT_HANDLING, OPT_CAUSE, \
	OPT_CORRECTIVE, OPT_PREVENTIVE
static const int open_opts[] = { OPT_HOME, OPT_STAFF, OPT_CUSTOMER, OPT_RESPONDER, OPT_CHANNEL,
	OPT_SUMMARY, OPT_MATTER, OPT_SEVERITY, OPT_PLACE, OPT_SYMPTOMS, OPT_PLAN, OPT_RESOLVED,
	OPT_AT, OPT_WINDOW, 0 };
static const int handoff_opts[] = { OPT_HOME, OPT_STAFF, OPT_TO, OPT_BY, OPT_AT, OPT_NOTE, 0 };
static const int handoff_needs[] = { OPT_TO, 0 };
static const int resolve_opts[] = { OPT_HOME, OPT_STAFF, OPT_BY, OPT_AT, OPT_NOTE, OPT_RETRO_FORM,
	NOTES, 0 };
static const int amend_opts[] = { OPT_HOME, OPT_STAFF, NOTES, 0 };
static const int list_opts[] = { OPT_HOME, OPT_STAFF, OPT_STATUS, OPT_CUSTOMER, OPT_RESPONDER,
	OPT_ASSIGNEE, OPT_SEVERITY, OPT_MAJOR, OPT_FROM, OPT_UNTIL, OPT_REPEATS, OPT_OVERDUE,
	OPT_FLAGGED, OPT_ESCALATED, OPT_REPORT_DAYS, OPT_FORM_DAYS, 0 };
static const int home_opts[] = { OPT_HOME, OPT_STAFF, 0 };
static const int revisit_opts[] = { OPT_HOME, OPT_STAFF, OPT_CUSTOMER, OPT_BY, OPT_PROJECT,
	OPT_DATE, OPT_SATISFACTION, OPT_NOTE, 0 };
static const int revisits_opts[] = { OPT_HOME, OPT_STAFF, OPT_CUSTOMER, OPT_FROM, OPT_UNTIL, 0 };
static const int step_opts[] = { OPT_HOME, OPT_STAFF, OPT_KIND, OPT_BY, OPT_AT, OPT_NOTE, 0 };
static const int step_needs[] = { OPT_KIND, OPT_BY, 0 };
static const int form_opts[] = { OPT_HOME, OPT_STAFF, OPT_BY, OPT_ON, OPT_NOTE, 0 };
static const int by_needs[] = { OPT_BY, 0 };
static const int escalate_opts[] = { OPT_HOME, OPT_STAFF, OPT_NOTE, OPT_BY, OPT_AT, 0 };
static const int escalate_needs[] = { OPT_NOTE, 0 };
static const int rule_opts[] = { OPT_HOME, OPT_STAFF, OPT_BY, OPT_DECISION, OPT_AT, OPT_NOTE, 0 };
static const int rule_needs[] = { OPT_BY, OPT_DECISION, 0 };

static const struct crm_cmd cmds[] = {
	{ "open", cmd_open, "[FILE...]", "open tickets from records, or one from --customer, "
	  "--responder, --summary; exit 1 on a repeat contact (SVC-02)", open_opts, NULL, 0, -1 },
	{ "handoff", cmd_handoff, "ID", "hand a ticket to whoever covers the matter; the first "
	  "responder stays accountable (SVC-02)", handoff_opts, handoff_needs, 1, 1 },
	{ "resolve", cmd_resolve, "ID", "resolve a ticket (--retro-form: the form follows, "
	  "SVC-09, SVC-10)", resolve_opts, NULL, 1, 1 },
	{ "amend", cmd_amend, "ID", "fill in a major fault's notice or analysis (SVC-07)",
	  amend_opts, NULL, 1, 1 },
	{ "list", cmd_list, "[ID...]", "tickets, filtered by the options", list_opts, NULL, 0, -1 },
	{ "history", cmd_history, "ID...", "a ticket's events, oldest first", home_opts, NULL, 1, -1 },
	{ "notify", cmd_notify, "ID", "the major-fault notice (SVC-07)", home_opts, NULL, 1, 1 },
	{ "report", cmd_report, "ID", "the fault analysis report (SVC-07)", home_opts, NULL, 1, 1 },
	{ "step", cmd_step, "ID", "a major fault's dated step: --kind notice, record, escalate, "
	  "close or report-sent (SVC-07)", step_opts, step_needs, 1, 1 },
	{ "form", cmd_form, "ID", "the work-contact form filed after the fix (SVC-10)", form_opts,
	  by_needs, 1, 1 },
	{ "escalate", cmd_escalate, "ID", "a disagreement between departments, to the office "
	  "(SVC-06)", escalate_opts, escalate_needs, 1, 1 },
	{ "rule", cmd_rule, "ID", "the office's ruling on an escalation (SVC-06)", rule_opts,
	  rule_needs, 1, 1 },
	{ "revisit", cmd_revisit, "[FILE...]", "record return visits (SVC-05, CM-13)",
	  revisit_opts, NULL, 0, -1 },
	{ "revisits", cmd_revisits, "", "the revisit archive (SVC-05)", revisits_opts, NULL, 0, 0 },
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
	char *end;

	switch (c) {
	case OPT_HOME: opts.home = arg; break;
	case OPT_STAFF: opts.staff = arg; break;
	case OPT_CUSTOMER: opts.customer = arg; break;
	case OPT_RESPONDER: opts.responder = arg; break;
	case OPT_CHANNEL: opts.channel = arg; break;
	case OPT_SUMMARY: opts.summary = arg; break;
	case OPT_MATTER: opts.matter = arg; break;
	case OPT_SEVERITY: opts.severity = arg; break;
	case OPT_PLACE: opts.place = arg; break;
	case OPT_SYMPTOMS: opts.symptoms = arg; break;
	case OPT_PLAN: opts.plan = arg; break;
	case OPT_RESOLVED: opts.resolved = 1; break;
	case OPT_TO: opts.to = arg; break;
	case OPT_BY: opts.by = arg; break;
	case OPT_AT: opts.at = arg; break;
	case OPT_NOTE: opts.note = arg; break;
	case OPT_DATE: opts.date = arg; break;
	case OPT_PROJECT: opts.project = arg; break;
	case OPT_SATISFACTION: opts.satisfaction = arg; break;
	case OPT_IMPACT: opts.impact = arg; break;
	case OPT_HANDLING: opts.handling = arg; break;
	case OPT_CAUSE: opts.cause = arg; break;
	case OPT_CORRECTIVE: opts.corrective = arg; break;
	case OPT_PREVENTIVE: opts.preventive = arg; break;
	case OPT_RETRO_FORM: opts.retro_form = 1; break;
	case OPT_STATUS: opts.status = arg; break;
	case OPT_ASSIGNEE: opts.assignee = arg; break;
	case OPT_FROM: opts.from = arg; break;
	case OPT_UNTIL: opts.until = arg; break;
	case OPT_REPEATS: opts.repeats = 1; break;
	case OPT_MAJOR: opts.major = 1; break;
	case OPT_OVERDUE: opts.overdue = 1; break;
	case OPT_FLAGGED: opts.flagged = 1; break;
	case OPT_ESCALATED: opts.escalated = 1; break;
	case OPT_KIND: opts.kind = arg; break;
	case OPT_ON: opts.on = arg; break;
	case OPT_DECISION: opts.decision = arg; break;
	case OPT_REPORT_DAYS: opts.report_days = days_opt("report-days", arg); break;
	case OPT_FORM_DAYS: opts.form_days = days_opt("form-days", arg); break;
	case OPT_WINDOW:
		opts.window = strtol(arg, &end, 10);
		if (*end || end == arg || opts.window < 1 || opts.window > 366)
			crm_usage_error("--window: expected days from 1 to 366, found '%s'", arg);
		break;
	default: return 0;
	}
	return 1;
}

static const struct crm_cli cli = {
	"crm-ticket COMMAND [options] [FILE...|ID...]",
	"Service requests and complaints, owned by their first responder (crm.db in CRM_HOME):\n"
	"SVC-01, 02, 06, 07, 09, 10; revisits (SVC-05, CM-13).",
	optdefs, cmds, sizeof cmds / sizeof cmds[0], set
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
	const struct crm_cmd *cmd;
	int first;

	crm_init();
	crm_opts_init(&opts.crm);
	opts.window = DEFAULT_WINDOW;
	opts.report_days = DEFAULT_REPORT_DAYS;
	opts.form_days = DEFAULT_FORM_DAYS;
	cmd = crm_parse(&cli, &opts.crm, argc, argv, &first);
	return crm_finish(cmd->run(argc - first, argv + first));
}
