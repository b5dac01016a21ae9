/*
 * riskcalc margin: the day's settlement of every account (FUT-01, FUT-02),
 * 逐日盯市 over the positions held at the previous settlement and today's
 * fills (--trades): margin on the closing position at today's settlement
 * price and margin rate, the day's pnl, the settlement reserve after both,
 * and the margin call.  An account with a rejected record is an error row,
 * never a settlement (DESIGN.md, fail closed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

#define FEN_PER_MARGIN_UNIT 100000000	/* margin sums are in 1e-10 yuan */
#define FEN_PER_PNL_UNIT 100		/* pnl sums are in 1e-4 yuan */

/* One position of an account: contract, side and hedge flag. */
struct hold {
	size_t c;			/* index of the contract */
	int side, hedge;
	int64_t prev;			/* lots held at the previous settlement */
	int64_t yd, td;			/* of them, still open; opened today, still open */
	size_t next;			/* 1 + index of the account's next hold, 0 at the end */
};

/* An account's day. */
struct day {
	size_t holds;			/* 1 + index of the first hold, 0 none */
	__int128 pnl;			/* 1e-4 yuan */
	__int128 m, pm;			/* fast: margin and yesterday's, 1e-10 yuan */
	int64_t lots;			/* held at the previous settlement, all contracts */
	char *reason;			/* owned; set: the account is an error row */
};

struct book {
	struct day *d;
	struct hold *h;
	size_t nh, hcap;
	int fast;			/* no holds: margins summed as read */
};

/* The settled account, in fen. */
struct settlement {
	int64_t reserve_before, prev_margin, margin, pnl, reserve, call;
};

/* The first reason an account cannot be settled; later ones are on standard error. */
static void
fail(struct book *b, size_t acct, const char *fmt, const char *a, long n)
{
	if (!b->d[acct].reason)
		b->d[acct].reason = xasprintf(fmt, a, n);
}

static struct hold *
hold_of(struct book *b, size_t acct, size_t c, int side, int hedge)
{
	size_t i;

	for (i = b->d[acct].holds; i; i = b->h[i - 1].next)
		if (b->h[i - 1].c == c && b->h[i - 1].side == side && b->h[i - 1].hedge == hedge)
			return &b->h[i - 1];
	crm_grow(&b->h, &b->hcap, b->nh + 1, sizeof *b->h);
	b->h[b->nh] = (struct hold){ c, side, hedge, 0, 0, 0, b->d[acct].holds };
	b->d[acct].holds = ++b->nh;
	return &b->h[b->nh - 1];
}

/* FUT-01: (to − from) × multiplier × lots, signed by the side held, exact in 1e-4 yuan. */
static __int128
pnl_of(const struct contract *c, int side, int64_t from, int64_t to, int64_t lots)
{
	__int128 v = (__int128)(to - from) * c->multiplier * lots;

	return side == LONG ? v : -v;
}

/* Checked lots a + n into *a; -1 past LOTS_MAX. */
static int
add_lots(int64_t *a, int64_t n)
{
	if (n > LOTS_MAX - *a)
		return -1;
	*a += n;
	return 0;
}

/* The margins of lots of c today and yesterday, 1e-10 yuan; -1 on overflow. */
static int
margins_of(const struct contract *c, int64_t lots, int64_t prev, __int128 *m, __int128 *pm)
{
	return mul128((__int128)c->settle * c->multiplier * lots, c->margin_rate, m) < 0 ||
	       mul128((__int128)c->prev_settle * c->multiplier * prev, c->prev_margin_rate, pm) < 0 ?
		-1 : 0;
}

/*
 * A position into the account's day: into its hold, or, on the fast path
 * (no fills, no closing positions, gross margin), straight into the
 * account's margins, which are linear in the lots and exact until
 * rounded.  -1 on overflow.
 */
