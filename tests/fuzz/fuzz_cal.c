/* Fuzz lib/cal's calendar loader (CSV date,kind,name, or the JSON of holiday-cn) and its queries. */
#include "cal.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;
	struct crm_cal *c;
	int32_t out, bad;
	long n;
	int yes;

	/* The loader tells JSON ('{' first) from CSV by the content. */
	if (!(path = fuzz_file(data, size, ".cal")))
		return 0;
	c = crm_cal_builtin();
	if (crm_cal_load(c, path) == 0) {
		/* 2027-01-01 is day 20819. */
		crm_cal_is_workday(c, 20819, &yes, &bad);
		crm_cal_add(c, 20819, 10, &out, &bad);
		crm_cal_between(c, 20819, 20819 + 400, &n, &bad);
		crm_cal_next_trading_day(c, 20819, &out, &bad);
	}
	crm_cal_free(c);
	return 0;
}
