--TEST--
examples/whmcs_sso.php, the WHMCS-style ServiceSingleSignOn of docs/integrating.md: 'redirectTo' logs the client into the service's account (global and EU); a failure is 'success' => false with the user's 'errorMsg', and the module log gets the reason, never the password or a URL
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
define('WHMCS', true);
$moduleLog = [];
// WHMCS's own function, as a recorder.
function logModuleCall(string $module, string $action, $request, $response, $processed = '', array $replace = []): void
{
    global $moduleLog;
    $moduleLog[] = json_encode([$module, $action, $request, $response, $processed], JSON_UNESCAPED_SLASHES);
}
require __DIR__ . '/../examples/whmcs_sso.php';

function service(int $id, array $fields): array
{
    // What WHMCS passes a module, in part.
    return ['serviceid' => $id, 'userid' => 7, 'domain' => 'acme.example', 'username' => 'acme',
            'password' => 'the-service-password', 'customfields' => $fields,
            'configoption1' => '', 'serverhostname' => 'sendgrid'];
}
$cases = [
    'global' => service(101, ['SendGrid Account ID' => 'whmcs-101', 'SendGrid Region' => 'global']),
    'eu' => service(102, ['SendGrid Account ID' => 'whmcs-102', 'SendGrid Region' => 'EU ']),
    'no region (global)' => service(103, ['SendGrid Account ID' => 'whmcs-103']),
    'no account yet' => service(104, ['SendGrid Region' => 'eu']),
    'account gone' => service(105, ['SendGrid Account ID' => 'missing-105', 'SendGrid Region' => 'eu']),
    'rate-limited' => service(106, ['SendGrid Account ID' => 'script-429-seconds']),
    'region unknown' => service(107, ['SendGrid Account ID' => 'whmcs-107', 'SendGrid Region' => 'apac']),
];
foreach ($cases as $what => $params) {
    $answer = sendgridsso_ServiceSingleSignOn($params);
    echo "$what: keys ", implode(', ', array_keys($answer)), '; success ', var_export($answer['success'], true), "\n";
    if ($answer['success']) {
        echo '    ', url_shape($answer['redirectTo']), "\n    ", visit($answer['redirectTo']), "\n";
    } else {
        echo '    errorMsg: ', $answer['errorMsg'], "\n";
    }
}
echo "module log:\n";
foreach ($moduleLog as $line) {
    echo '    ', $line, "\n";
    if (str_contains($line, 'the-service-password') || str_contains($line, 'code=')) {
        echo "    ^ holds a secret\n";
    }
}
?>
--EXPECTF--
global: keys success, redirectTo; success true
    https://127.0.0.1:%d/login?code=<32 hex digits>
    HTTP 200: logged in to whmcs-101 (region global)
eu: keys success, redirectTo; success true
    https://127.0.0.1:%d/login?code=<32 hex digits>
    HTTP 200: logged in to whmcs-102 (region eu)
no region (global): keys success, redirectTo; success true
    https://127.0.0.1:%d/login?code=<32 hex digits>
    HTTP 200: logged in to whmcs-103 (region global)
no account yet: keys success, errorMsg; success false
    errorMsg: This service has no SendGrid account yet. Please contact support.
account gone: keys success, errorMsg; success false
    errorMsg: Your SendGrid account could not be found. Please contact support.
rate-limited: keys success, errorMsg; success false
    errorMsg: SendGrid is busy right now. Please try again in a minute.
region unknown: keys success, errorMsg; success false
    errorMsg: This SendGrid account is not set up correctly in the panel. Please contact support.
module log:
    ["sendgridsso","ServiceSingleSignOn",{"serviceid":105,"account_id":"missing-105","region":"eu"},"AUTH_ERR_NOT_FOUND: SendGrid (eu) answered 404 for the single sign-on: SendGrid says \"account not found\" (error_id sbx-account-not-found); check the tenant's account_id and region",{"errorId":"sbx-account-not-found","retryAfter":0}]
    ["sendgridsso","ServiceSingleSignOn",{"serviceid":106,"account_id":"script-429-seconds","region":""},"AUTH_ERR_RATE_LIMITED: SendGrid (global) rate-limited the single sign-on (429): SendGrid says \"scripted: too many requests\" (error_id sbx-429); retry after 30 s",{"errorId":"sbx-429","retryAfter":30}]
    ["sendgridsso","ServiceSingleSignOn",{"serviceid":107,"account_id":"whmcs-107","region":"apac"},"AUTH_ERR_INVALID_REQUEST: region 'apac' is not supported: use 'global' or 'eu'",{"errorId":"","retryAfter":0}]