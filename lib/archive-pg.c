/*
 * archive-pg: the archive on a PostgreSQL server, behind the same
 * statements as crm.db (lib/archive.c).  Every difference between the
 * backends is here, once: the SQL translation (? placeholders, GLOB,
 * rowid, identity columns, append-only triggers), the functions SQLite has
 * and PostgreSQL lacks, the schema version, the writer lock and the
 * messages of failed statements.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libpq-fe.h>

#include "archive-int.h"
#include "cli.h"

#define LOCK_KEY "hashtext(current_schema())"	/* one archive per schema */
#define TEXTOID 25
#define INT8OID 20
#define BOOLOID 16

struct crm_pg {
	PGconn *c;
	char *shown;		/* the URL, for messages */
	long waited;		/* ms the last statement waited */
	int nstmt;		/* statements prepared, for their names */
};

struct crm_pgstmt {
	struct crm_pg *p;
	char name[24];
	char *sql;
	int n;			/* parameters $1…$n */
	char **val;		/* NULL: SQL NULL */
	Oid *type;
	unsigned long long tested;	/* parameters n ≤ 64 tested IS NULL: bit n - 1 */
	int prepared;
	PGresult *res;		/* NULL: not run since the last reset */
	int row, nrows;		/* row: the next row; row - 1 is the current one */
};

/*
 * What PostgreSQL lacks of SQLite's SQL, and the archive's own: created
 * with the schema, in the archive's schema.  crm_meta holds the schema
 * version (SQLite: PRAGMA user_version); crm_refuse is what append-only
 * triggers run; crm_sync_ids moves every identity past the rows copied in.
 */
static const char prelude[] =
	"CREATE TABLE IF NOT EXISTS crm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE OR REPLACE FUNCTION crm_refuse() RETURNS trigger LANGUAGE plpgsql AS"
	" $f$BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END$f$;"
	"CREATE OR REPLACE FUNCTION julianday(text) RETURNS double precision LANGUAGE sql"
	" IMMUTABLE STRICT AS"
	" $f$SELECT extract(epoch FROM $1::timestamp)::double precision / 86400 + 2440587.5$f$;"
	"CREATE OR REPLACE FUNCTION json_each(text, OUT key text, OUT value text, OUT id bigint)"
	" RETURNS SETOF record LANGUAGE sql IMMUTABLE STRICT AS"
	" $f$SELECT * FROM json_each_text($1::json) WITH ORDINALITY$f$;"
	"CREATE OR REPLACE FUNCTION crm_sync_ids() RETURNS void LANGUAGE plpgsql AS $f$"
	"DECLARE r record; m bigint; BEGIN"
	" FOR r IN SELECT table_name, column_name FROM information_schema.columns"
	"  WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP"
	"  EXECUTE format('SELECT max(%I) FROM %I', r.column_name, r.table_name) INTO m;"
	"  IF m IS NOT NULL THEN"
	"   PERFORM setval(pg_get_serial_sequence(format('%I', r.table_name), r.column_name), m);"
	"  END IF;"
	" END LOOP; END$f$;";

static long long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- SQL translation ---- */

static int
is_word(int c)
{
	return isalnum(c) || c == '_';
}

static int
word_is(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && !strncasecmp(p, w, n);
}

/* The word at p after blanks, or NULL when it is not w. */
static const char *
next_word(const char *p, const char *w)
{
	size_t n = strlen(w);

	while (isspace((unsigned char)*p))
		p++;
	return !strncasecmp(p, w, n) && !is_word((unsigned char)p[n]) ? p + n : NULL;
}

/* Copy the quoted literal or name at *p (quote q), doubled quotes inside. */
static void
copy_quoted(FILE *f, const char **p)
{
	const char *s = *p;
	char q = *s;

	fputc(*s++, f);
	while (*s) {
		fputc(*s, f);
		if (*s++ == q) {
			if (*s != q)
				break;
			fputc(*s++, f);
		}
	}
	*p = s;
}

