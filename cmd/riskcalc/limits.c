/*
 * riskcalc limits and report: an investor's speculative one-side position
 * per contract summed across members against the limit (FUT-09, 10, 12,
 * 13), members against 25% of a large open interest (FUT-11), and
 * investors at the large-trader reporting threshold (FUT-14).
 */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

/* An investor's or a member's lots in one contract. */
struct holding {
	char *who;			/* investor or (clearing) member */
	struct contract *c;
	int64_t spec[2], all[2];	/* by side: speculative, and with hedging */
	int64_t counted[2];		/* FUT-12: hedge lots counted as speculation */
	int64_t covered[2];		/* FUT-12: hedge lots a quota covers */
	int quota[2];			/* FUT-12: whether any quota applies */
	char *members[2], *names;	/* investor: by side, its members (';'); names */
	char *member_names[2];		/* FUT-10, 14: only members holding that side */
	char *codes[2];			/* FUT-10: trading codes holding that side */
	size_t nmembers[2];
};

struct holdings {
	struct holding *h;
	size_t n, cap;
	struct map by_key;
};

/* The settings files of limits, report and warn (FUT-10, 11, 12). */
struct limit_settings {
	struct crm_table *inv, *clr, *quo;
	struct map code;		/* trading_code, member -> row of inv */
	struct map clearing;		/* member -> row of clr */
	struct map quota;		/* "i"|"m", who, contract or product -> quotas[] */
	int64_t *quotas;
	int inv_col, clr_col;
};

/* Everything the positions say, by investor and by member. */
struct book {
	struct holdings inv, mem;
	int64_t (*oi)[2];		/* per contract, all lots by side */
	char *key;
	size_t keycap;
	struct limit_settings set;
};

static struct holding *
holding(struct holdings *hs, char **key, size_t *cap, const char *who, struct contract *c)
{
	size_t n = map_key(key, cap, who, c->id, NULL);
	size_t i = map_put(&hs->by_key, *key, n, hs->n);

	if (i == hs->n) {
		crm_grow(&hs->h, &hs->cap, hs->n + 1, sizeof *hs->h);
		memset(&hs->h[i], 0, sizeof *hs->h);
		hs->h[i].who = xstrdup(who);
		hs->h[i].c = c;
		hs->n++;
	}
	return &hs->h[i];
}

/* Append s to the ';'-list *list unless it is there already; returns 1 when added. */
static int
list_add(char **list, const char *s)
{
	size_t n = strlen(s), len;
	const char *p;

	if (!*s)
		return 0;
	if (*list)
		for (p = *list; (p = strstr(p, s)); p += n)
			if ((p == *list || p[-1] == ';') && (p[n] == ';' || !p[n]))
				return 0;
	len = *list ? strlen(*list) : 0;
	*list = xrealloc(*list, len + n + 2);
	if (len)
		(*list)[len++] = ';';
	memcpy(*list + len, s, n + 1);
	return 1;
}

static void
holdings_release(struct holdings *hs)
{
	for (size_t i = 0; i < hs->n; i++) {
		free(hs->h[i].who);
		free(hs->h[i].members[0]);
		free(hs->h[i].members[1]);
		free(hs->h[i].member_names[1]);
		free(hs->h[i].names);
		free(hs->h[i].member_names[0]);
		free(hs->h[i].codes[0]);
		free(hs->h[i].codes[1]);
	}
	free(hs->h);
	map_release(&hs->by_key);
}

/* Checked lots: an overflow is an error naming the investor, member or contract, never a wrap. */
static void
add_checked(int64_t *sum, int64_t lots, const struct crm_rec *rec, const char *what,
	    const char *who, const struct contract *c)
{
	if (lots > LOTS_MAX - *sum)
		crm_die("%s:%ld: %s '%s': the lots of %s overflow", rec->pos.file, rec->pos.line, what,
			who, c->id);
	*sum += lots;
}

/* The column of t called name, else the one called alias (another spelling). */
static int
col_or(struct crm_table *t, const char *name, const char *alias)
{
	int c = crm_table_col(t, name);

	return c >= 0 || !alias ? c : crm_table_col(t, alias);
}

