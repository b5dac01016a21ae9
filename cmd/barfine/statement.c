/*
 * barfine statement: one staff member's month — attendance (BAR-01…05),
 * incidents (BAR-06…11), bookings rewards (BAR-12) — as ledger rows with
 * their rule IDs, totals and status (BAR-13).  Plain functions over the
 * records read; no input, no output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barfine.h"
#include "field.h"
#include "money.h"

/* A note in English or Chinese (both formats take the same arguments), or none. */
#define NOTE(lang, en_fmt, zh_fmt, ...) ((lang) == NOTES_NONE ? NULL : \
	xasprintf((lang) == NOTES_ZH ? (zh_fmt) : (en_fmt), __VA_ARGS__))

static char *
text(enum notes lang, const char *en, const char *zh)
{
	return lang == NOTES_NONE ? NULL : xstrdup(lang == NOTES_ZH ? zh : en);
}

/* Rows of a day come in this order. */
enum { ORD_ATTENDANCE, ORD_INCIDENT, ORD_BOOKINGS, ORD_STATUS };

/* A late arrival or early leave, before BAR-03 groups them. */
struct mark {
	int32_t date;
	int early;
	size_t seq;
	const char *rule;
	char *why;
};

struct marks {
	struct mark *m;
	size_t n, cap;
};

static void
add_kind(struct statement *st, int32_t date, int order, enum code c, const char *rule,
	 enum kind kind, int64_t amount, char *note)
{
	crm_grow(&st->e, &st->cap, st->n + 1, sizeof *st->e);
	st->e[st->n] = (struct entry){ date, order, st->n, c, rule, kind, amount, note };
	st->n++;
}

static void
add(struct statement *st, int32_t date, int order, enum code c, const char *rule, int64_t amount,
    char *note)
{
	add_kind(st, date, order, c, rule, codes[c].kind, amount, note);
}

static void
mark(struct marks *mk, int32_t date, int early, const char *rule, char *why)
{
	crm_grow(&mk->m, &mk->cap, mk->n + 1, sizeof *mk->m);
	mk->m[mk->n] = (struct mark){ date, early, mk->n, rule, why };
	mk->n++;
}

static int
cmp_mark(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->early != y->early)
		return x->early - y->early;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->order != y->order)
		return x->order - y->order;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* BAR-01, BAR-02: in after in_by is late, out before out_from an early leave (minutes count). */
static void
attendance(struct marks *mk, const struct rules *r, int32_t date, const struct day *d,
	   enum notes lang)
{
	char t[16], limit[16];

	if (d->in == NONE) {
		mark(mk, date, 0, "BAR-02", text(lang, "no in punch", "无上班打卡"));
	} else if (d->in / 60 > rules_place(r, r->in_by) / 60) {
		if (lang != NOTES_NONE) {
			clock_format(d->in, t);
			clock_format(r->in_by, limit);
		}
		mark(mk, date, 0, "BAR-02", NOTE(lang, "in %s, after %s", "上班打卡%s，晚于%s", t, limit));
	}
	if (d->out == NONE) {
		mark(mk, date, 1, "BAR-02", text(lang, "no out punch", "无下班打卡"));
	} else if (d->out / 60 < rules_place(r, r->out_from) / 60) {
		if (lang != NOTES_NONE) {
			clock_format(d->out, t);
			clock_format(r->out_from, limit);
		}
		mark(mk, date, 1, "BAR-02", NOTE(lang, "out %s, before %s", "下班打卡%s，早于%s", t, limit));
	}
}

/*
 * BAR-04: a day of leave.  Rest days are free up to free_rest_days a
 * month; a further rest day approved and asked at least a day ahead is
 * charged as personal leave, otherwise it is an absence.  Personal leave
 * costs its amount when asked at least a day ahead, else it is an absence;
 * a special case is excused.
 */
static void
leave_day(struct statement *st, const struct rules *r, const struct leave *lv, long *rests,
	  enum notes lang)
{
	int asked = *lv->approver && lv->requested != NONE && lv->requested < lv->date;
	int64_t absence = r->amount[C_ABSENCE].min, personal = r->amount[C_PERSONAL_LEAVE].min;
	char ask[CRM_DATE_LEN];
	long n;

