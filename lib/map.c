/*
 * map: string keys to values, open addressing.  A slot is 16 bytes: part
 * of the key's hash, its value, and where the key lies in the map's own
 * arena of keys, so that a map of a million keys takes some 32 MB of slots
 * and its keys' bytes, not a slot and an allocation per key.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "map.h"

struct slot {
	uint32_t hash;		/* the hash's high half: the low bits pick the slot */
	uint32_t val;
	uint32_t off;		/* the key's offset in the arena */
	uint32_t len1;		/* the key's length + 1; 0: an empty slot */
};

struct crm_map {
	struct slot *slot;
	size_t mask, n;
	char *keys;		/* the keys, end to end */
	size_t klen, kcap;
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
	struct crm_map *m = xcalloc(1, sizeof *m);

	m->mask = 63;
	m->slot = xcalloc(m->mask + 1, sizeof *m->slot);
	return m;
}

void
crm_map_free(struct crm_map *m)
{
	if (!m)
		return;
	free(m->slot);
	free(m->keys);
	free(m);
}

size_t
crm_map_len(const struct crm_map *m)
{
	return m->n;
}

static int
same(const struct crm_map *m, const struct slot *s, const char *key, size_t len, uint32_t h)
{
	return s->hash == h && s->len1 == len + 1 && (!len || !memcmp(m->keys + s->off, key, len));
}

static struct slot *
find(const struct crm_map *m, const char *key, size_t len, uint64_t h)
{
	size_t i = h & m->mask;

	while (m->slot[i].len1 && !same(m, &m->slot[i], key, len, (uint32_t)(h >> 32)))
		i = (i + 1) & m->mask;
	return &m->slot[i];
}

size_t
crm_map_get(const struct crm_map *m, const char *key, size_t len)
{
	const struct slot *s = find(m, key, len, crm_hash_mem(key, len));

	return s->len1 ? s->val : CRM_MAP_NONE;
}

/* Twice the slots; a key's slot is found again from its hash, without its bytes. */
static void
grow(struct crm_map *m)
{
	struct slot *old = m->slot;
	size_t n = m->mask + 1, j;

	m->mask = 2 * n - 1;
	m->slot = xcalloc(2 * n, sizeof *m->slot);
	for (size_t i = 0; i < n; i++) {
		if (!old[i].len1)
			continue;
		uint64_t h = crm_hash_mem(m->keys + old[i].off, old[i].len1 - 1);
		for (j = h & m->mask; m->slot[j].len1; j = (j + 1) & m->mask)
			;
		m->slot[j] = old[i];
	}
	free(old);
}

size_t
crm_map_put(struct crm_map *m, const char *key, size_t len, size_t val)
{
	uint64_t h = crm_hash_mem(key, len);
	struct slot *s = find(m, key, len, h);

	if (s->len1)
		return s->val;
	if (len >= UINT32_MAX - 1 || val >= UINT32_MAX || m->klen + len > UINT32_MAX)
		crm_die("too many records to hold in memory");
	if (2 * (m->n + 1) > m->mask + 1) {
		grow(m);
		s = find(m, key, len, h);
	}
	if (m->klen + len > m->kcap) {
		m->kcap = m->kcap ? 2 * m->kcap : 1024;
		while (m->kcap < m->klen + len)
			m->kcap *= 2;
		m->keys = xrealloc(m->keys, m->kcap);
	}
	if (len)
		memcpy(m->keys + m->klen, key, len);
	s->hash = (uint32_t)(h >> 32);
	s->val = (uint32_t)val;
	s->off = (uint32_t)m->klen;
	s->len1 = (uint32_t)len + 1;
	m->klen += len;
	m->n++;
	return val;
}
