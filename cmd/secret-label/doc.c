/*
 * secret-label: the document record type, its levels and categories
 * (SEC-01…03), periods and labels (SEC-04), and what the document filters
 * share: reading, duplicate ids, output columns, the --docs register.
 */
#include <stdlib.h>
#include <string.h>

#include "secret-label.h"

const struct crm_alias levels[] = {	/* SEC-01, lowest first */
	[PUBLIC] = { "public", "公开" },
	[CONFIDENTIAL] = { "confidential", "秘密" },
	[SECRET] = { "secret", "机密" },
	[TOP_SECRET] = { "top-secret", "绝密" },
	[NLEVELS] = { NULL, NULL }
};

/* SEC-02, SEC-03 (三.2, 三.3): the categories; category_rules says what each implies. */
const struct crm_alias categories[] = {
	{ "decision", "重大决策" },
	{ "annual-plan", "年度规划" },
	{ "financial-report", "财务报表" },
	{ "statistics", "统计资料" },
	{ "meeting-minutes", "重要会议记录" },
	{ "business-status", "经营情况" },
	{ "vendor-tech", "厂家技术资料" },
	{ "contract", "合同" },
	{ "agreement", "协议" },
	{ "personnel-file", "人事档案" },
	{ "salary", "工资" },
	{ "bonus", "奖金" },
	{ "unpublished-info", "未公开信息" },
	{ "license", "证件" },
	{ "business-license", "营业执照" },
	{ "org-code-certificate", "组织机构代码证" },
	{ "strategy", "经营战略" },
	{ "customer-info", "客户信息" },
	{ "sourcing", "货源情报" },
	{ "tech-capability", "技术水平" },
	{ "audit-report", "审计报告" },
	{ "other-secret", "其他秘密事项" },
	{ "notice", "通知" },
	{ "general", "一般文件" },
	{ "opinion", "意见书" },
	{ "feasibility-report", "可行性报告" },
	{ "budget-report", "预决算报告" },
	{ "management-strategy", "管理策略" },
	{ "sales-strategy", "产销策略" },
	{ "product-trend", "产品动向" },
	{ "general-decision", "一般决定" },
	{ "resolution", "决议" },
	{ "circular", "通告" },
	{ "admin-document", "行政管理资料" },
	{ NULL, NULL }
};
const struct category category_rules[] = {
	{ TOP_SECRET, CERT_NONE },	/* decision: 三.3.1 */
	{ SECRET, CERT_NONE },		/* annual-plan: 三.3.2 */
	{ SECRET, CERT_NONE },		/* financial-report */
	{ SECRET, CERT_NONE },		/* statistics */
	{ SECRET, CERT_NONE },		/* meeting-minutes */
	{ SECRET, CERT_NONE },		/* business-status */
	{ SECRET, CERT_NONE },		/* vendor-tech */
	{ CONFIDENTIAL, CERT_NONE },	/* contract: 三.3.3 */
	{ CONFIDENTIAL, CERT_NONE },	/* agreement */
	{ CONFIDENTIAL, CERT_NONE },	/* personnel-file */
	{ CONFIDENTIAL, CERT_NONE },	/* salary */
	{ CONFIDENTIAL, CERT_NONE },	/* bonus */
	{ CONFIDENTIAL, CERT_NONE },	/* unpublished-info */
	{ CONFIDENTIAL, CERT_OTHER },	/* license: 营业执照及相关证件 */
	{ CONFIDENTIAL, CERT_BASIC },	/* business-license: SEC-06 copies with a dept manager */
	{ CONFIDENTIAL, CERT_BASIC },	/* org-code-certificate: likewise */
	{ -1, CERT_NONE },		/* strategy: 三.2.2, no level in 三.3 */
	{ -1, CERT_NONE },		/* customer-info: 三.2.6 */
	{ -1, CERT_NONE },		/* sourcing: 三.2.6 */
	{ -1, CERT_NONE },		/* tech-capability: 三.2.7 */
	{ -1, CERT_NONE },		/* audit-report: 三.2.4 */
	{ -1, CERT_NONE },		/* other-secret: 三.2.11 */
	{ PUBLIC, CERT_NONE },		/* notice: SEC-02, not secret */
	{ PUBLIC, CERT_NONE },		/* general */
	{ -1, CERT_NONE },		/* opinion: 三.2.3 */
	{ -1, CERT_NONE },		/* feasibility-report: 三.2.3 */
	{ -1, CERT_NONE },		/* budget-report: 三.2.4 */
	{ -1, CERT_NONE },		/* management-strategy: 三.2.6 */
	{ -1, CERT_NONE },		/* sales-strategy: 三.2.6 */
	{ -1, CERT_NONE },		/* product-trend: 三.2.7 */
	{ PUBLIC, CERT_NONE },		/* general-decision: SEC-02, not secret */
	{ PUBLIC, CERT_NONE },		/* resolution */
	{ PUBLIC, CERT_NONE },		/* circular */
	{ PUBLIC, CERT_NONE },		/* admin-document */
};
_Static_assert(NELEM(categories) == NELEM(category_rules) + 1, "a rule per category");

