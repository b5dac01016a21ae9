/*
 * Unit tests for lib/stream through its public API: CSV and JSON Lines
 * input, encodings, header aliases, multi-file input, bad records,
 * pass-through of unknown columns, and CSV, JSON Lines and table output.
 * Input files are written to a temporary directory; output goes to an
 * open_memstream; diagnostics on stderr are captured and compared.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stream.h"
#include "tap.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Files written into the temporary directory, removed at the end. */
static char *made[128];
static size_t nmade;
static int fields_terminated = 1;	/* every field seen had a NUL at its length */

static void
put_file(const char *name, const char *text, size_t n)
{
	FILE *fp = fopen(name, "wb");

	if (!fp || fwrite(text, 1, n, fp) != n || fclose(fp) != 0) {
		perror(name);
		exit(99);
	}
	for (size_t i = 0; i < nmade; i++)
		if (!strcmp(made[i], name))
			return;
	if (nmade < NELEM(made))
		made[nmade++] = xstrdup(name);
}

/* A file from a string literal, NUL bytes included. */
#define PUT(name, lit) put_file((name), (lit), sizeof(lit) - 1)

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int c;

	if (fp) {
		while ((c = getc(fp)) != EOF)
			putc(c, m);
		fclose(fp);
	}
	fclose(m);
	return buf;
}

/* Standard error to a file between err_begin and err_end (which returns it). */
static int saved_stderr = -1;

