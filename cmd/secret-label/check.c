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
/* The names of the roles, then the policy's own words for them (SEC-05, SEC-06). */
static const struct crm_alias roles[] = {
	{ "staff", "员工" },
	{ "dept_manager", "部门经理" },
	{ "general_manager", "总经理" },
	{ "subsidiary_gm", "分公司总经理" },
	{ "hq_manager", "总部经理" },
	{ "subsidiary_gm", "子公司总经理" },
	{ "hq_manager", "总公司总经理" },
	{ "hq_manager", "总公司副总经理" },
	{ NULL, NULL }
};
static const enum role role_of[] = {
	STAFF, DEPT_MANAGER, GENERAL_MANAGER, SUBSIDIARY_GM, HQ_MANAGER, SUBSIDIARY_GM,
	HQ_MANAGER, HQ_MANAGER
};
_Static_assert(NELEM(roles) == NELEM(role_of) + 1, "a role per name");
/* A company's general manager ranks with a subsidiary's (子公司总经理). */
static const int role_rank[] = { 0, 1, 2, 2, 3 };

/* A role read from r's column col through the aliases: as crm_get_enum. */
static int
get_role(const struct crm_rec *r, int col, int *role)
{
	int k;

	if (col < 0 || !*r->f[col])
		return CRM_FIELD_EMPTY;
	if ((k = crm_enum_parse(roles, r->f[col])) < 0) {
		crm_warn_at(&r->pos, "%s: expected one of staff, dept_manager, general_manager, subsidiary_gm, hq_manager (or 员工, 部门经理, 总经理, 子公司总经理, 总公司总经理, 总公司副总经理), found '%s'",
			    r->names[col], r->f[col]);
		return CRM_FIELD_BAD;
	}
	*role = (int)role_of[k];
	return CRM_FIELD_OK;
}

