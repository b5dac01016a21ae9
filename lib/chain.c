/* chain: SHA-256 hash chains (nettle), and chained logs kept in CSV files. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "chain.h"
#include "stream.h"

const char crm_chain_genesis[CRM_HASH_LEN] =
	"0000000000000000000000000000000000000000000000000000000000000000";

void
crm_chain_hash(const char *prev, const char *const *fields, size_t n, char out[CRM_HASH_LEN])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char len[32];
	size_t i;

	sha256_init(&ctx);
	sha256_update(&ctx, strlen(prev), (const uint8_t *)prev);
	for (i = 0; i < n; i++) {
		size_t k = strlen(fields[i]);
		int m = snprintf(len, sizeof len, "%zu:", k);
		sha256_update(&ctx, (size_t)m, (const uint8_t *)len);
		sha256_update(&ctx, k, (const uint8_t *)fields[i]);
		sha256_update(&ctx, 1, (const uint8_t *)",");
	}
	sha256_digest(&ctx, sizeof digest, digest);
	for (i = 0; i < sizeof digest; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * sizeof digest] = '\0';
}

/* The walk of a chained file: what the last row said. */
struct walk {
	long seq;
	char head[CRM_HASH_LEN];
	long anchor_seq;		/* -1: none */
	char anchor_hash[CRM_HASH_LEN];
	int anchor_seen;
};

/* Check each row of in against the chain; CRM_FINDINGS at the first break. */
static int
walk(struct crm_input *in, struct walk *wk)
{
	const struct crm_rec *r;
	int cseq = crm_input_col(in, "seq"), cprev = crm_input_col(in, "prev");
	int chash = crm_input_col(in, "hash");
	const char **fields = NULL;
	char want[CRM_HASH_LEN];
	size_t cap = 0;
	int status = CRM_OK;

	wk->seq = 0;
	memcpy(wk->head, crm_chain_genesis, CRM_HASH_LEN);
	if (crm_input_ncols(in) && (cseq < 0 || cprev < 0 || chash < 0)) {
		crm_warn("%s: not a chained log (it needs the columns seq, prev and hash)",
			 crm_input_pos(in)->file);
		return CRM_ERROR;
	}
	while (crm_input_next(in, &r)) {
		size_t i, n = 0;
		char *end;
		long seq = strtol(r->f[cseq], &end, 10);
		crm_grow(&fields, &cap, r->nf, sizeof *fields);
		for (i = 0; i < r->nf; i++)
			if ((int)i != cprev && (int)i != chash)
				fields[n++] = r->f[i];
		crm_chain_hash(r->f[cprev], fields, n, want);
		if (*end || end == r->f[cseq] || seq != wk->seq + 1) {
			crm_warn_at(&r->pos, "row %s: expected seq %ld (a row was removed, inserted or renumbered)",
				    r->f[cseq], wk->seq + 1);
			status = CRM_FINDINGS;
		} else if (strcmp(r->f[cprev], wk->head)) {
			crm_warn_at(&r->pos, "row %ld: prev does not match row %ld's hash (a row was removed or replaced)",
				    seq, wk->seq);
			status = CRM_FINDINGS;
		} else if (strcmp(r->f[chash], want)) {
			crm_warn_at(&r->pos, "row %ld: hash does not match the row's content (the row was edited)",
				    seq);
			status = CRM_FINDINGS;
		}
		if (status != CRM_OK)
			break;
		wk->seq = seq;
		memcpy(wk->head, want, CRM_HASH_LEN);
		if (seq == wk->anchor_seq) {
			wk->anchor_seen = 1;
			if (strcmp(want, wk->anchor_hash)) {
				crm_warn_at(&r->pos, "row %ld differs from the checkpoint (the log was rewritten)",
					    seq);
				status = CRM_FINDINGS;
				break;
			}
		}
	}
	free(fields);
	return crm_worst(status, crm_input_status(in));
}

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
crm_chain_verify(const char *path, const char *anchor, long *rows, char head[CRM_HASH_LEN])
{
	struct crm_opts o;
	struct walk wk = { .anchor_seq = -1 };
	char *files[] = { (char *)path };
	int status;

	crm_opts_init(&o);
	o.enc = CRM_ENC_UTF8;
	if (anchor && crm_chain_anchor_read(anchor, &wk.anchor_seq, wk.anchor_hash) < 0)
		return CRM_ERROR;
	struct crm_input *in = crm_input_open(files, 1, &o, NULL);
	status = walk(in, &wk);
	crm_input_free(in);
	if (status == CRM_OK && anchor && !wk.anchor_seen && wk.anchor_seq > 0) {
		crm_warn("%s: the checkpoint names row %ld but the log ends at row %ld (rows were cut off)",
			 path, wk.anchor_seq, wk.seq);
		status = CRM_FINDINGS;
	}
	*rows = wk.seq;
	memcpy(head, wk.head, CRM_HASH_LEN);
	return status;
}

int
crm_chain_append(const char *path, const char *const *cols, const char *const *vals, size_t n)
{
	struct crm_opts o;
	struct walk wk = { .anchor_seq = -1 };
	char *files[] = { (char *)path }, seq[24], hash[CRM_HASH_LEN];
	const char **row = xcalloc(n + 3, sizeof *row);
	int fd, status;
	FILE *fp;
	size_t i;

	if ((fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0 ||
	    flock(fd, LOCK_EX) < 0) {
		crm_warn("%s:", path);
		if (fd >= 0)
			close(fd);
		free(row);
		return -1;
	}
	/* Under the lock: the chain so far must be intact to be extended. */
	crm_opts_init(&o);
	o.enc = CRM_ENC_UTF8;
	struct crm_input *in = crm_input_open(files, 1, &o, NULL);
	status = walk(in, &wk);
	int fresh = crm_input_ncols(in) == 0;
	crm_input_free(in);
	if (status != CRM_OK) {
		crm_warn("%s: the log is broken; not appending to it", path);
		close(fd);
		free(row);
		return -1;
	}
	snprintf(seq, sizeof seq, "%ld", wk.seq + 1);
	row[0] = seq;
	for (i = 0; i < n; i++)
		row[i + 1] = vals[i];
	crm_chain_hash(wk.head, row, n + 1, hash);

	if (!(fp = fdopen(fd, "a"))) {
		crm_warn("%s:", path);
		close(fd);
		free(row);
		return -1;
	}
	struct crm_writer *w = crm_writer_new(fp, &o);
	if (!fresh)
		crm_writer_skip_header(w);
	crm_writer_col(w, "seq", NULL);
	crm_writer_col(w, "prev", NULL);
	crm_writer_col(w, "hash", NULL);
	for (i = 0; i < n; i++)
		crm_writer_col(w, cols[i], NULL);
	const char **out = xcalloc(n + 3, sizeof *out);
	out[0] = seq;
	out[1] = wk.head;
	out[2] = hash;
	for (i = 0; i < n; i++)
		out[i + 3] = vals[i];
	crm_writer_row(w, out, NULL);
	crm_writer_close(w);
	int bad = fflush(fp) != 0 || ferror(fp) || fsync(fd) != 0;
	if (fclose(fp) != 0)
		bad = 1;
	if (bad)
		crm_warn("%s: write error:", path);
	free(out);
	free(row);
	return bad ? -1 : 0;
}
