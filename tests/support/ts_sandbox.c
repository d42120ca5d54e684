/* ts_sandbox.c -- starts and stops the sandbox binary as a child process. */
#include "testsupport.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define START_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 5000
#define MAX_ARGS 64

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Copy the child's captured stderr to ours, so a failure explains itself. */
static void show_stderr(const ts_sandbox *sb)
{
    FILE *f = fopen(sb->stderr_path, "r");
    if (!f) {
        fprintf(stderr, "  (no stderr captured at %s)\n", sb->stderr_path);
        return;
    }
    char line[512];
    fprintf(stderr, "  sandbox stderr:\n");
    while (fgets(line, sizeof line, f))
        fprintf(stderr, "  | %s", line);
    fclose(f);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int read_port(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int port = -1;
    if (fscanf(f, "%d", &port) != 1)
        port = -1;
    fclose(f);
    return port;
}

int ts_sandbox_start(ts_sandbox *sb, const ts_sandbox_opts *opts)
{
    memset(sb, 0, sizeof *sb);
    const char *bin = ts_env_required("SANDBOX_BIN");
    if (!opts || !opts->api_key_file) {
        fprintf(stderr, "ts_sandbox_start: opts->api_key_file is required\n");
        return -1;
    }
    if (access(bin, X_OK) != 0) {
        fprintf(stderr, "missing prerequisite: SANDBOX_BIN=%s is not an executable: %s\n",
                bin, strerror(errno));
        return -1;
    }
    if (ts_make_tempdir(sb->dir, sizeof sb->dir) != 0)
        return -1;

    char cert[512], key[512], port_file[512];
    const char *region = opts->region ? opts->region : "global";
    snprintf(sb->region, sizeof sb->region, "%s", region);
    snprintf(port_file, sizeof port_file, "%s/port", sb->dir);
    snprintf(sb->stderr_path, sizeof sb->stderr_path, "%s/stderr.txt", sb->dir);
    if (opts->log_file)
        snprintf(sb->log_path, sizeof sb->log_path, "%s", opts->log_file);
    else
        snprintf(sb->log_path, sizeof sb->log_path, "%s/sandbox.log", sb->dir);
    sb->tls = opts->tls ? 1 : 0;
    if (sb->tls) {
        const char *pki = (opts->cert_file && opts->key_file) ? NULL
                                                              : ts_env_required("TEST_PKI_DIR");
        snprintf(cert, sizeof cert, "%s", opts->cert_file ? opts->cert_file : "");
        snprintf(key, sizeof key, "%s", opts->key_file ? opts->key_file : "");
        if (!opts->cert_file)
            snprintf(cert, sizeof cert, "%s/server.pem", pki);
        if (!opts->key_file)
            snprintf(key, sizeof key, "%s/server.key", pki);
        const char *ca_dir = getenv("TEST_PKI_DIR");
        if (ca_dir && *ca_dir)
            snprintf(sb->ca_file, sizeof sb->ca_file, "%s/ca.pem", ca_dir);
        if (!file_exists(cert) || !file_exists(key)) {
            fprintf(stderr, "missing prerequisite: TLS certificate %s or key %s does not "
                            "exist (did the pki.setup test run?)\n", cert, key);
            return -1;
        }
    }

    const char *argv[MAX_ARGS];
    int n = 0;
    argv[n++] = bin;
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    argv[n++] = "--port-file";
    argv[n++] = port_file;
    argv[n++] = "--region";
    argv[n++] = region;
    argv[n++] = "--api-key-file";
    argv[n++] = opts->api_key_file;
    argv[n++] = "--log-file";
    argv[n++] = sb->log_path;
    if (sb->tls) {
        argv[n++] = "--tls-cert";
        argv[n++] = cert;
        argv[n++] = "--tls-key";
        argv[n++] = key;
    }
    for (const char *const *e = opts->extra_argv; e && *e; e++) {
        if (n >= MAX_ARGS - 1) {
            fprintf(stderr, "ts_sandbox_start: too many extra_argv entries\n");
            return -1;
        }
        argv[n++] = *e;
    }
    argv[n] = NULL;

    int errfd = open(sb->stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (errfd < 0) {
        fprintf(stderr, "ts_sandbox_start: cannot create %s: %s\n", sb->stderr_path,
                strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "ts_sandbox_start: fork failed: %s\n", strerror(errno));
        close(errfd);
        return -1;
    }
    if (pid == 0) {
        /* No sandbox outlives a crashed test program. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(127);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(errfd, 1);
        dup2(errfd, 2);
        execv(bin, (char *const *)argv);
        dprintf(2, "exec %s failed: %s\n", bin, strerror(errno));
        _exit(127);
    }
    close(errfd);
    sb->pid = pid;

    for (int waited = 0; waited <= START_TIMEOUT_MS; waited += 10) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) {
            sb->pid = 0;
            fprintf(stderr, "ts_sandbox_start: the sandbox (%s) exited with %s %d before "
                            "listening\n", bin, WIFEXITED(st) ? "status" : "signal",
                    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
            show_stderr(sb);
            return -1;
        }
        int port = read_port(port_file);
        if (port > 0) {
            sb->port = port;
            snprintf(sb->base_url, sizeof sb->base_url, "%s://127.0.0.1:%d",
                     sb->tls ? "https" : "http", port);
            return 0;
        }
        sleep_ms(10);
    }
    fprintf(stderr, "ts_sandbox_start: the sandbox (%s) wrote no port file within %d ms\n",
            bin, START_TIMEOUT_MS);
    show_stderr(sb);
    ts_sandbox_stop(sb);
    return -1;
}

void ts_sandbox_stop(ts_sandbox *sb)
{
    if (!sb || sb->pid <= 0)
        return;
    pid_t pid = sb->pid;
    sb->pid = 0;
    kill(pid, SIGTERM);
    for (int waited = 0;; waited += 10) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            return;
        if (waited >= STOP_TIMEOUT_MS) {
            fprintf(stderr, "ts_sandbox_stop: sandbox %ld ignored SIGTERM for %d ms; killing it\n",
                    (long)pid, STOP_TIMEOUT_MS);
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return;
        }
        sleep_ms(10);
    }
}
