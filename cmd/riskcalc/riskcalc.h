/*
 * riskcalc: stock index futures risk control (FUT-01…19), private header.
 *
 * Every number is a fixed-point integer: prices in 1/10000 point
 * (PRICE_ONE), rates in millionths (RATE_ONE), money in fen, lots as
 * whole lots.  Products are taken in __int128 and rounded once, where
 * the rule (or the man page, where the rule is silent) says.
 */
#ifndef RISKCALC_H
#define RISKCALC_H

#include <stddef.h>
#include <stdint.h>

#include "cal.h"
#include "cli.h"
#include "field.h"
#include "money.h"
#include "stream.h"
#include "table.h"
#include "map.h"

#define PRICE_DP 4
#define PRICE_ONE 10000		/* a price of 1 point */
#define RATE_DP 6
#define RATE_ONE 1000000	/* a rate of 100% */
#define PRICE_MAX 1000000000000000LL	/* 1e11 points: bounds every product in __int128 */
#define LOTS_MAX 1000000000000LL
#define NONE INT64_MIN		/* an empty optional number */

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* FUT-06: a trading session, seconds since midnight, [start, end). */
struct session {
	int32_t start, end;
};

/* The options, one struct, filled by main and read by the commands. */
struct opts {
	struct crm_opts crm;
	const char *contracts, *accounts, *positions, *limits, *executed;
	const char *margin, *prev_margin, *trades, *positions_out, *attachments;
	const char *investors, *members, *hedge_quotas;	/* FUT-10, 11, 12 */
	struct session *sessions;	/* --sessions, in time order */
	size_t nsessions;
	int32_t until;			/* seconds since midnight; -1: the last close */
	int larger_side;
	int64_t base;			/* guarantee: the market-wide base, fen; NONE */
	int64_t near, low;		/* warn: rates */
};

/* What every command works with. */
struct ctx {
	const struct opts *o;
	struct crm_input *in;		/* the operands (or stdin) */
	struct crm_writer *w;
	struct contracts *contracts;	/* --contracts, when the command needs it */
	struct crm_cal *cal;		/* opened on first use */
	int32_t today;
	int status;
	long findings;			/* rows that make the exit status 1 */
};

/* --- num.c: fixed-point arithmetic ---------------------------------------- */

enum rnd { RND_FLOOR, RND_CEIL, RND_HALF_UP };	/* half up: half away from zero */

/* a / b (b > 0) rounded by mode. */
__int128 qdiv(__int128 a, __int128 b, enum rnd mode);
/* Whether v fits an int64_t. */
int fits64(__int128 v);
/* Checked a + b and a * b on __int128: 0, or -1 on overflow. */
int add128(__int128 *acc, __int128 v);
int mul128(__int128 a, __int128 b, __int128 *out);

/* "4019.2" → 40192000; at most PRICE_DP decimals, 0 ≤ price ≤ PRICE_MAX.  0 or -1. */
int price_parse(const char *s, int64_t *out);
/* A price with dp decimals (more when it needs them); buf of 32 bytes. */
void price_format(int64_t p, int dp, char *buf, size_t size);
/* The decimals a price text shows ("0.2" → 1, "1" → 0). */
int price_decimals(int64_t p);
/* "0.12", "12%", "12.5%" → 120000 (millionths); 0 ≤ rate.  0 or -1. */
int rate_parse(const char *s, int64_t *out);
/* A rate as a percentage without trailing zeros ("12%", "12.5%"). */
void rate_format(int64_t r, char *buf, size_t size);
/* Money in fen as yuan ("1234.50"). */
void fen_format(int64_t fen, char *buf, size_t size);
/* An integer. */
void int_format(int64_t v, char *buf, size_t size);

/*
 * Record getters in the style of lib/field: CRM_FIELD_OK, CRM_FIELD_EMPTY,
 * or CRM_FIELD_BAD after "FILE:LINE: COLUMN: expected …, found '…'".
 */
int get_price(const struct crm_rec *r, int col, int64_t *out);
int get_rate(const struct crm_rec *r, int col, int64_t *out);
int get_lots(const struct crm_rec *r, int col, int64_t *out);
int get_side(const struct crm_rec *r, int col, int *side);
/* The field, or "" when the input lacks the column. */
const char *get(const struct crm_rec *r, int col);
/* Report a required field that is empty; returns CRM_FIELD_BAD. */
int need(const struct crm_rec *r, int col, const char *name, int got);

