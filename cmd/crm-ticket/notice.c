/* crm-ticket notify, report: the major-fault notice and the fault analysis report (SVC-07). */
#include <stdlib.h>
#include <string.h>

#include "crm-ticket.h"

/* A label in English or (--zh) Chinese. */
#define TR(en_text, zh_text) (opts.crm.zh ? (zh_text) : (en_text))

/* What the notice and the report say about a ticket; strings owned. */
struct fault {
	char *id, *customer_id, *customer, *department, *owner, *opened_at, *first_responder;
	char *severity, *status, *resolved_at, *resolved_by, *retro_form, *summary;
	char *note[8];	/* place, symptoms, plan, impact, handling, cause, corrective, preventive */
};
#define NFIELDS 13

static int
fault_load(struct crm_archive *ar, const char *id, struct fault *f)
{
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT t.id, t.customer_id, coalesce(c.name, ''), coalesce(c.department, ''),"
		" coalesce(c.owner, ''), t.opened_at, t.first_responder, t.severity, t.status,"
		" coalesce(t.resolved_at, ''), coalesce(t.resolved_by, ''), t.retro_form, t.summary,"
		" t.place, t.symptoms, t.plan, t.impact, t.handling, t.cause, t.corrective, t.preventive"
		" FROM ticket AS t LEFT JOIN customer AS c ON c.id = t.customer_id WHERE t.id = ?1");
	char **v[NFIELDS] = {
		&f->id, &f->customer_id, &f->customer, &f->department, &f->owner, &f->opened_at,
		&f->first_responder, &f->severity, &f->status, &f->resolved_at, &f->resolved_by,
		&f->retro_form, &f->summary
	};
	int found;

	crm_archive_bind(st, 1, id, 0);
	if ((found = crm_archive_step(ar, st) == CRM_ROW)) {
		for (int i = 0; i < NFIELDS; i++)
			*v[i] = xstrdup(crm_archive_text(st, i));
		for (int i = 0; i < 8; i++)
			f->note[i] = xstrdup(crm_archive_text(st, NFIELDS + i));
	}
	crm_archive_finalize(st);
	return found;
}

static void
fault_release(struct fault *f)
{
	char *v[NFIELDS] = {
		f->id, f->customer_id, f->customer, f->department, f->owner, f->opened_at,
		f->first_responder, f->severity, f->status, f->resolved_at, f->resolved_by,
		f->retro_form, f->summary
	};

	for (int i = 0; i < NFIELDS; i++)
		free(v[i]);
	for (int i = 0; i < 8; i++)
		free(f->note[i]);
}

/* "S01 张伟 (销售一部)", or the id alone when not on the staff list. */
static void
person(FILE *fp, const struct crm_staff_list *sl, const char *id)
{
	const struct crm_staff *s = crm_staff_find(sl, id);

	if (!*id)
		fputs(TR("(none on file)", "（档案中无）"), fp);
	else if (!s)
		fprintf(fp, "%s", id);
	else if (*s->department)
		fprintf(fp, TR("%s %s (%s)", "%s %s（%s）"), s->id, s->name, s->department);
	else
		fprintf(fp, "%s %s", s->id, s->name);
}

/* The first staff member in role (in department when given) who has not left. */
static const char *
holder(const struct crm_staff_list *sl, const char *role, const char *department)
{
	for (size_t i = 0; i < sl->n; i++)
		if (!strcmp(sl->v[i].role, role) && !*sl->v[i].left_on &&
		    (!department || !strcmp(sl->v[i].department, department)))
			return sl->v[i].id;
	return "";
}

static const char *
or_blank(const char *s)
{
	return *s ? s : TR("(not recorded)", "（未记录）");
}

/* One "Label:  value" line, the labels padded to one width. */
static void
line(FILE *fp, const char *label, const char *value)
{
	fprintf(fp, "%s%s\n", label, value);
}

/*
 * SVC-07: whoever learns of a major fault first notifies the departments
 * concerned with time, place, symptoms and plan, up to the signing
 * salesperson and the manager; SVC-02: major matters reach the general
 * manager at once.
 */
