/*
 * crm-access: who may read which customer archive (CM-07).  Reading an
 * archive of one's own department needs its department manager's
 * approval, of another department the general manager's.  check judges
 * requests against the approvals on file; grant and revoke keep them;
 * log appends accesses to a keyed hash chain (lib/chain) that verify
 * walks and checkpoint anchors.  Kept in the archive crm.db.
 */
#include <string.h>

#include "crm-access.h"

struct opts opts;

enum {
	OPT_HOME = CRM_OPT_PROG, OPT_REQUESTER, OPT_DEPARTMENT, OPT_CUSTOMER, OPT_APPROVER,
	OPT_EXPIRES, OPT_ON, OPT_PURPOSE, OPT_AT, OPT_ANCHOR, OPT_LIST, OPT_KEY
};

struct cmd {
	const char *name;
	int (*run)(struct args *a);
};

static const struct cmd cmds[] = {
	{ "check", cmd_check },
	{ "grant", cmd_grant },
	{ "revoke", cmd_revoke },
	{ "list", cmd_list },
	{ "log", cmd_log },
	{ "verify", cmd_verify },
	{ "checkpoint", cmd_checkpoint },
};

static void
usage(FILE *fp)
{
	fputs("Usage: crm-access COMMAND [options] [FILE...|SEQ...]\n"
	      "Who may read which customer archive (CM-07), and the access log.\n"
	      "\n"
	      "Commands:\n"
	      "  check [FILE...]      requests (requester, customer_id, purpose, date) get\n"
	      "                       approver_role, approver, decision, needs, reason;\n"
	      "                       exit 1 when any is denied\n"
	      "  grant [FILE...]      file approvals (requester, department or customer_id,\n"
	      "                       approver, granted_on, expires), or one from options\n"
	      "  revoke SEQ...        withdraw approvals\n"
	      "  list                 the approvals on file, with their status\n"
	      "  log [FILE...]        append accesses (requester, customer_id, purpose, at)\n"
	      "                       to the hash-chained access log, or one from options\n"
	      "  log --list           the access log\n"
	      "  verify               check the access log's hash chain\n"
	      "  checkpoint           print the head of the chain: SEQ HASH\n"
	      "\n"
	      "Options:\n"
	      "  --home DIR           the archive's directory (env CRM_HOME)\n"
	      "  --requester ID       grant, log, list: the staff member who reads\n"
	      "  --department D       grant, list: the department whose archive is read\n"
	      "  --customer ID        grant, log, list: one customer\n"
	      "  --approver ID        grant: the dept_manager or general_manager approving\n"
	      "  --expires DATE       grant: the last day the approval is valid\n"
	      "  --on DATE            grant, revoke: the day (default today)\n"
	      "  --purpose TEXT       log: why the archive is read\n"
	      "  --at TIME            log: when (YYYY-MM-DD HH:MM; default now)\n"
	      "  --list               log: list instead of appending\n"
	      "  --anchor FILE        verify: also check against a checkpoint\n"
	      "  --key FILE           log, verify, checkpoint: the access log's chain key\n"
	      "                       (default $CRM_CHAIN_KEY, else ~/.config/crm/chain.key;\n"
	      "                       log makes it on first use)\n", fp);
	crm_opts_usage(fp);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CRM_LONGOPTS,
		{ "home", required_argument, NULL, OPT_HOME },
		{ "requester", required_argument, NULL, OPT_REQUESTER },
		{ "department", required_argument, NULL, OPT_DEPARTMENT },
		{ "customer", required_argument, NULL, OPT_CUSTOMER },
		{ "approver", required_argument, NULL, OPT_APPROVER },
		{ "expires", required_argument, NULL, OPT_EXPIRES },
		{ "on", required_argument, NULL, OPT_ON },
		{ "purpose", required_argument, NULL, OPT_PURPOSE },
		{ "at", required_argument, NULL, OPT_AT },
		{ "anchor", required_argument, NULL, OPT_ANCHOR },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "key", required_argument, NULL, OPT_KEY },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *cmd;
	struct args a;
	int c;

	crm_init();
	crm_opts_init(&opts.crm);
	while ((c = getopt_long(argc, argv, ":hV" CRM_SHORTOPTS, longopts, NULL)) != -1) {
		if (crm_opts_set(&opts.crm, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			return crm_finish(CRM_OK);
		case 'V':
			crm_version();
		case OPT_HOME: opts.home = optarg; break;
		case OPT_REQUESTER: opts.requester = optarg; break;
		case OPT_DEPARTMENT: opts.department = optarg; break;
		case OPT_CUSTOMER: opts.customer = optarg; break;
		case OPT_APPROVER: opts.approver = optarg; break;
		case OPT_EXPIRES: opts.expires = optarg; break;
		case OPT_ON: opts.on = optarg; break;
		case OPT_PURPOSE: opts.purpose = optarg; break;
		case OPT_AT: opts.at = optarg; break;
		case OPT_ANCHOR: opts.anchor = optarg; break;
		case OPT_LIST: opts.list = 1; break;
		case OPT_KEY: opts.key = optarg; break;
		default:
			crm_bad_option(c, argv);
		}
	}
	cmd = crm_command(argc, argv, cmds, sizeof cmds / sizeof cmds[0], sizeof cmds[0],
			  "check, grant, revoke, list, log, verify or checkpoint");
	a.v = argv + optind + 1;
	a.n = argc - optind - 1;
	return crm_finish(cmd->run(&a));
}
