/* cli: shared options, diagnostics, exit status, allocation. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef CRM_VERSION
#define CRM_VERSION "0.1"
#endif

void
crm_init(void)
{
	opterr = 0;
	/* Character widths (wcwidth) need a UTF-8 locale whatever LC_ALL says. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	/* A closed pipe is an EPIPE write error, which ends us quietly. */
	signal(SIGPIPE, SIG_IGN);
	static char obuf[1 << 16];
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
}

void
crm_opts_init(struct crm_opts *o)
{
	const char *s;

	memset(o, 0, sizeof *o);
	o->in = o->out = CRM_FMT_CSV;
	o->enc = CRM_ENC_AUTO;
	if ((s = getenv("CRM_TODAY")) && *s)
		o->today = s;
	if ((s = getenv("CRM_CALENDAR")) && *s)
		o->calendar = s;
}

int
crm_opts_set(struct crm_opts *o, int c, const char *arg)
{
	switch (c) {
	case CRM_OPT_ICSV: o->in = CRM_FMT_CSV; break;
	case CRM_OPT_IJSON: o->in = CRM_FMT_JSON; break;
	case CRM_OPT_OCSV: o->out = CRM_FMT_CSV; break;
	case CRM_OPT_OJSON: o->out = CRM_FMT_JSON; break;
	case CRM_OPT_JSON: o->in = o->out = CRM_FMT_JSON; break;
	case CRM_OPT_OTABLE: o->out = CRM_FMT_TABLE; break;
	case CRM_OPT_ZH: o->zh = 1; break;
	case CRM_OPT_BOM: o->bom = 1; break;
	case CRM_OPT_STRICT: o->strict = 1; break;
	case CRM_OPT_ASSUME_WEEKENDS: o->assume_weekends = 1; break;
	case CRM_OPT_TODAY: o->today = arg; break;
	case CRM_OPT_CALENDAR: o->calendar = arg; break;
	case CRM_OPT_IXLSX: o->in = CRM_FMT_XLSX; break;
	case CRM_OPT_OXLSX: o->out = CRM_FMT_XLSX; break;
	case CRM_OPT_SHEET: o->sheet = arg; break;
	case CRM_OPT_DB:
		if (setenv("CRM_DB", arg, 1) < 0)
			crm_die("--db:");
		break;
	case 'o': o->output = arg; break;
	case CRM_OPT_ENCODING:
		if (!strcmp(arg, "auto"))
			o->enc = CRM_ENC_AUTO;
		else if (!strcasecmp(arg, "utf-8") || !strcasecmp(arg, "utf8"))
			o->enc = CRM_ENC_UTF8;
		else if (!strcasecmp(arg, "gb18030"))
			o->enc = CRM_ENC_GB18030;
		else if (!strcasecmp(arg, "gbk") || !strcasecmp(arg, "gb2312") ||
			 !strcasecmp(arg, "cp936"))
			o->enc = CRM_ENC_GBK;
		else
			crm_usage_error("--encoding: expected auto, utf-8, gb18030 or gbk, found '%s'",
					arg);
		break;
	default:
		return 0;
	}
	return 1;
}

const void *
crm_command(int argc, char *const argv[], const void *table, size_t n, size_t size,
	    const char *list)
{
	const char *entry = table;

	if (optind >= argc)
		crm_usage_error("a command is needed: %s", list);
	for (size_t i = 0; i < n; i++, entry += size)
		if (!strcmp(argv[optind], *(const char *const *)entry))
			return entry;
	crm_usage_error("unknown command '%s'", argv[optind]);
}

void
crm_opts_usage(FILE *fp)
{
	fputs("Common options:\n"
	      "  --icsv, --ijson       read CSV (default) or JSON Lines\n"
	      "  --ocsv, --ojson       write CSV (default) or JSON Lines\n"
	      "  --json                read and write JSON Lines\n"
	      "  --otable              write an aligned table (CJK-aware)\n"
	      "  --ixlsx, --oxlsx      read or write an .xlsx workbook (input: also by content)\n"
	      "  --sheet NAME|N        the sheet of an .xlsx input (default the first)\n"
	      "  -o, --output FILE     write to FILE instead of standard output\n"
	      "  --zh                  write Chinese headers and values\n"
	      "  --bom                 start the output with a UTF-8 BOM (Excel, WPS)\n"
	      "  --encoding ENC        input encoding: auto (default), utf-8, gb18030, gbk\n"
	      "  --today DATE          use DATE as today (env CRM_TODAY)\n"
	      "  --calendar FILE       add or replace calendar years (env CRM_CALENDAR)\n"
	      "  --assume-weekends     outside the calendar, count weekends only\n"
	      "  --strict              stop at the first bad record\n"
	      "  -h, --help            show this help\n"
	      "  -V, --version         show the version\n", fp);
}

