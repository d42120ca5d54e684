--TEST--
Account operations that fail are Results: a create whose answer never came is AUTH_ERR_OUTCOME_UNKNOWN (and may have happened), a rate-limited read has retryAfter, a 503 on a read is retried by the plugin, a provider without the operation answers AUTH_ERR_NOT_SUPPORTED
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
    printf("%s: %s (%d) http %d retryAfter %d accountId=%s\n    user: %s\n    log: %s\n", $what, $r->statusName,
           $r->status, $r->httpStatus, $r->retryAfter, $r->accountId ?? 'null', $r->userMessage, $r->logMessage);
}
function created(string $region, string $email): array
{
    return array_map(fn($e) => $e['status'] . ($e['account_id'] !== '' ? ' created' : ' nothing created'),
        array_values(array_filter(sandbox_stats($region)['create_log'], fn($e) => $e['email'] === $email)));
}
$offerings = [['name' => 'org.ei.free.v1', 'type' => 'package']];

sandbox_arm('global', 'create', 'drop');
show('create, the connection dropped before an answer',
     PanelSso\account_create('sendgrid', ['tenant' => 't', 'region' => 'global'], ['email' => 'drop@acme.example'], $offerings));
echo '    the sandbox saw: ', implode(', ', created('global', 'drop@acme.example')), "\n";

sandbox_arm('eu', 'create', 'apply-hang');
show('create, carried out but its answer withheld (after timeout_ms)',
     PanelSso\account_create('sendgrid', ['tenant' => 't', 'region' => 'eu'], ['email' => 'hang@acme.example'], $offerings));
echo '    the sandbox saw: ', implode(', ', created('eu', 'hang@acme.example')), "\n";

sandbox_arm('global', 'create', '503');
show('create, answered 503 (never retried)',
     PanelSso\account_create('sendgrid', ['tenant' => 't', 'region' => 'global'], ['email' => 'busy@acme.example'], $offerings));
echo '    the sandbox saw: ', implode(', ', created('global', 'busy@acme.example')), "\n";

$a = ['tenant' => 't', 'region' => 'eu', 'account_id' => 'failures-eu-1'];
sandbox_arm('eu', 'state', '429');
show('state, rate-limited', PanelSso\account_state('sendgrid', $a));
sandbox_arm('eu', 'state', '503');
$r = PanelSso\account_state('sendgrid', $a);
show('state, one 503 and then the answer', $r);
echo '    state: ', $r->state, "\n";
sandbox_arm('global', 'set_state', '500', 5);
show('suspend, 500 every time', PanelSso\account_suspend('sendgrid', ['region' => 'global'] + $a));
sandbox_arm('global', 'catalog', '401');
show('catalog, key refused', PanelSso\catalog('sendgrid', ['tenant' => 't', 'region' => 'global']));
echo "== a provider that does not implement the operation\n";
show('account_create', PanelSso\account_create('status', ['tenant' => 't'], ['email' => 'x@acme.example'], $offerings));
show('catalog', PanelSso\catalog('status', ['tenant' => 't']));
sandbox_disarm();
?>
--CLEAN--
<?php
// Whatever happened above, no armed answer is left for the next test.
require __DIR__ . '/sandbox.inc';
sandbox_disarm();
?>
--EXPECTF--
create, the connection dropped before an answer: AUTH_ERR_OUTCOME_UNKNOWN (13) http 0 retryAfter 0 accountId=null
    user: The SendGrid account may or may not have been created. Please check before trying again.
    log: SendGrid (global) account creation: outcome unknown: the account may or may not exist now; look for it (SendGrid's account list) before creating it again; the request went out, then: the connection was closed before a complete response arrived (libcurl: Empty reply from server)
    the sandbox saw: 0 nothing created
create, carried out but its answer withheld (after timeout_ms): AUTH_ERR_OUTCOME_UNKNOWN (13) http 0 retryAfter 0 accountId=null
    user: The SendGrid account may or may not have been created. Please check before trying again.
    log: SendGrid (eu) account creation: outcome unknown: the account may or may not exist now; look for it (SendGrid's account list) before creating it again; the request went out, then: timed out; the service is slow or unreachable (see timeout_ms) (libcurl: Operation timed out after %d milliseconds with 0 bytes received)
    the sandbox saw: 0 created
create, answered 503 (never retried): AUTH_ERR_OUTCOME_UNKNOWN (13) http 503 retryAfter 0 accountId=null
    user: The SendGrid account may or may not have been created. Please check before trying again.
    log: SendGrid (global) account creation: outcome unknown: the account may or may not exist now; look for it (SendGrid's account list) before creating it again; it answered HTTP 503: "scripted: service unavailable"
    the sandbox saw: 503 nothing created
state, rate-limited: AUTH_ERR_RATE_LIMITED (6) http 429 retryAfter 30 accountId=null
    user: SendGrid is busy right now. Please try again in a minute.
    log: SendGrid (eu) rate-limited the account state read (429): SendGrid says "scripted: too many requests" (error_id sbx-429); retry after 30 s
state, one 503 and then the answer: AUTH_OK (0) http 200 retryAfter 0 accountId=null
    user: Done.
    log: SendGrid (eu) says the account's state is 'activated'
    state: activated
suspend, 500 every time: AUTH_ERR_UNAVAILABLE (7) http 500 retryAfter 0 accountId=null
    user: SendGrid is temporarily unavailable. Please try again in a few minutes.
    log: SendGrid (global) answered HTTP 500 to the account suspension: "scripted: internal server error"; retry later
catalog, key refused: AUTH_ERR_AUTH_REJECTED (3) http 401 retryAfter 0 accountId=null
    user: SendGrid account management is not available right now: the hosting provider's SendGrid connection needs attention. Please contact support.
    log: SendGrid (global) rejected the partner API key with 401: SendGrid says "scripted: authorization required" (error_id sbx-401); check that the global key is a current partner key
== a provider that does not implement the operation
account_create: AUTH_ERR_NOT_SUPPORTED (12) http 0 retryAfter 0 accountId=null
    user: This action is not available for your account. Please contact support.
    log: provider 'status' does not support account_create (its plugin does not implement it): upgrade the plugin if a later version does, or manage the account in the provider's own console
catalog: AUTH_ERR_NOT_SUPPORTED (12) http 0 retryAfter 0 accountId=null
    user: This action is not available for your account. Please contact support.
    log: provider 'status' does not support catalog (its plugin does not implement it): upgrade the plugin if a later version does, or manage the account in the provider's own console