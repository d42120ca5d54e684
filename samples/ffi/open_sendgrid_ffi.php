<?php
// SPDX-License-Identifier: MIT
/*
 * open_sendgrid_ffi.php -- open_sendgrid.c in PHP without the panelsso
 * extension: libauthloader through PHP's FFI, declared by
 * panelsso/auth_loader_ffi.h loaded as it is installed.  It loads the
 * SendGrid plugin, logs one tenant in, and prints what a web panel would
 * answer the browser's "Open SendGrid" POST with.  docs/integrating.md
 * walks through it; ctest runs it against a local HTTPS sandbox as ffi.php.
 *
 * usage: php open_sendgrid_ffi.php PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID REGION [SETTING=VALUE]...
 *
 * The SETTING=VALUE arguments go to the plugin unchanged, after
 * api_key_file=KEY_FILE, as in open_sendgrid.c.  PANELSSO_FFI_HEADER and
 * PANELSSO_LIBAUTHLOADER name the header and the library when they are not
 * where the Debian packages put them (the test points them into the build).
 *
 * Exit status: 0 the browser would be redirected, 1 the login failed (the
 * page the browser would get is on stdout), 2 usage or loading error.
 */
declare(strict_types=1);

/* The operator's log.  PHP is single-threaded here, and the plugin logs
 * only from inside the call it was given, so this runs in PHP's thread. */
function log_line($ctx, int $level, string $line): void
{
    $names = ['error', 'warning', 'info', 'debug'];
    fwrite(STDERR, 'open_sendgrid_ffi: ' . ($names[$level] ?? 'debug') . ": $line\n");
}

/* A NULL-terminated C vector of "key=value" strings, as the loader takes
 * settings and attributes.  The C strings are PHP-owned FFI buffers: keep
 * the returned array alive until the call that borrows the vector returns. */
function c_strings(FFI $ffi, array $strings): array
{
    $vector = $ffi->new('char *[' . (count($strings) + 1) . ']');
    $buffers = [];
    foreach (array_values($strings) as $i => $s) {
        $buffers[$i] = $ffi->new('char[' . (strlen($s) + 1) . ']');
        FFI::memcpy($buffers[$i], $s, strlen($s));
        $vector[$i] = FFI::cast('char *', FFI::addr($buffers[$i]));
    }
    return ['vector' => $vector, 'buffers' => $buffers];
}

/* The HTTP status a panel answers a failed login with, as open_sendgrid.c. */
function http_status_line(FFI $ffi, int $status): string
{
    switch ($status) {
    case $ffi->AUTH_ERR_INVALID_REQUEST: return '400 Bad Request';
    case $ffi->AUTH_ERR_RATE_LIMITED: return '429 Too Many Requests';
    case $ffi->AUTH_ERR_AUTH_REJECTED: case $ffi->AUTH_ERR_FORBIDDEN:
    case $ffi->AUTH_ERR_NOT_FOUND: case $ffi->AUTH_ERR_UNAVAILABLE:
    case $ffi->AUTH_ERR_PROTOCOL: case $ffi->AUTH_ERR_TLS:
        return '502 Bad Gateway';
    default: return '500 Internal Server Error';
    }
}

if ($argc < 6) {
    fwrite(STDERR, "usage: open_sendgrid_ffi.php PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID REGION "
                   . "[SETTING=VALUE]...\n");
    exit(2);
}

/* 1. Once per process: the declarations, as installed, and the library. */
$header = getenv('PANELSSO_FFI_HEADER') ?: '/usr/include/panelsso/auth_loader_ffi.h';
$library = getenv('PANELSSO_LIBAUTHLOADER') ?: 'libauthloader.so.1';
$declarations = is_readable($header) ? file_get_contents($header) : false;
if ($declarations === false) {
    fwrite(STDERR, "open_sendgrid_ffi: cannot read $header: install libauthloader-dev "
                   . "or set PANELSSO_FFI_HEADER\n");
    exit(2);
}
try {
    $ffi = FFI::cdef($declarations, $library);
} catch (Throwable $e) {   /* FFI missing or disabled, or no such library */
    fwrite(STDERR, "open_sendgrid_ffi: cannot load $library: " . $e->getMessage() . "\n");
    exit(2);
}

