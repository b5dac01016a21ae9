/*
 * riskcalc deleverage: forced deleveraging (强制减仓, FUT-17) by the 2010
 * CFFEX algorithm: close orders left unfilled at the limit price, from
 * accounts whose unit net loss is at least 10% of the settlement price,
 * are matched at the limit price against net profitable opposite
 * positions, tier by tier (unit profit ≥10%, [6%, 10%), (0, 6%)), pro rata
 * on both sides with lots by largest remainder.
 */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

#define LOSS_RATE (10 * RATE_ONE / 100)		/* requesters: unit net loss ≥ 10% of settle */
static const int64_t tier_rate[] = { 10 * RATE_ONE / 100, 6 * RATE_ONE / 100, 0 };
#define NTIERS 3

/* An account's holding in one contract, and its unfilled close orders. */
struct holder {
	char *account;
	struct contract *c;
	int64_t lots[2];
	__int128 pnl;			/* the position's pnl against settle, 1e-4 point-lots */
	int64_t order[2];		/* close orders, by the side of the position closed */
	struct crm_pos order_pos[2];	/* the first order's place */
};

/* One row of the result. */
struct fill {
	const char *account;
	const struct contract *c;
	int dir, side, role, tier;	/* dir: the losing side; tier 0: none */
	int64_t lots;
};

enum role { REQUESTER, COUNTERPARTY, OFFSET, UNFILLED };
static const char *const role_names[] = { "requester", "counterparty", "offset", "unfilled" };

struct fills {
	struct fill *f;
	size_t n, cap;
};

static void
emit(struct fills *out, const struct holder *h, int dir, int side, int role, int tier, int64_t lots)
{
	if (lots <= 0)
		return;
	crm_grow(&out->f, &out->cap, out->n + 1, sizeof *out->f);
	out->f[out->n++] = (struct fill){ h->account, h->c, dir, side, role, tier, lots };
}

/* Net lots in direction side (negative: net the other way). */
static int64_t
net(const struct holder *h, int side)
{
	return h->lots[side] - h->lots[!side];
}

/*
 * FUT-17 step 4: the unit net pnl compared with rate × settle:
 * sign(pnl / net − rate × settle) without dividing (net > 0).
 */
static int
cmp_unit(__int128 pnl, int64_t netlots, int64_t settle, int64_t rate)
{
	__int128 a = pnl * RATE_ONE, b = (__int128)rate * settle * netlots;

	return (a > b) - (a < b);
}

static int
cmp_account(const void *a, const void *b)
{
	const struct holder *x = *(struct holder *const *)a, *y = *(struct holder *const *)b;

	return strcmp(x->account, y->account);
}

/*
 * FUT-17: deleverage the holders of one contract whose close orders are
 * on side d (the losing side).  h[0, n) are the contract's holders sorted
 * by account.
 */
