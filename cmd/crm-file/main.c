/*
 * crm-file: the customer archive in crm.db — add, update (with history),
 * list, show, history, correspondence, validate and export (CM-01…04, 08,
 * 09, 14).
 */
#include <string.h>

#include "crm-file.h"

struct opts opts;

enum {
	OPT_HOME = CRM_OPT_PROG, OPT_CATEGORY, OPT_DEPARTMENT, OPT_OWNER, OPT_STATUS, OPT_VIP,
	OPT_ALLOW_DUPLICATE, OPT_LIST, OPT_KINDS, OPT_TO
};

static const struct crm_optdef optdefs[] = {
	{ "home", OPT_HOME, "DIR", "the archive's directory (env CRM_HOME)" },
	CRM_OPTDEF_DB,
	{ "category", OPT_CATEGORY, "C", "list: target, general, key or potential" },
	{ "department", OPT_DEPARTMENT, "D", "list: one business department" },
	{ "owner", OPT_OWNER, "ID", "list: one owner's customers" },
	{ "status", OPT_STATUS, "S", "list: active or closed" },
	{ "vip", OPT_VIP, NULL, "list: VIP customers only (CM-08)" },
	{ "allow-duplicate", OPT_ALLOW_DUPLICATE, NULL,
	  "add: accept a name or phone already in the archive" },
	{ "list", OPT_LIST, NULL, "log: list instead of adding" },
	{ "kinds", OPT_KINDS, "FILE", "event: the kinds of major matter (kind[,zh,needs_summary])" },
	{ "to", OPT_TO, "URL", "migrate: the server archive, postgresql://…" },
	{ NULL, 0, NULL, NULL }
};

static const int home_only[] = { OPT_HOME, 0 };
static const int add_opts[] = { OPT_HOME, OPT_ALLOW_DUPLICATE, 0 };
static const int list_opts[] = { OPT_HOME, OPT_CATEGORY, OPT_DEPARTMENT, OPT_OWNER, OPT_STATUS,
				 OPT_VIP, 0 };
static const int log_opts[] = { OPT_HOME, OPT_LIST, 0 };
static const int event_opts[] = { OPT_HOME, OPT_KINDS, 0 };
static const int migrate_opts[] = { OPT_HOME, OPT_TO, 0 };
static const int migrate_needs[] = { OPT_TO, 0 };

static const struct crm_cmd cmds[] = {
	{ "add", cmd_add, "[FILE...]", "check and add customers (one transaction); prints what "
	  "was added", add_opts, NULL, 0, -1 },
	{ "import", cmd_add, "[FILE...]", "the same as add", add_opts, NULL, 0, -1 },
	{ "update", cmd_update, "[FILE...]", "change customers: id, the changed fields, reason, "
	  "by; one history row per change", home_only, NULL, 0, -1 },
	{ "list", cmd_list, "", "customers, filtered by the options", list_opts, NULL, 0, 0 },
	{ "show", cmd_show, "ID...", "the customers with these ids", home_only, NULL, 1, -1 },
	{ "history", cmd_history, "[ID]", "the change history and events (CM-04, CM-18)",
	  home_only, NULL, 0, 1 },
	{ "log", cmd_log, "[FILE...] | --list [ID]", "record correspondence (CM-09), or list it",
	  log_opts, NULL, 0, -1 },
	{ "event", cmd_event, "add [FILE...] | list [ID]", "major matters (CM-18)", event_opts,
	  NULL, 1, -1 },
	{ "project", cmd_project, "add|update [FILE...] | list [ID]",
	  "delivered projects (SVC-05)", home_only, NULL, 1, -1 },
	{ "validate", cmd_validate, "[FILE...]", "a filter: each record gets a problems column",
	  home_only, NULL, 0, -1 },
	{ "migrate", cmd_migrate, "--to URL", "copy this office's crm.db into an empty archive "
	  "on a server; the access log's chain verified there", migrate_opts, migrate_needs, 0, 0 },
	{ "export", cmd_export, "", "the customers, filtered as list, with Chinese headers and "
	  "a BOM", list_opts, NULL, 0, 0 },
};

static int
set(int c, const char *arg)
{
	switch (c) {
	case OPT_HOME: opts.home = arg; break;
	case OPT_CATEGORY: opts.category = arg; break;
	case OPT_DEPARTMENT: opts.department = arg; break;
	case OPT_OWNER: opts.owner = arg; break;
	case OPT_STATUS: opts.status = arg; break;
	case OPT_VIP: opts.vip = 1; break;
	case OPT_ALLOW_DUPLICATE: opts.allow_duplicate = 1; break;
	case OPT_LIST: opts.list = 1; break;
	case OPT_KINDS: opts.kinds = arg; break;
	case OPT_TO: opts.to = arg; break;
	default: return 0;
	}
	return 1;
}

static const struct crm_cli cli = {
	"crm-file COMMAND [options] [FILE...|ID...]",
	"The customer archive (crm.db in CRM_HOME): CM-01…04, 08, 09, 14, 18.",
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