	if (lv->requested != NONE)
		crm_date_format(lv->requested, ask);
	else
		snprintf(ask, sizeof ask, "%s", lang == NOTES_ZH ? "未申请" : "never");
	switch (lv->kind) {
	case L_SPECIAL:
		if (!*lv->approver) {
			add(st, lv->date, ORD_ATTENDANCE, C_ABSENCE, "BAR-04", absence,
			    text(lang, "special leave not approved: counts as absence",
				 "特殊情况假未经批准，按旷工处理"));
			return;
		}
		add(st, lv->date, ORD_ATTENDANCE, C_SPECIAL_LEAVE, "BAR-04", 0,
		    NOTE(lang, "special case, approved by %s", "特殊情况，%s批准", lv->approver));
		return;
	case L_PERSONAL:
		if (asked) {
			add(st, lv->date, ORD_ATTENDANCE, C_PERSONAL_LEAVE, "BAR-04", personal,
			    NOTE(lang, "asked %s, approved by %s", "%s申请，%s批准", ask, lv->approver));
			st->personal_leave_days++;
		} else if (!*lv->approver) {
			add(st, lv->date, ORD_ATTENDANCE, C_ABSENCE, "BAR-04", absence,
			    NOTE(lang, "personal leave asked %s, not approved: counts as absence",
				 "事假于%s申请，未经批准，按旷工处理", ask));
		} else {
			add(st, lv->date, ORD_ATTENDANCE, C_ABSENCE, "BAR-04", absence,
			    NOTE(lang, "personal leave asked %s, not a day ahead: counts as absence",
				 "事假于%s申请，未提前一天，按旷工处理", ask));
		}
		return;
	case L_REST:
		/* A refused rest day (rest_notice) does not use up a free one. */
		n = *rests + 1;
		if (n <= r->free_rest_days && !asked && r->rest_notice) {
			add(st, lv->date, ORD_ATTENDANCE, C_ABSENCE, "BAR-04", absence,
			    NOTE(lang, "rest day asked %s, not approved a day ahead: counts as absence",
				 "公休于%s申请，未提前一天经批准，按旷工处理", ask));
			return;
		}
		++*rests;
		if (n <= r->free_rest_days) {
			add(st, lv->date, ORD_ATTENDANCE, C_REST, "BAR-04", 0,
			    NOTE(lang, "rest day %ld of the %ld free this month", "本月公休第%ld天（每月%ld天）",
				 n, r->free_rest_days));
		} else if (asked) {
			add(st, lv->date, ORD_ATTENDANCE, C_PERSONAL_LEAVE, "BAR-04", personal,
			    NOTE(lang, "rest day %ld, beyond the %ld free: charged as personal leave (approved by %s)",
				 "本月第%ld天公休，超过每月%ld天，按事假计（%s批准）", n, r->free_rest_days,
				 lv->approver));
			st->personal_leave_days++;
		} else {
			add(st, lv->date, ORD_ATTENDANCE, C_ABSENCE, "BAR-04", absence,
			    NOTE(lang, "rest day %ld, beyond the %ld free, not approved a day ahead: counts as absence",
				 "本月第%ld天公休，超过每月%ld天且未提前一天经批准，按旷工处理",
				 n, r->free_rest_days));
		}
		return;
	}
}

/* BAR-12: a shift's bookings reward, or -1 when there are not more than bookings_more_than. */
static int64_t
bookings_reward(const struct rules *r, uint32_t n, int64_t booked)
{
	int64_t reward = r->amount[C_BOOKINGS].min;

	if (n <= (uint32_t)r->bookings_more_than)
		return -1;
	for (size_t i = 0; i < r->ntiers; i++)
		if (booked >= r->tiers[i].booked)
			reward = r->tiers[i].reward;
	return reward;
}

