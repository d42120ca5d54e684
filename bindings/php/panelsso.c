/* SPDX-License-Identifier: MIT */
/*
 * panelsso.c -- the panelsso PHP extension: php.ini settings, the module's
 * start and end, and the functions of namespace PanelSso (declared in
 * panelsso.stub.php).
 *
 * Failures are Results with a status, as in the C API; only misuse throws
 * (TypeError, ValueError), before anything is sent.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "zend_attributes.h"
#include "ext/json/php_json.h"
#include "ext/standard/info.h"

#include <panelsso/auth_loader.h>

#include "php_panelsso.h"
#include "panelsso_args.h"
#include "panelsso_process.h"
#include "panelsso_result.h"
#include "panelsso_arginfo.h"

#define DEFAULT_LOG_LEVEL "warning"

PHP_INI_BEGIN()
    /* Both are read once, when the module starts: the loader is made
     * before php-fpm forks its workers, so neither can change later. */
    PHP_INI_ENTRY("panelsso.config", "/etc/panelsso/panelsso.json", PHP_INI_SYSTEM, NULL)
    PHP_INI_ENTRY("panelsso.log_level", DEFAULT_LOG_LEVEL, PHP_INI_SYSTEM, NULL)
PHP_INI_END()

/* What a function asks the provider: login, check, or an account op (an
 * auth_account_op, 0 and up). */
enum { CALL_LOGIN = -1, CALL_CHECK = -2 };

static zend_result check_provider(const zend_string *provider)
{
    if (ZSTR_LEN(provider) == 0) {
        zend_argument_value_error(1, "must not be empty");
        return FAILURE;
    }
    if (memchr(ZSTR_VAL(provider), '\0', ZSTR_LEN(provider)) != NULL) {
        zend_argument_value_error(1, "must not contain any null bytes");
        return FAILURE;
    }
    return SUCCESS;
}

/* Everything a call needs besides the provider and its attributes. */
typedef struct call_extra {
    HashTable *profile;          /* account_create */
    uint32_t profile_arg;
    HashTable *offerings;        /* account_create, account_set_offerings */
    uint32_t offerings_arg;
    bool test_account;           /* account_create */
} call_extra;

static void run_call(zval *return_value, int call, zend_string *provider,
                     HashTable *attributes, const call_extra *extra)
{
    panelsso_kv attrs, profile = {NULL, 0};
    panelsso_offerings offerings = {NULL, 0};
    auth_result r;
    auth_account account;
    auth_account_request request;

    if (check_provider(provider) != SUCCESS)
        return;
    if (panelsso_kv_from_array(attributes, 2, &attrs) != SUCCESS)
        return;
    if (extra != NULL && extra->profile != NULL &&
        panelsso_kv_from_array(extra->profile, extra->profile_arg, &profile) != SUCCESS)
        goto out;
    if (extra != NULL && extra->offerings != NULL &&
        panelsso_offerings_from_array(extra->offerings, extra->offerings_arg,
                                      &offerings) != SUCCESS)
        goto out;

    auth_result_init(&r);
    auth_account_init(&account);
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.profile = profile.items != NULL ? panelsso_kv_vector(&profile) : NULL;
    request.offerings = offerings.items;
    request.offering_count = offerings.count;
    request.test_account = extra != NULL && extra->test_account;

    if (!panelsso_process_explain_missing(ZSTR_VAL(provider), &r)) {
        auth_loader *l = panelsso_process_loader();
        const char *const *v = panelsso_kv_vector(&attrs);
        if (call == CALL_LOGIN)
            auth_loader_login(l, ZSTR_VAL(provider), v, &r);
        else if (call == CALL_CHECK)
            auth_loader_check(l, ZSTR_VAL(provider), v, &r);
        else
            auth_loader_account(l, ZSTR_VAL(provider), call, v,
                                extra != NULL ? &request : NULL, &r, &account);
    }
    panelsso_result_make(return_value, &r, call >= 0 ? &account : NULL, call == CALL_LOGIN);
    auth_result_wipe(&r);
out:
    panelsso_offerings_free(&offerings);
    panelsso_kv_free(&profile);
    panelsso_kv_free(&attrs);
}

/* The functions of the (provider, attributes) shape. */
static void simple_call(INTERNAL_FUNCTION_PARAMETERS, int call)
{
    zend_string *provider;
    HashTable *attributes;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_STR(provider)
        Z_PARAM_ARRAY_HT(attributes)
    ZEND_PARSE_PARAMETERS_END();
    run_call(return_value, call, provider, attributes, NULL);
}

