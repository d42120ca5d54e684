--TEST--
Every status reaches PHP with its constant and name (from the test provider "status", which answers what it is asked); a status the extension does not know is AUTH_ERR_UNKNOWN, never success; every field passes through
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
$constants = (new ReflectionExtension('panelsso'))->getConstants();
foreach ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 99, -1, -7, 2147483647] as $asked) {
    $r = PanelSso\login('status', ['status' => (string)$asked]);
    $constant = array_search($r->status, $constants, true);
    printf("%d -> %s %d %s ok=%s URL=%s user='%s'\n", $asked, $constant, $r->status, $r->statusName,
           var_export($r->ok, true), $r->redirectUrl === null ? 'null' : 'set', $r->userMessage);
    if ($r->status === PanelSso\AUTH_ERR_UNKNOWN) {
        echo '    log: ', $r->logMessage, "\n";
    }
}
echo "== fields\n";
$r = PanelSso\login('status', ['status' => '6', 'retry_after' => '45', 'http_status' => '429',
                               'error_id' => 'e-42', 'region' => 'eu', 'expires_at' => '1700000000123']);
var_dump($r->retryAfter, $r->httpStatus, $r->errorId, $r->region, $r->expiresAt, $r->logMessage);
$r = PanelSso\login('status', ['url' => 'https://status.invalid/sso?code=abc#frag', 'expires_at' => '0']);
var_dump($r->ok, $r->redirectUrl, $r->expiresAt, $r->accountId, $r->state, $r->offerings);
echo "== check: the same statuses, never a URL\n";
$r = PanelSso\check('status', ['status' => '0']);
var_dump($r->ok, $r->redirectUrl, $r->logMessage);
$r = PanelSso\check('status', ['status' => '77']);
var_dump($r->ok, $r->status, $r->statusName);
echo "== account operations the provider does not implement\n";
$r = PanelSso\account_state('status', ['account_id' => 'a1', 'state' => 'on-hold']);
var_dump($r->statusName, $r->state, $r->accountId);
$r = PanelSso\account_delete('status', ['account_id' => 'a1']);
var_dump($r->statusName, $r->ok, $r->logMessage);
?>
--EXPECT--
0 -> PanelSso\AUTH_OK 0 AUTH_OK ok=true URL=set user='status: answered 0'
1 -> PanelSso\AUTH_ERR_INVALID_REQUEST 1 AUTH_ERR_INVALID_REQUEST ok=false URL=null user='status: answered 1'
2 -> PanelSso\AUTH_ERR_CONFIG 2 AUTH_ERR_CONFIG ok=false URL=null user='status: answered 2'
3 -> PanelSso\AUTH_ERR_AUTH_REJECTED 3 AUTH_ERR_AUTH_REJECTED ok=false URL=null user='status: answered 3'
4 -> PanelSso\AUTH_ERR_FORBIDDEN 4 AUTH_ERR_FORBIDDEN ok=false URL=null user='status: answered 4'
5 -> PanelSso\AUTH_ERR_NOT_FOUND 5 AUTH_ERR_NOT_FOUND ok=false URL=null user='status: answered 5'
6 -> PanelSso\AUTH_ERR_RATE_LIMITED 6 AUTH_ERR_RATE_LIMITED ok=false URL=null user='status: answered 6'
7 -> PanelSso\AUTH_ERR_UNAVAILABLE 7 AUTH_ERR_UNAVAILABLE ok=false URL=null user='status: answered 7'
8 -> PanelSso\AUTH_ERR_PROTOCOL 8 AUTH_ERR_PROTOCOL ok=false URL=null user='status: answered 8'
9 -> PanelSso\AUTH_ERR_TLS 9 AUTH_ERR_TLS ok=false URL=null user='status: answered 9'
10 -> PanelSso\AUTH_ERR_INTERNAL 10 AUTH_ERR_INTERNAL ok=false URL=null user='status: answered 10'
11 -> PanelSso\AUTH_ERR_VERSION 11 AUTH_ERR_VERSION ok=false URL=null user='status: answered 11'
12 -> PanelSso\AUTH_ERR_NOT_SUPPORTED 12 AUTH_ERR_NOT_SUPPORTED ok=false URL=null user='status: answered 12'
13 -> PanelSso\AUTH_ERR_OUTCOME_UNKNOWN 13 AUTH_ERR_OUTCOME_UNKNOWN ok=false URL=null user='status: answered 13'
14 -> PanelSso\AUTH_ERR_UNKNOWN -1 AUTH_ERR_UNKNOWN ok=false URL=null user='status: answered 14'
    log: the provider answered status 14, which this panelsso extension does not know: taken as a failure (upgrade the extension); the provider said: status: login answered 14 with 1 attribute(s)
99 -> PanelSso\AUTH_ERR_UNKNOWN -1 AUTH_ERR_UNKNOWN ok=false URL=null user='status: answered 99'
    log: the provider answered status 99, which this panelsso extension does not know: taken as a failure (upgrade the extension); the provider said: status: login answered 99 with 1 attribute(s)
-1 -> PanelSso\AUTH_ERR_UNKNOWN -1 AUTH_ERR_UNKNOWN ok=false URL=null user='status: answered -1'
    log: the provider answered status -1, which this panelsso extension does not know: taken as a failure (upgrade the extension); the provider said: status: login answered -1 with 1 attribute(s)
-7 -> PanelSso\AUTH_ERR_UNKNOWN -1 AUTH_ERR_UNKNOWN ok=false URL=null user='status: answered -7'
    log: the provider answered status -7, which this panelsso extension does not know: taken as a failure (upgrade the extension); the provider said: status: login answered -7 with 1 attribute(s)
2147483647 -> PanelSso\AUTH_ERR_UNKNOWN -1 AUTH_ERR_UNKNOWN ok=false URL=null user='status: answered 2147483647'
    log: the provider answered status 2147483647, which this panelsso extension does not know: taken as a failure (upgrade the extension); the provider said: status: login answered 2147483647 with 1 attribute(s)
== fields
int(45)
int(429)
string(4) "e-42"
string(2) "eu"
int(1700000000123)
string(44) "status: login answered 6 with 6 attribute(s)"
bool(true)
string(40) "https://status.invalid/sso?code=abc#frag"
NULL
NULL
NULL
array(0) {
}
== check: the same statuses, never a URL
bool(true)
NULL
string(44) "status: check answered 0 with 1 attribute(s)"
bool(false)
int(-1)
string(16) "AUTH_ERR_UNKNOWN"
== account operations the provider does not implement
string(7) "AUTH_OK"
string(7) "on-hold"
NULL
string(22) "AUTH_ERR_NOT_SUPPORTED"
bool(false)
string(181) "provider 'status' does not support account_delete (its plugin does not implement it): upgrade the plugin if a later version does, or manage the account in the provider's own console"