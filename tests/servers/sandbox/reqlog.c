/* SPDX-License-Identifier: MIT */
/* reqlog.c -- the request log: one write(2) per line on an O_APPEND fd, so
 * lines from concurrent threads never interleave and nothing is fsync'd. */
#include "reqlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "sandbox.h"

static int log_fd = 2;

int sbx_reqlog_open(const char *path)
{
    if (!path)
        return 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "sandbox: cannot open --log-file %s: %s\n", path, strerror(errno));
        return -1;
    }
    log_fd = fd;
    return 0;
}

/* Copy s into dst for the log: printable ASCII kept, the rest as \xNN,
 * cut at `max` input bytes. */
static size_t sanitize(char *dst, size_t dst_size, const char *s, size_t max)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; s[i] && i < max && o + 5 < dst_size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c > 0x20 && c < 0x7f && c != '\\') {
            dst[o++] = (char)c;
        } else {
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[c >> 4];
            dst[o++] = hex[c & 15];
        }
    }
    dst[o] = '\0';
    return o;
}

void sbx_reqlog_line(unsigned long long conn, const char *method, const char *path,
                 int has_query, const char *auth, int status)
{
    char m[80], p[1100], line[1400];
    sanitize(m, sizeof m, method ? method : "-", 16);
    sanitize(p, sizeof p, path ? path : "-", 256);
    const char *q = "";
    if (has_query)
        q = strcmp(path, "/login") == 0 ? "?code=<redacted>" : "?<redacted>";
    char answer[16];
    if (status == SBX_NO_ANSWER_HANG)
        strcpy(answer, "hang");
    else if (status == SBX_NO_ANSWER_DROP)
        strcpy(answer, "drop");
    else
        snprintf(answer, sizeof answer, "%d", status);
    int n = snprintf(line, sizeof line, "sandbox[%s] conn=%llu %s %s%s auth=%s -> %s\n",
                     sbx_cfg.region, conn, m, p, q, auth, answer);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof line)
        n = (int)sizeof line - 1;
    ssize_t w = write(log_fd, line, (size_t)n);
    (void)w;  /* a full disk must not take the sandbox down */
}
