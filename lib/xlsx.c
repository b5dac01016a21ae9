/*
 * xlsx: read a sheet as rows of text (libzip + expat, streaming) and write
 * records as a typed workbook (libxlsxwriter, constant memory).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <expat.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "money.h"
#include "stream.h"
#include "xlsx.h"

#define CHUNK (1 << 16)
#define RATIO_FLOOR (1L << 20)	/* parts smaller than this are not judged by ratio */

int
crm_xlsx_magic(const void *p, size_t n)
{
	if (n >= 4 && !memcmp(p, "PK\3\4", 4))
		return CRM_XLSX_ZIP;
	if (n >= 8 && !memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return CRM_XLSX_OLE;
	return CRM_XLSX_NONE;
}

int
crm_xlsx_sniff(int fd, char *head, size_t *n)
{
	struct stat st;
	ssize_t r;

	*n = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		char buf[8];
		r = pread(fd, buf, sizeof buf, 0);
		return r > 0 ? crm_xlsx_magic(buf, (size_t)r) : CRM_XLSX_NONE;
	}
	while (*n < 8 && ((r = read(fd, head + *n, 8 - *n)) > 0 || (r < 0 && errno == EINTR)))
		if (r > 0)
			*n += (size_t)r;
	return crm_xlsx_magic(head, *n);
}

void
crm_xlsx_number(double d, char buf[48])
{
	char e[48];

	if (d == 0 || !isfinite(d)) {
		snprintf(buf, 48, "%s", d == 0 ? "0" : "#NUM!");
		return;
	}
	snprintf(e, sizeof e, "%.14e", d);	/* 15 significant digits, as Excel keeps */
	if (crm_exp_plain(e, buf) < 0)
		snprintf(buf, 48, "%.15g", d);
}

/* --- reading -------------------------------------------------------------- */

/*
 * What a number format shows: a date or time, or a number with a fixed
 * count of decimals (K_FIXED | decimals << 5, "0.00", "#,##0").
 */
enum { K_DATE = 1, K_TIME = 2, K_SEC = 4, K_ELAPSED = 8, K_FIXED = 16 };

struct cell {
	long col;
	size_t off, len;
};

struct sheet {
	char *name, *rid;
};

struct crm_xlsx {
	char *name;		/* the file, for messages */
	zip_t *zip;
	char *mem;		/* the file's bytes when it came from a pipe */
	zip_file_t *zf;		/* the part being parsed */
	uint64_t limit, total;	/* its uncompressed size, checked as it is read */
	XML_Parser xp;
	char *err;		/* set once: the first error */
	int depth_skip;		/* inside <rPh> (phonetic runs): text ignored */
	/* workbook */
	int date1904;
	struct sheet *sheets;
	size_t nsheets;
	char *sheet_path, *sst_path, *styles_path, *want_rid;
	/* styles: kind per cellXfs index */
	struct { long id; int kind; } *fmts;
	size_t nfmts, fcap;
	unsigned char *xf;
	size_t nxf, xcap;
	int in_xfs;
	/* shared strings, held: each NUL-terminated in sst */
	char *sst;
	size_t sstlen, sstcap;
	size_t *sstoff;
	size_t nsst, socap;
	/* the element text being gathered */
	char *text;
	size_t tlen, tcap;
	int in_text;
	/* sheet state */
	long rownum, col;
	int ctype, cstyle, in_is;
	struct cell *cells;
	size_t ncells, ccap;
	char *rbuf;
	size_t rlen, rcap;
	int sorted;
	int have_header;
	long first, last;
	const char **fv;
	size_t *fl;
	size_t nfv;
	int rows_out, done;
	void (*row)(long, size_t, const char *const *, const size_t *, void *);
	void *arg;
};

static size_t unescape(char *s, size_t n);

static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *
attr(const char **a, const char *want)
{
	for (; *a; a += 2)
		if (!strcmp(local(a[0]), want))
			return a[1];
	return NULL;
}

static void
fail(struct crm_xlsx *x, const char *msg)
{
	if (!x->err)
		x->err = xstrdup(msg);
	if (x->xp)
		XML_StopParser(x->xp, XML_FALSE);
}

static void
text_add(struct crm_xlsx *x, const char *s, int n)
{
	if (!x->in_text || x->depth_skip)
		return;
	crm_grow(&x->text, &x->tcap, x->tlen + (size_t)n + 1, 1);
	memcpy(x->text + x->tlen, s, (size_t)n);
	x->tlen += (size_t)n;
	x->text[x->tlen] = '\0';
}

static void XMLCALL
on_text(void *u, const XML_Char *s, int n)
{
	text_add(u, s, n);
}