static void
deleverage(struct holder *const *h, size_t n, int d, struct fills *out)
{
	const struct contract *c = h[0]->c;
	struct holder **req = xreallocarray(NULL, n + 1, sizeof *req);
	struct holder **cp = xreallocarray(NULL, n + 1, sizeof *cp);
	int64_t *want = xcalloc(n + 1, sizeof *want), *base = xcalloc(n + 1, sizeof *base);
	int64_t *got = xcalloc(n + 1, sizeof *got), R = 0;
	int *tier = xcalloc(n + 1, sizeof *tier);
	const char **ids = xcalloc(n + 1, sizeof *ids);
	size_t nr = 0, nc = 0, i, j;

	for (i = 0; i < n; i++) {
		int64_t nd = net(h[i], d), part, offset;
		if (h[i]->order[d] > 0) {
			/* Step 3: the net part takes part; the rest offsets against the own opposite. */
			part = nd > 0 ? (h[i]->order[d] < nd ? h[i]->order[d] : nd) : 0;
			offset = h[i]->order[d] - part;
			if (offset > h[i]->lots[!d])
				offset = h[i]->lots[!d];
			emit(out, h[i], d, d, OFFSET, 0, offset);
			emit(out, h[i], d, !d, OFFSET, 0, offset);
			/* Step 2: a unit net loss of at least 10% of the settlement price. */
			if (part > 0 && cmp_unit(-h[i]->pnl, nd, c->settle, LOSS_RATE) >= 0) {
				req[nr] = h[i];
				want[nr++] = part;
				R += part;
			}
		}
		if (nd < 0) {
			/*
			 * Step 5: net profitable positions on the other side, by tier (step 6),
			 * an account whose own orders offset against them included: it is a
			 * counterparty for the net lots it keeps (FUT-17's decision).
			 */
			if (h[i]->pnl <= 0)
				continue;
			for (j = 0; j < NTIERS - 1 && cmp_unit(h[i]->pnl, -nd, c->settle, tier_rate[j]) < 0; j++)
				;
			cp[nc] = h[i];
			tier[nc++] = (int)j + 1;
		}
	}
	/* Step 7: tier by tier, pro rata on both sides. */
	for (int t = 1; t <= NTIERS && R > 0; t++) {
		int64_t T = 0;
		size_t k = 0;
		struct holder **tc = xreallocarray(NULL, nc + 1, sizeof *tc);
		for (i = 0; i < nc; i++)
			if (tier[i] == t) {
				tc[k] = cp[i];
				base[k] = -net(cp[i], d);
				ids[k++] = cp[i]->account;
				T += -net(cp[i], d);
			}
		if (T == 0) {
			free(tc);
			continue;
		}
		if (T >= R) {
			/* Every requester is filled; the tier gives R lots pro rata. */
			apportion(R, base, ids, k, got);
			for (i = 0; i < nr; i++)
				emit(out, req[i], d, d, REQUESTER, t, want[i]);
			for (i = 0; i < k; i++)
				emit(out, tc[i], d, !d, COUNTERPARTY, t, got[i]);
			for (i = 0; i < nr; i++)
				want[i] = 0;
			R = 0;
		} else {
			/* The whole tier closes; its lots go to the requesters pro rata. */
			for (i = 0; i < nr; i++)
				ids[i] = req[i]->account;
			apportion(T, want, ids, nr, got);
			for (i = 0; i < nr; i++) {
				emit(out, req[i], d, d, REQUESTER, t, got[i]);
				want[i] -= got[i];
			}
			for (i = 0; i < k; i++)
				emit(out, tc[i], d, !d, COUNTERPARTY, t, base[i]);
			R -= T;
		}
		free(tc);
	}
	for (i = 0; i < nr; i++)
		emit(out, req[i], d, d, UNFILLED, 0, want[i]);
	free(req);
	free(cp);
	free(want);
	free(base);
	free(got);
	free(tier);
	free(ids);
}

struct holders {
	struct holder *h;
	size_t n, cap;
	struct map by_key;
	char *key;
	size_t keycap;
};

static struct holder *
holder(struct holders *hs, const char *account, struct contract *c)
{
	size_t n = map_key(&hs->key, &hs->keycap, account, c->id, NULL);
	size_t i = map_put(&hs->by_key, hs->key, n, hs->n);

	if (i == hs->n) {
		crm_grow(&hs->h, &hs->cap, hs->n + 1, sizeof *hs->h);
		memset(&hs->h[i], 0, sizeof *hs->h);
		hs->h[i].account = xstrdup(account);
		hs->h[i].c = c;
		hs->n++;
	}
	return &hs->h[i];
}

/*
 * An order's side: the side of the position it closes (DESIGN.md), or, given
 * CTP-style, a direction 买/卖 (buy/sell, in side or direction) with an offset
 * 平 (close, 平今, 平昨): 卖平 closes a long, 买平 a short.
 */