/* Excerpting (摘抄) is copying in part: the same approvals (SEC-06). */
enum action { READ, COPY, LEND, EXCERPT };
static const struct crm_alias actions[] = {
	[READ] = { "read", "阅读" }, [COPY] = { "copy", "复制" }, [LEND] = { "lend", "借出" },
	[EXCERPT] = { "excerpt", "摘抄" },
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
	R_GRANT_NOT_SUPERVISOR, R_SELF_GRANTED, R_NOT_CLEARED, R_ROLE_MISMATCH,
	R_UNKNOWN_PERSON, R_GRANT_OTHER_DEPARTMENT, R_GRANT_ROLE_MISMATCH,
	R_GRANT_UNKNOWN_PERSON, R_REGISTER_INCONSISTENT
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
	[R_NOT_CLEARED] = { "not-cleared", "无权知悉" },
	[R_ROLE_MISMATCH] = { "role-mismatch", "职务或部门与花名册不符" },
	[R_UNKNOWN_PERSON] = { "unknown-person", "不在花名册" },
	[R_GRANT_OTHER_DEPARTMENT] = { "grant-other-department", "非本部门经理指定" },
	[R_GRANT_ROLE_MISMATCH] = { "grant-role-mismatch", "批准人职务与花名册不符" },
	[R_GRANT_UNKNOWN_PERSON] = { "grant-unknown-person", "批准人不在花名册" },
	[R_REGISTER_INCONSISTENT] = { "register-inconsistent", "登记不一致" },
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

/* The staff roster (crm-staff list): where roles and departments come from (SEC-05). */
static const struct crm_col staff_cols[] = {
	{ "id", "工号", CRM_STR, NULL },
	{ "name", "姓名", CRM_STR, NULL },
	{ "department", "部门", CRM_STR, NULL },
	{ "role", "职务", CRM_ENUM, roles },
	{ "left_on", "离职日期", CRM_DATE, NULL },
};
static const struct crm_type staff_type = { "staff", staff_cols, NELEM(staff_cols) };

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
enum {
	BY_NONE, BY_HQ, BY_SUBSIDIARY_GM, BY_DEPT_MANAGER, BY_SUPERVISOR, BY_DEPT_OR_SUPERVISOR,
	BY_COMPANY_GM	/* the subsidiary GM; at headquarters an HQ (deputy) general manager */
};
static const struct approver approvers[] = {
	[BY_NONE] = { -1, 0, NEEDS_NONE },
	[BY_HQ] = { 3, 0, NEEDS_HQ },
	[BY_SUBSIDIARY_GM] = { 2, 0, NEEDS_SUBSIDIARY_GM },
	[BY_DEPT_MANAGER] = { 1, 0, NEEDS_DEPT_MANAGER },
	[BY_SUPERVISOR] = { -1, 1, NEEDS_SUPERVISOR },
	[BY_DEPT_OR_SUPERVISOR] = { 1, 1, NEEDS_DEPT_MANAGER },
	[BY_COMPANY_GM] = { 2, 0, NEEDS_SUBSIDIARY_GM },
};

#define LV(l) (1u << (l))
#define AC(a) (1u << (a))
#define ALL_LEVELS (LV(PUBLIC) | LV(CONFIDENTIAL) | LV(SECRET) | LV(TOP_SECRET))
#define CE(c) (1u << (c))
#define ANY_CERT (CE(CERT_OTHER) | CE(CERT_BASIC))
#define COPYING (AC(COPY) | AC(EXCERPT))

/*
 * The decision table: the first row that matches the level, action and
 * certificate kind decides.  Copying, excerpting and lending come after
 * reading: judge() first asks whether the person may read the document.
 */
static const struct rule {
	unsigned levels, actions;
	unsigned certs;		/* 0: any document */
	unsigned free;
	int approver;
	enum reason granted, missing;
	const char *id;
} rules[] = {
	/* SEC-06: 绝密 is copied, excerpted or lent only with an HQ manager's approval */
	{ LV(TOP_SECRET), COPYING | AC(LEND), 0, FREE_AUTHORITY, BY_HQ,
	  R_APPROVED, R_NOT_APPROVED, "SEC-06" },
	/* SEC-06: certificates, as long as they exist, whatever their period */
	{ ALL_LEVELS, COPYING, CE(CERT_BASIC), FREE_AUTHORITY, BY_DEPT_MANAGER,
	  R_APPROVED, R_NOT_APPROVED, "SEC-06" },
	{ ALL_LEVELS, COPYING | AC(LEND), ANY_CERT, FREE_AUTHORITY, BY_COMPANY_GM,
	  R_APPROVED, R_NOT_APPROVED, "SEC-06" },
	/* SEC-02: not a company secret, or no longer one */
	{ LV(PUBLIC), AC(READ) | COPYING | AC(LEND), 0, FREE_ALL, BY_NONE,
	  R_NOT_SECRET, R_NOT_SECRET, "SEC-02" },
	/* SEC-05: who may know */
	{ LV(TOP_SECRET), AC(READ), 0, FREE_HQ, BY_HQ,
	  R_DESIGNATED, R_NOT_DESIGNATED, "SEC-05" },
	{ LV(SECRET), AC(READ), 0, FREE_HQ | FREE_SUPERVISOR, BY_SUPERVISOR,
	  R_DESIGNATED, R_NOT_DESIGNATED, "SEC-05" },
	{ LV(CONFIDENTIAL), AC(READ), 0, FREE_HQ | FREE_SUPERVISOR | FREE_DEPARTMENT,
	  BY_DEPT_OR_SUPERVISOR, R_DESIGNATED, R_NOT_DESIGNATED, "SEC-05" },
	/* SEC-06: 机密 and 秘密: the subsidiary GM (at headquarters an HQ manager) */
	{ LV(SECRET) | LV(CONFIDENTIAL), COPYING | AC(LEND), 0, FREE_AUTHORITY,
	  BY_COMPANY_GM, R_APPROVED, R_NOT_APPROVED, "SEC-06" },
};

/* The roster, indexed by id and by name. */
struct member {
	const char *id, *department;
	int role;
	int32_t left_on;	/* CRM_NODATE: still here */
	unsigned char ambiguous;	/* its name is shared: the name alone names no one */
};
struct roster {
	struct crm_table *t;
	struct member *m;
	size_t n;
	struct crm_map *ids, *names;	/* id, name -> index in m */
	int32_t today;
};
#define NOBODY UINT32_MAX

/* Read --staff, failing closed: a bad roster ends the program before any output. */
static void
roster_load(struct roster *ro, const char *path, const struct crm_opts *o, int32_t today)
{
	struct crm_opts side = *o;
	int cid, cname, cdept, crole, cleft, bad = 0;
	size_t first;

	side.strict = 0;
	ro->t = crm_settings_load(path, &side, &staff_type, "staff roster");
	ro->today = today;
	cid = crm_table_col(ro->t, "id");
	cname = crm_table_col(ro->t, "name");
	cdept = crm_table_col(ro->t, "department");
	crole = crm_table_col(ro->t, "role");
	cleft = crm_table_col(ro->t, "left_on");
	if (cid < 0 || cdept < 0 || crole < 0)
		crm_die("%s: a staff roster needs the columns id, department and role (crm-staff list); nothing was done",
			path);
	ro->n = crm_table_len(ro->t);
	ro->m = xcalloc(ro->n + 1, sizeof *ro->m);
	ro->ids = crm_map_new();
	ro->names = crm_map_new();
	for (size_t i = 0; i < ro->n; i++) {
		const struct crm_rec *r = crm_table_rec(ro->t, i);
		struct member *m = &ro->m[i];
		int g;
		m->id = r->f[cid];
		m->department = r->f[cdept];
		m->left_on = CRM_NODATE;
		if (!*m->id) {
			crm_warn_at(&r->pos, "id: a member of staff needs an id");
			bad = 1;
		}
		if ((g = get_role(r, crole, &m->role)) == CRM_FIELD_EMPTY)
			crm_warn_at(&r->pos, "role: a member of staff needs a role");
		bad |= g != CRM_FIELD_OK;
		bad |= crm_get_date(r, cleft, &m->left_on) == CRM_FIELD_BAD;
		if (*m->id && (first = crm_map_put(ro->ids, m->id, strlen(m->id), i)) != i) {
			crm_warn_at(&r->pos, "id: '%s' appears more than once (first on line %ld)",
				    m->id, crm_table_rec(ro->t, first)->pos.line);
			bad = 1;
		}
		if (cname >= 0 && *r->f[cname] &&
		    (first = crm_map_put(ro->names, r->f[cname], r->len[cname], i)) != i)
			ro->m[first].ambiguous = 1;
	}
	if (bad)
		crm_die("%s: bad staff roster file; nothing was done", path);
}

/* The member who, named by id or by a name no one else has; NOBODY when none. */
static uint32_t
roster_find(struct roster *ro, const char *who)
{
	size_t len = strlen(who), v = len ? crm_map_get(ro->ids, who, len) : CRM_MAP_NONE;

	if (v == CRM_MAP_NONE && len && (v = crm_map_get(ro->names, who, len)) != CRM_MAP_NONE &&
	    ro->m[v].ambiguous)
		v = CRM_MAP_NONE;
	return v == CRM_MAP_NONE ? NOBODY : (uint32_t)v;
}

/* Whether member i is on the staff today (found, and not left by today). */
static int
roster_present(const struct roster *ro, uint32_t i)
{
	return i != NOBODY && (ro->m[i].left_on == CRM_NODATE || ro->m[i].left_on > ro->today);
}

static void
roster_release(struct roster *ro)
{
	crm_table_free(ro->t);
	crm_map_free(ro->ids);
	crm_map_free(ro->names);
	free(ro->m);
}

/* A request, read, with the asker as the roster has them. */
struct request {
	const char *person;
	uint32_t who;		/* in the roster */
	enum role role;
	const char *department;
	enum action action;
};

/* A grant on file, as judge() sees it: a designation to read, or an approval to copy or lend. */
struct grant {
	uint32_t by;		/* in the roster, or NOBODY */
	int role;		/* as the grant gives it; -1: none given */
	int32_t expires;	/* CRM_NODATE: none */
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
		    (!rules[i].certs || rules[i].certs & CE(cert)))
			return &rules[i];
	crm_die("no rule for level %d, action %d", level, (int)action);
}

