/*
 * fuzz: what the libFuzzer targets share.  lib reads files by name, so each
 * input is written to a file of this process first.
 */
#ifndef CRM_FUZZ_H
#define CRM_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data to this process's scratch file; its name, or NULL. */
static const char *
fuzz_file(const uint8_t *data, size_t size, const char *ext)
{
	static char path[64];
	FILE *fp;

	if (!path[0]) {
		crm_init();
		snprintf(path, sizeof path, "/tmp/crm-fuzz-%ld%s", (long)getpid(), ext);
	}
	if (!(fp = fopen(path, "wb")))
		return NULL;
	if (size && fwrite(data, 1, size, fp) != size) {
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	return path;
}

#endif
