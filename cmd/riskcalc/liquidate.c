/*
 * riskcalc liquidate: forced liquidation (FUT-15, FUT-16).  Positions over
 * the limit lose their excess, largest position first; an account with a
 * margin call loses the fewest lots whose margin, under the margin mode
 * charged (gross or larger-side), covers the call.  A call no liquidation
 * can cover is reported as uncovered, never dropped; a margin row that is
 * an error is passed on as one.  The member closes in the first session;
 * what it did not, the exchange closes.
 */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

struct hold {
	char *account, *investor, *member;
	struct contract *c;
	int side, hedge;
	int64_t lots, left;		/* left: after the closes decided so far */
	int64_t closed[2];		/* by reason: REASON_LIMIT, REASON_CALL */
};
enum { REASON_LIMIT, REASON_CALL };

/* What must be closed: by account (calls), by investor or member and contract and side (limits). */
/* A margin row: a call, or an account that was not settled. */
struct call_row {
	char *account, *investor, *member, *reason;	/* reason: set on an error row */
	int larger_side, handled;
};

struct demands {
	struct map calls, investors, members, executed;
	struct call_row *rows;
	size_t rcap;
	struct call_row *errors;	/* error rows, in input order */
	size_t nerr, ecap;
	int64_t *call, *inv_excess, *mem_excess, *done;
	size_t ncall, ninv, nmem, ndone, ccap, icap, mcap, dcap;
	char *key;
	size_t keycap;
};

static size_t
demand(struct map *m, int64_t **v, size_t *n, size_t *cap, const char *key, size_t len)
{
	size_t i = map_put(m, key, len, *n);

	if (i == *n) {
		crm_grow(v, cap, *n + 1, sizeof **v);
		(*v)[(*n)++] = 0;
	}
	return i;
}

/*
 * Margin rows (the operands): those with a call, and those whose status is
 * error, passed on (fail closed: a broken settlement is never "nothing to
 * do").  margin_mode says how the margin was charged; --larger-side when
 * the column is absent.
 */
static int
read_calls(struct ctx *x, struct demands *d)
{
	static const char *const cols[] = { "account", "call", NULL };
	const struct crm_rec *rec;
	int acc, cal, sta, rea, mod, inv, mem;
	int64_t call;

	if (!has_cols(x->in, "margin results", cols))
		return -1;
	acc = crm_input_col(x->in, "account");
	cal = crm_input_col(x->in, "call");
	sta = crm_input_col(x->in, "status");
	rea = crm_input_col(x->in, "reason");
	mod = crm_input_col(x->in, "margin_mode");
	inv = crm_input_col(x->in, "investor");
	mem = crm_input_col(x->in, "member");
	while (next_rec(x, x->in, &rec)) {
		const char *a = rec->f[acc], *status = get(rec, sta), *mode = get(rec, mod);
		if (*status && strcmp(status, "ok") && strcmp(status, "正常")) {
			crm_warn_at(&rec->pos, "account '%s' was not settled (%s): passed on as an error",
				    a, *get(rec, rea) ? get(rec, rea) : status);
			crm_grow(&d->errors, &d->ecap, d->nerr + 1, sizeof *d->errors);
			d->errors[d->nerr++] = (struct call_row){ xstrdup(a), xstrdup(get(rec, inv)),
				xstrdup(get(rec, mem)), xstrdup(*get(rec, rea) ? get(rec, rea) : status),
				0, 0 };
			bad_rec(x);
			continue;
		}
		if (need(rec, cal, "call", crm_get_money(rec, cal, &call)) != CRM_FIELD_OK) {
			bad_rec(x);
			continue;
		}
		if (*mode && strcmp(mode, "gross") && strcmp(mode, "larger-side") &&
		    strcmp(mode, "双边") && strcmp(mode, "单向大边")) {
			crm_warn_at(&rec->pos, "margin_mode: expected gross or larger-side, found '%s'", mode);
			bad_rec(x);
			continue;
		}
		if (call <= 0)
			continue;
		size_t i = demand(&d->calls, &d->call, &d->ncall, &d->ccap, a, strlen(a));
		crm_grow(&d->rows, &d->rcap, d->ncall, sizeof *d->rows);
		if (d->call[i] == 0)
			d->rows[i] = (struct call_row){ xstrdup(a), xstrdup(get(rec, inv)), xstrdup(get(rec, mem)),
				NULL, *mode ? !strcmp(mode, "larger-side") || !strcmp(mode, "单向大边") :
				x->o->larger_side, 0 };
		if (crm_money_add(d->call[i], call, &d->call[i]) < 0)
			crm_die("%s:%ld: account '%s': the calls overflow", rec->pos.file, rec->pos.line, a);
	}
	return 0;
}

