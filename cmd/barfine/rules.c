/*
 * barfine rules: the codes of the ledger, the policy's numbers built in
 * (篇二 三.1–17, DESIGN.md "barfine codes"), and the rules file that
 * overrides them for another venue.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "barfine.h"
#include "field.h"
#include "money.h"
#include "table.h"

const struct code_info codes[NCODES] = {
	[C_LATE] = { "BAR-02", K_FINE, "in after in_by, or no in punch" },
	[C_EARLY_LEAVE] = { "BAR-02", K_FINE, "out before out_from, or no out punch" },
	[C_ABSENCE] = { "BAR-05", K_FINE, "no punch and no leave; leave not asked a day ahead" },
	[C_PERSONAL_LEAVE] = { "BAR-04", K_FINE, "approved and asked at least a day ahead" },
	[C_REST] = { "BAR-04", K_LEAVE, "free_rest_days a month" },
	[C_SPECIAL_LEAVE] = { "BAR-04", K_LEAVE, "special case: excused" },
	[C_DEEMED_RESIGNED] = { "BAR-05", K_STATUS, "absences_to_resign absences in a month" },
	[C_BOOKINGS] = { "BAR-12", K_REWARD, "more than bookings_more_than bookings in a shift" },
	[C_APPEARANCE] = { "BAR-07", K_FINE, "fixed" },
	[C_UNAUTHORIZED_LEAVE] = { "BAR-06", K_FINE, "severity long (away over an hour): an absence instead" },
	[C_LATE_RETURN] = { "BAR-06", K_FINE, "counts as a late; severity long: an absence" },
	[C_TASK_UNDONE] = { "BAR-08", K_FINE, "severity low/high or an amount in the range" },
	[C_IMPOLITE] = { "BAR-08", K_FINE, "severity low/high, complaint, or an amount in the range" },
	[C_DISOBEY] = { "BAR-08", K_FINE, "severity low/high or an amount in the range" },
	[C_CUSTOMER_LOST] = { "BAR-08", K_FINE, "severity low/high or an amount in the range" },
	[C_SERVICE_UNMET] = { "BAR-09", K_FINE, "fixed" },
	[C_QUARREL] = { "BAR-09", K_FINE, "fixed; BAR-14: the first a warning, the second dismissal" },
	[C_TIP] = { "BAR-09", K_FINE, "max(minimum, tip_times x value), or more" },
	[C_DAMAGE] = { "BAR-10", K_FINE, "damage_times x value, or more" },
	[C_FIGHT] = { "BAR-11", K_STATUS, "dismissed without pay" },
	[C_VICE] = { "BAR-11", K_STATUS, "dismissed" },
	[C_ROMANCE] = { "BAR-11", K_STATUS, "flagged: one party is let go" },
	[C_FOUND_PROPERTY] = { "BAR-12", K_REWARD, "severity low/high or an amount in the range" },
	[C_PRAISE] = { "BAR-12", K_REWARD, "severity low/high or an amount in the range" },
	[C_SUGGESTION] = { "BAR-12", K_REWARD, "severity low/high or an amount in the range" },
	[C_CONTRIBUTION] = { "BAR-12", K_REWARD, "severity low/high or an amount in the range" },
	[C_WHISTLEBLOW] = { "BAR-12", K_REWARD, "severity low/high or an amount in the range" },
	[C_POACHING] = { "BAR-16", K_FINE, "as disobeying: the maximum, or severity low/high or an amount in the range" },
	[C_REPEAT_GIFT] = { "BAR-16", K_FINE, "as disobeying: the maximum, or severity low/high or an amount in the range" },
	[C_LEAK] = { "BAR-15", K_STATUS, "dismissed, wages and deposit withheld" },
	[C_INSUBORDINATION] = { "BAR-16", K_STATUS, "dismissed" },
	[C_LEFT] = { "BAR-13", K_STATUS, "a month after dismissal, deemed resignation or left_on: no charges" },
	[C_INCOMPLETE] = { "BAR-13", K_STATUS, "a bad record: the statement is withheld" },
};

const struct crm_alias code_names[NCODES + 1] = {
	[C_LATE] = { "late", "迟到" },
	[C_EARLY_LEAVE] = { "early-leave", "早退" },
	[C_ABSENCE] = { "absence", "旷工" },
	[C_PERSONAL_LEAVE] = { "personal-leave", "事假" },
	[C_REST] = { "rest", "公休" },
	[C_SPECIAL_LEAVE] = { "special-leave", "特殊情况假" },
	[C_DEEMED_RESIGNED] = { "deemed_resigned", "视为自动离职" },
	[C_BOOKINGS] = { "bookings", "订台奖励" },
	[C_APPEARANCE] = { "appearance", "仪容仪表" },
	[C_UNAUTHORIZED_LEAVE] = { "unauthorized-leave", "私自外出" },
	[C_LATE_RETURN] = { "late-return", "超时未归" },
	[C_TASK_UNDONE] = { "task-undone", "未完成任务" },
	[C_IMPOLITE] = { "impolite", "不礼貌" },
	[C_DISOBEY] = { "disobey", "不服从安排" },
	[C_CUSTOMER_LOST] = { "customer-lost", "客户流失" },
	[C_SERVICE_UNMET] = { "service-unmet", "未满足服务需求" },
	[C_QUARREL] = { "quarrel", "吵架" },
	[C_TIP] = { "tip", "索要小费" },
	[C_DAMAGE] = { "damage", "损坏财物" },
	[C_FIGHT] = { "fight", "打架" },
	[C_VICE] = { "vice", "黄赌毒" },
	[C_ROMANCE] = { "romance", "同事恋爱" },
	[C_FOUND_PROPERTY] = { "found-property", "拾金不昧" },
	[C_PRAISE] = { "praise", "客人表扬" },
	[C_SUGGESTION] = { "suggestion", "合理化建议" },
	[C_CONTRIBUTION] = { "contribution", "重大贡献" },
	[C_WHISTLEBLOW] = { "whistleblow", "检举揭发" },
	[C_POACHING] = { "poaching", "恶意抢客" },
	[C_REPEAT_GIFT] = { "repeat-gift", "重复赠送" },
	[C_LEAK] = { "leak", "泄密" },
	[C_INSUBORDINATION] = { "insubordination", "严重顶撞" },
	[C_LEFT] = { "left", "已离职" },
	[C_INCOMPLETE] = { "incomplete", "记录有误" },
	[NCODES] = { NULL, NULL }
};

const struct crm_alias kind_names[] = {
	[K_FINE] = { "fine", "罚款" }, [K_REWARD] = { "reward", "奖励" },
	[K_STATUS] = { "status", "处理" }, [K_LEAVE] = { "leave", "休假" },
	[K_WARNING] = { "warning", "警告" }, { NULL, NULL }
};
const struct crm_alias status_names[] = {
	[ST_ACTIVE] = { "active", "在职" }, [ST_DEEMED_RESIGNED] = { "deemed_resigned", "视为自动离职" },
	[ST_DISMISSED] = { "dismissed", "开除" }, [ST_LEFT] = { "left", "已离职" },
	[ST_INCOMPLETE] = { "incomplete", "记录有误" }, { NULL, NULL }
};
const struct crm_alias severity_names[] = {
	[SEV_LOW] = { "low", "轻" }, [SEV_HIGH] = { "high", "重" },
	[SEV_COMPLAINT] = { "complaint", "投诉" }, [SEV_LONG] = { "long", "超一小时" }, { NULL, NULL }
};
const struct crm_alias leave_names[] = {
	[L_REST] = { "rest", "公休" }, [L_PERSONAL] = { "personal", "事假" },
	[L_SPECIAL] = { "special", "特殊" }, { NULL, NULL }
};

#define YUAN(y) ((int64_t)(y) * 100)
#define HM(h, m) ((h) * 3600 + (m) * 60)

/* The policy's numbers (篇二 一.1, 二.2, 三.1–17); see barfine(1). */
void
rules_init(struct rules *r)
{
	static const struct { enum code c; int min, max; } amounts[] = {
		{ C_LATE, 30, 30 }, { C_EARLY_LEAVE, 30, 30 },		/* BAR-02 */
		{ C_ABSENCE, 300, 300 },				/* BAR-05 */
		{ C_PERSONAL_LEAVE, 200, 200 },				/* BAR-04 */
		{ C_BOOKINGS, 50, 200 },				/* BAR-12 */
		{ C_APPEARANCE, 50, 50 },				/* BAR-07 */
		{ C_UNAUTHORIZED_LEAVE, 100, 100 },			/* BAR-06 */
		{ C_TASK_UNDONE, 50, 200 }, { C_IMPOLITE, 50, 200 },	/* BAR-08 */
		{ C_DISOBEY, 50, 200 }, { C_CUSTOMER_LOST, 100, 300 },
		{ C_SERVICE_UNMET, 100, 100 }, { C_QUARREL, 100, 100 },	/* BAR-09 */
		{ C_TIP, 200, -1 },
		{ C_DAMAGE, 0, -1 },					/* BAR-10 */
		{ C_FOUND_PROPERTY, 50, 500 }, { C_PRAISE, 100, 500 },	/* BAR-12 */
		{ C_SUGGESTION, 50, 200 }, { C_CONTRIBUTION, 200, 500 },
		{ C_WHISTLEBLOW, 100, 500 },
		{ C_POACHING, 50, 200 }, { C_REPEAT_GIFT, 50, 200 },	/* BAR-16 */
	};

	memset(r, 0, sizeof *r);
	r->in_by = HM(19, 30);		/* BAR-01 */
	r->out_from = HM(1, 0);
	r->day_end = HM(6, 0);
	r->lates_per_absence = 3;	/* BAR-03 */
	r->absences_to_resign = 3;	/* BAR-05 */
	r->free_rest_days = 2;		/* BAR-04 */
	r->bookings_more_than = 5;	/* BAR-12 */
	r->tip_times = 2;		/* BAR-09 */
	r->damage_times = 2;		/* BAR-10 */
	r->complaint = YUAN(200);	/* BAR-08 */
	r->quarrels_to_dismiss = 2;	/* BAR-14 */
	r->away_both = 1;		/* BAR-06 */
	r->early_counts = 1;		/* BAR-03 */
	for (size_t i = 0; i < NELEM(amounts); i++) {
		r->amount[amounts[i].c].min = YUAN(amounts[i].min);
		r->amount[amounts[i].c].max = amounts[i].max < 0 ? -1 : YUAN(amounts[i].max);
	}
}

