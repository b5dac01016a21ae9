/* table: a record file held in memory, with a sorted index per looked-up column. */
#include <stdlib.h>
#include <string.h>

#include "table.h"

struct crm_table {
	struct crm_input *in;		/* kept for the column names */
	struct crm_rec **rec;
	size_t n, cap, ncols;
	const struct crm_rec ***index;	/* per column, sorted by its value; NULL until used */
};

/* One allocation per record: the struct, its field pointers and lengths, the text. */
static struct crm_rec *
rec_copy(const struct crm_rec *r)
{
	size_t i, text = 0;

	for (i = 0; i < r->nf; i++)
		text += r->len[i] + 1;
	size_t head = sizeof(struct crm_rec) + r->nf * (sizeof(char *) + sizeof(size_t));
	char *mem = xmalloc(head + text + strlen(r->pos.file) + 1);
	struct crm_rec *c = (struct crm_rec *)mem;
	char **f = (char **)(c + 1);
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
	return c;
}

struct crm_table *
crm_table_load(const char *path, const struct crm_opts *o, const struct crm_type *type,
	       int *status)
{
	char *files[] = { (char *)path };

	return crm_table_read(crm_input_open(files, 1, o, type), status);
}

struct crm_table *
crm_table_read(struct crm_input *in, int *status)
{
	struct crm_table *t = xcalloc(1, sizeof *t);
	const struct crm_rec *r;

	t->in = in;
	t->ncols = crm_input_ncols(t->in);
	while (crm_input_next(t->in, &r)) {
		crm_grow(&t->rec, &t->cap, t->n + 1, sizeof *t->rec);
		t->rec[t->n++] = rec_copy(r);
	}
	*status = crm_worst(*status, crm_input_status(t->in));
	t->index = xcalloc(t->ncols + 1, sizeof *t->index);
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
	for (i = 0; i < t->ncols; i++)
		free(t->index[i]);
	free(t->index);
	free(t->rec);
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

	/* Ties keep file order, so the first record of a key comes first. */
	return d ? d : (a < b ? -1 : a > b);
}

static int
cmp_rec(const void *a, const void *b, void *col)
{
	return cmp_by(*(const struct crm_rec *const *)a, *(const struct crm_rec *const *)b,
		      *(int *)col);
}

const struct crm_rec *const *
crm_table_sorted(struct crm_table *t, int col)
{
	const struct crm_rec **ix;

	if (col < 0 || (size_t)col >= t->ncols)
		return NULL;
	if (!(ix = t->index[col])) {
		ix = t->index[col] = xcalloc(t->n + 1, sizeof *ix);
		memcpy(ix, t->rec, t->n * sizeof *ix);
		qsort_r(ix, t->n, sizeof *ix, cmp_rec, &col);
	}
	return ix;
}

const struct crm_rec *const *
crm_table_find(struct crm_table *t, int col, const char *key, size_t *n)
{
	const struct crm_rec *const *ix;
	size_t lo, hi, mid, first;

	*n = 0;
	if (!t->n || !(ix = crm_table_sorted(t, col)))
		return NULL;
	for (lo = 0, hi = t->n; lo < hi;) {	/* the first record >= key */
		mid = lo + (hi - lo) / 2;
		if (strcmp(ix[mid]->f[col], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (first = lo; lo < t->n && !strcmp(ix[lo]->f[col], key); lo++)
		;
	*n = lo - first;
	return *n ? ix + first : NULL;
}