/* --limits: violations from riskcalc limits; --executed: what the member closed. */
static int
read_side_file(struct ctx *x, struct demands *d, const char *path, int limits)
{
	int st = CRM_OK;
	struct crm_table *t = crm_table_load(path, &x->o->crm, limits ? &type_violation : &type_order, &st);
	int kind = crm_table_col(t, "kind"), inv = crm_table_col(t, "investor");
	int mem = crm_table_col(t, "member"), con = crm_table_col(t, "contract");
	int sid = crm_table_col(t, "side"), acc = crm_table_col(t, "account");
	int lot = crm_table_col(t, limits ? "excess" : "lots");
	size_t i, j;

	if (crm_table_len(t) && (con < 0 || sid < 0 || lot < 0 || (limits ? kind < 0 : acc < 0))) {
		crm_warn("%s: %s", path, limits ? "violations need the columns kind, contract, side and excess" :
			 "executed closes need the columns account, contract, side and lots");
		crm_table_free(t);
		return -1;
	}
	for (i = 0; i < crm_table_len(t); i++) {
		const struct crm_rec *r = crm_table_rec(t, i);
		int side, k = 0;
		int64_t lots;
		struct contract *c = contract_of(x->contracts, r, con);
		if (!c || need(r, sid, "side", get_side(r, sid, &side)) ||
		    need(r, lot, "lots", get_lots(r, lot, &lots)) ||
		    (limits && need(r, kind, "kind", crm_get_enum(r, kind,
				crm_type_col(&type_violation, "kind")->values, &k)))) {
			st = CRM_ERROR;
			continue;
		}
		const char *who = limits ? get(r, k == 0 ? inv : mem) : get(r, acc);
		size_t n = map_key(&d->key, &d->keycap, who, c->id, sides[side].name);
		if (!limits) {
			j = demand(&d->executed, &d->done, &d->ndone, &d->dcap, d->key, n);
			d->done[j] += lots;
		} else if (k == 0) {
			j = demand(&d->investors, &d->inv_excess, &d->ninv, &d->icap, d->key, n);
			d->inv_excess[j] += lots;
		} else {
			j = demand(&d->members, &d->mem_excess, &d->nmem, &d->mcap, d->key, n);
			d->mem_excess[j] += lots;
		}
	}
	crm_table_free(t);
	if (st != CRM_OK)
		x->status = CRM_ERROR;
	return 0;
}

/* The positions of the accounts, investors and members concerned. */
static int
read_positions(struct ctx *x, struct demands *d, struct hold **hp, size_t *np)
{
	struct side_file sf;
	struct crm_input *in = side_input(&sf, x->o->positions, &x->o->crm, &type_position);
	struct position_cols k;
	const struct crm_rec *rec;
	size_t cap = 0;

	if (position_cols(in, &k, 0) < 0) {
		crm_input_free(in);
		return -1;
	}
	while (next_rec(x, in, &rec)) {
		struct position p;
		if (position_read(rec, &k, x->contracts, &p) < 0) {
			bad_rec(x);
			continue;
		}
		const char *side = sides[p.side].name;
		size_t ni = map_key(&d->key, &d->keycap, p.investor, p.c->id, side);
		int keep = map_get(&d->calls, p.account, strlen(p.account)) != MAP_NONE ||
			   map_get(&d->investors, d->key, ni) != MAP_NONE;
		size_t nm = map_key(&d->key, &d->keycap, p.member, p.c->id, side);
		keep |= map_get(&d->members, d->key, nm) != MAP_NONE;
		if (!keep || !p.lots)
			continue;
		crm_grow(hp, &cap, *np + 1, sizeof **hp);
		(*hp)[(*np)++] = (struct hold){ xstrdup(p.account), xstrdup(p.investor),
						xstrdup(p.member), p.c, p.side, p.hedge, p.lots,
						p.lots, { 0, 0 } };
	}
	int st = crm_input_status(in);
	crm_input_free(in);
	return st == CRM_OK ? 0 : -1;
}

