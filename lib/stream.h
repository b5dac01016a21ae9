/*
 * stream: records in and out — CSV (libcsv), JSON Lines (Jansson) and
 * aligned tables; header aliases per record type; unknown columns passed
 * through; input encoding sniffed (UTF-8, GB18030/GBK) and converted.
 */
#ifndef CRM_STREAM_H
#define CRM_STREAM_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "field.h"

/*
 * What a column holds; money, decimals and integers are JSON numbers.
 * Values of a known column are trimmed of ASCII and full-width spaces on
 * input, except free text (CRM_TEXT: summaries, notes, addresses, reasons),
 * which is kept exactly as written.
 */
enum crm_kind {
	CRM_STR, CRM_DATE, CRM_TIME, CRM_DATETIME, CRM_MONEY, CRM_DECIMAL,
	CRM_INT, CRM_ENUM, CRM_BOOL, CRM_PHONE, CRM_IDLIST, CRM_TEXT
};

struct crm_col {
	const char *name;		/* canonical, English snake_case */
	const char *zh;			/* Chinese header alias, or NULL */
	enum crm_kind kind;
	const struct crm_alias *values;	/* CRM_ENUM: values and their Chinese */
};

/* A record type: its known columns in canonical order. */
struct crm_type {
	const char *name;
	const struct crm_col *cols;
	size_t ncols;
};

/* The record types of DESIGN.md (types.c). */
extern const struct crm_type crm_type_customer, crm_type_change, crm_type_staff,
	crm_type_expense, crm_type_project, crm_type_ticket, crm_type_calendar,
	crm_type_reminder, crm_type_log;
extern const struct crm_alias crm_categories[], crm_statuses[], crm_yesno[], crm_channels[];

/* The column of t named name (canonical, case-insensitive, or Chinese), or NULL. */
const struct crm_col *crm_type_col(const struct crm_type *t, const char *name);

/*
 * A record read from input.  Fields are in the order of the input's
 * columns (crm_input_col); each is NUL-terminated.  Everything is
 * borrowed and valid until the next crm_input_next.
 */
struct crm_rec {
	struct crm_pos pos;
	size_t nf;
	char *const *f;
	const size_t *len;
	const char *const *names;	/* column names, canonical where known */
	int zh;				/* --zh: diagnostics give Chinese values */
};

/*
 * Who owns what.  An input copies what it keeps of its arguments: the file
 * list (the array) and the options (the struct), so a caller's stack array
 * or options may go once crm_input_open returns.  It borrows the file
 * names themselves and type, and whatever pointers the options hold: those
 * must outlive the input, and the file names outlive every crm_pos taken
 * from it (records' positions point at them).  A record (crm_input_next)
 * is valid until the next call or crm_input_free.  A writer borrows its
 * FILE, its options and the crm_col metadata given to it until
 * crm_writer_close, which frees the writer but does not close the FILE;
 * crm_writer_rec needs crm_writer_passthrough first (it dies otherwise).
 * Both are freed by their owner: crm_input_free, crm_writer_close.
 */

/*
 * Input: the files in order (stdin when none, or for "-"), read as one
 * stream of records.  The first file's header fixes the columns; a later
 * file may order them differently, lack some (read as empty) but not add
 * new ones.  Header cells are mapped to canonical names through type
 * (NULL: names kept as they are).
 */
struct crm_input;
struct crm_input *crm_input_open(char *const *files, int nfiles, const struct crm_opts *o,
				 const struct crm_type *type);
/*
 * Next record: 1 and *rec set; 0 at the end.  Bad records (wrong field
 * count) and broken files (CSV/JSON syntax, encoding) are reported with
 * file:line and skipped; crm_input_status then says CRM_ERROR.  With
 * --strict the first one ends the input.
 */
int crm_input_next(struct crm_input *in, const struct crm_rec **rec);
int crm_input_status(const struct crm_input *in);
/* Columns (reads the first header if not yet read). */
size_t crm_input_ncols(struct crm_input *in);
const char *crm_input_colname(struct crm_input *in, size_t i);
/* Index of the column named name (canonical or alias), or -1. */
int crm_input_col(struct crm_input *in, const char *name);
/*
 * Whether the input's header (or, for JSON Lines, a key read so far) has the
 * column: unlike crm_input_col, never adds a type column to a JSON input, so
 * a program can tell a file's record type by its columns.
 */
int crm_input_has(struct crm_input *in, const char *name);
/* Position for a diagnostic about the input as a whole (its current file). */
const struct crm_pos *crm_input_pos(const struct crm_input *in);
void crm_input_free(struct crm_input *in);

/*
 * Output in the format of o (CSV, JSON Lines or table; --zh, --bom).
 * Declare the columns, then write rows; the header goes out with the first
 * row (or at close, when there were none).  Table output is held until close.
 */
struct crm_writer;
struct crm_writer *crm_writer_new(FILE *fp, const struct crm_opts *o);
/* Add an output column; meta gives its kind and Chinese name (NULL: a string). */
void crm_writer_col(struct crm_writer *w, const char *name, const struct crm_col *meta);
/* Leave the header out (appending to a file that has one). */
void crm_writer_skip_header(struct crm_writer *w);
/* Add all columns of type t. */
void crm_writer_type(struct crm_writer *w, const struct crm_type *t);
/* Write one row, a value per declared column; lens NULL means NUL-terminated. */
void crm_writer_row(struct crm_writer *w, const char *const *vals, const size_t *lens);

/*
 * Filters: set the columns to the input's known columns of t (canonical
 * order), then added, then the input's unknown columns in their order;
 * crm_writer_rec then writes an input record with the added values.
 */
void crm_writer_passthrough(struct crm_writer *w, struct crm_input *in, const struct crm_type *t,
			    const struct crm_col *added, size_t nadded);
void crm_writer_rec(struct crm_writer *w, const struct crm_rec *rec, const char *const *added);

/* Finish the output (header when no rows, the held table) and free w. */
void crm_writer_close(struct crm_writer *w);

#endif
