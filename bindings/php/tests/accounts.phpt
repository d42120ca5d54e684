--TEST--
The account operations against the global and EU sandboxes: create (profile, offerings, test account), state, suspend (login refused), unsuspend, offerings, set_offerings, catalog, delete; an account lives in its region only; the Result carries accountId, state and offerings
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
    $offerings = array_map(fn($o) => "$o[name]:$o[type]:$o[quantity]", $r->offerings);
    printf("%s: %s http %d accountId=%s state=%s offerings=[%s]\n", $what, $r->statusName, $r->httpStatus,
           $r->accountId ?? 'null', $r->state ?? 'null', implode(' ', $offerings));
}
foreach (['global', 'eu'] as $region) {
    echo "== $region\n";
    $tenant = ['tenant' => "lifecycle-$region", 'region' => $region];
    $email = "ada-$region@acme.example";
    $r = PanelSso\account_create('sendgrid', $tenant,
        ['first_name' => 'Ada', 'last_name' => 'Lovelace', 'company_name' => 'Acme Ltd',
         'company_website' => 'https://acme.example', 'email' => $email,
         'phone' => '+15555550100', 'timezone' => 'Europe/London'],
        [['name' => 'org.ei.essentials.v1', 'type' => 'package', 'quantity' => 1],
         ['name' => 'org.ei.addon.marketing_campaigns.v1', 'type' => 'addon']],
        true);
    show('create', $r);
    echo '    ', $r->logMessage, "\n";
    $id = $r->accountId;
    echo '    an id of the sandbox: ', var_export((bool)preg_match('/^sg[0-9a-f]{32}$/', $id), true), "\n";
    $created = array_values(array_filter(sandbox_stats($region)['create_log'], fn($e) => $e['account_id'] === $id));
    echo '    the sandbox created it for ', $created[0]['email'], ' as a test account: ', var_export($created[0]['test_account'], true), "\n";
    $a = $tenant + ['account_id' => $id];
    show('state', PanelSso\account_state('sendgrid', $a));
    show('offerings', PanelSso\account_offerings('sendgrid', $a));
    show('suspend', PanelSso\account_suspend('sendgrid', $a));
    show('suspend again', PanelSso\account_suspend('sendgrid', $a));
    show('state', PanelSso\account_state('sendgrid', $a));
    show('login while suspended', PanelSso\login('sendgrid', $a));
    show('unsuspend', PanelSso\account_unsuspend('sendgrid', $a));
    $r = PanelSso\login('sendgrid', $a);
    show('login', $r);
    echo '    ', str_replace($id, 'THE NEW ACCOUNT', visit($r->redirectUrl)), "\n";
    $other = $region === 'eu' ? 'global' : 'eu';
    show("state in the $other region", PanelSso\account_state('sendgrid', ['region' => $other] + $a));
    $r = PanelSso\account_set_offerings('sendgrid', $a, [
        ['name' => 'org.ei.pro.v1', 'type' => 'package'],
        ['name' => 'org.ei.addon.dedicated_ip.v1', 'type' => 'addon', 'quantity' => 2]]);
    show('set_offerings', $r);
    // What a read answers can be sent back as it is.
    show('set_offerings with what offerings read', PanelSso\account_set_offerings('sendgrid', $a,
        PanelSso\account_offerings('sendgrid', $a)->offerings));
    $r = PanelSso\account_set_offerings('sendgrid', $a, [['name' => 'org.ei.nope.v1', 'type' => 'package']]);
    show('set_offerings with an unknown name', $r);
    echo '    ', $r->userMessage, "\n";
    show('offerings', PanelSso\account_offerings('sendgrid', $a));
    show('catalog', PanelSso\catalog('sendgrid', $tenant));
    show('delete', PanelSso\account_delete('sendgrid', $a));
    show('delete again', PanelSso\account_delete('sendgrid', $a));
    show('state', PanelSso\account_state('sendgrid', $a));
    show('login', PanelSso\login('sendgrid', $a));
}
echo "== what the plugin refuses before sending\n";
$r = PanelSso\account_create('sendgrid', ['tenant' => 't', 'region' => 'global'], ['email' => 'ada@acme.example'], []);
show('create without offerings', $r);
echo '    ', $r->logMessage, "\n";
$r = PanelSso\account_create('sendgrid', ['tenant' => 't', 'region' => 'eu'], ['email' => 'not-an-address'],
                             [['name' => 'org.ei.free.v1', 'type' => 'package']]);
show('create with a bad email', $r);
echo '    ', $r->userMessage, "\n";
show('state without account_id', PanelSso\account_state('sendgrid', ['tenant' => 't', 'region' => 'global']));
?>
--EXPECTF--
== global
create: AUTH_OK http 201 accountId=sg%x state=null offerings=[]
    SendGrid (global) created account sg%x (a test account)
    an id of the sandbox: true
    the sandbox created it for ada-global@acme.example as a test account: true
