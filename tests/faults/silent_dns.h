/*
 * silent_dns.h -- run a piece of the fault suite where the name server never
 * answers.
 *
 * On this machine an unresolvable name fails at once (the resolver answers
 * NXDOMAIN); on an offline machine with a stale resolv.conf, or behind a
 * firewall that drops port 53, nothing answers at all and getaddrinfo blocks
 * for 10 s or more.  Both are "DNS failure", and the second is the one that
 * tests the timeout.  To get it without touching the machine, a forked
 * child enters its own user, mount and network namespaces, where loopback
 * is up, /etc/resolv.conf (bind-mounted over, for the child only) names
 * 127.0.0.1, and a UDP socket bound to 127.0.0.1:53 swallows every query.
 *
 * The namespaces come from ns_child.h.  Needs unprivileged user namespaces
 * (Debian 12's default).  Where they are not allowed, sd_run fails with a
 * sentence saying so: a missing prerequisite fails the test, it never skips.
 */
#ifndef SILENT_DNS_H
#define SILENT_DNS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Runs in the child: fills buf (size bytes) and returns 0 if it ran. */
typedef int (*sd_fn)(void *buf, size_t size);

/* Fork; in the child enter the namespaces described above (the private
 * resolv.conf is written into `workdir`), run fn(buf, size) and send buf
 * back.  The parent waits at most timeout_s seconds (then kills the child).
 * Returns 0 when the child set up, ran fn (which returned 0), sent buf and
 * exited with status 0 -- so a child that valgrind finds leaking (exit 1)
 * fails too.  Otherwise -1 with the reason in err. */
int sd_run(const char *workdir, sd_fn fn, void *buf, size_t size, int timeout_s,
           char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif /* SILENT_DNS_H */
