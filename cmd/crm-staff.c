/*
 * crm-staff: staff and departments with their roles, which say who
 * approves a reading of the archive (CM-07); leavers, whose customers are
 * handed to a successor with history and listed for notification (CM-11),
 * keeping two staff in contact with key customers (CM-10).  Kept in the
 * archive crm.db (lib/archive), one transaction per command.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "cli.h"
#include "field.h"
#include "staff.h"
#include "stream.h"

static struct {
	struct crm_opts crm;
	const char *home;
	const char *department, *role, *status;	/* list */
	const char *on, *to, *by;		/* leave */
	int dry_run;				/* leave */
} opts;

enum {
	OPT_HOME = CRM_OPT_PROG, OPT_DEPARTMENT, OPT_ROLE, OPT_STATUS, OPT_ON, OPT_TO, OPT_BY,
	OPT_DRY_RUN
};

/* What a subcommand gets: its operands (files or ids). */
struct args {
	char **v;
	int n;
};

/* The columns of a staff record, in crm_type_staff's order. */
enum { S_ID, S_NAME, S_DEPARTMENT, S_ROLE, S_LEFT_ON, S_NCOLS };

static const struct crm_alias statuses[] = {
	{ "active", "在职" }, { "leaving", "待离职" }, { "left", "离职" }, { NULL, NULL }
};
static const struct crm_col status_col = { "status", "状态", CRM_ENUM, statuses };

/* The notification list of leave (CM-11). */
static const struct crm_alias duties[] = {
	{ "owner", "负责人" }, { "co_owner", "协同联系人" }, { NULL, NULL }
};
static const struct crm_col notify_cols[] = {
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "customer", "客户名称", CRM_STR, NULL },
	{ "contact", "联系人", CRM_STR, NULL },
	{ "phone", "联系电话", CRM_PHONE, NULL },
	{ "department", "业务部门", CRM_STR, NULL },
	{ "leaver", "离职员工", CRM_STR, NULL },
	{ "successor", "接替员工", CRM_STR, NULL },
	{ "as", "接替职责", CRM_ENUM, duties },
	{ "owner", "负责人", CRM_STR, NULL },
	{ "co_owners", "协同联系人", CRM_IDLIST, NULL },
	{ "note", "备注", CRM_TEXT, NULL },
};
#define NNOTIFY (sizeof notify_cols / sizeof notify_cols[0])

static const struct crm_alias *
roles(void)
{
	return crm_type_staff.cols[S_ROLE].values;
}

/*
 * Check and normalise a staff record: id and name present, an id fit for
 * a list of co-owners (no ';', ',' or space), a known role (empty: staff),
 * a department for staff and department managers, whom CM-07 ties to one,
 * and a date for left_on.  Reports each problem at the record's line;
 * returns how many.  out borrows from r and from date.
 */
static int
staff_check(const struct crm_rec *r, const int *col, const char **out, char date[CRM_DATE_LEN])
{
	int bad = 0, k;
	int32_t day;

	for (int i = 0; i < S_NCOLS; i++)
		out[i] = col[i] >= 0 ? r->f[col[i]] : "";
	for (int i = 0; i < S_NCOLS; i++)
		if (col[i] >= 0 && strlen(out[i]) != r->len[col[i]]) {
			crm_warn_at(&r->pos, "%s: a NUL byte in the value", crm_type_staff.cols[i].name);
			return 1;
		}
	if (!*out[S_ID]) {
		crm_warn_at(&r->pos, "id: missing");
		bad++;
	} else if (out[S_ID][strcspn(out[S_ID], ";, \t\r\n")]) {
		crm_warn_at(&r->pos, "id: '%s' holds a ';', ',' or space, which separate the ids of co-owners",
			    out[S_ID]);
		bad++;
	}
	if (!*out[S_NAME]) {
		crm_warn_at(&r->pos, "name: missing");
		bad++;
	}
	if (!*out[S_ROLE])
		out[S_ROLE] = "staff";
	else if (crm_get_enum(r, col[S_ROLE], roles(), &k) == CRM_FIELD_OK)
		out[S_ROLE] = roles()[k].name;
	else
		bad++;
	if (!*out[S_DEPARTMENT] && (!strcmp(out[S_ROLE], "staff") || !strcmp(out[S_ROLE], "dept_manager"))) {
		crm_warn_at(&r->pos, "department: missing (a %s belongs to a department, CM-07)", out[S_ROLE]);
		bad++;
	}
	switch (crm_get_date(r, col[S_LEFT_ON], &day)) {
	case CRM_FIELD_OK:
		crm_date_format(day, date);
		out[S_LEFT_ON] = date;
		break;
	case CRM_FIELD_BAD:
		bad++;
		break;
	}
	return bad;
}

