/*
 * barfine: the bar marketing managers' fines and rewards (BAR-01…13).
 * Declarations shared by its files: the codes and rules (rules.c), the
 * records held per staff member (roster.c, read.c) and the monthly
 * statement computed from them (statement.c).
 */
#ifndef BARFINE_H
#define BARFINE_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "map.h"
#include "stream.h"

#define NONE INT32_MIN		/* a punch time that is missing */
#define DAY (24 * 3600)
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What a ledger row is. */
enum kind { K_FINE, K_REWARD, K_STATUS, K_LEAVE, K_WARNING };

/* Every code a ledger row can carry; the incident codes follow C_FIRST_INCIDENT. */
enum code {
	C_LATE, C_EARLY_LEAVE, C_ABSENCE, C_PERSONAL_LEAVE, C_REST, C_SPECIAL_LEAVE,
	C_DEEMED_RESIGNED, C_BOOKINGS,
	C_APPEARANCE, C_UNAUTHORIZED_LEAVE, C_LATE_RETURN, C_TASK_UNDONE, C_IMPOLITE,
	C_DISOBEY, C_CUSTOMER_LOST, C_SERVICE_UNMET, C_QUARREL, C_TIP, C_DAMAGE,
	C_FIGHT, C_VICE, C_ROMANCE,
	C_FOUND_PROPERTY, C_PRAISE, C_SUGGESTION, C_CONTRIBUTION, C_WHISTLEBLOW,
	C_POACHING, C_REPEAT_GIFT, C_LEAK, C_INSUBORDINATION,
	C_LEFT, C_INCOMPLETE,
	NCODES
};
#define C_FIRST_INCIDENT C_APPEARANCE
#define C_LAST_INCIDENT C_INSUBORDINATION

enum severity { SEV_NONE = -1, SEV_LOW, SEV_HIGH, SEV_COMPLAINT, SEV_LONG };
enum leave_kind { L_REST, L_PERSONAL, L_SPECIAL };
/* Statuses in rank order: a later one outranks an earlier (dismissal outranks all). */
enum status { ST_ACTIVE, ST_LEFT, ST_DEEMED_RESIGNED, ST_DISMISSED, ST_INCOMPLETE };

struct code_info {
	const char *rule;	/* the rule ID the row cites */
	enum kind kind;
	const char *what;	/* for --codes: how the amount is found */
};
extern const struct code_info codes[NCODES];
/* Code names and their Chinese, in enum code order (crm_enum_parse, --zh). */
extern const struct crm_alias code_names[NCODES + 1];
extern const struct crm_alias kind_names[], status_names[], severity_names[], leave_names[];

/* An amount or a range of amounts in fen; max < 0: no upper bound. */
struct range {
	int64_t min, max;
};

/* BAR-12: a shift whose bookings total at least booked earns reward. */
struct tier {
	int64_t booked, reward;
};

/* The numbers of the policy: built in (rules_init), overridden by --rules. */
struct rules {
	int32_t in_by, out_from, day_end;	/* times of day, in seconds */
	long lates_per_absence, absences_to_resign, free_rest_days, bookings_more_than;
	long tip_times, damage_times;
	long quarrels_to_dismiss;	/* BAR-14 */
	int rest_notice;
	int away_both;		/* BAR-06: away over an hour is the 100 fine and an absence */
	int early_counts;	/* BAR-03: early leaves count with the lates */
	int64_t complaint;
	struct range amount[NCODES];
	struct tier *tiers;	/* ascending by booked */
	size_t ntiers, tcap;
};

void rules_init(struct rules *r);
/* Read a rules file over r; returns an exit status (diagnostics given). */
int rules_load(struct rules *r, const char *path, const struct crm_opts *o);
void rules_release(struct rules *r);
/* A time of day on the clock of a shift: times before day_end are the next day's. */
int32_t rules_place(const struct rules *r, int32_t tod);

/* One shift date of one staff member. */
struct day {
	int32_t in, out;	/* seconds from the shift date's midnight, or NONE */
	long line;		/* the punch's line, 0 when there is none */
	uint32_t file;		/* … and its file (an index into struct run's files) */
	uint32_t leave;		/* 1 + index into the staff's leaves, 0 when none */
	uint32_t bookings;
	uint32_t pairs;		/* punch rows on the shift; more than 1: see staff's extra */
	int64_t booked;		/* the bookings' total amount, fen */
};

/* A further punch row of a shift already punched (a raw clock log). */
struct pair {
	int32_t date, in, out;
};

/* A status a manager left with: dismissal or deemed resignation, or the roster's left_on. */
struct gone {
	int32_t date;		/* NONE: still employed */
	enum code code;		/* the status row's code (C_LEFT for the roster) */
	const char *rule;
};

/* A calendar month of shift dates; key = year × 12 + month − 1. */
struct month {
	int key, ndays;
	int32_t first;		/* its first day */
	struct day day[31];
};

