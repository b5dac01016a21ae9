/*
 * archive: crm.db on SQLite — open, migrate, transactions, statements —
 * or, opened by a postgresql:// URL, the same on a server (archive-pg.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "archive.h"
#include "archive-int.h"
#include "cli.h"

#define APPLICATION_ID 0x43524D31	/* "CRM1" */

struct crm_stmt {
	sqlite3_stmt *st;
	struct crm_pgstmt *pg;	/* on a server: this instead of st */
	struct crm_archive *a;
};

struct crm_archive {
	sqlite3 *db;
	struct crm_pg *pg;	/* on a server: this instead of db */
	char *path, *dir;
	long timeout;		/* ms a writer waits for the lock */
	long long wait_start;	/* ms: when the current wait began */
	long waited;		/* ms the last wait really lasted */
};

/*
 * The schema, one migration per version: user_version = how many have run
 * (crm_meta's schema on a server).  Add a migration at the end; never edit
 * one that has shipped.  Write it in the SQL both backends speak: a plain
 * string runs on both; archive-pg.c translates what it must (INTEGER
 * PRIMARY KEY as an identity column, RAISE(ABORT) triggers, GLOB, rowid)
 * and provides crm_name_key(), julianday() and json_each(text) there.
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
	/*
	 * 3: near-duplicate names (CM-02): the name as duplicates are matched,
	 * without spaces, full-width forms made ASCII, letters in lower case
	 * (crm_name_key), kept beside the name by the programs that write it.
	 */
	"ALTER TABLE customer ADD COLUMN name_key TEXT NOT NULL DEFAULT '';"
	"UPDATE customer SET name_key = crm_name_key(name);"
	"CREATE INDEX customer_name_key ON customer(name_key);",
	/*
	 * 4: major matters between company and customer as dated events
	 * (CM-18), their kinds a settable list checked by crm-file; the
	 * delivered projects the revisits are about (SVC-05); correspondence
	 * takes the channels crm-file knows (长话, the long-distance call, among
	 * them), so its CHECK goes.
	 */
	"CREATE TABLE event ("
	" seq INTEGER PRIMARY KEY,"
	" customer_id TEXT NOT NULL REFERENCES customer(id),"
	" date TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" summary TEXT NOT NULL DEFAULT '',"
	" by TEXT NOT NULL DEFAULT '',"
	" recorded_on TEXT NOT NULL,"
	" after_change INTEGER NOT NULL DEFAULT 0"	/* the change seq it was recorded after */
	");"
	"CREATE INDEX event_customer ON event(customer_id);"
	"CREATE TABLE project ("
	" id TEXT PRIMARY KEY,"
	" customer_id TEXT NOT NULL REFERENCES customer(id),"
	" name TEXT NOT NULL,"
	" delivered TEXT NOT NULL,"
	" extra TEXT NOT NULL DEFAULT '{}'"
	");"
	"CREATE INDEX project_customer ON project(customer_id);"
	"CREATE INDEX revisit_project ON revisit(project, date);"
	"CREATE TABLE correspondence_v4 ("
	" seq INTEGER PRIMARY KEY,"
	" customer_id TEXT NOT NULL REFERENCES customer(id),"
	" date TEXT NOT NULL,"
	" channel TEXT NOT NULL,"
	" staff TEXT NOT NULL DEFAULT '',"
	" summary TEXT NOT NULL DEFAULT ''"
	");"
	"INSERT INTO correspondence_v4 SELECT seq, customer_id, date, channel, staff, summary FROM correspondence;"
	"DROP TABLE correspondence;"
	"ALTER TABLE correspondence_v4 RENAME TO correspondence;"
	"CREATE INDEX correspondence_customer ON correspondence(customer_id);",
	/*
	 * 5: the service desk's dated steps as ticket events: a major
	 * fault's notice, the manager's record, escalation to senior
	 * management, closure and the report sent (SVC-07); the work-contact
	 * form filed after the fix (SVC-10); a disagreement escalated to the
	 * office and its ruling (SVC-06).  SQLite cannot alter a CHECK, so
	 * ticket_event is rebuilt with its rows and index.
	 */
	"CREATE TABLE ticket_event_v5 ("
	" seq INTEGER PRIMARY KEY,"
	" ticket_id TEXT NOT NULL REFERENCES ticket(id),"
	" at TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('open','handoff','resolve','notice','record',"
	"  'escalate','close','report-sent','form','office-escalate','office-ruling')),"
	" by TEXT NOT NULL DEFAULT '',"
	" to_staff TEXT NOT NULL DEFAULT '',"
	" note TEXT NOT NULL DEFAULT ''"
	");"
	"INSERT INTO ticket_event_v5 SELECT seq, ticket_id, at, kind, by, to_staff, note FROM ticket_event;"
	"DROP TABLE ticket_event;"
	"ALTER TABLE ticket_event_v5 RENAME TO ticket_event;"
	"CREATE INDEX ticket_event_ticket ON ticket_event(ticket_id);",
	/*
	 * 6: CM-06: the day the department learned of a change, when later than
	 * the change; the 5 working days run from it (NULL: from changed_on).
	 */
	"ALTER TABLE change ADD COLUMN learned_on TEXT;",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

