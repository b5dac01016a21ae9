/*
 * secret-label: what the subcommands share — the document record type, the
 * levels and categories of 篇四 (SEC-01…04), the register of documents held
 * in memory, the document filters' output, and the audit log.
 */
#ifndef SECRET_LABEL_H
#define SECRET_LABEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "map.h"
#include "field.h"
#include "stream.h"
#include "table.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* SEC-01: the levels, lowest first, so that a higher level compares greater. */
enum level { PUBLIC, CONFIDENTIAL, SECRET, TOP_SECRET, NLEVELS };
extern const struct crm_alias levels[];

/* SEC-06: certificates are copied and lent under their own rule. */
enum cert {
	CERT_NONE,
	CERT_OTHER,	/* a company certificate (tax registration, ...) */
	CERT_BASIC	/* business licence, organisation code certificate */
};

/* SEC-02, SEC-03: a category and the level the policy gives it. */
struct category {
	int level;	/* -1: a scope item with no level in 三.3: an explicit level is needed */
	enum cert cert;
};
extern const struct crm_alias categories[];
extern const struct category category_rules[];

/* The document record type: canonical order, Chinese aliases (doc.c). */
enum doc_col {
	D_ID, D_TITLE, D_CATEGORY, D_LEVEL, D_DRAFTED_BY, D_DEPARTMENT, D_COMPANY, D_CREATED,
	D_PERIOD, D_PERIOD_SOURCE, D_DECLASSIFY_ON, D_DECLASSIFY_SOURCE, D_SUPERVISOR, D_LABEL,
	D_EXTENDED_TO, D_EXTENDED_BY, D_EXTENDED_ON, D_DECLASSIFIED_ON, D_SOURCES, D_COPY_OF,
	D_REASON, NDOC
};

/* SEC-04: where a declassification date comes from, and a period. */
enum dsource { DS_PERIOD, DS_EXPLICIT, DS_EXTENDED };
extern const struct crm_alias declassify_sources[];
enum psource { PS_DEFAULT, PS_GIVEN };
extern const struct crm_alias period_sources[];
extern const struct crm_type doc_type;

#define MAX_PERIOD 100		/* years: a longer period is a typing error */
#define LABEL_LEN 64
#define LABEL_DECLASSIFIED "已解密"

/*
 * A document, read and checked: a record of the input, or a view of one of
 * the register (docs_get); strings are borrowed from the record or the
 * register.
 */
struct doc {
	const struct crm_rec *rec;	/* NULL: a register's that keeps no records */
	const char *id;
	int category;		/* index in categories, -1: empty */
	int level;		/* -1: empty */
	int period;		/* years, 0: empty */
	int32_t created, declassify_on, extended_to, declassified_on;	/* CRM_NODATE: empty */
	int dsource;		/* enum dsource, -1: empty */
	int psource;		/* enum psource, -1: empty */
	const char *department, *supervisor, *company, *label;
	unsigned char at_hq;	/* held at headquarters (company empty) */
	unsigned char has_reason;	/* the reason column is not empty */
	long line;		/* where it was read */
	/* in a register (--docs) only */
	uint32_t index;		/* its place in the register */
	signed char level_today;	/* check: its level on --today */
	unsigned char bad;	/* 1: a bad record, 2: its id is not unique */
	unsigned char wrong;	/* check: the register's field that disagrees + 1, or 0 */
};

int company_is_hq(const char *s);
int doc_read(const struct crm_rec *r, const int col[NDOC], struct doc *d);
int doc_level(const struct doc *d);
int category_floor(int category);
int doc_period(const struct doc *d, const int periods[NLEVELS], int level);
int32_t doc_until(const struct doc *d, const int periods[NLEVELS], int level);
int doc_level_on(const struct doc *d, const int periods[NLEVELS], int32_t day);
int32_t years_after(int32_t day, int years);
void years_format(int years, char buf[8]);
void label_format(int level, int years, char buf[LABEL_LEN]);
const char *category_name(int category);
const char *doc_colname(int c);

/* The options, filled in main.c and read everywhere else. */
struct opts {
	struct crm_opts crm;
	const char *docs, *grants, *staff, *audit, *reason, *periods, *anchor, *key;
	int check, list;		/* custodians --check, sanction --list */
};