void
rules_release(struct rules *r)
{
	free(r->tiers);
	r->tiers = NULL;
	r->ntiers = r->tcap = 0;
}

/* BAR-01: a shift runs from day_end on its date to day_end the next day. */
int32_t
rules_place(const struct rules *r, int32_t tod)
{
	return tod < r->day_end ? tod + DAY : tod;
}

/* --- the rules file -------------------------------------------------------- */

enum set_type { SET_TIME, SET_COUNT, SET_BOOL, SET_MONEY, SET_TIER, SET_AWAY };

static const struct setting {
	const char *name, *zh;
	enum set_type type;
	size_t off;
	long min, max;		/* SET_COUNT */
} settings[] = {
	{ "in_by", "上班打卡", SET_TIME, offsetof(struct rules, in_by), 0, 0 },
	{ "out_from", "下班打卡", SET_TIME, offsetof(struct rules, out_from), 0, 0 },
	{ "day_end", "换日时间", SET_TIME, offsetof(struct rules, day_end), 0, 0 },
	{ "lates_per_absence", "迟到折旷工", SET_COUNT, offsetof(struct rules, lates_per_absence), 0, 31 },
	{ "absences_to_resign", "旷工离职", SET_COUNT, offsetof(struct rules, absences_to_resign), 0, 31 },
	{ "free_rest_days", "每月公休", SET_COUNT, offsetof(struct rules, free_rest_days), 0, 31 },
	{ "rest_notice", "公休提前申请", SET_BOOL, offsetof(struct rules, rest_notice), 0, 0 },
	{ "bookings_more_than", "订台超过", SET_COUNT, offsetof(struct rules, bookings_more_than), 0, 10000 },
	{ "tip_times", "小费倍数", SET_COUNT, offsetof(struct rules, tip_times), 1, 100 },
	{ "damage_times", "损坏倍数", SET_COUNT, offsetof(struct rules, damage_times), 1, 100 },
	{ "complaint", "投诉罚款", SET_MONEY, offsetof(struct rules, complaint), 0, 0 },
	{ "bookings_tier", "订台奖励档", SET_TIER, 0, 0, 0 },
	{ "away_over_hour", "外出超一小时", SET_AWAY, offsetof(struct rules, away_both), 0, 0 },
	{ "early_leaves_count_as_lates", "早退计入迟到", SET_BOOL, offsetof(struct rules, early_counts), 0, 0 },
	{ "quarrels_to_dismiss", "吵架开除次数", SET_COUNT, offsetof(struct rules, quarrels_to_dismiss), 0, 100 },
};

