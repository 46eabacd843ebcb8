/* SPDX-License-Identifier: MIT */
/* pace.c - key coalescing on slow links. Over SSH a write returns as soon
 * as the kernel has the bytes, so the UI cannot see that ten pages typed
 * quickly are still queued behind a 64 kbit/s link: it would send all ten
 * and the screen would settle seconds after the last key. Instead, when
 * keys come faster than frames (a key within BURST_MS of the last frame),
 * each frame is followed by a status request (ESC [ 5 n, which every
 * VT100-like terminal answers with ESC [ 0 n once it has read everything
 * before it), and no new frame is drawn until the answer comes: the keys
 * typed meanwhile are handled, and the next frame shows where they led.
 * One key at a time, nothing is asked, so a frame stays one write. A
 * terminal that never answers the first request (a test harness, a
 * terminal without status reports) is never asked again; an answer that
 * does not come within GIVE_UP_MS lets drawing go on. The idea is mosh's
 * (a frame rate fitted to the link), done with what SSH offers. */
#include <time.h>
#include <unistd.h>
#include "tui/pace.h"

#define BURST_MS 250
#define GIVE_UP_MS 2000

static const char status_request[] = "\033[5n";

static struct {
	int answers;         /* the terminal has answered once */
	int waiting;         /* a request is out, its answer not yet in */
	double asked_at;     /* when it went out */
	double drawn_at;     /* when the last frame went out */
} pace;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Ask for the status report; hold the next frame until it comes when
 * hold (the first request, a probe, holds nothing). */
static void ask(int hold)
{
	/* Its own write, after the frame's: ncurses has no way to append it
	 * to the frame, and only bursts pay for it. */
	if (write(STDOUT_FILENO, status_request, sizeof status_request - 1) < 0)
		return;
	pace.waiting = hold;
	pace.asked_at = now_ms();
}

void pace_start(void)
{
	define_key("\033[0n", PACE_KEY_ACK);
	pace.drawn_at = now_ms();
	ask(0);
}

void pace_key(int key)
{
	if (key == PACE_KEY_ACK) {
		pace.answers = 1;
		pace.waiting = 0;
	}
}

int pace_may_draw(void)
{
	if (pace.waiting && now_ms() - pace.asked_at >= GIVE_UP_MS)
		pace.waiting = 0;   /* lost, or a terminal that does not answer */
	return !pace.waiting;
}

void pace_drawn(void)
{
	double now = now_ms();
	int burst = now - pace.drawn_at < BURST_MS;
	pace.drawn_at = now;
	if (burst && pace.answers)
		ask(1);
}

int pace_wait_ms(void)
{
	if (!pace.waiting)
		return -1;
	double left = GIVE_UP_MS - (now_ms() - pace.asked_at);
	return left < 1 ? 1 : (int)left;
}