/*
 * Largest remainder (FUT-17, FUT-18): split total over n parts in
 * proportion to base[] (sum of base ≥ total > 0 not needed: any total ≥ 0),
 * floor each exact share, then one more to the largest fractions; ties by
 * larger base, then by tie[] ascending (strcmp).  out[i] ≤ base[i] when
 * total ≤ sum(base).
 */
void apportion(int64_t total, const int64_t *base, const char *const *tie, size_t n,
	       int64_t *out);

/* --- map.c: string keys to indexes ---------------------------------------- */

/* lib/map, held by value in riskcalc's structs; n counts the keys. */
struct map {
	struct crm_map *m;
	size_t n;
};
#define MAP_NONE CRM_MAP_NONE
void map_init(struct map *m);
void map_release(struct map *m);
/* The value of key[0, len), or MAP_NONE. */
size_t map_get(const struct map *m, const char *key, size_t len);
/* Insert key → val when absent; returns the value now held. */
size_t map_put(struct map *m, const char *key, size_t len, size_t val);
/* The key of two or three parts joined by '\x1f' into *buf (grown). */
size_t map_key(char **buf, size_t *cap, const char *a, const char *b, const char *c);

/* --- types.c: record types ------------------------------------------------ */

enum side { LONG = 0, SHORT = 1 };
extern const struct crm_alias sides[], trade_sides[], offsets[];
extern const struct crm_type type_contract, type_position, type_account, type_quote,
	type_order, type_member, type_margin, type_violation, type_report, type_liquidation,
	type_event, type_fill, type_warning, type_trade, type_investor_map, type_clearing,
	type_quota;
/* Output columns of the bands and guarantee filters. */
extern const struct crm_col band_cols[4], guarantee_cols[5];

/* --- contract.c: contract settings ---------------------------------------- */

enum rounding { ROUND_INWARD, ROUND_FLOOR };

/* FUT-03: the day's price bands; a missing band has has_* 0. */
struct bands {
	int has_breaker, has_limit;
	int64_t breaker_up, breaker_down, limit_up, limit_down;
};

struct contract {
	const char *id;
	char *product;			/* owned: the product column, else the id's letters */
	struct crm_pos pos;
	int64_t multiplier, tick;
	int dp;				/* decimals of prices written */
	int64_t prev_settle, settle, close, benchmark;	/* NONE when empty */
	int64_t margin_rate, prev_margin_rate;
	int64_t breaker_rate, limit_rate, first_day_rate, last_day_rate;	/* last: NONE */
	int32_t last_trading_day;	/* CRM_NODATE when none given */
	int32_t effective_from;		/* FUT-20: CRM_NODATE when none given */
	int64_t position_limit, report_threshold;
	int64_t open_interest;		/* NONE: count it from the positions */
	int64_t member_oi, member_share;	/* FUT-11: above member_oi lots, member_share */
	enum rounding rounding;
	size_t product_ix;		/* index of product among the contracts' products */
	int prev_limit;			/* +1, -1: yesterday closed at the limit up/down; 0 */
	struct bands bands;		/* for ctx.today */
};

/* What a command needs of every contract. */
enum { NEED_BANDS = 1, NEED_PREV = 2, NEED_SETTLE = 4, NEED_RATE = 8, NEED_MULT = 16 };

struct contracts {
	struct crm_table *t;
	struct contract *c;
	size_t n;
	struct map by_id, products;
	size_t last;			/* the last one looked up */
};

/* The columns of a contract record. */
struct contract_cols {
	int id, product, multiplier, tick, prev_settle, settle, close, benchmark;
	int margin_rate, prev_margin_rate, breaker_rate, limit_rate, first_day_rate;
	int last_day_rate, last_trading_day, position_limit, report_threshold, open_interest;
	int member_oi, member_share, rounding, prev_limit, effective_from;
};
void contract_cols(struct contract_cols *k, int (*col)(void *, const char *), void *src);
/* Read r into c; 0, or -1 after diagnostics.  needs: NEED_* flags. */
int contract_read(const struct crm_rec *r, const struct contract_cols *k, int needs,
		  int32_t today, struct contract *c);
