/* staff: the archive's staff members, looked up once for every program. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "field.h"
#include "staff.h"

#define STAFF_SQL "SELECT id, name, department, role, coalesce(left_on, '') FROM staff"

struct crm_stmt *
crm_staff_stmt(struct crm_archive *ar)
{
	return crm_archive_prepare(ar, STAFF_SQL " WHERE id = ?1");
}

/* *s from the current row of st, a STAFF_SQL query. */
static void
staff_row(struct crm_stmt *st, struct crm_staff *s)
{
	s->id = xstrdup(crm_archive_text(st, 0));
	s->name = xstrdup(crm_archive_text(st, 1));
	s->department = xstrdup(crm_archive_text(st, 2));
	s->role = xstrdup(crm_archive_text(st, 3));
	s->left_on = xstrdup(crm_archive_text(st, 4));
}

int
crm_staff_get(struct crm_archive *ar, struct crm_stmt *st, const char *id, struct crm_staff *s)
{
	int found;

	crm_archive_reset(st);
	crm_archive_bind(st, 1, id, 0);
	if ((found = crm_archive_step(ar, st) == CRM_ROW))
		staff_row(st, s);
	return found;
}

int
crm_staff_lookup(struct crm_archive *ar, const char *id, struct crm_staff *s)
{
	struct crm_stmt *st = crm_staff_stmt(ar);
	int found = crm_staff_get(ar, st, id, s);

	crm_archive_finalize(st);
	return found;
}

void
crm_staff_release(struct crm_staff *s)
{
	free(s->id);
	free(s->name);
	free(s->department);
	free(s->role);
	free(s->left_on);
	memset(s, 0, sizeof *s);
}

void
crm_staff_add(struct crm_staff_list *l, const char *const v[5])
{
	struct crm_staff *s;

	crm_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v);
	s = &l->v[l->n++];
	s->id = xstrdup(v[0]);
	s->name = xstrdup(v[1]);
	s->department = xstrdup(v[2]);
	s->role = xstrdup(v[3]);
	s->left_on = xstrdup(v[4]);
}

void
crm_staff_load(struct crm_archive *ar, struct crm_staff_list *l)
{
	struct crm_stmt *st = crm_archive_prepare(ar, STAFF_SQL " ORDER BY id");

	while (crm_archive_step(ar, st) == CRM_ROW) {
		crm_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v);
		staff_row(st, &l->v[l->n++]);
	}
	crm_archive_finalize(st);
}

const struct crm_staff *
crm_staff_find(const struct crm_staff_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].id, id))
			return &l->v[i];
	return NULL;
}

void
crm_staff_list_release(struct crm_staff_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		crm_staff_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

char **
crm_ids_split(const char *list, size_t *n)
{
	char **ids = NULL;
	size_t cap = 0;

	*n = 0;
	while (*list) {
		size_t len = strcspn(list, ";,"), tlen = len;
		const char *t = crm_trim(list, &tlen);
		if (tlen) {
			crm_grow(&ids, &cap, *n + 1, sizeof *ids);
			ids[(*n)++] = xstrndup(t, tlen);
		}
		list += len + (list[len] != '\0');
	}
	return ids;
}

void
crm_ids_free(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* CM-10: two or more staff stay in contact with a key or important customer; this counts them. */
size_t
crm_staff_in_contact(const char *owner, const char *co_owners)
{
	size_t n, k, j, count, olen = strlen(owner);
	char **ids = crm_ids_split(co_owners, &n);
	const char *o = crm_trim(owner, &olen);

	count = olen > 0;
	for (k = 0; k < n; k++) {
		int seen = strlen(ids[k]) == olen && !memcmp(ids[k], o, olen);
		for (j = 0; j < k && !seen; j++)
			seen = !strcmp(ids[j], ids[k]);
		count += !seen;
	}
	crm_ids_free(ids, n);
	return count;
}
