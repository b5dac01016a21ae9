/* chain: keyed hash chains (HMAC-SHA-256, nettle), checked a row at a time, and chained CSV logs. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include "chain.h"
#include "stream.h"

const char crm_chain_genesis[CRM_HASH_LEN] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static const char hex[] = "0123456789abcdef";

static void
to_hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* A SHA-256 or an HMAC-SHA-256 being computed: one update for both. */
struct digest {
	int keyed;
	struct sha256_ctx sha;
	struct hmac_sha256_ctx hmac;
};

static void
put(struct digest *d, size_t n, const void *p)
{
	if (d->keyed)
		hmac_sha256_update(&d->hmac, n, p);
	else
		sha256_update(&d->sha, n, p);
}

/* "LENGTH:BYTES," */
static void
put_field(struct digest *d, const char *s)
{
	char len[32];
	size_t k = strlen(s);
	int m = snprintf(len, sizeof len, "%zu:", k);

	put(d, (size_t)m, len);
	put(d, k, s);
	put(d, 1, ",");
}

static void
finish(struct digest *d, char out[CRM_HASH_LEN])
{
	uint8_t digest[SHA256_DIGEST_SIZE];

	if (d->keyed)
		hmac_sha256_digest(&d->hmac, sizeof digest, digest);
	else
		sha256_digest(&d->sha, sizeof digest, digest);
	to_hex(digest, sizeof digest, out);
}

void
crm_chain_hash(const char *prev, const char *const *fields, size_t n, char out[CRM_HASH_LEN])
{
	struct digest d = { .keyed = 0 };

	sha256_init(&d.sha);
	put(&d, strlen(prev), prev);
	for (size_t i = 0; i < n; i++)
		put_field(&d, fields[i]);
	finish(&d, out);
}

/*
 * The HMAC of a keyed row: over the column names when it is the first
 * keyed row ("crm-chain header," then each name, then a newline), prev,
 * and the fields.
 */
static void
keyed_hash(const struct crm_chain_key *key, const char *const *cols, size_t ncols, const char *prev,
	   const char *const *fields, size_t n, char out[CRM_HASH_LEN])
{
	struct digest d = { .keyed = 1 };

	hmac_sha256_set_key(&d.hmac, sizeof key->k, key->k);
	if (cols) {
		put(&d, 17, "crm-chain header,");
		for (size_t i = 0; i < ncols; i++)
			put_field(&d, cols[i]);
		put(&d, 1, "\n");
	}
	put(&d, strlen(prev), prev);
	for (size_t i = 0; i < n; i++)
		put_field(&d, fields[i]);
	finish(&d, out);
}

/* --- keys -------------------------------------------------------------------- */

char *
crm_chain_key_path(const char *file)
{
	const char *env = getenv("CRM_CHAIN_KEY"), *xdg = getenv("XDG_CONFIG_HOME"),
		   *home = getenv("HOME");

	if (file && *file)
		return xstrdup(file);
	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg == '/')
		return xasprintf("%s/crm/chain.key", xdg);
	return xasprintf("%s/.config/crm/chain.key", home && *home ? home : ".");
}

static void
key_id(struct crm_chain_key *key)
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, sizeof key->k, key->k);
	sha256_digest(&ctx, sizeof d, d);
	to_hex(d, 4, key->id);
}

/* Make the directories above path (0700) that are missing. */
static void
make_parents(const char *path)
{
	char *dir = xstrdup(path);

	for (char *p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	free(dir);
}

/*
 * A new random key into a new file at path, atomically: written and synced
 * under another name, then linked into place, so that nobody reads half a
 * key and two first uses at once agree on one.  0, or -1 after a diagnostic
 * (a key that appeared meanwhile is fine: 0).
 */
static int
key_create(const char *path)
{
	uint8_t k[32];
	char text[2 * sizeof k + 2];
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	int fd, status = -1;

	make_parents(path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
		crm_warn("%s:", path);
		free(tmp);
		return -1;
	}
	if (getrandom(k, sizeof k, 0) != (ssize_t)sizeof k) {
		crm_warn("%s: no random bytes for a key:", path);
		goto out;
	}
	to_hex(k, sizeof k, text);
	text[2 * sizeof k] = '\n';
	text[2 * sizeof k + 1] = '\0';
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text) || fsync(fd) != 0) {
		crm_warn("%s: write error:", path);
		goto out;
	}
	if (link(tmp, path) < 0 && errno != EEXIST) {
		crm_warn("%s:", path);
		goto out;
	}
	status = 0;
out:
	close(fd);
	unlink(tmp);
	free(tmp);
	return status;
}

