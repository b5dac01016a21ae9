/*
 * crm-report: the service desk's sections — major faults' steps and
 * overdue reports (SVC-07), work-contact forms owed (SVC-10), escalations
 * to the office awaiting a ruling (SVC-06), and the monthly supervision
 * figures by technical service unit (SVC-01).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "crm-report.h"
#include "table.h"

/* The archive and the period's days as ISO text; events count up to cut. */
struct dq {
	struct crm_archive *ar;
	const char *from, *to, *cut;
	struct crm_cal *cal;
};

static struct crm_stmt *
dquery(struct dq *q, const char *sql)
{
	struct crm_stmt *st = crm_archive_prepare(q->ar, sql);

	crm_archive_bind(st, 1, q->from, 0);
	crm_archive_bind(st, 2, q->to, 0);
	crm_archive_bind(st, 3, q->cut, 0);
	return st;
}

static void
dmeasure(struct report *r, const char *name, const char *en, const char *zh, long v)
{
	struct measure *m = xcalloc(1, sizeof *m);

	crm_grow(&r->m, &r->capm, r->nm + 1, sizeof *r->m);
	r->m[r->nm++] = m;
	m->name = name, m->en = en, m->zh = zh;
	snprintf(m->value, sizeof m->value, "%ld", v);
	snprintf(m->shown, sizeof m->shown, "%ld", v);
}

/* day + n working days, as ISO text; dies outside the calendar. */
static void
due_after(struct dq *q, const char *stamp, int n, char due[CRM_DATE_LEN])
{
	char day[CRM_DATE_LEN];
	int32_t d, out, bad;
	int prov;

	snprintf(day, sizeof day, "%s", stamp);
	if (crm_date_parse(day, &d) < 0)
		crm_die("internal error: a ticket time '%s' in the archive", stamp);
	if (crm_cal_add_provisional(q->cal, d, n, &out, &prov, &bad) < 0)
		crm_cal_die_outside(q->cal, bad);
	crm_date_format(out, due);
}

#define UPTO(kind) "(SELECT min(at) FROM ticket_event AS e WHERE e.ticket_id = t.id" \
	" AND e.kind = '" kind "' AND substr(e.at, 1, 10) <= ?3)"

/*
 * SVC-07: each major fault opened by the cut whose file is not complete
 * and in time, or that was opened in the period: the steps still missing
 * (notice, record, escalate, close, report-sent), closure (the close step,
 * else the resolution), the report's due day (--report-days working days
 * after closure) and whether it is overdue: not sent by the cut past the
 * due day, or sent after it.
 */
static void
svc07_steps(struct report *r, struct dq *q)
{
	static const char *const steps[] = { "notice", "record", "escalate", "close", "report-sent" };
	struct table *t = table_new(r, TR("Major faults: steps and fault report (SVC-07)",
					  "重大故障：处理步骤与故障分析报告（SVC-07）"), NULL, 6);
	long incomplete = 0, overdue = 0;

	t->head[0] = TR("ticket", "工单");
	t->head[1] = TR("steps missing", "缺少步骤");
	t->head[2] = TR("closed", "故障结束");
	t->head[3] = TR("report due", "报告期限");
	t->head[4] = TR("report sent", "报告送达");
	t->head[5] = TR("state", "状态");
	struct crm_stmt *st = dquery(q,
		"SELECT t.id, coalesce(" UPTO("close") ", CASE WHEN substr(t.resolved_at, 1, 10) <= ?3"
		" THEN t.resolved_at END, ''), coalesce(" UPTO("report-sent") ", ''),"
		" " UPTO("notice") " IS NOT NULL, " UPTO("record") " IS NOT NULL,"
		" " UPTO("escalate") " IS NOT NULL, " UPTO("close") " IS NOT NULL,"
		" substr(t.opened_at, 1, 10) BETWEEN ?1 AND ?2"
		" FROM ticket AS t WHERE t.severity = 'major' AND substr(t.opened_at, 1, 10) <= ?3"
		" ORDER BY t.opened_at, t.id");
	while (crm_archive_step(q->ar, st) == CRM_ROW) {
		const char *closed = crm_archive_text(st, 1), *sent = crm_archive_text(st, 2);
		char missing[128] = "", due[CRM_DATE_LEN] = "";
		int late = 0;
		for (int k = 0; k < 5; k++)
			if (k < 4 ? !crm_archive_int(st, 3 + k) : !*sent)
				snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s",
					 *missing ? " " : "", steps[k]);
		if (*closed) {
			due_after(q, closed, opts.report_days, due);
			late = *sent ? strncmp(sent, due, 10) > 0 : strcmp(q->cut, due) > 0;
		}
		if (!*missing && !late && !crm_archive_int(st, 7))
			continue;	/* complete and in time, and not of this period */
		incomplete += *missing != '\0';
		overdue += late;
		table_row(t, crm_archive_text(st, 0), *missing ? missing : TR("none", "无"),
			  *closed ? closed : "", due, sent,
			  late ? (*sent ? TR("report sent late", "报告逾期送达") : TR("report overdue", "报告逾期")) :
			  *missing ? TR("incomplete", "未完成") : TR("complete", "已完成"));
	}
	crm_archive_finalize(st);
	dmeasure(r, "major_incomplete", "Major faults with steps missing (SVC-07)",
		 "重大故障步骤不全（SVC-07）", incomplete);
	dmeasure(r, "fault_reports_overdue", "Fault reports not sent in time (SVC-07)",
		 "故障分析报告逾期（SVC-07）", overdue);
}

