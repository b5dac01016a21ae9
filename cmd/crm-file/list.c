/* crm-file list, show, export, history, log: reading the archive out, and correspondence in. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "crm-file.h"

#define NCOLS ((int)crm_type_customer.ncols)

/* CM-08: key customers, and any marked important, are received at VIP level; listings mark them. */
static const struct crm_col vip_col = { "vip", "贵宾", CRM_BOOL, NULL };

/* The columns the archive keeps beyond the customer type's: every key of every extra. */
static char **
extra_names(struct crm_archive *ar, size_t *n)
{
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT j.key FROM customer AS c, json_each(c.extra) AS j"
		" WHERE c.extra <> '{}' GROUP BY j.key ORDER BY min(c.rowid), min(j.id)");
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	while (crm_archive_step(ar, st) == CRM_ROW) {
		crm_grow(&names, &cap, *n + 1, sizeof *names);
		names[(*n)++] = xstrdup(crm_archive_text(st, 0));
	}
	crm_archive_finalize(st);
	return names;
}

/* Writes customers from statements that select every customer column in order, then extra. */
struct customer_out {
	struct crm_writer *w;
	char **extra;
	size_t nextra;
	const char **vals;
	const char *today;	/* as of this day (list): a later registration is not yet made */
};

static void
out_open(struct customer_out *o, struct crm_archive *ar)
{
	o->w = crm_writer_new(stdout, &opts.crm);
	o->extra = extra_names(ar, &o->nextra);
	crm_writer_type(o->w, &crm_type_customer);
	crm_writer_col(o->w, vip_col.name, &vip_col);
	for (size_t i = 0; i < o->nextra; i++)
		crm_writer_col(o->w, o->extra[i], NULL);
	o->vals = xcalloc((size_t)NCOLS + 1 + o->nextra, sizeof *o->vals);
	o->today = NULL;
}

static void
out_row(struct customer_out *o, struct crm_stmt *st)
{
	int i;
	json_t *extra = o->nextra ? json_loads(crm_archive_text(st, NCOLS), 0, NULL) : NULL;

	for (i = 0; i < NCOLS; i++)
		o->vals[i] = crm_archive_text(st, i);
	/* registered (column 13) after the day listed for: not registered yet on that day. */
	if (o->today && strcmp(o->vals[13], o->today) > 0)
		o->vals[13] = "";
	o->vals[NCOLS] = !strcmp(o->vals[2], "key") || !strcmp(o->vals[11], "yes") ? "yes" : "no";
	for (size_t k = 0; k < o->nextra; k++) {
		json_t *v = json_object_get(extra, o->extra[k]);
		o->vals[NCOLS + 1 + k] = json_is_string(v) ? json_string_value(v) : "";
	}
	crm_writer_row(o->w, o->vals, NULL);
	json_decref(extra);
}

static void
out_close(struct customer_out *o)
{
	crm_writer_close(o->w);
	for (size_t i = 0; i < o->nextra; i++)
		free(o->extra[i]);
	free(o->extra);
	free(o->vals);
}

#define CUSTOMER_SELECT \
	"SELECT id, name, category, nature, supervisor, address, contact, phone, department," \
	" owner, co_owners, important, first_contact, registered, status, extra FROM customer"

void
print_customers(struct crm_archive *ar, char **ids, size_t n)
{
	struct customer_out o;
	struct crm_stmt *st = crm_archive_prepare(ar, CUSTOMER_SELECT " WHERE id = ?1");

	/* One read transaction for all the lookups, not one (with its locking) each. */
	crm_archive_exec(ar, "BEGIN");
	out_open(&o, ar);
	for (size_t i = 0; i < n; i++) {
		crm_archive_reset(st);
		crm_archive_bind(st, 1, ids[i], 0);
		if (crm_archive_step(ar, st) == CRM_ROW)
			out_row(&o, st);
	}
	crm_archive_finalize(st);
	crm_archive_exec(ar, "COMMIT");
	out_close(&o);
}

