/* riskcalc bands: the day's breaker and limit prices of each contract (FUT-03). */
#include <stdlib.h>

#include "riskcalc.h"

static int
input_col(void *in, const char *name)
{
	return crm_input_col(in, name);
}

int
cmd_bands(struct ctx *x)
{
	static const char *const cols[] = { "contract", "tick", NULL };
	const struct crm_rec *rec;
	struct contract_cols k;
	char buf[4][32];
	const char *vals[4];

	if (!has_cols(x->in, "contracts", cols))
		return CRM_ERROR;
	contract_cols(&k, input_col, x->in);
	if (crm_input_ncols(x->in))
		crm_writer_passthrough(x->w, x->in, &type_contract, band_cols, NELEM(band_cols));
	while (next_rec(x, x->in, &rec)) {
		struct contract c;
		if (contract_read(rec, &k, NEED_BANDS, x->today, &c) < 0) {
			bad_rec(x);
			continue;
		}
		struct bands none = { 0 };
		const struct bands *b = &c.bands;
		char day[CRM_DATE_LEN];
		if (c.last_trading_day != CRM_NODATE && x->today > c.last_trading_day) {
			crm_date_format(c.last_trading_day, day);	/* FUT-03 */
			crm_warn_at(&rec->pos, "note: %s is past its last trading day %s: no bands",
				    c.id, day);
		} else if (c.effective_from != CRM_NODATE && c.effective_from > x->today) {
			crm_date_format(c.effective_from, day);		/* FUT-20 */
			crm_warn_at(&rec->pos, "note: %s: these settings apply from %s: no bands today",
				    c.id, day);
			b = &none;
		}
		int64_t v[4] = { b->breaker_up, b->breaker_down, b->limit_up, b->limit_down };
		for (int i = 0; i < 4; i++) {
			buf[i][0] = '\0';
			if (i < 2 ? b->has_breaker : b->has_limit)
				price_format(v[i], c.dp, buf[i], sizeof buf[i]);
			vals[i] = buf[i];
		}
		crm_writer_rec(x->w, rec, vals);
		free(c.product);
	}
	return CRM_OK;
}
