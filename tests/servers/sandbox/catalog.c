/* SPDX-License-Identifier: MIT */
/* catalog.c -- the sandbox's catalog: a free and two paid packages and two
 * add-ons.  Only org.ei.free.v1 (and its entitlements) is SendGrid's own,
 * from the OpenAPI file's example; the other names are the sandbox's. */
#include "catalog.h"

#include <string.h>

static const sbx_catalog_item items[] = {
    {"org.ei.free.v1", "package", 10000, 0, 0, 0},
    {"org.ei.essentials.v1", "package", 50000, 0, 1, 0},
    {"org.ei.pro.v1", "package", 100000, 1, 1000, 15},
    {"org.ei.addon.dedicated_ip.v1", "addon", 0, 1, 0, 0},
    {"org.ei.addon.marketing_campaigns.v1", "addon", 0, 0, 0, 0},
};

_Static_assert(sizeof items / sizeof items[0] <= SBX_OFFERINGS_MAX,
               "an account may hold every item once");

size_t sbx_catalog_count(void)
{
    return sizeof items / sizeof items[0];
}

const sbx_catalog_item *sbx_catalog_item_at(size_t i)
{
    return i < sbx_catalog_count() ? &items[i] : NULL;
}

int sbx_catalog_find(const char *name)
{
    for (size_t i = 0; i < sbx_catalog_count(); i++)
        if (strcmp(items[i].name, name) == 0)
            return (int)i;
    return -1;
}
