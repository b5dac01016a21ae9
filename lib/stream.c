/*
 * stream input: records read from CSV (libcsv) and JSON Lines (Jansson) in
 * constant memory; the output half is write.c.
 *
 * Input goes through three layers: a source that reads a file in large
 * chunks and hands out UTF-8 (sniffing and converting GB18030), a parser
 * per format that queues complete rows with the line they start on, and
 * crm_input, which maps every file's columns onto the first file's.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <csv.h>
#include <jansson.h>

#include "stream.h"

#define CHUNK (1 << 16)
#define SNIFF 1024	/* non-ASCII bytes that decide between UTF-8 and GB18030 */

static const char empty[] = "";

/* --- source: bytes of a file as UTF-8 ------------------------------------ */

struct src {
	const char *name;
	int fd;
	enum crm_enc enc;	/* CRM_ENC_AUTO until the first non-ASCII byte decides */
	iconv_t cd;
	char *raw;		/* raw[pos, len) not yet handed out */
	size_t pos, len;
	char *out;		/* converted text */
	int eof, started;
	char bad[96];		/* an encoding error to report after the good prefix */
};

static int
src_open(struct src *s, const char *path, enum crm_enc enc)
{
	memset(s, 0, sizeof *s);
	s->cd = (iconv_t)-1;
	s->enc = enc;
	if (!path || !strcmp(path, "-")) {
		s->name = "(stdin)";
		s->fd = 0;
	} else {
		s->name = path;
		if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			return -1;
	}
	s->raw = xmalloc(CHUNK + 8);
	return 0;
}

static void
src_close(struct src *s)
{
	if (s->fd > 0)
		close(s->fd);
	if (s->cd != (iconv_t)-1)
		iconv_close(s->cd);
	free(s->raw);
	free(s->out);
}

/* Length of the longest valid UTF-8 prefix of p[0, n); *partial when what stops it may be a cut sequence. */
static size_t
utf8_valid(const unsigned char *p, size_t n, int *partial)
{
	size_t i = 0, k, j;
	unsigned c, lo, hi;

	*partial = 0;
	while (i < n) {
		uint64_t w;
		if (i + 8 <= n && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ULL))) {
			i += 8;
			continue;
		}
		c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		/* The common case in Chinese text: a three-byte sequence. */
		if (c >= 0xE1 && c <= 0xEC && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
		    (p[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			if (c == 0xE0) lo = 0xA0;
			if (c == 0xED) hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			if (c == 0xF0) lo = 0x90;
			if (c == 0xF4) hi = 0x8F;
		} else {
			return i;
		}
		for (j = 1; j <= k; j++) {
			if (i + j >= n) {
				*partial = 1;
				return i;
			}
			if (p[i + j] < (j == 1 ? lo : 0x80) || p[i + j] > (j == 1 ? hi : 0xBF))
				return i;
		}
		i += k + 1;
	}
	return i;
}

static void
src_badbytes(struct src *s, const char *what, const unsigned char *p, size_t n)
{
	size_t k, used;

	used = (size_t)snprintf(s->bad, sizeof s->bad, "byte sequence");
	for (k = 0; k < n && k < 4 && used < sizeof s->bad; k++)
		used += (size_t)snprintf(s->bad + used, sizeof s->bad - used, " 0x%02X", p[k]);
	if (used < sizeof s->bad)
		snprintf(s->bad + used, sizeof s->bad - used, " %s", what);
}