/* Whether a department manager is of the document's department (SEC-05's decision). */
static int
own_department(const struct doc *d, const char *department)
{
	return *d->department && !strcmp(d->department, department);
}

/* Why q may act on d without a grant under rule ru, or -1 when it may not. */
static int
free_reason(const struct rule *ru, const struct approver *ap, const struct doc *d,
	    const struct request *q, uint32_t supervisor)
{
	if (ru->free & FREE_HQ && q->role == HQ_MANAGER)
		return R_HQ_MANAGER;
	if (ru->free & FREE_SUPERVISOR && supervisor != NOBODY && supervisor == q->who)
		return R_SUPERVISOR;
	if (ru->free & FREE_DEPARTMENT && own_department(d, q->department))
		return R_DEPARTMENT;
	if (ru->free & FREE_AUTHORITY && ap->rank >= 0 && role_rank[q->role] >= ap->rank &&
	    (q->role != DEPT_MANAGER || own_department(d, q->department)))
		return R_OWN_AUTHORITY;
	return -1;
}

/*
 * SEC-05, SEC-06: judge action act of request q for document d, whose
 * level today is level, against the grants g on file for the same
 * document, person and action.  A grant counts when its granter is on the
 * roster with the role it claims, has the approving role (a department
 * manager for his own department's documents only) or is the document's
 * supervisor where that suffices, is not the requester, and it has not
 * expired: it is good through its expires day.
 */