int
crm_chain_key_load(const char *path, int create, struct crm_chain_key *key)
{
	char text[2 * sizeof key->k + 4];
	struct crm_pos pos = { path, 1 };
	ssize_t n;
	int fd;

	memset(key, 0, sizeof *key);
	key->path = path;
	while ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno != ENOENT) {
			crm_warn("%s:", path);
			return -1;
		}
		if (!create)
			return 1;
		if (key_create(path) < 0)
			return -1;
		create = 0;	/* made (or made by another): now it must open */
	}
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n < 0) {
		crm_warn("%s:", path);
		return -1;
	}
	text[n] = '\0';
	if (n < 64 || strspn(text, hex) != 64 || strspn(text + 64, " \t\r\n") != (size_t)n - 64) {
		crm_warn_at(&pos, "expected a chain key (64 hex digits)");
		return -1;
	}
	for (size_t i = 0; i < sizeof key->k; i++)
		key->k[i] = (unsigned char)((strchr(hex, text[2 * i]) - hex) << 4 |
					    (strchr(hex, text[2 * i + 1]) - hex));
	key->have = 1;
	key_id(key);
	return 0;
}

/* --- the checker ----------------------------------------------------------- */

struct crm_chain {
	char *where, *label, *anchor;
	char **cols;
	size_t ncols;
	int cseq, cprev, chash;
	struct crm_chain_key key;
	long seq;
	char head[CRM_HASH_LEN];
	long keyed;			/* seq of the first keyed row, 0: none yet */
	long unchecked;			/* keyed rows not authenticated (no key) */
	int broken;
	int quiet;			/* crm_chain_feed_csv: no diagnostics */
	long anchor_seq;		/* -1: none */
	char anchor_hash[CRM_HASH_LEN];
	int anchor_seen;
	const char **fields;
	size_t cap;
};

/* A finding about a row: "FILE:LINE: row N: ..." or "DB: access log row N: ...". */
static void __attribute__((format(printf, 3, 4)))
say(const struct crm_chain *c, const struct crm_pos *pos, const char *fmt, ...)
{
	va_list ap;
	char *m;

	if (c->quiet)
		return;
	va_start(ap, fmt);
	if (vasprintf(&m, fmt, ap) < 0)
		crm_die("out of memory");
	va_end(ap);
	if (pos)
		crm_warn_at(pos, "%s", m);
	else
		crm_warn("%s: %s%s%s", c->where, c->label ? c->label : "", c->label ? " " : "", m);
	free(m);
}

static int
col_index(const char *const *cols, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(cols[i], name))
			return (int)i;
	return -1;
}