static const struct crm_col rules_cols[] = {
	{ "name", "名称", CRM_STR, NULL },
	{ "value", "值", CRM_STR, NULL },
	{ "note", "备注", CRM_TEXT, NULL },
};
static const struct crm_type rules_type = { "rules", rules_cols, NELEM(rules_cols) };

/* A copy of s without the spaces around it. */
static char *
trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

/* An amount in yuan, not negative: 0 or -1. */
static int
amount_parse(const char *s, int64_t *fen)
{
	char *t = trimmed(s);
	int bad = crm_money_parse(t, fen) < 0 || *fen < 0;

	free(t);
	return bad ? -1 : 0;
}

/* "50", "50-200", "50.00–200.00", "50~200" or "50至200": 0, or -1. */
static int
range_parse(const char *s, struct range *rg)
{
	static const char *const seps[] = { "–", "—", "~", "至", "-" };
	const char *p = NULL;
	size_t i, len = 0;

	for (i = 0; i < NELEM(seps) && !p; i++)
		if ((p = strstr(s + 1, seps[i])))
			len = strlen(seps[i]);
	if (!p)
		return amount_parse(s, &rg->min) < 0 ? -1 : (rg->max = rg->min, 0);
	char *lo = xstrndup(s, (size_t)(p - s));
	int bad = amount_parse(lo, &rg->min) < 0 || amount_parse(p + len, &rg->max) < 0 ||
		  rg->min > rg->max;
	free(lo);
	return bad ? -1 : 0;
}

