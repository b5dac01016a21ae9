/*
 * secret-label custodians, leak, sanction: the people's side of 篇四 —
 * a custodian of secret documents in each company and leaks reported to
 * headquarters at once (SEC-07), rewards and penalties (SEC-08), each
 * recorded in the audit chain (--audit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "secret-label.h"

/* --- custodians (SEC-07) ------------------------------------------------- */

static const struct crm_col custodian_cols[] = {
	{ "company", "单位", CRM_STR, NULL },
	{ "custodian", "保管人", CRM_STR, NULL },
	{ "secret_documents", "涉密文件数", CRM_INT, NULL },	/* --check */
	{ "status", "状态", CRM_STR, NULL },
};
const struct crm_type custodian_type = { "custodian", custodian_cols, NELEM(custodian_cols) };

#define HQ_NAME "headquarters"

/* A company's name as custodians and documents compare it: headquarters is one. */
static const char *
company_key(const char *s)
{
	return company_is_hq(s) ? HQ_NAME : s;
}

/*
 * SEC-07: the custodians on file (company, custodian), each company once;
 * with --check and --docs, the companies that hold secret documents (not
 * public on --today) and have no custodian.
 */
int
cmd_custodians(struct ctx *x)
{
	const struct crm_rec *r;
	struct seen *named = seen_new();
	const struct crm_pos *first;
	int ccompany, ccustodian;

	if (!crm_input_ncols(x->in) && !x->o->check)
		goto out;
	ccompany = crm_input_col(x->in, "company");
	ccustodian = crm_input_col(x->in, "custodian");
	if (crm_input_ncols(x->in) && (ccompany < 0 || ccustodian < 0)) {
		crm_warn("%s: custodians need the columns company and custodian",
			 crm_input_pos(x->in)->file);
		x->status = CRM_ERROR;
		goto out;
	}
	if (!x->o->check)
		crm_writer_passthrough(x->w, x->in, &custodian_type, NULL, 0);
	while (ccompany >= 0 && next_rec(x, &r)) {
		const char *company = company_key(r->f[ccompany]);
		if (!*r->f[ccustodian]) {
			crm_warn_at(&r->pos, "custodian: company '%s' needs one (SEC-07)", company);
			x->status = CRM_ERROR;
			continue;
		}
		if ((first = seen_add(named, company, &r->pos))) {
			crm_warn_at(&r->pos, "company: '%s' appears more than once (first on line %ld)",
				    company, first->line);
			x->status = CRM_ERROR;
			continue;
		}
		if (!x->o->check)
			crm_writer_rec(x->w, r, NULL);
	}
	if (x->o->check) {
		struct docs ds;
		struct crm_map *held = crm_map_new();	/* company -> index in names */
		char **names = NULL;
		long *counts = NULL;
		size_t n = 0, cap = 0, ccap = 0;
		int st = docs_load(&ds, x->o->docs, &x->o->crm, DOCS_COMPACT);
		if (st < 0) {
			x->status = CRM_ERROR;
		} else {
			x->status = crm_worst(x->status, st);
			for (size_t i = 0; i < ds.ndoc; i++) {
				struct doc view, *d = &view;
				docs_doc(&ds, i, NULL, d);
				if (d->bad || doc_level_on(d, x->periods, x->today) <= PUBLIC)
					continue;
				const char *company = company_key(d->company);
				size_t k = crm_map_put(held, company, strlen(company), n);
				if (k == n) {
					crm_grow(&names, &cap, n + 1, sizeof *names);
					crm_grow(&counts, &ccap, n + 1, sizeof *counts);
					names[n] = xstrdup(company);
					counts[n] = 0;
					n++;
				}
				counts[k]++;
			}
			crm_writer_type(x->w, &custodian_type);
			for (size_t i = 0; i < n; i++) {
				char num[24];
				if (seen_has(named, names[i]))
					continue;
				snprintf(num, sizeof num, "%ld", counts[i]);
				const char *vals[] = { names[i], "", num, "no-custodian" };
				crm_writer_row(x->w, vals, NULL);
				x->findings++;
			}
		}
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		free(counts);
		crm_map_free(held);
		docs_release(&ds);
	}
out:
	seen_free(named);
	return CRM_OK;
}

/* --- leak reports (SEC-07) ----------------------------------------------- */

