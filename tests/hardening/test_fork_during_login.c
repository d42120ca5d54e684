/*
 * hardening.fork_during_login -- a server that forks while other threads
 * are logging in.  16 threads log in continuously through one instance
 * while the main thread forks 1000 children; each child logs in once at
 * once, through the same loader and instance, and exits 0 only on AUTH_OK
 * with a URL on the sandbox.  A fork can land while another thread holds
 * the plugin's pool lock; the child inherits that lock held by a thread it
 * does not have.  What must hold, as a server would see it:
 *   - every child logs in, within timeout_ms: none hangs (the parent waits
 *     for each with a deadline of timeout_ms + a margin, then kills it and
 *     counts it as hung, saying where it was blocked);
 *   - every thread's login in the parent succeeds throughout, and the parent
 *     still logs in afterwards.
 *
 * The log sink only counts, with an atomic: a sink taking a lock could
 * itself be inherited locked by a child and hang it, which is the host's
 * own fork hazard, not the plugin's.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <CUnit/CUnit.h>

#include <panelsso/auth_loader.h>
#include "hardening.h"

enum { THREADS = 16, MAX_IN_FLIGHT = 16 };

#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static int under_valgrind(void)
{
    const char *pre = getenv("LD_PRELOAD");
    return pre != NULL && (strstr(pre, "vgpreload") || strstr(pre, "valgrind"));
}

/* How hard to push.  In a normal build: 1000 forks (divided by
 * TS_LOAD_SCALE), 16 children alive at once, each allowed timeout_ms plus
 * 3 s for fork, start-up and exit.  ThreadSanitizer makes every fork and
 * handshake several times slower: a quarter of the forks.  Under valgrind
 * each child is a slow valgrind process of its own, on two cores with the
 * 16 threads: 20 forks, 2 at a time, with the times stretched to match.
 *
 * AddressSanitizer's allocator (GCC 12's libasan) takes no lock around
 * fork: a child forked while another thread is inside malloc hangs in
 * malloc, whatever the program does (110 of 1000 children did, in
 * SizeClassAllocator64::GetFromAllocator).  There the threads are parked
 * outside their logins at each fork (`quiesce`): the child's pool renewal
 * still runs under ASan, but a pool lock held at the fork is only caught
 * by the other builds. */
typedef struct plan {
    int forks, in_flight;
    int timeout_ms, margin_ms;
    int quiesce;
    const char *why;
} plan;

static plan make_plan(void)
{
    /* timeout_ms bounds a login, not the machine's speed: generous enough
     * that a busy CI machine never turns a slow login into a failure, while
     * a hang still shows as one. */
    plan p = {hz_scaled(1000, 10), MAX_IN_FLIGHT, 10000, 5000, 0, ""};
    if (under_valgrind()) {
        p.forks = p.forks / 50 < 10 ? 10 : p.forks / 50;
        p.in_flight = 2;
        p.timeout_ms = 30000;
        p.margin_ms = 30000;
        p.why = " (under valgrind: fewer forks, longer times)";
    }
#ifdef UNDER_TSAN
    p.forks = p.forks / 4 < 10 ? 10 : p.forks / 4;
    p.why = " (under ThreadSanitizer: a quarter of the forks)";
#endif
#ifdef UNDER_ASAN
    p.forks = p.forks / 10 < 10 ? 10 : p.forks / 10;
    p.quiesce = 1;
    p.why = " (under AddressSanitizer: a tenth of the forks, each while the "
            "threads wait between logins, as its allocator is not fork-safe)";
#endif
    return p;
}

static char tmpdir[256], key_path[300], api_key[128], ca_file[300];
static ts_sandbox sb;
static auth_loader *loader;
static atomic_long log_lines;

static void count_line(void *ctx, int level, const char *line)
{
    (void)ctx;
    (void)level;
    (void)line;
    atomic_fetch_add(&log_lines, 1);
}

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int suite_setup(void)
{
    const char *pki = ts_env_required("TEST_PKI_DIR");
    ts_env_required("SANDBOX_BIN");
    const char *plugin_path = ts_env_required("SENDGRID_PLUGIN");
    snprintf(ca_file, sizeof ca_file, "%s/ca.pem", pki);
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0 ||
        hz_make_key(tmpdir, "fork", api_key, sizeof api_key, key_path,
                    sizeof key_path) != 0 ||
        hz_start_sandbox(&sb, "global", key_path) != 0)
        return -1;
    auth_loader_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.struct_size = sizeof cfg;
    cfg.log = count_line;
    cfg.log_level = AUTH_LOG_INFO;
    auth_result r;
    auth_result_init(&r);
    if (auth_loader_create(&cfg, &loader, &r) != AUTH_OK) {
        fprintf(stderr, "auth_loader_create: %s\n", r.log_message);
        return -1;
    }
    plan pl = make_plan();
    char s_key[400], s_g[120], s_ca[400], s_t[64];
    snprintf(s_key, sizeof s_key, "api_key_file=%s", key_path);
    snprintf(s_g, sizeof s_g, "global_base_url=%s", sb.base_url);
    snprintf(s_ca, sizeof s_ca, "ca_file=%s", ca_file);
    snprintf(s_t, sizeof s_t, "timeout_ms=%d", pl.timeout_ms);
    const char *settings[] = {s_key, s_g, s_ca, "redirect_hosts=127.0.0.1", s_t,
                              NULL};
    auth_result_init(&r);
    if (auth_loader_load_file(loader, plugin_path, "sendgrid", settings, &r) != AUTH_OK) {
        fprintf(stderr, "loading %s: %s\n", plugin_path, r.log_message);
        return -1;
    }
    return 0;
}

