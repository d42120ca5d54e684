<?php
// SPDX-License-Identifier: MIT
/*
 * What every page of the panel shares: its settings and the tenant a form
 * names.  The partner key is nowhere in here: the panelsso extension's
 * plugin read it when php-fpm's master started (as root), from the file
 * that php.ini's panelsso.config names.
 */

declare(strict_types=1);

require __DIR__ . '/page.php';
require __DIR__ . '/session.php';
require __DIR__ . '/tenants.php';

const PROVIDER = 'sendgrid';
// The plan a new account starts on.
const NEW_ACCOUNT_OFFERINGS = [['name' => 'org.ei.free.v1', 'type' => 'package', 'quantity' => 1]];

if (!extension_loaded('panelsso')) {
    error_page(500, 'SendGrid is not set up', 'SendGrid login is not set up on this server. Please contact support.');
}

function tenant_store(): TenantStore
{
    // Set by the php-fpm pool (env[PANEL_TENANTS]).
    $file = getenv('PANEL_TENANTS');
    if (!is_string($file) || $file === '') {
        error_log('panel: PANEL_TENANTS is not set in the php-fpm pool: set env[PANEL_TENANTS] to the tenants file');
        error_page(500, 'The panel is not set up', 'The panel is not set up yet. Please contact support.');
    }
    return new TenantStore($file);
}

/** The panel's attributes of a tenant, as the SendGrid plugin takes them. */
function tenant_attributes(string $id, array $tenant): array
{
    $attributes = ['tenant' => $id, 'region' => (string)($tenant['region'] ?? 'global')];
    if (is_string($tenant['account_id'] ?? null)) {
        $attributes['account_id'] = $tenant['account_id'];
    }
    return $attributes;
}

/**
 * The tenant the form names, from the panel's own records.  A real panel
 * also checks here that the signed-in user may act for that tenant.
 *
 * @return array{0: string, 1: array<string, mixed>} its id and its record
 */
function posted_tenant(TenantStore $store): array
{
    $id = $_POST['tenant'] ?? null;
    $tenant = is_string($id) ? $store->find($id) : null;
    if ($tenant === null) {
        error_page(404, 'No such tenant', 'This tenant does not exist. Reload the panel and try again.');
    }
    return [$id, $tenant];
}
