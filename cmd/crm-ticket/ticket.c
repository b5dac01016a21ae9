/* crm-ticket open, handoff, resolve, amend: the ticket's life in the archive (SVC-02, 07, 09). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "crm-ticket.h"

/* The free-text fields of a major fault's notice and analysis (SVC-07). */
static const char *const notes[] = {
	"place", "symptoms", "plan", "impact", "handling", "cause", "corrective", "preventive"
};
#define NNOTES ((int)(sizeof notes / sizeof notes[0]))

/* The notes given as options, in notes[] order (NULL: not given). */
static void
note_opts(const char *v[NNOTES])
{
	v[0] = opts.place, v[1] = opts.symptoms, v[2] = opts.plan, v[3] = opts.impact;
	v[4] = opts.handling, v[5] = opts.cause, v[6] = opts.corrective, v[7] = opts.preventive;
}

/* A ticket to open, from a record or from the options; strings borrowed. */
struct request {
	const char *id, *customer_id, *opened_at, *first_responder, *channel, *summary;
	const char *matter, *severity, *assignee, *status, *resolved_at, *retro_form;
	const char *note[NNOTES];
	char *extra;		/* owned JSON object text: the columns the archive does not know */
};

/* The columns a ticket record may carry, in struct request's order. */
static const char *const request_cols[] = {
	"id", "customer_id", "opened_at", "first_responder", "channel", "summary",
	"matter", "severity", "assignee", "status", "resolved_at", "retro_form",
};
#define NREQ ((int)(sizeof request_cols / sizeof request_cols[0]))

/* SVC-02: repeat contacts are matched on the matter: trimmed, spaces collapsed, ASCII folded. */
static char *
matter_key(const char *s)
{
	char *k = xmalloc(strlen(s) + 1), *p = k;
	int space = 0;

	while (isspace((unsigned char)*s))
		s++;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space && p > k)
			*p++ = ' ';
		space = 0;
		*p++ = (char)tolower((unsigned char)*s);
	}
	*p = '\0';
	return k;
}

/* What an open needs, shared by every request of one command. */
struct opener {
	struct crm_archive *ar;
	struct crm_staff_list staff;
	struct crm_stmt *customer, *exists, *ins, *event;
	long next;
	char **ids;
	size_t nids, cap;
};

static long
last_number(struct crm_archive *ar)
{
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT max(CAST(substr(id, 2) AS INTEGER)) FROM ticket WHERE id GLOB 'T[0-9]*'");
	long n = crm_archive_step(ar, st) == CRM_ROW ? (long)crm_archive_int(st, 0) : 0;

	crm_archive_finalize(st);
	return n;
}

static void
add_event(struct opener *o, const char *id, const char *at, const char *kind, const char *by,
	  const char *to, const char *note)
{
	crm_archive_reset(o->event);
	crm_archive_bind(o->event, 1, id, 0);
	crm_archive_bind(o->event, 2, at, 0);
	crm_archive_bind(o->event, 3, kind, 0);
	crm_archive_bind(o->event, 4, by, 0);
	crm_archive_bind(o->event, 5, to, 0);
	crm_archive_bind(o->event, 6, note, 0);
	crm_archive_step(o->ar, o->event);
}

/* Report a bad request: at its record's line, or plainly for the options. */
#define BAD(pos, ...) do { \
	if (pos) crm_warn_at(pos, __VA_ARGS__); else crm_warn(__VA_ARGS__); \
	return -1; \
} while (0)

/*
 * Check a request and add it (SVC-02): a known customer, a first responder
 * on the staff, a channel, a summary; a handoff recorded when the record
 * names another assignee, a resolution when it has resolved_at.  Returns
 * 0, or -1 after a diagnostic.
 */
