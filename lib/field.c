/* field: typed values and record getters with file:line diagnostics. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "field.h"
#include "money.h"
#include "stream.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
int32_t
crm_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
crm_date_ymd(int32_t day, int *y, int *m, int *d)
{
	int32_t z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
crm_date_wday(int32_t day)
{
	return (int)((day % 7 + 11) % 7);	/* 1970-01-01 was a Thursday */
}

int
crm_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

void
crm_date_format(int32_t day, char buf[CRM_DATE_LEN])
{
	int y, m, d;

	crm_date_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	buf[0] = '0' + y / 1000; buf[1] = '0' + y / 100 % 10;
	buf[2] = '0' + y / 10 % 10; buf[3] = '0' + y % 10;
	buf[4] = '-'; buf[5] = '0' + m / 10; buf[6] = '0' + m % 10;
	buf[7] = '-'; buf[8] = '0' + d / 10; buf[9] = '0' + d % 10;
	buf[10] = '\0';
}

/* Read min..max digits at *s; returns the value, or -1 when fewer than min. */
static int
digits(const char **s, int min, int max)
{
	int n = 0, v = 0;

	while (n < max && **s >= '0' && **s <= '9') {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n >= min ? v : -1;
}

/* Consume the separator sep (an ASCII char or a UTF-8 string) at *s. */
static int
skip(const char **s, const char *sep)
{
	size_t n = strlen(sep);

	if (strncmp(*s, sep, n))
		return 0;
	*s += n;
	return 1;
}

const char *
crm_trim(const char *s, size_t *n)
{
	size_t k = *n;

	for (;;) {
		if (k && (*s == ' ' || *s == '\t'))
			s++, k--;
		else if (k >= 3 && !memcmp(s, "\xe3\x80\x80", 3))
			s += 3, k -= 3;
		else
			break;
	}
	for (;;) {
		if (k && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		else if (k >= 3 && !memcmp(s + k - 3, "\xe3\x80\x80", 3))
			k -= 3;
		else
			break;
	}
	*n = k;
	return s;
}

/*
 * s trimmed, with full-width ASCII forms (ＡＢ１２：－／．, U+FF01–U+FF5E)
 * and the full-width space made ASCII, into buf; NULL when it does not fit.
 */
static const char *
halfwidth(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s), k = 0;
	const unsigned char *p = (const unsigned char *)crm_trim(s, &n), *e = p + n;

	while (p < e) {
		if (k + 1 >= size)
			return NULL;
		if (e - p >= 3 && p[0] == 0xEF && ((p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF) ||
						   (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E))) {
			buf[k++] = (char)(p[1] == 0xBC ? p[2] - 0x81 + 0x21 : p[2] - 0x80 + 0x60);
			p += 3;
		} else if (e - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
			buf[k++] = ' ';
			p += 3;
		} else {
			buf[k++] = (char)*p++;
		}
	}
	buf[k] = '\0';
	return buf;
}

/* Whether s[0, n) is n ASCII digits. */
static int
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A date in any of the forms of crm_date_parse, as year, month and day (not yet checked). */
static int
date_fields(const char *s, int *y, int *m, int *d)
{
	char buf[64];

	/* The common case, ISO and nothing around it, without the copy. */
	if (all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2) && s[7] == '-' &&
	    all_digits(s + 8, 2) && !s[10]) {
		*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		*m = (s[5] - '0') * 10 + (s[6] - '0');
		*d = (s[8] - '0') * 10 + (s[9] - '0');
		return 0;
	}
	if (!(s = halfwidth(s, buf, sizeof buf)) || (*y = digits(&s, 4, 4)) < 0)
		return -1;
	if (skip(&s, "-")) {
		*m = digits(&s, 1, 2);
		if (*m < 0 || !skip(&s, "-"))
			return -1;
		*d = digits(&s, 1, 2);
	} else if (skip(&s, "/")) {
		*m = digits(&s, 1, 2);
		if (*m < 0 || !skip(&s, "/"))
			return -1;
		*d = digits(&s, 1, 2);
	} else if (skip(&s, ".")) {
		*m = digits(&s, 1, 2);
		if (*m < 0 || !skip(&s, "."))
			return -1;
		*d = digits(&s, 1, 2);
	} else if (skip(&s, "年")) {
		*m = digits(&s, 1, 2);
		if (*m < 0 || !skip(&s, "月"))
			return -1;
		*d = digits(&s, 1, 2);
		if (*d >= 0 && !skip(&s, "日"))
			return -1;
	} else {
		return -1;
	}
	return *d < 0 || *s ? -1 : 0;
}

