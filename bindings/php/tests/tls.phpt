--TEST--
AUTH_ERR_TLS: a provider whose CA file does not vouch for the sandbox's certificate gets no URL (and sends no key)
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/wrong-ca.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
$before = sso_requests('global', 'tls-tenant');
foreach (['global', 'eu'] as $region) {
    $r = PanelSso\login('sendgrid', ['tenant' => 't', 'account_id' => 'tls-tenant', 'region' => $region]);
    printf("%s: %s (%d), URL %s, http %d\n    user: %s\n", $region, $r->statusName, $r->status,
           $r->redirectUrl === null ? 'none' : 'given', $r->httpStatus, $r->userMessage);
}
echo 'requests that reached the global sandbox: ', sso_requests('global', 'tls-tenant') - $before, "\n";
?>
--EXPECT--
global: AUTH_ERR_TLS (9), URL none, http 0
    user: SendGrid could not be reached securely. Please contact support.
eu: AUTH_ERR_TLS (9), URL none, http 0
    user: SendGrid could not be reached securely. Please contact support.
requests that reached the global sandbox: 0
