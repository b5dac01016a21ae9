/*
 * secret-label: ids held in memory — the ids of a stream, to find one met
 * twice, and the register's ids, to look documents up — and the memory
 * they live in.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "secret-label.h"

/*
 * The ids met so far, to find one met twice, or to look one up.  A register
 * is usually in id order: while every id is greater than the one before,
 * none can repeat, and the ids are only appended to the arena.  The first
 * id out of order (or the first lookup) builds an open-addressing hash of
 * them all, used from then on.  A slot holds the hash, the entry's value
 * and, when short, the id itself, so that a lookup reads one slot.
 */
struct idslot {
	uint64_t hash;
	uint32_t entry;		/* offset / 8 + 1 in the arena; 0: empty */
	uint32_t value;
	unsigned char len;	/* the id's length when near holds it, else NEAR_NONE */
	char near[15];
};
#define NEAR_NONE 0xff

struct idset {
	char *arena;		/* entries, each 8-aligned */
	size_t len, cap, last;	/* last: the newest entry's offset */
	int sorted;
	struct idslot *slot;
	size_t mask, n;
};

/*
 * Memory for the large arrays that lookups hit at random (ids, documents,
 * grants): whole mappings, zero-filled, that may use huge pages.  A
 * register of a hundred thousand documents and half a million grants spans
 * tens of megabytes, and on small pages the faults and TLB misses cost more
 * than the rest of the work.  big_realloc(NULL, 0, n) allocates.
 */
static size_t
big_size(size_t n)
{
	return n ? (n + (1u << 21) - 1) & ~(size_t)((1u << 21) - 1) : 0;
}

void *
big_realloc(void *p, size_t old, size_t n)
{
	size_t have = big_size(old), want = big_size(n);

	if (want <= have && p)
		return p;
	p = p ? mremap(p, have, want, MREMAP_MAYMOVE) :
	    mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		crm_die("out of memory");
	madvise(p, want, MADV_HUGEPAGE);
	return p;
}

void
big_free(void *p, size_t n)
{
	if (p)
		munmap(p, big_size(n));
}

/* Room for need bytes in the arena, doubling. */
static void
arena_grow(struct idset *s, size_t need)
{
	size_t cap = s->cap ? s->cap : 1 << 21;

	if (need <= s->cap)
		return;
	while (cap < need)
		cap *= 2;
	s->arena = big_realloc(s->arena, s->cap, cap);
	s->cap = cap;
}

struct idset *
idset_new(void)
{
	struct idset *s = xcalloc(1, sizeof *s);

	s->sorted = 1;
	return s;
}

static struct identry *
entry_at(const struct idset *s, size_t off)
{
	return (struct identry *)(s->arena + off);
}

static size_t
entry_size(size_t idlen)
{
	return (sizeof(struct identry) + idlen + 1 + 7) / 8 * 8;
}

/* Put the entry at off into slot h. */
static void
idset_put(struct idset *s, size_t h, size_t off, uint64_t hv)
{
	const struct identry *e = entry_at(s, off);
	size_t len = strlen(e->id);
	struct idslot *sl = &s->slot[h];

	sl->hash = hv;
	sl->entry = (uint32_t)(off / 8 + 1);
	sl->value = e->value;
	sl->len = len < sizeof sl->near ? (unsigned char)len : NEAR_NONE;
	if (len < sizeof sl->near)
		memcpy(sl->near, e->id, len);
}

/* A hash of room for twice the entries, which it then holds. */
static void
idset_rehash(struct idset *s)
{
	size_t size, off, h;

	for (size = 1024; size < 2 * (s->n + 1); size *= 2)
		;
	big_free(s->slot, s->slot ? (s->mask + 1) * sizeof *s->slot : 0);
	s->slot = big_realloc(NULL, 0, size * sizeof *s->slot);
	s->mask = size - 1;
	for (off = 0; off < s->len; off += entry_size(strlen(entry_at(s, off)->id))) {
		uint64_t hv = crm_hash(entry_at(s, off)->id);
		for (h = hv & s->mask; s->slot[h].entry; h = (h + 1) & s->mask)
			;
		idset_put(s, h, off, hv);
	}
}

/* The slot of id, or the empty one where it would go (*h); hv is its hash. */
static const struct idslot *
idset_lookup(struct idset *s, const char *id, uint64_t hv, size_t *h)
{
	size_t len = strlen(id);

	if (s->sorted) {
		s->sorted = 0;
		idset_rehash(s);
	}
	for (*h = hv & s->mask; s->slot[*h].entry; *h = (*h + 1) & s->mask) {
		const struct idslot *sl = &s->slot[*h];
		if (sl->hash != hv)
			continue;
		if (sl->len != NEAR_NONE ? sl->len == len && !memcmp(sl->near, id, len) :
		    !strcmp(entry_at(s, (sl->entry - 1) * (size_t)8)->id, id))
			return sl;
	}
	return NULL;
}

/* Add id, met at pos, with value: NULL when new, else the entry it was added with first. */
const struct identry *
idset_add(struct idset *s, const char *id, const struct crm_pos *pos, uint32_t value)
{
	size_t len = strlen(id), size = entry_size(len), h = 0;
	uint64_t hv = 0;
	const struct idslot *sl;

	if (!s->sorted || (s->n && strcmp(id, entry_at(s, s->last)->id) <= 0)) {
		hv = crm_hash(id);
		if ((sl = idset_lookup(s, id, hv, &h)))
			return entry_at(s, (sl->entry - 1) * (size_t)8);
	}
	if (s->len / 8 + 1 >= 0xffffffff)
		crm_die("too many document ids to keep");
	arena_grow(s, s->len + size);
	struct identry *n = entry_at(s, s->len);
	n->pos = *pos;
	n->value = value;
	memcpy(n->id, id, len + 1);
	s->last = s->len;
	s->len += size;
	s->n++;
	if (!s->sorted) {
		if (2 * s->n > s->mask)
			idset_rehash(s);
		else
			idset_put(s, h, s->last, hv);
	}
	return NULL;
}

/* The value id was added with, or -1. */
int64_t
idset_value(struct idset *s, const char *id)
{
	const struct idslot *sl;
	size_t h;

	if (!s->n || !(sl = idset_lookup(s, id, crm_hash(id), &h)))
		return -1;
	return sl->value;
}

void
idset_free(struct idset *s)
{
	if (!s)
		return;
	big_free(s->slot, s->slot ? (s->mask + 1) * sizeof *s->slot : 0);
	big_free(s->arena, s->cap);
	free(s);
}
