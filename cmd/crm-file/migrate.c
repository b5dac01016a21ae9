/*
 * crm-file migrate --to URL: an office's crm.db copied into a server
 * database, every table with its keys, in one transaction; the access
 * log's chain walked on the server before the commit (CM-07).  A server
 * archive that holds rows already is refused: a second run copies nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "crm-file.h"

/* The access log's columns, in its chain's order (crm-access). */
static const char *const log_names[] = {
	"seq", "prev", "hash", "at", "requester", "customer_id", "purpose", "approver"
};
#define NLOG (sizeof log_names / sizeof log_names[0])

static long long
count_rows(struct crm_archive *ar, const char *table)
{
	char *sql = xasprintf("SELECT count(*) FROM \"%s\"", table);
	struct crm_stmt *st = crm_archive_prepare(ar, sql);
	long long n = crm_archive_step(ar, st) == CRM_ROW ? crm_archive_int(st, 0) : 0;

	crm_archive_finalize(st);
	free(sql);
	return n;
}

/* INSERT INTO table ("c1", …) VALUES (?, …) for the columns of st's rows. */
static char *
insert_sql(const char *table, struct crm_stmt *st)
{
	char *sql = xasprintf("INSERT INTO \"%s\" (", table), *t;
	int n = crm_archive_ncols(st);

	for (int i = 0; i < n; i++) {
		t = xasprintf("%s%s\"%s\"", sql, i ? ", " : "", crm_archive_colname(st, i));
		free(sql);
		sql = t;
	}
	t = xasprintf("%s) VALUES (", sql);
	free(sql);
	sql = t;
	for (int i = 0; i < n; i++) {
		t = xasprintf("%s%s?", sql, i ? ", " : "");
		free(sql);
		sql = t;
	}
	t = xasprintf("%s)", sql);
	free(sql);
	return t;
}

/* Copy table's rows, in the order they were written; returns how many. */
static long long
copy_table(struct crm_archive *from, struct crm_archive *to, const char *table)
{
	char *sql = xasprintf("SELECT * FROM \"%s\" ORDER BY rowid", table);
	struct crm_stmt *st = crm_archive_prepare(from, sql), *ins = NULL;
	long long n = 0;
	int ncols = 0;

	free(sql);
	while (crm_archive_step(from, st) == CRM_ROW) {
		if (!ins) {
			sql = insert_sql(table, st);
			ins = crm_archive_prepare(to, sql);
			ncols = crm_archive_ncols(st);
			free(sql);
		}
		crm_archive_reset(ins);
		for (int i = 0; i < ncols; i++) {
			if (crm_archive_is_null(st, i))
				crm_archive_bind_null(ins, i + 1);
			else
				crm_archive_bind(ins, i + 1, crm_archive_text(st, i), 0);
		}
		crm_archive_step(to, ins);
		n++;
	}
	crm_archive_finalize(ins);
	crm_archive_finalize(st);
	return n;
}

/* Walk the copied access log's chain (with the key when there is one). */
static int
verify_log(struct crm_archive *to, struct crm_chain_head *head)
{
	struct crm_chain_key key;
	char *keypath = crm_chain_key_path(NULL);
	struct crm_chain *c;
	struct crm_stmt *st;
	int status = CRM_OK;

	if (crm_chain_key_load(keypath, 0, &key) < 0) {
		free(keypath);
		return CRM_ERROR;
	}
	if (!(c = crm_chain_check(crm_archive_path(to), "access log", log_names, NLOG, &key, NULL))) {
		free(keypath);
		return CRM_ERROR;
	}
	st = crm_archive_prepare(to, "SELECT seq, prev, hash, at, requester, customer_id, purpose,"
				 " approver FROM access_log ORDER BY seq");
	while (status == CRM_OK && crm_archive_step(to, st) == CRM_ROW) {
		const char *row[NLOG];
		for (size_t k = 0; k < NLOG; k++)
			row[k] = crm_archive_text(st, (int)k);
		status = crm_chain_next(c, NULL, row, NLOG);
	}
	crm_archive_finalize(st);
	status = crm_worst(status, crm_chain_end(c, head));
	free(keypath);
	return status;
}

int
cmd_migrate(int argc, char **argv)
{
	const char *db = getenv("CRM_DB");
	struct crm_archive *from, *to;
	struct crm_chain_head head;
	struct crm_writer *w;
	long long *counts;
	char **tables;
	size_t n, i;
	int status;

	(void)argv;
	if (argc)
		crm_usage_error("migrate takes no operands (the server is given with --to URL)");
	if (strncmp(opts.to, "postgresql://", 13) && strncmp(opts.to, "postgres://", 11))
		crm_usage_error("--to: '%s' is not a server's URL (postgresql://…)", opts.to);
	/* The office's archive: --home, CRM_DB when it names a file, CRM_HOME. */
	if (db && strncmp(db, "sqlite:", 7))
		unsetenv("CRM_DB");
	from = crm_archive_open(opts.home);
	to = crm_archive_open_url(opts.to);
	crm_archive_exec(from, "BEGIN");
	crm_archive_begin(to);
	tables = crm_archive_tables(from, &n);
	for (i = 0; i < n; i++) {
		long long there = count_rows(to, tables[i]);
		if (there)
			crm_die("%s: the archive there holds rows already (%lld in %s): an office is"
				" migrated once, into an empty archive", crm_archive_path(to), there,
				tables[i]);
	}
	counts = xcalloc(n + 1, sizeof *counts);
	for (i = 0; i < n; i++)
		counts[i] = copy_table(from, to, tables[i]);
	crm_archive_copied(to);
	for (i = 0; i < n; i++)
		if (count_rows(to, tables[i]) != counts[i])
			crm_die("%s: %s: %lld rows copied, %lld arrived", crm_archive_path(to), tables[i],
				counts[i], count_rows(to, tables[i]));
	if ((status = verify_log(to, &head)) != CRM_OK) {
		crm_archive_rollback(to);
		crm_warn("nothing was copied: the access log's chain does not verify on %s",
			 crm_archive_path(to));
		return CRM_ERROR;
	}
	crm_archive_commit(to);
	crm_archive_rollback(from);
	w = crm_writer_new(stdout, &opts.crm);
	crm_writer_col(w, "table", NULL);
	crm_writer_col(w, "rows", NULL);
	for (i = 0; i < n; i++) {
		char num[24];
		snprintf(num, sizeof num, "%lld", counts[i]);
		crm_writer_row(w, (const char *const[]){ tables[i], num }, NULL);
		free(tables[i]);
	}
	crm_writer_close(w);
	fprintf(stderr, "crm-file: migrate: %s: access log intact: %ld row%s, head %ld %s\n",
		crm_archive_path(to), head.seq, head.seq == 1 ? "" : "s", head.seq, head.hash);
	free(tables);
	free(counts);
	crm_archive_close(from);
	crm_archive_close(to);
	return CRM_OK;
}