struct crm_chain *
crm_chain_check(const char *where, const char *label, const char *const *cols, size_t ncols,
		const struct crm_chain_key *key, const char *anchor)
{
	struct crm_chain *c;
	int cseq = col_index(cols, ncols, "seq"), cprev = col_index(cols, ncols, "prev"),
	    chash = col_index(cols, ncols, "hash");

	if (cseq < 0 || cprev < 0 || chash < 0) {
		crm_warn("%s: not a chained log (it needs the columns seq, prev and hash)", where);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->anchor_seq = -1;
	if (anchor && crm_chain_anchor_read(anchor, &c->anchor_seq, c->anchor_hash) < 0) {
		free(c);
		return NULL;
	}
	c->where = xstrdup(where);
	c->label = label ? xstrdup(label) : NULL;
	c->anchor = anchor ? xstrdup(anchor) : NULL;
	c->cols = xcalloc(ncols, sizeof *c->cols);
	for (size_t i = 0; i < ncols; i++)
		c->cols[i] = xstrdup(cols[i]);
	c->ncols = ncols;
	c->cseq = cseq;
	c->cprev = cprev;
	c->chash = chash;
	if (key)
		c->key = *key;
	memcpy(c->head, crm_chain_genesis, CRM_HASH_LEN);
	crm_grow(&c->fields, &c->cap, ncols, sizeof *c->fields);
	return c;
}

/* The fields a row's hash covers: every column but prev and hash, seq given. */
static size_t
hashed_fields(struct crm_chain *c, const char *const *f, const char *seq)
{
	size_t n = 0;

	for (size_t i = 0; i < c->ncols; i++)
		if ((int)i == c->cseq)
			c->fields[n++] = seq;
		else if ((int)i != c->cprev && (int)i != c->chash)
			c->fields[n++] = f[i];
	return n;
}

int
crm_chain_next(struct crm_chain *c, const struct crm_pos *pos, const char *const *f, size_t nf)
{
	const char *seqs, *prev, *hash, *after = NULL;
	char want[CRM_HASH_LEN];
	size_t n;
	char *end;
	long seq;
	int first = 0;

	if (c->broken)
		return CRM_FINDINGS;
	if (nf < c->ncols) {
		say(c, pos, "row %ld: expected %zu fields, found %zu", c->seq + 1, c->ncols, nf);
		c->broken = 1;
		return CRM_FINDINGS;
	}
	seqs = f[c->cseq];
	prev = f[c->cprev];
	hash = f[c->chash];
	seq = strtol(seqs, &end, 10);
	if (*end || end == seqs || seq != c->seq + 1) {
		if (pos)
			say(c, pos, "row %s: expected seq %ld (a row was removed, inserted or renumbered)",
			    seqs, c->seq + 1);
		else
			say(c, pos, "row %s: expected row %ld next (a row was removed, inserted or renumbered)",
			    seqs, c->seq + 1);
		c->broken = 1;
		return CRM_FINDINGS;
	}
	/* The first keyed row: prev is "hmac-sha256:KEYID:" and the previous hash. */
	if (!c->keyed && !strncmp(prev, CRM_CHAIN_MARK, strlen(CRM_CHAIN_MARK))) {
		const char *id = prev + strlen(CRM_CHAIN_MARK);
		first = 1;
		if (strspn(id, hex) == 8 && id[8] == ':')
			after = id + 9;
		if (after && c->key.have && strncmp(id, c->key.id, 8)) {
			say(c, pos, "row %ld: the chain is keyed from here with key %.8s, but %s holds key %s (the wrong key file?)",
			    seq, id, c->key.path ? c->key.path : "the key file", c->key.id);
			c->broken = 1;
			return CRM_FINDINGS;
		}
	} else
		after = prev;
	if (!after || strcmp(after, c->head)) {
		say(c, pos, "row %ld: prev does not match row %ld's hash (a row was removed or replaced)",
		    seq, c->seq);
		c->broken = 1;
		return CRM_FINDINGS;
	}
	n = hashed_fields(c, f, seqs);
	if (!c->keyed && !first) {
		crm_chain_hash(prev, c->fields, n, want);
	} else if (c->key.have) {
		keyed_hash(&c->key, first ? (const char *const *)c->cols : NULL, c->ncols, prev,
			   c->fields, n, want);
	} else {
		/* No key: the structure only. */
		if (strlen(hash) == CRM_HASH_LEN - 1 && strspn(hash, hex) == CRM_HASH_LEN - 1)
			snprintf(want, sizeof want, "%s", hash);
		else
			want[0] = '\0';
		c->unchecked++;
	}
	if (strcmp(hash, want)) {
		if (first)
			say(c, pos, "row %ld: hash does not match the header and the row's content (the header or the row was edited)",
			    seq);
		else
			say(c, pos, "row %ld: hash does not match the row's content (the row was edited)", seq);
		c->broken = 1;
		return CRM_FINDINGS;
	}
	if (seq == c->anchor_seq) {
		c->anchor_seen = 1;
		if (strcmp(want, c->anchor_hash)) {
			if (pos)
				say(c, pos, "row %ld differs from the checkpoint (the log was rewritten)", seq);
			else
				say(c, pos, "row %ld differs from the checkpoint %s (the log was rewritten)",
				    seq, c->anchor);
			c->broken = 1;
			return CRM_FINDINGS;
		}
	}
	if (first)
		c->keyed = seq;
	c->seq = seq;
	memcpy(c->head, want, CRM_HASH_LEN);
	return CRM_OK;
}

int
crm_chain_extend(struct crm_chain *c, const char *const *f, char seq[24], char prev[CRM_PREV_LEN],
		 char hash[CRM_HASH_LEN])
{
	int first = !c->keyed;
	size_t n;

	if (c->broken || !c->key.have || c->unchecked)
		return -1;
	snprintf(seq, 24, "%ld", c->seq + 1);
	if (first)
		snprintf(prev, CRM_PREV_LEN, "%s%s:%s", CRM_CHAIN_MARK, c->key.id, c->head);
	else
		snprintf(prev, CRM_PREV_LEN, "%s", c->head);
	n = hashed_fields(c, f, seq);
	keyed_hash(&c->key, first ? (const char *const *)c->cols : NULL, c->ncols, prev, c->fields, n,
		   hash);
	if (first)
		c->keyed = c->seq + 1;
	c->seq++;
	memcpy(c->head, hash, CRM_HASH_LEN);
	return 0;
}

void
crm_chain_head(const struct crm_chain *c, struct crm_chain_head *head)
{
	if (!head)
		return;
	head->seq = c->seq;
	memcpy(head->hash, c->head, CRM_HASH_LEN);
	head->keyed = c->keyed;
}

int
crm_chain_use_key(struct crm_chain *c, const struct crm_chain_key *key)
{
	if (c->keyed && !c->key.have)
		return -1;
	c->key = *key;
	return 0;
}

void
crm_chain_free(struct crm_chain *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ncols; i++)
		free(c->cols[i]);
	free(c->cols);
	free(c->fields);
	free(c->where);
	free(c->label);
	free(c->anchor);
	free(c);
}

