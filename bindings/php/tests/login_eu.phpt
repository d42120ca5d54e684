--TEST--
login against the EU sandbox: region eu gives a one-time URL on the EU sandbox (the global one sees nothing) that logs into the tenant's account once, with its expiry and region
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
$before = [sso_requests('global', 'sg2a2bcd3ef4ab5c67d8efab91c01de2fa'), sso_requests('eu', 'sg2a2bcd3ef4ab5c67d8efab91c01de2fa')];
$t0 = time() * 1000;
$r = PanelSso\login('sendgrid', ['tenant' => 'acme', 'account_id' => 'sg2a2bcd3ef4ab5c67d8efab91c01de2fa', 'region' => 'eu']);
var_dump($r->ok, $r->status === PanelSso\AUTH_OK, $r->statusName, $r->region, $r->httpStatus,
         $r->retryAfter, $r->errorId, $r->userMessage, $r->logMessage, $r->accountId, $r->state, $r->offerings);
echo 'URL: ', url_shape($r->redirectUrl), "\n";
echo 'on the EU sandbox: ', var_export(str_starts_with($r->redirectUrl, sandbox_url('eu') . '/'), true), "\n";
// The sandbox's codes live 60 s from when it answered, which was between
// the two clock readings around the call.
$t1 = (time() + 1) * 1000;
echo 'expires 60 s after the answer: ', var_export($r->expiresAt >= $t0 + 60000 && $r->expiresAt <= $t1 + 60000, true), "\n";
echo 'requests the global and EU sandboxes saw: ', sso_requests('global', 'sg2a2bcd3ef4ab5c67d8efab91c01de2fa') - $before[0], ' and ', sso_requests('eu', 'sg2a2bcd3ef4ab5c67d8efab91c01de2fa') - $before[1], "\n";
echo visit($r->redirectUrl), "\n";
echo visit($r->redirectUrl), "\n";
?>
--EXPECTF--
bool(true)
bool(true)
string(7) "AUTH_OK"
string(2) "eu"
int(303)
int(0)
string(0) ""
string(5) "Done."
string(53) "SendGrid (eu) issued a one-time login URL, valid 60 s"
NULL
NULL
array(0) {
}
URL: https://127.0.0.1:%d/login?code=<32 hex digits>
on the EU sandbox: true
expires 60 s after the answer: true
requests the global and EU sandboxes saw: 0 and 1
HTTP 200: logged in to sg2a2bcd3ef4ab5c67d8efab91c01de2fa (region eu)
HTTP 403: this login link has expired or was already used
