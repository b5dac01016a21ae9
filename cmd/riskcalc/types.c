/* riskcalc: its record types, with Chinese header and value aliases. */
#include "riskcalc.h"

const struct crm_alias sides[] = {
	{ "long", "多" }, { "short", "空" }, { NULL, NULL }
};
const struct crm_alias trade_sides[] = {	/* FUT-01: a fill's direction */
	{ "buy", "买" }, { "sell", "卖" }, { NULL, NULL }
};
const struct crm_alias offsets[] = {	/* FUT-01: 开平 */
	{ "open", "开" }, { "close", "平" }, { "close_today", "平今" },
	{ "close_yesterday", "平昨" }, { NULL, NULL }
};
static const struct crm_alias statuses[] = {	/* fail closed */
	{ "ok", "正常" }, { "error", "错误" }, { NULL, NULL }
};
static const struct crm_alias bases[] = {	/* FUT-01 */
	{ "positions", "持仓" }, { "trades", "成交" }, { NULL, NULL }
};
static const struct crm_alias margin_modes[] = {	/* FUT-01, FUT-15 */
	{ "gross", "双边" }, { "larger-side", "单向大边" }, { NULL, NULL }
};
static const struct crm_alias measures[] = {	/* FUT-19: the first measure */
	{ "report", "要求报告情况" }, { "interview", "谈话提醒" }, { NULL, NULL }
};
static const struct crm_alias roundings[] = {
	{ "inward", "向内取整" }, { "floor", "向下取整" }, { NULL, NULL }
};
static const struct crm_alias limit_dirs[] = {
	{ "up", "涨停" }, { "down", "跌停" }, { NULL, NULL }
};
static const struct crm_alias quote_events[] = {
	{ "halt", "暂停交易" }, { NULL, NULL }
};
static const struct crm_alias member_types[] = {	/* FUT-18 */
	{ "trading", "交易结算会员" }, { "general", "全面结算会员" },
	{ "special", "特别结算会员" }, { NULL, NULL }
};
static const struct crm_alias violation_kinds[] = {
	{ "investor", "投资者" }, { "member", "会员" }, { NULL, NULL }
};
static const struct crm_alias actions[] = {	/* FUT-13 */
	{ "no-open-long", "禁止买开仓" }, { "no-open-short", "禁止卖开仓" }, { NULL, NULL }
};
static const struct crm_alias reasons[] = {	/* FUT-15 */
	{ "call", "保证金不足" }, { "limit", "超出持仓限额" }, { "uncovered", "无法弥补" },
	{ NULL, NULL }
};
static const struct crm_alias executors[] = {	/* FUT-16 */
	{ "member", "会员" }, { "exchange", "交易所" }, { NULL, NULL }
};
static const struct crm_alias events[] = {
	{ "breaker_start", "熔断开始" }, { "breaker_end", "熔断结束" }, { NULL, NULL }
};
static const struct crm_alias directions[] = {
	{ "up", "上涨" }, { "down", "下跌" }, { NULL, NULL }
};
static const struct crm_alias roles[] = {	/* FUT-17 */
	{ "requester", "申报平仓" }, { "counterparty", "减仓对手" },
	{ "offset", "自对冲" }, { "unfilled", "未分配" }, { NULL, NULL }
};
static const struct crm_alias triggers[] = {	/* FUT-19 */
	{ "limit-days", "连续涨跌停" }, { "near-limit", "持仓接近限额" },
	{ "low-reserve", "结算准备金不足" }, { "call-twice", "连续追加保证金" },
	{ NULL, NULL }
};