/* The note of an incident: how its amount was found, then the incident's own note. */
static char *
incident_note(const struct rules *r, const struct incident *in, enum notes lang)
{
	const struct range *rg = &r->amount[in->code];
	char *how = NULL, *note, v[CRM_MONEY_LEN], *rt;

	if (lang == NOTES_NONE)
		return NULL;
	if (in->value >= 0)
		crm_money_format(in->value, v);
	switch (in->code) {
	case C_FIGHT:
		how = text(lang, "dismissed without pay", "无薪劝退");
		break;
	case C_VICE:
		how = text(lang, "dismissed", "开除");
		break;
	case C_ROMANCE:
		how = text(lang, "flagged: one of the two is let go, for the director to decide", "公司将劝退一方，待总监决定");
		break;
	case C_LEAK:
		how = text(lang, "dismissed, all wages and the deposit withheld", "开除，不退还所有工资及押金");
		break;
	case C_INSUBORDINATION:
		how = text(lang, "serious insubordination: dismissed", "情节严重，直接开除");
		break;
	case C_LATE_RETURN:
	case C_UNAUTHORIZED_LEAVE:
		if (in->sev == SEV_LONG)
			how = text(lang, "away more than an hour: counts as absence", "外出一小时以上，按旷工处理");
		else if (in->code == C_LATE_RETURN)
			how = text(lang, "returned after the permitted time: counts as a late", "超时未归，按迟到处理");
		break;
	case C_TIP:
		if (in->value >= 0) {
			char lo[CRM_MONEY_LEN];
			crm_money_format(rg->min, lo);
			how = NOTE(lang, "max(%1$s, %2$ld × tip %3$s)", "取%1$s与小费%3$s的%2$ld倍之较高者",
				   lo, r->tip_times, v);
		}
		break;
	case C_DAMAGE:
		how = NOTE(lang, "%1$ld × value %2$s", "价值%2$s的%1$ld倍", r->damage_times, v);
		break;
	default:
		if (in->sev == SEV_COMPLAINT) {
			how = text(lang, "led to a customer complaint", "导致客人投诉");
		} else if (rg->min != rg->max) {
			const char *as = in->code == C_POACHING || in->code == C_REPEAT_GIFT ?
					 (lang == NOTES_ZH ? "按不服从安排，" : "as disobeying, ") : "";
			rt = range_text(rg->min, rg->max);
			if (in->sev == SEV_LOW)
				how = NOTE(lang, "%slow end of %s", "%s%s取低", as, rt);
			else if (in->sev == SEV_HIGH)
				how = NOTE(lang, "%shigh end of %s", "%s%s取高", as, rt);
			else
				how = NOTE(lang, "%swithin %s", "%s在%s之内", as, rt);
			free(rt);
		}
		break;
	}
	if (!how)
		return xstrdup(in->note);
	if (!*in->note)
		return how;
	note = xasprintf("%s%s%s", how, lang == NOTES_ZH ? "；" : "; ", in->note);
	free(how);
	return note;
}

/* BAR-06: away more than an hour: the 100 for leaving without permission (away_both) and an absence. */
static void
away(struct statement *st, const struct rules *r, int32_t date, int order, int unauthorized,
     char *note, enum notes lang)
{
	if (unauthorized && r->away_both)
		add(st, date, order, C_UNAUTHORIZED_LEAVE, "BAR-06", r->amount[C_UNAUTHORIZED_LEAVE].min,
		    text(lang, "left the premises without permission", "未经允许私自外出"));
	add(st, date, order, C_ABSENCE, "BAR-06", r->amount[C_ABSENCE].min, note);
}

/* BAR-14: a quarrel's warning, or the dismissal when it is the quarrels_to_dismiss-th. */
static void
quarrel(struct statement *st, const struct rules *r, const struct incident *in, long *quarrels,
	enum notes lang)
{
	long n = ++*quarrels, k = r->quarrels_to_dismiss;