int
crm_date_parse(const char *s, int32_t *day)
{
	int y, m, d;

	if (date_fields(s, &y, &m, &d) < 0 || y < CRM_DATE_MIN_YEAR || y > CRM_DATE_MAX_YEAR ||
	    m < 1 || m > 12 || d < 1 || d > crm_days_in_month(y, m))
		return -1;
	*day = crm_date_from_ymd(y, m, d);
	return 0;
}

/* SVC-05: the same day of the month n months later, clamped to that month's end. */
int32_t
crm_date_add_months(int32_t day, int n)
{
	int y, m, d, months, dim;

	crm_date_ymd(day, &y, &m, &d);
	months = y * 12 + (m - 1) + n;
	y = months >= 0 ? months / 12 : -((11 - months) / 12);
	m = months - y * 12 + 1;
	dim = crm_days_in_month(y, m);
	return crm_date_from_ymd(y, m, d < dim ? d : dim);
}

/* Floor division of seconds into days, for times before 1970 too. */
static int32_t
day_of(int64_t secs)
{
	return (int32_t)(secs >= 0 ? secs / 86400 : -((86399 - secs) / 86400));
}

/* Today's day number: --today (or CRM_TODAY) when set, else the clock in UTC+8. */
int32_t
crm_today(const struct crm_opts *o)
{
	int32_t day;
	int64_t t;

	if (o && o->today) {
		if (crm_date_parse(o->today, &day) < 0)
			crm_die("--today: expected a date (YYYY-MM-DD), found '%s'", o->today);
		return day;
	}
	t = (int64_t)time(NULL) + 8 * 3600;
	return day_of(t);
}

int64_t
crm_now(const struct crm_opts *o)
{
	int64_t t = (int64_t)time(NULL) + 8 * 3600;	/* China Standard Time */
	int64_t tod = t - (int64_t)day_of(t) * 86400;

	if (o && o->today)
		return (int64_t)crm_today(o) * 86400 + tod;
	return t;
}

void
crm_datetime_format(int64_t secs, char buf[CRM_DATETIME_LEN])
{
	int32_t day = day_of(secs);
	int tod = (int)(secs - (int64_t)day * 86400), h = tod / 3600, m = tod / 60 % 60;
	int s = tod % 60;

	crm_date_format(day, buf);
	buf[10] = ' ';
	buf[11] = '0' + h / 10; buf[12] = '0' + h % 10; buf[13] = ':';
	buf[14] = '0' + m / 10; buf[15] = '0' + m % 10; buf[16] = ':';
	buf[17] = '0' + s / 10; buf[18] = '0' + s % 10; buf[19] = '\0';
}

int
crm_exp_plain(const char *e, char buf[CRM_PLAIN_LEN])
{
	char digits[24];
	const char *p = e;
	int nd = 0, exp, i;
	size_t k = 0;

	if (*p == '-')
		p++;
	for (; *p && *p != 'e' && *p != 'E'; p++)
		if (*p >= '0' && *p <= '9' && nd < (int)sizeof digits)
			digits[nd++] = *p;
	exp = *p ? atoi(p + 1) : 0;
	if (exp < -10 || exp > 20 || nd == 0)
		return -1;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (e[0] == '-')
		buf[k++] = '-';
	if (exp < 0) {
		buf[k++] = '0';
		buf[k++] = '.';
		for (i = -1; i > exp; i--)
			buf[k++] = '0';
		for (i = 0; i < nd; i++)
			buf[k++] = digits[i];
	} else {
		for (i = 0; i <= exp; i++)
			buf[k++] = i < nd ? digits[i] : '0';
		if (nd > exp + 1) {
			buf[k++] = '.';
			for (i = exp + 1; i < nd; i++)
				buf[k++] = digits[i];
		}
	}
	buf[k] = '\0';
	return 0;
}