static const struct crm_col contract[] = {
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "product", "品种", CRM_STR, NULL },
	{ "multiplier", "合约乘数", CRM_INT, NULL },
	{ "tick", "最小变动价位", CRM_DECIMAL, NULL },
	{ "prev_settle", "上日结算价", CRM_DECIMAL, NULL },
	{ "settle", "结算价", CRM_DECIMAL, NULL },
	{ "close", "收盘价", CRM_DECIMAL, NULL },
	{ "benchmark", "挂盘基准价", CRM_DECIMAL, NULL },
	{ "margin_rate", "保证金率", CRM_DECIMAL, NULL },
	{ "prev_margin_rate", "上日保证金率", CRM_DECIMAL, NULL },
	{ "breaker_rate", "熔断幅度", CRM_DECIMAL, NULL },
	{ "limit_rate", "涨跌停板幅度", CRM_DECIMAL, NULL },
	{ "first_day_rate", "首日涨跌停板幅度", CRM_DECIMAL, NULL },
	{ "last_day_rate", "最后交易日涨跌停板幅度", CRM_DECIMAL, NULL },
	{ "last_trading_day", "最后交易日", CRM_DATE, NULL },
	{ "position_limit", "持仓限额", CRM_INT, NULL },
	{ "report_threshold", "持仓报告标准", CRM_DECIMAL, NULL },
	{ "open_interest", "单边总持仓", CRM_INT, NULL },
	{ "member_oi", "会员限仓起点", CRM_INT, NULL },
	{ "member_share", "会员持仓比例上限", CRM_DECIMAL, NULL },
	{ "rounding", "取整方式", CRM_ENUM, roundings },
	{ "prev_limit", "上日涨跌停", CRM_ENUM, limit_dirs },
	{ "effective_from", "生效日期", CRM_DATE, NULL },
};
const struct crm_type type_contract = { "contract", contract, NELEM(contract) };

const struct crm_col band_cols[4] = {	/* FUT-03 */
	{ "breaker_up", "熔断上限价", CRM_DECIMAL, NULL },
	{ "breaker_down", "熔断下限价", CRM_DECIMAL, NULL },
	{ "limit_up", "涨停板价", CRM_DECIMAL, NULL },
	{ "limit_down", "跌停板价", CRM_DECIMAL, NULL },
};

static const struct crm_col position[] = {
	{ "account", "资金账号", CRM_STR, NULL },
	{ "investor", "投资者编号", CRM_STR, NULL },
	{ "member", "会员号", CRM_STR, NULL },
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "side", "买卖方向", CRM_ENUM, sides },
	{ "lots", "持仓量", CRM_INT, NULL },
	{ "hedge", "套期保值", CRM_STR, NULL },
	{ "avg_price", "持仓均价", CRM_DECIMAL, NULL },
	{ "investor_name", "投资者名称", CRM_STR, NULL },
	{ "member_name", "会员名称", CRM_STR, NULL },
	{ "trading_code", "交易编码", CRM_STR, NULL },	/* FUT-10: per member */
};
const struct crm_type type_position = { "position", position, NELEM(position) };

static const struct crm_col trade[] = {	/* FUT-01: today's fills */
	{ "account", "资金账号", CRM_STR, NULL },
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "side", "买卖", CRM_ENUM, trade_sides },
	{ "offset", "开平", CRM_ENUM, offsets },
	{ "lots", "成交手数", CRM_INT, NULL },
	{ "price", "成交价", CRM_DECIMAL, NULL },
	{ "hedge", "投机套保标志", CRM_STR, NULL },
	{ "trade_id", "成交编号", CRM_STR, NULL },
	{ "time", "成交时间", CRM_STR, NULL },
};
const struct crm_type type_trade = { "trade", trade, NELEM(trade) };

static const struct crm_col account[] = {
	{ "account", "资金账号", CRM_STR, NULL },
	{ "investor", "投资者编号", CRM_STR, NULL },
	{ "member", "会员号", CRM_STR, NULL },
	{ "reserve", "结算准备金", CRM_MONEY, NULL },
	{ "investor_name", "投资者名称", CRM_STR, NULL },
	{ "member_name", "会员名称", CRM_STR, NULL },
	{ "investor_type", "投资者类型", CRM_STR, NULL },
};
const struct crm_type type_account = { "account", account, NELEM(account) };

static const struct crm_col quote[] = {
	{ "time", "时间", CRM_TIME, NULL },
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "bid", "申买价", CRM_DECIMAL, NULL },
	{ "ask", "申卖价", CRM_DECIMAL, NULL },
	{ "event", "事件", CRM_ENUM, quote_events },
};
const struct crm_type type_quote = { "quote", quote, NELEM(quote) };

