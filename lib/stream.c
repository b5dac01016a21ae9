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
#include "xlsx.h"

#define CHUNK (1 << 16)
#define SNIFF 1024	/* non-ASCII bytes that decide between UTF-8 and GB18030 */

static const char empty[] = "";

/*
 * A byte sequence the source cannot hand out as text (a NUL byte, or bytes
 * invalid in the file's encoding): it goes out as one NUL, and this says
 * what it was, so that the record holding it is rejected at its own line
 * while the rest of the file is read.
 */
struct badbyte {
	unsigned char b[4], n;	/* the bytes; n = 0 for a NUL byte */
	unsigned char enc;	/* enum crm_enc it is not valid in */
};

/* --- source: bytes of a file as UTF-8 ------------------------------------ */

struct src {
	const char *name;
	int fd;
	enum crm_enc enc;	/* CRM_ENC_AUTO until the first non-ASCII byte decides */
	iconv_t cd;
	char *raw;		/* raw[pos, len) not yet handed out */
	size_t pos, len;
	char *out;		/* converted text */
	int eof, started, bom;
	char bad[96];		/* a read error to report after the good prefix */
	struct badbyte *bq;	/* NULs handed out, not yet matched to a record */
	size_t bqhead, nbq, bqcap;
};

/* Hand out a NUL for what b says: remember it for the parser. */
static void
src_push_bad(struct src *s, const unsigned char *p, size_t n, enum crm_enc enc)
{
	if (s->bqhead == s->nbq)
		s->bqhead = s->nbq = 0;
	crm_grow(&s->bq, &s->bqcap, s->nbq + 1, sizeof *s->bq);
	struct badbyte *e = &s->bq[s->nbq++];
	memset(e, 0, sizeof *e);
	e->n = (unsigned char)(n > 4 ? 4 : n);
	memcpy(e->b, p, e->n);
	e->enc = (unsigned char)enc;
}

/* Note the NUL bytes of text p[0, n) handed out as they are. */
static void
src_push_nuls(struct src *s, const char *p, size_t n)
{
	const char *e = p + n;

	while ((p = memchr(p, '\0', (size_t)(e - p))))
		src_push_bad(s, (const unsigned char *)p++, 0, CRM_ENC_AUTO);
}

/* Take the next k remembered bad bytes (k NULs found in a record); the first of them in *first. */
static void
src_pop_bad(struct src *s, size_t k, struct badbyte *first)
{
	if (s->bqhead < s->nbq)
		*first = s->bq[s->bqhead];
	else
		memset(first, 0, sizeof *first);
	s->bqhead = s->bqhead + k < s->nbq ? s->bqhead + k : s->nbq;
}

/* The message for a bad byte: "contains a NUL byte", "byte sequence 0xB7 is not valid UTF-8 …". */
static void
badbyte_text(const struct badbyte *e, char *buf, size_t size)
{
	size_t used, k;

	if (!e->n) {
		snprintf(buf, size, "contains a NUL byte, which is not text");
		return;
	}
	used = (size_t)snprintf(buf, size, "byte sequence");
	for (k = 0; k < e->n && used < size; k++)
		used += (size_t)snprintf(buf + used, size - used, " 0x%02X", e->b[k]);
	if (used < size)
		snprintf(buf + used, size - used, " %s",
			 e->enc == CRM_ENC_GBK ? "is not valid GBK" :
			 e->enc == CRM_ENC_GB18030 ? "is not valid GB18030" :
			 "is not valid UTF-8 (for a GBK file give --encoding gb18030)");
}

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
	free(s->bq);
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
		uint16_t h;
		/* ASCII eight bytes at a time, then up to the next byte that is not. */
		while (i + 8 <= n && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ULL)))
			i += 8;
		while (i < n && p[i] < 0x80)
			i++;
		/* The common case in Chinese text: runs of three-byte sequences (E1-EC, two continuations). */
		while (i + 2 < n && (unsigned)(p[i] - 0xE1) <= 0xEC - 0xE1 &&
		       (memcpy(&h, p + i + 1, 2), (h & 0xC0C0) == 0x8080))
			i += 3;
		if (i >= n)
			break;
		c = p[i];
		if (c < 0x80) {
			i++;
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

/* Whether p[0, n) is valid GB18030; a sequence cut at the end is valid when more may come. */
static int
gb18030_valid(const unsigned char *p, size_t n, int more)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i], d;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c == 0x80 || c == 0xFF)
			return 0;
		if (i + 1 >= n)
			return more;
		d = p[i + 1];
		if ((d >= 0x40 && d <= 0x7E) || (d >= 0x80 && d <= 0xFE)) {
			i += 2;
		} else if (d >= 0x30 && d <= 0x39) {
			if (i + 3 >= n)
				return more;
			if (p[i + 2] < 0x81 || p[i + 2] > 0xFE || p[i + 3] < 0x30 || p[i + 3] > 0x39)
				return 0;
			i += 4;
		} else {
			return 0;
		}
	}
	return 1;
}

