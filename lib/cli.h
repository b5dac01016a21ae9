/* cli: options shared by every program, diagnostics, exit status, allocation. */
#ifndef CRM_CLI_H
#define CRM_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

/* Exit status, as DESIGN.md fixes it for every program. */
enum crm_exit {
	CRM_OK = 0,		/* done, nothing to report */
	CRM_FINDINGS = 1,	/* done, and findings were reported */
	CRM_ERROR = 2		/* usage error, bad input or system error */
};

enum crm_fmt { CRM_FMT_CSV, CRM_FMT_JSON, CRM_FMT_TABLE, CRM_FMT_XLSX };
enum crm_enc { CRM_ENC_AUTO, CRM_ENC_UTF8, CRM_ENC_GB18030, CRM_ENC_GBK };

/* Where a record came from: its file and the line its first field starts on. */
struct crm_pos {
	const char *file;
	long line;
};

/* The options every program shares; programs embed one in their own opts. */
struct crm_opts {
	enum crm_fmt in, out;
	enum crm_enc enc;
	int zh, bom, strict, assume_weekends;
	const char *today;	/* --today or CRM_TODAY; NULL = the clock */
	const char *calendar;	/* --calendar or CRM_CALENDAR */
	const char *sheet;	/* --sheet NAME|N of an xlsx input; NULL = the first */
	const char *output;	/* -o FILE; NULL = standard output */
};

enum {
	CRM_OPT_ICSV = 0x100, CRM_OPT_IJSON, CRM_OPT_OCSV, CRM_OPT_OJSON,
	CRM_OPT_JSON, CRM_OPT_OTABLE, CRM_OPT_ZH, CRM_OPT_BOM,
	CRM_OPT_ENCODING, CRM_OPT_TODAY, CRM_OPT_CALENDAR, CRM_OPT_STRICT,
	CRM_OPT_ASSUME_WEEKENDS, CRM_OPT_IXLSX, CRM_OPT_OXLSX, CRM_OPT_SHEET,
	CRM_OPT_DB,	/* --db URL: sets CRM_DB (lib/archive); a program lists it with CRM_OPTDEF_DB */
	CRM_OPT_PROG	/* first value free for a program's own long options */
};

/* The long options of struct crm_opts, for a program's getopt_long table. */
#define CRM_LONGOPTS \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ "icsv", no_argument, NULL, CRM_OPT_ICSV }, \
	{ "ijson", no_argument, NULL, CRM_OPT_IJSON }, \
	{ "ocsv", no_argument, NULL, CRM_OPT_OCSV }, \
	{ "ojson", no_argument, NULL, CRM_OPT_OJSON }, \
	{ "json", no_argument, NULL, CRM_OPT_JSON }, \
	{ "otable", no_argument, NULL, CRM_OPT_OTABLE }, \
	{ "zh", no_argument, NULL, CRM_OPT_ZH }, \
	{ "bom", no_argument, NULL, CRM_OPT_BOM }, \
	{ "encoding", required_argument, NULL, CRM_OPT_ENCODING }, \
	{ "today", required_argument, NULL, CRM_OPT_TODAY }, \
	{ "calendar", required_argument, NULL, CRM_OPT_CALENDAR }, \
	{ "strict", no_argument, NULL, CRM_OPT_STRICT }, \
	{ "assume-weekends", no_argument, NULL, CRM_OPT_ASSUME_WEEKENDS }, \
	{ "ixlsx", no_argument, NULL, CRM_OPT_IXLSX }, \
	{ "oxlsx", no_argument, NULL, CRM_OPT_OXLSX }, \
	{ "sheet", required_argument, NULL, CRM_OPT_SHEET }, \
	{ "output", required_argument, NULL, 'o' }

/* --db for an archive program's struct crm_optdef table (crm_opts_set handles it). */
#define CRM_OPTDEF_DB \
	{ "db", CRM_OPT_DB, "URL", "the archive: postgresql://… or sqlite:PATH (env CRM_DB)" }

