--TEST--
login against the global sandbox: a one-time URL on the global sandbox that logs into the tenant's account once, with its expiry and region
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
$before = [sso_requests('global', 'ZGkrHSypTsudrGkmdpJJ'), sso_requests('eu', 'ZGkrHSypTsudrGkmdpJJ')];
$t0 = time() * 1000;
$r = PanelSso\login('sendgrid', ['tenant' => 'acme', 'account_id' => 'ZGkrHSypTsudrGkmdpJJ', 'region' => 'global']);
var_dump($r->ok, $r->status === PanelSso\AUTH_OK, $r->statusName, $r->region, $r->httpStatus,
         $r->retryAfter, $r->errorId, $r->userMessage, $r->logMessage, $r->accountId, $r->state, $r->offerings);
echo 'URL: ', url_shape($r->redirectUrl), "\n";
echo 'on the global sandbox: ', var_export(str_starts_with($r->redirectUrl, sandbox_url('global') . '/'), true), "\n";
// The sandbox's codes live 60 s from when it answered, which was between
// the two clock readings around the call.
$t1 = (time() + 1) * 1000;
echo 'expires 60 s after the answer: ', var_export($r->expiresAt >= $t0 + 60000 && $r->expiresAt <= $t1 + 60000, true), "\n";
echo 'requests the global and EU sandboxes saw: ', sso_requests('global', 'ZGkrHSypTsudrGkmdpJJ') - $before[0], ' and ', sso_requests('eu', 'ZGkrHSypTsudrGkmdpJJ') - $before[1], "\n";
echo visit($r->redirectUrl), "\n";
echo visit($r->redirectUrl), "\n";
?>
--EXPECTF--
bool(true)
bool(true)
string(7) "AUTH_OK"
string(6) "global"
int(303)
int(0)
string(0) ""
string(5) "Done."
string(57) "SendGrid (global) issued a one-time login URL, valid 60 s"
NULL
NULL
array(0) {
}
URL: https://127.0.0.1:%d/login?code=<32 hex digits>
on the global sandbox: true
expires 60 s after the answer: true
requests the global and EU sandboxes saw: 1 and 0
HTTP 200: logged in to ZGkrHSypTsudrGkmdpJJ (region global)
HTTP 403: this login link has expired or was already used