/* Valid multibyte UTF-8 characters (*good) and invalid bytes (*bad) in p[0, n). */
static void
utf8_census(const unsigned char *p, size_t n, int more, size_t *good, size_t *bad)
{
	size_t i = 0, v, k;
	int partial;

	*good = *bad = 0;
	while (i < n) {
		v = utf8_valid(p + i, n - i, &partial);
		for (k = 0; k < v; k++)
			*good += p[i + k] >= 0xC0;
		i += v;
		if (i == n || (partial && more))
			break;
		(*bad)++;
		i++;
	}
}

/*
 * The encoding of a file whose first non-ASCII bytes are p[0, n), decided
 * on evidence: UTF-8 unless the bytes are valid GB18030 and more of them
 * are invalid UTF-8 than make valid UTF-8 characters.  So a UTF-8 file with
 * a stray byte stays UTF-8 (the byte is an error at its line), and a
 * spreadsheet's GBK text is GB18030 even behind a UTF-8 BOM (with a note).
 */
static enum crm_enc
src_sniff(struct src *s, const unsigned char *p, size_t n)
{
	size_t good, bad;

	utf8_census(p, n, !s->eof, &good, &bad);
	if (bad == 0 || bad <= good || !gb18030_valid(p, n, !s->eof))
		return CRM_ENC_UTF8;
	if (s->bom)
		crm_warn("%s: note: a UTF-8 byte order mark before GB18030 (GBK) text; read as GB18030",
			 s->name);
	return CRM_ENC_GB18030;
}

/* Length of the bad run at p[0, n): non-ASCII bytes up to where a valid character starts (at most 4). */
static size_t
bad_run(const unsigned char *p, size_t n)
{
	size_t k = 1;
	int partial;

	while (k < n && k < 4 && p[k] >= 0x80 && !utf8_valid(p + k, n - k < 4 ? n - k : 4, &partial))
		k++;
	return k;
}

/*
 * The next chunk of UTF-8 text: 1 with *p and *n set (valid until the next
 * call), 0 at the end, -1 on a read error (s->bad).  Bytes that are not
 * text (NUL, or invalid in the encoding) go out as a NUL each, noted in s->bq.
 */
/* Read more of the file into s->raw (at the start: past its BOM); -1 on a read error (s->bad). */
static int
src_fill(struct src *s)
{
	ssize_t r;

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
			s->bom = 1;
		}
	}
	return 0;
}

