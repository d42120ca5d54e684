/* SPDX-License-Identifier: MIT */
/* noentry.c -- a perfectly good shared object that is not a plugin: it has
 * no auth_provider_entry (built as a plain MODULE, not with panelsso_add_plugin). */
__attribute__((visibility("default"))) int noentry_answer(void);
__attribute__((visibility("default"))) int noentry_answer(void)
{
    return 42;
}