static int
order_side(const struct crm_rec *rec, int sid, int dir, int off, int *side)
{
	const char *v = *get(rec, sid) ? get(rec, sid) : get(rec, dir);
	int col = *get(rec, sid) ? sid : dir, d, o;

	if ((d = crm_enum_parse(trade_sides, v)) < 0)
		return need(rec, col, "side", get_side(rec, col, side));
	if ((o = crm_enum_parse(offsets, get(rec, off))) <= 0) {
		crm_warn_at(&rec->pos, "offset: a %s order at the limit must close (平), found '%s'",
			    v, get(rec, off));
		return CRM_FIELD_BAD;
	}
	*side = d == 0 ? SHORT : LONG;
	return CRM_FIELD_OK;
}

/* FUT-17: the orders, each at its side's limit price; 0, or -1 when the input cannot be used. */
static int
read_orders(struct ctx *x, struct holders *hs, char *involved)
{
	static const char *const cols[] = { "account", "contract", "lots", NULL };
	const struct crm_rec *rec;
	int acc, con, sid, lot, pri, dir, off;
	char want[32];

	if (!has_cols(x->in, "orders", cols))
		return -1;
	if (crm_input_ncols(x->in) && crm_input_col(x->in, "side") < 0 &&
	    crm_input_col(x->in, "direction") < 0) {
		crm_warn("%s: orders need the column 'side' (or 'direction' and 'offset')",
			 crm_input_pos(x->in)->file);
		return -1;
	}
	dir = crm_input_col(x->in, "direction");
	off = crm_input_col(x->in, "offset");
	acc = crm_input_col(x->in, "account");
	con = crm_input_col(x->in, "contract");
	sid = crm_input_col(x->in, "side");
	lot = crm_input_col(x->in, "lots");
	pri = crm_input_col(x->in, "price");
	while (next_rec(x, x->in, &rec)) {
		struct contract *c;
		int side, bad = 0;
		int64_t lots, price;
		if (!*get(rec, acc)) {
			crm_warn_at(&rec->pos, "account: an order needs its account");
			bad = 1;
		}
		if (!(c = contract_of(x->contracts, rec, con)))
			bad = 1;
		bad |= order_side(rec, sid, dir, off, &side) != CRM_FIELD_OK;
		bad |= need(rec, lot, "lots", get_lots(rec, lot, &lots)) != CRM_FIELD_OK;
		int gp = get_price(rec, pri, &price);
		bad |= gp == CRM_FIELD_BAD;
		if (!bad && !c->bands.has_limit) {
			crm_warn_at(&rec->pos, "%s has no limit price today (its last trading day?): "
				    "nothing to deleverage", c->id);
			bad = 1;
		}
		int64_t limit = bad ? 0 : side == LONG ? c->bands.limit_down : c->bands.limit_up;
		if (!bad && gp == CRM_FIELD_OK && price != limit) {
			price_format(limit, c->dp, want, sizeof want);
			crm_warn_at(&rec->pos, "price: a %s close order to deleverage is at the limit %s, found '%s'",
				    sides[side].name, want, rec->f[pri]);
			bad = 1;
		}
		if (bad) {
			bad_rec(x);
			continue;
		}
		struct holder *h = holder(hs, rec->f[acc], c);
		if (!h->order[side])
			h->order_pos[side] = rec->pos;
		h->order[side] += lots;
		involved[c - x->contracts->c] = 1;
	}
	return 0;
}

/* The positions in the contracts with orders: lots and pnl against the settlement price. */
static int
read_positions(struct ctx *x, struct holders *hs, const char *involved)
{
	char *files[] = { (char *)x->o->positions };
	struct crm_input *in = crm_input_open(files, 1, &x->o->crm, &type_position);
	struct position_cols k;
	const struct crm_rec *rec;
	int st = CRM_OK;

	if (position_cols(in, &k, 1) < 0) {
		crm_input_free(in);
		return -1;
	}
	while (next_rec(x, in, &rec)) {
		struct position p;
		if (position_read(rec, &k, x->contracts, &p) < 0 ||
		    need(rec, k.avg_price, "avg_price", p.avg_price == NONE ? CRM_FIELD_EMPTY : CRM_FIELD_OK)) {
			bad_rec(x);
			continue;
		}
		if (!involved[p.c - x->contracts->c])
			continue;
		struct holder *h = holder(hs, p.account, p.c);
		__int128 v = (__int128)(p.c->settle - p.avg_price) * p.lots;
		h->lots[p.side] += p.lots;
		if (add128(&h->pnl, p.side == LONG ? v : -v) < 0)
			crm_die("%s:%ld: the pnl of account '%s' overflows", rec->pos.file, rec->pos.line,
				p.account);
	}
	st = crm_input_status(in);
	crm_input_free(in);
	return st == CRM_OK ? 0 : -1;
}

