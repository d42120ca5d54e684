/* SPDX-License-Identifier: MIT */
/*
 * registry.c -- the loader's two lists: the instances it holds (found by
 * name) and the plugin files that failed to load, with why.
 */
#include <stdlib.h>
#include <string.h>

#include "loader_internal.h"

/* Read-only, so any number of threads may look up at once (loads and
 * unloads are never concurrent with lookups, see auth_loader.h). */
loader_instance *loader_find(const struct auth_loader *l, const char *name)
{
    for (size_t i = 0; i < l->n_instances; i++)
        if (strcmp(l->instances[i]->name, name) == 0)
            return l->instances[i];
    return NULL;
}

/* Capacity after growing a full array of `cap` elements. */
static size_t next_cap(size_t cap)
{
    return cap != 0 ? cap * 2 : 8;
}

int loader_add_instance(struct auth_loader *l, loader_instance *inst)
{
    if (l->n_instances == l->cap_instances) {
        size_t cap = next_cap(l->cap_instances);
        loader_instance **n = realloc(l->instances, cap * sizeof *n);
        if (n == NULL)
            return -1;
        l->instances = n;
        l->cap_instances = cap;
    }
    l->instances[l->n_instances++] = inst;
    return 0;
}

/* Make room for one more failure.  0 or -1. */
static int reserve_failure(struct auth_loader *l)
{
    if (l->n_failures < l->cap_failures)
        return 0;
    size_t cap = next_cap(l->cap_failures);
    loader_failure *n = realloc(l->failures, cap * sizeof *n);
    if (n == NULL)
        return -1;
    l->failures = n;
    l->cap_failures = cap;
    return 0;
}

void loader_add_failure(struct auth_loader *l, const char *file,
                        const char *reason)
{
    loader_log(l, AUTH_LOG_ERROR, "cannot load plugin %s: %s", file, reason);
    loader_failure f = {.file = strdup(file), .reason = strdup(reason)};
    if (f.file == NULL || f.reason == NULL ||
        reserve_failure(l) != 0) {
        free(f.file);
        free(f.reason);
        loader_log(l, AUTH_LOG_ERROR,
                   "out of memory: the failure of %s is logged but not recorded",
                   file);
        return;
    }
    l->failures[l->n_failures++] = f;
}

void loader_instance_free(loader_instance *inst)
{
    if (inst == NULL)
        return;
    if (inst->inst != NULL && inst->ops.teardown != NULL)
        inst->ops.teardown(inst->inst);
    /* After teardown: the plugin may use its host table until then. */
    loader_module_close(inst->module);
    free(inst->name);
    free(inst->file);
    free(inst);
}

void loader_clear(struct auth_loader *l)
{
    /* Newest first, so a later instance never outlives an earlier one. */
    for (size_t i = l->n_instances; i > 0; i--)
        loader_instance_free(l->instances[i - 1]);
    free(l->instances);
    l->instances = NULL;
    l->n_instances = l->cap_instances = 0;
    for (size_t i = 0; i < l->n_failures; i++) {
        free(l->failures[i].file);
        free(l->failures[i].reason);
    }
    free(l->failures);
    l->failures = NULL;
    l->n_failures = l->cap_failures = 0;
}
