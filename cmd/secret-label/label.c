/*
 * secret-label classify, stamp, declassify: a document's level from its
 * category (SEC-02, SEC-03), its period, declassification date and label
 * (SEC-04), and declassification when the period is over (SEC-04).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secret-label.h"

enum classified {
	CLASS_OK,
	CLASS_LOWERED,		/* below the category's level, with a reason */
	CLASS_NO_CATEGORY,
	CLASS_NEEDS_LEVEL,	/* a scope item with no level in the policy */
	CLASS_NEEDS_REASON	/* below the category's level, without a reason */
};

/*
 * SEC-02, SEC-03: the level of d: its category's, or the explicit one; an
 * explicit level below the category's (for a scope item with no level of
 * its own: below confidential, as it is a company secret) needs a reason.
 * *floor gets the lowest level allowed without one.
 */
static enum classified
classify(const struct doc *d, int have_reason, int *level, int *floor)
{
	if (d->category < 0)
		return CLASS_NO_CATEGORY;
	*floor = category_floor(d->category);
	if (d->level < 0) {
		if (category_rules[d->category].level < 0)
			return CLASS_NEEDS_LEVEL;
		*level = *floor;
		return CLASS_OK;
	}
	*level = d->level;
	if (d->level >= *floor)
		return CLASS_OK;
	return have_reason ? CLASS_LOWERED : CLASS_NEEDS_REASON;
}

static const char *
field(const struct ctx *x, const struct crm_rec *r, int c)
{
	return x->col[c] >= 0 ? r->f[x->col[c]] : "";
}

int
cmd_classify(struct ctx *x)
{
	static const char *const need[] = { "id", "category", NULL };
	const struct crm_rec *r;
	struct doc d;
	char *why;

	if (doc_begin(x, need, W(D_LEVEL) | (x->o->reason ? W(D_REASON) : 0)) < 0)
		return CRM_ERROR;
	while (doc_next(x, &r, &d)) {
		int level, floor;
		const char *vals[NDOC] = { 0 };
		const char *cat = category_name(d.category);
		/* the document's own reason, else the run's */
		const char *reason = *field(x, r, D_REASON) ? field(x, r, D_REASON) : x->o->reason;
		switch (classify(&d, reason != NULL, &level, &floor)) {
		case CLASS_NO_CATEGORY:
			crm_warn_at(&r->pos, "category: a document needs one (SEC-03)");
			x->status = CRM_ERROR;
			continue;
		case CLASS_NEEDS_LEVEL:
			crm_warn_at(&r->pos, "level: category '%s' has no level in the policy: give one (SEC-03)",
				    cat);
			x->status = CRM_ERROR;
			continue;
		case CLASS_NEEDS_REASON:
			crm_warn_at(&r->pos, "level: '%s' is below '%s', the level of category '%s': lowering it needs --reason (SEC-03)",
				    levels[level].name, levels[floor].name, cat);
			x->status = CRM_ERROR;
			continue;
		case CLASS_LOWERED:
			/* Logged: in the audit log, else on standard error. */
			if (!x->audit)
				crm_warn_at(&r->pos, "%s: level lowered from %s to %s: %s", d.id,
					    levels[floor].name, levels[level].name, reason);
			vals[D_REASON] = reason;	/* the register says why (check) */
			break;
		case CLASS_OK:
			break;
		}
		vals[D_LEVEL] = levels[level].name;
		vals[D_CATEGORY] = cat;		/* 决定 is written decision */
		if (x->audit) {
			if (asprintf(&why, "category %s%s%s%s%s", cat,
				     level < floor ? "; lowered from " : "",
				     level < floor ? levels[floor].name : "", level < floor ? ": " : "",
				     level < floor ? reason : "") < 0)
				crm_die("out of memory");
			audit_add(x->audit, field(x, r, D_DRAFTED_BY), d.id,
				  level < floor ? "lowering" : "classify", levels[level].name, "", "SEC-03",
				  why);
			free(why);
		}
		doc_emit(x, r, vals);
	}
	return CRM_OK;
}

/* SEC-04: what stamp writes. */
struct stamp {
	int period;		/* years; 0: none */
	int psource;		/* enum psource */
	int32_t declassify_on;	/* CRM_NODATE: none */
	int dsource;		/* enum dsource */
	char label[LABEL_LEN];
};

