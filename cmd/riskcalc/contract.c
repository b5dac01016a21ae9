/* riskcalc: contract settings (--contracts, or the bands input) and the price bands. */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

#define DEFAULT_LIMIT 600		/* FUT-09: "20xx手", read as 600 (FUTURES.md) */
#define DEFAULT_REPORT (80 * RATE_ONE / 100)	/* FUT-14: 80% of the limit, inclusive */
#define DEFAULT_BREAKER (6 * RATE_ONE / 100)	/* FUT-03 */
#define DEFAULT_BAND (10 * RATE_ONE / 100)
#define DEFAULT_FIRST_DAY (20 * RATE_ONE / 100)
#define DEFAULT_MEMBER_OI 100000	/* FUT-11 */
#define DEFAULT_MEMBER_SHARE (25 * RATE_ONE / 100)

void
contract_cols(struct contract_cols *k, int (*col)(void *, const char *), void *src)
{
	k->id = col(src, "contract");
	k->product = col(src, "product");
	k->multiplier = col(src, "multiplier");
	k->tick = col(src, "tick");
	k->prev_settle = col(src, "prev_settle");
	k->settle = col(src, "settle");
	k->close = col(src, "close");
	k->benchmark = col(src, "benchmark");
	k->margin_rate = col(src, "margin_rate");
	k->prev_margin_rate = col(src, "prev_margin_rate");
	k->breaker_rate = col(src, "breaker_rate");
	k->limit_rate = col(src, "limit_rate");
	k->first_day_rate = col(src, "first_day_rate");
	k->last_day_rate = col(src, "last_day_rate");
	k->last_trading_day = col(src, "last_trading_day");
	k->position_limit = col(src, "position_limit");
	k->report_threshold = col(src, "report_threshold");
	k->open_interest = col(src, "open_interest");
	k->member_oi = col(src, "member_oi");
	k->member_share = col(src, "member_share");
	k->rounding = col(src, "rounding");
	k->prev_limit = col(src, "prev_limit");
	k->effective_from = col(src, "effective_from");
}

/* An optional price: NONE when empty. */
static int
opt_price(const struct crm_rec *r, int col, int64_t *p)
{
	int got = get_price(r, col, p);

	if (got == CRM_FIELD_EMPTY)
		*p = NONE;
	return got == CRM_FIELD_BAD ? -1 : 0;
}

/* An optional rate of at most 100%, dflt when empty. */
static int
opt_rate(const struct crm_rec *r, int col, int64_t dflt, int64_t *v)
{
	int got = get_rate(r, col, v);

	if (got == CRM_FIELD_EMPTY)
		*v = dflt;
	else if (got == CRM_FIELD_OK && *v > RATE_ONE) {
		crm_warn_at(&r->pos, "%s: expected a rate of at most 1 (100%%), found '%s'",
			    r->names[col], r->f[col]);
		return -1;
	}
	return got == CRM_FIELD_BAD ? -1 : 0;
}

/* An optional count of lots, dflt when empty. */
static int
opt_lots(const struct crm_rec *r, int col, int64_t dflt, int64_t *v)
{
	int got = get_lots(r, col, v);

	if (got == CRM_FIELD_EMPTY)
		*v = dflt;
	return got == CRM_FIELD_BAD ? -1 : 0;
}

/* The product: the column, else the letters the contract code starts with (IF2410 → IF). */
static char *
product_of(const char *product, const char *id)
{
	size_t n = 0;

	if (*product)
		return xstrdup(product);
	while ((id[n] >= 'A' && id[n] <= 'Z') || (id[n] >= 'a' && id[n] <= 'z'))
		n++;
	return xstrndup(id, n ? n : strlen(id));
}

static int
missing(const struct crm_rec *r, const char *name, const char *why)
{
	crm_warn_at(&r->pos, "%s: %s needs a value", name, why);
	return -1;
}

int
contract_read(const struct crm_rec *r, const struct contract_cols *k, int needs, int32_t today,
	      struct contract *c)
{
	int bad = 0, got, k2;
	int64_t report;