void
crm_version(void)
{
	printf("%s (crm toolkit) %s\n", program_invocation_short_name, CRM_VERSION);
	exit(crm_finish(CRM_OK));
}

static void
vwarn(const struct crm_pos *pos, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fflush(stdout);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	if (pos)
		fprintf(stderr, "%s:%ld: ", pos->file, pos->line);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
crm_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(NULL, fmt, ap);
	va_end(ap);
}

void
crm_warn_at(const struct crm_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(pos, fmt, ap);
	va_end(ap);
}

void
crm_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(NULL, fmt, ap);
	va_end(ap);
	exit(CRM_ERROR);
}

void
crm_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(NULL, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", program_invocation_short_name);
	exit(CRM_ERROR);
}

void
crm_bad_option(int c, char *const argv[])
{
	if (c == ':')
		crm_usage_error("option '%s' needs a value", argv[optind - 1]);
	if (optopt >= '0' && optopt <= '9')
		crm_usage_error("unknown option '-%c' (a negative N needs '--' before it)", optopt);
	if (optopt)
		crm_usage_error("unknown option '-%c'", optopt);
	crm_usage_error("unknown option '%s'", argv[optind - 1]);
}

void
crm_write_failed(void)
{
	if (errno == EPIPE)
		_exit(CRM_OK);
	crm_warn("write error:");
	_exit(CRM_ERROR);
}

int
crm_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return CRM_OK;
		crm_warn("write error:");
		return CRM_ERROR;
	}
	if (fclose(stdout) != 0) {
		if (errno == EPIPE)
			return CRM_OK;
		crm_warn("write error:");
		return CRM_ERROR;
	}
	return status;
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		crm_die("out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		crm_die("out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if (!(p = realloc(p, n ? n : 1)))
		crm_die("out of memory");
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		crm_die("out of memory");
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		crm_die("out of memory");
	return s;
}

void
crm_grow(void *pp, size_t *cap, size_t n, size_t size)
{
	void **p = pp;
	size_t c = *cap;

	if (n <= c)
		return;
	if (c < 16)
		c = 16;
	while (c < n)
		c = c > SIZE_MAX / 4 ? n : c * 2;
	*p = xreallocarray(*p, c, size);
	*cap = c;
}

/* The option of defs with getopt value val, or NULL. */
static const struct crm_optdef *
optdef(const struct crm_optdef *defs, int val)
{
	for (; defs && defs->name; defs++)
		if (defs->val == val)
			return defs;
	return NULL;
}

static int
has(const int *list, int val)
{
	for (; list && *list; list++)
		if (*list == val)
			return 1;
	return 0;
}

static void
print_opt(FILE *fp, const struct crm_optdef *d)
{
	char spec[64];

	if (d->val < 0x100 && d->val > ' ')
		snprintf(spec, sizeof spec, "-%c, --%s%s%s", d->val, d->name, d->arg ? " " : "",
			 d->arg ? d->arg : "");
	else
		snprintf(spec, sizeof spec, "--%s%s%s", d->name, d->arg ? " " : "",
			 d->arg ? d->arg : "");
	fprintf(fp, "  %-22s%s\n", spec, d->help);
}

static void
cli_usage(const struct crm_cli *cli, const struct crm_cmd *cmd)
{
	const struct crm_optdef *d;
	size_t i;

	if (cmd) {
		printf("Usage: %s %s [options]%s%s\n%s\n", program_invocation_short_name, cmd->name,
		       *cmd->args ? " " : "", cmd->args, cmd->help);
		if (cmd->opts && *cmd->opts) {
			fputs("\nOptions:\n", stdout);
			for (const int *v = cmd->opts; *v; v++)
				if ((d = optdef(cli->opts, *v)))
					print_opt(stdout, d);
		}
	} else {
		printf("Usage: %s\n%s\n", cli->synopsis, cli->about);
		if (cli->cmds) {
			fputs("\nCommands:\n", stdout);
			for (i = 0; i < cli->ncmds; i++) {
				char spec[64];

				snprintf(spec, sizeof spec, "%s %s", cli->cmds[i].name, cli->cmds[i].args);
				printf("  %-22s%s\n", spec, cli->cmds[i].help);
			}
		}
		if (cli->opts && cli->opts->name) {
			fputs("\nOptions:\n", stdout);
			for (d = cli->opts; d->name; d++)
				print_opt(stdout, d);
		}
		if (cli->cmds)
			printf("\n'%s COMMAND --help' shows a command's options.\n",
			       program_invocation_short_name);
	}
	putchar('\n');
	crm_opts_usage(stdout);
	exit(crm_finish(CRM_OK));
}

