/*
 * secret-label: ids met, to find one met twice and say where it was met
 * first (a map of lib/map and a place per id), and the memory the large
 * arrays live in.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "secret-label.h"

/* Where an id was met first: its line and the file, as an index in files. */
struct place {
	uint32_t line, file;
};

/*
 * A stream is usually in id order: while every id is greater than the one
 * before, none can repeat, and the ids are only appended to an arena.  The
 * first id out of order (or the first question) puts them all in the map,
 * used from then on.
 */
struct seen {
	struct crm_map *ids;	/* id -> index in at; NULL while in order */
	char *arena;		/* while in order: the ids, each NUL-terminated */
	size_t alen, acap, last;	/* last: the newest id's offset */
	struct place *at;
	size_t n, cap;
	const char **files;	/* the files met, each once (positions keep their names) */
	size_t nfiles, fcap;
	struct crm_pos first;	/* what seen_add returns */
};

/*
 * Memory for the large arrays that lookups hit at random (documents,
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

struct seen *
seen_new(void)
{
	struct seen *s = xcalloc(1, sizeof *s);

	return s;
}

/* The ids in order so far go to the map, which holds them from then on. */
static void
seen_unsort(struct seen *s)
{
	size_t off = 0;

	s->ids = crm_map_new();
	for (size_t i = 0; i < s->n; i++) {
		size_t len = strlen(s->arena + off);
		crm_map_put(s->ids, s->arena + off, len, i);
		off += len + 1;
	}
	free(s->arena);
	s->arena = NULL;
	s->alen = s->acap = 0;
}

/* The index of file in s->files, added when new. */
static uint32_t
seen_file(struct seen *s, const char *file)
{
	size_t i;

	for (i = s->nfiles; i > 0; i--)
		if (s->files[i - 1] == file || !strcmp(s->files[i - 1], file))
			return (uint32_t)(i - 1);
	crm_grow(&s->files, &s->fcap, s->nfiles + 1, sizeof *s->files);
	s->files[s->nfiles] = file;
	return (uint32_t)s->nfiles++;
}

/* Add id, met at pos: NULL when new, else where it was met first. */
const struct crm_pos *
seen_add(struct seen *s, const char *id, const struct crm_pos *pos)
{
	size_t len = strlen(id), k;

	if (!s->ids && s->n && strcmp(id, s->arena + s->last) <= 0)
		seen_unsort(s);
	if (s->ids) {
		if ((k = crm_map_put(s->ids, id, len, s->n)) < s->n) {
			s->first.file = s->files[s->at[k].file];
			s->first.line = s->at[k].line;
			return &s->first;
		}
	} else {
		if (s->alen + len + 1 > s->acap) {
			s->acap = s->acap ? 2 * s->acap : 4096;
			while (s->acap < s->alen + len + 1)
				s->acap *= 2;
			s->arena = xrealloc(s->arena, s->acap);
		}
		memcpy(s->arena + s->alen, id, len + 1);
		s->last = s->alen;
		s->alen += len + 1;
	}
	crm_grow(&s->at, &s->cap, s->n + 1, sizeof *s->at);
	s->at[s->n].line = pos->line > 0 && pos->line <= UINT32_MAX ? (uint32_t)pos->line : 0;
	s->at[s->n].file = seen_file(s, pos->file ? pos->file : "");
	s->n++;
	return NULL;
}

/* Whether id was met. */
int
seen_has(struct seen *s, const char *id)
{
	if (!s->ids)
		seen_unsort(s);
	return crm_map_get(s->ids, id, strlen(id)) != CRM_MAP_NONE;
}

void
seen_free(struct seen *s)
{
	if (!s)
		return;
	crm_map_free(s->ids);
	free(s->arena);
	free(s->at);
	free(s->files);
	free(s);
}
