/*
 * riskcalc guarantee: each clearing member's settlement guarantee fund
 * (FUT-18): the basic amount of its member type, plus the variable amount
 * by which its share of the market-wide base exceeds the basic amount.
 */
#include "riskcalc.h"

/* FUT-18: basic amounts by member type, in fen (trading, general, special clearing). */
static const int64_t basic_fen[] = { 1000000000LL, 2000000000LL, 3000000000LL };

/*
 * FUT-18: the member's part of the base, base × share rounded half up to
 * the fen (once); variable = what that part exceeds the basic amount by.
 */
static int64_t
variable_amount(int64_t base, int64_t share, int64_t basic)
{
	__int128 part = qdiv((__int128)base * share, RATE_ONE, RND_HALF_UP);

	return part > basic ? (int64_t)(part - basic) : 0;
}

int
cmd_guarantee(struct ctx *x)
{
	static const char *const cols[] = { "member", "type", "share", NULL };
	const struct crm_rec *rec;
	int mc, tc, sc, bc, pc;
	__int128 shares = 0;
	struct crm_pos last = { NULL, 0 };

	if (x->o->base == NONE)
		crm_usage_error("guarantee needs --base AMOUNT (the market-wide base, yuan)");
	if (!has_cols(x->in, "members", cols))
		return CRM_ERROR;
	mc = crm_input_col(x->in, "member");
	tc = crm_input_col(x->in, "type");
	sc = crm_input_col(x->in, "share");
	bc = crm_input_col(x->in, "basic");
	pc = crm_input_col(x->in, "paid");
	if (crm_input_ncols(x->in))
		crm_writer_passthrough(x->w, x->in, &type_member, guarantee_cols, NELEM(guarantee_cols));
	while (next_rec(x, x->in, &rec)) {
		int type, bad = 0;
		int64_t share, basic, paid, variable;
		char b[32], v[32], t[32], s[32] = "", u[32] = "";
		if (!*get(rec, mc)) {
			crm_warn_at(&rec->pos, "member: a value is needed");
			bad = 1;
		}
		bad |= need(rec, tc, "type", crm_get_enum(rec, tc, crm_type_col(&type_member, "type")->values, &type)) != CRM_FIELD_OK;
		bad |= need(rec, sc, "share", get_rate(rec, sc, &share)) != CRM_FIELD_OK;
		int gb = crm_get_money(rec, bc, &basic), gp = crm_get_money(rec, pc, &paid);
		bad |= gb == CRM_FIELD_BAD || gp == CRM_FIELD_BAD;
		if (!bad && share > RATE_ONE) {
			crm_warn_at(&rec->pos, "share: expected at most 1 (100%%), found '%s'", rec->f[sc]);
			bad = 1;
		}
		if (!bad && ((gb == CRM_FIELD_OK && basic < 0) || (gp == CRM_FIELD_OK && paid < 0))) {
			crm_warn_at(&rec->pos, "%s: expected an amount not below 0", gb == CRM_FIELD_OK && basic < 0 ? "basic" : "paid");
			bad = 1;
		}
		if (bad) {
			bad_rec(x);
			continue;
		}
		shares += share;
		last = rec->pos;
		if (gb != CRM_FIELD_OK)
			basic = basic_fen[type];
		variable = variable_amount(x->o->base, share, basic);
		fen_format(basic, b, sizeof b);
		fen_format(variable, v, sizeof v);
		fen_format(basic + variable, t, sizeof t);
		if (gp == CRM_FIELD_OK) {
			int64_t due = basic + variable - paid;
			fen_format(due > 0 ? due : 0, s, sizeof s);
			x->findings += due > 0;
			/* FUT-18: the basic amount is a minimum: below it, short by the difference. */
			fen_format(paid < basic ? basic - paid : 0, u, sizeof u);
		}
		const char *vals[] = { b, v, t, s, u };
		crm_writer_rec(x->w, rec, vals);
	}
	if (shares > RATE_ONE) {
		crm_warn_at(&last, "share: the members' shares add up to more than 100%%");
		return CRM_ERROR;
	}
	return CRM_OK;
}
