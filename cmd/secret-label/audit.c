/*
 * secret-label --audit and verify: every decision appended to a keyed
 * hash-chained CSV log, in libcrm's chain format (lib/chain: columns seq,
 * prev, hash, then the row's; HMAC-SHA-256 under the chain key), so that
 * `secret-label verify` finds an edited, inserted, removed or forged row.
 *
 * crm_chain_append re-reads and syncs the whole log for each row, and a run
 * decides thousands of times; so decisions are kept and appended in
 * batches, chained with crm_chain_extend on a checker kept open.  The log is locked only while a
 * batch goes in — never while waiting for input, so that the stages of a
 * pipeline can share one log — and a batch goes in before the output that
 * shows its decisions leaves (audit_output): what was delivered was logged.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chain.h"
#include "secret-label.h"

static const char *const audit_cols[] = {
	"time", "today", "operator", "who", "doc_id", "action", "decision", "needs", "rule",
	"reason"
};
#define NAUDIT NELEM(audit_cols)
#define BATCH (1 << 20)		/* bytes of decisions kept before they are appended */

struct audit {
	const char *path;
	int fd;
	off_t end;			/* the log's size after our last append */
	struct crm_chain *chain;	/* the log as far as end, checked */
	char *keypath;
	struct crm_chain_key key;
	char *pend;			/* decisions not yet appended: NAUDIT strings each */
	size_t plen, pcap, npend;
	char today[CRM_DATE_LEN];
	char *operator;
	int64_t when;			/* the second that now[] shows (CST) */
	char now[32];
	int failed;			/* an append failed: said once, not tried again */
};

/* Who runs the program: the login name, else $USER, else the uid. */
static char *
operator_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	const char *user = getenv("USER");
	char uid[24];

	if (pw && pw->pw_name && *pw->pw_name)
		return xstrdup(pw->pw_name);
	if (user && *user)
		return xstrdup(user);
	snprintf(uid, sizeof uid, "%ld", (long)getuid());
	return xstrdup(uid);
}

/* The header line of our logs, without its newline; the caller frees it. */
static char *
audit_header(size_t *len)
{
	char *h = NULL;
	size_t cap = 0, i;

	*len = 0;
	for (i = 0; i < 3 + NAUDIT; i++) {
		const char *c = i < 3 ? (const char *[]){ "seq", "prev", "hash" }[i] : audit_cols[i - 3];
		crm_grow(&h, &cap, *len + strlen(c) + 2, 1);
		*len += (size_t)snprintf(h + *len, cap - *len, "%s%s", i ? "," : "", c);
	}
	return h;
}

/* Whether the log at fd is empty (*size 0) or starts with the header we write. */
static int
header_matches(int fd, off_t *size)
{
	struct stat st;
	char *want, *have;
	size_t len;
	ssize_t n;
	int ok;

	if (fstat(fd, &st) < 0)
		return -1;
	if ((*size = st.st_size) == 0)
		return 1;
	want = audit_header(&len);
	have = xmalloc(len + 2);
	n = pread(fd, have, len + 1, 0);
	ok = n >= (ssize_t)len && !memcmp(have, want, len) &&
	     (n == (ssize_t)len || have[len] == '\n' || have[len] == '\r');
	free(have);
	free(want);
	return ok;
}

/* The log's columns: seq, prev, hash and ours. */
static const char *const log_cols[] = {
	"seq", "prev", "hash", "time", "today", "operator", "who", "doc_id", "action", "decision",
	"needs", "rule", "reason"
};

/*
 * The rows others appended after ours (bytes end..size), each checked to
 * continue the chain, so that catching up costs what was added, not the
 * whole log.  -1 (silently) when they do not.
 */
static int
audit_catch_up(struct audit *a, off_t size)
{
	size_t len = (size_t)(size - a->end), got = 0;
	char *buf = xmalloc(len ? len : 1);
	ssize_t n;
	int ok;

	while (got < len && (n = pread(a->fd, buf + got, len - got, a->end + (off_t)got)) > 0)
		got += (size_t)n;
	ok = got == len && crm_chain_feed_csv(a->chain, buf, len) == 0;
	free(buf);
	return ok ? 0 : -1;
}

/*
 * Under the lock: bring our idea of the log up to date — empty, or an
 * intact chain of ours whose last row we know.  -1 after a diagnostic.
 */