ZEND_FUNCTION(PanelSso_login) { simple_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, CALL_LOGIN); }
ZEND_FUNCTION(PanelSso_check) { simple_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, CALL_CHECK); }

ZEND_FUNCTION(PanelSso_account_create)
{
    zend_string *provider;
    HashTable *attributes, *profile = NULL, *offerings = NULL;
    bool test_account = false;
    call_extra extra;
    ZEND_PARSE_PARAMETERS_START(2, 5)
        Z_PARAM_STR(provider)
        Z_PARAM_ARRAY_HT(attributes)
        Z_PARAM_OPTIONAL
        Z_PARAM_ARRAY_HT(profile)
        Z_PARAM_ARRAY_HT(offerings)
        Z_PARAM_BOOL(test_account)
    ZEND_PARSE_PARAMETERS_END();
    extra = (call_extra){.profile = profile, .profile_arg = 3, .offerings = offerings,
                         .offerings_arg = 4, .test_account = test_account};
    run_call(return_value, AUTH_ACCOUNT_CREATE, provider, attributes, &extra);
}

ZEND_FUNCTION(PanelSso_account_state)
{
    simple_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, AUTH_ACCOUNT_STATE);
}

ZEND_FUNCTION(PanelSso_account_suspend)
{
    simple_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, AUTH_ACCOUNT_SUSPEND);
}

ZEND_FUNCTION(PanelSso_account_unsuspend)
{
    simple_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, AUTH_ACCOUNT_UNSUSPEND);
}

ZEND_FUNCTION(PanelSso_account_offerings)
{
    simple_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, AUTH_ACCOUNT_OFFERINGS);
}

ZEND_FUNCTION(PanelSso_account_set_offerings)
{
    zend_string *provider;
    HashTable *attributes, *offerings;
    call_extra extra;
    ZEND_PARSE_PARAMETERS_START(3, 3)
        Z_PARAM_STR(provider)
        Z_PARAM_ARRAY_HT(attributes)
        Z_PARAM_ARRAY_HT(offerings)
    ZEND_PARSE_PARAMETERS_END();
    extra = (call_extra){.offerings = offerings, .offerings_arg = 3};
    run_call(return_value, AUTH_ACCOUNT_SET_OFFERINGS, provider, attributes, &extra);
}

ZEND_FUNCTION(PanelSso_account_delete)
{
    simple_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, AUTH_ACCOUNT_DELETE);
}

ZEND_FUNCTION(PanelSso_catalog)
{
    simple_call(INTERNAL_FUNCTION_PARAM_PASSTHRU, AUTH_ACCOUNT_CATALOG);
}

static int is_account_op_name(const char *name)
{
    for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++)
        if (strcmp(name, auth_account_op_name(op)) == 0)
            return 1;
    return 0;
}

/* What the provider can do besides login: what its get_info lists (but the
 * account operations), then the account operations the loader will run
 * for it, which is what counts for them (a 1.0 negotiation has none). */
static void capabilities(const auth_loader *l, const auth_loader_entry *e, zval *out)
{
    array_init(out);
    if (e->info != NULL && AUTH_STRUCT_HAS(e->info, auth_provider_info, capabilities) &&
        e->info->capabilities != NULL)
        for (const char *const *c = e->info->capabilities; *c != NULL; c++)
            if (!is_account_op_name(*c))
                add_next_index_string(out, *c);
    for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++)
        if (auth_loader_supports(l, e->name, op))
            add_next_index_string(out, auth_account_op_name(op));
}

static void add_failure(zval *failed, const char *file, const char *reason)
{
    zval f;
    array_init_size(&f, 2);
    add_assoc_string(&f, "file", file != NULL ? file : "");
    add_assoc_string(&f, "reason", reason != NULL ? reason : "");
    add_next_index_zval(failed, &f);
}

