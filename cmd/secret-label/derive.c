/*
 * secret-label derive: a document compiled or excerpted from others takes
 * the highest level and the longest remaining period among its sources; a
 * copy is managed as its original and keeps its label (SEC-04, SEC-06).
 * The sources and originals are looked up in --docs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secret-label.h"

/*
 * SEC-02, SEC-03: a derived document's own level: its level, else its
 * category's, and never below its category's minimum (a compilation of
 * customer information stays a company secret whatever its sources).
 */
static int
doc_own_level(const struct doc *d)
{
	int own = doc_level(d), floor = category_floor(d->category);

	return own > floor ? own : floor;
}

/* What a derived document takes from its sources. */
struct derived {
	int level;		/* the highest, on the day the document was made */
	int32_t until;		/* the latest end of secrecy among the secret ones; CRM_NODATE: none */
};

/*
 * SEC-06: add a source as it stands on day (one whose period is over by
 * then counts as public); -1 when a secret source's end is unknown.
 */
static int
derive_add(struct derived *dv, const struct doc *src, const int periods[NLEVELS], int32_t day)
{
	int level = doc_level_on(src, periods, day);
	int32_t until = doc_until(src, periods, level);

	if (level > PUBLIC && until == CRM_NODATE)
		return -1;
	if (level > dv->level)
		dv->level = level;
	if (until > dv->until)
		dv->until = until;
	return 0;
}

/* The whole years from day that reach until: the smallest n >= 1 with day + n years >= until. */
static int
years_to(int32_t day, int32_t until)
{
	int y0, y1, m, d, n;

	crm_date_ymd(day, &y0, &m, &d);
	crm_date_ymd(until, &y1, &m, &d);
	for (n = y1 - y0 > 1 ? y1 - y0 - 1 : 1; years_after(day, n) < until; n++)
		;
	return n;
}

/*
 * SEC-06: the level and period of d, made on d->created from sources dv:
 * the highest level among them and d's own (or its category's), and the
 * longest remaining period, rounded up to whole years so that it never ends
 * before a source's.  A level of d's own above its sources' brings d's own
 * period (or the level's default).
 */
static void
derive_level(const struct doc *d, const struct derived *dv, const int periods[NLEVELS],
	     int *level, int *years)
{
	int own = doc_own_level(d), mine;

	*level = dv->level > own ? dv->level : own;
	*years = 0;
	if (*level == PUBLIC)
		return;
	if (dv->until != CRM_NODATE)
		*years = years_to(d->created, dv->until);
	mine = own > dv->level ? doc_period(d, periods, own) : d->period;
	if (mine > *years)
		*years = mine;
	if (!*years)
		*years = periods[*level];
}

/* The register's field c of document d, or "". */
static const char *
reg_field(const struct docs *ds, const struct doc *d, int c)
{
	return ds->col[c] >= 0 ? d->rec->f[ds->col[c]] : "";
}

/* The sources of r: the documents its ids name; -1 after a diagnostic. */
static int
sources_read(struct ctx *x, struct docs *ds, const struct crm_rec *r, const struct doc *d,
	     struct derived *dv)
{
	char *list = xstrdup(r->f[x->col[D_SOURCES]]), *p = list, *id;
	int bad = 0, n = 0;

	dv->level = PUBLIC;
	dv->until = CRM_NODATE;
	while (p) {
		/* ids separated by ';' or '；' */
		char *semi = strchr(p, ';'), *wide = strstr(p, "；"), *next = NULL;
		if (wide && (!semi || wide < semi)) {
			*wide = '\0';
			next = wide + strlen("；");
		} else if (semi) {
			*semi = '\0';
			next = semi + 1;
		}
		for (id = p; *id == ' '; id++)
			;
		for (size_t len = strlen(id); len && id[len - 1] == ' '; len--)
			id[len - 1] = '\0';
		p = next;
		if (!*id)
			continue;
		n++;
		if (!strcmp(id, d->id)) {
			crm_warn_at(&r->pos, "sources: document '%s' names itself", id);
			bad = 1;
			continue;
		}
		struct doc view;
		const struct doc *src = docs_get(ds, id, &r->pos, "sources", &view);
		if (!src) {
			bad = 1;
		} else if (derive_add(dv, src, x->periods, d->created) < 0) {
			crm_warn_at(&r->pos, "sources: document '%s' is %s but has neither declassify_on nor created: its remaining period is unknown",
				    id, levels[doc_level(src)].name);
			bad = 1;
		}
	}
	if (!n && !bad) {
		crm_warn_at(&r->pos, "sources: expected document ids separated by ';', found '%s'",
			    r->f[x->col[D_SOURCES]]);
		bad = 1;
	}
	free(list);
	return bad ? -1 : 0;
}