/* Warn about the input's columns the staff table does not keep. */
static void
warn_unknown(struct crm_input *in)
{
	for (size_t i = 0; i < crm_input_ncols(in); i++) {
		const char *name = crm_input_colname(in, i);
		if (!crm_type_col(&crm_type_staff, name))
			crm_warn("%s: column '%s' is not kept (staff have id, name, department, role, left_on)",
				 crm_input_pos(in)->file, name);
	}
}

/* add: check every record; one transaction, so a bad record means nothing is added. */
static int
cmd_add(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_input *in = crm_input_open(a->v, a->n, &opts.crm, &crm_type_staff);
	const struct crm_rec *r;
	struct crm_archive *ar;
	struct crm_writer *w;
	char **rows = NULL;	/* S_NCOLS owned values per added record */
	size_t nrows = 0, cap = 0;
	int col[S_NCOLS], status = CRM_OK;

	for (int i = 0; i < S_NCOLS; i++)
		col[i] = crm_input_col(in, crm_type_staff.cols[i].name);
	if (crm_input_status(in) != CRM_OK) {	/* an unreadable file: leave the archive alone */
		crm_input_free(in);
		return CRM_ERROR;
	}
	if (crm_input_ncols(in) && (col[S_ID] < 0 || col[S_NAME] < 0)) {
		crm_warn("%s: staff records need the columns id and name", crm_input_pos(in)->file);
		crm_input_free(in);
		return CRM_ERROR;
	}
	warn_unknown(in);
	ar = crm_archive_open(opts.home);
	crm_archive_begin(ar);
	struct crm_stmt *taken = crm_archive_prepare(ar, "SELECT name FROM staff WHERE id = ?1");
	struct crm_stmt *ins = crm_archive_prepare(ar,
		"INSERT INTO staff (id, name, department, role, left_on) VALUES (?1, ?2, ?3, ?4, ?5)");
	while (crm_input_next(in, &r)) {
		const char *v[S_NCOLS];
		char date[CRM_DATE_LEN];
		int bad = staff_check(r, col, v, date);
		if (!bad && *v[S_ID]) {
			crm_archive_reset(taken);
			crm_archive_bind(taken, 1, v[S_ID], 0);
			if (crm_archive_step(ar, taken) == CRM_ROW) {
				crm_warn_at(&r->pos, "id: '%s' is already taken, by %s", v[S_ID],
					    crm_archive_text(taken, 0));
				bad++;
			}
		}
		if (bad) {
			status = CRM_ERROR;
			if (opts.crm.strict)
				break;
			continue;
		}
		crm_archive_reset(ins);
		for (int i = 0; i < S_NCOLS; i++)
			crm_archive_bind(ins, i + 1, v[i], i == S_LEFT_ON);
		crm_archive_step(ar, ins);
		crm_grow(&rows, &cap, (nrows + 1) * S_NCOLS, sizeof *rows);
		for (int i = 0; i < S_NCOLS; i++)
			rows[nrows * S_NCOLS + i] = xstrdup(v[i]);
		nrows++;
	}
	status = crm_worst(status, crm_input_status(in));
	crm_archive_finalize(taken);
	crm_archive_finalize(ins);
	crm_input_free(in);
	if (status == CRM_OK) {
		crm_archive_commit(ar);
		w = crm_writer_new(stdout, &opts.crm);
		crm_writer_type(w, &crm_type_staff);
		for (size_t i = 0; i < nrows; i++)
			crm_writer_row(w, (const char *const *)rows + i * S_NCOLS, NULL);
		crm_writer_close(w);
	} else {
		crm_archive_rollback(ar);
		crm_warn("nothing was added: the batch had bad records");
	}
	for (size_t i = 0; i < nrows * S_NCOLS; i++)
		free(rows[i]);
	free(rows);
	crm_archive_close(ar);
	return status;
}

