/* crm-access check, grant, revoke, list: the approvals on file (CM-07). */
#include <stdlib.h>
#include <string.h>

#include "crm-access.h"

static const struct crm_alias decisions[] = {
	{ "allow", "准许" }, { "deny", "拒绝" }, { NULL, NULL }
};
static const struct crm_col verdict_cols[] = {
	{ "approver_role", "审批人职务", CRM_ENUM, approver_roles },
	{ "approver", "审批人", CRM_STR, NULL },
	{ "decision", "结果", CRM_ENUM, decisions },
	{ "needs", "需审批", CRM_ENUM, approver_roles },
	{ "reason", "原因", CRM_TEXT, NULL },
};

/* An approval on file, as grant reads it and grant, revoke and list write it. */
enum {
	A_SEQ, A_REQUESTER, A_DEPARTMENT, A_CUSTOMER_ID, A_APPROVER, A_ROLE, A_GRANTED_ON,
	A_EXPIRES, A_REVOKED_ON, A_STATUS, A_NCOLS
};
static const struct crm_alias approval_statuses[] = {
	{ "active", "有效" }, { "pending", "未生效" }, { "expired", "已过期" },
	{ "revoked", "已撤销" }, { NULL, NULL }
};
static const struct crm_col approval_cols[] = {
	{ "seq", "编号", CRM_INT, NULL },
	{ "requester", "申请人", CRM_STR, NULL },
	{ "department", "部门", CRM_STR, NULL },
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "approver", "审批人", CRM_STR, NULL },
	{ "role", "审批人职务", CRM_ENUM, approver_roles },
	{ "granted_on", "批准日期", CRM_DATE, NULL },
	{ "expires", "有效期至", CRM_DATE, NULL },
	{ "revoked_on", "撤销日期", CRM_DATE, NULL },
	{ "status", "状态", CRM_ENUM, approval_statuses },
};
static const struct crm_type approval_type = { "approval", approval_cols, NELEM(approval_cols) };

#define APPROVAL_SELECT \
	"SELECT seq, requester, department, coalesce(customer_id, ''), approver, role, granted_on," \
	" coalesce(expires, ''), coalesce(revoked_on, '')," \
	" CASE WHEN revoked_on <= ?1 THEN 'revoked' WHEN expires < ?1 THEN 'expired'" \
	" WHEN granted_on > ?1 THEN 'pending' ELSE 'active' END FROM approval"

/*
 * check: a filter; each request (requester, customer_id, purpose, date)
 * gets the CM-07 approver_role, the approver on file, decision, needs and
 * reason.  Reads the archive, writes nothing to it.  Exit 1 when any
 * request is denied.
 */
int
cmd_check(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_input *in = crm_input_open(a->v, a->n, &opts.crm, &request_type);
	const struct crm_rec *r;
	struct crm_writer *w;
	struct ctx x;
	int col[R_NCOLS], status = CRM_OK;
	long denied = 0;

	for (size_t i = 0; i < R_NCOLS; i++)
		col[i] = crm_input_col(in, request_cols[i].name);
	if (crm_input_ncols(in) && (col[R_REQUESTER] < 0 || col[R_CUSTOMER_ID] < 0)) {
		crm_warn("%s: requests need the columns requester and customer_id", crm_input_pos(in)->file);
		crm_input_free(in);
		return CRM_ERROR;
	}
	if (crm_input_status(in) != CRM_OK) {
		crm_input_free(in);
		return CRM_ERROR;
	}
	ctx_open(&x);
	crm_archive_exec(x.ar, "BEGIN");	/* one snapshot for the whole input */
	w = crm_writer_new(stdout, &opts.crm);
	crm_writer_passthrough(w, in, &request_type, verdict_cols, NELEM(verdict_cols));
	while (crm_input_next(in, &r)) {
		struct crm_staff rq;
		struct verdict v;
		char *department, date[CRM_DATE_LEN];
		int32_t day;
		int bad = parties(&x, &r->pos, field(r, col[R_REQUESTER]), field(r, col[R_CUSTOMER_ID]),
				  &rq, &department);

		switch (crm_get_date(r, col[R_DATE], &day)) {
		case CRM_FIELD_OK:
			crm_date_format(day, date);
			break;
		case CRM_FIELD_EMPTY:
			memcpy(date, x.today, sizeof date);
			break;
		default:
			bad = 1;
		}
		if (bad) {
			crm_staff_release(&rq);
			free(department);
			status = CRM_ERROR;
			if (opts.crm.strict)
				break;
			continue;
		}
		judge(&x, &rq, field(r, col[R_CUSTOMER_ID]), department, date, &v);
		const char *added[] = { v.role, v.approver, v.allow ? "allow" : "deny", v.needs, v.reason };
		crm_writer_rec(w, r, added);
		denied += !v.allow;
		verdict_release(&v);
		crm_staff_release(&rq);
		free(department);
	}
	crm_writer_close(w);
	crm_archive_rollback(x.ar);
	ctx_close(&x);
	status = crm_worst(status, crm_input_status(in));
	crm_input_free(in);
	return status != CRM_OK ? status : denied ? CRM_FINDINGS : CRM_OK;
}

