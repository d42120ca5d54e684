/* scripts.h -- scripted misbehaviour of the SSO operation, chosen by the
 * account id (see README.md for the list). */
#ifndef SBX_SCRIPTS_H
#define SBX_SCRIPTS_H

#include "conn.h"

/* Prepare the canned bodies.  0 or -1 (out of memory). */
int sbx_scripts_init(void);

/* If `account` names a script that answers on its own, answer and return 1
 * with *status set (for the logs).  Return 0 to let the caller answer
 * normally (not a script, script-slow after its delay, or a
 * script-503-once-* id already seen). */
int sbx_scripts_handle(sbx_conn *c, const char *account, int *status);

#endif