/* What a derived document or a copy gets written. */
struct out {
	const char *vals[NDOC];
	char period[24], declassify_on[CRM_DATE_LEN], label[LABEL_LEN];
	int lowered;		/* below its category's level, with --reason */
};

/* SEC-06: a compiled document: level, period, declassify_on and label from its sources. */
static int
derive_doc(struct ctx *x, struct docs *ds, const struct crm_rec *r, const struct doc *d,
	   struct out *o)
{
	struct derived dv;
	int level, years;

	if (d->created == CRM_NODATE) {
		crm_warn_at(&r->pos, "created: a derived document needs the date it was made (SEC-06)");
		return -1;
	}
	if (sources_read(x, ds, r, d, &dv) < 0)
		return -1;
	derive_level(d, &dv, x->periods, &level, &years);
	if (d->level >= 0 && d->level < level) {
		/* SEC-03: lower than its sources or its category: only with a reason */
		if (!x->o->reason) {
			crm_warn_at(&r->pos, "level: '%s' is below '%s', the level of its sources or category: lowering it needs --reason (SEC-03)",
				    levels[d->level].name, levels[level].name);
			return -1;
		}
		level = d->level;
		o->lowered = 1;
		o->vals[D_REASON] = x->o->reason;
	}
	o->vals[D_LEVEL] = levels[level].name;
	o->vals[D_PERIOD] = o->vals[D_DECLASSIFY_ON] = o->vals[D_LABEL] = "";
	o->vals[D_DECLASSIFY_SOURCE] = o->vals[D_PERIOD_SOURCE] = "";
	if (level > PUBLIC) {
		int32_t until = years_after(d->created, years);
		/*
		 * SEC-06: never later than the latest of its sources, unless its
		 * own higher level brings its own period.
		 */
		int exact = dv.until != CRM_NODATE && until > dv.until && level <= dv.level &&
			    d->period < years_to(d->created, dv.until);
		years_format(years, o->period);
		crm_date_format(exact ? dv.until : until, o->declassify_on);
		label_format(level, years, o->label);
		o->vals[D_PERIOD] = o->period;
		o->vals[D_PERIOD_SOURCE] = period_sources[PS_GIVEN].name;
		o->vals[D_DECLASSIFY_ON] = o->declassify_on;
		o->vals[D_DECLASSIFY_SOURCE] = declassify_sources[exact ? DS_EXPLICIT : DS_PERIOD].name;
		o->vals[D_LABEL] = o->label;
	}
	return 0;
}

/*
 * SEC-06: a copy is managed as its original: it keeps the original's level,
 * period, dates and label, each as the register has it, or as classify and
 * stamp would make it when the register leaves it empty.
 */
static int
copy_doc(struct ctx *x, struct docs *ds, const struct crm_rec *r, const struct doc *d,
	 struct out *o)
{
	const char *id = r->f[x->col[D_COPY_OF]];
	struct doc view;
	const struct doc *orig;
	int level;