/*
 * list: staff by department, role and status: active, leaving (left_on
 * after today) or left.
 */
static int
cmd_list(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	const char *role = NULL, *vals[S_NCOLS + 1];
	char today[CRM_DATE_LEN];
	int k;

	if (a->n)
		crm_usage_error("list takes no operands (filter with --department, --role, --status)");
	if (opts.role) {
		if ((k = crm_enum_parse(roles(), opts.role)) < 0)
			crm_usage_error("--role: expected staff, dept_manager, general_manager, hq_manager or subsidiary_gm, found '%s'",
					opts.role);
		role = roles()[k].name;
	}
	if (opts.status && crm_enum_parse(statuses, opts.status) < 0)
		crm_usage_error("--status: expected active, leaving or left, found '%s'", opts.status);
	crm_date_format(crm_today(&opts.crm), today);

	struct crm_archive *ar = crm_archive_open(opts.home);
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT id, name, department, role, coalesce(left_on, ''),"
		" CASE WHEN left_on IS NULL THEN 'active' WHEN left_on <= ?4 THEN 'left'"
		" ELSE 'leaving' END AS status FROM staff"
		" WHERE (?1 IS NULL OR department = ?1) AND (?2 IS NULL OR role = ?2)"
		" AND (?3 IS NULL OR status = ?3) ORDER BY id");
	crm_archive_bind(st, 1, opts.department, 0);
	crm_archive_bind(st, 2, role, 0);
	crm_archive_bind(st, 3, opts.status ? statuses[crm_enum_parse(statuses, opts.status)].name : NULL, 0);
	crm_archive_bind(st, 4, today, 0);
	crm_writer_type(w, &crm_type_staff);
	crm_writer_col(w, status_col.name, &status_col);
	while (crm_archive_step(ar, st) == CRM_ROW) {
		for (int i = 0; i <= S_NCOLS; i++)
			vals[i] = crm_archive_text(st, i);
		crm_writer_row(w, vals, NULL);
	}
	crm_archive_finalize(st);
	crm_writer_close(w);
	crm_archive_close(ar);
	return CRM_OK;
}

/* What a handover does to one customer (CM-11). */
struct handover {
	const char *owner;	/* after: borrowed from the owner or the successor */
	char *co_owners;	/* after: owned */
	int as_owner;		/* the leaver was the owner (else a co-owner) */
	int touched;		/* the leaver was in contact with the customer at all */
	int had_successor;	/* the successor was in contact already */
	int in_contact;		/* staff in contact after: the owner and the co-owners, once each */
};

/*
 * CM-11: hand a customer from leaver to successor.  The successor takes
 * the leaver's place as owner or co-owner; a successor who was already a
 * co-owner and becomes the owner leaves the co-owners, so no one is
 * counted twice (CM-10 counts the staff in contact).  The co-owners are
 * rewritten (';'-separated) only when the handover changes them.
 */
static void
handover(const char *owner, const char *co_owners, const char *leaver, const char *successor,
	 struct handover *h)
{
	size_t n, k, len = 0;
	char **ids = crm_ids_split(co_owners, &n);
	int in_list = 0;

