/*
 * riskcalc: stock index futures risk control (FUT-01…19) as filters over
 * record streams — price bands, the circuit breaker replay, margin and
 * margin calls, position limits and large-trader reports, forced
 * liquidation, forced deleveraging, the settlement guarantee fund and risk
 * warnings.  Exact fixed-point arithmetic throughout: no floating point.
 */
#include <stdlib.h>
#include <string.h>

#include "riskcalc.h"

static struct opts opts;

enum {
	OPT_LIMITS = CRM_OPT_PROG, OPT_EXECUTED, OPT_MARGIN, OPT_PREV_MARGIN, OPT_OPEN,
	OPT_CLOSE, OPT_UNTIL, OPT_LARGER_SIDE, OPT_BASE, OPT_NEAR, OPT_LOW, OPT_TRADES,
	OPT_POSITIONS_OUT, OPT_SESSIONS, OPT_ATTACHMENTS, OPT_INVESTORS, OPT_MEMBERS, OPT_HEDGE_QUOTAS
};

#define NO_CONTRACTS -1

/* The commands, by bit, for the option table. */
enum {
	BANDS = 1 << 0, BREAKER = 1 << 1, MARGIN = 1 << 2, LIMITS = 1 << 3, REPORT = 1 << 4,
	LIQUIDATE = 1 << 5, DELEVERAGE = 1 << 6, GUARANTEE = 1 << 7, WARN = 1 << 8
};

struct cmd {
	const char *name;
	int (*run)(struct ctx *x);
	const struct crm_type *input;
	int needs;			/* of --contracts: NEED_* flags, or NO_CONTRACTS */
	unsigned bit;
	const char *operands, *summary;
};

static const struct cmd cmds[] = {
	{ "bands", cmd_bands, &type_contract, NO_CONTRACTS, BANDS, "[CONTRACTS...]",
	  "contracts: add breaker ±6% and limit ±10% prices (FUT-03, 20)" },
	{ "breaker", cmd_breaker, &type_quote, NEED_BANDS, BREAKER, "[QUOTES...]",
	  "quotes (time,contract,bid,ask[,event]): breaker events (FUT-04…08)" },
	{ "margin", cmd_margin, &type_position, NEED_PREV | NEED_SETTLE | NEED_RATE | NEED_MULT,
	  MARGIN, "[POSITIONS...]",
	  "positions: per account margin, pnl, reserve, call (FUT-01, 02)" },
	{ "limits", cmd_limits, &type_position, 0, LIMITS, "[POSITIONS...]",
	  "positions: investors over the limit, members over 25% (FUT-09…13)" },
	{ "report", cmd_report, &type_position, 0, REPORT, "[POSITIONS...]",
	  "positions: large-trader reports due, with their attachments (FUT-14, 21)" },
	{ "liquidate", cmd_liquidate, &type_margin, NEED_SETTLE | NEED_RATE | NEED_MULT, LIQUIDATE,
	  "[MARGIN-RESULTS...]", "margin results: lots to force-close (FUT-15, 16)" },
	{ "deleverage", cmd_deleverage, &type_order, NEED_BANDS | NEED_SETTLE, DELEVERAGE,
	  "[ORDERS...]", "unfilled close orders at the limit: forced deleveraging (FUT-17)" },
	{ "guarantee", cmd_guarantee, &type_member, NO_CONTRACTS, GUARANTEE, "[MEMBERS...]",
	  "members: settlement guarantee fund, basic + variable (FUT-18)" },
	{ "warn", cmd_warn, &type_position, NEED_BANDS, WARN, "[POSITIONS...]",
	  "positions: risk warnings (FUT-19)" },
};

/*
 * riskcalc's own options as data: which commands take each one, and its
 * help line.  getopt's table and every --help are made from it.
 * TODO(lib): a shared parser of option tables like this one (cli).
 */
struct optdef {
	const char *name;
	int has_arg, val;
	unsigned cmds;
	const char *arg, *help;
};

