/* crm-report: the Friday weekly report (SVC-04), the monthly service supervision report (SVC-01) and KPI (CM-13, CM-16). */
#ifndef CRM_REPORT_H
#define CRM_REPORT_H

#include <stdint.h>

#include "archive.h"
#include "cli.h"
#include "field.h"
#include "stream.h"

#define CM16_REMINDERS 2	/* CM-16: "repeatedly reminded" = two or more reminders */
#define DEFAULT_REPORT_DAYS 5	/* SVC-07: working days after closure the fault report is due */
#define DEFAULT_FORM_DAYS 1	/* SVC-10: working days after resolution the form is due */

struct opts {
	struct crm_opts crm;
	const char *home, *staff, *week, *month, *reminders;
	int records, html;
	int report_days, form_days;	/* SVC-07, SVC-10 */
};

extern struct opts opts;

/* A label in English or (--zh) Chinese. */
#define TR(en_text, zh_text) (opts.crm.zh ? (zh_text) : (en_text))

/* The period a report covers: days from..to inclusive. */
struct period {
	int32_t from, to, today;
	char label[16];		/* 2026-W48, 2026-11 */
	int monthly;
};

/* A report table: a heading, columns, rows of owned cells. */
struct table {
	const char *title, *note;
	const char *section;		/* CSV/JSON section; NULL: not exported as records */
	size_t ncols;
	const char **head;		/* ncols of them */
	const char **measure;		/* ncols; CSV/JSON: the numeric columns' measure names; NULL: key or text */
	char **cells;
	size_t nrows, cap;
};

/* One headline number. */
struct measure {
	const char *name, *en, *zh;
	char value[48];		/* as CSV and JSON give it; "": not known */
	char shown[64];		/* as the text and HTML show it, e.g. "3 (37.5%)" */
};

struct bar {
	char *label;
	long value;
};

struct report {
	struct period p;
	struct measure **m;		/* each allocated, so a pointer to one stays valid as more are added */
	size_t nm, capm;
	struct table **t;
	size_t nt, capt;
	struct bar *per_day, *overdue;	/* charts: tickets per day, overdue reminders by department */
	size_t nday, noverdue;
	long opened, fcr;		/* chart: first-contact resolution rate */
	const char *reminders_from;	/* what the reminder figures were read from, or NULL */
	char reminders_day[CRM_DATE_LEN];	/* the day of the newest reminders used, or "" */
};

/* main.c */
int parse_week(const char *s, struct period *p);
int parse_month(const char *s, struct period *p);

/* gather.c */
void gather(struct report *r, int monthly);
void report_release(struct report *r);
struct table *table_new(struct report *r, const char *title, const char *section, size_t ncols);
/* A row of exactly t->ncols cells: the count is taken from the arguments and checked. */
void table_rowv(struct table *t, const char *const *cells, size_t n);
#define table_row(t, ...) \
	table_rowv((t), (const char *const[]){ __VA_ARGS__ }, \
		   sizeof (const char *const[]){ __VA_ARGS__ } / sizeof (const char *))
void percent(long num, long den, char *buf, size_t size);

/* desk.c: the service desk's sections (SVC-01, SVC-06, SVC-07, SVC-10) */
struct crm_archive;
void desk_sections(struct report *r, struct crm_archive *ar, const char *from, const char *to,
		   const char *cut, int monthly);

/* render.c */
void render_text(const struct report *r, FILE *fp);
void render_records(const struct report *r, FILE *fp);
void render_html(const struct report *r, FILE *fp);

#endif