const struct crm_alias declassify_sources[] = {	/* SEC-04 */
	[DS_PERIOD] = { "period", "按期限" },
	[DS_EXPLICIT] = { "explicit", "另行确定" },
	[DS_EXTENDED] = { "extended", "已延期" },
	{ NULL, NULL }
};
const struct crm_alias period_sources[] = {	/* SEC-04 */
	[PS_DEFAULT] = { "default", "法定默认" },
	[PS_GIVEN] = { "given", "定密确定" },
	{ NULL, NULL }
};

static const struct crm_col doc_cols[] = {
	[D_ID] = { "id", "文件编号", CRM_STR, NULL },
	[D_TITLE] = { "title", "标题", CRM_TEXT, NULL },
	[D_CATEGORY] = { "category", "类别", CRM_ENUM, categories },
	[D_LEVEL] = { "level", "密级", CRM_ENUM, levels },
	[D_DRAFTED_BY] = { "drafted_by", "起草人", CRM_STR, NULL },
	[D_DEPARTMENT] = { "department", "部门", CRM_STR, NULL },
	[D_COMPANY] = { "company", "保管单位", CRM_STR, NULL },
	[D_CREATED] = { "created", "成文日期", CRM_DATE, NULL },
	[D_PERIOD] = { "period_years", "保密期限", CRM_INT, NULL },
	[D_PERIOD_SOURCE] = { "period_source", "期限来源", CRM_ENUM, period_sources },
	[D_DECLASSIFY_ON] = { "declassify_on", "解密日期", CRM_DATE, NULL },
	[D_DECLASSIFY_SOURCE] = { "declassify_source", "解密日期来源", CRM_ENUM, declassify_sources },
	[D_SUPERVISOR] = { "supervisor", "主管", CRM_STR, NULL },
	[D_LABEL] = { "label", "标志", CRM_STR, NULL },
	[D_EXTENDED_TO] = { "extended_to", "延期至", CRM_DATE, NULL },
	[D_EXTENDED_BY] = { "extended_by", "延期决定人", CRM_STR, NULL },
	[D_EXTENDED_ON] = { "extended_on", "延期决定日期", CRM_DATE, NULL },
	[D_DECLASSIFIED_ON] = { "declassified_on", "已解密日期", CRM_DATE, NULL },
	[D_SOURCES] = { "sources", "来源文件", CRM_IDLIST, NULL },
	[D_COPY_OF] = { "copy_of", "原件编号", CRM_STR, NULL },
	[D_REASON] = { "reason", "定密理由", CRM_STR, NULL },
};
_Static_assert(NELEM(doc_cols) == NDOC, "a column per field");
const struct crm_type doc_type = { "document", doc_cols, NDOC };

const char *
doc_colname(int c)
{
	return doc_cols[c].name;
}

const char *
category_name(int category)
{
	return category >= 0 ? categories[category].name : "";
}

