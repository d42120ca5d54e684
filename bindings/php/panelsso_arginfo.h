/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 557adf7936b3df292a3f4ba6e66d092f2011936d */

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_PanelSso_login, 0, 2, PanelSso\\Result, 0)
	ZEND_ARG_TYPE_INFO(0, provider, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, attributes, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_PanelSso_check arginfo_PanelSso_login

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_PanelSso_providers, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_PanelSso_account_create, 0, 2, PanelSso\\Result, 0)
	ZEND_ARG_TYPE_INFO(0, provider, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, attributes, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, profile, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, offerings, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, testAccount, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

#define arginfo_PanelSso_account_state arginfo_PanelSso_login

#define arginfo_PanelSso_account_suspend arginfo_PanelSso_login

#define arginfo_PanelSso_account_unsuspend arginfo_PanelSso_login

#define arginfo_PanelSso_account_offerings arginfo_PanelSso_login

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_PanelSso_account_set_offerings, 0, 3, PanelSso\\Result, 0)
	ZEND_ARG_TYPE_INFO(0, provider, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, attributes, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, offerings, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_PanelSso_account_delete arginfo_PanelSso_login

#define arginfo_PanelSso_catalog arginfo_PanelSso_login

#define arginfo_class_PanelSso_Result___debugInfo arginfo_PanelSso_providers

#define arginfo_class_PanelSso_Result_jsonSerialize arginfo_PanelSso_providers


ZEND_FUNCTION(PanelSso_login);
ZEND_FUNCTION(PanelSso_check);
ZEND_FUNCTION(PanelSso_providers);
ZEND_FUNCTION(PanelSso_account_create);
ZEND_FUNCTION(PanelSso_account_state);
ZEND_FUNCTION(PanelSso_account_suspend);
ZEND_FUNCTION(PanelSso_account_unsuspend);
ZEND_FUNCTION(PanelSso_account_offerings);
ZEND_FUNCTION(PanelSso_account_set_offerings);
ZEND_FUNCTION(PanelSso_account_delete);
ZEND_FUNCTION(PanelSso_catalog);
ZEND_METHOD(PanelSso_Result, __debugInfo);
ZEND_METHOD(PanelSso_Result, jsonSerialize);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("PanelSso", login, PanelSso_login, arginfo_PanelSso_login)
	ZEND_NS_FALIAS("PanelSso", check, PanelSso_check, arginfo_PanelSso_check)
	ZEND_NS_FALIAS("PanelSso", providers, PanelSso_providers, arginfo_PanelSso_providers)
	ZEND_NS_FALIAS("PanelSso", account_create, PanelSso_account_create, arginfo_PanelSso_account_create)
	ZEND_NS_FALIAS("PanelSso", account_state, PanelSso_account_state, arginfo_PanelSso_account_state)
	ZEND_NS_FALIAS("PanelSso", account_suspend, PanelSso_account_suspend, arginfo_PanelSso_account_suspend)
	ZEND_NS_FALIAS("PanelSso", account_unsuspend, PanelSso_account_unsuspend, arginfo_PanelSso_account_unsuspend)
	ZEND_NS_FALIAS("PanelSso", account_offerings, PanelSso_account_offerings, arginfo_PanelSso_account_offerings)
	ZEND_NS_FALIAS("PanelSso", account_set_offerings, PanelSso_account_set_offerings, arginfo_PanelSso_account_set_offerings)
	ZEND_NS_FALIAS("PanelSso", account_delete, PanelSso_account_delete, arginfo_PanelSso_account_delete)
	ZEND_NS_FALIAS("PanelSso", catalog, PanelSso_catalog, arginfo_PanelSso_catalog)
	ZEND_FE_END
};


static const zend_function_entry class_PanelSso_Result_methods[] = {
	ZEND_ME(PanelSso_Result, __debugInfo, arginfo_class_PanelSso_Result___debugInfo, ZEND_ACC_PUBLIC)
	ZEND_ME(PanelSso_Result, jsonSerialize, arginfo_class_PanelSso_Result_jsonSerialize, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static void register_panelsso_symbols(int module_number)
{
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_OK", AUTH_OK, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_INVALID_REQUEST", AUTH_ERR_INVALID_REQUEST, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_CONFIG", AUTH_ERR_CONFIG, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_AUTH_REJECTED", AUTH_ERR_AUTH_REJECTED, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_FORBIDDEN", AUTH_ERR_FORBIDDEN, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_NOT_FOUND", AUTH_ERR_NOT_FOUND, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_RATE_LIMITED", AUTH_ERR_RATE_LIMITED, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_UNAVAILABLE", AUTH_ERR_UNAVAILABLE, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_PROTOCOL", AUTH_ERR_PROTOCOL, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_TLS", AUTH_ERR_TLS, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_INTERNAL", AUTH_ERR_INTERNAL, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_VERSION", AUTH_ERR_VERSION, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_NOT_SUPPORTED", AUTH_ERR_NOT_SUPPORTED, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_OUTCOME_UNKNOWN", AUTH_ERR_OUTCOME_UNKNOWN, CONST_PERSISTENT);
	REGISTER_LONG_CONSTANT("PanelSso\\AUTH_ERR_UNKNOWN", PANELSSO_STATUS_UNKNOWN, CONST_PERSISTENT);


	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\login", sizeof("panelsso\\login") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\check", sizeof("panelsso\\check") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\account_create", sizeof("panelsso\\account_create") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\account_create", sizeof("panelsso\\account_create") - 1), 2, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\account_state", sizeof("panelsso\\account_state") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\account_suspend", sizeof("panelsso\\account_suspend") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\account_unsuspend", sizeof("panelsso\\account_unsuspend") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\account_offerings", sizeof("panelsso\\account_offerings") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\account_set_offerings", sizeof("panelsso\\account_set_offerings") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\account_delete", sizeof("panelsso\\account_delete") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "panelsso\\catalog", sizeof("panelsso\\catalog") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);
}

