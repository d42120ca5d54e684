<?php
// SPDX-License-Identifier: MIT
/*
 * Single sign-on from WHMCS into SendGrid through the panelsso extension:
 * the ServiceSingleSignOn function of a WHMCS provisioning module named
 * "sendgridsso" (modules/servers/sendgridsso/sendgridsso.php).
 *
 * WHMCS calls it when a client (or an admin) clicks the service's login
 * button, and sends the browser to 'redirectTo', or shows 'errorMsg'.
 * Each service keeps its SendGrid account in two custom fields, "SendGrid
 * Account ID" and "SendGrid Region" (global or eu).  The partner key never
 * comes near WHMCS: the extension's plugin read it as root when PHP started.
 */

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

function sendgridsso_ServiceSingleSignOn(array $params): array
{
    if (!extension_loaded('panelsso')) {
        return ['success' => false,
                'errorMsg' => 'SendGrid login is not set up on this server. Please contact support.'];
    }
    $fields = $params['customfields'] ?? [];
    $accountId = trim((string)($fields['SendGrid Account ID'] ?? ''));
    $region = strtolower(trim((string)($fields['SendGrid Region'] ?? '')));
    if ($accountId === '') {
        return ['success' => false,
                'errorMsg' => 'This service has no SendGrid account yet. Please contact support.'];
    }

    $result = PanelSso\login('sendgrid', [
        'tenant' => 'whmcs-service-' . (int)$params['serviceid'],
        'account_id' => $accountId,
        'region' => $region !== '' ? $region : 'global',
    ]);

    if (!$result->ok) {
        // For the operator: what failed and what to do.  Never $params (it
        // holds the service's password) and never a URL.
        logModuleCall('sendgridsso', 'ServiceSingleSignOn',
            ['serviceid' => $params['serviceid'], 'account_id' => $accountId, 'region' => $region],
            $result->statusName . ': ' . $result->logMessage,
            ['errorId' => $result->errorId, 'retryAfter' => $result->retryAfter]);
        // For the client: a sentence written for them.
        return ['success' => false, 'errorMsg' => $result->userMessage];
    }

    // The one-time URL goes to the browser and nowhere else: not to a log,
    // a session or a cache.  It works once, for about a minute.
    return ['success' => true, 'redirectTo' => $result->redirectUrl];
}