/* BAR-12 tiers: "AMOUNT:REWARD" (or '='). */
static int
tier_parse(const char *s, struct tier *t)
{
	const char *p = strpbrk(s, ":=");

	if (!p)
		return -1;
	char *a = xstrndup(s, (size_t)(p - s));
	int bad = amount_parse(a, &t->booked) < 0 || amount_parse(p + 1, &t->reward) < 0;
	free(a);
	return bad ? -1 : 0;
}

static int
cmp_tier(const void *a, const void *b)
{
	const struct tier *x = a, *y = b;

	return (x->booked > y->booked) - (x->booked < y->booked);
}

/* A count setting: a whole number in [min, max]. */
static int
count_parse(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static const struct setting *
setting_find(const char *name)
{
	for (size_t i = 0; i < NELEM(settings); i++)
		if (!strcasecmp(settings[i].name, name) || !strcmp(settings[i].zh, name))
			return &settings[i];
	return NULL;
}

/* One setting from rec; 0, or -1 after a diagnostic. */
static int
set_one(struct rules *r, const struct setting *st, const struct crm_rec *rec, const char *v)
{
	char *base = (char *)r + st->off;
	int32_t tod;
	struct tier t;
	int b;

	switch (st->type) {
	case SET_TIME:
		if (crm_time_parse(v, &tod) < 0) {
			crm_warn_at(&rec->pos, "%s: expected a time (HH:MM), found '%s'", st->name, v);
			return -1;
		}
		*(int32_t *)base = tod;
		return 0;
	case SET_COUNT:
		if (count_parse(v, st->min, st->max, (long *)base) < 0) {
			crm_warn_at(&rec->pos, "%s: expected a whole number from %ld to %ld, found '%s'",
				    st->name, st->min, st->max, v);
			return -1;
		}
		return 0;
	case SET_BOOL:
		if ((b = crm_bool_parse(v)) < 0) {
			crm_warn_at(&rec->pos, "%s: expected yes or no, found '%s'", st->name, v);
			return -1;
		}
		*(int *)base = b;
		return 0;
	case SET_MONEY:
		if (amount_parse(v, (int64_t *)base) < 0) {
			crm_warn_at(&rec->pos, "%s: expected an amount in yuan, found '%s'", st->name, v);
			return -1;
		}
		return 0;
	case SET_AWAY:
		if (!strcasecmp(v, "both") || !strcmp(v, "两者"))
			*(int *)base = 1;
		else if (!strcasecmp(v, "absence") || !strcmp(v, "旷工"))
			*(int *)base = 0;
		else {
			crm_warn_at(&rec->pos, "%s: expected both or absence, found '%s'", st->name, v);
			return -1;
		}
		return 0;
	case SET_TIER:
		if (tier_parse(v, &t) < 0) {
			crm_warn_at(&rec->pos, "%s: expected AMOUNT:REWARD in yuan (a shift's bookings total and its reward), found '%s'",
				    st->name, v);
			return -1;
		}
		crm_grow(&r->tiers, &r->tcap, r->ntiers + 1, sizeof *r->tiers);
		r->tiers[r->ntiers++] = t;
		return 0;
	}
	return -1;
}

/* Whether the amount of code c can be set, and whether as a range. */
static int
code_settable(enum code c, int *ranged)
{
	*ranged = c >= C_FIRST_INCIDENT || c == C_BOOKINGS;
	return codes[c].kind != K_STATUS && codes[c].kind != K_WARNING && c != C_REST && c != C_SPECIAL_LEAVE &&
	       c != C_LATE_RETURN && c != C_DAMAGE;
}

static int
set_code(struct rules *r, enum code c, const struct crm_rec *rec, const char *v)
{
	struct range rg;
	int ranged;

	if (!code_settable(c, &ranged)) {
		crm_warn_at(&rec->pos, "'%s' has no amount of its own to set", code_names[c].name);
		return -1;
	}
	if (range_parse(v, &rg) < 0 || (!ranged && rg.min != rg.max)) {
		crm_warn_at(&rec->pos, "%s: expected %s in yuan, found '%s'", code_names[c].name,
			    ranged ? "an amount or a range (50-200)" : "an amount", v);
		return -1;
	}
	if (c == C_TIP) {	/* BAR-09: the minimum; "two times or more" has no maximum */
		if (rg.min != rg.max) {
			crm_warn_at(&rec->pos, "tip: expected the minimum amount (it has no maximum), found '%s'", v);
			return -1;
		}
		rg.max = -1;
	}
	r->amount[c] = rg;
	return 0;
}

int
rules_load(struct rules *r, const char *path, const struct crm_opts *o)
{
	int status = CRM_OK, tiers_given = 0;
	long seen[NELEM(settings) + NCODES] = { 0 };
	struct crm_table *t = crm_table_load(path, o, &rules_type, &status);
	int cn = crm_table_col(t, "name"), cv = crm_table_col(t, "value");
	size_t i;

	if (cn < 0 || cv < 0) {
		if (status == CRM_OK || crm_table_len(t))
			crm_warn("%s: a rules file needs the columns name and value", path);
		crm_table_free(t);
		return CRM_ERROR;
	}
	for (i = 0; i < crm_table_len(t); i++) {
		const struct crm_rec *rec = crm_table_rec(t, i);
		char *name = trimmed(rec->f[cn]), *v = trimmed(rec->f[cv]);
		const struct setting *st = setting_find(name);
		int c = st ? -1 : crm_enum_parse(code_names, name);
		size_t k = st ? (size_t)(st - settings) : NELEM(settings) + (size_t)c;
		int bad = 0;

		if (!st && c < 0) {
			crm_warn_at(&rec->pos, "name: unknown setting or code '%s'", name);
			bad = 1;
		} else if (seen[k] && !(st && st->type == SET_TIER)) {
			crm_warn_at(&rec->pos, "'%s' is set twice (first on line %ld)", name, seen[k]);
			bad = 1;
		} else {
			seen[k] = rec->pos.line;
			if (st && st->type == SET_TIER && !tiers_given++)
				r->ntiers = 0;	/* the file's tiers replace the built-in */
			bad = st ? set_one(r, st, rec, v) : set_code(r, (enum code)c, rec, v);
		}
		if (bad)
			status = CRM_ERROR;
		free(name);
		free(v);
		if (bad && o->strict)
			break;
	}
	crm_table_free(t);
	if (status == CRM_ERROR)
		return status;
	if (rules_place(r, r->in_by) >= rules_place(r, r->out_from)) {
		crm_warn("%s: in_by must come before out_from on the clock of a shift (which ends at day_end)",
			 path);
		return CRM_ERROR;
	}
	if (r->ntiers)
		qsort(r->tiers, r->ntiers, sizeof *r->tiers, cmp_tier);
	for (i = 0; i < r->ntiers; i++)
		if (r->tiers[i].reward < r->amount[C_BOOKINGS].min ||
		    r->tiers[i].reward > r->amount[C_BOOKINGS].max) {
			char a[CRM_MONEY_LEN], lo[CRM_MONEY_LEN], hi[CRM_MONEY_LEN];
			crm_money_format(r->tiers[i].reward, a);
			crm_money_format(r->amount[C_BOOKINGS].min, lo);
			crm_money_format(r->amount[C_BOOKINGS].max, hi);
			crm_warn("%s: bookings_tier reward %s outside the bookings range %s–%s",
				 path, a, lo, hi);
			return CRM_ERROR;
		}
	return status;
}
