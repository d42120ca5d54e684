/* SPDX-License-Identifier: MIT */
/* ts_ns.c -- a forked child in its own user and mount (and network)
 * namespaces, and one whose name server never answers. */
#include "testsupport.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What the child sends ahead of the caller's buffer. */
typedef struct ns_header {
    int ran;                    /* set-up done and part called */
    int part_status;            /* what part returned */
    char error[512];            /* why the set-up failed */
} ns_header;

static int ns_write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    size_t n = strlen(text);
    ssize_t w = write(fd, text, n);
    int rc = (w == (ssize_t)n) ? 0 : -1;
    if (close(fd) != 0)
        rc = -1;
    return rc;
}

int ts_ns_say(char *err, size_t n, const char *what)
{
    snprintf(err, n, "%s: %s", what, strerror(errno));
    return -1;
}

int ts_ns_bind_mount(const char *source, const char *target, char *err, size_t n)
{
    /* The kernel ignores the type for a bind mount; "none" keeps valgrind
     * from flagging a NULL string. */
    if (mount(source, target, "none", MS_BIND, NULL) != 0) {
        char what[600];
        snprintf(what, sizeof what, "bind-mounting %.250s over %.250s", source,
                 target);
        return ts_ns_say(err, n, what);
    }
    return 0;
}

static int loopback_up(char *err, size_t n)
{
    struct ifreq ifr;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return ts_ns_say(err, n, "socket for ioctl");
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    int rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
    if (rc == 0) {
        ifr.ifr_flags |= IFF_UP;
        rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
    }
    if (rc != 0)
        ts_ns_say(err, n, "bringing up lo in the new network namespace");
    close(fd);
    return rc;
}

/* The child's world: everything here affects the child only. */
static int enter_namespaces(int new_net, char *err, size_t n)
{
    unsigned uid = (unsigned)getuid(), gid = (unsigned)getgid();
    int flags = CLONE_NEWUSER | CLONE_NEWNS | (new_net ? CLONE_NEWNET : 0);
    if (unshare(flags) != 0) {
        char what[400];
        snprintf(what, sizeof what, "unshare(%s namespaces) failed; "
                 "this test needs unprivileged user namespaces (allow them, "
                 "e.g. sysctl kernel.unprivileged_userns_clone=1 and "
                 "user.max_user_namespaces > 0, or run where unshare is "
                 "permitted)",
                 new_net ? "user, mount and network" : "user and mount");
        return ts_ns_say(err, n, what);
    }
    char map[64];
    snprintf(map, sizeof map, "0 %u 1\n", uid);
    if (ns_write_file("/proc/self/setgroups", "deny") != 0 ||
        ns_write_file("/proc/self/uid_map", map) != 0)
        return ts_ns_say(err, n, "writing the user namespace's uid map");
    snprintf(map, sizeof map, "0 %u 1\n", gid);
    if (ns_write_file("/proc/self/gid_map", map) != 0)
        return ts_ns_say(err, n, "writing the user namespace's gid map");
    /* Nothing mounted here may propagate back to the machine.  (The kernel
     * ignores source and type here; "none" keeps valgrind from flagging a
     * NULL string.) */
    if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0)
        return ts_ns_say(err, n, "making / private in the new mount namespace");
    if (new_net && loopback_up(err, n) != 0)
        return -1;
    return 0;
}

/* Move exactly n bytes through fd (read when `reading`, else write),
 * before the deadline when there is one (0: none): 0, or -1. */
