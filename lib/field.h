/* field: typed values — dates, times, money, decimals, enums, phones — and
 * getters that read them from a record with a file:line diagnostic. */
#ifndef CRM_FIELD_H
#define CRM_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"

struct crm_rec;

/*
 * A date is a day number: days since 1970-01-01 (China Standard Time, no
 * clock time); dates before 1970 are negative and are dates like any other.
 * "No date" is CRM_NODATE, never -1 (which is 1969-12-31).  Parsed dates lie
 * in CRM_DATE_MIN_YEAR..CRM_DATE_MAX_YEAR.
 */
#define CRM_DATE_LEN 11		/* "YYYY-MM-DD" and its NUL */
#define CRM_NODATE INT32_MIN
#define CRM_DATE_MIN_YEAR 1900
#define CRM_DATE_MAX_YEAR 2199

/*
 * Parse YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日, full-width digits
 * and separators too, spaces around ignored; returns 0, or -1 when not a
 * real date within the years above.
 */
int crm_date_parse(const char *s, int32_t *day);
int32_t crm_date_from_ymd(int y, int m, int d);
void crm_date_ymd(int32_t day, int *y, int *m, int *d);
void crm_date_format(int32_t day, char buf[CRM_DATE_LEN]);
int crm_date_wday(int32_t day);			/* 0 Sunday … 6 Saturday */
int crm_days_in_month(int y, int m);
/* Same day of the month n months later, clamped to the month's end (SVC-05). */
int32_t crm_date_add_months(int32_t day, int n);

/* Today: o->today when set (dies when it is not a date), else the clock in CST. */
int32_t crm_today(const struct crm_opts *o);

/*
 * Now, in seconds since 1970-01-01 00:00 China Standard Time: the clock, or
 * under --today (CRM_TODAY) that day at the clock's time of day, so that a
 * stamp written "today" sorts with the day's other events.
 */
int64_t crm_now(const struct crm_opts *o);
/* "YYYY-MM-DD HH:MM:SS" of seconds since 1970-01-01 00:00 CST. */
#define CRM_DATETIME_LEN 20
void crm_datetime_format(int64_t secs, char buf[CRM_DATETIME_LEN]);

/*
 * The value s[0, *n) without the ASCII spaces, tabs and full-width spaces
 * (U+3000) around it: returns its start and sets *n.
 */
const char *crm_trim(const char *s, size_t *n);

/* HH:MM or HH:MM:SS (24 h; full-width digits too) → seconds since midnight. */
int crm_time_parse(const char *s, int32_t *secs);
/* "YYYY-MM-DD HH:MM[:SS]" (or 'T') → seconds since 1970-01-01 00:00 CST. */
int crm_datetime_parse(const char *s, int64_t *secs);

/*
 * Exact decimal: v × 10^-scale.  Parsing keeps the scale it reads (up to
 * CRM_DEC_MAXSCALE digits after the point); no binary floating point.
 */
#define CRM_DEC_MAXSCALE 9
struct crm_dec {
	int64_t v;
	int scale;
};
int crm_dec_parse(const char *s, struct crm_dec *d);
/* Rescale to scale; returns -1 when digits would be lost or on overflow. */
int crm_dec_rescale(struct crm_dec *d, int scale);
/*
 * A number as printf's %e writes it ("-1.2345e+02") without the exponent
 * ("-123.45"), trailing zeros of its digits dropped: 0, or -1 (buf
 * untouched) when the exponent is outside -10..20, where the caller keeps
 * an exponent form.  buf holds CRM_PLAIN_LEN bytes.
 */
#define CRM_PLAIN_LEN 48
int crm_exp_plain(const char *e, char buf[CRM_PLAIN_LEN]);

/* Write without exponent, exactly scale decimals; needs at most 32 bytes. */
void crm_dec_format(struct crm_dec d, char *buf, size_t size);

/* An enum value with its Chinese alias; tables end with { NULL, NULL }. */
struct crm_alias {
	const char *name;
	const char *zh;
};
/* Index of s (canonical, case-insensitive, or its Chinese alias) in tab, or -1. */
int crm_enum_parse(const struct crm_alias *tab, const char *s);
/* yes/no, true/false, 1/0, 是/否, y/n → 1/0; -1 otherwise. */
int crm_bool_parse(const char *s);

/*
 * Phones (CM-03): mainland mobile 1[3-9]xxxxxxxxx, or a landline with its
 * area code (010-12345678, 0755-1234567, optional extension), optional
 * +86.  Writes the normalised form ("13812345678", "010-12345678-123").
 */
#define CRM_PHONE_LEN 32
int crm_phone_norm(const char *s, char out[CRM_PHONE_LEN]);

/*
 * Record getters.  Each returns CRM_FIELD_OK with *out set, CRM_FIELD_EMPTY
 * when the column is absent (col < 0) or the value empty (or only spaces),
 * or CRM_FIELD_BAD after a diagnostic "FILE:LINE: COLUMN: expected …,
 * found '…'" (under --zh an enum's Chinese values are the ones listed).
 * Values are read without the spaces around them (crm_trim).
 */
enum { CRM_FIELD_BAD = -1, CRM_FIELD_OK = 0, CRM_FIELD_EMPTY = 1 };
int crm_get_date(const struct crm_rec *r, int col, int32_t *out);
int crm_get_time(const struct crm_rec *r, int col, int32_t *out);
int crm_get_datetime(const struct crm_rec *r, int col, int64_t *out);
int crm_get_money(const struct crm_rec *r, int col, int64_t *fen);
int crm_get_dec(const struct crm_rec *r, int col, struct crm_dec *out);
int crm_get_int(const struct crm_rec *r, int col, int64_t *out);
int crm_get_enum(const struct crm_rec *r, int col, const struct crm_alias *tab, int *out);
int crm_get_bool(const struct crm_rec *r, int col, int *out);
int crm_get_phone(const struct crm_rec *r, int col, char out[CRM_PHONE_LEN]);

#endif