/* A secrecy period: 1 to MAX_PERIOD years, written "10" or "10年"; 0 or -1 as the getters. */
static int
period_get(const struct crm_rec *r, int col, int *years)
{
	const char *s;
	long v = 0;
	size_t n = 0;

	if (col < 0 || !r->len[col])
		return CRM_FIELD_EMPTY;
	for (s = r->f[col]; *s == ' '; s++)
		;
	for (; *s >= '0' && *s <= '9' && v <= MAX_PERIOD; s++, n++)
		v = v * 10 + (*s - '0');
	if (!strncmp(s, "年", strlen("年")))
		s += strlen("年");
	while (*s == ' ')
		s++;
	if (!n || *s || v < 1 || v > MAX_PERIOD) {
		crm_warn_at(&r->pos, "%s: expected a period of 1 to %d years, found '%s'",
			    r->names[col], MAX_PERIOD, r->f[col]);
		return CRM_FIELD_BAD;
	}
	*years = (int)v;
	return CRM_FIELD_OK;
}

/* SEC-06: a company that is headquarters: empty, or named so. */
int
company_is_hq(const char *s)
{
	return !*s || !strcmp(s, "headquarters") || !strcmp(s, "总公司") || !strcmp(s, "总部");
}

int
doc_read(const struct crm_rec *r, const int col[NDOC], struct doc *d)
{
	int bad = 0;

	memset(d, 0, sizeof *d);
	d->rec = r;
	d->id = col[D_ID] >= 0 ? r->f[col[D_ID]] : "";
	d->department = col[D_DEPARTMENT] >= 0 ? r->f[col[D_DEPARTMENT]] : "";
	d->supervisor = col[D_SUPERVISOR] >= 0 ? r->f[col[D_SUPERVISOR]] : "";
	d->company = col[D_COMPANY] >= 0 ? r->f[col[D_COMPANY]] : "";
	d->label = col[D_LABEL] >= 0 ? r->f[col[D_LABEL]] : "";
	d->has_reason = col[D_REASON] >= 0 && *r->f[col[D_REASON]];
	d->line = r->pos.line;
	d->category = d->level = d->dsource = d->psource = -1;
	d->at_hq = company_is_hq(d->company);
	d->created = d->declassify_on = d->extended_to = d->declassified_on = CRM_NODATE;
	if (!*d->id) {
		crm_warn_at(&r->pos, "id: a document needs an id");
		bad = 1;
	}
	if (col[D_CATEGORY] >= 0 && !strcmp(r->f[col[D_CATEGORY]], "决定"))
		d->category = 0;	/* 决定 alone: the decision of 三.3.1 */
	else
		bad |= crm_get_enum(r, col[D_CATEGORY], categories, &d->category) == CRM_FIELD_BAD;
	bad |= crm_get_enum(r, col[D_LEVEL], levels, &d->level) == CRM_FIELD_BAD;
	bad |= period_get(r, col[D_PERIOD], &d->period) == CRM_FIELD_BAD;
	bad |= crm_get_date(r, col[D_CREATED], &d->created) == CRM_FIELD_BAD;
	bad |= crm_get_date(r, col[D_DECLASSIFY_ON], &d->declassify_on) == CRM_FIELD_BAD;
	bad |= crm_get_date(r, col[D_EXTENDED_TO], &d->extended_to) == CRM_FIELD_BAD;
	bad |= crm_get_date(r, col[D_DECLASSIFIED_ON], &d->declassified_on) == CRM_FIELD_BAD;
	bad |= crm_get_enum(r, col[D_DECLASSIFY_SOURCE], declassify_sources, &d->dsource) ==
	       CRM_FIELD_BAD;
	bad |= crm_get_enum(r, col[D_PERIOD_SOURCE], period_sources, &d->psource) == CRM_FIELD_BAD;
	if (!bad && d->extended_to != CRM_NODATE && d->declassify_on != CRM_NODATE &&
	    d->extended_to < d->declassify_on) {
		crm_warn_at(&r->pos, "extended_to: '%s' is before declassify_on '%s': not an extension",
			    r->f[col[D_EXTENDED_TO]], r->f[col[D_DECLASSIFY_ON]]);
		bad = 1;
	}
	return bad ? -1 : 0;
}

