/* archive: crm.db on SQLite — open, migrate, transactions, statements. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive.h"
#include "cli.h"

#define APPLICATION_ID 0x43524D31	/* "CRM1" */

struct crm_archive {
	sqlite3 *db;
	char *path;
};

/*
 * The schema, one migration per version: user_version = how many have run.
 * Add a migration at the end; never edit one that has shipped.
 */
static const char *const migrations[] = {
	/* 1: the customer archive (CM-01…04, 08, 09, 11), staff, approvals (CM-07). */
	"CREATE TABLE customer ("
	" id TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" category TEXT NOT NULL CHECK (category IN ('target','general','key','potential')),"
	" nature TEXT NOT NULL,"
	" supervisor TEXT NOT NULL DEFAULT '',"
	" address TEXT NOT NULL,"
	" contact TEXT NOT NULL,"
	" phone TEXT NOT NULL,"
	" department TEXT NOT NULL DEFAULT '',"
	" owner TEXT NOT NULL DEFAULT '',"
	" co_owners TEXT NOT NULL DEFAULT '',"
	" important TEXT NOT NULL DEFAULT 'no' CHECK (important IN ('yes','no')),"
	" first_contact TEXT,"
	" registered TEXT,"
	" status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),"
	" extra TEXT NOT NULL DEFAULT '{}'"	/* columns the archive does not know, as JSON */
	");"
	"CREATE INDEX customer_name ON customer(name);"
	"CREATE INDEX customer_phone ON customer(phone);"
	"CREATE INDEX customer_owner ON customer(owner);"
	/* 《客户信息维护表》: one row per changed field (CM-04, CM-06). */
	"CREATE TABLE change ("
	" seq INTEGER PRIMARY KEY,"
	" customer_id TEXT NOT NULL REFERENCES customer(id),"
	" field TEXT NOT NULL,"
	" old TEXT NOT NULL,"
	" new TEXT NOT NULL,"
	" changed_on TEXT NOT NULL,"
	" reported_on TEXT,"
	" by TEXT NOT NULL DEFAULT '',"
	" reason TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX change_customer ON change(customer_id);"
	/* Letters, faxes, calls … joined to the archive (CM-09). */
	"CREATE TABLE correspondence ("
	" seq INTEGER PRIMARY KEY,"
	" customer_id TEXT NOT NULL REFERENCES customer(id),"
	" date TEXT NOT NULL,"
	" channel TEXT NOT NULL CHECK (channel IN ('letter','fax','phone','visit','email','meeting')),"
	" staff TEXT NOT NULL DEFAULT '',"
	" summary TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX correspondence_customer ON correspondence(customer_id);"
	"CREATE TABLE staff ("
	" id TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" department TEXT NOT NULL DEFAULT '',"
	" role TEXT NOT NULL DEFAULT 'staff' CHECK (role IN"
	"  ('staff','dept_manager','general_manager','hq_manager','subsidiary_gm')),"
	" left_on TEXT"
	");"
	/* CM-07: who may read which archive; customer_id NULL covers the whole department. */
	"CREATE TABLE approval ("
	" seq INTEGER PRIMARY KEY,"
	" requester TEXT NOT NULL,"
	" department TEXT NOT NULL,"
	" customer_id TEXT,"
	" approver TEXT NOT NULL,"
	" role TEXT NOT NULL,"
	" granted_on TEXT NOT NULL,"
	" expires TEXT,"
	" revoked_on TEXT"
	");"
	"CREATE INDEX approval_requester ON approval(requester);"
	/* Append-only, hash-chained (lib/chain): seq, prev, hash, then the row. */
	"CREATE TABLE access_log ("
	" seq INTEGER PRIMARY KEY,"
	" prev TEXT NOT NULL,"
	" hash TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" requester TEXT NOT NULL,"
	" customer_id TEXT NOT NULL,"
	" purpose TEXT NOT NULL DEFAULT '',"
	" approver TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log"
	" BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
	"CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log"
	" BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;",
	/*
	 * 2: the service desk (SVC-01, 02, 07, 09): tickets owned by their first
	 * responder, their events (open, handoff, resolve), and the revisit
	 * archive with satisfaction (SVC-05, CM-13).
	 */
	"CREATE TABLE ticket ("
	" id TEXT PRIMARY KEY,"
	" customer_id TEXT NOT NULL REFERENCES customer(id),"
	" opened_at TEXT NOT NULL,"		/* YYYY-MM-DD HH:MM, China Standard Time */
	" first_responder TEXT NOT NULL,"	/* SVC-02: stays accountable after a handoff */
	" channel TEXT NOT NULL DEFAULT '',"
	" summary TEXT NOT NULL DEFAULT '',"
	" matter TEXT NOT NULL DEFAULT '',"	/* what repeat contacts are matched on */
	" severity TEXT NOT NULL DEFAULT 'normal' CHECK (severity IN ('normal','major')),"
	" assignee TEXT NOT NULL,"
	" status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','handed_off','resolved')),"
	" resolved_at TEXT,"
	" resolved_by TEXT,"
	" repeat_of TEXT REFERENCES ticket(id),"
	" retro_form TEXT NOT NULL DEFAULT 'no' CHECK (retro_form IN ('yes','no')),"	/* SVC-09 */
	" place TEXT NOT NULL DEFAULT '',"	/* SVC-07 notice and fault analysis */
	" symptoms TEXT NOT NULL DEFAULT '',"
	" plan TEXT NOT NULL DEFAULT '',"
	" impact TEXT NOT NULL DEFAULT '',"
	" handling TEXT NOT NULL DEFAULT '',"
	" cause TEXT NOT NULL DEFAULT '',"
	" corrective TEXT NOT NULL DEFAULT '',"
	" preventive TEXT NOT NULL DEFAULT '',"
	" extra TEXT NOT NULL DEFAULT '{}'"
	");"
	"CREATE INDEX ticket_customer ON ticket(customer_id, opened_at);"
	"CREATE INDEX ticket_opened ON ticket(opened_at);"
	"CREATE TABLE ticket_event ("
	" seq INTEGER PRIMARY KEY,"
	" ticket_id TEXT NOT NULL REFERENCES ticket(id),"
	" at TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('open','handoff','resolve')),"
	" by TEXT NOT NULL DEFAULT '',"
	" to_staff TEXT NOT NULL DEFAULT '',"
	" note TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX ticket_event_ticket ON ticket_event(ticket_id);"
	"CREATE TABLE revisit ("
	" seq INTEGER PRIMARY KEY,"
	" project TEXT NOT NULL DEFAULT '',"
	" customer_id TEXT NOT NULL REFERENCES customer(id),"
	" date TEXT NOT NULL,"
	" staff TEXT NOT NULL DEFAULT '',"
	" satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),"	/* CM-13; NULL: not asked */
	" note TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX revisit_date ON revisit(date);",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

static void __attribute__((noreturn))
die_db(struct crm_archive *a, const char *what)
{
	crm_die("%s: %s: %s", a->path, what, sqlite3_errmsg(a->db));
}

/* Die with what a failed call's result r means for the user. */
static void __attribute__((noreturn))
die_result(struct crm_archive *a, int r, const char *msg)
{
	const char *wait = getenv("CRM_BUSY_TIMEOUT");

	switch (r & 0xff) {
	case SQLITE_BUSY:
		crm_die("%s: the archive is locked by another program (waited %s ms)", a->path,
			wait && *wait ? wait : "10000");
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		crm_die("%s: not a crm archive, or damaged: %s", a->path, msg);
	default:
		crm_die("%s: %s", a->path, msg);
	}
}

/* The directory of the archive: home, $CRM_HOME, $XDG_DATA_HOME/crm, ~/.local/share/crm. */
static char *
archive_dir(const char *home)
{
	const char *env;
	char *dir;
	size_t n;

	if (home && *home)
		return xstrdup(home);
	if ((env = getenv("CRM_HOME")) && *env)
		return xstrdup(env);
	if ((env = getenv("XDG_DATA_HOME")) && *env) {
		n = strlen(env) + sizeof "/crm";
		dir = xmalloc(n);
		snprintf(dir, n, "%s/crm", env);
		return dir;
	}
	if (!(env = getenv("HOME")) || !*env)
		crm_die("no archive directory: give --home DIR or set CRM_HOME");
	n = strlen(env) + sizeof "/.local/share/crm";
	dir = xmalloc(n);
	snprintf(dir, n, "%s/.local/share/crm", env);
	return dir;
}

/* mkdir -p */
static void
make_dirs(const char *dir)
{
	char *p = xstrdup(dir);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			crm_die("%s:", p);
		*s = '/';
	}
	if (mkdir(p, 0700) < 0 && errno != EEXIST)
		crm_die("%s:", p);
	free(p);
}