	memset(h, 0, sizeof *h);
	h->as_owner = !strcmp(owner, leaver);
	h->owner = h->as_owner ? successor : owner;
	h->had_successor = !strcmp(owner, successor);
	for (k = 0; k < n; k++) {
		if (!strcmp(ids[k], leaver))
			in_list = 1;
		if (!strcmp(ids[k], successor))
			h->had_successor = 1;
		len += strlen(ids[k]) + strlen(successor) + 1;
	}
	h->touched = h->as_owner || in_list;
	if (!h->touched || (!in_list && !h->had_successor)) {
		h->co_owners = xstrdup(co_owners);
	} else {
		char *out = xmalloc(len + 1);
		size_t used = 0;
		for (k = 0; k < n; k++) {
			const char *id = !strcmp(ids[k], leaver) ? successor : ids[k];
			size_t idlen = strlen(id);
			int seen = !strcmp(id, h->owner);
			for (size_t j = 0; j < k && !seen; j++)
				seen = !strcmp(!strcmp(ids[j], leaver) ? successor : ids[j], id);
			if (seen)
				continue;
			if (used)
				out[used++] = ';';
			memcpy(out + used, id, idlen);
			used += idlen;
		}
		out[used] = '\0';
		h->co_owners = out;
	}
	crm_ids_free(ids, n);
	h->in_contact = (int)crm_staff_in_contact(h->owner, h->co_owners);
}

/* The successor named with --to: in the archive, not leaving, not the leaver. */
static int
successor_ok(struct crm_archive *ar, const char *leaver, const char *to)
{
	struct crm_staff s, l;
	int ok = 1;

	if (!strcmp(to, leaver)) {
		crm_warn("--to: %s is the leaver; name the staff member who takes the customers over", to);
		return 0;
	}
	if (!crm_staff_lookup(ar, to, &s)) {
		crm_warn("--to: no staff member '%s' in the archive", to);
		return 0;
	}
	if (*s.left_on) {
		crm_warn("--to: %s (%s) leaves on %s; choose a successor who stays", to, s.name,
			 s.left_on);
		ok = 0;
	}
	if (ok && crm_staff_lookup(ar, leaver, &l)) {
		if (strcmp(l.department, s.department))
			crm_warn("note: the successor %s is in %s, the leaver %s in %s", to,
				 *s.department ? s.department : "no department", leaver,
				 *l.department ? l.department : "no department");
		crm_staff_release(&l);
	}
	crm_staff_release(&s);
	return ok;
}

/*
 * CM-11: the leaver's open tickets (assigned to them, not resolved) go to
 * the successor as handoffs at the end of the last day; each is named on
 * standard error.  Without a successor they are only named.  Returns how
 * many.
 */
static size_t
hand_tickets(struct crm_archive *ar, const char *leaver, const char *successor, const char *on)
{
	char *at = xasprintf("%s 23:59", on);
	const char *by = opts.by ? opts.by : leaver;
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT id, customer_id FROM ticket WHERE assignee = ?1 AND status <> 'resolved' ORDER BY id");
	struct crm_stmt *set = crm_archive_prepare(ar,
		"UPDATE ticket SET assignee = ?2, status = 'handed_off' WHERE id = ?1");
	struct crm_stmt *ev = crm_archive_prepare(ar,
		"INSERT INTO ticket_event (ticket_id, at, kind, by, to_staff, note)"
		" VALUES (?1, ?2, 'handoff', ?3, ?4, ?5)");
	char *note = xasprintf("staff %s left on %s (CM-11)", leaver, on);
	char **ids = NULL, **customers = NULL;
	size_t n = 0, cap = 0, cap2 = 0;

	crm_archive_bind(st, 1, leaver, 0);
	while (crm_archive_step(ar, st) == CRM_ROW) {
		crm_grow(&ids, &cap, n + 1, sizeof *ids);
		crm_grow(&customers, &cap2, n + 1, sizeof *customers);
		ids[n] = xstrdup(crm_archive_text(st, 0));
		customers[n++] = xstrdup(crm_archive_text(st, 1));
	}
	for (size_t i = 0; i < n; i++) {
		if (successor) {
			crm_archive_reset(set);
			crm_archive_bind(set, 1, ids[i], 0);
			crm_archive_bind(set, 2, successor, 0);
			crm_archive_step(ar, set);
			crm_archive_reset(ev);
			crm_archive_bind(ev, 1, ids[i], 0);
			crm_archive_bind(ev, 2, at, 0);
			crm_archive_bind(ev, 3, by, 0);
			crm_archive_bind(ev, 4, successor, 0);
			crm_archive_bind(ev, 5, note, 0);
			crm_archive_step(ar, ev);
			crm_warn("ticket %s (%s): %s from %s to %s", ids[i], customers[i],
				 opts.dry_run ? "would be handed over" : "handed over", leaver, successor);
		} else {
			crm_warn("ticket %s (%s): open, assigned to %s", ids[i], customers[i], leaver);
		}
		free(ids[i]);
		free(customers[i]);
	}
	crm_archive_finalize(st);
	crm_archive_finalize(set);
	crm_archive_finalize(ev);
	free(ids);
	free(customers);
	free(note);
	free(at);
	return n;
}

