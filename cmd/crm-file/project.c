/* crm-file project: delivered projects in the archive, the revisits' subject (SVC-05). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "crm-file.h"

enum { P_ID, P_CUSTOMER, P_NAME, P_DELIVERED, P_LAST_REVISIT, P_NCOLS };

/*
 * add (update: partial): check one project record — a customer of the
 * archive, a name, a delivery date not after today, a last revisit not
 * before delivery nor after today.  Fills v (dates normalised into the
 * buffers); returns 1 after diagnostics when it is bad.
 */
static int
project_check(struct crm_archive *ar, struct crm_stmt *known, const struct crm_rec *r, const int *col,
	      const char **v, char delivered[CRM_DATE_LEN], char last[CRM_DATE_LEN], int partial)
{
	int32_t today = crm_today(&opts.crm), d = CRM_NODATE, l = CRM_NODATE;
	int bad = 0, k;

	for (int i = 0; i < P_NCOLS; i++)
		v[i] = col[i] >= 0 ? r->f[col[i]] : "";
	if (!partial || *v[P_CUSTOMER]) {
		crm_archive_reset(known);
		crm_archive_bind(known, 1, v[P_CUSTOMER], 0);
		if (!*v[P_CUSTOMER]) {
			crm_warn_at(&r->pos, "customer_id: missing");
			bad = 1;
		} else if (crm_archive_step(ar, known) != CRM_ROW) {
			crm_warn_at(&r->pos, "customer_id: no customer '%s' in the archive", v[P_CUSTOMER]);
			bad = 1;
		}
	}
	if (!partial && !*v[P_NAME]) {
		crm_warn_at(&r->pos, "name: missing");
		bad = 1;
	}
	if ((k = crm_get_date(r, col[P_DELIVERED], &d)) == CRM_FIELD_EMPTY && !partial)
		crm_warn_at(&r->pos, "delivered: missing");
	if (k == CRM_FIELD_BAD || (k == CRM_FIELD_EMPTY && !partial))
		bad = 1;
	if (k == CRM_FIELD_OK) {
		crm_date_format(d, delivered);
		v[P_DELIVERED] = delivered;
		if (d > today) {
			crm_warn_at(&r->pos, "delivered: %s is after today", delivered);
			bad = 1;
		}
	}
	if ((k = crm_get_date(r, col[P_LAST_REVISIT], &l)) == CRM_FIELD_BAD)
		bad = 1;
	if (k == CRM_FIELD_OK) {
		crm_date_format(l, last);
		v[P_LAST_REVISIT] = last;
		if (l > today || (d != CRM_NODATE && l < d)) {
			crm_warn_at(&r->pos, "last_revisit: %s is %s", last,
				    l > today ? "after today" : "before the delivery");
			bad = 1;
		}
	}
	return bad;
}

/*
 * project add|update [FILE...]: records id, customer_id, name, delivered
 * (and last_revisit, kept as a revisit so a hand-kept list moves into the
 * archive whole); ids P000001… assigned when empty.  One transaction.
 */