static int suite_cleanup(void)
{
    auth_loader_destroy(loader);
    ts_sandbox_stop(&sb);
    unlink(key_path);
    rmdir(tmpdir);
    return 0;
}

static int login_once(const char *account)
{
    char a[128];
    snprintf(a, sizeof a, "account_id=%s", account);
    const char *attrs[] = {"tenant=fork", a, "region=global", NULL};
    auth_result r;
    auth_result_init(&r);
    int rc = auth_loader_login(loader, "sendgrid", attrs, &r);
    int ok = rc == AUTH_OK && hz_url_is_on(r.redirect_url, &sb);
    if (!ok) /* log_message never holds a secret */
        fprintf(stderr, "pid %d: login of %s: %s: %s\n", (int)getpid(), account,
                auth_status_name(rc), r.log_message);
    auth_result_wipe(&r);
    return ok;
}

/* ---- the logging threads ------------------------------------------------ */

typedef struct worker {
    pthread_t tid;
    int id;
    long ok, failed;
} worker;

static atomic_int stop;
static atomic_int warmed_up;
/* Held for reading around each login, for writing around each fork, when
 * the plan says to quiesce (see make_plan). */
static pthread_rwlock_t fork_gate;
static int quiesce;

static void *work(void *arg)
{
    worker *w = arg;
    for (long i = 0; !atomic_load(&stop); i++) {
        char account[64];
        snprintf(account, sizeof account, "fork-thr%02d-%ld", w->id, i);
        if (quiesce)
            pthread_rwlock_rdlock(&fork_gate);
        int ok = login_once(account);
        if (quiesce)
            pthread_rwlock_unlock(&fork_gate);
        if (ok)
            w->ok++;
        else
            w->failed++;
        if (i == 0)
            atomic_fetch_add(&warmed_up, 1);
    }
    return NULL;
}

/* ---- the children -------------------------------------------------------- */

typedef struct child {
    pid_t pid;          /* 0: slot free */
    int index;
    long long deadline;
} child;

/* What a hung child was blocked in: the kernel's wait channel and system
 * call (the first number of /proc/PID/syscall; 202 is futex on x86-64). */
static void describe_hang(pid_t pid, int index, long long waited_ms)
{
    char path[64], wchan[64] = "?", sys[128] = "?";
    snprintf(path, sizeof path, "/proc/%d/wchan", (int)pid);
    FILE *f = fopen(path, "r");
    if (f != NULL) {
        if (fgets(wchan, sizeof wchan, f) == NULL)
            snprintf(wchan, sizeof wchan, "?");
        fclose(f);
    }
    snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
    f = fopen(path, "r");
    if (f != NULL) {
        if (fgets(sys, sizeof sys, f) != NULL)
            sys[strcspn(sys, " \n")] = '\0';
        fclose(f);
    }
    fprintf(stderr, "child %d (pid %d) still running after %lld ms: wait channel "
            "'%s', system call %s; killed\n", index, (int)pid, waited_ms, wchan, sys);
}

/* Each child writes one record here (smaller than PIPE_BUF, so records
 * never interleave): its index and whether it logged in. */
static int results[2];

typedef struct child_record {
    int index;
    int logged_in;
} child_record;

static void child_main(int index)
{
    char account[64];
    snprintf(account, sizeof account, "fork-child-%d", index);
    child_record rec = {index, login_once(account)};
    ssize_t w = write(results[1], &rec, sizeof rec);
    /* Under valgrind, memcheck's leak check at exit (at a self-sent SIGKILL
     * too) would report what the parent's other threads owned: their
     * OpenSSL state, their handles in flight.  No thread exists in a child
     * to free it, whatever the plugin does.  There the child waits for the
     * parent to kill it once its record is read. */
    while (under_valgrind())
        pause();
    _exit(w == (ssize_t)sizeof rec && rec.logged_in ? 0 : 1);
}

/* Reads the records that have arrived: marks got[index] for a login, and
 * under valgrind ends the child that sent it (see child_main). */
static void read_records(char *got, int forks, const child *slots)
{
    child_record rec;
    while (read(results[0], &rec, sizeof rec) == (ssize_t)sizeof rec) {
        if (rec.index < 0 || rec.index >= forks)
            continue;
        got[rec.index] = rec.logged_in ? 1 : 2;
        for (int s = 0; under_valgrind() && s < MAX_IN_FLIGHT; s++)
            if (slots[s].pid != 0 && slots[s].index == rec.index)
                kill(slots[s].pid, SIGKILL);
    }
}