/*
 * SEC-04: the stamp of d at level: its period (the default for the level
 * when it has none), declassify_on = created + period unless the document
 * has one of its own (kept, and marked explicit; an extended one stays
 * extended), and the label; a public document has no period, and its label
 * says 已解密 when it was declassified.  -1 when a secret document has
 * neither a declassify_on nor a created date.
 */
static int
stamp(const struct doc *d, int level, const int periods[NLEVELS], struct stamp *s)
{
	s->period = 0;
	s->psource = PS_DEFAULT;
	s->declassify_on = CRM_NODATE;
	s->dsource = DS_PERIOD;
	s->label[0] = '\0';
	if (level == PUBLIC) {
		if (d->declassified_on != CRM_NODATE)
			snprintf(s->label, sizeof s->label, "%s", LABEL_DECLASSIFIED);
		return 0;
	}
	s->period = doc_period(d, periods, level);
	/* a default period stamped before stays a default one */
	s->psource = d->period && !(d->psource == PS_DEFAULT && d->period == periods[level]) ?
		     PS_GIVEN : PS_DEFAULT;
	if (d->created != CRM_NODATE)
		s->declassify_on = years_after(d->created, s->period);
	if (d->declassify_on != CRM_NODATE) {
		if (d->dsource == DS_EXTENDED)
			s->dsource = DS_EXTENDED;
		else if (d->declassify_on != s->declassify_on)
			s->dsource = DS_EXPLICIT;
		s->declassify_on = d->declassify_on;
	}
	if (d->extended_to != CRM_NODATE)
		s->dsource = DS_EXTENDED;	/* SEC-04: an extension on file */
	if (s->declassify_on == CRM_NODATE)
		return -1;
	label_format(level, s->period, s->label);
	return 0;
}

int
cmd_stamp(struct ctx *x)
{
	static const char *const need[] = { "id", "level", NULL };
	const struct crm_rec *r;
	struct doc d;
	struct stamp s;
	char period[8], day[CRM_DATE_LEN], *why;

	if (doc_begin(x, need, W(D_PERIOD) | W(D_PERIOD_SOURCE) | W(D_DECLASSIFY_ON) |
			       W(D_DECLASSIFY_SOURCE) | W(D_LABEL)) < 0)
		return CRM_ERROR;
	while (doc_next(x, &r, &d)) {
		const char *vals[NDOC] = { 0 };
		if (d.level < 0) {
			crm_warn_at(&r->pos, "level: empty: classify the document first (SEC-03)");
			x->status = CRM_ERROR;
			continue;
		}
		if (stamp(&d, d.level, x->periods, &s) < 0) {
			crm_warn_at(&r->pos, "created: a %s document needs the date it was written, to count its period from, or a declassify_on (SEC-04)",
				    levels[d.level].name);
			x->status = CRM_ERROR;
			continue;
		}
		vals[D_PERIOD_SOURCE] = vals[D_DECLASSIFY_SOURCE] = "";
		if (s.period) {
			years_format(s.period, period);
			crm_date_format(s.declassify_on, day);
			vals[D_PERIOD] = period;
			vals[D_PERIOD_SOURCE] = period_sources[s.psource].name;
			vals[D_DECLASSIFY_ON] = day;
			vals[D_DECLASSIFY_SOURCE] = declassify_sources[s.dsource].name;
		}
		vals[D_LABEL] = s.label;
		if (x->audit) {
			if (asprintf(&why, "%s%s%s", s.period ? "declassify on " : "not secret",
				     s.period ? day : "",
				     s.period && s.dsource != DS_PERIOD ? " (explicit)" : "") < 0)
				crm_die("out of memory");
			audit_add(x->audit, field(x, r, D_DRAFTED_BY), d.id, "stamp",
				  s.label[0] ? s.label : levels[d.level].name, "", "SEC-04", why);
			free(why);
		}
		doc_emit(x, r, vals);
	}
	return CRM_OK;
}