static const struct crm_col order[] = {	/* FUT-17: unfilled close orders */
	{ "account", "资金账号", CRM_STR, NULL },
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "side", "持仓方向", CRM_STR, NULL },
	{ "lots", "手数", CRM_INT, NULL },
	{ "price", "价格", CRM_DECIMAL, NULL },
	{ "direction", "买卖方向", CRM_STR, NULL },
	{ "offset", "开平", CRM_STR, NULL },
};
const struct crm_type type_order = { "order", order, NELEM(order) };

static const struct crm_col member[] = {	/* FUT-18 */
	{ "member", "会员号", CRM_STR, NULL },
	{ "member_name", "会员名称", CRM_STR, NULL },
	{ "type", "会员类型", CRM_ENUM, member_types },
	{ "share", "业务量占比", CRM_DECIMAL, NULL },
	{ "paid", "已缴担保金", CRM_MONEY, NULL },
};
const struct crm_type type_member = { "member", member, NELEM(member) };

static const struct crm_col investor_map[] = {	/* FUT-10: --investors */
	{ "trading_code", "交易编码", CRM_STR, NULL },
	{ "member", "会员号", CRM_STR, NULL },
	{ "investor", "投资者编号", CRM_STR, NULL },
};
const struct crm_type type_investor_map = { "investor-map", investor_map, NELEM(investor_map) };

static const struct crm_col clearing[] = {	/* FUT-11: --members */
	{ "member", "会员号", CRM_STR, NULL },
	{ "clearing_member", "结算会员号", CRM_STR, NULL },
	{ "member_name", "会员名称", CRM_STR, NULL },
};
const struct crm_type type_clearing = { "clearing", clearing, NELEM(clearing) };

static const struct crm_col quota[] = {	/* FUT-12: --hedge-quotas */
	{ "investor", "投资者编号", CRM_STR, NULL },
	{ "member", "会员号", CRM_STR, NULL },
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "lots", "套期保值额度", CRM_INT, NULL },
};
const struct crm_type type_quota = { "hedge-quota", quota, NELEM(quota) };

const struct crm_col guarantee_cols[5] = {
	{ "basic", "基础担保金", CRM_MONEY, NULL },
	{ "variable", "变动担保金", CRM_MONEY, NULL },
	{ "total", "结算担保金", CRM_MONEY, NULL },
	{ "shortfall", "应补缴", CRM_MONEY, NULL },
	{ "below_basic", "低于基础担保金", CRM_MONEY, NULL },
};

static const struct crm_col margin[] = {	/* FUT-01, FUT-02 */
	{ "account", "资金账号", CRM_STR, NULL },
	{ "investor", "投资者编号", CRM_STR, NULL },
	{ "member", "会员号", CRM_STR, NULL },
	{ "reserve_before", "上日结算准备金", CRM_MONEY, NULL },
	{ "prev_margin", "上日交易保证金", CRM_MONEY, NULL },
	{ "margin", "交易保证金", CRM_MONEY, NULL },
	{ "pnl", "当日盈亏", CRM_MONEY, NULL },
	{ "reserve", "结算准备金", CRM_MONEY, NULL },
	{ "call", "追加保证金", CRM_MONEY, NULL },
	{ "due", "追加期限", CRM_DATE, NULL },
	{ "status", "状态", CRM_ENUM, statuses },
	{ "reason", "原因", CRM_STR, NULL },
	{ "basis", "计算依据", CRM_ENUM, bases },
	{ "margin_mode", "保证金方式", CRM_ENUM, margin_modes },
};
const struct crm_type type_margin = { "margin", margin, NELEM(margin) };

static const struct crm_col violation[] = {	/* FUT-09…13 */
	{ "rule", "规则", CRM_STR, NULL },
	{ "kind", "类型", CRM_ENUM, violation_kinds },
	{ "investor", "投资者编号", CRM_STR, NULL },
	{ "member", "会员号", CRM_STR, NULL },
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "side", "买卖方向", CRM_ENUM, sides },
	{ "lots", "持仓量", CRM_INT, NULL },
	{ "limit", "持仓限额", CRM_INT, NULL },
	{ "excess", "超出手数", CRM_INT, NULL },
	{ "action", "限制", CRM_ENUM, actions },
	{ "trading_code", "交易编码", CRM_STR, NULL },	/* FUT-10 */
	{ "note", "说明", CRM_STR, NULL },		/* FUT-11, FUT-12: why */
};
const struct crm_type type_violation = { "violation", violation, NELEM(violation) };

