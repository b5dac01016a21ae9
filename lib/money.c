/* money: yuan held as integer fen; parsing, formatting, checked arithmetic. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "money.h"

/* Consume the string sep at *s. */
static int
skip(const char **s, const char *sep)
{
	size_t n = strlen(sep);

	if (strncmp(*s, sep, n))
		return 0;
	*s += n;
	return 1;
}

/* Consume a yuan sign, half-width '¥' or full-width '￥'. */
static int
skip_yuan(const char **s)
{
	return skip(s, "¥") || skip(s, "￥");
}

/* Append digit c to the magnitude *mag, which must stay at most limit. */
static int
add_digit(uint64_t *mag, int c, uint64_t limit)
{
	if (__builtin_mul_overflow(*mag, 10, mag) || __builtin_add_overflow(*mag, c - '0', mag))
		return -1;
	return *mag <= limit ? 0 : -1;
}

/*
 * Yuan with at most two decimals, an optional sign and yuan sign in either
 * order ("-¥80", "¥-80" as Chinese Excel writes it), and optional thousands
 * grouping that must be correct; never rounds.
 */
int
crm_money_parse(const char *s, int64_t *fen)
{
	uint64_t mag = 0, limit;
	int neg = 0, yuan, group = -1, ndigits = 0, ndec = 0;

	yuan = skip_yuan(&s);
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!yuan)
		skip_yuan(&s);
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

	/* group: -1 before any ',', else the digits read since the last one. */
	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (add_digit(&mag, *s, limit) < 0)
				return -1;
			ndigits++;
			if (group >= 0 && ++group > 3)
				return -1;
		} else if (*s == ',') {
			if (group < 0 ? ndigits == 0 || ndigits > 3 || s[-ndigits] == '0' : group != 3)
				return -1;
			group = 0;
		} else {
			break;
		}
	}
	if (ndigits == 0 || (group >= 0 && group != 3))
		return -1;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, ndec++)
			if (ndec == 2 || add_digit(&mag, *s, limit) < 0)
				return -1;
	if (*s)
		return -1;
	for (; ndec < 2; ndec++)
		if (add_digit(&mag, '0', limit) < 0)
			return -1;
	*fen = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
	return 0;
}

void
crm_money_format(int64_t fen, char buf[CRM_MONEY_LEN])
{
	uint64_t mag = fen < 0 ? -(uint64_t)fen : (uint64_t)fen;
	char tmp[24], *p = tmp + sizeof tmp;	/* "-92233720368547758.08" at most */
	size_t n;

	/* By hand, not snprintf: every money field a program writes comes here. */
	*--p = (char)('0' + mag % 10);
	mag /= 10;
	*--p = (char)('0' + mag % 10);
	mag /= 10;
	*--p = '.';
	do {
		*--p = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	if (fen < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof tmp - p);
	memcpy(buf, p, n);
	buf[n] = '\0';
}

int
crm_money_add(int64_t a, int64_t b, int64_t *out)
{
	return __builtin_add_overflow(a, b, out) ? -1 : 0;
}

int
crm_money_mul(int64_t a, int64_t n, int64_t *out)
{
	return __builtin_mul_overflow(a, n, out) ? -1 : 0;
}
