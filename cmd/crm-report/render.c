/* crm-report: the report as Markdown text, as records, and as one HTML page with inline SVG charts. */
#include <string.h>

#include "crm-report.h"

static void
title(const struct report *r, FILE *fp, int html)
{
	char from[CRM_DATE_LEN], to[CRM_DATE_LEN];

	crm_date_format(r->p.from, from);
	crm_date_format(r->p.to, to);
	if (r->p.monthly)
		fprintf(fp, TR("%sService supervision report %s%s", "%s服务监督报告 %s%s"), html ? "<h1>" : "# ",
			r->p.label, html ? "</h1>\n" : "\n");
	else
		fprintf(fp, TR("%sWeekly service report %s%s", "%s客户服务周报 %s%s"), html ? "<h1>" : "# ",
			r->p.label, html ? "</h1>\n" : "\n");
	fprintf(fp, "%s%s – %s · ", html ? "<p>" : "\n", from, to);
	if (r->p.monthly)
		fputs(TR("for the general manager (SVC-01), with the month-end KPI (CM-13, CM-16)",
			 "上报总经理（SVC-01），含月底KPI（CM-13、CM-16）"), fp);
	else
		fputs(TR("for the Friday afternoon meeting (SVC-04)", "周五下午部门例会（SVC-04）"), fp);
	crm_date_format(r->p.today, from);
	fprintf(fp, TR(" · as of %s", " · 截至%s"), from);
	if (!r->reminders_from)
		fputs(TR(" · no reminders given (--reminders): overdue figures not shown",
			 " · 未提供提醒（--reminders），不含逾期数字"), fp);
	else if (*r->reminders_day)
		fprintf(fp, TR(" · reminders of %s", " · 提醒取自%s"), r->reminders_day);
	fputs(html ? "</p>\n" : "\n", fp);
}

/* --- Markdown text ---------------------------------------------------------- */

static void
md_cell(FILE *fp, const char *s)
{
	for (; *s; s++)
		if (*s == '|')
			fputs("\\|", fp);
		else if (*s == '\n')
			fputc(' ', fp);
		else
			fputc(*s, fp);
}

static void
md_table(const struct table *t, FILE *fp)
{
	fprintf(fp, "\n## %s\n\n", t->title);
	if (!t->nrows) {
		fprintf(fp, "%s\n", TR("(none)", "（无）"));
		return;
	}
	for (size_t c = 0; c < t->ncols; c++)
		fprintf(fp, "| %s ", t->head[c]);
	fputs("|\n", fp);
	for (size_t c = 0; c < t->ncols; c++)
		fputs(t->measure[c] ? "|---:" : "|---", fp);
	fputs("|\n", fp);
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t c = 0; c < t->ncols; c++) {
			fputs("| ", fp);
			md_cell(fp, t->cells[i * t->ncols + c]);
			fputc(' ', fp);
		}
		fputs("|\n", fp);
	}
}

void
render_text(const struct report *r, FILE *fp)
{
	title(r, fp, 0);
	fprintf(fp, "\n## %s\n\n| %s | %s |\n|---|---:|\n", TR("Summary", "概况"), TR("measure", "项目"),
		TR("value", "数值"));
	for (size_t i = 0; i < r->nm; i++)
		fprintf(fp, "| %s | %s |\n", TR(r->m[i]->en, r->m[i]->zh), r->m[i]->shown);
	for (size_t i = 0; i < r->nt; i++)
		md_table(r->t[i], fp);
}

/* --- records: period,section,key,measure,value ------------------------------ */

void
render_records(const struct report *r, FILE *fp)
{
	static const struct crm_col cols[] = {
		{ "period", "期间", CRM_STR, NULL },
		{ "section", "部分", CRM_STR, NULL },
		{ "key", "键", CRM_STR, NULL },
		{ "measure", "指标", CRM_STR, NULL },
		{ "value", "数值", CRM_DECIMAL, NULL },
		/* monthly: what a CM-16 KPI row is about, as the text report shows it */
		{ "customer", "客户", CRM_STR, NULL },
		{ "rule", "规则", CRM_STR, NULL },
		{ "due", "期限", CRM_DATE, NULL },
	};
	struct crm_writer *w = crm_writer_new(fp, &opts.crm);
	size_t ncols = 5;

	for (size_t i = 0; i < r->nt; i++)
		if (r->t[i]->section && !strcmp(r->t[i]->section, "kpi_cm16"))
			ncols = 8;	/* the CM-16 KPI is there: customer, rule, due */

	for (size_t i = 0; i < ncols; i++)
		crm_writer_col(w, cols[i].name, &cols[i]);
	for (size_t i = 0; i < r->nm; i++) {
		if (!*r->m[i]->value)
			continue;
		const char *v[] = { r->p.label, "summary", "", r->m[i]->name, r->m[i]->value, "", "", "" };
		crm_writer_row(w, v, NULL);
	}
	for (size_t i = 0; i < r->nt; i++) {
		const struct table *t = r->t[i];
		if (!t->section)
			continue;
		for (size_t k = 0; k < t->nrows; k++)
			for (size_t c = 1; c < t->ncols; c++) {
				const char *cell = t->cells[k * t->ncols + c];
				if (!t->measure[c] || !*cell)
					continue;
				const char *v[] = { r->p.label, t->section, t->cells[k * t->ncols], t->measure[c], cell,
						    "", "", "" };
				if (!strcmp(t->section, "kpi_cm16")) {
					v[5] = t->cells[k * t->ncols + 2];
					v[6] = t->cells[k * t->ncols + 3];
					v[7] = t->cells[k * t->ncols + 5];
				} else if (!strcmp(t->section, "kpi_cm06_late")) {
					v[5] = t->cells[k * t->ncols + 2];	/* CM-06 late reports: customer, due */
					v[6] = "CM-06";
					v[7] = t->cells[k * t->ncols + 5];
				}
				crm_writer_row(w, v, NULL);
			}
	}
	crm_writer_close(w);
}

