/* table: a small record file (customers, settings) held in memory and looked up by column. */
#ifndef CRM_TABLE_H
#define CRM_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "map.h"
#include "stream.h"

struct crm_table;


/* A file's format by its name: .jsonl, .ndjson, .json or .csv; else given. */
enum crm_fmt crm_file_format(const char *path, enum crm_fmt given);

/*
 * Read every record of path (options o, type t for the header aliases);
 * a name ending in .csv is CSV, in .jsonl, .ndjson or .json JSON Lines,
 * whatever o->in says.
 * Bad input is reported as crm_input does; *status gets the worst status.
 * Free with crm_table_free.
 */
struct crm_table *crm_table_load(const char *path, const struct crm_opts *o,
				 const struct crm_type *t, int *status);
/*
 * A settings file (contracts, accounts, members, rules, roster, staff,
 * periods …), failing closed as DESIGN.md says: a file that cannot be read,
 * is empty or header-only, or has a row the stream rejects ends the program
 * (exit 2) before any output.  what names the file's role in the message.
 * Rows the program itself finds bad must end it the same way.
 */
struct crm_table *crm_settings_load(const char *path, const struct crm_opts *o,
				    const struct crm_type *t, const char *what);
/* The same, from an input already open (which the table then owns). */
struct crm_table *crm_table_read(struct crm_input *in, int *status);
void crm_table_free(struct crm_table *t);

size_t crm_table_len(const struct crm_table *t);
const struct crm_rec *crm_table_rec(const struct crm_table *t, size_t i);
/* Index of the column named name (canonical or alias), or -1. */
int crm_table_col(const struct crm_table *t, const char *name);

/*
 * The records whose column col equals key exactly: *n of them (0 when
 * none, or col < 0), borrowed until crm_table_free.  The first lookup of a
 * column sorts an index of it.
 */
const struct crm_rec *const *crm_table_find(struct crm_table *t, int col, const char *key, size_t *n);
/* All records ordered by column col (file order among equals), or NULL when col < 0. */
const struct crm_rec *const *crm_table_sorted(struct crm_table *t, int col);

#endif