/* The short options of struct crm_opts, to append to a program's optstring. */
#define CRM_SHORTOPTS "o:"

/*
 * Set up a program: the locale for character widths, SIGPIPE, stdout
 * buffering, and getopt quiet (crm_bad_option says what was wrong).
 */
void crm_init(void);

/* Fill o with defaults and the environment (CRM_TODAY, CRM_CALENDAR). */
void crm_opts_init(struct crm_opts *o);

/* Handle one shared option; returns 1 when c was one, 0 when not. Dies on a bad value. */
int crm_opts_set(struct crm_opts *o, int c, const char *arg);

/*
 * The subcommand argv[optind], looked up in table: n entries of size bytes,
 * each starting with its name (const char *).  A usage error naming the
 * commands (list) when it is missing or unknown.
 */
const void *crm_command(int argc, char *const argv[], const void *table, size_t n, size_t size,
			const char *list);

/*
 * One command-line shape for every program (DESIGN.md): PROG [COMMAND]
 * [options] [operands], common options before or after the command, each
 * command taking only its own options.  A program describes itself as data
 * and crm_parse does the rest: getopt_long, --help for the program and for
 * each command, -V, usage errors (exit 2) for an unknown option, an option
 * the command does not take, a missing one it needs, or a wrong number of
 * operands.
 */
struct crm_optdef {
	const char *name;	/* long name, without "--" */
	int val;		/* getopt_long's value: a short letter or >= CRM_OPT_PROG */
	const char *arg;	/* the value's name ("DIR"), or NULL for a flag */
	const char *help;	/* one line */
};

struct crm_cmd {
	const char *name;
	int (*run)(int argc, char **argv);	/* the operands after the command */
	const char *args;	/* operands, for usage: "[FILE...]" */
	const char *help;	/* one line */
	const int *opts;	/* program options it takes: vals, ended by 0 (NULL: none) */
	const int *needs;	/* of those, the ones it must have: ended by 0 (NULL: none) */
	int min, max;		/* operand count; max < 0: any */
};

struct crm_cli {
	const char *synopsis;	/* "crm-file COMMAND [options] [FILE...]" */
	const char *about;	/* what the program is for, a line or two */
	const struct crm_optdef *opts;	/* ended by { NULL } */
	const struct crm_cmd *cmds;	/* NULL: a program without commands */
	size_t ncmds;
	int (*set)(int c, const char *arg);	/* store a program option */
};

/*
 * Parse argv into o and the program's options (through cli->set); returns
 * the command (NULL for a program without commands) and sets *first to the
 * index of its first operand.  Never returns on --help, -V or a usage error.
 */
const struct crm_cmd *crm_parse(const struct crm_cli *cli, struct crm_opts *o, int argc,
				char **argv, int *first);

/* Print the shared options' help lines. */
void crm_opts_usage(FILE *fp);

/* Print the version line and exit 0. */
void crm_version(void) __attribute__((noreturn));

/* "PROG: message" and "Try 'PROG --help'." on stderr, exit 2. */
void crm_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/*
 * The usage error for what getopt_long returned as c ('?' or, with an
 * optstring that starts with ':', ':' for a missing value); exit 2.
 */
void crm_bad_option(int c, char *const argv[]) __attribute__((noreturn));

/*
 * Diagnostics: "PROG: message" on stderr; crm_warn_at adds "FILE:LINE: ".
 * A message ending in ':' gets ": strerror(errno)" appended.
 */
void crm_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void crm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void crm_warn_at(const struct crm_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A failed write: quiet exit 0 on a closed pipe, else a diagnostic and exit 2. */
void crm_write_failed(void) __attribute__((noreturn));

/* Flush and close stdout; returns status, or CRM_ERROR when the output failed. */
int crm_finish(int status);

/* The more serious of two exit statuses. */
static inline int crm_worst(int a, int b) { return a > b ? a : b; }

/* Allocators that die on out-of-memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A newly allocated formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *p (of *cap elements of size) to hold at least n. */
void crm_grow(void *pp, size_t *cap, size_t n, size_t size);

#endif