/* Largest position first, then account, contract, side. */
static int
cmp_largest(const void *a, const void *b)
{
	const struct hold *x = *(struct hold *const *)a, *y = *(struct hold *const *)b;
	int c;

	if (x->left != y->left)
		return x->left > y->left ? -1 : 1;
	if ((c = strcmp(x->account, y->account)))
		return c;
	return x->c != y->c ? (x->c < y->c ? -1 : 1) : x->side - y->side;
}

struct member_of {
	size_t v;
	struct hold *h;
};

static int
cmp_violation(const void *a, const void *b)
{
	const struct member_of *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return cmp_largest(&x->h, &y->h);
}

/* FUT-15 ②: investors first; a member's excess then counts what they closed. */
static void
limit_closes(struct demands *d, struct hold *h, size_t n)
{
	struct member_of *m = xreallocarray(NULL, n + 1, sizeof *m);
	size_t i, j, k;

	for (int pass = 0; pass < 2; pass++) {
		struct map *dm = pass ? &d->members : &d->investors;
		const int64_t *ex = pass ? d->mem_excess : d->inv_excess;
		size_t nv = pass ? d->nmem : d->ninv;
		int64_t *left = xcalloc(nv + 1, sizeof *left);
		if (nv)
			memcpy(left, ex, nv * sizeof *left);
		for (i = k = 0; i < n; i++) {
			const char *who = pass ? h[i].member : h[i].investor;
			size_t len = map_key(&d->key, &d->keycap, who, h[i].c->id, sides[h[i].side].name);
			size_t v = map_get(dm, d->key, len);
			if (v == MAP_NONE)
				continue;
			left[v] -= h[i].closed[REASON_LIMIT];
			if (!h[i].hedge)	/* FUT-12 */
				m[k++] = (struct member_of){ v, &h[i] };
		}
		qsort(m, k, sizeof *m, cmp_violation);
		for (i = 0; i < k; i = j) {
			int64_t excess = left[m[i].v];
			for (j = i; j < k && m[j].v == m[i].v; j++) {
				int64_t c = m[j].h->left < excess ? m[j].h->left : excess;
				if (c <= 0)
					continue;
				m[j].h->left -= c;
				m[j].h->closed[REASON_LIMIT] += c;
				excess -= c;
			}
		}
		free(left);
	}
	free(m);
}

/* FUT-01: the margin one lot of h frees, exact in 1e-10 yuan. */
static __int128
lot_margin(const struct hold *h)
{
	return (__int128)h->c->settle * h->c->multiplier * h->c->margin_rate;
}

static int
cmp_margin(const void *a, const void *b)
{
	const struct hold *x = *(struct hold *const *)a, *y = *(struct hold *const *)b;
	__int128 mx = lot_margin(x), my = lot_margin(y);

	if (mx != my)
		return mx > my ? -1 : 1;
	return x->c != y->c ? (x->c < y->c ? -1 : 1) : x->side - y->side;
}

#define UNITS_PER_FEN 100000000	/* margin in 1e-10 yuan */

/*
 * FUT-15 ①, gross margin: each lot frees its own margin; the largest
 * margin per lot first is the fewest lots.  Returns what the closes leave
 * uncovered, in 1e-10 yuan (0 when covered).
 */
