<?php
// SPDX-License-Identifier: MIT
/*
 * dump_helpers.php -- what libauthloader's helpers answer through PHP's FFI
 * and panelsso/auth_loader_ffi.h, one line each, for test_ffi_hosts.c to
 * compare with what they answer in C (the format is that file's
 * expected_helpers()).  Header and library: PANELSSO_FFI_HEADER and
 * PANELSSO_LIBAUTHLOADER.
 */
declare(strict_types=1);

$ffi = FFI::cdef(file_get_contents(getenv('PANELSSO_FFI_HEADER')), getenv('PANELSSO_LIBAUTHLOADER'));

foreach ([['auth_result', 'result'], ['auth_account', 'account'],
          ['auth_account_request', 'account_request']] as [$type, $fn]) {
    printf("sizeof %s %d %d\n", $type, FFI::sizeof($ffi->type($type)),
           $ffi->{"auth_loader_{$fn}_size"}());
}
for ($s = -1; $s <= 20; $s++) {
    printf("status %d %s|%s|%s\n", $s, $ffi->auth_loader_status_name($s),
           $ffi->auth_loader_status_text($s), $ffi->auth_loader_status_user_text($s));
}
for ($op = -1; $op <= 9; $op++) {
    printf("op %d %s\n", $op, $ffi->auth_loader_account_op_name($op) ?? 'NULL');
}
printf("enum %d %d %d %d\n", $ffi->AUTH_ERR_OUTCOME_UNKNOWN, $ffi->AUTH_ACCOUNT_CATALOG,
       $ffi->AUTH_LOADER_TRUST_DIR, $ffi->AUTH_LOG_DEBUG);

$r = $ffi->new('auth_result');
FFI::memset($r, 0x41, FFI::sizeof($r));
$ffi->auth_loader_result_init(FFI::addr($r), FFI::sizeof($r));
printf("init struct_size=%d status=%d region=\"%s\"\n", $r->struct_size, $r->status,
       FFI::string($r->region));
FFI::memcpy($r->redirect_url, 'https://example.invalid/login?code=x', 36);
FFI::memcpy($r->user_message, 'kept', 4);
$ffi->auth_loader_result_wipe(FFI::addr($r));
printf("wipe redirect_url=\"%s\" user_message=\"%s\"\n", FFI::string($r->redirect_url),
       FFI::string($r->user_message));

$a = $ffi->new('auth_account');
FFI::memcpy($a->account_id, 'acct-1', 6);
$ffi->auth_loader_account_init(FFI::addr($a), FFI::sizeof($a));
printf("account struct_size=%d account_id=\"%s\"\n", $a->struct_size, FFI::string($a->account_id));