	memset(c, 0, sizeof *c);
	c->id = get(r, k->id);
	c->pos = r->pos;
	if (!*c->id) {
		crm_warn_at(&r->pos, "contract: a contract needs its code");
		return -1;
	}
	got = crm_get_int(r, k->multiplier, &c->multiplier);
	if (got == CRM_FIELD_BAD)
		bad = 1;
	else if (got == CRM_FIELD_OK && (c->multiplier <= 0 || c->multiplier > 1000000)) {
		crm_warn_at(&r->pos, "multiplier: expected 1 to 1000000 per point, found '%s'",
			    r->f[k->multiplier]);
		bad = 1;
	} else if (got == CRM_FIELD_EMPTY && (needs & NEED_MULT)) {
		bad = missing(r, "multiplier", "the money of a position");
	}
	got = get_price(r, k->tick, &c->tick);
	if (got == CRM_FIELD_OK && c->tick == 0) {
		crm_warn_at(&r->pos, "tick: expected a tick above 0, found '%s'", r->f[k->tick]);
		bad = 1;
	} else if (got == CRM_FIELD_EMPTY) {
		bad = missing(r, "tick", "a contract");
	} else if (got == CRM_FIELD_BAD) {
		bad = 1;
	}
	c->dp = got == CRM_FIELD_OK ? price_decimals(c->tick) : PRICE_DP;
	bad |= opt_price(r, k->prev_settle, &c->prev_settle);
	bad |= opt_price(r, k->settle, &c->settle);
	bad |= opt_price(r, k->close, &c->close);
	bad |= opt_price(r, k->benchmark, &c->benchmark);
	bad |= opt_rate(r, k->margin_rate, NONE, &c->margin_rate);
	bad |= opt_rate(r, k->prev_margin_rate, c->margin_rate, &c->prev_margin_rate);
	/* FUT-20: an empty breaker width in a breaker_rate column means no breaker. */
	bad |= opt_rate(r, k->breaker_rate, k->breaker_rate < 0 ? DEFAULT_BREAKER : NONE,
			&c->breaker_rate);
	bad |= opt_rate(r, k->limit_rate, DEFAULT_BAND, &c->limit_rate);
	bad |= opt_rate(r, k->first_day_rate, DEFAULT_FIRST_DAY, &c->first_day_rate);
	bad |= opt_rate(r, k->last_day_rate, NONE, &c->last_day_rate);
	bad |= opt_lots(r, k->position_limit, DEFAULT_LIMIT, &c->position_limit);
	bad |= opt_lots(r, k->open_interest, NONE, &c->open_interest);
	bad |= opt_lots(r, k->member_oi, DEFAULT_MEMBER_OI, &c->member_oi);
	bad |= opt_rate(r, k->member_share, DEFAULT_MEMBER_SHARE, &c->member_share);
	if ((got = crm_get_date(r, k->effective_from, &c->effective_from)) != CRM_FIELD_OK) {
		bad |= got == CRM_FIELD_BAD;
		c->effective_from = CRM_NODATE;
	}
	if (crm_get_date(r, k->last_trading_day, &c->last_trading_day) != CRM_FIELD_OK) {
		bad |= *get(r, k->last_trading_day) != '\0';
		c->last_trading_day = CRM_NODATE;
	}
	/* FUT-14: the report threshold in lots, or a share of the limit rounded up. */
	const char *rt = get(r, k->report_threshold);
	if (!*rt || rt[strlen(rt) - 1] == '%') {
		if (opt_rate(r, k->report_threshold, DEFAULT_REPORT, &report) < 0)
			bad = 1;
		else
			c->report_threshold = (int64_t)qdiv((__int128)c->position_limit * report,
							    RATE_ONE, RND_CEIL);
	} else {
		bad |= opt_lots(r, k->report_threshold, 0, &c->report_threshold);
	}
	c->rounding = ROUND_INWARD;
	if ((got = crm_get_enum(r, k->rounding, crm_type_col(&type_contract, "rounding")->values, &k2)) == CRM_FIELD_OK)
		c->rounding = k2 == 0 ? ROUND_INWARD : ROUND_FLOOR;
	bad |= got == CRM_FIELD_BAD;
	if ((got = crm_get_enum(r, k->prev_limit, crm_type_col(&type_contract, "prev_limit")->values, &k2)) == CRM_FIELD_OK)
		c->prev_limit = k2 == 0 ? 1 : -1;
	bad |= got == CRM_FIELD_BAD;
	if (bad)
		return -1;

	if (c->margin_rate == NONE && (needs & NEED_RATE))
		bad = missing(r, "margin_rate", "margin");
	if (c->settle == NONE && (needs & NEED_SETTLE))
		bad = missing(r, "settle", "today's settlement");
	if (c->prev_settle == NONE && (needs & NEED_PREV))
		bad = missing(r, "prev_settle", "today's settlement");
	if (c->prev_settle == NONE && c->benchmark == NONE && (needs & NEED_BANDS)) {
		crm_warn_at(&r->pos, "prev_settle: the price bands need it (or a benchmark price on the first day)");
		bad = 1;
	}
	if (c->benchmark != NONE && !on_grid(c, c->benchmark)) {
		crm_warn_at(&r->pos, "benchmark: %s is not on the tick grid of %s", r->f[k->benchmark],
			    r->f[k->tick]);
		bad = 1;
	}
	if (bad)
		return -1;
	c->product = product_of(get(r, k->product), c->id);
	bands_compute(c, today, &c->bands);
	return 0;
}

int
on_grid(const struct contract *c, int64_t p)
{
	return p % c->tick == 0;
}

/*
 * FUT-03: base × (1 ± rate) on the tick grid: inward rounds the upper
 * bound down and the lower bound up, so the band never widens; floor
 * rounds both down (the SHFE way).
 */
static void
band(const struct contract *c, int64_t base, int64_t rate, int64_t *up, int64_t *down)
{
	__int128 den = (__int128)RATE_ONE * c->tick;

	*up = (int64_t)qdiv((__int128)base * (RATE_ONE + rate), den, RND_FLOOR) * c->tick;
	*down = (int64_t)qdiv((__int128)base * (RATE_ONE - rate), den,
			      c->rounding == ROUND_INWARD ? RND_CEIL : RND_FLOOR) * c->tick;
}

