/*
 * parse-floor: the parse-only rate of the libraries under lib/stream, for
 * make bench to measure the stream against in the same run.
 *   parse-floor csv FILE    libcsv's csv_parse over 64 KiB reads, callbacks
 *                           that only count (the options lib/stream uses)
 *   parse-floor json FILE   each line through Jansson's json_loadb, then freed
 * Prints the records seen; reads nothing else and writes nothing else.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <jansson.h>

static size_t nfields, nrows;

static void
on_field(void *s, size_t n, void *data)
{
	(void)s, (void)n, (void)data;
	nfields++;
}

static void
on_row(int c, void *data)
{
	(void)c, (void)data;
	nrows++;
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

int
main(int argc, char *argv[])
{
	static char buf[1 << 16];
	ssize_t n;
	int fd;

	if (argc != 3 || (strcmp(argv[1], "csv") && strcmp(argv[1], "json"))) {
		fprintf(stderr, "usage: parse-floor csv|json FILE\n");
		return 2;
	}
	if (!strcmp(argv[1], "json")) {
		FILE *fp = fopen(argv[2], "r");
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;
		json_error_t err;
		if (!fp) {
			perror(argv[2]);
			return 2;
		}
		while ((len = getline(&line, &cap, fp)) > 0) {
			json_t *o = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &err);
			if (!o) {
				fprintf(stderr, "%s: %s\n", argv[2], err.text);
				return 2;
			}
			json_decref(o);
			nrows++;
		}
		free(line);
		fclose(fp);
		printf("%zu records\n", nrows);
		return 0;
	}
	struct csv_parser p;
	if ((fd = open(argv[2], O_RDONLY)) < 0) {
		perror(argv[2]);
		return 2;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return 2;
	csv_set_space_func(&p, no_space);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (csv_parse(&p, buf, (size_t)n, on_field, on_row, NULL) != (size_t)n) {
			fprintf(stderr, "%s: %s\n", argv[2], csv_strerror(csv_error(&p)));
			return 2;
		}
	csv_fini(&p, on_field, on_row, NULL);
	csv_free(&p);
	close(fd);
	printf("%zu records\n", nrows);
	return 0;
}
