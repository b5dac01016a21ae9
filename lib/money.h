/* money: yuan held as integer fen; parsing, formatting, checked arithmetic. */
#ifndef CRM_MONEY_H
#define CRM_MONEY_H

#include <stdint.h>

#define CRM_MONEY_LEN 32

/*
 * Parse "1234.5", "-12.30", "1,234.50", "¥80" into fen; more than two
 * decimals, stray characters or overflow → -1.
 */
int crm_money_parse(const char *s, int64_t *fen);
/* "1234.50", "-0.30": always two decimals, no grouping. */
void crm_money_format(int64_t fen, char buf[CRM_MONEY_LEN]);
/* Checked arithmetic: 0, or -1 on overflow. */
int crm_money_add(int64_t a, int64_t b, int64_t *out);
int crm_money_mul(int64_t a, int64_t n, int64_t *out);

#endif
