/* SPDX-License-Identifier: MIT */
/* ops.h -- the partner-API operations the sandbox answers, by name: the
 * unit of its per-operation counters and scripted answers. */
#ifndef SBX_OPS_H
#define SBX_OPS_H

typedef enum sbx_op {
    SBX_OP_CREATE,          /* POST   /v3/partners/accounts */
    SBX_OP_LIST,            /* GET    /v3/partners/accounts */
    SBX_OP_STATE,           /* GET    /v3/partners/accounts/{id}/state */
    SBX_OP_SET_STATE,       /* PUT    /v3/partners/accounts/{id}/state */
    SBX_OP_OFFERINGS,       /* GET    /v3/partners/accounts/{id}/offerings */
    SBX_OP_SET_OFFERINGS,   /* PUT    /v3/partners/accounts/{id}/offerings */
    SBX_OP_DELETE,          /* DELETE /v3/partners/accounts/{id} */
    SBX_OP_SSO,             /* POST   /v3/partners/accounts/{id}/sso */
    SBX_OP_CATALOG,         /* GET    /v3/partners/offerings */
    SBX_OP_COUNT
} sbx_op;

/* "create", "list", "state", "set_state", "offerings", "set_offerings",
 * "delete", "sso", "catalog". */
const char *sbx_op_name(sbx_op op);

/* The op called `name`, or -1. */
int sbx_op_from_name(const char *name);

#endif
