/*
 * secret-label: document secrecy under 篇四 (SEC-01…08) — levels from
 * categories (classify), labels in the GB/T 9704 form 机密★10年 (stamp),
 * declassification at the end of the period (declassify), documents
 * compiled from others and copies (derive), who may read, copy or lend
 * what (check), and a hash-chained log of every decision (--audit, verify).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "secret-label.h"

static struct opts opts;

enum { OPT_PERIODS = CRM_OPT_PROG, OPT_ANCHOR, OPT_CHECK, OPT_LIST, OPT_KEY };

static const struct crm_optdef optdefs[] = {
	{ "docs", 'd', "FILE", "the register of documents (id, level, ...)" },
	{ "staff", 's', "FILE", "the staff roster (crm-staff list): roles come from it" },
	{ "grants", 'g', "FILE", "designations and approvals on file" },
	{ "reason", 'r', "TEXT", "why a level is below its category's" },
	{ "periods", OPT_PERIODS, "FILE", "default periods: level,period_years (30, 20, 10)" },
	{ "audit", 'a', "FILE", "append every decision to a hash-chained log" },
	{ "key", OPT_KEY, "FILE", "the audit log's chain key (default $CRM_CHAIN_KEY)" },
	{ "anchor", OPT_ANCHOR, "FILE", "a checkpoint 'SEQ HASH' the log must hold" },
	{ "check", OPT_CHECK, NULL, "companies holding secret documents and no custodian" },
	{ "list", OPT_LIST, NULL, "list the sanctions of an audit log" },
	{ NULL, 0, NULL, NULL }
};

static const int classify_opts[] = { 'r', 'a', OPT_KEY, 0 };
static const int stamp_opts[] = { OPT_PERIODS, 'a', OPT_KEY, 0 };
static const int derive_opts[] = { 'd', 'r', OPT_PERIODS, 'a', OPT_KEY, 0 };
static const int check_opts[] = { 'd', 's', 'g', OPT_PERIODS, 'a', OPT_KEY, 0 };
static const int verify_opts[] = { OPT_ANCHOR, OPT_KEY, 0 };
static const int custodians_opts[] = { OPT_CHECK, 'd', OPT_PERIODS, 0 };
static const int leak_opts[] = { 'd', 'a', OPT_KEY, 0 };
static const int sanction_opts[] = { 'a', OPT_KEY, OPT_LIST, 0 };
static const int needs_docs[] = { 'd', 0 };
static const int needs_docs_staff[] = { 'd', 's', 0 };
static const int needs_audit[] = { 'a', 0 };

static int run(int argc, char **argv);

/* Operand counts are checked by each command (verify), whose messages say more. */
static const struct crm_cmd cmds[] = {
	{ "classify", run, "[FILE...]", "documents get their category's level (SEC-02, SEC-03)",
	  classify_opts, NULL, 0, -1 },
	{ "stamp", run, "[FILE...]", "period_years, declassify_on, label 机密★10年 (SEC-04)",
	  stamp_opts, NULL, 0, -1 },
	{ "declassify", run, "[FILE...]", "documents whose period is over become public (SEC-04)",
	  stamp_opts, NULL, 0, -1 },
	{ "derive", run, "[FILE...]", "documents compiled from sources, and copies (SEC-06)",
	  derive_opts, needs_docs, 0, -1 },
	{ "check", run, "[FILE...]", "requests get decision, needs, reason (SEC-05, SEC-06)",
	  check_opts, needs_docs_staff, 0, -1 },
	{ "verify", run, "LOG", "check an audit log's hash chain; print its head", verify_opts,
	  NULL, 0, -1 },
	{ "extend", run, "[FILE...]", "record extensions of the period (SEC-04)", stamp_opts, NULL,
	  0, -1 },
	{ "custodians", run, "[FILE...]", "company,custodian; --check: who lacks one "
	  "(SEC-07)", custodians_opts, NULL, 0, -1 },
	{ "leak", run, "[FILE...]", "record leak reports, print them for HQ (SEC-07)", leak_opts,
	  needs_audit, 0, -1 },
	{ "sanction", run, "[FILE...]", "rewards and penalties (SEC-08); --list LOG lists them",
	  sanction_opts, NULL, 0, -1 },
};

