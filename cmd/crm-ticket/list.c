/* crm-ticket list, history, revisit, revisits: reading the desk out; the revisit archive in. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "crm-ticket.h"

/* The ticket record type of DESIGN.md with its enums, then what listings add. */
static const struct crm_col ticket_cols[] = {
	{ "id", "工单编号", CRM_STR, NULL },
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "opened_at", "受理时间", CRM_DATETIME, NULL },
	{ "first_responder", "首问责任人", CRM_STR, NULL },
	{ "channel", "渠道", CRM_ENUM, channels },
	{ "summary", "摘要", CRM_TEXT, NULL },
	{ "severity", "严重程度", CRM_ENUM, severities },
	{ "assignee", "处理人", CRM_STR, NULL },
	{ "status", "状态", CRM_ENUM, statuses },
	{ "resolved_at", "解决时间", CRM_DATETIME, NULL },
	{ "customer", "客户名称", CRM_STR, NULL },
	{ "matter", "事项", CRM_STR, NULL },
	{ "repeat_of", "重复来电", CRM_STR, NULL },	/* SVC-02 */
	{ "handoffs", "移交次数", CRM_INT, NULL },
	{ "resolved_by", "解决人", CRM_STR, NULL },
	{ "retro_form", "事后补单", CRM_BOOL, crm_yesno },	/* SVC-09 */
};
#define NTCOLS ((int)(sizeof ticket_cols / sizeof ticket_cols[0]))

#define TICKET_SELECT \
	"SELECT t.id, t.customer_id, t.opened_at, t.first_responder, t.channel, t.summary," \
	" t.severity, t.assignee, t.status, coalesce(t.resolved_at, ''), coalesce(c.name, '')," \
	" t.matter, coalesce(t.repeat_of, '')," \
	" (SELECT count(*) FROM ticket_event AS e WHERE e.ticket_id = t.id AND e.kind = 'handoff')," \
	" coalesce(t.resolved_by, ''), t.retro_form, t.extra" \
	" FROM ticket AS t LEFT JOIN customer AS c ON c.id = t.customer_id"

/* Writes tickets from TICKET_SELECT rows; columns the archive does not know come last. */
struct ticket_out {
	struct crm_writer *w;
	char **extra;
	size_t nextra;
	const char **vals;
};

static void
out_open(struct ticket_out *o, struct crm_archive *ar)
{
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT j.key FROM ticket AS t, json_each(t.extra) AS j"
		" GROUP BY j.key ORDER BY min(t.rowid), min(j.id)");
	size_t cap = 0;

	memset(o, 0, sizeof *o);
	while (crm_archive_step(ar, st) == CRM_ROW) {
		crm_grow(&o->extra, &cap, o->nextra + 1, sizeof *o->extra);
		o->extra[o->nextra++] = xstrdup(crm_archive_text(st, 0));
	}
	crm_archive_finalize(st);
	o->w = crm_writer_new(stdout, &opts.crm);
	for (int i = 0; i < NTCOLS; i++)
		crm_writer_col(o->w, ticket_cols[i].name, &ticket_cols[i]);
	for (size_t i = 0; i < o->nextra; i++)
		crm_writer_col(o->w, o->extra[i], NULL);
	o->vals = xcalloc((size_t)NTCOLS + o->nextra, sizeof *o->vals);
}

static void
out_row(struct ticket_out *o, struct crm_stmt *st)
{
	json_t *extra = json_loads(crm_archive_text(st, NTCOLS), 0, NULL);

	for (int i = 0; i < NTCOLS; i++)
		o->vals[i] = crm_archive_text(st, i);
	for (size_t k = 0; k < o->nextra; k++) {
		json_t *v = json_object_get(extra, o->extra[k]);
		o->vals[NTCOLS + k] = json_is_string(v) ? json_string_value(v) : "";
	}
	crm_writer_row(o->w, o->vals, NULL);
	json_decref(extra);
}

static void
out_close(struct ticket_out *o)
{
	crm_writer_close(o->w);
	for (size_t i = 0; i < o->nextra; i++)
		free(o->extra[i]);
	free(o->extra);
	free(o->vals);
}