static int
audit_sync(struct audit *a)
{
	off_t size;
	int ok = header_matches(a->fd, &size);

	if (ok < 0) {
		crm_warn("%s:", a->path);
		return -1;
	}
	if (!ok) {
		crm_warn("%s: not a secret-label audit log (its header differs); not appending to it",
			 a->path);
		return -1;
	}
	if (a->chain && size == a->end)
		return 0;	/* nobody else wrote to it */
	if (a->chain && a->end > 0 && size > a->end && audit_catch_up(a, size) == 0) {
		a->end = size;
		return 0;
	}
	/* New to us, rewritten, or a catch-up that failed: walk it all, with the diagnostic. */
	crm_chain_free(a->chain);
	a->chain = NULL;
	/* Under the lock, the key too: another run may have just made it. */
	if (!a->key.have && crm_chain_key_load(a->keypath, 0, &a->key) < 0)
		return -1;
	if (crm_chain_walk(a->path, NULL, &a->key, log_cols, NELEM(log_cols), &a->chain) != CRM_OK) {
		crm_chain_free(a->chain);
		a->chain = NULL;
		crm_warn("%s: the log is broken; not appending to it", a->path);
		return -1;
	}
	/* The key is made on first use — not when the log is keyed and its key is missing. */
	if (crm_chain_key_need(a->chain, a->keypath, &a->key) < 0) {
		crm_chain_free(a->chain);
		a->chain = NULL;
		crm_warn("%s: not appending to it", a->path);
		return -1;
	}
	a->end = size;
	return 0;
}

static int
lock(struct audit *a, int how)
{
	while (flock(a->fd, how) < 0)
		if (errno != EINTR) {
			crm_warn("%s:", a->path);
			return -1;
		}
	return 0;
}

/*
 * Open the log at path: it must be empty or an intact chain with our
 * columns (checked now, so that a bad log stops the run before any
 * output).  NULL after a diagnostic.
 */
static void
audit_free(struct audit *a)
{
	crm_chain_free(a->chain);
	if (a->fd >= 0)
		close(a->fd);
	free(a->keypath);
	free(a->pend);
	free(a->operator);
	free(a);
}

