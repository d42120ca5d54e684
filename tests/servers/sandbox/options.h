/* SPDX-License-Identifier: MIT */
/* options.h -- command line of the sandbox. */
#ifndef SBX_OPTIONS_H
#define SBX_OPTIONS_H

#include "sandbox.h"

/* Parse argv into *cfg (reading the API key file).  Returns 0, or prints the
 * reason and usage to stderr and returns -1. */
int sbx_options_parse(int argc, char **argv, sbx_config *cfg);

#endif
