/*
 * riskcalc breaker: replay the day's quotes against the breaker prices
 * (FUT-04…08) and write when each contract's circuit breaker started and
 * ended.  A quote holds until the contract's next quote, so "persisting
 * one minute" is a touch that no later quote undid for 60 seconds.
 */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

#define HOLD 60			/* FUT-04: seconds a touch must persist */
#define PERIOD 600		/* FUT-05: the breaker's ten minutes */
#define QUIET 1800		/* FUT-07: no start in the last 30 minutes */

enum state { IDLE, TOUCH, ON, DONE };

/* One contract's breaker. */
struct breaker {
	enum state st;
	int dir;		/* +1 up, -1 down */
	int quoted;		/* the standing quote's touch: +1, -1, 0 */
	int32_t since;		/* TOUCH: the touch's start; ON: the breaker's start */
	int32_t end;		/* TOUCH, ON: the end of the session it is in */
};

struct event {
	int32_t t;
	size_t c;
	int start, dir;
	const char *rule;
};

struct replay {
	struct breaker *b;
	struct event *ev;
	size_t nev, evcap;
	const struct session *s;	/* FUT-06: the trading sessions */
	size_t ns;
	int32_t cutoff, now;		/* now: the clocks have run to it */
};

/* FUT-06: the session that t is in, or the next one when t is outside all; ns when none. */
static size_t
session_of(const struct replay *r, int32_t t)
{
	size_t k;

	for (k = 0; k < r->ns && t >= r->s[k].end; k++)
		;
	return k;
}

static void
push(struct replay *r, int32_t t, size_t c, int start, int dir, const char *rule)
{
	crm_grow(&r->ev, &r->evcap, r->nev + 1, sizeof *r->ev);
	r->ev[r->nev++] = (struct event){ t, c, start, dir, rule };
}

/*
 * FUT-04, 05, 07: run every contract's clock to t, within one session.  A
 * touch starts the breaker at the instant its minute completes, when that
 * instant is inside the session (before its end) and before the cutoff.
 */
static void
run_clocks(struct replay *r, size_t n, int32_t t)
{
	for (size_t i = 0; i < n; i++) {
		struct breaker *b = &r->b[i];
		if (b->st == TOUCH && b->since + HOLD <= t) {
			if (b->since + HOLD < r->cutoff && b->since + HOLD < b->end) {	/* FUT-07 */
				b->st = ON;
				b->since += HOLD;
				push(r, b->since, i, 1, b->dir, "FUT-04");
			} else {
				b->st = IDLE;
			}
		}
		if (b->st == ON && b->since + PERIOD <= t) {	/* FUT-05 */
			push(r, b->since + PERIOD, i, 0, b->dir, "FUT-05");
			b->st = DONE;		/* FUT-08: once a day */
		}
	}
}

/* FUT-04: +1 when a bid or ask is at or above the upper breaker price, -1 at or below the lower, else 0. */
static int
touching(const struct contract *c, int64_t bid, int64_t ask)
{
	const struct bands *b = &c->bands;
	int up, down;

	if (!b->has_breaker)
		return 0;
	up = (bid != NONE && bid >= b->breaker_up) || (ask != NONE && ask >= b->breaker_up);
	down = (bid != NONE && bid <= b->breaker_down) || (ask != NONE && ask <= b->breaker_down);
	return up == down ? 0 : up ? 1 : -1;
}

/*
 * A quote of contract i at t.  FUT-06: a touch counts only inside a
 * session: one quoted before a session (before the open, in the midday
 * break) counts from the session's start; none after the last.
 */
static void
quote(struct replay *r, size_t i, int32_t t, int dir)
{
	struct breaker *b = &r->b[i];
	size_t k = session_of(r, t);

	b->quoted = dir;
	if (k == r->ns)
		return;
	if (t < r->s[k].start)
		t = r->s[k].start;
	if (b->st == IDLE && dir) {
		b->st = TOUCH;
		b->dir = dir;
		b->since = t;
		b->end = r->s[k].end;
	} else if (b->st == TOUCH && dir != b->dir) {
		b->st = dir ? TOUCH : IDLE;
		b->dir = dir;
		b->since = t;
		b->end = r->s[k].end;
	}
}

/* FUT-06: a halt ends a running breaker (the limits apply on restart) and breaks a touch. */
static void
halt(struct replay *r, size_t i, int32_t t)
{
	struct breaker *b = &r->b[i];

	if (b->st == ON) {
		push(r, t, i, 0, b->dir, "FUT-06");
		b->st = DONE;
	} else if (b->st == TOUCH) {
		b->st = IDLE;
	}
}

/*
 * Run the clocks to t across sessions.  FUT-06: the end of a session
 * before the last is a halt (the midday break); at the next session's
 * start a standing quote at the breaker price starts a new touch.
 */
