/* SPDX-License-Identifier: MIT */
/* test_ssh.c - splitting what an SSH client asks for, without a shell, and
 * keeping its files inside the data directory. */
#include "unit.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gridcase/ssh.h"
#include "gridcase/text.h"

/* Split line; NULL when refused (why holds the reason). */
static char *joined(const char *line, char *why, size_t n)
{
	ssh_words w;
	if (ssh_split(line, &w, why, n))
		return NULL;
	gc_buf b;
	buf_init(&b);
	for (int i = 0; i < w.n; i++)
		buf_printf(&b, "[%s]", w.w[i]);
	ssh_words_free(&w);
	return b.p ? b.p : xstrdup("");
}

static void expect_words(const char *line, const char *want)
{
	char why[160] = "";
	char *got = joined(line, why, sizeof why);
	if (!got)
		fail_msg("'%s' was refused: %s", line, why);
	assert_string_equal(got, want);
	free(got);
}

static void expect_refused(const char *line, const char *reason)
{
	char why[160] = "";
	char *got = joined(line, why, sizeof why);
	if (got)
		fail_msg("'%s' was accepted as %s", line, got);
	if (!strstr(why, reason))
		fail_msg("'%s': reason '%s' lacks '%s'", line, why, reason);
}

static void words_and_quotes(void **s)
{
	(void)s;
	expect_words("list --overdue", "[list][--overdue]");
	expect_words("  list\t --limit  5 ", "[list][--limit][5]");
	expect_words("new case 'title=楼道 堆物' category=城市管理", "[new][case][title=楼道 堆物][category=城市管理]");
	expect_words("new case \"title=a \\\"b\\\" c\"", "[new][case][title=a \"b\" c]");
	expect_words("show 'a;b|c$(d)'", "[show][a;b|c$(d)]");   /* quoted: only text */
	expect_words("set 1 detail=a\\ b", "[set][1][detail=a b]");
	expect_words("list ''", "[list][]");
	expect_words("", "");
}

static void shell_syntax_is_refused(void **s)
{
	(void)s;
	expect_refused("list; sh", "';' outside quotes");
	expect_refused("list && id", "'&' outside quotes");
	expect_refused("list | sh", "'|' outside quotes");
	expect_refused("list $(id)", "'$' outside quotes");
	expect_refused("list `id`", "'`' outside quotes");
	expect_refused("list > /etc/passwd", "'>' outside quotes");
	expect_refused("list < /etc/shadow", "'<' outside quotes");
	expect_refused("list\nid", "line break");
	expect_refused("list 'a", "unterminated '");
	expect_refused("list \"a", "unterminated \"");
	expect_refused("list \\", "backslash at the end");
	expect_refused("list '\x1b[2J'", "control character");
	expect_refused("list \x7f", "control character");
}

static void limits(void **s)
{
	(void)s;
	gc_buf b;
	buf_init(&b);
	for (int i = 0; i <= SSH_MAX_WORDS; i++)
		buf_adds(&b, "a ");
	expect_refused(b.p, "too many words");
	buf_reset(&b);
	for (int i = 0; i <= SSH_MAX_COMMAND; i++)
		buf_addc(&b, 'x');
	expect_refused(b.p, "too long");
	buf_free(&b);
}

static void whitelist(void **s)
{
	(void)s;
	assert_true(ssh_command_allowed("list"));
	assert_true(ssh_command_allowed("act"));
	assert_false(ssh_command_allowed("demo"));
	assert_false(ssh_command_allowed("init"));
	assert_false(ssh_command_allowed("admin"));
	assert_false(ssh_command_allowed("sh"));
}

static void paths_stay_in_the_data_directory(void **s)
{
	(void)s;
	char *dir = unit_tmpdir(), why[160], *out;
	gc_buf p;
	buf_init(&p);
	buf_printf(&p, "%s/in.csv", dir);
	FILE *f = fopen(p.p, "w");
	fclose(f);
	assert_int_equal(ssh_path_inside(dir, "in.csv", &out, why, sizeof why), 0);
	assert_string_equal(out, p.p);
	free(out);
	assert_int_equal(ssh_path_inside(dir, p.p, &out, why, sizeof why), 0);
	free(out);
	assert_int_equal(ssh_path_inside(dir, "new-backup.db", &out, why, sizeof why), 0);   /* not there yet */
	free(out);
	assert_int_equal(ssh_path_inside(dir, "-", &out, why, sizeof why), 0);
	assert_string_equal(out, "-");
	free(out);
	assert_int_equal(ssh_path_inside(dir, "/etc/passwd", &out, why, sizeof why), -1);
	assert_null(out);
	assert_int_equal(ssh_path_inside(dir, "../x", &out, why, sizeof why), -1);
	assert_int_equal(ssh_path_inside(dir, "..", &out, why, sizeof why), -1);
	assert_int_equal(ssh_path_inside(dir, ".", &out, why, sizeof why), -1);
	assert_int_equal(ssh_path_inside(dir, "missing/x", &out, why, sizeof why), -1);
	/* A link pointing out is judged by where it leads. */
	buf_reset(&p);
	buf_printf(&p, "%s/out", dir);
	assert_int_equal(symlink("/etc", p.p), 0);
	assert_int_equal(ssh_path_inside(dir, "out/passwd", &out, why, sizeof why), -1);
	assert_int_equal(ssh_path_inside(dir, "out/new-file", &out, why, sizeof why), -1);
	assert_non_null(strstr(why, "data directory"));
	buf_free(&p);
	unit_rmdir(dir);
}

