<?php
// SPDX-License-Identifier: MIT
/*
 * A scripted browser for the sample panel: loads the list (for the session
 * cookie and its CSRF token), clicks "Open SendGrid" for one tenant and
 * prints what the panel answered: the status line, and the Location header
 * of a 303 or the message of an error page.  scripts/demo.sh runs it when
 * no one is at a terminal to click.
 *
 * usage: php8.2 -n open-once.php PANEL_URL TENANT
 * Exit status 0 for a 303, 1 otherwise.
 */

declare(strict_types=1);

[$self, $panel, $tenant] = $argv + [null, null, null];
if ($panel === null || $tenant === null) {
    fwrite(STDERR, "usage: php8.2 -n open-once.php PANEL_URL TENANT\n");
    exit(2);
}

function http(string $method, string $url, array $headers = [], string $body = ''): array
{
    $ctx = stream_context_create(['http' => [
        'method' => $method, 'header' => implode("\r\n", $headers), 'content' => $body,
        'follow_location' => 0, 'ignore_errors' => true, 'timeout' => 30,
    ]]);
    $page = @file_get_contents($url, false, $ctx);
    if ($page === false) {
        fwrite(STDERR, "open-once: no answer from $url\n");
        exit(1);
    }
    return [$http_response_header, $page];
}

[$headers, $page] = http('GET', "$panel/");
$cookie = preg_grep('/^Set-Cookie: panel_session=/i', $headers);
preg_match('/name="csrf_token" value="([0-9a-f]{64})"/', $page, $token);
if (!$cookie || !$token) {
    fwrite(STDERR, "open-once: the list page gave no session cookie or no CSRF token\n");
    exit(1);
}
$cookie = explode(';', substr(reset($cookie), strlen('Set-Cookie: ')))[0];

[$headers, $page] = http('POST', "$panel/open",
    ["Cookie: $cookie", 'Content-Type: application/x-www-form-urlencoded'],
    http_build_query(['csrf_token' => $token[1], 'tenant' => $tenant]));
echo $headers[0], "\n";
foreach ($headers as $h) {
    if (preg_match('/^(Location|Cache-Control|Referrer-Policy|Retry-After):/i', $h)) {
        echo $h, "\n";
    }
}
if (preg_match('#<p class="error">(.*?)</p>#', $page, $m)) {
    echo 'Message: ', html_entity_decode($m[1], ENT_QUOTES | ENT_HTML5), "\n";
}
exit(str_contains($headers[0], ' 303 ') ? 0 : 1);
