/* crm-file event: major matters between company and customer as dated events (CM-18). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm-file.h"
#include "table.h"

static const struct crm_col event_cols[] = {
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "date", "日期", CRM_DATE, NULL },
	{ "kind", "事项类别", CRM_STR, NULL },
	{ "summary", "内容摘要", CRM_STR, NULL },
	{ "by", "经办人", CRM_STR, NULL },
};
static const struct crm_type event_type = { "event", event_cols, sizeof event_cols / sizeof event_cols[0] };
enum { E_CUSTOMER, E_DATE, E_KIND, E_SUMMARY, E_BY, E_NCOLS };

/* The kinds settings file (--kinds): kind, its Chinese name, whether a summary is needed. */
static const struct crm_col kind_cols[] = {
	{ "kind", "事项类别", CRM_STR, NULL },
	{ "zh", "中文", CRM_STR, NULL },
	{ "needs_summary", "须填摘要", CRM_BOOL, NULL },
};
static const struct crm_type kind_type = { "event kind", kind_cols, 3 };

struct kind {
	char *name, *zh;
	int needs_summary;
};

struct kinds {
	struct kind *k;
	size_t n;
};

/*
 * CM-18's default kinds: 重大 is not defined, so they are a settable list;
 * other needs a summary saying what the matter was.
 */
static const struct kind default_kinds[] = {
	{ "contract-signed", "签订合同", 0 }, { "contract-ended", "终止合同", 0 },
	{ "dispute", "纠纷投诉", 0 }, { "payment-default", "拖欠款项", 0 },
	{ "cooperation-change", "合作变更", 0 }, { "other", "其他", 1 },
};

static void
kinds_release(struct kinds *ks)
{
	for (size_t i = 0; i < ks->n; i++) {
		free(ks->k[i].name);
		free(ks->k[i].zh);
	}
	free(ks->k);
}

static void
kinds_load(struct kinds *ks)
{
	size_t n = sizeof default_kinds / sizeof default_kinds[0];

	if (!opts.kinds) {
		ks->k = xcalloc(n, sizeof *ks->k);
		for (size_t i = 0; i < n; i++)
			ks->k[i] = (struct kind){ xstrdup(default_kinds[i].name), xstrdup(default_kinds[i].zh),
						  default_kinds[i].needs_summary };
		ks->n = n;
		return;
	}
	struct crm_table *t = crm_settings_load(opts.kinds, &opts.crm, &kind_type, "event kinds");
	int ck = crm_table_col(t, "kind"), cz = crm_table_col(t, "zh"), cn = crm_table_col(t, "needs_summary");
	int bad = 0;

	ks->n = crm_table_len(t);
	ks->k = xcalloc(ks->n + 1, sizeof *ks->k);
	for (size_t i = 0; i < ks->n; i++) {
		const struct crm_rec *r = crm_table_rec(t, i);
		const char *name = ck >= 0 ? r->f[ck] : "";
		int need = 0;
		if (!*name) {
			crm_warn_at(&r->pos, "kind: missing");
			bad = 1;
		}
		if (cn >= 0 && *r->f[cn] && (need = crm_bool_parse(r->f[cn])) < 0) {
			crm_warn_at(&r->pos, "needs_summary: expected yes or no, found '%s'", r->f[cn]);
			bad = 1;
		}
		if (cn < 0 || !*r->f[cn])
			need = !strcmp(name, "other");
		ks->k[i] = (struct kind){ xstrdup(name), xstrdup(cz >= 0 ? r->f[cz] : ""), need };
	}
	crm_table_free(t);
	if (bad) {
		kinds_release(ks);
		crm_die("%s: the event kinds are not usable; nothing was read", opts.kinds);
	}
}


static const struct kind *
kind_find(const struct kinds *ks, const char *s)
{
	for (size_t i = 0; i < ks->n; i++)
		if (!strcasecmp(ks->k[i].name, s) || (*ks->k[i].zh && !strcmp(ks->k[i].zh, s)))
			return &ks->k[i];
	return NULL;
}

static char *
kinds_text(const struct kinds *ks)
{
	char *text = xstrdup("");

	for (size_t i = 0; i < ks->n; i++) {
		char *t = xasprintf("%s%s%s", text, i ? ", " : "", ks->k[i].name);
		free(text);
		text = t;
	}
	return text;
}

/*
 * event add [FILE...]: records customer_id, date, kind, summary, by; the
 * customer in the archive, the date a date not after today, the kind one
 * of the list, a summary where the kind needs one, by a staff member of the
 * archive (when it has staff) still there on the date.  One transaction.
 */