	if (!k)
		return;
	if (n < k) {
		add_kind(st, in->date, ORD_INCIDENT, C_QUARREL, "BAR-14", K_WARNING, 0,
			 NOTE(lang, "quarrel %ld: a warning; quarrel %ld means dismissal",
			      "第%ld次吵架：警告；第%ld次开除", n, k));
	} else if (n == k || st->status != ST_DISMISSED) {
		add_kind(st, in->date, ORD_INCIDENT, C_QUARREL, "BAR-14", K_STATUS, -1,
			 NOTE(lang, "quarrel %ld of the employment: dismissed", "任职期间第%ld次吵架：开除", n));
		st->status = ST_DISMISSED;
	}
}

/*
 * BAR-06…16: the rows of one incident; lates it causes go to mk (BAR-03
 * groups them).  quarrels counts BAR-14's quarrels so far.
 */
static void
incident(struct statement *st, struct marks *mk, const struct rules *r, const struct incident *in,
	 long *quarrels, enum notes lang)
{
	char *note = incident_note(r, in, lang);

	if (in->sev == SEV_LONG) {	/* BAR-06: away more than an hour */
		away(st, r, in->date, ORD_INCIDENT, in->code == C_UNAUTHORIZED_LEAVE, note, lang);
		return;
	}
	switch (in->code) {
	case C_LATE_RETURN:
		mark(mk, in->date, 0, "BAR-06", note);
		return;
	case C_FIGHT:
	case C_VICE:
	case C_LEAK:
	case C_INSUBORDINATION:
		st->status = ST_DISMISSED;
		/* fall through */
	case C_ROMANCE:
		add(st, in->date, ORD_INCIDENT, in->code, codes[in->code].rule, -1, note);
		return;
	case C_QUARREL:
		add(st, in->date, ORD_INCIDENT, in->code, codes[in->code].rule, in->amount, note);
		quarrel(st, r, in, quarrels, lang);
		return;
	default:
		add(st, in->date, ORD_INCIDENT, in->code, codes[in->code].rule, in->amount, note);
		return;
	}
}

/* "2026-11-03, 2026-11-05, 2026-11-09": the dates of n marks. */
static char *
mark_dates(const struct mark *m, size_t n)
{
	char *s = xmalloc(n * (CRM_DATE_LEN + 1) + 1), *p = s;

	for (size_t i = 0; i < n; i++) {
		if (i) {
			*p++ = ',';
			*p++ = ' ';
		}
		crm_date_format(m[i].date, p);
		p += CRM_DATE_LEN - 1;
	}
	*p = '\0';
	return s;
}

/*
 * BAR-02, BAR-03: each complete group of lates_per_absence lates and early
 * leaves (in date order) becomes one absence, and its members are not
 * fined; the rest are fined one by one.
 */
static void
lates(struct statement *st, struct marks *mk, const struct rules *r, enum notes lang)
{
	size_t k = (size_t)r->lates_per_absence, grouped, i, n = 0;
	char day[CRM_DATE_LEN];

	if (mk->n)
		qsort(mk->m, mk->n, sizeof *mk->m, cmp_mark);
	if (!r->early_counts) {	/* early leaves are fined apart, after the lates */
		for (i = 0; i < mk->n; i++)
			mk->m[i].seq = (size_t)mk->m[i].early;
		for (i = 0; i < mk->n; i++)
			n += !mk->m[i].early;
		struct mark *sorted = xreallocarray(NULL, mk->n ? mk->n : 1, sizeof *sorted);
		size_t a = 0, b = n;
		for (i = 0; i < mk->n; i++)
			sorted[mk->m[i].early ? b++ : a++] = mk->m[i];
		free(mk->m);
		mk->m = sorted;
	} else {
		n = mk->n;
	}
	grouped = k ? n / k * k : 0;
	for (i = 0; i < mk->n; i++) {
		struct mark *m = &mk->m[i];
		enum code c = m->early ? C_EARLY_LEAVE : C_LATE;
		if (m->early)
			st->early_leaves++;
		else
			st->lates++;
		if (i >= grouped) {
			add(st, m->date, ORD_ATTENDANCE, c, m->rule, r->amount[c].min, m->why);
			continue;
		}
		const struct mark *last = &mk->m[i - i % k + k - 1];
		crm_date_format(last->date, day);
		add(st, m->date, ORD_ATTENDANCE, c, "BAR-03", 0,
		    NOTE(lang, "%s; counted in the absence of %s", "%s；计入%s旷工", m->why, day));
		free(m->why);
		if (i % k == k - 1) {
			char *dates = lang == NOTES_NONE ? NULL : mark_dates(m - (k - 1), k);
			add(st, m->date, ORD_ATTENDANCE, C_ABSENCE, "BAR-03", r->amount[C_ABSENCE].min,
			    NOTE(lang, r->early_counts ? "%zu lates and early leaves (%s) count as one absence" :
				 "%zu lates (%s) count as one absence",
				 r->early_counts ? "迟到早退%zu次（%s）算旷工一天" : "迟到%zu次（%s）算旷工一天",
				 k, dates));
			free(dates);
		}
	}
	free(mk->m);
}