int
crm_time_parse(const char *s, int32_t *secs)
{
	char buf[32];
	int h, m, sec = 0;

	if (!(s = halfwidth(s, buf, sizeof buf)) || (h = digits(&s, 1, 2)) < 0 || !skip(&s, ":") || (m = digits(&s, 2, 2)) < 0)
		return -1;
	if (skip(&s, ":") && (sec = digits(&s, 2, 2)) < 0)
		return -1;
	if (*s || h > 23 || m > 59 || sec > 59)
		return -1;
	*secs = h * 3600 + m * 60 + sec;
	return 0;
}

int
crm_datetime_parse(const char *s, int64_t *secs)
{
	char date[64], buf[96];
	const char *sep;
	int32_t day, tod;

	/* No date form contains ' ' or 'T', so the first one ends the date. */
	if (!(s = halfwidth(s, buf, sizeof buf)) || !(sep = strpbrk(s, " T")) ||
	    (size_t)(sep - s) >= sizeof date)
		return -1;
	memcpy(date, s, sep - s);
	date[sep - s] = '\0';
	while (sep[1] == ' ')
		sep++;
	if (crm_date_parse(date, &day) < 0 || crm_time_parse(sep + 1, &tod) < 0)
		return -1;
	*secs = (int64_t)day * 86400 + tod;
	return 0;
}

static const int64_t pow10_tab[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000
};

int
crm_dec_parse(const char *s, struct crm_dec *d)
{
	int neg = 0, scale = 0, ndigits = 0;
	int64_t v = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	/* Accumulate toward the sign so that INT64_MIN itself still parses. */
	for (; *s >= '0' && *s <= '9'; s++, ndigits++)
		if (__builtin_mul_overflow(v, 10, &v) ||
		    (neg ? __builtin_sub_overflow(v, *s - '0', &v)
			 : __builtin_add_overflow(v, *s - '0', &v)))
			return -1;
	if (ndigits == 0)
		return -1;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			if (++scale > CRM_DEC_MAXSCALE || __builtin_mul_overflow(v, 10, &v) ||
			    (neg ? __builtin_sub_overflow(v, *s - '0', &v)
				 : __builtin_add_overflow(v, *s - '0', &v)))
				return -1;
	if (*s)
		return -1;
	d->v = v;
	d->scale = scale;
	return 0;
}

int
crm_dec_rescale(struct crm_dec *d, int scale)
{
	int64_t v;

	if (scale < 0 || scale > CRM_DEC_MAXSCALE || d->scale < 0 || d->scale > CRM_DEC_MAXSCALE)
		return -1;
	if (scale >= d->scale) {
		if (__builtin_mul_overflow(d->v, pow10_tab[scale - d->scale], &v))
			return -1;
	} else {
		if (d->v % pow10_tab[d->scale - scale] != 0)
			return -1;
		v = d->v / pow10_tab[d->scale - scale];
	}
	d->v = v;
	d->scale = scale;
	return 0;
}

void
crm_dec_format(struct crm_dec d, char *buf, size_t size)
{
	uint64_t mag, p;
	const char *sign = d.v < 0 ? "-" : "";

	if (size == 0)
		return;
	if (d.scale < 0 || d.scale > CRM_DEC_MAXSCALE) {
		buf[0] = '\0';
		return;
	}
	mag = d.v < 0 ? -(uint64_t)d.v : (uint64_t)d.v;
	p = (uint64_t)pow10_tab[d.scale];
	if (d.scale == 0)
		snprintf(buf, size, "%s%" PRIu64, sign, mag);
	else
		snprintf(buf, size, "%s%" PRIu64 ".%0*" PRIu64, sign, mag / p, d.scale, mag % p);
}