/*
 * SEC-02, SEC-03: the lowest level a document of category may have without
 * a reason: its category's, and confidential for a scope item with no level
 * in 三.3 (it is a company secret); -1 without a category.
 */
int
category_floor(int category)
{
	if (category < 0)
		return -1;
	return category_rules[category].level < 0 ? CONFIDENTIAL : category_rules[category].level;
}

/* SEC-03: the document's level: its own, else its category's; -1 when neither says. */
int
doc_level(const struct doc *d)
{
	if (d->level >= 0)
		return d->level;
	return d->category >= 0 ? category_rules[d->category].level : -1;
}

/* SEC-04: the secrecy period at level: the document's own, else the level's default. */
int
doc_period(const struct doc *d, const int periods[NLEVELS], int level)
{
	return d->period ? d->period : periods[level];
}

int32_t
years_after(int32_t day, int years)
{
	return crm_date_add_months(day, 12 * years);
}

/*
 * SEC-04: the day a document at level stops being secret: declassify_on,
 * else created + its period, or extended_to when later; CRM_NODATE when public or
 * when no date says.
 */
int32_t
doc_until(const struct doc *d, const int periods[NLEVELS], int level)
{
	int32_t until = CRM_NODATE;

	if (level <= PUBLIC)
		return CRM_NODATE;
	if (d->declassify_on != CRM_NODATE)
		until = d->declassify_on;
	else if (d->created != CRM_NODATE)
		until = years_after(d->created, doc_period(d, periods, level));
	if (d->extended_to > until)
		until = d->extended_to;
	return until;
}

/* SEC-04: the level on day: public from the day the secrecy period ends. */
int
doc_level_on(const struct doc *d, const int periods[NLEVELS], int32_t day)
{
	int level = doc_level(d);
	int32_t until = doc_until(d, periods, level);

	return until != CRM_NODATE && day >= until ? PUBLIC : level;
}

/* A period in years as text (1 to MAX_PERIOD: no printf on the stamping path). */
void
years_format(int years, char buf[8])
{
	char *p = buf;

	if (years >= 100)
		*p++ = (char)('0' + years / 100 % 10);
	if (years >= 10)
		*p++ = (char)('0' + years / 10 % 10);
	*p++ = (char)('0' + years % 10);
	*p = '\0';
}

/* SEC-04, GB/T 9704: "机密★10年"; nothing for a public document. */
void
label_format(int level, int years, char buf[LABEL_LEN])
{
	static const char star[] = "★", year[] = "年";
	size_t n;

	buf[0] = '\0';
	if (level <= PUBLIC)
		return;
	n = strlen(levels[level].zh);
	memcpy(buf, levels[level].zh, n);
	memcpy(buf + n, star, sizeof star - 1);
	n += sizeof star - 1;
	years_format(years, buf + n);
	n += strlen(buf + n);
	memcpy(buf + n, year, sizeof year);
}

/* --- the document filters ------------------------------------------------ */

/* The next input record; none after a bad one under --strict. */
int
next_rec(struct ctx *x, const struct crm_rec **r)
{
	if (x->o->crm.strict && x->status == CRM_ERROR)
		return 0;
	return crm_input_next(x->in, r);
}

/*
 * Start a document filter: find the columns, check those it needs, and
 * write the input's document columns and those in writes (canonical order),
 * then the unknown columns.  -1 after a diagnostic; 0 also for empty input.
 */
