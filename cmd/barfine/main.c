/*
 * barfine: the bar marketing managers' monthly fines and rewards (篇二,
 * BAR-01…13).  Reads punches, leave, bookings and incidents from any
 * number of files (each told by its header), and writes the ledger — one
 * row per fine, reward or status with its rule ID — or, with --summary,
 * one statement line per staff member and month.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "barfine.h"
#include "field.h"
#include "money.h"

static struct {
	struct crm_opts crm;
	const char *rules, *month, *from, *to;
	int summary, codes;
} opts;

enum { OPT_FROM = CRM_OPT_PROG, OPT_TO, OPT_CODES };

static const struct crm_col ledger_cols[] = {
	{ "staff", "员工", CRM_STR, NULL },
	{ "date", "日期", CRM_STR, NULL },
	{ "code", "项目", CRM_ENUM, code_names },
	{ "rule", "规则", CRM_STR, NULL },
	{ "kind", "类别", CRM_ENUM, kind_names },
	{ "amount", "金额", CRM_MONEY, NULL },
	{ "note", "说明", CRM_STR, NULL },
};

static const struct crm_col summary_cols[] = {
	{ "staff", "员工", CRM_STR, NULL },
	{ "month", "月份", CRM_STR, NULL },
	{ "lates", "迟到", CRM_INT, NULL },
	{ "early_leaves", "早退", CRM_INT, NULL },
	{ "absences", "旷工", CRM_INT, NULL },
	{ "personal_leave_days", "事假天数", CRM_INT, NULL },
	{ "fines", "罚款合计", CRM_MONEY, NULL },
	{ "rewards", "奖励合计", CRM_MONEY, NULL },
	{ "net", "净额", CRM_MONEY, NULL },
	{ "status", "状态", CRM_ENUM, status_names },
};

static const struct crm_col code_cols[] = {
	{ "code", "项目", CRM_ENUM, code_names },
	{ "rule", "规则", CRM_STR, NULL },
	{ "kind", "类别", CRM_ENUM, kind_names },
	{ "min", "最低", CRM_MONEY, NULL },
	{ "max", "最高", CRM_MONEY, NULL },
	{ "how", "说明", CRM_STR, NULL },
};

static void
usage(FILE *fp)
{
	fputs("Usage: barfine [--month YYYY-MM] [--rules FILE] [--summary] [options] [FILE...]\n"
	      "The bar marketing managers' fines and rewards (BAR-01...13): reads punches\n"
	      "(staff,date,in,out), leave (staff,date,kind,requested_on,approved_by), bookings\n"
	      "(staff,date,table,amount) and incidents (staff,date,code,severity,amount,value,\n"
	      "note), each file told by its header, and writes the ledger\n"
	      "staff,date,code,rule,kind,amount,note.\n"
	      "\n"
	      "Options:\n"
	      "  -m, --month YYYY-MM     the month of the statement: every record must be in it\n"
	      "      --from DATE         a day without punch or leave is an absence from DATE\n"
	      "      --to DATE           ... up to DATE (default: each one's first and last\n"
	      "                          shift date in the input)\n"
	      "  -r, --rules FILE        amounts, ranges, times and counts other than the\n"
	      "                          policy's (name,value rows; see barfine(1))\n"
	      "  -s, --summary           one line per staff member and month instead:\n"
	      "                          lates, early leaves, absences, fines, rewards, net,\n"
	      "                          status\n"
	      "      --codes             list the codes with their rules and amounts, and exit\n", fp);
	crm_opts_usage(fp);
}

/* --month YYYY-MM: 0 and its first and last day, or -1. */
static int
month_parse(const char *s, int32_t *lo, int32_t *hi)
{
	char *d;
	int bad, y, m, dd;

	if (strlen(s) != 7 || s[4] != '-')
		return -1;
	d = xasprintf("%s-01", s);
	bad = crm_date_parse(d, lo) < 0;
	free(d);
	if (bad)
		return -1;
	crm_date_ymd(*lo, &y, &m, &dd);
	*hi = *lo + crm_days_in_month(y, m) - 1;
	return 0;
}

