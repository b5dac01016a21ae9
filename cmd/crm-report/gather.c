/* crm-report: the figures, from the archive and the reminders (SVC-01, SVC-04, CM-13, CM-16). */
#include <dirent.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cal.h"
#include "crm-report.h"
#include "table.h"

struct table *
table_new(struct report *r, const char *title, const char *section, size_t ncols)
{
	struct table *t = xcalloc(1, sizeof *t);

	crm_grow(&r->t, &r->capt, r->nt + 1, sizeof *r->t);
	r->t[r->nt++] = t;
	t->title = title;
	t->section = section;
	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof *t->head);
	t->measure = xcalloc(ncols, sizeof *t->measure);
	return t;
}

void
table_rowv(struct table *t, const char *const *cells, size_t n)
{
	if (n != t->ncols)
		crm_die("internal error: a row of %zu cells in the %zu-column table '%s'", n,
			t->ncols, t->title);
	crm_grow(&t->cells, &t->cap, (t->nrows + 1) * t->ncols, sizeof *t->cells);
	for (size_t i = 0; i < n; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

/* num/den as a percentage with one decimal ("37.5"), rounded half up; "" when den is 0. */
void
percent(long num, long den, char *buf, size_t size)
{
	if (den <= 0) {
		snprintf(buf, size, "%s", "");
		return;
	}
	long tenths = (num * 1000 + den / 2) / den;
	snprintf(buf, size, "%ld.%ld", tenths / 10, tenths % 10);
}

/* num/den with one decimal, for averages. */
static void
average(long num, long den, char *buf, size_t size)
{
	if (den <= 0) {
		snprintf(buf, size, "%s", "");
		return;
	}
	long tenths = (num * 10 + den / 2) / den;
	snprintf(buf, size, "%ld.%ld", tenths / 10, tenths % 10);
}

static struct measure *
measure(struct report *r, const char *name, const char *en, const char *zh, long v)
{
	struct measure *m = xcalloc(1, sizeof *m);

	crm_grow(&r->m, &r->capm, r->nm + 1, sizeof *r->m);
	r->m[r->nm++] = m;
	m->name = name, m->en = en, m->zh = zh;
	snprintf(m->value, sizeof m->value, "%ld", v);
	snprintf(m->shown, sizeof m->shown, "%ld", v);
	return m;
}

/* --- the archive ---------------------------------------------------------- */

struct q {
	struct crm_archive *ar;
	char from[CRM_DATE_LEN], to[CRM_DATE_LEN], cut[CRM_DATE_LEN];
};

/* A count over the period: sql with ?1 = from, ?2 = to, ?3 = cut (today or the period's end). */
static long
count(struct q *q, const char *sql)
{
	struct crm_stmt *st = crm_archive_prepare(q->ar, sql);
	long n;

	crm_archive_bind(st, 1, q->from, 0);
	crm_archive_bind(st, 2, q->to, 0);
	crm_archive_bind(st, 3, q->cut, 0);
	n = crm_archive_step(q->ar, st) == CRM_ROW ? (long)crm_archive_int(st, 0) : 0;
	crm_archive_finalize(st);
	return n;
}

static struct crm_stmt *
query(struct q *q, const char *sql)
{
	struct crm_stmt *st = crm_archive_prepare(q->ar, sql);

	crm_archive_bind(st, 1, q->from, 0);
	crm_archive_bind(st, 2, q->to, 0);
	crm_archive_bind(st, 3, q->cut, 0);
	return st;
}

#define OPENED " substr(t.opened_at, 1, 10) BETWEEN ?1 AND ?2"
#define HANDED " EXISTS (SELECT 1 FROM ticket_event AS e WHERE e.ticket_id = t.id AND e.kind = 'handoff')"
/* SVC-02: resolved at first contact = resolved by the first responder, never handed off. */
#define FIRST_CONTACT " t.status = 'resolved' AND t.resolved_by = t.first_responder AND NOT" HANDED

/* "S01 张伟" from the staff list (--staff FILE or the archive), or the id alone. */
struct staff_names {
	struct crm_table *file;
	struct crm_archive *ar;
	char buf[256], dept[128];
};

static const char *
staff_name(struct staff_names *sn, const char *id, const char **department)
{
	const char *name = "", *dept = "";
	struct crm_stmt *st = NULL;

	if (sn->file) {
		size_t n;
		const struct crm_rec *const *hit = crm_table_find(sn->file, crm_table_col(sn->file, "id"), id, &n);
		int cn = crm_table_col(sn->file, "name"), cd = crm_table_col(sn->file, "department");
		if (n) {
			name = cn >= 0 ? hit[0]->f[cn] : "";
			dept = cd >= 0 ? hit[0]->f[cd] : "";
		}
	} else {
		st = crm_archive_prepare(sn->ar, "SELECT name, department FROM staff WHERE id = ?1");
		crm_archive_bind(st, 1, id, 0);
		if (crm_archive_step(sn->ar, st) == CRM_ROW) {
			name = crm_archive_text(st, 0);
			dept = crm_archive_text(st, 1);
		}
	}
	snprintf(sn->buf, sizeof sn->buf, "%s%s%s", id, *name ? " " : "", name);
	if (department) {
		snprintf(sn->dept, sizeof sn->dept, "%s", dept);
		*department = sn->dept;
	}
	crm_archive_finalize(st);
	return sn->buf;
}

/* SVC-04, SVC-01: the ticket figures of the period. */
static void
tickets(struct report *r, struct q *q, int monthly)
{
	char rate[48], buf[32];
	long opened = count(q, "SELECT count(*) FROM ticket AS t WHERE" OPENED);
	long fcr = count(q, "SELECT count(*) FROM ticket AS t WHERE" OPENED " AND" FIRST_CONTACT);

	r->opened = opened;
	r->fcr = fcr;
	measure(r, "tickets_opened", "Tickets opened", "受理工单", opened);
	struct measure *m = measure(r, "first_contact", "Resolved at first contact (SVC-02)", "首问一次办结（SVC-02）", fcr);
	percent(fcr, opened, rate, sizeof rate);
	if (*rate)
		snprintf(m->shown, sizeof m->shown, "%ld (%s%%)", fcr, rate);
	m = measure(r, "first_contact_rate", "First-contact resolution rate (%)", "一次办结率（%）", 0);
	snprintf(m->value, sizeof m->value, "%s", rate);
	snprintf(m->shown, sizeof m->shown, "%s", *rate ? rate : "–");
	measure(r, "handed_off", "Handed off", "移交处理",
		count(q, "SELECT count(*) FROM ticket AS t WHERE" OPENED " AND" HANDED));
	measure(r, "resolved", "Resolved in the period", "本期解决",
		count(q, "SELECT count(*) FROM ticket AS t WHERE substr(t.resolved_at, 1, 10) BETWEEN ?1 AND ?2"));
	measure(r, "unresolved", "Unresolved at the end", "期末未解决",
		count(q, "SELECT count(*) FROM ticket AS t WHERE substr(t.opened_at, 1, 10) <= ?3"
			 " AND (t.resolved_at IS NULL OR substr(t.resolved_at, 1, 10) > ?3)"));
	measure(r, "repeat_contacts", "Repeat contacts: called twice (SVC-02)", "重复来电（SVC-02）",
		count(q, "SELECT count(*) FROM ticket AS t WHERE" OPENED " AND t.repeat_of IS NOT NULL"));
	measure(r, "major_faults", "Major faults (SVC-07)", "重大故障（SVC-07）",
		count(q, "SELECT count(*) FROM ticket AS t WHERE" OPENED " AND t.severity = 'major'"));
	measure(r, "retro_forms", "Fixed first, form filed after (SVC-09)", "先处理后补单（SVC-09）",
		count(q, "SELECT count(*) FROM ticket AS t WHERE substr(t.resolved_at, 1, 10) BETWEEN ?1 AND ?2"
			 " AND t.retro_form = 'yes'"));
	if (monthly) {
		struct crm_stmt *st = query(q,
			"SELECT count(*), coalesce(sum(CAST(round((julianday(t.resolved_at) - julianday(t.opened_at))"
			" * 1440) AS INTEGER)), 0) FROM ticket AS t"
			" WHERE substr(t.resolved_at, 1, 10) BETWEEN ?1 AND ?2");
		crm_archive_step(q->ar, st);
		long n = (long)crm_archive_int(st, 0), minutes = (long)crm_archive_int(st, 1);
		crm_archive_finalize(st);
		m = measure(r, "hours_to_resolve", "Average time to resolve (hours)", "平均解决时长（小时）", 0);
		average(minutes, n * 60, m->value, sizeof m->value);
		snprintf(m->shown, sizeof m->shown, "%s", *m->value ? m->value : "–");
	}

	/* Tickets per day: the chart and its table. */
	struct table *t = table_new(r, TR("Tickets per day", "每日受理工单"), "per_day", 2);
	t->head[0] = TR("day", "日期");
	t->head[1] = TR("opened", "受理");
	t->measure[1] = "tickets_opened";
	struct crm_stmt *st = query(q, "SELECT substr(t.opened_at, 1, 10), count(*) FROM ticket AS t WHERE" OPENED
				 " GROUP BY 1");
	int more = crm_archive_step(q->ar, st) == CRM_ROW;
	r->nday = (size_t)(r->p.to - r->p.from + 1);
	r->per_day = xcalloc(r->nday, sizeof *r->per_day);
	for (int32_t d = r->p.from; d <= r->p.to; d++) {
		char day[CRM_DATE_LEN];
		long n = 0;
		crm_date_format(d, day);
		if (more && !strcmp(crm_archive_text(st, 0), day)) {
			n = (long)crm_archive_int(st, 1);
			more = crm_archive_step(q->ar, st) == CRM_ROW;
		}
		static const char *const en[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
		static const char *const zh[] = { "日", "一", "二", "三", "四", "五", "六" };
		int wd = crm_date_wday(d);
		char label[48];
		snprintf(label, sizeof label, "%s %s", opts.crm.zh ? zh[wd] : en[wd], day + 5);
		r->per_day[d - r->p.from].label = xstrdup(monthly ? day + 8 : label);
		r->per_day[d - r->p.from].value = n;
		snprintf(buf, sizeof buf, "%ld", n);
		table_row(t, day, buf);
	}
	crm_archive_finalize(st);

	if (monthly) {
		t = table_new(r, TR("Tickets by channel", "按渠道"), "channel", 2);
		t->head[0] = TR("channel", "渠道");
		t->head[1] = TR("opened", "受理");
		t->measure[1] = "tickets_opened";
		st = query(q, "SELECT t.channel, count(*) FROM ticket AS t WHERE" OPENED " GROUP BY 1 ORDER BY 2 DESC, 1");
		while (crm_archive_step(q->ar, st) == CRM_ROW)
			table_row(t, crm_archive_text(st, 0), crm_archive_text(st, 1));
		crm_archive_finalize(st);
	}

	t = table_new(r, TR("Major faults (SVC-07)", "重大故障（SVC-07）"), NULL, 5);
	t->head[0] = TR("ticket", "工单");
	t->head[1] = TR("customer", "客户");
	t->head[2] = TR("opened", "受理时间");
	t->head[3] = TR("resolved", "解决时间");
	t->head[4] = TR("fault analysis", "故障分析");
	st = query(q, "SELECT t.id, t.customer_id || ' ' || coalesce(c.name, ''), t.opened_at,"
		      " coalesce(t.resolved_at, ''), t.cause <> '' AND t.corrective <> '' AND t.preventive <> ''"
		      " FROM ticket AS t LEFT JOIN customer AS c ON c.id = t.customer_id"
		      " WHERE" OPENED " AND t.severity = 'major' ORDER BY t.opened_at, t.id");
	while (crm_archive_step(q->ar, st) == CRM_ROW)
		table_row(t, crm_archive_text(st, 0), crm_archive_text(st, 1), crm_archive_text(st, 2),
			  *crm_archive_text(st, 3) ? crm_archive_text(st, 3) : TR("not yet", "未解决"),
			  crm_archive_int(st, 4) ? TR("done", "已完成") :
			  TR("to do: crm-ticket report", "待填写：crm-ticket report"));
	crm_archive_finalize(st);

	t = table_new(r, TR("Repeat contacts (SVC-02: no customer should have to call twice)",
			    "重复来电（SVC-02：不应让客户打第二次电话）"), NULL, 4);
	t->head[0] = TR("ticket", "工单");
	t->head[1] = TR("customer", "客户");
	t->head[2] = TR("matter", "事项");
	t->head[3] = TR("first call", "首次来电");
	st = query(q, "SELECT t.id, t.customer_id || ' ' || coalesce(c.name, ''), t.matter,"
		      " t.repeat_of || ' ' || coalesce(p.opened_at, '')"
		      " FROM ticket AS t LEFT JOIN customer AS c ON c.id = t.customer_id"
		      " LEFT JOIN ticket AS p ON p.id = t.repeat_of"
		      " WHERE" OPENED " AND t.repeat_of IS NOT NULL ORDER BY t.opened_at, t.id");
	while (crm_archive_step(q->ar, st) == CRM_ROW)
		table_row(t, crm_archive_text(st, 0), crm_archive_text(st, 1), crm_archive_text(st, 2),
			  crm_archive_text(st, 3));
	crm_archive_finalize(st);

	t = table_new(r, TR("Unresolved tickets", "未解决工单"), NULL, 5);
	t->head[0] = TR("ticket", "工单");
	t->head[1] = TR("customer", "客户");
	t->head[2] = TR("opened", "受理时间");
	t->head[3] = TR("first responder", "首问责任人");
	t->head[4] = TR("held by", "处理人");
	st = query(q, "SELECT t.id, t.customer_id || ' ' || coalesce(c.name, ''), t.opened_at, t.first_responder,"
		      " t.assignee FROM ticket AS t LEFT JOIN customer AS c ON c.id = t.customer_id"
		      " WHERE substr(t.opened_at, 1, 10) <= ?3"
		      " AND (t.resolved_at IS NULL OR substr(t.resolved_at, 1, 10) > ?3)"
		      " ORDER BY t.opened_at, t.id");
	while (crm_archive_step(q->ar, st) == CRM_ROW)
		table_row(t, crm_archive_text(st, 0), crm_archive_text(st, 1), crm_archive_text(st, 2),
			  crm_archive_text(st, 3), crm_archive_text(st, 4));
	crm_archive_finalize(st);
}

/* SVC-01: what each first responder took, resolved at once, handed off, and was called twice about. */
static void
responders(struct report *r, struct q *q, struct staff_names *sn)
{
	struct table *t = table_new(r, TR("By first responder", "按首问责任人"), "responder", 6);

	t->head[0] = TR("staff", "员工");
	t->head[1] = TR("name", "姓名");
	t->head[2] = TR("opened", "受理");
	t->head[3] = TR("first contact", "一次办结");
	t->head[4] = TR("handed off", "移交");
	t->head[5] = TR("repeat contacts", "重复来电");
	t->measure[2] = "tickets_opened";
	t->measure[3] = "first_contact";
	t->measure[4] = "handed_off";
	t->measure[5] = "repeat_contacts";
	struct crm_stmt *st = query(q,
		"SELECT t.first_responder, count(*), sum(" FIRST_CONTACT "), sum(" HANDED "),"
		" sum(t.repeat_of IS NOT NULL) FROM ticket AS t WHERE" OPENED " GROUP BY 1 ORDER BY 1");
	while (crm_archive_step(q->ar, st) == CRM_ROW) {
		const char *id = crm_archive_text(st, 0), *name = staff_name(sn, id, NULL) + strlen(id);
		table_row(t, id, *name ? name + 1 : "", crm_archive_text(st, 1), crm_archive_text(st, 2),
			  crm_archive_text(st, 3), crm_archive_text(st, 4));
	}
	crm_archive_finalize(st);
}

/* SVC-05, CM-13: revisits done in the period, and satisfaction by department. */
static void
revisits(struct report *r, struct q *q, int monthly)
{
	long done = count(q, "SELECT count(*) FROM revisit WHERE date BETWEEN ?1 AND ?2");

	measure(r, "revisits_done", "Revisits done (SVC-05)", "已回访（SVC-05）", done);
	if (!monthly)
		return;
	struct crm_stmt *st = query(q, "SELECT count(satisfaction), coalesce(sum(satisfaction), 0) FROM revisit"
				 " WHERE date BETWEEN ?1 AND ?2");
	crm_archive_step(q->ar, st);
	struct measure *m = measure(r, "satisfaction", "Average satisfaction (1-5, CM-13)", "平均满意度（1-5，CM-13）", 0);
	average((long)crm_archive_int(st, 1), (long)crm_archive_int(st, 0), m->value, sizeof m->value);
	snprintf(m->shown, sizeof m->shown, "%s", *m->value ? m->value : "–");
	crm_archive_finalize(st);

	struct table *t = table_new(r, TR("KPI: return visits and satisfaction by department (CM-13)",
					  "KPI：各业务部门回访及满意度（CM-13）"), "kpi_revisits", 4);
	t->head[0] = TR("department", "业务部门");
	t->head[1] = TR("revisits", "回访次数");
	t->head[2] = TR("answered", "有效评价");
	t->head[3] = TR("satisfaction", "平均满意度");
	t->measure[1] = "revisits";
	t->measure[2] = "answered";
	t->measure[3] = "satisfaction";
	st = query(q, "SELECT coalesce(nullif(c.department, ''), '-'), count(*), count(v.satisfaction),"
		      " coalesce(sum(v.satisfaction), 0) FROM revisit AS v"
		      " LEFT JOIN customer AS c ON c.id = v.customer_id"
		      " WHERE v.date BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1");
	while (crm_archive_step(q->ar, st) == CRM_ROW) {
		char avg[48];
		average((long)crm_archive_int(st, 3), (long)crm_archive_int(st, 2), avg, sizeof avg);
		table_row(t, crm_archive_text(st, 0), crm_archive_text(st, 1), crm_archive_text(st, 2), avg);
	}
	crm_archive_finalize(st);
}

/* --- reminders ------------------------------------------------------------- */

/*
 * The reminder files for the period: PATH itself, or the dated files of the
 * folder PATH that were issued on working days (CM-16: a reminder kept on a
 * holiday or weekend does not count).  *newest gets the newest dated file's
 * day in the folder up to the period's end (CRM_NODATE: none, or PATH a file).
 */
static char **
reminder_files(const struct report *r, const char *path, size_t *n, int32_t *newest)
{
	char **v = NULL;
	size_t cap = 0;
	struct stat sb;
	char cut[CRM_DATE_LEN], from[CRM_DATE_LEN];

	*n = 0;
	*newest = CRM_NODATE;
	if (strcmp(path, "-") && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		struct dirent **ents;
		int m = scandir(path, &ents, NULL, alphasort);
		struct crm_cal *cal;
		if (m < 0)
			crm_die("%s:", path);
		cal = crm_cal_open(&opts.crm);
		crm_date_format(r->p.from, from);
		crm_date_format(r->p.to < r->p.today ? r->p.to : r->p.today, cut);
		for (int i = 0; i < m; i++) {
			const char *e = ents[i]->d_name;
			int32_t day;
			char date[CRM_DATE_LEN];
			if (strlen(e) == 14 && !strcmp(e + 10, ".csv")) {
				memcpy(date, e, 10);
				date[10] = '\0';
				int work = 1, bad;
				if (crm_date_parse(date, &day) == 0 && strcmp(date, cut) <= 0 &&
				    (*newest == CRM_NODATE || day > *newest))
					*newest = day;
				if (crm_date_parse(date, &day) == 0 && strcmp(date, from) >= 0 && strcmp(date, cut) <= 0 &&
				    crm_cal_is_workday_provisional(cal, day, &work, NULL, &bad) == 0 && work) {
					size_t len = strlen(path) + strlen(e) + 2;
					crm_grow(&v, &cap, *n + 1, sizeof *v);
					v[*n] = xmalloc(len);
					snprintf(v[*n], len, "%s/%s", path, e);
					(*n)++;
				}
			}
			free(ents[i]);
		}
		free(ents);
		crm_cal_free(cal);
		return v;
	}
	v = xmalloc(sizeof *v);
	v[0] = xstrdup(path);
	*n = 1;
	return v;
}

/* CM-16: one customer (or change) a staff member was reminded about, and how often. */
struct nag {
	char *owner, *customer_id, *rule, *ref, *due;
	long times;
	size_t file;	/* the last file (day) that counted it: once per item per day */
};

/* Index entries for the keyed lookups of reminders(): a key and a position. */
struct slot {
	char *key;
	size_t i;
};

static int
slot_cmp(const void *a, const void *b)
{
	return strcmp(((const struct slot *)a)->key, ((const struct slot *)b)->key);
}

static void
slot_free(void *p)
{
	struct slot *s = p;

	free(s->key);
	free(s);
}

/* The position stored under key in *tree, or n after storing n there (a new entry). */
static size_t
slot_find(void **tree, char *key, size_t n)
{
	struct slot probe = { key, n }, **hit = tsearch(&probe, tree, slot_cmp);

	if (!hit)
		crm_die("out of memory");
	if (*hit == &probe) {
		*hit = xmalloc(sizeof **hit);
		(*hit)->key = key;
		(*hit)->i = n;
		return n;
	}
	free(key);
	return (*hit)->i;
}

/*
 * CM-06, CM-16: the change reports filed after their deadline this month,
 * from the "late" reminders crm-daily issued on working mornings (each file
 * a working day's), once per change, with how many working days late.
 */
static void
late_reports(struct report *r, char **files, size_t nfiles, struct staff_names *sn)
{
	void *seen = NULL;
	size_t n = 0;
	struct table *t = table_new(r, TR("KPI: change reports filed late (CM-06, CM-16)",
					  "KPI：客户变更逾期反馈（CM-06、CM-16）"), "kpi_cm06_late", 6);

	t->head[0] = TR("staff", "员工");
	t->head[1] = TR("department", "部门");
	t->head[2] = TR("customer", "客户");
	t->head[3] = TR("change", "变更");
	t->head[4] = TR("working days late", "逾期工作日");
	t->head[5] = TR("deadline", "期限");
	t->measure[4] = "working_days_late";
	for (size_t f = 0; f < nfiles; f++) {
		struct crm_input *in = crm_input_open(&files[f], 1, &opts.crm, &crm_type_reminder);
		int crule = crm_input_col(in, "rule"), ckind = crm_input_col(in, "kind");
		int cown = crm_input_col(in, "owner"), ccust = crm_input_col(in, "customer_id");
		int cref = crm_input_col(in, "ref"), cdue = crm_input_col(in, "due");
		int cdays = crm_input_col(in, "days_overdue");
		const struct crm_rec *rec;
		while (crule >= 0 && ckind >= 0 && crm_input_next(in, &rec)) {
			int k = crm_enum_parse(crm_type_reminder.cols[1].values, rec->f[ckind]);
			if (strcmp(rec->f[crule], "CM-06") || k < 0 ||
			    strcmp(crm_type_reminder.cols[1].values[k].name, "late"))
				continue;
#define GET(c) ((c) >= 0 ? rec->f[c] : "")
			size_t i = slot_find(&seen, xasprintf("%s\x1f%s\x1f%s", GET(cown), GET(ccust),
							      GET(cref)), n);
			if (i < n)
				continue;	/* once per change */
			n++;
			const char *dept = "";
			char who[300];
			snprintf(who, sizeof who, "%s", *GET(cown) ? staff_name(sn, GET(cown), &dept) : "-");
			table_row(t, who, dept, GET(ccust), GET(cref), GET(cdays), GET(cdue));
#undef GET
		}
		crm_input_free(in);
	}
	tdestroy(seen, slot_free);
}

/*
 * The reminder figures: from the newest file, the overdue reminders by
 * department, registrations (CM-05) and revisits (SVC-05) overdue; for the
 * month, CM-16: staff reminded two or more times about the same
 * registration or change report, at least once after its deadline.
 */
static void
reminders(struct report *r, int monthly, struct staff_names *sn)
{
	size_t nfiles, nnags = 0, capnags = 0, ndept = 0, capdept = 0;
	int32_t newest_day;
	char **files = reminder_files(r, opts.reminders, &nfiles, &newest_day);
	struct nag *nags = NULL;
	void *nag_index = NULL, *dept_index = NULL;	/* keyed lookups: a month of files is many records */
	long reg = 0, rev = 0;
	int status = CRM_OK;

	r->reminders_from = opts.reminders;
	/* A month's figures from reminders older than the month would pass stale figures as current. */
	if (monthly && newest_day != CRM_NODATE && newest_day < r->p.from) {
		char day[CRM_DATE_LEN];
		crm_date_format(newest_day, day);
		crm_die("%s: the newest reminders are of %s, before %s (has crm-daily been failing?); "
			"refusing stale figures", opts.reminders, day, r->p.label);
	}
	if (newest_day != CRM_NODATE)
		crm_date_format(newest_day, r->reminders_day);
	for (size_t f = 0; f < nfiles; f++) {
		int newest = f == nfiles - 1;
		if (!newest && !monthly)
			continue;
		struct crm_input *in = crm_input_open(&files[f], 1, &opts.crm, &crm_type_reminder);
		int crule = crm_input_col(in, "rule"), ckind = crm_input_col(in, "kind");
		int cdept = crm_input_col(in, "department"), cown = crm_input_col(in, "owner");
		int ccust = crm_input_col(in, "customer_id"), cref = crm_input_col(in, "ref");
		int cdue = crm_input_col(in, "due");
		const struct crm_rec *rec;
		if (crm_input_ncols(in) && (crule < 0 || ckind < 0)) {
			crm_warn("%s: not crm-remind output: the columns rule and kind are needed", files[f]);
			status = CRM_ERROR;
		}
		while (crm_input_next(in, &rec)) {
			if (crule < 0 || ckind < 0)
				continue;
			int k = crm_enum_parse(crm_type_reminder.cols[1].values, rec->f[ckind]);
			const char *kind = k >= 0 ? crm_type_reminder.cols[1].values[k].name : rec->f[ckind];
			const char *rule = rec->f[crule];
			int overdue = !strcmp(kind, "overdue");
#define GET(c) ((c) >= 0 ? rec->f[c] : "")
			if (newest && overdue) {
				const char *dept = *GET(cdept) ? GET(cdept) : "-";
				size_t i = slot_find(&dept_index, xstrdup(dept), ndept);
				reg += !strcmp(rule, "CM-05");
				rev += !strcmp(rule, "SVC-05");
				if (i == ndept) {
					crm_grow(&r->overdue, &capdept, ndept + 1, sizeof *r->overdue);
					r->overdue[ndept].label = xstrdup(dept);
					r->overdue[ndept++].value = 0;
				}
				r->overdue[i].value++;
			}
			/* CM-16: a reminder about an item past its deadline, once per item per day. */
			if (monthly && (!strcmp(rule, "CM-05") || !strcmp(rule, "CM-06")) && overdue) {
				size_t i = slot_find(&nag_index, xasprintf("%s\x1f%s\x1f%s\x1f%s", GET(cown),
									   GET(ccust), rule, GET(cref)), nnags);
				if (i == nnags) {
					crm_grow(&nags, &capnags, nnags + 1, sizeof *nags);
					nags[i] = (struct nag){ xstrdup(GET(cown)), xstrdup(GET(ccust)), xstrdup(rule),
								xstrdup(GET(cref)), xstrdup(GET(cdue)), 0, (size_t)-1 };
					nnags++;
				}
				if (nags[i].file != f)
					nags[i].times++;
				nags[i].file = f;
			}
#undef GET
		}
		status = crm_worst(status, crm_input_status(in));
		crm_input_free(in);
	}
	tdestroy(nag_index, slot_free);
	tdestroy(dept_index, slot_free);
	/* Before any output: gather() runs before the report is rendered. */
	if (status != CRM_OK)
		crm_die("%s: the reminders could not be read", opts.reminders);
	r->noverdue = ndept;
	/* Departments with the most overdue reminders first. */
	for (size_t i = 1; i < ndept; i++)
		for (size_t j = i; j > 0 && r->overdue[j].value > r->overdue[j - 1].value; j--) {
			struct bar b = r->overdue[j];
			r->overdue[j] = r->overdue[j - 1];
			r->overdue[j - 1] = b;
		}
	measure(r, "revisits_overdue", "Revisits overdue (SVC-05)", "回访逾期（SVC-05）", rev);
	measure(r, "registrations_overdue", "Registrations overdue (CM-05)", "备案逾期（CM-05）", reg);

	struct table *t = table_new(r, TR("Overdue reminders by department", "各部门逾期提醒"),
				    "overdue_by_department", 2);
	t->head[0] = TR("department", "业务部门");
	t->head[1] = TR("overdue", "逾期");
	t->measure[1] = "overdue_reminders";
	for (size_t i = 0; i < ndept; i++) {
		char buf[32];
		snprintf(buf, sizeof buf, "%ld", r->overdue[i].value);
		table_row(t, r->overdue[i].label, buf);
	}

	if (monthly) {
		t = table_new(r, TR("KPI: not registered despite two or more reminders (CM-16)",
				    "KPI：经两次以上督促仍未备案（CM-16）"), "kpi_cm16", 6);
		t->head[0] = TR("staff", "员工");
		t->head[1] = TR("department", "部门");
		t->head[2] = TR("customer", "客户");
		t->head[3] = TR("rule", "规则");
		t->head[4] = TR("reminders", "督促次数");
		t->head[5] = TR("deadline", "期限");
		t->measure[4] = "reminders";
		for (size_t i = 0; i < nnags; i++) {
			if (nags[i].times >= CM16_REMINDERS) {
				char times[32], who[300];
				const char *dept;
				snprintf(who, sizeof who, "%s", *nags[i].owner ? staff_name(sn, nags[i].owner, &dept) : "-");
				if (!*nags[i].owner)
					dept = "";
				snprintf(times, sizeof times, "%ld", nags[i].times);
				table_row(t, who, dept, nags[i].customer_id, nags[i].rule, times, nags[i].due);
			}
		}
	}
	if (monthly)
		late_reports(r, files, nfiles, sn);
	for (size_t i = 0; i < nnags; i++) {
		free(nags[i].owner);
		free(nags[i].customer_id);
		free(nags[i].rule);
		free(nags[i].ref);
		free(nags[i].due);
	}
	free(nags);
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
}

void
gather(struct report *r, int monthly)
{
	struct q q;
	struct staff_names sn = { 0 };
	int status = CRM_OK;

	q.ar = crm_archive_open(opts.home);
	crm_date_format(r->p.from, q.from);
	crm_date_format(r->p.to, q.to);
	crm_date_format(r->p.to < r->p.today ? r->p.to : r->p.today, q.cut);
	sn.ar = q.ar;
	if (opts.staff) {
		sn.file = crm_table_load(opts.staff, &opts.crm, &crm_type_staff, &status);
		if (status != CRM_OK)
			crm_die("%s: cannot read the staff", opts.staff);
	}
	crm_archive_exec(q.ar, "BEGIN");	/* one snapshot for every figure */
	tickets(r, &q, monthly);
	if (monthly)
		responders(r, &q, &sn);
	revisits(r, &q, monthly);
	if (opts.reminders)
		reminders(r, monthly, &sn);
	measure(r, "new_customers", "New customers: first contact", "新客户（首次接触）",
		count(&q, "SELECT count(*) FROM customer WHERE first_contact BETWEEN ?1 AND ?2"));
	desk_sections(r, q.ar, q.from, q.to, q.cut, monthly);	/* SVC-01, 06, 07, 10: desk.c */
	crm_archive_exec(q.ar, "COMMIT");
	crm_table_free(sn.file);
	crm_archive_close(q.ar);
}

void
report_release(struct report *r)
{
	for (size_t i = 0; i < r->nt; i++) {
		for (size_t k = 0; k < r->t[i]->nrows * r->t[i]->ncols; k++)
			free(r->t[i]->cells[k]);
		free(r->t[i]->cells);
		free(r->t[i]->head);
		free(r->t[i]->measure);
		free(r->t[i]);
	}
	free(r->t);
	for (size_t i = 0; i < r->nm; i++)
		free(r->m[i]);
	free(r->m);
	for (size_t i = 0; i < r->nday; i++)
		free(r->per_day[i].label);
	free(r->per_day);
	for (size_t i = 0; i < r->noverdue; i++)
		free(r->overdue[i].label);
	free(r->overdue);
}
