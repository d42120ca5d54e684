<?php
// SPDX-License-Identifier: MIT
/*
 * Run by a php-fpm worker for fpm-test.sh: who it runs as, whether it could
 * read the partner key or the configuration itself, and a login through the
 * loader its master made.  The answer is JSON for check-response.php; the
 * one-time URL in it goes to the checker, as it would go to a browser.
 */
header('Content-Type: application/json');
$key = $_SERVER['KEY_FILE'];
$config = $_SERVER['CONFIG_FILE'];
$r = PanelSso\login('sendgrid', ['tenant' => 'fpm', 'account_id' => $_GET['account'], 'region' => 'global']);
$providers = PanelSso\providers();
echo json_encode([
    'euid' => posix_geteuid(),
    'user' => posix_getpwuid(posix_geteuid())['name'],
    'ppid' => posix_getppid(),
    'key_readable' => is_readable($key),
    'key_opened' => @fopen($key, 'r') !== false,
    'config_readable' => is_readable($config),
    'providers' => array_column(array_filter($providers, 'is_int', ARRAY_FILTER_USE_KEY), 'name'),
    'failed' => count($providers['failed']),
    'status' => $r->statusName,
    'log' => $r->logMessage,
    'url' => $r->redirectUrl,
], JSON_UNESCAPED_SLASHES);
