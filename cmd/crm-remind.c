/*
 * crm-remind: due and overdue reminders from record streams — customer
 * registration (CM-05), change reports (CM-06), two staff in contact with
 * key customers (CM-10), category visits (CM-12), new-year gifts (SVC-03)
 * and project revisits (SVC-05).  A pure filter: --today makes it
 * reproducible; exit 1 when any reminder is written.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "cli.h"
#include "field.h"
#include "staff.h"
#include "stream.h"
#include "table.h"

#define DUE_WINDOW 2	/* working days before a deadline that make it "due" */

static struct {
	struct crm_opts crm;
	int late;
	const char *log, *intervals, *customers;
} opts;

enum { OPT_LATE = CRM_OPT_PROG, OPT_LOG, OPT_INTERVALS, OPT_CUSTOMERS };

/* What every subcommand works with. */
struct ctx {
	struct crm_cal *cal;
	int32_t today;
	struct crm_input *in;
	struct crm_writer *w;
	struct crm_table *customers;	/* --customers, to name the customer of a change or project */
	int status;
	long reminders;
};

/* One output record (crm_type_reminder). */
struct reminder {
	const char *rule, *kind, *ref, *customer_id, *customer, *owner, *department;
	int32_t event, due;	/* -1: none */
	long days_overdue;	/* -1: none */
	int provisional;	/* due (or the count) past the calendar, worked out provisionally */
	char message[1024];
};

/* The reminder's message, in English or (--zh) Chinese; both formats take the same arguments. */
#define SAY(r, en_fmt, zh_fmt, ...) \
	snprintf((r)->message, sizeof (r)->message, opts.crm.zh ? (zh_fmt) : (en_fmt), __VA_ARGS__)

#define PLURAL(n) ((n) == 1 ? "" : "s")

/* A provisional deadline says why in its message; the next run after the calendar is installed is exact. */
static void
provisional_note(struct ctx *x, struct reminder *r)
{
	size_t len = strlen(r->message);
	int y, m, d;

	if (!r->provisional)
		return;
	crm_date_ymd(r->due, &y, &m, &d);
	if (crm_cal_covers_year(x->cal, y))
		crm_date_ymd(x->today, &y, &m, &d);
	snprintf(r->message + len, sizeof r->message - len, opts.crm.zh ?
		 "（暂定：%d年节假日安排未安装，仅按周末及元旦、劳动节5月1–2日、国庆节10月1–3日计算；安装后按正式日历重算）" :
		 " (provisional: the %d holiday calendar is not installed, so only weekends and "
		 "1 Jan, 1-2 May, 1-3 Oct count as holidays; exact once it is installed)", y);
}

/* Write r; counts it. */
static void
emit(struct ctx *x, const struct reminder *r)
{
	char event[CRM_DATE_LEN] = "", due[CRM_DATE_LEN] = "", over[24] = "";
	const char *vals[] = {
		r->rule, r->kind, r->ref ? r->ref : "", r->customer_id ? r->customer_id : "",
		r->customer ? r->customer : "", r->owner ? r->owner : "",
		r->department ? r->department : "", event, due, over, r->message,
		r->provisional ? "yes" : "no"
	};

	if (r->event != CRM_NODATE)
		crm_date_format(r->event, event);
	if (r->due != CRM_NODATE)
		crm_date_format(r->due, due);
	if (r->days_overdue >= 0)
		snprintf(over, sizeof over, "%ld", r->days_overdue);
	crm_writer_row(x->w, vals, NULL);
	x->reminders++;
}

static void
reminder_init(struct reminder *r, const char *rule)
{
	memset(r, 0, sizeof *r);
	r->rule = rule;
	r->event = r->due = CRM_NODATE;
	r->days_overdue = -1;
}

/* The next input record; none after a bad one under --strict. */
static int
next_rec(struct ctx *x, const struct crm_rec **rec)
{
	if (opts.crm.strict && x->status == CRM_ERROR)
		return 0;
	return crm_input_next(x->in, rec);
}

/* A record's field by column, or "" when the input lacks the column. */
static const char *
get(const struct crm_rec *rec, int col)
{
	return col >= 0 ? rec->f[col] : "";
}

/* Report that a deadline needs a day the calendar does not cover; the record is skipped. */
static void
outside(struct ctx *x, const struct crm_rec *rec, int32_t bad)
{
	char day[CRM_DATE_LEN];

	crm_date_format(bad, day);
	crm_warn_at(&rec->pos, "%s is outside the calendar (covers %s); give --calendar FILE or --assume-weekends",
		    day, crm_cal_coverage(x->cal));
	x->status = CRM_ERROR;
}