/*
 * FUT-03: breaker ±6% and limit ±10% of prev_settle; on the last trading
 * day no bands (or last_day_rate when set); on a new contract's first day
 * (a benchmark price given) the limit is ±20% of the benchmark and there
 * is no breaker.
 */
void
bands_compute(const struct contract *c, int32_t today, struct bands *b)
{
	memset(b, 0, sizeof *b);
	if (c->tick <= 0)
		return;
	if (c->last_trading_day != CRM_NODATE && today > c->last_trading_day)
		return;		/* past its last trading day: no trading, no bands */
	if (c->last_trading_day != CRM_NODATE && today == c->last_trading_day) {
		int64_t base = c->prev_settle != NONE ? c->prev_settle : c->benchmark;
		if (c->last_day_rate != NONE && base != NONE) {
			b->has_limit = 1;
			band(c, base, c->last_day_rate, &b->limit_up, &b->limit_down);
		}
		return;
	}
	/* FUT-03: the benchmark only on a first day, when there is no previous settlement. */
	if (c->prev_settle == NONE && c->benchmark != NONE) {
		b->has_limit = 1;
		band(c, c->benchmark, c->first_day_rate, &b->limit_up, &b->limit_down);
		return;
	}
	if (c->prev_settle == NONE)
		return;
	b->has_limit = 1;
	band(c, c->prev_settle, c->limit_rate, &b->limit_up, &b->limit_down);
	if (c->breaker_rate == NONE)	/* FUT-20 */
		return;
	b->has_breaker = 1;
	band(c, c->prev_settle, c->breaker_rate, &b->breaker_up, &b->breaker_down);
}

static int
table_col(void *t, const char *name)
{
	return crm_table_col(t, name);
}

struct contracts *
contracts_load(const struct opts *o, int needs, int32_t today, int *status)
{
	struct contracts *cs;
	struct contract_cols k;
	size_t i, n;
	int st = CRM_OK;

	if (!o->contracts)
		crm_usage_error("--contracts FILE is needed");
	cs = xcalloc(1, sizeof *cs);
	cs->t = crm_settings_load(o->contracts, &o->crm, &type_contract, "contracts");
	map_init(&cs->by_id);
	map_init(&cs->products);
	contract_cols(&k, table_col, cs->t);
	n = crm_table_len(cs->t);
	if (n && (k.id < 0 || k.tick < 0)) {
		crm_warn("%s: contracts need the columns contract and tick", o->contracts);
		*status = CRM_ERROR;
		contracts_free(cs);
		return NULL;
	}
	cs->c = xcalloc(n + 1, sizeof *cs->c);
	for (i = 0; i < n; i++) {
		const struct crm_rec *r = crm_table_rec(cs->t, i);
		struct contract *c = &cs->c[cs->n];
		if (contract_read(r, &k, needs, today, c) < 0) {
			st = CRM_ERROR;
			continue;
		}
		/* FUT-20: of several rows, the latest effective_from not after today applies. */
		if (c->effective_from != CRM_NODATE && c->effective_from > today) {
			free(c->product);
			continue;
		}
		size_t at = map_put(&cs->by_id, c->id, strlen(c->id), cs->n);
		if (at != cs->n) {
			struct contract *old = &cs->c[at];
			if (old->effective_from == c->effective_from) {
				crm_warn_at(&r->pos, "contract: '%s' appears more than once%s", c->id,
					    c->effective_from != CRM_NODATE ? " with the same effective_from" : "");
				st = CRM_ERROR;
			} else if (old->effective_from == CRM_NODATE || c->effective_from > old->effective_from) {
				size_t ix = old->product_ix;
				free(old->product);
				*old = *c;
				old->product_ix = ix;
				continue;
			}
			free(c->product);
			continue;
		}
		c->product_ix = map_put(&cs->products, c->product, strlen(c->product),
					cs->products.n);
		cs->n++;
	}
	*status = crm_worst(*status, st);
	return cs;
}

void
contracts_free(struct contracts *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->n; i++)
		free(cs->c[i].product);
	free(cs->c);
	map_release(&cs->by_id);
	map_release(&cs->products);
	crm_table_free(cs->t);
	free(cs);
}

struct contract *
contract_find(struct contracts *cs, const char *id)
{
	size_t i;

	if (cs->last < cs->n && !strcmp(cs->c[cs->last].id, id))
		return &cs->c[cs->last];
	if ((i = map_get(&cs->by_id, id, strlen(id))) == MAP_NONE)
		return NULL;
	cs->last = i;
	return &cs->c[i];
}

struct contract *
contract_of(struct contracts *cs, const struct crm_rec *r, int col)
{
	struct contract *c = contract_find(cs, get(r, col));

	if (!c) {
		if (!*get(r, col))
			crm_warn_at(&r->pos, "contract: a value is needed");
		else
			crm_warn_at(&r->pos, "contract: unknown contract '%s' (not in the contracts file)",
				    get(r, col));
	}
	return c;
}