static int
src_iconv_open(struct src *s)
{
	const char *from = s->enc == CRM_ENC_GBK ? "GBK" : "GB18030";

	if ((s->cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
		crm_warn("iconv from %s:", from);
		return -1;
	}
	if (!s->out)
		s->out = xmalloc(2 * CHUNK + 16);
	return 0;
}

/*
 * The next chunk of UTF-8 text: 1 with *p and *n set (valid until the next
 * call), 0 at the end, -1 on an encoding error (s->bad) or read error.
 */
static int
src_next(struct src *s, const char **p, size_t *n)
{
	ssize_t r;

	if (s->bad[0])
		return -1;
	/* Keep the unconsumed tail (a cut multibyte sequence), fill up. */
	if (s->pos) {
		memmove(s->raw, s->raw + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
	}
	while (!s->eof && s->len < CHUNK) {
		r = read(s->fd, s->raw + s->len, CHUNK - s->len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(s->bad, sizeof s->bad, "read error: %s", strerror(errno));
			return -1;
		}
		if (r == 0)
			s->eof = 1;
		s->len += (size_t)r;
		if (s->started || s->len >= 3)
			break;
	}
	if (!s->started) {
		s->started = 1;
		if (s->len >= 3 && !memcmp(s->raw, "\xEF\xBB\xBF", 3)) {
			s->pos = 3;
			if (s->enc == CRM_ENC_AUTO)
				s->enc = CRM_ENC_UTF8;
		}
	}
	if (s->pos == s->len)
		return s->eof ? 0 : src_next(s, p, n);

	const unsigned char *b = (const unsigned char *)s->raw + s->pos;
	size_t avail = s->len - s->pos, good;
	int partial;

	if (s->enc == CRM_ENC_AUTO) {
		size_t k = 0;
		while (k < avail && b[k] < 0x80)
			k++;
		if (k == avail) {	/* all ASCII so far: the same in every encoding */
			*p = (const char *)b;
			*n = avail;
			s->pos = s->len;
			return 1;
		}
		/* Too little to tell (a few GBK bytes can look like UTF-8): wait for more. */
		if (avail - k < SNIFF && !s->eof) {
			if (!k)
				return src_next(s, p, n);
			*p = (const char *)b;
			*n = k;
			s->pos += k;
			return 1;
		}
		good = utf8_valid(b + k, avail - k, &partial);
		if (k + good == avail || (partial && !s->eof))
			s->enc = CRM_ENC_UTF8;
		else
			s->enc = CRM_ENC_GB18030;
	}
	if (s->enc == CRM_ENC_UTF8) {
		good = utf8_valid(b, avail, &partial);
		if (good < avail && !(partial && !s->eof))
			src_badbytes(s, "is not valid UTF-8 (for a GBK file give --encoding gb18030)",
				     b + good, avail - good);
		s->pos += good;
		*p = (const char *)b;
		*n = good;
		return good ? 1 : (s->bad[0] ? -1 : src_next(s, p, n));
	}
	if (s->cd == (iconv_t)-1 && src_iconv_open(s) < 0) {
		snprintf(s->bad, sizeof s->bad, "cannot convert from GB18030");
		return -1;
	}
	char *in = (char *)b, *out = s->out;
	size_t inleft = avail, outleft = 2 * CHUNK + 16;
	if (iconv(s->cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
		if (errno == EILSEQ || (errno == EINVAL && s->eof))
			src_badbytes(s, s->enc == CRM_ENC_GBK ? "is not valid GBK" :
				     "is not valid GB18030", (unsigned char *)in, inleft);
	}
	s->pos = s->len - inleft;
	*p = s->out;
	*n = (size_t)(out - s->out);
	return *n ? 1 : (s->bad[0] ? -1 : src_next(s, p, n));
}

/* --- parsed rows ---------------------------------------------------------- */

/* Rows parsed but not yet handed out, and the row being built. */
struct rows {
	char *buf;		/* field bytes, each NUL-terminated */
	size_t blen, bcap;
	size_t *off, *flen;	/* per field */
	size_t nfield, fcap;
	struct row {
		size_t first, nf;
		long line;
	} *row;
	size_t nrow, rcap, head;
	size_t cur;		/* first field of the row being built */
	long line;		/* line the parser is on */
	long row_line;		/* line the row being built starts on */
};

static void
rows_field(struct rows *q, const char *s, size_t n)
{
	if (q->nfield == q->cur)
		q->row_line = q->line;
	if (q->blen + n + 1 > q->bcap)
		crm_grow(&q->buf, &q->bcap, q->blen + n + 1, 1);
	if (q->nfield == q->fcap) {
		crm_grow(&q->off, &q->fcap, q->nfield + 1, sizeof *q->off);
		q->flen = xreallocarray(q->flen, q->fcap, sizeof *q->flen);
	}
	if (n)
		memcpy(q->buf + q->blen, s, n);
	q->buf[q->blen + n] = '\0';
	q->off[q->nfield] = q->blen;
	q->flen[q->nfield] = n;
	q->nfield++;
	q->blen += n + 1;
	for (const char *e = s + n; (s = memchr(s, '\n', (size_t)(e - s))); s++)
		q->line++;
}

static void
rows_end(struct rows *q)
{
	if (q->nfield == q->cur)
		return;		/* a blank line */
	crm_grow(&q->row, &q->rcap, q->nrow + 1, sizeof *q->row);
	q->row[q->nrow].first = q->cur;
	q->row[q->nrow].nf = q->nfield - q->cur;
	q->row[q->nrow].line = q->row_line;
	q->nrow++;
	q->cur = q->nfield;
}

/* All queued rows were handed out: keep only the row being built. */
static void
rows_compact(struct rows *q)
{
	size_t i, n = q->nfield - q->cur, base;

	if (n) {
		base = q->off[q->cur];
		memmove(q->buf, q->buf + base, q->blen - base);
		q->blen -= base;
		for (i = 0; i < n; i++) {
			q->off[i] = q->off[q->cur + i] - base;
			q->flen[i] = q->flen[q->cur + i];
		}
	} else {
		q->blen = 0;
	}
	q->nfield = n;
	q->cur = 0;
	q->nrow = q->head = 0;
}

static void
rows_free(struct rows *q)
{
	free(q->buf);
	free(q->off);
	free(q->flen);
	free(q->row);
}

/* --- one input file ------------------------------------------------------- */

struct file {
	struct src src;
	struct crm_pos pos;	/* for file-level diagnostics */
	enum crm_fmt fmt;
	struct csv_parser csv;
	int csv_ok;
	struct rows q;
	char *jline;		/* JSON Lines: the line being assembled */
	size_t jlen, jcap;
	char **jkeys;		/* JSON Lines: the header, from the first object */
	size_t njkeys, jkcap;
	const char **jval;	/* JSON Lines: the values of one object, by key */
	size_t *jvlen;
	char **jown;		/* … and those made for it */
	long jno;		/* JSON Lines: the line being read */
	int errors;		/* bad records since the input last looked */
	char *perr;		/* a syntax error, told once the rows before it are out */
	long perr_line;
	int done;		/* the end, or a syntax error, was reached */
	int *map;		/* file column → input column */
	size_t nmap;
	int header;		/* header row read */
};

static void
csv_cb_field(void *s, size_t n, void *q)
{
	rows_field(q, s, n);
}

static void
csv_cb_row(int c, void *qp)
{
	struct rows *q = qp;

	rows_end(q);
	if (c == '\n')
		q->line++;
}

static int
csv_space(unsigned char c)
{
	(void)c;
	return 0;	/* keep every space: libcsv would trim them */
}

/* The line the parser stopped on: counted lines plus those in the unfinished field. */
static long
file_line(const struct file *f)
{
	long line = f->q.line;

	if (f->fmt == CRM_FMT_JSON)
		return f->jno;
	if (f->csv_ok)
		for (size_t i = 0; i < f->csv.entry_pos; i++)
			line += f->csv.entry_buf[i] == '\n';
	return line;
}

/* The file is broken at line: stop reading it; say so after the rows already parsed. */
static void
file_error(struct file *f, long line, const char *msg)
{
	f->perr = xstrdup(msg);
	f->perr_line = line;
	f->done = 1;
}

/*
 * The shortest digits that read back as the same double, without an
 * exponent unless the number is huge or tiny: 100.00 gives "100", not the
 * "1e+02" of %g, which money and decimal parsers reject.
 */
static void
real_text(double d, char *buf, size_t size, int *inexact)
{
	char e[40], digits[20], *p = e;
	int prec, exp, nd = 0, i;
	size_t k = 0;

	for (prec = 0; prec < 17; prec++) {
		snprintf(e, sizeof e, "%.*e", prec, d);
		if (strtod(e, NULL) == d)
			break;
	}
	/* Past 15 significant digits a double may not hold the number as written. */
	*inexact = prec >= 15;
	if (*p == '-')
		p++;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	exp = *p ? atoi(p + 1) : 0;
	if (exp < -10 || exp > 20 || size < 48) {
		snprintf(buf, size, "%.*g", prec + 1, d);
		return;
	}
	if (e[0] == '-')
		buf[k++] = '-';
	if (exp < 0) {
		buf[k++] = '0';
		buf[k++] = '.';
		for (i = -1; i > exp; i--)
			buf[k++] = '0';
		for (i = 0; i < nd; i++)
			buf[k++] = digits[i];
	} else {
		for (i = 0; i <= exp; i++)
			buf[k++] = i < nd ? digits[i] : '0';
		if (nd > exp + 1) {
			buf[k++] = '.';
			for (i = exp + 1; i < nd; i++)
				buf[k++] = digits[i];
		}
	}
	buf[k] = '\0';
}

/* Text of a JSON value as a field: numbers as written, null empty; NULL when it had to be made (*own). */
static const char *
json_text(json_t *v, size_t *len, char **own)
{
	char num[48];
	int inexact;

	*own = NULL;
	switch (json_typeof(v)) {
	case JSON_STRING:
		*len = json_string_length(v);
		return json_string_value(v);
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		real_text(json_real_value(v), num, sizeof num, &inexact);
		if (inexact)
			return NULL;
		break;
	case JSON_TRUE:
		*len = 4;
		return "true";
	case JSON_FALSE:
		*len = 5;
		return "false";
	case JSON_NULL:
		*len = 0;
		return "";
	default:
		*own = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		*len = strlen(*own);
		return *own;
	}
	*own = xstrdup(num);
	*len = strlen(num);
	return *own;
}

/* Queue the JSON object on line as a row of the file's columns. */
static void
json_row(struct file *f, const char *text, size_t n, long line)
{
	json_error_t err;
	json_t *obj, *v;
	const char *key;
	struct rows *q = &f->q;
	struct crm_pos pos = { f->src.name, line };
	size_t i;

	obj = json_loadb(text, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (!obj) {
		char msg[200];
		snprintf(msg, sizeof msg, "JSON syntax: %s (column %d)", err.text, err.column);
		file_error(f, line, msg);
		return;
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		file_error(f, line, "expected a JSON object");
		return;
	}
	q->line = line;
	if (!f->jkeys) {	/* the first object's keys are the header */
		json_object_foreach(obj, key, v) {
			crm_grow(&f->jkeys, &f->jkcap, f->njkeys + 1, sizeof *f->jkeys);
			f->jkeys[f->njkeys++] = xstrdup(key);
		}
		if (!f->jkeys)
			f->jkeys = xcalloc(1, sizeof *f->jkeys);
		f->jval = xcalloc(f->njkeys + 1, sizeof *f->jval);
		f->jvlen = xcalloc(f->njkeys + 1, sizeof *f->jvlen);
		f->jown = xcalloc(f->njkeys + 1, sizeof *f->jown);
		for (i = 0; i < f->njkeys; i++)
			rows_field(q, f->jkeys[i], strlen(f->jkeys[i]));
		rows_end(q);
	}
	for (i = 0; i < f->njkeys; i++) {
		f->jval[i] = "";
		f->jvlen[i] = 0;
	}
	int ok = 1;
	json_object_foreach(obj, key, v) {
		for (i = 0; i < f->njkeys && strcmp(f->jkeys[i], key); i++)
			;
		if (i == f->njkeys) {
			crm_warn_at(&pos, "key '%s' is not in the first record (its keys fix the columns)",
				    key);
			f->errors++;
			ok = 0;
			break;
		}
		if (!(f->jval[i] = json_text(v, &f->jvlen[i], &f->jown[i]))) {
			crm_warn_at(&pos, "%s: the number has too many digits to read exactly; write it as a string",
				    key);
			f->errors++;
			ok = 0;
			break;
		}
	}
	q->line = line;
	for (i = 0; ok && i < f->njkeys; i++)
		rows_field(q, f->jval[i], f->jvlen[i]);
	if (ok)
		rows_end(q);
	for (i = 0; i < f->njkeys; i++) {
		free(f->jown[i]);
		f->jown[i] = NULL;
	}
	json_decref(obj);
}

/* Feed a chunk of text to the JSON Lines reader. */
static void
json_feed(struct file *f, const char *p, size_t n, int last)
{
	const char *nl;

	while (!f->done && (n || last)) {
		nl = memchr(p, '\n', n);
		size_t take = nl ? (size_t)(nl - p) : n;
		crm_grow(&f->jline, &f->jcap, f->jlen + take + 1, 1);
		memcpy(f->jline + f->jlen, p, take);
		f->jlen += take;
		if (!nl && !last)
			return;
		if (f->jlen && f->jline[f->jlen - 1] == '\r')
			f->jlen--;
		size_t k = 0;
		while (k < f->jlen && strchr(" \t\r", f->jline[k]))
			k++;
		if (k < f->jlen)
			json_row(f, f->jline, f->jlen, f->jno);
		f->jno++;
		f->jlen = 0;
		if (!nl)
			return;
		p = nl + 1;
		n -= take + 1;
	}
}

static struct file *
file_open(const char *path, const struct crm_opts *o)
{
	struct file *f = xcalloc(1, sizeof *f);

	if (src_open(&f->src, path, o->enc) < 0) {
		crm_warn("%s:", path);
		free(f);
		return NULL;
	}
	f->fmt = o->in;
	f->q.line = f->jno = 1;
	f->pos.file = f->src.name;
	if (f->fmt == CRM_FMT_CSV) {
		if (csv_init(&f->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
			crm_die("out of memory");
		csv_set_space_func(&f->csv, csv_space);
		f->csv_ok = 1;
	}
	return f;
}

static void
file_free(struct file *f)
{
	if (!f)
		return;
	if (f->csv_ok)
		csv_free(&f->csv);
	src_close(&f->src);
	rows_free(&f->q);
	for (size_t i = 0; i < f->njkeys; i++)
		free(f->jkeys[i]);
	free(f->jkeys);
	free(f->jval);
	free(f->jvlen);
	free(f->jown);
	free(f->jline);
	free(f->map);
	free(f->perr);
	free(f);
}

/* Parse more of f until a row is queued or the file is done; -1 when broken. */
static int
file_fill(struct file *f)
{
	const char *p = "";
	size_t n = 0;
	int r;

	rows_compact(&f->q);
	while (f->q.nrow == 0 && !f->done) {
		r = src_next(&f->src, &p, &n);
		if (r < 0) {
			file_error(f, file_line(f), f->src.bad);
			break;
		}
		if (f->fmt == CRM_FMT_CSV) {
			if (r == 0) {
				if (csv_fini(&f->csv, csv_cb_field, csv_cb_row, &f->q) != 0) {
					/* The row starts where the last one ended, unless a field was seen. */
					long start = f->q.nfield == f->q.cur ? f->q.line : f->q.row_line;
					file_error(f, start, "quoted field not closed before the end of the file");
					break;
				}
				f->done = 1;
			} else if (csv_parse(&f->csv, p, n, csv_cb_field, csv_cb_row, &f->q) != n) {
				file_error(f, file_line(f), csv_error(&f->csv) == CSV_EPARSE ?
					   "CSV syntax: a quote inside an unquoted field, or text after a closing quote" :
					   csv_strerror(csv_error(&f->csv)));
				break;
			}
		} else {
			json_feed(f, p, r == 0 ? 0 : n, r == 0);
			if (r == 0)
				f->done = 1;
		}
	}
	if (f->q.nrow == 0 && f->perr) {
		struct crm_pos pos = { f->src.name, f->perr_line };
		crm_warn_at(&pos, "%s", f->perr);
		free(f->perr);
		f->perr = NULL;
		return -1;
	}
	return 0;
}

/* --- input: files as one stream ------------------------------------------- */

struct crm_input {
	const struct crm_opts *o;
	const struct crm_type *type;
	char *const *files;
	char **fcopy;		/* the file list, copied: files points here */
	struct crm_opts ocopy;	/* the options, copied: o points here */
	int nfiles, next;
	struct file *f;
	char **cols;		/* column names: canonical where the type knows them */
	size_t ncols, ccap;
	int have_cols;
	char **fptr;
	size_t *flen;
	struct crm_rec rec;
	struct crm_pos pos;
	int status, stop;
};

struct crm_input *
crm_input_open(char *const *files, int nfiles, const struct crm_opts *o, const struct crm_type *type)
{
	struct crm_input *in = xcalloc(1, sizeof *in);

	/* Copies of what the input keeps, so that a caller's stack array or options may go. */
	in->ocopy = *o;
	in->o = &in->ocopy;
	in->type = type;
	in->fcopy = xcalloc(nfiles > 0 ? (size_t)nfiles : 1, sizeof *in->fcopy);
	if (nfiles > 0)
		memcpy(in->fcopy, files, (size_t)nfiles * sizeof *in->fcopy);
	in->files = in->fcopy;
	in->nfiles = nfiles;
	in->pos.file = nfiles ? files[0] : "(stdin)";
	return in;
}

static void
input_fail(struct crm_input *in)
{
	in->status = CRM_ERROR;
	if (in->o->strict)
		in->stop = 1;
}

static const char *
canonical(const struct crm_type *t, const char *name)
{
	const struct crm_col *c = crm_type_col(t, name);

	return c ? c->name : name;
}

/* Take the header row of in->f: name the columns, or map them onto the first file's. */
static int
input_header(struct crm_input *in, const struct crm_rec *hdr)
{
	struct file *f = in->f;
	size_t i, j;

	f->map = xcalloc(hdr->nf, sizeof *f->map);
	f->nmap = hdr->nf;
	for (i = 0; i < hdr->nf; i++) {
		/* Trim spaces around a header cell: spreadsheets leave them. */
		const char *s = hdr->f[i];
		size_t n = hdr->len[i];
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		char *cell = xstrndup(s, n);
		const char *name = canonical(in->type, cell);
		for (j = 0; j < i; j++) {
			if (*name && !strcmp(name, in->cols[f->map[j]])) {
				crm_warn_at(&hdr->pos, "duplicate column '%s' (columns %zu and %zu)",
					    cell, j + 1, i + 1);
				free(cell);
				/* A rejected first header names no columns: the next file's will. */
				while (!in->have_cols && in->ncols)
					free(in->cols[--in->ncols]);
				return -1;
			}
		}
		if (!in->have_cols) {
			crm_grow(&in->cols, &in->ccap, in->ncols + 1, sizeof *in->cols);
			in->cols[in->ncols] = xstrdup(name);
			f->map[i] = (int)in->ncols++;
		} else {
			for (j = 0; j < in->ncols && strcmp(in->cols[j], name); j++)
				;
			if (j == in->ncols) {
				crm_warn_at(&hdr->pos, "column '%s' is not in the first file's header",
					    cell);
				free(cell);
				return -1;
			}
			f->map[i] = (int)j;
		}
		free(cell);
	}
	if (!in->have_cols) {
		in->have_cols = 1;
		in->fptr = xcalloc(in->ncols + 1, sizeof *in->fptr);
		in->flen = xcalloc(in->ncols + 1, sizeof *in->flen);
	}
	return 0;
}

/* The next row of the current file, opening files as needed; NULL at the end. */
static const struct row *
input_row(struct crm_input *in)
{
	for (;;) {
		if (in->stop)
			return NULL;
		if (!in->f) {
			if (in->next >= (in->nfiles ? in->nfiles : 1))
				return NULL;
			const char *path = in->nfiles ? in->files[in->next] : "-";
			in->next++;
			if (!(in->f = file_open(path, in->o))) {
				input_fail(in);
				continue;
			}
			in->pos.file = in->f->src.name;
			in->pos.line = 0;
		}
		struct file *f = in->f;
		if (f->q.head == f->q.nrow && file_fill(f) < 0)
			input_fail(in);
		for (; f->errors; f->errors--)
			input_fail(in);
		if (f->q.head < f->q.nrow && !in->stop)
			return &f->q.row[f->q.head++];
		file_free(in->f);
		in->f = NULL;
	}
}

#define FIELD(f, r, i) ((f)->q.buf + (f)->q.off[(r)->first + (i)])
#define FLEN(f, r, i) ((f)->q.flen[(r)->first + (i)])

/* The next data row: header rows are taken on the way. */
static const struct row *
input_next_row(struct crm_input *in)
{
	const struct row *r;

	while ((r = input_row(in))) {
		struct file *f = in->f;
		if (f->header)
			return r;
		f->header = 1;
		char **cells = xcalloc(r->nf, sizeof *cells);
		for (size_t i = 0; i < r->nf; i++)
			cells[i] = FIELD(f, r, i);
		struct crm_rec hdr = { { f->src.name, r->line }, r->nf, cells,
				       f->q.flen + r->first, NULL };
		int bad = input_header(in, &hdr);
		free(cells);
		if (bad) {
			input_fail(in);
			f->done = 1;
			f->q.head = f->q.nrow;
		}
	}
	return NULL;
}

static void
input_need_header(struct crm_input *in)
{
	if (in->have_cols || in->stop)
		return;
	/* Read up to the first data row, then step back so next() returns it. */
	if (input_next_row(in))
		in->f->q.head--;
}

int
crm_input_next(struct crm_input *in, const struct crm_rec **rec)
{
	const struct row *r;

	while ((r = input_next_row(in))) {
		struct file *f = in->f;
		struct crm_pos pos = { f->src.name, r->line };
		size_t i;
		if (r->nf != f->nmap) {
			crm_warn_at(&pos, "expected %zu fields as in the header, found %zu",
				    f->nmap, r->nf);
			input_fail(in);
			continue;
		}
		if (f->nmap != in->ncols)
			for (i = 0; i < in->ncols; i++) {
				in->fptr[i] = (char *)empty;
				in->flen[i] = 0;
			}
		for (i = 0; i < r->nf; i++) {
			in->fptr[f->map[i]] = FIELD(f, r, i);
			in->flen[f->map[i]] = FLEN(f, r, i);
		}
		in->rec.pos = pos;
		in->rec.nf = in->ncols;
		in->rec.f = in->fptr;
		in->rec.len = in->flen;
		in->rec.names = (const char *const *)in->cols;
		in->pos = pos;
		*rec = &in->rec;
		return 1;
	}
	return 0;
}

int
crm_input_status(const struct crm_input *in)
{
	return in->status;
}

size_t
crm_input_ncols(struct crm_input *in)
{
	input_need_header(in);
	return in->ncols;
}

const char *
crm_input_colname(struct crm_input *in, size_t i)
{
	input_need_header(in);
	return i < in->ncols ? in->cols[i] : NULL;
}

int
crm_input_col(struct crm_input *in, const char *name)
{
	const char *want = canonical(in->type, name);

	input_need_header(in);
	for (size_t i = 0; i < in->ncols; i++)
		if (!strcmp(in->cols[i], want))
			return (int)i;
	return -1;
}

const struct crm_pos *
crm_input_pos(const struct crm_input *in)
{
	return &in->pos;
}

void
crm_input_free(struct crm_input *in)
{
	if (!in)
		return;
	file_free(in->f);
	for (size_t i = 0; i < in->ncols; i++)
		free(in->cols[i]);
	free(in->cols);
	free(in->fptr);
	free(in->flen);
	free(in->fcopy);
	free(in);
}