static struct verdict
judge_act(const struct doc *d, int level, const struct request *q, enum action act,
	  const struct grant *g, size_t ng, const struct roster *ro, uint32_t supervisor,
	  int32_t today)
{
	const struct rule *ru = rule_for(level, act,
					 d->category >= 0 ? category_rules[d->category].cert : CERT_NONE);
	int apid = ru->approver == BY_COMPANY_GM ? d->at_hq ? BY_HQ : BY_SUBSIDIARY_GM : ru->approver;
	const struct approver *ap = &approvers[apid];
	struct verdict v = { 1, NEEDS_NONE, R_NOT_SECRET, ru->id };
	int expired = 0, wrong = 0, self = 0, other = 0, mismatch = 0, unknown = 0, why;

	if (ru->free & FREE_ALL) {
		/* SEC-04: its period is over, or it was declassified */
		if (doc_level(d) > PUBLIC || d->declassified_on != CRM_NODATE) {
			v.reason = R_DECLASSIFIED;
			v.rule = "SEC-04";
		}
		return v;
	}
	if ((why = free_reason(ru, ap, d, q, supervisor)) >= 0) {
		v.reason = (enum reason)why;
		return v;
	}
	for (size_t i = 0; i < ng; i++) {
		const struct member *m;
		if (!roster_present(ro, g[i].by)) {
			unknown = 1;
			continue;
		}
		m = &ro->m[g[i].by];
		if (g[i].role >= 0 && g[i].role != m->role) {
			mismatch = 1;
			continue;
		}
		int by_role = ap->rank >= 0 && role_rank[m->role] >= ap->rank;
		if (by_role && m->role == DEPT_MANAGER && !own_department(d, m->department)) {
			by_role = 0;
			other = 1;
		}
		if (!by_role && !(ap->supervisor && g[i].by == supervisor))
			wrong = 1;
		else if (g[i].by == q->who)
			self = 1;
		else if (g[i].expires != CRM_NODATE && today > g[i].expires)
			expired = 1;
		else {
			v.reason = ru->granted;
			return v;
		}
	}
	v.allow = 0;
	v.needs = ap->needs;
	v.reason = expired ? R_GRANT_EXPIRED : self ? R_SELF_GRANTED :
		   other ? R_GRANT_OTHER_DEPARTMENT : mismatch ? R_GRANT_ROLE_MISMATCH :
		   unknown ? R_GRANT_UNKNOWN_PERSON :
		   wrong ? (ap->rank < 0 ? R_GRANT_NOT_SUPERVISOR : R_GRANT_WRONG_ROLE) : ru->missing;
	return v;
}

/*
 * The grants on file, read once: the good ones in one array, grouped by
 * the document of the register they are for (in file order within it), so
 * that a request looks at its document's few grants only.  The file is
 * streamed, not held: the grantee and the granter are kept as their place
 * in the roster.
 */
