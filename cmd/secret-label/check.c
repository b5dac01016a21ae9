/*
 * secret-label check: who may read, copy or lend a document (SEC-05,
 * SEC-06), judged from the document's level and the grants on file:
 * designations to read, approvals to copy or lend.  The decision table is
 * data (rules[]); judge() applies it to one request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secret-label.h"

/* The roles of the toolkit (crm-staff), with the rank that approving needs. */
enum role { STAFF, DEPT_MANAGER, GENERAL_MANAGER, SUBSIDIARY_GM, HQ_MANAGER };
static const struct crm_alias roles[] = {
	[STAFF] = { "staff", "员工" },
	[DEPT_MANAGER] = { "dept_manager", "部门经理" },
	[GENERAL_MANAGER] = { "general_manager", "总经理" },
	[SUBSIDIARY_GM] = { "subsidiary_gm", "分公司总经理" },
	[HQ_MANAGER] = { "hq_manager", "总部经理" },
	{ NULL, NULL }
};
/* A company's general manager ranks with a subsidiary's (子公司总经理). */
static const int role_rank[] = { 0, 1, 2, 2, 3 };

enum action { READ, COPY, LEND };
static const struct crm_alias actions[] = {
	[READ] = { "read", "阅读" }, [COPY] = { "copy", "复制" }, [LEND] = { "lend", "借出" },
	{ NULL, NULL }
};

static const struct crm_alias decisions[] = {
	{ "allow", "允许" }, { "deny", "拒绝" }, { NULL, NULL }
};

/* Whose approval or designation a request needs. */
enum needs { NEEDS_NONE = -1, NEEDS_HQ, NEEDS_SUBSIDIARY_GM, NEEDS_DEPT_MANAGER, NEEDS_SUPERVISOR };
static const struct crm_alias needs_names[] = {
	[NEEDS_HQ] = { "hq_manager", "总部经理" },
	[NEEDS_SUBSIDIARY_GM] = { "subsidiary_gm", "分公司总经理" },
	[NEEDS_DEPT_MANAGER] = { "dept_manager", "部门经理" },
	[NEEDS_SUPERVISOR] = { "supervisor", "主管" },
	{ NULL, NULL }
};

enum reason {
	/* allowed */
	R_NOT_SECRET, R_DECLASSIFIED, R_HQ_MANAGER, R_SUPERVISOR, R_DEPARTMENT,
	R_OWN_AUTHORITY, R_DESIGNATED, R_APPROVED,
	/* denied */
	R_NOT_DESIGNATED, R_NOT_APPROVED, R_GRANT_EXPIRED, R_GRANT_WRONG_ROLE,
	R_GRANT_NOT_SUPERVISOR, R_SELF_GRANTED
};
static const struct crm_alias reasons[] = {
	[R_NOT_SECRET] = { "not-secret", "非涉密" },
	[R_DECLASSIFIED] = { "declassified", "已解密" },
	[R_HQ_MANAGER] = { "hq-manager", "总部经理知悉全部" },
	[R_SUPERVISOR] = { "supervisor", "主管本人" },
	[R_DEPARTMENT] = { "department", "本部门人员" },
	[R_OWN_AUTHORITY] = { "own-authority", "本人有批准权" },
	[R_DESIGNATED] = { "designated", "已获指定" },
	[R_APPROVED] = { "approved", "已获批准" },
	[R_NOT_DESIGNATED] = { "not-designated", "未获指定" },
	[R_NOT_APPROVED] = { "not-approved", "未获批准" },
	[R_GRANT_EXPIRED] = { "grant-expired", "授权已过期" },
	[R_GRANT_WRONG_ROLE] = { "grant-wrong-role", "批准人无此权限" },
	[R_GRANT_NOT_SUPERVISOR] = { "grant-not-supervisor", "非主管指定" },
	[R_SELF_GRANTED] = { "self-granted", "本人自行授权" },
	{ NULL, NULL }
};

static const struct crm_col request_cols[] = {
	{ "person", "申请人", CRM_STR, NULL },
	{ "role", "职务", CRM_ENUM, roles },
	{ "department", "部门", CRM_STR, NULL },
	{ "doc_id", "文件编号", CRM_STR, NULL },
	{ "action", "操作", CRM_ENUM, actions },
	{ "decision", "决定", CRM_ENUM, decisions },	/* added by check */
	{ "needs", "需要", CRM_ENUM, needs_names },
	{ "reason", "原因", CRM_ENUM, reasons },
	{ "rule", "规则", CRM_STR, NULL },
};
const struct crm_type request_type = { "request", request_cols, NELEM(request_cols) };
#define NADDED 4	/* decision, needs, reason, rule */