struct audit;
struct seen;

/* What every subcommand works with. */
struct ctx {
	const struct opts *o;
	int32_t today;
	int periods[NLEVELS];		/* SEC-04: default period in years, per level */
	char *const *files;		/* the operands */
	int nfiles;
	struct crm_input *in;
	struct crm_writer *w;
	struct audit *audit;		/* --audit, or NULL */
	int status;
	long findings;			/* check: denied requests */
	/* document filters */
	int col[NDOC];			/* input column of each document field, or -1 */
	struct crm_col *out;		/* the document columns written */
	int *outcol;
	size_t nout;
	const char **outval;
	struct seen *seen;		/* ids met so far */
};

/* doc.c: the document filters' shared work. */
int next_rec(struct ctx *x, const struct crm_rec **r);
int doc_begin(struct ctx *x, const char *const *need, unsigned writes);
int doc_next(struct ctx *x, const struct crm_rec **r, struct doc *d);
void doc_emit(struct ctx *x, const struct crm_rec *r, const char *const vals[NDOC]);
void doc_release(struct ctx *x);
#define W(c) (1u << (c))

/* SEC-04: default periods, and those of --periods FILE; returns a status. */
int periods_load(struct ctx *x);

/*
 * A register of documents held in memory (--docs): of each document only
 * the fields the decisions read, its strings (departments, supervisors,
 * companies, labels) held once each, its id in a map.  With DOCS_RECORDS it
 * also keeps the records, for the subcommands that copy fields from them.
 */
struct docrec {
	int32_t created, declassify_on, extended_to, declassified_on;
	uint32_t line;
	uint32_t department, supervisor, company, label;	/* offsets in strings */
	signed char category, level, dsource, psource;
	unsigned char period, at_hq, has_reason, bad;
	signed char level_today;
	unsigned char wrong;
};
struct docs {
	struct crm_table *t;		/* DOCS_RECORDS only */
	const char *path;
	int col[NDOC];
	struct docrec *doc;		/* per record, in file order */
	size_t ndoc, ncap;
	struct crm_map *ids;		/* id -> index in doc */
	struct crm_map *strmap;		/* string -> offset in strings */
	char *strings;
	size_t slen, scap;
};
enum { DOCS_COMPACT, DOCS_RECORDS };
int docs_load(struct docs *ds, const char *path, const struct crm_opts *o, int keep);
int32_t docs_index(struct docs *ds, const char *id);
void docs_doc(const struct docs *ds, size_t i, const char *id, struct doc *d);
const struct doc *docs_get(struct docs *ds, const char *id, const struct crm_pos *pos,
			   const char *what, struct doc *d);
void docs_release(struct docs *ds);

/* Large arrays hit at random: mappings that may use huge pages, zero-filled. */
void *big_realloc(void *p, size_t old, size_t n);
void big_free(void *p, size_t n);

/* seen.c: ids met so far: NULL when new, else where the id was met first. */
struct seen *seen_new(void);
const struct crm_pos *seen_add(struct seen *s, const char *id, const struct crm_pos *pos);
int seen_has(struct seen *s, const char *id);
void seen_free(struct seen *s);

/* audit.c: the hash-chained decision log (--audit) and its check. */
struct audit *audit_open(const char *path, const char *key, int32_t today);
void audit_add(struct audit *a, const char *who, const char *doc_id, const char *action,
	       const char *decision, const char *needs, const char *rule, const char *reason);
int audit_flush(struct audit *a);
FILE *audit_output(struct audit *a);
int audit_close(struct audit *a);

/* The subcommands. */
int cmd_classify(struct ctx *x);
int cmd_stamp(struct ctx *x);
int cmd_declassify(struct ctx *x);
int cmd_derive(struct ctx *x);
int cmd_check(struct ctx *x);
int cmd_verify(struct ctx *x);
int cmd_extend(struct ctx *x);
int cmd_custodians(struct ctx *x);
int cmd_leak(struct ctx *x);
int cmd_sanction(struct ctx *x);
extern const struct crm_type custodian_type, leak_type, sanction_type;

/* check.c: the request record type, read by main for its input. */
extern const struct crm_type request_type;

#endif