static zend_class_entry *register_class_PanelSso_Result(zend_class_entry *class_entry_JsonSerializable)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "PanelSso", "Result", class_PanelSso_Result_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_JsonSerializable);

	zval property_ok_default_value;
	ZVAL_UNDEF(&property_ok_default_value);
	zend_string *property_ok_name = zend_string_init("ok", sizeof("ok") - 1, 1);
	zend_declare_typed_property(class_entry, property_ok_name, &property_ok_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_BOOL));
	zend_string_release(property_ok_name);

	zval property_status_default_value;
	ZVAL_UNDEF(&property_status_default_value);
	zend_string *property_status_name = zend_string_init("status", sizeof("status") - 1, 1);
	zend_declare_typed_property(class_entry, property_status_name, &property_status_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_status_name);

	zval property_statusName_default_value;
	ZVAL_UNDEF(&property_statusName_default_value);
	zend_string *property_statusName_name = zend_string_init("statusName", sizeof("statusName") - 1, 1);
	zend_declare_typed_property(class_entry, property_statusName_name, &property_statusName_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_statusName_name);

	zval property_redirectUrl_default_value;
	ZVAL_UNDEF(&property_redirectUrl_default_value);
	zend_string *property_redirectUrl_name = zend_string_init("redirectUrl", sizeof("redirectUrl") - 1, 1);
	zend_declare_typed_property(class_entry, property_redirectUrl_name, &property_redirectUrl_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_redirectUrl_name);

	zval property_expiresAt_default_value;
	ZVAL_UNDEF(&property_expiresAt_default_value);
	zend_string *property_expiresAt_name = zend_string_init("expiresAt", sizeof("expiresAt") - 1, 1);
	zend_declare_typed_property(class_entry, property_expiresAt_name, &property_expiresAt_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG|MAY_BE_NULL));
	zend_string_release(property_expiresAt_name);

	zval property_retryAfter_default_value;
	ZVAL_UNDEF(&property_retryAfter_default_value);
	zend_string *property_retryAfter_name = zend_string_init("retryAfter", sizeof("retryAfter") - 1, 1);
	zend_declare_typed_property(class_entry, property_retryAfter_name, &property_retryAfter_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_retryAfter_name);

	zval property_userMessage_default_value;
	ZVAL_UNDEF(&property_userMessage_default_value);
	zend_string *property_userMessage_name = zend_string_init("userMessage", sizeof("userMessage") - 1, 1);
	zend_declare_typed_property(class_entry, property_userMessage_name, &property_userMessage_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_userMessage_name);

	zval property_logMessage_default_value;
	ZVAL_UNDEF(&property_logMessage_default_value);
	zend_string *property_logMessage_name = zend_string_init("logMessage", sizeof("logMessage") - 1, 1);
	zend_declare_typed_property(class_entry, property_logMessage_name, &property_logMessage_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_logMessage_name);

	zval property_errorId_default_value;
	ZVAL_UNDEF(&property_errorId_default_value);
	zend_string *property_errorId_name = zend_string_init("errorId", sizeof("errorId") - 1, 1);
	zend_declare_typed_property(class_entry, property_errorId_name, &property_errorId_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_errorId_name);

	zval property_region_default_value;
	ZVAL_UNDEF(&property_region_default_value);
	zend_string *property_region_name = zend_string_init("region", sizeof("region") - 1, 1);
	zend_declare_typed_property(class_entry, property_region_name, &property_region_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_region_name);

	zval property_httpStatus_default_value;
	ZVAL_UNDEF(&property_httpStatus_default_value);
	zend_string *property_httpStatus_name = zend_string_init("httpStatus", sizeof("httpStatus") - 1, 1);
	zend_declare_typed_property(class_entry, property_httpStatus_name, &property_httpStatus_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_httpStatus_name);

	zval property_accountId_default_value;
	ZVAL_UNDEF(&property_accountId_default_value);
	zend_string *property_accountId_name = zend_string_init("accountId", sizeof("accountId") - 1, 1);
	zend_declare_typed_property(class_entry, property_accountId_name, &property_accountId_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_accountId_name);

	zval property_state_default_value;
	ZVAL_UNDEF(&property_state_default_value);
	zend_string *property_state_name = zend_string_init("state", sizeof("state") - 1, 1);
	zend_declare_typed_property(class_entry, property_state_name, &property_state_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property_state_name);

	zval property_offerings_default_value;
	ZVAL_UNDEF(&property_offerings_default_value);
	zend_string *property_offerings_name = zend_string_init("offerings", sizeof("offerings") - 1, 1);
	zend_declare_typed_property(class_entry, property_offerings_name, &property_offerings_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_offerings_name);

	return class_entry;
}