#define CONTRACT_CMDS (BREAKER | MARGIN | LIMITS | REPORT | LIQUIDATE | DELEVERAGE | WARN)

static const struct optdef optdefs[] = {
	{ "contracts", 1, 'c', CONTRACT_CMDS, "FILE", "contract settings" },
	{ "accounts", 1, 'a', MARGIN | REPORT, "FILE", "accounts: account,investor,member,reserve" },
	{ "trades", 1, OPT_TRADES, MARGIN, "FILE",
	  "today's fills: account,contract,side,offset,lots,price" },
	{ "positions-out", 1, OPT_POSITIONS_OUT, MARGIN, "FILE",
	  "write the closing positions (tomorrow's input) to FILE" },
	{ "larger-side", 0, OPT_LARGER_SIDE, MARGIN | LIQUIDATE, NULL,
	  "charge only the larger side per product" },
	{ "positions", 1, 'p', LIQUIDATE | DELEVERAGE, "FILE", "the positions" },
	{ "limits", 1, OPT_LIMITS, LIQUIDATE, "FILE", "violations from riskcalc limits" },
	{ "executed", 1, OPT_EXECUTED, LIQUIDATE, "FILE",
	  "lots the member closed in the first session" },
	{ "sessions", 1, OPT_SESSIONS, BREAKER, "LIST",
	  "trading sessions (default 09:30-11:30,13:00-15:00)" },
	{ "open", 1, OPT_OPEN, BREAKER, "TIME", "the first session's start (default 09:30)" },
	{ "close", 1, OPT_CLOSE, BREAKER, "TIME", "the last session's end (default 15:00)" },
	{ "until", 1, OPT_UNTIL, BREAKER, "TIME", "replay up to TIME (default the close)" },
	{ "investors", 1, OPT_INVESTORS, LIMITS | REPORT | WARN, "FILE",
	  "trading codes to investors: trading_code,member,investor" },
	{ "members", 1, OPT_MEMBERS, LIMITS, "FILE",
	  "clearing members: member,clearing_member[,member_name]" },
	{ "hedge-quotas", 1, OPT_HEDGE_QUOTAS, LIMITS | WARN, "FILE",
	  "approved hedging quotas: investor|member,contract,lots" },
	{ "attachments", 1, OPT_ATTACHMENTS, REPORT, "FILE",
	  "attachments on file: investor,item[,on_file] (FUT-21)" },
	{ "base", 1, OPT_BASE, GUARANTEE, "AMOUNT", "the market-wide base in yuan" },
	{ "margin", 1, OPT_MARGIN, WARN, "FILE", "today's margin results" },
	{ "prev-margin", 1, OPT_PREV_MARGIN, WARN, "FILE", "the previous day's margin results" },
	{ "near", 1, OPT_NEAR, WARN, "RATE", "positions at RATE of the limit (default 90%)" },
	{ "low", 1, OPT_LOW, WARN, "RATE", "reserve below RATE of margin (default 10%)" },
};