struct grant_rec {
	uint32_t person, by;	/* in the roster; by: NOBODY when not on it */
	int32_t expires;
	signed char action, role;
};

struct grants {
	struct grant_rec *g;	/* document d's are g[first[d.index], first[d.index + 1]) */
	uint32_t *first;
	size_t n;
};

/* Read --grants; a bad grant is reported and never counts.  Returns a status, -1 when unusable. */
static int
grants_load(struct grants *gs, const char *path, const struct crm_opts *o, struct docs *ds,
	    struct roster *ro)
{
	struct crm_opts side = *o;
	char *files[] = { (char *)path };
	struct crm_input *in;
	const struct crm_rec *r;
	struct grant_rec *gr = NULL;
	int32_t *doc = NULL, expires;
	size_t i, n = 0, cap = 0, dcap = 0, ndocs = ds->ndoc;
	uint32_t *first = xcalloc(ndocs + 2, sizeof *first), person;
	int status = CRM_OK, act, role;

	side.in = crm_file_format(path, o->in);
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
		expires = CRM_NODATE;
		role = -1;
		if (crm_get_enum(r, caction, actions, &act) == CRM_FIELD_BAD ||
		    get_role(r, crole, &role) == CRM_FIELD_BAD ||
		    crm_get_date(r, cexpires, &expires) == CRM_FIELD_BAD) {
			status = CRM_ERROR;
			continue;
		}
		if (!*r->f[cdoc] || !*r->f[cperson] || !*r->f[caction] || !*r->f[cby]) {
			crm_warn_at(&r->pos, "a grant needs doc_id, person, action and granted_by");
			status = CRM_ERROR;
			continue;
		}
		if ((d = docs_index(ds, r->f[cdoc])) < 0 ||
		    (person = roster_find(ro, r->f[cperson])) == NOBODY)
			continue;	/* for a document or person unknown: it never counts */
		crm_grow(&gr, &cap, n + 1, sizeof *gr);
		crm_grow(&doc, &dcap, n + 1, sizeof *doc);
		doc[n] = d;
		gr[n].person = person;
		gr[n].by = roster_find(ro, r->f[cby]);
		gr[n].expires = expires;
		gr[n].action = (signed char)act;
		gr[n].role = (signed char)role;
		first[d + 1]++;
		n++;
	}
	status = crm_worst(status, crm_input_status(in));
	crm_input_free(in);
	/* Each document's run, in file order: first[d] counts d's, then where they start. */
	for (i = 0; i < ndocs; i++)
		first[i + 1] += first[i];
	gs->n = n;
	gs->g = big_realloc(NULL, 0, (n + 1) * sizeof *gs->g);
	for (i = 0; i < n; i++)
		gs->g[first[doc[i]]++] = gr[i];
	/* first[d] is now where d + 1's start: shift back */
	memmove(first + 1, first, ndocs * sizeof *first);
	first[0] = 0;
	gs->first = first;
	free(gr);
	free(doc);
	return status;
}

static void
grants_release(struct grants *gs)
{
	if (gs->g)
		big_free(gs->g, (gs->n + 1) * sizeof *gs->g);
	free(gs->first);
}

/*
 * The grants for document d that are for q's person and action act (a copy
 * approval covers an excerpt); *g grows as needed.
 */
static size_t
grants_for(const struct grants *gs, const struct doc *d, const struct request *q,
	   enum action act, struct grant **g, size_t *cap)
{
	size_t ng = 0;

	if (!gs->g)
		return 0;
	for (uint32_t i = gs->first[d->index]; i < gs->first[d->index + 1]; i++) {
		const struct grant_rec *gr = &gs->g[i];
		if ((gr->action != (int)act && !(act == EXCERPT && gr->action == COPY)) ||
		    gr->person != q->who)
			continue;
		crm_grow(g, cap, ng + 1, sizeof **g);
		(*g)[ng++] = (struct grant){ gr->by, gr->role, gr->expires };
	}
	return ng;
}

