/* SPDX-License-Identifier: MIT */
/* ptycount - run a program on a pseudo-terminal of its own and count the
 * bytes it writes to the terminal (what would cross the wire over SSH).
 *   ptycount COUNTFILE [RAWFILE] -- PROGRAM ARGS...
 *   ptycount -k KEYFILE -c COLSxROWS -- PROGRAM ARGS...
 * Keys typed on our terminal pass through unchanged; the window size is
 * passed on at start and on every resize. COUNTFILE always holds the total
 * so far; RAWFILE, when given, receives a copy of every byte.
 * With -k (benchmarks), ptycount types the keys itself: it waits for the
 * first screen, then sends each line of KEYFILE as one burst and waits
 * until the program has been quiet for 200 ms; it prints one line per
 * burst, "LATENCY_MS BYTES", where latency is from sending to the last
 * byte of the answer, after a first line for the start.
 * For a link shaped by tests/bench/link.sh, -k takes from the environment:
 *   PTYCOUNT_QUIET=MS   the quiet that ends an answer (default 200);
 *   PTYCOUNT_FIRST=MS   how long to wait for an answer's first byte
 *                       (default: the quiet; 3000 for the start);
 *   PTYCOUNT_ANSWER=1   answer ESC [ 5 n with ESC [ 0 n, as a terminal does;
 *   PTYCOUNT_WIRE=IF    add to each line the IP bytes received and sent on
 *                       interface IF meanwhile (/proc/net/dev, 14 bytes of
 *                       Ethernet header a frame taken off): "... DOWN UP".
 * In a key line a byte \001 is a pause of PTYCOUNT_GAP ms (default 50),
 * the latency then counted from the last key; a line \002N waits N seconds
 * with no key and reports what came meanwhile (idle bytes).
 * With PTYCOUNT_RATE=BYTES_PER_SECOND in the environment, the program's
 * output reaches our terminal no faster than that, as over a slow link:
 * it is read at once (the program's writes never block, as over SSH) and
 * released in slices; keys pass at once. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <time.h>

static volatile sig_atomic_t resized;
static void on_winch(int sig) { (void)sig; resized = 1; }

static void save_count(const char *path, unsigned long long n)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%llu\n", n);
	fclose(f);
	rename(tmp, path);   /* readers never see a half-written number */
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The -k mode's settings and state. */
static struct {
	int quiet, first, gap, answer;
	const char *wire;
	int match;              /* bytes of ESC [ 5 n matched so far */
} k = { 200, 200, 50, 0, NULL, 0 };

/* A terminal's answer to a status request seen in the output. */
static void answer_status(int master, const char *buf, ssize_t n)
{
	static const char req[] = "\033[5n";
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == req[k.match])
			k.match++;
		else
			k.match = buf[i] == req[0];
		if (k.match == 4) {
			k.match = 0;
			if (write(master, "\033[0n", 4) < 0)
				return;
		}
	}
}

/* Read the program's output: wait up to first_ms for the first byte, then
 * until it has been quiet for quiet_ms; return the bytes read and the time
 * of the last one. */
static unsigned long long drain(int master, int first_ms, int quiet_ms, double *last)
{
	char buf[65536];
	unsigned long long n = 0;
	for (;;) {
		struct pollfd p = { master, POLLIN, 0 };
		int r = poll(&p, 1, n ? quiet_ms : first_ms);
		if (r <= 0)
			return n;
		ssize_t got = read(master, buf, sizeof buf);
		if (got <= 0)
			return n;
		if (k.answer)
			answer_status(master, buf, got);
		n += (unsigned long long)got;
		*last = now_ms();
	}
}

/* Read whatever comes for ms milliseconds (between keys of one line). */
static unsigned long long pump(int master, double ms, double *last)
{
	char buf[65536];
	unsigned long long n = 0;
	double end = now_ms() + ms;
	for (double left = ms; left > 0; left = end - now_ms()) {
		struct pollfd p = { master, POLLIN, 0 };
		if (poll(&p, 1, (int)left + 1) <= 0)
			continue;
		ssize_t got = read(master, buf, sizeof buf);
		if (got <= 0)
			break;
		if (k.answer)
			answer_status(master, buf, got);
		n += (unsigned long long)got;
		*last = now_ms();
	}
	return n;
}

