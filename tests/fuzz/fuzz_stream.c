/*
 * Fuzz lib/stream's reader: CSV or JSON Lines (chosen by the input's
 * first byte, then the rest), any encoding, every record read and written
 * back through a passthrough writer.
 */
#include "fuzz.h"
#include "stream.h"

static const struct crm_col cols[] = {
	{ "id", "编号", CRM_STR, NULL },
	{ "day", "日期", CRM_DATE, NULL },
	{ "amount", "金额", CRM_MONEY, NULL },
	{ "n", "数量", CRM_INT, NULL },
};
static const struct crm_type type = { "fuzz", cols, sizeof cols / sizeof cols[0] };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	const struct crm_rec *r;
	struct crm_opts o;
	const char *path;
	char *files[1];

	if (size < 1)
		return 0;
	if (!null)
		null = fopen("/dev/null", "w");
	crm_opts_init(&o);
	o.in = data[0] & 1 ? CRM_FMT_JSON : CRM_FMT_CSV;
	o.strict = (data[0] & 2) != 0;
	if (!(path = fuzz_file(data + 1, size - 1, ".in")))
		return 0;
	files[0] = (char *)path;
	struct crm_input *in = crm_input_open(files, 1, &o, &type);
	struct crm_writer *w = crm_writer_new(null, &o);
	crm_writer_passthrough(w, in, &type, NULL, 0);
	while (crm_input_next(in, &r))
		crm_writer_rec(w, r, NULL);
	crm_writer_close(w);
	crm_input_free(in);
	return 0;
}