static int
pragma_int(struct crm_archive *a, const char *sql)
{
	sqlite3_stmt *st = crm_archive_prepare(a, sql);
	int v = crm_archive_step(a, st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;

	sqlite3_finalize(st);
	return v;
}

/* The archive's schema version; dies when the database is another program's, or newer. */
static int
schema_version(struct crm_archive *a, int *app)
{
	int version = pragma_int(a, "PRAGMA user_version");
	int tables = pragma_int(a, "SELECT count(*) FROM sqlite_schema");

	*app = pragma_int(a, "PRAGMA application_id");
	if (*app != APPLICATION_ID && (*app != 0 || tables > 0))
		crm_die("%s: not a crm archive (a database of another program)", a->path);
	if (version > NMIGRATIONS)
		crm_die("%s: archive schema %d is newer than this crm knows (%d); upgrade crm",
			a->path, version, NMIGRATIONS);
	return version;
}

/*
 * Bring the schema up to date in one transaction.  The write lock is taken
 * only when a migration is due, so readers never wait behind writers.
 */
static void
migrate(struct crm_archive *a)
{
	int app, version;

	if (schema_version(a, &app) == NMIGRATIONS && app == APPLICATION_ID)
		return;
	crm_archive_begin(a);
	for (version = schema_version(a, &app); version < NMIGRATIONS; version++) {
		char sql[64];
		crm_archive_exec(a, migrations[version]);
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version + 1);
		crm_archive_exec(a, sql);
	}
	if (app != APPLICATION_ID) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d", APPLICATION_ID);
		crm_archive_exec(a, sql);
	}
	crm_archive_commit(a);
}

