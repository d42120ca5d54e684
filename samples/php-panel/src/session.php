<?php
// SPDX-License-Identifier: MIT
/*
 * The browser's session and the CSRF token bound to it.
 *
 * Every form carries the session's token, and every POST is refused unless
 * it carries that same token.  The decision rests on the token alone:
 * Host, Origin and Referer are whatever the client (or a rebound DNS name)
 * says, so they decide nothing here.  The cookie is HttpOnly (scripts
 * cannot read it) and SameSite=Strict (other sites' pages do not send it),
 * which a cross-site POST meets before it even gets to the token.
 */

declare(strict_types=1);

function panel_session_start(bool $readOnly = false): void
{
    session_start([
        'name' => 'panel_session',
        'cookie_httponly' => true,
        'cookie_samesite' => 'Strict',
        // Over HTTPS the cookie never goes out in the clear.  $_SERVER['HTTPS']
        // comes from nginx (fastcgi_params), not from the client.
        'cookie_secure' => ($_SERVER['HTTPS'] ?? '') === 'on',
        'use_strict_mode' => true,
        'use_only_cookies' => true,
        'use_trans_sid' => false,
        // Nothing of the session is cached by a browser or a proxy.
        'cache_limiter' => 'nocache',
        // A reader lets go of the session file at once, so a slow call to
        // SendGrid does not hold up the same user's other requests.
        'read_and_close' => $readOnly,
    ]);
}

/** The token for this session's forms, made on first use. */
function csrf_token(): string
{
    if (!isset($_SESSION['csrf_token']) || !is_string($_SESSION['csrf_token'])) {
        $_SESSION['csrf_token'] = bin2hex(random_bytes(32));
    }
    return $_SESSION['csrf_token'];
}

/** Whether this POST carries the session's token (compared in constant time). */
function csrf_valid(): bool
{
    $expected = $_SESSION['csrf_token'] ?? null;
    $given = $_POST['csrf_token'] ?? null;
    return is_string($expected) && is_string($given) && hash_equals($expected, $given);
}

/**
 * The start of every action: a POST, in a session, with its token.  Anything
 * else gets an error page and the script ends here, before any call to
 * SendGrid.
 */
function require_post_with_token(bool $readOnly): void
{
    if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
        header('Allow: POST');
        error_page(405, 'Method not allowed', 'Use the buttons on the panel.');
    }
    panel_session_start($readOnly);
    if (!csrf_valid()) {
        error_page(403, 'Request refused',
                   'This form has expired or did not come from this panel. Reload the panel and try again.');
    }
}
