<?php
// SPDX-License-Identifier: MIT
/*
 * Reads one FastCGI response of sso.php on stdin and checks it for
 * fpm-test.sh; prints what it found, never the one-time URL's query.
 * usage: check-response.php ACCOUNT MASTER_PID CA_FILE EXPECTED_STATUS
 * Exit status 0 when everything holds.
 */
[, $account, $masterPid, $ca, $expected] = $argv;
$raw = stream_get_contents(STDIN);
$body = substr($raw, (int)strpos($raw, "\r\n\r\n") + 4);
$a = json_decode($body, true);
if (!is_array($a)) {
    echo "  $account: no JSON in the response (", strlen($raw), " bytes)\n";
    exit(1);
}
$ok = true;
function check(bool $holds, string $what): void
{
    global $ok;
    echo '  ', $holds ? 'ok   ' : 'FAIL ', $what, "\n";
    $ok = $ok && $holds;
}
echo "$account:\n";
check($a['user'] === 'www-data' && $a['euid'] === posix_getpwnam('www-data')['uid'], "the worker runs as {$a['user']} (euid {$a['euid']})");
check($a['ppid'] === (int)$masterPid, "the worker is a child of the master ($a[ppid])");
check($a['key_readable'] === false && $a['key_opened'] === false, 'the worker cannot read the key file: is_readable ' . var_export($a['key_readable'], true) . ', fopen ' . ($a['key_opened'] ? 'opened it' : 'failed'));
check($a['config_readable'] === false, 'the worker cannot read the configuration: ' . var_export($a['config_readable'], true));
check($a['status'] === $expected, "login: $a[status] (expected $expected): $a[log]");
if ($expected === 'AUTH_OK') {
    check($a['providers'] === ['sendgrid'] && $a['failed'] === 0, 'providers(): ' . implode(', ', $a['providers']) . ", $a[failed] failed");
    $url = $a['url'];
    check(is_string($url) && preg_match('{^https://127\.0\.0\.1:\d+/login\?code=[0-9a-f]{32}$}', $url) === 1,
          'a one-time URL on the sandbox (' . (is_string($url) ? preg_replace('/\?.*/', '?<redacted>', $url) : 'none') . ')');
    $ctx = stream_context_create(['http' => ['ignore_errors' => true, 'timeout' => 10],
                                  'ssl' => ['cafile' => $ca, 'peer_name' => '127.0.0.1']]);
    $page = is_string($url) ? (string)@file_get_contents($url, false, $ctx) : '';
    check(str_contains($page, "Logged in to SendGrid account <b>$account</b>"), "visiting it logs into $account");
    $again = is_string($url) ? (string)@file_get_contents($url, false, $ctx) : '';
    check(str_contains($again, 'expired or was already used'), 'a second visit is refused');
} else {
    check($a['url'] === null && $a['providers'] === [] && $a['failed'] === 1, 'no URL, no provider, one failure listed');
}
exit($ok ? 0 : 1);
