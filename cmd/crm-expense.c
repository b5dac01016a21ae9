/*
 * crm-expense: judge expense claims against the customer archive (CM-15):
 * an expense tied to a customer (entertainment, travel, gift, other) is
 * reimbursed when the customer was registered on or before its day, or
 * registered within the CM-05 deadline with the expense inside that window;
 * a customer the archive does not know, and the same claim twice, are not.
 */
#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "cli.h"
#include "field.h"
#include "money.h"
#include "stream.h"
#include "table.h"

static struct {
	struct crm_opts crm;
	const char *customers;
	int summary;
} opts;

enum { OPT_CUSTOMERS = CRM_OPT_PROG, OPT_SUMMARY };

/* The customers file, with the columns a verdict needs. */
struct archive {
	struct crm_table *t;
	int id, name, department, registered, first_contact;
	struct crm_cal *cal;
};

/* One line of --summary: rejected claims of a staff member for a department. */
struct total {
	char *staff, *department;
	long claims, rejected;
	int64_t amount;
};

enum verdict_reason {
	OK_REGISTERED, OK_IN_WINDOW, NOT_REGISTERED, REGISTERED_AFTER, UNKNOWN, DUPLICATE, NO_CALENDAR
};

static const char *const reasons[] = {
	[OK_REGISTERED] = "", [OK_IN_WINDOW] = "",
	[NOT_REGISTERED] = "not-registered", [REGISTERED_AFTER] = "registered-after-expense",
	[UNKNOWN] = "unknown-customer", [DUPLICATE] = "duplicate",
};

static const struct crm_optdef optdefs[] = {
	{ "customers", 'c', "FILE", "the customer records (id, name, registered, first_contact, ...)" },
	{ "summary", 's', NULL, "instead of the claims, the rejected totals per staff and department" },
	{ NULL, 0, NULL, NULL }
};

static int
set(int c, const char *arg)
{
	if (c == 'c')
		opts.customers = arg;
	else if (c == 's')
		opts.summary = 1;
	else
		return 0;
	return 1;
}

static const struct crm_cli cli = {
	"crm-expense --customers FILE [options] [CLAIMS...]",
	"Judge expense claims (id,staff,customer_id,customer,kind,amount,date) against\n"
	"the customers (CM-15): adds verdict (reimbursable/rejected) and reason.\n"
	"Any kind is paid when the customer was registered by its date, or registered\n"
	"within 5 working days of first contact with the expense in that window; the\n"
	"same claim twice (same id, or staff, customer, date, kind, amount) is paid once.",
	optdefs, NULL, 0, set
};

/* Read the customers file; returns an exit status. */
static int
archive_load(struct archive *a, const char *path)
{
	int status = CRM_OK;
	size_t i, n;

	a->t = crm_table_load(path, &opts.crm, &crm_type_customer, &status);
	a->id = crm_table_col(a->t, "id");
	a->name = crm_table_col(a->t, "name");
	a->department = crm_table_col(a->t, "department");
	a->registered = crm_table_col(a->t, "registered");
	a->first_contact = crm_table_col(a->t, "first_contact");
	if (a->id < 0 || a->registered < 0) {
		/* An unreadable file has said why already. */
		if (status == CRM_OK || crm_table_len(a->t))
			crm_warn("%s: a customers file needs the columns id and registered", path);
		return CRM_ERROR;
	}
	for (i = 0; i < crm_table_len(a->t); i++) {
		const struct crm_rec *r = crm_table_rec(a->t, i);
		int32_t day;
		if (crm_get_date(r, a->registered, &day) == CRM_FIELD_BAD ||
		    crm_get_date(r, a->first_contact, &day) == CRM_FIELD_BAD)
			status = CRM_ERROR;
		if (!*r->f[a->id]) {
			crm_warn_at(&r->pos, "id: a customer needs an id");
			status = CRM_ERROR;
		} else if (crm_table_find(a->t, a->id, r->f[a->id], &n)[0] != r) {
			crm_warn_at(&r->pos, "id: customer '%s' appears more than once", r->f[a->id]);
			status = CRM_ERROR;
		}
	}
	return status;
}

/* A field a claim needs: 0 when read, else 1 after a diagnostic (the getter's, or one for empty). */
static int
claim_field(const struct crm_rec *r, int col, int got, const char *expected)
{
	if (got == CRM_FIELD_EMPTY)
		crm_warn_at(&r->pos, "%s: expected %s, found ''", r->names[col], expected);
	return got != CRM_FIELD_OK;
}

/*
 * The customer a claim names: by id, else by exact name; NULL when unknown.
 * *ambiguous is set when the name belongs to several customers.
 */
static const struct crm_rec *
archive_find(struct archive *a, const char *id, const char *name, int *ambiguous)
{
	const struct crm_rec *const *hit;
	size_t n;

	hit = *id ? crm_table_find(a->t, a->id, id, &n) : crm_table_find(a->t, a->name, name, &n);
	*ambiguous = !*id && n > 1;
	return n ? hit[0] : NULL;
}

/* A customer's date column, or CRM_NODATE when empty (or not readable: reported at load). */
static int32_t
customer_date(const struct crm_rec *c, int col)
{
	int32_t day;

	if (col < 0 || crm_date_parse(c->f[col], &day) < 0)
		return CRM_NODATE;
	return day;
}

/*
 * CM-15: any expense tied to a customer (等: other included) needs the
 * customer registered on or before its day, or registered within the CM-05
 * deadline (first contact + 5 working days) with the expense inside that
 * window, first contact to deadline.  A registration after the deadline
 * never covers an earlier expense.  *bad gets the day the calendar lacked.
 */