/* IP bytes received and sent so far on interface k.wire. */
static void wire_bytes(unsigned long long *down, unsigned long long *up)
{
	*down = *up = 0;
	FILE *f = k.wire ? fopen("/proc/net/dev", "r") : NULL;
	if (!f)
		return;
	char line[512];
	size_t len = strlen(k.wire);
	while (fgets(line, sizeof line, f)) {
		char *s = line + strspn(line, " ");
		unsigned long long rb, rp, tb, tp, skip;
		if (strncmp(s, k.wire, len) || s[len] != ':')
			continue;
		if (sscanf(s + len + 1, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
		           &rb, &rp, &skip, &skip, &skip, &skip, &skip, &skip, &tb, &tp) == 10) {
			*down = rb - 14 * rp;
			*up = tb - 14 * tp;
		}
	}
	fclose(f);
}

/* One line of the report: latency, bytes, and the wire's bytes meanwhile. */
static void report(double ms, unsigned long long got, unsigned long long *down, unsigned long long *up)
{
	if (!k.wire) {
		printf("%.2f %llu\n", ms, got);
	} else {
		unsigned long long d, u;
		wire_bytes(&d, &u);
		printf("%.2f %llu %llu %llu\n", ms, got, d - *down, u - *up);
		*down = d;
		*up = u;
	}
	fflush(stdout);
}

/* Type one line of the key file (pauses at \001) and wait for the answer. */
static void type_line(int master, const char *line, size_t n, unsigned long long *down, unsigned long long *up)
{
	double sent = now_ms(), last = sent;
	unsigned long long got = 0;
	if (line[0] == '\002') {   /* idle: no key, N seconds */
		got = pump(master, atof(line + 1) * 1e3, &last);
		report(now_ms() - sent, got, down, up);
		return;
	}
	while (n) {
		size_t part = strcspn(line, "\001");
		if (part > n)
			part = n;
		sent = now_ms();
		last = sent;
		if (part && write(master, line, part) < 0)
			return;
		if (part == n)
			break;
		got += pump(master, k.gap, &last);
		line += part + 1;
		n -= part + 1;
	}
	got += drain(master, k.first, k.quiet, &last);
	report(last - sent, got, down, up);
}

static int env_int(const char *name, int dflt)
{
	const char *v = getenv(name);
	return v && *v ? atoi(v) : dflt;
}