static void
usage(FILE *fp, const struct cmd *cmd)
{
	size_t i;

	if (!cmd) {
		fputs("Usage: riskcalc COMMAND [options] [FILE...]\n"
		      "Stock index futures risk control (FUT-01…21), exact to the fen and the lot.\n"
		      "\nCommands:\n", fp);
		for (i = 0; i < NELEM(cmds); i++)
			fprintf(fp, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
		fputs("\n'riskcalc COMMAND --help' lists the options of COMMAND.\n\n", fp);
		crm_opts_usage(fp);
		return;
	}
	fprintf(fp, "Usage: riskcalc %s [options] %s\n%s\n\nOptions:\n", cmd->name, cmd->operands,
		cmd->summary);
	for (i = 0; i < NELEM(optdefs); i++) {
		const struct optdef *d = &optdefs[i];
		char flag[64];
		if (!(d->cmds & cmd->bit))
			continue;
		if (d->val < 0x100)
			snprintf(flag, sizeof flag, "-%c, --%s%s%s", d->val, d->name, d->arg ? " " : "",
				 d->arg ? d->arg : "");
		else
			snprintf(flag, sizeof flag, "    --%s%s%s", d->name, d->arg ? " " : "",
				 d->arg ? d->arg : "");
		fprintf(fp, "  %-26s %s\n", flag, d->help);
	}
	fputc('\n', fp);
	crm_opts_usage(fp);
}

/* An option that cmd does not take: a usage error naming the command. */
static void
check_option(const struct cmd *cmd, int c, const char *arg0)
{
	for (size_t i = 0; i < NELEM(optdefs); i++)
		if (optdefs[i].val == c) {
			if (cmd && !(optdefs[i].cmds & cmd->bit))
				crm_usage_error("%s does not take --%s", cmd->name, optdefs[i].name);
			return;
		}
	(void)arg0;
}

static int32_t
time_opt(const char *name, const char *arg)
{
	int32_t t;

	if (crm_time_parse(arg, &t) < 0)
		crm_usage_error("%s: expected a time (HH:MM or HH:MM:SS), found '%s'", name, arg);
	return t;
}

static int64_t
rate_opt(const char *name, const char *arg)
{
	int64_t r;

	if (rate_parse(arg, &r) < 0 || r > RATE_ONE)
		crm_usage_error("%s: expected a rate such as 0.9 or 90%%, found '%s'", name, arg);
	return r;
}

/* FUT-06: "09:30-11:30,13:00-15:00" into o->sessions, in order, none overlapping. */
static void
sessions_opt(struct opts *o, const char *arg)
{
	char *list = xstrdup(arg), *save = NULL, *tok;
	size_t cap = 0;

	o->nsessions = 0;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-');
		int32_t a, b;
		if (!dash)
			crm_usage_error("--sessions: expected START-END, found '%s'", tok);
		*dash = '\0';
		if (crm_time_parse(tok, &a) < 0 || crm_time_parse(dash + 1, &b) < 0 || a >= b ||
		    (o->nsessions && a < o->sessions[o->nsessions - 1].end)) {
			*dash = '-';
			crm_usage_error("--sessions: expected times in order such as "
					"09:30-11:30,13:00-15:00, found '%s'", tok);
		}
		crm_grow(&o->sessions, &cap, o->nsessions + 1, sizeof *o->sessions);
		o->sessions[o->nsessions++] = (struct session){ a, b };
	}
	free(list);
	if (!o->nsessions)
		crm_usage_error("--sessions: expected at least one session, found '%s'", arg);
}