/* Whether today is within DUE_WINDOW working days before due; -1: outside the calendar. */
static int
in_window(struct ctx *x, const struct crm_rec *rec, int32_t due, int *yes, int *prov)
{
	int32_t bad, d;
	int n = 0, work;

	*yes = 0;
	if (due < x->today)
		return 0;
	/* Count the working days up to due, and stop past the window: only the days needed are asked. */
	for (d = x->today + 1; d <= due && n <= DUE_WINDOW; d++) {
		if (crm_cal_is_workday_provisional(x->cal, d, &work, prov, &bad) < 0) {
			outside(x, rec, bad);
			return -1;
		}
		n += work;
	}
	*yes = n <= DUE_WINDOW;
	return 0;
}

#define NOT_DONE INT32_MIN

/*
 * CM-05, CM-06: the deadline is the nth working day after event (day 0).
 * Not done yet: r's kind becomes "overdue" (today after due, days_overdue
 * working days after it), "due" (today within DUE_WINDOW working days
 * before it) or NULL.  Done on day done: "late" when after the deadline
 * (days_overdue working days late), else NULL.  Returns -1 when the
 * calendar does not cover the days needed.
 */
static int
working_deadline(struct ctx *x, const struct crm_rec *rec, int32_t event, int n, int32_t done,
		 struct reminder *r)
{
	int32_t bad;
	long d;
	int prov = 0;

	r->event = event;
	r->kind = NULL;
	/* Past the calendar's last year: weekends and the fixed-date holidays, marked provisional. */
	if (crm_cal_add_provisional(x->cal, event, n, &r->due, &r->provisional, &bad) < 0)
		goto outside;
	if (done != NOT_DONE) {
		if (done > r->due) {
			if (crm_cal_between_provisional(x->cal, r->due, done, &d, &prov, &bad) < 0)
				goto outside;
			r->provisional |= prov;
			r->kind = "late";
			r->days_overdue = d;
		}
		return 0;
	}
	if (x->today > r->due) {
		if (crm_cal_between_provisional(x->cal, r->due, x->today, &d, &prov, &bad) < 0)
			goto outside;
		r->provisional |= prov;
		r->kind = "overdue";
		r->days_overdue = d;
	} else {
		int yes;
		if (in_window(x, rec, r->due, &yes, &r->provisional) < 0)
			return -1;
		if (yes) {
			r->kind = "due";
			r->days_overdue = 0;
		}
	}
	return 0;
outside:
	outside(x, rec, bad);
	return -1;
}

/* CM-12, SVC-05: a calendar deadline; days_overdue counts calendar days. */
static int
calendar_deadline(struct ctx *x, const struct crm_rec *rec, int32_t due, struct reminder *r)
{
	int yes;

	r->due = due;
	r->kind = NULL;
	if (x->today > due) {
		r->kind = "overdue";
		r->days_overdue = x->today - due;
		return 0;
	}
	if (in_window(x, rec, due, &yes, &r->provisional) < 0)
		return -1;
	if (yes) {
		r->kind = "due";
		r->days_overdue = 0;
	}
	return 0;
}

static int
closed(const struct crm_rec *rec, int col)
{
	int k;

	return col >= 0 && (k = crm_enum_parse(crm_statuses, rec->f[col])) >= 0 &&
	       !strcmp(crm_statuses[k].name, "closed");
}

/* The columns of the customer stream that name a reminder's customer. */
struct who {
	int id, name, owner, department;
};

static void
who_cols(struct crm_input *in, struct who *c)
{
	c->id = crm_input_col(in, "id");
	c->name = crm_input_col(in, "name");
	c->owner = crm_input_col(in, "owner");
	c->department = crm_input_col(in, "department");
}

static void
who_fill(struct reminder *r, const struct crm_rec *rec, const struct who *c)
{
	r->customer_id = get(rec, c->id);
	r->customer = get(rec, c->name);
	r->owner = get(rec, c->owner);
	r->department = get(rec, c->department);
}

/* Name the customer of a change or project from --customers, when given. */
static void
who_lookup(struct ctx *x, struct reminder *r, const char *customer_id)
{
	const struct crm_rec *const *hit;
	size_t n;

	r->customer_id = customer_id;
	if (!x->customers)
		return;
	hit = crm_table_find(x->customers, crm_table_col(x->customers, "id"), customer_id, &n);
	if (!n)
		return;
	r->customer = get(hit[0], crm_table_col(x->customers, "name"));
	r->owner = get(hit[0], crm_table_col(x->customers, "owner"));
	r->department = get(hit[0], crm_table_col(x->customers, "department"));
}

static int
need_cols(struct ctx *x, const char *what, const char *const *cols)
{
	if (!crm_input_ncols(x->in))
		return 0;	/* empty input: nothing to remind */
	for (; *cols; cols++)
		if (crm_input_col(x->in, *cols) < 0) {
			crm_warn("%s: %s need the column '%s'", crm_input_pos(x->in)->file, what, *cols);
			return -1;
		}
	return 0;
}