struct leave {
	int32_t date, requested;	/* requested NONE when not given */
	enum leave_kind kind;
	char *approver;			/* "" when none */
};

struct incident {
	int32_t date;
	int month;		/* key */
	enum code code;
	enum severity sev;
	int64_t amount;		/* fen, resolved from the rules when read; -1 for a status */
	int64_t value;		/* the tip or the damaged property, -1 when not given */
	char *note;
};

/* Everything read about one staff member. */
struct staff {
	char *id;
	struct month **months;	/* ascending by key */
	size_t nmonths, mcap, hint;
	struct leave *leaves;
	size_t nleaves, lcap;
	struct incident *inc;
	size_t ninc, icap;
	struct pair *extra;	/* further punch rows, in input order */
	size_t nextra, xcap;
	int32_t first, last;	/* span of punch and leave dates; first NONE when none */
	long bad;		/* bad records of theirs: the statement is incomplete */
	const char *bad_file;	/* the first one's file and line */
	long bad_line;
	int listed;		/* on the --roster */
	int32_t hired, left;	/* from the roster, NONE when not given */
	struct gone gone;	/* carried from --history */
	int32_t *qdates;	/* BAR-14: the dates of the quarrels in --history */
	size_t nq, qcap;
};

/* All staff, found by id. */
struct roster {
	struct staff **staff;
	size_t n, cap;
	struct crm_map *by_id;	/* id → index into staff; NULL after roster_sort */
};

struct staff *roster_get(struct roster *ro, const char *id);
/* The day of s for date, its month made when missing. */
struct day *staff_day(struct staff *s, int32_t date);
const struct month *staff_month(const struct staff *s, int key);
void roster_sort(struct roster *ro);
void staff_free(struct staff *s);
void roster_release(struct roster *ro);

int month_key(int32_t date);
int32_t month_first(int key);
int month_days(int key);

/* What reading the input needs. */
struct run {
	const struct rules *rules;
	const struct crm_opts *o;
	struct roster roster;
	int32_t lo, hi;		/* records must be within: --month, --from, --to */
	char *period;		/* how to say so: "--month 2026-11 --to 2026-11-20" */
	const char **files;	/* file names, for a punch's position */
	size_t nfiles;
	int status;		/* CRM_ERROR after a bad record */
	int lost;		/* records were lost without knowing whose */
	int history;		/* reading --history: only incidents and ledgers */
	const char *roster_file;	/* --roster, or NULL */
	int kmin, kmax;		/* the months of the records read (keys) */
};

/* Read one input (a file, or "-"); returns 0, or -1 when it stopped early. */
int read_input(struct run *x, const char *path);
/* --history: earlier incidents or ledgers, for BAR-14's count and carried statuses; dies when bad. */
void read_history(struct run *x, const char *path, int32_t before);
/* --roster: who was employed when; dies when bad. */
void read_roster(struct run *x, const char *path);

/* One ledger row. */
struct entry {
	int32_t date;
	int order;		/* within a day: attendance, incidents, bookings, status */
	size_t seq;
	enum code code;
	const char *rule;
	enum kind kind;
	int64_t amount;		/* fen, or -1: none (a status) */
	char *note;
};

/* The language of the ledger's notes; none for --summary. */
enum notes { NOTES_NONE, NOTES_EN, NOTES_ZH };

/* BAR-13: one staff member's statement for one month. */
struct statement {
	const char *staff;
	int month;		/* key */
	struct entry *e;
	size_t n, cap;
	long lates, early_leaves, absences, personal_leave_days;
	int64_t fines, rewards;
	enum status status;
	int32_t gone;		/* the date of a dismissal or deemed resignation, or NONE */
	enum code gone_code;
	const char *gone_rule;
	long quarrels;		/* BAR-14: quarrels up to the end of the month, with earlier ones */
	long after;		/* shifts punched after leaving or outside the period */
	int32_t after_first;
	char *note;		/* the summary's note (left), or NULL */
	int findings;		/* a fine or a status */
};

/*
 * The statement of s for month (a key): from and to bound the employment
 * (records outside are not charged), afrom and ato the dates a day
 * without punch or leave is an absence on; quarrels are BAR-14's before
 * the month.  Notes (NULL with NOTES_NONE) in lang.
 */
void statement_make(struct statement *st, const struct rules *r, const struct staff *s,
		    int month, int32_t from, int32_t to, int32_t afrom, int32_t ato, long quarrels,
		    enum notes lang);
/* The statement of a month after s left (gone): no charges, status left; punches reported. */
void statement_left(struct statement *st, const struct staff *s, int month, const struct gone *g,
		    enum notes lang);
void statement_release(struct statement *st);

/* A time of day as HH:MM (HH:MM:SS with seconds), whatever day it falls on. */
void clock_format(int32_t secs, char buf[16]);
/* An amount range as text: "50.00–200.00", "50.00", "200.00 or more"; the caller frees it. */
char *range_text(int64_t min, int64_t max);

#endif
