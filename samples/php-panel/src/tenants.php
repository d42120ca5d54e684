<?php
// SPDX-License-Identifier: MIT
/*
 * The panel's own record of its tenants: a JSON file that only the panel
 * writes.  Which SendGrid account and region a tenant has comes from here,
 * never from the request: a form names the tenant, nothing more.
 *
 *   {"tenants": {"acme": {"name": "Acme Ltd", "region": "global",
 *                         "account_id": "ZGkrHSypTsudrGkmdpJJ",
 *                         "email": "ops@acme.example"}, ...}}
 *
 * account_id is null for a tenant without an account.  Writers take an
 * exclusive lock on a file beside it and replace the file with rename(2),
 * so readers never see half a file and need no lock.
 */

declare(strict_types=1);

final class TenantStore
{
    public function __construct(private readonly string $file)
    {
    }

    /** @return array<string, array<string, mixed>> every tenant, by id */
    public function all(): array
    {
        $json = @file_get_contents($this->file);
        if ($json === false) {
            throw new RuntimeException("cannot read the tenants file {$this->file}");
        }
        $data = json_decode($json, true, 16, JSON_THROW_ON_ERROR);
        $tenants = $data['tenants'] ?? null;
        if (!is_array($tenants)) {
            throw new RuntimeException("the tenants file {$this->file} has no \"tenants\" object");
        }
        return $tenants;
    }

    /** @return array<string, mixed>|null */
    public function find(string $id): ?array
    {
        $tenants = $this->all();
        return isset($tenants[$id]) && is_array($tenants[$id]) ? $tenants[$id] : null;
    }

    /**
     * Changes one tenant under the lock: $change gets its current record
     * and returns the new one, or null to leave the file as it is.
     * Returns what $change returned.
     */
    public function update(string $id, callable $change): ?array
    {
        $lock = fopen($this->file . '.lock', 'c');
        if ($lock === false || !flock($lock, LOCK_EX)) {
            throw new RuntimeException("cannot lock the tenants file {$this->file}");
        }
        try {
            $tenants = $this->all();
            if (!isset($tenants[$id])) {
                return null;
            }
            $record = $change($tenants[$id]);
            if ($record !== null) {
                $tenants[$id] = $record;
                $this->write($tenants);
            }
            return $record;
        } finally {
            flock($lock, LOCK_UN);
            fclose($lock);
        }
    }

    private function write(array $tenants): void
    {
        $json = json_encode(['tenants' => $tenants],
                            JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
        $tmp = $this->file . '.tmp';
        if (file_put_contents($tmp, $json . "\n") === false || !rename($tmp, $this->file)) {
            throw new RuntimeException("cannot write the tenants file {$this->file}");
        }
    }
}