/* Open part path with the bomb guards; 0, or -1 with x->err. */
static int
part_open(struct crm_xlsx *x, const char *path)
{
	zip_stat_t st;
	char msg[300];

	if (zip_stat(x->zip, path, 0, &st) < 0) {
		snprintf(msg, sizeof msg, "damaged workbook: no part '%s'", path);
		fail(x, msg);
		return -1;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		fail(x, "encrypted workbook or old .xls: save as .xlsx");
		return -1;
	}
	if (st.size > (uint64_t)CRM_XLSX_MAX_ENTRY) {
		snprintf(msg, sizeof msg, "part '%s' is %llu bytes uncompressed, over the limit of %ld",
			 path, (unsigned long long)st.size, CRM_XLSX_MAX_ENTRY);
		fail(x, msg);
		return -1;
	}
	if (st.size > (uint64_t)RATIO_FLOOR && st.comp_size * CRM_XLSX_MAX_RATIO < st.size) {
		snprintf(msg, sizeof msg, "part '%s' expands %llu times, over the limit of %d "
			 "(a decompression bomb?)", path,
			 (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)),
			 CRM_XLSX_MAX_RATIO);
		fail(x, msg);
		return -1;
	}
	if (!(x->zf = zip_fopen(x->zip, path, 0))) {
		snprintf(msg, sizeof msg, "damaged workbook: %s: %s", path, zip_strerror(x->zip));
		fail(x, msg);
		return -1;
	}
	x->limit = st.size;
	x->total = 0;
	return 0;
}

