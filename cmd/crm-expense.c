/*
 * crm-expense: judge expense claims against the customer archive (CM-15):
 * entertainment, travel and gift expenses for a customer that was not
 * registered on or before the day of the expense are not reimbursed.
 */
#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "field.h"
#include "money.h"
#include "stream.h"

static struct {
	struct crm_opts crm;
	const char *customers;
	int summary;
} opts;

enum { OPT_CUSTOMERS = CRM_OPT_PROG, OPT_SUMMARY };

/* What the archive says about one customer. */
struct customer {
	char *id, *name, *department;
	int32_t registered;	/* -1: not registered */
};

struct archive {
	struct customer *c;
	size_t n, cap;
	struct customer **by_name;	/* sorted by name, for claims without an id */
};

/* One line of --summary: rejected claims of a staff member for a department. */
struct total {
	char *staff, *department;
	long claims, rejected;
	int64_t amount;
};

enum verdict_reason { OK_REGISTERED, OK_NOT_COVERED, NOT_REGISTERED, REGISTERED_AFTER, UNKNOWN };

static const char *const reasons[] = {
	[OK_REGISTERED] = "", [OK_NOT_COVERED] = "",
	[NOT_REGISTERED] = "not-registered", [REGISTERED_AFTER] = "registered-after-expense",
	[UNKNOWN] = "unknown-customer",
};

static void
usage(FILE *fp)
{
	fputs("Usage: crm-expense --customers FILE [options] [CLAIMS...]\n"
	      "Judge expense claims (id,staff,customer_id,customer,kind,amount,date) against\n"
	      "the customers (CM-15): adds verdict (reimbursable/rejected) and reason.\n"
	      "\n"
	      "Options:\n"
	      "  -c, --customers FILE    the customer records (id, name, registered, ...)\n"
	      "  -s, --summary           instead of the claims, the rejected totals per staff\n"
	      "                          and department\n", fp);
	crm_opts_usage(fp);
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct customer *)a)->id, ((const struct customer *)b)->id);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp((*(struct customer *const *)a)->name, (*(struct customer *const *)b)->name);
}

static char *
field_dup(const struct crm_rec *r, int col)
{
	return xstrdup(col >= 0 ? r->f[col] : "");
}

/* Read the customers file into a, sorted by id and by name; returns an exit status. */
static int
archive_load(struct archive *a, const char *path)
{
	char *files[] = { (char *)path };
	struct crm_input *in = crm_input_open(files, 1, &opts.crm, &crm_type_customer);
	const struct crm_rec *r;
	int status = CRM_OK;
	int id = crm_input_col(in, "id"), name = crm_input_col(in, "name");
	int dept = crm_input_col(in, "department"), reg = crm_input_col(in, "registered");

	if (crm_input_ncols(in) && (id < 0 || reg < 0)) {
		crm_warn("%s: a customers file needs the columns id and registered", path);
		crm_input_free(in);
		return CRM_ERROR;
	}
	while (crm_input_next(in, &r)) {
		int32_t day;
		int got = crm_get_date(r, reg, &day);
		if (got == CRM_FIELD_BAD || !*r->f[id]) {
			if (got != CRM_FIELD_BAD)
				crm_warn_at(&r->pos, "id: a customer needs an id");
			status = CRM_ERROR;
			continue;
		}
		crm_grow(&a->c, &a->cap, a->n + 1, sizeof *a->c);
		a->c[a->n].id = field_dup(r, id);
		a->c[a->n].name = field_dup(r, name);
		a->c[a->n].department = field_dup(r, dept);
		a->c[a->n].registered = got == CRM_FIELD_OK ? day : -1;
		a->n++;
	}
	status = crm_worst(status, crm_input_status(in));
	crm_input_free(in);
	qsort(a->c, a->n, sizeof *a->c, cmp_id);
	for (size_t i = 1; i < a->n; i++)
		if (!strcmp(a->c[i - 1].id, a->c[i].id)) {
			crm_warn("%s: customer id '%s' appears more than once", path, a->c[i].id);
			status = CRM_ERROR;
		}
	a->by_name = xcalloc(a->n + 1, sizeof *a->by_name);
	for (size_t i = 0; i < a->n; i++)
		a->by_name[i] = &a->c[i];
	qsort(a->by_name, a->n, sizeof *a->by_name, cmp_name);
	return status;
}

