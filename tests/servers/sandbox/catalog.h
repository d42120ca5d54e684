/* SPDX-License-Identifier: MIT */
/* catalog.h -- the offerings the sandbox's partner may assign (what
 * GET /v3/partners/offerings lists), and offerings as accounts hold them. */
#ifndef SBX_CATALOG_H
#define SBX_CATALOG_H

#include <stddef.h>

typedef struct sbx_catalog_item {
    const char *name;
    const char *type;                   /* "package" or "addon" */
    long long email_sends_max_monthly;  /* the spec's entitlements */
    long long ip_count;
    long long teammates_max_total;
    long long users_max_total;
} sbx_catalog_item;

/* How many items the catalog has; items are 0 .. count-1. */
size_t sbx_catalog_count(void);
const sbx_catalog_item *sbx_catalog_item_at(size_t i);
/* The index of the item called `name`, or -1. */
int sbx_catalog_find(const char *name);
/* The package an account has when nobody chose one (org.ei.free.v1). */
#define SBX_CATALOG_FREE 0

/* Offerings as an account holds them: catalog items, each at most once,
 * so the catalog's size bounds the list. */
#define SBX_OFFERINGS_MAX 16

typedef struct sbx_offering {
    int item;                           /* catalog index */
    long long quantity;                 /* package: 1; addon: 1 or more */
} sbx_offering;

typedef struct sbx_offering_list {
    sbx_offering o[SBX_OFFERINGS_MAX];
    size_t n;
} sbx_offering_list;

#endif
