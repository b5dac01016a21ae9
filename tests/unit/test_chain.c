/* Unit tests of lib/chain: SHA-256 hash chains and chained CSV logs. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain.h"
#include "tap.h"

static void
put_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0)
		crm_die("%s:", path);
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = xcalloc(1, 1 << 16);

	if (!fp || fread(buf, 1, (1 << 16) - 1, fp) == 0)
		crm_die("%s:", path);
	fclose(fp);
	return buf;
}

int
main(void)
{
	char dir[] = "/tmp/crm-test-chain-XXXXXX", path[64], anchor[64], h1[CRM_HASH_LEN],
	     h2[CRM_HASH_LEN], head[CRM_HASH_LEN];
	const char *cols[] = { "who", "what" };
	const char *a[] = { "王伟", "read C001" }, *b[] = { "李娜", "copy, \"D7\"" },
		   *c[] = { "S3", "lend\nD9" };
	const char *f1[] = { "1", "a" }, *f2[] = { "1a" }, *f3[] = { "1", "a," };
	long rows, seq;

	crm_init();
	if (!mkdtemp(dir))
		crm_die("mkdtemp:");
	snprintf(path, sizeof path, "%s/audit.csv", dir);
	snprintf(anchor, sizeof anchor, "%s/head", dir);

	crm_chain_hash(crm_chain_genesis, f1, 2, h1);
	crm_chain_hash(crm_chain_genesis, f2, 1, h2);
	is_int(strlen(h1), 64, "a hash is 64 hex digits");
	ok(strcmp(h1, h2) != 0, "fields are length-prefixed: (1, a) and (1a) differ");
	crm_chain_hash(crm_chain_genesis, f3, 2, h2);
	ok(strcmp(h1, h2) != 0, "(1, a) and (1, a,) differ");
	crm_chain_hash(crm_chain_genesis, f1, 2, h2);
	is_str(h1, h2, "the same row hashes the same");
	crm_chain_hash(h1, f1, 2, h2);
	ok(strcmp(h1, h2) != 0, "the previous hash is part of the row's");

	is_int(crm_chain_append(path, cols, a, 2), 0, "append to a new log");
	is_int(crm_chain_append(path, cols, b, 2), 0, "append a row with quotes and a comma");
	is_int(crm_chain_append(path, cols, c, 2), 0, "append a row with a line break");
	char *text = slurp(path);
	ok(!strncmp(text, "seq,prev,hash,who,what\n1,0000", 29), "the log is CSV with seq, prev, hash first");
	is_int(crm_chain_verify(path, NULL, &rows, head), CRM_OK, "an untouched log verifies");
	is_int(rows, 3, "three rows");

	put_file(anchor, "");
	FILE *fp = fopen(anchor, "w");
	fprintf(fp, "%ld %s\n", rows, head);
	fclose(fp);
	is_int(crm_chain_verify(path, anchor, &rows, head), CRM_OK, "the log matches its checkpoint");
	is_int(crm_chain_anchor_read(anchor, &seq, h1), 0, "a checkpoint reads back");
	is_int(seq, 3, "the checkpoint's seq");

	/* Cut the last row off: the chain is still whole, the checkpoint says otherwise. */
	char *last = strstr(text, "\n3,");
	*++last = '\0';
	put_file(path, text);
	is_int(crm_chain_verify(path, NULL, &rows, head), CRM_OK, "a cut log still chains");
	is_int(crm_chain_verify(path, anchor, &rows, head), CRM_FINDINGS,
	       "the checkpoint shows the cut");

	/* Edit a row. */
	char *edit = strstr(text, "read C001");
	edit[5] = 'X';
	put_file(path, text);
	is_int(crm_chain_verify(path, NULL, &rows, head), CRM_FINDINGS, "an edited row breaks the chain");
	is_int(crm_chain_append(path, cols, a, 2), -1, "a broken log is not appended to");
	edit[5] = 'C';
	put_file(path, text);
	is_int(crm_chain_verify(path, NULL, &rows, head), CRM_OK, "undone, it verifies again");

	/* Remove the first row. */
	put_file(path, strchr(strchr(text, '\n') + 1, '\n') + 1);
	is_int(crm_chain_verify(path, NULL, &rows, head), CRM_ERROR,
	       "without its header the file is not a chained log");
	char *second = strstr(text, "\n2,");
	char *hdr = xstrndup(text, (size_t)(strchr(text, '\n') - text + 1));
	char *joined = xcalloc(1, strlen(hdr) + strlen(second) + 1);
	strcat(strcat(joined, hdr), second + 1);
	put_file(path, joined);
	is_int(crm_chain_verify(path, NULL, &rows, head), CRM_FINDINGS, "a removed first row is found");

	put_file(anchor, "3 nothex\n");
	is_int(crm_chain_anchor_read(anchor, &seq, h1), -1, "a bad checkpoint is refused");

	unlink(path);
	unlink(anchor);
	rmdir(dir);
	free(text);
	free(hdr);
	free(joined);
	return tap_done();
}