ZEND_FUNCTION(PanelSso_providers)
{
    const auth_loader *l = panelsso_process_loader();
    size_t i, n = auth_loader_count(l);
    zval failed;

    ZEND_PARSE_PARAMETERS_NONE();
    array_init(return_value);
    for (i = 0; i < n; i++) {
        auth_loader_entry e;
        zval p, caps;
        if (auth_loader_get(l, i, &e) != AUTH_OK)
            continue;
        array_init_size(&p, 5);
        add_assoc_string(&p, "name", e.name);
        if (e.info != NULL && AUTH_STRUCT_HAS(e.info, auth_provider_info, version) &&
            e.info->version != NULL)
            add_assoc_string(&p, "version", e.info->version);
        else
            add_assoc_null(&p, "version");
        add_assoc_str(&p, "abi", zend_strpprintf(0, "%u.%u",
                                                 AUTH_PROVIDER_VERSION_MAJOR(e.abi_version),
                                                 AUTH_PROVIDER_VERSION_MINOR(e.abi_version)));
        add_assoc_string(&p, "file", e.file);
        capabilities(l, &e, &caps);
        add_assoc_zval(&p, "capabilities", &caps);
        add_next_index_zval(return_value, &p);
    }
    array_init(&failed);
    if (panelsso_process_config_failure() != NULL)
        add_failure(&failed, panelsso_process_config_path(),
                    panelsso_process_config_failure());
    n = auth_loader_failure_count(l);
    for (i = 0; i < n; i++) {
        const char *file = NULL, *reason = NULL;
        if (auth_loader_failure(l, i, &file, &reason) == AUTH_OK)
            add_failure(&failed, file, reason);
    }
    add_assoc_zval(return_value, "failed", &failed);
}

static PHP_MINIT_FUNCTION(panelsso)
{
    const char *level_name;
    int level;

#if defined(ZTS) && defined(COMPILE_DL_PANELSSO)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    REGISTER_INI_ENTRIES();
    register_panelsso_symbols(module_number);
    panelsso_result_register(register_class_PanelSso_Result(php_json_serializable_ce));

    level_name = INI_STR("panelsso.log_level");
    level = panelsso_log_level_named(level_name);
    if (level < 0) {
        level = panelsso_log_level_named(DEFAULT_LOG_LEVEL);
        panelsso_process_start(INI_STR("panelsso.config"), level);
        panelsso_log(AUTH_LOG_WARNING, "panelsso.log_level: \"%.32s\" is not one of error, "
                     "warning, info, debug: using %s (fix php.ini)",
                     level_name != NULL ? level_name : "", DEFAULT_LOG_LEVEL);
    } else {
        panelsso_process_start(INI_STR("panelsso.config"), level);
    }
    /* Whatever failed is logged and recorded: PHP starts regardless. */
    return SUCCESS;
}

/* Nothing per request: the loader is the process's.  In ZTS builds each
 * thread refreshes this module's cache of its thread context. */
static PHP_RINIT_FUNCTION(panelsso)
{
    (void)type;
    (void)module_number;
#if defined(ZTS) && defined(COMPILE_DL_PANELSSO)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(panelsso)
{
    (void)type;
    (void)module_number;
    panelsso_process_stop();
    UNREGISTER_INI_ENTRIES();
    return SUCCESS;
}

static PHP_MINFO_FUNCTION(panelsso)
{
    char count[32];
    const auth_loader *l = panelsso_process_loader();
    (void)zend_module;
    php_info_print_table_start();
    php_info_print_table_row(2, "panelsso support", "enabled");
    php_info_print_table_row(2, "extension version", PHP_PANELSSO_VERSION);
    snprintf(count, sizeof count, "%u.%u", AUTH_PROVIDER_ABI_MAJOR, AUTH_PROVIDER_ABI_MINOR);
    php_info_print_table_row(2, "provider ABI", count);
    php_info_print_table_row(2, "plugin directory",
                             panelsso_process_plugin_dir() != NULL ? panelsso_process_plugin_dir()
                                                                   : "(none)");
    snprintf(count, sizeof count, "%zu", auth_loader_count(l));
    php_info_print_table_row(2, "providers loaded", count);
    snprintf(count, sizeof count, "%zu",
             auth_loader_failure_count(l) + (panelsso_process_config_failure() != NULL));
    php_info_print_table_row(2, "failures at startup", count);
    php_info_print_table_end();
    DISPLAY_INI_ENTRIES();
}

static const zend_module_dep panelsso_deps[] = {
    ZEND_MOD_REQUIRED("json")
    ZEND_MOD_END
};

zend_module_entry panelsso_module_entry = {
    STANDARD_MODULE_HEADER_EX,
    NULL,
    panelsso_deps,
    "panelsso",
    ext_functions,
    PHP_MINIT(panelsso),
    PHP_MSHUTDOWN(panelsso),
    PHP_RINIT(panelsso),
    NULL,
    PHP_MINFO(panelsso),
    PHP_PANELSSO_VERSION,
    STANDARD_MODULE_PROPERTIES
};

#ifdef COMPILE_DL_PANELSSO
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(panelsso)
#endif