/* An approval to grant, from a record or from the options; strings borrowed. */
struct grant {
	const struct crm_pos *pos;	/* NULL: from the options */
	const char *requester, *department, *customer_id, *approver, *granted_on, *expires;
};

/*
 * CM-07 at the source: check an approval before it is filed.  The
 * requester and approver are staff who have not left by granted_on; the
 * archive is a customer's (its department) or a known department's; the
 * approver holds the role the rule names for this requester and archive —
 * the dept_manager of that department for one's own department, else the
 * general_manager — so a staff member cannot grant.  Fills row (A_*
 * columns, owned); returns the number of problems, each reported.
 */
static int
grant_check(struct ctx *x, const struct grant *g, char **row)
{
	struct crm_staff rq = { 0 }, ap = { 0 };
	char granted[CRM_DATE_LEN], expires[CRM_DATE_LEN], *department = NULL;
	int32_t gday, eday;
	int bad = 0;

	memset(row, 0, A_NCOLS * sizeof *row);
	if (norm_date(g->granted_on, granted, &gday) < 0) {
		complain(g->pos, "granted_on: expected a date (YYYY-MM-DD), found '%s'", g->granted_on);
		bad++;
	} else if (!*granted)
		memcpy(granted, x->today, sizeof granted);
	if (norm_date(g->expires, expires, &eday) < 0) {
		complain(g->pos, "expires: expected a date (YYYY-MM-DD), found '%s'", g->expires);
		bad++;
	} else if (*expires && !bad && strcmp(expires, granted) < 0) {
		complain(g->pos, "expires: %s is before the approval is granted (%s)", expires, granted);
		bad++;
	}
	if (!*g->requester) {
		complain(g->pos, "requester: missing");
		bad++;
	} else if (!staff_get(x, g->requester, &rq)) {
		complain(g->pos, "requester: no staff member '%s' in the archive", g->requester);
		bad++;
	} else if (has_left(&rq, granted)) {
		complain(g->pos, "requester: %s left on %s", rq.id, rq.left_on);
		bad++;
	}
	if (*g->customer_id) {
		if (!(department = customer_department(x, g->customer_id))) {
			complain(g->pos, "customer_id: no customer '%s' in the archive", g->customer_id);
			bad++;
		} else if (*g->department && strcmp(g->department, department)) {
			complain(g->pos, "department: customer %s belongs to %s, not %s", g->customer_id,
				 *department ? department : "no department", g->department);
			bad++;
		}
	} else if (!*g->department) {
		complain(g->pos, "department: missing (the department whose archive may be read, or a customer_id)");
		bad++;
	} else {
		struct crm_stmt *st = crm_archive_prepare(x->ar,
			"SELECT 1 FROM staff WHERE department = ?1 UNION ALL"
			" SELECT 1 FROM customer WHERE department = ?1 LIMIT 1");
		crm_archive_bind(st, 1, g->department, 0);
		if (crm_archive_step(x->ar, st) != CRM_ROW) {
			complain(g->pos, "department: no staff or customer of '%s' in the archive", g->department);
			bad++;
		}
		crm_archive_finalize(st);
		department = xstrdup(g->department);
	}
	if (!*g->approver) {
		complain(g->pos, "approver: missing");
		bad++;
	} else if (!staff_get(x, g->approver, &ap)) {
		complain(g->pos, "approver: no staff member '%s' in the archive", g->approver);
		bad++;
	} else if (has_left(&ap, granted)) {
		complain(g->pos, "approver: %s left on %s", ap.id, ap.left_on);
		bad++;
	}
	if (!bad) {
		const char *role = approver_role(&rq, department);
		int own = !strcmp(role, "dept_manager");
		if (strcmp(ap.role, role) || (own && strcmp(ap.department, department))) {
			complain(g->pos, own ? "approver: %s is %s of %s; %s reading the archive of %s, their own department, needs the approval of its dept_manager (CM-07)"
					     : "approver: %s is %s of %s; %s reading the archive of %s, another department, needs the approval of the general_manager (CM-07)",
				 ap.id, ap.role, *ap.department ? ap.department : "no department", rq.id,
				 department);
			bad++;
		} else {
			const char *v[A_NCOLS] = { "", rq.id, department, g->customer_id, ap.id, role,
						   granted, expires, "", "" };
			for (int i = 0; i < A_NCOLS; i++)
				row[i] = xstrdup(v[i]);
		}
	}
	crm_staff_release(&rq);
	crm_staff_release(&ap);
	free(department);
	return bad;
}

