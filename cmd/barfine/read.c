/*
 * barfine read: any number of files, each a punch, leave, booking or
 * incident file told by its header (English or Chinese), into the roster.
 * A bad record is reported with FILE:LINE and marks its staff member, who
 * then gets no statement; a loss that cannot be pinned on one staff member
 * (a file that cannot be read, a header not understood, a broken record)
 * sets x->lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barfine.h"
#include "field.h"
#include "money.h"
#include "table.h"

enum rtype { T_PUNCH, T_LEAVE, T_BOOKING, T_INCIDENT, T_LEDGER, NTYPES };

/* Every column of the four record types, with their Chinese headers (several per column). */
static const struct crm_col any_cols[] = {
	{ "staff", "员工", CRM_STR, NULL }, { "staff", "工号", CRM_STR, NULL },
	{ "staff", "营销经理", CRM_STR, NULL },
	{ "name", "姓名", CRM_STR, NULL },
	{ "date", "日期", CRM_DATE, NULL },
	{ "in", "上班", CRM_STR, NULL }, { "in", "上班打卡", CRM_STR, NULL },
	{ "in", "上班时间", CRM_STR, NULL },
	{ "out", "下班", CRM_STR, NULL }, { "out", "下班打卡", CRM_STR, NULL },
	{ "out", "下班时间", CRM_STR, NULL },
	{ "kind", "假别", CRM_ENUM, leave_names }, { "kind", "请假类别", CRM_ENUM, leave_names },
	{ "kind", "类别", CRM_ENUM, kind_names },
	{ "requested_on", "申请日期", CRM_DATE, NULL },
	{ "approved_by", "批准人", CRM_STR, NULL }, { "approved_by", "审批人", CRM_STR, NULL },
	{ "table", "台号", CRM_STR, NULL },
	{ "amount", "金额", CRM_MONEY, NULL },
	{ "code", "项目", CRM_ENUM, code_names }, { "code", "代码", CRM_ENUM, code_names },
	{ "severity", "程度", CRM_ENUM, severity_names }, { "severity", "情节", CRM_ENUM, severity_names },
	{ "value", "价值", CRM_MONEY, NULL },
	{ "rule", "规则", CRM_STR, NULL },
	{ "note", "备注", CRM_TEXT, NULL }, { "note", "说明", CRM_TEXT, NULL },
};
static const struct crm_type any_type = { "barfine", any_cols, NELEM(any_cols) };

/* A record type: its columns, the required ones first, and those that tell it. */
static const struct rtype_info {
	const char *name;
	const char *cols[8];
	size_t nreq;
	const char *marks[4];
} rtypes[NTYPES] = {
	[T_PUNCH] = { "punch", { "staff", "date", "in", "out", "name", "note" }, 4, { "in", "out" } },
	[T_LEAVE] = { "leave", { "staff", "date", "kind", "requested_on", "approved_by", "name", "note" }, 3,
		      { "kind", "requested_on", "approved_by" } },
	[T_BOOKING] = { "booking", { "staff", "date", "table", "amount", "name", "note" }, 3, { "table" } },
	[T_INCIDENT] = { "incident", { "staff", "date", "code", "severity", "amount", "value", "name", "note" }, 3,
			 { "code", "severity", "value" } },
	[T_LEDGER] = { "ledger", { "staff", "date", "code", "rule", "kind", "amount", "note" }, 5, { "rule" } },
};

/* Where the columns are in the file being read (-1: absent). */
struct cols {
	int staff, date, in, out, kind, requested_on, approved_by, table, amount, code, severity;
	int value, note, rule;
};

static int
in_list(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n && list[i]; i++)
		if (!strcmp(list[i], name))
			return 1;
	return 0;
}

/* The header's columns as "a,b,c" (those of ti missing from it only, when ti), for a diagnostic. */
static char *
header_text(struct crm_input *in, const struct rtype_info *ti)
{
	size_t i, n = crm_input_ncols(in), len = 0, k;
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(crm_input_colname(in, i)) + 4;
	s = xmalloc(len + 1);
	for (i = 0, len = 0; i < n; i++) {
		const char *name = crm_input_colname(in, i);
		if (ti && in_list(ti->cols, NELEM(ti->cols), name))
			continue;
		if (len) {
			s[len++] = ',';
			if (ti)
				s[len++] = ' ';
		}
		if (ti)
			s[len++] = '\'';
		k = strlen(name);
		memcpy(s + len, name, k);
		len += k;
		if (ti)
			s[len++] = '\'';
	}
	s[len] = '\0';
	return s;
}

