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
	const char *rules, *month, *from, *to, *roster;
	const char **history;
	size_t nhistory;
	int summary, codes;
} opts;

enum { OPT_FROM = CRM_OPT_PROG, OPT_TO, OPT_CODES, OPT_ROSTER, OPT_HISTORY };

static const struct crm_col ledger_cols[] = {
	{ "staff", "员工", CRM_STR, NULL },
	{ "date", "日期", CRM_STR, NULL },
	{ "code", "项目", CRM_ENUM, code_names },
	{ "rule", "规则", CRM_STR, NULL },
	{ "kind", "类别", CRM_ENUM, kind_names },
	{ "amount", "金额", CRM_MONEY, NULL },
	{ "note", "说明", CRM_TEXT, NULL },
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
	{ "note", "说明", CRM_STR, NULL },
};

static const struct crm_col code_cols[] = {
	{ "code", "项目", CRM_ENUM, code_names },
	{ "rule", "规则", CRM_STR, NULL },
	{ "kind", "类别", CRM_ENUM, kind_names },
	{ "min", "最低", CRM_MONEY, NULL },
	{ "max", "最高", CRM_MONEY, NULL },
	{ "how", "说明", CRM_STR, NULL },
};

static const struct crm_optdef optdefs[] = {
	{ "month", 'm', "YYYY-MM", "the month of the statement: records of other months are left "
	  "out with a note" },
	{ "from", OPT_FROM, "DATE", "a day without punch or leave is an absence from DATE" },
	{ "to", OPT_TO, "DATE", "... up to DATE (default: each one's first and last shift date "
	  "in the input, or the roster's dates)" },
	{ "roster", 'R', "FILE", "who was employed when (staff,name,hired_on,left_on): absences "
	  "on every day of employment" },
	{ "history", 'H', "FILE", "earlier incidents or ledgers, for BAR-14's quarrels and the "
	  "statuses carried into later months (repeatable)" },
	{ "rules", 'r', "FILE", "amounts, ranges, times and counts other than the policy's "
	  "(name,value rows; see barfine(1))" },
	{ "summary", 's', NULL, "one line per staff member and month instead: lates, early "
	  "leaves, absences, fines, rewards, net, status, note" },
	{ "codes", OPT_CODES, NULL, "list the codes with their rules and amounts, and exit" },
	{ NULL, 0, NULL, NULL }
};

static int
set(int c, const char *arg)
{
	switch (c) {
	case 'm': opts.month = arg; break;
	case OPT_FROM: opts.from = arg; break;
	case OPT_TO: opts.to = arg; break;
	case 'r': opts.rules = arg; break;
	case 's': opts.summary = 1; break;
	case OPT_CODES: opts.codes = 1; break;
	case 'R': opts.roster = arg; break;
	case 'H':
		opts.history = xreallocarray(opts.history, opts.nhistory + 1, sizeof *opts.history);
		opts.history[opts.nhistory++] = arg;
		break;
	default: return 0;
	}
	return 1;
}

static const struct crm_cli cli = {
	"barfine [--month YYYY-MM] [--rules FILE] [--summary] [options] [FILE...]",
	"The bar marketing managers' fines and rewards (BAR-01...16): reads punches\n"
	"(staff,date,in,out), leave (staff,date,kind,requested_on,approved_by), bookings\n"
	"(staff,date,table,amount) and incidents (staff,date,code,severity,amount,value,\n"
	"note), each file told by its header, and writes the ledger\n"
	"staff,date,code,rule,kind,amount,note.",
	optdefs, NULL, 0, set
};

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
		return xasprintf("out before %s, or no out punch; %s", t, r->early_counts ?
				 "counted with the lates (BAR-03)" : "fined apart (early_leaves_count_as_lates no)");
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
	case C_QUARREL:
		if (!r->quarrels_to_dismiss)
			return xstrdup("fixed");
		return xasprintf("fixed; BAR-14: quarrel %ld of the employment dismisses, those before are warnings",
				 r->quarrels_to_dismiss);
	case C_UNAUTHORIZED_LEAVE:
		return xstrdup(r->away_both ? "severity long (away over an hour): this and an absence" :
			       "severity long (away over an hour): an absence instead");
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
			   c == C_REST || c == C_SPECIAL_LEAVE || c == C_LEFT || c == C_INCOMPLETE;
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
month_text(int key, char month[16])
{
	snprintf(month, 16, "%04d-%02d", key / 12, key % 12 + 1);
}