/* BAR-05: the absences_to_resign-th absence of a month: deemed to have resigned; its date or NONE. */
static int32_t
resigned(struct statement *st, const struct rules *r, enum notes lang)
{
	const struct entry **abs;
	size_t i, n = 0;

	if (!r->absences_to_resign || st->absences < r->absences_to_resign)
		return NONE;
	abs = xreallocarray(NULL, st->n, sizeof *abs);
	for (i = 0; i < st->n; i++)
		if (st->e[i].code == C_ABSENCE)
			abs[n++] = &st->e[i];
	for (i = 1; i < n; i++)		/* insertion sort by date, then as added */
		for (size_t j = i; j > 0 && cmp_entry(abs[j - 1], abs[j]) > 0; j--) {
			const struct entry *t = abs[j];
			abs[j] = abs[j - 1];
			abs[j - 1] = t;
		}
	int32_t date = abs[r->absences_to_resign - 1]->date;
	free(abs);
	add(st, date, ORD_STATUS, C_DEEMED_RESIGNED, "BAR-05", -1,
	    NOTE(lang, "%ld absences this month: deemed to have resigned, wages and deposit forfeited",
		 "当月旷工%ld次，视为自动离职，不退还工资及押金", r->absences_to_resign));
	if (st->status == ST_ACTIVE)
		st->status = ST_DEEMED_RESIGNED;
	return date;
}

static int
cmp_clock(const void *a, const void *b)
{
	const int32_t *x = a, *y = b;	/* time × 2 + (1 for an in): an out first on a tie */

	return (*x > *y) - (*x < *y);
}

/*
 * BAR-06: a shift punched out and in again (a clock log): each time away
 * for more than an hour, between an out and the next in.
 */
static void
time_away(struct statement *st, const struct rules *r, const struct staff *s, int32_t date,
	  enum notes lang)
{
	size_t i, n = 0;
	int32_t *ev = NULL;
	size_t cap = 0;

	for (i = 0; i < s->nextra; i++) {
		const struct pair *p = &s->extra[i];
		if (p->date != date)
			continue;
		crm_grow(&ev, &cap, n + 2, sizeof *ev);
		if (p->in != NONE)
			ev[n++] = p->in * 2 + 1;
		if (p->out != NONE)
			ev[n++] = p->out * 2;
	}
	qsort(ev, n, sizeof *ev, cmp_clock);
	for (i = 1; i < n; i++) {
		int32_t out = ev[i - 1] / 2, back = ev[i] / 2;
		if ((ev[i - 1] & 1) || !(ev[i] & 1) || back - out <= 3600)
			continue;
		char t1[16], t2[16];
		if (lang != NOTES_NONE) {
			clock_format(out, t1);
			clock_format(back, t2);
		}
		away(st, r, date, ORD_ATTENDANCE, 1,
		     NOTE(lang, "out %s, back %s: away %d min, more than an hour: counts as absence",
			  "%s外出，%s返回，离开%d分钟，超过一小时，按旷工处理", t1, t2, (back - out) / 60),
		     lang);
	}
	free(ev);
}

