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
	OPT_ALLOW_DUPLICATE, OPT_LIST, OPT_KINDS
};

struct cmd {
	const char *name;
	int (*run)(struct args *a);
};

static const struct cmd cmds[] = {
	{ "add", cmd_add },
	{ "import", cmd_add },
	{ "update", cmd_update },
	{ "list", cmd_list },
	{ "show", cmd_show },
	{ "history", cmd_history },
	{ "log", cmd_log },
	{ "event", cmd_event },
	{ "project", cmd_project },
	{ "validate", cmd_validate },
	{ "export", cmd_export },
};

static void
usage(FILE *fp)
{
	fputs("Usage: crm-file COMMAND [options] [FILE...|ID...]\n"
	      "The customer archive (crm.db in CRM_HOME).\n"
	      "\n"
	      "Commands:\n"
	      "  add [FILE...]        check and add customers (one transaction; ids assigned\n"
	      "                       C000001… when not given); prints what was added\n"
	      "  update [FILE...]     change customers: id, the changed fields, reason, by;\n"
	      "                       one history row per changed field; prints them\n"
	      "  list                 customers, filtered by the options below\n"
	      "  show ID...           the customers with these ids\n"
	      "  history [ID]         the change history (《客户信息维护表》)\n"
	      "  log [FILE...]        record letters, faxes, calls, visits, emails, meetings\n"
	      "  log --list [ID]      the correspondence, of one customer or all\n"
	      "  event add [FILE...]  record major matters: customer_id, date, kind, summary,\n"
	      "                       by (CM-18); shown in history beside field changes\n"
	      "  event list [ID]      the events, of one customer or all\n"
	      "  project add|update [FILE...]  delivered projects: id, customer_id, name,\n"
	      "                       delivered (SVC-05)\n"
	      "  project list [ID]    the projects (of one customer), with their last revisit\n"
	      "  validate [FILE...]   a filter: each record gets a problems column\n"
	      "  export               every customer, with Chinese headers and a BOM\n"
	      "\n"
	      "Options:\n"
	      "  --home DIR           the archive's directory (env CRM_HOME)\n"
	      "  --category C         list: target, general, key or potential\n"
	      "  --department D       list: one business department\n"
	      "  --owner ID           list: one owner's customers\n"
	      "  --status S           list: active or closed\n"
	      "  --vip                list: key customers only (CM-08)\n"
	      "  --allow-duplicate    add: accept a name or phone already in the archive\n"
	      "  --list               log: list instead of adding\n"
	      "  --kinds FILE         event: the kinds of major matter (kind[,zh,needs_summary])\n", fp);
	crm_opts_usage(fp);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CRM_LONGOPTS,
		{ "home", required_argument, NULL, OPT_HOME },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "department", required_argument, NULL, OPT_DEPARTMENT },
		{ "owner", required_argument, NULL, OPT_OWNER },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "vip", no_argument, NULL, OPT_VIP },
		{ "allow-duplicate", no_argument, NULL, OPT_ALLOW_DUPLICATE },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "kinds", required_argument, NULL, OPT_KINDS },
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
		case OPT_CATEGORY: opts.category = optarg; break;
		case OPT_DEPARTMENT: opts.department = optarg; break;
		case OPT_OWNER: opts.owner = optarg; break;
		case OPT_STATUS: opts.status = optarg; break;
		case OPT_VIP: opts.vip = 1; break;
		case OPT_ALLOW_DUPLICATE: opts.allow_duplicate = 1; break;
		case OPT_LIST: opts.list = 1; break;
		case OPT_KINDS: opts.kinds = optarg; break;
		default:
			crm_bad_option(c, argv);
		}
	}
	cmd = crm_command(argc, argv, cmds, sizeof cmds / sizeof cmds[0], sizeof cmds[0],
			  "add, update, list, show, history, log, event, project, validate or export");
	a.v = argv + optind + 1;
	a.n = argc - optind - 1;
	return crm_finish(cmd->run(&a));
}
