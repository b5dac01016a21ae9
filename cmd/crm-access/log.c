/* crm-access log, verify, checkpoint: the hash-chained access log (lib/chain). */
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
			return xformat("%s %02d:%02d:%02d", d, (int)(secs / 3600), (int)(secs / 60 % 60),
				       (int)(secs % 60));
		return xformat("%s %02d:%02d", d, (int)(secs / 3600), (int)(secs / 60 % 60));
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
	secs = (int64_t)time(NULL) + 8 * 3600;	/* China Standard Time */
	crm_date_format((int32_t)(secs / 86400), d);
	secs %= 86400;
	return xformat("%s %02d:%02d:%02d", d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* The head of the access log: its last seq and hash (0 and the genesis when empty). */
static long long
log_head(struct ctx *x, char hash[CRM_HASH_LEN])
{
	sqlite3_stmt *st = crm_archive_prepare(x->ar,
		"SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1");
	long long seq = 0;

	memcpy(hash, crm_chain_genesis, CRM_HASH_LEN);
	if (crm_archive_step(x->ar, st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		snprintf(hash, CRM_HASH_LEN, "%s", crm_archive_text(st, 1));
	}
	sqlite3_finalize(st);
	return seq;
}

/* The hash of an access log row: over prev and seq, at, requester, customer_id, purpose, approver. */
static void
row_hash(const char *const *row, char out[CRM_HASH_LEN])
{
	const char *fields[] = { row[L_SEQ], row[L_AT], row[L_REQUESTER], row[L_CUSTOMER_ID],
				 row[L_PURPOSE], row[L_APPROVER] };

	crm_chain_hash(row[L_PREV], fields, NELEM(fields), out);
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
	sqlite3_stmt *st = crm_archive_prepare(x.ar, LOG_SELECT
		" WHERE (?1 IS NULL OR requester = ?1) AND (?2 IS NULL OR customer_id = ?2) ORDER BY seq");
	crm_archive_bind(st, 1, opts.requester, 0);
	crm_archive_bind(st, 2, opts.customer, 0);
	crm_writer_type(w, &log_type);
	while (crm_archive_step(x.ar, st) == SQLITE_ROW) {
		for (int k = 0; k < L_NCOLS; k++)
			v[k] = crm_archive_text(st, k);
		crm_writer_row(w, v, NULL);
	}
	sqlite3_finalize(st);
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
cmd_log(struct args *a)
{
	struct crm_input *in = NULL;
	const struct crm_rec *r;
	char **rows = NULL;	/* L_NCOLS owned values per appended row */
	size_t nrows = 0, cap = 0;
	int col[R_NCOLS], status = CRM_OK;
	long unapproved = 0;
	long long seq;
	char head[CRM_HASH_LEN];
	struct ctx x;

	if (opts.list)
		return log_list(a);
	if (opts.requester || opts.customer) {
		if (a->n)
			crm_usage_error("log takes either options (--requester, --customer, --purpose) or files, not both");
		if (!opts.requester || !opts.customer)
			crm_usage_error("log needs --requester, --customer and --purpose");
	} else {
		in = crm_input_open(a->v, a->n, &opts.crm, &request_type);
		for (size_t i = 0; i < R_NCOLS; i++)
			col[i] = crm_input_col(in, request_cols[i].name);
		if (crm_input_status(in) != CRM_OK) {
			crm_input_free(in);
			return CRM_ERROR;
		}
		if (crm_input_ncols(in) && (col[R_REQUESTER] < 0 || col[R_CUSTOMER_ID] < 0 || col[R_PURPOSE] < 0)) {
			crm_warn("%s: accesses need the columns requester, customer_id and purpose",
				 crm_input_pos(in)->file);
			crm_input_free(in);
			return CRM_ERROR;
		}
	}
	ctx_open(&x);
	crm_archive_begin(x.ar);
	seq = log_head(&x, head);
	sqlite3_stmt *ins = crm_archive_prepare(x.ar,
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

		struct staff rq;
		char *department, *when = access_time(pos, at, date, x.today);
		int bad = parties(&x, pos, requester, customer_id, &rq, &department) || !when;
		if (!*purpose) {
			complain(pos, "purpose: missing (an access is logged with its purpose)");
			bad = 1;
		}
		if (bad) {
			staff_release(&rq);
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
		char hash[CRM_HASH_LEN];
		row[L_SEQ] = xformat("%lld", ++seq);
		row[L_PREV] = xstrdup(head);
		row[L_AT] = when;
		row[L_REQUESTER] = xstrdup(requester);
		row[L_CUSTOMER_ID] = xstrdup(customer_id);
		row[L_PURPOSE] = xstrdup(purpose);
		row[L_APPROVER] = xstrdup(v.approver);
		row_hash((const char *const *)row, hash);
		row[L_HASH] = xstrdup(hash);
		memcpy(head, hash, CRM_HASH_LEN);
		sqlite3_reset(ins);
		for (int k = 0; k < L_NCOLS; k++)
			crm_archive_bind(ins, k + 1, row[k], 0);
		crm_archive_step(x.ar, ins);
		verdict_release(&v);
		staff_release(&rq);
		free(department);
	}
	sqlite3_finalize(ins);
	if (in) {
		status = crm_worst(status, crm_input_status(in));
		crm_input_free(in);
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
		crm_warn("nothing was logged: %s", in ? "the batch had bad records" : "the access was refused");
	}
	for (size_t i = 0; i < nrows * L_NCOLS; i++)
		free(rows[i]);
	free(rows);
	ctx_close(&x);
	return status != CRM_OK ? status : unapproved ? CRM_FINDINGS : CRM_OK;
}

/*
 * Walk the access log in seq order: each row must follow the last (seq
 * + 1, prev = its hash) and hash to its own content.  CRM_FINDINGS after
 * naming the first broken row; *seq and head set to the last good row.
 * With an anchor (a checkpoint), the row it names must still be there,
 * unchanged.
 */
static int
walk(struct ctx *x, const char *anchor, long long *seq, char head[CRM_HASH_LEN])
{
	const char *path = crm_archive_path(x->ar);
	sqlite3_stmt *st = crm_archive_prepare(x->ar, LOG_SELECT " ORDER BY seq");
	char want[CRM_HASH_LEN], anchor_hash[CRM_HASH_LEN];
	long anchor_seq = -1;
	int status = CRM_OK, anchor_seen = 0;

	*seq = 0;
	memcpy(head, crm_chain_genesis, CRM_HASH_LEN);
	if (anchor && crm_chain_anchor_read(anchor, &anchor_seq, anchor_hash) < 0) {
		sqlite3_finalize(st);
		return CRM_ERROR;
	}
	while (status == CRM_OK && crm_archive_step(x->ar, st) == SQLITE_ROW) {
		const char *row[L_NCOLS];
		long long n = sqlite3_column_int64(st, L_SEQ);
		for (int k = 0; k < L_NCOLS; k++)
			row[k] = crm_archive_text(st, k);
		row_hash(row, want);
		if (n != *seq + 1) {
			crm_warn("%s: access log row %lld: expected row %lld next (a row was removed, inserted or renumbered)",
				 path, n, *seq + 1);
			status = CRM_FINDINGS;
		} else if (strcmp(row[L_PREV], head)) {
			crm_warn("%s: access log row %lld: prev does not match row %lld's hash (a row was removed or replaced)",
				 path, n, *seq);
			status = CRM_FINDINGS;
		} else if (strcmp(row[L_HASH], want)) {
			crm_warn("%s: access log row %lld: hash does not match the row's content (the row was edited)",
				 path, n);
			status = CRM_FINDINGS;
		} else if (n == anchor_seq && strcmp(want, anchor_hash)) {
			crm_warn("%s: access log row %lld differs from the checkpoint %s (the log was rewritten)",
				 path, n, anchor);
			status = CRM_FINDINGS;
		} else {
			*seq = n;
			memcpy(head, want, CRM_HASH_LEN);
			anchor_seen |= n == anchor_seq;
		}
	}
	sqlite3_finalize(st);
	if (status == CRM_OK && anchor_seq > 0 && !anchor_seen) {
		crm_warn("%s: the checkpoint %s names row %ld but the access log ends at row %lld (rows were cut off)",
			 path, anchor, anchor_seq, *seq);
		status = CRM_FINDINGS;
	}
	return status;
}

/* The triggers that keep the access log append-only; dropping them is a finding too. */
static int
triggers_intact(struct ctx *x)
{
	sqlite3_stmt *st = crm_archive_prepare(x->ar,
		"SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
		" AND name IN ('access_log_no_update', 'access_log_no_delete')");
	int n = crm_archive_step(x->ar, st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;

	sqlite3_finalize(st);
	if (n == 2)
		return 1;
	crm_warn("%s: the access log's append-only triggers were dropped", crm_archive_path(x->ar));
	return 0;
}

/* verify [--anchor FILE]: walk the chain; exit 1 naming the first broken row. */
int
cmd_verify(struct args *a)
{
	char head[CRM_HASH_LEN];
	long long seq;
	struct ctx x;
	int status;

	if (a->n)
		crm_usage_error("verify takes no operands (a checkpoint is given with --anchor FILE)");
	ctx_open(&x);
	crm_archive_exec(x.ar, "BEGIN");
	status = walk(&x, opts.anchor, &seq, head);
	if (status != CRM_ERROR && !triggers_intact(&x))
		status = CRM_FINDINGS;
	crm_archive_rollback(x.ar);
	if (status == CRM_OK)
		printf("access log intact: %lld row%s, head %lld %s\n", seq, seq == 1 ? "" : "s", seq, head);
	ctx_close(&x);
	return status;
}

/* checkpoint: the head of a verified chain as "SEQ HASH", to keep elsewhere for verify --anchor. */
int
cmd_checkpoint(struct args *a)
{
	char head[CRM_HASH_LEN];
	long long seq;
	struct ctx x;
	int status;

	if (a->n)
		crm_usage_error("checkpoint takes no operands");
	ctx_open(&x);
	crm_archive_exec(x.ar, "BEGIN");
	status = walk(&x, NULL, &seq, head);
	crm_archive_rollback(x.ar);
	if (status == CRM_OK)
		printf("%lld %s\n", seq, head);
	else
		crm_warn("no checkpoint of a broken access log");
	ctx_close(&x);
	return status;
}