/* A customer the leaver is in contact with, as the archive holds it. */
enum { C_ID, C_NAME, C_CONTACT, C_PHONE, C_DEPARTMENT, C_OWNER, C_CO_OWNERS, C_IMPORTANT, C_NCOLS };
struct customer {
	char *v[C_NCOLS];	/* owned; C_IMPORTANT "1" for key or important customers (CM-10) */
};

/* The active customers whose owner or co-owners include leaver, by id. */
static struct customer *
leaver_customers(struct crm_archive *ar, const char *leaver, size_t *n)
{
	struct customer *list = NULL;
	size_t cap = 0;
	/* instr() finds the candidates; handover() decides on whole ids. */
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT id, name, contact, phone, department, owner, co_owners,"
		" category = 'key' OR important = 'yes' FROM customer"
		" WHERE status = 'active' AND (owner = ?1 OR instr(co_owners, ?1) > 0) ORDER BY id");

	*n = 0;
	crm_archive_bind(st, 1, leaver, 0);
	while (crm_archive_step(ar, st) == CRM_ROW) {
		crm_grow(&list, &cap, *n + 1, sizeof *list);
		for (int i = 0; i < C_NCOLS; i++)
			list[*n].v[i] = xstrdup(crm_archive_text(st, i));
		(*n)++;
	}
	crm_archive_finalize(st);
	return list;
}

/* The note of a notified customer: CM-10 when fewer than two staff stay in contact. */
static char *
notice_note(const struct customer *c, const struct handover *h)
{
	if (!strcmp(c->v[C_IMPORTANT], "1") && h->in_contact < 2)
		return xasprintf(opts.crm.zh ? "CM-10：重要客户仅%d名员工联系，请增派协同联系人"
			       : "CM-10: only %d staff member in contact with a key or important customer; add a co-owner",
			       h->in_contact);
	if (h->had_successor)
		return xstrdup(opts.crm.zh ? "接替员工原已参与联系" : "the successor was already in contact");
	return xstrdup("");
}

/*
 * Hand every customer of leaver to successor (CM-11), with a history row
 * per changed field, and write the notification list.  Returns how many
 * customers the leaver was in contact with; with no successor, changes and
 * writes nothing.
 */