/* list: customers by category, department, owner, status, VIP (CM-08, CM-14 name lists). */
int
cmd_list(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_archive *ar;
	struct customer_out o;
	const char *category = NULL, *status = NULL;
	char today[CRM_DATE_LEN];
	int k;

	if (a->n)
		crm_usage_error("list takes no operands (filter with --category, --department, --owner, --status, --vip)");
	if (opts.category) {
		if ((k = crm_enum_parse(crm_categories, opts.category)) < 0)
			crm_usage_error("--category: expected target, general, key or potential, found '%s'",
					opts.category);
		category = crm_categories[k].name;
	}
	if (opts.status) {
		if ((k = crm_enum_parse(crm_statuses, opts.status)) < 0)
			crm_usage_error("--status: expected active or closed, found '%s'", opts.status);
		status = crm_statuses[k].name;
	}
	ar = crm_archive_open(opts.home);
	struct crm_stmt *st = crm_archive_prepare(ar, CUSTOMER_SELECT
		" WHERE (?1 IS NULL OR category = ?1) AND (?2 IS NULL OR department = ?2)"
		" AND (?3 IS NULL OR owner = ?3) AND (?4 IS NULL OR status = ?4)"
		" AND (?5 = 0 OR category = 'key' OR important = 'yes')"
		" AND coalesce(nullif(first_contact, ''), registered, '') <= ?6 ORDER BY id");
	crm_archive_bind(st, 1, category, 0);
	crm_archive_bind(st, 2, opts.department, 0);
	crm_archive_bind(st, 3, opts.owner, 0);
	crm_archive_bind(st, 4, status, 0);
	crm_archive_bind_int(st, 5, opts.vip);
	crm_date_format(crm_today(&opts.crm), today);
	crm_archive_bind(st, 6, today, 0);
	out_open(&o, ar);
	o.today = today;
	while (crm_archive_step(ar, st) == CRM_ROW)
		out_row(&o, st);
	crm_archive_finalize(st);
	out_close(&o);
	crm_archive_close(ar);
	return CRM_OK;
}

/* export: every customer, for a spreadsheet: Chinese headers and a BOM unless JSON. */
int
cmd_export(int argc, char **argv)
{
	if (opts.crm.out != CRM_FMT_JSON) {
		opts.crm.zh = 1;
		opts.crm.bom = 1;
	}
	return cmd_list(argc, argv);
}

int
cmd_show(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_archive *ar;
	int status = CRM_OK;

	if (a->n < 1)
		crm_usage_error("show needs a customer id");
	ar = crm_archive_open(opts.home);
	struct customer_out o;
	struct crm_stmt *st = crm_archive_prepare(ar, CUSTOMER_SELECT " WHERE id = ?1");
	out_open(&o, ar);
	for (int i = 0; i < a->n; i++) {
		crm_archive_reset(st);
		crm_archive_bind(st, 1, a->v[i], 0);
		if (crm_archive_step(ar, st) == CRM_ROW)
			out_row(&o, st);
		else {
			crm_warn("no customer '%s' in the archive", a->v[i]);
			status = CRM_ERROR;
		}
	}
	crm_archive_finalize(st);
	out_close(&o);
	crm_archive_close(ar);
	return status;
}

/*
 * history: the 《客户信息维护表》 rows, of one customer or all (CM-04), and
 * beside them, in the order they were entered, the major matters (CM-18)
 * as rows with field "event": new is the kind, changed_on the date,
 * reported_on the day it was entered, reason the summary.  As of --today:
 * nothing entered after it, no event dated after it.
 */
int
cmd_history(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_archive *ar = crm_archive_open(opts.home);
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT customer_id, field, old, new, changed_on, reported_on, by, reason,"
		" seq AS k1, 0 AS k2, seq AS k3, coalesce(learned_on, '') FROM change"
		" WHERE (?1 IS NULL OR customer_id = ?1) AND coalesce(reported_on, changed_on) <= ?2"
		" UNION ALL"
		" SELECT customer_id, 'event', '', kind, date, recorded_on, by, summary, after_change, 1, seq, ''"
		" FROM event WHERE (?1 IS NULL OR customer_id = ?1) AND date <= ?2 AND recorded_on <= ?2"
		" ORDER BY 9, 10, 11");
	/* CM-06: the day the department learned of the change, when given (the days run from it). */
	static const struct crm_col learned = { "learned_on", "获知日期", CRM_DATE, NULL };
	const char *vals[9];
	char today[CRM_DATE_LEN];

	crm_date_format(crm_today(&opts.crm), today);
	crm_archive_bind(st, 1, a->n ? a->v[0] : NULL, 0);
	crm_archive_bind(st, 2, today, 0);
	crm_writer_type(w, &crm_type_change);
	crm_writer_col(w, learned.name, &learned);
	while (crm_archive_step(ar, st) == CRM_ROW) {
		for (int i = 0; i < 8; i++)
			vals[i] = crm_archive_text(st, i);
		vals[8] = crm_archive_text(st, 11);
		crm_writer_row(w, vals, NULL);
	}
	crm_archive_finalize(st);
	crm_writer_close(w);
	crm_archive_close(ar);
	return CRM_OK;
}

/* log --list [ID]: the correspondence of one customer, or all, oldest first; as of --today. */
static int
log_list(struct args *a)
{
	char today[CRM_DATE_LEN];

	if (a->n > 1)
		crm_usage_error("log --list takes at most one customer id");
	crm_date_format(crm_today(&opts.crm), today);
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT customer_id, date, channel, staff, summary FROM correspondence"
		" WHERE (?1 IS NULL OR customer_id = ?1) AND date <= ?2 ORDER BY date, seq");
	const char *vals[5];

	crm_archive_bind(st, 1, a->n ? a->v[0] : NULL, 0);
	crm_archive_bind(st, 2, today, 0);
	crm_writer_type(w, &crm_type_log);
	while (crm_archive_step(ar, st) == CRM_ROW) {
		for (int i = 0; i < 5; i++)
			vals[i] = crm_archive_text(st, i);
		crm_writer_row(w, vals, NULL);
	}
	crm_archive_finalize(st);
	crm_writer_close(w);
	crm_archive_close(ar);
	return CRM_OK;
}

