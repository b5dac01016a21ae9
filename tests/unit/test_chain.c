/* Unit tests of lib/chain: SHA-256 hash chains and chained CSV logs. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	     h2[CRM_HASH_LEN];
	const char *cols[] = { "who", "what" };
	const char *a[] = { "王伟", "read C001" }, *b[] = { "李娜", "copy, \"D7\"" },
		   *c[] = { "S3", "lend\nD9" };
	const char *f1[] = { "1", "a" }, *f2[] = { "1a" }, *f3[] = { "1", "a," };
	long seq;
	struct crm_chain_head hd;
	struct crm_chain_key key, other, none = { 0 };
	char keypath[64], otherpath[64];

	crm_init();
	if (!mkdtemp(dir))
		crm_die("mkdtemp:");
	snprintf(path, sizeof path, "%s/audit.csv", dir);
	snprintf(anchor, sizeof anchor, "%s/head", dir);
	snprintf(keypath, sizeof keypath, "%s/k/chain.key", dir);
	snprintf(otherpath, sizeof otherpath, "%s/other.key", dir);

	/* Keys: made on first use, 0600, read back the same. */
	is_int(crm_chain_key_load(keypath, 0, &key), 1, "a missing key is not made without create");
	ok(!key.have, "... and there is no key");
	is_int(crm_chain_key_load(keypath, 1, &key), 0, "a missing key is made with create");
	struct stat st;
	ok(stat(keypath, &st) == 0 && (st.st_mode & 0777) == 0600, "the key file is mode 0600");
	is_int(crm_chain_key_load(keypath, 1, &other), 0, "the key reads back");
	ok(!memcmp(key.k, other.k, sizeof key.k) && !strcmp(key.id, other.id), "... the same key");
	is_int(strlen(key.id), 8, "a key id is 8 hex digits");
	is_int(crm_chain_key_load(otherpath, 1, &other), 0, "another key");
	ok(memcmp(key.k, other.k, sizeof key.k) != 0, "... differs");
	put_file(anchor, "not a key\n");
	is_int(crm_chain_key_load(anchor, 0, &none), -1, "a file that is not a key is refused");
	memset(&none, 0, sizeof none);
	setenv("CRM_CHAIN_KEY", "/x/y.key", 1);
	char *kp = crm_chain_key_path(NULL);
	is_str(kp, "/x/y.key", "CRM_CHAIN_KEY names the key file");
	free(kp);
	kp = crm_chain_key_path("given.key");
	is_str(kp, "given.key", "--key wins over CRM_CHAIN_KEY");
	free(kp);
	unsetenv("CRM_CHAIN_KEY");
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	kp = crm_chain_key_path(NULL);
	is_str(kp, "/cfg/crm/chain.key", "else $XDG_CONFIG_HOME/crm/chain.key");
	free(kp);

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

	is_int(crm_chain_append(path, &key, cols, a, 2), 0, "append to a new log");
	is_int(crm_chain_append(path, &key, cols, b, 2), 0, "append a row with quotes and a comma");
	is_int(crm_chain_append(path, &key, cols, c, 2), 0, "append a row with a line break");
	char *text = slurp(path);
	char mark[64];
	snprintf(mark, sizeof mark, "seq,prev,hash,who,what\n1,hmac-sha256:%s:0000", key.id);
	ok(!strncmp(text, mark, strlen(mark)), "the log is CSV with seq, prev, hash first; row 1 is keyed");
	is_int(crm_chain_verify(path, NULL, &key, &hd), CRM_OK, "an untouched log verifies");
	is_int(hd.seq, 3, "three rows");
	is_int(hd.keyed, 1, "keyed from row 1");
	is_int(crm_chain_verify(path, NULL, &none, &hd), CRM_FINDINGS,
	       "without the key: its authenticity is not checked");
	is_int(hd.seq, 3, "... but its structure is");
	is_int(crm_chain_verify(path, NULL, &other, &hd), CRM_FINDINGS, "the wrong key is found");
	is_int(crm_chain_append(path, &other, cols, a, 2), -1, "nor appended with");

	put_file(anchor, "");
	FILE *fp = fopen(anchor, "w");
	crm_chain_verify(path, NULL, &key, &hd);
	fprintf(fp, "%ld %s\n", hd.seq, hd.hash);
	fclose(fp);
	is_int(crm_chain_verify(path, anchor, &key, &hd), CRM_OK, "the log matches its checkpoint");
	is_int(crm_chain_anchor_read(anchor, &seq, h1), 0, "a checkpoint reads back");
	is_int(seq, 3, "the checkpoint's seq");

	/* Cut the last row off: the chain is still whole, the checkpoint says otherwise. */
	char *last = strstr(text, "\n3,");
	*++last = '\0';
	put_file(path, text);
	is_int(crm_chain_verify(path, NULL, &key, &hd), CRM_OK, "a cut log still chains");
	is_int(crm_chain_verify(path, anchor, &key, &hd), CRM_FINDINGS,
	       "the checkpoint shows the cut");

	/* Edit a row. */
	char *edit = strstr(text, "read C001");
	edit[5] = 'X';
	put_file(path, text);
	is_int(crm_chain_verify(path, NULL, &key, &hd), CRM_FINDINGS, "an edited row breaks the chain");
	is_int(crm_chain_append(path, &key, cols, a, 2), -1, "a broken log is not appended to");
	edit[5] = 'C';
	put_file(path, text);
	is_int(crm_chain_verify(path, NULL, &key, &hd), CRM_OK, "undone, it verifies again");

	/* Remove the first row. */
	put_file(path, strchr(strchr(text, '\n') + 1, '\n') + 1);
	is_int(crm_chain_verify(path, NULL, &key, &hd), CRM_ERROR,
	       "without its header the file is not a chained log");
	char *second = strstr(text, "\n2,");
	char *hdr = xstrndup(text, (size_t)(strchr(text, '\n') - text + 1));
	char *joined = xcalloc(1, strlen(hdr) + strlen(second) + 1);
	strcat(strcat(joined, hdr), second + 1);
	put_file(path, joined);
	is_int(crm_chain_verify(path, NULL, &key, &hd), CRM_FINDINGS, "a removed first row is found");

	put_file(anchor, "3 nothex\n");
	is_int(crm_chain_anchor_read(anchor, &seq, h1), -1, "a bad checkpoint is refused");

	/* A chain written before keys: verified as before, continued keyed. */
	crm_chain_hash(crm_chain_genesis, (const char *[]){ "1", "王伟", "read C001" }, 3, h1);
	char *old = xasprintf("seq,prev,hash,who,what\n1,%s,%s,王伟,read C001\n", crm_chain_genesis, h1);
	put_file(path, old);
	is_int(crm_chain_verify(path, NULL, &none, &hd), CRM_OK, "an unkeyed chain verifies without a key");
	is_int(crm_chain_verify(path, NULL, &key, &hd), CRM_OK, "... and with one");
	is_int(hd.keyed, 0, "... no keyed rows");
	is_int(crm_chain_append(path, &key, cols, b, 2), 0, "an unkeyed chain is continued keyed");
	free(text);
	text = slurp(path);
	snprintf(mark, sizeof mark, "\n2,hmac-sha256:%s:%s,", key.id, h1);
	ok(strstr(text, mark) != NULL, "row 2 marks the switch: prev is hmac-sha256:KEYID:row 1's hash");
	is_int(crm_chain_verify(path, NULL, &key, &hd), CRM_OK, "the switched chain verifies");
	is_int(hd.keyed, 2, "keyed from row 2");
	is_int(crm_chain_verify(path, NULL, &none, &hd), CRM_FINDINGS, "without the key, row 2 is not authenticated");
	is_int(crm_chain_verify(path, NULL, &other, &hd), CRM_FINDINGS, "with the wrong key it fails");

	/* A row forged by someone without the key: prev right, hash a plain SHA-256. */
	crm_chain_verify(path, NULL, &key, &hd);
	crm_chain_hash(hd.hash, (const char *[]){ "3", "李娜", "read C009" }, 3, h2);
	char *forged = xasprintf("%s3,%s,%s,李娜,read C009\n", text, hd.hash, h2);
	put_file(path, forged);
	is_int(crm_chain_verify(path, NULL, &key, &hd), CRM_FINDINGS, "a forged appended row is found");
	is_int(hd.seq, 2, "... the last good row is 2");

	/* The header is covered by the first keyed row. */
	unlink(path);
	is_int(crm_chain_append(path, &key, cols, a, 2), 0, "a new keyed log");
	is_int(crm_chain_append(path, &key, cols, b, 2), 0, "... two rows");
	free(text);
	text = slurp(path);
	memcpy(text, "seq,prev,hash,wha,who", 21);
	memcpy(text, "seq,prev,hash,what,who", 22);
	put_file(path, text);
	is_int(crm_chain_verify(path, NULL, &key, &hd), CRM_FINDINGS, "swapped column names are found");

	/* The checker fed a row at a time. */
	const char *hcols[] = { "seq", "prev", "hash", "who" };
	struct crm_chain *ch = crm_chain_check("t", NULL, hcols, 4, &key, NULL);
	char sq[24], pv[CRM_PREV_LEN], hs[CRM_HASH_LEN];
	const char *r1[] = { "", "", "", "王伟" };
	is_int(crm_chain_extend(ch, r1, sq, pv, hs), 0, "extend an empty chain");
	is_str(sq, "1", "... its first row is 1");
	struct crm_chain *ch2 = crm_chain_check("t", NULL, hcols, 4, &key, NULL);
	const char *r1f[] = { sq, pv, hs, "王伟" };
	is_int(crm_chain_next(ch2, NULL, r1f, 4), CRM_OK, "a second checker accepts the row");
	const char *r1g[] = { sq, pv, hs, "王五" };
	is_int(crm_chain_next(ch2, NULL, r1g, 4), CRM_FINDINGS, "and refuses a changed copy");
	is_int(crm_chain_end(ch2, NULL), CRM_FINDINGS, "... the walk ends broken");
	is_int(crm_chain_extend(ch, r1, sq, pv, hs), 0, "extend again");
	is_str(sq, "2", "... row 2");
	is_int(crm_chain_end(ch, &hd), CRM_OK, "an extended chain ends intact");
	is_str(hd.hash, hs, "... its head is the last row's hash");
	ok(!crm_chain_check("t", NULL, cols, 2, &key, NULL), "columns without seq, prev and hash are refused");

	free(old);
	free(forged);
	unlink(keypath);
	unlink(otherpath);
	snprintf(keypath, sizeof keypath, "%s/k", dir);
	rmdir(keypath);
	unlink(path);
	unlink(anchor);
	rmdir(dir);
	free(text);
	free(hdr);
	free(joined);
	return tap_done();
}