/* ...a loader that logs to the operator's log (FFI::new zeroes what it
 * makes; struct_size says how much of it this host has)... */
$cfg = $ffi->new('auth_loader_config');
$cfg->struct_size = FFI::sizeof($cfg);
$cfg->log = 'log_line';
$cfg->log_level = $ffi->AUTH_LOG_INFO;   /* includes the one audit line per login */
$r = $ffi->new('auth_result');
$loader = $ffi->new('auth_loader *');
$ffi->auth_loader_result_init(FFI::addr($r), FFI::sizeof($r));
if ($ffi->auth_loader_create(FFI::addr($cfg), FFI::addr($loader), FFI::addr($r)) !== $ffi->AUTH_OK) {
    fwrite(STDERR, 'open_sendgrid_ffi: ' . FFI::string($r->log_message) . "\n");
    exit(2);
}

/* 2. ...and the plugin from an explicit directory (never a search path),
 * with this provider's settings.  A bad setting fails here. */
$settings = c_strings($ffi, array_merge(['api_key_file=' . $argv[2]], array_slice($argv, 6)));
$ffi->auth_loader_result_init(FFI::addr($r), FFI::sizeof($r));
if ($ffi->auth_loader_load_file($loader, $argv[1] . '/sendgrid.so', 'sendgrid',
                                $settings['vector'], FFI::addr($r)) !== $ffi->AUTH_OK) {
    fwrite(STDERR, 'open_sendgrid_ffi: cannot load SendGrid: ' . FFI::string($r->log_message) . "\n");
    $ffi->auth_loader_destroy($loader);
    exit(2);
}

/* 3. Per request: the tenant's attributes, from the panel's own database. */
$attributes = c_strings($ffi, ["tenant=$argv[3]", "account_id=$argv[4]", "region=$argv[5]"]);
$ffi->auth_loader_result_init(FFI::addr($r), FFI::sizeof($r));
if ($ffi->auth_loader_login($loader, 'sendgrid', $attributes['vector'], FFI::addr($r)) === $ffi->AUTH_OK) {
    /* The URL is a secret that works once, for 60 s.  FFI::string copies it
     * into a PHP string, which PHP cannot wipe: hand that copy straight to
     * the Location header and drop it; never put it in a session, a log or
     * a cache.  (The plugin only returns absolute URLs on an allow-listed
     * host, without spaces or control characters.) */
    echo "HTTP/1.1 303 See Other\r\n",
         'Location: ', FFI::string($r->redirect_url), "\r\n",
         "Cache-Control: no-store\r\n",
         "Content-Length: 0\r\n\r\n";
    $exit_code = 0;
} else {
    /* The browser gets user_message, or the library's sentence for the
     * status; the operator's log gets log_message (never a secret). */
    $user = FFI::string($r->user_message);
    $log = FFI::string($r->log_message);
    echo 'HTTP/1.1 ', http_status_line($ffi, $r->status), "\r\n";
    if ($r->status === $ffi->AUTH_ERR_RATE_LIMITED) {
        echo 'Retry-After: ', $r->retry_after_s > 0 ? $r->retry_after_s : 60, "\r\n";
    }
    echo "Content-Type: text/plain; charset=utf-8\r\n",
         "Cache-Control: no-store\r\n\r\n",
         $user !== '' ? $user : $ffi->auth_loader_status_user_text($r->status), "\n";
    fwrite(STDERR, "open_sendgrid_ffi: login for tenant $argv[3] failed: "
                   . $ffi->auth_loader_status_name($r->status) . ': '
                   . ($log !== '' ? $log : $ffi->auth_loader_status_text($r->status)) . "\n");
    $exit_code = 1;
}
/* The C copy of the URL, at least, can be erased. */
$ffi->auth_loader_result_wipe(FFI::addr($r));

/* 4. Once at shutdown: tear the instance down and unload the plugin. */
$ffi->auth_loader_destroy($loader);
exit($exit_code);