static int
open_one(struct opener *o, const struct request *q, const struct crm_pos *pos)
{
	char opened[STAMP_LEN], resolved[STAMP_LEN] = "", idbuf[32], why[256];
	const char *id = q->id, *assignee, *why_not;
	int sev = 0, ch, st = -1, retro = 0;
	int32_t day;

	if (!*q->customer_id)
		BAD(pos, "customer_id: a ticket needs the customer");
	crm_archive_reset(o->customer);
	crm_archive_bind(o->customer, 1, q->customer_id, 0);
	if (crm_archive_step(o->ar, o->customer) != CRM_ROW)
		BAD(pos, "customer_id: no customer '%s' in the archive (add it with crm-file add)",
		    q->customer_id);
	if (!*q->summary)
		BAD(pos, "summary: a ticket needs what the customer asked or complained about (SVC-02)");
	if (!*q->channel)
		BAD(pos, "channel: a ticket needs the channel (phone, email, visit, web, wechat, letter, fax, other)");
	if ((ch = crm_enum_parse(channels, q->channel)) < 0)
		BAD(pos, "channel: expected phone, email, visit, web, wechat, letter, fax or other, found '%s'",
		    q->channel);
	if (*q->severity && (sev = crm_enum_parse(severities, q->severity)) < 0)
		BAD(pos, "severity: expected normal or major, found '%s'", q->severity);
	if (*q->status && (st = crm_enum_parse(statuses, q->status)) < 0)
		BAD(pos, "status: expected open, handed_off or resolved, found '%s'", q->status);
	if (*q->retro_form && (retro = crm_bool_parse(q->retro_form)) < 0)
		BAD(pos, "retro_form: expected yes or no, found '%s'", q->retro_form);
	if (*q->opened_at) {
		if (stamp_norm(q->opened_at, opened) < 0)
			BAD(pos, "opened_at: expected a date-time (YYYY-MM-DD HH:MM), found '%s'", q->opened_at);
	} else {
		stamp_now(opened);
	}
	day = stamp_day(opened);
	if ((why_not = staff_unfit(&o->staff, q->first_responder, day, why, sizeof why)))
		BAD(pos, "first_responder: %s", why_not);
	assignee = *q->assignee ? q->assignee : q->first_responder;
	if (strcmp(assignee, q->first_responder) &&
	    (why_not = staff_unfit(&o->staff, assignee, day, why, sizeof why)))
		BAD(pos, "assignee: %s", why_not);
	if (*q->resolved_at) {
		if (stamp_norm(q->resolved_at, resolved) < 0)
			BAD(pos, "resolved_at: expected a date-time (YYYY-MM-DD HH:MM), found '%s'",
			    q->resolved_at);
		if (strcmp(resolved, opened) < 0)
			BAD(pos, "resolved_at: %s is before the ticket was opened (%s)", resolved, opened);
	} else if (st == 2) {
		BAD(pos, "resolved_at: a resolved ticket needs the time it was resolved");
	}
	if (st >= 0 && st != 2 && *resolved)
		BAD(pos, "status: '%s' but the ticket has resolved_at %s", q->status, resolved);
	if (*id) {
		crm_archive_reset(o->exists);
		crm_archive_bind(o->exists, 1, id, 0);
		if (crm_archive_step(o->ar, o->exists) == CRM_ROW)
			BAD(pos, "id: ticket '%s' is already in the archive", id);
	} else {
		do {	/* skip numbers that a given id already took */
			snprintf(idbuf, sizeof idbuf, "T%06ld", ++o->next);
			crm_archive_reset(o->exists);
			crm_archive_bind(o->exists, 1, idbuf, 0);
		} while (crm_archive_step(o->ar, o->exists) == CRM_ROW);
		id = idbuf;
	}

	char *matter = matter_key(*q->matter ? q->matter : q->summary);
	const char *status = *resolved ? "resolved" : strcmp(assignee, q->first_responder) ? "handed_off" : "open";
	crm_archive_reset(o->ins);
	crm_archive_bind(o->ins, 1, id, 0);
	crm_archive_bind(o->ins, 2, q->customer_id, 0);
	crm_archive_bind(o->ins, 3, opened, 0);
	crm_archive_bind(o->ins, 4, q->first_responder, 0);
	crm_archive_bind(o->ins, 5, channels[ch].name, 0);
	crm_archive_bind(o->ins, 6, q->summary, 0);
	crm_archive_bind(o->ins, 7, matter, 0);
	crm_archive_bind(o->ins, 8, severities[sev].name, 0);
	crm_archive_bind(o->ins, 9, assignee, 0);
	crm_archive_bind(o->ins, 10, status, 0);
	crm_archive_bind(o->ins, 11, resolved, 1);
	crm_archive_bind(o->ins, 12, *resolved ? assignee : NULL, 1);
	crm_archive_bind(o->ins, 13, retro ? "yes" : "no", 0);
	for (int i = 0; i < NNOTES; i++)
		crm_archive_bind(o->ins, 14 + i, q->note[i] ? q->note[i] : "", 0);
	crm_archive_bind(o->ins, 14 + NNOTES, q->extra ? q->extra : "{}", 0);
	crm_archive_step(o->ar, o->ins);
	free(matter);
	add_event(o, id, opened, "open", q->first_responder, "", "");
	if (strcmp(assignee, q->first_responder))
		add_event(o, id, opened, "handoff", q->first_responder, assignee, "");
	if (*resolved)
		add_event(o, id, resolved, "resolve", assignee, "", retro ? "work-contact form filed after the fix (SVC-09)" : "");
	crm_grow(&o->ids, &o->cap, o->nids + 1, sizeof *o->ids);
	o->ids[o->nids++] = xstrdup(id);
	return 0;
}

