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
	int repeats, major;
	long window;
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
int cmd_open(struct args *a);
int cmd_handoff(struct args *a);
int cmd_resolve(struct args *a);
int cmd_amend(struct args *a);

/* list.c */
/* Print the tickets with these ids, as the archive now holds them. */
void print_tickets(struct crm_archive *ar, char **ids, size_t n);
int cmd_list(struct args *a);
int cmd_history(struct args *a);
int cmd_revisit(struct args *a);
int cmd_revisits(struct args *a);

/* notice.c */
int cmd_notify(struct args *a);
int cmd_report(struct args *a);
/* SVC-07: the major-fault notice of ticket id, as text on fp. */
void write_notice(struct crm_archive *ar, const struct crm_staff_list *sl, const char *id, FILE *fp);

/* The ticket enums, with their Chinese. */
extern const struct crm_alias severities[], statuses[], channels[];

#endif