/* The period every record must be in, from --month, --from and --to; usage errors die. */
static void
period_set(struct run *x, int32_t *from, int32_t *to)
{
	int32_t mlo, mhi;

	x->lo = INT32_MIN + 1;
	x->hi = INT32_MAX;
	*from = *to = NONE;
	if (opts.month) {
		if (month_parse(opts.month, &mlo, &mhi) < 0)
			crm_usage_error("--month: expected a month (YYYY-MM), found '%s'", opts.month);
		x->lo = mlo;
		x->hi = mhi;
	}
	if (opts.from) {
		if (crm_date_parse(opts.from, from) < 0)
			crm_usage_error("--from: expected a date (YYYY-MM-DD), found '%s'", opts.from);
		if (*from < x->lo || *from > x->hi)
			crm_usage_error("--from %s is outside --month %s", opts.from, opts.month);
		x->lo = *from;
	}
	if (opts.to) {
		if (crm_date_parse(opts.to, to) < 0)
			crm_usage_error("--to: expected a date (YYYY-MM-DD), found '%s'", opts.to);
		if (opts.from && *to < *from)
			crm_usage_error("--to %s is before --from %s", opts.to, opts.from);
		if (*to < x->lo || *to > x->hi)
			crm_usage_error("--to %s is outside --month %s", opts.to, opts.month);
		x->hi = *to;
	}
	x->period = xasprintf("%s%s%s%s%s%s%s%s",
			      opts.month ? "--month " : "", opts.month ? opts.month : "",
			      opts.month && opts.from ? " " : "", opts.from ? "--from " : "",
			      opts.from ? opts.from : "", (opts.month || opts.from) && opts.to ? " " : "",
			      opts.to ? "--to " : "", opts.to ? opts.to : "");
}

/* --codes: how a code's amount is found, with the rules in force. */
static char *
code_how(const struct rules *r, enum code c)
{
	char t[16], a[CRM_MONEY_LEN];

	switch (c) {
	case C_LATE:
		clock_format(r->in_by, t);
		return xasprintf("in after %s, or no in punch; %ld make an absence (BAR-03)", t,
				 r->lates_per_absence);
	case C_EARLY_LEAVE:
		clock_format(r->out_from, t);
		return xasprintf("out before %s, or no out punch; counted with the lates (BAR-03)", t);
	case C_REST:
		return xasprintf("%ld free a month%s", r->free_rest_days,
				 r->rest_notice ? ", approved a day ahead" : "");
	case C_DEEMED_RESIGNED:
		return xasprintf("absence %ld of a month", r->absences_to_resign);
	case C_BOOKINGS:
		return xasprintf("more than %ld bookings in a shift: the minimum%s", r->bookings_more_than,
				 r->ntiers ? ", or the tier the bookings' total reaches" : "");
	case C_TIP:
		return xasprintf("max(minimum, %ld x the tip's value), or more", r->tip_times);
	case C_DAMAGE:
		return xasprintf("%ld x the value, or more", r->damage_times);
	case C_IMPOLITE:
		crm_money_format(r->complaint, a);
		return xasprintf("severity low/high or an amount in the range; complaint: %s", a);
	default:
		return xstrdup(codes[c].what);
	}
}

static void
write_codes(const struct rules *r)
{
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	char lo[CRM_MONEY_LEN], hi[CRM_MONEY_LEN];

	for (size_t i = 0; i < NELEM(code_cols); i++)
		crm_writer_col(w, code_cols[i].name, &code_cols[i]);
	for (int c = 0; c < NCODES; c++) {
		const struct range *rg = &r->amount[c];
		int none = codes[c].kind == K_STATUS || c == C_LATE_RETURN || c == C_DAMAGE ||
			   c == C_REST || c == C_SPECIAL_LEAVE;
		char *how = code_how(r, (enum code)c);
		crm_money_format(rg->min, lo);
		crm_money_format(rg->max, hi);
		const char *vals[] = { code_names[c].name, codes[c].rule, kind_names[codes[c].kind].name,
				       none ? "" : lo, none || rg->max < 0 ? "" : hi, how };
		crm_writer_row(w, vals, NULL);
		free(how);
	}
	crm_writer_close(w);
}

static void
ledger_rows(struct crm_writer *w, const struct statement *st)
{
	char date[CRM_DATE_LEN], amount[CRM_MONEY_LEN];

	for (size_t i = 0; i < st->n; i++) {
		const struct entry *e = &st->e[i];
		crm_date_format(e->date, date);
		if (e->amount >= 0)
			crm_money_format(e->amount, amount);
		else
			amount[0] = '\0';
		const char *vals[] = { st->staff, date, code_names[e->code].name, e->rule,
				       kind_names[e->kind].name, amount, e->note ? e->note : "" };
		crm_writer_row(w, vals, NULL);
	}
}