/* A GLOB pattern literal at *p as a SIMILAR TO one: * is %, ? is _. */
static void
glob_pattern(FILE *f, const char **p)
{
	const char *s = *p;

	fputc(*s++, f);
	for (; *s; s++) {
		if (*s == '\'' && s[1] == '\'') {
			fputs("''", f);
			s++;
		} else if (*s == '\'') {
			s++;
			break;
		} else {
			fputc(*s == '*' ? '%' : *s == '?' ? '_' : *s, f);
		}
	}
	fputc('\'', f);
	*p = s;
}

/*
 * An append-only trigger as SQLite writes it, CREATE TRIGGER name BEFORE
 * UPDATE ON t BEGIN SELECT RAISE(ABORT, 'message'); END, as a PostgreSQL
 * trigger running crm_refuse('message').  *p is at CREATE.
 */
static void
trigger(FILE *f, const char **p)
{
	const char *begin = strcasestr(*p, " BEGIN "), *raise, *msg, *end;

	if (!begin || !(raise = strcasestr(begin, "RAISE(ABORT,")) || !(msg = strchr(raise, '\'')))
		crm_die("archive: a trigger PostgreSQL cannot run: %.60s", *p);
	fwrite(*p, 1, (size_t)(begin - *p), f);
	fputs(" FOR EACH ROW EXECUTE FUNCTION crm_refuse(", f);
	copy_quoted(f, &msg);
	fputc(')', f);
	if (!(end = strcasestr(msg, "END")))
		crm_die("archive: a trigger PostgreSQL cannot run: %.60s", *p);
	*p = end + 3;
}

char *
crm_pg_sql(const char *sql, int ddl, int *nparams, unsigned long long *tested)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	const char *p = sql, *q, *w;
	int max = 0;

	if (!f)
		crm_die("archive:");
	while (*p) {
		if (*p == '\'' || *p == '"') {
			copy_quoted(f, &p);
		} else if (*p == '?') {
			int n = isdigit((unsigned char)p[1]) ? (int)strtol(p + 1, (char **)&p, 10) : (p++, max + 1);
			fprintf(f, "$%d", n);
			if (n > max)
				max = n;
			if (tested && n <= 64 && next_word(p, "IS"))
				*tested |= 1ULL << (n - 1);
		} else if ((isalpha((unsigned char)*p) || *p == '_') &&
			   (p == sql || !is_word((unsigned char)p[-1]))) {
			for (q = p; is_word((unsigned char)*q); q++)
				;
			if (word_is(p, (size_t)(q - p), "rowid")) {
				fputs("ctid", f);
			} else if (word_is(p, (size_t)(q - p), "instr")) {
				fputs("strpos", f);
			} else if (word_is(p, (size_t)(q - p), "GLOB")) {
				fputs("SIMILAR TO", f);
				for (; isspace((unsigned char)*q); q++)
					fputc(*q, f);
				if (*q == '\'')
					glob_pattern(f, &q);
			} else if (ddl && word_is(p, (size_t)(q - p), "INTEGER") &&
				   (w = next_word(q, "PRIMARY")) && (w = next_word(w, "KEY"))) {
				fputs("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", f);
				q = w;
			} else if (ddl && word_is(p, (size_t)(q - p), "CREATE") && next_word(q, "TRIGGER")) {
				q = p;
				trigger(f, &q);
			} else {
				fwrite(p, 1, (size_t)(q - p), f);
			}
			p = q;
		} else {
			fputc(*p++, f);
		}
	}
	fclose(f);
	if (nparams)
		*nparams = max;
	return out;
}

/* ---- results and their messages ---- */

static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* The table.column a unique violation's detail names: Key (id)=(C1) … */
static void
unique_key(const PGresult *r, char *buf, size_t size)
{
	const char *t = PQresultErrorField(r, PG_DIAG_TABLE_NAME);
	const char *d = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL), *s, *e;

	if (d && (s = strstr(d, "Key (")) && (e = strstr(s, ")=")))
		snprintf(buf, size, "%s.%.*s", t ? t : "?", (int)(e - s - 5), s + 5);
	else
		snprintf(buf, size, "%s", t ? t : "?");
}

