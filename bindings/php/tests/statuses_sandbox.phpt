--TEST--
Every status the SendGrid plugin answers against the global and EU sandboxes, with retryAfter from a 429's X-RateLimit-Reset; a failure is a Result (no exception) without a URL
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
function show(string $what, PanelSso\Result $r): void
{
    printf("%s: %s (%d)%s http %d, retryAfter %d, errorId '%s', region '%s', URL %s\n    user: %s\n",
           $what, $r->statusName, $r->status, $r->ok ? ' ok' : '', $r->httpStatus, $r->retryAfter,
           $r->errorId, $r->region, $r->redirectUrl === null ? 'none' : 'given', $r->userMessage);
}
$accounts = ['script-401', 'script-403', 'script-404', 'missing-tenant', 'script-429-seconds',
             'script-429-epoch', 'script-500', 'script-503', 'script-503-once-%s', 'script-200',
             'script-303-foreign', 'script-bad-json'];
foreach (['global', 'eu'] as $region) {
    echo "== $region\n";
    foreach ($accounts as $account) {
        $id = sprintf($account, $region);
        show($account, PanelSso\login('sendgrid', ['tenant' => 't', 'account_id' => $id, 'region' => $region]));
    }
}
echo "== the request and the provider\n";
show('no account_id', PanelSso\login('sendgrid', ['tenant' => 't', 'region' => 'eu']));
$r = PanelSso\login('sendgrid', ['tenant' => 't', 'account_id' => 'a', 'region' => 'mars']);
show('region mars', $r);
echo '    log: ', $r->logMessage, "\n";
$r = PanelSso\login('no-such-provider', ['tenant' => 't']);
show('unknown provider', $r);
echo '    log: ', $r->logMessage, "\n";
echo "== a sandbox that never answers (after timeout_ms)\n";
$t = time();
$r = PanelSso\login('sendgrid', ['tenant' => 't', 'account_id' => 'script-hang', 'region' => 'global']);
show('script-hang', $r);
echo '    within timeout_ms: ', var_export(time() - $t <= (int)test_env('PANELSSO_TEST_TIMEOUT_MS') / 1000 + 5, true), "\n";
?>
--EXPECT--
== global
script-401: AUTH_ERR_AUTH_REJECTED (3) http 401, retryAfter 0, errorId 'sbx-401', region 'global', URL none
    user: SendGrid login is not available right now: the hosting provider's SendGrid connection needs attention. Please contact support.
script-403: AUTH_ERR_FORBIDDEN (4) http 403, retryAfter 0, errorId 'sbx-403', region 'global', URL none
    user: Your SendGrid account cannot be opened from here. Please contact support.
script-404: AUTH_ERR_NOT_FOUND (5) http 404, retryAfter 0, errorId 'sbx-404', region 'global', URL none
    user: Your SendGrid account could not be found. Please contact support.
missing-tenant: AUTH_ERR_NOT_FOUND (5) http 404, retryAfter 0, errorId 'sbx-account-not-found', region 'global', URL none
    user: Your SendGrid account could not be found. Please contact support.
script-429-seconds: AUTH_ERR_RATE_LIMITED (6) http 429, retryAfter 30, errorId 'sbx-429', region 'global', URL none
    user: SendGrid is busy right now. Please try again in a minute.
script-429-epoch: AUTH_ERR_RATE_LIMITED (6) http 429, retryAfter 30, errorId 'sbx-429', region 'global', URL none
    user: SendGrid is busy right now. Please try again in a minute.
script-500: AUTH_ERR_UNAVAILABLE (7) http 500, retryAfter 0, errorId 'sbx-500', region 'global', URL none
    user: SendGrid is temporarily unavailable. Please try again in a few minutes.
script-503: AUTH_ERR_UNAVAILABLE (7) http 503, retryAfter 0, errorId 'sbx-503', region 'global', URL none
    user: SendGrid is temporarily unavailable. Please try again in a few minutes.
script-503-once-%s: AUTH_OK (0) ok http 303, retryAfter 0, errorId '', region 'global', URL given
    user: Done.
