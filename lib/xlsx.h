/*
 * xlsx: spreadsheets as a record format.  Reading streams a sheet's XML
 * (libzip for the container, expat for the XML, never a DOM of the sheet)
 * into rows of text as the spreadsheet shows them; writing uses
 * libxlsxwriter in constant-memory mode with typed cells.
 */
#ifndef CRM_XLSX_H
#define CRM_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include "cli.h"

/* Decompression-bomb guards, stated in crm(7). */
#define CRM_XLSX_MAX_ENTRY (1024L * 1024 * 1024)	/* uncompressed bytes of one part */
#define CRM_XLSX_MAX_RATIO 500				/* uncompressed : compressed */
#define CRM_XLSX_MAX_ROWS 1048576
#define CRM_XLSX_MAX_COLS 16384

/*
 * What the first bytes of a file are: CRM_XLSX_ZIP (a ZIP container),
 * CRM_XLSX_OLE (an OLE compound file: an encrypted workbook or an old
 * .xls), or CRM_XLSX_NONE.
 */
enum { CRM_XLSX_NONE, CRM_XLSX_ZIP, CRM_XLSX_OLE };
int crm_xlsx_magic(const void *p, size_t n);
/*
 * The magic of the file open on fd, without moving a seekable fd; from a
 * pipe the bytes read (up to 8) are put in head and counted in *n.
 */
int crm_xlsx_sniff(int fd, char *head, size_t *n);

/*
 * A workbook open for reading one sheet.  crm_xlsx_open reads the file
 * from fd (seekable: read in place; else the head bytes already read
 * plus the rest of fd); sheet is a name or a number from 1 (NULL: the
 * first).  NULL after a diagnostic "PROG: NAME: message".
 */
struct crm_xlsx;
struct crm_xlsx *crm_xlsx_open(int fd, const char *name, const char *head, size_t nhead,
			       const char *sheet);
/*
 * Parse more of the sheet, calling row(rownum, n, fields, lens, arg) for
 * each row as it arrives: its cells as text, empty ones included, from
 * the header's first column to its last (or further when the row has
 * more).  Rows with no value are skipped.  Returns 1 while there is more,
 * 0 at the end, -1 on a broken file (*err set, valid until
 * crm_xlsx_close).
 */
int crm_xlsx_read(struct crm_xlsx *x,
		  void (*row)(long, size_t, const char *const *, const size_t *, void *),
		  void *arg, const char **err);
/* The sheet row the reader is on, for a diagnostic. */
long crm_xlsx_rownum(const struct crm_xlsx *x);
void crm_xlsx_close(struct crm_xlsx *x);

/* Writing: see crm_writer (write.c), which calls these. */
struct crm_xlsx_out;
/*
 * A workbook to path (put in place at close), or, when path is NULL,
 * copied to fp at close (a usage error when fp is a terminal).
 */
struct crm_xlsx_out *crm_xlsx_out_new(const char *path, FILE *fp);
/* Columns: name and kind (enum crm_kind of stream.h). */
void crm_xlsx_out_col(struct crm_xlsx_out *x, const char *name, int kind);
void crm_xlsx_out_row(struct crm_xlsx_out *x, const char *const *vals, const size_t *lens);
/* Finish the workbook and put it in place; dies on failure. */
void crm_xlsx_out_close(struct crm_xlsx_out *x);

/* Excel's text of a number: 15 significant digits, no exponent for ids. */
void crm_xlsx_number(double d, char buf[48]);

#endif