static int
cmp_holder(const void *a, const void *b)
{
	const struct holder *x = *(struct holder *const *)a, *y = *(struct holder *const *)b;

	if (x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return cmp_account(a, b);
}

static void
write_fill(struct ctx *x, const struct fill *f)
{
	char lots[32], price[32], tier[8] = "";
	const struct bands *b = &f->c->bands;
	const char *vals[] = { f->account, f->c->id, sides[f->side].name, lots, price,
			       role_names[f->role], tier };

	int_format(f->lots, lots, sizeof lots);
	/* Step 8: at the limit price of the losing side; unallocated lots have none. */
	price[0] = '\0';
	if (f->role != UNFILLED)
		price_format(f->dir == LONG ? b->limit_down : b->limit_up, f->c->dp, price, sizeof price);
	if (f->tier)
		snprintf(tier, sizeof tier, "%d", f->tier);
	crm_writer_row(x->w, vals, NULL);
}

int
cmd_deleverage(struct ctx *x)
{
	struct holders hs = { 0 };
	struct fills out = { 0 };
	struct holder **s;
	char *involved;
	size_t i, j;
	int st = CRM_OK;

	if (!x->o->positions)
		crm_usage_error("deleverage needs --positions FILE");
	crm_writer_type(x->w, &type_fill);
	map_init(&hs.by_key);
	involved = xcalloc(x->contracts->n + 1, 1);
	if (read_orders(x, &hs, involved) < 0 || read_positions(x, &hs, involved) < 0) {
		st = CRM_ERROR;
		goto out;
	}
	/* An order closes at most what the account holds. */
	for (i = 0; i < hs.n; i++)
		for (int side = LONG; side <= SHORT; side++)
			if (hs.h[i].order[side] > hs.h[i].lots[side]) {
				crm_warn_at(&hs.h[i].order_pos[side], "lots: close orders for %lld %s %s "
					    "but account '%s' holds %lld", (long long)hs.h[i].order[side],
					    sides[side].name, hs.h[i].c->id, hs.h[i].account,
					    (long long)hs.h[i].lots[side]);
				st = CRM_ERROR;
			}
	if (st != CRM_OK)
		goto out;
	s = xreallocarray(NULL, hs.n + 1, sizeof *s);
	for (i = 0; i < hs.n; i++)
		s[i] = &hs.h[i];
	qsort(s, hs.n, sizeof *s, cmp_holder);
	for (i = 0; i < hs.n; i = j) {
		int64_t orders[2] = { 0, 0 };
		for (j = i; j < hs.n && s[j]->c == s[i]->c; j++) {
			orders[LONG] += s[j]->order[LONG];
			orders[SHORT] += s[j]->order[SHORT];
		}
		for (int d = LONG; d <= SHORT; d++)
			if (orders[d])
				deleverage(s + i, j - i, d, &out);
	}
	free(s);
	for (i = 0; i < out.n; i++) {
		write_fill(x, &out.f[i]);
		if (out.f[i].role == REQUESTER)
			x->findings++;
	}
out:
	for (i = 0; i < hs.n; i++)
		free(hs.h[i].account);
	free(hs.h);
	free(hs.key);
	map_release(&hs.by_key);
	free(out.f);
	free(involved);
	return st;
}
