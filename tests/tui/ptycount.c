/* ptycount - run a program on a pseudo-terminal of its own and count the
 * bytes it writes to the terminal (what would cross the wire over SSH).
 *   ptycount COUNTFILE [RAWFILE] -- PROGRAM ARGS...
 * Keys typed on our terminal pass through unchanged; the window size is
 * passed on at start and on every resize. COUNTFILE always holds the total
 * so far; RAWFILE, when given, receives a copy of every byte. */
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

int main(int argc, char **argv)
{
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
	for (;;) {
		if (resized) {
			resized = 0;
			if (ioctl(0, TIOCGWINSZ, &ws) == 0)
				ioctl(master, TIOCSWINSZ, &ws);
		}
		struct pollfd p[2] = { { 0, POLLIN, 0 }, { master, POLLIN, 0 } };
		if (poll(p, 2, 1000) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & POLLIN) {
			ssize_t n = read(0, buf, sizeof buf);
			if (n > 0 && write(master, buf, (size_t)n) < 0)
				break;
		}
		if (p[1].revents & (POLLIN | POLLHUP)) {
			ssize_t n = read(master, buf, sizeof buf);
			if (n <= 0)
				break;
			total += (unsigned long long)n;
			if (raw)
				fwrite(buf, 1, (size_t)n, raw), fflush(raw);
			if (write(1, buf, (size_t)n) < 0)
				break;
			save_count(countfile, total);
		}
	}
	if (tty)
		tcsetattr(0, TCSANOW, &saved);
	int status = 0;
	waitpid(pid, &status, 0);
	save_count(countfile, total);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