int
cmd_declassify(struct ctx *x)
{
	static const char *const need[] = { "id", "level", NULL };
	const struct crm_rec *r;
	struct doc d;
	char day[CRM_DATE_LEN], *why;

	if (doc_begin(x, need, W(D_LEVEL) | W(D_LABEL) | W(D_DECLASSIFIED_ON)) < 0)
		return CRM_ERROR;
	while (doc_next(x, &r, &d)) {
		const char *vals[NDOC] = { 0 };
		if (d.level < 0) {
			crm_warn_at(&r->pos, "level: empty: classify the document first (SEC-03)");
			x->status = CRM_ERROR;
			continue;
		}
		int32_t until = doc_until(&d, x->periods, d.level);
		if (d.level > PUBLIC && until == CRM_NODATE) {
			crm_warn_at(&r->pos, "declassify_on: empty, and no created date to count the period from (SEC-04)");
			x->status = CRM_ERROR;
			continue;
		}
		/* SEC-04: declassified on the day the period ends, unless extended past it. */
		if (d.level > PUBLIC && x->today >= until) {
			crm_date_format(until, day);
			vals[D_LEVEL] = levels[PUBLIC].name;
			vals[D_LABEL] = LABEL_DECLASSIFIED;
			vals[D_DECLASSIFIED_ON] = day;
			if (x->audit) {
				if (asprintf(&why, "%s %s ended on %s", levels[d.level].name,
					     until == d.extended_to ? "extension" : "period", day) < 0)
					crm_die("out of memory");
				audit_add(x->audit, field(x, r, D_DRAFTED_BY), d.id, "declassify",
					  levels[PUBLIC].name, "", "SEC-04", why);
				free(why);
			}
		}
		doc_emit(x, r, vals);
	}
	return CRM_OK;
}

/*
 * SEC-04: an extension of the secrecy period: each document with an
 * extended_to later than its current end records who extended it
 * (extended_by), when (extended_on, default --today) and the new end, and
 * is marked extended; it goes to the audit log.  Documents without
 * extended_to pass unchanged.
 */
int
cmd_extend(struct ctx *x)
{
	static const char *const need[] = { "id", "level", "extended_to", NULL };
	const struct crm_rec *r;
	struct doc d;
	char on[CRM_DATE_LEN], to[CRM_DATE_LEN], *why;

	if (doc_begin(x, need, W(D_DECLASSIFY_SOURCE) | W(D_EXTENDED_BY) | W(D_EXTENDED_ON)) < 0)
		return CRM_ERROR;
	while (doc_next(x, &r, &d)) {
		const char *vals[NDOC] = { 0 };
		int32_t when = x->today, end;
		const char *by = field(x, r, D_EXTENDED_BY);
		if (d.extended_to == CRM_NODATE) {
			doc_emit(x, r, vals);
			continue;
		}
		if (d.level < 0) {
			crm_warn_at(&r->pos, "level: empty: classify the document first (SEC-03)");
			x->status = CRM_ERROR;
			continue;
		}
		if (!*by) {
			crm_warn_at(&r->pos, "extended_by: an extension records who decided it (SEC-04)");
			x->status = CRM_ERROR;
			continue;
		}
		if (crm_get_date(r, x->col[D_EXTENDED_ON], &when) == CRM_FIELD_BAD) {
			x->status = CRM_ERROR;
			continue;
		}
		int32_t newend = d.extended_to;
		d.extended_to = CRM_NODATE;	/* the end without this extension */
		end = doc_until(&d, x->periods, d.level);
		crm_date_format(when, on);
		crm_date_format(newend, to);
		if (d.level == PUBLIC || end == CRM_NODATE || newend <= end) {
			crm_warn_at(&r->pos, "extended_to: '%s' does not extend a secret document's period (SEC-04)",
				    field(x, r, D_EXTENDED_TO));
			x->status = CRM_ERROR;
			continue;
		}
		vals[D_DECLASSIFY_SOURCE] = declassify_sources[DS_EXTENDED].name;
		vals[D_EXTENDED_ON] = on;
		if (x->audit) {
			if (asprintf(&why, "extended to %s on %s", to, on) < 0)
				crm_die("out of memory");
			audit_add(x->audit, by, d.id, "extension", levels[d.level].name, "", "SEC-04", why);
			free(why);
		}
		doc_emit(x, r, vals);
	}
	return CRM_OK;
}
