/* staff: the archive's staff members (crm-staff keeps them), and CM-10's count of staff in contact. */
#ifndef CRM_STAFF_H
#define CRM_STAFF_H

#include <stddef.h>

#include "archive.h"

/* A staff member as the archive (or a --staff file) holds them; strings owned. */
struct crm_staff {
	char *id, *name, *department, *role, *left_on;	/* left_on "" while employed */
};

/* Staff, in the order added (the archive's: by id). */
struct crm_staff_list {
	struct crm_staff *v;
	size_t n, cap;
};

/* The lookup by id (?1) that crm_staff_get steps; finalize it with crm_archive_finalize. */
struct crm_stmt *crm_staff_stmt(struct crm_archive *ar);
/* Look id up with st (crm_staff_stmt): 1 and *s filled, else 0. */
int crm_staff_get(struct crm_archive *ar, struct crm_stmt *st, const char *id, struct crm_staff *s);
/* The same, once: the statement prepared and finalized. */
int crm_staff_lookup(struct crm_archive *ar, const char *id, struct crm_staff *s);
void crm_staff_release(struct crm_staff *s);

/* Append one from its values id, name, department, role, left_on (copied). */
void crm_staff_add(struct crm_staff_list *l, const char *const v[5]);
/* All the archive's staff, by id. */
void crm_staff_load(struct crm_archive *ar, struct crm_staff_list *l);
const struct crm_staff *crm_staff_find(const struct crm_staff_list *l, const char *id);
void crm_staff_list_release(struct crm_staff_list *l);

/*
 * The ids of a list of co-owners: separated by ';' or ',', the spaces
 * around each (crm_trim's: ASCII and full-width) ignored; *n set.  Owned:
 * crm_ids_free.
 */
char **crm_ids_split(const char *list, size_t *n);
void crm_ids_free(char **ids, size_t n);

/* CM-10: the number of distinct staff in contact, the owner and the co-owners. */
size_t crm_staff_in_contact(const char *owner, const char *co_owners);

#endif
