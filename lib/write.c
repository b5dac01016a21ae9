/*
 * stream output: records written as CSV (quoted only where needed), JSON
 * Lines (numbers exact, everything else a string) or an aligned table
 * (CJK counted two columns wide); values normalised (ISO dates, two-decimal
 * money, phones, canonical or Chinese enum values).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <sys/stat.h>

#include "money.h"
#include "stream.h"
#include "xlsx.h"

struct wcol {
	char *name;		/* as written: Chinese under --zh */
	const struct crm_col *meta;
	int src;		/* passthrough: input column, or -1 - k for added value k */
};

struct crm_writer {
	FILE *fp;
	const struct crm_opts *o;
	struct wcol *col;
	size_t ncol, ccap;
	int started, noheader;
	size_t npass;		/* passthrough: the input's columns when set up */
	const char **vals;	/* crm_writer_rec's row */
	size_t *lens;
	char **cell;		/* table: every cell, held until close */
	size_t ncell, cellcap;
	struct crm_xlsx_out *x;	/* --oxlsx */
	char (*xbuf)[48];	/* its row's normalised values, one per column */
	const char **xval;
	size_t *xlen;
	char *ob;		/* the row being written: one fwrite a row */
	size_t olen, ocap;
};

struct crm_writer *
crm_writer_new(FILE *fp, const struct crm_opts *o)
{
	struct crm_writer *w = xcalloc(1, sizeof *w);

	w->fp = fp;
	w->o = o;
	if (o->out == CRM_FMT_XLSX) {
		w->x = crm_xlsx_out_new(fp == stdout ? o->output : NULL, fp);
	} else if (o->output && fp == stdout) {
		/* -o FILE: standard output goes there (once, however many writers). */
		struct stat a, b;
		if (stat(o->output, &a) < 0 || fstat(fileno(stdout), &b) < 0 ||
		    a.st_dev != b.st_dev || a.st_ino != b.st_ino)
			if (!freopen(o->output, "w", stdout))
				crm_die("%s:", o->output);
	}
	return w;
}

void
crm_writer_col(struct crm_writer *w, const char *name, const struct crm_col *meta)
{
	crm_grow(&w->col, &w->ccap, w->ncol + 1, sizeof *w->col);
	w->col[w->ncol].name = xstrdup(w->o->zh && meta && meta->zh ? meta->zh : name);
	w->col[w->ncol].meta = meta;
	w->col[w->ncol].src = 0;
	w->ncol++;
}

void
crm_writer_skip_header(struct crm_writer *w)
{
	w->noheader = 1;
}

void
crm_writer_type(struct crm_writer *w, const struct crm_type *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		crm_writer_col(w, t->cols[i].name, &t->cols[i]);
}

/*
 * Output is built a row at a time in w->ob and goes to the FILE in one
 * fwrite when the row is done (flush): a call per field cost more than
 * the bytes.  Nothing is held between rows, so a caller may write to the
 * FILE between them.
 */
static void
put(struct crm_writer *w, const char *s, size_t n)
{
	if (n == 0)
		return;		/* the buffer may not exist yet: no memcpy to NULL */
	if (w->olen + n > w->ocap)
		crm_grow(&w->ob, &w->ocap, w->olen + n, 1);
	memcpy(w->ob + w->olen, s, n);
	w->olen += n;
}

static inline void
putch(struct crm_writer *w, char c)
{
	if (w->olen == w->ocap)
		crm_grow(&w->ob, &w->ocap, w->olen + 1, 1);
	w->ob[w->olen++] = c;
}

static void
flush(struct crm_writer *w)
{
	if (w->olen && fwrite_unlocked(w->ob, 1, w->olen, w->fp) != w->olen)
		crm_write_failed();
	w->olen = 0;
}

/* Whether the word w holds a byte CSV must quote: a quote, a comma, a line break. */
static inline int
word_special(uint64_t w)
{
	const uint64_t one = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t q = w ^ one * '"', c = w ^ one * ',', n = w ^ one * '\n', r = w ^ one * '\r';

	return ((((q - one) & ~q) | ((c - one) & ~c) | ((n - one) & ~n) | ((r - one) & ~r)) & high) != 0;
}

/* Whether s[0, n) needs quoting: words that may overlap, no loop over bytes for a short field. */
static int
csv_special(const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;

	if (n >= 8) {
		for (; n > 16; s += 8, n -= 8) {
			memcpy(&a, s, 8);
			if (word_special(a))
				return 1;
		}
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		return word_special(a) || word_special(b);
	}
	if (n >= 4) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		return word_special((uint64_t)x << 32 | y) != 0;
	}
	for (size_t i = 0; i < n; i++)
		if (s[i] == '"' || s[i] == ',' || s[i] == '\n' || s[i] == '\r')
			return 1;
	return 0;
}

