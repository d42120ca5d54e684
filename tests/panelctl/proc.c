/* proc.c -- fork/exec with stdout and stderr pipes (see proc.h). */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

static int buf_add(buf *b, const char *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *d;
        while (cap < b->len + n + 1)
            cap *= 2;
        d = realloc(b->data, cap);
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

int proc_run(const char *const *argv, proc_result *r)
{
    int out[2], errp[2], status;
    pid_t pid;
    buf bo = {0}, be = {0};
    struct pollfd fds[2];
    memset(r, 0, sizeof *r);
    if (pipe2(out, O_CLOEXEC) != 0)
        return -1;
    if (pipe2(errp, O_CLOEXEC) != 0) {
        close(out[0]);
        close(out[1]);
        return -1;
    }
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(out[1], 1) < 0 || dup2(errp[1], 2) < 0)
            _exit(126);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    close(errp[1]);
    fds[0].fd = out[0];
    fds[1].fd = errp[0];
    fds[0].events = fds[1].events = POLLIN;
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        int i;
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (i = 0; i < 2; i++) {
            char tmp[4096];
            ssize_t n;
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            n = read(fds[i].fd, tmp, sizeof tmp);
            if (n > 0) {
                buf_add(i == 0 ? &bo : &be, tmp, (size_t)n);
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
            }
        }
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    buf_add(&bo, "", 0);
    buf_add(&be, "", 0);
    r->out = bo.data ? bo.data : calloc(1, 1);
    r->err = be.data ? be.data : calloc(1, 1);
    r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return 0;
}

void proc_free(proc_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

int proc_count_lines(const char *s)
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
