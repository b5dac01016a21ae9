/*
 * chain: hash-chained logs, keyed.  Each row carries a hash of the
 * previous row's hash and its own content, so an edited, inserted or
 * removed row breaks the chain from there on; a checkpoint of the head (seq
 * and hash) kept elsewhere also shows rows cut off the end.
 *
 * A chain's columns are seq, prev and hash, then the row's.  A row's hash
 * covers prev and every column but prev and hash, in order.  Rows are
 * keyed: their hash is an HMAC-SHA-256 under a secret key kept in a key
 * file, so that whoever can write the log but has not the key cannot
 * append a row that verifies.  The first keyed row (the genesis row of a
 * new chain, or the row that continues a chain written before keys) marks
 * the switch in its prev, "hmac-sha256:KEYID:" and the previous hash
 * (KEYID: 8 hex digits naming the key), and its HMAC also covers the
 * column names, so that a renamed or swapped column breaks it.  Rows
 * before the mark are plain SHA-256 and are checked as before.
 *
 * The checker is fed a row at a time — crm_chain_check, crm_chain_next
 * for each row, crm_chain_end — by a file (crm_chain_verify) or a
 * database table alike; crm_chain_extend computes the rows to append.
 */
#ifndef CRM_CHAIN_H
#define CRM_CHAIN_H

#include <stddef.h>

#include "cli.h"

#define CRM_HASH_LEN 65		/* 64 hex digits and a NUL */
#define CRM_CHAIN_MARK "hmac-sha256:"	/* how the prev of the first keyed row starts */
#define CRM_PREV_LEN (CRM_HASH_LEN + 12 + 9)	/* a prev: the mark, KEYID: and a hash */

/* The prev of the first row: 64 zeros. */
extern const char crm_chain_genesis[CRM_HASH_LEN];

/*
 * The hash of an unkeyed row: SHA-256 over prev and the fields, each
 * written as "LENGTH:BYTES," so that no two different rows serialise alike.
 */
void crm_chain_hash(const char *prev, const char *const *fields, size_t n, char out[CRM_HASH_LEN]);

/* A chain key: 32 bytes, kept as 64 hex digits in a key file. */
struct crm_chain_key {
	int have;			/* 0: no key (structure only) */
	const char *path;		/* its file, for messages */
	unsigned char k[32];
	char id[9];			/* KEYID: SHA-256 of the key, 8 hex digits */
};

/*
 * The key file: file if not NULL, else $CRM_CHAIN_KEY, else
 * $XDG_CONFIG_HOME/crm/chain.key, else ~/.config/crm/chain.key.  Owned.
 */
char *crm_chain_key_path(const char *file);

/*
 * Read the key at path into key (key->path = path, borrowed): 0.  When the
 * file does not exist: with create, a new random key is written there (mode
 * 0600, its directory made 0700) and 0; else key->have = 0 and 1.  -1 after
 * a diagnostic (unreadable, not a key).
 */
int crm_chain_key_load(const char *path, int create, struct crm_chain_key *key);

/* What a walk found: the last row, and whether its rows are keyed. */
struct crm_chain_head {
	long seq;			/* 0 for an empty chain */
	char hash[CRM_HASH_LEN];	/* the genesis for an empty chain */
	long keyed;			/* the seq of the first keyed row; 0: none */
};

/*
 * Start checking a chain whose columns are cols[0..ncols) (they must
 * include seq, prev and hash).  where names it in messages: a file (rows
 * are then named by their line, "FILE:LINE: row N: ...") or a database
 * ("DB: access log row N: ...", label "access log"; label NULL for files).
 * key: NULL or key->have 0 checks the keyed rows' structure only, and
 * crm_chain_end then reports that their authenticity was not checked.
 * anchor: a checkpoint file "SEQ HASH", or NULL.  NULL after a diagnostic
 * (not a chain, bad checkpoint).
 */