static int
hold_add(const struct ctx *x, struct book *b, size_t acct, const struct position *p)
{
	struct day *d = &b->d[acct];
	__int128 m, pm;

	if (!b->fast) {
		struct hold *h = hold_of(b, acct, (size_t)(p->c - x->contracts->c), p->side, p->hedge);
		return add_lots(&h->prev, p->lots) < 0 || add_lots(&h->yd, p->lots) < 0 ? -1 : 0;
	}
	if (margins_of(p->c, p->lots, p->lots, &m, &pm) < 0 || add128(&d->m, m) < 0 ||
	    add128(&d->pm, pm) < 0)
		return -1;
	return 0;
}

/*
 * The positions held at the previous settlement.  An account's lots,
 * summed over all its positions, may not pass LOTS_MAX.
 */
static void
read_positions(struct ctx *x, struct accounts *as, struct book *b)
{
	struct position_cols k;
	const struct crm_rec *rec;
	size_t i;

	if (position_cols(x->in, &k, 0) < 0) {
		bad_rec(x);
		return;
	}
	while (next_rec(x, x->in, &rec)) {
		struct position p;
		int bad = position_read(rec, &k, x->contracts, &p) < 0;
		if ((i = account_find(as, p.account)) == MAP_NONE) {
			if (*p.account)
				crm_warn_at(&rec->pos, "account: unknown account '%s' (not in %s)",
					    p.account, x->o->accounts);
			bad_rec(x);
			continue;
		}
		if (bad) {
			fail(b, i, "bad position at %s:%ld", rec->pos.file, rec->pos.line);
			bad_rec(x);
			continue;
		}
		if (add_lots(&b->d[i].lots, p.lots) < 0 || hold_add(x, b, i, &p) < 0 ||
		    add128(&b->d[i].pnl, pnl_of(p.c, p.side, p.c->prev_settle, p.c->settle, p.lots)) < 0) {
			crm_warn_at(&rec->pos, "account '%s': the lots of %s overflow", p.account, p.c->id);
			fail(b, i, "overflow at %s:%ld", rec->pos.file, rec->pos.line);
			bad_rec(x);
		}
	}
}

enum { OPEN, CLOSE, CLOSE_TODAY, CLOSE_YESTERDAY };

/*
 * FUT-01: today's fills in file order.  An open adds today's lots, valued
 * from its fill price; a close takes yesterday's lots first, then today's
 * (close_today and close_yesterday say which), valued to its fill price.
 * As every lot still held is valued at the settlement price, a fill's pnl
 * is (settle − price) for an open and (price − settle) for a close.
 */