static size_t
hand_over(struct crm_archive *ar, const char *leaver, const char *successor, const char *on,
	  const char *today, struct crm_writer *w)
{
	size_t n, count = 0;
	struct customer *list = leaver_customers(ar, leaver, &n);
	char *reason = xasprintf("staff %s left on %s (CM-11)", leaver, on);
	const char *by = opts.by ? opts.by : successor;
	struct crm_stmt *set = crm_archive_prepare(ar,
		"UPDATE customer SET owner = ?2, co_owners = ?3 WHERE id = ?1");
	struct crm_stmt *log = crm_archive_prepare(ar,
		"INSERT INTO change (customer_id, field, old, new, changed_on, reported_on, by, reason)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");

	for (size_t i = 0; i < n; i++) {
		struct customer *c = &list[i];
		struct handover h;

		handover(c->v[C_OWNER], c->v[C_CO_OWNERS], leaver, successor ? successor : "", &h);
		if (h.touched && successor) {
			crm_archive_reset(set);
			crm_archive_bind(set, 1, c->v[C_ID], 0);
			crm_archive_bind(set, 2, h.owner, 0);
			crm_archive_bind(set, 3, h.co_owners, 0);
			crm_archive_step(ar, set);
			const char *fields[2][3] = {
				{ "owner", c->v[C_OWNER], h.owner },
				{ "co_owners", c->v[C_CO_OWNERS], h.co_owners }
			};
			for (int f = 0; f < 2; f++) {
				if (!strcmp(fields[f][1], fields[f][2]))
					continue;
				const char *row[8] = { c->v[C_ID], fields[f][0], fields[f][1], fields[f][2],
						       on, today, by, reason };
				crm_archive_reset(log);
				for (int k = 0; k < 8; k++)
					crm_archive_bind(log, k + 1, row[k], 0);
				crm_archive_step(ar, log);
			}
			char *note = notice_note(c, &h);
			const char *v[NNOTIFY] = {
				c->v[C_ID], c->v[C_NAME], c->v[C_CONTACT], c->v[C_PHONE], c->v[C_DEPARTMENT],
				leaver, successor, h.as_owner ? "owner" : "co_owner", h.owner, h.co_owners, note
			};
			crm_writer_row(w, v, NULL);
			free(note);
		}
		count += h.touched;
		free(h.co_owners);
		for (int k = 0; k < C_NCOLS; k++)
			free(c->v[k]);
	}
	crm_archive_finalize(set);
	crm_archive_finalize(log);
	free(reason);
	free(list);
	return count;
}

/*
 * leave ID --on DATE --to ID2 (CM-11): mark the leaver, hand each active
 * customer the leaver was in contact with to the successor, and list the
 * customers to notify.  One transaction: a refusal changes nothing, and
 * the list is held in memory until the archive has what it says.
 */
static int
cmd_leave(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	const char *leaver;
	char on[CRM_DATE_LEN], today[CRM_DATE_LEN];
	struct crm_writer *w;
	struct crm_staff s;
	int32_t day;
	size_t n;
	int ok;

	if (a->n != 1)
		crm_usage_error("leave needs the id of the staff member who leaves");
	leaver = a->v[0];
	crm_date_format(crm_today(&opts.crm), today);
	if (!opts.on)
		memcpy(on, today, sizeof on);
	else if (crm_date_parse(opts.on, &day) < 0)
		crm_usage_error("--on: expected a date (YYYY-MM-DD), found '%s'", opts.on);
	else
		crm_date_format(day, on);

	struct crm_archive *ar = crm_archive_open(opts.home);
	crm_archive_begin(ar);
	if (!(ok = crm_staff_lookup(ar, leaver, &s))) {
		crm_warn("no staff member '%s' in the archive", leaver);
	} else {
		if (*s.left_on) {
			crm_warn("%s (%s) already left on %s", leaver, s.name, s.left_on);
			ok = 0;
		}
		crm_staff_release(&s);
	}
	if (ok && opts.to)
		ok = successor_ok(ar, leaver, opts.to);
	if (!ok) {
		crm_archive_rollback(ar);
		crm_archive_close(ar);
		return CRM_ERROR;
	}
	struct crm_stmt *mark = crm_archive_prepare(ar, "UPDATE staff SET left_on = ?2 WHERE id = ?1");
	crm_archive_bind(mark, 1, leaver, 0);
	crm_archive_bind(mark, 2, on, 0);
	crm_archive_step(ar, mark);
	crm_archive_finalize(mark);

	/* Table output is held until close; CSV and JSON go to a memory stream until the commit. */
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		crm_die("open_memstream:");
	w = crm_writer_new(mem, &opts.crm);
	for (size_t k = 0; k < NNOTIFY; k++)
		crm_writer_col(w, notify_cols[k].name, &notify_cols[k]);
	n = hand_over(ar, leaver, opts.to, on, today, w);
	crm_writer_close(w);
	if (fclose(mem) != 0)
		crm_die("open_memstream:");
	size_t nt = hand_tickets(ar, leaver, opts.to, on);
	if ((n || nt) && !opts.to && !opts.dry_run) {
		if (n)
			crm_warn("%s is in contact with %zu active customer%s: give --to ID, the staff member who takes them over (CM-11)",
				 leaver, n, n == 1 ? "" : "s");
		if (nt)
			crm_warn("%s has %zu open ticket%s: give --to ID, the staff member who takes them over (CM-11)",
				 leaver, nt, nt == 1 ? "" : "s");
		crm_archive_rollback(ar);
		ok = 0;
	} else if (opts.dry_run) {
		/* What would happen, and nothing changed. */
		crm_archive_rollback(ar);
		if (fwrite(buf, 1, len, stdout) != len)
			crm_write_failed();
	} else {
		crm_archive_commit(ar);
		if (fwrite(buf, 1, len, stdout) != len)
			crm_write_failed();
	}
	free(buf);
	crm_archive_close(ar);
	return ok ? CRM_OK : CRM_ERROR;
}