/* What each command runs, and the records it reads (NULL: none), as cmds[]. */
static const struct {
	int (*run)(struct ctx *x);
	const struct crm_type *type;
} impl[] = {
	{ cmd_classify, &doc_type }, { cmd_stamp, &doc_type }, { cmd_declassify, &doc_type },
	{ cmd_derive, &doc_type }, { cmd_check, &request_type }, { cmd_verify, NULL },
	{ cmd_extend, &doc_type }, { cmd_custodians, &custodian_type }, { cmd_leak, &leak_type },
	{ cmd_sanction, &sanction_type },
};
_Static_assert(NELEM(impl) == NELEM(cmds), "an implementation per command");

static const struct crm_cmd *cmd;

static int
set(int c, const char *arg)
{
	switch (c) {
	case 'd': opts.docs = arg; break;
	case 's': opts.staff = arg; break;
	case 'g': opts.grants = arg; break;
	case 'r': opts.reason = arg; break;
	case OPT_PERIODS: opts.periods = arg; break;
	case 'a': opts.audit = arg; break;
	case OPT_KEY: opts.key = arg; break;
	case OPT_ANCHOR: opts.anchor = arg; break;
	case OPT_CHECK: opts.check = 1; break;
	case OPT_LIST: opts.list = 1; break;
	default: return 0;
	}
	return 1;
}

static const struct crm_cli cli = {
	"secret-label COMMAND [options] [FILE...]",
	"Document secrecy levels, labels, declassification and need-to-know (SEC-01..08).",
	optdefs, cmds, NELEM(cmds), set
};

/* Close an output other than stdout as crm_finish closes stdout; returns a status. */
static int
output_close(FILE *fp)
{
	int bad = fflush(fp) != 0 || ferror(fp);

	if (fclose(fp) != 0)
		bad = 1;
	if (bad && errno != EPIPE) {
		crm_warn("write error:");
		return CRM_ERROR;
	}
	return CRM_OK;
}

/* The options that go together, then the command on its operands. */
static int
run(int argc, char **argv)
{
	int (*cmd_run)(struct ctx *x) = impl[cmd - cmds].run;
	const struct crm_type *type = impl[cmd - cmds].type;
	struct ctx x = { .o = &opts };
	FILE *out = NULL;

	if (cmd_run == cmd_custodians && opts.check && !opts.docs)
		crm_usage_error("custodians --check needs --docs FILE");
	if (cmd_run == cmd_sanction && !opts.list && !opts.audit)
		crm_usage_error("sanction needs --audit FILE (or --list)");
	if (opts.key && !opts.audit && cmd_run != cmd_verify && cmd_run != cmd_sanction)
		crm_usage_error("--key is the key of the audit log: it needs --audit");
	if (opts.reason && !*opts.reason)
		crm_usage_error("--reason needs a reason, found ''");

	x.today = crm_today(&opts.crm);
	x.files = argv;
	x.nfiles = argc;
	if ((x.status = periods_load(&x)) == CRM_ERROR)
		return CRM_ERROR;
	if (opts.audit && !(x.audit = audit_open(opts.audit, opts.key, x.today)))
		return CRM_ERROR;
	if (type) {
		x.in = crm_input_open(x.files, x.nfiles, &opts.crm, type);
		out = x.audit ? audit_output(x.audit) : stdout;
		x.w = crm_writer_new(out, &opts.crm);
	}
	x.status = crm_worst(x.status, cmd_run(&x));
	crm_writer_close(x.w);
	doc_release(&x);
	if (out && out != stdout)
		x.status = crm_worst(x.status, output_close(out));
	if (x.in) {
		x.status = crm_worst(x.status, crm_input_status(x.in));
		crm_input_free(x.in);
	}
	if (x.audit)
		x.status = crm_worst(x.status, audit_close(x.audit));
	if (x.status == CRM_OK && x.findings)
		x.status = CRM_FINDINGS;
	return x.status;
}

int
main(int argc, char *argv[])
{
	int first;

	crm_init();
	crm_opts_init(&opts.crm);
	cmd = crm_parse(&cli, &opts.crm, argc, argv, &first);
	return crm_finish(cmd->run(argc - first, argv + first));
}