static void test_children_forked_during_logins_all_log_in(void)
{
    plan pl = make_plan();
    int forks = pl.forks;
    quiesce = pl.quiesce;
    pthread_rwlockattr_t ga;
    pthread_rwlockattr_init(&ga);
    /* A writer must get in between 16 busy readers. */
    pthread_rwlockattr_setkind_np(&ga, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    CU_ASSERT_EQUAL_FATAL(pthread_rwlock_init(&fork_gate, &ga), 0);
    pthread_rwlockattr_destroy(&ga);
    static worker workers[THREADS];
    atomic_store(&stop, 0);
    atomic_store(&warmed_up, 0);
    for (int t = 0; t < THREADS; t++) {
        workers[t].id = t;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&workers[t].tid, NULL, work, &workers[t]), 0);
    }
    /* Forks start once every thread is logging in. */
    long long until = mono_ms() + 30000;
    while (atomic_load(&warmed_up) < THREADS && mono_ms() < until) {
        struct timespec ts = {0, 1000000L};
        nanosleep(&ts, NULL);
    }
    CU_ASSERT_EQUAL(atomic_load(&warmed_up), THREADS);

    child slots[MAX_IN_FLIGHT];
    memset(slots, 0, sizeof slots);
    char *reported = calloc((size_t)forks, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(reported);
    CU_ASSERT_EQUAL_FATAL(pipe2(results, O_CLOEXEC | O_NONBLOCK), 0);
    int started = 0, finished = 0, logged_in = 0, failed = 0, hung = 0;
    long long t0 = mono_ms();
    fflush(NULL); /* children must not repeat buffered output */
    while (finished < forks) {
        for (int s = 0; s < pl.in_flight && started < forks; s++) {
            if (slots[s].pid != 0)
                continue;
            if (quiesce)
                pthread_rwlock_wrlock(&fork_gate);
            pid_t pid = fork();
            if (pid == 0)
                child_main(started);
            if (quiesce)
                pthread_rwlock_unlock(&fork_gate);
            if (pid < 0) {
                fprintf(stderr, "fork: %s\n", strerror(errno));
                failed++;
                finished++;
                started++;
                continue;
            }
            slots[s].pid = pid;
            slots[s].index = started++;
            slots[s].deadline = mono_ms() + pl.timeout_ms + pl.margin_ms;
        }
        int progressed = 0;
        read_records(reported, forks, slots);
        for (int s = 0; s < pl.in_flight; s++) {
            if (slots[s].pid == 0)
                continue;
            int st = 0;
            pid_t got = waitpid(slots[s].pid, &st, WNOHANG);
            if (got == 0 && mono_ms() > slots[s].deadline) {
                describe_hang(slots[s].pid, slots[s].index,
                              (long long)pl.timeout_ms + pl.margin_ms);
                kill(slots[s].pid, SIGKILL);
                got = waitpid(slots[s].pid, &st, 0);
                hung++;
                st = -1;
            } else if (got == 0) {
                continue;
            }
            if (got == slots[s].pid && st != -1) {
                read_records(reported, forks, slots);
                int ended_well = (WIFEXITED(st) && WEXITSTATUS(st) == 0) ||
                                 (under_valgrind() && WIFSIGNALED(st) &&
                                  WTERMSIG(st) == SIGKILL);
                if (ended_well && reported[slots[s].index] == 1) {
                    logged_in++;
                } else {
                    failed++;
                    fprintf(stderr, "child %d: wait status 0x%x, %s\n",
                            slots[s].index, (unsigned)st,
                            reported[slots[s].index] == 1 ? "logged in"
                            : reported[slots[s].index] == 2 ? "did not log in"
                                                            : "sent no record");
                }
            }
            slots[s].pid = 0;
            finished++;
            progressed = 1;
        }
        if (!progressed) {
            struct timespec ts = {0, 200000L};
            nanosleep(&ts, NULL);
        }
    }
    long long took = mono_ms() - t0;
    free(reported);
    close(results[0]);
    close(results[1]);
    atomic_store(&stop, 1);
    long ok = 0, bad = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(workers[t].tid, NULL);
        ok += workers[t].ok;
        bad += workers[t].failed;
    }
    printf("\n    %d children forked during %ld logins by %d threads%s, in %lld ms: "
           "%d logged in, %d failed, %d hung\n", forks, ok + bad, THREADS, pl.why,
           took, logged_in, failed, hung);
    CU_ASSERT_EQUAL(hung, 0);
    CU_ASSERT_EQUAL(failed, 0);
    CU_ASSERT_EQUAL(logged_in, forks);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(ok >= THREADS);
    /* The parent goes on as before. */
    CU_ASSERT_TRUE(login_once("fork-parent-after"));
    CU_ASSERT(atomic_load(&log_lines) > ok);
    pthread_rwlock_destroy(&fork_gate);
}

int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("hardening_fork_during_login", suite_setup, suite_cleanup);
    CU_add_test(s, "children forked during 16 threads' logins all log in",
                test_children_forked_during_logins_all_log_in);
    return ts_run_suites(argc, argv);
}
