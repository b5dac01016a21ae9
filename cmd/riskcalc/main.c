/*
 * riskcalc: stock index futures risk control (FUT-01…19) as filters over
 * record streams — price bands, the circuit breaker replay, margin and
 * margin calls, position limits and large-trader reports, forced
 * liquidation, forced deleveraging, the settlement guarantee fund and risk
 * warnings.  Exact fixed-point arithmetic throughout: no floating point.
 */
#include <string.h>

#include "riskcalc.h"

static struct opts opts;

enum {
	OPT_LIMITS = CRM_OPT_PROG, OPT_EXECUTED, OPT_MARGIN, OPT_PREV_MARGIN, OPT_OPEN,
	OPT_CLOSE, OPT_UNTIL, OPT_LARGER_SIDE, OPT_BASE, OPT_NEAR, OPT_LOW
};

#define NO_CONTRACTS -1

struct cmd {
	const char *name;
	int (*run)(struct ctx *x);
	const struct crm_type *input;
	int needs;			/* of --contracts: NEED_* flags, or NO_CONTRACTS */
};

static const struct cmd cmds[] = {
	{ "bands", cmd_bands, &type_contract, NO_CONTRACTS },
	{ "breaker", cmd_breaker, &type_quote, NEED_BANDS },
	{ "margin", cmd_margin, &type_position, NEED_PREV | NEED_SETTLE | NEED_RATE | NEED_MULT },
	{ "limits", cmd_limits, &type_position, 0 },
	{ "report", cmd_report, &type_position, 0 },
	{ "liquidate", cmd_liquidate, &type_margin, NEED_SETTLE | NEED_RATE | NEED_MULT },
	{ "deleverage", cmd_deleverage, &type_order, NEED_BANDS | NEED_SETTLE },
	{ "guarantee", cmd_guarantee, &type_member, NO_CONTRACTS },
	{ "warn", cmd_warn, &type_position, NEED_BANDS },
};

static void
usage(FILE *fp)
{
	fputs("Usage: riskcalc COMMAND [options] [FILE...]\n"
	      "Stock index futures risk control (FUT-01…19), exact to the fen and the lot.\n"
	      "\n"
	      "Commands:\n"
	      "  bands        contracts: add breaker ±6% and limit ±10% prices (FUT-03)\n"
	      "  breaker      quotes (time,contract,bid,ask[,event]): breaker events (FUT-04…08)\n"
	      "  margin       positions: per account margin, pnl, reserve, call (FUT-01, 02)\n"
	      "  limits       positions: investors over the limit, members over 25% (FUT-09…13)\n"
	      "  report       positions: large-trader reports due (FUT-14)\n"
	      "  liquidate    margin results: lots to force-close (FUT-15, 16)\n"
	      "  deleverage   unfilled close orders at the limit: forced deleveraging (FUT-17)\n"
	      "  guarantee    members: settlement guarantee fund, basic + variable (FUT-18)\n"
	      "  warn         positions: risk warnings (FUT-19)\n"
	      "\n"
	      "Options:\n"
	      "  -c, --contracts FILE   contract settings (all but bands and guarantee)\n"
	      "  -a, --accounts FILE    margin, report, warn: account,investor,member,reserve\n"
	      "  -p, --positions FILE   liquidate, deleverage: the positions\n"
	      "  --limits FILE          liquidate: violations from riskcalc limits\n"
	      "  --executed FILE        liquidate: lots the member closed in the first session\n"
	      "  --larger-side          margin: charge only the larger side per product\n"
	      "  --open TIME            breaker: the open (default 09:30)\n"
	      "  --close TIME           breaker: the close (default 15:00)\n"
	      "  --until TIME           breaker: replay up to TIME (default the close)\n"
	      "  --base AMOUNT          guarantee: the market-wide base in yuan\n"
	      "  --margin FILE          warn: today's margin results\n"
	      "  --prev-margin FILE     warn: the previous day's margin results\n"
	      "  --near RATE            warn: positions at RATE of the limit (default 90%)\n"
	      "  --low RATE             warn: reserve below RATE of margin (default 10%)\n", fp);
	crm_opts_usage(fp);
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

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CRM_LONGOPTS,
		{ "contracts", required_argument, NULL, 'c' },
		{ "accounts", required_argument, NULL, 'a' },
		{ "positions", required_argument, NULL, 'p' },
		{ "limits", required_argument, NULL, OPT_LIMITS },
		{ "executed", required_argument, NULL, OPT_EXECUTED },
		{ "margin", required_argument, NULL, OPT_MARGIN },
		{ "prev-margin", required_argument, NULL, OPT_PREV_MARGIN },
		{ "open", required_argument, NULL, OPT_OPEN },
		{ "close", required_argument, NULL, OPT_CLOSE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "larger-side", no_argument, NULL, OPT_LARGER_SIDE },
		{ "base", required_argument, NULL, OPT_BASE },
		{ "near", required_argument, NULL, OPT_NEAR },
		{ "low", required_argument, NULL, OPT_LOW },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *cmd = NULL;
	struct ctx x = { 0 };
	int c;
	size_t i;

	crm_init();
	crm_opts_init(&opts.crm);
	opts.open = 9 * 3600 + 30 * 60;
	opts.close = 15 * 3600;
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
		switch (c) {
		case 'h':
			usage(stdout);
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
		case OPT_OPEN: opts.open = time_opt("--open", optarg); break;
		case OPT_CLOSE: opts.close = time_opt("--close", optarg); break;
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
	if (opts.open >= opts.close)
		crm_usage_error("--open must come before --close");

	x.o = &opts;
	x.today = crm_today(&opts.crm);
	if (cmd->needs != NO_CONTRACTS) {
		x.contracts = contracts_load(&opts, cmd->needs, x.today, &x.status);
		/* Money on a contract that was misread is worse than none: stop here. */
		if (x.status != CRM_OK) {
			contracts_free(x.contracts);
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
	if (x.cal)
		crm_cal_free(x.cal);
	if (x.status == CRM_OK && x.findings)
		x.status = CRM_FINDINGS;
	return crm_finish(x.status);
}