/* Write the approvals numbered seqs, as the archive holds them. */
static void
print_approvals(struct ctx *x, const long long *seqs, size_t n)
{
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	struct crm_stmt *st = crm_archive_prepare(x->ar, APPROVAL_SELECT " WHERE seq = ?2");
	const char *v[A_NCOLS];

	crm_writer_type(w, &approval_type);
	crm_archive_bind(st, 1, x->today, 0);
	for (size_t i = 0; i < n; i++) {
		crm_archive_reset(st);
		crm_archive_bind_int(st, 2, seqs[i]);
		if (crm_archive_step(x->ar, st) != CRM_ROW)
			continue;
		for (int k = 0; k < A_NCOLS; k++)
			v[k] = crm_archive_text(st, k);
		crm_writer_row(w, v, NULL);
	}
	crm_archive_finalize(st);
	crm_writer_close(w);
}

/* Warn about the input's columns that a command does not keep. */
static void
warn_unknown(struct crm_input *in, const struct crm_type *t, const char *kept)
{
	for (size_t i = 0; i < crm_input_ncols(in); i++) {
		const char *name = crm_input_colname(in, i);
		if (!crm_type_col(t, name))
			crm_warn("%s: column '%s' is not kept (%s)", crm_input_pos(in)->file, name, kept);
	}
}

/*
 * grant: file approvals, given by options (--requester, --department or
 * --customer, --approver, --expires, --on) or as records.  One
 * transaction: a refused approval and nothing is filed.
 */
int
cmd_grant(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_input *in = NULL;
	int batch = 0;		/* records from files, not options */
	const struct crm_rec *r;
	long long *seqs = NULL;
	size_t nseqs = 0, cap = 0;
	int col[A_NCOLS], status = CRM_OK;
	char *row[A_NCOLS];
	struct ctx x;

	if (opts.requester || opts.approver) {
		if (a->n)
			crm_usage_error("grant takes either options (--requester, --approver …) or files, not both");
		if (!opts.requester || !opts.approver)
			crm_usage_error("grant needs --requester and --approver (and --department or --customer)");
	} else {
		batch = 1;
		in = crm_input_open(a->v, a->n, &opts.crm, &approval_type);
		for (int i = 0; i < A_NCOLS; i++)
			col[i] = crm_input_col(in, approval_cols[i].name);
		if (crm_input_status(in) != CRM_OK) {
			crm_input_free(in);
			return CRM_ERROR;
		}
		if (crm_input_ncols(in) && (col[A_REQUESTER] < 0 || col[A_APPROVER] < 0 ||
					    (col[A_DEPARTMENT] < 0 && col[A_CUSTOMER_ID] < 0))) {
			crm_warn("%s: approvals need the columns requester, approver, and department or customer_id",
				 crm_input_pos(in)->file);
			crm_input_free(in);
			return CRM_ERROR;
		}
		warn_unknown(in, &approval_type,
			     "approvals have requester, department, customer_id, approver, granted_on, expires");
	}
	ctx_open(&x);
	crm_archive_begin(x.ar);
	struct crm_stmt *ins = crm_archive_prepare(x.ar,
		"INSERT INTO approval (requester, department, customer_id, approver, role, granted_on, expires)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	for (;;) {
		struct grant g;
		if (!in) {
			if (nseqs || status != CRM_OK)
				break;
			g = (struct grant){ NULL, opts.requester, opts.department ? opts.department : "",
					    opts.customer ? opts.customer : "", opts.approver,
					    opts.on ? opts.on : "", opts.expires ? opts.expires : "" };
		} else if (crm_input_next(in, &r)) {
			g = (struct grant){ &r->pos, field(r, col[A_REQUESTER]), field(r, col[A_DEPARTMENT]),
					    field(r, col[A_CUSTOMER_ID]), field(r, col[A_APPROVER]),
					    field(r, col[A_GRANTED_ON]), field(r, col[A_EXPIRES]) };
		} else
			break;
		if (grant_check(&x, &g, row)) {
			status = CRM_ERROR;
			if (!in || opts.crm.strict)
				break;
			continue;
		}
		crm_archive_reset(ins);
		for (int i = A_REQUESTER; i <= A_EXPIRES; i++)
			crm_archive_bind(ins, i, row[i], i == A_CUSTOMER_ID || i == A_EXPIRES);
		crm_archive_step(x.ar, ins);
		crm_grow(&seqs, &cap, nseqs + 1, sizeof *seqs);
		seqs[nseqs++] = crm_archive_last_id(x.ar);
		for (int i = 0; i < A_NCOLS; i++)
			free(row[i]);
	}
	crm_archive_finalize(ins);
	if (in) {
		status = crm_worst(status, crm_input_status(in));
		crm_input_free(in);
		in = NULL;	/* freed: batch, not in, says where the records came from */
	}
	if (status == CRM_OK) {
		crm_archive_commit(x.ar);
		print_approvals(&x, seqs, nseqs);
	} else {
		crm_archive_rollback(x.ar);
		crm_warn("nothing was granted: %s", batch ? "the batch had bad records" : "the approval was refused");
	}
	free(seqs);
	ctx_close(&x);
	return status;
}