/*
 * CM-05: a customer with neither a first contact nor a registration date has
 * no deadline to remind of, and every claim for them is refused (CM-15): a
 * "missing" reminder to the department, whose archive it is.
 */
static void
undated(struct ctx *x, const struct who *who, const struct crm_rec *rec)
{
	struct reminder r;

	reminder_init(&r, "CM-05");
	who_fill(&r, rec, who);
	r.kind = "missing";
	SAY(&r, "neither a first-contact nor a registration date on file: the department enters "
	    "them (no deadline can be reminded; CM-15 refuses every claim for this customer)",
	    "首次接触日期和备案日期均未登记：请业务部门补录（无法计算备案期限；CM-15 该客户的费用一律不予报销）%s",
	    "");
	emit(x, &r);
}

/* CM-05: register a new customer within 5 working days of first contact. */
static int
cmd_register(struct ctx *x)
{
	static const char *const need[] = { "first_contact", "registered", NULL };
	const struct crm_rec *rec;
	struct who who;
	int first, reg, status;
	int32_t event, registered;
	char due[CRM_DATE_LEN], ev[CRM_DATE_LEN], rd[CRM_DATE_LEN];

	if (need_cols(x, "customers", need) < 0)
		return CRM_ERROR;
	who_cols(x->in, &who);
	first = crm_input_col(x->in, "first_contact");
	reg = crm_input_col(x->in, "registered");
	status = crm_input_col(x->in, "status");
	while (next_rec(x, &rec)) {
		struct reminder r;
		int gf = crm_get_date(rec, first, &event), gr = crm_get_date(rec, reg, &registered);
		if (gf == CRM_FIELD_BAD || gr == CRM_FIELD_BAD) {
			x->status = CRM_ERROR;
			continue;
		}
		if (closed(rec, status))
			continue;
		if (gf == CRM_FIELD_EMPTY && gr == CRM_FIELD_EMPTY) {
			undated(x, &who, rec);
			continue;
		}
		if (gf == CRM_FIELD_EMPTY)
			continue;
		if (gr == CRM_FIELD_OK && !opts.late)
			continue;
		reminder_init(&r, "CM-05");
		who_fill(&r, rec, &who);
		/* --late: a registration after the deadline */
		if (working_deadline(x, rec, event, 5, gr == CRM_FIELD_OK ? registered : NOT_DONE,
				     &r) < 0 || !r.kind)
			continue;
		crm_date_format(r.due, due);
		crm_date_format(event, ev);
		if (!strcmp(r.kind, "late")) {
			crm_date_format(registered, rd);
			SAY(&r, "registered %1$s, %2$ld working day%5$s after the deadline %3$s (first contact %4$s)",
			    "%1$s备案，超过期限%3$s共%2$ld个工作日（首次接触%4$s）%5$.0s",
			    rd, r.days_overdue, due, ev, PLURAL(r.days_overdue));
		} else if (!strcmp(r.kind, "overdue") && !r.days_overdue) {
			/* Past the deadline on a day off: no "0 working days overdue". */
			SAY(&r, "not registered: first contact %1$s, the deadline %2$s has passed",
			    "未备案：首次接触%1$s，备案期限%2$s已过", ev, due);
		} else if (!strcmp(r.kind, "overdue")) {
			SAY(&r, "not registered: first contact %1$s, deadline %2$s, %3$ld working day%4$s overdue",
			    "未备案：首次接触%1$s，应于%2$s前到市场推广部备案，已逾期%3$ld个工作日%4$.0s",
			    ev, due, r.days_overdue, PLURAL(r.days_overdue));
		} else {
			SAY(&r, "register with the marketing department by %1$s (first contact %2$s)",
			    "请于%1$s前到市场推广部备案（首次接触%2$s）", due, ev);
		}
		provisional_note(x, &r);
		emit(x, &r);
	}
	return CRM_OK;
}

