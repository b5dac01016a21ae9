/*
 * riskcalc: a hash map from string keys to indexes, open addressing.  A
 * key of up to 16 bytes is kept in its slot, so that a lookup of a short
 * account id reads no other memory (margin looks one up per position).
 */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

#define NEAR 16

struct map_slot {
	uint64_t hash;
	char *key;		/* a key longer than NEAR, owned */
	uint32_t len1, val;	/* len1: the key's length + 1; 0: empty */
	char near[NEAR];	/* a key of up to NEAR bytes */
};

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h ^ (h >> 29);
}

void
map_init(struct map *m)
{
	m->mask = 63;
	m->n = 0;
	m->slot = xcalloc(m->mask + 1, sizeof *m->slot);
}

void
map_release(struct map *m)
{
	if (!m->slot)
		return;
	for (size_t i = 0; i <= m->mask; i++)
		free(m->slot[i].key);
	free(m->slot);
	m->slot = NULL;
}

static int
same(const struct map_slot *s, const char *key, size_t len, uint64_t h)
{
	if (s->hash != h || s->len1 != len + 1)
		return 0;
	return !memcmp(len <= NEAR ? s->near : s->key, key, len);
}

static struct map_slot *
find(const struct map *m, const char *key, size_t len, uint64_t h)
{
	size_t i = h & m->mask;

	while (m->slot[i].len1 && !same(&m->slot[i], key, len, h))
		i = (i + 1) & m->mask;
	return &m->slot[i];
}

size_t
map_get(const struct map *m, const char *key, size_t len)
{
	struct map_slot *s = find(m, key, len, hash(key, len));

	return s->len1 ? s->val : MAP_NONE;
}

static void
grow(struct map *m)
{
	struct map_slot *old = m->slot;
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
map_put(struct map *m, const char *key, size_t len, size_t val)
{
	uint64_t h = hash(key, len);
	struct map_slot *s = find(m, key, len, h);

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