static int
event_add(struct args *a)
{
	struct crm_input *in = batch_open(a, &event_type);
	if (!in)
		return CRM_ERROR;
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct kinds ks;
	struct refs refs;
	const struct crm_rec *r;
	int col[E_NCOLS], status = CRM_OK;
	char today[CRM_DATE_LEN];
	char **rows = NULL;
	size_t nrows = 0, cap = 0;
	int32_t now = crm_today(&opts.crm);

	kinds_load(&ks);
	crm_date_format(now, today);
	for (int i = 0; i < E_NCOLS; i++)
		col[i] = crm_input_col(in, event_cols[i].name);
	if (crm_input_ncols(in) && (col[E_CUSTOMER] < 0 || col[E_DATE] < 0 || col[E_KIND] < 0)) {
		crm_warn("%s: events need the columns customer_id, date and kind", crm_input_pos(in)->file);
		crm_input_free(in);
		kinds_release(&ks);
		crm_archive_close(ar);
		return CRM_ERROR;
	}
	crm_archive_begin(ar);
	refs_load(&refs, ar);
	struct crm_stmt *known = crm_archive_prepare(ar, "SELECT 1 FROM customer WHERE id = ?1");
	struct crm_stmt *ins = crm_archive_prepare(ar,
		"INSERT INTO event (customer_id, date, kind, summary, by, recorded_on, after_change)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT coalesce(max(seq), 0) FROM change))");
	while ((status == CRM_OK || !opts.crm.strict) && crm_input_next(in, &r)) {
		const char *cid = r->f[col[E_CUSTOMER]], *kname = r->f[col[E_KIND]];
		const char *summary = col[E_SUMMARY] >= 0 ? r->f[col[E_SUMMARY]] : "";
		const char *by = col[E_BY] >= 0 ? r->f[col[E_BY]] : "";
		const struct kind *k = NULL;
		char date[CRM_DATE_LEN];
		int32_t day = CRM_NODATE;
		int bad = 0, d;

		if (!*cid) {
			crm_warn_at(&r->pos, "customer_id: missing");
			bad = 1;
		} else {
			crm_archive_reset(known);
			crm_archive_bind(known, 1, cid, 0);
			if (crm_archive_step(ar, known) != CRM_ROW) {
				crm_warn_at(&r->pos, "customer_id: no customer '%s' in the archive", cid);
				bad = 1;
			}
		}
		if ((d = crm_get_date(r, col[E_DATE], &day)) == CRM_FIELD_EMPTY)
			crm_warn_at(&r->pos, "date: missing");
		if (d != CRM_FIELD_OK) {
			bad = 1;
		} else if (day > now) {
			crm_date_format(day, date);
			crm_warn_at(&r->pos, "date: %s is after today, %s", date, today);
			bad = 1;
		}
		if (!*kname) {
			crm_warn_at(&r->pos, "kind: missing");
			bad = 1;
		} else if (!(k = kind_find(&ks, kname))) {
			char *list = kinds_text(&ks);
			crm_warn_at(&r->pos, "kind: '%s' is not one of %s (CM-18)", kname, list);
			free(list);
			bad = 1;
		} else if (k->needs_summary && !*summary) {
			crm_warn_at(&r->pos, "summary: a matter of kind '%s' needs a summary of what it was (CM-18)",
				    k->name);
			bad = 1;
		}
		if (!*by) {
			crm_warn_at(&r->pos, "by: an event needs who entered it");
			bad = 1;
		} else if (refs_staff(&refs, &r->pos, "by", by, d == CRM_FIELD_OK ? day : now)) {
			bad = 1;
		}
		if (bad) {
			status = CRM_ERROR;
			continue;
		}
		crm_date_format(day, date);
		crm_archive_reset(ins);
		const char *v[] = { cid, date, k->name, summary, by, today };
		for (int i = 0; i < 6; i++)
			crm_archive_bind(ins, i + 1, v[i], 0);
		crm_archive_step(ar, ins);
		crm_grow(&rows, &cap, nrows + 5, sizeof *rows);
		for (int i = 0; i < 5; i++)
			rows[nrows++] = xstrdup(v[i]);
	}
	status = crm_worst(status, crm_input_status(in));
	crm_archive_finalize(known);
	crm_archive_finalize(ins);
	crm_input_free(in);
	refs_release(&refs);
	kinds_release(&ks);
	if (status == CRM_OK)
		crm_archive_commit(ar);
	else {
		crm_archive_rollback(ar);
		crm_warn("nothing was recorded: the batch had bad records");
	}
	struct crm_writer *w = status == CRM_OK ? crm_writer_new(stdout, &opts.crm) : NULL;
	if (w)
		crm_writer_type(w, &event_type);
	for (size_t i = 0; i < nrows; i += 5)
		if (w)
			crm_writer_row(w, (const char *const *)rows + i, NULL);
	crm_writer_close(w);
	for (size_t i = 0; i < nrows; i++)
		free(rows[i]);
	free(rows);
	crm_archive_close(ar);
	return status;
}

/* event list [ID]: the events of one customer, or of all, by date. */
static int
event_list(struct args *a)
{
	if (a->n > 1)
		crm_usage_error("event list takes at most one customer id");
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT customer_id, date, kind, summary, by FROM event"
		" WHERE (?1 IS NULL OR customer_id = ?1) AND date <= ?2 AND recorded_on <= ?2 ORDER BY date, seq");
	char today[CRM_DATE_LEN];
	const char *v[5];

	crm_date_format(crm_today(&opts.crm), today);
	crm_archive_bind(st, 1, a->n ? a->v[0] : NULL, 0);
	crm_archive_bind(st, 2, today, 0);
	crm_writer_type(w, &event_type);
	while (crm_archive_step(ar, st) == CRM_ROW) {
		for (int i = 0; i < 5; i++)
			v[i] = crm_archive_text(st, i);
		crm_writer_row(w, v, NULL);
	}
	crm_archive_finalize(st);
	crm_writer_close(w);
	crm_archive_close(ar);
	return CRM_OK;
}

int
cmd_event(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct args rest = { a->v + 1, a->n - 1 };

	if (a->n < 1)
		crm_usage_error("event needs add or list");
	if (!strcmp(a->v[0], "add"))
		return event_add(&rest);
	if (!strcmp(a->v[0], "list"))
		return event_list(&rest);
	crm_usage_error("event: expected add or list, found '%s'", a->v[0]);
}