static void
summary_row(struct crm_writer *w, const struct statement *st)
{
	char month[16], lates[24], early[24], absences[24], personal[24];
	char fines[CRM_MONEY_LEN], rewards[CRM_MONEY_LEN], net[CRM_MONEY_LEN];
	const char *vals[] = { st->staff, month, lates, early, absences, personal, fines, rewards, net,
			       status_names[st->status].name };

	snprintf(month, sizeof month, "%04d-%02d", st->month / 12, st->month % 12 + 1);
	snprintf(lates, sizeof lates, "%ld", st->lates);
	snprintf(early, sizeof early, "%ld", st->early_leaves);
	snprintf(absences, sizeof absences, "%ld", st->absences);
	snprintf(personal, sizeof personal, "%ld", st->personal_leave_days);
	crm_money_format(st->fines, fines);
	crm_money_format(st->rewards, rewards);
	int64_t n;
	if (crm_money_add(st->rewards, -st->fines, &n) < 0)
		crm_die("the net of '%s' overflows", st->staff);
	crm_money_format(n, net);
	crm_writer_row(w, vals, NULL);
}

/*
 * The statements of every staff member without a bad record, by id and
 * month; none at all when records were lost without knowing whose.
 * Returns whether any holds a fine or a status.
 */
static int
write_statements(struct run *x, const struct rules *r, int32_t from, int32_t to)
{
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	const struct crm_col *cols = opts.summary ? summary_cols : ledger_cols;
	size_t ncols = opts.summary ? NELEM(summary_cols) : NELEM(ledger_cols), i;
	struct statement st;
	int findings = 0;

	for (i = 0; i < ncols; i++)
		crm_writer_col(w, cols[i].name, &cols[i]);
	roster_sort(&x->roster);
	for (i = 0; i < x->roster.n && !x->lost; i++) {
		struct staff *s = x->roster.staff[i];
		/* BAR-05: absences count within --from/--to, else first to last shift date. */
		int32_t lo = from != NONE ? from : s->first != NONE ? s->first : INT32_MAX;
		int32_t hi = to != NONE ? to : s->last != NONE ? s->last : INT32_MIN;
		int k, klo = INT_MAX, khi = INT_MIN;
		if (s->bad)
			continue;
		if (s->nmonths) {
			klo = s->months[0]->key;
			khi = s->months[s->nmonths - 1]->key;
		}
		if (lo <= hi) {
			klo = month_key(lo) < klo ? month_key(lo) : klo;
			khi = month_key(hi) > khi ? month_key(hi) : khi;
		}
		for (k = klo; k <= khi; k++) {
			int in_span = lo <= hi && month_first(k) <= hi &&
				      month_first(k) + month_days(k) - 1 >= lo;
			if (!in_span && !staff_month(s, k))
				continue;
			statement_make(&st, r, s, k, lo, hi, opts.summary ? NOTES_NONE :
				       opts.crm.zh ? NOTES_ZH : NOTES_EN);
			if (opts.summary)
				summary_row(w, &st);
			else
				ledger_rows(w, &st);
			findings |= st.findings;
			statement_release(&st);
		}
		staff_free(s);
		x->roster.staff[i] = NULL;
	}
	crm_writer_close(w);
	return findings;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CRM_LONGOPTS,
		{ "month", required_argument, NULL, 'm' },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "rules", required_argument, NULL, 'r' },
		{ "summary", no_argument, NULL, 's' },
		{ "codes", no_argument, NULL, OPT_CODES },
		{ NULL, 0, NULL, 0 }
	};
	struct rules rules;
	struct run x = { 0 };
	int32_t from, to;
	int c, i, findings;

	crm_init();
	crm_opts_init(&opts.crm);
	while ((c = getopt_long(argc, argv, ":hVm:r:s" CRM_SHORTOPTS, longopts, NULL)) != -1) {
		if (crm_opts_set(&opts.crm, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			return crm_finish(CRM_OK);
		case 'V':
			crm_version();
		case 'm':
			opts.month = optarg;
			break;
		case OPT_FROM:
			opts.from = optarg;
			break;
		case OPT_TO:
			opts.to = optarg;
			break;
		case 'r':
			opts.rules = optarg;
			break;
		case 's':
			opts.summary = 1;
			break;
		case OPT_CODES:
			opts.codes = 1;
			break;
		default:
			crm_bad_option(c, argv);
		}
	}
	period_set(&x, &from, &to);

	rules_init(&rules);
	if (opts.rules && rules_load(&rules, opts.rules, &opts.crm) != CRM_OK) {
		rules_release(&rules);
		free(x.period);
		return crm_finish(CRM_ERROR);
	}
	if (opts.codes) {
		write_codes(&rules);
		rules_release(&rules);
		free(x.period);
		return crm_finish(CRM_OK);
	}

	x.rules = &rules;
	x.o = &opts.crm;
	if (optind == argc)
		read_input(&x, "-");
	for (i = optind; i < argc && read_input(&x, argv[i]) == 0; i++)
		;
	findings = write_statements(&x, &rules, from, to);
	roster_release(&x.roster);
	free(x.files);
	free(x.period);
	rules_release(&rules);
	if (x.status == CRM_OK && findings)
		x.status = CRM_FINDINGS;
	return crm_finish(x.status);
}
