/* riskcalc: fixed-point prices, rates, money and lots; rounding; largest remainder. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

static const int64_t pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

__int128
qdiv(__int128 a, __int128 b, enum rnd mode)
{
	__int128 q = a / b, r = a % b, ar;

	if (r == 0)
		return q;
	switch (mode) {
	case RND_FLOOR:
		return r < 0 ? q - 1 : q;
	case RND_CEIL:
		return r > 0 ? q + 1 : q;
	case RND_HALF_UP:
		ar = r < 0 ? -r : r;
		if (ar >= b - ar)
			return r < 0 ? q - 1 : q + 1;
		return q;
	}
	return q;
}

int
fits64(__int128 v)
{
	return v >= INT64_MIN && v <= INT64_MAX;
}

int
add128(__int128 *acc, __int128 v)
{
	return __builtin_add_overflow(*acc, v, acc) ? -1 : 0;
}

int
mul128(__int128 a, __int128 b, __int128 *out)
{
	return __builtin_mul_overflow(a, b, out) ? -1 : 0;
}

int
price_parse(const char *s, int64_t *out)
{
	struct crm_dec d;

	if (crm_dec_parse(s, &d) < 0 || d.scale > PRICE_DP || crm_dec_rescale(&d, PRICE_DP) < 0)
		return -1;
	if (d.v < 0 || d.v > PRICE_MAX)
		return -1;
	*out = d.v;
	return 0;
}

int
price_decimals(int64_t p)
{
	int dp;

	for (dp = 0; dp < PRICE_DP && p % pow10[PRICE_DP - dp]; dp++)
		;
	return dp;
}

void
price_format(int64_t p, int dp, char *buf, size_t size)
{
	struct crm_dec d = { p, PRICE_DP };

	if (price_decimals(p) > dp)
		dp = price_decimals(p);
	crm_dec_rescale(&d, dp);	/* exact: p has at most dp decimals */
	crm_dec_format(d, buf, size);
}

int
rate_parse(const char *s, int64_t *out)
{
	char buf[64];
	size_t n = strlen(s);
	struct crm_dec d;
	int pct = n && s[n - 1] == '%';

	if (pct) {
		if (n >= sizeof buf)
			return -1;
		memcpy(buf, s, n - 1);
		buf[n - 1] = '\0';
		s = buf;
	}
	/* A percentage has two decimals fewer to spare. */
	if (crm_dec_parse(s, &d) < 0 || d.v < 0 || crm_dec_rescale(&d, pct ? RATE_DP - 2 : RATE_DP) < 0)
		return -1;
	if (d.v > 100 * (int64_t)RATE_ONE)
		return -1;
	*out = d.v;
	return 0;
}

void
rate_format(int64_t r, char *buf, size_t size)
{
	struct crm_dec d = { r, RATE_DP - 2 };
	int dp = RATE_DP - 2;

	while (dp > 0 && d.v % 10 == 0) {
		d.v /= 10;
		d.scale = --dp;
	}
	crm_dec_format(d, buf, size > 1 ? size - 1 : size);
	strncat(buf, "%", size - strlen(buf) - 1);
}

/* By hand: a settlement writes six amounts per account, and snprintf showed in the profile. */
void
fen_format(int64_t fen, char *buf, size_t size)
{
	uint64_t mag = fen < 0 ? -(uint64_t)fen : (uint64_t)fen;
	char tmp[32], *p = tmp + sizeof tmp;
	size_t n;

	*--p = '\0';
	*--p = (char)('0' + mag % 10);
	*--p = (char)('0' + mag / 10 % 10);
	*--p = '.';
	mag /= 100;
	do
		*--p = (char)('0' + mag % 10);
	while (mag /= 10);
	if (fen < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof tmp - p);
	if (n > size)
		n = size, p[n - 1] = '\0';
	memcpy(buf, p, n);
}