void
print_tickets(struct crm_archive *ar, char **ids, size_t n)
{
	struct ticket_out o;
	struct crm_stmt *st = crm_archive_prepare(ar, TICKET_SELECT " WHERE t.id = ?1");

	out_open(&o, ar);
	for (size_t i = 0; i < n; i++) {
		crm_archive_reset(st);
		crm_archive_bind(st, 1, ids[i], 0);
		if (crm_archive_step(ar, st) == CRM_ROW)
			out_row(&o, st);
	}
	crm_archive_finalize(st);
	out_close(&o);
}

/* A --from/--until date, as ISO text for comparing with the archive's. */
static const char *
date_opt(const char *name, const char *v, char buf[CRM_DATE_LEN])
{
	int32_t d;

	if (!v)
		return NULL;
	if (crm_date_parse(v, &d) < 0)
		crm_usage_error("%s: expected a date (YYYY-MM-DD), found '%s'", name, v);
	crm_date_format(d, buf);
	return buf;
}

/* list [ID...]: tickets by status, customer, responder, assignee, severity, dates, repeats. */
int
cmd_list(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;
	char from[CRM_DATE_LEN], until[CRM_DATE_LEN];
	const char *status = NULL, *severity = opts.major ? "major" : NULL;
	int k, unresolved = 0;
	long n = 0;

	if (opts.status && !strcmp(opts.status, "unresolved"))
		unresolved = 1;
	else if (opts.status) {
		if ((k = crm_enum_parse(statuses, opts.status)) < 0)
			crm_usage_error("--status: expected open, handed_off, resolved or unresolved, found '%s'",
					opts.status);
		status = statuses[k].name;
	}
	if (opts.severity) {
		if ((k = crm_enum_parse(severities, opts.severity)) < 0)
			crm_usage_error("--severity: expected normal or major, found '%s'", opts.severity);
		severity = severities[k].name;
	}
	const char *f = date_opt("--from", opts.from, from), *u = date_opt("--until", opts.until, until);
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct crm_stmt *st = crm_archive_prepare(ar, TICKET_SELECT
		" WHERE (?1 IS NULL OR t.status = ?1) AND (?2 = 0 OR t.status <> 'resolved')"
		" AND (?3 IS NULL OR t.customer_id = ?3) AND (?4 IS NULL OR t.first_responder = ?4)"
		" AND (?5 IS NULL OR t.assignee = ?5) AND (?6 IS NULL OR t.severity = ?6)"
		" AND (?7 IS NULL OR substr(t.opened_at, 1, 10) >= ?7)"
		" AND (?8 IS NULL OR substr(t.opened_at, 1, 10) <= ?8)"
		" AND (?9 = 0 OR t.repeat_of IS NOT NULL) AND (?10 IS NULL OR t.id = ?10)"
		" ORDER BY t.opened_at, t.id");
	struct desk *desk = opts.overdue || opts.flagged || opts.escalated ? desk_open(ar) : NULL;
	struct ticket_out o;
	int i = 0;

	out_open(&o, ar);
	do {
		crm_archive_reset(st);
		crm_archive_bind(st, 1, status, 0);
		crm_archive_bind_int(st, 2, unresolved);
		crm_archive_bind(st, 3, opts.customer, 0);
		crm_archive_bind(st, 4, opts.responder, 0);
		crm_archive_bind(st, 5, opts.assignee, 0);
		crm_archive_bind(st, 6, severity, 0);
		crm_archive_bind(st, 7, f, 0);
		crm_archive_bind(st, 8, u, 0);
		crm_archive_bind_int(st, 9, opts.repeats);
		crm_archive_bind(st, 10, a->n ? a->v[i] : NULL, 0);
		long before = n;
		while (crm_archive_step(ar, st) == CRM_ROW) {
			if (desk && !desk_selected(desk, crm_archive_text(st, 0)))
				continue;
			out_row(&o, st);
			n++;
		}
		if (a->n && n == before)
			crm_warn("no ticket '%s' in the archive%s", a->v[i],
				 opts.status || opts.customer || opts.responder || opts.assignee || severity ||
				 f || u || opts.repeats || desk ? " that matches the filters" : "");
	} while (++i < a->n);
	desk_close(desk);
	crm_archive_finalize(st);
	out_close(&o);
	crm_archive_close(ar);
	if (a->n && n < a->n)
		return CRM_ERROR;
	return (opts.repeats || desk) && n ? CRM_FINDINGS : CRM_OK;
}

