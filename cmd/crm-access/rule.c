/* crm-access: the CM-07 rule, and the archive lookups it needs. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "crm-access.h"

/* CM-07 names two approvers. */
const struct crm_alias approver_roles[] = {
	{ "dept_manager", "部门经理" }, { "general_manager", "总经理" }, { NULL, NULL }
};

/* A request to read a customer's archive (check), or an access (log). */
const struct crm_col request_cols[] = {
	{ "requester", "申请人", CRM_STR, NULL },
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "purpose", "查阅目的", CRM_TEXT, NULL },
	{ "date", "查阅日期", CRM_DATE, NULL },
	{ "at", "查阅时间", CRM_STR, NULL },
};
const struct crm_type request_type = { "request", request_cols, NELEM(request_cols) };

/* A diagnostic at a record's line, or plain for a request given by options (pos NULL). */
void
complain(const struct crm_pos *pos, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (pos)
		crm_warn_at(pos, "%s", s);
	else
		crm_warn("%s", s);
	free(s);
}

/* The name of a role as written: canonical, or Chinese with --zh. */
static const char *
role_name(const char *role)
{
	int k = crm_enum_parse(crm_type_staff.cols[3].values, role);

	if (k < 0 || !opts.crm.zh)
		return role;
	return crm_type_staff.cols[3].values[k].zh;
}

/* A date value: "" stays "" (*day CRM_NODATE); else normalised into out.  -1 when not a date. */
int
norm_date(const char *s, char out[CRM_DATE_LEN], int32_t *day)
{
	int32_t d = CRM_NODATE;

	out[0] = '\0';
	if (*s) {
		if (crm_date_parse(s, &d) < 0)
			return -1;
		crm_date_format(d, out);
	}
	if (day)
		*day = d;
	return 0;
}

void
ctx_open(struct ctx *x)
{
	x->ar = crm_archive_open(opts.home);
	crm_date_format(crm_today(&opts.crm), x->today);
	x->staff = crm_staff_stmt(x->ar);
	x->customer = crm_archive_prepare(x->ar, "SELECT department FROM customer WHERE id = ?1");
	/* CM-07: an approval from that role, for the requester and the customer or the whole department. */
	x->approval = crm_archive_prepare(x->ar,
		"SELECT seq, approver, coalesce(customer_id, ''), coalesce(expires, '') FROM approval"
		" WHERE requester = ?1 AND role = ?2 AND department = ?3"
		" AND (customer_id IS NULL OR customer_id = ?4)"
		" AND granted_on <= ?5 AND (expires IS NULL OR expires >= ?5)"
		" AND (revoked_on IS NULL OR revoked_on > ?5)"
		" ORDER BY customer_id IS NULL, coalesce(expires, '9999-12-31') DESC, seq DESC LIMIT 1");
	/* The latest that would have covered it, to say why it does not. */
	x->missed = crm_archive_prepare(x->ar,
		"SELECT seq, granted_on, coalesce(expires, ''), coalesce(revoked_on, '') FROM approval"
		" WHERE requester = ?1 AND role = ?2 AND department = ?3"
		" AND (customer_id IS NULL OR customer_id = ?4) ORDER BY seq DESC LIMIT 1");
}

void
ctx_close(struct ctx *x)
{
	crm_archive_finalize(x->staff);
	crm_archive_finalize(x->customer);
	crm_archive_finalize(x->approval);
	crm_archive_finalize(x->missed);
	crm_archive_close(x->ar);
}

/* 1 and *s filled when id is a staff member, else 0. */
int
staff_get(struct ctx *x, const char *id, struct crm_staff *s)
{
	return crm_staff_get(x->ar, x->staff, id, s);
}

/* The department of customer id (owned), or NULL when there is no such customer. */
char *
customer_department(struct ctx *x, const char *id)
{
	crm_archive_reset(x->customer);
	crm_archive_bind(x->customer, 1, id, 0);
	if (crm_archive_step(x->ar, x->customer) != CRM_ROW)
		return NULL;
	return xstrdup(crm_archive_text(x->customer, 0));
}

/* Whether s has left by date (ISO dates compare as strings). */
int
has_left(const struct crm_staff *s, const char *date)
{
	return *s->left_on && strcmp(s->left_on, date) <= 0;
}

/*
 * CM-07: the role that approves requester reading the archive of
 * department: its dept_manager when it is the requester's own department,
 * else the general_manager.  A customer without a department is nobody's
 * own.
 */
const char *
approver_role(const struct crm_staff *requester, const char *department)
{
	return *department && !strcmp(requester->department, department) ? "dept_manager"
									  : "general_manager";
}

void
verdict_release(struct verdict *v)
{
	free(v->approver);
	free(v->reason);
}

/*
 * CM-07: judge requester reading customer_id (of department) on date:
 * allowed only when an approval from the role the rule names, granted on
 * or before date, neither expired (expires is the last valid day) nor
 * revoked by then, covers the requester and the customer or the whole
 * department.  A department manager reading their own department and
 * the general manager reading any approve themselves (CM-07's decision);
 * the reading is still logged.  A staff member who has left reads
 * nothing (CM-11).
 */