int
crm_enum_parse(const struct crm_alias *tab, const char *s)
{
	size_t n;
	int i;

	if (!tab || !s)
		return -1;
	n = strlen(s);
	s = crm_trim(s, &n);
	if (n == 0)
		return -1;
	for (i = 0; tab[i].name; i++)
		if (strlen(tab[i].name) == n && !strncasecmp(tab[i].name, s, n))
			return i;
	for (i = 0; tab[i].name; i++)
		if (tab[i].zh && strlen(tab[i].zh) == n && !memcmp(tab[i].zh, s, n))
			return i;
	return -1;
}

int
crm_bool_parse(const char *s)
{
	static const struct crm_alias yes[] = {
		{ "yes", "是" }, { "true", NULL }, { "1", NULL }, { "y", NULL }, { NULL, NULL }
	};
	static const struct crm_alias no[] = {
		{ "no", "否" }, { "false", NULL }, { "0", NULL }, { "n", NULL }, { NULL, NULL }
	};

	if (crm_enum_parse(yes, s) >= 0)
		return 1;
	if (crm_enum_parse(no, s) >= 0)
		return 0;
	return -1;
}

/*
 * Whether d[0..n) is a landline with its leading 0: area 010, 02X or 0XXX,
 * then a 7–8 digit local number; *area gets the area code's length.
 */
static int
landline(const char *d, size_t n, size_t *area)
{
	if (n < 2 || d[0] != '0')
		return 0;
	if (d[1] == '1')
		*area = n > 2 && d[2] == '0' ? 3 : 0;
	else if (d[1] == '2')
		*area = 3;
	else if (d[1] >= '3' && d[1] <= '9')
		*area = 4;
	else
		*area = 0;
	/* 010 and 020–029 have 8-digit local numbers; other areas 7 or 8. */
	return *area && n >= *area + (*area == 3 ? 8 : 7) && n <= *area + 8 && d[*area] != '0';
}

/*
 * Consume a space or parenthesis that a phone number may carry for
 * readability; *depth tracks the parentheses, which must pair up.
 */
static int
phone_space(const char **s, int *depth)
{
	if (skip(s, " ") || skip(s, "\t") || skip(s, "\xe3\x80\x80"))
		return 1;
	if (skip(s, "(") || skip(s, "（"))
		return ++*depth == 1 ? 1 : -1;
	if (skip(s, ")") || skip(s, "）"))
		return --*depth == 0 ? 1 : -1;
	return 0;
}

/* Consume an extension marker: "ext", "ext.", "x", "#", "转" or "分机". */
static int
phone_ext(const char **s)
{
	if (!strncasecmp(*s, "ext", 3)) {
		*s += 3;
		skip(s, ".");
		return 1;
	}
	return skip(s, "x") || skip(s, "X") || skip(s, "#") || skip(s, "转") ||
	       skip(s, "分机");
}

/*
 * CM-03: normalise a mainland mobile or a landline with area code; a
 * hyphen group after a complete landline is its extension.
 */