/* Incidents of s in month, by date (input order among equals). */
static const struct incident **
month_incidents(const struct staff *s, int month, size_t *n)
{
	const struct incident **v = NULL;
	size_t cap = 0, i, j;

	*n = 0;
	for (i = 0; i < s->ninc; i++)
		if (s->inc[i].month == month) {
			crm_grow(&v, &cap, *n + 1, sizeof *v);
			for (j = *n; j > 0 && v[j - 1]->date > s->inc[i].date; j--)
				v[j] = v[j - 1];
			v[j] = &s->inc[i];
			++*n;
		}
	return v;
}

/*
 * One pass over the month: days from..to (the employment) are charged;
 * punches on the others are counted in after.  A day without punch or
 * leave is an absence from afrom to until (the end of the period, or a
 * dismissal or deemed resignation).
 */
static void
month_pass(struct statement *st, const struct rules *r, const struct staff *s, int month,
	   int32_t from, int32_t to, int32_t afrom, int32_t until, long quarrels,
	   const struct incident **inc, size_t ninc, enum notes lang)
{
	const struct month *mo = staff_month(s, month);
	int32_t first = month_first(month);
	int ndays = month_days(month), i;
	struct marks mk = { 0 };
	long rests = 0;
	size_t k;

	for (i = 0; i < ndays; i++) {
		int32_t date = first + i;
		const struct day *d = mo ? &mo->day[i] : NULL;
		if (date < from || date > to) {
			if (d && d->line && !st->after++)
				st->after_first = date;
			continue;
		}
		if (d && d->line) {
			attendance(&mk, r, date, d, lang);
			if (d->pairs > 1)
				time_away(st, r, s, date, lang);
		} else if (d && d->leave) {
			leave_day(st, r, &s->leaves[d->leave - 1], &rests, lang);
		} else if (date >= afrom && date <= until) {	/* BAR-05 */
			add(st, date, ORD_ATTENDANCE, C_ABSENCE, "BAR-05", r->amount[C_ABSENCE].min,
			    text(lang, "no punch and no leave", "无打卡且未请假"));
		}
		int64_t reward = d ? bookings_reward(r, d->bookings, d->booked) : -1;
		if (reward >= 0) {
			char total[CRM_MONEY_LEN];
			if (lang != NOTES_NONE)
				crm_money_format(d->booked, total);
			add(st, date, ORD_BOOKINGS, C_BOOKINGS, "BAR-12", reward,
			    NOTE(lang, "%u bookings in the shift (more than %ld), total %s",
				 "当日订台%u张（超过%ld张），消费合计%s", d->bookings,
				 r->bookings_more_than, total));
		}
	}
	for (k = 0; k < ninc; k++) {
		const struct incident *in = inc[k];
		/* Time away and late returns are attendance: not charged outside the employment. */
		if ((in->sev == SEV_LONG || in->code == C_LATE_RETURN) &&
		    (in->date < from || in->date > to))
			continue;
		incident(st, &mk, r, in, &quarrels, lang);
	}
	st->quarrels = quarrels;
	lates(st, &mk, r, lang);
	for (k = 0; k < st->n; k++)
		st->absences += st->e[k].code == C_ABSENCE;
}

/* The first dismissal of the month (BAR-11, 14, 15, 16), or NONE. */
static int32_t
dismissal(const struct rules *r, const struct incident **inc, size_t ninc, long quarrels,
	  enum code *code)
{
	for (size_t k = 0; k < ninc; k++) {
		enum code c = inc[k]->code;
		if (c == C_QUARREL && r->quarrels_to_dismiss && ++quarrels >= r->quarrels_to_dismiss) {
			*code = c;
			return inc[k]->date;
		}
		if (c == C_FIGHT || c == C_VICE || c == C_LEAK || c == C_INSUBORDINATION) {
			*code = c;
			return inc[k]->date;
		}
	}
	return NONE;
}

