/* map: string keys to values, open addressing with short keys inline. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "map.h"

#define NEAR 16

struct slot {
	uint64_t hash;
	char *key;		/* a key longer than NEAR, owned */
	uint32_t len1, val;	/* len1: the key's length + 1; 0: an empty slot */
	char near[NEAR];	/* a key of up to NEAR bytes */
};

struct crm_map {
	struct slot *slot;
	size_t mask, n;
};

uint64_t
crm_hash_mem(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (n--)
		h = (h ^ *s++) * 1099511628211ULL;
	return h ^ (h >> 29);	/* the low bits pick the slot: mix the high ones in */
}

uint64_t
crm_hash(const char *s)
{
	return crm_hash_mem(s, strlen(s));
}

struct crm_map *
crm_map_new(void)
{
	struct crm_map *m = xmalloc(sizeof *m);

	m->mask = 63;
	m->n = 0;
	m->slot = xcalloc(m->mask + 1, sizeof *m->slot);
	return m;
}

void
crm_map_free(struct crm_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i <= m->mask; i++)
		free(m->slot[i].key);
	free(m->slot);
	free(m);
}

size_t
crm_map_len(const struct crm_map *m)
{
	return m->n;
}

static int
same(const struct slot *s, const char *key, size_t len, uint64_t h)
{
	if (s->hash != h || s->len1 != len + 1)
		return 0;
	return !memcmp(len <= NEAR ? s->near : s->key, key, len);
}

static struct slot *
find(const struct crm_map *m, const char *key, size_t len, uint64_t h)
{
	size_t i = h & m->mask;

	while (m->slot[i].len1 && !same(&m->slot[i], key, len, h))
		i = (i + 1) & m->mask;
	return &m->slot[i];
}

size_t
crm_map_get(const struct crm_map *m, const char *key, size_t len)
{
	const struct slot *s = find(m, key, len, crm_hash_mem(key, len));

	return s->len1 ? s->val : CRM_MAP_NONE;
}

static void
grow(struct crm_map *m)
{
	struct slot *old = m->slot;
	size_t n = m->mask + 1;

	m->mask = 2 * n - 1;
	m->slot = xcalloc(2 * n, sizeof *m->slot);
	for (size_t i = 0; i < n; i++)
		if (old[i].len1)
			*find(m, old[i].len1 - 1 <= NEAR ? old[i].near : old[i].key, old[i].len1 - 1,
			      old[i].hash) = old[i];
	free(old);
}

size_t
crm_map_put(struct crm_map *m, const char *key, size_t len, size_t val)
{
	uint64_t h = crm_hash_mem(key, len);
	struct slot *s = find(m, key, len, h);

	if (s->len1)
		return s->val;
	if (len >= UINT32_MAX || val >= UINT32_MAX)
		crm_die("too many records to hold in memory");
	if (2 * (m->n + 1) > m->mask + 1) {
		grow(m);
		s = find(m, key, len, h);
	}
	memset(s, 0, sizeof *s);
	s->hash = h;
	s->len1 = (uint32_t)len + 1;
	s->val = (uint32_t)val;
	if (len <= NEAR)
		memcpy(s->near, key, len);
	else
		s->key = xstrndup(key, len);
	m->n++;
	return val;
}