static const struct crm_col grant_cols[] = {
	{ "doc_id", "文件编号", CRM_STR, NULL },
	{ "person", "被授权人", CRM_STR, NULL },
	{ "action", "操作", CRM_ENUM, actions },
	{ "granted_by", "批准人", CRM_STR, NULL },
	{ "granted_role", "批准人职务", CRM_ENUM, roles },
	{ "expires", "有效期至", CRM_DATE, NULL },
};
static const struct crm_type grant_type = { "grant", grant_cols, NELEM(grant_cols) };

/* Who may act without a grant. */
enum {
	FREE_ALL = 1,		/* everyone */
	FREE_HQ = 2,		/* HQ general and deputy general managers know all (SEC-05 1) */
	FREE_SUPERVISOR = 4,	/* the document's responsible supervisor */
	FREE_DEPARTMENT = 8,	/* the document's department: the people concerned */
	FREE_AUTHORITY = 16	/* whoever holds the approving role himself */
};

/* Whose grant counts: a role of at least rank, and/or the document's supervisor. */
struct approver {
	int rank;		/* -1: no role suffices */
	int supervisor;		/* the document's supervisor's grant counts */
	enum needs needs;
};
enum { BY_NONE, BY_HQ, BY_SUBSIDIARY_GM, BY_DEPT_MANAGER, BY_SUPERVISOR, BY_DEPT_OR_SUPERVISOR };
static const struct approver approvers[] = {
	[BY_NONE] = { -1, 0, NEEDS_NONE },
	[BY_HQ] = { 3, 0, NEEDS_HQ },
	[BY_SUBSIDIARY_GM] = { 2, 0, NEEDS_SUBSIDIARY_GM },
	[BY_DEPT_MANAGER] = { 1, 0, NEEDS_DEPT_MANAGER },
	[BY_SUPERVISOR] = { -1, 1, NEEDS_SUPERVISOR },
	[BY_DEPT_OR_SUPERVISOR] = { 1, 1, NEEDS_DEPT_MANAGER },
};

#define LV(l) (1u << (l))
#define AC(a) (1u << (a))

/* The decision table: the first row that matches the level, action and certificate kind decides. */
static const struct rule {
	unsigned levels, actions;
	enum cert cert;		/* CERT_NONE: any document */
	unsigned free;
	int approver;
	enum reason granted, missing;
	const char *id;
} rules[] = {
	/* SEC-02: not a company secret, or no longer one */
	{ LV(PUBLIC), AC(READ) | AC(COPY) | AC(LEND), CERT_NONE, FREE_ALL, BY_NONE,
	  R_NOT_SECRET, R_NOT_SECRET, "SEC-02" },
	/* SEC-05: who may know */
	{ LV(TOP_SECRET), AC(READ), CERT_NONE, FREE_HQ, BY_HQ,
	  R_DESIGNATED, R_NOT_DESIGNATED, "SEC-05" },
	{ LV(SECRET), AC(READ), CERT_NONE, FREE_HQ | FREE_SUPERVISOR, BY_SUPERVISOR,
	  R_DESIGNATED, R_NOT_DESIGNATED, "SEC-05" },
	{ LV(CONFIDENTIAL), AC(READ), CERT_NONE, FREE_HQ | FREE_SUPERVISOR | FREE_DEPARTMENT,
	  BY_DEPT_OR_SUPERVISOR, R_DESIGNATED, R_NOT_DESIGNATED, "SEC-05" },
	/* SEC-06: excerpts, copies and loans */
	{ LV(TOP_SECRET), AC(COPY) | AC(LEND), CERT_NONE, FREE_AUTHORITY, BY_HQ,
	  R_APPROVED, R_NOT_APPROVED, "SEC-06" },
	{ LV(CONFIDENTIAL), AC(COPY), CERT_BASIC, FREE_AUTHORITY, BY_DEPT_MANAGER,
	  R_APPROVED, R_NOT_APPROVED, "SEC-06" },
	{ LV(SECRET) | LV(CONFIDENTIAL), AC(COPY) | AC(LEND), CERT_NONE, FREE_AUTHORITY,
	  BY_SUBSIDIARY_GM, R_APPROVED, R_NOT_APPROVED, "SEC-06" },
};

/* A request, read. */
struct request {
	const char *person, *department;
	uint64_t person_hash, department_hash;
	enum role role;
	enum action action;
};

/* A grant on file, as judge() sees it: a designation to read, or an approval to copy or lend. */
struct grant {
	const char *by;
	uint64_t by_hash;
	int role;		/* -1: none given */
	int32_t expires;	/* -1: none */
};