static __int128
gross_closes(struct hold **acct, size_t n, __int128 need)
{
	__int128 freed = 0;
	size_t i;

	for (i = 0; i < n; i++)
		freed += acct[i]->closed[REASON_LIMIT] * lot_margin(acct[i]);
	qsort(acct, n, sizeof *acct, cmp_margin);
	for (i = 0; i < n && freed < need; i++) {
		__int128 m = lot_margin(acct[i]);
		int64_t k = m ? (int64_t)qdiv(need - freed, m, RND_CEIL) : 0;
		if (k > acct[i]->left)
			k = acct[i]->left;
		acct[i]->left -= k;
		acct[i]->closed[REASON_CALL] += k;
		freed += k * m;
	}
	return freed < need ? need - freed : 0;
}

/* One side of one product of an account, largest margin per lot first. */
struct side_list {
	struct hold **h;
	size_t n;
	int64_t lots;		/* left */
	__int128 before, now;	/* the side's margin before any close, after the limit closes */
};

/* The margin of the a lots of s with the largest margin per lot. */
static __int128
top(const struct side_list *s, int64_t a)
{
	__int128 v = 0;

	for (size_t i = 0; i < s->n && a > 0; i++) {
		int64_t k = s->h[i]->left < a ? s->h[i]->left : a;
		v += k * lot_margin(s->h[i]);
		a -= k;
	}
	return v;
}

static void
take(struct side_list *s, int64_t a)
{
	for (size_t i = 0; i < s->n && a > 0; i++) {
		int64_t k = s->h[i]->left < a ? s->h[i]->left : a;
		s->h[i]->left -= k;
		s->h[i]->closed[REASON_CALL] += k;
		a -= k;
	}
}

static __int128
max128(__int128 a, __int128 b)
{
	return a > b ? a : b;
}

/* A product: its long and short sides; f[j], split[j]: what j lots free at best, and how. */
struct product {
	struct side_list s[2];
	__int128 *f;
	int64_t *split;		/* lots of the long side */
	size_t cap;
};

/*
 * FUT-15 ①, larger-side margin (max of the two sides per product): j lots
 * of a product free at most max(L, S) − max(L − top_L(a), S − top_S(j − a))
 * over the splits a; ties go to more lots on the long side.
 */
static void
product_f(struct product *p, int64_t j)
{
	const struct side_list *L = &p->s[LONG], *S = &p->s[SHORT];
	__int128 m = max128(L->now, S->now), best = -1;
	int64_t a, best_a = 0, lo = j - S->lots > 0 ? j - S->lots : 0;

	for (a = j < L->lots ? j : L->lots; a >= lo; a--) {
		__int128 v = m - max128(L->now - top(L, a), S->now - top(S, j - a));
		if (v > best)
			best = v, best_a = a;
	}
	crm_grow(&p->f, &p->cap, (size_t)j + 1, sizeof *p->f);
	p->split = xreallocarray(p->split, p->cap, sizeof *p->split);
	p->f[j] = best;
	p->split[j] = best_a;
}

/*
 * FUT-15 ①, larger-side margin: the fewest lots over all products whose
 * closing lowers the charged margin by need, by dynamic programming over
 * the products (best[k][n]: the most that n lots free in the first k + 1
 * products).  Returns what stays uncovered, in 1e-10 yuan.
 */