static const struct crm_optdef optdefs[] = {
	{ "home", OPT_HOME, "DIR", "the archive's directory (env CRM_HOME)" },
	{ "department", OPT_DEPARTMENT, "D", "list: one department" },
	{ "role", OPT_ROLE, "R", "list: one role" },
	{ "status", OPT_STATUS, "S", "list: active, leaving or left" },
	{ "on", OPT_ON, "DATE", "leave: the last working day (default today)" },
	{ "to", OPT_TO, "ID", "leave: the successor" },
	{ "by", OPT_BY, "NAME", "leave: who records the change (default the successor)" },
	{ "dry-run", OPT_DRY_RUN, NULL, "leave: say what would be handed over; change nothing" },
	{ NULL, 0, NULL, NULL }
};

static const int add_opts[] = { OPT_HOME, 0 };
static const int list_opts[] = { OPT_HOME, OPT_DEPARTMENT, OPT_ROLE, OPT_STATUS, 0 };
static const int leave_opts[] = { OPT_HOME, OPT_ON, OPT_TO, OPT_BY, OPT_DRY_RUN, 0 };

static const struct crm_cmd cmds[] = {
	{ "add", cmd_add, "[FILE...]", "add staff (id, name, department, role, left_on); one "
	  "transaction", add_opts, NULL, 0, -1 },
	{ "list", cmd_list, "", "staff, with status active, leaving or left", list_opts, NULL, 0, 0 },
	{ "leave", cmd_leave, "ID", "mark a leaver; hand their customers and open tickets "
	  "to --to (CM-11)", leave_opts, NULL, 1, 1 },
};

static int
set(int c, const char *arg)
{
	switch (c) {
	case OPT_HOME: opts.home = arg; break;
	case OPT_DEPARTMENT: opts.department = arg; break;
	case OPT_ROLE: opts.role = arg; break;
	case OPT_STATUS: opts.status = arg; break;
	case OPT_ON: opts.on = arg; break;
	case OPT_TO: opts.to = arg; break;
	case OPT_BY: opts.by = arg; break;
	case OPT_DRY_RUN: opts.dry_run = 1; break;
	default: return 0;
	}
	return 1;
}

static const struct crm_cli cli = {
	"crm-staff COMMAND [options] [FILE...|ID]",
	"Staff, departments and roles in the archive (crm.db in CRM_HOME): CM-07, 10, 11.\n"
	"Roles: staff, dept_manager, general_manager, hq_manager, subsidiary_gm\n"
	"(员工, 部门经理, 总经理, 总部经理, 分公司总经理).",
	optdefs, cmds, sizeof cmds / sizeof cmds[0], set
};

int
main(int argc, char *argv[])
{
	const struct crm_cmd *cmd;
	int first;

	crm_init();
	crm_opts_init(&opts.crm);
	cmd = crm_parse(&cli, &opts.crm, argc, argv, &first);
	return crm_finish(cmd->run(argc - first, argv + first));
}