/* CSV: a field that needs quotes, its quotes doubled. */
static void
put_csv_quoted(struct crm_writer *w, const char *s, size_t n)
{
	const char *q;

	putch(w, '"');
	while ((q = memchr(s, '"', n))) {
		put(w, s, (size_t)(q - s) + 1);
		putch(w, '"');
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	put(w, s, n);
	putch(w, '"');
}

/* CSV: quote a field only when it holds a comma, a quote or a line break. */
static inline void
put_csv(struct crm_writer *w, const char *s, size_t n)
{
	if (csv_special(s, n))
		put_csv_quoted(w, s, n);
	else if (!n && w->ncol == 1)
		put(w, "\"\"", 2);	/* a blank line would be skipped on reading */
	else
		put(w, s, n);
}

static void
put_json_str(struct crm_writer *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	putch(w, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(w, s + run, i - run);
		run = i + 1;
		putch(w, '\\');
		switch (c) {
		case '"': putch(w, '"'); break;
		case '\\': putch(w, '\\'); break;
		case '\n': putch(w, 'n'); break;
		case '\r': putch(w, 'r'); break;
		case '\t': putch(w, 't'); break;
		default:
			put(w, "u00", 3);
			putch(w, hex[c >> 4]);
			putch(w, hex[c & 15]);
		}
	}
	put(w, s + run, n - run);
	putch(w, '"');
}

/* Whether s is a JSON number, so it can be written bare and exact. */
static int
is_json_number(const char *s, size_t n)
{
	size_t i = 0;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		size_t d = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	return i == n;
}

static int
is_number_kind(const struct crm_col *m)
{
	return m && (m->kind == CRM_MONEY || m->kind == CRM_DECIMAL || m->kind == CRM_INT);
}

/* Display width of UTF-8 text in a terminal: CJK counts two columns. */
static size_t
text_width(const char *s)
{
	size_t w = 0;
	mbstate_t st;
	wchar_t wc;
	size_t r;

	memset(&st, 0, sizeof st);
	while (*s) {
		r = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		if (r == (size_t)-1 || r == (size_t)-2) {
			memset(&st, 0, sizeof st);
			s++, w++;
			continue;
		}
		int cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 0;
		s += r;
	}
	return w;
}

static void
hold(struct crm_writer *w, const char *s, size_t n)
{
	char *c = xstrndup(s, n);

	for (char *p = c; *p; p++)	/* a table row stays on one line */
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	crm_grow(&w->cell, &w->cellcap, w->ncell + 1, sizeof *w->cell);
	w->cell[w->ncell++] = c;
}

static void
header(struct crm_writer *w)
{
	size_t i;

	w->started = 1;
	if (w->x) {
		for (i = 0; i < w->ncol; i++)
			crm_xlsx_out_col(w->x, w->col[i].name,
					 w->col[i].meta ? (int)w->col[i].meta->kind : CRM_STR);
		w->xbuf = xcalloc(w->ncol + 1, sizeof *w->xbuf);
		w->xval = xcalloc(w->ncol + 1, sizeof *w->xval);
		w->xlen = xcalloc(w->ncol + 1, sizeof *w->xlen);
		return;
	}
	if (w->noheader)
		return;
	if (w->o->bom && w->o->out != CRM_FMT_JSON)
		put(w, "\xEF\xBB\xBF", 3);
	if (w->o->out == CRM_FMT_CSV) {
		for (i = 0; i < w->ncol; i++) {
			if (i)
				putch(w, ',');
			put_csv(w, w->col[i].name, strlen(w->col[i].name));
		}
		putch(w, '\n');
	} else if (w->o->out == CRM_FMT_TABLE) {
		for (i = 0; i < w->ncol; i++)
			hold(w, w->col[i].name, strlen(w->col[i].name));
	}
	flush(w);
}

/* Whether s[0, n) is n ASCII digits. */
static int
digits_only(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * Whether s[0, n) is already as normal() would write it, told from its
 * shape: an ISO date (once it parses) and a mobile's eleven digits go out
 * as they are, without being formatted again.
 */
static int
iso_date_shape(const char *s, size_t n)
{
	return n == 10 && digits_only(s, 4) && s[4] == '-' && digits_only(s + 5, 2) &&
	       s[7] == '-' && digits_only(s + 8, 2);
}

static int
mobile_shape(const char *s, size_t n)
{
	return n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && digits_only(s + 2, 9);
}

/*
 * The value as written: enum values canonical (Chinese under --zh), dates
 * ISO.  Returns s itself when nothing changes.
 */
static const char *
normal(const struct crm_writer *w, const struct crm_col *m, const char *s, size_t *n,
       char *buf)
{
	int k;
	int32_t day;
	int64_t fen;

	if (!m || !*n)
		return s;
	switch (m->kind) {
	case CRM_ENUM:
	case CRM_BOOL:
		if (m->values && (k = crm_enum_parse(m->values, s)) >= 0) {
			s = w->o->zh && m->values[k].zh ? m->values[k].zh : m->values[k].name;
			*n = strlen(s);
		} else if (m->kind == CRM_BOOL && (k = crm_bool_parse(s)) >= 0) {
			s = w->o->zh ? (k ? "是" : "否") : (k ? "yes" : "no");
			*n = strlen(s);
		}
		return s;
	case CRM_MONEY:
		if (crm_money_parse(s, &fen) == 0) {
			crm_money_format(fen, buf);
			*n = strlen(buf);
			return buf;
		}
		return s;
	case CRM_PHONE:
		if (mobile_shape(s, *n))
			return s;
		if (crm_phone_norm(s, buf) == 0) {
			*n = strlen(buf);
			return buf;
		}
		return s;
	case CRM_DATE:
		if (crm_date_parse(s, &day) == 0) {
			if (iso_date_shape(s, *n))
				return s;
			crm_date_format(day, buf);
			*n = strlen(buf);
			return buf;
		}
		return s;
	default:
		return s;
	}
}

void
crm_writer_row(struct crm_writer *w, const char *const *vals, const size_t *lens)
{
	size_t i, n;
	char buf[CRM_MONEY_LEN > CRM_PHONE_LEN ? CRM_MONEY_LEN : CRM_PHONE_LEN];
	const char *s;

	if (!w->started)
		header(w);
	if (w->x) {
		for (i = 0; i < w->ncol; i++) {
			w->xlen[i] = lens ? lens[i] : strlen(vals[i]);
			w->xval[i] = normal(w, w->col[i].meta, vals[i], &w->xlen[i], w->xbuf[i]);
		}
		crm_xlsx_out_row(w->x, w->xval, w->xlen);
		return;
	}
	if (w->o->out == CRM_FMT_CSV) {	/* the fast path: one test a field */
		for (i = 0; i < w->ncol; i++) {
			const struct crm_col *m = w->col[i].meta;
			n = lens ? lens[i] : strlen(vals[i]);
			s = m ? normal(w, m, vals[i], &n, buf) : vals[i];
			if (i)
				putch(w, ',');
			put_csv(w, s, n);
		}
		putch(w, '\n');
		flush(w);
		if (ferror(w->fp))
			crm_write_failed();
		return;
	}
	if (w->o->out == CRM_FMT_JSON)
		putch(w, '{');
	for (i = 0; i < w->ncol; i++) {
		const struct crm_col *m = w->col[i].meta;
		n = lens ? lens[i] : strlen(vals[i]);
		s = normal(w, m, vals[i], &n, buf);
		switch (w->o->out) {
		case CRM_FMT_CSV:
			if (i)
				putch(w, ',');
			put_csv(w, s, n);
			break;
		case CRM_FMT_JSON:
			if (i)
				putch(w, ',');
			put_json_str(w, w->col[i].name, strlen(w->col[i].name));
			putch(w, ':');
			if (is_number_kind(m) && n == 0)
				put(w, "null", 4);
			else if (is_number_kind(m) && is_json_number(s, n))
				put(w, s, n);
			else
				put_json_str(w, s, n);
			break;
		case CRM_FMT_TABLE:
			hold(w, s, n);
			break;
		case CRM_FMT_XLSX:	/* written above */
			break;
		}
	}
	if (w->o->out == CRM_FMT_JSON)
		putch(w, '}');
	if (w->o->out != CRM_FMT_TABLE)
		putch(w, '\n');
	flush(w);
	if (ferror(w->fp))
		crm_write_failed();
}

void
crm_writer_passthrough(struct crm_writer *w, struct crm_input *in, const struct crm_type *t,
		       const struct crm_col *added, size_t nadded)
{
	size_t i, k, n;
	char *used;
	int j;

	/* Asking for the type's columns first makes them columns of a JSON Lines input. */
	for (i = 0; t && i < t->ncols; i++)
		crm_input_col(in, t->cols[i].name);
	for (k = 0; k < nadded; k++)
		crm_input_col(in, added[k].name);
	n = crm_input_ncols(in);
	used = xcalloc(n + 1, 1);

	for (i = 0; t && i < t->ncols; i++)
		if ((j = crm_input_col(in, t->cols[i].name)) >= 0) {
			for (k = 0; k < nadded && strcmp(added[k].name, t->cols[i].name); k++)
				;
			if (k < nadded)
				continue;	/* an added column replaces it */
			crm_writer_col(w, t->cols[i].name, &t->cols[i]);
			w->col[w->ncol - 1].src = j;
			used[j] = 1;
		}
	for (k = 0; k < nadded; k++) {
		crm_writer_col(w, added[k].name, &added[k]);
		w->col[w->ncol - 1].src = -1 - (int)k;
		if ((j = crm_input_col(in, added[k].name)) >= 0)
			used[j] = 1;
	}
	for (i = 0; i < n; i++)
		if (!used[i]) {
			crm_writer_col(w, crm_input_colname(in, i), NULL);
			w->col[w->ncol - 1].src = (int)i;
		}
	free(used);
	w->npass = n;
	w->vals = xcalloc(w->ncol + 1, sizeof *w->vals);
	w->lens = xcalloc(w->ncol + 1, sizeof *w->lens);
}

/* JSON Lines input with keys first seen after the first record: JSON output keeps them. */
static void
pass_new_cols(struct crm_writer *w, const struct crm_rec *rec)
{
	for (size_t i = w->npass; i < rec->nf; i++) {
		crm_writer_col(w, rec->names[i], NULL);
		w->col[w->ncol - 1].src = (int)i;
	}
	w->npass = rec->nf;
	w->vals = xreallocarray(w->vals, w->ncol + 1, sizeof *w->vals);
	w->lens = xreallocarray(w->lens, w->ncol + 1, sizeof *w->lens);
}

void
crm_writer_rec(struct crm_writer *w, const struct crm_rec *rec, const char *const *added)
{
	/* The passthrough columns say where each value comes from: without them there is no row. */
	if (!w->vals)
		crm_die("internal error: crm_writer_rec before crm_writer_passthrough");
	if (rec->nf > w->npass && w->o->out == CRM_FMT_JSON)
		pass_new_cols(w, rec);
	for (size_t i = 0; i < w->ncol; i++) {
		int src = w->col[i].src;
		if (src >= 0) {
			w->vals[i] = rec->f[src];
			w->lens[i] = rec->len[src];
		} else {
			w->vals[i] = added[-1 - src] ? added[-1 - src] : "";
			w->lens[i] = strlen(w->vals[i]);
		}
	}
	crm_writer_row(w, w->vals, w->lens);
}

/* Print the held table: columns padded to their widest cell, numbers to the right. */
static void
table_flush(struct crm_writer *w)
{
	size_t i, r, nrow, *width;

	if (!w->ncol)
		return;
	nrow = w->ncell / w->ncol;
	width = xcalloc(w->ncol, sizeof *width);
	for (i = 0; i < w->ncell; i++) {
		size_t cw = text_width(w->cell[i]);
		if (cw > width[i % w->ncol])
			width[i % w->ncol] = cw;
	}
	for (r = 0; r < nrow; r++) {
		size_t blank = 0;	/* padding owed, written only before more text */
		for (i = 0; i < w->ncol; i++) {
			const char *c = w->cell[r * w->ncol + i];
			size_t pad = width[i] - text_width(c);
			int right = r > 0 && is_number_kind(w->col[i].meta);
			blank += i ? 2 : 0;
			if (right)
				blank += pad;
			if (*c) {
				for (; blank; blank--)
					putch(w, ' ');
				put(w, c, strlen(c));
			}
			if (!right)
				blank += pad;
		}
		putch(w, '\n');
		flush(w);
	}
	if (ferror(w->fp))
		crm_write_failed();
	free(width);
}

void
crm_writer_close(struct crm_writer *w)
{
	size_t i;

	if (!w)
		return;
	if (!w->started && (w->x || (w->ncol && w->o->out != CRM_FMT_JSON)))
		header(w);
	if (w->x)
		crm_xlsx_out_close(w->x);
	free(w->xbuf);
	free(w->xval);
	free(w->xlen);
	if (w->o->out == CRM_FMT_TABLE)
		table_flush(w);
	for (i = 0; i < w->ncell; i++)
		free(w->cell[i]);
	free(w->cell);
	for (i = 0; i < w->ncol; i++)
		free(w->col[i].name);
	free(w->col);
	free(w->vals);
	free(w->lens);
	free(w->ob);
	free(w);
}
