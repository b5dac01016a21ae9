/*
 * archive: the SQLite database crm.db in CRM_HOME — opened in WAL mode with
 * a busy timeout, its schema versioned (PRAGMA user_version) and migrated
 * forward, one transaction per command; the schema lives here, once.
 * DESIGN.md: all SQL stays behind lib/archive and programs never call a
 * database library.  The programs in cmd/ that still prepare their own
 * statements through crm_archive_prepare are to move behind it.
 */
#ifndef CRM_ARCHIVE_H
#define CRM_ARCHIVE_H

#include <sqlite3.h>

struct crm_archive;

/*
 * Open (creating when needed) crm.db in home, or when home is NULL in
 * $CRM_HOME, $XDG_DATA_HOME/crm, ~/.local/share/crm.  Waits up to
 * $CRM_BUSY_TIMEOUT milliseconds (default 10000) for other writers.
 * Dies with a diagnostic on a foreign, newer or damaged database.
 */
struct crm_archive *crm_archive_open(const char *home);
void crm_archive_close(struct crm_archive *a);
sqlite3 *crm_archive_db(struct crm_archive *a);
const char *crm_archive_path(const struct crm_archive *a);

/* BEGIN IMMEDIATE: the write lock up front, so a command never half-writes. */
void crm_archive_begin(struct crm_archive *a);
void crm_archive_commit(struct crm_archive *a);
void crm_archive_rollback(struct crm_archive *a);

/* Prepare, step and exec, dying with the database's message on failure. */
sqlite3_stmt *crm_archive_prepare(struct crm_archive *a, const char *sql);
int crm_archive_step(struct crm_archive *a, sqlite3_stmt *st);	/* SQLITE_ROW or SQLITE_DONE */
void crm_archive_exec(struct crm_archive *a, const char *sql);
/* Bind a text parameter; an empty s binds NULL when null_if_empty. */
void crm_archive_bind(sqlite3_stmt *st, int i, const char *s, int null_if_empty);
/* Column i of the current row as text, "" for NULL. */
const char *crm_archive_text(sqlite3_stmt *st, int i);

/*
 * The key under which two customer names are the same customer (CM-02):
 * spaces (ASCII, no-break, full-width) dropped, full-width letters, digits
 * and brackets made ASCII, letters in lower case.  The caller frees it.
 * The archive keeps it in customer.name_key; who writes a name writes it.
 */
char *crm_name_key(const char *name);

#endif
