/* SPDX-License-Identifier: MIT */
/*
 * exit_codes.h -- panelctl's exit statuses: the one table that maps an
 * auth_status to a process exit code and to the advice printed with it.
 * The man page, --help and the tests all follow this table.
 */
#ifndef PANELCTL_EXIT_CODES_H
#define PANELCTL_EXIT_CODES_H

enum panelctl_exit {
    PANELCTL_EXIT_OK = 0,
    PANELCTL_EXIT_INTERNAL = 1,
    PANELCTL_EXIT_USAGE = 2,          /* usage or configuration error, or an
                                         operation the provider lacks */
    PANELCTL_EXIT_INVALID_REQUEST = 3,
    PANELCTL_EXIT_AUTH_REJECTED = 4,
    PANELCTL_EXIT_FORBIDDEN = 5,
    PANELCTL_EXIT_NOT_FOUND = 6,
    PANELCTL_EXIT_RATE_LIMITED = 7,
    PANELCTL_EXIT_UNAVAILABLE = 8,
    PANELCTL_EXIT_PROTOCOL = 9,
    PANELCTL_EXIT_TLS = 10,
    PANELCTL_EXIT_OUTCOME_UNKNOWN = 11
};

/* One row per exit code, in exit-code order. */
typedef struct panelctl_exit_row {
    int code;
    const char *meaning;   /* for --help and the man page */
} panelctl_exit_row;

/* The rows, and how many there are. */
const panelctl_exit_row *panelctl_exit_rows(unsigned *count);

/* The exit code for an auth_status; unknown statuses are internal errors. */
int panelctl_exit_for_status(int status);

/* What the operator should do about a failure with this status: a short
 * imperative phrase, never NULL. */
const char *panelctl_advice_for_status(int status);

#endif
