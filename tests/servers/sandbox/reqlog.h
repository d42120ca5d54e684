/* SPDX-License-Identifier: MIT */
/* reqlog.h -- one line per request, secrets redacted. */
#ifndef SBX_REQLOG_H
#define SBX_REQLOG_H

/* Open the log (NULL: stderr).  0, or -1 with the reason printed. */
int sbx_reqlog_open(const char *path);

/* "sandbox[REGION] conn=N METHOD PATH auth=A -> STATUS", STATUS "hang" or
 * "drop" for SBX_NO_ANSWER_*.  The query is never logged: /login shows
 * "?code=<redacted>", other paths "?<redacted>". */
void sbx_reqlog_line(unsigned long long conn, const char *method, const char *path,
                 int has_query, const char *auth, int status);

#endif
