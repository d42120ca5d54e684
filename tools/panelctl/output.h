/* SPDX-License-Identifier: MIT */
/*
 * output.h -- everything panelctl writes: error lines and -v log lines on
 * stderr, results on stdout.  Every line is made single-line here (control
 * characters become spaces), so one error is always exactly one line.
 */
#ifndef PANELCTL_OUTPUT_H
#define PANELCTL_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include <panelsso/auth_loader.h>

/* "panelctl: <message>" on stderr; message should read
 * "<what went wrong>: <what to do>". */
void panelctl_error(const char *fmt, ...) AUTH_PROVIDER_PRINTF(1, 2);

/* The same for a message already formatted (made one line here too). */
void panelctl_error_line(const char *message);

/* Copy `src` into dst (size > 0) as text fit for one line of a terminal
 * or a JSON string: valid UTF-8 only (a byte that does not start or
 * continue a valid sequence becomes '?'), C0 and C1 control characters and
 * DEL become spaces; cut on a character boundary to fit. */
void panelctl_clean_text(char *dst, size_t size, const char *src);

/* Copy `src` into dst (size > 4) for quoting a command-line word in a
 * message: printable ASCII, every other byte '?', cut to size - 4 bytes
 * with "..." when longer. */
void panelctl_printable(char *dst, size_t size, const char *src);

/* The verbosity: lines above `level` (an auth_log_level) are dropped;
 * -1 means silent. */
void panelctl_set_log_level(int level);
int panelctl_log_level(void);

/* panelctl's own -v lines: "panelctl: <level>: <message>" on stderr. */
void panelctl_log(int level, const char *fmt, ...) AUTH_PROVIDER_PRINTF(2, 3);

/* The loader's log callback (auth_loader_log_fn): plugin and loader lines,
 * already redacted by their authors, printed like panelctl_log. */
void panelctl_loader_log(void *ctx, int level, const char *line);

/* Format epoch milliseconds as "YYYY-MM-DDTHH:MM:SSZ" into buf (size >= 32);
 * "unknown" for 0. */
void panelctl_format_time(int64_t epoch_ms, char *buf, unsigned size);

/* Is `text` fit to be written to stdout as one word: printable ASCII only,
 * no space, no control character, no DEL, no byte above 0x7e (UTF-8 can
 * encode C1 controls a terminal obeys)?  0 if so; else -1 with `why` naming
 * the first offending byte and its offset, e.g. "a line feed at byte 52",
 * never quoting the text (it may be a secret). */
int panelctl_check_word(const char *text, char *why, unsigned why_size);

/* As panelctl_check_word, but spaces are allowed: for a name printed as
 * the middle field of a line whose other fields are words (an offering's
 * "TYPE NAME QUANTITY"). */
int panelctl_check_name(const char *text, char *why, unsigned why_size);

/* Write one line (text + '\n') to stdout and flush.  Returns AUTH_OK, or
 * AUTH_ERR_INTERNAL (errno says why) if stdout could not take it. */
int panelctl_print_line(const char *text);

/* The `plugins` listing, on stdout: one tab-separated line per plugin,
 *   loaded <TAB> NAME <TAB> VERSION <TAB> ABI major.minor <TAB> FILE <TAB> OPS
 *   failed <TAB> FILE <TAB> REASON
 * OPS: the account operations auth_loader_supports says it runs,
 * comma-separated (auth_account_op_name), or "-" for none.
 * Returns AUTH_OK or AUTH_ERR_INTERNAL (stdout failed). */
int panelctl_print_plugins(const auth_loader *l);

#endif