static const struct crm_alias event_kinds[] = {
	{ "open", "受理" }, { "handoff", "移交" }, { "resolve", "解决" },
	/* SVC-07: a major fault's steps */
	{ "notice", "通知" }, { "record", "备案" }, { "escalate", "转达高层" }, { "close", "故障结束" },
	{ "report-sent", "报告已送达" },
	{ "form", "补交工作联络单" },	/* SVC-10 */
	{ "office-escalate", "提交办公室" }, { "office-ruling", "办公室裁决" },	/* SVC-06 */
	{ NULL, NULL }
};
static const struct crm_col event_cols[] = {
	{ "ticket_id", "工单编号", CRM_STR, NULL },
	{ "at", "时间", CRM_DATETIME, NULL },
	{ "event", "事件", CRM_ENUM, event_kinds },
	{ "by", "经办人", CRM_STR, NULL },
	{ "to", "移交给", CRM_STR, NULL },
	{ "note", "备注", CRM_TEXT, NULL },
};

/* history ID...: what happened to a ticket, oldest first. */
int
cmd_history(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;
	if (a->n < 1)
		crm_usage_error("history needs a ticket id");
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	struct crm_stmt *known = crm_archive_prepare(ar, "SELECT 1 FROM ticket WHERE id = ?1");
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT ticket_id, at, kind, by, to_staff, note FROM ticket_event"
		" WHERE ticket_id = ?1 ORDER BY at, seq");
	const char *vals[6];
	int status = CRM_OK;

	for (size_t i = 0; i < sizeof event_cols / sizeof event_cols[0]; i++)
		crm_writer_col(w, event_cols[i].name, &event_cols[i]);
	for (int i = 0; i < a->n; i++) {
		crm_archive_reset(known);
		crm_archive_bind(known, 1, a->v[i], 0);
		if (crm_archive_step(ar, known) != CRM_ROW) {
			crm_warn("no ticket '%s' in the archive", a->v[i]);
			status = CRM_ERROR;
			continue;
		}
		crm_archive_reset(st);
		crm_archive_bind(st, 1, a->v[i], 0);
		while (crm_archive_step(ar, st) == CRM_ROW) {
			for (int k = 0; k < 6; k++)
				vals[k] = crm_archive_text(st, k);
			crm_writer_row(w, vals, NULL);
		}
	}
	crm_archive_finalize(known);
	crm_archive_finalize(st);
	crm_writer_close(w);
	crm_archive_close(ar);
	return status;
}

/* --- the revisit archive (SVC-05) and satisfaction (CM-13) ------------------ */

static const struct crm_col revisit_cols[] = {
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "customer", "客户名称", CRM_STR, NULL },
	{ "department", "业务部门", CRM_STR, NULL },
	{ "project", "项目编号", CRM_STR, NULL },
	{ "date", "回访日期", CRM_DATE, NULL },
	{ "staff", "回访人", CRM_STR, NULL },
	{ "satisfaction", "满意度", CRM_INT, NULL },
	{ "note", "备注", CRM_TEXT, NULL },
};
#define NRCOLS ((int)(sizeof revisit_cols / sizeof revisit_cols[0]))

#define REVISIT_SELECT \
	"SELECT r.customer_id, coalesce(c.name, ''), coalesce(c.department, ''), r.project, r.date," \
	" r.staff, coalesce(CAST(r.satisfaction AS TEXT), ''), r.note" \
	" FROM revisit AS r LEFT JOIN customer AS c ON c.id = r.customer_id"

static void
write_revisits(struct crm_stmt *st, struct crm_archive *ar, struct crm_writer *w)
{
	const char *vals[NRCOLS];

	while (crm_archive_step(ar, st) == CRM_ROW) {
		for (int k = 0; k < NRCOLS; k++)
			vals[k] = crm_archive_text(st, k);
		crm_writer_row(w, vals, NULL);
	}
}

