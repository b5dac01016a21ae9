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

/*
 * Required by CM-03: name, category, nature, supervising unit (an explicit
 * 无 when there is none), address, contact, phone.
 */
static const int required[] = {
	COL_NAME, COL_CATEGORY, COL_NATURE, COL_SUPERVISOR, COL_ADDRESS, COL_CONTACT, COL_PHONE, -1
};

/* An update's value that clears a field on purpose (crm-file(1)). */
#define CLEAR "-"

static int
is_clear(const char *v)
{
	return v && !strcmp(v, CLEAR);
}

/* The message for a required field left empty (CM-03). */
static const char *
missing_text(int col)
{
	return col == COL_SUPERVISOR ? "%s: missing (CM-03; write 无 when there is none)%s"
				     : "%s: missing (CM-03)%s";
}

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

/* A date after --today (CRM_TODAY, the clock) is a problem: the archive holds what has happened. */
static void
future(char *buf, size_t size, size_t *n, const char *col, const char *text, int32_t day)
{
	char today[CRM_DATE_LEN], what[64];

	if (!*text || day <= crm_today(&opts.crm))
		return;
	crm_date_format(crm_today(&opts.crm), today);
	snprintf(what, sizeof what, "%s: %s", col, text);
	problem(buf, size, n, "%s is after today, %s", what, today);
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
	int32_t first = CRM_NODATE, reg = CRM_NODATE;

	memset(out, 0, sizeof *out);
	problems[0] = '\0';
	for (i = 0; i < NCOLS; i++) {
		out->val[i] = c->col[i] >= 0 ? r->f[c->col[i]] : NULL;
		/* An update's clear marker is not a value to check. */
		if (partial && is_clear(out->val[i]))
			out->val[i] = NULL;
	}
	for (i = 0; required[i] >= 0 && !partial; i++) {
		const char *v = out->val[required[i]];
		if (!v || !*v)
			problem(problems, size, &n, missing_text(required[i]),
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
	if (*out->first_contact && *out->registered && reg < first)
		problem(problems, size, &n, "registered: %s is before the first contact %s",
			out->registered, out->first_contact);
	/* As of --today (§5): nothing has happened after it, in add and update alike. */
	future(problems, size, &n, "first_contact", out->first_contact, first);
	future(problems, size, &n, "registered", out->registered, reg);
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
cmd_validate(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

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

static int
staff_cmp(const void *a, const void *b)
{
	return strcmp(((const struct staff_ref *)a)->id, ((const struct staff_ref *)b)->id);
}

void
refs_load(struct refs *f, struct crm_archive *ar)
{
	struct crm_stmt *st = crm_archive_prepare(ar, "SELECT id, department, left_on FROM staff");

	memset(f, 0, sizeof *f);
	while (crm_archive_step(ar, st) == CRM_ROW) {
		int32_t left = CRM_NODATE;
		if (!crm_archive_is_null(st, 2))
			crm_date_parse(crm_archive_text(st, 2), &left);
		crm_grow(&f->s, &f->cap, f->n + 1, sizeof *f->s);
		f->s[f->n].id = xstrdup(crm_archive_text(st, 0));
		f->s[f->n].department = xstrdup(crm_archive_text(st, 1));
		f->s[f->n].left_on = left;
		f->n++;
	}
	crm_archive_finalize(st);
	if (f->n)
		qsort(f->s, f->n, sizeof *f->s, staff_cmp);
}

void
refs_release(struct refs *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->s[i].id);
		free(f->s[i].department);
	}
	free(f->s);
}

/*
 * One staff reference: an id of the archive's staff who had not left
 * before day (left_on is their last working day).  Returns 1 after a
 * diagnostic when it is not.
 */
int
refs_staff(const struct refs *f, const struct crm_pos *pos, const char *col, const char *id,
	   int32_t day)
{
	struct staff_ref key = { (char *)id, NULL, 0 }, *s;
	char left[CRM_DATE_LEN], on[CRM_DATE_LEN];

	if (strpbrk(id, " \t,;，；、")) {
		crm_warn_at(pos, "%s: '%s' is not one staff id (more staff go in co_owners, separated by ;)",
			    col, id);
		return 1;
	}
	/* No staff at all: no one to name (and no array for bsearch). */
	if (!f->n || !(s = bsearch(&key, f->s, f->n, sizeof *f->s, staff_cmp))) {
		crm_warn_at(pos, "%s: no staff '%s' in the archive (add them with crm-staff add)", col, id);
		return 1;
	}
	if (s->left_on != CRM_NODATE && day != CRM_NODATE && s->left_on < day) {
		crm_date_format(s->left_on, left);
		crm_date_format(day, on);
		crm_warn_at(pos, "%s: staff '%s' left on %s, before %s (CM-11)", col, id, left, on);
		return 1;
	}
	return 0;
}

/*
 * CM-10, CM-11: the owner and every co-owner name staff of the archive who
 * are still here on the record's date (day), no one twice, and the
 * department is one the staff belong to.  vals: the customer's values given
 * (NULL: not given).  Always: an archive without staff has no one to name.
 * Returns the number of problems, each reported.
 */
int
refs_check(const struct refs *f, const struct crm_rec *r, const char *const *vals, int32_t day)
{
	const char *owner = vals[COL_OWNER], *co = vals[COL_CO_OWNERS], *dept = vals[COL_DEPARTMENT];
	int bad = 0;

	if (day == CRM_NODATE) {
		/* A new customer: the date of its record, registration or first contact. */
		const char *d = vals[COL_REGISTERED] && *vals[COL_REGISTERED] ? vals[COL_REGISTERED]
											: vals[COL_FIRST_CONTACT];
		if (!d || !*d || crm_date_parse(d, &day) < 0)
			day = crm_today(&opts.crm);
	}
	if (owner && *owner)
		bad += refs_staff(f, &r->pos, "owner", owner, day);
	if (co && *co) {
		char *list = xstrdup(co), *save = NULL;
		char **seen = NULL;
		size_t nseen = 0, cap = 0;
		/* Separated by ';' or ',' (full-width too, and 、), as crm-staff reads them. */
		for (char *p = list; (p = strpbrk(p, "\xef\xe3"));) {
			if (!strncmp(p, "；", 3) || !strncmp(p, "，", 3) || !strncmp(p, "、", 3))
				memcpy(p, ";  ", 3);
			p++;
		}
		for (char *t = strtok_r(list, ";,", &save); t; t = strtok_r(NULL, ";,", &save)) {
			while (*t == ' ')
				t++;
			for (char *e = t + strlen(t); e > t && e[-1] == ' ';)
				*--e = '\0';
			if (!*t)
				continue;
			if (owner && !strcmp(t, owner)) {
				crm_warn_at(&r->pos, "co_owners: '%s' is the owner already (CM-10 needs two different staff)", t);
				bad++;
				continue;
			}
			size_t k;
			for (k = 0; k < nseen && strcmp(seen[k], t); k++)
				;
			if (k < nseen) {
				crm_warn_at(&r->pos, "co_owners: '%s' is named twice", t);
				bad++;
				continue;
			}
			crm_grow(&seen, &cap, nseen + 1, sizeof *seen);
			seen[nseen++] = t;
			bad += refs_staff(f, &r->pos, "co_owners", t, day);
		}
		free(seen);
		free(list);
	}
	if (dept && *dept) {
		size_t i;
		for (i = 0; i < f->n && strcmp(f->s[i].department, dept); i++)
			;
		if (i == f->n) {
			crm_warn_at(&r->pos, "department: no department '%s' among the archive's staff", dept);
			bad++;
		}
	}
	return bad;
}

/*
 * The number of the last id the archive assigned (C and digits) and its
 * width, so that new ids follow the archive's own (after C170, C171; six
 * digits in a new archive).
 */
static long
last_number(struct crm_archive *ar, int *width)
{
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT CAST(substr(id, 2) AS INTEGER) AS n, length(id) - 1 FROM customer"
		" WHERE id GLOB 'C[0-9]*' AND NOT substr(id, 2) GLOB '*[^0-9]*'"
		" ORDER BY n DESC, length(id) DESC LIMIT 1");
	long n = 0;

	*width = 6;
	if (crm_archive_step(ar, st) == CRM_ROW) {
		n = (long)crm_archive_int(st, 0);
		*width = crm_archive_int(st, 1);
	}
	crm_archive_finalize(st);
	return n;
}

/* Where each customer of this batch came from, to say "same as line 2". */
struct batch {
	struct batch_entry {
		char *id;
		struct crm_pos pos;
	} *e;
	size_t n, cap;
};

static void
batch_put(struct batch *b, const char *id, const struct crm_pos *pos)
{
	crm_grow(&b->e, &b->cap, b->n + 1, sizeof *b->e);
	b->e[b->n].id = xstrdup(id);
	b->e[b->n].pos.file = pos->file ? xstrdup(pos->file) : NULL;
	b->e[b->n].pos.line = pos->line;
	b->n++;
}

static const struct crm_pos *
batch_find(const struct batch *b, const char *id)
{
	for (size_t i = b->n; i-- > 0;)
		if (!strcmp(b->e[i].id, id))
			return &b->e[i].pos;
	return NULL;
}

static void
batch_release(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->e[i].id);
		free((char *)b->e[i].pos.file);
	}
	free(b->e);
}