static void
advance(struct replay *r, size_t n, int32_t t)
{
	for (size_t k = 0; k + 1 < r->ns; k++) {
		int32_t end = r->s[k].end, start = r->s[k + 1].start;
		if (end > r->now && end <= t) {
			run_clocks(r, n, end);
			for (size_t i = 0; i < n; i++)
				halt(r, i, end);
		}
		if (start > r->now && start <= t) {
			run_clocks(r, n, start);
			for (size_t i = 0; i < n; i++)
				if (r->b[i].st == IDLE && r->b[i].quoted)
					quote(r, i, start, r->b[i].quoted);
		}
	}
	run_clocks(r, n, t);
	if (t > r->now)
		r->now = t;
}

static int
cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->c > y->c) - (x->c < y->c);
}

/* Write the events gathered so far, in time order. */
static void
flush(struct ctx *x, struct replay *r)
{
	char t[16], price[32];

	if (!r->nev)
		return;
	qsort(r->ev, r->nev, sizeof *r->ev, cmp_event);
	for (size_t i = 0; i < r->nev; i++) {
		const struct event *e = &r->ev[i];
		const struct contract *c = &x->contracts->c[e->c];
		const char *vals[] = { c->id, t, e->start ? "breaker_start" : "breaker_end",
				       e->dir > 0 ? "up" : "down", price, e->rule };
		snprintf(t, sizeof t, "%02d:%02d:%02d", e->t / 3600, e->t / 60 % 60, e->t % 60);
		price_format(e->dir > 0 ? c->bands.breaker_up : c->bands.breaker_down, c->dp,
			     price, sizeof price);
		crm_writer_row(x->w, vals, NULL);
		x->findings++;
	}
	r->nev = 0;
}

/* A quote's price: on the contract's tick grid. */
static int
quote_price(const struct crm_rec *rec, int col, const struct contract *c, int64_t *p)
{
	int got = get_price(rec, col, p);

	if (got == CRM_FIELD_EMPTY)
		*p = NONE;
	else if (got == CRM_FIELD_OK && !on_grid(c, *p)) {
		char tick[32];
		price_format(c->tick, c->dp, tick, sizeof tick);
		crm_warn_at(&rec->pos, "%s: '%s' is not on the tick grid of %s (%s)", rec->names[col],
			    rec->f[col], c->id, tick);
		return -1;
	}
	return got == CRM_FIELD_BAD ? -1 : 0;
}

int
cmd_breaker(struct ctx *x)
{
	static const char *const cols[] = { "time", "contract", NULL };
	const struct crm_rec *rec;
	struct replay r = { 0 };
	size_t n = x->contracts->n;
	int tc, cc, bc, ac, ec, ev;
	const struct opts *o = x->o;
	int32_t close = o->sessions[o->nsessions - 1].end;
	int32_t last = -1, until = o->until >= 0 ? o->until : close;

	crm_writer_type(x->w, &type_event);
	if (!has_cols(x->in, "quotes", cols))
		return CRM_ERROR;
	r.b = xcalloc(n + 1, sizeof *r.b);
	r.s = o->sessions;
	r.ns = o->nsessions;
	r.now = -1;
	r.cutoff = close - QUIET;	/* FUT-07: against the day's last close */
	tc = crm_input_col(x->in, "time");
	cc = crm_input_col(x->in, "contract");
	bc = crm_input_col(x->in, "bid");
	ac = crm_input_col(x->in, "ask");
	ec = crm_input_col(x->in, "event");
	while (next_rec(x, x->in, &rec)) {
		struct contract *c = NULL;
		int32_t t;
		int64_t bid = NONE, ask = NONE;
		int bad = need(rec, tc, "time", crm_get_time(rec, tc, &t)) != CRM_FIELD_OK;
		int got = crm_get_enum(rec, ec, crm_type_col(&type_quote, "event")->values, &ev);
		bad |= got == CRM_FIELD_BAD;
		int is_halt = got == CRM_FIELD_OK;
		/* A halt without a contract halts the market. */
		if (!is_halt || *get(rec, cc)) {
			if (!(c = contract_of(x->contracts, rec, cc)))
				bad = 1;
			else if (quote_price(rec, bc, c, &bid) < 0 || quote_price(rec, ac, c, &ask) < 0)
				bad = 1;
		}
		if (!bad && t < last) {
			crm_warn_at(&rec->pos, "time: quotes must be in time order, found %s after %02d:%02d:%02d",
				    rec->f[tc], last / 3600, last / 60 % 60, last % 60);
			bad = 1;
		}
		if (bad) {
			bad_rec(x);
			continue;
		}
		last = t;
		if (t > until)
			continue;
		advance(&r, n, t);
		if (is_halt) {
			for (size_t i = 0; i < n; i++)
				if (!c || c == &x->contracts->c[i])
					halt(&r, i, t);
		} else {
			quote(&r, (size_t)(c - x->contracts->c), t, touching(c, bid, ask));
		}
		flush(x, &r);
	}
	/* The last quotes hold until --until (the close). */
	advance(&r, n, until);
	flush(x, &r);
	free(r.b);
	free(r.ev);
	return CRM_OK;
}
