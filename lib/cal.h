/* cal: the Chinese working-day calendar (statutory holidays and make-up workdays). */
#ifndef CRM_CAL_H
#define CRM_CAL_H

#include <stdint.h>

#include "cli.h"

struct crm_cal;

enum crm_daykind { CRM_DAY_NORMAL = 0, CRM_DAY_HOLIDAY = 'h', CRM_DAY_WORKDAY = 'w' };

/*
 * The built-in calendar (2023–2026), then o->calendar when set, which adds
 * or replaces whole years; CSV "date,kind,name" or holiday-cn JSON.  Dies
 * with a diagnostic on a bad calendar file.  Free with crm_cal_free.
 */
struct crm_cal *crm_cal_open(const struct crm_opts *o);
struct crm_cal *crm_cal_builtin(void);
/* Load a calendar file into c; returns 0, or -1 after a diagnostic. */
int crm_cal_load(struct crm_cal *c, const char *path);
void crm_cal_free(struct crm_cal *c);
/* Allow weekends-only answers for years the calendar does not cover. */
void crm_cal_assume_weekends(struct crm_cal *c, int on);

/* Whether day's year is covered (or weekends are assumed). */
int crm_cal_covers(const struct crm_cal *c, int32_t day);
/* "2023–2026" or "2023–2024, 2026"; static storage inside c. */
const char *crm_cal_coverage(const struct crm_cal *c);
/* The row for day: its kind, and its name (or NULL). */
enum crm_daykind crm_cal_kind(const struct crm_cal *c, int32_t day, const char **name);

/*
 * Queries.  Each returns 0 with the answer, or -1 when a day it needs is
 * outside the calendar; *bad (when not NULL) gets that day.
 */
int crm_cal_is_workday(const struct crm_cal *c, int32_t day, int *yes, int32_t *bad);
/* A trading day is Monday–Friday and not a holiday (no make-up Saturdays). */
int crm_cal_is_trading_day(const struct crm_cal *c, int32_t day, int *yes, int32_t *bad);
/* The nth working day after day (n > 0), before it (n < 0), or day itself (n = 0). */
int crm_cal_add(const struct crm_cal *c, int32_t day, int n, int32_t *out, int32_t *bad);
/* The number of working days d with a < d <= b (negative when b < a). */
int crm_cal_between(const struct crm_cal *c, int32_t a, int32_t b, long *out, int32_t *bad);
/* The first trading day after day. */
int crm_cal_next_trading_day(const struct crm_cal *c, int32_t day, int32_t *out, int32_t *bad);

/*
 * The same past the calendar's last covered year: a day there is worked
 * out from the weekends and the holidays fixed by date in the national
 * rules (1 January, 1–2 May, 1–3 October), and *provisional (when not
 * NULL) is set to 1 when any day the answer needed was so guessed, else 0.
 * Days before or between covered years still fail as above (-1, *bad).
 * For reminders and report due dates, never for crm-cal's arithmetic.
 */
int crm_cal_is_workday_provisional(const struct crm_cal *c, int32_t day, int *yes,
				   int *provisional, int32_t *bad);
int crm_cal_add_provisional(const struct crm_cal *c, int32_t day, int n, int32_t *out,
			    int *provisional, int32_t *bad);
int crm_cal_between_provisional(const struct crm_cal *c, int32_t a, int32_t b, long *out,
				int *provisional, int32_t *bad);
int crm_cal_next_trading_day_provisional(const struct crm_cal *c, int32_t day, int32_t *out,
					 int *provisional, int32_t *bad);
/* Whether the calendar has year (a file with no days for a year does not cover it). */
int crm_cal_covers_year(const struct crm_cal *c, int year);

/* Die with "DATE is outside the calendar (covers …)" for a -1 answer. */
void crm_cal_die_outside(const struct crm_cal *c, int32_t bad) __attribute__((noreturn));

#endif