/* Feed the next chunk of the open part to x->xp; 1 more, 0 done, -1 error. */
static int
part_feed(struct crm_xlsx *x)
{
	char buf[CHUNK], msg[300];
	zip_int64_t n = zip_fread(x->zf, buf, sizeof buf);

	if (n < 0) {
		snprintf(msg, sizeof msg, "damaged workbook: %s", zip_file_strerror(x->zf));
		fail(x, msg);
		return -1;
	}
	x->total += (uint64_t)n;
	if (x->total > x->limit || x->total > (uint64_t)CRM_XLSX_MAX_ENTRY) {
		fail(x, "damaged workbook: a part is longer than its directory says");
		return -1;
	}
	if (XML_Parse(x->xp, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
		if (!x->err) {
			snprintf(msg, sizeof msg, "damaged workbook: XML error at line %lu: %s",
				 (unsigned long)XML_GetCurrentLineNumber(x->xp),
				 XML_ErrorString(XML_GetErrorCode(x->xp)));
			fail(x, msg);
		}
		return -1;
	}
	return n > 0;
}

static void
part_close(struct crm_xlsx *x)
{
	if (x->zf)
		zip_fclose(x->zf);
	x->zf = NULL;
	if (x->xp)
		XML_ParserFree(x->xp);
	x->xp = NULL;
}

/* Parse a whole (small) part with the handlers; 0, or -1 with x->err. */
static int
part_parse(struct crm_xlsx *x, const char *path, XML_StartElementHandler start,
	   XML_EndElementHandler end)
{
	int r;

	if (part_open(x, path) < 0)
		return -1;
	x->xp = XML_ParserCreate("UTF-8");
	XML_SetUserData(x->xp, x);
	XML_SetElementHandler(x->xp, start, end);
	XML_SetCharacterDataHandler(x->xp, on_text);
	while ((r = part_feed(x)) > 0)
		;
	part_close(x);
	return r;
}

static void XMLCALL
wb_start(void *u, const XML_Char *el, const XML_Char **a)
{
	struct crm_xlsx *x = u;
	const char *n = local(el), *v, *id;

	if (!strcmp(n, "workbookPr") && (v = attr(a, "date1904")))
		x->date1904 = !strcmp(v, "1") || !strcasecmp(v, "true");
	if (!strcmp(n, "sheet") && (v = attr(a, "name")) && (id = attr(a, "id"))) {
		x->sheets = xreallocarray(x->sheets, x->nsheets + 1, sizeof *x->sheets);
		x->sheets[x->nsheets].name = xstrdup(v);
		x->sheets[x->nsheets].rid = xstrdup(id);
		x->nsheets++;
	}
}

static void XMLCALL
no_end(void *u, const XML_Char *el)
{
	(void)u, (void)el;
}

static char *
part_path(const char *target)
{
	if (target[0] == '/')
		return xstrdup(target + 1);
	return xasprintf("xl/%s", target);
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && !strcmp(s + n - m, tail);
}

static void XMLCALL
rels_start(void *u, const XML_Char *el, const XML_Char **a)
{
	struct crm_xlsx *x = u;
	const char *id = attr(a, "Id"), *type = attr(a, "Type"), *target = attr(a, "Target");

	if (strcmp(local(el), "Relationship") || !id || !type || !target)
		return;
	if (x->want_rid && !strcmp(id, x->want_rid) && !x->sheet_path)
		x->sheet_path = part_path(target);
	else if (ends_with(type, "/sharedStrings") && !x->sst_path)
		x->sst_path = part_path(target);
	else if (ends_with(type, "/styles") && !x->styles_path)
		x->styles_path = part_path(target);
}

/* The kind of a format code: dates and times, by its y/m/d/h/s outside quotes. */
static int
fmt_kind(const char *p)
{
	int k = 0;
	const char *q;
	size_t n = strcspn(p, ";"), i = strspn(p, "#0,");

	if (i && i <= n && (i == n || p[i] == '.')) {	/* 0, 0.00, #,##0.00 */
		size_t d = i < n ? strspn(p + i + 1, "0") : 0;
		if (i + (i < n) + d == n && d < 8)
			return K_FIXED | (int)d << 5;
	}
	for (; *p && *p != ';'; p++) {
		if (*p == '"') {
			if (!(q = strchr(p + 1, '"')))
				break;
			p = q;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (!*++p)
				break;
		} else if (*p == '[') {
			if (!(q = strchr(p, ']')))
				break;
			if (q > p + 1 && strspn(p + 1, "hHmMsS") == (size_t)(q - p - 1))
				k |= K_TIME | K_ELAPSED | (strpbrk(p, "sS") && strpbrk(p, "sS") < q ? K_SEC : 0);
			p = q;
		} else {
			switch (*p) {
			case 'y': case 'Y': case 'd': case 'D': k |= K_DATE; break;
			case 'h': case 'H': k |= K_TIME; break;
			case 's': case 'S': k |= K_TIME | K_SEC; break;
			}
		}
	}
	return k;
}

/* Built-in formats: 14–22, 45–47, and the zh-CN ones (27–36, 50–58). */
static int
builtin_kind(long id)
{
	switch (id) {
	case 14: case 15: case 16: case 17: case 27: case 28: case 29: case 30: case 31:
	case 36: case 50: case 51: case 52: case 53: case 54: case 57: case 58:
		return K_DATE;
	case 18: case 20: case 32: case 34: case 55:
		return K_TIME;
	case 19: case 21: case 33: case 35: case 45: case 47: case 56:
		return K_TIME | K_SEC;
	case 22:
		return K_DATE | K_TIME;
	case 1: case 3:
		return K_FIXED;
	case 2: case 4:
		return K_FIXED | 2 << 5;
	case 46:
		return K_TIME | K_SEC | K_ELAPSED;
	}
	return 0;
}

static void XMLCALL
styles_start(void *u, const XML_Char *el, const XML_Char **a)
{
	struct crm_xlsx *x = u;
	const char *n = local(el), *id = attr(a, "numFmtId"), *code;

	if (!strcmp(n, "cellXfs"))
		x->in_xfs = 1;
	else if (!strcmp(n, "numFmt") && id && (code = attr(a, "formatCode"))) {
		crm_grow(&x->fmts, &x->fcap, x->nfmts + 1, sizeof *x->fmts);
		x->fmts[x->nfmts].id = atol(id);
		x->fmts[x->nfmts].kind = fmt_kind(code);
		x->nfmts++;
	} else if (!strcmp(n, "xf") && x->in_xfs) {
		long fid = id ? atol(id) : 0;
		int kind = builtin_kind(fid);
		for (size_t i = 0; i < x->nfmts; i++)
			if (x->fmts[i].id == fid)
				kind = x->fmts[i].kind;
		crm_grow(&x->xf, &x->xcap, x->nxf + 1, 1);
		x->xf[x->nxf++] = (unsigned char)kind;
	}
}

static void XMLCALL
styles_end(void *u, const XML_Char *el)
{
	struct crm_xlsx *x = u;

	if (!strcmp(local(el), "cellXfs"))
		x->in_xfs = 0;
}

static void XMLCALL
sst_start(void *u, const XML_Char *el, const XML_Char **a)
{
	struct crm_xlsx *x = u;
	const char *n = local(el);

	(void)a;
	if (!strcmp(n, "si")) {
		x->tlen = 0;
		x->in_text = 0;
	} else if (!strcmp(n, "t")) {
		x->in_text = 1;
	} else if (!strcmp(n, "rPh")) {
		x->depth_skip++;
	}
}

static void XMLCALL
sst_end(void *u, const XML_Char *el)
{
	struct crm_xlsx *x = u;
	const char *n = local(el);

	if (!strcmp(n, "t")) {
		x->in_text = 0;
	} else if (!strcmp(n, "rPh")) {
		x->depth_skip--;
	} else if (!strcmp(n, "si")) {
		if (x->tlen)
			x->tlen = unescape(x->text, x->tlen);
		crm_grow(&x->sst, &x->sstcap, x->sstlen + x->tlen + 1, 1);
		crm_grow(&x->sstoff, &x->socap, x->nsst + 1, sizeof *x->sstoff);
		if (x->tlen)
			memcpy(x->sst + x->sstlen, x->text, x->tlen);
		x->sst[x->sstlen + x->tlen] = '\0';
		x->sstoff[x->nsst++] = x->sstlen;
		x->sstlen += x->tlen + 1;
		x->tlen = 0;
	}
}

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Undo the _xHHHH_ escapes of OOXML strings (control characters, "_x005F_" for '_') in place. */
static size_t
unescape(char *s, size_t n)
{
	size_t i, k = 0;
	int h[4];

	if (!memchr(s, '_', n))
		return n;
	for (i = 0; i < n; i++) {
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_' &&
		    (h[0] = hexval(s[i + 2])) >= 0 && (h[1] = hexval(s[i + 3])) >= 0 &&
		    (h[2] = hexval(s[i + 4])) >= 0 && (h[3] = hexval(s[i + 5])) >= 0) {
			unsigned c = (unsigned)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]);
			if (c < 0x80) {
				s[k++] = (char)c;
			} else if (c < 0x800) {
				s[k++] = (char)(0xC0 | c >> 6);
				s[k++] = (char)(0x80 | (c & 0x3F));
			} else {
				s[k++] = (char)(0xE0 | c >> 12);
				s[k++] = (char)(0x80 | (c >> 6 & 0x3F));
				s[k++] = (char)(0x80 | (c & 0x3F));
			}
			i += 6;
		} else {
			s[k++] = s[i];
		}
	}
	s[k] = '\0';
	return k;
}

