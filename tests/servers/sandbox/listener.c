/* listener.c -- binds the listening socket, publishes the port, and hands
 * each accepted connection to its own detached thread (capped). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* ppoll, accept4 */
#endif
#include "listener.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "sandbox.h"
#include "stats.h"

/* Threads serving connections at once; more wait in the kernel backlog. */
#define MAX_ACTIVE 512
#define IDLE_TIMEOUT_S 60

static atomic_int active;
static atomic_ullong next_conn_id;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

void listener_conn_done(void)
{
    atomic_fetch_sub(&active, 1);
}

static int open_listener(void)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int rc = getaddrinfo(g_cfg.bind_host, g_cfg.listen_port, &hints, &res);
    if (rc) {
        fprintf(stderr, "sandbox: cannot resolve --listen %s:%s: %s\n",
                g_cfg.listen_host, g_cfg.listen_port, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1024) == 0)
            break;
        fprintf(stderr, "sandbox: cannot listen on %s:%s: %s\n",
                g_cfg.listen_host, g_cfg.listen_port, strerror(errno));
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        return -1;

    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    g_cfg.port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                : ((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

/* Write "PORT\n" to a temporary file and rename it over the port file, so a
 * reader never sees a partial number. */
static int write_port_file(void)
{
    if (!g_cfg.port_file)
        return 0;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", g_cfg.port_file, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%d\n", g_cfg.port) < 0 || fclose(f) != 0 ||
        rename(tmp, g_cfg.port_file) != 0) {
        fprintf(stderr, "sandbox: cannot write --port-file %s: %s\n", g_cfg.port_file,
                strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static void start_conn(int cfd, pthread_attr_t *attr)
{
    int one = 1;
    struct timeval rt = {IDLE_TIMEOUT_S, 0}, wt = {30, 0};
    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &rt, sizeof rt);
    setsockopt(cfd, SOL_SOCKET, SO_SNDTIMEO, &wt, sizeof wt);

    conn *c = malloc(sizeof *c);
    if (!c) {
        close(cfd);
        return;
    }
    c->fd = cfd;
    c->ssl = NULL;
    c->id = atomic_fetch_add(&next_conn_id, 1) + 1;
    c->close = c->abort = 0;
    c->in_len = 0;
    c->sso_pending_account = NULL;
    stats_inc(ST_CONNECTIONS);
    atomic_fetch_add(&active, 1);
    pthread_t t;
    if (pthread_create(&t, attr, conn_thread, c) != 0) {
        atomic_fetch_sub(&active, 1);
        close(cfd);
        free(c);
    }
}

int listener_run(void)
{
    int lfd = open_listener();
    if (lfd < 0 || write_port_file() != 0)
        return 1;

    /* SIGTERM/SIGINT stay blocked except inside ppoll, so the loop notices
     * them at one well-defined point and threads never see them. */
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigset_t block, waitmask;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, &waitmask);
    sigdelset(&waitmask, SIGTERM);
    sigdelset(&waitmask, SIGINT);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256 * 1024);

    fprintf(stderr, "sandbox[%s]: listening on %s://%s:%d\n", g_cfg.region, g_cfg.scheme,
            g_cfg.listen_host, g_cfg.port);

    while (!stop) {
        struct timespec tick = {0, 50 * 1000000L};
        if (atomic_load(&active) >= MAX_ACTIVE) {
            ppoll(NULL, 0, &tick, &waitmask);
            continue;
        }
        struct pollfd pfd = {lfd, POLLIN, 0};
        int n = ppoll(&pfd, 1, NULL, &waitmask);
        if (n <= 0)
            continue;
        int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (cfd < 0) {
            if (errno == EMFILE || errno == ENFILE)
                ppoll(NULL, 0, &tick, &waitmask);  /* let connections finish */
            continue;
        }
        start_conn(cfd, &attr);
    }
    close(lfd);
    return 0;
}