void
int_format(int64_t v, char *buf, size_t size)
{
	snprintf(buf, size, "%" PRId64, v);
}

const char *
get(const struct crm_rec *r, int col)
{
	return col >= 0 && (size_t)col < r->nf ? r->f[col] : "";
}

static int
bad(const struct crm_rec *r, int col, const char *expected)
{
	crm_warn_at(&r->pos, "%s: expected %s, found '%s'", r->names[col], expected, r->f[col]);
	return CRM_FIELD_BAD;
}

int
need(const struct crm_rec *r, int col, const char *name, int got)
{
	if (got == CRM_FIELD_EMPTY)
		crm_warn_at(&r->pos, "%s: a value is needed", col >= 0 ? r->names[col] : name);
	return got == CRM_FIELD_OK ? CRM_FIELD_OK : CRM_FIELD_BAD;
}

int
get_price(const struct crm_rec *r, int col, int64_t *out)
{
	const char *s = get(r, col);

	if (!*s)
		return CRM_FIELD_EMPTY;
	if (price_parse(s, out) < 0)
		return bad(r, col, "a price of at most 4 decimals, not negative");
	return CRM_FIELD_OK;
}

int
get_rate(const struct crm_rec *r, int col, int64_t *out)
{
	const char *s = get(r, col);

	if (!*s)
		return CRM_FIELD_EMPTY;
	if (rate_parse(s, out) < 0)
		return bad(r, col, "a rate such as 0.12 or 12% (at most 6 decimals)");
	return CRM_FIELD_OK;
}

int
get_lots(const struct crm_rec *r, int col, int64_t *out)
{
	const char *s = get(r, col);
	int64_t v = 0;

	if (!*s)
		return CRM_FIELD_EMPTY;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > LOTS_MAX)
			break;
	if (*s || s == get(r, col))
		return bad(r, col, "a whole number of lots, not negative");
	*out = v;
	return CRM_FIELD_OK;
}

int
get_side(const struct crm_rec *r, int col, int *side)
{
	const char *s = get(r, col);

	/* The common spellings first: this runs once per position. */
	if (!strcmp(s, "long")) {
		*side = LONG;
		return CRM_FIELD_OK;
	}
	if (!strcmp(s, "short")) {
		*side = SHORT;
		return CRM_FIELD_OK;
	}
	if (!*s)
		return CRM_FIELD_EMPTY;
	if ((*side = crm_enum_parse(sides, s)) >= 0)
		return CRM_FIELD_OK;
	return bad(r, col, "long or short (多 or 空)");
}

struct share {
	size_t i;
	__int128 frac;
	int64_t base;
	const char *tie;
};

static int
cmp_share(const void *a, const void *b)
{
	const struct share *x = a, *y = b;

	if (x->frac != y->frac)
		return x->frac > y->frac ? -1 : 1;
	if (x->base != y->base)
		return x->base > y->base ? -1 : 1;
	return strcmp(x->tie, y->tie);
}

/* FUT-17: floor each exact share, leftovers one each by largest fraction. */
void
apportion(int64_t total, const int64_t *base, const char *const *tie, size_t n, int64_t *out)
{
	__int128 sum = 0;
	int64_t given = 0;
	size_t i, k = 0;
	struct share *s;

	for (i = 0; i < n; i++)
		sum += base[i];
	if (sum == 0 || total == 0) {
		memset(out, 0, n * sizeof *out);
		return;
	}
	s = xreallocarray(NULL, n, sizeof *s);
	for (i = 0; i < n; i++) {
		__int128 num = (__int128)total * base[i];
		out[i] = (int64_t)(num / sum);
		given += out[i];
		if (num % sum)
			s[k++] = (struct share){ i, num % sum, base[i], tie[i] };
	}
	qsort(s, k, sizeof *s, cmp_share);
	for (i = 0; i < k && given < total; i++, given++)
		out[s[i].i]++;
	free(s);
}
