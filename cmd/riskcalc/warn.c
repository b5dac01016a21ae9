/*
 * riskcalc warn: risk warnings (FUT-19) from simple triggers over the
 * day's data: a contract at the limit two days running in the same
 * direction (abnormal prices; also FUT-02's reason to raise the margin
 * rate), investors near the position limit (abnormal positions), accounts
 * whose reserve is near zero, and accounts with a call two days running
 * (abnormal funds).
 */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

/*
 * FUT-19: the clause of 篇三(8) a trigger falls under, and the first measure
 * the exchange takes: a request for a report (要求报告情况) on prices and a
 * member's funds (④, which concerns members only: addressed to the
 * account's member), a reminder interview (谈话提醒) on positions.
 */
static void
warning_to(struct ctx *x, const char *trigger, const char *contract, const char *investor,
	   const char *account, const char *value, const char *threshold, const char *message,
	   const char *member)
{
	const char *clause = !strcmp(trigger, "limit-days") ? "1" :
			     !strcmp(trigger, "near-limit") ? "3" : "4";
	const char *measure = !strcmp(trigger, "near-limit") ? "interview" : "report";
	const char *vals[] = { "FUT-19", trigger, contract, investor, account, value, threshold,
			       message, clause, measure, member, "ok" };

	crm_writer_row(x->w, vals, NULL);
	x->findings++;
}

static void
warning(struct ctx *x, const char *trigger, const char *contract, const char *investor,
	const char *account, const char *value, const char *threshold, const char *message)
{
	warning_to(x, trigger, contract, investor, account, value, threshold, message, "");
}

/* FUT-19 ①, FUT-02 ①: today's close (else settlement) at the limit, as yesterday's. */
static void
limit_days(struct ctx *x)
{
	char msg[256], px[32];

	for (size_t i = 0; i < x->contracts->n; i++) {
		const struct contract *c = &x->contracts->c[i];
		int64_t p = c->close != NONE ? c->close : c->settle;
		int today = 0;
		if (!c->bands.has_limit || p == NONE || !c->prev_limit)
			continue;
		if (p >= c->bands.limit_up)
			today = 1;
		else if (p <= c->bands.limit_down)
			today = -1;
		if (today != c->prev_limit)
			continue;
		price_format(p, c->dp, px, sizeof px);
		snprintf(msg, sizeof msg, x->o->crm.zh ? "连续两日%s（%s）：交易所可提高保证金标准（FUT-02）" :
			 "limit %s two days running (%s): the margin rate may be raised (FUT-02)",
			 x->o->crm.zh ? (today > 0 ? "涨停" : "跌停") : (today > 0 ? "up" : "down"), px);
		warning(x, "limit-days", c->id, "", "", "2", "2", msg);
	}
}

/* FUT-19 ③: an investor's speculative lots at --near of the limit. */
static void
near_one(struct ctx *x, const char *investor, const struct contract *c, int side, int64_t lots,
	 int64_t threshold)
{
	char l[32], t[32], msg[256];

	int_format(lots, l, sizeof l);
	int_format(threshold, t, sizeof t);
	snprintf(msg, sizeof msg, x->o->crm.zh ? "%s持仓%s手，限额%lld手" :
		 "%s position of %s lots, limit %lld", x->o->crm.zh ? (side == LONG ? "多头" : "空头") :
		 sides[side].name, l, (long long)c->position_limit);
	warning(x, "near-limit", c->id, investor, "", l, t, msg);
}

/* A margin file's accounts with their reserve, margin and call. */
struct settled {
	struct crm_table *t;
	int account, reserve, margin, call, status, reason, member;
};

static int
settled_load(struct ctx *x, const char *path, struct settled *s)
{
	int st = CRM_OK;

	s->t = crm_table_load(path, &x->o->crm, &type_margin, &st);
	s->account = crm_table_col(s->t, "account");
	s->reserve = crm_table_col(s->t, "reserve");
	s->margin = crm_table_col(s->t, "margin");
	s->call = crm_table_col(s->t, "call");
	s->status = crm_table_col(s->t, "status");
	s->reason = crm_table_col(s->t, "reason");
	s->member = crm_table_col(s->t, "member");
	if (crm_table_len(s->t) && (s->account < 0 || s->reserve < 0 || s->margin < 0 || s->call < 0)) {
		crm_warn("%s: margin results need the columns account, margin, reserve and call", path);
		st = CRM_ERROR;
	}
	return st;
}