/* FUT-10: --investors, trading_code,member,investor: one investor per code and member. */
static int
investors_load(const struct opts *o, struct limit_settings *set)
{
	struct crm_table *t;
	int code, mem, bad = 0;
	char *key = NULL;
	size_t cap = 0, i, n;

	t = set->inv = crm_settings_load(o->investors, &o->crm, &type_investor_map, "investors");
	code = crm_table_col(t, "trading_code");
	mem = crm_table_col(t, "member");
	set->inv_col = col_or(t, "investor", "统一开户编码");
	if (code < 0 || mem < 0 || set->inv_col < 0) {
		crm_warn("%s: investors need the columns trading_code, member and investor",
			 o->investors);
		return -1;
	}
	for (i = 0; i < crm_table_len(t); i++) {
		const struct crm_rec *r = crm_table_rec(t, i);
		if (!*get(r, code) || !*get(r, mem) || !*get(r, set->inv_col)) {
			crm_warn_at(&r->pos, "expected a trading_code, a member and an investor");
			bad = 1;
			continue;
		}
		n = map_key(&key, &cap, get(r, code), get(r, mem), NULL);
		if (map_put(&set->code, key, n, i) != i) {
			crm_warn_at(&r->pos, "trading code '%s' of member '%s' appears more than once",
				    get(r, code), get(r, mem));
			bad = 1;
		}
	}
	free(key);
	return bad ? -1 : 0;
}

/* FUT-11: the clearing member of member (a member with no row clears for itself). */
static const char *
clearing_of(const struct limit_settings *set, const char *member)
{
	size_t i;

	if (!set->clr || (i = map_get(&set->clearing, member, strlen(member))) == MAP_NONE)
		return member;
	return get(crm_table_rec(set->clr, i), set->clr_col);
}