int
doc_begin(struct ctx *x, const char *const *need, unsigned writes)
{
	size_t c;

	for (c = 0; c < NDOC; c++)
		x->col[c] = crm_input_col(x->in, doc_cols[c].name);
	if (!crm_input_ncols(x->in))
		return 0;
	for (; *need; need++)
		if (crm_input_col(x->in, *need) < 0) {
			crm_warn("%s: documents need the column '%s'", crm_input_pos(x->in)->file,
				 *need);
			return -1;
		}
	x->out = xcalloc(NDOC, sizeof *x->out);
	x->outcol = xcalloc(NDOC, sizeof *x->outcol);
	x->outval = xcalloc(NDOC, sizeof *x->outval);
	for (c = 0; c < NDOC; c++)
		if (x->col[c] >= 0 || writes & W(c)) {
			x->out[x->nout] = doc_cols[c];
			x->outcol[x->nout++] = (int)c;
		}
	crm_writer_passthrough(x->w, x->in, &doc_type, x->out, x->nout);
	x->seen = seen_new();
	return 0;
}

/* The next good document of the input; bad ones and repeated ids are reported and skipped. */
int
doc_next(struct ctx *x, const struct crm_rec **r, struct doc *d)
{
	const struct crm_pos *first;

	while (next_rec(x, r)) {
		if (doc_read(*r, x->col, d) < 0) {
			x->status = CRM_ERROR;
			continue;
		}
		if ((first = seen_add(x->seen, d->id, &(*r)->pos))) {
			if (first->file == (*r)->pos.file || !strcmp(first->file, (*r)->pos.file))
				crm_warn_at(&(*r)->pos, "id: document '%s' appears more than once (first on line %ld)",
					    d->id, first->line);
			else
				crm_warn_at(&(*r)->pos, "id: document '%s' appears more than once (first in %s:%ld)",
					    d->id, first->file, first->line);
			x->status = CRM_ERROR;
			continue;
		}
		return 1;
	}
	return 0;
}

/* Write r with the values in vals (NULL: the input's). */
void
doc_emit(struct ctx *x, const struct crm_rec *r, const char *const vals[NDOC])
{
	for (size_t k = 0; k < x->nout; k++) {
		int c = x->outcol[k];
		x->outval[k] = vals[c] ? vals[c] : x->col[c] >= 0 ? r->f[x->col[c]] : "";
	}
	crm_writer_rec(x->w, r, x->outval);
}

/* Free what doc_begin made, once the writer that borrows the columns is closed. */
void
doc_release(struct ctx *x)
{
	free(x->out);
	free(x->outcol);
	free(x->outval);
	seen_free(x->seen);
	x->out = NULL;
	x->outcol = NULL;
	x->outval = NULL;
	x->seen = NULL;
}

/* SEC-04: default periods (the national ones: 30, 20, 10 years), then --periods FILE. */
int
periods_load(struct ctx *x)
{
	static const int defaults[NLEVELS] = { 0, 10, 20, 30 };
	int status = CRM_OK;

	memcpy(x->periods, defaults, sizeof defaults);
	if (!x->o->periods)
		return CRM_OK;
	struct crm_table *t = crm_table_load(x->o->periods, &x->o->crm, &doc_type, &status);
	int cl = crm_table_col(t, "level"), cp = crm_table_col(t, "period_years");
	if ((cl < 0 || cp < 0) && (crm_table_len(t) || status == CRM_OK)) {
		crm_warn("%s: periods need the columns level and period_years", x->o->periods);
		status = CRM_ERROR;
	}
	for (size_t i = 0; status != CRM_ERROR && i < crm_table_len(t); i++) {
		const struct crm_rec *r = crm_table_rec(t, i);
		int level, years;
		int gl = crm_get_enum(r, cl, levels, &level), gp = period_get(r, cp, &years);
		if (gl == CRM_FIELD_BAD || gp == CRM_FIELD_BAD) {
			status = CRM_ERROR;
		} else if (gl == CRM_FIELD_EMPTY || gp == CRM_FIELD_EMPTY) {
			crm_warn_at(&r->pos, "a period needs a level and period_years");
			status = CRM_ERROR;
		} else if (level == PUBLIC) {
			crm_warn_at(&r->pos, "level: a public document has no secrecy period");
			status = CRM_ERROR;
		} else {
			x->periods[level] = years;
		}
	}
	crm_table_free(t);
	return status;
}