/* CM-06: a change to a registered customer is reported within 5 working days. */
static int
cmd_changes(struct ctx *x)
{
	static const char *const need[] = { "customer_id", "changed_on", "reported_on", NULL };
	const struct crm_rec *rec;
	int cid, field, changed, reported, id, learned;
	int32_t event, rep, learned_on;
	char due[CRM_DATE_LEN], ev[64], rd[CRM_DATE_LEN], ld[CRM_DATE_LEN];

	if (need_cols(x, "changes", need) < 0)
		return CRM_ERROR;
	cid = crm_input_col(x->in, "customer_id");
	field = crm_input_col(x->in, "field");
	changed = crm_input_col(x->in, "changed_on");
	reported = crm_input_col(x->in, "reported_on");
	id = crm_input_col(x->in, "id");
	learned = crm_input_col(x->in, "learned_on");
	while (next_rec(x, &rec)) {
		struct reminder r;
		int gc = crm_get_date(rec, changed, &event), gr = crm_get_date(rec, reported, &rep);
		int gl = crm_get_date(rec, learned, &learned_on);
		if (gc == CRM_FIELD_BAD || gr == CRM_FIELD_BAD || gl == CRM_FIELD_BAD) {
			x->status = CRM_ERROR;
			continue;
		}
		if (gc == CRM_FIELD_EMPTY) {
			crm_warn_at(&rec->pos, "changed_on: a change needs the day it happened");
			x->status = CRM_ERROR;
			continue;
		}
		/* CM-06: the days run from learned_on when the department learned of the change later. */
		if (gl == CRM_FIELD_OK) {
			if (learned_on < event) {
				crm_warn_at(&rec->pos, "learned_on: '%s' is before changed_on '%s'",
					    rec->f[learned], rec->f[changed]);
				x->status = CRM_ERROR;
				continue;
			}
			event = learned_on;
		}
		if (gr == CRM_FIELD_OK && !opts.late)
			continue;
		reminder_init(&r, "CM-06");
		r.ref = get(rec, id);
		who_lookup(x, &r, get(rec, cid));
		/* --late: a report after the deadline */
		if (working_deadline(x, rec, event, 5, gr == CRM_FIELD_OK ? rep : NOT_DONE, &r) < 0 ||
		    !r.kind)
			continue;
		crm_date_format(r.due, due);
		/* The change's own day, and the day it was learned of when the days run from that. */
		crm_date_format(event, ev);
		if (gl == CRM_FIELD_OK && crm_get_date(rec, changed, &learned_on) == CRM_FIELD_OK &&
		    learned_on != event) {
			crm_date_format(event, ld);
			crm_date_format(learned_on, ev);
			snprintf(ev + strlen(ev), sizeof ev - strlen(ev),
				 opts.crm.zh ? "（%s获知）" : " (learned %s)", ld);
		}
		const char *what = *get(rec, field) ? get(rec, field) : "?";
		if (!strcmp(r.kind, "late")) {
			crm_date_format(rep, rd);
			SAY(&r, "change of %1$s on %2$s reported %3$s, %4$ld working day%6$s after the deadline %5$s",
			    "%2$s的%1$s变更于%3$s反馈，超过期限%5$s共%4$ld个工作日%6$.0s",
			    what, ev, rd, r.days_overdue, due, PLURAL(r.days_overdue));
		} else if (!strcmp(r.kind, "overdue") && !r.days_overdue) {
			SAY(&r, "change of %1$s on %2$s not reported: the deadline %3$s has passed",
			    "%2$s的%1$s变更未反馈：反馈期限%3$s已过", what, ev, due);
		} else if (!strcmp(r.kind, "overdue")) {
			SAY(&r, "change of %1$s on %2$s not reported: deadline %3$s, %4$ld working day%5$s overdue",
			    "%2$s的%1$s变更未反馈：应于%3$s前填写《客户信息维护表》，已逾期%4$ld个工作日%5$.0s",
			    what, ev, due, r.days_overdue, PLURAL(r.days_overdue));
		} else {
			SAY(&r, "report the change of %1$s on %2$s to the marketing department by %3$s",
			    "请于%3$s前向市场推广部反馈%2$s的%1$s变更（《客户信息维护表》）",
			    what, ev, due);
		}
		provisional_note(x, &r);
		emit(x, &r);
	}
	return CRM_OK;
}

/* CM-10: key and important customers have two or more staff in contact. */
static int
cmd_contacts(struct ctx *x)
{
	static const char *const need[] = { "category", "owner", NULL };
	const struct crm_rec *rec;
	struct who who;
	int cat, imp, co, first, status;

	if (need_cols(x, "customers", need) < 0)
		return CRM_ERROR;
	who_cols(x->in, &who);
	cat = crm_input_col(x->in, "category");
	imp = crm_input_col(x->in, "important");
	co = crm_input_col(x->in, "co_owners");
	first = crm_input_col(x->in, "first_contact");
	status = crm_input_col(x->in, "status");
	while (next_rec(x, &rec)) {
		struct reminder r;
		int k, important = 0;
		int32_t event;
		if (crm_get_enum(rec, cat, crm_categories, &k) == CRM_FIELD_BAD ||
		    crm_get_bool(rec, imp, &important) == CRM_FIELD_BAD ||
		    crm_get_date(rec, first, &event) == CRM_FIELD_BAD) {
			x->status = CRM_ERROR;
			continue;
		}
		if (closed(rec, status))
			continue;
		int key = *get(rec, cat) && !strcmp(crm_categories[k].name, "key");
		if (!key && important != 1)
			continue;
		size_t n = crm_staff_in_contact(get(rec, who.owner), get(rec, co));
		if (n >= 2)
			continue;
		reminder_init(&r, "CM-10");
		who_fill(&r, rec, &who);
		r.kind = "missing";
		if (crm_get_date(rec, first, &event) == CRM_FIELD_OK)
			r.event = event;
		SAY(&r, "%1$s customer with %2$zu staff in contact; two or more are needed, with contact reports",
		    "%1$s仅有%2$zu名员工联系，须两名以上并建立联系报告制度",
		    opts.crm.zh ? (key ? "重点客户" : "重要客户") : (key ? "key" : "important"), n);
		emit(x, &r);
	}
	return CRM_OK;
}