static void
archive_release(struct archive *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->c[i].id);
		free(a->c[i].name);
		free(a->c[i].department);
	}
	free(a->c);
	free(a->by_name);
}

/*
 * The customer a claim names: by id, else by exact name.  *ambiguous is set
 * when the name belongs to several customers.
 */
static const struct customer *
archive_find(const struct archive *a, const char *id, const char *name, int *ambiguous)
{
	*ambiguous = 0;
	if (*id) {
		struct customer key = { .id = (char *)id };
		return bsearch(&key, a->c, a->n, sizeof *a->c, cmp_id);
	}
	struct customer key = { .name = (char *)name }, *kp = &key;
	struct customer **hit = bsearch(&kp, a->by_name, a->n, sizeof *a->by_name, cmp_name);
	if (!hit)
		return NULL;
	if ((hit > a->by_name && !strcmp(hit[-1]->name, name)) ||
	    (hit + 1 < a->by_name + a->n && !strcmp(hit[1]->name, name)))
		*ambiguous = 1;
	return *hit;
}

/* CM-15: entertainment, travel and gift need a customer registered on or before the day. */
static enum verdict_reason
judge(const struct customer *c, const char *kind, int32_t date)
{
	if (!strcmp(kind, "other"))
		return OK_NOT_COVERED;
	if (!c)
		return UNKNOWN;
	if (c->registered < 0)
		return NOT_REGISTERED;
	if (c->registered > date)
		return REGISTERED_AFTER;
	return OK_REGISTERED;
}

static int
cmp_total(const void *a, const void *b)
{
	const struct total *x = a, *y = b;
	int d = strcmp(x->staff, y->staff);

	return d ? d : strcmp(x->department, y->department);
}

static void
total_add(void **tree, const char *staff, const char *dept, int rejected, int64_t amount)
{
	struct total key = { .staff = (char *)staff, .department = (char *)dept };
	struct total **t = tsearch(&key, tree, cmp_total);

	if (!t)
		crm_die("out of memory");
	if (*t == &key) {
		*t = xcalloc(1, sizeof **t);
		(*t)->staff = xstrdup(staff);
		(*t)->department = xstrdup(dept);
	}
	(*t)->claims++;
	if (rejected) {
		(*t)->rejected++;
		if (crm_money_add((*t)->amount, amount, &(*t)->amount) < 0)
			crm_die("rejected total of '%s' overflows", staff);
	}
}

static const struct crm_col summary_cols[] = {
	{ "staff", "报销人", CRM_STR, NULL },
	{ "department", "业务部门", CRM_STR, NULL },
	{ "claims", "报销笔数", CRM_INT, NULL },
	{ "rejected", "拒绝笔数", CRM_INT, NULL },
	{ "rejected_amount", "拒绝金额", CRM_MONEY, NULL },
};

static void
summary_row(const void *node, VISIT v, void *w)
{
	const struct total *t = *(struct total *const *)node;
	char claims[24], rejected[24], amount[CRM_MONEY_LEN];
	const char *vals[] = { t->staff, t->department, claims, rejected, amount };

	if (v != postorder && v != leaf)
		return;
	snprintf(claims, sizeof claims, "%ld", t->claims);
	snprintf(rejected, sizeof rejected, "%ld", t->rejected);
	crm_money_format(t->amount, amount);
	crm_writer_row(w, vals, NULL);
}

static void
total_free(void *p)
{
	struct total *t = p;

	free(t->staff);
	free(t->department);
	free(t);
}

