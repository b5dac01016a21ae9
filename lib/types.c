/* types: the record types of DESIGN.md, with their Chinese header aliases. */
#include <string.h>
#include <strings.h>

#include "stream.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const struct crm_alias crm_categories[] = {	/* CM-01 */
	{ "target", "目标客户" }, { "general", "一般客户" },
	{ "key", "重点客户" }, { "potential", "潜在客户" }, { NULL, NULL }
};
const struct crm_alias crm_statuses[] = {
	{ "active", "正常" }, { "closed", "已关闭" }, { NULL, NULL }
};
const struct crm_alias crm_yesno[] = {
	{ "yes", "是" }, { "no", "否" }, { NULL, NULL }
};
static const struct crm_alias daykinds[] = {
	{ "holiday", "休" }, { "workday", "班" }, { NULL, NULL }
};
static const struct crm_alias expense_kinds[] = {
	{ "entertainment", "招待" }, { "travel", "差旅" }, { "gift", "礼品" },
	{ "other", "其他" }, { NULL, NULL }
};
static const struct crm_alias verdicts[] = {	/* CM-15 */
	{ "reimbursable", "可报销" }, { "rejected", "不予报销" }, { NULL, NULL }
};
static const struct crm_alias expense_reasons[] = {
	{ "not-registered", "客户未备案" }, { "registered-after-expense", "费用发生后才备案" },
	{ "unknown-customer", "客户不在档案中" }, { "duplicate", "重复报销" }, { NULL, NULL }
};
static const struct crm_alias roles[] = {
	{ "staff", "员工" }, { "dept_manager", "部门经理" },
	{ "general_manager", "总经理" }, { "hq_manager", "总部经理" },
	{ "subsidiary_gm", "分公司总经理" }, { NULL, NULL }
};

static const struct crm_col customer[] = {
	{ "id", "客户编号", CRM_STR, NULL },
	{ "name", "客户名称", CRM_STR, NULL },
	{ "category", "客户类别", CRM_ENUM, crm_categories },
	{ "nature", "企业性质", CRM_STR, NULL },
	{ "supervisor", "主管单位", CRM_STR, NULL },
	{ "address", "地址", CRM_TEXT, NULL },
	{ "contact", "联系人", CRM_STR, NULL },
	{ "phone", "联系电话", CRM_PHONE, NULL },
	{ "department", "业务部门", CRM_STR, NULL },
	{ "owner", "负责人", CRM_STR, NULL },
	{ "co_owners", "协同联系人", CRM_IDLIST, NULL },
	{ "important", "重要客户", CRM_BOOL, crm_yesno },
	{ "first_contact", "首次接触日期", CRM_DATE, NULL },
	{ "registered", "备案日期", CRM_DATE, NULL },
	{ "status", "状态", CRM_ENUM, crm_statuses },
};
const struct crm_type crm_type_customer = { "customer", customer, NELEM(customer) };

static const struct crm_col change[] = {	/* 《客户信息维护表》 */
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "field", "变更项目", CRM_STR, NULL },
	{ "old", "原内容", CRM_TEXT, NULL },
	{ "new", "新内容", CRM_TEXT, NULL },
	{ "changed_on", "变更日期", CRM_DATE, NULL },
	{ "reported_on", "反馈日期", CRM_DATE, NULL },
	{ "by", "填表人", CRM_STR, NULL },
	{ "reason", "变更原因", CRM_TEXT, NULL },
};
const struct crm_type crm_type_change = { "change", change, NELEM(change) };

static const struct crm_col staff[] = {
	{ "id", "工号", CRM_STR, NULL },
	{ "name", "姓名", CRM_STR, NULL },
	{ "department", "部门", CRM_STR, NULL },
	{ "role", "职务", CRM_ENUM, roles },
	{ "left_on", "离职日期", CRM_DATE, NULL },
};
const struct crm_type crm_type_staff = { "staff", staff, NELEM(staff) };