int
crm_phone_norm(const char *s, char out[CRM_PHONE_LEN])
{
	char num[24], ext[8], half[96];
	const char *d;
	size_t nd = 1, ne = 0, cut[8], ncut = 0, area, end, len, i;
	int intl = 0, in_ext = 0, depth = 0, sp;

	/* The common case, a mobile's eleven digits and nothing else, without the parse. */
	if (s[0] == '1' && s[1] >= '3' && s[1] <= '9' && all_digits(s + 2, 9) && !s[11]) {
		memcpy(out, s, 12);
		return 0;
	}
	/* Full-width digits, signs and brackets (１３８…, （０２１）) read as ASCII. */
	if (!(s = halfwidth(s, half, sizeof half)))
		return -1;
	/* num[0] is kept free for the 0 that +86 drops from an area code. */
	while ((sp = phone_space(&s, &depth)) > 0)
		;
	if (sp < 0)
		return -1;
	if (skip(&s, "+86") || skip(&s, "＋86") || skip(&s, "0086") || skip(&s, "86"))
		intl = 1;
	while (*s) {
		if (*s >= '0' && *s <= '9') {
			if (in_ext) {
				if (ne >= 6)
					return -1;
				ext[ne++] = *s;
			} else {
				if (nd >= sizeof num - 1)
					return -1;
				num[nd++] = *s;
			}
			s++;
		} else if ((sp = phone_space(&s, &depth)) != 0) {
			if (sp < 0)
				return -1;
		} else if (skip(&s, "-") || skip(&s, "－")) {
			if (in_ext || (ncut && cut[ncut - 1] == nd) || (nd == 1 && !intl))
				return -1;
			if (nd > 1) {
				if (ncut == sizeof cut / sizeof cut[0])
					return -1;
				cut[ncut++] = nd;
			}
		} else if (!in_ext && nd > 1 && phone_ext(&s)) {
			in_ext = 1;
		} else {
			return -1;
		}
	}
	if (depth != 0 || (in_ext && ne == 0) || (ncut && cut[ncut - 1] == nd))
		return -1;
	num[nd] = '\0';

	if (!in_ext && nd - 1 == 11 && num[1] == '1' && num[2] >= '3' && num[2] <= '9') {
		memcpy(out, num + 1, nd);
		return 0;
	}
	/* A 400/800 hotline: ten digits, kept as written without separators (4008123456). */
	if (!in_ext && !intl && nd - 1 == 10 && (!strncmp(num + 1, "400", 3) || !strncmp(num + 1, "800", 3))) {
		memcpy(out, num + 1, nd);
		return 0;
	}

	/* A landline: after +86 its area code lacks the leading 0. */
	d = num + 1;
	if (nd > 1 && num[1] != '0') {
		if (!intl)
			return -1;
		num[0] = '0';
		d = num;
	} else {
		for (i = 0; i < ncut; i++)
			cut[i]--;
	}
	len = num + nd - d;
	if (!in_ext && ncut > 0) {
		end = cut[ncut - 1];
		if (len - end <= 6 && landline(d, end, &area)) {
			in_ext = 1;
			memcpy(ext, d + end, len - end);
			ne = len - end;
			len = end;
			ncut--;
		}
	}
	if (!landline(d, len, &area))
		return -1;
	/* A hyphen ends the area code or groups the local number, never splits the area. */
	if (ncut > 0 && cut[0] != area && (cut[0] < area || cut[0] - area < 3))
		return -1;
	snprintf(out, CRM_PHONE_LEN, "%.*s-%.*s%s%.*s", (int)area, d, (int)(len - area), d + area,
		 in_ext ? "-" : "", (int)ne, ext);
	return 0;
}

/* A value trimmed for a getter: in place when only its start moves, else copied. */
struct val {
	char *own;
	char buf[64];
};

/*
 * The value of column col without the spaces around it, or NULL when the
 * column is absent or the value empty; release v after use.
 */
