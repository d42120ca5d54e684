/* SPDX-License-Identifier: MIT */
// headers_cxx.cpp -- auth_provider.h and auth_loader.h compile as C++11
// (-std=c++11 -pedantic -Wall -Wextra -Werror, see CMakeLists.txt), the
// entry macro included (extern "C" linkage), and link against the loader.
#include <cstdio>
#include <cstring>

#include <panelsso/auth_loader.h>
#include <panelsso/auth_provider.h>

static int cxx_entry(uint32_t host_version, const auth_provider_ops **out_ops,
                     uint32_t *out_version, char *errbuf, size_t errbuf_size)
{
    *out_ops = nullptr;
    return auth_provider_negotiate(host_version, AUTH_PROVIDER_ABI_VERSION,
                                   out_version, errbuf, errbuf_size);
}

AUTH_PROVIDER_DEFINE_ENTRY(cxx_entry)

int main()
{
    auth_result r;
    auth_loader *l = nullptr;
    const auth_provider_ops *ops = nullptr;
    uint32_t v = 0;
    char err[256];
    int failures = 0;

    auth_result_init(&r);
    failures += auth_loader_create(nullptr, &l, &r) != AUTH_OK;
    failures += auth_loader_count(l) != 0;
    auth_loader_destroy(l);
    failures += !AUTH_STRUCT_HAS(&r, auth_result, region);
    failures += std::strcmp(auth_strerror(AUTH_OK), "success") != 0;
    failures += auth_provider_entry(AUTH_PROVIDER_MKVERSION(2, 0), &ops, &v, err,
                                    sizeof err) != AUTH_ERR_VERSION;
    failures += std::strstr(err, "major 1, host speaks major 2") == nullptr;
    std::printf("auth_provider.h and auth_loader.h as C++11: %s\n", failures ? "FAILED" : "ok");
    std::printf("%d passed, %d failed\n", 6 - failures, failures);
    return failures != 0;
}