/* Die with what a failed statement means for the user, in SQLite's words. */
static void __attribute__((noreturn))
die_res(struct crm_pg *p, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *t, *c;
	char key[256];

	if (!msg) {
		msg = PQerrorMessage(p->c);
		crm_die("%s: %.*s", p->shown, (int)strcspn(msg, "\n"), msg);
	}
	if (!state)
		state = "";
	t = PQresultErrorField(r, PG_DIAG_TABLE_NAME);
	c = PQresultErrorField(r, PG_DIAG_COLUMN_NAME);
	if (!strcmp(state, "55P03"))
		crm_die("%s: the archive is locked by another program (waited %ld ms)", p->shown,
			p->waited);
	if (!strcmp(state, "23505")) {
		unique_key(r, key, sizeof key);
		crm_die("%s: UNIQUE constraint failed: %s", p->shown, key);
	}
	if (!strcmp(state, "23503"))
		crm_die("%s: FOREIGN KEY constraint failed", p->shown);
	if (!strcmp(state, "23502"))
		crm_die("%s: NOT NULL constraint failed: %s.%s", p->shown, t ? t : "?", c ? c : "?");
	if (!strcmp(state, "23514"))
		crm_die("%s: CHECK constraint failed: %s", p->shown,
			(c = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME)) ? c : msg);
	crm_die("%s: %s", p->shown, msg);
}

/* Run sql (no parameters); dies unless it succeeded.  The caller clears. */
static PGresult *
run(struct crm_pg *p, const char *sql)
{
	long long t0 = now_ms();
	PGresult *r = PQexec(p->c, sql);
	ExecStatusType s = PQresultStatus(r);

	p->waited = (long)(now_ms() - t0);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		die_res(p, r);
	return r;
}

static void
run_clear(struct crm_pg *p, const char *sql)
{
	PQclear(run(p, sql));
}

/* The first column of the first row, as an integer (0: no row, NULL). */
static long long
query_int(struct crm_pg *p, const char *sql)
{
	PGresult *r = run(p, sql);
	long long v = PQntuples(r) > 0 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;

	PQclear(r);
	return v;
}

/* ---- the schema ---- */

static void
put_utf8(FILE *f, unsigned cp)
{
	fputc(0xE0 | cp >> 12, f);
	fputc(0x80 | (cp >> 6 & 0x3F), f);
	fputc(0x80 | (cp & 0x3F), f);
}

/*
 * crm_name_key (lib/archive.c) as an SQL function: full-width ASCII made
 * ASCII and ASCII letters lower case by one translate(), the spaces (tab,
 * no-break, ideographic) dropped as characters without a counterpart.
 */
static void
name_key_function(struct crm_pg *p)
{
	char *sql = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&sql, &len);
	unsigned cp;

	if (!f)
		crm_die("archive:");
	fputs("CREATE OR REPLACE FUNCTION crm_name_key(text) RETURNS text LANGUAGE sql"
	      " IMMUTABLE STRICT AS $f$SELECT translate($1, '", f);
	for (cp = 0xFF01; cp <= 0xFF5E; cp++)
		put_utf8(f, cp);
	fputs("ABCDEFGHIJKLMNOPQRSTUVWXYZ \t\xC2\xA0\xE3\x80\x80', '", f);
	for (cp = 0xFF01; cp <= 0xFF5E; cp++) {
		int c = (int)(cp - 0xFEE0);
		if (c == '\'')
			fputc('\'', f);
		fputc(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c, f);
	}
	fputs("abcdefghijklmnopqrstuvwxyz')$f$", f);
	fclose(f);
	run_clear(p, sql);
	free(sql);
}

/*
 * Make the schema ready in one transaction, under a lock of its own so
 * that programs opening a new archive at once take turns: the prelude,
 * then every migration due, translated, the version kept in crm_meta.
 */