/* FUT-11: --members, member,clearing_member[,member_name]; a clearing member clears for itself. */
static int
members_load(const struct opts *o, struct limit_settings *set)
{
	struct crm_table *t;
	int mem, bad = 0;
	size_t i;

	t = set->clr = crm_settings_load(o->members, &o->crm, &type_clearing, "members");
	mem = crm_table_col(t, "member");
	set->clr_col = crm_table_col(t, "clearing_member");
	if (mem < 0 || set->clr_col < 0) {
		crm_warn("%s: members need the columns member and clearing_member", o->members);
		return -1;
	}
	for (i = 0; i < crm_table_len(t); i++) {
		const struct crm_rec *r = crm_table_rec(t, i);
		const char *m = get(r, mem);
		if (!*m || !*get(r, set->clr_col)) {
			crm_warn_at(&r->pos, "expected a member and its clearing_member");
			bad = 1;
		} else if (map_put(&set->clearing, m, strlen(m), i) != i) {
			crm_warn_at(&r->pos, "member '%s' appears more than once", m);
			bad = 1;
		}
	}
	for (i = 0; !bad && i < crm_table_len(t); i++) {
		const struct crm_rec *r = crm_table_rec(t, i);
		const char *cm = get(r, set->clr_col);
		if (strcmp(clearing_of(set, cm), cm)) {
			crm_warn_at(&r->pos, "clearing member '%s' clears through '%s': "
				    "a clearing member clears for itself", cm, clearing_of(set, cm));
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/*
 * FUT-12: --hedge-quotas, investor,contract,lots (or member,contract,lots):
 * contract is a contract or a product.  Member quotas are summed under
 * the clearing member (FUT-11).
 */
static int
quotas_load(struct ctx *x, struct limit_settings *set)
{
	const struct opts *o = x->o;
	struct crm_table *t;
	int inv, mem, con, lots, bad = 0;
	char *key = NULL;
	size_t cap = 0, i, n, j;
	struct map raw;

	t = set->quo = crm_settings_load(o->hedge_quotas, &o->crm, &type_quota, "hedge quotas");
	inv = col_or(t, "investor", "统一开户编码");
	mem = crm_table_col(t, "member");
	con = crm_table_col(t, "contract");
	lots = crm_table_col(t, "lots");
	if ((inv < 0 && mem < 0) || con < 0 || lots < 0) {
		crm_warn("%s: hedge quotas need the columns investor (or member), contract and lots",
			 o->hedge_quotas);
		return -1;
	}
	set->quotas = xcalloc(2 * crm_table_len(t) + 2, sizeof *set->quotas);
	map_init(&raw);
	for (i = 0; i < crm_table_len(t); i++) {
		const struct crm_rec *r = crm_table_rec(t, i);
		const char *who = get(r, inv), *m = get(r, mem), *what = get(r, con);
		int64_t q;
		if (!*who == !*m) {
			crm_warn_at(&r->pos, "a quota is an investor's or a member's: give one of them");
			bad = 1;
			continue;
		}
		if (!*what || (!contract_find(x->contracts, what) &&
			       map_get(&x->contracts->products, what, strlen(what)) == MAP_NONE)) {
			crm_warn_at(&r->pos, "contract: expected a contract or a product, found '%s'", what);
			bad = 1;
			continue;
		}
		if (need(r, lots, "lots", get_lots(r, lots, &q)) != CRM_FIELD_OK) {
			bad = 1;
			continue;
		}
		n = map_key(&key, &cap, *who ? "i" : "m", *who ? who : m, what);
		if (map_put(&raw, key, n, i) != i) {
			crm_warn_at(&r->pos, "the quota of '%s' for %s appears more than once",
				    *who ? who : m, what);
			bad = 1;
			continue;
		}
		if (*m)
			n = map_key(&key, &cap, "m", clearing_of(set, m), what);
		j = map_put(&set->quota, key, n, set->quota.n);
		if (q > LOTS_MAX - set->quotas[2 * j]) {
			crm_warn_at(&r->pos, "the quotas of '%s' for %s overflow", m, what);
			bad = 1;
			continue;
		}
		set->quotas[2 * j] += q;	/* by side: what is left of it */
		set->quotas[2 * j + 1] += q;
	}
	map_release(&raw);
	free(key);
	return bad ? -1 : 0;
}

static void
settings_release(struct limit_settings *set)
{
	crm_table_free(set->inv);
	crm_table_free(set->clr);
	crm_table_free(set->quo);
	map_release(&set->code);
	map_release(&set->clearing);
	map_release(&set->quota);
	free(set->quotas);
	memset(set, 0, sizeof *set);
}

/* Load the settings files named; a bad one stops riskcalc before any output (exit 2). */
static void
settings_load(struct ctx *x, struct limit_settings *set)
{
	const struct opts *o = x->o;
	const char *bad = NULL, *what = NULL;

	map_init(&set->code);
	map_init(&set->clearing);
	map_init(&set->quota);
	if (o->investors && investors_load(o, set) < 0)
		bad = o->investors, what = "investors";
	else if (o->members && members_load(o, set) < 0)
		bad = o->members, what = "members";
	else if (o->hedge_quotas && quotas_load(x, set) < 0)
		bad = o->hedge_quotas, what = "hedge quotas";
	if (bad) {
		settings_release(set);
		crm_die("%s: bad %s file; nothing was done", bad, what);
	}
}

/*
 * FUT-10: the investor of a position: the investors file maps its trading
 * code at its member; a code it does not know is an error unless the
 * position names its investor, and the two must agree.  NULL after a
 * diagnostic.
 */
static const char *
investor_of(struct book *b, const struct crm_rec *rec, const struct position_cols *k,
	    const struct position *p)
{
	const struct limit_settings *set = &b->set;
	const char *given = get(rec, k->investor), *inv;
	size_t i, n;

	if (!set->inv || !*p->trading_code)
		return p->investor;
	n = map_key(&b->key, &b->keycap, p->trading_code, p->member, NULL);
	if ((i = map_get(&set->code, b->key, n)) == MAP_NONE) {
		if (*given)
			return given;
		crm_warn_at(&rec->pos, "trading code '%s' of member '%s' is not in %s",
			    p->trading_code, p->member, crm_table_rec(set->inv, 0)->pos.file);
		return NULL;
	}
	inv = get(crm_table_rec(set->inv, i), set->inv_col);
	if (*given && strcmp(given, inv)) {
		crm_warn_at(&rec->pos, "investor '%s' differs from '%s', the investor of trading code '%s' of member '%s'",
			    given, inv, p->trading_code, p->member);
		return NULL;
	}
	return inv;
}

static int
cmp_who(const void *a, const void *b)
{
	const struct holding *x = *(struct holding *const *)a, *y = *(struct holding *const *)b;
	int d = strcmp(x->who, y->who);

	return d ? d : strcmp(x->c->id, y->c->id);
}

/* FUT-12: take up to want lots from the quota kind/who/what on side; 1 when there is one. */
static int
quota_take(struct book *b, const char *kind, const char *who, const char *what, int side,
	   int64_t want, int64_t *got)
{
	size_t n = map_key(&b->key, &b->keycap, kind, who, what);
	size_t j = map_get(&b->set.quota, b->key, n);
	int64_t *left;

	*got = 0;
	if (j == MAP_NONE)
		return 0;
	left = &b->set.quotas[2 * j + side];
	*got = want < *left ? want : *left;
	*left -= *got;
	return 1;
}

/*
 * FUT-12: hedge lots are exempt only within an approved quota: first the
 * contract's quota, then the product's, shared by its contracts in the
 * order of their codes (per side).  What no quota covers counts as
 * speculation.
 */
static void
apply_quotas(struct book *b, struct holdings *hs, const char *kind)
{
	struct holding **s = xreallocarray(NULL, hs->n + 1, sizeof *s);
	size_t i;

	for (i = 0; i < hs->n; i++)
		s[i] = &hs->h[i];
	qsort(s, hs->n, sizeof *s, cmp_who);
	for (i = 0; i < hs->n; i++)
		for (int side = LONG; side <= SHORT; side++) {
			struct holding *h = s[i];
			int64_t hedge = h->all[side] - h->spec[side], a, p;
			int found;
			if (!hedge)
				continue;
			found = quota_take(b, kind, h->who, h->c->id, side, hedge, &a);
			found |= quota_take(b, kind, h->who, h->c->product, side, hedge - a, &p);
			h->covered[side] = a + p;
			h->counted[side] = hedge - a - p;
			h->spec[side] += h->counted[side];	/* ≤ all: no overflow */
			h->quota[side] = found;
		}
	free(s);
}

/* FUT-10: read the positions into the book; returns 0, or -1 when the input cannot be used. */
static int
book_read(struct ctx *x, struct book *b)
{
	struct position_cols k;
	const struct crm_rec *rec;

	map_init(&b->inv.by_key);
	map_init(&b->mem.by_key);
	b->oi = xcalloc(x->contracts->n + 1, sizeof *b->oi);
	if (position_cols(x->in, &k, 0) < 0)
		return -1;
	while (next_rec(x, x->in, &rec)) {
		struct position p;
		if (position_read(rec, &k, x->contracts, &p) < 0 ||
		    !(p.investor = investor_of(b, rec, &k, &p))) {
			bad_rec(x);
			continue;
		}
		struct holding *h = holding(&b->inv, &b->key, &b->keycap, p.investor, p.c);
		add_checked(&h->all[p.side], p.lots, rec, "investor", p.investor, p.c);
		if (!p.hedge)	/* FUT-12 */
			add_checked(&h->spec[p.side], p.lots, rec, "investor", p.investor, p.c);
		if (p.lots) {
			h->nmembers[p.side] += list_add(&h->members[p.side], p.member);
			list_add(&h->member_names[p.side], get(rec, k.member_name));
			list_add(&h->codes[p.side], p.trading_code);
		}
		list_add(&h->names, get(rec, k.investor_name));
		if (*p.member) {	/* FUT-11: under its clearing member */
			const char *cm = clearing_of(&b->set, p.member);
			h = holding(&b->mem, &b->key, &b->keycap, cm, p.c);
			add_checked(&h->all[p.side], p.lots, rec, "member", cm, p.c);
			if (!p.hedge)
				add_checked(&h->spec[p.side], p.lots, rec, "member", cm, p.c);
			if (p.lots)
				h->nmembers[p.side] += list_add(&h->members[p.side], p.member);
		}
		add_checked(&b->oi[p.c - x->contracts->c][p.side], p.lots, rec, "contract", p.c->id, p.c);
	}
	apply_quotas(b, &b->inv, "i");
	apply_quotas(b, &b->mem, "m");
	return 0;
}

static void
book_release(struct book *b)
{
	holdings_release(&b->inv);
	holdings_release(&b->mem);
	free(b->oi);
	free(b->key);
	settings_release(&b->set);
}

/* FUT-11: one-side open interest: the contract's, else the larger side of the positions read. */
static int64_t
open_interest(const struct ctx *x, const struct book *b, const struct contract *c)
{
	const int64_t *oi = b->oi[c - x->contracts->c];

	if (c->open_interest != NONE)
		return c->open_interest;
	return oi[LONG] > oi[SHORT] ? oi[LONG] : oi[SHORT];
}

/* FUT-11: above member_oi lots, a member holds at most member_share of it (whole lots). */
static int
member_cap(const struct contract *c, int64_t oi, int64_t *cap)
{
	if (oi <= c->member_oi)
		return 0;
	*cap = (int64_t)qdiv((__int128)oi * c->member_share, RATE_ONE, RND_FLOOR);
	return 1;
}

static int
cmp_holding(const void *a, const void *b)
{
	const struct holding *x = *(struct holding *const *)a, *y = *(struct holding *const *)b;
	int d = strcmp(x->c->id, y->c->id);

	return d ? d : strcmp(x->who, y->who);
}

/* The holdings sorted by contract, then investor or member. */
static struct holding **
sorted(struct holdings *hs)
{
	struct holding **s = xreallocarray(NULL, hs->n + 1, sizeof *s);

	for (size_t i = 0; i < hs->n; i++)
		s[i] = &hs->h[i];
	qsort(s, hs->n, sizeof *s, cmp_holding);
	return s;
}

/*
 * FUT-11, FUT-12: why a row counts what it counts: the trading members a
 * clearing member answers for, and hedge lots no quota covers.
 */
static char *
violation_note(const struct holding *h, int side, int member)
{
	char counted[32], covered[32], *note = NULL, *hedge = NULL;

	if (member && h->members[side] && strcmp(h->members[side], h->who))
		note = xasprintf("clearing member of %s", h->members[side]);
	if (h->counted[side]) {
		int_format(h->counted[side], counted, sizeof counted);
		int_format(h->covered[side], covered, sizeof covered);
		hedge = h->quota[side] ?
			xasprintf("%s hedge lots beyond the quota (%s covered) count as speculation",
				  counted, covered) :
			xasprintf("%s hedge lots without a quota count as speculation", counted);
	}
	if (note && hedge) {
		char *both = xasprintf("%s; %s", note, hedge);
		free(note);
		free(hedge);
		return both;
	}
	return note ? note : hedge;
}

static void
violation(struct ctx *x, const char *rule, const struct holding *h, int side, int64_t limit,
	  int member)
{
	char l[32], lim[32], ex[32], *note = violation_note(h, side, member);
	const char *ms = h->members[side] ? h->members[side] : "";
	const char *vals[] = { rule, member ? "member" : "investor", member ? "" : h->who,
			       member ? h->who : ms, h->c->id, sides[side].name, l, lim, ex,
			       side == LONG ? "no-open-long" : "no-open-short",
			       member || !h->codes[side] ? "" : h->codes[side], note ? note : "" };

	int_format(h->spec[side], l, sizeof l);
	int_format(limit, lim, sizeof lim);
	int_format(h->spec[side] - limit, ex, sizeof ex);
	crm_writer_row(x->w, vals, NULL);
	free(note);
	x->findings++;
}

int
cmd_limits(struct ctx *x)
{
	struct book b = { 0 };
	struct holding **s;
	size_t i;
	int side;
	int64_t cap;

	settings_load(x, &b.set);
	crm_writer_type(x->w, &type_violation);
	if (book_read(x, &b) < 0) {
		book_release(&b);
		return CRM_ERROR;
	}
	/* FUT-09, FUT-10: the investor's speculative lots on one side, over all its members. */
	s = sorted(&b.inv);
	for (i = 0; i < b.inv.n; i++)
		for (side = LONG; side <= SHORT; side++)
			if (s[i]->spec[side] > s[i]->c->position_limit)
				violation(x, s[i]->nmembers[side] > 1 ? "FUT-10" : "FUT-09", s[i], side,
					  s[i]->c->position_limit, 0);
	free(s);
	/* FUT-11: a clearing member over its share of a large open interest. */
	s = sorted(&b.mem);
	for (i = 0; i < b.mem.n; i++)
		for (side = LONG; side <= SHORT; side++)
			if (member_cap(s[i]->c, open_interest(x, &b, s[i]->c), &cap) &&
			    s[i]->spec[side] > cap)
				violation(x, "FUT-11", s[i], side, cap, 1);
	free(s);
	book_release(&b);
	return CRM_OK;
}

void
limits_settings_check(struct ctx *x)
{
	struct limit_settings set = { 0 };

	settings_load(x, &set);
	settings_release(&set);
}

int
near_limits(struct ctx *x, int64_t near,
	    void (*fn)(struct ctx *x, const char *investor, const struct contract *c, int side,
		       int64_t lots, int64_t threshold))
{
	struct book b = { 0 };
	struct holding **s;

	settings_load(x, &b.set);
	if (book_read(x, &b) < 0) {
		book_release(&b);
		return -1;
	}
	s = sorted(&b.inv);
	for (size_t i = 0; i < b.inv.n; i++)
		for (int side = LONG; side <= SHORT; side++) {
			const struct contract *c = s[i]->c;
			int64_t t = (int64_t)qdiv((__int128)c->position_limit * near, RATE_ONE, RND_CEIL);
			if (s[i]->spec[side] >= t && s[i]->spec[side] > 0)
				fn(x, s[i]->who, c, side, s[i]->spec[side], t);
		}
	free(s);
	book_release(&b);
	return 0;
}

/* FUT-14: the trading margin of lots, at the settlement price (else the previous one); -1: unknown. */
static int
report_margin(const struct contract *c, int64_t lots, int64_t *fen)
{
	int64_t price = c->settle != NONE ? c->settle : c->prev_settle;
	__int128 m;

	if (price == NONE || c->margin_rate == NONE || c->multiplier <= 0 ||
	    mul128((__int128)price * c->multiplier * lots, c->margin_rate, &m) < 0)
		return -1;
	m = qdiv(m, 100000000, RND_HALF_UP);
	if (!fits64(m))
		return -1;
	*fen = (int64_t)m;
	return 0;
}

/* FUT-14: what the accounts file says of an investor. */
struct funds {
	int64_t available;
	char *name, *member_names;
	const char *type;		/* FUT-21: investor_type, "" when not given */
};

/* FUT-21: the attachments every large-trader report needs (③ for a legal person only). */
static const char *const attachments[] = { "form", "source-of-funds", "actual-controller",
					   "account-documents", "settlement-statement" };

/* Whether a ';'-separated list holds item. */
static int
listed(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; p && *p; p = strchr(p, ';') ? strchr(p, ';') + 1 : NULL)
		if (!strncmp(p, item, n) && (p[n] == ';' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Append item to a ';'-separated list (owned). */
static void
append(char **list, const char *item)
{
	char *s = xasprintf("%s%s%s", *list ? *list : "", *list && **list ? ";" : "", item);

	free(*list);
	*list = s;
}

/*
 * FUT-21: the attachments due of an investor, those on file (--attachments
 * rows investor,item[,on_file]; on_file no: an item the exchange asked for,
 * not yet received) and those missing.  A legal person, or an investor
 * whose type is not given, owes ③ the actual controller's details.
 */
static void
attachments_of(struct crm_table *t, const char *investor, const char *type, char **due,
	       char **on_file, char **missing)
{
	size_t n = 0, i, k;
	const struct crm_rec *const *rows = t ? crm_table_find(t, crm_table_col(t, "investor"),
							       investor, &n) : NULL;
	int item = t ? crm_table_col(t, "item") : -1, of = t ? crm_table_col(t, "on_file") : -1;

	*due = *on_file = *missing = NULL;
	for (k = 0; k < NELEM(attachments); k++)
		if (k != 2 || strcmp(type, "person"))
			append(due, attachments[k]);
	for (i = 0; i < n; i++) {
		const char *it = get(rows[i], item);
		int yes = crm_bool_parse(get(rows[i], of));
		if (!listed(*due, it))
			append(due, it);	/* ⑤: anything else the exchange asked for */
		if (yes != 0 && !listed(*on_file, it))
			append(on_file, it);
	}
	for (const char *p = *due; p && *p;) {
		const char *e = strchr(p, ';');
		char *one = xstrndup(p, e ? (size_t)(e - p) : strlen(p));
		if (!listed(*on_file, one))
			append(missing, one);
		free(one);
		p = e ? e + 1 : NULL;
	}
}

int
cmd_report(struct ctx *x)
{
	struct book b = { 0 };
	struct holding **s;
	struct accounts *as = NULL;
	struct map funds;
	struct funds *f = NULL;
	size_t i, j;
	int side, st = CRM_OK;
	char due[CRM_DATE_LEN], lots[32], thr[32], margin[32], avail[32];
	struct crm_table *att = NULL;

	if (x->o->attachments) {
		att = crm_table_load(x->o->attachments, &x->o->crm, NULL, &st);
		if (st == CRM_OK && crm_table_len(att) &&
		    (crm_table_col(att, "investor") < 0 || crm_table_col(att, "item") < 0)) {
			crm_warn("%s: attachments need the columns investor and item", x->o->attachments);
			st = CRM_ERROR;
		}
		for (i = 0; st == CRM_OK && i < crm_table_len(att); i++) {
			const struct crm_rec *r = crm_table_rec(att, i);
			int of = crm_table_col(att, "on_file");
			if (!*get(r, crm_table_col(att, "investor")) || !*get(r, crm_table_col(att, "item")) ||
			    (*get(r, of) && crm_bool_parse(get(r, of)) < 0)) {
				crm_warn_at(&r->pos, "expected investor, item and on_file yes or no");
				st = CRM_ERROR;
			}
		}
		if (st != CRM_OK) {	/* fail closed: no report without its attachments */
			crm_table_free(att);
			return CRM_ERROR;
		}
	}
	settings_load(x, &b.set);
	crm_writer_type(x->w, &type_report);
	map_init(&funds);
	if (x->o->accounts) {
		as = accounts_load(x->o->accounts, x->o);
		/* FUT-14: available funds of an investor: the reserves of all its accounts. */
		int name = crm_table_col(as->t, "investor_name");
		int mname = crm_table_col(as->t, "member_name");
		int itype = crm_table_col(as->t, "investor_type");
		f = xcalloc(as->n + 1, sizeof *f);
		for (i = 0; i < as->n; i++) {
			const struct account *a = &as->a[i];
			j = map_put(&funds, a->investor, strlen(a->investor), funds.n);
			if (crm_money_add(f[j].available, a->reserve, &f[j].available) < 0)
				crm_die("%s: the funds of investor '%s' overflow", x->o->accounts,
					a->investor);
			list_add(&f[j].name, get(a->rec, name));
			if (*get(a->rec, itype)) {
				const char *ty = get(a->rec, itype);
				if (strcmp(ty, "person") && strcmp(ty, "legal-person") &&
				    strcmp(ty, "自然人") && strcmp(ty, "法人"))
					crm_die("%s:%ld: investor_type: expected person or legal-person, found '%s'",
						a->rec->pos.file, a->rec->pos.line, ty);
				f[j].type = !strcmp(ty, "自然人") ? "person" : !strcmp(ty, "法人") ? "legal-person" : ty;
			}
			list_add(&f[j].member_names, get(a->rec, mname));
		}
	}
	if (book_read(x, &b) < 0) {
		st = CRM_ERROR;
		goto out;
	}
	s = sorted(&b.inv);
	for (i = 0; i < b.inv.n; i++) {
		const struct holding *h = s[i];
		for (side = LONG; side <= SHORT; side++) {
			int64_t m;
			if (h->all[side] < h->c->report_threshold || h->all[side] == 0)
				continue;
			if (!x->findings)
				crm_date_format(next_trading_day(x), due);
			int_format(h->all[side], lots, sizeof lots);
			int_format(h->c->report_threshold, thr, sizeof thr);
			margin[0] = avail[0] = '\0';
			if (report_margin(h->c, h->all[side], &m) == 0)
				fen_format(m, margin, sizeof margin);
			const char *name = h->names, *mnames = h->member_names[side], *type = "";
			if (as && (j = map_get(&funds, h->who, strlen(h->who))) != MAP_NONE) {
				fen_format(f[j].available, avail, sizeof avail);
				name = name ? name : f[j].name;
				mnames = mnames ? mnames : f[j].member_names;
				type = f[j].type ? f[j].type : "";
			}
			char *adue, *aon, *amiss;
			attachments_of(att, h->who, type, &adue, &aon, &amiss);
			const char *vals[] = { "FUT-14", h->members[side] ? h->members[side] : "",
					       mnames ? mnames : "", h->who, name ? name : "",
					       h->c->id, sides[side].name, lots, thr, margin, avail, due,
					       type, adue ? adue : "", aon ? aon : "", amiss ? amiss : "",
					       h->codes[side] ? h->codes[side] : "" };
			crm_writer_row(x->w, vals, NULL);
			free(adue);
			free(aon);
			free(amiss);
			x->findings++;
		}
	}
	free(s);
out:
	book_release(&b);
	for (i = 0; f && i < funds.n; i++) {
		free(f[i].name);
		free(f[i].member_names);
	}
	free(f);
	map_release(&funds);
	accounts_free(as);
	crm_table_free(att);
	return st;
}