const char *
crm_archive_migration(int v)
{
	return migrations[v];
}

int
crm_archive_nmigrations(void)
{
	return NMIGRATIONS;
}

char *
crm_name_key(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	char *key = xmalloc(strlen(name) + 1), *o = key;

	while (*p) {
		if (*p == ' ' || *p == '\t') {
			p++;
		} else if (p[0] == 0xC2 && p[1] == 0xA0) {		/* no-break space */
			p += 2;
		} else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {	/* U+3000 */
			p += 3;
		} else if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] < 0xC0) {
			unsigned cp = (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
			cp |= 0xF000;
			if (cp >= 0xFF01 && cp <= 0xFF5E) {	/* full-width ASCII */
				char c = (char)(cp - 0xFEE0);
				*o++ = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
			} else {
				memcpy(o, p, 3);
				o += 3;
			}
			p += 3;
		} else {
			*o++ = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : (char)*p;
			p++;
		}
	}
	*o = '\0';
	return key;
}

/* crm_name_key as an SQL function, for the migration that fills name_key. */
static void
sql_name_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *name = sqlite3_value_text(argv[0]);
	char *key;

	(void)argc;
	if (!name) {
		sqlite3_result_null(ctx);
		return;
	}
	key = crm_name_key((const char *)name);
	sqlite3_result_text(ctx, key, -1, free);
}

static void __attribute__((noreturn))
die_db(struct crm_archive *a, const char *what)
{
	crm_die("%s: %s: %s", a->path, what, sqlite3_errmsg(a->db));
}

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void
sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

/*
 * The busy handler: sleep in short steps until the lock is free or the
 * timeout has really passed, and remember how long the wait lasted, so that
 * a message says the time waited, not the time allowed.
 */
static int
busy_wait(void *arg, int count)
{
	struct crm_archive *a = arg;
	long long now = now_ms();
	long step = count < 4 ? 1 : count < 12 ? 5 : 20;

	if (count == 0)
		a->wait_start = now;
	a->waited = (long)(now - a->wait_start);
	if (a->waited >= a->timeout) {
		/* The whole timeout passed (give or take the last millisecond's sleep). */
		a->waited = a->timeout;
		return 0;
	}
	if (step > a->timeout - a->waited)
		step = a->timeout - a->waited;
	sleep_ms(step);
	a->waited = (long)(now_ms() - a->wait_start);
	return 1;
}