/*
 * CM-02: refuse a customer whose name (as crm_name_key matches it) or phone
 * another customer has; one of this batch is named by its line.  Returns 1
 * after a diagnostic when it is a duplicate.
 */
static int
duplicate(struct crm_archive *ar, struct crm_stmt *dup, const struct crm_rec *r, const char *id,
	  const char *name, const char *key, const char *phone, const struct batch *b)
{
	const struct crm_pos *at;
	const char *what;

	crm_archive_reset(dup);
	crm_archive_bind(dup, 1, key, 0);
	crm_archive_bind(dup, 2, phone, 0);
	crm_archive_bind(dup, 3, id ? id : "", 0);
	if (crm_archive_step(ar, dup) != CRM_ROW)
		return 0;
	what = crm_archive_int(dup, 1) ? "name" : "phone";
	if ((at = batch_find(b, crm_archive_text(dup, 0)))) {
		if (at->file && r->pos.file && strcmp(at->file, r->pos.file))
			crm_warn_at(&r->pos, "'%s': same as %s line %ld (same %s); give --allow-duplicate to keep both",
				    name, at->file, at->line, what);
		else
			crm_warn_at(&r->pos, "'%s': same as line %ld (same %s); give --allow-duplicate to keep both",
				    name, at->line, what);
	} else {
		crm_warn_at(&r->pos, "'%s' looks like customer %s (same %s); give --allow-duplicate to add it anyway",
			    name, crm_archive_text(dup, 0), what);
	}
	return 1;
}