static const struct crm_col report[] = {	/* FUT-14: 《投资者大户报告表》 */
	{ "rule", "规则", CRM_STR, NULL },
	{ "member", "会员号", CRM_STR, NULL },
	{ "member_name", "会员名称", CRM_STR, NULL },
	{ "investor", "投资者编号", CRM_STR, NULL },
	{ "investor_name", "投资者名称", CRM_STR, NULL },
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "side", "买卖方向", CRM_ENUM, sides },
	{ "lots", "持仓量", CRM_INT, NULL },
	{ "threshold", "报告标准", CRM_INT, NULL },
	{ "margin", "交易保证金", CRM_MONEY, NULL },
	{ "available", "可动用资金", CRM_MONEY, NULL },
	{ "due", "报告期限", CRM_DATE, NULL },
	{ "investor_type", "投资者类型", CRM_STR, NULL },
	{ "attachments_due", "应附材料", CRM_STR, NULL },
	{ "attachments_on_file", "已交材料", CRM_STR, NULL },
	{ "attachments_missing", "缺少材料", CRM_STR, NULL },
	{ "trading_code", "交易编码", CRM_STR, NULL },	/* FUT-10, FUT-14 */
};
const struct crm_type type_report = { "report", report, NELEM(report) };

static const struct crm_col liquidation[] = {	/* FUT-15, FUT-16 */
	{ "rule", "规则", CRM_STR, NULL },
	{ "account", "资金账号", CRM_STR, NULL },
	{ "investor", "投资者编号", CRM_STR, NULL },
	{ "member", "会员号", CRM_STR, NULL },
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "side", "买卖方向", CRM_ENUM, sides },
	{ "lots", "强平手数", CRM_INT, NULL },
	{ "reason", "原因", CRM_ENUM, reasons },
	{ "executor", "执行方", CRM_ENUM, executors },
	{ "due", "执行日", CRM_DATE, NULL },
	{ "remaining", "未弥补金额", CRM_MONEY, NULL },
	{ "status", "状态", CRM_ENUM, statuses },
};
const struct crm_type type_liquidation = { "liquidation", liquidation, NELEM(liquidation) };

static const struct crm_col event[] = {	/* FUT-04…08 */
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "time", "时间", CRM_TIME, NULL },
	{ "event", "事件", CRM_ENUM, events },
	{ "direction", "方向", CRM_ENUM, directions },
	{ "price", "熔断价格", CRM_DECIMAL, NULL },
	{ "rule", "规则", CRM_STR, NULL },
};
const struct crm_type type_event = { "event", event, NELEM(event) };

static const struct crm_col fill[] = {	/* FUT-17 */
	{ "account", "资金账号", CRM_STR, NULL },
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "side", "买卖方向", CRM_ENUM, sides },
	{ "lots", "手数", CRM_INT, NULL },
	{ "price", "成交价", CRM_DECIMAL, NULL },
	{ "role", "角色", CRM_ENUM, roles },
	{ "tier", "档位", CRM_INT, NULL },
};
const struct crm_type type_fill = { "fill", fill, NELEM(fill) };

static const struct crm_col warning[] = {	/* FUT-19 */
	{ "rule", "规则", CRM_STR, NULL },
	{ "trigger", "触发条件", CRM_ENUM, triggers },
	{ "contract", "合约代码", CRM_STR, NULL },
	{ "investor", "投资者编号", CRM_STR, NULL },
	{ "account", "资金账号", CRM_STR, NULL },
	{ "value", "数值", CRM_DECIMAL, NULL },
	{ "threshold", "阈值", CRM_DECIMAL, NULL },
	{ "message", "提示", CRM_TEXT, NULL },
	{ "clause", "情形", CRM_INT, NULL },
	{ "measure", "措施", CRM_ENUM, measures },
	{ "member", "会员号", CRM_STR, NULL },
	{ "status", "状态", CRM_ENUM, statuses },
};
const struct crm_type type_warning = { "warning", warning, NELEM(warning) };