static int scripted(const char *keyfile, struct winsize ws, char **cmd)
{
	FILE *keys = fopen(keyfile, "rb");
	if (!keys) {
		perror(keyfile);
		return 2;
	}
	k.quiet = env_int("PTYCOUNT_QUIET", 200);
	k.first = env_int("PTYCOUNT_FIRST", k.quiet);
	k.gap = env_int("PTYCOUNT_GAP", 50);
	k.answer = env_int("PTYCOUNT_ANSWER", 0);
	k.wire = getenv("PTYCOUNT_WIRE");
	unsigned long long down, up;
	wire_bytes(&down, &up);
	int master;
	double t0 = now_ms(), last = t0;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0)
		return 2;
	if (pid == 0) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	/* a slow start must not look like a quiet one */
	int start = k.first > 3000 ? k.first : 3000;
	unsigned long long first = drain(master, start, k.quiet > 3000 ? k.quiet : 3000, &last);
	report(last - t0, first, &down, &up);
	char line[4096];
	while (fgets(line, sizeof line, keys)) {
		size_t n = strcspn(line, "\n");
		if (n)
			type_line(master, line, n, &down, &up);
	}
	fclose(keys);
	if (write(master, "q", 1) < 0)
		perror("write");
	int status;
	double end = now_ms() + 3000;
	while (waitpid(pid, &status, WNOHANG) == 0 && now_ms() < end) {
		double l;
		drain(master, 50, 50, &l);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 5 && !strcmp(argv[1], "-k") && !strcmp(argv[3], "-c") && !strcmp(argv[5], "--")) {
		struct winsize ws = { 24, 80, 0, 0 };
		unsigned c, r;
		if (sscanf(argv[4], "%ux%u", &c, &r) == 2) {
			ws.ws_col = (unsigned short)c;
			ws.ws_row = (unsigned short)r;
		}
		return scripted(argv[2], ws, argv + 6);
	}
	int sep = 1;
	while (sep < argc && strcmp(argv[sep], "--"))
		sep++;
	if (sep < 2 || sep + 1 >= argc) {
		fprintf(stderr, "usage: ptycount COUNTFILE [RAWFILE] -- PROGRAM ARGS...\n");
		return 2;
	}
	const char *countfile = argv[1];
	FILE *raw = sep > 2 ? fopen(argv[2], "wb") : NULL;
	struct winsize ws = { 24, 80, 0, 0 };
	ioctl(0, TIOCGWINSZ, &ws);
	int master;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("forkpty");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[sep + 1], argv + sep + 1);
		perror(argv[sep + 1]);
		_exit(127);
	}
	struct termios saved, rawt;
	int tty = tcgetattr(0, &saved) == 0;
	if (tty) {
		rawt = saved;
		cfmakeraw(&rawt);
		tcsetattr(0, TCSANOW, &rawt);
	}
	signal(SIGWINCH, on_winch);
	unsigned long long total = 0;
	save_count(countfile, 0);
	char buf[65536];
	const char *rate_env = getenv("PTYCOUNT_RATE");
	double rate = rate_env ? atof(rate_env) : 0, released = now_ms();
	static char queue[1 << 22];   /* output not yet through the slow link */
	size_t queued = 0;
	int in = 0;   /* our standard input, -1 once it has ended */
	for (;;) {
		if (queued) {
			/* Release what the link has carried since the last slice. */
			double now = now_ms();
			size_t n = (size_t)((now - released) * rate / 1e3);
			if (n > queued)
				n = queued;
			if (n) {
				if (write(1, queue, n) < 0)
					break;
				memmove(queue, queue + n, queued - n);
				queued -= n;
				released = now;
			}
		} else {
			released = now_ms();
		}
		if (resized) {
			resized = 0;
			if (ioctl(0, TIOCGWINSZ, &ws) == 0)
				ioctl(master, TIOCSWINSZ, &ws);
		}
		struct pollfd p[2] = { { in, POLLIN, 0 }, { master, POLLIN, 0 } };
		if (poll(p, 2, queued ? 5 : 1000) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & (POLLIN | POLLHUP)) {
			ssize_t n = read(0, buf, sizeof buf);
			if (n > 0 && write(master, buf, (size_t)n) < 0)
				break;
			if (n == 0 || (n < 0 && errno != EINTR))
				in = -1;   /* our input ended: the program runs on, unwatched */
		}
		if (p[1].revents & (POLLIN | POLLHUP)) {
			ssize_t n = read(master, buf, sizeof buf);
			if (n <= 0)
				break;
			total += (unsigned long long)n;
			if (raw)
				fwrite(buf, 1, (size_t)n, raw), fflush(raw);
			if (rate > 0 && queued + (size_t)n <= sizeof queue) {
				memcpy(queue + queued, buf, (size_t)n);
				queued += (size_t)n;
			} else if ((queued && write(1, queue, queued) < 0) || write(1, buf, (size_t)n) < 0) {
				break;   /* (a full queue goes out first: order is kept) */
			} else {
				queued = 0;
			}
			save_count(countfile, total);
		}
	}
	if (tty)
		tcsetattr(0, TCSANOW, &saved);
	int status = 0;
	waitpid(pid, &status, 0);
	save_count(countfile, total);
	/* As a shell reports it: a program ended by a signal is 128 + the signal. */
	return WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}
