/* Unit tests for lib/cli's crm_parse: one command-line shape for every program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "tap.h"

enum { OPT_HOME = CRM_OPT_PROG, OPT_VIP, OPT_REASON };

static const char *home, *reason;
static int vip;

static int
set(int c, const char *arg)
{
	switch (c) {
	case OPT_HOME: home = arg; break;
	case OPT_VIP: vip = 1; break;
	case OPT_REASON: reason = arg; break;
	case 'k': break;
	default: return 0;
	}
	return 1;
}

static int run(int argc, char **argv) { (void)argc; (void)argv; return 0; }

static const struct crm_optdef defs[] = {
	{ "home", OPT_HOME, "DIR", "the archive's directory" },
	{ "vip", OPT_VIP, NULL, "key customers only" },
	{ "reason", OPT_REASON, "TEXT", "why" },
	{ "key", 'k', "FILE", "the key" },
	{ NULL, 0, NULL, NULL }
};
static const int list_opts[] = { OPT_HOME, OPT_VIP, 0 };
static const int update_opts[] = { OPT_HOME, OPT_REASON, 'k', 0 };
static const int update_needs[] = { OPT_REASON, 0 };
static const struct crm_cmd cmds[] = {
	{ "list", run, "", "customers", list_opts, NULL, 0, 0 },
	{ "update", run, "[FILE...]", "change customers", update_opts, update_needs, 0, -1 },
	{ "show", run, "ID...", "the customers", list_opts, NULL, 1, -1 },
};
static const struct crm_cli cli = {
	"crm-test COMMAND [options]", "A test.", defs, cmds, 3, set
};

/* Parse the NULL-terminated words in a child; its exit status, or 100 + command index. */
static int
parse(const char *const *words)
{
	char *argv[16];
	int argc = 0, status;
	pid_t pid;

	argv[argc++] = "crm-test";
	while (*words)
		argv[argc++] = (char *)*words++;
	argv[argc] = NULL;
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct crm_opts o;
		int first;

		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		optind = 1;
		crm_opts_init(&o);
		const struct crm_cmd *c = crm_parse(&cli, &o, argc, argv, &first);
		_exit(100 + (int)(c - cmds));
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define P(...) parse((const char *const[]){ __VA_ARGS__, NULL })

int
main(void)
{
	struct crm_opts o;
	int first;

	crm_init();
	is_int(P("list"), 100, "a command alone");
	is_int(P("--vip", "list"), 100, "a program option before the command");
	is_int(P("list", "--vip", "--ojson"), 100, "options after the command");
	is_int(P("--today", "2026-12-01", "list"), 100, "a common option before the command");
	is_int(P("list", "--reason", "x"), CRM_ERROR, "an option the command does not take");
	is_int(P("update", "--vip", "--reason", "x"), CRM_ERROR, "--vip on update");
	is_int(P("update", "a.csv"), CRM_ERROR, "a needed option missing");
	is_int(P("update", "-k", "f", "--reason", "x", "a.csv", "b.csv"), 101, "short option, operands");
	is_int(P("show"), CRM_ERROR, "too few operands");
	is_int(P("list", "extra"), CRM_ERROR, "too many operands");
	is_int(P("nonsense"), CRM_ERROR, "an unknown command");
	is_int(P("--vip"), CRM_ERROR, "no command");
	is_int(P("list", "--bogus"), CRM_ERROR, "an unknown option");
	is_int(P("list", "--home"), CRM_ERROR, "a value missing");
	is_int(P("--help"), CRM_OK, "program help");
	is_int(P("update", "--help"), CRM_OK, "command help, needed options not asked");
	is_int(P("-V"), CRM_OK, "version");

	/* In this process: the values reach the program and *first the operands. */
	char *argv[] = { "crm-test", "--home", "/h", "show", "C1", "--ojson", "C2", NULL };
	optind = 1;
	crm_opts_init(&o);
	const struct crm_cmd *c = crm_parse(&cli, &o, 7, argv, &first);
	is_str(c ? c->name : NULL, "show", "the command");
	is_str(home, "/h", "the program option's value");
	is_int(o.out, CRM_FMT_JSON, "a common option after an operand");
	is_int(7 - first, 2, "two operands");
	is_str(argv[first], "C1", "the first operand");
	is_str(argv[first + 1], "C2", "the second operand");
	return tap_done();
}