/* "AB12" → column 28 (from 1), row 12; 0 when not a reference. */
static long
ref_col(const char *r, long *row)
{
	long col = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++)
		if ((col = col * 26 + (*r - 'A' + 1)) > CRM_XLSX_MAX_COLS)
			return CRM_XLSX_MAX_COLS + 1;
	*row = atol(r);
	return col;
}

static void
limit_error(struct crm_xlsx *x, const char *what, long n)
{
	char msg[200];

	snprintf(msg, sizeof msg, "the sheet is over the size limits (%s %ld; a sheet has at most "
		 "%ld rows and %ld columns)", what, n, (long)CRM_XLSX_MAX_ROWS, (long)CRM_XLSX_MAX_COLS);
	fail(x, msg);
}

static void XMLCALL
sheet_start(void *u, const XML_Char *el, const XML_Char **a)
{
	struct crm_xlsx *x = u;
	const char *n = local(el), *v;
	long row;

	if (!strcmp(n, "row")) {
		x->rownum = (v = attr(a, "r")) ? atol(v) : x->rownum + 1;
		if (x->rownum < 1 || x->rownum > CRM_XLSX_MAX_ROWS)
			limit_error(x, "row", x->rownum);
		x->ncells = x->rlen = 0;
		x->col = 0;
		x->sorted = 1;
	} else if (!strcmp(n, "c")) {
		x->col = (v = attr(a, "r")) ? ref_col(v, &row) : x->col + 1;
		if (x->col < 1)
			x->col = 1;
		if (x->col > CRM_XLSX_MAX_COLS)
			limit_error(x, "column", x->col);
		v = attr(a, "t");
		x->ctype = !v ? 'n' : !strcmp(v, "inlineStr") ? 'i' : !strcmp(v, "str") ? 'S' : *v;
		x->cstyle = (v = attr(a, "s")) ? atoi(v) : 0;
		x->tlen = 0;
		x->in_text = 0;
		x->in_is = 0;
	} else if (!strcmp(n, "v")) {
		x->in_text = !x->in_is;
	} else if (!strcmp(n, "is")) {
		x->in_is = 1;
	} else if (!strcmp(n, "t") && x->in_is) {
		x->in_text = 1;
	} else if (!strcmp(n, "rPh")) {
		x->depth_skip++;
	}
}

/* A serial date/time as the format shows it; 0, or -1 when it is no date. */
static int
serial_text(const struct crm_xlsx *x, double v, int kind, char *buf, size_t size)
{
	long long total, days, secs;
	int32_t day;
	char date[CRM_DATE_LEN], tm[32] = "";

	if (!(v >= 0 && v < 2958466))
		return -1;
	total = llround(v * 86400.0);
	days = total / 86400;
	secs = total % 86400;
	if (kind & K_DATE) {
		if (x->date1904)
			day = (int32_t)(crm_date_from_ymd(1904, 1, 1) + days);
		else if (days == 60)
			day = CRM_NODATE;	/* the phantom 1900-02-29 */
		else
			day = (int32_t)(crm_date_from_ymd(1899, 12, days < 60 ? 31 : 30) + days);
		if (!x->date1904 && days == 0)
			return -1;	/* "1900-01-00" is no date */
		if (day == CRM_NODATE)
			snprintf(date, sizeof date, "1900-02-29");
		else
			crm_date_format(day, date);
	}
	if (kind & K_TIME) {
		long long h = kind & K_ELAPSED && !(kind & K_DATE) ? total / 3600 : secs / 3600;
		if (kind & K_SEC)
			snprintf(tm, sizeof tm, "%02lld:%02lld:%02lld", h, secs / 60 % 60, secs % 60);
		else
			snprintf(tm, sizeof tm, "%02lld:%02lld", h, secs / 60 % 60);
	}
	snprintf(buf, size, "%s%s%s", kind & K_DATE ? date : "",
		 (kind & K_DATE) && (kind & K_TIME) ? " " : "", tm);
	return 0;
}

/* Keep the finished cell's text in the row. */
static void
cell_keep(struct crm_xlsx *x, const char *s, size_t n)
{
	if (!n)
		return;
	if (x->ncells && x->cells[x->ncells - 1].col >= x->col)
		x->sorted = 0;
	crm_grow(&x->cells, &x->ccap, x->ncells + 1, sizeof *x->cells);
	crm_grow(&x->rbuf, &x->rcap, x->rlen + n + 1, 1);
	memcpy(x->rbuf + x->rlen, s, n);
	x->rbuf[x->rlen + n] = '\0';
	x->cells[x->ncells].col = x->col;
	x->cells[x->ncells].off = x->rlen;
	x->cells[x->ncells].len = n;
	x->ncells++;
	x->rlen += n + 1;
}