/* revoke SEQ…: withdraw approvals from --on (default today); one transaction. */
int
cmd_revoke(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	char on[CRM_DATE_LEN];
	long long *seqs;
	int status = CRM_OK;
	struct ctx x;

	if (a->n < 1)
		crm_usage_error("revoke needs the numbers of the approvals (crm-access list shows them)");
	if (!opts.on)
		crm_date_format(crm_today(&opts.crm), on);
	else if (norm_date(opts.on, on, NULL) < 0 || !*on)
		crm_usage_error("--on: expected a date (YYYY-MM-DD), found '%s'", opts.on);
	ctx_open(&x);
	seqs = xcalloc((size_t)a->n, sizeof *seqs);
	crm_archive_begin(x.ar);
	struct crm_stmt *get = crm_archive_prepare(x.ar,
		"SELECT coalesce(revoked_on, '') FROM approval WHERE seq = ?1");
	struct crm_stmt *set = crm_archive_prepare(x.ar, "UPDATE approval SET revoked_on = ?2 WHERE seq = ?1");
	for (int i = 0; i < a->n; i++) {
		char *end;
		long long seq = strtoll(a->v[i], &end, 10);
		if (end == a->v[i] || *end || seq <= 0) {
			crm_warn("'%s' is not an approval number", a->v[i]);
			status = CRM_ERROR;
			continue;
		}
		crm_archive_reset(get);
		crm_archive_bind_int(get, 1, seq);
		if (crm_archive_step(x.ar, get) != CRM_ROW) {
			crm_warn("no approval %lld in the archive", seq);
			status = CRM_ERROR;
			continue;
		}
		if (*crm_archive_text(get, 0)) {
			crm_warn("approval %lld was already revoked on %s", seq, crm_archive_text(get, 0));
			status = CRM_ERROR;
			continue;
		}
		crm_archive_reset(set);
		crm_archive_bind_int(set, 1, seq);
		crm_archive_bind(set, 2, on, 0);
		crm_archive_step(x.ar, set);
		seqs[i] = seq;
	}
	crm_archive_finalize(get);
	crm_archive_finalize(set);
	if (status == CRM_OK) {
		crm_archive_commit(x.ar);
		print_approvals(&x, seqs, (size_t)a->n);
	} else {
		crm_archive_rollback(x.ar);
		crm_warn("nothing was revoked");
	}
	free(seqs);
	ctx_close(&x);
	return status;
}

/* list: the approvals on file, with their status today; --requester, --department, --customer. */
int
cmd_list(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	const char *v[A_NCOLS];
	struct crm_writer *w;
	struct ctx x;

	if (a->n)
		crm_usage_error("list takes no operands (filter with --requester, --department, --customer)");
	ctx_open(&x);
	w = crm_writer_new(stdout, &opts.crm);
	struct crm_stmt *st = crm_archive_prepare(x.ar, APPROVAL_SELECT
		" WHERE (?2 IS NULL OR requester = ?2) AND (?3 IS NULL OR department = ?3)"
		" AND (?4 IS NULL OR customer_id = ?4) ORDER BY seq");
	crm_archive_bind(st, 1, x.today, 0);
	crm_archive_bind(st, 2, opts.requester, 0);
	crm_archive_bind(st, 3, opts.department, 0);
	crm_archive_bind(st, 4, opts.customer, 0);
	crm_writer_type(w, &approval_type);
	while (crm_archive_step(x.ar, st) == CRM_ROW) {
		for (int k = 0; k < A_NCOLS; k++)
			v[k] = crm_archive_text(st, k);
		crm_writer_row(w, v, NULL);
	}
	crm_archive_finalize(st);
	crm_writer_close(w);
	ctx_close(&x);
	return CRM_OK;
}
