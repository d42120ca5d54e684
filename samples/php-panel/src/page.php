<?php
// SPDX-License-Identifier: MIT
/*
 * What the panel sends back: HTML pages, every value escaped, none of them
 * cached, and the error pages for a refused request or a failed call.
 */

declare(strict_types=1);

/** Text for HTML, in an element or an attribute. */
function h(string $text): string
{
    return htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML5, 'UTF-8');
}

/** Headers every answer of the panel carries, pages and redirects alike. */
function send_common_headers(): void
{
    // Pages hold the CSRF token and account details; the 303 holds a
    // one-time login URL.  No copy of either belongs in a cache.
    header('Cache-Control: no-store');
    // The URL a browser leaves a page with is never sent on to SendGrid.
    header('Referrer-Policy: no-referrer');
    header('X-Content-Type-Options: nosniff');
    // No scripts at all, no framing.  (No form-action: browsers apply it to
    // where a form's redirect leads too, and "Open SendGrid" leads away.)
    header("Content-Security-Policy: default-src 'none'; style-src 'self'; "
           . "frame-ancestors 'none'; base-uri 'none'");
}

function page_start(string $title, int $status = 200): void
{
    http_response_code($status);
    send_common_headers();
    header('Content-Type: text/html; charset=utf-8');
    echo "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n",
         '<title>', h($title), "</title>\n",
         "<link rel=\"stylesheet\" href=\"/panel.css\"></head>\n<body>\n",
         '<h1>', h($title), "</h1>\n";
}

function page_end(): void
{
    echo "</body></html>\n";
}

/** An error page for the user; the script ends here. */
function error_page(int $status, string $title, string $message, int $retryAfter = 0): never
{
    if ($retryAfter > 0) {
        header('Retry-After: ' . $retryAfter);
    }
    page_start($title, $status);
    echo '<p class="error">', h($message), "</p>\n",
         "<p><a href=\"/\">Back to the panel</a></p>\n";
    page_end();
    exit;
}

/**
 * A call that failed: the user reads the Result's userMessage, written for
 * them; the operator finds what happened and what to do in the PHP error
 * log.  Neither ever holds a URL or a key.
 */
function failed_call_page(string $what, string $tenantId, PanelSso\Result $r): never
{
    error_log(sprintf('panel: %s for tenant "%s" failed: %s: %s%s', $what, $tenantId,
                      $r->statusName, $r->logMessage,
                      $r->errorId !== '' ? " (error id {$r->errorId})" : ''));
    $status = match ($r->status) {
        PanelSso\AUTH_ERR_RATE_LIMITED => 429,
        PanelSso\AUTH_ERR_UNAVAILABLE => 503,
        default => 502,
    };
    error_page($status, 'SendGrid could not do that', $r->userMessage, $r->retryAfter);
}
