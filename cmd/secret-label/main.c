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

enum {
	OPT_DOCS = CRM_OPT_PROG, OPT_GRANTS, OPT_AUDIT, OPT_REASON, OPT_PERIODS, OPT_ANCHOR,
	OPT_STAFF, OPT_CHECK, OPT_LIST, OPT_KEY
};

/* A subcommand's own options, as bits. */
enum {
	T_DOCS = 1, T_GRANTS = 2, T_AUDIT = 4, T_REASON = 8, T_PERIODS = 16, T_ANCHOR = 32,
	T_STAFF = 64, T_CHECK = 128, T_LIST = 256, T_KEY = 512
};

struct cmd {
	const char *name;
	int (*run)(struct ctx *x);
	const struct crm_type *type;	/* its input records; NULL: none */
	unsigned takes, needs;		/* its own options, and those it cannot do without */
};

static const struct cmd cmds[] = {
	{ "classify", cmd_classify, &doc_type, T_AUDIT | T_KEY | T_REASON, 0 },
	{ "stamp", cmd_stamp, &doc_type, T_AUDIT | T_KEY | T_PERIODS, 0 },
	{ "declassify", cmd_declassify, &doc_type, T_AUDIT | T_KEY | T_PERIODS, 0 },
	{ "derive", cmd_derive, &doc_type, T_DOCS | T_AUDIT | T_KEY | T_PERIODS | T_REASON, T_DOCS },
	{ "check", cmd_check, &request_type,
	  T_DOCS | T_GRANTS | T_STAFF | T_AUDIT | T_KEY | T_PERIODS, T_DOCS | T_STAFF },
	{ "verify", cmd_verify, NULL, T_ANCHOR | T_KEY, 0 },
	{ "extend", cmd_extend, &doc_type, T_AUDIT | T_KEY | T_PERIODS, 0 },
	{ "custodians", cmd_custodians, &custodian_type, T_CHECK | T_DOCS | T_PERIODS, 0 },
	{ "leak", cmd_leak, &leak_type, T_DOCS | T_AUDIT | T_KEY, T_AUDIT },
	{ "sanction", cmd_sanction, &sanction_type, T_AUDIT | T_KEY | T_LIST, 0 },
};

static const char *const optnames[] = {
	"--docs FILE", "--grants FILE", "--audit FILE", "--reason TEXT", "--periods FILE",
	"--anchor FILE", "--staff FILE", "--check", "--list", "--key FILE"
};