static void
read_trades(struct ctx *x, struct accounts *as, struct book *b)
{
	static const char *const cols[] = { "account", "contract", "side", "offset", "lots",
					     "price", NULL };
	struct side_file sf;
	struct crm_input *in = side_input(&sf, x->o->trades, &x->o->crm, &type_trade);
	const struct crm_rec *rec;
	int ka, kc, ks, ko, kl, kp, kh;

	if (!has_cols(in, "trades", cols)) {
		bad_rec(x);
		crm_input_free(in);
		return;
	}
	ka = crm_input_col(in, "account");
	kc = crm_input_col(in, "contract");
	ks = crm_input_col(in, "side");
	ko = crm_input_col(in, "offset");
	kl = crm_input_col(in, "lots");
	kp = crm_input_col(in, "price");
	kh = crm_input_col(in, "hedge");
	while (next_rec(x, in, &rec)) {
		const char *account = get(rec, ka);
		struct contract *c = contract_of(x->contracts, rec, kc);
		int side = 0, offset = 0, hedge = 0, bad = !c;
		int64_t lots = 0, price = 0;
		size_t i;
		bad |= need(rec, ks, "side", crm_get_enum(rec, ks, trade_sides, &side)) != CRM_FIELD_OK;
		bad |= need(rec, ko, "offset", crm_get_enum(rec, ko, offsets, &offset)) != CRM_FIELD_OK;
		bad |= need(rec, kl, "lots", get_lots(rec, kl, &lots)) != CRM_FIELD_OK;
		bad |= need(rec, kp, "price", get_price(rec, kp, &price)) != CRM_FIELD_OK;
		bad |= get_hedge(rec, kh, &hedge) == CRM_FIELD_BAD;
		if (!*account)
			crm_warn_at(&rec->pos, "account: a fill needs its account");
		if ((i = account_find(as, account)) == MAP_NONE) {
			if (*account)
				crm_warn_at(&rec->pos, "account: unknown account '%s' (not in %s)",
					    account, x->o->accounts);
			bad_rec(x);
			continue;
		}
		if (bad) {
			fail(b, i, "bad trade at %s:%ld", rec->pos.file, rec->pos.line);
			bad_rec(x);
			continue;
		}
		/* buy open and sell close act on a long position (卖平 closes a long). */
		int held = offset == OPEN ? (side == 0 ? LONG : SHORT) : (side == 0 ? SHORT : LONG);
		struct hold *h = hold_of(b, i, (size_t)(c - x->contracts->c), held, hedge);
		__int128 v;
		if (offset == OPEN) {
			v = pnl_of(c, held, price, c->settle, lots);
			if (add_lots(&h->td, lots) < 0)
				goto overflow;
		} else {
			int64_t from_yd = offset == CLOSE_TODAY ? 0 : lots < h->yd ? lots : h->yd;
			int64_t from_td = lots - from_yd;
			if (offset == CLOSE_YESTERDAY && from_td) {
				from_yd = lots;
				from_td = 0;
			}
			if (from_yd > h->yd || from_td > h->td) {
				crm_warn_at(&rec->pos, "lots: account '%s' closes %lld %s %s%s, but holds %lld",
					    account, (long long)lots, sides[held].name, c->id,
					    offset == CLOSE_TODAY ? " opened today" :
					    offset == CLOSE_YESTERDAY ? " held from yesterday" : "",
					    (long long)(offset == CLOSE_TODAY ? h->td :
							offset == CLOSE_YESTERDAY ? h->yd : h->yd + h->td));
				fail(b, i, "close beyond the position at %s:%ld", rec->pos.file,
				     rec->pos.line);
				bad_rec(x);
				continue;
			}
			h->yd -= from_yd;
			h->td -= from_td;
			v = pnl_of(c, held, c->settle, price, lots);
		}
		if (add128(&b->d[i].pnl, v) == 0)
			continue;
overflow:
		crm_warn_at(&rec->pos, "account '%s': the lots or pnl of %s overflow", account, c->id);
		fail(b, i, "overflow at %s:%ld", rec->pos.file, rec->pos.line);
		bad_rec(x);
	}
	x->status = crm_worst(x->status, crm_input_status(in));
	crm_input_free(in);
}

/* One product's margins by side, for --larger-side. */
struct product_sums {
	__int128 m[2], pm[2];
};

/*
 * FUT-01, FUT-02: margin = settle × multiplier × closing lots × rate,
 * yesterday's margin = prev_settle × multiplier × yesterday's lots ×
 * prev_margin_rate, released in full; each amount is rounded once to the
 * fen, half away from zero; reserve = reserve before + pnl − (margin −
 * prev_margin) on the rounded amounts, so the row adds up; call = the
 * reserve's shortfall.  -1 on overflow.
 */
static int
settle_account(const struct ctx *x, const struct book *b, size_t acct, int64_t reserve_before,
	       struct product_sums *ps, struct settlement *out)
{
	const struct contracts *cs = x->contracts;
	__int128 margin = 0, prev_margin = 0;
	size_t i, np = cs->products.n;