/* The request's columns. */
enum { Q_PERSON, Q_ROLE, Q_DEPARTMENT, Q_DOC, Q_ACTION, NQ };

/* A request's fields: 0, or -1 after a diagnostic for each bad one. */
static int
request_read(const struct crm_rec *r, const int col[NQ], struct request *q, int *role,
	     const char **doc_id)
{
	int bad = 0, k, g;

	q->person = r->f[col[Q_PERSON]];
	*doc_id = r->f[col[Q_DOC]];
	*role = -1;
	if (!*q->person) {
		crm_warn_at(&r->pos, "person: a request needs the person asking");
		bad = 1;
	}
	bad |= get_role(r, col[Q_ROLE], role) == CRM_FIELD_BAD;
	if ((g = crm_get_enum(r, col[Q_ACTION], actions, &k)) == CRM_FIELD_OK)
		q->action = (enum action)k;
	else if (g == CRM_FIELD_EMPTY)
		crm_warn_at(&r->pos, "action: a request needs one of read, copy, excerpt or lend");
	bad |= g != CRM_FIELD_OK;
	if (!**doc_id) {
		crm_warn_at(&r->pos, "doc_id: a request needs a document");
		bad = 1;
	}
	return bad ? -1 : 0;
}

/*
 * The verdict on request q (asking as role and department, when the
 * request says) for document d: the asker must be on the roster as the
 * request says; copying, excerpting and lending need the right to read
 * first (SEC-06's decision), then the approval their level requires.
 */
static struct verdict
judge(struct roster *ro, const struct grants *gs, const struct doc *d, struct request *q,
      int role, const char *department, struct grant **g, size_t *gcap, int32_t today)
{
	struct verdict v = { 0, NEEDS_NONE, R_UNKNOWN_PERSON, "SEC-05" };
	uint32_t supervisor;
	size_t ng;

	q->who = roster_find(ro, q->person);
	if (!roster_present(ro, q->who))
		return v;
	q->role = (enum role)ro->m[q->who].role;
	q->department = ro->m[q->who].department;
	if ((role >= 0 && role != (int)q->role) || (*department && strcmp(department, q->department))) {
		v.reason = R_ROLE_MISMATCH;
		return v;
	}
	supervisor = *d->supervisor ? roster_find(ro, d->supervisor) : NOBODY;
	if (q->action != READ) {
		ng = grants_for(gs, d, q, READ, g, gcap);
		v = judge_act(d, d->level_today, q, READ, *g, ng, ro, supervisor, today);
		if (!v.allow) {
			v.reason = R_NOT_CLEARED;
			v.rule = "SEC-06";
			return v;
		}
	}
	ng = grants_for(gs, d, q, q->action, g, gcap);
	return judge_act(d, d->level_today, q, q->action, *g, ng, ro, supervisor, today);
}

/* What is wrong with the register's field c. */
static const char *
register_why(int c)
{
	switch (c) {
	case D_LEVEL:
		return "below its category's, without a reason (classify --reason) or declassify";
	case D_LABEL:
		return "not the label its level and period make";
	case D_PERIOD:
		return "not its level's default period, and period_source is default";
	case D_DECLASSIFY_ON:
		return "not the date its period gives, and declassify_source is not explicit or extended";
	default:
		return "extended, without extended_to";
	}
}

/*
 * SEC-03, SEC-04: the register's field of d that does not agree with the
 * rest of its row, as an index in the document columns, or -1.  The level
 * is at least its category's (below it only with a reason, or public
 * through declassify); a period the register says is the default is the
 * level's default (SEC-04); the label is the one its level and period make; the
 * declassification date is the one its period gives, unless the register
 * marks it explicit or extended.
 */