/*
 * SVC-02: a ticket is a repeat contact when the same customer opened one on
 * the same matter at most --window days before (by date), or one on that
 * matter still open when this one came in, whatever the window; matters
 * are compared without spaces (ASCII, no-break and full-width) and with
 * full-width forms made ASCII (crm_name_key), so CJK text spaced
 * differently matches.  It points at the latest such ticket.
 */
static void
mark_repeats(struct opener *o)
{
	struct crm_stmt *st = crm_archive_prepare(o->ar,
		"UPDATE ticket SET repeat_of = (SELECT p.id FROM ticket AS p"
		"  WHERE p.customer_id = ticket.customer_id"
		"  AND crm_name_key(p.matter) = crm_name_key(ticket.matter)"
		"  AND p.id <> ticket.id"
		"  AND (p.opened_at < ticket.opened_at OR (p.opened_at = ticket.opened_at AND p.rowid < ticket.rowid))"
		"  AND (julianday(substr(ticket.opened_at, 1, 10)) - julianday(substr(p.opened_at, 1, 10)) <= ?2"
		"   OR p.resolved_at IS NULL OR p.resolved_at > ticket.opened_at)"
		"  ORDER BY p.opened_at DESC, p.rowid DESC LIMIT 1)"
		" WHERE id = ?1");

	for (size_t i = 0; i < o->nids; i++) {
		crm_archive_reset(st);
		crm_archive_bind(st, 1, o->ids[i], 0);
		crm_archive_bind_int(st, 2, opts.window);
		crm_archive_step(o->ar, st);
	}
	crm_archive_finalize(st);
}

/* Warn about each repeat contact among the opened tickets; returns how many. */
static long
warn_repeats(struct opener *o)
{
	struct crm_stmt *st = crm_archive_prepare(o->ar,
		"SELECT t.customer_id, t.matter, p.id, p.opened_at,"
		" CAST(julianday(substr(t.opened_at, 1, 10)) - julianday(substr(p.opened_at, 1, 10)) AS INTEGER)"
		" FROM ticket AS t JOIN ticket AS p ON p.id = t.repeat_of WHERE t.id = ?1");
	long n = 0;

	for (size_t i = 0; i < o->nids; i++) {
		crm_archive_reset(st);
		crm_archive_bind(st, 1, o->ids[i], 0);
		if (crm_archive_step(o->ar, st) != CRM_ROW)
			continue;
		int days = crm_archive_int(st, 4);
		crm_warn("%s: repeat contact (SVC-02): customer %s called about '%s' %d day%s before (%s, %s); "
			 "no customer should have to call twice", o->ids[i], crm_archive_text(st, 0),
			 crm_archive_text(st, 1), days, days == 1 ? "" : "s", crm_archive_text(st, 2),
			 crm_archive_text(st, 3));
		n++;
	}
	crm_archive_finalize(st);
	return n;
}