/*
 * The record type of the open file from its header; -1 after a diagnostic.
 * A ledger (told by its rule column) is a record type of --history only.
 * Columns of no use to the type (a clock's 部门, 卡号) are left out with a note.
 */
static int
header_type(struct crm_input *in, const struct crm_pos *pos)
{
	size_t i, n = crm_input_ncols(in), by = 0;
	int t, found = -1;

	if (crm_input_has(in, "rule"))
		found = T_LEDGER;
	for (t = 0; t < T_LEDGER && found != T_LEDGER; t++)
		for (i = 0; i < n; i++)
			if (in_list(rtypes[t].marks, NELEM(rtypes[t].marks), crm_input_colname(in, i))) {
				if (found >= 0 && found != t) {
					crm_warn_at(pos, "the header mixes %s and %s columns ('%s' and '%s'): one record type per file",
						    rtypes[found].name, rtypes[t].name,
						    crm_input_colname(in, by), crm_input_colname(in, i));
					return -1;
				}
				found = t;
				by = i;
			}
	if (found < 0) {
		char *h = header_text(in, NULL);
		crm_warn_at(pos, "unknown header '%s': expected punches (staff,date,in,out), leave (staff,date,kind,requested_on,approved_by), bookings (staff,date,table,amount) or incidents (staff,date,code,severity,amount,value,note)",
			    h);
		free(h);
		return -1;
	}
	const struct rtype_info *ti = &rtypes[found];
	for (i = 0; i < ti->nreq; i++)
		if (!crm_input_has(in, ti->cols[i])) {
			crm_warn_at(pos, "a %s file needs the column '%s'", ti->name, ti->cols[i]);
			return -1;
		}
	char *h = header_text(in, ti);
	if (*h)
		crm_warn_at(pos, "note: ignored the column%s %s, which a %s file does not use",
			    strchr(h, ',') ? "s" : "", h, ti->name);
	free(h);
	return found;
}

static void
cols_find(struct crm_input *in, struct cols *c)
{
	c->staff = crm_input_col(in, "staff");
	c->date = crm_input_col(in, "date");
	c->in = crm_input_col(in, "in");
	c->out = crm_input_col(in, "out");
	c->kind = crm_input_col(in, "kind");
	c->requested_on = crm_input_col(in, "requested_on");
	c->approved_by = crm_input_col(in, "approved_by");
	c->table = crm_input_col(in, "table");
	c->amount = crm_input_col(in, "amount");
	c->code = crm_input_col(in, "code");
	c->severity = crm_input_col(in, "severity");
	c->value = crm_input_col(in, "value");
	c->note = crm_input_col(in, "note");
	c->rule = crm_input_col(in, "rule");
}