int
crm_chain_key_need(struct crm_chain *c, const char *keypath, struct crm_chain_key *key)
{
	if (key->have)
		return 0;
	if (c->keyed) {
		crm_warn("%s: the chain is keyed from row %ld, but there is no key (%s)", c->where, c->keyed,
			 keypath);
		return -1;
	}
	if (crm_chain_key_load(keypath, 1, key) < 0)
		return -1;
	return crm_chain_use_key(c, key);
}

int
crm_chain_end(struct crm_chain *c, struct crm_chain_head *head)
{
	int status = c->broken ? CRM_FINDINGS : CRM_OK;

	if (status == CRM_OK && c->anchor_seq > 0 && !c->anchor_seen) {
		if (c->label)
			crm_warn("%s: the checkpoint %s names row %ld but the %s ends at row %ld (rows were cut off)",
				 c->where, c->anchor, c->anchor_seq, c->label, c->seq);
		else
			crm_warn("%s: the checkpoint names row %ld but the log ends at row %ld (rows were cut off)",
				 c->where, c->anchor_seq, c->seq);
		status = CRM_FINDINGS;
	}
	if (status == CRM_OK && c->unchecked) {
		crm_warn("%s: the chain is intact, but the authenticity of its keyed rows (%ld to %ld) could not be checked: no key (%s)",
			 c->where, c->keyed, c->seq, c->key.path ? c->key.path : "none given");
		status = CRM_FINDINGS;
	}
	crm_chain_head(c, head);
	crm_chain_free(c);
	return status;
}

/* --- chained CSV files ------------------------------------------------------ */