static void
opener_init(struct opener *o)
{
	memset(o, 0, sizeof *o);
	o->ar = crm_archive_open(opts.home);
	crm_archive_begin(o->ar);
	staff_load(o->ar, &o->staff);
	o->next = last_number(o->ar);
	o->customer = crm_archive_prepare(o->ar, "SELECT 1 FROM customer WHERE id = ?1");
	o->exists = crm_archive_prepare(o->ar, "SELECT 1 FROM ticket WHERE id = ?1");
	o->ins = crm_archive_prepare(o->ar,
		"INSERT INTO ticket (id, customer_id, opened_at, first_responder, channel, summary, matter,"
		" severity, assignee, status, resolved_at, resolved_by, retro_form, place, symptoms, plan,"
		" impact, handling, cause, corrective, preventive, extra)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
		" ?19, ?20, ?21, ?22)");
	o->event = crm_archive_prepare(o->ar,
		"INSERT INTO ticket_event (ticket_id, at, kind, by, to_staff, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
}

static void
opener_release(struct opener *o)
{
	crm_archive_finalize(o->customer);
	crm_archive_finalize(o->exists);
	crm_archive_finalize(o->ins);
	crm_archive_finalize(o->event);
	for (size_t i = 0; i < o->nids; i++)
		free(o->ids[i]);
	free(o->ids);
	crm_staff_list_release(&o->staff);
	crm_archive_close(o->ar);
}

/* Fill a request from a record: known columns by name, the rest kept as JSON. */
static void
request_from_rec(struct request *q, const struct crm_rec *r, const int col[NREQ],
		 const int ncol[NNOTES])
{
	json_t *extra = json_object();

#define COL(i) (col[i] >= 0 ? r->f[col[i]] : "")
	memset(q, 0, sizeof *q);
	q->id = COL(0), q->customer_id = COL(1), q->opened_at = COL(2);
	q->first_responder = COL(3), q->channel = COL(4), q->summary = COL(5);
	q->matter = COL(6), q->severity = COL(7), q->assignee = COL(8);
	q->status = COL(9), q->resolved_at = COL(10), q->retro_form = COL(11);
#undef COL
	for (int i = 0; i < NNOTES; i++)
		q->note[i] = ncol[i] >= 0 ? r->f[ncol[i]] : "";
	for (size_t j = 0; j < r->nf; j++) {
		int known = 0;
		for (int i = 0; i < NREQ; i++)
			known |= col[i] == (int)j;
		for (int i = 0; i < NNOTES; i++)
			known |= ncol[i] == (int)j;
		/* columns that listings add are derived, not stored */
		if (!known && strcmp(r->names[j], "customer") && strcmp(r->names[j], "repeat_of") &&
		    strcmp(r->names[j], "handoffs") && strcmp(r->names[j], "resolved_by"))
			json_object_set_new(extra, r->names[j], json_string(r->f[j]));
	}
	q->extra = json_dumps(extra, JSON_COMPACT);
	json_decref(extra);
}

/* Finish a write command: commit and print, or roll back and say so. */
static int
finish(struct opener *o, int status, const char *what)
{
	long repeats = 0;

	if (status == CRM_OK) {
		mark_repeats(o);
		crm_archive_commit(o->ar);
		print_tickets(o->ar, o->ids, o->nids);
		repeats = warn_repeats(o);
		struct crm_stmt *st = crm_archive_prepare(o->ar,
			"SELECT 1 FROM ticket WHERE id = ?1 AND severity = 'major'");
		for (size_t i = 0; i < o->nids; i++) {
			crm_archive_reset(st);
			crm_archive_bind(st, 1, o->ids[i], 0);
			if (crm_archive_step(o->ar, st) == CRM_ROW)
				write_notice(o->ar, &o->staff, o->ids[i], stderr);
		}
		crm_archive_finalize(st);
	} else {
		crm_archive_rollback(o->ar);
		crm_warn("nothing was %s: the batch had bad records", what);
	}
	opener_release(o);
	return status == CRM_OK && repeats ? CRM_FINDINGS : status;
}

/* open FILE...: ticket records; or one ticket from the options. One transaction. */
int
cmd_open(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;
	struct opener o;
	struct request q;
	int status = CRM_OK;

	if (opts.customer || opts.responder || opts.summary) {
		if (a->n)
			crm_usage_error("open takes either records (FILE...) or --customer, --responder, --summary, not both");
		if (!opts.customer || !opts.responder || !opts.summary)
			crm_usage_error("open needs --customer ID, --responder STAFF and --summary TEXT");
		memset(&q, 0, sizeof q);
		q.id = "";
		q.customer_id = opts.customer;
		q.first_responder = opts.responder;
		q.channel = opts.channel ? opts.channel : "phone";
		q.summary = opts.summary;
		q.matter = opts.matter ? opts.matter : "";
		q.severity = opts.severity ? opts.severity : "";
		q.assignee = q.status = q.retro_form = "";
		char now[STAMP_LEN];
		stamp_now(now);	/* a bad --at is a usage error */
		q.opened_at = now;
		note_opts(q.note);
		q.resolved_at = opts.resolved ? now : "";
		opener_init(&o);
		if (open_one(&o, &q, NULL) < 0)
			status = CRM_ERROR;
		return finish(&o, status, "opened");
	}

	struct crm_input *in = crm_input_open(a->v, a->n, &opts.crm, &crm_type_ticket);
	const struct crm_rec *r;
	int col[NREQ], ncol[NNOTES];

	for (int i = 0; i < NREQ; i++)
		col[i] = crm_input_col(in, request_cols[i]);
	for (int i = 0; i < NNOTES; i++)
		ncol[i] = crm_input_col(in, notes[i]);
	opener_init(&o);
	while (crm_input_next(in, &r)) {
		request_from_rec(&q, r, col, ncol);
		if (open_one(&o, &q, &r->pos) < 0)
			status = CRM_ERROR;
		free(q.extra);
		if (status != CRM_OK && opts.crm.strict)
			break;
	}
	status = crm_worst(status, crm_input_status(in));
	crm_input_free(in);
	return finish(&o, status, "opened");
}

/* The ticket a handoff, resolve or amend is about, as the archive holds it. */
struct current {
	char id[64], status[16], assignee[128], opened_at[STAMP_LEN], last_at[STAMP_LEN];
	char resolved_at[STAMP_LEN], resolved_by[128];
};

static int
load_current(struct crm_archive *ar, const char *id, struct current *c)
{
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT t.status, t.assignee, t.opened_at,"
		" (SELECT max(at) FROM ticket_event WHERE ticket_id = t.id),"
		" coalesce(t.resolved_at, ''), coalesce(t.resolved_by, '')"
		" FROM ticket AS t WHERE t.id = ?1");
	int found;

	crm_archive_bind(st, 1, id, 0);
	if ((found = crm_archive_step(ar, st) == CRM_ROW)) {
		snprintf(c->id, sizeof c->id, "%s", id);
		snprintf(c->status, sizeof c->status, "%s", crm_archive_text(st, 0));
		snprintf(c->assignee, sizeof c->assignee, "%s", crm_archive_text(st, 1));
		snprintf(c->opened_at, sizeof c->opened_at, "%s", crm_archive_text(st, 2));
		snprintf(c->last_at, sizeof c->last_at, "%s", crm_archive_text(st, 3));
		snprintf(c->resolved_at, sizeof c->resolved_at, "%s", crm_archive_text(st, 4));
		snprintf(c->resolved_by, sizeof c->resolved_by, "%s", crm_archive_text(st, 5));
	}
	crm_archive_finalize(st);
	return found;
}

