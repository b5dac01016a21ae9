/* Unit tests for lib/staff: CM-10's count of staff in contact and the co-owner lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff.h"
#include "tap.h"

int
main(void)
{
	size_t n;
	char **ids;

	/* CM-10 counts distinct staff: owner S01 and co-owners S02, S01 again → 2. */
	is_int(crm_staff_in_contact("S01", "S02;S01"), 2, "CM-10: the owner listed as co-owner counts once");
	is_int(crm_staff_in_contact("S01", ""), 1, "CM-10: an owner alone is one");
	is_int(crm_staff_in_contact("", ""), 0, "CM-10: no owner, no co-owners: none");
	is_int(crm_staff_in_contact("", "S02, S03"), 2, "CM-10: co-owners without an owner");
	/* The one whitespace rule (crm_trim): spaces, tabs and U+3000 around an id. */
	is_int(crm_staff_in_contact(" S01\t", "\tS01 ,\xe3\x80\x80S02\xe3\x80\x80;;S02"), 2,
	       "CM-10: spaces, tabs and full-width spaces around ids are not part of them");
	ids = crm_ids_split(" A ,B;; ,C", &n);
	is_int(n, 3, "three ids, empty items skipped");
	is_str(ids[0], "A", "first id trimmed");
	is_str(ids[2], "C", "last id");
	crm_ids_free(ids, n);
	ids = crm_ids_split("", &n);
	is_int(n, 0, "an empty list has no ids");
	crm_ids_free(ids, n);
	return tap_done();
}