static void
cell_end(struct crm_xlsx *x)
{
	char buf[64], msg[120];
	const char *s = x->text ? x->text : "";
	size_t n = x->tlen;
	char *end;

	switch (x->ctype) {
	case 's': {
		unsigned long i = strtoul(s, &end, 10);
		if (!n || *end || i >= x->nsst) {
			snprintf(msg, sizeof msg, "damaged workbook: shared string '%.20s' does not exist", s);
			fail(x, msg);
			return;
		}
		s = x->sst + x->sstoff[i];
		n = strlen(s);
		break;
	}
	case 'i':
	case 'S':
		if (n)
			n = unescape(x->text, n);
		break;
	case 'b':
		s = n && *s == '1' ? "TRUE" : "FALSE";
		n = n ? strlen(s) : 0;
		break;
	case 'd':	/* ISO 8601 date cell */
		if (n >= 19 && s[10] == 'T') {
			x->text[10] = ' ';
			n = !strcmp(s + 11, "00:00:00") ? 10 : 19;
		}
		break;
	case 'n':
		if (!n)
			break;
		double v = strtod(s, &end);
		if (*end)
			break;	/* not a number after all: as written */
		int kind = x->cstyle >= 0 && (size_t)x->cstyle < x->nxf ? x->xf[x->cstyle] : 0;
		if (kind & K_FIXED && fabs(v) < 1e15)
			snprintf(buf, sizeof buf, "%.*f", kind >> 5, v);
		else if (!(kind & (K_DATE | K_TIME)) || serial_text(x, v, kind, buf, sizeof buf) < 0)
			crm_xlsx_number(v, buf);
		if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
			memmove(buf, buf + 1, strlen(buf));	/* -0.00 */
		s = buf;
		n = strlen(buf);
		break;
	}
	cell_keep(x, s, n);
}

static int
cell_cmp(const void *a, const void *b)
{
	const struct cell *p = a, *q = b;

	return p->col < q->col ? -1 : p->col > q->col;
}

/* Hand out the row: the header's columns, or more when the row has more. */
static void
row_end(struct crm_xlsx *x)
{
	long from, to, c;
	size_t i, k, nf;

	if (!x->ncells)
		return;
	if (!x->sorted)
		qsort(x->cells, x->ncells, sizeof *x->cells, cell_cmp);
	if (!x->have_header) {
		x->have_header = 1;
		x->first = x->cells[0].col;
		x->last = x->cells[x->ncells - 1].col;
	}
	from = x->cells[0].col < x->first ? x->cells[0].col : x->first;
	to = x->cells[x->ncells - 1].col > x->last ? x->cells[x->ncells - 1].col : x->last;
	nf = (size_t)(to - from + 1);
	if (nf > x->nfv) {
		x->fv = xreallocarray(x->fv, nf, sizeof *x->fv);
		x->fl = xreallocarray(x->fl, nf, sizeof *x->fl);
		x->nfv = nf;
	}
	for (c = from, i = 0, k = 0; c <= to; c++, k++) {
		while (i < x->ncells && x->cells[i].col < c)
			i++;
		if (i < x->ncells && x->cells[i].col == c) {
			/* A repeated cell reference: the last one wins, as in Excel. */
			while (i + 1 < x->ncells && x->cells[i + 1].col == c)
				i++;
			x->fv[k] = x->rbuf + x->cells[i].off;
			x->fl[k] = x->cells[i].len;
		} else {
			x->fv[k] = "";
			x->fl[k] = 0;
		}
	}
	x->row(x->rownum, nf, x->fv, x->fl, x->arg);
	x->rows_out++;
}

static void XMLCALL
sheet_end(void *u, const XML_Char *el)
{
	struct crm_xlsx *x = u;
	const char *n = local(el);

	if (!strcmp(n, "c")) {
		cell_end(x);
		x->in_text = 0;
	} else if (!strcmp(n, "v")) {
		x->in_text = 0;
	} else if (!strcmp(n, "t") && x->in_is) {
		x->in_text = 0;
	} else if (!strcmp(n, "is")) {
		x->in_is = 0;
	} else if (!strcmp(n, "rPh")) {
		x->depth_skip--;
	} else if (!strcmp(n, "row")) {
		row_end(x);
	}
}

/* Read all of fd (a pipe) into memory, head first. */
static char *
slurp(int fd, const char *head, size_t nhead, size_t *len)
{
	size_t cap = CHUNK, n = nhead;
	char *buf = xmalloc(cap);
	ssize_t r;

	memcpy(buf, head, nhead);
	for (;;) {
		if (n == cap)
			crm_grow(&buf, &cap, n + CHUNK, 1);
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		if (n > (size_t)CRM_XLSX_MAX_ENTRY) {
			free(buf);
			return NULL;
		}
	}
	*len = n;
	return buf;
}

