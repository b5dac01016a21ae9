/* crm-access: who may read which customer archive (CM-07), and the access log. */
#ifndef CRM_ACCESS_H
#define CRM_ACCESS_H

#include <stdio.h>

#include "archive.h"
#include "chain.h"
#include "cli.h"
#include "field.h"
#include "staff.h"
#include "stream.h"

struct opts {
	struct crm_opts crm;
	const char *home;
	const char *requester, *department, *customer, *approver, *expires, *on;
	const char *purpose, *at, *anchor, *key;
	int list;
};

extern struct opts opts;

/* What a subcommand gets: its operands (files or approval numbers). */
struct args {
	char **v;
	int n;
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* CM-07 names two approvers: dept_manager and general_manager. */
extern const struct crm_alias approver_roles[];

/* A request to read a customer's archive (check), or an access (log). */
enum { R_REQUESTER, R_CUSTOMER_ID, R_PURPOSE, R_DATE, R_AT, R_NCOLS };
extern const struct crm_col request_cols[];
extern const struct crm_type request_type;

/* The archive and the lookups every command makes in it. */
struct ctx {
	struct crm_archive *ar;
	struct crm_stmt *staff, *customer, *approval, *missed;
	char today[CRM_DATE_LEN];
};

/* What CM-07 says about one reading; verdict_release frees it. */
struct verdict {
	const char *role;	/* who must approve: dept_manager or general_manager */
	int allow;
	const char *needs;	/* denied: the role whose approval is missing ("" for a leaver) */
	char *approver;		/* allowed: the approver on file (owned; "" when denied) */
	char *reason;		/* owned */
};

/* rule.c: the archive, its lookups and the CM-07 rule. */
void complain(const struct crm_pos *pos, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int norm_date(const char *s, char out[CRM_DATE_LEN], int32_t *day);
const char *field(const struct crm_rec *r, int col);
void ctx_open(struct ctx *x);
void ctx_close(struct ctx *x);
int staff_get(struct ctx *x, const char *id, struct crm_staff *s);
char *customer_department(struct ctx *x, const char *id);
int has_left(const struct crm_staff *s, const char *date);
const char *approver_role(const struct crm_staff *requester, const char *department);
void judge(struct ctx *x, const struct crm_staff *rq, const char *customer_id, const char *department,
	   const char *date, struct verdict *v);
void verdict_release(struct verdict *v);
int parties(struct ctx *x, const struct crm_pos *pos, const char *requester, const char *customer_id,
	    struct crm_staff *rq, char **department);

/* approval.c */
int cmd_check(int argc, char **argv);
int cmd_grant(int argc, char **argv);
int cmd_revoke(int argc, char **argv);
int cmd_list(int argc, char **argv);

/* log.c */
int cmd_log(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_checkpoint(int argc, char **argv);

#endif
