/* crm-file add, update, validate: customers checked (CM-01, CM-03) and written with history (CM-04). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "crm-file.h"

#define NCOLS ((int)crm_type_customer.ncols)

/* The customer columns, in the order of crm_type_customer (lib/types.c). */
enum {
	COL_ID, COL_NAME, COL_CATEGORY, COL_NATURE, COL_SUPERVISOR, COL_ADDRESS, COL_CONTACT,
	COL_PHONE, COL_DEPARTMENT, COL_OWNER, COL_CO_OWNERS, COL_IMPORTANT, COL_FIRST_CONTACT,
	COL_REGISTERED, COL_STATUS
};

/* Required by CM-03: name, category, nature, address, contact, phone. */
static const int required[] = { COL_NAME, COL_CATEGORY, COL_NATURE, COL_ADDRESS, COL_CONTACT, COL_PHONE, -1 };

int
col_index(const char *name)
{
	const struct crm_col *c = crm_type_col(&crm_type_customer, name);

	return c ? (int)(c - crm_type_customer.cols) : -1;
}

struct crm_input *
batch_open(struct args *a, const struct crm_type *t)
{
	struct crm_input *in = crm_input_open(a->v, a->n, &opts.crm, t);

	/* A file that cannot be read stops the batch before the archive is touched. */
	crm_input_ncols(in);
	if (crm_input_status(in) != CRM_OK) {
		crm_input_free(in);
		crm_warn("nothing was written: the input could not be read");
		return NULL;
	}
	return in;
}

void
customer_cols(struct crm_input *in, struct customer_cols *c)
{
	for (int i = 0; i < NCOLS; i++)
		c->col[i] = crm_input_col(in, crm_type_customer.cols[i].name);
	c->nknown = NCOLS;
}

/* Append "; what" to the problems text. */
static void
problem(char *buf, size_t size, size_t *n, const char *fmt, const char *a, const char *b)
{
	size_t used = strlen(buf);

	if (used + 3 >= size)
		return;
	if (used)
		used += (size_t)snprintf(buf + used, size - used, "; ");
	if (used < size)
		snprintf(buf + used, size - used, fmt, a, b);
	(*n)++;
}

static int
is_known(const struct customer_cols *c, int col)
{
	for (int i = 0; i < NCOLS; i++)
		if (c->col[i] == col)
			return 1;
	return 0;
}

/*
 * Check and normalise a customer record: CM-01 category, CM-03 required
 * fields, phone and dates.  Fills out (values borrowed from r, normalised
 * copies in out) and problems; returns the number of problems.  With
 * partial (an update), absent and empty values are not required.
 */
static size_t
check(const struct crm_rec *r, const struct customer_cols *c, struct customer *out, char *problems,
      size_t size, int partial)
{
	size_t n = 0;
	int i, k;
	int32_t first = -1, reg = -1;

	memset(out, 0, sizeof *out);
	problems[0] = '\0';
	for (i = 0; i < NCOLS; i++)
		out->val[i] = c->col[i] >= 0 ? r->f[c->col[i]] : NULL;
	for (i = 0; required[i] >= 0 && !partial; i++) {
		const char *v = out->val[required[i]];
		if (!v || !*v)
			problem(problems, size, &n, "%s: missing (CM-03)%s",
				crm_type_customer.cols[required[i]].name, "");
	}
#define V(name) out->val[COL_##name]
	if (V(CATEGORY) && *V(CATEGORY)) {
		if ((k = crm_enum_parse(crm_categories, V(CATEGORY))) < 0)
			problem(problems, size, &n,
				"category: '%s' is not one of target, general, key, potential (CM-01)%s",
				V(CATEGORY), "");
		else
			V(CATEGORY) = crm_categories[k].name;
	}
	if (V(PHONE) && *V(PHONE)) {
		if (crm_phone_norm(V(PHONE), out->phone) < 0)
			problem(problems, size, &n,
				"phone: '%s' is not a mobile (13812345678) or a landline with its area code (010-12345678)%s",
				V(PHONE), "");
		else
			V(PHONE) = out->phone;
	}
	if (V(IMPORTANT) && *V(IMPORTANT)) {
		if ((k = crm_bool_parse(V(IMPORTANT))) < 0)
			problem(problems, size, &n, "important: expected yes or no, found '%s'%s",
				V(IMPORTANT), "");
		else
			V(IMPORTANT) = k ? "yes" : "no";
	}
	if (V(STATUS) && *V(STATUS)) {
		if ((k = crm_enum_parse(crm_statuses, V(STATUS))) < 0)
			problem(problems, size, &n, "status: expected active or closed, found '%s'%s",
				V(STATUS), "");
		else
			V(STATUS) = crm_statuses[k].name;
	}
	if (V(FIRST_CONTACT) && *V(FIRST_CONTACT)) {
		if (crm_date_parse(V(FIRST_CONTACT), &first) < 0)
			problem(problems, size, &n, "first_contact: '%s' is not a date (YYYY-MM-DD)%s",
				V(FIRST_CONTACT), "");
		else {
			crm_date_format(first, out->first_contact);
			V(FIRST_CONTACT) = out->first_contact;
		}
	}
	if (V(REGISTERED) && *V(REGISTERED)) {
		if (crm_date_parse(V(REGISTERED), &reg) < 0)
			problem(problems, size, &n, "registered: '%s' is not a date (YYYY-MM-DD)%s",
				V(REGISTERED), "");
		else {
			crm_date_format(reg, out->registered);
			V(REGISTERED) = out->registered;
		}
	}
	if (first >= 0 && reg >= 0 && reg < first)
		problem(problems, size, &n, "registered: %s is before the first contact %s",
			out->registered, out->first_contact);
#undef V
	/*
	 * Columns the archive does not know are kept, as a JSON object (NULL:
	 * none); vip is not kept, listings derive it from the category (CM-08).
	 */
	json_t *extra = NULL;
	for (size_t j = 0; j < r->nf; j++) {
		if (is_known(c, (int)j) || !strcasecmp(r->names[j], "vip") || !strcmp(r->names[j], "贵宾"))
			continue;
		if (!extra)
			extra = json_object();
		json_object_set_new(extra, r->names[j], json_string(r->f[j]));
	}
	if (extra) {
		out->extra = json_dumps(extra, JSON_COMPACT);
		json_decref(extra);
	}
	return n;
}