static int transfer(int fd, void *p, size_t n, int reading, long long deadline)
{
    char *c = p;
    while (n > 0) {
        if (deadline != 0) {
            long long left = deadline - ts_now_ms();
            struct pollfd pf = {fd, POLLIN, 0};
            int pr = left > 0 ? poll(&pf, 1, (int)left) : 0;
            if (pr < 0 && errno == EINTR)
                continue;
            if (pr <= 0)
                return -1;
        }
        ssize_t k = reading ? read(fd, c, n) : write(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

int ts_ns_run(const ts_ns_options *o, ts_ns_part_fn part, void *buf, size_t size,
            char *err, size_t err_size)
{
    int fds[2];
    err[0] = '\0';
    if (pipe2(fds, O_CLOEXEC) != 0)
        return ts_ns_say(err, err_size, "pipe2");
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return ts_ns_say(err, err_size, "fork");
    }
    if (pid == 0) {
        close(fds[0]);
        ns_header h;
        memset(&h, 0, sizeof h);
        if (enter_namespaces(o->new_net, h.error, sizeof h.error) == 0 &&
            (o->setup == NULL ||
             o->setup(o->setup_ctx, h.error, sizeof h.error) == 0)) {
            h.ran = 1;
            h.part_status = part(buf, size);
        }
        int rc = transfer(fds[1], &h, sizeof h, 0, 0) == 0 &&
                 transfer(fds[1], buf, size, 0, 0) == 0 ? 0 : 3;
        close(fds[1]);
        fflush(stdout);
        fflush(stderr);
        _exit(rc);
    }
    close(fds[1]);
    long long deadline = ts_now_ms() + (long long)o->timeout_s * 1000;
    ns_header h;
    memset(&h, 0, sizeof h);
    int got = transfer(fds[0], &h, sizeof h, 1, deadline) == 0 &&
              transfer(fds[0], buf, size, 1, deadline) == 0;
    close(fds[0]);
    int status = 0;
    pid_t w;
    while ((w = waitpid(pid, &status, WNOHANG)) == 0 && ts_now_ms() < deadline) {
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (w == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        snprintf(err, err_size, "the child did not finish within %d s", o->timeout_s);
        return -1;
    }
    if (!got) {
        snprintf(err, err_size, "the child sent no complete report");
        return -1;
    }
    if (!h.ran) {
        snprintf(err, err_size, "%s", h.error);
        return -1;
    }
    if (h.part_status != 0) {
        snprintf(err, err_size, "the child's part failed (status %d)", h.part_status);
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, err_size, "the child ended with %s %d (under valgrind: "
                 "its leak check failed, see the log)",
                 WIFEXITED(status) ? "exit status" : "signal",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return -1;
    }
    return 0;
}

/* ---- a name server that never answers -------------------------------------- */

#define RESOLV_CONF "/etc/resolv.conf"
/* glibc's defaults, spelled out: each query waits 5 s, twice. */
#define SILENT_RESOLV "nameserver 127.0.0.1\noptions timeout:5 attempts:2\n"

/* In the child, inside its namespaces (loopback already up). */
static int silence_dns(void *ctx, char *err, size_t n)
{
    const char *workdir = ctx;
    char path[512];
    snprintf(path, sizeof path, "%s/resolv.conf", workdir);
    if (ns_write_file(path, SILENT_RESOLV) != 0)
        return ts_ns_say(err, n, "writing the private resolv.conf");
    if (ts_ns_bind_mount(path, RESOLV_CONF, err, n) != 0)
        return -1;
    /* The silent name server: bound, so queries are queued, never refused
     * by an ICMP error; never read, so never answered.  It lives as long as
     * the child. */
    int dns = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(53);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (dns < 0 || bind(dns, (struct sockaddr *)&a, sizeof a) != 0)
        return ts_ns_say(err, n, "binding the silent name server to 127.0.0.1:53");
    /* Check the resolver will read what we think. */
    char seen[256] = "";
    FILE *f = fopen(RESOLV_CONF, "r");
    if (f != NULL) {
        size_t got = fread(seen, 1, sizeof seen - 1, f);
        seen[got] = '\0';
        fclose(f);
    }
    if (strcmp(seen, SILENT_RESOLV) != 0) {
        snprintf(err, n, "%s does not show the private resolv.conf", RESOLV_CONF);
        return -1;
    }
    return 0;
}

int ts_ns_run_silent_dns(const char *workdir, ts_ns_part_fn fn, void *buf, size_t size,
                         int timeout_s, char *err, size_t err_size)
{
    ts_ns_options o;
    memset(&o, 0, sizeof o);
    o.new_net = 1;
    o.setup = silence_dns;
    o.setup_ctx = (void *)workdir;
    o.timeout_s = timeout_s;
    return ts_ns_run(&o, fn, buf, size, err, err_size);
}
