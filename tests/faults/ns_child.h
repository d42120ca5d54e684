/*
 * ns_child.h -- run a piece of a test in a forked child that has its own
 * user and mount namespaces (and, if asked, its own network namespace), so
 * it can bind-mount its own files over system paths such as
 * /etc/resolv.conf or /etc/ssl/certs without touching the machine: the
 * mounts are private to the child and vanish with it.
 *
 * The child maps the caller's uid and gid to 0 inside its user namespace,
 * makes / private (nothing it mounts propagates back), brings loopback up
 * when it has its own network namespace, runs the caller's set-up, then the
 * caller's part, and sends a buffer back to the parent through a pipe.
 *
 * Needs unprivileged user namespaces (Debian 12's default).  Where they are
 * not allowed, nsc_run fails with a sentence saying so: a missing
 * prerequisite fails the test, it never skips.
 */
#ifndef NS_CHILD_H
#define NS_CHILD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Runs in the child once it is in its namespaces: mounts and the like.
 * 0, or -1 with the reason in err (err_size bytes). */
typedef int (*nsc_setup_fn)(void *ctx, char *err, size_t err_size);

/* Runs in the child after the set-up: fills buf (size bytes) and returns 0
 * if it ran. */
typedef int (*nsc_part_fn)(void *buf, size_t size);

typedef struct nsc_options {
    int new_net;                /* nonzero: also a network namespace, with
                                   lo up (a server outside it is unreachable) */
    nsc_setup_fn setup;         /* may be NULL */
    void *setup_ctx;
    int timeout_s;              /* the parent kills the child after this */
} nsc_options;

/* Fork; in the child enter the namespaces, run the set-up, run
 * part(buf, size) and send buf back.  Returns 0 when the child set up, ran
 * part (which returned 0), sent buf and exited with status 0 -- so a child
 * that valgrind finds leaking (exit 1) fails too.  Otherwise -1 with the
 * reason in err. */
int nsc_run(const nsc_options *o, nsc_part_fn part, void *buf, size_t size,
            char *err, size_t err_size);

/* For set-up functions.  Bind-mount `source` (a file or a directory) over
 * `target`, which must already exist and be of the same kind.  0, or -1
 * with the reason in err. */
int nsc_bind_mount(const char *source, const char *target, char *err,
                   size_t err_size);

/* Write `text` to `path` (created or truncated, mode 0644).  0 or -1 (errno
 * set). */
int nsc_write_file(const char *path, const char *text);

/* snprintf(err, "WHAT: strerror(errno)") and return -1. */
int nsc_say(char *err, size_t err_size, const char *what);

#ifdef __cplusplus
}
#endif

#endif /* NS_CHILD_H */