/* The ticket id operand of handoff, resolve, amend, notify, report. */
static const char *
one_id(const struct args *a, const char *cmd)
{
	if (a->n != 1)
		crm_usage_error("%s needs one ticket id", cmd);
	return a->v[0];
}

/* Set the analysis fields given as options; returns how many. */
static int
set_notes(struct crm_archive *ar, const char *id)
{
	const char *v[NNOTES];
	int n = 0;

	note_opts(v);

	for (int i = 0; i < NNOTES; i++) {
		char sql[96];
		if (!v[i])
			continue;
		snprintf(sql, sizeof sql, "UPDATE ticket SET %s = ?1 WHERE id = ?2", notes[i]);
		struct crm_stmt *st = crm_archive_prepare(ar, sql);
		crm_archive_bind(st, 1, v[i], 0);
		crm_archive_bind(st, 2, id, 0);
		crm_archive_step(ar, st);
		crm_archive_finalize(st);
		n++;
	}
	return n;
}

/* Begin a change to one ticket; dies with a clear message when it cannot be changed. */
static void
change_begin(struct opener *o, const char *id, struct current *c, const char *cmd)
{
	opener_init(o);
	if (!load_current(o->ar, id, c)) {
		crm_warn("%s: no ticket '%s' in the archive", cmd, id);
		crm_archive_rollback(o->ar);
		opener_release(o);
		exit(crm_finish(CRM_ERROR));
	}
	crm_grow(&o->ids, &o->cap, 1, sizeof *o->ids);
	o->ids[o->nids++] = xstrdup(id);
}

static int __attribute__((format(printf, 2, 3)))
change_fail(struct opener *o, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	crm_warn("%s", msg);
	crm_archive_rollback(o->ar);
	opener_release(o);
	return CRM_ERROR;
}

/* The time of a handoff or resolve (--at or now) must not be before the ticket's last event. */
static int
event_order(struct opener *o, const struct current *c, const char *at)
{
	if (strcmp(at, c->last_at) < 0)
		return change_fail(o, "%s: %s is before the ticket's last event (%s); give --at", c->id, at,
				   c->last_at);
	return 0;
}

