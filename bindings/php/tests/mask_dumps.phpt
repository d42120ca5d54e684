--TEST--
The one-time URL never leaks by accident: var_dump, print_r, var_export, debug_zval_dump, json_encode, (array), get_object_vars, foreach, __debugInfo and jsonSerialize show it with "?<redacted>" for its query; serialize and unserialize throw; only $result->redirectUrl (and reflection) read it; it is read-only
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
foreach (['global' => 'mask-global-1', 'eu' => 'mask-eu-1'] as $region => $account) {
    $r = PanelSso\login('sendgrid', ['tenant' => 't', 'account_id' => $account, 'region' => $region]);
    $url = $r->redirectUrl;
    echo "== $region: ", url_shape($url), "\n";
    $code = parse_url($url, PHP_URL_QUERY);
    $dumps = [
        'var_dump' => function () use ($r) { ob_start(); var_dump($r); return ob_get_clean(); },
        'print_r' => fn() => print_r($r, true),
        'var_export' => fn() => var_export($r, true),
        'debug_zval_dump' => function () use ($r) { ob_start(); debug_zval_dump($r); return ob_get_clean(); },
        'json_encode' => fn() => json_encode($r),
        '(array)' => fn() => print_r((array)$r, true),
        'get_object_vars' => fn() => print_r(get_object_vars($r), true),
        'foreach' => function () use ($r) { $s = ''; foreach ($r as $k => $v) { $s .= "$k=" . json_encode($v) . "\n"; } return $s; },
        '__debugInfo' => fn() => print_r($r->__debugInfo(), true),
        'jsonSerialize' => fn() => print_r($r->jsonSerialize(), true),
        'var_dump of an array holding it' => function () use ($r) { ob_start(); var_dump(['result' => $r]); return ob_get_clean(); },
        'json_encode of an array holding it' => fn() => json_encode([$r, [$r]]),
        'exception trace' => function () use ($r) {
            try { (function (PanelSso\Result $x) { throw new RuntimeException('boom'); })($r); }
            catch (RuntimeException $e) { return $e->getTraceAsString() . print_r($e->getTrace(), true); }
        },
    ];
    foreach ($dumps as $name => $dump) {
        $text = $dump();
        $masked = substr_count($text, '/login?<redacted>');
        printf("%s: code %s, masked URL shown %d time(s)\n", $name, str_contains($text, $code) ? 'LEAKED' : 'absent', $masked);
    }
    echo without_code(var_export($r, true), $url), "\n";
    echo without_code(json_encode($r, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), $url), "\n";
    foreach (['serialize' => fn() => serialize($r),
              'serialize of an array holding it' => fn() => serialize([$r]),
              'unserialize' => fn() => unserialize('O:15:"PanelSso\Result":0:{}')] as $name => $f) {
        try {
            $f();
            echo "$name: no exception\n";
        } catch (Exception $e) {
            echo "$name: ", get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
    echo 'read as a property: the URL itself: ', var_export($r->redirectUrl === $url && str_contains($url, '?code='), true), "\n";
    echo 'with ??: ', var_export(($r->redirectUrl ?? '') === $url, true), "\n";
    echo 'ReflectionProperty::getValue: ', var_export((new ReflectionProperty($r, 'redirectUrl'))->getValue($r) === $url, true), "\n";
    echo 'array_column: ', var_export(array_column([$r], 'redirectUrl') === [$url], true), "\n";
    $copy = clone $r;
    echo 'a clone reads the same URL: ', var_export($copy->redirectUrl === $url, true), ', dumps masked: ', var_export(!str_contains(print_r($copy, true), $code), true), "\n";
    foreach (['write' => function () use ($r) { $r->redirectUrl = 'x'; },
              'reference' => function () use ($r) { $x = &$r->redirectUrl; },
              'unset' => function () use ($r) { unset($r->redirectUrl); },
              'append' => function () use ($r) { $r->redirectUrl .= 'x'; },
              'dynamic property' => function () use ($r) { $r->extra = 1; }] as $name => $f) {
        try {
            $f();
            echo "$name: allowed\n";
        } catch (Error $e) {
            echo "$name: ", get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
    echo 'still the URL: ', var_export($r->redirectUrl === $url, true), "\n";
    // The same read many times (the engine caches property slots per opcode).
    $same = true;
    for ($i = 0; $i < 3; $i++) {
        $same = $same && $r->redirectUrl === $url;
    }
    echo 'read in a loop: ', var_export($same, true), "\n";
    echo visit($url), "\n";
}
echo "== a failed login: nothing to mask\n";
$r = PanelSso\login('sendgrid', ['tenant' => 't', 'account_id' => 'script-404', 'region' => 'global']);
echo json_encode($r, JSON_UNESCAPED_SLASHES), "\n";
?>
--EXPECTF--
== global: https://127.0.0.1:%d/login?code=<32 hex digits>
var_dump: code absent, masked URL shown 1 time(s)
print_r: code absent, masked URL shown 1 time(s)
var_export: code absent, masked URL shown 1 time(s)
debug_zval_dump: code absent, masked URL shown 1 time(s)
json_encode: code absent, masked URL shown 1 time(s)
(array): code absent, masked URL shown 1 time(s)
get_object_vars: code absent, masked URL shown 1 time(s)
foreach: code absent, masked URL shown 1 time(s)
__debugInfo: code absent, masked URL shown 1 time(s)
jsonSerialize: code absent, masked URL shown 1 time(s)
var_dump of an array holding it: code absent, masked URL shown 1 time(s)
json_encode of an array holding it: code absent, masked URL shown 2 time(s)
exception trace: code absent, masked URL shown 1 time(s)
\PanelSso\Result::__set_state(array(
   'ok' => true,
   'status' => 0,
   'statusName' => 'AUTH_OK',
   'redirectUrl' => 'https://127.0.0.1:%d/login?<redacted>',
   'expiresAt' => %d,
   'retryAfter' => 0,
   'userMessage' => 'Done.',
   'logMessage' => 'SendGrid (global) issued a one-time login URL, valid 60 s',
   'errorId' => '',
   'region' => 'global',
   'httpStatus' => 303,
   'accountId' => NULL,
   'state' => NULL,
   'offerings' => 
  array (
  ),
))
{
    "ok": true,
    "status": 0,
    "statusName": "AUTH_OK",
    "redirectUrl": "https://127.0.0.1:%d/login?<redacted>",
    "expiresAt": %d,
    "retryAfter": 0,
    "userMessage": "Done.",
    "logMessage": "SendGrid (global) issued a one-time login URL, valid 60 s",
    "errorId": "",
    "region": "global",
    "httpStatus": 303,
    "accountId": null,
    "state": null,
    "offerings": []
}
serialize: Exception: Serialization of 'PanelSso\Result' is not allowed
serialize of an array holding it: Exception: Serialization of 'PanelSso\Result' is not allowed
unserialize: Exception: Unserialization of 'PanelSso\Result' is not allowed
read as a property: the URL itself: true
with ??: true
ReflectionProperty::getValue: true
array_column: true
a clone reads the same URL: true, dumps masked: true
write: Error: Cannot modify readonly property PanelSso\Result::$redirectUrl
reference: Error: Cannot modify readonly property PanelSso\Result::$redirectUrl
unset: Error: Cannot unset readonly property PanelSso\Result::$redirectUrl
append: Error: Cannot modify readonly property PanelSso\Result::$redirectUrl
dynamic property: Error: Cannot create dynamic property PanelSso\Result::$extra
still the URL: true
read in a loop: true
HTTP 200: logged in to mask-global-1 (region global)
== eu: https://127.0.0.1:%d/login?code=<32 hex digits>
var_dump: code absent, masked URL shown 1 time(s)
print_r: code absent, masked URL shown 1 time(s)
var_export: code absent, masked URL shown 1 time(s)
debug_zval_dump: code absent, masked URL shown 1 time(s)
json_encode: code absent, masked URL shown 1 time(s)
(array): code absent, masked URL shown 1 time(s)
get_object_vars: code absent, masked URL shown 1 time(s)
foreach: code absent, masked URL shown 1 time(s)
__debugInfo: code absent, masked URL shown 1 time(s)
jsonSerialize: code absent, masked URL shown 1 time(s)
var_dump of an array holding it: code absent, masked URL shown 1 time(s)
json_encode of an array holding it: code absent, masked URL shown 2 time(s)
exception trace: code absent, masked URL shown 1 time(s)
\PanelSso\Result::__set_state(array(
   'ok' => true,
   'status' => 0,
   'statusName' => 'AUTH_OK',
   'redirectUrl' => 'https://127.0.0.1:%d/login?<redacted>',
   'expiresAt' => %d,
   'retryAfter' => 0,
   'userMessage' => 'Done.',
   'logMessage' => 'SendGrid (eu) issued a one-time login URL, valid 60 s',
   'errorId' => '',
   'region' => 'eu',
   'httpStatus' => 303,
   'accountId' => NULL,
   'state' => NULL,
   'offerings' => 
  array (
  ),
))
{
    "ok": true,
    "status": 0,
    "statusName": "AUTH_OK",
    "redirectUrl": "https://127.0.0.1:%d/login?<redacted>",
    "expiresAt": %d,
    "retryAfter": 0,
    "userMessage": "Done.",
    "logMessage": "SendGrid (eu) issued a one-time login URL, valid 60 s",
    "errorId": "",
    "region": "eu",
    "httpStatus": 303,
    "accountId": null,
    "state": null,
    "offerings": []
}
serialize: Exception: Serialization of 'PanelSso\Result' is not allowed
serialize of an array holding it: Exception: Serialization of 'PanelSso\Result' is not allowed
unserialize: Exception: Unserialization of 'PanelSso\Result' is not allowed
read as a property: the URL itself: true
with ??: true
ReflectionProperty::getValue: true
array_column: true
a clone reads the same URL: true, dumps masked: true
write: Error: Cannot modify readonly property PanelSso\Result::$redirectUrl
reference: Error: Cannot modify readonly property PanelSso\Result::$redirectUrl
unset: Error: Cannot unset readonly property PanelSso\Result::$redirectUrl
append: Error: Cannot modify readonly property PanelSso\Result::$redirectUrl
dynamic property: Error: Cannot create dynamic property PanelSso\Result::$extra
still the URL: true
read in a loop: true
HTTP 200: logged in to mask-eu-1 (region eu)
== a failed login: nothing to mask
{"ok":false,"status":5,"statusName":"AUTH_ERR_NOT_FOUND","redirectUrl":null,"expiresAt":null,"retryAfter":0,"userMessage":"Your SendGrid account could not be found. Please contact support.","logMessage":"SendGrid (global) answered 404 for the single sign-on: SendGrid says \"scripted: resource not found\" (error_id sbx-404); check the tenant's account_id and region","errorId":"sbx-404","region":"global","httpStatus":404,"accountId":null,"state":null,"offerings":[]}