/* CM-12: visit intervals in calendar days, by category (crm_categories order). */
static int
load_intervals(long days[4])
{
	static const long defaults[4] = { 60, 90, 30, 180 };	/* target, general, key, potential */
	int status = CRM_OK;

	memcpy(days, defaults, sizeof defaults);
	if (!opts.intervals)
		return CRM_OK;
	struct crm_table *t = crm_table_load(opts.intervals, &opts.crm, NULL, &status);
	int cat = crm_table_col(t, "category"), d = crm_table_col(t, "days");
	if (crm_table_len(t) && (cat < 0 || d < 0)) {
		crm_warn("%s: intervals need the columns category and days", opts.intervals);
		status = CRM_ERROR;
	}
	for (size_t i = 0; status != CRM_ERROR && i < crm_table_len(t); i++) {
		const struct crm_rec *r = crm_table_rec(t, i);
		int k;
		int64_t v;
		if (crm_get_enum(r, cat, crm_categories, &k) != CRM_FIELD_OK ||
		    crm_get_int(r, d, &v) != CRM_FIELD_OK) {
			status = CRM_ERROR;
		} else if (v < 1 || v > 3660) {
			crm_warn_at(&r->pos, "days: expected 1 to 3660, found '%s'", r->f[d]);
			status = CRM_ERROR;
		} else {
			days[k] = (long)v;
		}
	}
	crm_table_free(t);
	return status;
}

/* CM-12: each customer is visited within its category's interval of the last contact. */
static int
cmd_visits(struct ctx *x)
{
	static const char *const need[] = { "id", "category", NULL };
	const struct crm_rec *rec;
	struct crm_table *log;
	struct who who;
	long interval[4];
	int cat, first, reg, status, lcid, ldate, st = CRM_OK;
	char due[CRM_DATE_LEN], base[CRM_DATE_LEN];

	if ((x->status = crm_worst(x->status, load_intervals(interval))) == CRM_ERROR)
		return CRM_ERROR;
	log = crm_table_load(opts.log, &opts.crm, &crm_type_log, &st);
	x->status = crm_worst(x->status, st);
	lcid = crm_table_col(log, "customer_id");
	ldate = crm_table_col(log, "date");
	/* A log that cannot be read stops the run: without it every visit looks overdue. */
	if ((lcid < 0 || ldate < 0) && (crm_table_len(log) || st != CRM_OK)) {
		if (crm_table_len(log))
			crm_warn("%s: the log needs the columns customer_id and date", opts.log);
		crm_table_free(log);
		return CRM_ERROR;
	}
	for (size_t i = 0; i < crm_table_len(log); i++) {
		int32_t d;
		if (crm_get_date(crm_table_rec(log, i), ldate, &d) == CRM_FIELD_BAD)
			x->status = CRM_ERROR;
	}
	if (need_cols(x, "customers", need) < 0) {
		crm_table_free(log);
		return CRM_ERROR;
	}
	who_cols(x->in, &who);
	cat = crm_input_col(x->in, "category");
	first = crm_input_col(x->in, "first_contact");
	reg = crm_input_col(x->in, "registered");
	status = crm_input_col(x->in, "status");
	while (next_rec(x, &rec)) {
		struct reminder r;
		int k;
		int32_t last = CRM_NODATE, d;
		size_t n;
		if (crm_get_enum(rec, cat, crm_categories, &k) != CRM_FIELD_OK) {
			if (!*get(rec, cat))
				crm_warn_at(&rec->pos, "category: a customer needs one (CM-01)");
			x->status = CRM_ERROR;
			continue;
		}
		if (closed(rec, status))
			continue;
		const struct crm_rec *const *hit = crm_table_find(log, lcid, get(rec, who.id), &n);
		for (size_t i = 0; i < n; i++)
			if (crm_date_parse(hit[i]->f[ldate], &d) == 0 && (last == CRM_NODATE || d > last))
				last = d;
		/* Before any logged contact, the clock runs from registration or first contact. */
		if (last == CRM_NODATE && crm_date_parse(get(rec, reg), &d) == 0)
			last = d;
		if (last == CRM_NODATE && crm_date_parse(get(rec, first), &d) == 0)
			last = d;
		reminder_init(&r, "CM-12");
		who_fill(&r, rec, &who);
		if (last == CRM_NODATE) {
			r.kind = "missing";
			SAY(&r, "no contact logged and no registration or first contact date (%1$s customer)",
			    "无联系记录，也无备案或首次接触日期（%1$s）",
			    opts.crm.zh ? crm_categories[k].zh : crm_categories[k].name);
			emit(x, &r);
			continue;
		}
		r.event = last;
		if (calendar_deadline(x, rec, last + (int32_t)interval[k], &r) < 0 || !r.kind)
			continue;
		crm_date_format(r.due, due);
		crm_date_format(last, base);
		SAY(&r, "%1$s customer last contacted %2$s: visit due %3$s (every %4$ld days)",
		    "%1$s，上次联系%2$s，应于%3$s前拜访（每%4$ld天）",
		    opts.crm.zh ? crm_categories[k].zh : crm_categories[k].name, base, due, interval[k]);
		provisional_note(x, &r);
		emit(x, &r);
	}
	crm_table_free(log);
	return CRM_OK;
}