/* --- HTML ------------------------------------------------------------------- */

static void
esc(FILE *fp, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
}

static void
html_table(FILE *fp, const char *heading, const struct table *t)
{
	fputs("<h2>", fp);
	esc(fp, heading);
	fputs("</h2>\n", fp);
	if (!t->nrows) {
		fprintf(fp, "<p class=\"none\">%s</p>\n", TR("(none)", "（无）"));
		return;
	}
	fputs("<table>\n<tr>", fp);
	for (size_t c = 0; c < t->ncols; c++) {
		fputs("<th>", fp);
		esc(fp, t->head[c]);
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	for (size_t i = 0; i < t->nrows; i++) {
		fputs("<tr>", fp);
		for (size_t c = 0; c < t->ncols; c++) {
			fputs(t->measure[c] ? "<td class=\"n\">" : "<td>", fp);
			esc(fp, t->cells[i * t->ncols + c]);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

static long
max_value(const struct bar *b, size_t n)
{
	long m = 0;

	for (size_t i = 0; i < n; i++)
		if (b[i].value > m)
			m = b[i].value;
	return m;
}

/* Chart: tickets per day, one vertical bar a day. */
static void
chart_per_day(const struct report *r, FILE *fp)
{
	long max = max_value(r->per_day, r->nday);
	int bw = r->nday > 10 ? 14 : 40, gap = r->nday > 10 ? 4 : 12, h = 140, top = 20, base = top + h;
	int width = 30 + (int)r->nday * (bw + gap);

	fprintf(fp, "<figure id=\"chart-per-day\"><figcaption>%s</figcaption>\n",
		TR("Tickets per day", "每日受理工单"));
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"%d\" height=\"%d\""
		" viewBox=\"0 0 %d %d\"><title>%s</title>\n", width, base + 34, width, base + 34,
		TR("Tickets opened per day", "每日受理工单数"));
	fprintf(fp, "<line x1=\"20\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n", base, width - 4, base);
	for (size_t i = 0; i < r->nday; i++) {
		int x = 24 + (int)i * (bw + gap);
		int bh = max ? (int)(r->per_day[i].value * h / max) : 0;
		fprintf(fp, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#3b6ea5\">"
			"<title>%s: %ld</title></rect>\n", x, base - bh, bw, bh, r->per_day[i].label,
			r->per_day[i].value);
		if (r->per_day[i].value)
			fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%ld</text>\n",
				x + bw / 2, base - bh - 4, r->per_day[i].value);
		/* "Mon 11-23": the weekday over the date */
		const char *label = r->per_day[i].label, *sp = strchr(label, ' ');
		fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"middle\">", x + bw / 2,
			base + 14, r->nday > 10 ? 9 : 11);
		if (sp) {
			fprintf(fp, "%.*s<tspan x=\"%d\" dy=\"13\">", (int)(sp - label), label, x + bw / 2);
			esc(fp, sp + 1);
			fputs("</tspan>", fp);
		} else {
			esc(fp, label);
		}
		fputs("</text>\n", fp);
	}
	fputs("</svg></figure>\n", fp);
}

/* Chart: the first-contact resolution rate, as a ring. */
static void
chart_fcr(const struct report *r, FILE *fp)
{
	char rate[48];
	/* circumference of r = 60, in hundredths so the dash is exact enough */
	const long circ = 37699;	/* 2π × 60 × 100 */
	long dash = r->opened ? r->fcr * circ / r->opened : 0;

	percent(r->fcr, r->opened, rate, sizeof rate);
	fprintf(fp, "<figure id=\"chart-fcr\"><figcaption>%s</figcaption>\n",
		TR("First-contact resolution (SVC-02)", "首问一次办结率（SVC-02）"));
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"200\" height=\"194\""
		" viewBox=\"0 0 200 194\"><title>%s %s%%</title>\n",
		TR("First-contact resolution rate", "一次办结率"), *rate ? rate : "0");
	fputs("<circle cx=\"100\" cy=\"90\" r=\"60\" fill=\"none\" stroke=\"#ddd\" stroke-width=\"22\"/>\n", fp);
	fprintf(fp, "<circle class=\"ring\" cx=\"100\" cy=\"90\" r=\"60\" fill=\"none\" stroke=\"#2e8b57\" stroke-width=\"22\""
		" stroke-dasharray=\"%ld.%02ld %ld.%02ld\" transform=\"rotate(-90 100 90)\"/>\n",
		dash / 100, dash % 100, circ / 100, circ % 100);
	fprintf(fp, "<text x=\"100\" y=\"97\" font-size=\"22\" text-anchor=\"middle\">%s%s</text>\n",
		*rate ? rate : "–", *rate ? "%" : "");
	fprintf(fp, "<text x=\"100\" y=\"184\" font-size=\"12\" text-anchor=\"middle\">");
	fprintf(fp, TR("%ld of %ld tickets", "%ld / %ld 张工单"), r->fcr, r->opened);
	fputs("</text>\n</svg></figure>\n", fp);
}