struct crm_chain *crm_chain_check(const char *where, const char *label, const char *const *cols,
				  size_t ncols, const struct crm_chain_key *key, const char *anchor);

/*
 * Check the next row (f[0..nf), in the columns' order; pos: its line in a
 * file, or NULL).  CRM_OK, or CRM_FINDINGS after naming the row; after a
 * break the rest is not checked.
 */
int crm_chain_next(struct crm_chain *c, const struct crm_pos *pos, const char *const *f, size_t nf);

/*
 * The next row to append, after an intact walk with a key: fills seq, prev
 * and hash for the values f (in the columns' order; its seq, prev and hash
 * slots are ignored) and advances the chain.  The first row appended to an
 * unkeyed chain is its first keyed row.  -1 (no diagnostic) when the chain
 * is broken or there is no key.
 */
int crm_chain_extend(struct crm_chain *c, const char *const *f, char seq[24], char prev[CRM_PREV_LEN],
		     char hash[CRM_HASH_LEN]);

/*
 * The head so far (head may be NULL).  Keeps the chain open.
 */
void crm_chain_head(const struct crm_chain *c, struct crm_chain_head *head);

/*
 * Before appending to a chain walked without a key (key->have 0, the key
 * file missing): a chain with keyed rows needs its key, -1 after a
 * diagnostic; else the key is made at keypath (crm_chain_key_load) and
 * used for the rows to come.  0 when key is usable.
 */
int crm_chain_key_need(struct crm_chain *c, const char *keypath, struct crm_chain_key *key);

/* Use key from here on: -1 when c has keyed rows it could not authenticate. */
int crm_chain_use_key(struct crm_chain *c, const struct crm_chain_key *key);

/* Free c without a word (an error path); NULL is fine. */
void crm_chain_free(struct crm_chain *c);

/*
 * End the walk and free c: CRM_OK when the chain is intact (and its keyed
 * rows authentic); CRM_FINDINGS after naming what is wrong — a broken row,
 * rows cut off before the checkpoint, or keyed rows that could not be
 * authenticated for want of the key.  head (may be NULL) is the last good row.
 */
int crm_chain_end(struct crm_chain *c, struct crm_chain_head *head);

/*
 * Walk the chained CSV file at path (an empty file is an empty chain with
 * the columns cols, or seq, prev and hash): *out is the checker, left open
 * to be extended, or NULL.  Returns the walk's status (CRM_ERROR: the file
 * cannot be read or is not a chain).
 */
int crm_chain_walk(const char *path, const char *anchor, const struct crm_chain_key *key,
		   const char *const *cols, size_t ncols, struct crm_chain **out);

/*
 * Check rows someone else appended: buf holds whole CSV rows (no header)
 * in the chain's columns.  0 when they continue the chain; -1, silently,
 * when not — walk the file again (crm_chain_walk) to have the diagnostic.
 */
int crm_chain_feed_csv(struct crm_chain *c, const char *buf, size_t len);

/*
 * A chained log in a CSV file.  Append one row (the file is created,
 * locked while appending, synced), keyed with key; returns 0, or -1 after
 * a diagnostic (also when the log is broken).
 */
int crm_chain_append(const char *path, const struct crm_chain_key *key, const char *const *cols,
		     const char *const *vals, size_t n);

/*
 * Walk the file's chain: CRM_OK when intact, CRM_FINDINGS after naming what
 * is wrong, CRM_ERROR when the file cannot be read or is not a chain.  With
 * anchor (a "SEQ HASH" file from a checkpoint), also check that the log
 * still holds that row unchanged.  head: the last good row.
 */
int crm_chain_verify(const char *path, const char *anchor, const struct crm_chain_key *key,
		     struct crm_chain_head *head);

/* Read a checkpoint file "SEQ HASH"; 0, or -1 after a diagnostic. */
int crm_chain_anchor_read(const char *path, long *seq, char hash[CRM_HASH_LEN]);

#endif