enum { L_ID, L_DOC, L_REPORTED_BY, L_FOUND_ON, L_EXPOSED, L_MEASURES, NLEAKIN };
static const struct crm_col leak_cols[] = {
	[L_ID] = { "id", "报告编号", CRM_STR, NULL },
	[L_DOC] = { "doc_id", "文件编号", CRM_STR, NULL },
	[L_REPORTED_BY] = { "reported_by", "报告人", CRM_STR, NULL },
	[L_FOUND_ON] = { "found_on", "发现日期", CRM_DATE, NULL },
	[L_EXPOSED] = { "exposed", "泄露内容", CRM_STR, NULL },
	[L_MEASURES] = { "measures", "补救措施", CRM_STR, NULL },
	/* added */
	{ "report_id", "泄密报告编号", CRM_STR, NULL },
	{ "to", "报送", CRM_STR, NULL },
	{ "title", "标题", CRM_STR, NULL },
	{ "level", "密级", CRM_ENUM, levels },
	{ "company", "保管单位", CRM_STR, NULL },
	{ "rule", "规则", CRM_STR, NULL },
};
const struct crm_type leak_type = { "leak", leak_cols, NELEM(leak_cols) };
#define NLEAKADDED 6

/*
 * SEC-07: each leak report is recorded in the audit chain and written at
 * once, addressed to headquarters (总公司领导), with the document's title,
 * level and company from --docs when given; exit 1 when any was reported.
 */
int
cmd_leak(struct ctx *x)
{
	const struct crm_rec *r;
	struct docs ds = { 0 };
	int col[NLEAKIN], have_docs = 0;
	char *id = NULL, *why = NULL;

	if (x->o->docs) {
		int st = docs_load(&ds, x->o->docs, &x->o->crm, DOCS_RECORDS);
		if (st < 0 || (st == CRM_ERROR && x->o->crm.strict)) {
			docs_release(&ds);
			return CRM_ERROR;
		}
		x->status = crm_worst(x->status, st);
		have_docs = 1;
	}
	if (!crm_input_ncols(x->in))
		goto out;
	for (int c = 0; c < NLEAKIN; c++)
		col[c] = crm_input_col(x->in, leak_cols[c].name);
	if (col[L_DOC] < 0 || col[L_REPORTED_BY] < 0 || col[L_FOUND_ON] < 0) {
		crm_warn("%s: leak reports need the columns doc_id, reported_by and found_on",
			 crm_input_pos(x->in)->file);
		x->status = CRM_ERROR;
		goto out;
	}
	crm_writer_passthrough(x->w, x->in, &leak_type, &leak_cols[NLEAKIN], NLEAKADDED);
	while (next_rec(x, &r)) {
		int32_t found = CRM_NODATE;
		struct doc view;
		const struct doc *d = NULL;
		char day[CRM_DATE_LEN];
		const char *doc_id = r->f[col[L_DOC]], *by = r->f[col[L_REPORTED_BY]];
		int g = crm_get_date(r, col[L_FOUND_ON], &found);
		if (g == CRM_FIELD_BAD) {
			x->status = CRM_ERROR;
			continue;
		}
		if (!*doc_id || !*by || g == CRM_FIELD_EMPTY) {
			crm_warn_at(&r->pos, "a leak report needs doc_id, reported_by and found_on (SEC-07)");
			x->status = CRM_ERROR;
			continue;
		}
		if (found > x->today) {
			crm_warn_at(&r->pos, "found_on: '%s' is after today", r->f[col[L_FOUND_ON]]);
			x->status = CRM_ERROR;
			continue;
		}
		if (have_docs && !(d = docs_get(&ds, doc_id, &r->pos, "doc_id", &view))) {
			x->status = CRM_ERROR;
			continue;
		}
		crm_date_format(found, day);
		free(id);
		if (col[L_ID] >= 0 && *r->f[col[L_ID]])
			id = xstrdup(r->f[col[L_ID]]);
		else if (asprintf(&id, "LEAK-%s-%s", doc_id, day) < 0)
			crm_die("out of memory");
		const char *company = d ? d->company : "";
		const char *vals[NLEAKADDED] = {
			id, "总公司领导", d && ds.col[D_TITLE] >= 0 ? d->rec->f[ds.col[D_TITLE]] : "",
			d ? levels[doc_level(d)].name : "", d ? company_key(company) : "", "SEC-07"
		};
		if (x->audit) {
			free(why);
			if (asprintf(&why, "%s: found %s; exposed: %s; measures: %s", id, day,
				     col[L_EXPOSED] >= 0 ? r->f[col[L_EXPOSED]] : "",
				     col[L_MEASURES] >= 0 ? r->f[col[L_MEASURES]] : "") < 0)
				crm_die("out of memory");
			audit_add(x->audit, by, doc_id, "leak", "reported", "hq_manager", "SEC-07", why);
		}
		crm_writer_rec(x->w, r, vals);
		x->findings++;
	}
out:
	free(id);
	free(why);
	if (have_docs)
		docs_release(&ds);
	return CRM_OK;
}

