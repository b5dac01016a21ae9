/* Unit tests of lib/table: records held in memory and looked up by column. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "table.h"
#include "tap.h"

static char *
write_tmp(const char *text)
{
	static char path[] = "/tmp/crm-test-table-XXXXXX";
	char *p = xstrdup(path);
	int fd = mkstemp(p);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		crm_die("cannot write a temporary file:");
	close(fd);
	return p;
}

int
main(void)
{
	struct crm_opts o;
	const struct crm_rec *const *hit;
	size_t n;
	int status = CRM_OK;

	crm_init();
	crm_opts_init(&o);
	char *path = write_tmp("客户编号,客户名称,owner\n"
			       "C2,乙,S1\nC1,甲,S2\nC3,,S1\nC1,甲二,S3\nC10,long name well over sixteen bytes,S1\n");
	struct crm_table *t = crm_table_load(path, &o, &crm_type_customer, &status);

	is_int(status, CRM_OK, "a good file loads with status 0");
	is_int(crm_table_len(t), 5, "all five records are held");
	int id = crm_table_col(t, "id"), name = crm_table_col(t, "客户名称");
	is_int(id, 0, "the Chinese header 客户编号 is the column id");
	is_int(name, 1, "a column is found by its Chinese alias too");
	is_int(crm_table_col(t, "nope"), -1, "an absent column is -1");

	hit = crm_table_find(t, id, "C1", &n);
	is_int(n, 2, "a key held twice finds both records");
	is_str(n == 2 ? hit[0]->f[name] : NULL, "甲", "equal keys keep file order: first");
	is_str(n == 2 ? hit[1]->f[name] : NULL, "甲二", "equal keys keep file order: second");
	is_int(n == 2 ? hit[0]->pos.line : 0, 3, "a held record keeps its line");
	hit = crm_table_find(t, id, "C10", &n);
	is_int(n, 1, "C10 is not confused with C1");
	hit = crm_table_find(t, name, "long name well over sixteen bytes", &n);
	is_int(n, 1, "a long key is found");
	hit = crm_table_find(t, name, "", &n);
	is_int(n, 1, "an empty value is a key like any other");
	is_str(n ? hit[0]->f[id] : NULL, "C3", "the empty name is C3's");
	hit = crm_table_find(t, id, "C9", &n);
	ok(!hit && n == 0, "a missing key finds nothing");
	hit = crm_table_find(t, -1, "C1", &n);
	ok(!hit && n == 0, "column -1 finds nothing");

	const struct crm_rec *const *by_owner = crm_table_sorted(t, crm_table_col(t, "owner"));
	ok(by_owner != NULL, "a sorted view of a column");
	is_str(by_owner[0]->f[id], "C2", "sorted by owner, file order among equals: 1");
	is_str(by_owner[1]->f[id], "C3", "sorted by owner, file order among equals: 2");
	is_str(by_owner[2]->f[id], "C10", "sorted by owner, file order among equals: 3");
	is_str(by_owner[4]->f[id], "C1", "sorted by owner: last");
	crm_table_free(t);
	unlink(path);
	free(path);

	path = write_tmp("id,name\nC1,a\nC2,b,extra\n");
	status = CRM_OK;
	t = crm_table_load(path, &o, NULL, &status);
	is_int(status, CRM_ERROR, "a bad record makes the status 2");
	is_int(crm_table_len(t), 1, "the good records are still held");
	crm_table_free(t);
	unlink(path);
	free(path);

	status = CRM_OK;
	t = crm_table_load("/nonexistent/x.csv", &o, NULL, &status);
	is_int(status, CRM_ERROR, "a missing file is status 2");
	is_int(crm_table_len(t), 0, "and holds nothing");
	hit = crm_table_find(t, 0, "x", &n);
	ok(!hit && n == 0, "an empty table finds nothing");
	crm_table_free(t);
	return tap_done();
}
