/* SPDX-License-Identifier: MIT */
/*
 * php_panelsso.h -- the panelsso PHP extension: panel single sign-on and
 * account operations through libauthloader's provider plugins.
 */
#ifndef PHP_PANELSSO_H
#define PHP_PANELSSO_H

extern zend_module_entry panelsso_module_entry;
#define phpext_panelsso_ptr &panelsso_module_entry

#define PHP_PANELSSO_VERSION "1.1.0"

/* The status a Result reports for a status this extension does not know
 * (a newer plugin's): always a failure, never success. */
#define PANELSSO_STATUS_UNKNOWN (-1)

#if defined(ZTS) && defined(COMPILE_DL_PANELSSO)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif /* PHP_PANELSSO_H */