int
crm_chain_anchor_read(const char *path, long *seq, char hash[CRM_HASH_LEN])
{
	FILE *fp = fopen(path, "r");
	char line[256], *end;
	size_t n;

	if (!fp) {
		crm_warn("%s:", path);
		return -1;
	}
	if (!fgets(line, sizeof line, fp))
		line[0] = '\0';
	fclose(fp);
	*seq = strtol(line, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	n = strcspn(end, " \t\r\n");
	if (end == line || *seq < 0 || n != CRM_HASH_LEN - 1 ||
	    strspn(end, "0123456789abcdef") < n) {
		struct crm_pos pos = { path, 1 };
		crm_warn_at(&pos, "expected a checkpoint 'SEQ HASH' (64 hex digits)");
		return -1;
	}
	memcpy(hash, end, CRM_HASH_LEN - 1);
	hash[CRM_HASH_LEN - 1] = '\0';
	return 0;
}

int
crm_chain_walk(const char *path, const char *anchor, const struct crm_chain_key *key,
	       const char *const *cols, size_t ncols, struct crm_chain **out)
{
	static const char *const bare[] = { "seq", "prev", "hash" };
	struct crm_opts o;
	const struct crm_rec *r;
	char *files[] = { (char *)path };
	const char **have = NULL;
	size_t n;
	int status = CRM_OK;

	*out = NULL;
	crm_opts_init(&o);
	o.enc = CRM_ENC_UTF8;
	struct crm_input *in = crm_input_open(files, 1, &o, NULL);
	n = crm_input_ncols(in);
	if (crm_input_status(in) != CRM_OK) {
		crm_input_free(in);
		return CRM_ERROR;
	}
	if (n) {
		have = xcalloc(n, sizeof *have);
		for (size_t i = 0; i < n; i++)
			have[i] = crm_input_colname(in, i);
		*out = crm_chain_check(path, NULL, have, n, key, anchor);
	} else
		*out = crm_chain_check(path, NULL, cols ? cols : bare, cols ? ncols : 3, key,
				       anchor);
	free(have);
	if (!*out) {
		crm_input_free(in);
		return CRM_ERROR;
	}
	while (crm_input_next(in, &r))
		if (crm_chain_next(*out, &r->pos, (const char *const *)r->f, r->nf) != CRM_OK)
			status = CRM_FINDINGS;
	status = crm_worst(status, crm_input_status(in));
	crm_input_free(in);
	return status;
}

int
crm_chain_verify(const char *path, const char *anchor, const struct crm_chain_key *key,
		 struct crm_chain_head *head)
{
	struct crm_chain *c;
	int status = crm_chain_walk(path, anchor, key, NULL, 0, &c);

	if (!c) {
		if (head) {
			head->seq = 0;
			memcpy(head->hash, crm_chain_genesis, CRM_HASH_LEN);
			head->keyed = 0;
		}
		return status;
	}
	if (status == CRM_ERROR) {
		crm_chain_end(c, head);
		return status;
	}
	return crm_worst(status, crm_chain_end(c, head));
}

int
crm_chain_append(const char *path, const struct crm_chain_key *key, const char *const *cols,
		 const char *const *vals, size_t n)
{
	struct crm_opts o;
	struct crm_chain *c = NULL;
	char seq[24], prev[CRM_PREV_LEN], hash[CRM_HASH_LEN];
	const char **all = xcalloc(n + 3, sizeof *all), **row = xcalloc(n + 3, sizeof *row);
	int fd = -1, status, bad = 1;
	FILE *fp;
	size_t i;
	struct stat st;

	all[0] = "seq";
	all[1] = "prev";
	all[2] = "hash";
	for (i = 0; i < n; i++)
		all[i + 3] = cols[i];
	if (!key || !key->have) {
		crm_warn("%s: no key to append with", path);
		goto out;
	}
	if ((fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0 ||
	    flock(fd, LOCK_EX) < 0 || fstat(fd, &st) < 0) {
		crm_warn("%s:", path);
		goto out;
	}
	/* Under the lock: the chain so far must be intact to be extended. */
	status = crm_chain_walk(path, NULL, key, all, n + 3, &c);
	if (status != CRM_OK) {
		crm_warn("%s: the log is broken; not appending to it", path);
		goto out;
	}
	for (i = 0; i < n; i++)
		row[i + 3] = vals[i];
	if (c->ncols != n + 3) {
		crm_warn("%s: the log has %zu columns, not %zu; not appending to it", path, c->ncols, n + 3);
		goto out;
	}
	crm_chain_extend(c, row, seq, prev, hash);
	row[0] = seq;
	row[1] = prev;
	row[2] = hash;
	if (!(fp = fdopen(fd, "a"))) {
		crm_warn("%s:", path);
		goto out;
	}
	fd = -1;
	crm_opts_init(&o);
	struct crm_writer *w = crm_writer_new(fp, &o);
	if (st.st_size)
		crm_writer_skip_header(w);
	for (i = 0; i < n + 3; i++)
		crm_writer_col(w, all[i], NULL);
	crm_writer_row(w, row, NULL);
	crm_writer_close(w);
	bad = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0;
	if (fclose(fp) != 0)
		bad = 1;
	if (bad)
		crm_warn("%s: write error:", path);
out:
	if (fd >= 0)
		close(fd);
	if (c)
		crm_chain_end(c, NULL);
	free(all);
	free(row);
	return bad ? -1 : 0;
}

/* crm_chain_feed_csv's parse: the fields of the row being read. */
struct feed {
	struct crm_chain *c;
	char **f;
	size_t nf, cap;
	int status;
};

static void
feed_field(void *s, size_t len, void *data)
{
	struct feed *fd = data;

	crm_grow(&fd->f, &fd->cap, fd->nf + 1, sizeof *fd->f);
	fd->f[fd->nf++] = xstrndup(s ? s : "", s ? len : 0);
}

static void
feed_row(int term, void *data)
{
	struct feed *fd = data;

	(void)term;
	if (fd->status == CRM_OK &&
	    crm_chain_next(fd->c, NULL, (const char *const *)fd->f, fd->nf) != CRM_OK)
		fd->status = CRM_FINDINGS;
	while (fd->nf)
		free(fd->f[--fd->nf]);
}

int
crm_chain_feed_csv(struct crm_chain *c, const char *buf, size_t len)
{
	struct csv_parser p;
	struct feed fd = { .c = c, .status = CRM_OK };

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return -1;
	c->quiet = 1;
	if (csv_parse(&p, buf, len, feed_field, feed_row, &fd) != len ||
	    csv_fini(&p, feed_field, feed_row, &fd) != 0)
		fd.status = CRM_ERROR;
	c->quiet = 0;
	csv_free(&p);
	while (fd.nf)
		free(fd.f[--fd.nf]);
	free(fd.f);
	if (fd.status != CRM_OK)
		c->broken = 1;
	return fd.status == CRM_OK ? 0 : -1;
}
