/*
 * chain: hash-chained logs.  Each row carries the SHA-256 of the previous
 * row's hash and its own content, so an edited, inserted or removed row
 * breaks the chain from there on; a checkpoint of the head (seq and hash)
 * kept elsewhere also shows rows cut off the end.
 */
#ifndef CRM_CHAIN_H
#define CRM_CHAIN_H

#include <stddef.h>

#include "cli.h"

#define CRM_HASH_LEN 65		/* 64 hex digits and a NUL */

/* The prev of the first row: 64 zeros. */
extern const char crm_chain_genesis[CRM_HASH_LEN];

/*
 * The hash of a row: SHA-256 over prev and the fields, each written as
 * "LENGTH:BYTES," so that no two different rows serialise alike.
 */
void crm_chain_hash(const char *prev, const char *const *fields, size_t n, char out[CRM_HASH_LEN]);

/*
 * A chained log in a CSV file: columns seq, prev, hash, then the row's.
 * Append one row (the file is created, locked while appending, synced);
 * returns 0, or -1 after a diagnostic.
 */
int crm_chain_append(const char *path, const char *const *cols, const char *const *vals, size_t n);

/*
 * Walk the file's chain: CRM_OK when intact (*rows and head set to the
 * last row), CRM_FINDINGS after naming the first broken row, CRM_ERROR
 * when the file cannot be read.  With anchor (a "SEQ HASH" file from a
 * checkpoint), also check that the log still holds that row unchanged.
 */
int crm_chain_verify(const char *path, const char *anchor, long *rows, char head[CRM_HASH_LEN]);

/* Read a checkpoint file "SEQ HASH"; 0, or -1 after a diagnostic. */
int crm_chain_anchor_read(const char *path, long *seq, char hash[CRM_HASH_LEN]);

#endif
