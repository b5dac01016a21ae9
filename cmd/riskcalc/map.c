/*
 * riskcalc: string keys to indexes, on lib/map (margin looks one up per
 * position), and the composite keys riskcalc builds.
 */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

void
map_init(struct map *m)
{
	m->m = crm_map_new();
	m->n = 0;
}

void
map_release(struct map *m)
{
	crm_map_free(m->m);
	m->m = NULL;
}

size_t
map_get(const struct map *m, const char *key, size_t len)
{
	return crm_map_get(m->m, key, len);
}

size_t
map_put(struct map *m, const char *key, size_t len, size_t val)
{
	size_t v = crm_map_put(m->m, key, len, val);

	m->n = crm_map_len(m->m);
	return v;
}

size_t
map_key(char **buf, size_t *cap, const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = c ? strlen(c) : 0;
	size_t n = la + 1 + lb + (c ? 1 + lc : 0);

	crm_grow(buf, cap, n + 1, 1);
	memcpy(*buf, a, la);
	(*buf)[la] = '\x1f';
	memcpy(*buf + la + 1, b, lb);
	if (c) {
		(*buf)[la + 1 + lb] = '\x1f';
		memcpy(*buf + la + 2 + lb, c, lc);
	}
	(*buf)[n] = '\0';
	return n;
}
