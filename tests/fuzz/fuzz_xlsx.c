/*
 * fuzz_xlsx: the xlsx reader (lib/xlsx) on arbitrary bytes, as a file
 * (memfd: libzip reads it in place) with every sheet row handed out.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xlsx.h"

static void
row(long rownum, size_t n, const char *const *f, const size_t *len, void *arg)
{
	size_t *total = arg;

	(void)rownum;
	for (size_t i = 0; i < n; i++)
		*total += len[i] + (f[i][len[i]] == '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_xlsx *x;
	const char *err;
	size_t done = 0, total = 0;
	ssize_t r;
	int fd = memfd_create("fuzz_xlsx", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	while (done < size && (r = write(fd, data + done, size - done)) > 0)
		done += (size_t)r;
	if ((x = crm_xlsx_open(fd, "fuzz.xlsx", NULL, 0, NULL))) {
		while (crm_xlsx_read(x, row, &total, &err) > 0)
			;
		crm_xlsx_close(x);
	}
	close(fd);
	return 0;
}