static void
setup(struct crm_pg *p)
{
	int n = crm_archive_nmigrations(), v, ours, tables;
	char sql[128];

	/* Ready already (the usual case): one question, no lock. */
	if (query_int(p, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
		      " AND tablename = 'crm_meta'") &&
	    query_int(p, "SELECT value FROM crm_meta WHERE key = 'schema'") == n)
		return;
	run_clear(p, "BEGIN");
	if (!query_int(p, "SELECT count(*) FROM (SELECT current_schema() AS s) AS x WHERE s IS NOT NULL"))
		crm_die("%s: no schema to keep the archive in (search_path names none that exists)",
			p->shown);
	run_clear(p, "SELECT pg_advisory_xact_lock(" LOCK_KEY ", 1)");
	ours = (int)query_int(p, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
			      " AND tablename = 'crm_meta'");
	tables = (int)query_int(p, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()");
	if (!ours && tables > 0)
		crm_die("%s: not a crm archive (a database of another program)", p->shown);
	v = ours ? (int)query_int(p, "SELECT value FROM crm_meta WHERE key = 'schema'") : 0;
	if (v > n)
		crm_die("%s: archive schema %d is newer than this crm knows (%d); upgrade crm",
			p->shown, v, n);
	if (v < n || !ours) {
		run_clear(p, prelude);
		name_key_function(p);
		for (; v < n; v++) {
			char *t = crm_pg_sql(crm_archive_migration(v), 1, NULL, NULL);
			run_clear(p, t);
			free(t);
		}
		run_clear(p, "SELECT crm_sync_ids()");
		snprintf(sql, sizeof sql, "INSERT INTO crm_meta VALUES ('schema', '%d')"
			 " ON CONFLICT (key) DO UPDATE SET value = excluded.value", n);
		run_clear(p, sql);
	}
	run_clear(p, "COMMIT");
}

struct crm_pg *
crm_pg_open(const char *url, const char *shown, long timeout)
{
	struct crm_pg *p = xcalloc(1, sizeof *p);
	char sql[64];

	p->shown = xstrdup(shown);
	p->c = PQconnectdb(url);
	if (PQstatus(p->c) != CONNECTION_OK) {
		const char *m = PQerrorMessage(p->c);
		crm_die("%s: cannot connect: %.*s", p->shown, (int)strcspn(m, "\n"), m);
	}
	PQsetNoticeProcessor(p->c, quiet, NULL);
	if (PQsetClientEncoding(p->c, "UTF8"))
		crm_die("%s: cannot talk UTF-8 to the server", p->shown);
	/* 0 would mean no limit to PostgreSQL: the shortest wait instead. */
	snprintf(sql, sizeof sql, "SET lock_timeout = %ld", timeout > 0 ? timeout : 1);
	run_clear(p, sql);
	setup(p);
	return p;
}

void
crm_pg_close(struct crm_pg *p)
{
	if (!p)
		return;
	PQfinish(p->c);
	free(p->shown);
	free(p);
}

/* BEGIN, then the archive's writer lock: writers take turns, as on SQLite. */
void
crm_pg_begin(struct crm_pg *p)
{
	run_clear(p, "BEGIN");
	run_clear(p, "SELECT pg_advisory_xact_lock(" LOCK_KEY ", 2)");
}

void
crm_pg_commit(struct crm_pg *p)
{
	PGresult *r = run(p, "COMMIT");

	/* COMMIT of a failed transaction rolls back and says so. */
	if (!strcmp(PQcmdStatus(r), "ROLLBACK"))
		crm_die("%s: the transaction failed and was rolled back", p->shown);
	PQclear(r);
}

void
crm_pg_rollback(struct crm_pg *p)
{
	if (PQtransactionStatus(p->c) != PQTRANS_IDLE)
		PQclear(PQexec(p->c, "ROLLBACK"));
}

/* SQLite's own statements: PRAGMAs mean nothing here; BEGIN IMMEDIATE is begin. */
void
crm_pg_exec(struct crm_pg *p, const char *sql)
{
	char *t;

	while (isspace((unsigned char)*sql))
		sql++;
	if (!strncasecmp(sql, "PRAGMA", 6))
		return;
	if (!strncasecmp(sql, "BEGIN IMMEDIATE", 15)) {
		crm_pg_begin(p);
		return;
	}
	t = crm_pg_sql(sql, 0, NULL, NULL);
	run_clear(p, t);
	free(t);
}

long long
crm_pg_last_id(struct crm_pg *p)
{
	PGresult *r = PQexec(p->c, "SELECT lastval()");
	long long v = PQresultStatus(r) == PGRES_TUPLES_OK ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;

	PQclear(r);
	return v;
}

int
crm_pg_append_only(struct crm_pg *p, const char *table)
{
	struct crm_pgstmt *st = crm_pg_prepare(p,
		"SELECT count(*) FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid"
		" WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ?1"
		" AND t.tgname IN (?1 || '_no_update', ?1 || '_no_delete') AND t.tgenabled <> 'D'");
	int n;

	crm_pg_bind(st, 1, table, 0);
	n = crm_pg_step(st) ? atoi(crm_pg_text(st, 0)) : 0;
	crm_pg_finalize(st);
	return n == 2;
}

/* ---- statements ---- */

struct crm_pgstmt *
crm_pg_prepare(struct crm_pg *p, const char *sql)
{
	struct crm_pgstmt *st = xcalloc(1, sizeof *st);

	st->p = p;
	st->sql = crm_pg_sql(sql, 0, &st->n, &st->tested);
	snprintf(st->name, sizeof st->name, "crm%d", ++p->nstmt);
	st->val = xcalloc((size_t)st->n + 1, sizeof *st->val);
	st->type = xcalloc((size_t)st->n + 1, sizeof *st->type);
	return st;
}

/*
 * Prepared on its first run, when the bindings say which parameters are
 * integers; text is left for the server to type from where it is used.
 */
static void
execute(struct crm_pgstmt *st)
{
	struct crm_pg *p = st->p;
	long long t0;
	ExecStatusType s;

	if (!st->prepared) {
		PGresult *r = PQprepare(p->c, st->name, st->sql, st->n, st->type);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			die_res(p, r);
		PQclear(r);
		st->prepared = 1;
	}
	t0 = now_ms();
	st->res = PQexecPrepared(p->c, st->name, st->n, (const char *const *)st->val, NULL, NULL, 0);
	p->waited = (long)(now_ms() - t0);
	s = PQresultStatus(st->res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		die_res(p, st->res);
	st->row = 0;
	st->nrows = s == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
}

int
crm_pg_step(struct crm_pgstmt *st)
{
	if (!st->res)
		execute(st);
	if (st->row >= st->nrows)
		return 0;
	st->row++;
	return 1;
}

void
crm_pg_reset(struct crm_pgstmt *st)
{
	PQclear(st->res);
	st->res = NULL;
}

void
crm_pg_finalize(struct crm_pgstmt *st)
{
	int i;

	if (!st)
		return;
	crm_pg_reset(st);
	if (st->prepared) {
		char sql[40];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
		PQclear(PQexec(st->p->c, sql));
	}
	for (i = 0; i < st->n; i++)
		free(st->val[i]);
	free(st->val);
	free(st->type);
	free(st->sql);
	free(st);
}

/*
 * The type a parameter is prepared with: integers int8; text and NULL left
 * for the server to infer from where they are used (a NULL into an integer
 * column), but text when the statement tests the parameter IS NULL, which
 * tells the server nothing.
 */
static Oid
param_type(const struct crm_pgstmt *st, int i, int is_int)
{
	if (is_int)
		return INT8OID;
	return i <= 64 && st->tested >> (i - 1) & 1 ? TEXTOID : 0;
}

void
crm_pg_bind(struct crm_pgstmt *st, int i, const char *s, int is_int)
{
	if (i < 1 || i > st->n)
		crm_die("%s: parameter %d out of range (%d)", st->p->shown, i, st->n);
	free(st->val[i - 1]);
	st->val[i - 1] = s ? xstrdup(s) : NULL;
	if (!st->prepared && (s || !st->type[i - 1]))
		st->type[i - 1] = param_type(st, i, is_int);
}

/* Column i of the current row; booleans as SQLite gives them, 1 and 0. */
const char *
crm_pg_text(struct crm_pgstmt *st, int i)
{
	int row = st->row - 1;

	if (!st->res || row < 0 || i >= PQnfields(st->res) || PQgetisnull(st->res, row, i))
		return NULL;
	if (PQftype(st->res, i) == BOOLOID)
		return *PQgetvalue(st->res, row, i) == 't' ? "1" : "0";
	return PQgetvalue(st->res, row, i);
}

int
crm_pg_ncols(struct crm_pgstmt *st)
{
	return st->res ? PQnfields(st->res) : 0;
}

const char *
crm_pg_colname(struct crm_pgstmt *st, int i)
{
	return st->res ? PQfname(st->res, i) : "";
}