/* --- rewards and penalties (SEC-08) -------------------------------------- */

enum scase { REPORTED, LIMITED_LOSSES, MINOR_LEAK, SERIOUS_LEAK, ESPIONAGE, COERCION };
static const struct crm_alias cases[] = {
	[REPORTED] = { "reported-leak", "及时举报" },
	[LIMITED_LOSSES] = { "limited-losses", "补救减损" },
	[MINOR_LEAK] = { "minor-leak", "泄密未造成严重后果" },
	[SERIOUS_LEAK] = { "serious-leak", "泄密造成严重后果" },
	[ESPIONAGE] = { "espionage", "窃取刺探收买提供" },
	[COERCION] = { "coercion", "强制他人违规" },
	{ NULL, NULL }
};
static const struct crm_alias sanction_kinds[] = {
	{ "reward", "奖励" }, { "penalty", "处罚" }, { NULL, NULL }
};

enum { S_PERSON, S_CASE, S_LEAK, S_DOC, S_RESPONSIBLE, S_SERIOUS, S_AMOUNT, S_NOTE, NSIN };
static const struct crm_col sanction_cols[] = {
	[S_PERSON] = { "person", "姓名", CRM_STR, NULL },
	[S_CASE] = { "case", "情形", CRM_ENUM, cases },
	[S_LEAK] = { "leak_id", "泄密报告编号", CRM_STR, NULL },
	[S_DOC] = { "doc_id", "文件编号", CRM_STR, NULL },
	[S_RESPONSIBLE] = { "responsible", "责任人", CRM_BOOL, crm_yesno },
	[S_SERIOUS] = { "serious", "情节严重", CRM_BOOL, crm_yesno },
	[S_AMOUNT] = { "amount", "金额", CRM_MONEY, NULL },
	[S_NOTE] = { "note", "说明", CRM_STR, NULL },
	/* added */
	{ "kind", "类别", CRM_ENUM, sanction_kinds },
	{ "legal_referral", "移送司法", CRM_BOOL, crm_yesno },
	{ "rule", "规则", CRM_STR, NULL },
};
const struct crm_type sanction_type = { "sanction", sanction_cols, NELEM(sanction_cols) };
#define NSADDED 3

/* sanction --list: the sanctions in the audit log (the operands), as a stream. */
static int
sanction_list(struct ctx *x)
{
	static const struct crm_col list_cols[] = {
		{ "time", "时间", CRM_STR, NULL },
		{ "person", "姓名", CRM_STR, NULL },
		{ "ref", "关联", CRM_STR, NULL },
		{ "case", "情形", CRM_ENUM, cases },
		{ "kind", "类别", CRM_ENUM, sanction_kinds },
		{ "detail", "详情", CRM_STR, NULL },
	};
	static const struct crm_type list_type = { "sanction-list", list_cols, NELEM(list_cols) };
	static const char *const need[] = { "time", "who", "doc_id", "action", "decision", "needs",
					    "reason" };
	const struct crm_rec *r;
	int col[NELEM(need)];

	crm_writer_type(x->w, &list_type);
	if (!crm_input_ncols(x->in))
		return CRM_OK;
	for (size_t i = 0; i < NELEM(need); i++)
		if ((col[i] = crm_input_col(x->in, need[i])) < 0) {
			crm_warn("%s: not an audit log of secret-label (no column '%s')",
				 crm_input_pos(x->in)->file, need[i]);
			return CRM_ERROR;
		}
	while (next_rec(x, &r)) {
		if (strcmp(r->f[col[3]], "sanction"))
			continue;
		const char *vals[] = { r->f[col[0]], r->f[col[1]], r->f[col[2]], r->f[col[4]],
				       r->f[col[5]], r->f[col[6]] };
		crm_writer_row(x->w, vals, NULL);
	}
	return CRM_OK;
}