static enum verdict_reason
judge(const struct archive *a, const struct crm_rec *cust, int32_t date, int32_t *bad)
{
	int32_t registered, first, deadline;

	if (!cust)
		return UNKNOWN;
	if ((registered = customer_date(cust, a->registered)) == CRM_NODATE)
		return NOT_REGISTERED;
	if (registered <= date)
		return OK_REGISTERED;
	if ((first = customer_date(cust, a->first_contact)) == CRM_NODATE || date < first)
		return REGISTERED_AFTER;
	/* Past the calendar's last year the deadline is provisional, never an error. */
	if (crm_cal_add_provisional(a->cal, first, 5, &deadline, NULL, bad) < 0)
		return NO_CALENDAR;
	return registered <= deadline && date <= deadline ? OK_IN_WINDOW : REGISTERED_AFTER;
}

/* The same claim twice is paid once: same id, or same staff, customer, date, kind and amount. */
static int
duplicate(void **seen, const char *id, const char *staff, const char *customer, int32_t date,
	  const char *kind, int64_t amount)
{
	char day[CRM_DATE_LEN], *k[2];
	int dup = 0;

	crm_date_format(date, day);
	k[0] = *id ? xasprintf("id\x1f%s", id) : NULL;
	k[1] = xasprintf("claim\x1f%s\x1f%s\x1f%s\x1f%s\x1f%lld", staff, customer, day, kind,
			 (long long)amount);
	for (int i = 0; i < 2; i++) {
		char **hit;
		if (!k[i])
			continue;
		if (!(hit = tsearch(k[i], seen, (int (*)(const void *, const void *))strcmp)))
			crm_die("out of memory");
		if (*hit != k[i]) {
			dup = 1;
			free(k[i]);
		}
	}
	return dup;
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

int
main(int argc, char *argv[])
{
	struct archive a = { 0 };
	const struct crm_rec *r;
	void *totals = NULL;
	int first, status, rejected_any = 0;

	crm_init();
	crm_opts_init(&opts.crm);
	crm_parse(&cli, &opts.crm, argc, argv, &first);
	if (!opts.customers)
		crm_usage_error("--customers FILE is required");

	status = archive_load(&a, opts.customers);
	void *seen = NULL;
	if (a.id < 0 || a.registered < 0 || (status != CRM_OK && opts.crm.strict)) {
		crm_table_free(a.t);
		return crm_finish(CRM_ERROR);
	}

	a.cal = crm_cal_open(&opts.crm);
	struct crm_input *in = crm_input_open(argv + first, argc - first, &opts.crm,
					      &crm_type_expense);
	const struct crm_alias *kinds = crm_type_col(&crm_type_expense, "kind")->values;
	int cid = crm_input_col(in, "customer_id"), cname = crm_input_col(in, "customer");
	int ckind = crm_input_col(in, "kind"), camount = crm_input_col(in, "amount");
	int cdate = crm_input_col(in, "date"), cstaff = crm_input_col(in, "staff");
	int cclaim = crm_input_col(in, "id");
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
	} else if (in && crm_input_ncols(in)) {
		/* verdict and reason, the expense type's last two columns, are added */
		crm_writer_passthrough(w, in, &crm_type_expense,
				       crm_type_col(&crm_type_expense, "verdict"), 2);
	}
	while (in && crm_input_next(in, &r)) {
		int32_t date;
		int64_t amount;
		int kind, ambiguous, bad = 0;
		const char *id = cid >= 0 ? r->f[cid] : "", *name = cname >= 0 ? r->f[cname] : "";

		bad |= claim_field(r, cdate, crm_get_date(r, cdate, &date), "a date (YYYY-MM-DD)");
		bad |= claim_field(r, ckind, crm_get_enum(r, ckind, kinds, &kind),
				   "one of entertainment, travel, gift, other");
		bad |= claim_field(r, camount, crm_get_money(r, camount, &amount),
				   "an amount in yuan with at most two decimals");
		if (!bad && amount < 0) {
			crm_warn_at(&r->pos, "amount: expected a positive amount, found '%s'", r->f[camount]);
			bad = 1;
		}
		if (!*id && !*name) {
			crm_warn_at(&r->pos, "a claim needs customer_id or customer");
			bad = 1;
		}
		const struct crm_rec *cust = bad ? NULL : archive_find(&a, id, name, &ambiguous);
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
		int32_t outside;
		enum verdict_reason v = judge(&a, cust, date, &outside);
		if (v == NO_CALENDAR) {
			char day[CRM_DATE_LEN];
			crm_date_format(outside, day);
			crm_warn_at(&r->pos, "%s is outside the calendar (covers %s): the CM-05 deadline "
				    "cannot be worked out", day, crm_cal_coverage(a.cal));
			status = CRM_ERROR;
			if (opts.crm.strict)
				break;
			continue;
		}
		if (duplicate(&seen, cclaim >= 0 ? r->f[cclaim] : "",
			      cstaff >= 0 ? r->f[cstaff] : "", cust ? cust->f[a.id] : name, date,
			      kinds[kind].name, amount))
			v = DUPLICATE;
		int rejected = v >= NOT_REGISTERED;
		rejected_any |= rejected;
		if (opts.summary) {
			total_add(&totals, cstaff >= 0 ? r->f[cstaff] : "",
				  cust && a.department >= 0 ? cust->f[a.department] : "", rejected, amount);
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
	crm_table_free(a.t);
	crm_cal_free(a.cal);
	tdestroy(seen, free);
	if (status == CRM_OK && rejected_any)
		status = CRM_FINDINGS;
	return crm_finish(status);
}
