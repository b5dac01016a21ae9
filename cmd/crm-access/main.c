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

static const struct crm_optdef optdefs[] = {
	{ "home", OPT_HOME, "DIR", "the archive's directory (env CRM_HOME)" },
	{ "requester", OPT_REQUESTER, "ID", "grant, log, list: the staff member who reads" },
	{ "department", OPT_DEPARTMENT, "D", "grant, list: the department whose archive is read" },
	{ "customer", OPT_CUSTOMER, "ID", "grant, log, list: one customer" },
	{ "approver", OPT_APPROVER, "ID", "grant: the dept_manager or general_manager approving" },
	{ "expires", OPT_EXPIRES, "DATE", "grant: the last day the approval is valid" },
	{ "on", OPT_ON, "DATE", "grant, revoke: the day (default today)" },
	{ "purpose", OPT_PURPOSE, "TEXT", "log: why the archive is read" },
	{ "at", OPT_AT, "TIME", "log: when (YYYY-MM-DD HH:MM; default now)" },
	{ "anchor", OPT_ANCHOR, "FILE", "verify: also check against a checkpoint" },
	{ "list", OPT_LIST, NULL, "log: list instead of appending" },
	{ "key", OPT_KEY, "FILE", "log, verify, checkpoint: the access log's chain key "
	  "(default $CRM_CHAIN_KEY, else ~/.config/crm/chain.key)" },
	{ NULL, 0, NULL, NULL }
};

static const int check_opts[] = { OPT_HOME, 0 };
static const int grant_opts[] = { OPT_HOME, OPT_REQUESTER, OPT_DEPARTMENT, OPT_CUSTOMER,
				  OPT_APPROVER, OPT_EXPIRES, OPT_ON, 0 };
static const int revoke_opts[] = { OPT_HOME, OPT_ON, 0 };
static const int list_opts[] = { OPT_HOME, OPT_REQUESTER, OPT_DEPARTMENT, OPT_CUSTOMER, 0 };
static const int log_opts[] = { OPT_HOME, OPT_REQUESTER, OPT_CUSTOMER, OPT_PURPOSE, OPT_AT,
				OPT_LIST, OPT_KEY, 0 };
static const int verify_opts[] = { OPT_HOME, OPT_ANCHOR, OPT_KEY, 0 };
static const int checkpoint_opts[] = { OPT_HOME, OPT_KEY, 0 };

/* Operand counts are checked by each command, whose messages say more. */
static const struct crm_cmd cmds[] = {
	{ "check", cmd_check, "[FILE...]", "requests (requester, customer_id, purpose, date) get "
	  "approver_role, approver, decision, needs, reason; exit 1 when any is denied",
	  check_opts, NULL, 0, -1 },
	{ "grant", cmd_grant, "[FILE...]", "file approvals (requester, department or "
	  "customer_id, approver, granted_on, expires), or one from options", grant_opts, NULL,
	  0, -1 },
	{ "revoke", cmd_revoke, "SEQ...", "withdraw approvals", revoke_opts, NULL, 0, -1 },
	{ "list", cmd_list, "", "the approvals on file, with their status", list_opts, NULL, 0, -1 },
	{ "log", cmd_log, "[FILE...]", "append accesses (requester, customer_id, purpose, at) to "
	  "the keyed hash-chained access log, or one from options; --list lists it", log_opts,
	  NULL, 0, -1 },
	{ "verify", cmd_verify, "", "check the access log's chain", verify_opts, NULL, 0, -1 },
	{ "checkpoint", cmd_checkpoint, "", "print the head of the chain: SEQ HASH",
	  checkpoint_opts, NULL, 0, -1 },
};

static int
set(int c, const char *arg)
{
	switch (c) {
	case OPT_HOME: opts.home = arg; break;
	case OPT_REQUESTER: opts.requester = arg; break;
	case OPT_DEPARTMENT: opts.department = arg; break;
	case OPT_CUSTOMER: opts.customer = arg; break;
	case OPT_APPROVER: opts.approver = arg; break;
	case OPT_EXPIRES: opts.expires = arg; break;
	case OPT_ON: opts.on = arg; break;
	case OPT_PURPOSE: opts.purpose = arg; break;
	case OPT_AT: opts.at = arg; break;
	case OPT_ANCHOR: opts.anchor = arg; break;
	case OPT_LIST: opts.list = 1; break;
	case OPT_KEY: opts.key = arg; break;
	default: return 0;
	}
	return 1;
}

static const struct crm_cli cli = {
	"crm-access COMMAND [options] [FILE...|SEQ...]",
	"Who may read which customer archive (CM-07), and the access log.",
	optdefs, cmds, sizeof cmds / sizeof cmds[0], set
};

int
main(int argc, char *argv[])
{
	const struct crm_cmd *cmd;
	int first;

	crm_init();
	crm_opts_init(&opts.crm);
	cmd = crm_parse(&cli, &opts.crm, argc, argv, &first);
	return crm_finish(cmd->run(argc - first, argv + first));
}
