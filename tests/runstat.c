/*
 * runstat: run a command with stdin from IN and stdout to OUT, then print
 * its wall-clock seconds and peak resident memory in KiB (for `make bench`);
 * with RUNSTAT_CPU set, a third figure: its CPU seconds (user + system),
 * which a loaded machine does not inflate as it does the wall clock.
 *   runstat IN OUT COMMAND [ARG...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	struct rusage ru;
	int status, in, out;
	pid_t pid;

	if (argc < 4) {
		fputs("usage: runstat IN OUT COMMAND [ARG...]\n", stderr);
		return 2;
	}
	if ((in = open(argv[1], O_RDONLY)) < 0 || (out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
		perror("runstat");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == 0) {
		dup2(in, 0);
		dup2(out, 1);
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
		perror("runstat");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.3f %ld", (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss);
	if (getenv("RUNSTAT_CPU"))
		printf(" %.3f", (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
				(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	putchar('\n');
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