script-200: AUTH_ERR_PROTOCOL (8) http 200, retryAfter 0, errorId '', region 'global', URL none
    user: SendGrid login failed. Please try again later or contact support.
script-303-foreign: AUTH_ERR_PROTOCOL (8) http 303, retryAfter 0, errorId '', region 'global', URL none
    user: SendGrid login failed. Please try again later or contact support.
script-bad-json: AUTH_ERR_AUTH_REJECTED (3) http 401, retryAfter 0, errorId '', region 'global', URL none
    user: SendGrid login is not available right now: the hosting provider's SendGrid connection needs attention. Please contact support.
== eu
script-401: AUTH_ERR_AUTH_REJECTED (3) http 401, retryAfter 0, errorId 'sbx-401', region 'eu', URL none
    user: SendGrid login is not available right now: the hosting provider's SendGrid connection needs attention. Please contact support.
script-403: AUTH_ERR_FORBIDDEN (4) http 403, retryAfter 0, errorId 'sbx-403', region 'eu', URL none
    user: Your SendGrid account cannot be opened from here. Please contact support.
script-404: AUTH_ERR_NOT_FOUND (5) http 404, retryAfter 0, errorId 'sbx-404', region 'eu', URL none
    user: Your SendGrid account could not be found. Please contact support.
missing-tenant: AUTH_ERR_NOT_FOUND (5) http 404, retryAfter 0, errorId 'sbx-account-not-found', region 'eu', URL none
    user: Your SendGrid account could not be found. Please contact support.
script-429-seconds: AUTH_ERR_RATE_LIMITED (6) http 429, retryAfter 30, errorId 'sbx-429', region 'eu', URL none
    user: SendGrid is busy right now. Please try again in a minute.
script-429-epoch: AUTH_ERR_RATE_LIMITED (6) http 429, retryAfter 30, errorId 'sbx-429', region 'eu', URL none
    user: SendGrid is busy right now. Please try again in a minute.
script-500: AUTH_ERR_UNAVAILABLE (7) http 500, retryAfter 0, errorId 'sbx-500', region 'eu', URL none
    user: SendGrid is temporarily unavailable. Please try again in a few minutes.
script-503: AUTH_ERR_UNAVAILABLE (7) http 503, retryAfter 0, errorId 'sbx-503', region 'eu', URL none
    user: SendGrid is temporarily unavailable. Please try again in a few minutes.
script-503-once-%s: AUTH_OK (0) ok http 303, retryAfter 0, errorId '', region 'eu', URL given
    user: Done.
script-200: AUTH_ERR_PROTOCOL (8) http 200, retryAfter 0, errorId '', region 'eu', URL none
    user: SendGrid login failed. Please try again later or contact support.
script-303-foreign: AUTH_ERR_PROTOCOL (8) http 303, retryAfter 0, errorId '', region 'eu', URL none
    user: SendGrid login failed. Please try again later or contact support.
script-bad-json: AUTH_ERR_AUTH_REJECTED (3) http 401, retryAfter 0, errorId '', region 'eu', URL none
    user: SendGrid login is not available right now: the hosting provider's SendGrid connection needs attention. Please contact support.
== the request and the provider
no account_id: AUTH_ERR_INVALID_REQUEST (1) http 0, retryAfter 0, errorId '', region '', URL none
    user: This SendGrid account is not set up correctly in the panel. Please contact support.
region mars: AUTH_ERR_INVALID_REQUEST (1) http 0, retryAfter 0, errorId '', region '', URL none
    user: This SendGrid account is not set up correctly in the panel. Please contact support.
    log: region 'mars' is not supported: use 'global' or 'eu'
unknown provider: AUTH_ERR_CONFIG (2) http 0, retryAfter 0, errorId '', region '', URL none
    user: This service is not set up correctly. Please contact support.
    log: no provider instance named 'no-such-provider' is loaded: load its plugin or fix the provider name
== a sandbox that never answers (after timeout_ms)
script-hang: AUTH_ERR_UNAVAILABLE (7) http 0, retryAfter 0, errorId '', region 'global', URL none
    user: SendGrid could not be reached. Please try again in a few minutes.
    within timeout_ms: true