struct verdict {
	int allow;
	enum needs needs;
	enum reason reason;
	const char *rule;
};

static const struct rule *
rule_for(int level, enum action action, enum cert cert)
{
	for (size_t i = 0; i < NELEM(rules); i++)
		if (rules[i].levels & LV(level) && rules[i].actions & AC(action) &&
		    (rules[i].cert == CERT_NONE || rules[i].cert == cert))
			return &rules[i];
	crm_die("no rule for level %d, action %d", level, (int)action);
}

/* Whether a names someone, and the same as b (hashes first: the text may be far away). */
static int
same(const char *a, uint64_t ha, const char *b, uint64_t hb)
{
	return ha == hb && *a && !strcmp(a, b);
}

/* Why q may act on d without a grant under rule ru, or -1 when it may not. */
static int
free_reason(const struct rule *ru, const struct doc *d, const struct request *q)
{
	const struct approver *ap = &approvers[ru->approver];

	if (ru->free & FREE_HQ && q->role == HQ_MANAGER)
		return R_HQ_MANAGER;
	if (ru->free & FREE_SUPERVISOR &&
	    same(d->supervisor, d->supervisor_hash, q->person, q->person_hash))
		return R_SUPERVISOR;
	if (ru->free & FREE_DEPARTMENT &&
	    same(d->department, d->department_hash, q->department, q->department_hash))
		return R_DEPARTMENT;
	if (ru->free & FREE_AUTHORITY && ap->rank >= 0 && role_rank[q->role] >= ap->rank)
		return R_OWN_AUTHORITY;
	return -1;
}

/*
 * SEC-05, SEC-06: judge request q for document d, whose level today is
 * level, against the grants g on file for the same document, person and
 * action.  A grant counts when its granter has the approving role (or is
 * the document's supervisor, where that suffices), is not the requester,
 * and it has not expired: it is good through its expires day.
 */
static struct verdict
judge(const struct doc *d, int level, const struct request *q, const struct grant *g,
      size_t ng, int32_t today)
{
	const struct rule *ru = rule_for(level, q->action,
					 d->category >= 0 ? category_rules[d->category].cert : CERT_NONE);
	const struct approver *ap = &approvers[ru->approver];
	struct verdict v = { 1, NEEDS_NONE, R_NOT_SECRET, ru->id };
	int expired = 0, wrong = 0, self = 0, why;

	if (ru->free & FREE_ALL) {
		if (doc_level(d) > PUBLIC) {	/* SEC-04: its period is over */
			v.reason = R_DECLASSIFIED;
			v.rule = "SEC-04";
		}
		return v;
	}
	if ((why = free_reason(ru, d, q)) >= 0) {
		v.reason = (enum reason)why;
		return v;
	}
	for (size_t i = 0; i < ng; i++) {
		int entitled = (ap->rank >= 0 && g[i].role >= 0 && role_rank[g[i].role] >= ap->rank) ||
			       (ap->supervisor &&
				same(d->supervisor, d->supervisor_hash, g[i].by, g[i].by_hash));
		if (!entitled)
			wrong = 1;
		else if (same(g[i].by, g[i].by_hash, q->person, q->person_hash))
			self = 1;
		else if (g[i].expires >= 0 && today > g[i].expires)
			expired = 1;
		else {
			v.reason = ru->granted;
			return v;
		}
	}
	v.allow = 0;
	v.needs = ap->needs;
	v.reason = expired ? R_GRANT_EXPIRED : self ? R_SELF_GRANTED :
		   wrong ? (ap->rank < 0 ? R_GRANT_NOT_SUPERVISOR : R_GRANT_WRONG_ROLE) : ru->missing;
	return v;
}

/*
 * The grants on file, read once: the good ones in one array, grouped by
 * the document of the register they are for (in file order within it), so
 * that a request looks at its document's few grants only.  The file is
 * streamed, not held: only the grants' people are kept, in text.
 */
struct grant_rec {
	uint64_t person_hash;
	uint32_t person, by;	/* offsets in text */
	int32_t expires;
	signed char action, role;
};

struct grants {
	char *text;		/* person and granted_by of each grant, NUL-terminated */
	size_t len, cap;
	struct grant_rec *g;	/* document d's are g[d.grants, d.grants + d.ngrants) */
	size_t n;
};

static uint32_t
grants_keep(struct grants *gs, const char *s)
{
	size_t n = strlen(s) + 1, at = gs->len;

	if (at + n > UINT32_MAX)
		crm_die("too many grants to hold in memory");
	if (at + n > gs->cap) {
		size_t cap = gs->cap ? 2 * gs->cap : 1 << 21;
		while (cap < at + n)
			cap *= 2;
		gs->text = big_realloc(gs->text, gs->cap, cap);
		gs->cap = cap;
	}
	memcpy(gs->text + at, s, n);
	gs->len += n;
	return (uint32_t)at;
}

