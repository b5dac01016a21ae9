/* crm-access log, verify, checkpoint: the keyed hash-chained access log (lib/chain). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm-access.h"

/* The access log, in its table's column order (lib/archive). */
enum { L_SEQ, L_PREV, L_HASH, L_AT, L_REQUESTER, L_CUSTOMER_ID, L_PURPOSE, L_APPROVER, L_NCOLS };
static const struct crm_col log_cols[] = {
	{ "seq", "序号", CRM_INT, NULL },
	{ "prev", "前行哈希", CRM_STR, NULL },
	{ "hash", "哈希", CRM_STR, NULL },
	{ "at", "查阅时间", CRM_STR, NULL },
	{ "requester", "查阅人", CRM_STR, NULL },
	{ "customer_id", "客户编号", CRM_STR, NULL },
	{ "purpose", "查阅目的", CRM_TEXT, NULL },
	{ "approver", "审批人", CRM_STR, NULL },
};
static const struct crm_type log_type = { "access_log", log_cols, NELEM(log_cols) };

#define LOG_SELECT \
	"SELECT seq, prev, hash, at, requester, customer_id, purpose, approver FROM access_log"

/*
 * When an access happened: at (YYYY-MM-DD HH:MM[:SS], or a date), else
 * date, else the clock, which --today replaces by its date.  Returns it
 * normalised (owned), or NULL after a diagnostic.
 */
static char *
access_time(const struct crm_pos *pos, const char *at, const char *date, const char *today)
{
	int64_t secs;
	int32_t day;
	char d[CRM_DATE_LEN];

	if (*at && crm_datetime_parse(at, &secs) == 0) {
		day = (int32_t)(secs / 86400);
		secs %= 86400;
		crm_date_format(day, d);
		if (secs % 60)
			return xasprintf("%s %02d:%02d:%02d", d, (int)(secs / 3600), (int)(secs / 60 % 60),
				       (int)(secs % 60));
		return xasprintf("%s %02d:%02d", d, (int)(secs / 3600), (int)(secs / 60 % 60));
	}
	if (*at || *date) {
		if (crm_date_parse(*at ? at : date, &day) < 0) {
			complain(pos, *at ? "at: expected a date-time (YYYY-MM-DD HH:MM), found '%s'"
					  : "date: expected a date (YYYY-MM-DD), found '%s'", *at ? at : date);
			return NULL;
		}
		crm_date_format(day, d);
		return xstrdup(d);
	}
	if (opts.crm.today)
		return xstrdup(today);
	char now[CRM_DATETIME_LEN];

	crm_datetime_format(crm_now(NULL), now);	/* NULL: the clock in China Standard Time */
	return xstrdup(now);
}

/* The access log's columns, as the chain checker sees them. */
static const char *const log_names[L_NCOLS] = {
	"seq", "prev", "hash", "at", "requester", "customer_id", "purpose", "approver"
};

/*
 * The chain key (--key, CRM_CHAIN_KEY, else ~/.config/crm/chain.key), or
 * key->have 0 when there is none (yet): with create, made.  *path owned.
 * 0, or -1 after a diagnostic.
 */
static int
chain_key(int create, struct crm_chain_key *key, char **path)
{
	*path = crm_chain_key_path(opts.key);
	return crm_chain_key_load(*path, create, key) < 0 ? -1 : 0;
}

/*
 * Walk the access log in seq order through the chain checker (lib/chain):
 * each row must follow the last (seq + 1, prev = its hash) and hash to its
 * own content, keyed rows under key; with an anchor (a checkpoint), the
 * row it names must still be there, unchanged.  *out: the checker, left
 * open (NULL when the anchor is bad).  CRM_FINDINGS after naming the first
 * broken row.
 */
static int
walk(struct ctx *x, const struct crm_chain_key *key, const char *anchor, struct crm_chain **out)
{
	struct crm_stmt *st;
	int status = CRM_OK;

	*out = crm_chain_check(crm_archive_path(x->ar), "access log", log_names, L_NCOLS, key, anchor);
	if (!*out)
		return CRM_ERROR;
	st = crm_archive_prepare(x->ar, LOG_SELECT " ORDER BY seq");
	while (status == CRM_OK && crm_archive_step(x->ar, st) == CRM_ROW) {
		const char *row[L_NCOLS];
		for (int k = 0; k < L_NCOLS; k++)
			row[k] = crm_archive_text(st, k);
		status = crm_chain_next(*out, NULL, row, L_NCOLS);
	}
	crm_archive_finalize(st);
	return status;
}

