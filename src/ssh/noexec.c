/* SPDX-License-Identifier: MIT */
/* noexec.c - SSH mode starts no program, and the kernel holds it to that.
 * gridcase calls nothing that starts a program (tests/ssh/test_ssh.sh reads
 * the binary's symbols); this filter covers what the source cannot: a
 * library, a bug, a crafted input. execve and execveat fail with EPERM for
 * the rest of the process, and no_new_privs keeps a set-uid binary from
 * lifting it. Threads and fork still work: only exec is refused. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "gridcase/ssh.h"

#if defined(__linux__)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define NATIVE_ARCH AUDIT_ARCH_I386
#endif
#endif

#define DENY (SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA))

int ssh_forbid_exec(char *why, size_t whylen)
{
#if defined(NATIVE_ARCH) && defined(__NR_execveat)
	struct sock_filter code[] = {
		/* Another ABI's system calls (i386 on x86_64) have other
		 * numbers: none of them is allowed. */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, DENY),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* x32 calls on x86_64 carry bit 30 and the native arch. */
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execve, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execveat, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, DENY),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { (unsigned short)(sizeof code / sizeof code[0]), code };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		snprintf(why, whylen, "seccomp: %s", strerror(errno));
		return -1;
	}
	return 0;
#else
	snprintf(why, whylen, "seccomp: not built for this system");
	return -1;
#endif
}