static int
src_next(struct src *s, const char **p, size_t *n)
{
	static const char nul[1];

	if (s->bad[0] || src_fill(s) < 0)
		return -1;
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
			src_push_nuls(s, (const char *)b, avail);
			*p = (const char *)b;
			*n = avail;
			s->pos = s->len;
			return 1;
		}
		/* Too little to tell (a few GBK bytes can look like UTF-8): wait for more. */
		if (avail - k < SNIFF && !s->eof) {
			if (!k)
				return src_next(s, p, n);
			src_push_nuls(s, (const char *)b, k);
			*p = (const char *)b;
			*n = k;
			s->pos += k;
			return 1;
		}
		s->enc = src_sniff(s, b + k, avail - k);
	}
	if (s->enc == CRM_ENC_UTF8) {
		good = utf8_valid(b, avail, &partial);
		if (!good) {
			if (partial && !s->eof)
				return src_next(s, p, n);	/* a cut sequence: read on */
			good = bad_run(b, avail);
			src_push_bad(s, b, good, CRM_ENC_UTF8);
			s->pos += good;
			*p = nul;
			*n = 1;
			return 1;
		}
		src_push_nuls(s, (const char *)b, good);
		s->pos += good;
		*p = (const char *)b;
		*n = good;
		return 1;
	}
	if (s->cd == (iconv_t)-1 && src_iconv_open(s) < 0) {
		snprintf(s->bad, sizeof s->bad, "cannot convert from GB18030");
		return -1;
	}
	char *in = (char *)b, *out = s->out;
	size_t inleft = avail, outleft = 2 * CHUNK + 16;
	if (iconv(s->cd, &in, &inleft, &out, &outleft) == (size_t)-1 && out == s->out &&
	    (errno == EILSEQ || (errno == EINVAL && s->eof))) {
		src_push_bad(s, b, 1, s->enc);
		s->pos++;
		*p = nul;
		*n = 1;
		return 1;
	}
	s->pos = s->len - inleft;
	*p = s->out;
	*n = (size_t)(out - s->out);
	src_push_nuls(s, *p, *n);
	return *n ? 1 : src_next(s, p, n);
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
		int isbad;		/* a field held bytes that are not text */
		size_t badfield;
		struct badbyte bad;	/* … the first of them */
	} *row;
	size_t nrow, rcap, head;
	size_t cur;		/* first field of the row being built */
	long line;		/* line the parser is on */
	long row_line;		/* line the row being built starts on */
	int isbad;		/* the row being built: as in struct row */
	size_t badfield;
	struct badbyte bad;
};

/* Whether the word w holds the byte c (a word at a time: no loop over bytes). */
static inline int
word_has(uint64_t w, unsigned char c)
{
	w ^= 0x0101010101010101ULL * c;
	return ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) != 0;
}

/*
 * Whether s[0, n) holds a line break: two loads that may overlap cover a
 * field of 4 to 16 bytes, so the common short field costs no loop.
 */
static inline int
has_newline(const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;

	if (n >= 8) {
		for (; n > 16; s += 8, n -= 8) {
			memcpy(&a, s, 8);
			if (word_has(a, '\n'))
				return 1;
		}
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		return word_has(a, '\n') || word_has(b, '\n');
	}
	if (n >= 4) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		return word_has((uint64_t)x << 32 | y, '\n');
	}
	for (size_t k = 0; k < n; k++)
		if (s[k] == '\n')
			return 1;
	return 0;
}

/* Room in q for a field of n bytes (the slow path of rows_field). */
static void
rows_room(struct rows *q, size_t n)
{
	if (q->blen + n + 1 > q->bcap)
		crm_grow(&q->buf, &q->bcap, q->blen + n + 1, 1);
	if (q->nfield == q->fcap) {
		crm_grow(&q->off, &q->fcap, q->nfield + 1, sizeof *q->off);
		q->flen = xreallocarray(q->flen, q->fcap, sizeof *q->flen);
	}
}

static inline void
rows_field(struct rows *q, const char *s, size_t n)
{
	if (q->nfield == q->cur)
		q->row_line = q->line;
	if (q->blen + n + 1 > q->bcap || q->nfield == q->fcap)
		rows_room(q, n);
	if (n)
		memcpy(q->buf + q->blen, s, n);
	q->buf[q->blen + n] = '\0';
	q->off[q->nfield] = q->blen;
	q->flen[q->nfield] = n;
	q->nfield++;
	q->blen += n + 1;
	/* Line breaks inside (quoted) fields: rare, so looked for a word at a time, then counted. */
	if (has_newline(s, n))
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
	q->row[q->nrow].isbad = q->isbad;
	if (q->isbad) {
		q->row[q->nrow].badfield = q->badfield;
		q->row[q->nrow].bad = q->bad;
		q->isbad = 0;
	}
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
	char **jkeys;		/* JSON Lines: the columns: the first object's keys, the */
	size_t njkeys, jkcap;	/* type's other columns, keys first seen later */
	const struct crm_col **jcol;	/* … the type's column each key is, or NULL */
	size_t jhint;		/* where the next key of an object is likely to be */
	const struct crm_type *type;
	size_t nfirst;		/* keys of the first object (the rest of the header: the type's) */
	int keep_new;		/* an unknown key first seen later: a new column (JSON output) */
	const char **jval;	/* JSON Lines: the values of one object, by key */
	size_t *jvlen;
	char **jown;		/* … and those made for it */
	long jno;		/* JSON Lines: the line being read */
	const char *jp;		/* JSON Lines: the rest of the chunk being fed */
	size_t jn;
	int jlast, jmore;
	int errors;		/* bad records since the input last looked */
	char *perr;		/* a syntax error, told once the rows before it are out */
	long perr_line;
	int done;		/* the end, or a syntax error, was reached */
	int *map;		/* file column → input column */
	size_t nmap;
	int header;		/* header row read */
	struct crm_xlsx *xlsx;	/* an .xlsx workbook: rows come from lib/xlsx */
};