/* The access log line for a command, read back from a fresh log file. */
static char *logged(const char *dir, const char *command)
{
	gc_buf p;
	buf_init(&p);
	buf_printf(&p, "%s/access.log", dir);
	unlink(p.p);
	ssh_log(p.p, "alice", "127.0.0.1 5000", "refused", command, "bad \xE2\x80\xAE reason");
	FILE *f = fopen(p.p, "r");
	assert_non_null(f);
	char line[1024];
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	buf_free(&p);
	return xstrdup(line);
}

static void the_log_holds_only_printable_text(void **s)
{
	(void)s;
	char *dir = unit_tmpdir();
	/* ESC, a C1 CSI (U+009B), RIGHT-TO-LEFT OVERRIDE, a lone continuation
	 * byte, an overlong encoding, a truncated sequence at the end. */
	char *l = logged(dir, "list \x1b]0;x\x07 \xC2\x9B" "2J \xE2\x80\xAE" "fdp.exe \x80 \xC0\xAF \xE4\xB8");
	assert_non_null(strstr(l, "\"list \\x1B]0;x\\x07 \\u{009B}2J \\u{202E}fdp.exe \\x80 \\xC0\\xAF \\xE4\\xB8\""));
	assert_non_null(strstr(l, ": bad \\u{202E} reason\n"));
	/* Nothing but the text rule's printable text and the newline. */
	const char *bad = text_refusal(l, strlen(l) - 1, 0);
	if (bad)
		fail_msg("log line %s: %s", l, bad);
	free(l);
	l = logged(dir, "list --search 网格员 \"x\\y\" \xE2\x81\xA6\xE2\x80\x8B");
	assert_non_null(strstr(l, "\"list --search 网格员 \\x22x\\x5Cy\\x22 \\u{2066}\\u{200B}\""));
	free(l);
	unit_rmdir(dir);
}

/* After ssh_forbid_exec a process cannot start a program, by either
 * system call, while it can still fork; a process without it can. Each
 * try runs in a child, so the test itself stays free to exec. */
static int child_exec(int forbid, int at)
{
	pid_t pid = fork();
	if (pid == 0) {
		char why[120];
		if (forbid && ssh_forbid_exec(why, sizeof why))
			_exit(90);
		char *const argv[] = { "true", NULL };
		char *const envp[] = { NULL };
		if (at)
			syscall(SYS_execveat, AT_FDCWD, "/bin/true", argv, envp, 0);
		else
			execve("/bin/true", argv, envp);
		_exit(errno == EPERM ? 91 : 92);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void exec_is_forbidden(void **state)
{
	(void)state;
	assert_int_equal(child_exec(0, 0), 0);    /* /bin/true ran */
	assert_int_equal(child_exec(0, 1), 0);
	assert_int_equal(child_exec(1, 0), 91);   /* execve: EPERM */
	assert_int_equal(child_exec(1, 1), 91);   /* execveat: EPERM */
	pid_t pid = fork();
	if (pid == 0) {
		char why[120];
		if (ssh_forbid_exec(why, sizeof why))
			_exit(90);
		pid_t grandchild = fork();   /* fork still works: only exec is refused */
		if (grandchild == 0)
			_exit(7);
		int status;
		_exit(grandchild > 0 && waitpid(grandchild, &status, 0) == grandchild && WEXITSTATUS(status) == 7 ? 0 : 93);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_and_quotes),
		cmocka_unit_test(shell_syntax_is_refused),
		cmocka_unit_test(limits),
		cmocka_unit_test(whitelist),
		cmocka_unit_test(exec_is_forbidden),
		cmocka_unit_test(paths_stay_in_the_data_directory),
		cmocka_unit_test(the_log_holds_only_printable_text),
	};
	return cmocka_run_group_tests_name("ssh", tests, NULL, NULL);
}