static void
usage(FILE *fp)
{
	fputs("Usage: secret-label COMMAND [options] [FILE...]\n"
	      "Document secrecy levels, labels, declassification and need-to-know (SEC-01..08).\n"
	      "\n"
	      "Commands (filters over document records, unless said otherwise):\n"
	      "  classify     the level from the category (SEC-02, SEC-03)\n"
	      "  stamp        period_years, declassify_on and the label 机密★10年 (SEC-04)\n"
	      "  declassify   documents whose period is over become public (SEC-04)\n"
	      "  derive       documents compiled from sources, and copies (SEC-06)\n"
	      "  check        read/copy/excerpt/lend requests: decision, needs, reason,\n"
	      "               rule (SEC-05, SEC-06); exit 1 when any is denied\n"
	      "  verify LOG   check an audit log's hash chain; print its head\n"
	      "  extend       record extensions (extended_to, extended_by, extended_on)\n"
	      "               and mark them declassify_source extended (SEC-04)\n"
	      "  custodians   company,custodian; --check --docs FILE lists companies\n"
	      "               holding secret documents without one (SEC-07); exit 1\n"
	      "  leak         record leak reports (doc_id, reported_by, found_on,\n"
	      "               exposed, measures) and print them for HQ (SEC-07); exit 1\n"
	      "  sanction     rewards and penalties (person, case, leak_id or doc_id,\n"
	      "               responsible, serious, amount, note) (SEC-08);\n"
	      "               --list LOG: those recorded in an audit log\n"
	      "\n"
	      "Options:\n"
	      "  -r, --reason TEXT    classify, derive: why a level is below its category's\n"
	      "  -d, --docs FILE      derive, check: the documents (id, level, ...)\n"
	      "  -s, --staff FILE     check: the staff roster (crm-staff list: id, name,\n"
	      "                       department, role, left_on): roles come from it\n"
	      "  -g, --grants FILE    check: designations and approvals (doc_id, person,\n"
	      "                       action, granted_by, granted_role, expires)\n"
	      "  -a, --audit FILE     append every decision to a hash-chained log\n"
	      "  --periods FILE       default periods, level,period_years (30, 20, 10)\n"
	      "  --anchor FILE        verify: a checkpoint 'SEQ HASH' the log must hold\n"
	      "  --check              custodians: companies with secret documents and none\n"
	      "  --list               sanction: list the sanctions of an audit log\n"
	      "  --key FILE           the audit log's chain key (default $CRM_CHAIN_KEY,\n"
	      "                       else ~/.config/crm/chain.key; made on first use)\n", fp);
	crm_opts_usage(fp);
}

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

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CRM_LONGOPTS,
		{ "docs", required_argument, NULL, 'd' },
		{ "grants", required_argument, NULL, 'g' },
		{ "staff", required_argument, NULL, 's' },
		{ "audit", required_argument, NULL, 'a' },
		{ "reason", required_argument, NULL, 'r' },
		{ "periods", required_argument, NULL, OPT_PERIODS },
		{ "anchor", required_argument, NULL, OPT_ANCHOR },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "key", required_argument, NULL, OPT_KEY },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *cmd = NULL;
	struct ctx x = { .o = &opts };
	FILE *out = NULL;
	unsigned given = 0;
	int c;
	size_t i;

	crm_init();
	crm_opts_init(&opts.crm);
	if (argc > 1 && argv[1][0] != '-') {
		for (i = 0; i < NELEM(cmds); i++)
			if (!strcmp(argv[1], cmds[i].name))
				cmd = &cmds[i];
		if (!cmd)
			crm_usage_error("unknown command '%s'", argv[1]);
		argv++, argc--;
	}
	while ((c = getopt_long(argc, argv, ":hVd:g:s:a:r:" CRM_SHORTOPTS, longopts, NULL)) != -1) {
		if (crm_opts_set(&opts.crm, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			return crm_finish(CRM_OK);
		case 'V':
			crm_version();
		case 'd':
			opts.docs = optarg;
			given |= T_DOCS;
			break;
		case 'g':
			opts.grants = optarg;
			given |= T_GRANTS;
			break;
		case 's':
			opts.staff = optarg;
			given |= T_STAFF;
			break;
		case 'a':
			opts.audit = optarg;
			given |= T_AUDIT;
			break;
		case 'r':
			opts.reason = optarg;
			given |= T_REASON;
			break;
		case OPT_PERIODS:
			opts.periods = optarg;
			given |= T_PERIODS;
			break;
		case OPT_CHECK:
			opts.check = 1;
			given |= T_CHECK;
			break;
		case OPT_LIST:
			opts.list = 1;
			given |= T_LIST;
			break;
		case OPT_ANCHOR:
			opts.anchor = optarg;
			given |= T_ANCHOR;
			break;
		case OPT_KEY:
			opts.key = optarg;
			given |= T_KEY;
			break;
		default:
			crm_bad_option(c, argv);
		}
	}
	if (!cmd)
		crm_usage_error("a command is needed: classify, stamp, declassify, derive, check, verify, extend, custodians, leak or sanction");
	for (i = 0; i < NELEM(optnames); i++) {
		int n = (int)strcspn(optnames[i], " ");
		if (given & ~cmd->takes & (1u << i))
			crm_usage_error("%.*s is not an option of %s", n, optnames[i], cmd->name);
		if (~given & cmd->needs & (1u << i))
			crm_usage_error("%s needs %s", cmd->name, optnames[i]);
	}
	if (cmd->run == cmd_custodians && opts.check && !opts.docs)
		crm_usage_error("custodians --check needs --docs FILE");
	if (cmd->run == cmd_sanction && !opts.list && !opts.audit)
		crm_usage_error("sanction needs --audit FILE (or --list)");
	if ((given & T_KEY) && (cmd->takes & T_AUDIT) && !opts.audit && cmd->run != cmd_sanction)
		crm_usage_error("--key is the key of the audit log: it needs --audit");
	if (opts.reason && !*opts.reason)
		crm_usage_error("--reason needs a reason, found ''");

	x.today = crm_today(&opts.crm);
	x.files = argv + optind;
	x.nfiles = argc - optind;
	if ((x.status = periods_load(&x)) == CRM_ERROR)
		return crm_finish(CRM_ERROR);
	if (opts.audit && !(x.audit = audit_open(opts.audit, opts.key, x.today)))
		return crm_finish(CRM_ERROR);
	if (cmd->type) {
		x.in = crm_input_open(x.files, x.nfiles, &opts.crm, cmd->type);
		out = x.audit ? audit_output(x.audit) : stdout;
		x.w = crm_writer_new(out, &opts.crm);
	}
	x.status = crm_worst(x.status, cmd->run(&x));
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
	return crm_finish(x.status);
}