#define DUP_SQL "SELECT id, name_key = ?1 FROM customer WHERE (name_key = ?1 OR phone = ?2) AND id <> ?3 LIMIT 1"

static const char insert_sql[] =
	"INSERT INTO customer (id, name, category, nature, supervisor, address, contact, phone,"
	" department, owner, co_owners, important, first_contact, registered, status, extra, name_key)"
	" VALUES (?1, ?2, ?3, ?4, coalesce(?5, ''), ?6, ?7, ?8, coalesce(?9, ''), coalesce(?10, ''),"
	" coalesce(?11, ''), coalesce(?12, 'no'), ?13, ?14, coalesce(?15, 'active'), ?16, ?17)";

/*
 * add: every record checked (CM-01, CM-03), duplicates (same name or
 * phone, in the archive or earlier in the batch) refused, staff and
 * departments checked (CM-10, CM-11), ids assigned; one transaction: any
 * bad record, nothing written (CM-02).
 */
int
cmd_add(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_input *in = batch_open(a, &crm_type_customer);
	if (!in)
		return CRM_ERROR;
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct customer_cols c;
	const struct crm_rec *r;
	struct batch batch = { 0 };
	struct refs refs;
	char buf[2048], idbuf[32];
	int status = CRM_OK, width;
	long next, *given = NULL;
	size_t ngiven = 0, gcap = 0;

	customer_cols(in, &c);
	/* 64 MB of page cache: a big batch stays in memory until the commit. */
	crm_archive_exec(ar, "PRAGMA cache_size = -65536");
	crm_archive_begin(ar);
	refs_load(&refs, ar);
	next = last_number(ar, &width);
	struct crm_stmt *ins = crm_archive_prepare(ar, insert_sql);
	struct crm_stmt *dup = crm_archive_prepare(ar, DUP_SQL);
	struct crm_stmt *exists = crm_archive_prepare(ar, "SELECT 1 FROM customer WHERE id = ?1");
	while ((status == CRM_OK || !opts.crm.strict) && crm_input_next(in, &r)) {
		struct customer cust;
		int bad = 0;
		if (customer_check(r, &c, &cust, buf, sizeof buf)) {
			crm_warn_at(&r->pos, "%s", buf);
			bad = 1;
		}
		if (refs_check(&refs, r, cust.val, CRM_NODATE))
			bad = 1;
		if (bad) {
			customer_release(&cust);
			status = CRM_ERROR;
			continue;
		}
		const char *id = cust.val[0];
		if (!id || !*id) {
			/* Skip numbers a given id in the archive already took. */
			size_t k;
			do {
				if (next == LONG_MAX)
					crm_die("id: no number left after C%ld; give the ids", next);
				snprintf(idbuf, sizeof idbuf, "C%0*ld", width, ++next);
				for (k = 0; k < ngiven && given[k] != next; k++)
					;
				crm_archive_reset(exists);
				crm_archive_bind(exists, 1, idbuf, 0);
			} while (k < ngiven || crm_archive_step(ar, exists) == CRM_ROW);
			id = idbuf;
		} else {
			crm_archive_reset(exists);
			crm_archive_bind(exists, 1, id, 0);
			if (crm_archive_step(ar, exists) == CRM_ROW) {
				const struct crm_pos *at = batch_find(&batch, id);
				if (at)
					crm_warn_at(&r->pos, "id: '%s' is given twice: same as line %ld", id, at->line);
				else
					crm_warn_at(&r->pos, "id: customer '%s' is already in the archive", id);
				customer_release(&cust);
				status = CRM_ERROR;
				continue;
			}
		}
		/* A given C-number (C000010 is 10) is not assigned again in another width. */
		if (id != idbuf && id[0] == 'C' && id[1] && strspn(id + 1, "0123456789") == strlen(id + 1) &&
		    strlen(id + 1) < 18) {
			crm_grow(&given, &gcap, ngiven + 1, sizeof *given);
			given[ngiven++] = strtol(id + 1, NULL, 10);
		}
		char *key = crm_name_key(cust.val[COL_NAME]);
		if (!opts.allow_duplicate &&
		    duplicate(ar, dup, r, NULL, cust.val[COL_NAME], key, cust.val[COL_PHONE], &batch)) {
			free(key);
			customer_release(&cust);
			status = CRM_ERROR;
			continue;
		}
		crm_archive_reset(ins);
		crm_archive_bind(ins, 1, id, 0);
		for (int i = 1; i < NCOLS; i++)
			crm_archive_bind(ins, i + 1, cust.val[i], 1);
		crm_archive_bind(ins, 16, cust.extra ? cust.extra : "{}", 0);
		crm_archive_bind(ins, 17, key, 0);
		crm_archive_step(ar, ins);
		free(key);
		customer_release(&cust);
		batch_put(&batch, id, &r->pos);
	}
	status = crm_worst(status, crm_input_status(in));
	crm_archive_finalize(ins);
	crm_archive_finalize(dup);
	crm_archive_finalize(exists);
	crm_input_free(in);
	refs_release(&refs);
	if (status == CRM_OK) {
		char **ids = xcalloc(batch.n + 1, sizeof *ids);
		for (size_t i = 0; i < batch.n; i++)
			ids[i] = batch.e[i].id;
		crm_archive_commit(ar);
		print_customers(ar, ids, batch.n);
		free(ids);
	} else {
		crm_archive_rollback(ar);
		crm_warn("nothing was added: the batch had bad records");
	}
	batch_release(&batch);
	free(given);
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

/* CM-06: the learned_on column (获知日期) of an update, or -1. */
static int
learned_col(struct crm_input *in)
{
	int i = crm_input_col(in, "learned_on");

	return i >= 0 ? i : crm_input_col(in, "获知日期");
}

/*
 * CM-06: an update's learned_on, the day the department learned of the
 * change: "" when not given, else a date not before changed_on nor after
 * today, formatted into out.  -1 (reported at pos) when bad.
 */
static int
learned_on(const struct crm_rec *r, int col, int32_t changed, int32_t today, char *out)
{
	int32_t day;

	*out = '\0';
	if (col < 0 || !*r->f[col])
		return 0;
	if (crm_get_date(r, col, &day) != CRM_FIELD_OK)
		return -1;
	if (day < changed || day > today) {
		char d[CRM_DATE_LEN];
		crm_date_format(day < changed ? changed : today, d);
		crm_warn_at(&r->pos, "learned_on: '%s' is %s (%s)", r->f[col],
			    day < changed ? "before changed_on" : "after today", d);
		return -1;
	}
	crm_date_format(day, out);
	return 0;
}

/* Whether column name is one of a change's own (reason, by, changed_on …), not the customer's. */
static int
is_change_col(const char *name)
{
	return crm_type_col(&crm_type_change, name) || !strcmp(name, "learned_on") ||
	       !strcmp(name, "获知日期") ||
	       !strcasecmp(name, "vip") || !strcmp(name, "贵宾");
}

/* The history rows of one update, written once the record passed every check. */
struct edit {
	const char *field;
	char *old, *new;
};

/*
 * The UPDATE statements of one batch, one per set of changed columns, so
 * that an update writes only what changed: bit i (1 … NCOLS - 1) the
 * customer column i, bit NCOLS the extra columns; a new name takes its
 * name_key with it.  Parameters: ?1 the id, ?(i + 1) column i, ?16 extra,
 * ?17 name_key.
 */
#define EXTRA_BIT NCOLS

struct setters {
	struct setter {
		unsigned mask;
		struct crm_stmt *st;
	} *s;
	size_t n, cap;
};

static struct crm_stmt *
setter(struct crm_archive *ar, struct setters *ss, unsigned mask)
{
	size_t k;

	for (k = 0; k < ss->n; k++)
		if (ss->s[k].mask == mask)
			return ss->s[k].st;
	char *sql = xstrdup("UPDATE customer SET"), *t;
	const char *sep = " ";
	for (int i = 1; i <= EXTRA_BIT; i++) {
		if (!(mask & 1u << i))
			continue;
		if (i == EXTRA_BIT)
			t = xasprintf("%s%sextra = ?16", sql, sep);
		else if (i == COL_NAME)
			t = xasprintf("%s%sname = ?2, name_key = ?17", sql, sep);
		else
			t = xasprintf("%s%s%s = ?%d", sql, sep, crm_type_customer.cols[i].name, i + 1);
		free(sql);
		sql = t;
		sep = ", ";
	}
	t = xasprintf("%s WHERE id = ?1", sql);
	free(sql);
	crm_grow(&ss->s, &ss->cap, ss->n + 1, sizeof *ss->s);
	ss->s[ss->n] = (struct setter){ mask, crm_archive_prepare(ar, t) };
	free(t);
	return ss->s[ss->n++].st;
}

static void
setters_release(struct setters *ss)
{
	for (size_t k = 0; k < ss->n; k++)
		crm_archive_finalize(ss->s[k].st);
	free(ss->s);
}

#define GET_SQL \
	"SELECT id, name, category, nature, supervisor, address, contact, phone, department," \
	" owner, co_owners, important, first_contact, registered, status, extra FROM customer WHERE id = ?1"

/*
 * update: records with id, the fields that change (empty: unchanged; CLEAR:
 * cleared), reason and by; as strict as add — the same checks, dates in
 * order (a registration is never moved back, CM-05, CM-15), duplicates
 * refused, staff checked — then one history row per changed field, unknown
 * columns (备注 …) included (CM-04).  One transaction.
 */
int
cmd_update(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_input *in = batch_open(a, &crm_type_customer);
	if (!in)
		return CRM_ERROR;
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct customer_cols c;
	const struct crm_rec *r;
	struct change *ch = NULL;
	struct batch batch = { 0 };
	struct refs refs;
	size_t nch = 0, cap = 0;
	char buf[2048], today[CRM_DATE_LEN];
	int status = CRM_OK;
	int creason = change_col(in, "reason"), cby = change_col(in, "by");
	int cchanged = change_col(in, "changed_on"), clearned = learned_col(in);

	crm_date_format(crm_today(&opts.crm), today);
	customer_cols(in, &c);
	if (crm_input_ncols(in) && c.col[0] < 0) {
		crm_warn("%s: an update needs the column id", crm_input_pos(in)->file);
		crm_input_free(in);
		crm_archive_close(ar);
		return CRM_ERROR;
	}
	crm_archive_exec(ar, "PRAGMA cache_size = -65536");
	crm_archive_begin(ar);
	refs_load(&refs, ar);
	struct crm_stmt *get = crm_archive_prepare(ar, GET_SQL);
	struct setters set = { 0 };
	struct crm_stmt *dup = crm_archive_prepare(ar, DUP_SQL);
	struct crm_stmt *log = crm_archive_prepare(ar,
		"INSERT INTO change (customer_id, field, old, new, changed_on, reported_on, by, reason,"
		" learned_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	while ((status == CRM_OK || !opts.crm.strict) && crm_input_next(in, &r)) {
		struct customer cust;
		const char *id = r->f[c.col[0]];
		const char *reason = creason >= 0 ? r->f[creason] : "";
		const char *by = cby >= 0 ? r->f[cby] : "";
		char changed[CRM_DATE_LEN], learned[CRM_DATE_LEN];
		char *old[32] = { 0 };
		const char *merged[32] = { 0 };
		struct edit *edits = NULL;
		size_t ecap = 0;
		int nedits = 0, bad = 0, found = 0;
		unsigned mask = 0;
		int32_t day = crm_today(&opts.crm);
		json_t *extra = NULL;

		/* The record is read as its columns plus reason, by, changed_on, which are not customer fields. */
		if (check(r, &c, &cust, buf, sizeof buf, 1)) {
			crm_warn_at(&r->pos, "%s", buf);
			bad = 1;
		}
		memcpy(changed, today, sizeof changed);
		if (cchanged >= 0 && *r->f[cchanged]) {
			if (crm_get_date(r, cchanged, &day) != CRM_FIELD_OK) {
				bad = 1;
			} else if (day > crm_today(&opts.crm)) {
				crm_date_format(day, changed);
				crm_warn_at(&r->pos, "changed_on: %s is after today, %s", changed, today);
				day = crm_today(&opts.crm);
				bad = 1;
			} else {
				crm_date_format(day, changed);
			}
		}
		if (learned_on(r, clearned, day, crm_today(&opts.crm), learned) < 0)
			bad = 1;
		crm_archive_reset(get);
		crm_archive_bind(get, 1, id, 0);
		if (!*id) {
			crm_warn_at(&r->pos, "id: an update needs the customer's id");
			bad = 1;
		} else if (crm_archive_step(ar, get) != CRM_ROW) {
			crm_warn_at(&r->pos, "id: no customer '%s' in the archive", id);
			bad = 1;
		} else {
			found = 1;
			for (int i = 0; i < NCOLS; i++)
				old[i] = xstrdup(crm_archive_text(get, i));
			extra = json_loads(crm_archive_text(get, NCOLS), 0, NULL);
		}
		if (!extra)
			extra = json_object();
		if (!*reason || !*by) {
			crm_warn_at(&r->pos, "%s: a change needs who made it (by) and why (reason) (CM-04)",
				    !*reason ? "reason" : "by");
			bad = 1;
		} else if (refs_staff(&refs, &r->pos, "by", by, day)) {
			bad = 1;
		}
		if (found) {
			/* The customer as it will be: stored values, overlaid by the given and the cleared. */
			for (int i = 1; i < NCOLS; i++) {
				const char *given = c.col[i] >= 0 ? r->f[c.col[i]] : NULL;
				merged[i] = is_clear(given) ? "" : cust.val[i] && *cust.val[i] ? cust.val[i] : old[i];
				if (is_clear(given)) {
					for (int k = 0; required[k] >= 0; k++)
						if (required[k] == i) {
							crm_warn_at(&r->pos, "%s: cannot be cleared (CM-03)",
								    crm_type_customer.cols[i].name);
							bad = 1;
						}
					/* Cleared, a registration could come back earlier than it was (CM-05, CM-15). */
					if (i == COL_REGISTERED && *old[i]) {
						crm_warn_at(&r->pos, "registered: %s cannot be cleared (a registration is not undone; CM-05, CM-15)",
							    old[i]);
						bad = 1;
					}
					if (i == COL_IMPORTANT)
						merged[i] = "no";
					if (i == COL_STATUS)
						merged[i] = "active";
				}
			}
			const char *f = merged[COL_FIRST_CONTACT], *g = merged[COL_REGISTERED];
			int32_t first, reg, was;
			if ((cust.val[COL_FIRST_CONTACT] || cust.val[COL_REGISTERED]) && *f && *g &&
			    crm_date_parse(f, &first) == 0 && crm_date_parse(g, &reg) == 0 && reg < first) {
				crm_warn_at(&r->pos, "registered: %s is before the first contact %s", g, f);
				bad = 1;
			}
			if (cust.val[COL_REGISTERED] && *old[COL_REGISTERED] &&
			    crm_date_parse(old[COL_REGISTERED], &was) == 0 &&
			    crm_date_parse(cust.val[COL_REGISTERED], &reg) == 0 && reg < was) {
				crm_warn_at(&r->pos, "registered: %s is before the registration on file, %s (a registration is not moved back; CM-05, CM-15)",
					    cust.val[COL_REGISTERED], old[COL_REGISTERED]);
				bad = 1;
			}
			if (refs_check(&refs, r, cust.val, day))
				bad = 1;
			if (!bad && !opts.allow_duplicate &&
			    ((cust.val[COL_NAME] && strcmp(cust.val[COL_NAME], old[COL_NAME])) ||
			     (cust.val[COL_PHONE] && strcmp(cust.val[COL_PHONE], old[COL_PHONE])))) {
				char *key = crm_name_key(merged[COL_NAME]);
				if (duplicate(ar, dup, r, id, merged[COL_NAME], key, merged[COL_PHONE], &batch))
					bad = 1;
				free(key);
			}
		}
		if (!bad) {
			for (int i = 1; i < NCOLS; i++) {
				if (!strcmp(old[i], merged[i]))
					continue;
				crm_grow(&edits, &ecap, (size_t)nedits + 1, sizeof *edits);
				edits[nedits++] = (struct edit){ crm_type_customer.cols[i].name,
								xstrdup(old[i]), xstrdup(merged[i]) };
				mask |= 1u << i;
			}
			/* Columns the archive does not know (备注 …): kept, changed and cleared like the rest. */
			for (size_t j = 0; j < r->nf; j++) {
				const char *v = r->f[j], *name = r->names[j];
				if (is_known(&c, (int)j) || is_change_col(name) || !*v)
					continue;
				json_t *was = json_object_get(extra, name);
				const char *ov = json_is_string(was) ? json_string_value(was) : "";
				const char *nv = is_clear(v) ? "" : v;
				if (!strcmp(ov, nv))
					continue;
				crm_grow(&edits, &ecap, (size_t)nedits + 1, sizeof *edits);
				edits[nedits++] = (struct edit){ name, xstrdup(ov), xstrdup(nv) };
				mask |= 1u << EXTRA_BIT;
				if (*nv)
					json_object_set_new(extra, name, json_string(nv));
				else
					json_object_del(extra, name);
			}
		}
		if (!bad && nedits) {
			struct crm_stmt *st = setter(ar, &set, mask);
			crm_archive_reset(st);
			crm_archive_bind(st, 1, id, 0);
			for (int i = 1; i < NCOLS; i++)
				if (mask & 1u << i)
					crm_archive_bind(st, i + 1, merged[i],
							 i == COL_FIRST_CONTACT || i == COL_REGISTERED);
			if (mask & 1u << EXTRA_BIT) {
				char *extra_text = json_dumps(extra, JSON_COMPACT);
				crm_archive_bind(st, 16, extra_text, 0);
				free(extra_text);
			}
			if (mask & 1u << COL_NAME) {
				char *key = crm_name_key(merged[COL_NAME]);
				crm_archive_bind(st, 17, key, 0);
				free(key);
			}
			crm_archive_step(ar, st);
			for (int e = 0; e < nedits; e++) {
				const char *row[8] = { id, edits[e].field, edits[e].old, edits[e].new,
						       changed, today, by, reason };
				crm_archive_reset(log);
				for (int k = 0; k < 8; k++)
					crm_archive_bind(log, k + 1, row[k], 0);
				crm_archive_bind(log, 9, learned, 1);
				crm_archive_step(ar, log);
				crm_grow(&ch, &cap, nch + 1, sizeof *ch);
				for (int k = 0; k < 8; k++)
					ch[nch].v[k] = xstrdup(row[k]);
				nch++;
			}
		}
		if (!bad)
			batch_put(&batch, id, &r->pos);
		for (int e = 0; e < nedits; e++) {
			free(edits[e].old);
			free(edits[e].new);
		}
		free(edits);
		for (int i = 0; i < NCOLS; i++)
			free(old[i]);
		json_decref(extra);
		customer_release(&cust);
		if (bad)
			status = CRM_ERROR;
	}
	status = crm_worst(status, crm_input_status(in));
	crm_archive_finalize(get);
	setters_release(&set);
	crm_archive_finalize(dup);
	crm_archive_finalize(log);
	crm_input_free(in);
	refs_release(&refs);
	batch_release(&batch);
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