/* --- the register of documents (--docs) ---------------------------------- */

/* The offset of string s in the register's strings, kept once. */
static uint32_t
docs_string(struct docs *ds, const char *s)
{
	size_t len = strlen(s), off;

	if ((off = crm_map_get(ds->strmap, s, len)) != CRM_MAP_NONE)
		return (uint32_t)off;
	if (ds->slen + len + 1 > ds->scap) {
		ds->scap = ds->scap ? 2 * ds->scap : 4096;
		while (ds->scap < ds->slen + len + 1)
			ds->scap *= 2;
		ds->strings = xrealloc(ds->strings, ds->scap);
	}
	memcpy(ds->strings + ds->slen, s, len + 1);
	off = ds->slen;
	ds->slen += len + 1;
	crm_map_put(ds->strmap, s, len, off);
	return (uint32_t)off;
}

/* Read the register's record r, its i-th, into ds->doc[i]; 0, or -1 when bad. */
static int
docs_add(struct docs *ds, const struct crm_rec *r, size_t i)
{
	struct docrec *dr = &ds->doc[i];
	struct doc d;
	size_t first;

	if (doc_read(r, ds->col, &d) < 0) {
		dr->bad = 1;
	} else if (doc_level(&d) < 0) {
		crm_warn_at(&r->pos, "level: document '%s' has none, and its category %s",
			    d.id, d.category < 0 ? "is empty" : "gives none (SEC-03)");
		dr->bad = 1;
	}
	if (r->pos.line > UINT32_MAX)
		crm_die("%s: too many records to hold in memory", ds->path);
	dr->line = (uint32_t)r->pos.line;
	dr->created = d.created;
	dr->declassify_on = d.declassify_on;
	dr->extended_to = d.extended_to;
	dr->declassified_on = d.declassified_on;
	dr->category = (signed char)d.category;
	dr->level = (signed char)d.level;
	dr->dsource = (signed char)d.dsource;
	dr->psource = (signed char)d.psource;
	dr->period = (unsigned char)d.period;
	dr->at_hq = d.at_hq;
	dr->has_reason = d.has_reason;
	dr->department = docs_string(ds, d.department);
	dr->supervisor = docs_string(ds, d.supervisor);
	dr->company = docs_string(ds, d.company);
	dr->label = docs_string(ds, d.label);
	if (*d.id && (first = crm_map_put(ds->ids, d.id, strlen(d.id), i)) != i) {
		crm_warn_at(&r->pos, "id: document '%s' appears more than once (first on line %ld)",
			    d.id, (long)ds->doc[first].line);
		dr->bad = ds->doc[first].bad = 2;
	}
	return dr->bad ? -1 : 0;
}

/* Room for document i. */
static void
docs_grow(struct docs *ds, size_t i, size_t *cap)
{
	size_t n = *cap ? *cap : 1024;

	if (i < *cap)
		return;
	while (n <= i)
		n *= 2;
	ds->doc = big_realloc(ds->doc, *cap * sizeof *ds->doc, n * sizeof *ds->doc);
	*cap = n;
}

/*
 * Read the register path: its documents' fields (docs_doc, docs_get), and
 * with keep == DOCS_RECORDS the records too (ds->t).  Returns a status, -1
 * when the file is unusable.
 */
