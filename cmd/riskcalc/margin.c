/*
 * riskcalc margin: the day's settlement of every account (FUT-01, FUT-02):
 * margin at today's settlement price and margin rate, the day's pnl, the
 * settlement reserve after both, and the margin call.
 */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

#define FEN_PER_MARGIN_UNIT 100000000	/* margin sums are in 1e-10 yuan */
#define FEN_PER_PNL_UNIT 100		/* pnl sums are in 1e-4 yuan */

/* One product's sums of an account, for --larger-side. */
struct product_sums {
	size_t product, next;		/* next: 1 + index, 0 at the end */
	__int128 m[2], pm[2];		/* by side: margin today, yesterday */
};

/* Exact running sums of an account. */
struct sums {
	__int128 margin, prev_margin;	/* 1e-10 yuan */
	__int128 pnl;			/* 1e-4 yuan */
	size_t products;		/* --larger-side: 1 + index of the first, 0 none */
};

struct ledger {
	struct sums *s;
	struct product_sums *p;
	size_t np, pcap;
};

/* The settled account, in fen. */
struct settlement {
	int64_t reserve_before, prev_margin, margin, pnl, reserve, call;
};

/* FUT-01: price × multiplier × lots × rate, exact in 1e-10 yuan; -1 on overflow. */
static int
position_margin(const struct contract *c, int64_t price, int64_t rate, int64_t lots, __int128 *out)
{
	return mul128((__int128)price * c->multiplier * lots, rate, out);
}

/* FUT-01: (settle − prev_settle) × multiplier × signed lots, exact in 1e-4 yuan. */
static __int128
position_pnl(const struct contract *c, int side, int64_t lots)
{
	__int128 v = (__int128)(c->settle - c->prev_settle) * c->multiplier * lots;

	return side == LONG ? v : -v;
}

static struct product_sums *
product_sums(struct ledger *l, size_t acct, size_t product)
{
	size_t i;

	for (i = l->s[acct].products; i; i = l->p[i - 1].next)
		if (l->p[i - 1].product == product)
			return &l->p[i - 1];
	crm_grow(&l->p, &l->pcap, l->np + 1, sizeof *l->p);
	memset(&l->p[l->np], 0, sizeof *l->p);
	l->p[l->np].product = product;
	l->p[l->np].next = l->s[acct].products;
	l->s[acct].products = ++l->np;
	return &l->p[l->np - 1];
}

/* Add a position to its account's sums; -1 on overflow. */
static int
add_position(struct ledger *l, size_t acct, const struct position *p, int larger_side)
{
	const struct contract *c = p->c;
	struct sums *s = &l->s[acct];
	__int128 m, pm;

	if (position_margin(c, c->settle, c->margin_rate, p->lots, &m) < 0 ||
	    position_margin(c, c->prev_settle, c->prev_margin_rate, p->lots, &pm) < 0 ||
	    add128(&s->pnl, position_pnl(c, p->side, p->lots)) < 0)
		return -1;
	if (larger_side) {
		struct product_sums *ps = product_sums(l, acct, c->product_ix);
		return add128(&ps->m[p->side], m) < 0 || add128(&ps->pm[p->side], pm) < 0 ? -1 : 0;
	}
	return add128(&s->margin, m) < 0 || add128(&s->prev_margin, pm) < 0 ? -1 : 0;
}

/* --larger-side: each product's margin is its larger side's. */
static int
larger_sides(struct ledger *l, size_t acct)
{
	struct sums *s = &l->s[acct];

	for (size_t i = s->products; i; i = l->p[i - 1].next) {
		const struct product_sums *ps = &l->p[i - 1];
		if (add128(&s->margin, ps->m[LONG] > ps->m[SHORT] ? ps->m[LONG] : ps->m[SHORT]) < 0 ||
		    add128(&s->prev_margin, ps->pm[LONG] > ps->pm[SHORT] ? ps->pm[LONG] : ps->pm[SHORT]) < 0)
			return -1;
	}
	return 0;
}