/*
 * SVC-10: tickets resolved first, by the cut, whose work-contact form is
 * not on file; the form is due --form-days working days after resolution.
 */
static void
svc10_forms(struct report *r, struct dq *q)
{
	struct table *t = table_new(r, TR("Work-contact forms owed (SVC-10)", "待补工作联络单（SVC-10）"),
				    NULL, 5);
	long n = 0, late = 0;

	t->head[0] = TR("ticket", "工单");
	t->head[1] = TR("resolved", "解决时间");
	t->head[2] = TR("resolved by", "解决人");
	t->head[3] = TR("form due", "补单期限");
	t->head[4] = TR("state", "状态");
	struct crm_stmt *st = dquery(q,
		"SELECT t.id, t.resolved_at, coalesce(t.resolved_by, '') FROM ticket AS t"
		" WHERE t.retro_form = 'yes' AND substr(t.resolved_at, 1, 10) <= ?3"
		" AND " UPTO("form") " IS NULL ORDER BY t.resolved_at, t.id");
	while (crm_archive_step(q->ar, st) == CRM_ROW) {
		char due[CRM_DATE_LEN];
		due_after(q, crm_archive_text(st, 1), opts.form_days, due);
		int over = strcmp(q->cut, due) > 0;
		table_row(t, crm_archive_text(st, 0), crm_archive_text(st, 1), crm_archive_text(st, 2), due,
			  over ? TR("overdue", "逾期") : TR("due", "待补"));
		n++;
		late += over;
	}
	crm_archive_finalize(st);
	dmeasure(r, "forms_owed", "Work-contact forms owed (SVC-10)", "待补工作联络单（SVC-10）", n);
	dmeasure(r, "forms_overdue", "Work-contact forms overdue (SVC-10)", "工作联络单逾期（SVC-10）", late);
}

/* SVC-06: tickets escalated to the office by the cut and not yet ruled on. */
static void
svc06_escalations(struct report *r, struct dq *q)
{
	struct table *t = table_new(r, TR("Escalations to the office awaiting a ruling (SVC-06)",
					  "提交办公室待裁决（SVC-06）"), NULL, 4);
	long n = 0;

	t->head[0] = TR("ticket", "工单");
	t->head[1] = TR("escalated", "提交时间");
	t->head[2] = TR("by", "提交人");
	t->head[3] = TR("disagreement", "分歧");
	struct crm_stmt *st = dquery(q,
		"SELECT e.ticket_id, e.at, e.by, e.note FROM ticket_event AS e"
		" WHERE e.kind = 'office-escalate' AND substr(e.at, 1, 10) <= ?3"
		" AND NOT EXISTS (SELECT 1 FROM ticket_event AS x WHERE x.ticket_id = e.ticket_id"
		"  AND x.kind = 'office-ruling' AND x.seq > e.seq AND substr(x.at, 1, 10) <= ?3)"
		" ORDER BY e.at, e.seq");
	while (crm_archive_step(q->ar, st) == CRM_ROW) {
		table_row(t, crm_archive_text(st, 0), crm_archive_text(st, 1), crm_archive_text(st, 2),
			  crm_archive_text(st, 3));
		n++;
	}
	crm_archive_finalize(st);
	dmeasure(r, "escalations_open", "Escalations awaiting the office's ruling (SVC-06)",
		 "待办公室裁决（SVC-06）", n);
}

/* SVC-01: one technical service unit's month. */
struct unit {
	char *name;
	long received, resolved, maintained;
};

