/*
 * table: a record file held in memory.  A looked-up column gets a sorted
 * index (records with equal values side by side) and a map of its values
 * to their run in that index, so that a lookup costs one probe.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

/* A run of records with one value of a column: index[first, first + n). */
struct run {
	uint32_t first, n;
};

struct column {
	const struct crm_rec **index;	/* sorted by the column's value */
	struct run *run;
	struct crm_map *runs;		/* value → its run */
};

struct crm_table {
	struct crm_input *in;		/* kept for the column names */
	struct crm_rec **rec;
	size_t n, cap, ncols;
	struct column *col;		/* per column; index NULL until used */
	struct crm_opts *opts;		/* crm_table_load's options for the file, or NULL */
};

/* A record held: its place in the table first, so equal keys keep the input's order. */
struct held {
	struct crm_rec rec;
	size_t ord;
};

/* One allocation per record: the struct, its field pointers and lengths, the text. */
static struct crm_rec *
rec_copy(const struct crm_rec *r, size_t ord)
{
	size_t i, text = 0;

	for (i = 0; i < r->nf; i++)
		text += r->len[i] + 1;
	size_t head = sizeof(struct held) + r->nf * (sizeof(char *) + sizeof(size_t));
	char *mem = xmalloc(head + text + strlen(r->pos.file) + 1);
	struct held *h = (struct held *)mem;
	struct crm_rec *c = &h->rec;
	char **f = (char **)(h + 1);
	size_t *len = (size_t *)(f + r->nf);
	char *p = mem + head;

	for (i = 0; i < r->nf; i++) {
		memcpy(p, r->f[i], r->len[i] + 1);
		f[i] = p;
		len[i] = r->len[i];
		p += r->len[i] + 1;
	}
	memcpy(p, r->pos.file, strlen(r->pos.file) + 1);
	c->pos.file = p;
	c->pos.line = r->pos.line;
	c->nf = r->nf;
	c->f = f;
	c->len = len;
	c->names = r->names;
	c->zh = r->zh;
	h->ord = ord;
	return c;
}

enum crm_fmt
crm_file_format(const char *path, enum crm_fmt given)
{
	const char *dot = strrchr(path, '.');

	if (dot && (!strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson") || !strcmp(dot, ".json")))
		return CRM_FMT_JSON;
	if (dot && !strcmp(dot, ".csv"))
		return CRM_FMT_CSV;
	return given;
}

struct crm_table *
crm_table_load(const char *path, const struct crm_opts *o, const struct crm_type *type,
	       int *status)
{
	char *files[] = { (char *)path };
	struct crm_table *t;
	struct crm_opts *side = xmalloc(sizeof *side);

	*side = *o;
	side->in = crm_file_format(path, o->in);
	t = crm_table_read(crm_input_open(files, 1, side, type), status);
	t->opts = side;
	return t;
}

struct crm_table *
crm_settings_load(const char *path, const struct crm_opts *o, const struct crm_type *type,
		  const char *what)
{
	int status = CRM_OK;
	struct crm_table *t = crm_table_load(path, o, type, &status);

	if (status != CRM_OK || crm_table_len(t) == 0) {
		crm_table_free(t);	/* freed before the exit: no leak for the sanitizer */
		if (status != CRM_OK)
			crm_die("%s: bad %s file; nothing was done", path, what);
		crm_die("%s: %s file has no rows; nothing was done", path, what);
	}
	return t;
}

struct crm_table *
crm_table_read(struct crm_input *in, int *status)
{
	struct crm_table *t = xcalloc(1, sizeof *t);
	const struct crm_rec *r;

	t->in = in;
	t->ncols = crm_input_ncols(t->in);
	while (crm_input_next(t->in, &r)) {
		if (t->n == UINT32_MAX)
			crm_die("%s: too many records to hold in memory", r->pos.file);
		crm_grow(&t->rec, &t->cap, t->n + 1, sizeof *t->rec);
		t->rec[t->n] = rec_copy(r, t->n);
		t->n++;
	}
	*status = crm_worst(*status, crm_input_status(t->in));
	t->col = xcalloc(t->ncols + 1, sizeof *t->col);
	return t;
}

void
crm_table_free(struct crm_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->rec[i]);
	for (i = 0; i < t->ncols; i++) {
		free(t->col[i].index);
		free(t->col[i].run);
		crm_map_free(t->col[i].runs);
	}
	free(t->col);
	free(t->rec);
	free(t->opts);
	crm_input_free(t->in);
	free(t);
}

size_t
crm_table_len(const struct crm_table *t)
{
	return t->n;
}

const struct crm_rec *
crm_table_rec(const struct crm_table *t, size_t i)
{
	return i < t->n ? t->rec[i] : NULL;
}

int
crm_table_col(const struct crm_table *t, const char *name)
{
	return crm_input_col(t->in, name);
}

static int
cmp_by(const struct crm_rec *a, const struct crm_rec *b, int col)
{
	int d = strcmp(a->f[col], b->f[col]);

	size_t x = ((const struct held *)a)->ord, y = ((const struct held *)b)->ord;

	/* Ties keep the input's order, so a key's first record comes first. */
	return d ? d : (x > y) - (x < y);
}

static int
cmp_rec(const void *a, const void *b, void *col)
{
	return cmp_by(*(const struct crm_rec *const *)a, *(const struct crm_rec *const *)b,
		      *(int *)col);
}

/* Sort an index of column col and map each run of equal values. */
static struct column *
column(struct crm_table *t, int col)
{
	struct column *c;
	size_t i, j, nrun = 0;

	if (col < 0 || (size_t)col >= t->ncols)
		return NULL;
	c = &t->col[col];
	if (c->index)
		return c;
	c->index = xcalloc(t->n + 1, sizeof *c->index);
	if (t->n)
		memcpy(c->index, t->rec, t->n * sizeof *c->index);
	qsort_r(c->index, t->n, sizeof *c->index, cmp_rec, &col);
	c->run = xcalloc(t->n + 1, sizeof *c->run);
	c->runs = crm_map_new();
	for (i = 0; i < t->n; i = j) {
		const struct crm_rec *r = c->index[i];
		for (j = i + 1; j < t->n && !strcmp(c->index[j]->f[col], r->f[col]); j++)
			;
		c->run[nrun] = (struct run){ (uint32_t)i, (uint32_t)(j - i) };
		crm_map_put(c->runs, r->f[col], r->len[col], nrun++);
	}
	return c;
}

const struct crm_rec *const *
crm_table_sorted(struct crm_table *t, int col)
{
	struct column *c = column(t, col);

	return c ? c->index : NULL;
}

const struct crm_rec *const *
crm_table_find(struct crm_table *t, int col, const char *key, size_t *n)
{
	struct column *c = column(t, col);
	size_t k;

	*n = 0;
	if (!c || (k = crm_map_get(c->runs, key, strlen(key))) == CRM_MAP_NONE)
		return NULL;
	*n = c->run[k].n;
	return c->index + c->run[k].first;
}
