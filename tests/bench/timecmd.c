/* SPDX-License-Identifier: MIT */
/* timecmd - run a command N times as a whole process and print the median
 * and 99th percentile of its wall time in milliseconds.
 *   timecmd [-n N] [-i FILE] -- CMD ARGS...
 * With -i, each run replaces "{}" in the arguments by the next line of FILE
 * (so that, e.g., each run acts on a different record). Output goes to
 * /dev/null; a run that fails is reported and counts as a failure. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int n = 21, i = 1, failures = 0;
	FILE *values = NULL;
	for (; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-i") && i + 1 < argc && !(values = fopen(argv[++i], "r"))) {
			perror(argv[i]);
			return 2;
		}
	}
	if (i + 1 >= argc || n < 1) {
		fprintf(stderr, "usage: timecmd [-n N] [-i FILE] -- CMD ARGS...\n");
		return 2;
	}
	char **cmd = argv + i + 1;
	int ncmd = argc - i - 1;
	double *t = calloc((size_t)n, sizeof *t);
	char **args = calloc((size_t)ncmd + 1, sizeof *args);
	char line[256], buf[64][512];
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	for (int r = 0; r < n; r++) {
		line[0] = 0;
		if (values && fgets(line, sizeof line, values))
			line[strcspn(line, "\n")] = 0;
		for (int a = 0; a < ncmd; a++) {
			char *p = strstr(cmd[a], "{}");
			if (p && a < 64) {
				snprintf(buf[a], sizeof buf[a], "%.*s%s%s", (int)(p - cmd[a]), cmd[a], line, p + 2);
				args[a] = buf[a];
			} else {
				args[a] = cmd[a];
			}
		}
		pid_t pid;
		int status;
		double t0 = now_ms();
		if (posix_spawnp(&pid, args[0], &fa, NULL, args, environ) != 0) {
			perror(args[0]);
			return 2;
		}
		waitpid(pid, &status, 0);
		t[r] = now_ms() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failures++;
	}
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	int p99 = (int)((n - 1) * 0.99 + 0.5);
	printf("%.2f %.2f %d\n", t[n / 2], t[p99], failures);
	free(t);
	free(args);
	return failures ? 1 : 0;
}