void
statement_make(struct statement *st, const struct rules *r, const struct staff *s, int month,
	       int32_t from, int32_t to, int32_t afrom, int32_t ato, long quarrels, enum notes lang)
{
	size_t ninc, k;
	const struct incident **inc = month_incidents(s, month, &ninc);
	enum code dcode = C_FIGHT;
	int32_t dis = dismissal(r, inc, ninc, quarrels, &dcode), until = ato, res;

	/* No absence is charged after a dismissal (BAR-11, 14–16) or a deemed resignation (BAR-05). */
	if (dis != NONE && dis < until)
		until = dis;
	for (int pass = 0;; pass++) {
		memset(st, 0, sizeof *st);
		st->staff = s->id;
		st->month = month;
		st->gone = NONE;
		month_pass(st, r, s, month, from, to, afrom, until, quarrels, inc, ninc, lang);
		res = resigned(st, r, lang);
		if (pass || res == NONE || res >= until)
			break;
		until = res;
		statement_release(st);
	}
	free(inc);
	if (dis != NONE && (res == NONE || dis <= res)) {
		st->gone = dis;
		st->gone_code = dcode;
	} else if (res != NONE) {
		st->gone = res;
		st->gone_code = C_DEEMED_RESIGNED;
	}
	if (st->gone != NONE)
		st->gone_rule = st->gone_code == C_QUARREL ? "BAR-14" : codes[st->gone_code].rule;
	if (st->n)
		qsort(st->e, st->n, sizeof *st->e, cmp_entry);
	for (k = 0; k < st->n; k++) {
		const struct entry *e = &st->e[k];
		int bad = 0;
		if (e->kind == K_FINE)
			bad = crm_money_add(st->fines, e->amount, &st->fines);
		else if (e->kind == K_REWARD)
			bad = crm_money_add(st->rewards, e->amount, &st->rewards);
		if (bad < 0)
			crm_die("the totals of '%s' overflow", s->id);
		st->findings |= e->kind == K_STATUS || (e->kind == K_FINE && e->amount > 0);
	}
}

/* What the manager left with, for a later month's note. */
static char *
gone_text(const struct gone *g, enum notes lang)
{
	char day[CRM_DATE_LEN];

	crm_date_format(g->date, day);
	switch (g->code) {
	case C_LEFT:
		return NOTE(lang, "left on %s", "%s离职", day);
	case C_DEEMED_RESIGNED:
		return NOTE(lang, "deemed to have resigned on %s (%s)", "%s视为自动离职（%s）", day, g->rule);
	default:
		return NOTE(lang, "dismissed on %s (%s, %s)", "%s开除（%s，%s）", day, g->rule,
			    lang == NOTES_ZH ? code_names[g->code].zh : code_names[g->code].name);
	}
}

void
statement_left(struct statement *st, const struct staff *s, int month, const struct gone *g,
	       enum notes lang)
{
	const struct month *mo = staff_month(s, month);
	char day[CRM_DATE_LEN];
	char *what = gone_text(g, lang == NOTES_NONE ? NOTES_EN : lang), *note;

	memset(st, 0, sizeof *st);
	st->staff = s->id;
	st->month = month;
	st->status = ST_LEFT;
	st->gone = NONE;
	for (int i = 0; mo && i < mo->ndays; i++)
		if (mo->day[i].line && !st->after++)
			st->after_first = mo->first + i;
	if (st->after) {
		crm_date_format(st->after_first, day);
		note = lang == NOTES_ZH ?
		       xasprintf("%s，不再计罚；仍在打卡：%ld个班次，自%s起", what, st->after, day) :
		       xasprintf("%s: no charges; still punching: %ld shift%s from %s", what, st->after,
				 st->after > 1 ? "s" : "", day);
	} else {
		note = xasprintf(lang == NOTES_ZH ? "%s，不再计罚" : "%s: no charges", what);
	}
	free(what);
	add(st, month_first(month), ORD_STATUS, C_LEFT, g->rule, -1, lang == NOTES_NONE ? NULL : xstrdup(note));
	st->note = note;
	st->findings = st->after > 0;	/* a dismissed manager still punching */
}

void
statement_release(struct statement *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->e[i].note);
	free(st->e);
	free(st->note);
	memset(st, 0, sizeof *st);
}