static __int128
larger_side_closes(const struct ctx *x, struct hold **acct, size_t n, __int128 need)
{
	size_t np = x->contracts->products.n, i, k;
	struct product *p = xcalloc(np + 1, sizeof *p);
	__int128 freed_limit = 0, all = 0, left = 0;
	int64_t total = 0, nl;

	qsort(acct, n, sizeof *acct, cmp_margin);
	for (i = 0; i < n; i++) {
		struct side_list *s = &p[acct[i]->c->product_ix].s[acct[i]->side];
		s->h = xreallocarray(s->h, s->n + 1, sizeof *s->h);
		s->h[s->n++] = acct[i];
		s->lots += acct[i]->left;
		s->before += acct[i]->lots * lot_margin(acct[i]);
		s->now += acct[i]->left * lot_margin(acct[i]);
		total += acct[i]->left;
	}
	for (k = 0; k < np; k++) {
		freed_limit += max128(p[k].s[0].before, p[k].s[1].before) -
			       max128(p[k].s[0].now, p[k].s[1].now);
		all += max128(p[k].s[0].now, p[k].s[1].now);
	}
	need -= freed_limit;
	if (need <= 0)
		goto out;
	if (all < need) {	/* uncovered: close everything */
		for (k = 0; k < np; k++)
			take(&p[k].s[0], p[k].s[0].lots), take(&p[k].s[1], p[k].s[1].lots);
		left = need - all;
		goto out;
	}
	/* best[k] and choice[k] grow with n until the last product's best covers need. */
	__int128 **best = xcalloc(np, sizeof *best);
	int64_t **choice = xcalloc(np, sizeof *choice);
	size_t cap = 0;
	for (nl = 0; nl <= total; nl++) {
		if ((size_t)nl >= cap) {
			cap = cap ? 2 * cap : 16;
			for (k = 0; k < np; k++) {
				best[k] = xreallocarray(best[k], cap, sizeof **best);
				choice[k] = xreallocarray(choice[k], cap, sizeof **choice);
			}
		}
		for (k = 0; k < np; k++) {
			int64_t lots = p[k].s[0].lots + p[k].s[1].lots;
			if (nl <= lots)
				product_f(&p[k], nl);
			int64_t jmax = nl < lots ? nl : lots;
			__int128 b = -1;
			int64_t c = 0;
			for (int64_t j = 0; j <= jmax; j++) {
				__int128 v = p[k].f[j] + (k ? best[k - 1][nl - j] : (j == nl ? 0 : -1));
				if (k == 0 && j != nl)
					continue;
				if (k && best[k - 1][nl - j] < 0)
					continue;
				if (v > b)
					b = v, c = j;
			}
			best[k][nl] = b;
			choice[k][nl] = c;
		}
		if (best[np - 1][nl] >= need)
			break;
	}
	for (k = np; k-- > 0;) {	/* walk the choices back */
		int64_t j = choice[k][nl], a = p[k].split[j];
		take(&p[k].s[LONG], a);
		take(&p[k].s[SHORT], j - a);
		nl -= j;
	}
	for (k = 0; k < np; k++) {
		free(best[k]);
		free(choice[k]);
	}
	free(best);
	free(choice);
out:
	for (k = 0; k < np; k++) {
		free(p[k].s[0].h);
		free(p[k].s[1].h);
		free(p[k].f);
		free(p[k].split);
	}
	free(p);
	return left;
}

static int
cmp_output(const void *a, const void *b)
{
	const struct hold *x = a, *y = b;
	int c = strcmp(x->account, y->account);

	if (c)
		return c;
	return x->c != y->c ? (x->c < y->c ? -1 : 1) : x->side - y->side;
}

static void
write_rows(struct ctx *x, struct demands *d, const struct hold *h, int reason, const char *due)
{
	static const char *const reasons[] = { "limit", "call" };
	int64_t want = h->closed[reason], by_member = want;
	char lots[32];

	if (!want)
		return;
	if (x->o->executed) {
		size_t len = map_key(&d->key, &d->keycap, h->account, h->c->id, sides[h->side].name);
		size_t i = map_get(&d->executed, d->key, len);
		by_member = i == MAP_NONE ? 0 : d->done[i] < want ? d->done[i] : want;
		if (i != MAP_NONE)
			d->done[i] -= by_member;
	}
	/* FUT-16: the member closes in the first session, the exchange the rest. */
	for (int ex = 0; ex < 2; ex++) {
		int64_t k = ex ? want - by_member : by_member;
		if (!k)
			continue;
		const char *vals[] = { ex ? "FUT-16" : "FUT-15", h->account, h->investor, h->member,
				       h->c->id, sides[h->side].name, lots, reasons[reason],
				       ex ? "exchange" : "member", due, "", "ok" };
		int_format(k, lots, sizeof lots);
		crm_writer_row(x->w, vals, NULL);
		x->findings++;
	}
}

