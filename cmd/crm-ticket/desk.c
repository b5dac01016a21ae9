/*
 * crm-ticket step, form, escalate, rule: the desk's dated entries as ticket
 * events — a major fault's steps (SVC-07), the work-contact form filed
 * after the fix (SVC-10), a disagreement escalated to the office and its
 * ruling (SVC-06) — and the list filters that find what is still owed.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "crm-ticket.h"

/* SVC-07: the steps a major-fault ticket needs, each with a dated entry, in order. */
static const char *const steps[] = { "notice", "record", "escalate", "close", "report-sent" };
#define NSTEPS ((int)(sizeof steps / sizeof steps[0]))

/* A change to one ticket: the archive in a transaction, the staff, the ticket as held. */
struct change {
	struct crm_archive *ar;
	struct crm_staff_list sl;
	const char *id;
	char severity[16], opened[STAMP_LEN], resolved[STAMP_LEN], retro[8];
};

static void
change_end(struct change *c)
{
	crm_staff_list_release(&c->sl);
	crm_archive_close(c->ar);
}

static int __attribute__((format(printf, 2, 3)))
fail(struct change *c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	crm_warn("%s", msg);
	crm_archive_rollback(c->ar);
	change_end(c);
	return CRM_ERROR;
}

/* Open the archive and load ticket id; -1 after a diagnostic when there is none. */
static int
change_begin(struct change *c, const char *id, const char *cmd)
{
	struct crm_stmt *st;
	int found;

	memset(c, 0, sizeof *c);
	c->id = id;
	c->ar = crm_archive_open(opts.home);
	crm_archive_begin(c->ar);
	staff_load(c->ar, &c->sl);
	st = crm_archive_prepare(c->ar, "SELECT severity, opened_at, coalesce(resolved_at, ''),"
				 " retro_form FROM ticket WHERE id = ?1");
	crm_archive_bind(st, 1, id, 0);
	if ((found = crm_archive_step(c->ar, st) == CRM_ROW)) {
		snprintf(c->severity, sizeof c->severity, "%s", crm_archive_text(st, 0));
		snprintf(c->opened, sizeof c->opened, "%s", crm_archive_text(st, 1));
		snprintf(c->resolved, sizeof c->resolved, "%s", crm_archive_text(st, 2));
		snprintf(c->retro, sizeof c->retro, "%s", crm_archive_text(st, 3));
	}
	crm_archive_finalize(st);
	if (!found) {
		fail(c, "%s: no ticket '%s' in the archive", cmd, id);
		return -1;
	}
	return 0;
}

/* The time of the ticket's latest event of kind into at ("" when none); how many there are. */
static long
event_at(struct crm_archive *ar, const char *id, const char *kind, char at[STAMP_LEN])
{
	struct crm_stmt *st = crm_archive_prepare(ar, "SELECT count(*), coalesce(max(at), '')"
						 " FROM ticket_event WHERE ticket_id = ?1 AND kind = ?2");
	long n;

	crm_archive_bind(st, 1, id, 0);
	crm_archive_bind(st, 2, kind, 0);
	crm_archive_step(ar, st);
	n = (long)crm_archive_int(st, 0);
	snprintf(at, STAMP_LEN, "%s", crm_archive_text(st, 1));
	crm_archive_finalize(st);
	return n;
}

static void
add_event(struct change *c, const char *at, const char *kind, const char *by, const char *note)
{
	struct crm_stmt *st = crm_archive_prepare(c->ar,
		"INSERT INTO ticket_event (ticket_id, at, kind, by, note) VALUES (?1, ?2, ?3, ?4, ?5)");

	crm_archive_bind(st, 1, c->id, 0);
	crm_archive_bind(st, 2, at, 0);
	crm_archive_bind(st, 3, kind, 0);
	crm_archive_bind(st, 4, by, 0);
	crm_archive_bind(st, 5, note, 0);
	crm_archive_step(c->ar, st);
	crm_archive_finalize(st);
}

/* Commit, then print the ticket's events. */
static int
change_commit(struct change *c)
{
	char *ids[1] = { (char *)c->id };

	crm_archive_commit(c->ar);
	change_end(c);
	return cmd_history(1, ids);
}

/* Why by cannot act on the day of at (unknown or a leaver, CM-11), or NULL. */
static const char *
unfit(struct change *c, const char *by, const char *at, char *buf, size_t size)
{
	return staff_unfit(&c->sl, by, stamp_day(at), buf, size);
}

/*
 * SVC-07: step ID --kind K --by STAFF [--at TIME]: one of a major fault's
 * dated steps, each once, in order: the notice, the manager's record, the
 * escalation to senior management, closure, the report sent.
 */
