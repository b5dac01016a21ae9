/* crm-file: the customer archive (CM-01…04, 08, 09, 14). */
#ifndef CRM_FILE_H
#define CRM_FILE_H

#include "archive.h"
#include "cli.h"
#include "field.h"
#include "stream.h"

struct opts {
	struct crm_opts crm;
	const char *home;
	const char *category, *department, *owner, *status;
	const char *kinds;	/* event: the kinds settings file (CM-18) */
	const char *to;		/* migrate: the server archive's URL */
	int vip, allow_duplicate, list;
};

extern struct opts opts;

/* What a subcommand gets: its operands (files or ids). */
struct args {
	char **v;
	int n;
};

/* Where each customer column is in an input (-1: absent). */
struct customer_cols {
	int col[32];		/* by crm_type_customer column */
	int nknown;
};

/* A customer as the archive stores it: normalised text, extra columns as JSON. */
struct customer {
	const char *val[32];	/* by crm_type_customer column; NULL: absent */
	char phone[CRM_PHONE_LEN];
	char first_contact[CRM_DATE_LEN], registered[CRM_DATE_LEN];
	char *extra;		/* owned JSON object text; NULL: no unknown columns */
};

/* migrate.c */
int cmd_migrate(int argc, char **argv);

/* customer.c */
/* The input of a batch, header read; NULL (after a diagnostic) when it cannot be read. */
struct crm_input *batch_open(struct args *a, const struct crm_type *t);
void customer_cols(struct crm_input *in, struct customer_cols *c);
size_t customer_check(const struct crm_rec *r, const struct customer_cols *c, struct customer *out,
		      char *problems, size_t size);
void customer_release(struct customer *c);
int col_index(const char *name);
/* The archive's staff, loaded once per command, for references (CM-10, CM-11). */
struct refs {
	struct staff_ref {
		char *id, *department;
		int32_t left_on;	/* CRM_NODATE: still here */
	} *s;
	size_t n, cap;
};
void refs_load(struct refs *f, struct crm_archive *ar);
void refs_release(struct refs *f);
int refs_staff(const struct refs *f, const struct crm_pos *pos, const char *col, const char *id,
	       int32_t day);
int refs_check(const struct refs *f, const struct crm_rec *r, const char *const *vals, int32_t day);
int cmd_add(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_validate(int argc, char **argv);

/* project.c */
int cmd_project(int argc, char **argv);
void print_projects(struct crm_archive *ar, char **ids, size_t n);

/* event.c */
int cmd_event(int argc, char **argv);

/* list.c */
/* Print the customers with these ids, as the archive now holds them. */
void print_customers(struct crm_archive *ar, char **ids, size_t n);
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_log(int argc, char **argv);

#endif