static const char *
value(const struct crm_rec *r, int col, struct val *v)
{
	const char *s;
	size_t n;
	char *d;

	v->own = NULL;
	if (col < 0 || (size_t)col >= r->nf || r->len[col] == 0)
		return NULL;
	n = r->len[col];
	s = crm_trim(r->f[col], &n);
	if (!n)
		return NULL;
	if (s + n == r->f[col] + r->len[col])
		return s;
	d = n < sizeof v->buf ? v->buf : (v->own = xmalloc(n + 1));
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Report r's column col as not what it should be; returns CRM_FIELD_BAD. */
static int
bad(const struct crm_rec *r, int col, const char *expected)
{
	crm_warn_at(&r->pos, "%s: expected %s, found '%s'", r->names[col], expected, r->f[col]);
	return CRM_FIELD_BAD;
}

/* Whether the value holds a NUL byte, which no parser would see. */
static int
has_nul(const struct crm_rec *r, int col)
{
	return memchr(r->f[col], '\0', r->len[col]) != NULL;
}

/*
 * The getters' one shape: an absent or empty value is CRM_FIELD_EMPTY; a
 * value that PARSE (returning < 0 when bad) refuses is reported as not
 * EXPECTED.
 */
#define GETTER(r, col, parse, expected)					\
	do {								\
		struct val v_;						\
		const char *s_ = value((r), (col), &v_);		\
		int rc_ = CRM_FIELD_OK;					\
		if (!s_)						\
			return CRM_FIELD_EMPTY;				\
		if (has_nul((r), (col)) || (parse) < 0)			\
			rc_ = bad((r), (col), (expected));		\
		free(v_.own);						\
		return rc_;						\
	} while (0)

int
crm_get_date(const struct crm_rec *r, int col, int32_t *out)
{
	GETTER(r, col, crm_date_parse(s_, out), "a date (YYYY-MM-DD)");
}

int
crm_get_time(const struct crm_rec *r, int col, int32_t *out)
{
	GETTER(r, col, crm_time_parse(s_, out), "a time (HH:MM)");
}

int
crm_get_datetime(const struct crm_rec *r, int col, int64_t *out)
{
	GETTER(r, col, crm_datetime_parse(s_, out), "a date-time (YYYY-MM-DD HH:MM)");
}

int
crm_get_money(const struct crm_rec *r, int col, int64_t *fen)
{
	GETTER(r, col, crm_money_parse(s_, fen), "an amount in yuan with at most two decimals");
}

int
crm_get_dec(const struct crm_rec *r, int col, struct crm_dec *out)
{
	GETTER(r, col, crm_dec_parse(s_, out), "a decimal number");
}

/* An optional sign and digits, within int64. */
static int
int_parse(const char *s, int64_t *out)
{
	int neg = 0;
	int64_t v = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!*s)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if (__builtin_mul_overflow(v, 10, &v) ||
		    (neg ? __builtin_sub_overflow(v, *s - '0', &v)
			 : __builtin_add_overflow(v, *s - '0', &v)))
			return -1;
	if (*s)
		return -1;
	*out = v;
	return 0;
}

int
crm_get_int(const struct crm_rec *r, int col, int64_t *out)
{
	GETTER(r, col, int_parse(s_, out), "a whole number");
}

int
crm_get_enum(const struct crm_rec *r, int col, const struct crm_alias *tab, int *out)
{
	struct val v;
	const char *s, *name;
	char *expected, *p;
	size_t n = sizeof "one of", i, len;
	int k;

	if (!(s = value(r, col, &v)))
		return CRM_FIELD_EMPTY;
	k = has_nul(r, col) ? -1 : crm_enum_parse(tab, s);
	free(v.own);
	if (k >= 0) {
		*out = k;
		return CRM_FIELD_OK;
	}
	/* Under --zh the values the user reads and writes are the Chinese ones. */
	for (i = 0; tab[i].name; i++)
		n += strlen(r->zh && tab[i].zh ? tab[i].zh : tab[i].name) + 2;
	p = expected = xmalloc(n);
	memcpy(p, "one of", 6);
	p += 6;
	for (i = 0; tab[i].name; i++) {
		name = r->zh && tab[i].zh ? tab[i].zh : tab[i].name;
		memcpy(p, i ? ", " : " ", 2 - !i);
		p += 2 - !i;
		len = strlen(name);
		memcpy(p, name, len);
		p += len;
	}
	*p = '\0';
	bad(r, col, expected);
	free(expected);
	return CRM_FIELD_BAD;
}

static int
bool_parse(const char *s, int *out)
{
	int v = crm_bool_parse(s);

	if (v >= 0)
		*out = v;
	return v;
}

int
crm_get_bool(const struct crm_rec *r, int col, int *out)
{
	GETTER(r, col, bool_parse(s_, out), "yes or no");
}

int
crm_get_phone(const struct crm_rec *r, int col, char out[CRM_PHONE_LEN])
{
	GETTER(r, col, crm_phone_norm(s_, out),
	       "a mobile (13812345678) or landline with area code (010-12345678)");
}
