dnl SPDX-License-Identifier: MIT
dnl config.m4 for the panelsso extension: phpize && ./configure && make.
dnl libauthloader is found with pkg-config (module authloader); set
dnl PKG_CONFIG_PATH for one installed outside the usual directories.

PHP_ARG_ENABLE([panelsso],
  [whether to enable panelsso support],
  [AS_HELP_STRING([--enable-panelsso],
    [Enable panelsso: panel single sign-on through libauthloader's provider plugins])],
  [no])

if test "$PHP_PANELSSO" != "no"; then
  PKG_CHECK_MODULES([AUTHLOADER], [authloader >= 1.0.0], [],
    [AC_MSG_ERROR([libauthloader was not found by pkg-config (module authloader): install libauthloader-dev, or set PKG_CONFIG_PATH to the directory holding authloader.pc])])

  dnl The plugin directory of this libauthloader, used when the
  dnl configuration file names none.
  PANELSSO_PLUGIN_DIR=`$PKG_CONFIG --variable=plugindir authloader`
  AC_DEFINE_UNQUOTED([PANELSSO_DEFAULT_PLUGIN_DIR], ["$PANELSSO_PLUGIN_DIR"],
    [Where the provider plugins are when panelsso.config names no plugin_dir])

  PHP_EVAL_INCLINE([$AUTHLOADER_CFLAGS])
  dnl The newest function the extension calls: an older libauthloader (before
  dnl the account operations and the customer sentences) cannot serve it.
  PHP_CHECK_LIBRARY([authloader], [auth_loader_status_user_text],
    [PHP_EVAL_LIBLINE([$AUTHLOADER_LIBS], [PANELSSO_SHARED_LIBADD])],
    [AC_MSG_ERROR([libauthloader is too old: it lacks auth_loader_status_user_text (the account operations of ABI 1.1 and the customer sentences); install a newer libauthloader-dev])],
    [$AUTHLOADER_LIBS])
  PHP_SUBST([PANELSSO_SHARED_LIBADD])

  PHP_NEW_EXTENSION([panelsso],
    [panelsso.c panelsso_args.c panelsso_process.c panelsso_result.c],
    [$ext_shared])
  PHP_ADD_EXTENSION_DEP([panelsso], [json])
fi