int
cmd_step(int argc, char **argv)
{
	struct change c;
	char at[STAMP_LEN], prev[STAMP_LEN], why[256];
	const char *why_not;
	int k;

	(void)argc;
	for (k = 0; k < NSTEPS && strcmp(opts.kind, steps[k]); k++)
		;
	if (k == NSTEPS)
		crm_usage_error("step: --kind: expected notice, record, escalate, close or report-sent, "
				"found '%s'", opts.kind);
	stamp_now(at);
	if (change_begin(&c, argv[0], "step") < 0)
		return CRM_ERROR;
	if (strcmp(c.severity, "major"))
		return fail(&c, "step %s: not a major fault; the SVC-07 steps are for major faults", c.id);
	if ((why_not = unfit(&c, opts.by, at, why, sizeof why)))
		return fail(&c, "step %s: --by: %s", c.id, why_not);
	if (strcmp(at, c.opened) < 0)
		return fail(&c, "step %s: %s is before the ticket was opened (%s)", c.id, at, c.opened);
	if (event_at(c.ar, c.id, steps[k], prev))
		return fail(&c, "step %s: the %s step is already on file (%s)", c.id, steps[k], prev);
	for (int j = 0; j < k; j++)
		if (event_at(c.ar, c.id, steps[j], prev) && strcmp(at, prev) < 0)
			return fail(&c, "step %s: %s at %s is before the %s step (%s)", c.id, steps[k],
				    at, steps[j], prev);
	if (k == NSTEPS - 1 && !event_at(c.ar, c.id, "close", prev) && !*c.resolved)
		return fail(&c, "step %s: report-sent before the fault was closed: record the close "
			    "step first", c.id);
	add_event(&c, at, steps[k], opts.by, opts.note ? opts.note : "");
	return change_commit(&c);
}

/*
 * SVC-10: form ID --by STAFF [--on DATE]: the work-contact form of a
 * ticket resolved first (resolve --retro-form) is on file.
 */
int
cmd_form(int argc, char **argv)
{
	struct change c;
	char at[STAMP_LEN], prev[STAMP_LEN], day[CRM_DATE_LEN], why[256];
	const char *why_not;
	int32_t on = crm_today(&opts.crm), today = on;

	(void)argc;
	if (opts.on && crm_date_parse(opts.on, &on) < 0)
		crm_usage_error("form: --on: expected a date (YYYY-MM-DD), found '%s'", opts.on);
	if (on > today)
		crm_usage_error("form: --on: %s is after today", opts.on);
	if (change_begin(&c, argv[0], "form") < 0)
		return CRM_ERROR;
	if (!*c.resolved || strcmp(c.retro, "yes"))
		return fail(&c, "form %s: no form is owed: the ticket was not resolved with the form to "
			    "follow (resolve --retro-form)", c.id);
	if (event_at(c.ar, c.id, "form", prev))
		return fail(&c, "form %s: the work-contact form is already on file (%s)", c.id, prev);
	crm_date_format(on, day);
	snprintf(at, sizeof at, "%s 00:00", day);
	if (strncmp(day, c.resolved, 10) < 0)
		return fail(&c, "form %s: --on %s is before the ticket was resolved (%s)", c.id, day,
			    c.resolved);
	if (strcmp(at, c.resolved) < 0)	/* the same day: just after the resolution */
		snprintf(at, sizeof at, "%s", c.resolved);
	if ((why_not = unfit(&c, opts.by, at, why, sizeof why)))
		return fail(&c, "form %s: --by: %s", c.id, why_not);
	add_event(&c, at, "form", opts.by, opts.note ? opts.note : "");
	return change_commit(&c);
}

/* SVC-06: whether ticket id has an escalation to the office without a ruling. */
static int
escalation_open(struct crm_archive *ar, const char *id, char at[STAMP_LEN])
{
	char ruled[STAMP_LEN];

	return event_at(ar, id, "office-escalate", at) > event_at(ar, id, "office-ruling", ruled);
}

/* SVC-06: escalate ID --note TEXT: a disagreement between departments goes to the office. */
int
cmd_escalate(int argc, char **argv)
{
	struct change c;
	char at[STAMP_LEN], prev[STAMP_LEN], why[256];
	const char *why_not;

	(void)argc;
	if (!*opts.note)
		crm_usage_error("escalate: --note: say what the departments disagree about");
	stamp_now(at);
	if (change_begin(&c, argv[0], "escalate") < 0)
		return CRM_ERROR;
	if (opts.by && (why_not = unfit(&c, opts.by, at, why, sizeof why)))
		return fail(&c, "escalate %s: --by: %s", c.id, why_not);
	if (strcmp(at, c.opened) < 0)
		return fail(&c, "escalate %s: %s is before the ticket was opened (%s)", c.id, at, c.opened);
	if (escalation_open(c.ar, c.id, prev))
		return fail(&c, "escalate %s: already with the office since %s, awaiting its ruling",
			    c.id, prev);
	add_event(&c, at, "office-escalate", opts.by ? opts.by : "", opts.note);
	return change_commit(&c);
}