/*
 * handoff ID --to STAFF: not within the first responder's duties, so the
 * ticket goes to whoever covers the matter; the first responder stays
 * accountable (SVC-02).
 */
int
cmd_handoff(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;
	const char *id = one_id(a, "handoff"), *why_not, *by;
	struct opener o;
	struct current c;
	char at[STAMP_LEN], why[256];

	if (!opts.to)
		crm_usage_error("handoff needs --to STAFF (who takes the ticket)");
	change_begin(&o, id, &c, "handoff");
	if (!strcmp(c.status, "resolved"))
		return change_fail(&o, "%s: already resolved (%s by %s); a resolved ticket is not handed off",
				   id, c.resolved_at, c.resolved_by);
	stamp_now(at);
	if ((why_not = staff_unfit(&o.staff, opts.to, stamp_day(at), why, sizeof why)))
		return change_fail(&o, "handoff %s: --to: %s", id, why_not);
	if (!strcmp(opts.to, c.assignee))
		return change_fail(&o, "%s: already with %s", id, c.assignee);
	by = opts.by ? opts.by : c.assignee;
	if ((why_not = staff_unfit(&o.staff, by, stamp_day(at), why, sizeof why)))
		return change_fail(&o, "handoff %s: %s: %s", id, opts.by ? "--by" : "assignee", why_not);
	if (event_order(&o, &c, at))
		return CRM_ERROR;
	struct crm_stmt *st = crm_archive_prepare(o.ar,
		"UPDATE ticket SET assignee = ?1, status = 'handed_off' WHERE id = ?2");
	crm_archive_bind(st, 1, opts.to, 0);
	crm_archive_bind(st, 2, id, 0);
	crm_archive_step(o.ar, st);
	crm_archive_finalize(st);
	add_event(&o, id, at, "handoff", by, opts.to, opts.note ? opts.note : "");
	crm_archive_commit(o.ar);
	print_tickets(o.ar, o.ids, o.nids);
	opener_release(&o);
	return CRM_OK;
}

/* resolve ID: done; --retro-form when fixed first and the work-contact form filed after (SVC-09). */
int
cmd_resolve(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;
	const char *id = one_id(a, "resolve"), *why_not, *by;
	struct opener o;
	struct current c;
	char at[STAMP_LEN], why[256];

	change_begin(&o, id, &c, "resolve");
	if (!strcmp(c.status, "resolved"))
		return change_fail(&o, "%s: already resolved (%s by %s); use amend to add to its analysis",
				   id, c.resolved_at, c.resolved_by);
	stamp_now(at);
	by = opts.by ? opts.by : c.assignee;
	if ((why_not = staff_unfit(&o.staff, by, stamp_day(at), why, sizeof why)))
		return change_fail(&o, "resolve %s: %s: %s (give --by, or hand the ticket off)", id,
				   opts.by ? "--by" : "assignee", why_not);
	if (event_order(&o, &c, at))
		return CRM_ERROR;
	struct crm_stmt *st = crm_archive_prepare(o.ar,
		"UPDATE ticket SET status = 'resolved', resolved_at = ?1, resolved_by = ?2,"
		" retro_form = ?3 WHERE id = ?4");
	crm_archive_bind(st, 1, at, 0);
	crm_archive_bind(st, 2, by, 0);
	crm_archive_bind(st, 3, opts.retro_form ? "yes" : "no", 0);
	crm_archive_bind(st, 4, id, 0);
	crm_archive_step(o.ar, st);
	crm_archive_finalize(st);
	set_notes(o.ar, id);
	add_event(&o, id, at, "resolve", by, "",
		  opts.note ? opts.note : opts.retro_form ? "work-contact form filed after the fix (SVC-09)" : "");
	crm_archive_commit(o.ar);
	print_tickets(o.ar, o.ids, o.nids);
	opener_release(&o);
	return CRM_OK;
}

/* amend ID: fill in a ticket's notice or fault analysis fields (SVC-07). */
int
cmd_amend(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;
	const char *id = one_id(a, "amend");
	struct opener o;
	struct current c;

	change_begin(&o, id, &c, "amend");
	if (!set_notes(o.ar, id))
		return change_fail(&o, "amend %s: nothing to change: give --place, --symptoms, --plan, --impact, "
				   "--handling, --cause, --corrective or --preventive", id);
	crm_archive_commit(o.ar);
	print_tickets(o.ar, o.ids, o.nids);
	opener_release(&o);
	return CRM_OK;
}