/* log: letters, faxes, calls, visits … joined to the archive (CM-09); one transaction. */
int
cmd_log(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	if (opts.list)
		return log_list(a);

	struct crm_input *in = batch_open(a, &crm_type_log);
	if (!in)
		return CRM_ERROR;
	struct crm_archive *ar = crm_archive_open(opts.home);
	int cid = crm_input_col(in, "customer_id"), cdate = crm_input_col(in, "date");
	int cch = crm_input_col(in, "channel"), cstaff = crm_input_col(in, "staff");
	int csum = crm_input_col(in, "summary");
	const struct crm_rec *r;
	int status = CRM_OK;
	int32_t now = crm_today(&opts.crm);
	long n = 0;

	if (crm_input_ncols(in) && (cid < 0 || cdate < 0 || cch < 0)) {
		crm_warn("%s: correspondence needs the columns customer_id, date and channel",
			 crm_input_pos(in)->file);
		crm_input_free(in);
		crm_archive_close(ar);
		return CRM_ERROR;
	}
	crm_archive_begin(ar);
	struct refs refs;
	refs_load(&refs, ar);
	struct crm_stmt *known = crm_archive_prepare(ar, "SELECT 1 FROM customer WHERE id = ?1");
	struct crm_stmt *ins = crm_archive_prepare(ar,
		"INSERT INTO correspondence (customer_id, date, channel, staff, summary)"
		" VALUES (?1, ?2, ?3, ?4, ?5)");
	while ((status == CRM_OK || !opts.crm.strict) && crm_input_next(in, &r)) {
		int32_t day;
		int ch, bad = 0;
		char date[CRM_DATE_LEN];
		int date_ok = crm_get_date(r, cdate, &day), channel_ok = crm_get_enum(r, cch, crm_channels, &ch);
		if (date_ok == CRM_FIELD_EMPTY)
			crm_warn_at(&r->pos, "date: missing");
		if (channel_ok == CRM_FIELD_EMPTY)
			crm_warn_at(&r->pos, "channel: missing");
		if (date_ok != CRM_FIELD_OK || channel_ok != CRM_FIELD_OK)
			bad = 1;
		/* As of --today: a letter not yet written is not in the archive (§5). */
		if (date_ok == CRM_FIELD_OK && day > now) {
			char when[CRM_DATE_LEN];
			crm_date_format(day, date);
			crm_date_format(now, when);
			crm_warn_at(&r->pos, "date: %s is after today, %s", date, when);
			bad = 1;
		}
		/* SVC-03: a gift's summary is the customer's next-year needs (次年需求计划). */
		if (channel_ok == CRM_FIELD_OK && !strcmp(crm_channels[ch].name, "gift") &&
		    (csum < 0 || !*r->f[csum])) {
			crm_warn_at(&r->pos, "summary: a gift records the customer's next-year needs (SVC-03)");
			bad = 1;
		}
		/* CM-09: who wrote or called is staff of the archive, here on that day. */
		if (cstaff >= 0 && *r->f[cstaff] &&
		    refs_staff(&refs, &r->pos, "staff", r->f[cstaff], date_ok == CRM_FIELD_OK ? day : CRM_NODATE))
			bad = 1;
		crm_archive_reset(known);
		crm_archive_bind(known, 1, r->f[cid], 0);
		if (crm_archive_step(ar, known) != CRM_ROW) {
			crm_warn_at(&r->pos, "customer_id: no customer '%s' in the archive", r->f[cid]);
			bad = 1;
		}
		if (bad) {
			status = CRM_ERROR;
			continue;
		}
		crm_date_format(day, date);
		crm_archive_reset(ins);
		crm_archive_bind(ins, 1, r->f[cid], 0);
		crm_archive_bind(ins, 2, date, 0);
		crm_archive_bind(ins, 3, crm_channels[ch].name, 0);
		crm_archive_bind(ins, 4, cstaff >= 0 ? r->f[cstaff] : "", 0);
		crm_archive_bind(ins, 5, csum >= 0 ? r->f[csum] : "", 0);
		crm_archive_step(ar, ins);
		n++;
	}
	status = crm_worst(status, crm_input_status(in));
	crm_archive_finalize(known);
	crm_archive_finalize(ins);
	crm_input_free(in);
	refs_release(&refs);
	if (status == CRM_OK)
		crm_archive_commit(ar);
	else {
		crm_archive_rollback(ar);
		crm_warn("nothing was logged: the batch had bad records");
	}
	crm_archive_close(ar);
	return status;
}