/*
 * SVC-05: the next revisit is one month after the last (or after delivery)
 * while that is within the first year, three months after it once past the
 * first anniversary.
 */
static int32_t
next_revisit(int32_t delivered, int32_t last)
{
	int32_t base = last != CRM_NODATE ? last : delivered;
	int32_t next = crm_date_add_months(base, 1);

	return next <= crm_date_add_months(delivered, 12) ? next : crm_date_add_months(base, 3);
}

static int
cmd_revisits(struct ctx *x)
{
	static const char *const need[] = { "customer_id", "delivered", NULL };
	const struct crm_rec *rec;
	int id, cid, name, dcol, lcol;
	char due[CRM_DATE_LEN], dv[CRM_DATE_LEN], lv[CRM_DATE_LEN];

	if (need_cols(x, "projects", need) < 0)
		return CRM_ERROR;
	id = crm_input_col(x->in, "id");
	cid = crm_input_col(x->in, "customer_id");
	name = crm_input_col(x->in, "name");
	dcol = crm_input_col(x->in, "delivered");
	lcol = crm_input_col(x->in, "last_revisit");
	while (next_rec(x, &rec)) {
		struct reminder r;
		int32_t delivered, last = CRM_NODATE;
		int gd = crm_get_date(rec, dcol, &delivered), gl = crm_get_date(rec, lcol, &last);
		if (gd == CRM_FIELD_BAD || gl == CRM_FIELD_BAD) {
			x->status = CRM_ERROR;
			continue;
		}
		if (gd == CRM_FIELD_EMPTY) {
			crm_warn_at(&rec->pos, "delivered: a project needs its delivery date");
			x->status = CRM_ERROR;
			continue;
		}
		if (delivered > x->today) {
			crm_warn_at(&rec->pos, "delivered: '%s' is after today", rec->f[dcol]);
			x->status = CRM_ERROR;
			continue;
		}
		if (gl == CRM_FIELD_EMPTY)
			last = CRM_NODATE;
		else if (last < delivered || last > x->today) {
			crm_warn_at(&rec->pos, "last_revisit: '%s' is %s", rec->f[lcol],
				    last < delivered ? "before the delivery" : "after today");
			x->status = CRM_ERROR;
			continue;
		}
		reminder_init(&r, "SVC-05");
		r.ref = get(rec, id);
		who_lookup(x, &r, get(rec, cid));
		r.event = last != CRM_NODATE ? last : delivered;
		if (calendar_deadline(x, rec, next_revisit(delivered, last), &r) < 0 || !r.kind)
			continue;
		crm_date_format(r.due, due);
		crm_date_format(delivered, dv);
		crm_date_format(r.event, lv);
		int first_year = r.due <= crm_date_add_months(delivered, 12);
		SAY(&r, "project %1$s delivered %2$s, last revisit %3$s: revisit due %4$s (%5$s)",
		    "项目%1$s于%2$s交付，上次回访%3$s，应于%4$s前回访（%5$s）",
		    *get(rec, name) ? get(rec, name) : get(rec, id), dv,
		    last != CRM_NODATE ? lv : opts.crm.zh ? "无" : "none", due,
		    opts.crm.zh ? (first_year ? "交付第一年每月" : "此后每季度") :
		    (first_year ? "monthly in the first year" : "quarterly after the first year"));
		provisional_note(x, &r);
		emit(x, &r);
	}
	return CRM_OK;
}