/* The department of staff id: --staff FILE, else the archive's staff table; "-" when none. */
static const char *
department(struct dq *q, struct crm_table *file, const char *id, char *buf, size_t size)
{
	snprintf(buf, size, "-");
	if (file) {
		size_t n;
		int cd = crm_table_col(file, "department");
		const struct crm_rec *const *hit = crm_table_find(file, crm_table_col(file, "id"), id, &n);
		if (n && cd >= 0 && *hit[0]->f[cd])
			snprintf(buf, size, "%s", hit[0]->f[cd]);
		return buf;
	}
	struct crm_stmt *st = crm_archive_prepare(q->ar, "SELECT department FROM staff WHERE id = ?1");
	crm_archive_bind(st, 1, id, 0);
	if (crm_archive_step(q->ar, st) == CRM_ROW && *crm_archive_text(st, 0))
		snprintf(buf, size, "%s", crm_archive_text(st, 0));
	crm_archive_finalize(st);
	return buf;
}

/* Add the counts of sql (staff id, count) to their units' field at offset. */
static void
unit_add(struct dq *q, struct crm_table *file, struct unit **u, size_t *n, size_t *cap,
	 const char *sql, size_t offset)
{
	struct crm_stmt *st = dquery(q, sql);
	char dept[128];

	while (crm_archive_step(q->ar, st) == CRM_ROW) {
		const char *d = department(q, file, crm_archive_text(st, 0), dept, sizeof dept);
		size_t i;
		for (i = 0; i < *n && strcmp((*u)[i].name, d); i++)
			;
		if (i == *n) {
			crm_grow(u, cap, *n + 1, sizeof **u);
			(*u)[(*n)++] = (struct unit){ xstrdup(d), 0, 0, 0 };
		}
		*(long *)((char *)&(*u)[i] + offset) += (long)crm_archive_int(st, 1);
	}
	crm_archive_finalize(st);
}

static int
unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct unit *)a)->name, ((const struct unit *)b)->name);
}

/*
 * SVC-01: the month's requests and complaints received (tickets opened,
 * by the unit of the staff who now holds them), resolved (by the unit of
 * who resolved them) and the proactive maintenance done (return visits,
 * SVC-05, by the unit of who made them), per technical service unit: the
 * department on the staff list, "-" when none is known.
 */
static void
svc01_units(struct report *r, struct dq *q)
{
	struct crm_table *file = NULL;
	struct unit *u = NULL;
	size_t n = 0, cap = 0;
	int status = CRM_OK;

	if (opts.staff) {
		file = crm_table_load(opts.staff, &opts.crm, &crm_type_staff, &status);
		if (status != CRM_OK)
			crm_die("%s: cannot read the staff", opts.staff);
	}
	unit_add(q, file, &u, &n, &cap, "SELECT t.assignee, count(*) FROM ticket AS t"
		 " WHERE substr(t.opened_at, 1, 10) BETWEEN ?1 AND ?2 GROUP BY 1",
		 offsetof(struct unit, received));
	unit_add(q, file, &u, &n, &cap, "SELECT coalesce(t.resolved_by, ''), count(*) FROM ticket AS t"
		 " WHERE substr(t.resolved_at, 1, 10) BETWEEN ?1 AND ?2 GROUP BY 1",
		 offsetof(struct unit, resolved));
	unit_add(q, file, &u, &n, &cap, "SELECT staff, count(*) FROM revisit"
		 " WHERE date BETWEEN ?1 AND ?2 GROUP BY 1", offsetof(struct unit, maintained));
	crm_table_free(file);
	if (n)
		qsort(u, n, sizeof *u, unit_cmp);

	struct table *t = table_new(r, TR("Service supervision by technical service unit (SVC-01)",
					  "各技术服务部门服务受理及主动维护（SVC-01）"), "svc01_units", 4);
	t->head[0] = TR("unit", "部门");
	t->head[1] = TR("received", "受理");
	t->head[2] = TR("resolved", "解决");
	t->head[3] = TR("proactive maintenance", "主动维护");
	t->measure[1] = "received";
	t->measure[2] = "resolved";
	t->measure[3] = "maintenance";
	for (size_t i = 0; i < n; i++) {
		char a[24], b[24], c[24];
		snprintf(a, sizeof a, "%ld", u[i].received);
		snprintf(b, sizeof b, "%ld", u[i].resolved);
		snprintf(c, sizeof c, "%ld", u[i].maintained);
		table_row(t, u[i].name, a, b, c);
		free(u[i].name);
	}
	free(u);
}

void
desk_sections(struct report *r, struct crm_archive *ar, const char *from, const char *to,
	      const char *cut, int monthly)
{
	struct dq q = { ar, from, to, cut, crm_cal_open(&opts.crm) };

	if (monthly)
		svc01_units(r, &q);
	svc07_steps(r, &q);
	svc10_forms(r, &q);
	svc06_escalations(r, &q);
	crm_cal_free(q.cal);
}
