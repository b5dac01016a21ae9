/*
 * archive-int: what lib/archive.c and its PostgreSQL driver
 * lib/archive-pg.c share; nothing outside lib/archive*.c includes it.
 */
#ifndef CRM_ARCHIVE_INT_H
#define CRM_ARCHIVE_INT_H

struct crm_pg;
struct crm_pgstmt;

/* The schema: migration v (0-based) as written, in the common subset. */
const char *crm_archive_migration(int v);
int crm_archive_nmigrations(void);

/* archive-pg.c: one connection, opened by URL, its schema made ready. */
struct crm_pg *crm_pg_open(const char *url, const char *shown, long timeout);
void crm_pg_close(struct crm_pg *p);
void crm_pg_begin(struct crm_pg *p);
void crm_pg_commit(struct crm_pg *p);
void crm_pg_rollback(struct crm_pg *p);
void crm_pg_exec(struct crm_pg *p, const char *sql);
long long crm_pg_last_id(struct crm_pg *p);
int crm_pg_append_only(struct crm_pg *p, const char *table);

struct crm_pgstmt *crm_pg_prepare(struct crm_pg *p, const char *sql);
int crm_pg_step(struct crm_pgstmt *st);	/* 1: a row, 0: done */
void crm_pg_reset(struct crm_pgstmt *st);
void crm_pg_finalize(struct crm_pgstmt *st);
void crm_pg_bind(struct crm_pgstmt *st, int i, const char *s, int is_int);
const char *crm_pg_text(struct crm_pgstmt *st, int i);	/* NULL for NULL */
int crm_pg_ncols(struct crm_pgstmt *st);
const char *crm_pg_colname(struct crm_pgstmt *st, int i);

/*
 * The SQL of the common subset as PostgreSQL reads it (ddl: a migration);
 * *nparams: the highest $n; *tested: bit n - 1 set when $n is tested IS.
 */
char *crm_pg_sql(const char *sql, int ddl, int *nparams, unsigned long long *tested);

#endif