static struct crm_writer *
revisit_writer(void)
{
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);

	for (int i = 0; i < NRCOLS; i++)
		crm_writer_col(w, revisit_cols[i].name, &revisit_cols[i]);
	return w;
}

/* One revisit to record; strings borrowed. */
struct visit {
	const char *customer_id, *project, *date, *staff, *satisfaction, *note;
};

/* Whether the archive holds delivered projects (crm-file project add). */
static int
has_projects(struct crm_archive *ar)
{
	struct crm_stmt *st = crm_archive_prepare(ar, "SELECT 1 FROM project LIMIT 1");
	int any = crm_archive_step(ar, st) == CRM_ROW;

	crm_archive_finalize(st);
	return any;
}

/* Check and add a revisit: a known customer, a date not after today, satisfaction 1–5. */
static int
add_visit(struct crm_archive *ar, const struct crm_staff_list *sl, struct crm_stmt *ins, const struct visit *v,
	  const struct crm_pos *pos, int32_t today)
{
	char date[CRM_DATE_LEN], why[256];
	const char *why_not;
	int32_t day = today;
	long score = 0;
	char *end;

#define FAIL(...) do { if (pos) crm_warn_at(pos, __VA_ARGS__); else crm_warn(__VA_ARGS__); return -1; } while (0)
	if (!*v->customer_id)
		FAIL("customer_id: a revisit needs the customer");
	struct crm_stmt *known = crm_archive_prepare(ar, "SELECT 1 FROM customer WHERE id = ?1");
	crm_archive_bind(known, 1, v->customer_id, 0);
	int found = crm_archive_step(ar, known) == CRM_ROW;
	crm_archive_finalize(known);
	if (!found)
		FAIL("customer_id: no customer '%s' in the archive", v->customer_id);
	if (*v->project && has_projects(ar)) {
		/*
		 * SVC-05: a revisit is about a delivered project of the archive
		 * (crm-file project add), once the archive has its projects.
		 */
		struct crm_stmt *pr = crm_archive_prepare(ar, "SELECT customer_id FROM project WHERE id = ?1");
		crm_archive_bind(pr, 1, v->project, 0);
		int known_project = crm_archive_step(ar, pr) == CRM_ROW;
		int same = known_project && !strcmp(crm_archive_text(pr, 0), v->customer_id);
		char owner[128];
		snprintf(owner, sizeof owner, "%s", known_project ? crm_archive_text(pr, 0) : "");
		crm_archive_finalize(pr);
		if (!known_project)
			FAIL("project: no project '%s' in the archive (add it with crm-file project add)", v->project);
		if (!same)
			FAIL("project: '%s' is a project of customer %s, not of %s", v->project, owner, v->customer_id);
	}
	if (*v->date && crm_date_parse(v->date, &day) < 0)
		FAIL("date: expected a date (YYYY-MM-DD), found '%s'", v->date);
	if (day > today)
		FAIL("date: %s is after today", v->date);
	if (*v->staff && (why_not = staff_unfit(sl, v->staff, day, why, sizeof why)))
		FAIL("staff: %s", why_not);
	if (*v->satisfaction) {
		score = strtol(v->satisfaction, &end, 10);
		if (*end || score < 1 || score > 5)
			FAIL("satisfaction: expected 1 (very unsatisfied) to 5 (very satisfied), found '%s'",
			     v->satisfaction);
	}
#undef FAIL
	crm_date_format(day, date);
	crm_archive_reset(ins);
	crm_archive_bind(ins, 1, v->project, 0);
	crm_archive_bind(ins, 2, v->customer_id, 0);
	crm_archive_bind(ins, 3, date, 0);
	crm_archive_bind(ins, 4, v->staff, 0);
	if (score)
		crm_archive_bind_int(ins, 5, score);
	else
		crm_archive_bind_null(ins, 5);
	crm_archive_bind(ins, 6, v->note, 0);
	crm_archive_step(ar, ins);
	return 0;
}