static int
open_zip(struct crm_xlsx *x, int fd, const char *head, size_t nhead)
{
	struct stat st;
	zip_error_t ze;
	zip_source_t *src;
	char msg[300];
	size_t len;
	int zerr = 0, dfd;

	zip_error_init(&ze);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((dfd = dup(fd)) < 0) {
			fail(x, strerror(errno));
			return -1;
		}
		if (!(x->zip = zip_fdopen(dfd, ZIP_CHECKCONS, &zerr)))
			close(dfd);
		zip_error_init_with_code(&ze, zerr);
	} else {
		if (!(x->mem = slurp(fd, head, nhead, &len))) {
			fail(x, "the workbook is over the size limit");
			return -1;
		}
		if ((src = zip_source_buffer_create(x->mem, len, 0, &ze))) {
			if (!(x->zip = zip_open_from_source(src, ZIP_CHECKCONS | ZIP_RDONLY, &ze)))
				zip_source_free(src);
		}
	}
	if (!x->zip) {
		snprintf(msg, sizeof msg, "damaged workbook: %s", zip_error_strerror(&ze));
		fail(x, msg);
	}
	zip_error_fini(&ze);
	return x->zip ? 0 : -1;
}

/* Find the workbook's parts and the sheet; 0, or -1 with x->err. */
static int
open_sheet(struct crm_xlsx *x, const char *sheet)
{
	size_t i, pick = (size_t)-1;
	char *end;

	if (zip_name_locate(x->zip, "[Content_Types].xml", 0) < 0 ||
	    zip_name_locate(x->zip, "xl/workbook.xml", 0) < 0) {
		fail(x, "a ZIP file but not an xlsx workbook (no [Content_Types].xml and xl/workbook.xml)");
		return -1;
	}
	if (part_parse(x, "xl/workbook.xml", wb_start, no_end) < 0)
		return -1;
	if (!x->nsheets) {
		fail(x, "damaged workbook: no sheets");
		return -1;
	}
	if (!sheet) {
		pick = 0;
	} else {
		unsigned long k = strtoul(sheet, &end, 10);
		if (*sheet >= '0' && *sheet <= '9' && !*end && k >= 1 && k <= x->nsheets)
			pick = k - 1;
		for (i = 0; pick == (size_t)-1 && i < x->nsheets; i++)
			if (!strcmp(x->sheets[i].name, sheet))
				pick = i;
		if (pick == (size_t)-1) {
			size_t len = 0, cap = 0;
			char *list = NULL, *add;
			for (i = 0; i < x->nsheets; i++) {
				add = xasprintf("%s%zu '%s'", i ? ", " : "", i + 1, x->sheets[i].name);
				crm_grow(&list, &cap, len + strlen(add) + 1, 1);
				memcpy(list + len, add, strlen(add) + 1);
				len += strlen(add);
				free(add);
			}
			add = xasprintf("--sheet: no sheet '%s'; the sheets are: %s", sheet, list);
			fail(x, add);
			free(add);
			free(list);
			return -1;
		}
	}
	x->want_rid = x->sheets[pick].rid;
	if (part_parse(x, "xl/_rels/workbook.xml.rels", rels_start, no_end) < 0)
		return -1;
	if (!x->sheet_path) {
		fail(x, "damaged workbook: the sheet's part is not listed");
		return -1;
	}
	if (x->styles_path && zip_name_locate(x->zip, x->styles_path, 0) >= 0 &&
	    part_parse(x, x->styles_path, styles_start, styles_end) < 0)
		return -1;
	if (x->sst_path && zip_name_locate(x->zip, x->sst_path, 0) >= 0 &&
	    part_parse(x, x->sst_path, sst_start, sst_end) < 0)
		return -1;
	if (part_open(x, x->sheet_path) < 0)
		return -1;
	x->xp = XML_ParserCreate("UTF-8");
	XML_SetUserData(x->xp, x);
	XML_SetElementHandler(x->xp, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(x->xp, on_text);
	return 0;
}

struct crm_xlsx *
crm_xlsx_open(int fd, const char *name, const char *head, size_t nhead, const char *sheet)
{
	struct crm_xlsx *x = xcalloc(1, sizeof *x);
	char buf[8];
	size_t n = nhead;
	int magic;

	x->name = xstrdup(name);
	if (!nhead) {
		ssize_t r = pread(fd, buf, sizeof buf, 0);
		n = r > 0 ? (size_t)r : 0;
		head = buf;
	}
	magic = crm_xlsx_magic(head, n);
	if (magic == CRM_XLSX_OLE)
		fail(x, "encrypted workbook or old .xls: save as .xlsx");
	else if (magic != CRM_XLSX_ZIP)
		fail(x, "not an xlsx workbook (not a ZIP file)");
	else if (open_zip(x, fd, nhead ? head : NULL, nhead) == 0)
		open_sheet(x, sheet);
	if (x->err) {
		crm_warn("%s: %s", name, x->err);
		crm_xlsx_close(x);
		return NULL;
	}
	return x;
}

int
crm_xlsx_read(struct crm_xlsx *x, void (*row)(long, size_t, const char *const *, const size_t *,
					       void *),
	      void *arg, const char **err)
{
	int r = 1;

	x->row = row;
	x->arg = arg;
	x->rows_out = 0;
	while (!x->rows_out && !x->done && !x->err) {
		r = part_feed(x);
		if (r == 0)
			x->done = 1;
	}
	if (x->err) {
		*err = x->err;
		return -1;
	}
	return x->rows_out || !x->done;
}

long
crm_xlsx_rownum(const struct crm_xlsx *x)
{
	return x->rownum;
}

void
crm_xlsx_close(struct crm_xlsx *x)
{
	if (!x)
		return;
	part_close(x);
	if (x->zip)
		zip_discard(x->zip);
	free(x->mem);
	for (size_t i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
	}
	free(x->sheets);
	free(x->sheet_path);
	free(x->sst_path);
	free(x->styles_path);
	free(x->fmts);
	free(x->xf);
	free(x->sst);
	free(x->sstoff);
	free(x->text);
	free(x->cells);
	free(x->rbuf);
	free(x->fv);
	free(x->fl);
	free(x->err);
	free(x->name);
	free(x);
}

/* --- writing -------------------------------------------------------------- */

struct crm_xlsx_out {
	char *path;		/* the workbook's place, or NULL: copied to fp */
	FILE *fp;
	char *tmp;		/* where libxlsxwriter writes it */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *text, *date, *dt, *dts, *tm, *tms, *money, *count;
	char **name;
	int *kind;
	size_t *width;
	size_t ncol, ccap;
	uint32_t row, max_rows;
	int sheetno;
	char *cell;		/* a value with its NUL, for the library */
	size_t cellcap;
};

/* Display width: a CJK character is two columns. */
static size_t
text_width(const char *s, size_t n)
{
	size_t w = 0, r;
	mbstate_t st;
	wchar_t wc;
	const char *e = s + n;

	memset(&st, 0, sizeof st);
	while (s < e) {
		if (!(*s & 0x80)) {
			s++, w++;
			continue;
		}
		r = mbrtowc(&wc, s, (size_t)(e - s), &st);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
			memset(&st, 0, sizeof st);
			s++, w++;
			continue;
		}
		int cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 1;
		s += r;
	}
	return w;
}

