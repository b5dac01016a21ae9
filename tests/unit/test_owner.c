/*
 * Unit tests of lib's ownership rules (stream.h "Who owns what"): an input
 * copies its file list and options; crm_writer_rec without
 * crm_writer_passthrough dies with a message instead of writing through NULL.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "stream.h"
#include "tap.h"

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0)
		crm_die("%s:", path);
}

/* Open an input on a file list and options that are gone when it returns. */
static struct crm_input *
open_two(const char *a, const char *b)
{
	char **files = xcalloc(2, sizeof *files);
	struct crm_opts *o = xcalloc(1, sizeof *o);
	struct crm_input *in;

	crm_opts_init(o);
	files[0] = (char *)a;
	files[1] = (char *)b;
	in = crm_input_open(files, 2, o, NULL);
	/* What a borrowing input would now read: another file, other options. */
	files[0] = files[1] = "/nonexistent/owner.csv";
	o->in = CRM_FMT_JSON;
	o->strict = 1;
	free(files);
	free(o);
	return in;
}

int
main(void)
{
	char dir[] = "/tmp/test_owner.XXXXXX", a[64], b[64], errpath[64];
	const struct crm_rec *r;
	int n = 0, status;

	crm_init();
	if (!mkdtemp(dir))
		crm_die("mkdtemp:");
	snprintf(a, sizeof a, "%s/a.csv", dir);
	snprintf(b, sizeof b, "%s/b.csv", dir);
	snprintf(errpath, sizeof errpath, "%s/stderr", dir);
	put(a, "id,name\n1,王伟\n");
	put(b, "id,name\n2,李娜\n3,张敏\n");

	struct crm_input *in = open_two(a, b);
	while (crm_input_next(in, &r))
		n++;
	is_int(n, 3, "an input reads its files after the caller's list and options are gone");
	is_int(crm_input_status(in), CRM_OK, "... without an error");
	is_str(crm_input_pos(in)->file, b, "... and names the caller's file");
	crm_input_free(in);

	/* crm_writer_rec without crm_writer_passthrough: a message and exit 2, not a crash. */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *files[] = { a };
		struct crm_opts o;
		crm_opts_init(&o);
		if (!freopen(errpath, "w", stderr))
			_exit(99);
		struct crm_input *i2 = crm_input_open(files, 1, &o, NULL);
		struct crm_writer *w = crm_writer_new(fopen("/dev/null", "w"), &o);
		crm_writer_col(w, "id", NULL);
		if (crm_input_next(i2, &r))
			crm_writer_rec(w, r, NULL);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	/* Exit 2 (under LeakSanitizer, the leak report's status: die does not free). */
	ok(WIFEXITED(status) && WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 99,
	   "crm_writer_rec before crm_writer_passthrough dies");
	FILE *ep = fopen(errpath, "r");
	char line[256] = "";
	if (ep) {
		if (!fgets(line, sizeof line, ep))
			line[0] = '\0';
		fclose(ep);
	}
	ok(strstr(line, "internal error: crm_writer_rec before crm_writer_passthrough") != NULL,
	   "... saying why");
	unlink(errpath);

	unlink(a);
	unlink(b);
	rmdir(dir);
	return tap_done();
}