/* SVC-06: rule ID --by STAFF --decision TEXT: the office's ruling closes the escalation. */
int
cmd_rule(int argc, char **argv)
{
	struct change c;
	char at[STAMP_LEN], prev[STAMP_LEN], why[256];
	const char *why_not;

	(void)argc;
	if (!*opts.decision)
		crm_usage_error("rule: --decision: give the office's ruling");
	stamp_now(at);
	if (change_begin(&c, argv[0], "rule") < 0)
		return CRM_ERROR;
	if (!escalation_open(c.ar, c.id, prev))
		return fail(&c, "rule %s: no escalation to the office awaits a ruling (crm-ticket escalate)",
			    c.id);
	if (strcmp(at, prev) < 0)
		return fail(&c, "rule %s: %s is before the escalation (%s)", c.id, at, prev);
	if ((why_not = unfit(&c, opts.by, at, why, sizeof why)))
		return fail(&c, "rule %s: --by: %s", c.id, why_not);
	add_event(&c, at, "office-ruling", opts.by, opts.decision);
	return change_commit(&c);
}

/* --- list --overdue, --flagged, --escalated ------------------------------- */

struct desk {
	struct crm_archive *ar;
	struct crm_cal *cal;
	struct crm_stmt *st;
	int32_t today;
};

struct desk *
desk_open(struct crm_archive *ar)
{
	struct desk *d = xcalloc(1, sizeof *d);

	d->ar = ar;
	d->today = crm_today(&opts.crm);
	d->cal = crm_cal_open(&opts.crm);
	d->st = crm_archive_prepare(ar,
		"SELECT t.severity, coalesce(t.resolved_at, ''), t.retro_form,"
		" (SELECT min(at) FROM ticket_event WHERE ticket_id = t.id AND kind = 'close'),"
		" (SELECT min(at) FROM ticket_event WHERE ticket_id = t.id AND kind = 'report-sent'),"
		" EXISTS (SELECT 1 FROM ticket_event WHERE ticket_id = t.id AND kind = 'form'),"
		" (SELECT count(*) FROM ticket_event WHERE ticket_id = t.id AND kind = 'office-escalate') >"
		" (SELECT count(*) FROM ticket_event WHERE ticket_id = t.id AND kind = 'office-ruling')"
		" FROM ticket AS t WHERE t.id = ?1");
	return d;
}

void
desk_close(struct desk *d)
{
	if (!d)
		return;
	crm_archive_finalize(d->st);
	crm_cal_free(d->cal);
	free(d);
}

/*
 * SVC-07: the fault report is overdue when it was not sent within
 * --report-days working days of closure (the close step, else the
 * resolution): not sent by today past the due day, or sent after it.
 */
static int
report_overdue(struct desk *d, const char *closed, const char *sent)
{
	int32_t due, bad, day;
	int prov;

	if (!*closed)
		return 0;
	if (crm_cal_add_provisional(d->cal, stamp_day(closed), opts.report_days, &due, &prov, &bad) < 0)
		crm_cal_die_outside(d->cal, bad);
	day = *sent ? stamp_day(sent) : d->today;
	return day > due;
}

int
desk_selected(struct desk *d, const char *id)
{
	int ok = 1;

	crm_archive_reset(d->st);
	crm_archive_bind(d->st, 1, id, 0);
	if (crm_archive_step(d->ar, d->st) != CRM_ROW)
		return 0;
	const char *closed = crm_archive_text(d->st, 3);
	if (opts.overdue)
		ok &= !strcmp(crm_archive_text(d->st, 0), "major") &&
		      report_overdue(d, *closed ? closed : crm_archive_text(d->st, 1),
				     crm_archive_text(d->st, 4));
	if (opts.flagged)	/* SVC-10: flagged until the form is on file */
		ok &= *crm_archive_text(d->st, 1) && !strcmp(crm_archive_text(d->st, 2), "yes") &&
		      !crm_archive_int(d->st, 5);
	if (opts.escalated)	/* SVC-06 */
		ok &= crm_archive_int(d->st, 6) != 0;
	return ok;
}