/* FUT-19 ④: reserve at or above zero but below --low of the margin; a call two days running. */
static int
funds(struct ctx *x)
{
	struct settled today = { 0 }, prev = { 0 };
	int st = settled_load(x, x->o->margin, &today);
	char v[32], t[32], msg[256];
	size_t i, n;

	if (st == CRM_OK && x->o->prev_margin)
		st = settled_load(x, x->o->prev_margin, &prev);
	int ok = st == CRM_OK;
	for (i = 0; ok && i < crm_table_len(today.t); i++) {
		const struct crm_rec *r = crm_table_rec(today.t, i);
		int64_t reserve, margin, call;
		const char *status = get(r, today.status);
		/* Fail closed: an account margin could not settle is passed on, never "no warning". */
		if (*status && strcmp(status, "ok") && strcmp(status, "正常")) {
			const char *why = *get(r, today.reason) ? get(r, today.reason) : status;
			crm_warn_at(&r->pos, "account '%s' was not settled (%s): passed on as an error",
				    r->f[today.account], why);
			const char *vals[] = { "FUT-19", "", "", "", r->f[today.account], "", "", why,
					       "", "", get(r, today.member), "error" };
			crm_writer_row(x->w, vals, NULL);
			st = CRM_ERROR;
			continue;
		}
		if (need(r, today.reserve, "reserve", crm_get_money(r, today.reserve, &reserve)) ||
		    need(r, today.margin, "margin", crm_get_money(r, today.margin, &margin)) ||
		    need(r, today.call, "call", crm_get_money(r, today.call, &call))) {
			st = CRM_ERROR;
			continue;
		}
		int64_t low = (int64_t)qdiv((__int128)margin * x->o->low, RATE_ONE, RND_HALF_UP);
		if (call == 0 && reserve >= 0 && reserve < low) {
			char pct[32], m[32];
			fen_format(reserve, v, sizeof v);
			fen_format(low, t, sizeof t);
			fen_format(margin, m, sizeof m);
			rate_format(x->o->low, pct, sizeof pct);
			snprintf(msg, sizeof msg, x->o->crm.zh ? "结算准备金%1$s元，低于交易保证金%2$s元的%3$s" :
				 "reserve %1$s is below %3$s of the margin %2$s", v, m, pct);
			warning_to(x, "low-reserve", "", "", r->f[today.account], v, t, msg,
				   get(r, today.member));
		}
		if (call > 0 && prev.t) {
			const struct crm_rec *const *hit = crm_table_find(prev.t, prev.account,
									 r->f[today.account], &n);
			int64_t before;
			if (n && crm_get_money(hit[0], prev.call, &before) == CRM_FIELD_OK && before > 0) {
				fen_format(call, v, sizeof v);
				fen_format(before, t, sizeof t);
				snprintf(msg, sizeof msg, x->o->crm.zh ? "连续两日追加保证金（昨日%s元，今日%s元）" :
					 "a margin call two days running (yesterday %s, today %s)", t, v);
				warning_to(x, "call-twice", "", "", r->f[today.account], v, "", msg,
					   get(r, today.member));
			}
		}
	}
	crm_table_free(today.t);
	crm_table_free(prev.t);
	return st;
}

int
cmd_warn(struct ctx *x)
{
	int st = CRM_OK;

	if (x->o->prev_margin && !x->o->margin)
		crm_usage_error("--prev-margin needs --margin too");
	limits_settings_check(x);	/* fail closed before any output */
	crm_writer_type(x->w, &type_warning);
	limit_days(x);
	if (near_limits(x, x->o->near, near_one) < 0)
		st = CRM_ERROR;
	if (x->o->margin)
		st = crm_worst(st, funds(x));
	return st;
}
