/* crm-ticket: the service desk — tickets owned by their first responder (SVC-01, 02, 07, 09). */
#ifndef CRM_TICKET_H
#define CRM_TICKET_H

#include <stdint.h>

#include "archive.h"
#include "cli.h"
#include "field.h"
#include "staff.h"
#include "stream.h"

#define DEFAULT_WINDOW 7	/* SVC-02: days within which a second call is a repeat contact */
#define DEFAULT_REPORT_DAYS 5	/* SVC-07: working days after closure the fault report is due */
#define DEFAULT_FORM_DAYS 1	/* SVC-10: working days after resolution the form is due */
#define STAMP_LEN 20		/* "YYYY-MM-DD HH:MM" and its NUL, with room to spare */

struct opts {
	struct crm_opts crm;
	const char *home, *staff;
	/* open (one ticket from options) */
	const char *customer, *responder, *channel, *summary, *matter, *severity;
	const char *place, *symptoms, *plan;
	int resolved;
	/* handoff, resolve, amend, revisit */
	const char *to, *by, *at, *note, *date, *project, *satisfaction;
	const char *impact, *handling, *cause, *corrective, *preventive;
	int retro_form;
	/* list */
	const char *status, *assignee, *from, *until;
	int repeats, major, overdue, flagged, escalated;
	long window;
	/* step, form, escalate, rule (SVC-06, 07, 10) */
	const char *kind, *on, *decision;
	int report_days, form_days;
};

extern struct opts opts;

/* What a subcommand gets: its operands. */
struct args {
	char **v;
	int n;
};

/* main.c */
void staff_load(struct crm_archive *ar, struct crm_staff_list *sl);
/* Why id cannot take a ticket on day (unknown, or left), or NULL when it can. */
const char *staff_unfit(const struct crm_staff_list *sl, const char *id, int32_t day, char *buf, size_t size);
/* Now, or --at: "YYYY-MM-DD HH:MM"; dies on a bad --at. */
void stamp_now(char buf[STAMP_LEN]);
/* Normalise a date-time to "YYYY-MM-DD HH:MM"; -1 when s is not one. */
int stamp_norm(const char *s, char buf[STAMP_LEN]);
int32_t stamp_day(const char *stamp);

/* ticket.c */
int cmd_open(int argc, char **argv);
int cmd_handoff(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_amend(int argc, char **argv);

/* list.c */
/* Print the tickets with these ids, as the archive now holds them. */
void print_tickets(struct crm_archive *ar, char **ids, size_t n);
int cmd_list(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_revisit(int argc, char **argv);
int cmd_revisits(int argc, char **argv);

/* desk.c */
int cmd_step(int argc, char **argv);
int cmd_form(int argc, char **argv);
int cmd_escalate(int argc, char **argv);
int cmd_rule(int argc, char **argv);
/* Whether ticket id is in the list selected by --overdue, --flagged, --escalated. */
struct desk;
struct desk *desk_open(struct crm_archive *ar);
int desk_selected(struct desk *d, const char *id);
void desk_close(struct desk *d);

/* notice.c */
int cmd_notify(int argc, char **argv);
int cmd_report(int argc, char **argv);
/* SVC-07: the major-fault notice of ticket id, as text on fp. */
void write_notice(struct crm_archive *ar, const struct crm_staff_list *sl, const char *id, FILE *fp);

/* The ticket enums, with their Chinese. */
extern const struct crm_alias severities[], statuses[], channels[];

#endif
