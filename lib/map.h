/*
 * map: string keys to values (indexes into the caller's arrays), one hash
 * function for the whole toolkit.  Open addressing over 16-byte slots; the
 * map copies the keys it keeps into one arena of its own, which
 * crm_map_free frees.
 */
#ifndef CRM_MAP_H
#define CRM_MAP_H

#include <stddef.h>
#include <stdint.h>

#define CRM_MAP_NONE SIZE_MAX	/* crm_map_get: no such key */

/* The toolkit's hash of n bytes (FNV-1a, mixed), and of a NUL-terminated string. */
uint64_t crm_hash_mem(const void *p, size_t n);
uint64_t crm_hash(const char *s);

struct crm_map;
struct crm_map *crm_map_new(void);
void crm_map_free(struct crm_map *m);
size_t crm_map_len(const struct crm_map *m);
/* The value of key (len bytes), or CRM_MAP_NONE. */
size_t crm_map_get(const struct crm_map *m, const char *key, size_t len);
/*
 * Insert key → val unless key is there; returns the value held for key
 * afterwards (val, or the earlier value).  val < UINT32_MAX.
 */
size_t crm_map_put(struct crm_map *m, const char *key, size_t len, size_t val);

#endif