/* Die with what a failed call's result r means for the user. */
static void __attribute__((noreturn))
die_result(struct crm_archive *a, int r, const char *msg)
{
	switch (r & 0xff) {
	case SQLITE_BUSY:
		crm_die("%s: the archive is locked by another program (waited %ld ms)", a->path,
			a->waited);
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

/* The first column of a one-row statement as an integer (text in *txt when given). */
static int
query(struct crm_archive *a, const char *sql, int *v, char *txt, size_t size)
{
	sqlite3_stmt *st;
	int r;

	a->waited = 0;
	if ((r = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL)) != SQLITE_OK)
		return r;
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		if (txt)
			snprintf(txt, size, "%s", (const char *)sqlite3_column_text(st, 0));
		r = SQLITE_OK;
	} else if (r == SQLITE_DONE) {
		*v = 0;
		r = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return r;
}

static int
try_exec(struct crm_archive *a, const char *sql)
{
	a->waited = 0;
	return sqlite3_exec(a->db, sql, NULL, NULL, NULL);
}

/*
 * Whether the archive is ready (ours, WAL, every migration run): reads
 * only.  Dies when the database is another program's, or newer.
 */
static int
check_ready(struct crm_archive *a, int *ready)
{
	int version, tables, app, r;
	char mode[16];

	*ready = 0;
	if ((r = query(a, "SELECT count(*) FROM sqlite_schema", &tables, NULL, 0)) ||
	    (r = query(a, "PRAGMA user_version", &version, NULL, 0)) ||
	    (r = query(a, "PRAGMA application_id", &app, NULL, 0)) ||
	    (r = query(a, "PRAGMA journal_mode", &(int){ 0 }, mode, sizeof mode)))
		return r;
	if (app != APPLICATION_ID && (app != 0 || tables > 0))
		crm_die("%s: not a crm archive (a database of another program)", a->path);
	if (version > NMIGRATIONS)
		crm_die("%s: archive schema %d is newer than this crm knows (%d); upgrade crm",
			a->path, version, NMIGRATIONS);
	*ready = version == NMIGRATIONS && app == APPLICATION_ID && !strcmp(mode, "wal");
	return SQLITE_OK;
}

/*
 * One attempt at making the archive ready: WAL mode (readers never block the
 * writer), then every migration due, in one transaction.  Returns SQLITE_OK,
 * or the busy code of a step another program held up; dies on anything else.
 */
static int
setup_once(struct crm_archive *a)
{
	int ready, version, app, r;
	char mode[16], sql[64];

	if ((r = check_ready(a, &ready)) || ready)
		return r;
	if ((r = query(a, "PRAGMA journal_mode = WAL", &(int){ 0 }, mode, sizeof mode)))
		return r;
	if (strcmp(mode, "wal"))
		crm_die("%s: cannot switch the archive to WAL mode (it is in %s mode)", a->path, mode);
	if ((r = try_exec(a, "BEGIN IMMEDIATE")))
		return r;
	if ((r = query(a, "PRAGMA user_version", &version, NULL, 0)) ||
	    (r = query(a, "PRAGMA application_id", &app, NULL, 0)))
		goto fail;
	for (; version < NMIGRATIONS; version++) {
		if ((r = try_exec(a, migrations[version])))
			goto fail;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version + 1);
		if ((r = try_exec(a, sql)))
			goto fail;
	}
	if (app != APPLICATION_ID) {
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d", APPLICATION_ID);
		if ((r = try_exec(a, sql)))
			goto fail;
	}
	if ((r = try_exec(a, "COMMIT")))
		goto fail;
	return SQLITE_OK;
fail:
	crm_archive_rollback(a);
	return r;
}

/*
 * Make a new or old archive ready, safe under any number of programs
 * opening it for the first time at once: they take turns on an advisory
 * lock of the archive's directory (no file of its own), and a step that
 * SQLite refuses at once rather than wait (switching to WAL while another
 * connection upgrades its lock) is retried until the timeout has really
 * passed.  An archive already ready is only read, without the lock.
 */
