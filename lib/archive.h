/*
 * archive: the SQLite database crm.db in CRM_HOME, or a PostgreSQL
 * database named by a URL in CRM_DB (--db) — the same statements on both — opened in WAL mode with
 * a busy timeout, its schema versioned (PRAGMA user_version) and migrated
 * forward, one transaction per command; the schema lives here, once.
 * DESIGN.md: programs never call a database library: they prepare, bind
 * and step through the functions below, which hide the backend.
 */
#ifndef CRM_ARCHIVE_H
#define CRM_ARCHIVE_H

struct crm_archive;
struct crm_stmt;		/* a prepared statement, on whichever database */

/* What crm_archive_step returns. */
enum { CRM_DONE, CRM_ROW };

/*
 * Open (creating when needed) crm.db in home, or when home is NULL in
 * $CRM_HOME, $XDG_DATA_HOME/crm, ~/.local/share/crm.  Waits up to
 * $CRM_BUSY_TIMEOUT milliseconds (default 10000) for other writers.
 * Dies with a diagnostic on a foreign, newer or damaged database.
 */
struct crm_archive *crm_archive_open(const char *home);
/*
 * With home NULL or empty and $CRM_DB set, the archive it names instead:
 * postgresql://… (or postgres://…, libpq's URL) a database on a server,
 * sqlite:PATH an embedded file.  crm_archive_path is then the URL (without
 * its password); crm_archive_on_server says which backend it is.
 */
int crm_archive_on_server(const struct crm_archive *a);
void crm_archive_close(struct crm_archive *a);
const char *crm_archive_path(const struct crm_archive *a);

/* BEGIN IMMEDIATE: the write lock up front, so a command never half-writes. */
void crm_archive_begin(struct crm_archive *a);
void crm_archive_commit(struct crm_archive *a);
void crm_archive_rollback(struct crm_archive *a);

/*
 * Statements: SQL in the subset both backends speak, parameters written ?
 * or ?N (numbered from 1).  Prepare, step and exec die with the database's
 * message on failure; step returns CRM_ROW or CRM_DONE.  reset makes a
 * statement ready to run again with new bindings; finalize(NULL) is a no-op.
 */
struct crm_stmt *crm_archive_prepare(struct crm_archive *a, const char *sql);
int crm_archive_step(struct crm_archive *a, struct crm_stmt *st);
void crm_archive_reset(struct crm_stmt *st);
void crm_archive_finalize(struct crm_stmt *st);
void crm_archive_exec(struct crm_archive *a, const char *sql);
/* Bind a text parameter; an empty s binds NULL when null_if_empty. */
void crm_archive_bind(struct crm_stmt *st, int i, const char *s, int null_if_empty);
void crm_archive_bind_int(struct crm_stmt *st, int i, long long v);
void crm_archive_bind_null(struct crm_stmt *st, int i);
/* Column i of the current row: text ("" for NULL), integer (0 for NULL). */
const char *crm_archive_text(struct crm_stmt *st, int i);
long long crm_archive_int(struct crm_stmt *st, int i);
int crm_archive_is_null(struct crm_stmt *st, int i);
/* Whether table still refuses UPDATE and DELETE (its guards not dropped). */
int crm_archive_append_only(struct crm_archive *a, const char *table);
/* The key the last INSERT gave its row (an INTEGER PRIMARY KEY seq). */
long long crm_archive_last_id(struct crm_archive *a);

/*
 * Copying an archive (crm-file migrate): the tables in the order they were
 * made (referenced before referencing), without the backend's own; the
 * caller frees the array and its names.  The columns of a statement's rows
 * (on a server known once a step returned CRM_ROW).  After rows inserted
 * with their own keys, crm_archive_copied makes new keys follow them.
 */
char **crm_archive_tables(struct crm_archive *a, size_t *n);
int crm_archive_ncols(struct crm_stmt *st);
const char *crm_archive_colname(struct crm_stmt *st, int i);
void crm_archive_copied(struct crm_archive *a);
/* Open the archive url names (postgresql://… or sqlite:PATH). */
struct crm_archive *crm_archive_open_url(const char *url);

/*
 * The key under which two customer names are the same customer (CM-02):
 * spaces (ASCII, no-break, full-width) dropped, full-width letters, digits
 * and brackets made ASCII, letters in lower case.  The caller frees it.
 * The archive keeps it in customer.name_key; who writes a name writes it.
 */
char *crm_name_key(const char *name);

#endif