static void
err_begin(void)
{
	int fd;

	fflush(stderr);
	saved_stderr = dup(2);
	if ((fd = open("stderr.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0) {
		perror("stderr.txt");
		exit(99);
	}
	dup2(fd, 2);
	close(fd);
}

/* What was written, with the program's name at the start of a line shown as "PROG". */
static char *
err_end(void)
{
	char *text, *p, *out = NULL;
	size_t n = strlen(program_invocation_short_name), len = 0;
	FILE *m = open_memstream(&out, &len);

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	text = slurp("stderr.txt");
	for (p = text; *p; ) {
		if (!strncmp(p, program_invocation_short_name, n) && p[n] == ':') {
			fputs("PROG", m);
			p += n;
		}
		while (*p && (putc(*p, m), *p++ != '\n'))
			;
	}
	fclose(m);
	free(text);
	return out;
}

static struct crm_opts
opts(void)
{
	struct crm_opts o;

	crm_opts_init(&o);
	return o;
}

/* What reading (or passing through) some files gave. */
struct got {
	char *recs;	/* "FILE:LINE:f1|f2|…\n" per record */
	char *cols;	/* column names joined by ',' */
	char *out;	/* crm_writer output (pass) */
	char *err;	/* standard error */
	int status;
};

static void
got_release(struct got *g)
{
	free(g->recs);
	free(g->cols);
	free(g->out);
	free(g->err);
	memset(g, 0, sizeof *g);
}

static char *
colnames(struct crm_input *in)
{
	char *buf = NULL;
	size_t len = 0, i, n = crm_input_ncols(in);
	FILE *m = open_memstream(&buf, &len);

	for (i = 0; i < n; i++)
		fprintf(m, "%s%s", i ? "," : "", crm_input_colname(in, i));
	fclose(m);
	return buf;
}

static void
dump_rec(FILE *m, const struct crm_rec *r)
{
	fprintf(m, "%s:%ld:", r->pos.file, r->pos.line);
	for (size_t i = 0; i < r->nf; i++) {
		if (i)
			putc('|', m);
		fwrite(r->f[i], 1, r->len[i], m);
		if (r->f[i][r->len[i]] != '\0')
			fields_terminated = 0;
	}
	putc('\n', m);
}

/* Read files (nfiles 0: stdin) as records. */
static struct got
read_all(char **files, int nfiles, const struct crm_opts *o, const struct crm_type *t)
{
	struct got g = { 0 };
	size_t len = 0;
	FILE *m = open_memstream(&g.recs, &len);
	const struct crm_rec *r;

	err_begin();
	struct crm_input *in = crm_input_open(files, nfiles, o, t);
	while (crm_input_next(in, &r))
		dump_rec(m, r);
	g.cols = colnames(in);
	g.status = crm_input_status(in);
	crm_input_free(in);
	fclose(m);
	g.err = err_end();
	return g;
}

/* crm-pass in miniature: input through crm_writer_passthrough to a memstream. */
static struct got
pass_added(char **files, int nfiles, const struct crm_opts *o, const struct crm_type *t,
	   const struct crm_col *added, size_t nadded, const char *const *vals)
{
	struct got g = { 0 };
	size_t len = 0;
	FILE *m = open_memstream(&g.out, &len);
	const struct crm_rec *r;

	err_begin();
	struct crm_input *in = crm_input_open(files, nfiles, o, t);
	struct crm_writer *w = crm_writer_new(m, o);
	crm_writer_passthrough(w, in, t, added, nadded);
	while (crm_input_next(in, &r))
		crm_writer_rec(w, r, vals);
	crm_writer_close(w);
	g.status = crm_input_status(in);
	crm_input_free(in);
	fclose(m);
	g.err = err_end();
	return g;
}

static struct got
pass(char **files, int nfiles, const struct crm_opts *o, const struct crm_type *t)
{
	return pass_added(files, nfiles, o, t, NULL, 0, NULL);
}

/* One file, default options. */
static struct got
read1(const char *name, const struct crm_type *t)
{
	struct crm_opts o = opts();
	char *files[] = { (char *)name };

	return read_all(files, 1, &o, t);
}

static struct got
pass1(const char *name, const struct crm_opts *o, const struct crm_type *t)
{
	char *files[] = { (char *)name };

	return pass(files, 1, o, t);
}

/* --- CSV input ------------------------------------------------------------ */

static void
test_csv_quoting(void)
{
	struct got g;
	struct crm_opts o = opts();

	PUT("q.csv", "a,b,c\n"
		     "\"x,1\",\"he said \"\"hi\"\"\",\"l1\nl2\"\n"
		     "  sp  , y ,\"cr\r\nlf\"\n"
		     ",\"\",\n"
		     "\"\"\"\",\" \",\"\"\"a,b\"\"\"\n");
	g = read1("q.csv", NULL);
	is_str(g.cols, "a,b,c", "csv: header");
	is_str(g.recs,
	       "q.csv:2:x,1|he said \"hi\"|l1\nl2\n"
	       "q.csv:4:  sp  | y |cr\r\nlf\n"
	       "q.csv:6:||\n"
	       "q.csv:7:\"| |\"a,b\"\n",
	       "csv: commas, doubled quotes, LF and CRLF inside quotes, spaces kept, empty fields");
	is_int(g.status, CRM_OK, "csv: status 0");
	is_str(g.err, "", "csv: nothing on stderr");
	got_release(&g);

	g = pass1("q.csv", &o, NULL);
	is_str(g.out, "a,b,c\n"
		      "\"x,1\",\"he said \"\"hi\"\"\",\"l1\nl2\"\n"
		      "  sp  , y ,\"cr\r\nlf\"\n"
		      ",,\n"
		      "\"\"\"\", ,\"\"\"a,b\"\"\"\n",
	       "csv out: quoted only when needed, exactly as read");
	got_release(&g);

	/* Tabs and non-ASCII are plain data; a NUL byte is not text: its record is rejected. */
	PUT("nul.csv", "a,b\nx\ty,p\0q\nz,\"multi\nline\0\"\nw,ok\n");
	g = read1("nul.csv", NULL);
	is_str(g.recs, "nul.csv:5:w|ok\n", "csv: a record with a NUL byte is not handed out, the rest is");
	is_str(g.err, "PROG: nul.csv:2: b: contains a NUL byte, which is not text\n"
		      "PROG: nul.csv:3: b: contains a NUL byte, which is not text\n",
	       "csv: a NUL byte is an error naming file:line (the record's first line) and column");
	is_int(g.status, CRM_ERROR, "csv: a NUL byte is status 2");
	got_release(&g);
	PUT("tab.csv", "a,b\nx\ty,p q\n");
	g = pass1("tab.csv", &o, NULL);
	is_str(g.out, "a,b\nx\ty,p q\n", "csv out: a tab written back");
	got_release(&g);
	PUT("nul.jsonl", "{\"a\":\"1\"}\n{\"a\":\"x\0y\"}\n{\"a\":\"3\"}\n");
	struct crm_opts oj = opts();
	char *nj[] = { "nul.jsonl" };
	oj.in = CRM_FMT_JSON;
	g = read_all(nj, 1, &oj, NULL);
	is_str(g.recs, "nul.jsonl:1:1\nnul.jsonl:3:3\n", "json: a line with a NUL byte skipped, the rest read");
	is_str(g.err, "PROG: nul.jsonl:2: contains a NUL byte, which is not text\n", "json: NUL byte, file:line");
	got_release(&g);
}

static void
test_csv_bom_crlf(void)
{
	struct got g;
	struct crm_opts o = opts();

	PUT("bom.csv", "\xEF\xBB\xBFid,name\n1,张三\n");
	g = read1("bom.csv", NULL);
	is_str(g.cols, "id,name", "bom: skipped, not part of the first column name");
	is_str(g.recs, "bom.csv:2:1|张三\n", "bom: record");
	is_int(g.status, CRM_OK, "bom: status 0");
	got_release(&g);

	PUT("bomzh.csv", "\xEF\xBB\xBF客户编号,客户名称\nC1,张三\n");
	g = read1("bomzh.csv", &crm_type_customer);
	is_str(g.cols, "id,name", "bom: a Chinese first header cell still maps to its canonical name");
	got_release(&g);

	PUT("bomonly.csv", "\xEF\xBB\xBF");
	g = read1("bomonly.csv", NULL);
	is_str(g.cols, "", "bom only: no columns");
	is_str(g.recs, "", "bom only: no records");
	is_int(g.status, CRM_OK, "bom only: status 0");
	got_release(&g);

	PUT("crlf.csv", "id,name\r\n1,a\r\n\r\n2,\"x\r\ny\"\r\n3,c\r\n");
	g = read1("crlf.csv", NULL);
	is_str(g.recs, "crlf.csv:2:1|a\ncrlf.csv:4:2|x\r\ny\ncrlf.csv:6:3|c\n",
	       "crlf: no CR in the fields, CRLF inside quotes kept, lines counted");
	is_int(g.status, CRM_OK, "crlf: status 0");
	got_release(&g);
	g = pass1("crlf.csv", &o, NULL);
	is_str(g.out, "id,name\n1,a\n2,\"x\r\ny\"\n3,c\n", "crlf: written with LF line ends");
	got_release(&g);

	PUT("crlfbad.csv", "id,name\r\n1,\"a\r\nb\"\r\n\r\n2,x,extra\r\n3,y\r\n");
	g = read1("crlfbad.csv", NULL);
	is_str(g.err, "PROG: crlfbad.csv:5: expected 2 fields as in the header, found 3\n",
	       "crlf: a bad record's line counts CRLF lines");
	is_str(g.recs, "crlfbad.csv:2:1|a\r\nb\ncrlfbad.csv:6:3|y\n", "crlf: the others read");
	got_release(&g);
}

static void
test_csv_lines(void)
{
	struct got g;

	PUT("lines.csv", "id,note\n"	/* 1 */
			 "1,\"a\n"	/* 2 */
			 "b\n"		/* 3 */
			 "c\"\n"	/* 4 */
			 "\n"		/* 5 */
			 "2,x\n"	/* 6 */
			 "3,\"\n\"\n"	/* 7, 8 */
			 "\n"		/* 9 */
			 "\n"		/* 10 */
			 "\"4\",y\n"	/* 11 */
			 "\"5\n\",\"p\nq\",extra\n"	/* 12, 13, 14 */
			 "6,z\n");	/* 15 */
	g = read1("lines.csv", NULL);
	is_str(g.recs, "lines.csv:2:1|a\nb\nc\n"
		       "lines.csv:6:2|x\n"
		       "lines.csv:7:3|\n\n"
		       "lines.csv:11:4|y\n"
		       "lines.csv:15:6|z\n",
	       "lines: a record's first line, after quoted newlines and blank lines");
	is_str(g.err, "PROG: lines.csv:12: expected 2 fields as in the header, found 3\n",
	       "lines: a bad record's first line, not the line it ends on");
	is_int(g.status, CRM_ERROR, "lines: status 2 for the bad record");
	got_release(&g);
}

static void
test_csv_chunks(void)
{
	/* Larger than the reader's 64 KiB chunks: rows, quoted newlines and a 150 KB field across them. */
	char *buf = NULL, *want = NULL, *big;
	size_t len = 0, wlen = 0, i;
	FILE *m = open_memstream(&buf, &len), *w = open_memstream(&want, &wlen);
	long line = 2;
	struct got g;

	fputs("id,text\n", m);
	for (i = 0; i < 6000; i++) {
		if (i % 7 == 3) {
			fprintf(m, "%zu,\"多行\n第二行,\"\"引号\"\"\n\"\n", i);
			fprintf(w, "big.csv:%ld:%zu|多行\n第二行,\"引号\"\n\n", line, i);
			line += 3;
		} else {
			fprintf(m, "%zu,张三李四王五 row %zu\n", i, i);
			fprintf(w, "big.csv:%ld:%zu|张三李四王五 row %zu\n", line, i, i);
			line++;
		}
		if (i == 3000) {
			big = xmalloc(150001);
			for (size_t k = 0; k < 150000; k++)
				big[k] = k % 1000 == 999 ? '\n' : "abcdefghij"[k % 10];
			big[150000] = '\0';
			fprintf(m, "big,\"%s\"\n", big);
			fprintf(w, "big.csv:%ld:big|%s\n", line, big);
			line += 151;
			free(big);
		}
	}
	fclose(m);
	fclose(w);
	put_file("big.csv", buf, len);
	g = read1("big.csv", NULL);
	ok(g.recs && !strcmp(g.recs, want), "chunks: every record and line number across 64 KiB reads");
	is_int(g.status, CRM_OK, "chunks: status 0");
	got_release(&g);
	free(buf);
	free(want);
}

static void
test_aliases(void)
{
	struct got g;
	struct crm_opts o = opts();
	char *files[] = { "alias.csv" };

	PUT("alias.csv", "客户编号,客户名称,客户类别, Phone ,NAME2,备注\nC1,张三,重点客户,13812345678,x,y\n");
	g = read1("alias.csv", &crm_type_customer);
	is_str(g.cols, "id,name,category,phone,NAME2,备注",
	       "aliases: Chinese and case-insensitive English headers to canonical names");
	is_str(g.recs, "alias.csv:2:C1|张三|重点客户|13812345678|x|y\n",
	       "aliases: values read as they are");
	got_release(&g);

	g = read1("alias.csv", NULL);
	is_str(g.cols, "客户编号,客户名称,客户类别,Phone,NAME2,备注",
	       "aliases: no type, names kept (trimmed)");
	got_release(&g);

	/* Column lookups before the first record, which must still come out. */
	const struct crm_rec *r;
	struct crm_input *in = crm_input_open(files, 1, &o, &crm_type_customer);
	is_int(crm_input_col(in, "name"), 1, "col: canonical name");
	is_int(crm_input_col(in, "客户名称"), 1, "col: Chinese alias");
	is_int(crm_input_col(in, "Name"), 1, "col: any case");
	is_int(crm_input_col(in, "备注"), 5, "col: unknown column by its own name");
	is_int(crm_input_col(in, "address"), -1, "col: absent column");
	is_int(crm_input_ncols(in), 6, "ncols");
	is_str(crm_input_colname(in, 2), "category", "colname");
	is_str(crm_input_colname(in, 6), NULL, "colname past the end");
	ok(crm_input_next(in, &r) && !strcmp(r->f[0], "C1") && !strcmp(r->names[1], "name"),
	   "col: the first record is still delivered after looking at the header");
	ok(!crm_input_next(in, &r), "col: then the end");
	crm_input_free(in);

	struct crm_input *in2 = crm_input_open(files, 1, &o, NULL);
	is_int(crm_input_col(in2, "name"), -1, "col: no type, no alias");
	is_int(crm_input_col(in2, "客户名称"), 1, "col: no type, the name as written");
	crm_input_free(in2);

	PUT("dup.csv", "x,NAME,Name\n1,2,3\n");
	g = read1("dup.csv", &crm_type_customer);
	is_str(g.err, "PROG: dup.csv:1: duplicate column 'Name' (columns 2 and 3)\n",
	       "header: two cells with one canonical name");
	is_int(g.status, CRM_ERROR, "header: duplicate is status 2");
	is_str(g.recs, "", "header: the file is skipped");
	is_str(g.cols, "", "header: a rejected first header names no columns");
	got_release(&g);

	PUT("ok.csv", "id,name\n1,a\n");
	char *two[] = { "dup.csv", "ok.csv" };
	g = read_all(two, 2, &o, &crm_type_customer);
	is_str(g.cols, "id,name", "header: after a rejected first header, the next file's fixes the columns");
	is_str(g.recs, "ok.csv:2:1|a\n", "header: and its records are read");
	is_int(g.status, CRM_ERROR, "header: status still 2");
	got_release(&g);
}

static void
test_multifile(void)
{
	struct got g;
	struct crm_opts o = opts();

	PUT("m1.csv", "id,name,note\n1,a,n1\n");
	PUT("m2.csv", "note,name,id\nn2,b,2\n");
	PUT("m3.csv", "id\n3\n");
	PUT("m4.csv", "id,name,extra\n4,d,e\n");
	PUT("m5.csv", "客户名称,ID\ne,5\n");
	PUT("m6.csv", "");
	PUT("m7.csv", "name,id\n");
	char *files[] = { "m6.csv", "m1.csv", "m2.csv", "m3.csv", "m4.csv", "m7.csv", "m5.csv" };
	g = read_all(files, 7, &o, &crm_type_customer);
	is_str(g.cols, "id,name,note", "multi: an empty first file fixes nothing; the next header does");
	is_str(g.recs, "m1.csv:2:1|a|n1\n"
		       "m2.csv:2:2|b|n2\n"
		       "m3.csv:2:3||\n"
		       "m5.csv:2:5|e|\n",
	       "multi: reordered and missing columns mapped; extra column's file skipped");
	is_str(g.err, "PROG: m4.csv:1: column 'extra' is not in the first file's header\n",
	       "multi: extra column reported");
	is_int(g.status, CRM_ERROR, "multi: status 2");
	got_release(&g);

	g = pass(files + 1, 3, &o, &crm_type_customer);
	is_str(g.out, "id,name,note\n1,a,n1\n2,b,n2\n3,,\n", "multi: one output stream");
	is_int(g.status, CRM_OK, "multi: status 0 when all fit");
	got_release(&g);

	char *missing[] = { "nope.csv", "m1.csv" };
	g = read_all(missing, 2, &o, NULL);
	is_str(g.err, "PROG: nope.csv: No such file or directory\n", "multi: a missing file");
	is_str(g.recs, "m1.csv:2:1|a|n1\n", "multi: the other files still read");
	is_int(g.status, CRM_ERROR, "multi: a missing file is status 2");
	got_release(&g);
}

static void
test_bad_records(void)
{
	struct got g;
	struct crm_opts o = opts();

	PUT("bad.csv", "id,name\n1,a\n2\n3,c,x\n4,d\n");
	PUT("after.csv", "id,name\n5,e\n");
	char *files[] = { "bad.csv", "after.csv" };
	g = read_all(files, 2, &o, NULL);
	is_str(g.recs, "bad.csv:2:1|a\nbad.csv:5:4|d\nafter.csv:2:5|e\n",
	       "field count: bad records skipped, the rest read");
	is_str(g.err, "PROG: bad.csv:3: expected 2 fields as in the header, found 1\n"
		      "PROG: bad.csv:4: expected 2 fields as in the header, found 3\n",
	       "field count: each reported with its line");
	is_int(g.status, CRM_ERROR, "field count: status 2");
	got_release(&g);

	o.strict = 1;
	g = read_all(files, 2, &o, NULL);
	is_str(g.recs, "bad.csv:2:1|a\n", "strict: stops at the first bad record");
	is_str(g.err, "PROG: bad.csv:3: expected 2 fields as in the header, found 1\n",
	       "strict: only it is reported");
	is_int(g.status, CRM_ERROR, "strict: status 2");
	got_release(&g);
	o.strict = 0;

	PUT("syn.csv", "id,name\n1,a\n2,b\"c\n3,d\n");
	char *syn[] = { "syn.csv", "after.csv" };
	g = read_all(syn, 2, &o, NULL);
	is_str(g.recs, "syn.csv:2:1|a\nafter.csv:2:5|e\n",
	       "syntax: rows before it delivered, the file stops, the next file is read");
	is_str(g.err, "PROG: syn.csv:3: CSV syntax: a quote inside an unquoted field, "
		      "or text after a closing quote\n", "syntax: quote inside an unquoted field");
	is_int(g.status, CRM_ERROR, "syntax: status 2");
	got_release(&g);

	PUT("syn2.csv", "id,name\n1,\"a\"b\n2,c\n");
	g = read1("syn2.csv", NULL);
	is_str(g.recs, "", "syntax: text after a closing quote");
	is_str(g.err, "PROG: syn2.csv:2: CSV syntax: a quote inside an unquoted field, "
		      "or text after a closing quote\n", "syntax: text after a closing quote, line");
	got_release(&g);

	PUT("syn3.csv", "id,name\n1,x\n2,\"a\nb\"x\n3,c\n");
	g = read1("syn3.csv", NULL);
	is_str(g.err, "PROG: syn3.csv:4: CSV syntax: a quote inside an unquoted field, "
		      "or text after a closing quote\n",
	       "syntax: the line where the error is, inside a multi-line record");
	got_release(&g);

	o.strict = 1;
	g = read_all(syn, 2, &o, NULL);
	is_str(g.recs, "syn.csv:2:1|a\n", "strict: a syntax error ends the input");
	got_release(&g);
	o.strict = 0;

	PUT("open.csv", "id,name\n1,a\n2,\"b\nc\n3,d\n");
	g = read1("open.csv", NULL);
	is_str(g.recs, "open.csv:2:1|a\n", "unterminated quote: rows before it delivered");
	is_str(g.err, "PROG: open.csv:3: quoted field not closed before the end of the file\n",
	       "unterminated quote: reported at the record's first line");
	is_int(g.status, CRM_ERROR, "unterminated quote: status 2");
	got_release(&g);

	PUT("open2.csv", "id,name\n1,a\n\n\"b,c\n");
	g = read1("open2.csv", NULL);
	is_str(g.err, "PROG: open2.csv:4: quoted field not closed before the end of the file\n",
	       "unterminated quote in the first field: its line");
	got_release(&g);
}

static void
test_edges(void)
{
	struct got g;
	struct crm_opts o = opts();

	PUT("nofinal.csv", "id,name\n1,a\n2,b");
	g = read1("nofinal.csv", NULL);
	is_str(g.recs, "nofinal.csv:2:1|a\nnofinal.csv:3:2|b\n", "no final newline: last record read");
	is_int(g.status, CRM_OK, "no final newline: status 0");
	got_release(&g);

	PUT("nofinal2.csv", "id,name\n1,\"a\nb\"");
	g = read1("nofinal2.csv", NULL);
	is_str(g.recs, "nofinal2.csv:2:1|a\nb\n", "no final newline after a closing quote");
	got_release(&g);

	PUT("empty.csv", "");
	g = read1("empty.csv", NULL);
	is_str(g.recs, "", "empty file: no records");
	is_str(g.cols, "", "empty file: no columns");
	is_int(g.status, CRM_OK, "empty file: status 0");
	is_str(g.err, "", "empty file: no diagnostic");
	got_release(&g);
	g = pass1("empty.csv", &o, NULL);
	is_str(g.out, "", "empty file: empty output");
	got_release(&g);

	PUT("head.csv", "id,name\n");
	g = read1("head.csv", NULL);
	is_str(g.cols, "id,name", "header only: columns");
	is_str(g.recs, "", "header only: no records");
	got_release(&g);
	g = pass1("head.csv", &o, NULL);
	is_str(g.out, "id,name\n", "header only: the header is written");
	got_release(&g);
	o.out = CRM_FMT_TABLE;
	g = pass1("head.csv", &o, NULL);
	is_str(g.out, "id  name\n", "header only: table header");
	got_release(&g);
	o.out = CRM_FMT_JSON;
	g = pass1("head.csv", &o, NULL);
	is_str(g.out, "", "header only: JSON Lines has no header");
	got_release(&g);
	o.out = CRM_FMT_CSV;

	PUT("head2.csv", "id,name");
	g = read1("head2.csv", NULL);
	is_str(g.cols, "id,name", "header without newline");
	got_release(&g);

	/* One column: an empty value must not become a blank line, which reading skips. */
	PUT("one.csv", "name\n\"\"\nx\n");
	g = read1("one.csv", NULL);
	is_str(g.recs, "one.csv:2:\none.csv:3:x\n", "one column: a quoted empty field is a record");
	got_release(&g);
	g = pass1("one.csv", &o, NULL);
	is_str(g.out, "name\n\"\"\nx\n", "one column: an empty value is written quoted");
	got_release(&g);
}

static void
test_encodings(void)
{
	struct got g;
	struct crm_opts o = opts();
	char *files[] = { "gbk.csv" };

	/* 客户名称,id / 张三,1 / 李四,2 in GBK */
	PUT("gbk.csv", "\xbf\xcd\xbb\xa7\xc3\xfb\xb3\xc6,id\n\xd5\xc5\xc8\xfd,1\n\xc0\xee\xcb\xc4,2\n");
	g = read1("gbk.csv", &crm_type_customer);
	is_str(g.cols, "name,id", "gbk auto: Chinese header decoded and mapped");
	is_str(g.recs, "gbk.csv:2:张三|1\ngbk.csv:3:李四|2\n", "gbk auto: values as UTF-8");
	is_int(g.status, CRM_OK, "gbk auto: status 0");
	got_release(&g);

	o.enc = CRM_ENC_GBK;
	g = read_all(files, 1, &o, &crm_type_customer);
	is_str(g.recs, "gbk.csv:2:张三|1\ngbk.csv:3:李四|2\n", "gbk forced");
	got_release(&g);
	o.enc = CRM_ENC_GB18030;
	g = read_all(files, 1, &o, &crm_type_customer);
	is_str(g.recs, "gbk.csv:2:张三|1\ngbk.csv:3:李四|2\n", "gb18030 forced on GBK bytes");
	got_release(&g);

	o.enc = CRM_ENC_UTF8;
	g = read_all(files, 1, &o, &crm_type_customer);
	is_int(g.status, CRM_ERROR, "utf-8 forced on GBK: status 2");
	is_str(g.recs, "", "utf-8 forced on GBK: no records");
	is_str(g.err, "PROG: gbk.csv:1: header: byte sequence 0xBF is not valid UTF-8 "
		      "(for a GBK file give --encoding gb18030)\n", "utf-8 forced on GBK: the line and bytes");
	got_release(&g);

	PUT("late.csv", "id,name\n1,ok\n2,\"multi\nline\"\n3,\xd5\xc5\xc8\xfd\n4,z\n");
	char *late[] = { "late.csv" };
	g = read_all(late, 1, &o, NULL);
	is_str(g.recs, "late.csv:2:1|ok\nlate.csv:3:2|multi\nline\nlate.csv:6:4|z\n",
	       "utf-8 forced: rows before and after the bad bytes delivered");
	is_str(g.err, "PROG: late.csv:5: name: byte sequence 0xD5 0xC5 0xC8 0xFD is not valid UTF-8 "
		      "(for a GBK file give --encoding gb18030)\n", "utf-8 forced: the bad line");
	is_int(g.status, CRM_ERROR, "utf-8 forced: status 2");
	got_release(&g);

	PUT("cut.csv", "id,name\n1,a\n2,\xe5\xbc");
	char *cut[] = { "cut.csv" };
	g = read_all(cut, 1, &o, NULL);
	is_str(g.err, "PROG: cut.csv:3: name: byte sequence 0xE5 0xBC is not valid UTF-8 "
		      "(for a GBK file give --encoding gb18030)\n", "utf-8: a sequence cut at the end");
	is_str(g.recs, "cut.csv:2:1|a\n", "utf-8: rows before it");
	got_release(&g);

	PUT("latin.csv", "id,name\n1,caf\xe9\n");
	char *latin[] = { "latin.csv" };
	g = read_all(latin, 1, &o, NULL);
	is_int(g.status, CRM_ERROR, "utf-8 forced: a Latin-1 byte is status 2, not replaced");
	got_release(&g);

	o.enc = CRM_ENC_AUTO;
	g = read_all(late, 1, &o, NULL);
	is_str(g.recs, "late.csv:2:1|ok\nlate.csv:3:2|multi\nline\nlate.csv:5:3|张三\nlate.csv:6:4|z\n",
	       "auto: the same file read as GB18030");
	got_release(&g);

	PUT("utf8.csv", "id,name\n1,张三\n2,Ünïcödé\n");
	g = read1("utf8.csv", NULL);
	is_str(g.recs, "utf8.csv:2:1|张三\nutf8.csv:3:2|Ünïcödé\n", "auto: valid UTF-8 kept as it is");
	got_release(&g);

	o.enc = CRM_ENC_GBK;
	PUT("badgbk.csv", "id,name\n1,a\n2,\xff\n");
	char *badgbk[] = { "badgbk.csv" };
	g = read_all(badgbk, 1, &o, NULL);
	is_str(g.err, "PROG: badgbk.csv:3: name: byte sequence 0xFF is not valid GBK\n",
	       "gbk forced: an invalid byte");
	is_str(g.recs, "badgbk.csv:2:1|a\n", "gbk forced: rows before it");
	is_int(g.status, CRM_ERROR, "gbk forced: status 2");
	got_release(&g);

	PUT("cutgbk.csv", "id,name\n1,a\n2,\xd5");
	char *cutgbk[] = { "cutgbk.csv" };
	g = read_all(cutgbk, 1, &o, NULL);
	is_str(g.err, "PROG: cutgbk.csv:3: name: byte sequence 0xD5 is not valid GBK\n",
	       "gbk forced: a pair cut at the end");
	got_release(&g);

	/* Encodings decided on evidence. */
	o.enc = CRM_ENC_AUTO;
	{
		/* A 1,500-row UTF-8 register with a stray byte on its last line. */
		char *reg = NULL, *want = NULL;
		size_t rlen = 0, wlen = 0;
		FILE *m = open_memstream(&reg, &rlen), *w = open_memstream(&want, &wlen);
		fputs("id,name\n", m);
		for (int i = 1; i <= 1500; i++) {
			fprintf(m, "%d,%s\n", i, i == 1500 ? "李\xb7四" : "张三");
			if (i < 1500)
				fprintf(w, "reg.csv:%d:%d|张三\n", i + 1, i);
		}
		fclose(m);
		fclose(w);
		put_file("reg.csv", reg, rlen);
		g = read1("reg.csv", NULL);
		ok(g.recs && !strcmp(g.recs, want), "auto: UTF-8 with a stray byte on its last line: the rest read as UTF-8");
		is_str(g.err, "PROG: reg.csv:1501: name: byte sequence 0xB7 is not valid UTF-8 "
			      "(for a GBK file give --encoding gb18030)\n", "auto: … the error at the real line");
		is_int(g.status, CRM_ERROR, "auto: … status 2");
		got_release(&g);
		free(reg);
		free(want);
	}
	PUT("stray.csv", "id,name\n1,\xff\n2,张三\n3,李四\n");
	g = read1("stray.csv", NULL);
	is_str(g.recs, "stray.csv:3:2|张三\nstray.csv:4:3|李四\n",
	       "auto: a stray byte before any Chinese: still UTF-8, the other rows read");
	is_str(g.err, "PROG: stray.csv:2: name: byte sequence 0xFF is not valid UTF-8 "
		      "(for a GBK file give --encoding gb18030)\n", "auto: … error at its line");
	got_release(&g);
	/* 张三 / 李四 in GBK behind a UTF-8 BOM (a spreadsheet's doing). */
	PUT("bomgbk.csv", "\xEF\xBB\xBFid,name\n1,\xd5\xc5\xc8\xfd\n2,\xc0\xee\xcb\xc4\n");
	g = read1("bomgbk.csv", NULL);
	is_str(g.recs, "bomgbk.csv:2:1|张三\nbomgbk.csv:3:2|李四\n", "auto: BOM + GBK text: read as GB18030");
	is_str(g.err, "PROG: bomgbk.csv: note: a UTF-8 byte order mark before GB18030 (GBK) text; "
		      "read as GB18030\n", "auto: … with a note");
	is_int(g.status, CRM_OK, "auto: … status 0 (a note, not an error)");
	got_release(&g);
	PUT("bomutf.csv", "\xEF\xBB\xBFid,name\n1,张三\n");
	g = read1("bomutf.csv", NULL);
	is_str(g.recs, "bomutf.csv:2:1|张三\n", "auto: BOM + UTF-8: UTF-8");
	is_str(g.err, "", "auto: … no note");
	got_release(&g);
	/* Isolated bytes in GBK-looking text that is not valid GB18030 either: UTF-8 with errors. */
	PUT("neither.csv", "id,name\n1,\x80\x80\x80\n");
	g = read1("neither.csv", NULL);
	is_str(g.err, "PROG: neither.csv:2: name: byte sequence 0x80 0x80 0x80 is not valid UTF-8 "
		      "(for a GBK file give --encoding gb18030)\n", "auto: bytes valid in neither: UTF-8 errors");
	got_release(&g);

	o.enc = CRM_ENC_GBK;
	/* A four-byte GB18030 sequence (U+0080) is not GBK. */
	PUT("gb4.csv", "id,name\n1,\x81\x30\x81\x30\n");
	char *gb4[] = { "gb4.csv" };
	g = read_all(gb4, 1, &o, NULL);
	is_int(g.status, CRM_ERROR, "gbk forced: a four-byte GB18030 sequence is an error");
	got_release(&g);
	o.enc = CRM_ENC_GB18030;
	g = read_all(gb4, 1, &o, NULL);
	is_str(g.recs, "gb4.csv:2:1|\xc2\x80\n", "gb18030 forced: a four-byte sequence decoded");
	got_release(&g);
}

/* GBK and UTF-8 text across 64 KiB reads, and GBK that starts after an ASCII first chunk. */
static void
test_encoding_chunks(void)
{
	char *gbk = NULL, *utf = NULL, *want = NULL;
	size_t glen = 0, ulen = 0, wlen = 0;
	FILE *g8 = open_memstream(&gbk, &glen), *u8 = open_memstream(&utf, &ulen),
	     *w = open_memstream(&want, &wlen);
	struct got g;
	int i;

	fputs("id,name\n", g8);
	fputs("id,name\n", u8);
	for (i = 0; i < 20000; i++) {
		/* Odd lengths, so that some two-byte pairs straddle a chunk boundary. */
		const char *pad = i % 2 ? "x" : "";
		if (i < 9000) {		/* ASCII only: more than a chunk before any Chinese */
			fprintf(g8, "%d,ascii%s\n", i, pad);
			fprintf(u8, "%d,ascii%s\n", i, pad);
			fprintf(w, "F:%d:%d|ascii%s\n", i + 2, i, pad);
		} else {
			fprintf(g8, "%d,%s\xd5\xc5\xc8\xfd\xc0\xee\xcb\xc4\n", i, pad);
			fprintf(u8, "%d,%s张三李四\n", i, pad);
			fprintf(w, "F:%d:%d|%s张三李四\n", i + 2, i, pad);
		}
	}
	fclose(g8);
	fclose(u8);
	fclose(w);
	put_file("gbkbig.csv", gbk, glen);
	put_file("utfbig.csv", utf, ulen);

	/* The dump names its file; compare without it. */
	char *p, *q;
	g = read1("gbkbig.csv", NULL);
	for (p = q = g.recs; p && *p; ) {
		if (!strncmp(p, "gbkbig.csv:", 11)) {
			*q++ = 'F';
			*q++ = ':';
			p += 11;
		}
		while (*p && (*q++ = *p++) != '\n')
			;
	}
	if (q)
		*q = '\0';
	ok(g.recs && !strcmp(g.recs, want), "gbk across chunks, after 100 KB of ASCII: decoded");
	is_int(g.status, CRM_OK, "gbk across chunks: status 0");
	got_release(&g);

	g = read1("utfbig.csv", NULL);
	for (p = q = g.recs; p && *p; ) {
		if (!strncmp(p, "utfbig.csv:", 11)) {
			*q++ = 'F';
			*q++ = ':';
			p += 11;
		}
		while (*p && (*q++ = *p++) != '\n')
			;
	}
	if (q)
		*q = '\0';
	ok(g.recs && !strcmp(g.recs, want), "utf-8 across chunks: kept");
	is_int(g.status, CRM_OK, "utf-8 across chunks: status 0");
	got_release(&g);

	free(gbk);
	free(utf);
	free(want);

	/*
	 * GBK whose first non-ASCII bytes end the first 64 KiB read and happen
	 * to be valid UTF-8 there: 模 C4 A3 is UTF-8 'ģ', 濂 E5 A5 a cut
	 * three-byte sequence.  Four bytes are too few to decide on.
	 */
	char *sniff = xmalloc(1 << 17);
	size_t n = 0, row = 0;
	n += (size_t)sprintf(sniff, "id,name\n");
	while (n < 65536 - 4 - 40)
		n += (size_t)sprintf(sniff + n, "%zu,ascii\n", row++);
	n += (size_t)sprintf(sniff + n, "%zu,", row);
	while (n < 65536 - 4)
		sniff[n++] = 'x';
	n += (size_t)sprintf(sniff + n, "\xc4\xa3\xe5\xa5\n%zu,\xd5\xc5\xc8\xfd\n", row + 1);
	put_file("sniff.csv", sniff, n);
	free(sniff);
	g = read1("sniff.csv", NULL);
	is_int(g.status, CRM_OK, "auto: GBK that looks like UTF-8 for its first few bytes is still GBK");
	ok(g.recs && strstr(g.recs, "x模濂\n") && strstr(g.recs, "|张三\n"), "auto: … and decoded");
	got_release(&g);
}

/* --- values as people type them ------------------------------------------ */

static void
test_trim_on_read(void)
{
	struct got g;

	/*
	 * Known columns of the type are trimmed of ASCII and full-width spaces;
	 * free text (address) and unknown columns are kept as written.
	 */
	PUT("pad.csv", "id,name,category,address,registered,extra\n"
		       " C1 ,\xe3\x80\x80李娜 ,\t重点客户 ,  No. 5 Road , 2026.10.13 , x \n"
		       "C2,\"  张三  \",key,,1926-08-17,\n");
	g = read1("pad.csv", &crm_type_customer);
	is_str(g.recs, "pad.csv:2:C1|李娜|重点客户|  No. 5 Road |2026.10.13| x \n"
		       "pad.csv:3:C2|张三|key||1926-08-17|\n",
	       "trim: ids, names, enums, dates trimmed on read (quoted too); free text and unknown columns kept");
	ok(g.recs && !strstr(g.recs, "2026.10.13 "), "trim: the date's trailing space is gone");
	is_str(g.err, "", "trim: nothing on stderr");
	got_release(&g);

	/* Without a type nothing is trimmed on read (the getters trim). */
	g = read1("pad.csv", NULL);
	ok(g.recs && !strncmp(g.recs, "pad.csv:2: C1 |", 15), "trim: no type, values as written");
	got_release(&g);

	/* Passed through, a trimmed value is written trimmed: the id is the id. */
	struct crm_opts o = opts();
	g = pass1("pad.csv", &o, &crm_type_customer);
	ok(g.out && strstr(g.out, "\nC1,李娜,key,  No. 5 Road ,2026-10-13, x \n") != NULL,
	   "trim: written back trimmed, date ISO, free text as it was");
	got_release(&g);
}

static void
test_format_per_file(void)
{
	struct got g;
	struct crm_opts o = opts();

	/* --ijson given for standard input does not make a CSV settings file JSON. */
	PUT("pos.csv", "id,name\nC1,A\n");
	PUT("pos.jsonl", "\n  {\"id\":\"C2\",\"name\":\"B\"}\n");
	PUT("pos-empty.jsonl", "");
	o.in = CRM_FMT_JSON;
	char *f1[] = { "pos.csv" };
	g = read_all(f1, 1, &o, NULL);
	is_str(g.recs, "pos.csv:2:C1|A\n", "format: a CSV file is CSV under --ijson");
	is_int(g.status, CRM_OK, "format: … status 0");
	got_release(&g);
	o.in = CRM_FMT_CSV;
	char *f2[] = { "pos.csv", "pos.jsonl" };
	g = read_all(f2, 2, &o, NULL);
	is_str(g.recs, "pos.csv:2:C1|A\npos.jsonl:2:C2|B\n",
	       "format: each file its own: CSV then JSON Lines (after a blank line) in one input");
	got_release(&g);
	char *f3[] = { "pos-empty.jsonl" };
	g = read_all(f3, 1, &o, NULL);
	is_str(g.recs, "", "format: an empty file has no records in either format");
	is_int(g.status, CRM_OK, "format: … status 0");
	got_release(&g);
}

/* --- JSON Lines input ----------------------------------------------------- */

static void
test_json_input(void)
{
	struct got g;
	struct crm_opts o = opts();
	char *j1[] = { "j1.jsonl" };

	o.in = CRM_FMT_JSON;
	PUT("j1.jsonl",
	    "{\"id\":\"E1\",\"amount\":1234.50,\"n\":7,\"s\":\"7\",\"r\":0.1,\"big\":100.00,"
	    "\"e\":1e3,\"t\":true,\"f\":false,\"z\":null,\"obj\":{\"a\":[1,\"x\"]},\"arr\":[1, 2],"
	    "\"neg\":-2500.5,\"tiny\":1.5e-7,\"u\":\"\\u5f20\\n\"}\n"
	    "\n"
	    "   \t\n"
	    "{\"amount\":\"80\",\"id\":\"E2\"}\r\n"
	    "{\"id\":\"E3\",\"nope\":1}\n"
	    "{\"id\":\"E4\"}");
	g = read_all(j1, 1, &o, NULL);
	is_str(g.cols, "id,amount,n,s,r,big,e,t,f,z,obj,arr,neg,tiny,u",
	       "json: the first object's keys, in order, are the columns");
	is_str(g.recs,
	       "j1.jsonl:1:E1|1234.5|7|7|0.1|100|1000|true|false||{\"a\":[1,\"x\"]}|[1,2]|-2500.5|0.00000015|张\n\n"
	       "j1.jsonl:4:E2|80|||||||||||||\n"
	       "j1.jsonl:6:E4||||||||||||||\n",
	       "json: numbers as written (no exponent), strings, true/false, null empty, nested dumped; "
	       "blank lines skipped and counted; CRLF; no final newline");
	is_str(g.err, "PROG: j1.jsonl:5: key 'nope' first appears here, after the CSV header was written; "
		      "write JSON Lines (--ojson) to keep it\n",
	       "json: an unknown key not in the first object, CSV output: an error naming the line");
	is_int(g.status, CRM_ERROR, "json: that record is status 2");
	got_release(&g);

	PUT("j2.jsonl", "{\"a\":\"1\"}\n{\"a\":\"2\",\"a\":\"3\"}\n{\"a\":\"4\"}\n");
	PUT("j3.jsonl", "{\"a\":\"5\"}\n{\"a\":}\n{\"a\":\"6\"}\n");
	PUT("j4.jsonl", "{\"a\":\"7\"}\n[1]\n{\"a\":\"8\"}\n");
	PUT("j5.jsonl", "{\"a\":\"9\"}\n");
	char *files[] = { "j2.jsonl", "j3.jsonl", "j4.jsonl", "j5.jsonl" };
	g = read_all(files, 4, &o, NULL);
	is_str(g.recs, "j2.jsonl:1:1\nj3.jsonl:1:5\nj4.jsonl:1:7\nj5.jsonl:1:9\n",
	       "json: a syntax error stops its file; rows before it delivered, next file read");
	ok(strstr(g.err, "PROG: j2.jsonl:2: JSON syntax: duplicate object key") != NULL,
	   "json: duplicate keys rejected");
	ok(strstr(g.err, "PROG: j3.jsonl:2: JSON syntax: ") != NULL, "json: syntax error, line");
	ok(strstr(g.err, "PROG: j4.jsonl:2: expected a JSON object\n") != NULL,
	   "json: not an object");
	is_int(g.status, CRM_ERROR, "json: syntax errors are status 2");
	got_release(&g);

	PUT("jzh.jsonl", "\xEF\xBB\xBF{\"客户名称\":\"张三\",\"客户类别\":\"重点客户\",\"Phone\":13812345678}\n");
	char *jzh[] = { "jzh.jsonl" };
	g = read_all(jzh, 1, &o, &crm_type_customer);
	is_str(g.cols, "name,category,phone", "json: keys mapped through the type's aliases; BOM skipped");
	is_str(g.recs, "jzh.jsonl:1:张三|重点客户|13812345678\n", "json: a phone given as a number");
	got_release(&g);

	/*
	 * Records with different keys: missing is empty; a known column first
	 * seen later is read (a column of the type asked for with
	 * crm_input_col is a column from then on; the passthrough asks for all).
	 */
	PUT("jlate.jsonl", "{\"id\":\"C1\",\"name\":\"A\"}\n"
			   "{\"name\":\"B\",\"id\":\"C2\",\"registered\":\"2026-10-13\"}\n"
			   "{\"id\":\"C3\",\"备案日期\":\" 2026/10/14 \",\"Name\":\"C\"}\n"
			   "{\"id\":\"C4\",\"extra\":\"x\"}\n"
			   "{\"id\":\"C5\"}\n");
	char *jl[] = { "jlate.jsonl" };
	struct crm_opts ojo = opts();
	ojo.in = CRM_FMT_JSON;
	ojo.out = CRM_FMT_CSV;
	g = pass(jl, 1, &ojo, &crm_type_customer);
	is_str(g.out, "id,name,category,nature,supervisor,address,contact,phone,department,owner,co_owners,"
		      "important,first_contact,registered,status\n"
		      "C1,A,,,,,,,,,,,,,\n"
		      "C2,B,,,,,,,,,,,,2026-10-13,\n"
		      "C3,C,,,,,,,,,,,,2026-10-14,\n"
		      "C5,,,,,,,,,,,,,,\n",
	       "json later keys, CSV out: a known column first seen later read (by alias too); "
	       "missing keys empty; the record with an unknown later key left out");
	is_str(g.err, "PROG: jlate.jsonl:4: key 'extra' first appears here, after the CSV header was "
		      "written; write JSON Lines (--ojson) to keep it\n",
	       "json later keys, CSV out: the unknown key is an error naming its line");
	is_int(g.status, CRM_ERROR, "json later keys, CSV out: status 2");
	got_release(&g);
	ojo.out = CRM_FMT_JSON;
	g = pass(jl, 1, &ojo, NULL);
	is_str(g.out, "{\"id\":\"C1\",\"name\":\"A\"}\n"
		      "{\"id\":\"C2\",\"name\":\"B\",\"registered\":\"2026-10-13\"}\n"
		      "{\"id\":\"C3\",\"name\":\"\",\"registered\":\"\",\"备案日期\":\" 2026/10/14 \",\"Name\":\"C\"}\n"
		      "{\"id\":\"C4\",\"name\":\"\",\"registered\":\"\",\"备案日期\":\"\",\"Name\":\"\",\"extra\":\"x\"}\n"
		      "{\"id\":\"C5\",\"name\":\"\",\"registered\":\"\",\"备案日期\":\"\",\"Name\":\"\",\"extra\":\"\"}\n",
	       "json later keys, JSON out, no type: every key kept from the record it first appears in");
	is_str(g.err, "", "json later keys, JSON out: no error");
	is_int(g.status, CRM_OK, "json later keys, JSON out: status 0");
	got_release(&g);

	/* Lines across 64 KiB reads: parsed in place or assembled, the same records and lines. */
	{
		char *big = NULL, *want = NULL;
		size_t blen = 0, wlen = 0;
		FILE *m = open_memstream(&big, &blen), *w = open_memstream(&want, &wlen);
		for (int i = 1; i <= 5000; i++) {
			fprintf(m, "{\"id\":\"%d\",\"name\":\"张三%.*s\"}\n", i, i % 7, "xxxxxxx");
			fprintf(w, "jbig.jsonl:%d:%d|张三%.*s\n", i, i, i % 7, "xxxxxxx");
		}
		fclose(m);
		fclose(w);
		put_file("jbig.jsonl", big, blen);
		char *jb[] = { "jbig.jsonl" };
		g = read_all(jb, 1, &o, NULL);
		ok(g.recs && !strcmp(g.recs, want), "json: 5,000 lines across chunk boundaries, lines counted");
		is_str(g.err, "", "json: … nothing on stderr");
		got_release(&g);
		free(big);
		free(want);
	}

	PUT("jempty.jsonl", "");
	char *je[] = { "jempty.jsonl" };
	g = read_all(je, 1, &o, NULL);
	is_str(g.recs, "", "json: empty file, no records");
	is_int(g.status, CRM_OK, "json: empty file, status 0");
	got_release(&g);

	PUT("jnul.jsonl", "{\"a\":\"x\\u0000y\"}\n");
	char *jn[] = { "jnul.jsonl" };
	g = read_all(jn, 1, &o, NULL);
	is_int(g.status, CRM_ERROR, "json: \\u0000 in a string is an error, not a cut field");
	got_release(&g);
}

/* --- output ------------------------------------------------------------- */

static void
test_passthrough(void)
{
	struct got g;
	struct crm_opts o = opts();
	char *files[] = { "pt.csv" };
	static const struct crm_col added[] = {
		{ "verdict", NULL, CRM_STR, NULL },
		{ "score", "得分", CRM_MONEY, NULL },
	};
	const char *vals[] = { "ok", "7" };

	PUT("pt.csv", "note,Name,id,extra,客户类别\nn,x,C1,e,重点客户\n");
	g = pass(files, 1, &o, &crm_type_customer);
	is_str(g.out, "id,name,category,note,extra\nC1,x,key,n,e\n",
	       "passthrough: known columns in canonical order, then unknown ones in theirs");
	got_release(&g);

	g = pass_added(files, 1, &o, &crm_type_customer, added, 2, vals);
	is_str(g.out, "id,name,category,verdict,score,note,extra\nC1,x,key,ok,7.00,n,e\n",
	       "passthrough: added columns between the known and the unknown");
	got_release(&g);

	o.zh = 1;
	g = pass_added(files, 1, &o, &crm_type_customer, added, 2, vals);
	is_str(g.out, "客户编号,客户名称,客户类别,verdict,得分,note,extra\nC1,x,重点客户,ok,7.00,n,e\n",
	       "passthrough --zh: Chinese names where known");
	got_release(&g);
	o.zh = 0;

	PUT("pt2.csv", "id,verdict,name,category\n1,old,a,general\n");
	char *pt2[] = { "pt2.csv" };
	const char *nv[] = { "new", NULL };
	g = pass_added(pt2, 1, &o, &crm_type_customer, added, 2, nv);
	is_str(g.out, "id,name,category,verdict,score\n1,a,general,new,\n",
	       "passthrough: an added column replaces an input column of its name; NULL is empty");
	got_release(&g);

	static const struct crm_col recat[] = { { "category", "客户类别", CRM_ENUM, crm_categories } };
	const char *kv[] = { "潜在客户" };
	g = pass_added(pt2, 1, &o, &crm_type_customer, recat, 1, kv);
	is_str(g.out, "id,name,category,verdict\n1,a,potential,old\n",
	       "passthrough: an added column replaces a known input column");
	got_release(&g);

	g = pass(files, 1, &o, NULL);
	is_str(g.out, "note,Name,id,extra,客户类别\nn,x,C1,e,重点客户\n",
	       "passthrough without a type: everything as it came");
	got_release(&g);
}

static void
test_csv_output(void)
{
	struct got g;
	struct crm_opts o = opts();
	char *files[] = { "cust.csv" };

	PUT("cust.csv", "id,name,category,phone,important,first_contact,status\n"
			"C1,张三,重点客户,+86 138-1234-5678,是,2026/3/5,正常\n"
			"C2,李四,general,(010)62345678,no,2026年4月10日,closed\n"
			"C3,王五,vip,12,maybe,soon,\n");
	g = pass(files, 1, &o, &crm_type_customer);
	is_str(g.out, "id,name,category,phone,important,first_contact,status\n"
		      "C1,张三,key,13812345678,yes,2026-03-05,active\n"
		      "C2,李四,general,010-62345678,no,2026-04-10,closed\n"
		      "C3,王五,vip,12,maybe,soon,\n",
	       "csv out: categories canonical, phones and dates normalised, bad values kept");
	got_release(&g);

	o.zh = 1;
	g = pass(files, 1, &o, &crm_type_customer);
	is_str(g.out, "客户编号,客户名称,客户类别,联系电话,重要客户,首次接触日期,状态\n"
		      "C1,张三,重点客户,13812345678,是,2026-03-05,正常\n"
		      "C2,李四,一般客户,010-62345678,否,2026-04-10,已关闭\n"
		      "C3,王五,vip,12,maybe,soon,\n",
	       "csv out --zh: Chinese headers and category values");
	got_release(&g);
	o.zh = 0;

	o.bom = 1;
	g = pass(files, 1, &o, &crm_type_customer);
	ok(g.out && !strncmp(g.out, "\xEF\xBB\xBFid,name,", 11), "csv out --bom: starts with a BOM");
	got_release(&g);
	o.out = CRM_FMT_JSON;
	g = pass(files, 1, &o, &crm_type_customer);
	ok(g.out && !strncmp(g.out, "{\"id\":", 6), "json out --bom: no BOM in JSON Lines");
	got_release(&g);
	o.bom = 0;
	o.out = CRM_FMT_CSV;

	/* Direct use of the writer, with lengths and without. */
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct crm_writer *w = crm_writer_new(m, &o);
	crm_writer_col(w, "a,b", NULL);
	crm_writer_col(w, "c", NULL);
	const char *row1[] = { "x\"y", "abcdef" };
	const size_t lens1[] = { 3, 3 };
	const char *row2[] = { "cr\rhere", "" };
	crm_writer_row(w, row1, lens1);
	crm_writer_row(w, row2, NULL);
	crm_writer_close(w);
	fclose(m);
	is_str(buf, "\"a,b\",c\n\"x\"\"y\",abc\n\"cr\rhere\",\n",
	       "writer: header quoted when needed, lengths respected, CR quoted");
	free(buf);

	m = open_memstream(&buf, &len);
	w = crm_writer_new(m, &o);
	crm_writer_close(w);
	fclose(m);
	is_str(buf, "", "writer: no columns, no rows, no output");
	free(buf);
}

static void
test_json_output(void)
{
	struct got g;
	struct crm_opts o = opts();
	char *files[] = { "exp.csv" };

	o.out = CRM_FMT_JSON;
	PUT("exp.csv", "id,staff,amount,date,kind,note,customer_id\n"
		       "E1,s1,\"1,234.5\",2026/1/5,礼品,\"a\"\"b\\c\x01\nd\te\x7f/\",007\n"
		       "E2,s2,,2026-01-06,travel,12,\n"
		       "E3,s3,abc,bad,x,-1,1e3\n"
		       "E4,s4,-0.3,,,,\n");
	g = pass(files, 1, &o, &crm_type_expense);
	is_str(g.out,
	       "{\"id\":\"E1\",\"staff\":\"s1\",\"customer_id\":\"007\",\"kind\":\"gift\",\"amount\":1234.50,"
	       "\"date\":\"2026-01-05\",\"note\":\"a\\\"b\\\\c\\u0001\\nd\\te\x7f/\"}\n"
	       "{\"id\":\"E2\",\"staff\":\"s2\",\"customer_id\":\"\",\"kind\":\"travel\",\"amount\":null,"
	       "\"date\":\"2026-01-06\",\"note\":\"12\"}\n"
	       "{\"id\":\"E3\",\"staff\":\"s3\",\"customer_id\":\"1e3\",\"kind\":\"x\",\"amount\":\"abc\","
	       "\"date\":\"bad\",\"note\":\"-1\"}\n"
	       "{\"id\":\"E4\",\"staff\":\"s4\",\"customer_id\":\"\",\"kind\":\"\",\"amount\":-0.30,"
	       "\"date\":\"\",\"note\":\"\"}\n",
	       "json out: money bare with two decimals, empty → null, ids and unknown columns strings, "
	       "control characters escaped, a bad amount kept as a string");
	got_release(&g);

	o.zh = 1;
	g = pass(files, 1, &o, &crm_type_expense);
	const char *zh = "{\"单号\":\"E1\",\"报销人\":\"s1\",\"客户编号\":\"007\",\"费用类别\":\"礼品\","
			 "\"金额\":1234.50,\"日期\":\"2026-01-05\",\"note\":";
	ok(g.out && !strncmp(g.out, zh, strlen(zh)), "json out --zh: Chinese keys and values");
	got_release(&g);
	o.zh = 0;

	/* Numeric kinds are bare only when the text is a JSON number. */
	static const struct crm_col cols[] = {
		{ "lots", NULL, CRM_INT, NULL },
		{ "price", NULL, CRM_DECIMAL, NULL },
		{ "phone", NULL, CRM_PHONE, NULL },
		{ "n", NULL, CRM_STR, NULL },
	};
	static const char *rows[][4] = {
		{ "12", "6543.70", "13812345678", "5" },
		{ "007", "1e3", "+86 13812345678", "" },
		{ "-0", "-.5", "", "x" },
		{ "", "", "", "" },
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct crm_writer *w = crm_writer_new(m, &o);
	for (size_t i = 0; i < NELEM(cols); i++)
		crm_writer_col(w, cols[i].name, &cols[i]);
	for (size_t i = 0; i < NELEM(rows); i++)
		crm_writer_row(w, rows[i], NULL);
	crm_writer_close(w);
	fclose(m);
	is_str(buf,
	       "{\"lots\":12,\"price\":6543.70,\"phone\":\"13812345678\",\"n\":\"5\"}\n"
	       "{\"lots\":\"007\",\"price\":\"1e3\",\"phone\":\"13812345678\",\"n\":\"\"}\n"
	       "{\"lots\":-0,\"price\":\"-.5\",\"phone\":\"\",\"n\":\"x\"}\n"
	       "{\"lots\":null,\"price\":null,\"phone\":\"\",\"n\":\"\"}\n",
	       "json out: ints and decimals bare as written when valid JSON, else strings; phones strings");
	free(buf);

	/* CSV → JSON Lines → CSV gives the same text back. */
	PUT("rt.csv", "a,b,c\n\"x,1\",\"he said \"\"hi\"\"\",\"l1\nl2\r\nl3\"\n  sp  ,张三,\n");
	char *rt[] = { "rt.csv" };
	g = pass(rt, 1, &o, NULL);
	put_file("rt.jsonl", g.out, strlen(g.out));
	got_release(&g);
	char *rtj[] = { "rt.jsonl" };
	o.in = CRM_FMT_JSON;
	o.out = CRM_FMT_CSV;
	g = pass(rtj, 1, &o, NULL);
	is_str(g.out, "a,b,c\n\"x,1\",\"he said \"\"hi\"\"\",\"l1\nl2\r\nl3\"\n  sp  ,张三,\n",
	       "round trip CSV → JSON Lines → CSV");
	got_release(&g);
}

static void
test_table_output(void)
{
	struct got g;
	struct crm_opts o = opts();
	char *files[] = { "tb.csv" };

	o.out = CRM_FMT_TABLE;
	PUT("tb.csv", "id,staff,kind,amount\nE1,张三,travel,1234.5\nE22,Bob,礼品,80\nE3,李四四,other,-5\n");
	g = pass(files, 1, &o, &crm_type_expense);
	is_str(g.out, "id   staff   kind    amount\n"
		      "E1   张三    travel  1234.50\n"
		      "E22  Bob     gift      80.00\n"
		      "E3   李四四  other     -5.00\n",
	       "table: CJK two columns wide, money right-aligned");
	got_release(&g);

	o.zh = 1;
	g = pass(files, 1, &o, &crm_type_expense);
	is_str(g.out, "单号  报销人  费用类别  金额\n"
		      "E1    张三    差旅      1234.50\n"
		      "E22   Bob     礼品        80.00\n"
		      "E3    李四四  其他        -5.00\n",
	       "table --zh: Chinese headers measured two columns a character");
	got_release(&g);
	o.zh = 0;

	PUT("tb2.csv", "a,b\n\"x\ny\",\"t\tz\"\n");
	char *tb2[] = { "tb2.csv" };
	g = pass(tb2, 1, &o, NULL);
	is_str(g.out, "a    b\nx y  t z\n", "table: a line break or tab in a cell becomes a space");
	got_release(&g);
}

/*
 * The word-at-a-time scans (line breaks in a field on input, bytes that
 * need quoting on output) against a byte at every position of fields of
 * 1 to 40 bytes: each length takes a different path (bytes, two 4-byte
 * words, two 8-byte words, a loop of words), so every path and every
 * byte of each word is tried.
 */
static void
test_word_scans(void)
{
	static const char special[] = "\",\n\r";
	char field[48], want[128], *buf = NULL;
	size_t len = 0, n, k, i, badout = 0, badline = 0, badplain = 0;
	struct crm_opts o = opts();

	for (n = 1; n <= 40; n++) {
		for (k = 0; k < n; k++) {
			for (i = 0; i < 4; i++) {
				memset(field, 'a', n);
				field[k] = special[i];
				FILE *m = open_memstream(&buf, &len);
				struct crm_writer *w = crm_writer_new(m, &o);
				crm_writer_col(w, "f", NULL);
				crm_writer_col(w, "g", NULL);
				const char *row[] = { field, "z" };
				const size_t lens[] = { n, 1 };
				crm_writer_row(w, row, lens);
				crm_writer_close(w);
				fclose(m);
				/* "f,g\n" then the field quoted, a quote doubled. */
				size_t j = 0;
				j += (size_t)snprintf(want, sizeof want, "f,g\n\"");
				memcpy(want + j, field, k + 1);
				j += k + 1;
				if (field[k] == '"')
					want[j++] = '"';
				memcpy(want + j, field + k + 1, n - k - 1);
				j += n - k - 1;
				memcpy(want + j, "\",z\n", 4);
				j += 4;
				if (len != j || memcmp(buf, want, j))
					badout++;
				free(buf);
			}
			/* A line break at k: the next record starts one line further on. */
			memset(field, 'a', n);
			field[k] = '\n';
			char text[128];
			int t = snprintf(text, sizeof text, "id,note\n1,\"%.*s\"\n2,x\n", (int)n, field);
			put_file("words.csv", text, (size_t)t);
			struct got g = read1("words.csv", NULL);
			snprintf(want, sizeof want, "words.csv:2:1|%.*s\nwords.csv:4:2|x\n", (int)n, field);
			if (!g.recs || strcmp(g.recs, want))
				badline++;
			got_release(&g);
		}
		/* No special byte at all: written as it is. */
		memset(field, 'a', n);
		FILE *m = open_memstream(&buf, &len);
		struct crm_writer *w = crm_writer_new(m, &o);
		crm_writer_col(w, "f", NULL);
		const char *row[] = { field };
		const size_t lens[] = { n };
		crm_writer_row(w, row, lens);
		crm_writer_close(w);
		fclose(m);
		if (len != n + 3 || memcmp(buf + 2, field, n))
			badplain++;
		free(buf);
	}
	is_int((long)badout, 0, "words: a quote, comma, CR or LF at any byte of a 1-40 byte field is quoted");
	is_int((long)badline, 0, "words: a line break at any byte of a 1-40 byte field counts a line");
	is_int((long)badplain, 0, "words: a 1-40 byte field with nothing to quote is written as it is");
}

int
main(void)
{
	char dir[] = "/tmp/test_stream.XXXXXX";

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	unsetenv("CRM_TODAY");
	if (!mkdtemp(dir) || chdir(dir) != 0) {
		perror(dir);
		return 99;
	}
	test_csv_quoting();
	test_csv_bom_crlf();
	test_csv_lines();
	test_csv_chunks();
	test_aliases();
	test_multifile();
	test_bad_records();
	test_edges();
	test_encodings();
	test_encoding_chunks();
	test_json_input();
	test_trim_on_read();
	test_format_per_file();
	test_passthrough();
	test_csv_output();
	test_json_output();
	test_table_output();
	test_word_scans();
	ok(fields_terminated, "every field handed out is NUL-terminated at its length");

	for (size_t i = 0; i < nmade; i++) {
		unlink(made[i]);
		free(made[i]);
	}
	unlink("stderr.txt");
	if (chdir("/") == 0)
		rmdir(dir);
	return tap_done();
}
