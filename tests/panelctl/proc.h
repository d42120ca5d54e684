/* proc.h -- run a program as a subprocess and capture what a user sees. */
#ifndef PANELCTL_TEST_PROC_H
#define PANELCTL_TEST_PROC_H

typedef struct proc_result {
    char *out;      /* stdout, NUL-terminated (malloc'd) */
    char *err;      /* stderr, NUL-terminated (malloc'd) */
    int exit_code;  /* exit status, or -1 if it did not exit normally */
} proc_result;

/* Run argv[0] with argv (NULL-terminated), stdin from /dev/null, and wait.
 * Returns 0, or -1 if it could not be started (errno says why). */
int proc_run(const char *const *argv, proc_result *r);

void proc_free(proc_result *r);

/* Number of '\n'-terminated lines in s (a trailing partial line counts). */
int proc_count_lines(const char *s);

#endif