void
write_notice(struct crm_archive *ar, const struct crm_staff_list *sl, const char *id, FILE *fp)
{
	struct fault f;

	if (!fault_load(ar, id, &f))
		return;
	fprintf(fp, "%s\n\n", TR("MAJOR FAULT NOTICE (SVC-07)", "重大故障通知（SVC-07）"));
	line(fp, TR("Ticket:       ", "工单：　　　　"), f.id);
	fprintf(fp, "%s%s %s\n", TR("Customer:     ", "客户：　　　　"), f.customer_id, f.customer);
	line(fp, TR("Department:   ", "业务部门：　　"), or_blank(f.department));
	line(fp, TR("Time:         ", "发生时间：　　"), f.opened_at);
	line(fp, TR("Place:        ", "地点：　　　　"), or_blank(f.note[0]));
	line(fp, TR("Symptoms:     ", "现象：　　　　"), *f.note[1] ? f.note[1] : f.summary);
	line(fp, TR("Plan:         ", "处理预案：　　"), or_blank(f.note[2]));
	fputs(TR("Reported by:  ", "首问责任人：　"), fp);
	person(fp, sl, f.first_responder);
	fprintf(fp, "\n\n%s\n", TR("Notify at once:", "请立即通知："));
	fputs(TR("  signing salesperson  ", "  业务签单人员　"), fp);
	person(fp, sl, f.owner);
	fputs(TR("\n  manager              ", "\n  分管经理　　　"), fp);
	const char *mgr = *f.department ? holder(sl, "dept_manager", f.department) : "";
	if (*mgr)
		person(fp, sl, mgr);
	else
		fprintf(fp, TR("(no dept_manager of '%s' on the staff list)", "（员工名单中无%s的部门经理）"),
			f.department);
	fputs(TR("\n  general manager      ", "\n  总经理　　　　"), fp);
	person(fp, sl, holder(sl, "general_manager", NULL));
	fprintf(fp, "\n\n%s\n", TR("Afterwards: a fault analysis report to the customer and the business department"
				  " (crm-ticket report ID).",
				  "故障结束后：填写故障分析报告，反馈客户及业务部（crm-ticket report 工单号）。"));
	fault_release(&f);
}

/* "5 h 30 min" between two stamps, or "" when either is missing. */
static void
duration(const char *from, const char *to, char *buf, size_t size)
{
	int64_t a, b;

	buf[0] = '\0';
	if (crm_datetime_parse(from, &a) < 0 || crm_datetime_parse(to, &b) < 0 || b < a)
		return;
	long min = (long)((b - a) / 60);
	if (min >= 24 * 60)
		snprintf(buf, size, TR("%ld d %ld h %ld min", "%ld天%ld小时%ld分钟"), min / 1440, min % 1440 / 60,
			 min % 60);
	else
		snprintf(buf, size, TR("%ld h %ld min", "%ld小时%ld分钟"), min / 60, min % 60);
}

static const char *
event_word(const char *kind)
{
	if (!strcmp(kind, "open"))
		return TR("opened by ", "受理：");
	if (!strcmp(kind, "handoff"))
		return TR("handed off by ", "移交：");
	return TR("resolved by ", "解决：");
}

static void
section(FILE *fp, const char *title, const char *text)
{
	fprintf(fp, "\n%s\n   %s\n", title, *text ? text : TR("(to be filled in)", "（待填写）"));
}