	if (x->o->larger_side)
		memset(ps, 0, np * sizeof *ps);
	if (b->fast) {
		margin = b->d[acct].m;
		prev_margin = b->d[acct].pm;
	}
	for (i = b->d[acct].holds; i; i = b->h[i - 1].next) {
		const struct hold *h = &b->h[i - 1];
		const struct contract *c = &cs->c[h->c];
		__int128 m, pm;
		if (margins_of(c, h->yd + h->td, h->prev, &m, &pm) < 0)
			return -1;
		if (x->o->larger_side) {
			struct product_sums *p = &ps[c->product_ix];
			if (add128(&p->m[h->side], m) < 0 || add128(&p->pm[h->side], pm) < 0)
				return -1;
		} else if (add128(&margin, m) < 0 || add128(&prev_margin, pm) < 0) {
			return -1;
		}
	}
	for (i = 0; x->o->larger_side && i < np; i++)
		if (add128(&margin, ps[i].m[LONG] > ps[i].m[SHORT] ? ps[i].m[LONG] : ps[i].m[SHORT]) < 0 ||
		    add128(&prev_margin, ps[i].pm[LONG] > ps[i].pm[SHORT] ? ps[i].pm[LONG] : ps[i].pm[SHORT]) < 0)
			return -1;

	__int128 m = qdiv(margin, FEN_PER_MARGIN_UNIT, RND_HALF_UP);
	__int128 pm = qdiv(prev_margin, FEN_PER_MARGIN_UNIT, RND_HALF_UP);
	__int128 pnl = qdiv(b->d[acct].pnl, FEN_PER_PNL_UNIT, RND_HALF_UP);
	__int128 r = (__int128)reserve_before + pnl - m + pm;

	if (!fits64(m) || !fits64(pm) || !fits64(pnl) || !fits64(r) || r == INT64_MIN)
		return -1;
	out->reserve_before = reserve_before;
	out->margin = (int64_t)m;
	out->prev_margin = (int64_t)pm;
	out->pnl = (int64_t)pnl;
	out->reserve = (int64_t)r;
	out->call = r < 0 ? (int64_t)-r : 0;
	return 0;
}

/*
 * --positions-out: the closing positions, tomorrow's positions operand,
 * carried at today's settlement price.  Written to a temporary file and
 * renamed, and only when every account was settled: a chain never goes on
 * from a broken day.
 */
static int
write_positions(const struct ctx *x, const struct accounts *as, const struct book *b)
{
	const char *path = x->o->positions_out;
	char *tmp = xasprintf("%s.tmp", path);
	struct crm_opts o = x->o->crm;
	FILE *fp = fopen(tmp, "w");
	char lots[32], price[32];

	if (!fp) {
		crm_warn("%s:", tmp);
		free(tmp);
		return CRM_ERROR;
	}
	o.zh = o.bom = 0;
	o.out = crm_file_format(path, CRM_FMT_CSV);
	struct crm_writer *w = crm_writer_new(fp, &o);
	static const char *const cols[] = { "account", "investor", "member", "contract", "side",
					    "lots", "hedge", "avg_price" };
	for (size_t j = 0; j < NELEM(cols); j++)
		crm_writer_col(w, cols[j], crm_type_col(&type_position, cols[j]));
	for (size_t i = 0; i < as->n; i++)
		for (size_t k = b->d[i].holds; k; k = b->h[k - 1].next) {
			const struct hold *h = &b->h[k - 1];
			const struct contract *c = &x->contracts->c[h->c];
			if (!(h->yd + h->td))
				continue;
			int_format(h->yd + h->td, lots, sizeof lots);
			price_format(c->settle, c->dp, price, sizeof price);
			const char *vals[] = { as->a[i].id, as->a[i].investor, as->a[i].member, c->id,
					       sides[h->side].name, lots, h->hedge ? "yes" : "no", price };
			crm_writer_row(w, vals, NULL);
		}
	crm_writer_close(w);
	if (fflush(fp) != 0 || ferror(fp) | fclose(fp) || rename(tmp, path) < 0) {
		crm_warn("%s:", path);
		remove(tmp);
		free(tmp);
		return CRM_ERROR;
	}
	free(tmp);
	return CRM_OK;
}