size_t
customer_check(const struct crm_rec *r, const struct customer_cols *c, struct customer *out,
	       char *problems, size_t size)
{
	return check(r, c, out, problems, size, 0);
}

void
customer_release(struct customer *c)
{
	free(c->extra);
	c->extra = NULL;
}

static const struct crm_col problems_col[] = { { "problems", "问题", CRM_STR, NULL } };

/* validate: a pure filter; each record gets its problems; exit 1 when any has some. */
int
cmd_validate(struct args *a)
{
	struct crm_input *in = crm_input_open(a->v, a->n, &opts.crm, &crm_type_customer);
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	struct customer_cols c;
	const struct crm_rec *r;
	char buf[2048];
	long bad = 0;
	int status;

	customer_cols(in, &c);
	crm_writer_passthrough(w, in, &crm_type_customer, problems_col, 1);
	while (crm_input_next(in, &r)) {
		struct customer cust;
		const char *added[] = { buf };
		if (customer_check(r, &c, &cust, buf, sizeof buf))
			bad++;
		customer_release(&cust);
		crm_writer_rec(w, r, added);
	}
	crm_writer_close(w);
	status = crm_input_status(in);
	crm_input_free(in);
	return status ? status : bad ? CRM_FINDINGS : CRM_OK;
}

/* The id a new customer gets: C and six digits, after the largest in the archive. */
static long
last_number(struct crm_archive *ar)
{
	sqlite3_stmt *st = crm_archive_prepare(ar,
		"SELECT max(CAST(substr(id, 2) AS INTEGER)) FROM customer WHERE id GLOB 'C[0-9]*'");
	long n = crm_archive_step(ar, st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;

	sqlite3_finalize(st);
	return n;
}

static const char insert_sql[] =
	"INSERT INTO customer (id, name, category, nature, supervisor, address, contact, phone,"
	" department, owner, co_owners, important, first_contact, registered, status, extra)"
	" VALUES (?1, ?2, ?3, ?4, coalesce(?5, ''), ?6, ?7, ?8, coalesce(?9, ''), coalesce(?10, ''),"
	" coalesce(?11, ''), coalesce(?12, 'no'), ?13, ?14, coalesce(?15, 'active'), ?16)";

/*
 * add: every record checked (CM-01, CM-03), duplicates (same name or
 * phone) refused, ids assigned; one transaction: any bad record, nothing
 * written (CM-02).
 */
int
cmd_add(struct args *a)
{
	struct crm_input *in = batch_open(a, &crm_type_customer);
	if (!in)
		return CRM_ERROR;
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct customer_cols c;
	const struct crm_rec *r;
	char buf[2048], idbuf[32];
	char **ids = NULL;
	size_t nids = 0, cap = 0;
	int status = CRM_OK;
	long next;

	customer_cols(in, &c);
	/* 64 MB of page cache: a big batch stays in memory until the commit. */
	crm_archive_exec(ar, "PRAGMA cache_size = -65536");
	crm_archive_begin(ar);
	next = last_number(ar);
	sqlite3_stmt *ins = crm_archive_prepare(ar, insert_sql);
	sqlite3_stmt *dup = crm_archive_prepare(ar,
		"SELECT id, name = ?1 FROM customer WHERE name = ?1 OR phone = ?2 LIMIT 1");
	sqlite3_stmt *exists = crm_archive_prepare(ar, "SELECT 1 FROM customer WHERE id = ?1");
	while ((status == CRM_OK || !opts.crm.strict) && crm_input_next(in, &r)) {
		struct customer cust;
		if (customer_check(r, &c, &cust, buf, sizeof buf)) {
			crm_warn_at(&r->pos, "%s", buf);
			customer_release(&cust);
			status = CRM_ERROR;
			continue;
		}
		const char *id = cust.val[0];
		if (!id || !*id) {
			/* Skip numbers a given id in the archive already took. */
			do {
				if (next == LONG_MAX)
					crm_die("id: no number left after C%ld; give the ids", next);
				snprintf(idbuf, sizeof idbuf, "C%06ld", ++next);
				sqlite3_reset(exists);
				crm_archive_bind(exists, 1, idbuf, 0);
			} while (crm_archive_step(ar, exists) == SQLITE_ROW);
			id = idbuf;
		} else {
			sqlite3_reset(exists);
			crm_archive_bind(exists, 1, id, 0);
			if (crm_archive_step(ar, exists) == SQLITE_ROW) {
				crm_warn_at(&r->pos, "id: customer '%s' is already in the archive", id);
				customer_release(&cust);
				status = CRM_ERROR;
				continue;
			}
		}
		if (!opts.allow_duplicate) {
			sqlite3_reset(dup);
			crm_archive_bind(dup, 1, cust.val[1], 0);
			crm_archive_bind(dup, 2, cust.val[7], 0);
			if (crm_archive_step(ar, dup) == SQLITE_ROW) {
				crm_warn_at(&r->pos, "'%s' looks like customer %s (same %s); give --allow-duplicate to add it anyway",
					    cust.val[1], crm_archive_text(dup, 0),
					    sqlite3_column_int(dup, 1) ? "name" : "phone");
				customer_release(&cust);
				status = CRM_ERROR;
				continue;
			}
		}
		sqlite3_reset(ins);
		crm_archive_bind(ins, 1, id, 0);
		for (int i = 1; i < NCOLS; i++)
			crm_archive_bind(ins, i + 1, cust.val[i], 1);
		crm_archive_bind(ins, 16, cust.extra ? cust.extra : "{}", 0);
		crm_archive_step(ar, ins);
		customer_release(&cust);
		crm_grow(&ids, &cap, nids + 1, sizeof *ids);
		ids[nids++] = xstrdup(id);
	}
	status = crm_worst(status, crm_input_status(in));
	sqlite3_finalize(ins);
	sqlite3_finalize(dup);
	sqlite3_finalize(exists);
	crm_input_free(in);
	if (status == CRM_OK) {
		crm_archive_commit(ar);
		print_customers(ar, ids, nids);
	} else {
		crm_archive_rollback(ar);
		crm_warn("nothing was added: the batch had bad records");
	}
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	crm_archive_close(ar);
	return status;
}

/* A change row held until the update commits (CM-04, 《客户信息维护表》). */
struct change {
	char *v[8];	/* customer_id, field, old, new, changed_on, reported_on, by, reason */
};

/* The column of a change field (reason, by, changed_on), by its English or Chinese name. */
static int
change_col(struct crm_input *in, const char *name)
{
	int i = crm_input_col(in, name);

	return i >= 0 ? i : crm_input_col(in, crm_type_col(&crm_type_change, name)->zh);
}

/*
 * update: records with id, the fields that change (empty: unchanged),
 * reason and by; each changed field gets a history row.  One transaction.
 */
int
cmd_update(struct args *a)
{
	struct crm_input *in = batch_open(a, &crm_type_customer);
	if (!in)
		return CRM_ERROR;
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct customer_cols c;
	const struct crm_rec *r;
	struct change *ch = NULL;
	size_t nch = 0, cap = 0;
	char buf[2048], today[CRM_DATE_LEN];
	int status = CRM_OK;
	int creason = change_col(in, "reason"), cby = change_col(in, "by");
	int cchanged = change_col(in, "changed_on");

	crm_date_format(crm_today(&opts.crm), today);
	customer_cols(in, &c);
	if (crm_input_ncols(in) && c.col[0] < 0) {
		crm_warn("%s: an update needs the column id", crm_input_pos(in)->file);
		crm_input_free(in);
		crm_archive_close(ar);
		return CRM_ERROR;
	}
	crm_archive_begin(ar);
	sqlite3_stmt *get = crm_archive_prepare(ar, "SELECT * FROM customer WHERE id = ?1");
	sqlite3_stmt *log = crm_archive_prepare(ar,
		"INSERT INTO change (customer_id, field, old, new, changed_on, reported_on, by, reason)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	while ((status == CRM_OK || !opts.crm.strict) && crm_input_next(in, &r)) {
		struct customer cust;
		const char *id = r->f[c.col[0]];
		const char *reason = creason >= 0 ? r->f[creason] : "";
		const char *by = cby >= 0 ? r->f[cby] : "";
		char changed[CRM_DATE_LEN];
		int32_t day;
		int bad = 0;

		/* The record is read as its columns plus these three, which are not customer fields. */
		if (check(r, &c, &cust, buf, sizeof buf, 1)) {
			crm_warn_at(&r->pos, "%s", buf);
			bad = 1;
		}
		memcpy(changed, today, sizeof changed);
		if (cchanged >= 0 && *r->f[cchanged]) {
			if (crm_get_date(r, cchanged, &day) != CRM_FIELD_OK)
				bad = 1;
			else
				crm_date_format(day, changed);
		}
		sqlite3_reset(get);
		crm_archive_bind(get, 1, id, 0);
		if (!*id) {
			crm_warn_at(&r->pos, "id: an update needs the customer's id");
			bad = 1;
		} else if (crm_archive_step(ar, get) != SQLITE_ROW) {
			crm_warn_at(&r->pos, "id: no customer '%s' in the archive", id);
			bad = 1;
		}
		if (!*reason || !*by) {
			crm_warn_at(&r->pos, "%s: a change needs who made it (by) and why (reason) (CM-04)",
				    !*reason ? "reason" : "by");
			bad = 1;
		}
		if (bad) {
			customer_release(&cust);
			status = CRM_ERROR;
			continue;
		}
		for (int i = 1; i < NCOLS; i++) {
			const char *new = cust.val[i];
			const char *name = crm_type_customer.cols[i].name;
			if (!new || !*new)
				continue;
			char *old = xstrdup(crm_archive_text(get, i));
			if (strcmp(old, new)) {
				char sql[128];
				snprintf(sql, sizeof sql, "UPDATE customer SET %s = ?1 WHERE id = ?2", name);
				sqlite3_stmt *set = crm_archive_prepare(ar, sql);
				crm_archive_bind(set, 1, new, 0);
				crm_archive_bind(set, 2, id, 0);
				crm_archive_step(ar, set);
				sqlite3_finalize(set);
				const char *row[8] = { id, name, old, new, changed, today, by, reason };
				sqlite3_reset(log);
				for (int k = 0; k < 8; k++)
					crm_archive_bind(log, k + 1, row[k], 0);
				crm_archive_step(ar, log);
				crm_grow(&ch, &cap, nch + 1, sizeof *ch);
				for (int k = 0; k < 8; k++)
					ch[nch].v[k] = xstrdup(row[k]);
				nch++;
			}
			free(old);
		}
		customer_release(&cust);
	}
	status = crm_worst(status, crm_input_status(in));
	sqlite3_finalize(get);
	sqlite3_finalize(log);
	crm_input_free(in);
	if (status == CRM_OK)
		crm_archive_commit(ar);
	else {
		crm_archive_rollback(ar);
		crm_warn("nothing was updated: the batch had bad records");
	}
	/* What was written: the change rows, once they are in the archive. */
	struct crm_writer *w = status == CRM_OK ? crm_writer_new(stdout, &opts.crm) : NULL;
	if (w)
		crm_writer_type(w, &crm_type_change);
	for (size_t i = 0; i < nch; i++) {
		if (w)
			crm_writer_row(w, (const char *const *)ch[i].v, NULL);
		for (int k = 0; k < 8; k++)
			free(ch[i].v[k]);
	}
	crm_writer_close(w);
	free(ch);
	crm_archive_close(ar);
	return status;
}
