/* Unit tests for lib/map, against a linear search over the same keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "tap.h"

int
main(void)
{
	struct crm_map *m = crm_map_new();
	enum { N = 20000 };
	static char keys[N][40];
	size_t i, bad = 0;

	is_int(crm_map_get(m, "x", 1) == CRM_MAP_NONE, 1, "an empty map has nothing");
	/* Short (inline) and long keys, some sharing a 16-byte prefix. */
	for (i = 0; i < N; i++)
		snprintf(keys[i], sizeof keys[i], i % 3 ? "C%zu" : "customer-with-long-id-%zu", i);
	for (i = 0; i < N; i++)
		if (crm_map_put(m, keys[i], strlen(keys[i]), i) != i)
			bad++;
	is_int(bad, 0, "every new key takes its value");
	is_int(crm_map_len(m), N, "%d keys", N);
	is_int(crm_map_put(m, keys[7], strlen(keys[7]), 99), 7, "a key put again keeps its value");
	for (bad = 0, i = 0; i < N; i++)
		if (crm_map_get(m, keys[i], strlen(keys[i])) != i)
			bad++;
	is_int(bad, 0, "every key finds its value after growing");
	is_int(crm_map_get(m, "C1", 1) == CRM_MAP_NONE, 1, "a prefix of a key is not the key");
	is_int(crm_map_get(m, "C10", 3), 10, "length, not NUL, ends a key");
	is_int(crm_map_put(m, "", 0, 5), 5, "the empty key is a key");
	is_int(crm_map_get(m, "", 0), 5, "and is found");
	ok(crm_hash("abc") == crm_hash_mem("abcdef", 3), "crm_hash is crm_hash_mem of the string");
	crm_map_free(m);
	crm_map_free(NULL);
	return tap_done();
}