/* SVC-07: the fault analysis report, filled with what the archive knows. */
static void
write_report(struct crm_archive *ar, const struct crm_staff_list *sl, const struct fault *f, FILE *fp)
{
	char took[64];

	fprintf(fp, "%s\n\n", TR("FAULT ANALYSIS REPORT (SVC-07)", "故障分析报告（SVC-07）"));
	fprintf(fp, TR("To: the customer %s %s; the business department %s\n",
		      "报送：客户 %s %s；业务部 %s\n"), f->customer_id, f->customer, or_blank(f->department));
	fprintf(fp, TR("Ticket: %s (%s)\n", "工单：%s（%s）\n"), f->id,
		!strcmp(f->severity, "major") ? TR("major fault", "重大故障") : TR("normal", "一般"));
	line(fp, TR("Time:     ", "发生时间："), f->opened_at);
	line(fp, TR("Place:    ", "地点：　　"), or_blank(f->note[0]));
	line(fp, TR("Symptoms: ", "现象：　　"), *f->note[1] ? f->note[1] : f->summary);
	if (*f->resolved_at) {
		duration(f->opened_at, f->resolved_at, took, sizeof took);
		fprintf(fp, TR("Resolved: %s by %s (%s)\n", "解决时间：%s，%s（历时%s）\n"), f->resolved_at,
			f->resolved_by, took);
	} else {
		line(fp, TR("Resolved: ", "解决时间："), TR("not yet", "尚未解决"));
	}
	if (!strcmp(f->retro_form, "yes"))
		fprintf(fp, "%s\n", TR("Emergency: fixed first, work-contact form filed afterwards (SVC-09).",
				      "紧急处理：先解决问题，事后补交工作联络单（SVC-09）。"));

	section(fp, TR("1. Impact", "一、故障造成的影响"), f->note[3]);
	fprintf(fp, "\n%s\n", TR("2. Handling", "二、处理情况"));
	struct crm_stmt *st = crm_archive_prepare(ar,
		"SELECT at, kind, by, to_staff FROM ticket_event WHERE ticket_id = ?1 ORDER BY at, seq");
	crm_archive_bind(st, 1, f->id, 0);
	while (crm_archive_step(ar, st) == CRM_ROW) {
		fprintf(fp, "   %s  %s", crm_archive_text(st, 0), event_word(crm_archive_text(st, 1)));
		person(fp, sl, crm_archive_text(st, 2));
		if (*crm_archive_text(st, 3)) {
			fputs(TR(" to ", " → "), fp);
			person(fp, sl, crm_archive_text(st, 3));
		}
		fputc('\n', fp);
	}
	crm_archive_finalize(st);
	if (*f->note[4])
		fprintf(fp, "   %s\n", f->note[4]);
	section(fp, TR("3. Cause", "三、原因分析"), f->note[5]);
	section(fp, TR("4. Corrective actions", "四、采取的纠正措施"), f->note[6]);
	section(fp, TR("5. Preventive actions", "五、预防措施"), f->note[7]);
	fprintf(fp, "\n%s\n", TR("Prepared by: ______________    Date: ______________",
				"填报人：______________    日期：______________"));
}

/* Load the staff and the ticket for notify and report; dies when there is no such ticket. */
static struct crm_archive *
open_fault(struct args *a, const char *cmd, struct crm_staff_list *sl, struct fault *f)
{
	struct crm_archive *ar;

	if (a->n != 1)
		crm_usage_error("%s needs one ticket id", cmd);
	ar = crm_archive_open(opts.home);
	staff_load(ar, sl);
	if (!fault_load(ar, a->v[0], f)) {
		crm_staff_list_release(sl);
		crm_archive_close(ar);
		crm_die("%s: no ticket '%s' in the archive", cmd, a->v[0]);
	}
	return ar;
}

int
cmd_notify(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;
	struct crm_staff_list sl;
	struct fault f;
	struct crm_archive *ar = open_fault(a, "notify", &sl, &f);

	write_notice(ar, &sl, f.id, stdout);
	fault_release(&f);
	crm_staff_list_release(&sl);
	crm_archive_close(ar);
	return CRM_OK;
}

int
cmd_report(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;
	struct crm_staff_list sl;
	struct fault f;
	struct crm_archive *ar = open_fault(a, "report", &sl, &f);

	write_report(ar, &sl, &f, stdout);
	fault_release(&f);
	crm_staff_list_release(&sl);
	crm_archive_close(ar);
	return CRM_OK;
}
