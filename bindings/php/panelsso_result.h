/* SPDX-License-Identifier: MIT */
/*
 * panelsso_result.h -- final class PanelSso\Result: what one call answered,
 * in read-only properties.
 *
 * The one-time URL is kept outside the property table: the table's
 * redirectUrl holds the URL with its query replaced by "<redacted>", so
 * everything that walks properties (var_dump, print_r, var_export,
 * debug_zval_dump, (array), get_object_vars, foreach, json_encode) shows
 * only that, and serialize() throws.  Reading $result->redirectUrl is the
 * one way to get the URL itself.  The URL is wiped when the object goes.
 */
#ifndef PANELSSO_RESULT_H
#define PANELSSO_RESULT_H

#include <panelsso/auth_provider.h>

extern zend_class_entry *panelsso_result_ce;

/* Register the class (MINIT), given the class entry from the arginfo. */
void panelsso_result_register(zend_class_entry *ce);

/* Make a Result in `out` from what a call answered.  `account` is NULL for
 * login and check.  redirectUrl is set only when `is_login` and the status
 * is AUTH_OK.  A status outside what this extension knows becomes
 * AUTH_ERR_UNKNOWN (-1), a failure. */
void panelsso_result_make(zval *out, const auth_result *r, const auth_account *account,
                          int is_login);

#endif /* PANELSSO_RESULT_H */
