/*
 * Fuzz a settings file read through lib/table (crm_table_load, what
 * crm_settings_load reads with before it fails closed — it exits, which a
 * fuzzer cannot): riskcalc's contracts, or barfine's rules, by the input's
 * first byte, then lookups on the table.
 */
#include "fuzz.h"
#include "table.h"

static const struct crm_col contract_cols[] = {
	{ "contract", "合约", CRM_STR, NULL },
	{ "product", "品种", CRM_STR, NULL },
	{ "multiplier", "合约乘数", CRM_INT, NULL },
	{ "tick", "最小变动价位", CRM_DECIMAL, NULL },
	{ "prev_settle", "前结算价", CRM_DECIMAL, NULL },
	{ "settle", "结算价", CRM_DECIMAL, NULL },
	{ "margin_rate", "保证金率", CRM_STR, NULL },
	{ "prev_margin_rate", "前保证金率", CRM_STR, NULL },
	{ "last_trading_day", "最后交易日", CRM_DATE, NULL },
	{ "position_limit", "限仓", CRM_INT, NULL },
};
static const struct crm_col rule_cols[] = {
	{ "name", "名称", CRM_STR, NULL },
	{ "value", "值", CRM_STR, NULL },
	{ "note", "说明", CRM_STR, NULL },
};
static const struct crm_type types[] = {
	{ "contract", contract_cols, sizeof contract_cols / sizeof contract_cols[0] },
	{ "rule", rule_cols, sizeof rule_cols / sizeof rule_cols[0] },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct crm_type *t;
	struct crm_table *tab;
	struct crm_opts o;
	const char *path;
	size_t n;
	int status, col;

	if (size < 1)
		return 0;
	t = &types[data[0] & 1];
	if (!(path = fuzz_file(data + 1, size - 1, ".csv")))
		return 0;
	crm_opts_init(&o);
	tab = crm_table_load(path, &o, t, &status);
	if ((col = crm_table_col(tab, t->cols[0].name)) >= 0) {
		crm_table_find(tab, col, "IF2412", &n);
		crm_table_find(tab, col, "in_by", &n);
		crm_table_sorted(tab, col);
	}
	for (size_t i = 0; i < crm_table_len(tab); i++)
		crm_table_rec(tab, i);
	crm_table_free(tab);
	return 0;
}