/* log --list: the access log, oldest first; --requester, --customer. */
static int
log_list(struct args *a)
{
	const char *v[L_NCOLS];
	struct crm_writer *w;
	struct ctx x;

	if (a->n)
		crm_usage_error("log --list takes no operands (filter with --requester, --customer)");
	ctx_open(&x);
	w = crm_writer_new(stdout, &opts.crm);
	struct crm_stmt *st = crm_archive_prepare(x.ar, LOG_SELECT
		" WHERE (?1 IS NULL OR requester = ?1) AND (?2 IS NULL OR customer_id = ?2) ORDER BY seq");
	crm_archive_bind(st, 1, opts.requester, 0);
	crm_archive_bind(st, 2, opts.customer, 0);
	crm_writer_type(w, &log_type);
	while (crm_archive_step(x.ar, st) == CRM_ROW) {
		for (int k = 0; k < L_NCOLS; k++)
			v[k] = crm_archive_text(st, k);
		crm_writer_row(w, v, NULL);
	}
	crm_archive_finalize(st);
	crm_writer_close(w);
	ctx_close(&x);
	return CRM_OK;
}

/*
 * log: append accesses (requester, customer_id, purpose, at or date) to
 * the hash-chained access log, each with the approver on file (CM-07).
 * An access without an approval is still logged — the log records what
 * happened — and reported; exit 1 then.  One transaction: a bad record
 * and nothing is logged.
 */
int
cmd_log(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_input *in = NULL;
	int batch = 0;		/* records from files, not options */
	const struct crm_rec *r;
	char **rows = NULL;	/* L_NCOLS owned values per appended row */
	size_t nrows = 0, cap = 0;
	int col[R_NCOLS], status = CRM_OK;
	long unapproved = 0;
	struct crm_chain *chain;
	struct crm_chain_key key;
	char *keypath;
	struct ctx x;

	if (opts.list)
		return log_list(a);
	keypath = crm_chain_key_path(opts.key);
	if (opts.requester || opts.customer) {
		if (a->n)
			crm_usage_error("log takes either options (--requester, --customer, --purpose) or files, not both");
		if (!opts.requester || !opts.customer)
			crm_usage_error("log needs --requester, --customer and --purpose");
	} else {
		batch = 1;
		in = crm_input_open(a->v, a->n, &opts.crm, &request_type);
		for (size_t i = 0; i < R_NCOLS; i++)
			col[i] = crm_input_col(in, request_cols[i].name);
		if (crm_input_status(in) != CRM_OK) {
			crm_input_free(in);
			free(keypath);
			return CRM_ERROR;
		}
		if (crm_input_ncols(in) && (col[R_REQUESTER] < 0 || col[R_CUSTOMER_ID] < 0 || col[R_PURPOSE] < 0)) {
			crm_warn("%s: accesses need the columns requester, customer_id and purpose",
				 crm_input_pos(in)->file);
			crm_input_free(in);
			free(keypath);
			return CRM_ERROR;
		}
	}
	ctx_open(&x);
	crm_archive_begin(x.ar);
	/*
	 * Under the transaction — the key too, which a log running meanwhile may
	 * have just made: the chain so far must be intact (and ours) to be extended.
	 */
	chain = NULL;
	if (crm_chain_key_load(keypath, 0, &key) < 0 || (status = walk(&x, &key, NULL, &chain)) != CRM_OK ||
	    crm_chain_key_need(chain, keypath, &key) < 0) {
		crm_chain_free(chain);
		crm_archive_rollback(x.ar);
		crm_warn("nothing was logged: %s", status != CRM_OK ? "the access log is broken" : "no key");
		status = CRM_ERROR;
		if (in)
			crm_input_free(in);
		ctx_close(&x);
		free(keypath);
		return status;
	}
	struct crm_stmt *ins = crm_archive_prepare(x.ar,
		"INSERT INTO access_log (seq, prev, hash, at, requester, customer_id, purpose, approver)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	for (;;) {
		const struct crm_pos *pos = NULL;
		const char *requester, *customer_id, *purpose, *at, *date;
		if (!in) {
			if (nrows || status != CRM_OK)
				break;
			requester = opts.requester;
			customer_id = opts.customer;
			purpose = opts.purpose ? opts.purpose : "";
			at = opts.at ? opts.at : "";
			date = "";
		} else if (crm_input_next(in, &r)) {
			pos = &r->pos;
			requester = field(r, col[R_REQUESTER]);
			customer_id = field(r, col[R_CUSTOMER_ID]);
			purpose = field(r, col[R_PURPOSE]);
			at = field(r, col[R_AT]);
			date = field(r, col[R_DATE]);
		} else
			break;

		struct crm_staff rq;
		char *department, *when = access_time(pos, at, date, x.today);
		int bad = parties(&x, pos, requester, customer_id, &rq, &department) || !when;
		if (!*purpose) {
			complain(pos, "purpose: missing (an access is logged with its purpose)");
			bad = 1;
		}
		if (bad) {
			crm_staff_release(&rq);
			free(department);
			free(when);
			status = CRM_ERROR;
			if (!in || opts.crm.strict)
				break;
			continue;
		}
		struct verdict v;
		char day[CRM_DATE_LEN];
		snprintf(day, sizeof day, "%.10s", when);
		judge(&x, &rq, customer_id, department, day, &v);
		if (!v.allow) {
			complain(pos, "%s read %s without an approval: %s", requester, customer_id, v.reason);
			unapproved++;
		}
		crm_grow(&rows, &cap, (nrows + 1) * L_NCOLS, sizeof *rows);
		char **row = rows + nrows++ * L_NCOLS;
		char seq[24], prev[CRM_PREV_LEN], hash[CRM_HASH_LEN];
		const char *vals[L_NCOLS] = { "", "", "", when, requester, customer_id, purpose, v.approver };
		if (crm_chain_extend(chain, vals, seq, prev, hash) < 0)
			crm_die("%s: the access log's chain cannot be extended", crm_archive_path(x.ar));
		row[L_SEQ] = xstrdup(seq);
		row[L_PREV] = xstrdup(prev);
		row[L_HASH] = xstrdup(hash);
		row[L_AT] = when;
		row[L_REQUESTER] = xstrdup(requester);
		row[L_CUSTOMER_ID] = xstrdup(customer_id);
		row[L_PURPOSE] = xstrdup(purpose);
		row[L_APPROVER] = xstrdup(v.approver);
		crm_archive_reset(ins);
		for (int k = 0; k < L_NCOLS; k++)
			crm_archive_bind(ins, k + 1, row[k], 0);
		crm_archive_step(x.ar, ins);
		verdict_release(&v);
		crm_staff_release(&rq);
		free(department);
	}
	crm_archive_finalize(ins);
	crm_chain_end(chain, NULL);
	free(keypath);
	if (in) {
		status = crm_worst(status, crm_input_status(in));
		crm_input_free(in);
		in = NULL;	/* freed: batch, not in, says where the records came from */
	}
	if (status == CRM_OK) {
		crm_archive_commit(x.ar);
		struct crm_writer *w = crm_writer_new(stdout, &opts.crm);
		crm_writer_type(w, &log_type);
		for (size_t i = 0; i < nrows; i++)
			crm_writer_row(w, (const char *const *)rows + i * L_NCOLS, NULL);
		crm_writer_close(w);
	} else {
		crm_archive_rollback(x.ar);
		crm_warn("nothing was logged: %s", batch ? "the batch had bad records" : "the access was refused");
	}
	for (size_t i = 0; i < nrows * L_NCOLS; i++)
		free(rows[i]);
	free(rows);
	ctx_close(&x);
	return status != CRM_OK ? status : unapproved ? CRM_FINDINGS : CRM_OK;
}