/*
 * FUT-15: a call no liquidation covers (no positions, or all closed and
 * still short): a row without a contract, the amount left in remaining.
 */
static void
write_uncovered(struct ctx *x, const char *account, const struct call_row *r, int64_t fen,
		const char *due)
{
	char left[32];

	fen_format(fen, left, sizeof left);
	const char *vals[] = { "FUT-15", account, r->investor, r->member, "", "", "", "uncovered",
			       "", due, left, "ok" };
	crm_writer_row(x->w, vals, NULL);
	x->findings++;
}

int
cmd_liquidate(struct ctx *x)
{
	struct demands d = { 0 };
	struct hold *h = NULL, **acct;
	size_t n = 0, i, j;
	int st = CRM_OK;
	char due[CRM_DATE_LEN] = "";

	if (!x->o->positions)
		crm_usage_error("liquidate needs --positions FILE");
	crm_writer_type(x->w, &type_liquidation);
	map_init(&d.calls);
	map_init(&d.investors);
	map_init(&d.members);
	map_init(&d.executed);
	if (read_calls(x, &d) < 0 ||
	    (x->o->limits && read_side_file(x, &d, x->o->limits, 1) < 0) ||
	    (x->o->executed && read_side_file(x, &d, x->o->executed, 0) < 0) ||
	    read_positions(x, &d, &h, &n) < 0) {
		st = CRM_ERROR;
		goto out;
	}
	limit_closes(&d, h, n);
	if (n)
		qsort(h, n, sizeof *h, cmp_output);
	if (n || d.ncall)
		crm_date_format(next_trading_day(x), due);
	acct = xreallocarray(NULL, n + 1, sizeof *acct);
	for (i = 0; i < n; i = j) {
		size_t k = 0, c = map_get(&d.calls, h[i].account, strlen(h[i].account));
		__int128 left = 0;
		for (j = i; j < n && !strcmp(h[j].account, h[i].account); j++)
			acct[k++] = &h[j];
		if (c != MAP_NONE) {
			__int128 need = (__int128)d.call[c] * UNITS_PER_FEN;
			left = d.rows[c].larger_side ? larger_side_closes(x, acct, k, need) :
						       gross_closes(acct, k, need);
			d.rows[c].handled = 1;
		}
		for (size_t m = i; m < j; m++) {
			write_rows(x, &d, &h[m], REASON_LIMIT, due);
			write_rows(x, &d, &h[m], REASON_CALL, due);
		}
		if (left > 0)
			write_uncovered(x, h[i].account, &d.rows[c],
					(int64_t)qdiv(left, UNITS_PER_FEN, RND_CEIL), due);
	}
	free(acct);
	/* Calls of accounts that hold nothing in --positions. */
	for (i = 0; i < d.ncall; i++)
		if (!d.rows[i].handled)
			write_uncovered(x, d.rows[i].account, &d.rows[i], d.call[i], due);
	/* Fail closed: the accounts margin could not settle, passed on. */
	for (i = 0; i < d.nerr; i++) {
		const char *vals[] = { "FUT-15", d.errors[i].account, d.errors[i].investor,
				       d.errors[i].member, "", "", "", d.errors[i].reason, "", "", "",
				       "error" };
		crm_writer_row(x->w, vals, NULL);
	}
out:
	for (i = 0; i < n; i++) {
		free(h[i].account);
		free(h[i].investor);
		free(h[i].member);
	}
	free(h);
	map_release(&d.calls);
	map_release(&d.investors);
	map_release(&d.members);
	map_release(&d.executed);
	free(d.call);
	free(d.inv_excess);
	free(d.mem_excess);
	free(d.done);
	free(d.key);
	for (i = 0; i < d.ncall; i++) {
		free(d.rows[i].account);
		free(d.rows[i].investor);
		free(d.rows[i].member);
	}
	free(d.rows);
	for (i = 0; i < d.nerr; i++) {
		free(d.errors[i].account);
		free(d.errors[i].investor);
		free(d.errors[i].member);
		free(d.errors[i].reason);
	}
	free(d.errors);
	return st;
}