static const struct crm_col expense[] = {
	{ "id", "单号", CRM_STR, NULL },
	{ "staff", "报销人", CRM_STR, NULL },
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "customer", "客户名称", CRM_STR, NULL },
	{ "kind", "费用类别", CRM_ENUM, expense_kinds },
	{ "amount", "金额", CRM_MONEY, NULL },
	{ "date", "日期", CRM_DATE, NULL },
	{ "verdict", "审核结果", CRM_ENUM, verdicts },	/* crm-expense's judgement */
	{ "reason", "原因", CRM_ENUM, expense_reasons },
};
const struct crm_type crm_type_expense = { "expense", expense, NELEM(expense) };

static const struct crm_col project[] = {	/* SVC-05 */
	{ "id", "项目编号", CRM_STR, NULL },
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "name", "项目名称", CRM_STR, NULL },
	{ "delivered", "交付日期", CRM_DATE, NULL },
	{ "last_revisit", "上次回访日期", CRM_DATE, NULL },
};
const struct crm_type crm_type_project = { "project", project, NELEM(project) };

static const struct crm_col ticket[] = {
	{ "id", "工单编号", CRM_STR, NULL },
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "opened_at", "受理时间", CRM_DATETIME, NULL },
	{ "first_responder", "首问责任人", CRM_STR, NULL },
	{ "channel", "渠道", CRM_STR, NULL },
	{ "summary", "摘要", CRM_TEXT, NULL },
	{ "severity", "严重程度", CRM_STR, NULL },
	{ "assignee", "处理人", CRM_STR, NULL },
	{ "status", "状态", CRM_STR, NULL },
	{ "resolved_at", "解决时间", CRM_DATETIME, NULL },
};
const struct crm_type crm_type_ticket = { "ticket", ticket, NELEM(ticket) };

static const struct crm_alias reminder_kinds[] = {
	{ "due", "即将到期" }, { "overdue", "已逾期" }, { "late", "迟延" },
	{ "missing", "缺少" }, { "gift", "礼品" }, { NULL, NULL }
};
static const struct crm_col reminder[] = {	/* crm-remind's output */
	{ "rule", "规则", CRM_STR, NULL },
	{ "kind", "类型", CRM_ENUM, reminder_kinds },
	{ "ref", "关联编号", CRM_STR, NULL },
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "customer", "客户名称", CRM_STR, NULL },
	{ "owner", "负责人", CRM_STR, NULL },
	{ "department", "业务部门", CRM_STR, NULL },
	{ "event_date", "事件日期", CRM_DATE, NULL },
	{ "due", "期限", CRM_DATE, NULL },
	{ "days_overdue", "逾期天数", CRM_INT, NULL },
	{ "message", "提示", CRM_TEXT, NULL },
	{ "provisional", "暂定", CRM_BOOL, crm_yesno },	/* due past the calendar's last year */
};
const struct crm_type crm_type_reminder = { "reminder", reminder, NELEM(reminder) };

const struct crm_alias crm_channels[] = {	/* CM-09: letters, faxes, calls … */
	{ "letter", "信函" }, { "fax", "传真" }, { "phone", "电话" }, { "visit", "拜访" },
	{ "email", "邮件" }, { "meeting", "会议" }, { "long-distance", "长话" },
	{ "gift", "礼品" },	/* SVC-03: the summary holds the next-year needs (次年需求计划) */
	{ NULL, NULL }
};
static const struct crm_col contact_log[] = {	/* CM-09 correspondence */
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "date", "日期", CRM_DATE, NULL },
	{ "channel", "方式", CRM_ENUM, crm_channels },
	{ "staff", "联系人员", CRM_STR, NULL },
	{ "summary", "内容摘要", CRM_TEXT, NULL },
};
const struct crm_type crm_type_log = { "log", contact_log, NELEM(contact_log) };

static const struct crm_col calendar[] = {
	{ "date", "日期", CRM_DATE, NULL },
	{ "kind", "类型", CRM_ENUM, daykinds },
	{ "name", "名称", CRM_STR, NULL },
};
const struct crm_type crm_type_calendar = { "calendar", calendar, NELEM(calendar) };

const struct crm_col *
crm_type_col(const struct crm_type *t, const char *name)
{
	size_t i;

	if (!t)
		return NULL;
	for (i = 0; i < t->ncols; i++)
		if (!strcasecmp(t->cols[i].name, name) ||
		    (t->cols[i].zh && !strcmp(t->cols[i].zh, name)))
			return &t->cols[i];
	return NULL;
}
