/* SPDX-License-Identifier: MIT */
/* ts_proc.c -- runs programs: to completion with their output captured and
 * a time limit, or in the background with their output in a file. */
#include "testsupport.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_MS 60000
#define STOP_TIMEOUT_MS 5000

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

static int buf_add(buf *b, const char *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (d == NULL)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* In the child: apply "NAME=value" / "NAME=" entries. */
static void apply_env(const char *const *env)
{
    for (; env != NULL && *env != NULL; env++) {
        const char *eq = strchr(*env, '=');
        if (eq == NULL)
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(eq - *env), *env);
        if (eq[1] == '\0')
            unsetenv(name);
        else
            setenv(name, eq + 1, 1);
    }
}

int ts_proc_run(const char *const *argv, const char *const *env, int timeout_ms,
                ts_proc_result *r)
{
    int out[2], errp[2], status = 0;
    buf bo = {0}, be = {0};
    memset(r, 0, sizeof *r);
    r->exit_code = -1;
    if (pipe2(out, O_CLOEXEC) != 0) {
        fprintf(stderr, "ts_proc_run: pipe: %s\n", strerror(errno));
        return -1;
    }
    if (pipe2(errp, O_CLOEXEC) != 0) {
        fprintf(stderr, "ts_proc_run: pipe: %s\n", strerror(errno));
        close(out[0]);
        close(out[1]);
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "ts_proc_run: fork: %s\n", strerror(errno));
        close(out[0]);
        close(out[1]);
        close(errp[0]);
        close(errp[1]);
        return -1;
    }
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(out[1], 1) < 0 || dup2(errp[1], 2) < 0)
            _exit(126);
        apply_env(env);
        execv(argv[0], (char *const *)argv);
        dprintf(2, "exec %s failed: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(out[1]);
    close(errp[1]);
    struct pollfd fds[2] = {{out[0], POLLIN, 0}, {errp[0], POLLIN, 0}};
    long long deadline = ts_now_ms() + (timeout_ms > 0 ? timeout_ms : DEFAULT_TIMEOUT_MS);
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        long long left = deadline - ts_now_ms();
        if (left <= 0) {
            r->timed_out = 1;
            kill(pid, SIGKILL);
            break;
        }
        int k = poll(fds, 2, (int)left);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            break;
        for (int i = 0; i < 2; i++) {
            char tmp[4096];
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            ssize_t n = read(fds[i].fd, tmp, sizeof tmp);
            if (n > 0) {
                buf_add(i == 0 ? &bo : &be, tmp, (size_t)n);
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
            }
        }
    }
    for (int i = 0; i < 2; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    buf_add(&bo, "", 0);
    buf_add(&be, "", 0);
    r->out = bo.data ? bo.data : calloc(1, 1);
    r->err = be.data ? be.data : calloc(1, 1);
    r->exit_code = !r->timed_out && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r->timed_out)
        fprintf(stderr, "%s did not end within %d ms: killed\n", argv[0],
                timeout_ms > 0 ? timeout_ms : DEFAULT_TIMEOUT_MS);
    return 0;
}

void ts_proc_free(ts_proc_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

int ts_proc_start(ts_proc *p, const char *const *argv, const char *output_path)
{
    memset(p, 0, sizeof *p);
    const char *base = strrchr(argv[0], '/');
    snprintf(p->name, sizeof p->name, "%s", base ? base + 1 : argv[0]);
    int fd = open(output_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "ts_proc_start: cannot create %s: %s\n", output_path,
                strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "ts_proc_start: fork: %s\n", strerror(errno));
        close(fd);
        return -1;
    }
    if (pid == 0) {
        /* No child outlives a crashed test program. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(127);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        execv(argv[0], (char *const *)argv);
        dprintf(2, "exec %s failed: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fd);
    p->pid = pid;
    return 0;
}

int ts_proc_exited(ts_proc *p, int *status)
{
    int st = 0;
    if (p->pid <= 0)
        return 1;
    pid_t r = waitpid(p->pid, &st, WNOHANG);
    if (r == p->pid || (r < 0 && errno == ECHILD)) {
        p->pid = 0;
        if (status != NULL)
            *status = st;
        return 1;
    }
    return 0;
}

void ts_proc_stop(ts_proc *p)
{
    if (p == NULL || p->pid <= 0)
        return;
    pid_t pid = p->pid;
    p->pid = 0;
    kill(pid, SIGTERM);
    for (int waited = 0;; waited += 10) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            return;
        if (waited >= STOP_TIMEOUT_MS) {
            fprintf(stderr, "%s (pid %ld) ignored SIGTERM for %d ms; killing it\n", p->name,
                    (long)pid, STOP_TIMEOUT_MS);
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return;
        }
        sleep_ms(10);
    }
}

void ts_show_file(const char *path, const char *title)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "  (nothing at %s)\n", path);
        return;
    }
    char line[512];
    fprintf(stderr, "  %s:\n", title);
    while (fgets(line, sizeof line, f))
        fprintf(stderr, "  | %s", line);
    fclose(f);
}

int ts_count_lines(const char *s)
{
    int n = 0;
    const char *p;
    if (s == NULL || *s == '\0')
        return 0;
    for (p = s; *p != '\0'; p++)
        if (*p == '\n')
            n++;
    if (p[-1] != '\n')
        n++;
    return n;
}
