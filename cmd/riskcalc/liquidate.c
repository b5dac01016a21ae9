/*
 * riskcalc liquidate: forced liquidation (FUT-15, FUT-16).  Positions over
 * the limit lose their excess, largest position first; an account with a
 * margin call loses lots, the largest margin per lot first, until the
 * margin they free covers the call.  The member closes them in the first
 * session; what it did not, the exchange closes.
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
struct demands {
	struct map calls, investors, members, executed;
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

/* Margin rows with a call (the operands). */
static int
read_calls(struct ctx *x, struct demands *d)
{
	static const char *const cols[] = { "account", "call", NULL };
	const struct crm_rec *rec;
	int acc, cal;
	int64_t call;

	if (!has_cols(x->in, "margin results", cols))
		return -1;
	acc = crm_input_col(x->in, "account");
	cal = crm_input_col(x->in, "call");
	while (next_rec(x, x->in, &rec)) {
		if (need(rec, cal, "call", crm_get_money(rec, cal, &call)) != CRM_FIELD_OK) {
			bad_rec(x);
			continue;
		}
		if (call <= 0)
			continue;
		const char *a = rec->f[acc];
		size_t i = demand(&d->calls, &d->call, &d->ncall, &d->ccap, a, strlen(a));
		d->call[i] += call;
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
	char *files[] = { (char *)x->o->positions };
	struct crm_input *in = crm_input_open(files, 1, &x->o->crm, &type_position);
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

/* FUT-15 ①: close lots, the largest margin per lot first, until they free the call. */
static void
call_closes(struct hold **acct, size_t n, int64_t call)
{
	__int128 need = (__int128)call * 100000000, freed = 0;
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
				       ex ? "exchange" : "member", due };
		int_format(k, lots, sizeof lots);
		crm_writer_row(x->w, vals, NULL);
		x->findings++;
	}
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
	acct = xreallocarray(NULL, n + 1, sizeof *acct);
	for (i = 0; i < n; i = j) {
		size_t k = 0, c = map_get(&d.calls, h[i].account, strlen(h[i].account));
		for (j = i; j < n && !strcmp(h[j].account, h[i].account); j++)
			acct[k++] = &h[j];
		if (c != MAP_NONE)
			call_closes(acct, k, d.call[c]);
	}
	free(acct);
	for (i = 0; i < n; i++)
		if (h[i].closed[0] + h[i].closed[1]) {
			if (!*due)
				crm_date_format(next_trading_day(x), due);
			write_rows(x, &d, &h[i], REASON_LIMIT, due);
			write_rows(x, &d, &h[i], REASON_CALL, due);
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
	return st;
}