int
main(int argc, char *argv[])
{
	struct option longopts[NELEM(optdefs) + 20] = { CRM_LONGOPTS };
	const struct cmd *cmd = NULL;
	struct ctx x = { 0 };
	int c, open_set = 0, close_set = 0;
	size_t i, n;
	int32_t open = 0, close = 0;
	const char *sessions = "09:30-11:30,13:00-15:00";

	for (n = 0; longopts[n].name; n++)
		;
	for (i = 0; i < NELEM(optdefs); i++)
		longopts[n++] = (struct option){ optdefs[i].name,
			optdefs[i].has_arg ? required_argument : no_argument, NULL, optdefs[i].val };
	crm_init();
	crm_opts_init(&opts.crm);
	opts.until = -1;
	opts.base = NONE;
	opts.near = 90 * RATE_ONE / 100;
	opts.low = 10 * RATE_ONE / 100;
	if (argc > 1 && argv[1][0] != '-') {
		for (i = 0; i < NELEM(cmds); i++)
			if (!strcmp(argv[1], cmds[i].name))
				cmd = &cmds[i];
		if (!cmd)
			crm_usage_error("unknown command '%s'", argv[1]);
		argv++, argc--;
	}
	while ((c = getopt_long(argc, argv, ":hVc:a:p:" CRM_SHORTOPTS, longopts, NULL)) != -1) {
		if (crm_opts_set(&opts.crm, c, optarg))
			continue;
		check_option(cmd, c, argv[0]);
		switch (c) {
		case 'h':
			usage(stdout, cmd);
			return crm_finish(CRM_OK);
		case 'V':
			crm_version();
		case 'c': opts.contracts = optarg; break;
		case 'a': opts.accounts = optarg; break;
		case 'p': opts.positions = optarg; break;
		case OPT_LIMITS: opts.limits = optarg; break;
		case OPT_EXECUTED: opts.executed = optarg; break;
		case OPT_MARGIN: opts.margin = optarg; break;
		case OPT_PREV_MARGIN: opts.prev_margin = optarg; break;
		case OPT_TRADES: opts.trades = optarg; break;
		case OPT_POSITIONS_OUT: opts.positions_out = optarg; break;
		case OPT_SESSIONS: sessions = optarg; break;
		case OPT_ATTACHMENTS: opts.attachments = optarg; break;
		case OPT_INVESTORS: opts.investors = optarg; break;
		case OPT_MEMBERS: opts.members = optarg; break;
		case OPT_HEDGE_QUOTAS: opts.hedge_quotas = optarg; break;
		case OPT_OPEN: open = time_opt("--open", optarg), open_set = 1; break;
		case OPT_CLOSE: close = time_opt("--close", optarg), close_set = 1; break;
		case OPT_UNTIL: opts.until = time_opt("--until", optarg); break;
		case OPT_LARGER_SIDE: opts.larger_side = 1; break;
		case OPT_NEAR: opts.near = rate_opt("--near", optarg); break;
		case OPT_LOW: opts.low = rate_opt("--low", optarg); break;
		case OPT_BASE:
			if (crm_money_parse(optarg, &opts.base) < 0 || opts.base < 0)
				crm_usage_error("--base: expected an amount in yuan, found '%s'", optarg);
			break;
		default:
			crm_bad_option(c, argv);
		}
	}
	if (!cmd)
		crm_usage_error("a command is needed: bands, breaker, margin, limits, report, "
				"liquidate, deleverage, guarantee or warn");
	sessions_opt(&opts, sessions);
	/* --open and --close: the first session's start and the last session's end. */
	if (open_set)
		opts.sessions[0].start = open;
	if (close_set)
		opts.sessions[opts.nsessions - 1].end = close;
	if (opts.sessions[0].start >= opts.sessions[0].end ||
	    opts.sessions[opts.nsessions - 1].start >= opts.sessions[opts.nsessions - 1].end)
		crm_usage_error("--open must come before --close");
	if (opts.positions_out && !strcmp(opts.positions_out, "-"))
		crm_usage_error("--positions-out: standard output holds the margin rows; name a file");

	x.o = &opts;
	x.today = crm_today(&opts.crm);
	if (cmd->needs != NO_CONTRACTS) {
		x.contracts = contracts_load(&opts, cmd->needs, x.today, &x.status);
		/* Money on a contract that was misread is worse than none: stop here. */
		if (x.status != CRM_OK) {
			contracts_free(x.contracts);
			free(opts.sessions);
			return crm_finish(CRM_ERROR);
		}
	}
	x.in = crm_input_open(argv + optind, argc - optind, &opts.crm, cmd->input);
	x.w = crm_writer_new(stdout, &opts.crm);
	x.status = crm_worst(x.status, cmd->run(&x));
	crm_writer_close(x.w);
	x.status = crm_worst(x.status, crm_input_status(x.in));
	crm_input_free(x.in);
	contracts_free(x.contracts);
	free(opts.sessions);
	if (x.cal)
		crm_cal_free(x.cal);
	if (x.status == CRM_OK && x.findings)
		x.status = CRM_FINDINGS;
	return crm_finish(x.status);
}