static void
setup(struct crm_archive *a)
{
	long long start = now_ms();
	int ready, r, fd;

	if (check_ready(a, &ready) == SQLITE_OK && ready)
		return;
	if ((fd = open(a->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		crm_die("%s:", a->dir);
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			crm_die("%s: cannot lock:", a->dir);
		if (now_ms() - start >= a->timeout)
			crm_die("%s: the archive is locked by another program (waited %ld ms)", a->path,
				a->timeout);
		sleep_ms(2);
	}
	while ((r = setup_once(a)) != SQLITE_OK) {
		long long waited = now_ms() - start;
		if ((r & 0xff) != SQLITE_BUSY && (r & 0xff) != SQLITE_LOCKED)
			die_result(a, r, sqlite3_errmsg(a->db));
		if (waited >= a->timeout) {
			a->waited = a->timeout;
			die_result(a, r, sqlite3_errmsg(a->db));
		}
		sleep_ms(2);
	}
	close(fd);	/* releases the lock */
}

/* The URL without its password, for messages. */
static char *
shown_url(const char *url)
{
	const char *s = strstr(url, "://"), *at, *colon;
	char *t;

	if (!s || !(at = strchr(s + 3, '@')) || !(colon = memchr(s + 3, ':', (size_t)(at - s - 3))))
		return xstrdup(url);
	t = xmalloc(strlen(url) + 1);
	snprintf(t, strlen(url) + 1, "%.*s%s", (int)(colon - url), url, at);
	return t;
}

/* crm.db at a->path, in a->dir (made when missing). */
static void
open_sqlite(struct crm_archive *a)
{
	make_dirs(a->dir);
	if (sqlite3_open_v2(a->path, &a->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		die_db(a, "cannot open");
	sqlite3_busy_handler(a->db, busy_wait, a);
	sqlite3_create_function(a->db, "crm_name_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				sql_name_key, NULL, NULL);
	sqlite3_extended_result_codes(a->db, 1);
	/* Touch nothing, not even the journal mode, of a database that is not ours. */
	setup(a);
	/* NORMAL sync is crash-safe in WAL mode. */
	crm_archive_exec(a, "PRAGMA synchronous = NORMAL");
	crm_archive_exec(a, "PRAGMA foreign_keys = ON");
}

/*
 * Which archive: --home (home) names the embedded file; else $CRM_DB (set
 * by --db too), postgresql://… or sqlite:PATH; else the file in $CRM_HOME…
 */
static struct crm_archive *
archive_new(void)
{
	struct crm_archive *a = xcalloc(1, sizeof *a);
	const char *env = getenv("CRM_BUSY_TIMEOUT");

	a->timeout = env && *env ? atol(env) : 10000;
	if (a->timeout < 0)
		a->timeout = 0;
	return a;
}

struct crm_archive *
crm_archive_open_url(const char *url)
{
	struct crm_archive *a = archive_new();

	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		a->path = shown_url(url);
		a->pg = crm_pg_open(url, a->path, a->timeout);
		return a;
	}
	if (strncmp(url, "sqlite:", 7) || !url[7])
		crm_die("%s: not an archive URL (postgresql://… or sqlite:PATH)", url);
	a->path = xstrdup(url + 7);
	a->dir = xstrdup(a->path);
	if (strrchr(a->dir, '/'))
		*strrchr(a->dir, '/') = '\0';
	else
		snprintf(a->dir, strlen(a->dir) + 1, ".");
	if (!*a->dir)
		snprintf(a->dir, 2, "/");
	open_sqlite(a);
	return a;
}

struct crm_archive *
crm_archive_open(const char *home)
{
	struct crm_archive *a;
	const char *url = getenv("CRM_DB");
	size_t n;

	if ((!home || !*home) && url && *url)
		return crm_archive_open_url(url);
	a = archive_new();
	a->dir = archive_dir(home);
	n = strlen(a->dir) + sizeof "/crm.db";
	a->path = xmalloc(n);
	snprintf(a->path, n, "%s/crm.db", a->dir);
	open_sqlite(a);
	return a;
}

void
crm_archive_close(struct crm_archive *a)
{
	if (!a)
		return;
	if (a->pg)
		crm_pg_close(a->pg);
	else
		sqlite3_close(a->db);
	free(a->path);
	free(a->dir);
	free(a);
}

const char *
crm_archive_path(const struct crm_archive *a)
{
	return a->path;
}

int
crm_archive_on_server(const struct crm_archive *a)
{
	return a->pg != NULL;
}

void
crm_archive_begin(struct crm_archive *a)
{
	if (a->pg)
		crm_pg_begin(a->pg);
	else
		crm_archive_exec(a, "BEGIN IMMEDIATE");
}

void
crm_archive_commit(struct crm_archive *a)
{
	if (a->pg)
		crm_pg_commit(a->pg);
	else
		crm_archive_exec(a, "COMMIT");
}

void
crm_archive_rollback(struct crm_archive *a)
{
	if (a->pg)
		crm_pg_rollback(a->pg);
	else if (!sqlite3_get_autocommit(a->db))
		sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
}

struct crm_stmt *
crm_archive_prepare(struct crm_archive *a, const char *sql)
{
	struct crm_stmt *st = xcalloc(1, sizeof *st);
	int r;

	a->waited = 0;
	st->a = a;
	if (a->pg) {
		st->pg = crm_pg_prepare(a->pg, sql);
		return st;
	}
	r = sqlite3_prepare_v2(a->db, sql, -1, &st->st, NULL);
	if (r != SQLITE_OK)
		die_result(a, r, sqlite3_errmsg(a->db));
	return st;
}

int
crm_archive_step(struct crm_archive *a, struct crm_stmt *st)
{
	int r;

	if (st->pg)
		return crm_pg_step(st->pg) ? CRM_ROW : CRM_DONE;
	a->waited = 0;
	r = sqlite3_step(st->st);
	if (r == SQLITE_ROW)
		return CRM_ROW;
	if (r == SQLITE_DONE)
		return CRM_DONE;
	die_result(a, r, sqlite3_errmsg(a->db));
}

void
crm_archive_reset(struct crm_stmt *st)
{
	if (st->pg)
		crm_pg_reset(st->pg);
	else
		sqlite3_reset(st->st);
}

void
crm_archive_finalize(struct crm_stmt *st)
{
	if (!st)
		return;
	if (st->pg)
		crm_pg_finalize(st->pg);
	else
		sqlite3_finalize(st->st);
	free(st);
}

void
crm_archive_exec(struct crm_archive *a, const char *sql)
{
	char *err = NULL;
	int r;

	if (a->pg) {
		crm_pg_exec(a->pg, sql);
		return;
	}
	a->waited = 0;
	if ((r = sqlite3_exec(a->db, sql, NULL, NULL, &err)) == SQLITE_OK)
		return;
	die_result(a, r, err ? err : sqlite3_errstr(r));
}

void
crm_archive_bind(struct crm_stmt *st, int i, const char *s, int null_if_empty)
{
	if (!s || (null_if_empty && !*s))
		crm_archive_bind_null(st, i);
	else if (st->pg)
		crm_pg_bind(st->pg, i, s, 0);
	else
		sqlite3_bind_text(st->st, i, s, -1, SQLITE_TRANSIENT);
}

void
crm_archive_bind_int(struct crm_stmt *st, int i, long long v)
{
	char buf[24];

	if (!st->pg) {
		sqlite3_bind_int64(st->st, i, v);
		return;
	}
	snprintf(buf, sizeof buf, "%lld", v);
	crm_pg_bind(st->pg, i, buf, 1);
}

void
crm_archive_bind_null(struct crm_stmt *st, int i)
{
	if (st->pg)
		crm_pg_bind(st->pg, i, NULL, 0);
	else
		sqlite3_bind_null(st->st, i);
}

const char *
crm_archive_text(struct crm_stmt *st, int i)
{
	const unsigned char *t = st->pg ? (const unsigned char *)crm_pg_text(st->pg, i)
					: sqlite3_column_text(st->st, i);

	return t ? (const char *)t : "";
}

long long
crm_archive_int(struct crm_stmt *st, int i)
{
	if (st->pg)
		return strtoll(crm_archive_text(st, i), NULL, 10);
	return sqlite3_column_int64(st->st, i);
}

int
crm_archive_is_null(struct crm_stmt *st, int i)
{
	if (st->pg)
		return crm_pg_text(st->pg, i) == NULL;
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

long long
crm_archive_last_id(struct crm_archive *a)
{
	if (a->pg)
		return crm_pg_last_id(a->pg);
	return sqlite3_last_insert_rowid(a->db);
}

int
crm_archive_append_only(struct crm_archive *a, const char *table)
{
	struct crm_stmt *st;
	int n;

	if (a->pg)
		return crm_pg_append_only(a->pg, table);
	st = crm_archive_prepare(a,
		"SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
		" AND name IN (?1 || '_no_update', ?1 || '_no_delete')");
	crm_archive_bind(st, 1, table, 0);
	n = crm_archive_step(a, st) == CRM_ROW ? (int)crm_archive_int(st, 0) : 0;
	crm_archive_finalize(st);
	return n == 2;
}

char **
crm_archive_tables(struct crm_archive *a, size_t *n)
{
	struct crm_stmt *st = crm_archive_prepare(a, a->pg ?
		"SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
		" AND relkind = 'r' AND relname <> 'crm_meta' ORDER BY oid" :
		"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
		" ORDER BY rowid");
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	while (crm_archive_step(a, st) == CRM_ROW) {
		crm_grow(&v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = xstrdup(crm_archive_text(st, 0));
	}
	crm_archive_finalize(st);
	return v;
}

int
crm_archive_ncols(struct crm_stmt *st)
{
	return st->pg ? crm_pg_ncols(st->pg) : sqlite3_column_count(st->st);
}

const char *
crm_archive_colname(struct crm_stmt *st, int i)
{
	return st->pg ? crm_pg_colname(st->pg, i) : sqlite3_column_name(st->st, i);
}

void
crm_archive_copied(struct crm_archive *a)
{
	if (a->pg)
		crm_archive_exec(a, "SELECT crm_sync_ids()");
}