static void
summary_row(struct crm_writer *w, const struct statement *st, const char *note)
{
	char month[16], lates[24], early[24], absences[24], personal[24];
	char fines[CRM_MONEY_LEN], rewards[CRM_MONEY_LEN], net[CRM_MONEY_LEN];
	const char *vals[] = { st->staff, month, lates, early, absences, personal, fines, rewards, net,
			       status_names[st->status].name, note ? note : "" };

	month_text(st->month, month);
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

/* The language of the notes: --zh or English. */
static enum notes
lang(void)
{
	return opts.crm.zh ? NOTES_ZH : NOTES_EN;
}

/* Fail closed: a manager with a bad record has an incomplete row, figures empty, and the reason. */
static void
incomplete_row(struct crm_writer *w, const struct run *x, const struct staff *s, const char *month)
{
	char *reason, date[CRM_DATE_LEN] = "";
	int zh = opts.crm.zh;

	if (x->roster_file && !s->listed)
		reason = xasprintf(zh ? "不在花名册%s上：不出结算" : "not on the roster %s: statement withheld",
				   x->roster_file);
	else if (s->bad > 1)
		reason = xasprintf(zh ? "%s:%ld等%ld条记录有误：不出结算" :
				   "bad records at %s:%ld and %ld more: statement withheld",
				   s->bad_file, s->bad_line, zh ? s->bad : s->bad - 1);
	else
		reason = xasprintf(zh ? "%s:%ld记录有误：不出结算" : "a bad record at %s:%ld: statement withheld",
				   s->bad_file, s->bad_line);
	if (opts.summary) {
		const char *vals[] = { s->id, month, "", "", "", "", "", "", "",
				       status_names[ST_INCOMPLETE].name, reason };
		crm_writer_row(w, vals, NULL);
	} else {
		if (*month) {
			char *d = xasprintf("%s-01", month);
			snprintf(date, sizeof date, "%s", d);
			free(d);
		}
		const char *vals[] = { s->id, date, code_names[C_INCOMPLETE].name, codes[C_INCOMPLETE].rule,
				       kind_names[K_STATUS].name, "", reason };
		crm_writer_row(w, vals, NULL);
	}
	free(reason);
}

static int32_t
later(int32_t a, int32_t b)
{
	return a == NONE ? b : b == NONE ? a : a > b ? a : b;
}

static int32_t
sooner(int32_t a, int32_t b)
{
	return a == NONE ? b : b == NONE ? a : a < b ? a : b;
}

/*
 * Without a roster: the period of month k was inferred from the records
 * (BAR-05), f to t; NULL when --from and --to gave it.
 */
static char *
inferred_note(int k, int32_t from, int32_t to, int32_t f, int32_t t)
{
	char a[CRM_DATE_LEN], b[CRM_DATE_LEN];
	int32_t mfirst = month_first(k), mlast = mfirst + month_days(k) - 1;

	if (from != NONE && to != NONE)
		return NULL;
	f = later(f, mfirst);
	t = sooner(t, mlast);
	if (f > t)
		return xstrdup(opts.crm.zh ? "本月无打卡或请假记录：不计旷工" :
			       "no punch or leave this month: no absences counted");
	crm_date_format(f, a);
	crm_date_format(t, b);
	return xasprintf(opts.crm.zh ? "期间按记录推定：%s至%s" : "period inferred: %s to %s", a, b);
}

/* A note for the summary: the parts given, joined. */
static char *
join(char *a, const char *b)
{
	char *s;

	if (!b)
		return a;
	if (!a)
		return xstrdup(b);
	s = xasprintf("%s%s%s", a, opts.crm.zh ? "；" : "; ", b);
	free(a);
	return s;
}

/*
 * The statements of one manager, month by month over kmin..kmax: each
 * month's period of employment (roster, --from/--to, or inferred), the
 * quarrels and the status carried from earlier months and --history.
 * Returns whether any holds a finding.
 */
static int
staff_statements(struct crm_writer *w, const struct run *x, const struct rules *r,
		 const struct staff *s, int kmin, int kmax, int32_t from, int32_t to)
{
	struct statement st;
	struct gone g = s->gone;
	long quarrels = (long)s->nq;
	int findings = 0, written = 0;
	char month[16];

	if (s->nmonths) {
		kmin = s->months[0]->key < kmin ? s->months[0]->key : kmin;
		kmax = s->months[s->nmonths - 1]->key > kmax ? s->months[s->nmonths - 1]->key : kmax;
	}
	for (int k = kmin; k <= kmax; k++) {
		int32_t mfirst = month_first(k), mlast = mfirst + month_days(k) - 1, f, t;
		int32_t ef = mfirst, et = mlast;	/* the employment */
		int has = staff_month(s, k) != NULL;
		if (x->roster_file) {	/* BAR-05: every day of employment */
			f = ef = later(later(mfirst, s->hired), from);
			t = et = sooner(sooner(mlast, s->left), to);
		} else {		/* … or of the records' span */
			f = from != NONE ? from : s->first != NONE ? s->first : INT32_MAX;
			t = to != NONE ? to : s->last != NONE ? s->last : INT32_MIN;
		}
		int employed = f <= t && f <= mlast && t >= mfirst;
		month_text(k, month);
		if (s->bad) {
			if (has || employed) {
				incomplete_row(w, x, s, month);
				written = 1;
			}
			continue;
		}
		struct gone left = { s->left, C_LEFT, "BAR-13" };
		const struct gone *gone = g.date != NONE && g.date < mfirst ? &g :
					  x->roster_file && s->left != NONE && s->left < mfirst ? &left : NULL;
		if (gone) {	/* BAR-13: no charges after leaving */
			if (!has && !(s->listed && (s->left == NONE || s->left >= mfirst)))
				continue;
			statement_left(&st, s, k, gone, lang());
		} else {
			if (!has && !employed)
				continue;
			statement_make(&st, r, s, k, ef, et, f, t, quarrels,
				       opts.summary ? NOTES_NONE : lang());
			quarrels = st.quarrels;
			if (st.gone != NONE && g.date == NONE)
				g = (struct gone){ st.gone, st.gone_code, st.gone_rule };
		}
		if (opts.summary) {
			char *note = st.note ? xstrdup(st.note) : x->roster_file ? NULL :
				     inferred_note(k, from, to, f, t);
			if (!st.note && st.after) {
				char day[CRM_DATE_LEN], *a;
				crm_date_format(st.after_first, day);
				a = xasprintf(opts.crm.zh ? "在职期间外打卡%ld个班次（自%s起），不计" :
					      "punched outside the employment: %ld shift%s from %s, not charged",
					      st.after, st.after > 1 ? "s" : "", day);
				note = join(note, a);
				free(a);
			}
			summary_row(w, &st, note);
			free(note);
		} else {
			ledger_rows(w, &st);
		}
		findings |= st.findings | (st.after > 0);
		written = 1;
		statement_release(&st);
	}
	if (s->bad && !written)
		incomplete_row(w, x, s, opts.month ? opts.month : "");
	return findings;
}

/*
 * The statements of every manager, by id and month; none at all when
 * records were lost without knowing whose.  Returns whether any holds a
 * fine or a status.
 */
static int
write_statements(struct run *x, const struct rules *r, int32_t from, int32_t to)
{
	struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
	const struct crm_col *cols = opts.summary ? summary_cols : ledger_cols;
	size_t ncols = opts.summary ? NELEM(summary_cols) : NELEM(ledger_cols), i;
	int findings = 0, kmin = x->kmin, kmax = x->kmax;

	if (opts.month) {
		kmin = kmax = month_key(x->lo);
	} else {
		if (from != NONE)
			kmin = month_key(from) < kmin ? month_key(from) : kmin;
		if (to != NONE)
			kmax = month_key(to) > kmax ? month_key(to) : kmax;
	}
	for (i = 0; i < ncols; i++)
		crm_writer_col(w, cols[i].name, &cols[i]);
	roster_sort(&x->roster);
	for (i = 0; i < x->roster.n && !x->lost; i++) {
		struct staff *s = x->roster.staff[i];
		if (s->nmonths || s->listed || s->bad)	/* not one known from --history alone */
			findings |= staff_statements(w, x, r, s, kmin, kmax, from, to);
		staff_free(s);
		x->roster.staff[i] = NULL;
	}
	crm_writer_close(w);
	return findings;
}

int
main(int argc, char *argv[])
{
	struct rules rules;
	struct run x = { 0 };
	int32_t from, to;
	int first, i, findings;

	crm_init();
	crm_opts_init(&opts.crm);
	crm_parse(&cli, &opts.crm, argc, argv, &first);
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
		free(opts.history);
		return crm_finish(CRM_OK);
	}

	x.rules = &rules;
	x.o = &opts.crm;
	x.kmin = INT_MAX;
	x.kmax = INT_MIN;
	if (opts.roster)
		read_roster(&x, opts.roster);
	if (first == argc)
		read_input(&x, "-");
	for (i = first; i < argc && read_input(&x, argv[i]) == 0; i++)
		;
	/* History is what came before the first month written. */
	int32_t before = opts.month || from != NONE ? x.lo :
			 x.kmin != INT_MAX ? month_first(x.kmin) : INT32_MAX;
	x.history = 1;
	for (size_t h = 0; h < opts.nhistory; h++)
		read_history(&x, opts.history[h], before);
	findings = write_statements(&x, &rules, from, to);
	roster_release(&x.roster);
	free(x.files);
	free(x.period);
	free(opts.history);
	rules_release(&rules);
	if (x.status == CRM_OK && findings)
		x.status = CRM_FINDINGS;
	return crm_finish(x.status);
}
