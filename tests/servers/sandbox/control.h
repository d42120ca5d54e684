/* SPDX-License-Identifier: MIT */
/* control.h -- the test hooks under /_sandbox/ (no key needed). */
#ifndef SBX_CONTROL_H
#define SBX_CONTROL_H

#include "conn.h"

/* Answer a request for /_sandbox/...  Returns the status sent. */
int sbx_control(sbx_conn *c);

#endif
