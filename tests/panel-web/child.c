/* child.c -- fork/exec with a process group, a parent-death signal and
 * output capture. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void pw_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

char *pw_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    if (f == NULL)
        return NULL;
    for (;;) {
        if (cap - len < 4096) {
            char *g = realloc(buf, cap ? cap * 2 : 8192);
            if (g == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = g;
            cap = cap ? cap * 2 : 8192;
        }
        n = fread(buf + len, 1, cap - len - 1, f);
        if (n == 0)
            break;
        len += n;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

void pw_show_file(const char *title, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    if (f == NULL) {
        fprintf(stderr, "  (%s: nothing captured at %s)\n", title, path);
        return;
    }
    fprintf(stderr, "  %s:\n", title);
    while (fgets(line, sizeof line, f) != NULL)
        fprintf(stderr, "  | %s%s", line, strchr(line, '\n') ? "" : "\n");
    fclose(f);
}

int pw_child_start(pw_child *c, const char *name, const char *const *argv,
                   const char *const *env, const char *output)
{
    pid_t parent = getpid(), pid;
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->output, sizeof c->output, "%s", output);
    if (access(argv[0], X_OK) != 0) {
        fprintf(stderr, "missing prerequisite: %s (%s) is not an executable: %s\n",
                name, argv[0], strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "cannot fork for %s: %s\n", name, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        int fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        const char *const *e;
        sigset_t none;
        setpgid(0, 0);
        /* If the test dies, its children must not outlive it. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(127);
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (fd < 0)
            _exit(126);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        fd = open("/dev/null", O_RDONLY);
        if (fd >= 0)
            dup2(fd, STDIN_FILENO);
        for (e = env; e != NULL && *e != NULL; e++)
            putenv((char *)*e);
        execv(argv[0], (char *const *)argv);
        fprintf(stderr, "cannot execute %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid);  /* also here, so the group exists before we signal it */
    c->pid = pid;
    return 0;
}

static int alive(pw_child *c, int *status)
{
    pid_t r = waitpid(c->pid, status, WNOHANG);
    return r == 0;
}

static int exit_code(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

int pw_child_wait_port(pw_child *c, const char *port_file, long timeout_ms)
{
    long waited = 0;
    int status = 0;
    for (;;) {
        FILE *f = fopen(port_file, "r");
        int port = -1;
        if (f != NULL) {
            if (fscanf(f, "%d", &port) != 1)
                port = -1;
            fclose(f);
        }
        if (port > 0)
            return port;
        if (c->pid == 0 || !alive(c, &status)) {
            fprintf(stderr, "%s exited (status %d) before listening\n", c->name,
                    c->pid ? exit_code(status) : -1);
            c->pid = 0;
            pw_show_file(c->name, c->output);
            return -1;
        }
        if (waited >= timeout_ms) {
            fprintf(stderr, "%s did not write %s within %ld ms\n", c->name, port_file,
                    timeout_ms);
            pw_show_file(c->name, c->output);
            return -1;
        }
        pw_sleep_ms(50);
        waited += 50;
    }
}

int pw_child_stop(pw_child *c, long grace_ms)
{
    long waited = 0;
    int status = 0;
    pid_t r;
    if (c->pid <= 0)
        return -1;
    kill(-c->pid, SIGTERM);
    kill(c->pid, SIGTERM);
    for (;;) {
        r = waitpid(c->pid, &status, WNOHANG);
        if (r == c->pid || (r < 0 && errno != EINTR))
            break;
        if (waited >= grace_ms) {
            fprintf(stderr, "%s did not stop within %ld ms of SIGTERM: killing it\n",
                    c->name, grace_ms);
            kill(-c->pid, SIGKILL);
            kill(c->pid, SIGKILL);
            waitpid(c->pid, &status, 0);
            break;
        }
        pw_sleep_ms(20);
        waited += 20;
    }
    /* Anything it left behind in its group goes too. */
    kill(-c->pid, SIGKILL);
    c->pid = 0;
    return r < 0 ? -1 : exit_code(status);
}

int pw_run(const char *const *argv, const char *const *env, const char *output,
           long timeout_ms)
{
    pw_child c;
    long waited = 0;
    int status = 0;
    if (pw_child_start(&c, argv[0], argv, env, output) != 0)
        return -1;
    for (;;) {
        pid_t r = waitpid(c.pid, &status, WNOHANG);
        if (r == c.pid)
            return exit_code(status);
        if (r < 0 && errno != EINTR)
            return -1;
        if (waited >= timeout_ms) {
            fprintf(stderr, "%s did not finish within %ld ms: killing it\n", argv[0],
                    timeout_ms);
            pw_child_stop(&c, 0);
            return -1;
        }
        pw_sleep_ms(20);
        waited += 20;
    }
}
