/* SPDX-License-Identifier: MIT */
/*
 * ffi_header_c99.c -- panelsso/auth_loader_ffi.h compiles as strict C99
 * after the two standard headers it relies on (-std=c99 -pedantic -Wall
 * -Wextra, and -Werror where the project's warnings are errors): building
 * this file is the check.  loader.ffi_header compares its declarations
 * with the real headers'.
 */
#include <stddef.h>
#include <stdint.h>

#include <panelsso/auth_loader_ffi.h>

int main(void)
{
    auth_result r;
    auth_account a;
    r.struct_size = sizeof r;
    a.struct_size = sizeof a;
    return r.struct_size == 0 || a.struct_size == 0;
}