const struct crm_cmd *
crm_parse(const struct crm_cli *cli, struct crm_opts *o, int argc, char **argv, int *first)
{
	static const struct option common[] = { CRM_LONGOPTS };
	size_t ncommon = sizeof common / sizeof common[0], nprog = 0, i, nseen = 0;
	const struct crm_optdef *d;
	const struct crm_cmd *cmd = NULL;
	struct option *longopts;
	char *shortopts, *sp;
	int c, help = 0, *seen, nargs;

	for (d = cli->opts; d && d->name; d++)
		nprog++;
	longopts = xcalloc(ncommon + nprog + 1, sizeof *longopts);
	memcpy(longopts, common, sizeof common);
	sp = shortopts = xmalloc(sizeof ":hV" CRM_SHORTOPTS + 2 * nprog);
	memcpy(sp, ":hV" CRM_SHORTOPTS, sizeof ":hV" CRM_SHORTOPTS - 1);
	sp += sizeof ":hV" CRM_SHORTOPTS - 1;
	for (i = 0; i < nprog; i++) {
		d = &cli->opts[i];
		longopts[ncommon + i] = (struct option){ d->name,
			d->arg ? required_argument : no_argument, NULL, d->val };
		if (d->val < 0x100 && d->val > ' ') {
			*sp++ = (char)d->val;
			if (d->arg)
				*sp++ = ':';
		}
	}
	*sp = '\0';
	seen = xcalloc(argc + 1, sizeof *seen);

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (crm_opts_set(o, c, optarg))
			continue;
		if (c == 'h') {
			help = 1;
		} else if (c == 'V') {
			crm_version();
		} else if ((d = optdef(cli->opts, c))) {
			seen[nseen++] = c;
			if (cli->set && !cli->set(c, optarg))
				crm_usage_error("option '--%s' is not handled", d->name);
		} else {
			crm_bad_option(c, argv);
		}
	}
	free(longopts);
	free(shortopts);

	*first = optind;
	if (cli->cmds) {
		if (optind >= argc) {
			free(seen);
			if (help)
				cli_usage(cli, NULL);
			char *list = xstrdup("");
			for (i = 0; i < cli->ncmds; i++) {
				char *l = xasprintf("%s%s%s", list, !i ? "" : i + 1 < cli->ncmds ?
						    ", " : " or ", cli->cmds[i].name);
				free(list);
				list = l;
			}
			crm_usage_error("a command is needed: %s", list);
		}
		for (i = 0; i < cli->ncmds && !cmd; i++)
			if (!strcmp(argv[optind], cli->cmds[i].name))
				cmd = &cli->cmds[i];
		if (!cmd) {
			free(seen);
			crm_usage_error("unknown command '%s'", argv[optind]);
		}
		*first = optind + 1;
	}
	if (help) {
		free(seen);
		cli_usage(cli, cmd);
	}
	for (i = 0; cmd && i < nseen; i++)
		if (!has(cmd->opts, seen[i])) {
			d = optdef(cli->opts, seen[i]);
			free(seen);
			crm_usage_error("%s: option '--%s' is not one of this command's; "
					"'%s %s --help' lists them", cmd->name, d->name,
					program_invocation_short_name, cmd->name);
		}
	for (const int *v = cmd ? cmd->needs : NULL; v && *v; v++) {
		for (i = 0; i < nseen && seen[i] != *v; i++)
			;
		if (i == nseen) {
			d = optdef(cli->opts, *v);
			free(seen);
			crm_usage_error("%s: option '--%s' is needed", cmd->name, d ? d->name : "?");
		}
	}
	free(seen);
	nargs = argc - *first;
	if (cmd && (nargs < cmd->min || (cmd->max >= 0 && nargs > cmd->max))) {
		if (cmd->max == 0)
			crm_usage_error("%s: takes no operands, found '%s'", cmd->name, argv[*first]);
		crm_usage_error("%s: expected %s, found %d operand%s", cmd->name,
				*cmd->args ? cmd->args : "no operands", nargs, nargs == 1 ? "" : "s");
	}
	return cmd;
}