static int
project_write(struct args *a, int update)
{
	struct crm_input *in = batch_open(a, &crm_type_project);
	if (!in)
		return CRM_ERROR;
	struct crm_archive *ar = crm_archive_open(opts.home);
	const struct crm_rec *r;
	int col[P_NCOLS], status = CRM_OK;
	char **ids = NULL;
	size_t nids = 0, cap = 0;
	long next = 0;

	for (int i = 0; i < P_NCOLS; i++)
		col[i] = crm_input_col(in, crm_type_project.cols[i].name);
	crm_archive_begin(ar);
	struct crm_stmt *known = crm_archive_prepare(ar, "SELECT 1 FROM customer WHERE id = ?1");
	struct crm_stmt *exists = crm_archive_prepare(ar, "SELECT 1 FROM project WHERE id = ?1");
	struct crm_stmt *ins = crm_archive_prepare(ar,
		"INSERT INTO project (id, customer_id, name, delivered) VALUES (?1, ?2, ?3, ?4)");
	struct crm_stmt *set = crm_archive_prepare(ar,
		"UPDATE project SET customer_id = coalesce(?2, customer_id), name = coalesce(?3, name),"
		" delivered = coalesce(?4, delivered) WHERE id = ?1");
	struct crm_stmt *visit = crm_archive_prepare(ar,
		"INSERT INTO revisit (project, customer_id, date, note)"
		" SELECT ?1, customer_id, ?2, 'last revisit given with the project' FROM project WHERE id = ?1"
		" AND NOT EXISTS (SELECT 1 FROM revisit WHERE project = ?1 AND date = ?2)");
	struct crm_stmt *mx = crm_archive_prepare(ar,
		"SELECT coalesce(max(CAST(substr(id, 2) AS INTEGER)), 0) FROM project WHERE id GLOB 'P[0-9]*'");
	if (crm_archive_step(ar, mx) == CRM_ROW)
		next = (long)crm_archive_int(mx, 0);
	crm_archive_finalize(mx);
	while ((status == CRM_OK || !opts.crm.strict) && crm_input_next(in, &r)) {
		const char *v[P_NCOLS];
		char delivered[CRM_DATE_LEN], last[CRM_DATE_LEN], idbuf[32];
		int bad = project_check(ar, known, r, col, v, delivered, last, update);
		const char *id = v[P_ID];

		if (!*id && update) {
			crm_warn_at(&r->pos, "id: an update needs the project's id");
			bad = 1;
		} else if (*id) {
			crm_archive_reset(exists);
			crm_archive_bind(exists, 1, id, 0);
			int found = crm_archive_step(ar, exists) == CRM_ROW;
			if (found && !update) {
				crm_warn_at(&r->pos, "id: project '%s' is already in the archive", id);
				bad = 1;
			} else if (!found && update) {
				crm_warn_at(&r->pos, "id: no project '%s' in the archive", id);
				bad = 1;
			}
		}
		if (bad) {
			status = CRM_ERROR;
			continue;
		}
		if (!*id) {
			int taken;
			do {
				if (next == LONG_MAX)
					crm_die("id: no number left after P%ld; give the ids", next);
				snprintf(idbuf, sizeof idbuf, "P%06ld", ++next);
				crm_archive_reset(exists);
				crm_archive_bind(exists, 1, idbuf, 0);
				taken = crm_archive_step(ar, exists) == CRM_ROW;
			} while (taken);
			id = idbuf;
		}
		struct crm_stmt *st = update ? set : ins;
		crm_archive_reset(st);
		crm_archive_bind(st, 1, id, 0);
		for (int i = P_CUSTOMER; i <= P_DELIVERED; i++)
			crm_archive_bind(st, i + 1, v[i], update);
		crm_archive_step(ar, st);
		if (*v[P_LAST_REVISIT]) {
			crm_archive_reset(visit);
			crm_archive_bind(visit, 1, id, 0);
			crm_archive_bind(visit, 2, v[P_LAST_REVISIT], 0);
			crm_archive_step(ar, visit);
		}
		crm_grow(&ids, &cap, nids + 1, sizeof *ids);
		ids[nids++] = xstrdup(id);
	}
	status = crm_worst(status, crm_input_status(in));
	crm_archive_finalize(known);
	crm_archive_finalize(exists);
	crm_archive_finalize(ins);
	crm_archive_finalize(set);
	crm_archive_finalize(visit);
	crm_input_free(in);
	if (status == CRM_OK) {
		crm_archive_commit(ar);
		print_projects(ar, ids, nids);
	} else {
		crm_archive_rollback(ar);
		crm_warn("nothing was %s: the batch had bad records", update ? "updated" : "added");
	}
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	crm_archive_close(ar);
	return status;
}

#define PROJECT_SELECT \
	"SELECT p.id, p.customer_id, p.name, p.delivered," \
	" coalesce((SELECT max(date) FROM revisit AS r WHERE r.project = p.id AND r.date <= ?2), '')" \
	" FROM project AS p"

static void
write_projects(struct crm_archive *ar, struct crm_stmt *st, struct crm_writer *w)
{
	const char *v[P_NCOLS];

	while (crm_archive_step(ar, st) == CRM_ROW) {
		for (int i = 0; i < P_NCOLS; i++)
			v[i] = crm_archive_text(st, i);
		crm_writer_row(w, v, NULL);
	}
}

/* The projects with these ids, as the archive now holds them. */
void
print_projects(struct crm_archive *ar, char **ids, size_t n)
{
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	struct crm_stmt *st = crm_archive_prepare(ar, PROJECT_SELECT " WHERE p.id = ?1");
	char today[CRM_DATE_LEN];

	crm_date_format(crm_today(&opts.crm), today);
	crm_writer_type(w, &crm_type_project);
	for (size_t i = 0; i < n; i++) {
		crm_archive_reset(st);
		crm_archive_bind(st, 1, ids[i], 0);
		crm_archive_bind(st, 2, today, 0);
		write_projects(ar, st, w);
	}
	crm_archive_finalize(st);
	crm_writer_close(w);
}

/*
 * project list [ID]: the projects (of one customer), each with its last
 * revisit from the archive's revisits (crm-ticket revisit), as of --today:
 * the stream crm-remind revisits reads (SVC-05).
 */
static int
project_list(struct args *a)
{
	if (a->n > 1)
		crm_usage_error("project list takes at most one customer id");
	struct crm_archive *ar = crm_archive_open(opts.home);
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	struct crm_stmt *st = crm_archive_prepare(ar, PROJECT_SELECT
		" WHERE (?1 IS NULL OR p.customer_id = ?1) AND p.delivered <= ?2 ORDER BY p.id");
	char today[CRM_DATE_LEN];

	crm_date_format(crm_today(&opts.crm), today);
	crm_archive_bind(st, 1, a->n ? a->v[0] : NULL, 0);
	crm_archive_bind(st, 2, today, 0);
	crm_writer_type(w, &crm_type_project);
	write_projects(ar, st, w);
	crm_archive_finalize(st);
	crm_writer_close(w);
	crm_archive_close(ar);
	return CRM_OK;
}

int
cmd_project(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct args rest = { a->v + 1, a->n - 1 };

	if (a->n < 1)
		crm_usage_error("project needs add, update or list");
	if (!strcmp(a->v[0], "add"))
		return project_write(&rest, 0);
	if (!strcmp(a->v[0], "update"))
		return project_write(&rest, 1);
	if (!strcmp(a->v[0], "list"))
		return project_list(&rest);
	crm_usage_error("project: expected add, update or list, found '%s'", a->v[0]);
}