static const struct crm_col added[] = {
	{ "verdict", "审核结果", CRM_STR, NULL },
	{ "reason", "原因", CRM_STR, NULL },
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CRM_LONGOPTS,
		{ "customers", required_argument, NULL, 'c' },
		{ "summary", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct archive a = { 0 };
	const struct crm_rec *r;
	void *totals = NULL;
	int c, status, rejected_any = 0;

	crm_init();
	crm_opts_init(&opts.crm);
	while ((c = getopt_long(argc, argv, "hVc:s", longopts, NULL)) != -1) {
		if (crm_opts_set(&opts.crm, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			return crm_finish(CRM_OK);
		case 'V':
			crm_version();
		case 'c':
			opts.customers = optarg;
			break;
		case 's':
			opts.summary = 1;
			break;
		default:
			crm_usage_error("unknown option");
		}
	}
	if (!opts.customers)
		crm_usage_error("--customers FILE is required");

	status = archive_load(&a, opts.customers);
	if (status != CRM_OK && opts.crm.strict)
		return crm_finish(status);

	struct crm_input *in = crm_input_open(argv + optind, argc - optind, &opts.crm,
					      &crm_type_expense);
	const struct crm_alias *kinds = crm_type_col(&crm_type_expense, "kind")->values;
	int cid = crm_input_col(in, "customer_id"), cname = crm_input_col(in, "customer");
	int ckind = crm_input_col(in, "kind"), camount = crm_input_col(in, "amount");
	int cdate = crm_input_col(in, "date"), cstaff = crm_input_col(in, "staff");
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);

	if (crm_input_ncols(in) && (cdate < 0 || ckind < 0 || camount < 0 || (cid < 0 && cname < 0))) {
		crm_warn("%s: claims need the columns kind, amount, date and customer_id or customer",
			 crm_input_pos(in)->file);
		status = CRM_ERROR;
		crm_input_free(in);
		in = NULL;
	}
	if (opts.summary) {
		for (size_t i = 0; i < sizeof summary_cols / sizeof summary_cols[0]; i++)
			crm_writer_col(w, summary_cols[i].name, &summary_cols[i]);
	} else if (in) {
		crm_writer_passthrough(w, in, &crm_type_expense, added, 2);
	}
	while (in && crm_input_next(in, &r)) {
		int32_t date;
		int64_t amount;
		int kind, ambiguous, bad = 0;
		const char *id = cid >= 0 ? r->f[cid] : "", *name = cname >= 0 ? r->f[cname] : "";

		bad |= crm_get_date(r, cdate, &date) != CRM_FIELD_OK;
		bad |= crm_get_enum(r, ckind, kinds, &kind) != CRM_FIELD_OK;
		bad |= crm_get_money(r, camount, &amount) != CRM_FIELD_OK;
		if (!bad && amount < 0) {
			crm_warn_at(&r->pos, "amount: expected a positive amount, found '%s'", r->f[camount]);
			bad = 1;
		}
		if (!*id && !*name) {
			crm_warn_at(&r->pos, "a claim needs customer_id or customer");
			bad = 1;
		}
		const struct customer *cust = bad ? NULL : archive_find(&a, id, name, &ambiguous);
		if (!bad && ambiguous) {
			crm_warn_at(&r->pos, "customer '%s' names several customers: give customer_id",
				    name);
			bad = 1;
		}
		if (bad) {
			status = CRM_ERROR;
			if (opts.crm.strict)
				break;
			continue;
		}
		enum verdict_reason v = judge(cust, kinds[kind].name, date);
		int rejected = v >= NOT_REGISTERED;
		rejected_any |= rejected;
		if (opts.summary) {
			total_add(&totals, cstaff >= 0 ? r->f[cstaff] : "",
				  cust ? cust->department : "", rejected, amount);
		} else {
			const char *vals[] = { rejected ? "rejected" : "reimbursable", reasons[v] };
			crm_writer_rec(w, r, vals);
		}
	}
	if (opts.summary) {
		twalk_r(totals, summary_row, w);
		tdestroy(totals, total_free);
	}
	crm_writer_close(w);
	if (in) {
		status = crm_worst(status, crm_input_status(in));
		crm_input_free(in);
	}
	archive_release(&a);
	if (status == CRM_OK && rejected_any)
		status = CRM_FINDINGS;
	return crm_finish(status);
}