/*
 * FUT-01, FUT-02: each amount is rounded once to the fen, half away from
 * zero; reserve = reserve before + pnl − (margin − prev_margin) on the
 * rounded amounts, so the row adds up; call = the reserve's shortfall.
 */
static int
settle(const struct sums *s, int64_t reserve_before, struct settlement *out)
{
	__int128 m = qdiv(s->margin, FEN_PER_MARGIN_UNIT, RND_HALF_UP);
	__int128 pm = qdiv(s->prev_margin, FEN_PER_MARGIN_UNIT, RND_HALF_UP);
	__int128 pnl = qdiv(s->pnl, FEN_PER_PNL_UNIT, RND_HALF_UP);
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

/* Whether an accounts column is one the margin row writes itself. */
static int
replaced(const char *name)
{
	return crm_type_col(&type_margin, name) != NULL || !strcmp(name, "reserve");
}

int
cmd_margin(struct ctx *x)
{
	struct accounts *as;
	struct position_cols k;
	struct ledger l = { 0 };
	const struct crm_rec *rec;
	int st = CRM_OK;
	size_t i, j, npass = 0, *pass = NULL;

	if (!x->o->accounts)
		crm_usage_error("margin needs --accounts FILE (account,reserve)");
	if (!(as = accounts_load(x->o->accounts, x->o, &st)) || st != CRM_OK) {
		accounts_free(as);
		return CRM_ERROR;
	}
	if (position_cols(x->in, &k, 0) < 0) {
		accounts_free(as);
		return CRM_ERROR;
	}
	l.s = xcalloc(as->n + 1, sizeof *l.s);
	while (next_rec(x, x->in, &rec)) {
		struct position p;
		if (position_read(rec, &k, x->contracts, &p) < 0) {
			bad_rec(x);
			continue;
		}
		if ((i = account_find(as, p.account)) == MAP_NONE) {
			crm_warn_at(&rec->pos, "account: unknown account '%s' (not in %s)", p.account,
				    x->o->accounts);
			bad_rec(x);
			continue;
		}
		if (add_position(&l, i, &p, x->o->larger_side) < 0)
			crm_die("%s:%ld: account '%s': the margin overflows", rec->pos.file,
				rec->pos.line, p.account);
	}

	/* The margin row, then the accounts file's other columns. */
	crm_writer_type(x->w, &type_margin);
	if (as->n) {
		const struct crm_rec *r = as->a[0].rec;
		pass = xcalloc(r->nf + 1, sizeof *pass);
		for (j = 0; j < r->nf; j++)
			if (!replaced(r->names[j])) {
				crm_writer_col(x->w, r->names[j], crm_type_col(&type_account, r->names[j]));
				pass[npass++] = j;
			}
	}
	const char **vals = xcalloc(type_margin.ncols + npass + 1, sizeof *vals);
	char num[6][32];
	for (i = 0; i < as->n; i++) {
		const struct account *a = &as->a[i];
		struct settlement s;
		if ((x->o->larger_side && larger_sides(&l, i) < 0) ||
		    settle(&l.s[i], a->reserve, &s) < 0)
			crm_die("%s:%ld: account '%s': the margin overflows", a->rec->pos.file,
				a->rec->pos.line, a->id);
		int64_t v[6] = { s.reserve_before, s.prev_margin, s.margin, s.pnl, s.reserve, s.call };
		vals[0] = a->id;
		vals[1] = a->investor;
		vals[2] = a->member;
		for (j = 0; j < 6; j++) {
			fen_format(v[j], num[j], sizeof num[j]);
			vals[3 + j] = num[j];
		}
		for (j = 0; j < npass; j++)
			vals[type_margin.ncols + j] = a->rec->f[pass[j]];
		crm_writer_row(x->w, vals, NULL);
		if (s.call > 0)
			x->findings++;
	}
	free(vals);
	free(pass);
	free(l.s);
	free(l.p);
	accounts_free(as);
	return CRM_OK;
}
