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
	char *who;			/* investor or member */
	struct contract *c;
	int64_t spec[2], all[2];	/* by side: speculative, and with hedging */
	char *members[2], *names;	/* investor: by side, its members (';'); names */
	char *member_names[2];		/* FUT-10, 14: only members holding that side */
	size_t nmembers[2];
};

struct holdings {
	struct holding *h;
	size_t n, cap;
	struct map by_key;
};

/* Everything the positions say, by investor and by member. */
struct book {
	struct holdings inv, mem;
	int64_t (*oi)[2];		/* per contract, all lots by side */
	char *key;
	size_t keycap;
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
		if (position_read(rec, &k, x->contracts, &p) < 0) {
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
		}
		list_add(&h->names, get(rec, k.investor_name));
		if (*p.member) {
			h = holding(&b->mem, &b->key, &b->keycap, p.member, p.c);
			add_checked(&h->all[p.side], p.lots, rec, "member", p.member, p.c);
			if (!p.hedge)
				add_checked(&h->spec[p.side], p.lots, rec, "member", p.member, p.c);
		}
		add_checked(&b->oi[p.c - x->contracts->c][p.side], p.lots, rec, "contract", p.c->id, p.c);
	}
	return 0;
}

static void
book_release(struct book *b)
{
	holdings_release(&b->inv);
	holdings_release(&b->mem);
	free(b->oi);
	free(b->key);
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

static void
violation(struct ctx *x, const char *rule, const char *kind, const char *investor,
	  const char *member, const struct contract *c, int side, int64_t lots, int64_t limit)
{
	char l[32], lim[32], ex[32];
	const char *vals[] = { rule, kind, investor, member, c->id, sides[side].name, l, lim, ex,
			       side == LONG ? "no-open-long" : "no-open-short" };

	int_format(lots, l, sizeof l);
	int_format(limit, lim, sizeof lim);
	int_format(lots - limit, ex, sizeof ex);
	crm_writer_row(x->w, vals, NULL);
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
				violation(x, s[i]->nmembers[side] > 1 ? "FUT-10" : "FUT-09", "investor",
					  s[i]->who, s[i]->members[side] ? s[i]->members[side] : "", s[i]->c,
					  side, s[i]->spec[side], s[i]->c->position_limit);
	free(s);
	/* FUT-11: a member over its share of a large open interest. */
	s = sorted(&b.mem);
	for (i = 0; i < b.mem.n; i++)
		for (side = LONG; side <= SHORT; side++)
			if (member_cap(s[i]->c, open_interest(x, &b, s[i]->c), &cap) &&
			    s[i]->spec[side] > cap)
				violation(x, "FUT-11", "member", "", s[i]->who, s[i]->c, side,
					  s[i]->spec[side], cap);
	free(s);
	book_release(&b);
	return CRM_OK;
}

int
near_limits(struct ctx *x, int64_t near,
	    void (*fn)(struct ctx *x, const char *investor, const struct contract *c, int side,
		       int64_t lots, int64_t threshold))
{
	struct book b = { 0 };
	struct holding **s;

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
					       type, adue ? adue : "", aon ? aon : "", amiss ? amiss : "" };
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