/* Field text s[0, n) held k NULs, each standing for bytes that are not text: mark its row. */
static void
rows_badfield(struct rows *q, struct src *src, const char *s, size_t n)
{
	const char *e = s + n;
	size_t k = 0;
	struct badbyte first;

	for (; (s = memchr(s, '\0', (size_t)(e - s))); s++)
		k++;
	src_pop_bad(src, k, &first);
	if (!q->isbad) {
		q->isbad = 1;
		q->badfield = q->nfield - 1 - q->cur;
		q->bad = first;
	}
}

static void
csv_cb_field(void *s, size_t n, void *fp)
{
	struct file *f = fp;

	rows_field(&f->q, s, n);
	if (f->src.bqhead < f->src.nbq && n && memchr(s, '\0', n))
		rows_badfield(&f->q, &f->src, s, n);
}

static void
csv_cb_row(int c, void *fp)
{
	struct rows *q = &((struct file *)fp)->q;

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

/* A row of an xlsx sheet; its line is its row number. */
static void
xlsx_row(long rownum, size_t n, const char *const *f, const size_t *len, void *q)
{
	((struct rows *)q)->line = rownum;
	for (size_t i = 0; i < n; i++)
		rows_field(q, f[i], len[i]);
	rows_end(q);
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
	char e[40];
	int prec;

	for (prec = 0; prec < 17; prec++) {
		snprintf(e, sizeof e, "%.*e", prec, d);
		if (strtod(e, NULL) == d)
			break;
	}
	/* Past 15 significant digits a double may not hold the number as written. */
	*inexact = prec >= 15;
	if (size < CRM_PLAIN_LEN || crm_exp_plain(e, buf) < 0)
		snprintf(buf, size, "%.*g", prec + 1, d);
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

/* Add a column to a JSON Lines file (key NULL: only make room). */
static void
json_add_key(struct file *f, const char *key, const struct crm_col *c)
{
	size_t cap = f->jkcap;

	crm_grow(&f->jkeys, &f->jkcap, f->njkeys + 2, sizeof *f->jkeys);
	if (f->jkcap != cap || !f->jval) {
		f->jcol = xreallocarray(f->jcol, f->jkcap, sizeof *f->jcol);
		f->jval = xreallocarray(f->jval, f->jkcap, sizeof *f->jval);
		f->jvlen = xreallocarray(f->jvlen, f->jkcap, sizeof *f->jvlen);
		f->jown = xreallocarray(f->jown, f->jkcap, sizeof *f->jown);
		memset(f->jown + f->njkeys, 0, (f->jkcap - f->njkeys) * sizeof *f->jown);
	}
	if (!key)
		return;
	f->jkeys[f->njkeys] = xstrdup(key);
	f->jcol[f->njkeys] = c;
	f->jval[f->njkeys] = "";
	f->jvlen[f->njkeys] = 0;
	f->njkeys++;
}

/*
 * The column of key in a JSON Lines file: the same name, else the same
 * column of the type (an alias); a key first seen now is a new column when
 * the output can still take one, else an error (-1): a filter never drops
 * data silently.
 */
static long
json_key(struct file *f, const char *key, const struct crm_pos *pos)
{
	const struct crm_col *c;
	size_t i;

	/* Objects mostly repeat the keys in the same order. */
	if (f->jhint < f->njkeys && !strcmp(f->jkeys[f->jhint], key))
		return (long)f->jhint++;
	for (i = 0; i < f->njkeys; i++)
		if (!strcmp(f->jkeys[i], key))
			return (long)(f->jhint = i + 1) - 1;
	if ((c = crm_type_col(f->type, key)))
		for (i = 0; i < f->njkeys; i++)
			if (f->jcol[i] && !strcmp(f->jcol[i]->name, c->name))
				return (long)(f->jhint = i + 1) - 1;
	if (!f->keep_new) {
		crm_warn_at(pos, "key '%s' first appears here, after the CSV header was written; "
			    "write JSON Lines (--ojson) to keep it", key);
		return -1;
	}
	json_add_key(f, key, c);
	return (long)f->njkeys - 1;
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
	if (!f->jkeys) {	/* the first object's keys, then the type's other columns: the header */
		json_object_foreach(obj, key, v)
			json_add_key(f, key, crm_type_col(f->type, key));
		f->nfirst = f->njkeys;
		if (!f->jkeys)
			json_add_key(f, NULL, NULL);
		for (i = 0; i < f->njkeys; i++)
			rows_field(q, f->jkeys[i], strlen(f->jkeys[i]));
		rows_end(q);
	}
	for (i = 0; i < f->njkeys; i++) {
		f->jval[i] = "";
		f->jvlen[i] = 0;
	}
	int ok = 1;
	f->jhint = 0;
	json_object_foreach(obj, key, v) {
		long k = json_key(f, key, &pos);
		if (k < 0) {
			f->errors++;
			ok = 0;
			break;
		}
		if (!(f->jval[k] = json_text(v, &f->jvlen[k], &f->jown[k]))) {
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

/* Read lines of the chunk being fed until one queues a row. */
static void
json_more(struct file *f)
{
	const char *nl, *line, *p = f->jp;
	size_t len, n = f->jn, before = f->q.nrow;
	int last = f->jlast;

	while (!f->done && (n || last)) {
		nl = memchr(p, '\n', n);
		size_t take = nl ? (size_t)(nl - p) : n;
		if (nl && !f->jlen) {
			/* The whole line is in the chunk: parse it where it is. */
			line = p;
			len = take;
		} else {
			crm_grow(&f->jline, &f->jcap, f->jlen + take + 1, 1);
			memcpy(f->jline + f->jlen, p, take);
			f->jlen += take;
			if (!nl && !last) {
				f->jmore = 0;
				return;
			}
			line = f->jline;
			len = f->jlen;
		}
		if (len && line[len - 1] == '\r')
			len--;
		size_t k = 0;
		while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
			k++;
		if (f->src.bqhead < f->src.nbq && memchr(line, '\0', len)) {
			/* Bytes that are not text: this record is rejected, the file read on. */
			struct crm_pos pos = { f->src.name, f->jno };
			char msg[128];
			f->q.isbad = 0;
			rows_badfield(&f->q, &f->src, line, len);
			badbyte_text(&f->q.bad, msg, sizeof msg);
			f->q.isbad = 0;
			crm_warn_at(&pos, "%s", msg);
			f->errors++;
		} else if (k < len) {
			json_row(f, line, len, f->jno);
		}
		f->jno++;
		f->jlen = 0;
		if (!nl)
			break;
		p = nl + 1;
		n -= take + 1;
		if (f->q.nrow > before) {
			/* A row is out: the rest waits, so that columns asked for meanwhile count. */
			f->jp = p;
			f->jn = n;
			return;
		}
	}
	f->jmore = 0;
}

/* Feed a chunk of text to the JSON Lines reader (p stays valid until it is read). */
static void
json_feed(struct file *f, const char *p, size_t n, int last)
{
	f->jp = p;
	f->jn = n;
	f->jlast = last;
	f->jmore = 1;
	json_more(f);
}

/*
 * The format of a file, from its first bytes (after a BOM): JSON Lines when
 * the first character that is not white space is '{', else CSV.  Each file
 * is decided on its own, so --ijson for standard input does not make a CSV
 * settings file JSON; only a file with nothing in it is taken as given.
 */
static enum crm_fmt
detect_format(const unsigned char *p, size_t n, enum crm_fmt given)
{
	size_t i = 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i == n)
		return given;
	return p[i] == '{' ? CRM_FMT_JSON : CRM_FMT_CSV;
}

static struct file *
file_open(const char *path, const struct crm_opts *o, const struct crm_type *type)
{
	struct file *f = xcalloc(1, sizeof *f);

	if (src_open(&f->src, path, o->enc) < 0) {
		crm_warn("%s:", path);
		free(f);
		return NULL;
	}
	f->q.line = f->jno = 1;
	f->pos.file = f->src.name;
	f->type = type;
	f->keep_new = o->out == CRM_FMT_JSON;
	/* xlsx: by --ixlsx or by content (the ZIP or OLE magic). */
	if (crm_xlsx_sniff(f->src.fd, f->src.raw, &f->src.len) != CRM_XLSX_NONE ||
	    o->in == CRM_FMT_XLSX) {
		f->fmt = CRM_FMT_XLSX;
		if (!(f->xlsx = crm_xlsx_open(f->src.fd, f->src.name, f->src.raw, f->src.len,
					      o->sheet))) {
			src_close(&f->src);
			free(f);
			return NULL;
		}
		return f;
	}
	/* The first bytes decide the format; a read error is told by file_fill. */
	f->fmt = o->in;
	if (src_fill(&f->src) == 0)
		f->fmt = detect_format((const unsigned char *)f->src.raw + f->src.pos,
				       f->src.len - f->src.pos, o->in);
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
	crm_xlsx_close(f->xlsx);
	src_close(&f->src);
	rows_free(&f->q);
	for (size_t i = 0; i < f->njkeys; i++)
		free(f->jkeys[i]);
	free(f->jkeys);
	free(f->jcol);
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
		if (f->xlsx) {
			const char *err;
			if ((r = crm_xlsx_read(f->xlsx, xlsx_row, &f->q, &err)) < 0)
				file_error(f, crm_xlsx_rownum(f->xlsx), err);
			f->done = r <= 0;
			continue;
		}
		if (f->fmt == CRM_FMT_JSON && f->jmore) {
			json_more(f);
			continue;
		}
		r = src_next(&f->src, &p, &n);
		if (r < 0) {
			file_error(f, file_line(f), f->src.bad);
			break;
		}
		if (f->fmt == CRM_FMT_CSV) {
			if (r == 0) {
				if (csv_fini(&f->csv, csv_cb_field, csv_cb_row, f) != 0) {
					/* The row starts where the last one ended, unless a field was seen. */
					long start = f->q.nfield == f->q.cur ? f->q.line : f->q.row_line;
					file_error(f, start, "quoted field not closed before the end of the file");
					break;
				}
				f->done = 1;
			} else if (csv_parse(&f->csv, p, n, csv_cb_field, csv_cb_row, f) != n) {
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
	unsigned char *trim;	/* per column: a known column that is not free text */
	size_t tcap;
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

/* Add a column to the input's: its values are trimmed when the type knows it and it is not free text. */
static void
input_add_col(struct crm_input *in, const char *name)
{
	const struct crm_col *c = crm_type_col(in->type, name);

	crm_grow(&in->cols, &in->ccap, in->ncols + 1, sizeof *in->cols);
	crm_grow(&in->trim, &in->tcap, in->ncols + 1, 1);
	in->cols[in->ncols] = xstrdup(name);
	in->trim[in->ncols] = c && c->kind != CRM_TEXT;
	in->ncols++;
}

/* Whether a value starting with a and ending with z may have spaces to trim. */
static inline int
may_trim(unsigned char a, unsigned char z)
{
	return a == ' ' || a == '\t' || a == 0xE3 || z == ' ' || z == '\t' || z == 0x80;
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
			input_add_col(in, name);
			f->map[i] = (int)in->ncols - 1;
		} else {
			for (j = 0; j < in->ncols && strcmp(in->cols[j], name); j++)
				;
			if (j == in->ncols && f->fmt == CRM_FMT_JSON && i >= f->nfirst) {
				/* A column of the type no key of this file has given yet. */
				f->map[i] = -1;
				free(cell);
				continue;
			}
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

/* A JSON Lines file has keys first seen after its first object: columns up to nf. */
static void
input_json_cols(struct crm_input *in, struct file *f, size_t nf)
{
	size_t i, j;

	f->map = xreallocarray(f->map, nf, sizeof *f->map);
	for (i = f->nmap; i < nf; i++) {
		const char *name = canonical(in->type, f->jkeys[i]);
		for (j = 0; j < in->ncols && strcmp(in->cols[j], name); j++)
			;
		if (j == in->ncols) {
			input_add_col(in, name);
			in->fptr = xreallocarray(in->fptr, in->ncols + 1, sizeof *in->fptr);
			in->flen = xreallocarray(in->flen, in->ncols + 1, sizeof *in->flen);
		}
		f->map[i] = (int)j;
	}
	f->nmap = nf;
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
			if (!(in->f = file_open(path, in->o, in->type))) {
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
				       f->q.flen + r->first, NULL, 0 };
		int bad;
		if (r->isbad) {
			char msg[128];
			badbyte_text(&r->bad, msg, sizeof msg);
			crm_warn_at(&hdr.pos, "header: %s", msg);
			bad = 1;
		} else {
			bad = input_header(in, &hdr);
		}
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
		if (r->isbad) {
			char msg[128];
			badbyte_text(&r->bad, msg, sizeof msg);
			crm_warn_at(&pos, "%s: %s", r->badfield < f->nmap ?
				    in->cols[f->map[r->badfield]] : "field", msg);
			input_fail(in);
			continue;
		}
		if (f->fmt == CRM_FMT_JSON && r->nf > f->nmap)
			input_json_cols(in, f, r->nf);
		if (r->nf != f->nmap && f->fmt != CRM_FMT_JSON) {
			crm_warn_at(&pos, "expected %zu fields as in the header, found %zu",
				    f->nmap, r->nf);
			input_fail(in);
			continue;
		}
		if (f->nmap != in->ncols || r->nf != in->ncols)
			for (i = 0; i < in->ncols; i++) {
				in->fptr[i] = (char *)empty;
				in->flen[i] = 0;
			}
		for (i = 0; i < r->nf; i++) {
			int c = f->map[i];
			char *s = FIELD(f, r, i);
			size_t n = FLEN(f, r, i);
			if (c < 0) {
				if (n)
					break;
				continue;
			}
			/* Ids, names, enums, dates, numbers: trimmed here, once, for every program. */
			if (n && in->trim[c] && may_trim(s[0], s[n - 1])) {
				s = (char *)crm_trim(s, &n);
				s[n] = '\0';
			}
			in->fptr[c] = s;
			in->flen[c] = n;
		}
		if (i < r->nf) {
			crm_warn_at(&pos, "column '%s' is not in the first file's header",
				    f->jkeys[i]);
			input_fail(in);
			continue;
		}
		in->rec.pos = pos;
		in->rec.nf = in->ncols;
		in->rec.f = in->fptr;
		in->rec.len = in->flen;
		in->rec.names = (const char *const *)in->cols;
		in->rec.zh = in->o->zh;
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
	const struct crm_col *c;
	struct file *f;

	input_need_header(in);
	for (size_t i = 0; i < in->ncols; i++)
		if (!strcmp(in->cols[i], want))
			return (int)i;
	/*
	 * JSON Lines: a column of the type that no key has given yet may come
	 * in a later record; it is a column from now on, empty until then.
	 */
	if (!in->have_cols || !(f = in->f) || f->fmt != CRM_FMT_JSON ||
	    !(c = crm_type_col(in->type, name)))
		return -1;
	json_add_key(f, c->name, c);
	input_json_cols(in, f, f->njkeys);
	return (int)in->ncols - 1;
}

int
crm_input_has(struct crm_input *in, const char *name)
{
	const char *want = canonical(in->type, name);

	input_need_header(in);
	for (size_t i = 0; i < in->ncols; i++)
		if (!strcmp(in->cols[i], want))
			return 1;
	return 0;
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
	free(in->trim);
	free(in->fptr);
	free(in->flen);
	free(in->fcopy);
	free(in);
}