struct gift_cols {
	int cid, date, channel;
};

/* SVC-03: the gift log, --log, checked whole (NULL without --log): a bad row stops the list. */
static struct crm_table *
gift_log(struct ctx *x, struct gift_cols *c)
{
	int st = CRM_OK;
	struct crm_table *log;

	if (!opts.log)
		return NULL;
	log = crm_table_load(opts.log, &opts.crm, &crm_type_log, &st);
	x->status = crm_worst(x->status, st);
	c->cid = crm_table_col(log, "customer_id");
	c->date = crm_table_col(log, "date");
	c->channel = crm_table_col(log, "channel");
	if (crm_table_len(log) && (c->cid < 0 || c->date < 0 || c->channel < 0)) {
		crm_warn("%s: the log needs the columns customer_id, date and channel", opts.log);
		x->status = CRM_ERROR;
	}
	for (size_t i = 0; x->status != CRM_ERROR && i < crm_table_len(log); i++) {
		const struct crm_rec *r = crm_table_rec(log, i);
		int32_t d;
		int k;
		if (crm_get_date(r, c->date, &d) == CRM_FIELD_BAD ||
		    crm_get_enum(r, c->channel, crm_channels, &k) == CRM_FIELD_BAD)
			x->status = CRM_ERROR;
	}
	return log;
}

/* SVC-03: whether the log has a gift to customer id this December (from 1 December to today). */
static int
gift_given(struct ctx *x, struct crm_table *log, const struct gift_cols *c, const char *id, int year)
{
	const struct crm_rec *const *hit;
	size_t n = 0;

	if (!log || !crm_table_len(log))
		return 0;
	hit = crm_table_find(log, c->cid, id, &n);
	for (size_t i = 0; i < n; i++) {
		int32_t d;
		int k;
		if (crm_get_date(hit[i], c->date, &d) == CRM_FIELD_OK &&
		    crm_get_enum(hit[i], c->channel, crm_channels, &k) == CRM_FIELD_OK &&
		    !strcmp(crm_channels[k].name, "gift") && d >= crm_date_from_ymd(year, 12, 1) &&
		    d <= x->today)
			return 1;
	}
	return 0;
}

/* SVC-03: every December, new-year gifts and the next-year needs survey, by owner. */
static int
cmd_gifts(struct ctx *x)
{
	int y, m, d, st = CRM_OK;
	struct gift_cols gc = { -1, -1, -1 };
	char due[CRM_DATE_LEN];
	struct who who;

	crm_date_ymd(x->today, &y, &m, &d);
	if (m != 12) {
		const struct crm_rec *rec;
		while (next_rec(x, &rec))	/* read all the same, so a broken file is reported */
			;
		return CRM_OK;
	}
	struct crm_table *given = gift_log(x, &gc);
	if (x->status == CRM_ERROR) {
		crm_table_free(given);
		return CRM_ERROR;	/* without the log every gift looks unsent */
	}
	who_cols(x->in, &who);
	int status = crm_input_col(x->in, "status"), reg = crm_input_col(x->in, "registered");
	struct crm_table *t = crm_table_read(x->in, &st);
	x->in = NULL;
	x->status = crm_worst(x->status, st);
	const struct crm_rec *const *by_owner = crm_table_sorted(t, who.owner >= 0 ? who.owner : who.id);
	for (size_t i = 0; i < crm_table_len(t); i++) {
		const struct crm_rec *rec = by_owner ? by_owner[i] : crm_table_rec(t, i);
		struct reminder r;
		int32_t registered;
		if (closed(rec, status) || gift_given(x, given, &gc, get(rec, who.id), y))
			continue;	/* closed, or the gift is on file */
		reminder_init(&r, "SVC-03");
		who_fill(&r, rec, &who);
		r.kind = "gift";
		r.due = crm_date_from_ymd(y, 12, 31);
		crm_date_format(r.due, due);
		/* CM-15: an expense for a customer not registered is not reimbursed. */
		if (reg >= 0 && (crm_get_date(rec, reg, &registered) != CRM_FIELD_OK || registered > x->today))
			SAY(&r, "new-year gift and survey of next year's needs, by %1$s; NOT REGISTERED: "
			    "register first, or CM-15 refuses the gift's expense",
			    "新年礼品及明年需求调查，%1$s前完成；该客户未备案：请先备案，否则礼品费用按 CM-15 不予报销", due);
		else
			SAY(&r, "new-year gift and survey of next year's needs, by %1$s",
			    "新年礼品及明年需求调查，%1$s前完成", due);
		emit(x, &r);
	}
	crm_table_free(t);
	crm_table_free(given);
	return CRM_OK;
}