/* FUT-03: bands of c on day today. */
void bands_compute(const struct contract *c, int32_t today, struct bands *b);

/* Load --contracts; returns NULL when it cannot be used (after diagnostics). */
struct contracts *contracts_load(const struct opts *o, int needs, int32_t today, int *status);
void contracts_free(struct contracts *cs);
/* The contract named id, or NULL. */
struct contract *contract_find(struct contracts *cs, const char *id);
/* The contract of a record's column col, or NULL after "unknown contract". */
struct contract *contract_of(struct contracts *cs, const struct crm_rec *r, int col);
/* Whether p is on c's tick grid. */
int on_grid(const struct contract *c, int64_t p);

/* --- accounts.c: --accounts ---------------------------------------------- */

struct account {
	const struct crm_rec *rec;
	const char *id, *investor, *member;	/* investor: the account when empty */
	int64_t reserve;			/* fen */
};
struct accounts {
	struct crm_table *t;
	struct account *a;
	size_t n, last;
	struct map by_id;
};
/* Load path as a settings file: a bad, empty or header-only one ends riskcalc (exit 2). */
struct accounts *accounts_load(const char *path, const struct opts *o);
void accounts_free(struct accounts *as);
/* The index of account id, or MAP_NONE. */
size_t account_find(struct accounts *as, const char *id);

/* --- positions.c: the position stream ------------------------------------- */

struct position {
	const char *account, *investor, *member;	/* investor: the account when empty */
	const char *trading_code;			/* FUT-10: 交易编码, "" when none */
	struct contract *c;
	int side, hedge;
	int64_t lots, avg_price;	/* avg_price NONE when empty */
};
struct position_cols {
	int account, investor, member, contract, side, lots, hedge, avg_price;
	int investor_name, member_name, trading_code;
};
/* The columns of a position input; -1 after a diagnostic when one it must have is missing. */
int position_cols(struct crm_input *in, struct position_cols *k, int need_price);
/* Read r into p: 0, or -1 after diagnostics. */
int position_read(const struct crm_rec *r, const struct position_cols *k, struct contracts *cs,
		  struct position *p);

/* FUT-12: a hedge flag: yes/no, 套保 yes, 投机 and 套利 (arbitrage) no; empty is no. */
int get_hedge(const struct crm_rec *r, int col, int *hedge);
/* A file named by an option, with what its input borrows. */
struct side_file {
	char *files[1];
	struct crm_opts o;
};
/* Open path in its own format (crm_file_format; CSV when the name does not say); s outlives it. */
struct crm_input *side_input(struct side_file *s, const char *path, const struct crm_opts *o,
			     const struct crm_type *t);

/* The next input record; none after a bad one under --strict. */
int next_rec(struct ctx *x, struct crm_input *in, const struct crm_rec **rec);
/* A bad record: remember the status. */
void bad_rec(struct ctx *x);
/* Whether an input has all of cols; else a diagnostic naming what. */
int has_cols(struct crm_input *in, const char *what, const char *const *cols);
/* The calendar, opened on first use. */
struct crm_cal *ctx_cal(struct ctx *x);
/* The next trading day after x->today. */
int32_t next_trading_day(struct ctx *x);

/* --- limits.c, for warn ------------------------------------------------- */

/* FUT-10…12: read --investors, --members, --hedge-quotas; a bad one ends riskcalc (exit 2). */
void limits_settings_check(struct ctx *x);
/* FUT-19: call fn for each investor whose speculative lots on a side reach threshold(c). */
int near_limits(struct ctx *x, int64_t near,
		void (*fn)(struct ctx *x, const char *investor, const struct contract *c, int side,
			   int64_t lots, int64_t threshold));

/* --- the commands --------------------------------------------------------- */

int cmd_bands(struct ctx *x);
int cmd_breaker(struct ctx *x);
int cmd_margin(struct ctx *x);
int cmd_limits(struct ctx *x);
int cmd_report(struct ctx *x);
int cmd_liquidate(struct ctx *x);
int cmd_deleverage(struct ctx *x);
int cmd_guarantee(struct ctx *x);
int cmd_warn(struct ctx *x);

#endif
