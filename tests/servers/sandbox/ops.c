/* SPDX-License-Identifier: MIT */
/* ops.c -- names of the partner-API operations. */
#include "ops.h"

#include <string.h>

static const char *const names[SBX_OP_COUNT] = {
    "create", "list", "state", "set_state", "offerings", "set_offerings",
    "delete", "sso", "catalog"};

const char *sbx_op_name(sbx_op op)
{
    return (op >= 0 && op < SBX_OP_COUNT) ? names[op] : "?";
}

int sbx_op_from_name(const char *name)
{
    for (int i = 0; i < SBX_OP_COUNT; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}
