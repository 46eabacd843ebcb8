/* SPDX-License-Identifier: MIT */
/* linkrelay - the delay half of the shaped link of tests/bench/link.sh: a
 * TCP relay that holds every byte DELAY_MS in each direction before passing
 * it on (the rate is the kernel's: tbf on the veth pair behind it).
 *   linkrelay LISTEN_PORT TARGET_ADDRESS TARGET_PORT DELAY_MS [COUNTFILE]
 * It listens on 127.0.0.1:LISTEN_PORT and connects each client to the
 * target; several connections at once. COUNTFILE, when given, holds
 * "DOWN UP", the bytes carried from the target and to it so far. It runs
 * until killed. The kernel has no netem here; a relay is the user-space
 * stand-in for one (the delay of a 3G/4G link is mostly in its radio and
 * core network, so one fixed delay per direction is the model). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONN 64
#define CHUNK 16384

struct chunk {            /* bytes read at one time, due DELAY_MS later */
	struct chunk *next;
	double due;
	size_t len, off;      /* len 0: the end of the stream */
	char data[];
};

struct way {              /* one direction of one connection */
	int from, to;
	struct chunk *head, *tail;
	int eof;              /* the end was read from `from` */
	int closed;           /* and passed on to `to` */
	unsigned long long *count;
};

struct conn {
	struct way way[2];    /* 0: client -> target (up), 1: target -> client (down) */
	int used;
};

static struct conn conns[MAX_CONN];
static double delay_ms;
static unsigned long long up_bytes, down_bytes;
static const char *countfile;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void save_count(void)
{
	if (!countfile)
		return;
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", countfile);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%llu %llu\n", down_bytes, up_bytes);
	fclose(f);
	rename(tmp, countfile);
}

static void queue(struct way *w, const char *data, size_t len)
{
	struct chunk *c = malloc(sizeof *c + len);
	if (!c) {
		perror("linkrelay: malloc");
		exit(1);
	}
	c->next = NULL;
	c->due = now_ms() + delay_ms;
	c->len = len;
	c->off = 0;
	if (len)
		memcpy(c->data, data, len);
	if (w->tail)
		w->tail->next = c;
	else
		w->head = c;
	w->tail = c;
}

/* Pass on what is due; return 0 when the way failed. */
static int flush(struct way *w, double now)
{
	while (w->head && w->head->due <= now) {
		struct chunk *c = w->head;
		if (!c->len) {
			shutdown(w->to, SHUT_WR);
			w->closed = 1;
		} else {
			ssize_t n = write(w->to, c->data + c->off, c->len - c->off);
			if (n < 0)
				return errno == EAGAIN || errno == EWOULDBLOCK;
			c->off += (size_t)n;
			*w->count += (unsigned long long)n;
			if (c->off < c->len)
				return 1;   /* the kernel's buffer is full: later */
		}
		w->head = c->next;
		if (!w->head)
			w->tail = NULL;
		free(c);
	}
	return 1;
}

static void drop(struct conn *c)
{
	for (int i = 0; i < 2; i++) {
		struct chunk *ch = c->way[i].head;
		while (ch) {
			struct chunk *next = ch->next;
			free(ch);
			ch = next;
		}
	}
	close(c->way[0].from);
	close(c->way[0].to);
	memset(c, 0, sizeof *c);
}

static int listen_on(int port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 16) < 0) {
		perror("linkrelay: listen");
		exit(1);
	}
	return s;
}

static void accept_one(int lsock, const struct sockaddr_in *target)
{
	int cl = accept(lsock, NULL, NULL);
	if (cl < 0)
		return;
	int tg = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	if (tg < 0 || connect(tg, (const struct sockaddr *)target, sizeof *target) < 0) {
		perror("linkrelay: connect");
		close(cl);
		if (tg >= 0)
			close(tg);
		return;
	}
	for (int i = 0; i < MAX_CONN; i++) {
		if (conns[i].used)
			continue;
		struct conn *c = &conns[i];
		c->used = 1;
		c->way[0] = (struct way){ .from = cl, .to = tg, .count = &up_bytes };
		c->way[1] = (struct way){ .from = tg, .to = cl, .count = &down_bytes };
		setsockopt(cl, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		setsockopt(tg, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		fcntl(cl, F_SETFL, O_NONBLOCK);
		fcntl(tg, F_SETFL, O_NONBLOCK);
		return;
	}
	close(cl);
	close(tg);
}

/* Read what a way's source has; return 0 when the connection is gone. */
static int take(struct way *w)
{
	char buf[CHUNK];
	ssize_t n = read(w->from, buf, sizeof buf);
	if (n > 0) {
		queue(w, buf, (size_t)n);
		return 1;
	}
	if (n == 0) {
		w->eof = 1;
		queue(w, NULL, 0);
		return 1;
	}
	return errno == EAGAIN || errno == EINTR;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: linkrelay LISTEN_PORT TARGET_ADDRESS TARGET_PORT DELAY_MS [COUNTFILE]\n");
		return 2;
	}
	struct sockaddr_in target = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[3])) };
	if (inet_pton(AF_INET, argv[2], &target.sin_addr) != 1) {
		fprintf(stderr, "linkrelay: not an IPv4 address: %s\n", argv[2]);
		return 2;
	}
	delay_ms = atof(argv[4]);
	countfile = argc > 5 ? argv[5] : NULL;
	signal(SIGPIPE, SIG_IGN);
	int lsock = listen_on(atoi(argv[1]));
	save_count();
	for (;;) {
		/* Sources are watched for reading; what is due is written when
		 * the poll ends (a write that finds the buffer full is retried
		 * a few milliseconds later). */
		struct pollfd p[1 + 2 * MAX_CONN];
		struct way *of[1 + 2 * MAX_CONN];
		int np = 1;
		double now = now_ms(), next = -1;
		p[0] = (struct pollfd){ lsock, POLLIN, 0 };
		for (int i = 0; i < MAX_CONN; i++) {
			for (int d = 0; conns[i].used && d < 2; d++) {
				struct way *w = &conns[i].way[d];
				if (w->head) {
					double due = w->head->due > now ? w->head->due : now + 5;
					if (next < 0 || due < next)
						next = due;
				}
				if (w->eof)
					continue;
				p[np] = (struct pollfd){ w->from, POLLIN, 0 };
				of[np++] = w;
			}
		}
		int timeout = next < 0 ? -1 : (int)(next - now) + 1;
		if (poll(p, (nfds_t)np, timeout) < 0 && errno != EINTR)
			return 1;
		if (p[0].revents & POLLIN)
			accept_one(lsock, &target);
		unsigned long long before = up_bytes + down_bytes;
		for (int j = 1; j < np; j++) {
			struct way *w = of[j];
			if ((p[j].revents & (POLLIN | POLLHUP | POLLERR)) && !take(w)) {
				w->eof = 1;
				queue(w, NULL, 0);
			}
		}
		now = now_ms();
		for (int i = 0; i < MAX_CONN; i++) {
			if (!conns[i].used)
				continue;
			struct conn *c = &conns[i];
			if (!flush(&c->way[0], now) || !flush(&c->way[1], now) ||
			    (c->way[0].closed && c->way[1].closed))
				drop(c);
		}
		if (up_bytes + down_bytes != before)
			save_count();
	}
}