/*
 * SEC-08: rewards for reporting a leak or limiting its losses (the latter
 * only to someone known not to be responsible for the leak: responsible
 * = no), penalties by case (a serious leak is never marked not serious, a
 * minor one never serious); serious
 * cases (a serious leak, espionage, and a coercion marked serious) are
 * referred for legal action.  Each is linked to a leak report or a
 * document and recorded in the audit chain.
 */
int
cmd_sanction(struct ctx *x)
{
	const struct crm_rec *r;
	int col[NSIN];
	char *why = NULL;

	if (x->o->list)
		return sanction_list(x);
	if (!crm_input_ncols(x->in))
		return CRM_OK;
	for (int c = 0; c < NSIN; c++)
		col[c] = crm_input_col(x->in, sanction_cols[c].name);
	if (col[S_PERSON] < 0 || col[S_CASE] < 0 || (col[S_LEAK] < 0 && col[S_DOC] < 0)) {
		crm_warn("%s: sanctions need the columns person, case and leak_id or doc_id",
			 crm_input_pos(x->in)->file);
		return CRM_ERROR;
	}
	crm_writer_passthrough(x->w, x->in, &sanction_type, &sanction_cols[NSIN], NSADDED);
	while (next_rec(x, &r)) {
		int k = -1, responsible = -1, serious = -1, g;
		int64_t fen = 0;
		char amount[CRM_MONEY_LEN] = "";
		const char *person = r->f[col[S_PERSON]];
		const char *leak = col[S_LEAK] >= 0 ? r->f[col[S_LEAK]] : "";
		const char *doc = col[S_DOC] >= 0 ? r->f[col[S_DOC]] : "";
		int bad = crm_get_enum(r, col[S_CASE], cases, &k) == CRM_FIELD_BAD;
		bad |= crm_get_bool(r, col[S_RESPONSIBLE], &responsible) == CRM_FIELD_BAD;
		bad |= crm_get_bool(r, col[S_SERIOUS], &serious) == CRM_FIELD_BAD;
		bad |= (g = crm_get_money(r, col[S_AMOUNT], &fen)) == CRM_FIELD_BAD;
		if (bad) {
			x->status = CRM_ERROR;
			continue;
		}
		if (!*person || k < 0 || (!*leak && !*doc)) {
			crm_warn_at(&r->pos, "a sanction needs person, case and leak_id or doc_id (SEC-08)");
			x->status = CRM_ERROR;
			continue;
		}
		if (k == LIMITED_LOSSES && responsible == 1) {
			crm_warn_at(&r->pos, "case: limiting the losses is rewarded only for someone not responsible for the leak (SEC-08)");
			x->status = CRM_ERROR;
			continue;
		}
		if (k == LIMITED_LOSSES && responsible < 0) {
			crm_warn_at(&r->pos, "responsible: empty: limiting the losses is rewarded only for someone known not to be responsible for the leak (responsible = no) (SEC-08)");
			x->status = CRM_ERROR;
			continue;
		}
		if (k == MINOR_LEAK && serious == 1) {
			crm_warn_at(&r->pos, "serious: a minor leak has no serious consequences: the case is serious-leak (SEC-08)");
			x->status = CRM_ERROR;
			continue;
		}
		if (k == SERIOUS_LEAK && serious == 0) {
			crm_warn_at(&r->pos, "serious: a serious leak has serious consequences: the case is minor-leak (SEC-08)");
			x->status = CRM_ERROR;
			continue;
		}
		if (fen < 0) {
			crm_warn_at(&r->pos, "amount: '%s' is negative", r->f[col[S_AMOUNT]]);
			x->status = CRM_ERROR;
			continue;
		}
		if (g == CRM_FIELD_OK)
			crm_money_format(fen, amount);
		int reward = k == REPORTED || k == LIMITED_LOSSES;
		int referral = k == SERIOUS_LEAK || k == ESPIONAGE || (k == COERCION && serious == 1);
		const char *vals[NSADDED] = { reward ? "reward" : "penalty", referral ? "yes" : "no",
					      "SEC-08" };
		if (x->audit) {
			free(why);
			if (asprintf(&why, "amount %s; legal_referral %s; %s", *amount ? amount : "-",
				     vals[1], col[S_NOTE] >= 0 ? r->f[col[S_NOTE]] : "") < 0)
				crm_die("out of memory");
			audit_add(x->audit, person, *leak ? leak : doc, "sanction", cases[k].name, vals[0],
				  "SEC-08", why);
		}
		crm_writer_rec(x->w, r, vals);
	}
	free(why);
	return CRM_OK;
}