/* Chart: overdue reminders by department, horizontal bars. */
static void
chart_overdue(const struct report *r, FILE *fp)
{
	long max = max_value(r->overdue, r->noverdue);
	int rows = r->noverdue ? (int)r->noverdue : 1, h = 20 + rows * 26;

	fprintf(fp, "<figure id=\"chart-overdue\"><figcaption>%s</figcaption>\n",
		TR("Overdue reminders by department", "各部门逾期提醒"));
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"360\" height=\"%d\""
		" viewBox=\"0 0 360 %d\"><title>%s</title>\n", h, h,
		TR("Overdue reminders by department", "各部门逾期提醒数"));
	if (!r->noverdue)
		fprintf(fp, "<text x=\"10\" y=\"30\" font-size=\"13\">%s</text>\n",
			r->reminders_from ? TR("no overdue reminders", "无逾期提醒") :
			TR("no reminders given", "未提供提醒"));
	for (size_t i = 0; i < r->noverdue; i++) {
		int y = 10 + (int)i * 26, bw = max ? (int)(r->overdue[i].value * 200 / max) : 0;
		fprintf(fp, "<text x=\"116\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">", y + 15);
		esc(fp, r->overdue[i].label);
		fprintf(fp, "</text>\n<rect class=\"bar\" x=\"122\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"#c0504d\">"
			"<title>", y, bw);
		esc(fp, r->overdue[i].label);
		fprintf(fp, ": %ld</title></rect>\n<text x=\"%d\" y=\"%d\" font-size=\"12\">%ld</text>\n",
			r->overdue[i].value, 128 + bw, y + 15, r->overdue[i].value);
	}
	fputs("</svg></figure>\n", fp);
}

/* One page, no network: the style and the charts are inline. */
void
render_html(const struct report *r, FILE *fp)
{
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
		opts.crm.zh ? "zh-CN" : "en");
	fprintf(fp, r->p.monthly ? TR("Service supervision report %s", "服务监督报告 %s") :
		TR("Weekly service report %s", "客户服务周报 %s"), r->p.label);
	fputs("</title>\n<style>\n"
	      "body{font-family:system-ui,\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;"
	      "margin:2em auto;max-width:64em;padding:0 1em;color:#222}\n"
	      "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em}\n"
	      "table{border-collapse:collapse;margin:.4em 0}th,td{border:1px solid #ccc;padding:.25em .6em;"
	      "text-align:left}th{background:#f3f3f3}td.n{text-align:right}\n"
	      ".charts{display:flex;flex-wrap:wrap;gap:2em;margin:1em 0}figure{margin:0}"
	      "figcaption{font-weight:bold;margin-bottom:.4em}.none{color:#777}\n"
	      "@media print{.charts{gap:1em}}\n"
	      "</style>\n</head>\n<body>\n", fp);
	title(r, fp, 1);
	fputs("<div class=\"charts\">\n", fp);
	chart_per_day(r, fp);
	chart_fcr(r, fp);
	chart_overdue(r, fp);
	fputs("</div>\n", fp);
	fprintf(fp, "<h2>%s</h2>\n<table id=\"summary\">\n<tr><th>%s</th><th>%s</th></tr>\n",
		TR("Summary", "概况"), TR("measure", "项目"), TR("value", "数值"));
	for (size_t i = 0; i < r->nm; i++) {
		fputs("<tr><td>", fp);
		esc(fp, TR(r->m[i]->en, r->m[i]->zh));
		fputs("</td><td class=\"n\">", fp);
		esc(fp, r->m[i]->shown);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
	for (size_t i = 0; i < r->nt; i++)
		html_table(fp, r->t[i]->title, r->t[i]);
	fputs("</body>\n</html>\n", fp);
}