struct audit *
audit_open(const char *path, const char *key, int32_t today)
{
	struct audit *a = xcalloc(1, sizeof *a);
	int ok;

	a->path = path;
	a->end = -1;
	a->keypath = crm_chain_key_path(key);
	if (crm_chain_key_load(a->keypath, 0, &a->key) < 0) {
		a->fd = -1;
		audit_free(a);
		return NULL;
	}
	if ((a->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) {
		crm_warn("%s:", path);
		audit_free(a);
		return NULL;
	}
	if (lock(a, LOCK_EX) < 0) {
		audit_free(a);
		return NULL;
	}
	ok = audit_sync(a);
	flock(a->fd, LOCK_UN);
	if (ok < 0) {
		audit_free(a);
		return NULL;
	}
	crm_date_format(today, a->today);
	a->operator = operator_name();
	return a;
}

/* The wall-clock time, China Standard Time: the log says when, whatever --today says. */
static const char *
now(struct audit *a)
{
	int64_t t = crm_now(NULL);	/* NULL: the clock, not --today */

	if (t != a->when) {
		crm_datetime_format(t, a->now);
		a->when = t;
	}
	return a->now;
}

static void
keep(struct audit *a, const char *s)
{
	size_t n = strlen(s) + 1;

	crm_grow(&a->pend, &a->pcap, a->plen + n, 1);
	memcpy(a->pend + a->plen, s, n);
	a->plen += n;
}

/* Log one decision: kept, and appended with the others of its batch. */
void
audit_add(struct audit *a, const char *who, const char *doc_id, const char *action,
	  const char *decision, const char *needs, const char *rule, const char *reason)
{
	const char *row[NAUDIT] = {
		now(a), a->today, a->operator, who, doc_id, action, decision, needs, rule, reason
	};

	for (size_t i = 0; i < NAUDIT; i++)
		keep(a, row[i]);
	a->npend++;
	if (a->plen >= BATCH && audit_flush(a) < 0)
		crm_die("%s: %zu decisions could not be logged; stopping", a->path, a->npend);
}

/*
 * Append the kept decisions: under the lock, after whatever others
 * appended meanwhile, each row chained to the one before (seq, prev, hash =
 * HMAC-SHA-256 over prev, seq and the values), then synced.  0, or -1
 * after a diagnostic.
 */
int
audit_flush(struct audit *a)
{
	char seq[24], prev[CRM_PREV_LEN], hash[CRM_HASH_LEN];
	const char *out[3 + NAUDIT];
	struct crm_opts o;
	struct stat st;
	FILE *fp;
	int fd, bad;

	if (a->failed)
		return -1;
	if (!a->npend)
		return 0;
	a->failed = 1;
	if (lock(a, LOCK_EX) < 0)
		return -1;
	if (audit_sync(a) < 0) {
		flock(a->fd, LOCK_UN);
		return -1;
	}
	if ((fd = dup(a->fd)) < 0 || !(fp = fdopen(fd, "a"))) {
		crm_warn("%s:", a->path);
		if (fd >= 0)
			close(fd);
		flock(a->fd, LOCK_UN);
		return -1;
	}
	crm_opts_init(&o);	/* plain CSV, whatever the output's options */
	struct crm_writer *w = crm_writer_new(fp, &o);
	if (a->end)
		crm_writer_skip_header(w);
	crm_writer_col(w, "seq", NULL);
	crm_writer_col(w, "prev", NULL);
	crm_writer_col(w, "hash", NULL);
	for (size_t i = 0; i < NAUDIT; i++)
		crm_writer_col(w, audit_cols[i], NULL);
	const char *p = a->pend;
	for (size_t r = 0; r < a->npend; r++) {
		out[0] = out[1] = out[2] = "";
		for (size_t i = 0; i < NAUDIT; i++, p += strlen(p) + 1)
			out[3 + i] = p;
		if (crm_chain_extend(a->chain, out, seq, prev, hash) < 0)
			crm_die("%s: the chain cannot be extended", a->path);
		out[0] = seq;
		out[1] = prev;
		out[2] = hash;
		crm_writer_row(w, out, NULL);
	}
	crm_writer_close(w);
	bad = fflush(fp) != 0 || ferror(fp) || fsync(fd) != 0;
	if (fclose(fp) != 0)
		bad = 1;
	if (bad || fstat(a->fd, &st) < 0) {
		crm_warn("%s: write error:", a->path);
		flock(a->fd, LOCK_UN);
		return -1;
	}
	a->end = st.st_size;
	a->plen = a->npend = 0;
	a->failed = 0;
	flock(a->fd, LOCK_UN);
	return 0;
}

/* Append what is left and close the log; returns a status. */
int
audit_close(struct audit *a)
{
	int status = audit_flush(a) < 0 ? CRM_ERROR : CRM_OK;

	audit_free(a);
	return status;
}

/* The output under --audit: a stream whose every write first appends the decisions it shows. */
static ssize_t
audited_write(void *cookie, const char *buf, size_t n)
{
	size_t done = 0;
	ssize_t k;

	if (audit_flush(cookie) < 0) {
		errno = EIO;
		return -1;
	}
	while (done < n) {
		if ((k = write(STDOUT_FILENO, buf + done, n - done)) < 0) {
			if (errno == EINTR)
				continue;
			return done ? (ssize_t)done : -1;
		}
		done += (size_t)k;
	}
	return (ssize_t)n;
}

FILE *
audit_output(struct audit *a)
{
	static const cookie_io_functions_t io = { .write = audited_write };
	FILE *fp = fopencookie(a, "w", io);

	if (!fp)
		crm_die("standard output:");
	setvbuf(fp, NULL, _IOFBF, 1 << 16);
	return fp;
}

/*
 * secret-label verify [--anchor FILE] [--key FILE] LOG: the chain intact and
 * its keyed rows authentic, its head printed as "SEQ HASH".  Without the
 * key, the structure is checked and the exit is 1.
 */
int
cmd_verify(struct ctx *x)
{
	struct crm_chain_head head;
	struct crm_chain_key key;
	char *path;
	int status;

	if (x->nfiles != 1)
		crm_usage_error("verify needs one audit log, found %d operands", x->nfiles);
	path = crm_chain_key_path(x->o->key);
	if (crm_chain_key_load(path, 0, &key) < 0) {
		free(path);
		return CRM_ERROR;
	}
	status = crm_chain_verify(x->files[0], x->o->anchor, &key, &head);
	if (status == CRM_OK)
		printf("%ld %s\n", head.seq, head.hash);
	free(path);
	return status;
}