void
judge(struct ctx *x, const struct crm_staff *rq, const char *customer_id, const char *department,
      const char *date, struct verdict *v)
{
	const int zh = opts.crm.zh;
	char *need;

	memset(v, 0, sizeof *v);
	v->role = approver_role(rq, department);
	v->needs = v->role;
	if (has_left(rq, date)) {
		v->needs = "";
		v->approver = xstrdup("");
		v->reason = xasprintf(zh ? "%s已于%s离职" : "%s left on %s", rq->id, rq->left_on);
		return;
	}
	/* CM-07's decision: the approver reading within their own scope approves themselves. */
	if (!strcmp(rq->role, "general_manager") ||
	    (!strcmp(v->role, "dept_manager") && !strcmp(rq->role, "dept_manager"))) {
		v->allow = 1;
		v->needs = "";
		v->approver = xstrdup(rq->id);
		v->reason = xasprintf(zh ? "%s为%s，自行批准（CM-07）" : "self-approved: %s is the %s (CM-07)",
				    rq->id, role_name(rq->role));
		return;
	}
	crm_archive_reset(x->approval);
	const char *key[] = { rq->id, v->role, department, customer_id, date };
	for (int i = 0; i < 5; i++)
		crm_archive_bind(x->approval, i + 1, key[i], 0);
	if (crm_archive_step(x->ar, x->approval) == CRM_ROW) {
		const char *cust = crm_archive_text(x->approval, 2);
		const char *until = crm_archive_text(x->approval, 3);
		v->allow = 1;
		v->needs = "";
		v->approver = xstrdup(crm_archive_text(x->approval, 1));
		v->reason = xasprintf(zh ? "审批单%lld：%s（%s）批准查阅%s%s，有效期至%s"
				       : "approval %lld by %s (%s) covers %s%s until %s",
				    (long long)crm_archive_int(x->approval, 0), v->approver,
				    role_name(v->role), *cust ? cust : zh ? "" : "all of ",
				    *cust ? "" : department, *until ? until : zh ? "撤销" : "revoked");
		return;
	}
	v->approver = xstrdup("");
	if (!strcmp(v->role, "dept_manager"))
		need = xasprintf(zh ? "%s查阅本部门（%s）客户档案须经部门经理批准（CM-07）"
			       : "%s reading the archive of %s, their own department, needs its dept_manager's approval (CM-07)",
			       rq->id, department);
	else
		need = xasprintf(zh ? "%s（%s）查阅非本部门（%s）客户档案须经总经理批准（CM-07）"
			       : "%s of %s reading the archive of %s, another department, needs the general_manager's approval (CM-07)",
			       rq->id, *rq->department ? rq->department : zh ? "无部门" : "no department",
			       *department ? department : zh ? "无部门" : "no department");
	crm_archive_reset(x->missed);
	for (int i = 0; i < 4; i++)
		crm_archive_bind(x->missed, i + 1, key[i], 0);
	if (crm_archive_step(x->ar, x->missed) != CRM_ROW) {
		v->reason = xasprintf(zh ? "%s；无审批记录" : "%s; none on file", need);
	} else {
		long long seq = crm_archive_int(x->missed, 0);
		const char *granted = crm_archive_text(x->missed, 1);
		const char *expires = crm_archive_text(x->missed, 2);
		const char *revoked = crm_archive_text(x->missed, 3);
		if (*revoked && strcmp(revoked, date) <= 0)
			v->reason = xasprintf(zh ? "%s；审批单%lld已于%s撤销" : "%s; approval %lld was revoked on %s",
					    need, seq, revoked);
		else if (*expires && strcmp(expires, date) < 0)
			v->reason = xasprintf(zh ? "%s；审批单%lld已于%s到期" : "%s; approval %lld expired on %s",
					    need, seq, expires);
		else
			v->reason = xasprintf(zh ? "%s；审批单%lld自%s起生效" : "%s; approval %lld starts on %s",
					    need, seq, granted);
	}
	free(need);
}

/* The request's requester and customer, each reported when unknown; 0 when both are found. */
int
parties(struct ctx *x, const struct crm_pos *pos, const char *requester, const char *customer_id,
	struct crm_staff *rq, char **department)
{
	int bad = 0;

	*department = NULL;
	memset(rq, 0, sizeof *rq);
	if (!*requester) {
		complain(pos, "requester: missing");
		bad = 1;
	} else if (!staff_get(x, requester, rq)) {
		complain(pos, "requester: no staff member '%s' in the archive", requester);
		bad = 1;
	}
	if (!*customer_id) {
		complain(pos, "customer_id: missing");
		bad = 1;
	} else if (!(*department = customer_department(x, customer_id))) {
		complain(pos, "customer_id: no customer '%s' in the archive", customer_id);
		bad = 1;
	}
	if (bad) {
		crm_staff_release(rq);
		free(*department);
		*department = NULL;
	}
	return bad;
}

/* The value of column col of r, "" when absent. */
const char *
field(const struct crm_rec *r, int col)
{
	return col >= 0 ? r->f[col] : "";
}
