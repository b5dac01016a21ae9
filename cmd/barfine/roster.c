/*
 * barfine roster: the staff members read so far, found by id, each with a
 * month of day slots per calendar month that has records.  Memory grows
 * with staff × months, not with the number of input rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barfine.h"
#include "field.h"
#include "money.h"
#include "table.h"

/* The staff member with id, added when new.  Not after roster_sort. */
struct staff *
roster_get(struct roster *ro, const char *id)
{
	struct staff *s;
	size_t len = strlen(id), i;

	if (!ro->by_id)
		ro->by_id = crm_map_new();
	if ((i = crm_map_put(ro->by_id, id, len, ro->n)) < ro->n)
		return ro->staff[i];
	s = xcalloc(1, sizeof *s);
	s->id = xstrdup(id);
	s->first = s->last = NONE;
	s->hired = s->left = s->gone.date = NONE;
	crm_grow(&ro->staff, &ro->cap, ro->n + 1, sizeof *ro->staff);
	ro->staff[ro->n++] = s;
	return s;
}

static int
cmp_staff(const void *a, const void *b)
{
	const struct staff *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

/* Order the staff by id (byte order) for the output; the lookup is gone after. */
void
roster_sort(struct roster *ro)
{
	if (ro->n)
		qsort(ro->staff, ro->n, sizeof *ro->staff, cmp_staff);
	crm_map_free(ro->by_id);
	ro->by_id = NULL;
}

int
month_key(int32_t date)
{
	int y, m, d;

	crm_date_ymd(date, &y, &m, &d);
	return y * 12 + m - 1;
}

int32_t
month_first(int key)
{
	return crm_date_from_ymd(key / 12, key % 12 + 1, 1);
}

int
month_days(int key)
{
	return crm_days_in_month(key / 12, key % 12 + 1);
}

/* Index of month key in s, or where it would go (*found 0). */
static size_t
month_find(const struct staff *s, int key, int *found)
{
	size_t lo = 0, hi = s->nmonths;

	if (s->hint < s->nmonths && s->months[s->hint]->key == key) {
		*found = 1;
		return s->hint;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->months[mid]->key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < s->nmonths && s->months[lo]->key == key;
	return lo;
}

const struct month *
staff_month(const struct staff *s, int key)
{
	int found;
	size_t i = month_find(s, key, &found);

	return found ? s->months[i] : NULL;
}

struct day *
staff_day(struct staff *s, int32_t date)
{
	struct month *m;
	int key, found;
	size_t i;

	if (s->hint < s->nmonths) {	/* most records are in the month of the one before */
		m = s->months[s->hint];
		if (date >= m->first && date - m->first < m->ndays)
			return &m->day[date - m->first];
	}
	key = month_key(date);
	i = month_find(s, key, &found);
	if (!found) {
		m = xmalloc(sizeof *m);
		m->key = key;
		m->first = month_first(key);
		m->ndays = month_days(key);
		for (size_t d = 0; d < NELEM(m->day); d++)
			m->day[d] = (struct day){ .in = NONE, .out = NONE };
		crm_grow(&s->months, &s->mcap, s->nmonths + 1, sizeof *s->months);
		memmove(s->months + i + 1, s->months + i, (s->nmonths - i) * sizeof *s->months);
		s->months[i] = m;
		s->nmonths++;
	}
	s->hint = i;
	m = s->months[i];
	return &m->day[date - m->first];
}

void
staff_free(struct staff *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nmonths; i++)
		free(s->months[i]);
	free(s->months);
	for (i = 0; i < s->nleaves; i++)
		free(s->leaves[i].approver);
	free(s->leaves);
	for (i = 0; i < s->ninc; i++)
		free(s->inc[i].note);
	free(s->inc);
	free(s->extra);
	free(s->qdates);
	free(s->id);
	free(s);
}

void
roster_release(struct roster *ro)
{
	for (size_t i = 0; i < ro->n; i++)
		staff_free(ro->staff[i]);
	free(ro->staff);
	crm_map_free(ro->by_id);
	memset(ro, 0, sizeof *ro);
}


/* "HH:MM" of a time of day (of a shift's clock), with ":SS" when it has seconds. */
void
clock_format(int32_t secs, char buf[16])
{
	secs = ((secs % DAY) + DAY) % DAY;
	if (secs % 60)
		snprintf(buf, 16, "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(buf, 16, "%02d:%02d", secs / 3600, secs / 60 % 60);
}

/* "50.00–200.00", "50.00" when fixed, or "200.00 or more" without a maximum. */
char *
range_text(int64_t min, int64_t max)
{
	char lo[CRM_MONEY_LEN], hi[CRM_MONEY_LEN];

	crm_money_format(min, lo);
	if (max < 0)
		return xasprintf("%s or more", lo);
	if (max == min)
		return xstrdup(lo);
	crm_money_format(max, hi);
	return xasprintf("%s–%s", lo, hi);
}
