/*
 * child.h -- child processes for the panel-web tests: started in their own
 * process group with stdout and stderr in a file, SIGTERM'd if the test
 * dies, and stopped (group-wide, SIGKILL as a last resort) on demand.
 */
#ifndef PW_CHILD_H
#define PW_CHILD_H

#include <stddef.h>
#include <sys/types.h>

typedef struct pw_child {
    pid_t pid;                  /* 0 when not running */
    char name[64];              /* for messages */
    char output[512];           /* where its stdout and stderr go */
} pw_child;

/* Start argv[0] (a path) with argv, extra environment entries env
 * ("NAME=value", NULL-terminated, may be NULL) on top of ours, and output
 * to `output`.  0, or -1 with the reason printed. */
int pw_child_start(pw_child *c, const char *name, const char *const *argv,
                   const char *const *env, const char *output);

/* Wait (up to timeout_ms) until `port_file` holds a port number, the child
 * staying alive.  The port, or -1 with the reason and its output printed. */
int pw_child_wait_port(pw_child *c, const char *port_file, long timeout_ms);

/* SIGTERM its process group, wait up to grace_ms, then SIGKILL the group;
 * reap it.  Returns its exit status (0-255), 128+signal if a signal ended
 * it, or -1 if it was not running.  Idempotent. */
int pw_child_stop(pw_child *c, long grace_ms);

/* Run argv to completion (output to `output`), up to timeout_ms.  Its exit
 * status, or -1 (could not start, killed, timed out) with the reason. */
int pw_run(const char *const *argv, const char *const *env, const char *output,
           long timeout_ms);

/* Print the file's content to stderr, each line prefixed with "  | ". */
void pw_show_file(const char *title, const char *path);

/* Read a whole (small) file into a malloc'd NUL-terminated string, or NULL. */
char *pw_read_file(const char *path);

void pw_sleep_ms(long ms);

#endif