int
docs_load(struct docs *ds, const char *path, const struct crm_opts *o, int keep)
{
	struct crm_opts side = *o;
	char *files[] = { (char *)path };
	struct crm_input *in = NULL;
	const struct crm_rec *r;
	int status = CRM_OK;
	size_t i, cap = 0;

	memset(ds, 0, sizeof *ds);
	ds->path = path;
	ds->ids = crm_map_new();
	ds->strmap = crm_map_new();
	if (keep == DOCS_RECORDS) {
		ds->t = crm_table_load(path, o, &doc_type, &status);
	} else {
		side.in = crm_file_format(path, o->in);
		in = crm_input_open(files, 1, &side, &doc_type);
	}
	for (i = 0; i < NDOC; i++)
		ds->col[i] = ds->t ? crm_table_col(ds->t, doc_cols[i].name) :
			     crm_input_col(in, doc_cols[i].name);
	if (ds->col[D_ID] < 0 || (ds->col[D_LEVEL] < 0 && ds->col[D_CATEGORY] < 0)) {
		/* An unreadable file has said why already. */
		if (in)
			status = crm_input_status(in);
		if (status == CRM_OK || (ds->t ? crm_table_len(ds->t) : crm_input_ncols(in)))
			crm_warn("%s: documents need the columns id and level (or category)", path);
		if (in)
			crm_input_free(in);
		return -1;
	}
	for (i = 0; ds->t ? i < crm_table_len(ds->t) : crm_input_next(in, &r); i++) {
		if (ds->t)
			r = crm_table_rec(ds->t, i);
		if (i >= UINT32_MAX)
			crm_die("%s: too many records to hold in memory", path);
		docs_grow(ds, i, &cap);
		if (docs_add(ds, r, i) < 0)
			status = CRM_ERROR;
	}
	ds->ndoc = i;
	if (in) {
		status = crm_worst(status, crm_input_status(in));
		crm_input_free(in);
	}
	ds->ncap = cap;
	return status;
}

/* The index of document id in the register (bad or not), or -1. */
int32_t
docs_index(struct docs *ds, const char *id)
{
	size_t i = crm_map_get(ds->ids, id, strlen(id));

	return i == CRM_MAP_NONE ? -1 : (int32_t)i;
}

/* The register's document i as a view d; id: its id, when the caller has it. */
void
docs_doc(const struct docs *ds, size_t i, const char *id, struct doc *d)
{
	const struct docrec *dr = &ds->doc[i];

	d->rec = ds->t ? crm_table_rec(ds->t, i) : NULL;
	d->id = id ? id : d->rec ? d->rec->f[ds->col[D_ID]] : "";
	d->category = dr->category;
	d->level = dr->level;
	d->period = dr->period;
	d->created = dr->created;
	d->declassify_on = dr->declassify_on;
	d->extended_to = dr->extended_to;
	d->declassified_on = dr->declassified_on;
	d->dsource = dr->dsource;
	d->psource = dr->psource;
	d->department = ds->strings + dr->department;
	d->supervisor = ds->strings + dr->supervisor;
	d->company = ds->strings + dr->company;
	d->label = ds->strings + dr->label;
	d->at_hq = dr->at_hq;
	d->has_reason = dr->has_reason;
	d->line = dr->line;
	d->index = (uint32_t)i;
	d->level_today = dr->level_today;
	d->bad = dr->bad;
	d->wrong = dr->wrong;
}

/*
 * The document id of the register, as a view in *d, or NULL after a
 * diagnostic at pos naming the column what.
 */
const struct doc *
docs_get(struct docs *ds, const char *id, const struct crm_pos *pos, const char *what,
	 struct doc *d)
{
	int32_t i = docs_index(ds, id);

	if (i < 0) {
		crm_warn_at(pos, "%s: document '%s' is not in %s", what, id, ds->path);
		return NULL;
	}
	if (ds->doc[i].bad == 2)
		crm_warn_at(pos, "%s: document '%s' appears more than once in %s", what, id, ds->path);
	else if (ds->doc[i].bad)
		crm_warn_at(pos, "%s: document '%s' has a bad record (%s:%ld)", what, id, ds->path,
			    (long)ds->doc[i].line);
	if (ds->doc[i].bad)
		return NULL;
	docs_doc(ds, (size_t)i, id, d);
	return d;
}

void
docs_release(struct docs *ds)
{
	big_free(ds->doc, ds->ncap * sizeof *ds->doc);
	crm_table_free(ds->t);
	crm_map_free(ds->ids);
	crm_map_free(ds->strmap);
	free(ds->strings);
	memset(ds, 0, sizeof *ds);
}
