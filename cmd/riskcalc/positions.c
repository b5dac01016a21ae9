/* riskcalc: the position stream, and what every command shares. */
#include <string.h>

#include "riskcalc.h"

int
has_cols(struct crm_input *in, const char *what, const char *const *cols)
{
	if (!crm_input_ncols(in))
		return 1;	/* empty input: nothing to do */
	for (; *cols; cols++)
		if (crm_input_col(in, *cols) < 0) {
			crm_warn("%s: %s need the column '%s'", crm_input_pos(in)->file, what, *cols);
			return 0;
		}
	return 1;
}

int
position_cols(struct crm_input *in, struct position_cols *k, int need_price)
{
	static const char *const cols[] = { "account", "contract", "side", "lots", NULL };
	static const char *const priced[] = { "avg_price", NULL };

	if (!has_cols(in, "positions", cols) || (need_price && !has_cols(in, "positions", priced)))
		return -1;
	k->account = crm_input_col(in, "account");
	/* FUT-10: 投资者编号, also spelt 统一开户编码. */
	k->investor = !crm_input_has(in, "investor") && crm_input_has(in, "统一开户编码") ?
		crm_input_col(in, "统一开户编码") : crm_input_col(in, "investor");
	k->trading_code = crm_input_col(in, "trading_code");
	k->member = crm_input_col(in, "member");
	k->contract = crm_input_col(in, "contract");
	k->side = crm_input_col(in, "side");
	k->lots = crm_input_col(in, "lots");
	k->hedge = crm_input_col(in, "hedge");
	k->avg_price = crm_input_col(in, "avg_price");
	k->investor_name = crm_input_col(in, "investor_name");
	k->member_name = crm_input_col(in, "member_name");
	return 0;
}

int
position_read(const struct crm_rec *r, const struct position_cols *k, struct contracts *cs,
	      struct position *p)
{
	int bad = 0;

	p->account = get(r, k->account);
	p->investor = get(r, k->investor);
	p->member = get(r, k->member);
	p->trading_code = get(r, k->trading_code);
	if (!*p->account) {
		crm_warn_at(&r->pos, "account: a position needs its account");
		bad = 1;
	}
	if (!*p->investor)
		p->investor = p->account;
	if (!(p->c = contract_of(cs, r, k->contract)))
		bad = 1;
	bad |= need(r, k->side, "side", get_side(r, k->side, &p->side)) != CRM_FIELD_OK;
	bad |= need(r, k->lots, "lots", get_lots(r, k->lots, &p->lots)) != CRM_FIELD_OK;
	if (get_hedge(r, k->hedge, &p->hedge) == CRM_FIELD_BAD)
		bad = 1;
	p->avg_price = NONE;
	if (get_price(r, k->avg_price, &p->avg_price) == CRM_FIELD_BAD)
		bad = 1;
	return bad ? -1 : 0;
}

int
get_hedge(const struct crm_rec *r, int col, int *hedge)
{
	const char *h = get(r, col);
	int v;

	*hedge = 0;
	if (!*h || !strcmp(h, "no"))
		return CRM_FIELD_EMPTY;
	if (!strcmp(h, "套保") || !strcmp(h, "套期保值")) {
		*hedge = 1;
		return CRM_FIELD_OK;
	}
	if (!strcmp(h, "投机") || !strcmp(h, "套利"))
		return CRM_FIELD_OK;
	if ((v = crm_bool_parse(h)) < 0) {
		crm_warn_at(&r->pos, "%s: expected yes or no (套保, 投机 or 套利), found '%s'",
			    r->names[col], h);
		return CRM_FIELD_BAD;
	}
	*hedge = v;
	return CRM_FIELD_OK;
}

struct crm_input *
side_input(struct side_file *s, const char *path, const struct crm_opts *o,
	   const struct crm_type *t)
{
	s->files[0] = (char *)path;
	s->o = *o;
	s->o.in = crm_file_format(path, CRM_FMT_CSV);
	return crm_input_open(s->files, 1, &s->o, t);
}

int
next_rec(struct ctx *x, struct crm_input *in, const struct crm_rec **rec)
{
	if (x->o->crm.strict && x->status == CRM_ERROR)
		return 0;
	return crm_input_next(in, rec);
}

void
bad_rec(struct ctx *x)
{
	x->status = CRM_ERROR;
}

struct crm_cal *
ctx_cal(struct ctx *x)
{
	if (!x->cal)
		x->cal = crm_cal_open(&x->o->crm);
	return x->cal;
}

/* FUT-14, FUT-16: exchanges open Monday to Friday, holidays excepted, never on make-up Saturdays. */
int32_t
next_trading_day(struct ctx *x)
{
	int32_t day, bad;

	if (crm_cal_next_trading_day(ctx_cal(x), x->today, &day, &bad) < 0)
		crm_cal_die_outside(x->cal, bad);
	return day;
}