/* Run one command over the operands: the calendar, --customers, the input, the writer. */
static int
run(int (*fn)(struct ctx *), const struct crm_type *type, int argc, char **argv)
{
	struct ctx x = { 0 };
	int st = CRM_OK;

	x.cal = crm_cal_open(&opts.crm);
	x.today = crm_today(&opts.crm);
	if (opts.customers)
		x.customers = crm_table_load(opts.customers, &opts.crm, &crm_type_customer, &st);
	x.status = st;
	x.in = crm_input_open(argv, argc, &opts.crm, type);
	x.w = crm_writer_new(stdout, &opts.crm);
	crm_writer_type(x.w, &crm_type_reminder);
	x.status = crm_worst(x.status, fn(&x));
	crm_writer_close(x.w);
	if (x.in) {
		x.status = crm_worst(x.status, crm_input_status(x.in));
		crm_input_free(x.in);
	}
	crm_table_free(x.customers);
	crm_cal_free(x.cal);
	if (x.status == CRM_OK && x.reminders)
		x.status = CRM_FINDINGS;
	return x.status;
}

static int run_register(int argc, char **argv) { return run(cmd_register, &crm_type_customer, argc, argv); }
static int run_changes(int argc, char **argv) { return run(cmd_changes, &crm_type_change, argc, argv); }
static int run_contacts(int argc, char **argv) { return run(cmd_contacts, &crm_type_customer, argc, argv); }
static int run_visits(int argc, char **argv) { return run(cmd_visits, &crm_type_customer, argc, argv); }
static int run_revisits(int argc, char **argv) { return run(cmd_revisits, &crm_type_project, argc, argv); }
static int run_gifts(int argc, char **argv) { return run(cmd_gifts, &crm_type_customer, argc, argv); }

static const struct crm_optdef optdefs[] = {
	{ "late", OPT_LATE, NULL, "register, changes: also those registered or reported after "
	  "the deadline" },
	{ "log", OPT_LOG, "FILE", "visits, gifts: the correspondence log (customer_id,date,"
	  "channel,...)" },
	{ "intervals", OPT_INTERVALS, "FILE", "visits: category,days settings (default key 30, "
	  "target 60, general 90, potential 180)" },
	{ "customers", OPT_CUSTOMERS, "FILE", "changes, revisits: customers, to name each "
	  "reminder's customer, owner and department" },
	{ NULL, 0, NULL, NULL }
};

static const int late_opts[] = { OPT_LATE, 0 };
static const int changes_opts[] = { OPT_LATE, OPT_CUSTOMERS, 0 };
static const int visits_opts[] = { OPT_LOG, OPT_INTERVALS, 0 };
static const int visits_needs[] = { OPT_LOG, 0 };
static const int customers_opts[] = { OPT_CUSTOMERS, 0 };
static const int log_opts[] = { OPT_LOG, 0 };

static const struct crm_cmd cmds[] = {
	{ "register", run_register, "[FILE...]", "customers not registered within 5 working days "
	  "of first contact, or with neither date (CM-05)", late_opts, NULL, 0, -1 },
	{ "changes", run_changes, "[FILE...]", "changes not reported within 5 working days of "
	  "changed_on or learned_on (CM-06)", changes_opts, NULL, 0, -1 },
	{ "contacts", run_contacts, "[FILE...]", "key or important customers with fewer than two "
	  "staff in contact (CM-10)", NULL, NULL, 0, -1 },
	{ "visits", run_visits, "[FILE...]", "customers not contacted within their category's "
	  "interval (CM-12)", visits_opts, visits_needs, 0, -1 },
	{ "revisits", run_revisits, "[FILE...]", "delivered projects due a return visit: monthly "
	  "in the first year, quarterly after (SVC-05)", customers_opts, NULL, 0, -1 },
	{ "gifts", run_gifts, "[FILE...]", "in December, active customers still without a gift "
	  "logged this December, unregistered ones flagged (SVC-03, CM-15)", log_opts, NULL, 0, -1 },
};

static int
set(int c, const char *arg)
{
	switch (c) {
	case OPT_LATE: opts.late = 1; break;
	case OPT_LOG: opts.log = arg; break;
	case OPT_INTERVALS: opts.intervals = arg; break;
	case OPT_CUSTOMERS: opts.customers = arg; break;
	default: return 0;
	}
	return 1;
}

static const struct crm_cli cli = {
	"crm-remind COMMAND [options] [FILE...]",
	"Due and overdue reminders; exit 1 when any is written.",
	optdefs, cmds, sizeof cmds / sizeof cmds[0], set
};

int
main(int argc, char *argv[])
{
	const struct crm_cmd *cmd;
	int first;

	crm_init();
	crm_opts_init(&opts.crm);
	cmd = crm_parse(&cli, &opts.crm, argc, argv, &first);
	return crm_finish(cmd->run(argc - first, argv + first));
}