/* A side file's format: its name says (as for lib/table), else the input options. */
static enum crm_fmt
side_format(const char *path, enum crm_fmt given)
{
	const char *dot = strrchr(path, '.');

	if (dot && (!strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson") || !strcmp(dot, ".json")))
		return CRM_FMT_JSON;
	if (dot && !strcmp(dot, ".csv"))
		return CRM_FMT_CSV;
	return given;
}

/* Read --grants; a bad grant is reported and never counts.  Returns a status, -1 when unusable. */
static int
grants_load(struct grants *gs, const char *path, const struct crm_opts *o, struct docs *ds)
{
	struct crm_opts side = *o;
	char *files[] = { (char *)path };
	struct crm_input *in;
	const struct crm_rec *r;
	struct grant_rec *gr = NULL;
	int32_t *doc = NULL, expires;
	size_t i, n = 0, cap = 0, dcap = 0, ndocs = ds->ndoc;
	uint32_t *first = xcalloc(ndocs + 2, sizeof *first);
	int status = CRM_OK, act, role;

	side.in = side_format(path, o->in);
	in = crm_input_open(files, 1, &side, &grant_type);
	int cdoc = crm_input_col(in, "doc_id"), cperson = crm_input_col(in, "person");
	int caction = crm_input_col(in, "action"), cby = crm_input_col(in, "granted_by");
	int crole = crm_input_col(in, "granted_role"), cexpires = crm_input_col(in, "expires");

	if (cdoc < 0 || cperson < 0 || caction < 0 || cby < 0) {
		if (crm_input_status(in) == CRM_OK || crm_input_ncols(in))
			crm_warn("%s: grants need the columns doc_id, person, action and granted_by",
				 path);
		crm_input_free(in);
		free(first);
		return -1;
	}
	while (crm_input_next(in, &r)) {
		int32_t d;
		expires = -1;
		role = -1;
		if (crm_get_enum(r, caction, actions, &act) == CRM_FIELD_BAD ||
		    crm_get_enum(r, crole, roles, &role) == CRM_FIELD_BAD ||
		    crm_get_date(r, cexpires, &expires) == CRM_FIELD_BAD) {
			status = CRM_ERROR;
			continue;
		}
		if (!*r->f[cdoc] || !*r->f[cperson] || !*r->f[caction] || !*r->f[cby]) {
			crm_warn_at(&r->pos, "a grant needs doc_id, person, action and granted_by");
			status = CRM_ERROR;
			continue;
		}
		if ((d = docs_index(ds, r->f[cdoc])) < 0)
			continue;	/* for a document not in the register: it never counts */
		crm_grow(&gr, &cap, n + 1, sizeof *gr);
		crm_grow(&doc, &dcap, n + 1, sizeof *doc);
		doc[n] = d;
		gr[n].person_hash = str_hash(r->f[cperson]);
		gr[n].person = grants_keep(gs, r->f[cperson]);
		gr[n].by = grants_keep(gs, r->f[cby]);
		gr[n].expires = expires;
		gr[n].action = (signed char)act;
		gr[n].role = (signed char)role;
		first[d + 1]++;
		n++;
	}
	status = crm_worst(status, crm_input_status(in));
	crm_input_free(in);
	/* Each document's run, in file order. */
	for (i = 0; i < ndocs; i++) {
		ds->doc[i].grants = first[i];
		ds->doc[i].ngrants = first[i + 1];
		first[i + 1] += first[i];
	}
	gs->n = n;
	gs->g = big_realloc(NULL, 0, (n + 1) * sizeof *gs->g);
	for (i = 0; i < n; i++)
		gs->g[first[doc[i]]++] = gr[i];
	free(first);
	free(gr);
	free(doc);
	return status;
}

static void
grants_release(struct grants *gs)
{
	big_free(gs->text, gs->cap);
	big_free(gs->g, (gs->n + 1) * sizeof *gs->g);
}

/* The grants for document d that are for q's person and action; *g grows as needed. */
static size_t
grants_for(const struct grants *gs, const struct doc *d, const struct request *q,
	   struct grant **g, size_t *cap)
{
	size_t ng = 0;

	if (!gs->g)
		return 0;
	for (uint32_t i = d->grants; i < d->grants + d->ngrants; i++) {
		const struct grant_rec *gr = &gs->g[i];
		if (gr->action != (int)q->action ||
		    !same(gs->text + gr->person, gr->person_hash, q->person, q->person_hash))
			continue;
		crm_grow(g, cap, ng + 1, sizeof **g);
		(*g)[ng++] = (struct grant){ gs->text + gr->by, str_hash(gs->text + gr->by),
					     gr->role, gr->expires };
	}
	return ng;
}

/* A request's fields: 0, or -1 after a diagnostic for each bad one. */
static int
request_read(const struct crm_rec *r, const int col[5], struct request *q, const char **doc_id)
{
	int bad = 0, k, g;

	q->person = r->f[col[0]];
	q->department = col[2] >= 0 ? r->f[col[2]] : "";
	q->person_hash = str_hash(q->person);
	q->department_hash = str_hash(q->department);
	*doc_id = r->f[col[3]];
	if (!*q->person) {
		crm_warn_at(&r->pos, "person: a request needs the person asking");
		bad = 1;
	}
	if ((g = crm_get_enum(r, col[1], roles, &k)) == CRM_FIELD_OK)
		q->role = (enum role)k;
	else if (g == CRM_FIELD_EMPTY)
		crm_warn_at(&r->pos, "role: a request needs the role of the person asking (staff, dept_manager, general_manager, subsidiary_gm or hq_manager)");
	bad |= g != CRM_FIELD_OK;
	if ((g = crm_get_enum(r, col[4], actions, &k)) == CRM_FIELD_OK)
		q->action = (enum action)k;
	else if (g == CRM_FIELD_EMPTY)
		crm_warn_at(&r->pos, "action: a request needs one of read, copy or lend");
	bad |= g != CRM_FIELD_OK;
	if (!**doc_id) {
		crm_warn_at(&r->pos, "doc_id: a request needs a document");
		bad = 1;
	}
	return bad ? -1 : 0;
}

int
cmd_check(struct ctx *x)
{
	static const char *const need[] = { "person", "role", "doc_id", "action" };
	struct docs ds;
	struct grants gs = { 0 };
	struct grant *g = NULL;
	size_t gcap = 0;
	const struct crm_rec *r;
	int col[5], status = CRM_OK, st;

	if ((st = docs_load(&ds, x->o->docs, &x->o->crm)) >= 0)
		status = st;
	if (st >= 0 && x->o->grants &&
	    (st = grants_load(&gs, x->o->grants, &x->o->crm, &ds)) >= 0)
		status = crm_worst(status, st);
	if (st < 0 || (status == CRM_ERROR && x->o->crm.strict)) {
		status = CRM_ERROR;
		goto out;
	}
	x->status = crm_worst(x->status, status);
	status = CRM_OK;
	for (size_t i = 0; i < ds.ndoc; i++)
		if (!ds.doc[i].bad)
			ds.doc[i].level_today = (signed char)doc_level_on(&ds.doc[i], x->periods, x->today);
	if (!crm_input_ncols(x->in))
		goto out;
	for (size_t i = 0; i < NELEM(need); i++)
		if (crm_input_col(x->in, need[i]) < 0) {
			crm_warn("%s: requests need the columns person, role, doc_id and action",
				 crm_input_pos(x->in)->file);
			status = CRM_ERROR;
			goto out;
		}
	col[0] = crm_input_col(x->in, "person");
	col[1] = crm_input_col(x->in, "role");
	col[2] = crm_input_col(x->in, "department");
	col[3] = crm_input_col(x->in, "doc_id");
	col[4] = crm_input_col(x->in, "action");
	crm_writer_passthrough(x->w, x->in, &request_type, &request_cols[NELEM(request_cols) - NADDED],
			       NADDED);
	while (next_rec(x, &r)) {
		struct request q = { 0 };
		const char *doc_id;
		const struct doc *d;
		if (request_read(r, col, &q, &doc_id) < 0 ||
		    !(d = docs_get(&ds, doc_id, &r->pos, "doc_id"))) {
			x->status = CRM_ERROR;
			continue;
		}
		size_t ng = grants_for(&gs, d, &q, &g, &gcap);
		struct verdict v = judge(d, d->level_today, &q, g, ng, x->today);
		const char *vals[NADDED] = {
			decisions[!v.allow].name, v.needs >= 0 ? needs_names[v.needs].name : "",
			reasons[v.reason].name, v.rule
		};
		if (!v.allow)
			x->findings++;
		if (x->audit)
			audit_add(x->audit, q.person, doc_id, actions[q.action].name, vals[0], vals[1],
				  v.rule, vals[2]);
		crm_writer_rec(x->w, r, vals);
	}
out:
	free(g);
	grants_release(&gs);
	docs_release(&ds);
	return status;
}