static int
register_wrong(const struct doc *d, const int periods[NLEVELS])
{
	int level = doc_level(d), floor = category_floor(d->category);
	const char *label = d->label;
	char want[LABEL_LEN];

	if (d->level >= 0 && d->level < floor && !d->has_reason &&
	    !(d->level == PUBLIC && d->declassified_on != CRM_NODATE))
		return D_LEVEL;
	if (level > PUBLIC && d->psource == PS_DEFAULT && d->period && d->period != periods[level])
		return D_PERIOD;
	if (*label) {
		if (level > PUBLIC)
			label_format(level, doc_period(d, periods, level), want);
		else
			snprintf(want, sizeof want, "%s",
				 d->declassified_on != CRM_NODATE ? LABEL_DECLASSIFIED : "");
		if (strcmp(label, want) && !(level == PUBLIC && !strcmp(label, LABEL_DECLASSIFIED)))
			return D_LABEL;
	}
	if (level > PUBLIC && d->declassify_on != CRM_NODATE && d->created != CRM_NODATE &&
	    d->dsource != DS_EXPLICIT && d->dsource != DS_EXTENDED &&
	    d->declassify_on != years_after(d->created, doc_period(d, periods, level)))
		return D_DECLASSIFY_ON;
	if (d->dsource == DS_EXTENDED && d->extended_to == CRM_NODATE)
		return D_DECLASSIFY_SOURCE;
	return -1;
}

int
cmd_check(struct ctx *x)
{
	static const char *const need[] = { "person", "doc_id", "action" };
	static const char *const names[NQ] = { "person", "role", "department", "doc_id", "action" };
	struct docs ds;
	struct grants gs = { 0 };
	struct roster ro = { 0 };
	struct grant *g = NULL;
	size_t gcap = 0;
	const struct crm_rec *r;
	int col[NQ], status = CRM_OK, st;

	roster_load(&ro, x->o->staff, &x->o->crm, x->today);
	if ((st = docs_load(&ds, x->o->docs, &x->o->crm, DOCS_COMPACT)) >= 0)
		status = st;
	if (st >= 0 && x->o->grants &&
	    (st = grants_load(&gs, x->o->grants, &x->o->crm, &ds, &ro)) >= 0)
		status = crm_worst(status, st);
	if (st < 0 || (status == CRM_ERROR && x->o->crm.strict)) {
		status = CRM_ERROR;
		goto out;
	}
	x->status = crm_worst(x->status, status);
	status = CRM_OK;
	for (size_t i = 0; i < ds.ndoc; i++)
		if (!ds.doc[i].bad) {
			struct doc d;
			docs_doc(&ds, i, NULL, &d);
			ds.doc[i].level_today = (signed char)doc_level_on(&d, x->periods, x->today);
			ds.doc[i].wrong = (unsigned char)(register_wrong(&d, x->periods) + 1);
		}
	if (!crm_input_ncols(x->in))
		goto out;
	for (size_t i = 0; i < NELEM(need); i++)
		if (crm_input_col(x->in, need[i]) < 0) {
			crm_warn("%s: requests need the columns person, doc_id and action",
				 crm_input_pos(x->in)->file);
			status = CRM_ERROR;
			goto out;
		}
	for (int i = 0; i < NQ; i++)
		col[i] = crm_input_col(x->in, names[i]);
	crm_writer_passthrough(x->w, x->in, &request_type, &request_cols[NELEM(request_cols) - NADDED],
			       NADDED);
	while (next_rec(x, &r)) {
		struct request q = { 0 };
		const char *doc_id;
		struct doc view;
		const struct doc *d;
		int role;
		if (request_read(r, col, &q, &role, &doc_id) < 0 ||
		    !(d = docs_get(&ds, doc_id, &r->pos, "doc_id", &view))) {
			x->status = CRM_ERROR;
			continue;
		}
		struct verdict v = judge(&ro, &gs, d, &q, role,
					 col[Q_DEPARTMENT] >= 0 ? r->f[col[Q_DEPARTMENT]] : "", &g,
					 &gcap, x->today);
		if (d->wrong) {
			/* SEC-03, SEC-04: a register that does not agree with itself is believed by no one */
			int c = d->wrong - 1;
			struct crm_pos at = { ds.path, d->line };
			v = (struct verdict){ 0, NEEDS_NONE, R_REGISTER_INCONSISTENT,
					      c == D_LEVEL ? "SEC-03" : "SEC-04" };
			crm_warn_at(&at, "%s: document '%s': register-inconsistent: %s",
				    doc_colname(c), d->id, register_why(c));
		}
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
	roster_release(&ro);
	return status;
}
