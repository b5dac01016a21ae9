/*
 * crm-pass: copy records from input to output through libcrm, unchanged
 * but for the format: the stream layer's test and benchmark driver.
 *   crm-pass [--type customer|calendar|...] [common options] [FILE...]
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stream.h"

static const struct crm_type *const types[] = {
	&crm_type_customer, &crm_type_change, &crm_type_staff, &crm_type_expense,
	&crm_type_project, &crm_type_ticket, &crm_type_calendar, NULL
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CRM_LONGOPTS,
		{ "type", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct crm_opts o;
	const struct crm_type *type = NULL;
	const struct crm_rec *rec;
	int c, i;

	crm_init();
	crm_opts_init(&o);
	while ((c = getopt_long(argc, argv, ":hVt:" CRM_SHORTOPTS, longopts, NULL)) != -1) {
		if (crm_opts_set(&o, c, optarg))
			continue;
		switch (c) {
		case 'h':
			printf("Usage: crm-pass [--type TYPE] [options] [FILE...]\n");
			crm_opts_usage(stdout);
			return crm_finish(CRM_OK);
		case 'V':
			crm_version();
		case 't':
			for (i = 0; types[i] && strcmp(types[i]->name, optarg); i++)
				;
			if (!types[i])
				crm_usage_error("--type: unknown record type '%s'", optarg);
			type = types[i];
			break;
		default:
			crm_bad_option(c, argv);
		}
	}
	struct crm_input *in = crm_input_open(argv + optind, argc - optind, &o, type);
	struct crm_writer *w = crm_writer_new(stdout, &o);
	crm_writer_passthrough(w, in, type, NULL, 0);
	while (crm_input_next(in, &rec))
		crm_writer_rec(w, rec, NULL);
	crm_writer_close(w);
	int status = crm_input_status(in);
	crm_input_free(in);
	return crm_finish(status);
}