/* A field without the spaces around it: s itself when it has none, else a copy in *own. */
static const char *
field_trim(const char *s, char **own)
{
	size_t n = strlen(s);

	*own = NULL;
	if (!n || (*s != ' ' && *s != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t'))
		return s;
	while (*s == ' ' || *s == '\t')
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return *own = xstrndup(s, n);
}

static const char *
get(const struct crm_rec *rec, int col)
{
	return col >= 0 ? rec->f[col] : "";
}

/* A bad record of s (at pos): s's statement is incomplete. */
static int
bad(struct run *x, struct staff *s, const struct crm_pos *pos)
{
	if (s) {
		if (!s->bad++) {
			s->bad_file = pos->file;
			s->bad_line = pos->line;
		}
	} else {
		x->lost = 1;
	}
	x->status = CRM_ERROR;
	return -1;
}

/*
 * The staff member and shift date of a record: 1; 0 when the record is
 * left out (dated outside the period, with a note); -1 after a diagnostic.
 */
static int
rec_staff(struct run *x, const struct crm_rec *rec, const struct cols *c, struct staff **sp,
	  int32_t *date)
{
	char *own, buf[CRM_DATE_LEN];
	const char *id = field_trim(rec->f[c->staff], &own);
	struct staff *s;
	int got;

	*sp = NULL;
	if (!*id) {
		crm_warn_at(&rec->pos, "staff: expected a staff id, found '%s'", rec->f[c->staff]);
		free(own);
		return bad(x, NULL, &rec->pos);
	}
	s = roster_get(&x->roster, id);
	free(own);
	if ((got = crm_get_date(rec, c->date, date)) != CRM_FIELD_OK) {
		if (got == CRM_FIELD_EMPTY)
			crm_warn_at(&rec->pos, "date: expected a date (YYYY-MM-DD), found ''");
		return bad(x, s, &rec->pos);
	}
	if (*date < x->lo || *date > x->hi) {
		crm_date_format(*date, buf);
		crm_warn_at(&rec->pos, "note: %s is outside %s: left out", buf, x->period);
		return 0;
	}
	*sp = s;
	if (!x->history) {
		int k = month_key(*date);
		if (k < x->kmin)
			x->kmin = k;
		if (k > x->kmax)
			x->kmax = k;
		if (x->roster_file && !s->listed) {
			if (!s->bad)
				crm_warn_at(&rec->pos, "'%s' is not on the roster %s", s->id, x->roster_file);
			staff_day(s, *date);	/* the month has an (incomplete) statement */
			return bad(x, s, &rec->pos);
		}
	}
	return 1;
}

/* A punch field: a time of day, or a date-time (*abs) made relative to date. */
static int
clock_parse(const char *s, int32_t date, int32_t *secs, int *abs)
{
	int64_t t;
	int32_t tod;

	*abs = strpbrk(s, " T") != NULL;
	if (!*abs) {
		if (crm_time_parse(s, &tod) < 0)
			return -1;
		*secs = tod;
		return 0;
	}
	if (crm_datetime_parse(s, &t) < 0)
		return -1;
	t -= (int64_t)date * DAY;
	*secs = t < -DAY ? -DAY : t > 3 * DAY ? 3 * DAY : (int32_t)t;
	return 0;
}

/* The shift's date and the end of its clock, for a diagnostic. */
static void
shift_text(const struct rules *r, int32_t date, char end[16], char day[CRM_DATE_LEN])
{
	clock_format(r->day_end, end);
	crm_date_format(date, day);
}

/* A bad record of s on date: the month gets s's incomplete statement. */
static int
bad_on(struct run *x, struct staff *s, const struct crm_pos *pos, int32_t date)
{
	staff_day(s, date);
	return bad(x, s, pos);
}

/*
 * BAR-01: a punch's in and out in seconds from its shift date's midnight.
 * A shift runs from day_end on its date to day_end the next day: a bare
 * time before day_end is the next day's, and so is an out that is not
 * after the in.  An out after day_end the next morning is left out with a
 * note (the shift then has no out punch).  0, or -1 after a diagnostic.
 * TODO(lib): the spaces around in and out go once lib/stream trims known columns.
 */
static int
punch_clock(const struct rules *r, const struct crm_rec *rec, const struct cols *c, int32_t date,
	    int32_t *in, int32_t *out)
{
	char *own_in, *own_out;
	const char *is = field_trim(rec->f[c->in], &own_in), *os = field_trim(rec->f[c->out], &own_out);
	const char *what = "in", *v = is;
	char end[16], day[CRM_DATE_LEN];
	int abs, ret = 0;

	*in = *out = NONE;
	if (!*is && !*os) {
		crm_warn_at(&rec->pos, "in, out: a punch needs at least one of them, found neither");
		ret = -1;
		goto done;
	}
	if (*is) {
		if (clock_parse(is, date, in, &abs) < 0)
			goto unreadable;
		if (!abs)
			*in = rules_place(r, *in);
		if (*in < r->day_end)
			goto early;
		if (*in >= DAY + r->day_end)
			goto late;
	}
	if (*os) {
		what = "out", v = os;
		if (clock_parse(os, date, out, &abs) < 0)
			goto unreadable;
		if (!abs && (*in != NONE ? *out <= *in : *out < r->day_end))
			*out += DAY;
		if (*out > DAY + r->day_end) {
			shift_text(r, date, end, day);
			crm_warn_at(&rec->pos, "note: out '%s' is after day_end %s the next morning: left out of the shift of %s (set day_end in the rules file for later shifts)",
				    os, end, day);
			*out = NONE;
			goto done;
		}
		if (*in == NONE && *out < r->day_end)
			goto early;
		if (*in != NONE && *out <= *in) {
			crm_warn_at(&rec->pos, "out: '%s' is not after in '%s'", os, is);
			ret = -1;
		}
	}
	goto done;
unreadable:
	crm_warn_at(&rec->pos, "%s: expected a time (HH:MM) or a date-time, found '%s'", what, v);
	ret = -1;
	goto done;
early:
	shift_text(r, date, end, day);
	crm_warn_at(&rec->pos, "%s: '%s' is before %s on %s: not in the shift of %s", what, v, end,
		    day, day);
	ret = -1;
	goto done;
late:
	shift_text(r, date, end, day);
	crm_warn_at(&rec->pos, "%s: '%s' is after %s the next day: impossible for the shift of %s",
		    what, v, end, day);
	ret = -1;
done:
	free(own_in);
	free(own_out);
	return ret;
}

static void
span_add(struct staff *s, int32_t date)
{
	if (s->first == NONE || date < s->first)
		s->first = date;
	if (s->last == NONE || date > s->last)
		s->last = date;
}

static void
extra_add(struct staff *s, int32_t date, int32_t in, int32_t out)
{
	crm_grow(&s->extra, &s->xcap, s->nextra + 1, sizeof *s->extra);
	s->extra[s->nextra++] = (struct pair){ date, in, out };
}

/*
 * BAR-01: a punch row.  Several rows of one shift (a clock log: out and in
 * again) make one shift, its first in and last out; every row is kept for
 * BAR-06's time away.
 */
static int
read_punch(struct run *x, const struct crm_rec *rec, const struct cols *c, uint32_t file)
{
	int32_t date, in, out;
	struct staff *s;
	struct day *d;
	char day[CRM_DATE_LEN];
	int got = rec_staff(x, rec, c, &s, &date);

	if (got <= 0)
		return got;
	if (punch_clock(x->rules, rec, c, date, &in, &out) < 0)
		return bad_on(x, s, &rec->pos, date);
	if (in == NONE && out == NONE)
		return 0;	/* only an out left out: noted */
	d = staff_day(s, date);
	if (d->leave) {
		crm_date_format(date, day);
		crm_warn_at(&rec->pos, "a punch for '%s' on %s, a day of leave", s->id, day);
		return bad(x, s, &rec->pos);
	}
	if (d->pairs) {
		if (d->pairs == 1)
			extra_add(s, date, d->in, d->out);
		extra_add(s, date, in, out);
		if (in != NONE && (d->in == NONE || in < d->in))
			d->in = in;
		if (out != NONE && (d->out == NONE || out > d->out))
			d->out = out;
		d->pairs++;
		return 0;
	}
	d->in = in;
	d->out = out;
	d->line = rec->pos.line;
	d->file = file;
	d->pairs = 1;
	span_add(s, date);
	return 0;
}

/* BAR-04: a day of leave; one not asked a day ahead or not approved is judged by the statement. */
static int
read_leave(struct run *x, const struct crm_rec *rec, const struct cols *c)
{
	int32_t date, requested = NONE;
	struct staff *s;
	struct day *d;
	char *own, day[CRM_DATE_LEN];
	int k, got = rec_staff(x, rec, c, &s, &date);

	if (got <= 0)
		return got;
	if ((got = crm_get_enum(rec, c->kind, leave_names, &k)) != CRM_FIELD_OK) {
		if (got == CRM_FIELD_EMPTY)
			crm_warn_at(&rec->pos, "kind: expected one of rest, personal, special, found ''");
		return bad_on(x, s, &rec->pos, date);
	}
	if ((got = crm_get_date(rec, c->requested_on, &requested)) == CRM_FIELD_BAD)
		return bad_on(x, s, &rec->pos, date);
	if (got == CRM_FIELD_EMPTY)
		requested = NONE;
	d = staff_day(s, date);
	if (d->line || d->leave) {
		crm_date_format(date, day);
		if (d->line)
			crm_warn_at(&rec->pos, "a leave for '%s' on %s, a day with a punch (%s:%ld)",
				    s->id, day, x->files[d->file], d->line);
		else
			crm_warn_at(&rec->pos, "a second leave for '%s' on %s", s->id, day);
		return bad(x, s, &rec->pos);
	}
	const char *approver = field_trim(get(rec, c->approved_by), &own);
	crm_grow(&s->leaves, &s->lcap, s->nleaves + 1, sizeof *s->leaves);
	s->leaves[s->nleaves] = (struct leave){ date, requested, (enum leave_kind)k,
						xstrdup(approver) };
	d->leave = (uint32_t)++s->nleaves;
	free(own);
	span_add(s, date);
	return 0;
}

static int
read_booking(struct run *x, const struct crm_rec *rec, const struct cols *c)
{
	int32_t date;
	int64_t amount = 0;
	struct staff *s;
	struct day *d;
	int got = rec_staff(x, rec, c, &s, &date);

	if (got <= 0)
		return got;
	if ((got = crm_get_money(rec, c->amount, &amount)) == CRM_FIELD_BAD)
		return bad_on(x, s, &rec->pos, date);
	if (got == CRM_FIELD_EMPTY)
		amount = 0;
	if (amount < 0) {
		crm_warn_at(&rec->pos, "amount: expected an amount of at least 0, found '%s'",
			    rec->f[c->amount]);
		return bad_on(x, s, &rec->pos, date);
	}
	d = staff_day(s, date);
	if (crm_money_add(d->booked, amount, &d->booked) < 0) {
		crm_warn_at(&rec->pos, "amount: the bookings' total overflows");
		return bad(x, s, &rec->pos);
	}
	d->bookings++;
	return 0;
}

/*
 * BAR-06…12: an incident's amount from its code: severity low (the
 * minimum) or high (the maximum) of the code's range, or an amount inside
 * it; impolite with a complaint is 200 (BAR-08); a tip is max(200, 2 ×
 * value) (BAR-09) and damage 2 × value (BAR-10), "or more"; statuses have
 * none (-1).  NULL, or a message (freed by the caller).
 */
static char *
incident_amount(const struct rules *r, enum code c, int sev, const char *amount_s,
		int64_t amount, int64_t value, int64_t *out)
{
	const char *name = code_names[c].name;
	int64_t min = r->amount[c].min, max = r->amount[c].max, v;
	char *rt, *msg;

	*out = -1;
	if (codes[c].kind == K_STATUS) {
		if (sev != SEV_NONE || amount >= 0)
			return xasprintf("code '%s' gives a status, not an amount: leave severity and amount empty",
					 name);
		return NULL;
	}
	if (sev != SEV_NONE && amount >= 0)
		return xasprintf("give severity or amount for code '%s', not both", name);
	if ((sev == SEV_LONG && c != C_UNAUTHORIZED_LEAVE && c != C_LATE_RETURN) ||
	    (sev == SEV_COMPLAINT && c != C_IMPOLITE) ||
	    ((sev == SEV_LOW || sev == SEV_HIGH) && c == C_LATE_RETURN))
		return xasprintf("severity: '%s' does not apply to code '%s'", severity_names[sev].name,
				 name);
	if (c == C_LATE_RETURN || (c == C_UNAUTHORIZED_LEAVE && sev == SEV_LONG)) {
		if (amount >= 0)
			return xasprintf("amount: code '%s' counts as %s: leave amount empty", name,
					 sev == SEV_LONG ? "an absence" : "a late");
		*out = 0;	/* BAR-06: the late or absence is fined by its own rule */
		return NULL;
	}
	if (c == C_TIP && value >= 0) {
		if (crm_money_mul(value, r->tip_times, &v) < 0)
			return xasprintf("value: too large for code '%s'", name);
		if (v > min)
			min = v;
	}
	if (c == C_DAMAGE) {
		if (value < 0)
			return xasprintf("value: code 'damage' needs the value of the damaged property, found ''");
		if (crm_money_mul(value, r->damage_times, &min) < 0)
			return xasprintf("value: too large for code '%s'", name);
	}
	if (sev == SEV_COMPLAINT) {
		*out = r->complaint;
		return NULL;
	}
	if (sev == SEV_NONE && amount < 0 && (c == C_POACHING || c == C_REPEAT_GIFT)) {
		*out = max;	/* BAR-16: fined as disobeying, at the top of the range */
		return NULL;
	}
	if (sev == SEV_LOW || (sev == SEV_NONE && amount < 0 && (min == max || max < 0))) {
		*out = min;
		return NULL;
	}
	if (sev == SEV_HIGH) {
		if (max < 0)
			return xasprintf("severity: code '%s' has no maximum: give an amount", name);
		*out = max;
		return NULL;
	}
	rt = range_text(min, max);
	if (amount < 0)
		msg = xasprintf("code '%s' needs severity low or high, or an amount within %s", name, rt);
	else if (max < 0 && amount < min) {
		char lo[CRM_MONEY_LEN];
		crm_money_format(min, lo);
		msg = xasprintf("amount '%s' below %s for code '%s'", amount_s, lo, name);
	}
	else if (amount < min || (max >= 0 && amount > max))
		msg = xasprintf("amount '%s' outside %s for code '%s'", amount_s, rt, name);
	else
		msg = NULL, *out = amount;
	free(rt);
	return msg;
}

/* An incident's code: 0, or -1 after a diagnostic. */
static int
incident_code(const struct crm_rec *rec, const struct cols *c, int *code)
{
	char *own;
	const char *cs = field_trim(rec->f[c->code], &own);

	*code = crm_enum_parse(code_names, cs);
	free(own);
	if (*code >= 0 && (*code < C_FIRST_INCIDENT || *code > C_LAST_INCIDENT)) {
		crm_warn_at(&rec->pos, "code: '%s' comes from the punches, leave and bookings, not from incidents",
			    rec->f[c->code]);
		return -1;
	}
	if (*code < 0) {
		crm_warn_at(&rec->pos, "code: unknown incident code '%s' (barfine --codes lists them)",
			    rec->f[c->code]);
		return -1;
	}
	return 0;
}

static int
read_incident(struct run *x, const struct crm_rec *rec, const struct cols *c)
{
	int32_t date;
	int64_t amount = -1, value = -1, resolved;
	struct staff *s;
	char *msg;
	int code, sev = SEV_NONE, got = rec_staff(x, rec, c, &s, &date);

	if (got <= 0)
		return got;
	if (incident_code(rec, c, &code) < 0)
		return bad_on(x, s, &rec->pos, date);
	if (crm_get_enum(rec, c->severity, severity_names, &sev) == CRM_FIELD_BAD)
		return bad_on(x, s, &rec->pos, date);
	if ((got = crm_get_money(rec, c->amount, &amount)) == CRM_FIELD_BAD)
		return bad_on(x, s, &rec->pos, date);
	if (got == CRM_FIELD_OK && amount < 0) {
		crm_warn_at(&rec->pos, "amount: expected an amount of at least 0, found '%s'",
			    rec->f[c->amount]);
		return bad_on(x, s, &rec->pos, date);
	}
	if ((got = crm_get_money(rec, c->value, &value)) == CRM_FIELD_BAD)
		return bad_on(x, s, &rec->pos, date);
	if (got == CRM_FIELD_EMPTY)
		value = -1;
	else if (value < 0) {
		crm_warn_at(&rec->pos, "value: expected an amount of at least 0, found '%s'",
			    rec->f[c->value]);
		return bad_on(x, s, &rec->pos, date);
	}
	if ((msg = incident_amount(x->rules, (enum code)code, sev, get(rec, c->amount), amount, value,
				   &resolved))) {
		crm_warn_at(&rec->pos, "%s", msg);
		free(msg);
		return bad_on(x, s, &rec->pos, date);
	}
	if ((code == C_POACHING || code == C_REPEAT_GIFT) && sev == SEV_NONE && amount < 0)
		sev = SEV_HIGH;	/* BAR-16: the top of the range */
	crm_grow(&s->inc, &s->icap, s->ninc + 1, sizeof *s->inc);
	s->inc[s->ninc++] = (struct incident){ date, month_key(date), (enum code)code,
					       (enum severity)sev, resolved, value,
					       xstrdup(get(rec, c->note)) };
	staff_day(s, date);	/* the month has a statement */
	return 0;
}

static uint32_t
file_index(struct run *x, const char *name)
{
	x->files = xreallocarray(x->files, x->nfiles + 1, sizeof *x->files);
	x->files[x->nfiles] = name;
	return (uint32_t)x->nfiles++;
}

int
read_input(struct run *x, const char *path)
{
	char *files[] = { (char *)path };
	struct crm_input *in = crm_input_open(files, 1, x->o, &any_type);
	const struct crm_rec *rec;
	struct cols c;
	int type, r, stopped = 0;

	if (!crm_input_ncols(in)) {
		/* Empty, or unreadable: said already. */
		if (crm_input_status(in) != CRM_OK)
			x->lost = 1, x->status = CRM_ERROR;
		crm_input_free(in);
		return x->lost && x->o->strict ? -1 : 0;	/* lost: nothing is written */
	}
	struct crm_pos hdr = { crm_input_pos(in)->file, 1 };
	if ((type = header_type(in, &hdr)) == T_LEDGER) {
		crm_warn_at(&hdr, "a ledger: earlier ledgers are read with --history");
		type = -1;
	}
	if (type < 0) {
		x->lost = 1;
		x->status = CRM_ERROR;
		crm_input_free(in);
		return x->o->strict ? -1 : 0;
	}
	uint32_t file = file_index(x, crm_input_pos(in)->file);
	cols_find(in, &c);
	while (crm_input_next(in, &rec)) {
		switch (type) {
		case T_PUNCH:
			r = read_punch(x, rec, &c, file);
			break;
		case T_LEAVE:
			r = read_leave(x, rec, &c);
			break;
		case T_BOOKING:
			r = read_booking(x, rec, &c);
			break;
		default:
			r = read_incident(x, rec, &c);
			break;
		}
		if (r < 0 && x->o->strict) {
			stopped = 1;
			break;
		}
	}
	if (crm_input_status(in) != CRM_OK) {
		x->lost = 1;
		x->status = CRM_ERROR;
		stopped |= x->o->strict;
	}
	crm_input_free(in);
	if (stopped)
		x->lost = 1;	/* --strict: the rest is unread, any statement may be wrong */
	return stopped ? -1 : 0;
}

static int
cmp_date(const void *a, const void *b)
{
	const int32_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

/* An earlier status of s (date, code): the earliest one counts. */
static void
gone_set(struct staff *s, int32_t date, enum code code)
{
	if (s->gone.date == NONE || date < s->gone.date) {
		s->gone.date = date;
		s->gone.code = code;
		s->gone.rule = code == C_QUARREL ? "BAR-14" : codes[code].rule;
	}
}

/*
 * One history row (an incident, or a ledger row when ledger): BAR-14's
 * quarrels and the statuses a manager left with.  0, or -1 after a
 * diagnostic.
 */
static int
history_row(struct run *x, const struct crm_rec *rec, const struct cols *c, int ledger,
	    int32_t before)
{
	char *own;
	const char *id = field_trim(rec->f[c->staff], &own);
	int32_t date;
	int code, kind = -1, got;
	struct staff *s;

	if (!*id) {
		crm_warn_at(&rec->pos, "staff: expected a staff id, found '%s'", rec->f[c->staff]);
		free(own);
		return -1;
	}
	s = roster_get(&x->roster, id);
	free(own);
	if ((got = crm_get_date(rec, c->date, &date)) != CRM_FIELD_OK) {
		if (got == CRM_FIELD_EMPTY)
			crm_warn_at(&rec->pos, "date: expected a date (YYYY-MM-DD), found ''");
		return -1;
	}
	if (!ledger) {
		if (incident_code(rec, c, &code) < 0)
			return -1;
	} else if ((code = crm_enum_parse(code_names, rec->f[c->code])) < 0) {
		crm_warn_at(&rec->pos, "code: unknown code '%s' (barfine --codes lists them)", rec->f[c->code]);
		return -1;
	} else if ((got = crm_get_enum(rec, c->kind, kind_names, &kind)) != CRM_FIELD_OK) {
		if (got == CRM_FIELD_EMPTY)
			crm_warn_at(&rec->pos, "kind: expected one of fine, reward, status, leave, warning, found ''");
		return -1;
	} else if (code == C_INCOMPLETE) {
		crm_warn_at(&rec->pos, "the statement of '%s' is incomplete: make that month's again first",
			    s->id);
		return -1;
	}
	if (date >= before)
		return 0;	/* the input's months say it */
	if (code == C_QUARREL && (!ledger || kind == K_FINE)) {	/* a ledger: one fine per quarrel */
		crm_grow(&s->qdates, &s->qcap, s->nq + 1, sizeof *s->qdates);
		s->qdates[s->nq++] = date;
	}
	if (code == C_LEFT && kind == K_STATUS)
		gone_set(s, date - 1, C_LEFT);
	else if ((code == C_FIGHT || code == C_VICE || code == C_LEAK || code == C_INSUBORDINATION ||
		  code == C_DEEMED_RESIGNED) && (!ledger || kind == K_STATUS))
		gone_set(s, date, (enum code)code);
	else if (code == C_QUARREL && ledger && kind == K_STATUS)
		gone_set(s, date, C_QUARREL);
	return 0;
}

void
read_history(struct run *x, const char *path, int32_t before)
{
	char *files[] = { (char *)path };
	struct crm_input *in = crm_input_open(files, 1, x->o, &any_type);
	const struct crm_rec *rec;
	struct cols c;
	int type, bad = 0;

	if (!crm_input_ncols(in)) {
		int st = crm_input_status(in);
		crm_input_free(in);
		if (st != CRM_OK)
			exit(crm_finish(CRM_ERROR));
		return;		/* empty: no earlier months */
	}
	struct crm_pos hdr = { crm_input_pos(in)->file, 1 };
	if ((type = header_type(in, &hdr)) < 0)
		bad = 1;
	else if (type != T_INCIDENT && type != T_LEDGER) {
		crm_warn_at(&hdr, "--history: a %s file; history is earlier incidents or ledgers",
			    rtypes[type].name);
		bad = 1;
	}
	if (!bad) {
		cols_find(in, &c);
		while (crm_input_next(in, &rec))
			if (history_row(x, rec, &c, type == T_LEDGER, before) < 0)
				bad = 1;
		bad |= crm_input_status(in) != CRM_OK;
	}
	crm_input_free(in);
	if (bad) {
		crm_warn("%s: bad history file; nothing was done", path);
		exit(crm_finish(CRM_ERROR));
	}
	/* BAR-14: the quarrels_to_dismiss-th quarrel of the history dismissed. */
	long k = x->rules->quarrels_to_dismiss;
	for (size_t i = 0; k && i < x->roster.n; i++) {
		struct staff *s = x->roster.staff[i];
		if (s->nq < (size_t)k)
			continue;
		qsort(s->qdates, s->nq, sizeof *s->qdates, cmp_date);
		gone_set(s, s->qdates[k - 1], C_QUARREL);
	}
}

static const struct crm_col roster_cols[] = {
	{ "staff", "工号", CRM_STR, NULL }, { "staff", "id", CRM_STR, NULL },
	{ "staff", "员工", CRM_STR, NULL },
	{ "name", "姓名", CRM_STR, NULL },
	{ "hired_on", "入职日期", CRM_DATE, NULL }, { "hired_on", "hired", CRM_DATE, NULL },
	{ "left_on", "离职日期", CRM_DATE, NULL }, { "left_on", "left", CRM_DATE, NULL },
};
static const struct crm_type roster_type = { "roster", roster_cols, NELEM(roster_cols) };

/* A roster date: 0 (NONE when empty), or -1 after a diagnostic. */
static int
roster_date(const struct crm_rec *rec, int col, int32_t *date)
{
	int got = col < 0 ? CRM_FIELD_EMPTY : crm_get_date(rec, col, date);

	if (got == CRM_FIELD_EMPTY)
		*date = NONE;
	return got == CRM_FIELD_BAD ? -1 : 0;
}

/* BAR-05, BAR-11: who was employed from when to when. */
void
read_roster(struct run *x, const char *path)
{
	struct crm_table *t = crm_settings_load(path, x->o, &roster_type, "roster");
	int cs = crm_table_col(t, "staff"), ch = crm_table_col(t, "hired_on");
	int cl = crm_table_col(t, "left_on"), bad = 0;
	char day[CRM_DATE_LEN];

	if (cs < 0) {
		crm_warn("%s: a roster needs the column staff (or id, 工号)", path);
		exit(crm_finish(CRM_ERROR));
	}
	for (size_t i = 0; i < crm_table_len(t); i++) {
		const struct crm_rec *rec = crm_table_rec(t, i);
		char *own;
		const char *id = field_trim(rec->f[cs], &own);
		int32_t hired, left;
		struct staff *s;

		if (!*id) {
			crm_warn_at(&rec->pos, "staff: expected a staff id, found ''");
			bad = 1;
		} else if (roster_date(rec, ch, &hired) < 0 || roster_date(rec, cl, &left) < 0) {
			bad = 1;
		} else if ((s = roster_get(&x->roster, id))->listed) {
			crm_warn_at(&rec->pos, "'%s' is on the roster twice", id);
			bad = 1;
		} else if (hired != NONE && left != NONE && left < hired) {
			crm_date_format(left, day);
			crm_warn_at(&rec->pos, "left_on: %s is before hired_on", day);
			bad = 1;
		} else {
			s->listed = 1;
			s->hired = hired;
			s->left = left;
		}
		free(own);
	}
	crm_table_free(t);
	if (bad) {
		crm_warn("%s: bad roster file; nothing was done", path);
		exit(crm_finish(CRM_ERROR));
	}
	x->roster_file = path;
}