struct crm_xlsx_out *
crm_xlsx_out_new(const char *path, FILE *fp)
{
	struct crm_xlsx_out *x = xcalloc(1, sizeof *x);
	const char *dir, *s;
	int fd;

	if (!path && isatty(fileno(fp)))
		crm_usage_error("--oxlsx: a workbook cannot go to a terminal; give -o FILE or redirect");
	x->fp = fp;
	if (path) {
		x->path = xstrdup(path);
		x->tmp = xasprintf("%s.XXXXXX", path);
	} else {
		dir = (dir = getenv("TMPDIR")) && *dir ? dir : "/tmp";
		x->tmp = xasprintf("%s/crm-xlsx-XXXXXX", dir);
	}
	/* A unique name; the library creates the file only at close. */
	if ((fd = mkstemp(x->tmp)) < 0)
		crm_die("%s:", x->tmp);
	close(fd);
	unlink(x->tmp);
	x->max_rows = CRM_XLSX_MAX_ROWS;
	if ((s = getenv("CRM_XLSX_SHEET_ROWS")) && atol(s) > 1)	/* for tests */
		x->max_rows = (uint32_t)atol(s);
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	if (!(x->wb = workbook_new_opt(x->tmp, &opt)))
		crm_die("%s: cannot start a workbook", x->tmp);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->text = workbook_add_format(x->wb);
	format_set_num_format(x->text, "@");
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	x->dt = workbook_add_format(x->wb);
	format_set_num_format(x->dt, "yyyy-mm-dd hh:mm");
	x->dts = workbook_add_format(x->wb);
	format_set_num_format(x->dts, "yyyy-mm-dd hh:mm:ss");
	x->tm = workbook_add_format(x->wb);
	format_set_num_format(x->tm, "hh:mm");
	x->tms = workbook_add_format(x->wb);
	format_set_num_format(x->tms, "hh:mm:ss");
	x->money = workbook_add_format(x->wb);
	format_set_num_format(x->money, "0.00");
	x->count = workbook_add_format(x->wb);
	format_set_num_format(x->count, "0");
	return x;
}

void
crm_xlsx_out_col(struct crm_xlsx_out *x, const char *name, int kind)
{
	crm_grow(&x->name, &x->ccap, x->ncol + 1, sizeof *x->name);
	x->kind = xreallocarray(x->kind, x->ccap, sizeof *x->kind);
	x->width = xreallocarray(x->width, x->ccap, sizeof *x->width);
	x->name[x->ncol] = xstrdup(name);
	x->kind[x->ncol] = kind;
	x->width[x->ncol] = text_width(name, strlen(name));
	x->ncol++;
}

static void
sheet_finish(struct crm_xlsx_out *x)
{
	if (!x->ws)
		return;
	for (size_t i = 0; i < x->ncol; i++) {
		size_t w = x->width[i] + 2;
		worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, w > 60 ? 60 : w, NULL);
	}
	if (x->ncol)
		worksheet_autofilter(x->ws, 0, 0, x->row ? x->row - 1 : 0, (lxw_col_t)(x->ncol - 1));
}