/* revisit [FILE...]: record return visits and satisfaction (SVC-05, CM-13); one transaction. */
int
cmd_revisit(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;
	struct crm_archive *ar;
	struct crm_staff_list sl;
	int32_t today = crm_today(&opts.crm);
	int status = CRM_OK;
	long long first;

	if (opts.customer && a->n)
		crm_usage_error("revisit takes either records (FILE...) or --customer, not both");
	ar = crm_archive_open(opts.home);
	crm_archive_begin(ar);
	staff_load(ar, &sl);
	struct crm_stmt *ins = crm_archive_prepare(ar,
		"INSERT INTO revisit (project, customer_id, date, staff, satisfaction, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	struct crm_stmt *mx = crm_archive_prepare(ar, "SELECT coalesce(max(seq), 0) FROM revisit");
	crm_archive_step(ar, mx);
	first = crm_archive_int(mx, 0);
	crm_archive_finalize(mx);
	if (opts.customer) {
		struct visit v = { opts.customer, opts.project ? opts.project : "", opts.date ? opts.date : "",
				   opts.by ? opts.by : "", opts.satisfaction ? opts.satisfaction : "",
				   opts.note ? opts.note : "" };
		if (add_visit(ar, &sl, ins, &v, NULL, today) < 0)
			status = CRM_ERROR;
	} else {
		struct crm_input *in = crm_input_open(a->v, a->n, &opts.crm, NULL);
		const struct crm_rec *r;
		static const char *const names[] = {
			"customer_id", "project", "date", "staff", "satisfaction", "note"
		};
		int col[6];
		for (int k = 0; k < 6; k++)
			col[k] = crm_input_col(in, names[k]);
		if (crm_input_ncols(in) && col[0] < 0) {
			crm_warn("%s: revisits need the column customer_id", crm_input_pos(in)->file);
			status = CRM_ERROR;
		}
		while (status == CRM_OK || !opts.crm.strict) {
			if (!crm_input_next(in, &r))
				break;
			if (col[0] < 0)
				continue;
#define COL(k) (col[k] >= 0 ? r->f[col[k]] : "")
			struct visit v = { COL(0), COL(1), COL(2), COL(3), COL(4), COL(5) };
#undef COL
			if (add_visit(ar, &sl, ins, &v, &r->pos, today) < 0)
				status = CRM_ERROR;
		}
		status = crm_worst(status, crm_input_status(in));
		crm_input_free(in);
	}
	crm_archive_finalize(ins);
	crm_staff_list_release(&sl);
	if (status != CRM_OK) {
		crm_archive_rollback(ar);
		crm_warn("nothing was recorded: the batch had bad records");
		crm_archive_close(ar);
		return status;
	}
	crm_archive_commit(ar);
	struct crm_writer *w = revisit_writer();
	struct crm_stmt *st = crm_archive_prepare(ar, REVISIT_SELECT " WHERE r.seq > ?1 ORDER BY r.seq");
	crm_archive_bind_int(st, 1, first);
	write_revisits(st, ar, w);
	crm_archive_finalize(st);
	crm_writer_close(w);
	crm_archive_close(ar);
	return CRM_OK;
}

/* revisits: the revisit archive, by date (SVC-05). */
int
cmd_revisits(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;
	char from[CRM_DATE_LEN], until[CRM_DATE_LEN];

	if (a->n)
		crm_usage_error("revisits takes no operands (filter with --customer, --from, --until)");
	const char *f = date_opt("--from", opts.from, from), *u = date_opt("--until", opts.until, until);
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct crm_writer *w = revisit_writer();
	struct crm_stmt *st = crm_archive_prepare(ar, REVISIT_SELECT
		" WHERE (?1 IS NULL OR r.customer_id = ?1) AND (?2 IS NULL OR r.date >= ?2)"
		" AND (?3 IS NULL OR r.date <= ?3) ORDER BY r.date, r.seq");

	crm_archive_bind(st, 1, opts.customer, 0);
	crm_archive_bind(st, 2, f, 0);
	crm_archive_bind(st, 3, u, 0);
	write_revisits(st, ar, w);
	crm_archive_finalize(st);
	crm_writer_close(w);
	crm_archive_close(ar);
	return CRM_OK;
}