struct crm_archive *
crm_archive_open(const char *home)
{
	struct crm_archive *a = xcalloc(1, sizeof *a);
	char *dir = archive_dir(home);
	const char *env = getenv("CRM_BUSY_TIMEOUT");
	int timeout = env && *env ? atoi(env) : 10000;
	size_t n = strlen(dir) + sizeof "/crm.db";

	make_dirs(dir);
	a->path = xmalloc(n);
	snprintf(a->path, n, "%s/crm.db", dir);
	free(dir);
	if (sqlite3_open_v2(a->path, &a->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		die_db(a, "cannot open");
	sqlite3_busy_timeout(a->db, timeout);
	sqlite3_extended_result_codes(a->db, 1);
	/* Touch nothing, not even the journal mode, of a database that is not ours. */
	int app;
	schema_version(a, &app);
	/* WAL: readers never block the writer; NORMAL sync is crash-safe in WAL mode. */
	crm_archive_exec(a, "PRAGMA journal_mode = WAL");
	crm_archive_exec(a, "PRAGMA synchronous = NORMAL");
	crm_archive_exec(a, "PRAGMA foreign_keys = ON");
	migrate(a);
	return a;
}

void
crm_archive_close(struct crm_archive *a)
{
	if (!a)
		return;
	sqlite3_close(a->db);
	free(a->path);
	free(a);
}

sqlite3 *
crm_archive_db(struct crm_archive *a)
{
	return a->db;
}

const char *
crm_archive_path(const struct crm_archive *a)
{
	return a->path;
}

void
crm_archive_begin(struct crm_archive *a)
{
	crm_archive_exec(a, "BEGIN IMMEDIATE");
}

void
crm_archive_commit(struct crm_archive *a)
{
	crm_archive_exec(a, "COMMIT");
}

void
crm_archive_rollback(struct crm_archive *a)
{
	if (!sqlite3_get_autocommit(a->db))
		sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
crm_archive_prepare(struct crm_archive *a, const char *sql)
{
	sqlite3_stmt *st;

	int r = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL);

	if (r != SQLITE_OK)
		die_result(a, r, sqlite3_errmsg(a->db));
	return st;
}

int
crm_archive_step(struct crm_archive *a, sqlite3_stmt *st)
{
	int r = sqlite3_step(st);

	if (r == SQLITE_ROW || r == SQLITE_DONE)
		return r;
	die_result(a, r, sqlite3_errmsg(a->db));
}

void
crm_archive_exec(struct crm_archive *a, const char *sql)
{
	char *err = NULL;
	int r = sqlite3_exec(a->db, sql, NULL, NULL, &err);

	if (r == SQLITE_OK)
		return;
	die_result(a, r, err ? err : sqlite3_errstr(r));
}

void
crm_archive_bind(sqlite3_stmt *st, int i, const char *s, int null_if_empty)
{
	if (!s || (null_if_empty && !*s))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

const char *
crm_archive_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}