static void
sheet_start_new(struct crm_xlsx_out *x)
{
	char *name;

	sheet_finish(x);
	x->sheetno++;
	if (x->sheetno == 1)
		name = xstrdup(program_invocation_short_name);
	else
		name = xasprintf("%.20s (%d)", program_invocation_short_name, x->sheetno);
	if (!(x->ws = workbook_add_worksheet(x->wb, name)))
		crm_die("cannot add sheet '%s'", name);
	if (x->sheetno > 1)
		crm_warn("the output is over %lu rows: it goes on in sheet '%s'",
			 (unsigned long)x->max_rows, name);
	free(name);
	worksheet_freeze_panes(x->ws, 1, 0);
	for (size_t i = 0; i < x->ncol; i++)
		worksheet_write_string(x->ws, 0, (lxw_col_t)i, x->name[i], x->bold);
	x->row = 1;
}

static int
whole(const char *s, int64_t *v)
{
	char *end;

	errno = 0;
	long long n = strtoll(s, &end, 10);
	if (!*s || *end || errno || (*s == '0' && s[1]) || n > (1LL << 53) || n < -(1LL << 53))
		return -1;
	*v = n;
	return 0;
}

/* Write one typed cell; a value its column's kind cannot read goes in as text. */
static void
put_cell(struct crm_xlsx_out *x, lxw_col_t c, int kind, const char *s)
{
	lxw_row_t r = x->row;
	int32_t day, secs;
	int64_t fen, n, dts;
	struct crm_dec dec;
	double v;

	switch (kind) {
	case CRM_DATE:
		if (crm_date_parse(s, &day) == 0 && day >= crm_date_from_ymd(1900, 3, 1)) {
			worksheet_write_number(x->ws, r, c, day + 25569.0, x->date);
			return;
		}
		break;
	case CRM_DATETIME:
		if (crm_datetime_parse(s, &dts) == 0 && dts >= crm_date_from_ymd(1900, 3, 1) * 86400LL) {
			worksheet_write_number(x->ws, r, c, (double)dts / 86400.0 + 25569.0,
					       dts % 60 ? x->dts : x->dt);
			return;
		}
		break;
	case CRM_TIME:
		if (crm_time_parse(s, &secs) == 0) {
			worksheet_write_number(x->ws, r, c, secs / 86400.0, secs % 60 ? x->tms : x->tm);
			return;
		}
		break;
	case CRM_MONEY:
		if (crm_money_parse(s, &fen) == 0 && fen < (1LL << 50) && fen > -(1LL << 50)) {
			worksheet_write_number(x->ws, r, c, (double)fen / 100.0, x->money);
			return;
		}
		break;
	case CRM_INT:
		if (whole(s, &n) == 0) {
			worksheet_write_number(x->ws, r, c, (double)n, x->count);
			return;
		}
		break;
	case CRM_DECIMAL:
		if (crm_dec_parse(s, &dec) == 0 && dec.v < 100000000000000LL &&
		    dec.v > -100000000000000LL) {
			v = strtod(s, NULL);
			worksheet_write_number(x->ws, r, c, v, NULL);
			return;
		}
		break;
	}
	/* Text, never a formula: write_string does not read '=' */
	worksheet_write_string(x->ws, r, c, s, x->text);
}

void
crm_xlsx_out_row(struct crm_xlsx_out *x, const char *const *vals, const size_t *lens)
{
	size_t n, w;

	if (!x->ws || x->row >= x->max_rows)
		sheet_start_new(x);
	for (size_t i = 0; i < x->ncol; i++) {
		n = lens ? lens[i] : strlen(vals[i]);
		if (!n)
			continue;
		crm_grow(&x->cell, &x->cellcap, n + 1, 1);
		memcpy(x->cell, vals[i], n);
		x->cell[n] = '\0';
		put_cell(x, (lxw_col_t)i, x->kind[i], x->cell);
		if ((w = text_width(vals[i], n)) > x->width[i])
			x->width[i] = w;
	}
	x->row++;
}

void
crm_xlsx_out_close(struct crm_xlsx_out *x)
{
	lxw_error e;
	char buf[CHUNK];
	size_t n;
	FILE *in;

	if (!x->ws)
		sheet_start_new(x);
	sheet_finish(x);
	if ((e = workbook_close(x->wb)) != LXW_NO_ERROR) {
		unlink(x->tmp);
		crm_die("cannot write the workbook: %s", lxw_strerror(e));
	}
	if (x->path) {
		if (rename(x->tmp, x->path) < 0) {
			unlink(x->tmp);
			crm_die("%s:", x->path);
		}
	} else {
		if (!(in = fopen(x->tmp, "rb")))
			crm_die("%s:", x->tmp);
		unlink(x->tmp);
		while ((n = fread(buf, 1, sizeof buf, in)) > 0)
			if (fwrite(buf, 1, n, x->fp) != n)
				crm_write_failed();
		fclose(in);
		if (fflush(x->fp) != 0)
			crm_write_failed();
	}
	for (size_t i = 0; i < x->ncol; i++)
		free(x->name[i]);
	free(x->name);
	free(x->kind);
	free(x->width);
	free(x->cell);
	free(x->path);
	free(x->tmp);
	free(x);
}