/* The triggers that keep the access log append-only; dropping them is a finding too. */
static int
triggers_intact(struct ctx *x)
{
	if (crm_archive_append_only(x->ar, "access_log"))
		return 1;
	crm_warn("%s: the access log's append-only triggers were dropped", crm_archive_path(x->ar));
	return 0;
}

/*
 * verify [--anchor FILE] [--key FILE]: walk the chain; exit 1 naming the
 * first broken row, or when keyed rows could not be authenticated for want
 * of the key.
 */
int
cmd_verify(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_chain_head head;
	struct crm_chain_key key;
	struct crm_chain *chain;
	char *keypath;
	struct ctx x;
	int status;

	if (a->n)
		crm_usage_error("verify takes no operands (a checkpoint is given with --anchor FILE)");
	if (chain_key(0, &key, &keypath) < 0) {
		free(keypath);
		return CRM_ERROR;
	}
	ctx_open(&x);
	crm_archive_exec(x.ar, "BEGIN");
	status = walk(&x, &key, opts.anchor, &chain);
	if (chain)
		status = crm_worst(status, crm_chain_end(chain, &head));
	if (status != CRM_ERROR && !triggers_intact(&x))
		status = CRM_FINDINGS;
	crm_archive_rollback(x.ar);
	if (status == CRM_OK)
		printf("access log intact: %ld row%s, head %ld %s\n", head.seq, head.seq == 1 ? "" : "s",
		       head.seq, head.hash);
	ctx_close(&x);
	free(keypath);
	return status;
}

/* checkpoint: the head of a verified chain as "SEQ HASH", to keep elsewhere for verify --anchor. */
int
cmd_checkpoint(int argc, char **argv)
{
	struct args args = { argv, argc }, *a = &args;

	struct crm_chain_head head;
	struct crm_chain_key key;
	struct crm_chain *chain;
	char *keypath;
	struct ctx x;
	int status;

	if (a->n)
		crm_usage_error("checkpoint takes no operands");
	if (chain_key(0, &key, &keypath) < 0) {
		free(keypath);
		return CRM_ERROR;
	}
	ctx_open(&x);
	crm_archive_exec(x.ar, "BEGIN");
	status = walk(&x, &key, NULL, &chain);
	status = crm_worst(status, crm_chain_end(chain, &head));
	crm_archive_rollback(x.ar);
	if (status == CRM_OK)
		printf("%ld %s\n", head.seq, head.hash);
	else
		crm_warn("no checkpoint of a broken access log");
	ctx_close(&x);
	free(keypath);
	return status;
}