/* Whether an accounts column is one the margin row writes itself. */
static int
replaced(const char *name)
{
	return crm_type_col(&type_margin, name) != NULL || !strcmp(name, "统一开户编码");
}

int
cmd_margin(struct ctx *x)
{
	struct accounts *as;
	struct book b = { 0 };
	struct product_sums *ps;
	int st = CRM_OK;
	size_t i, j, npass = 0, *pass = NULL, errors = 0;
	char due[CRM_DATE_LEN] = "";

	if (!x->o->accounts)
		crm_usage_error("margin needs --accounts FILE (account,reserve)");
	as = accounts_load(x->o->accounts, x->o);
	b.d = xcalloc(as->n + 1, sizeof *b.d);
	b.fast = !x->o->trades && !x->o->positions_out && !x->o->larger_side;
	read_positions(x, as, &b);
	if (x->o->trades)
		read_trades(x, as, &b);

	/* The margin row, then the accounts file's other columns. */
	crm_writer_type(x->w, &type_margin);
	const struct crm_rec *r0 = as->a[0].rec;
	pass = xcalloc(r0->nf + 1, sizeof *pass);
	for (j = 0; j < r0->nf; j++)
		if (!replaced(r0->names[j])) {
			crm_writer_col(x->w, r0->names[j], crm_type_col(&type_account, r0->names[j]));
			pass[npass++] = j;
		}
	const char **vals = xcalloc(type_margin.ncols + npass + 1, sizeof *vals);
	char num[6][32];
	const char *basis = x->o->trades ? "trades" : "positions";
	const char *mode = x->o->larger_side ? "larger-side" : "gross";
	ps = xcalloc(x->contracts->products.n + 1, sizeof *ps);
	for (i = 0; i < as->n; i++) {
		const struct account *a = &as->a[i];
		struct settlement s = { 0 };
		if (!b.d[i].reason && settle_account(x, &b, i, a->reserve, ps, &s) < 0) {
			crm_warn_at(&a->rec->pos, "account '%s': the margin overflows", a->id);
			b.d[i].reason = xstrdup("the margin overflows");
		}
		vals[0] = a->id;
		vals[1] = a->investor;
		vals[2] = a->member;
		for (j = 3; j < 10; j++)
			vals[j] = "";
		vals[10] = b.d[i].reason ? "error" : "ok";
		vals[11] = b.d[i].reason ? b.d[i].reason : "";
		vals[12] = basis;
		vals[13] = mode;
		if (!b.d[i].reason) {
			int64_t v[6] = { s.reserve_before, s.prev_margin, s.margin, s.pnl, s.reserve, s.call };
			for (j = 0; j < 6; j++) {
				fen_format(v[j], num[j], sizeof num[j]);
				vals[3 + j] = num[j];
			}
			if (s.call > 0) {	/* FUT-15: before the next trading day's open */
				if (!*due)
					crm_date_format(next_trading_day(x), due);
				vals[9] = due;
				x->findings++;
			}
		} else {
			errors++;
		}
		for (j = 0; j < npass; j++)
			vals[type_margin.ncols + j] = a->rec->f[pass[j]];
		crm_writer_row(x->w, vals, NULL);
	}
	if (errors)
		st = CRM_ERROR;
	if (x->o->positions_out) {
		if (errors || x->status == CRM_ERROR)
			crm_warn("%s: not written: not every account was settled", x->o->positions_out);
		else
			st = crm_worst(st, write_positions(x, as, &b));
	}
	for (i = 0; i < as->n; i++)
		free(b.d[i].reason);
	free(ps);
	free(vals);
	free(pass);
	free(b.d);
	free(b.h);
	accounts_free(as);
	return st;
}