	if (!strcmp(id, d->id)) {
		crm_warn_at(&r->pos, "copy_of: document '%s' names itself", id);
		return -1;
	}
	if (!(orig = docs_get(ds, id, &r->pos, "copy_of", &view)))
		return -1;
	level = doc_level(orig);
	for (int c = D_LEVEL; c < NDOC; c++)
		if (c == D_LEVEL || c == D_PERIOD || c == D_DECLASSIFY_ON || c == D_LABEL ||
		    c == D_EXTENDED_TO || c == D_DECLASSIFIED_ON)
			o->vals[c] = reg_field(ds, orig, c);
	o->vals[D_LEVEL] = levels[level].name;
	if (level > PUBLIC && !*o->vals[D_PERIOD]) {
		years_format(doc_period(orig, x->periods, level), o->period);
		o->vals[D_PERIOD] = o->period;
	}
	if (level > PUBLIC && !*o->vals[D_DECLASSIFY_ON] && orig->created != CRM_NODATE) {
		crm_date_format(years_after(orig->created, doc_period(orig, x->periods, level)),
				o->declassify_on);
		o->vals[D_DECLASSIFY_ON] = o->declassify_on;
	}
	if (!*o->vals[D_LABEL]) {
		if (level > PUBLIC)
			label_format(level, doc_period(orig, x->periods, level), o->label);
		else if (orig->declassified_on != CRM_NODATE)
			snprintf(o->label, sizeof o->label, "%s", LABEL_DECLASSIFIED);
		o->vals[D_LABEL] = o->label;
	}
	/* SEC-06: it declassifies with its original, whatever its own created date */
	o->vals[D_DECLASSIFY_SOURCE] = "";
	if (level > PUBLIC && *o->vals[D_DECLASSIFY_ON])
		o->vals[D_DECLASSIFY_SOURCE] =
			declassify_sources[orig->dsource == DS_EXTENDED || orig->extended_to != CRM_NODATE ?
					   DS_EXTENDED : DS_EXPLICIT].name;
	return 0;
}

int
cmd_derive(struct ctx *x)
{
	static const char *const need[] = { "id", NULL };
	const struct crm_rec *r;
	struct docs ds;
	struct doc d;
	int status;
	char *why;

	if ((status = docs_load(&ds, x->o->docs, &x->o->crm, DOCS_RECORDS)) < 0 ||
	    (status == CRM_ERROR && x->o->crm.strict)) {
		docs_release(&ds);
		return CRM_ERROR;
	}
	x->status = crm_worst(x->status, status);
	unsigned writes = W(D_LEVEL) | W(D_PERIOD) | W(D_DECLASSIFY_ON) | W(D_LABEL) |
			  W(D_DECLASSIFY_SOURCE);
	if (x->o->reason)
		writes |= W(D_REASON);
	if (ds.col[D_EXTENDED_TO] >= 0)
		writes |= W(D_EXTENDED_TO);
	if (ds.col[D_DECLASSIFIED_ON] >= 0)
		writes |= W(D_DECLASSIFIED_ON);
	if (doc_begin(x, need, writes) < 0) {
		docs_release(&ds);
		return CRM_ERROR;
	}
	while (doc_next(x, &r, &d)) {
		struct out o = { { 0 }, "", "", "", 0 };
		int sources = x->col[D_SOURCES] >= 0 && *r->f[x->col[D_SOURCES]];
		int copy = x->col[D_COPY_OF] >= 0 && *r->f[x->col[D_COPY_OF]];
		if (sources && copy) {
			crm_warn_at(&r->pos, "a document is compiled from sources or a copy (copy_of), not both");
			x->status = CRM_ERROR;
			continue;
		}
		if ((sources && derive_doc(x, &ds, r, &d, &o) < 0) ||
		    (copy && copy_doc(x, &ds, r, &d, &o) < 0)) {
			x->status = CRM_ERROR;
			continue;
		}
		if (x->audit && (sources || copy)) {
			if (asprintf(&why, "%s %s: %s", sources ? "from" : "copy of",
				     r->f[x->col[sources ? D_SOURCES : D_COPY_OF]],
				     *o.vals[D_LABEL] ? o.vals[D_LABEL] : o.vals[D_LEVEL]) < 0)
				crm_die("out of memory");
			audit_add(x->audit, x->col[D_DRAFTED_BY] >= 0 ? r->f[x->col[D_DRAFTED_BY]] : "",
				  d.id, o.lowered ? "lowering" : "derive", o.vals[D_LEVEL], "", "SEC-06", why);
			free(why);
		}
		doc_emit(x, r, o.vals);
	}
	docs_release(&ds);
	return CRM_OK;
}