state: AUTH_OK http 200 accountId=null state=activated offerings=[]
offerings: AUTH_OK http 200 accountId=null state=null offerings=[org.ei.essentials.v1:package:1 org.ei.addon.marketing_campaigns.v1:addon:1]
suspend: AUTH_OK http 204 accountId=null state=deactivated offerings=[]
suspend again: AUTH_OK http 204 accountId=null state=deactivated offerings=[]
state: AUTH_OK http 200 accountId=null state=deactivated offerings=[]
login while suspended: AUTH_ERR_FORBIDDEN http 403 accountId=null state=null offerings=[]
unsuspend: AUTH_OK http 204 accountId=null state=activated offerings=[]
login: AUTH_OK http 303 accountId=null state=null offerings=[]
    HTTP 200: logged in to THE NEW ACCOUNT (region global)
state in the eu region: AUTH_ERR_NOT_FOUND http 404 accountId=null state=null offerings=[]
set_offerings: AUTH_OK http 200 accountId=null state=null offerings=[org.ei.pro.v1:package:1 org.ei.addon.dedicated_ip.v1:addon:2]
set_offerings with what offerings read: AUTH_OK http 200 accountId=null state=null offerings=[org.ei.pro.v1:package:1 org.ei.addon.dedicated_ip.v1:addon:2]
set_offerings with an unknown name: AUTH_ERR_INVALID_REQUEST http 400 accountId=null state=null offerings=[]
    SendGrid refused the account details (offerings[0].name). Please correct them and try again.
offerings: AUTH_OK http 200 accountId=null state=null offerings=[org.ei.pro.v1:package:1 org.ei.addon.dedicated_ip.v1:addon:2]
catalog: AUTH_OK http 200 accountId=null state=null offerings=[org.ei.free.v1:package:1 org.ei.essentials.v1:package:1 org.ei.pro.v1:package:1 org.ei.addon.dedicated_ip.v1:addon:1 org.ei.addon.marketing_campaigns.v1:addon:1]
delete: AUTH_OK http 204 accountId=null state=null offerings=[]
delete again: AUTH_ERR_NOT_FOUND http 404 accountId=null state=null offerings=[]
state: AUTH_ERR_NOT_FOUND http 404 accountId=null state=null offerings=[]
login: AUTH_ERR_NOT_FOUND http 404 accountId=null state=null offerings=[]
== eu
create: AUTH_OK http 201 accountId=sg%x state=null offerings=[]
    SendGrid (eu) created account sg%x (a test account)
    an id of the sandbox: true
    the sandbox created it for ada-eu@acme.example as a test account: true
state: AUTH_OK http 200 accountId=null state=activated offerings=[]
offerings: AUTH_OK http 200 accountId=null state=null offerings=[org.ei.essentials.v1:package:1 org.ei.addon.marketing_campaigns.v1:addon:1]
suspend: AUTH_OK http 204 accountId=null state=deactivated offerings=[]
suspend again: AUTH_OK http 204 accountId=null state=deactivated offerings=[]
state: AUTH_OK http 200 accountId=null state=deactivated offerings=[]
login while suspended: AUTH_ERR_FORBIDDEN http 403 accountId=null state=null offerings=[]
unsuspend: AUTH_OK http 204 accountId=null state=activated offerings=[]
login: AUTH_OK http 303 accountId=null state=null offerings=[]
    HTTP 200: logged in to THE NEW ACCOUNT (region eu)
state in the global region: AUTH_ERR_NOT_FOUND http 404 accountId=null state=null offerings=[]
set_offerings: AUTH_OK http 200 accountId=null state=null offerings=[org.ei.pro.v1:package:1 org.ei.addon.dedicated_ip.v1:addon:2]
set_offerings with what offerings read: AUTH_OK http 200 accountId=null state=null offerings=[org.ei.pro.v1:package:1 org.ei.addon.dedicated_ip.v1:addon:2]
set_offerings with an unknown name: AUTH_ERR_INVALID_REQUEST http 400 accountId=null state=null offerings=[]
    SendGrid refused the account details (offerings[0].name). Please correct them and try again.
offerings: AUTH_OK http 200 accountId=null state=null offerings=[org.ei.pro.v1:package:1 org.ei.addon.dedicated_ip.v1:addon:2]
catalog: AUTH_OK http 200 accountId=null state=null offerings=[org.ei.free.v1:package:1 org.ei.essentials.v1:package:1 org.ei.pro.v1:package:1 org.ei.addon.dedicated_ip.v1:addon:1 org.ei.addon.marketing_campaigns.v1:addon:1]
delete: AUTH_OK http 204 accountId=null state=null offerings=[]
delete again: AUTH_ERR_NOT_FOUND http 404 accountId=null state=null offerings=[]
state: AUTH_ERR_NOT_FOUND http 404 accountId=null state=null offerings=[]
login: AUTH_ERR_NOT_FOUND http 404 accountId=null state=null offerings=[]
== what the plugin refuses before sending
create without offerings: AUTH_ERR_INVALID_REQUEST http 0 accountId=null state=null offerings=[]
    the request lists no offerings: give at least one (the package, e.g. org.ei.free.v1)
create with a bad email: AUTH_ERR_INVALID_REQUEST http 0 accountId=null state=null offerings=[]
    The SendGrid account details are not valid (email). Please correct them and try again.
state without account_id: AUTH_ERR_INVALID_REQUEST http 0 accountId=null state=null offerings=[]