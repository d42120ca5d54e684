/*
 * examples.static_preload: three plugins (the example, panelctl's fake and
 * the SendGrid provider) compiled with AUTH_PROVIDER_STATIC and linked into
 * one program, as libtool's -dlpreopen would.  That this program links at
 * all is the first assertion (without the macro the three plain
 * auth_provider_entry definitions clash); the tests then reach each plugin
 * through its own <module>_LTX_auth_provider_entry, negotiate, and check
 * that each answers as itself.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "auth_provider.h"
#include "testsupport.h"

/* Declared by the macro in each plugin's source. */
int example_LTX_auth_provider_entry(uint32_t, const auth_provider_ops **,
                                    uint32_t *, char *, size_t);
int fake_LTX_auth_provider_entry(uint32_t, const auth_provider_ops **,
                                 uint32_t *, char *, size_t);
int sendgrid_LTX_auth_provider_entry(uint32_t, const auth_provider_ops **,
                                     uint32_t *, char *, size_t);

static const struct {
    const char *module;
    auth_provider_entry_fn entry;
} plugins[] = {
    {"example", example_LTX_auth_provider_entry},
    {"fake", fake_LTX_auth_provider_entry},
    {"sendgrid", sendgrid_LTX_auth_provider_entry},
};

static void test_each_module_answers_as_itself(void)
{
    for (size_t i = 0; i < sizeof plugins / sizeof plugins[0]; i++) {
        const auth_provider_ops *ops = NULL;
        uint32_t version = 0;
        char err[256] = "";
        int rc = plugins[i].entry(AUTH_PROVIDER_ABI_VERSION, &ops, &version, err,
                                  sizeof err);
        CU_ASSERT_EQUAL(rc, AUTH_OK);
        CU_ASSERT_EQUAL(version, AUTH_PROVIDER_ABI_VERSION);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
        CU_ASSERT(ops->struct_size >= AUTH_PROVIDER_OPS_MIN_SIZE);
        CU_ASSERT_FATAL(AUTH_STRUCT_HAS(ops, auth_provider_ops, get_info) &&
                        ops->get_info != NULL);
        const auth_provider_info *info = ops->get_info();
        CU_ASSERT_PTR_NOT_NULL_FATAL(info);
        CU_ASSERT_STRING_EQUAL(info->name, plugins[i].module);
    }
}

static void test_each_module_refuses_another_major(void)
{
    for (size_t i = 0; i < sizeof plugins / sizeof plugins[0]; i++) {
        const auth_provider_ops *ops = NULL;
        uint32_t version = 0;
        char err[256] = "";
        int rc = plugins[i].entry(AUTH_PROVIDER_MKVERSION(AUTH_PROVIDER_ABI_MAJOR + 1, 0),
                                  &ops, &version, err, sizeof err);
        CU_ASSERT_EQUAL(rc, AUTH_ERR_VERSION);
        CU_ASSERT(err[0] != '\0');
    }
}

int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("static preloading", NULL, NULL);
    CU_add_test(s, "each module answers as itself through its _LTX_ name",
                test_each_module_answers_as_itself);
    CU_add_test(s, "each module refuses another major",
                test_each_module_refuses_another_major);
    return ts_run_suites(argc, argv);
}
