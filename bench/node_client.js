/* SPDX-License-Identifier: MIT */
'use strict';
// Variant (d) of the benchmark: SendGrid's official Node client
// (@sendgrid/client, pinned in package.json) logging tenants in against the
// sandbox, sequentially, as a Node integration of partner SSO would.
//
//   node node_client.js --base-url URL --key-file FILE --ca-file FILE
//                       --logins N --warmup N [--account ID]
//
// The sandbox's CA is trusted through NODE_EXTRA_CA_CERTS (set by run.sh);
// --ca-file is only for the sandbox's test hooks.  Prints one JSON object
// with the same fields as bench-client.
const fs = require('fs');
const https = require('https');
const client = require('@sendgrid/client');

function args() {
  const a = { account: 'bench-account', logins: 1000, warmup: 200 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`option --${k} needs a value`);
    a[{ 'base-url': 'base', 'key-file': 'key', 'ca-file': 'ca' }[k] || k] = v;
  }
  a.logins = Number(a.logins);
  a.warmup = Number(a.warmup);
  if (!a.base || !a.key || !a.ca || !(a.logins > 0) || !(a.warmup >= 0)) {
    throw new Error('usage: node node_client.js --base-url URL --key-file FILE ' +
                    '--ca-file FILE --logins N --warmup N [--account ID]');
  }
  return a;
}

// The sandbox's test hooks, on a connection of their own.
function hook(a, method, path) {
  return new Promise((resolve, reject) => {
    const req = https.request(a.base + path, {
      method, ca: fs.readFileSync(a.ca), agent: false,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => (res.statusCode === 200 ? resolve(body)
        : reject(new Error(`${method} ${path}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function stats(a) {
  const s = JSON.parse(await hook(a, 'GET', '/_sandbox/stats'));
  return { cpuMs: s.cpu_user_ms + s.cpu_sys_ms, sso: s.sso_requests, conns: s.connections };
}

// One login.  The partner SSO call answers 303; with maxRedirects 0 the
// client does not follow it (following would spend the one-time code) and
// rejects with the response, whose Location is the login URL.
async function login(request) {
  try {
    await client.request(request);
  } catch (err) {
    const res = err.response;
    if (res && res.status === 303 && typeof res.headers.location === 'string') {
      return res.headers.location;
    }
    throw new Error(`login failed: ${res ? `HTTP ${res.status}` : err.code || err.message}`);
  }
  throw new Error('login failed: expected a 303, got a 2xx');
}

async function main() {
  const a = args();
  client.setApiKey(fs.readFileSync(a.key, 'utf8').trim());
  client.setDefaultRequest('baseUrl', a.base + '/');   // after setApiKey, which sets it
  client.setDefaultRequest('maxRedirects', 0);
  // Keep-alive, as Node >= 19 does by default; explicit so that Debian's
  // Node 18 reuses connections too, like the plugin.
  client.setDefaultRequest('httpsAgent', new https.Agent({ keepAlive: true }));
  const request = { method: 'POST', url: `/v3/partners/accounts/${encodeURIComponent(a.account)}/sso` };

  for (let i = 0; i < a.warmup; i++) await login(request);
  await hook(a, 'POST', '/_sandbox/reset');
  const before = await stats(a);
  const lat = new Float64Array(a.logins);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < a.logins; i++) {
    const s = process.hrtime.bigint();
    const url = await login(request);
    if (!url.startsWith('https://')) throw new Error('login URL is not https');
    lat[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const after = await stats(a);
  lat.sort();
  const pct = (p) => lat[Math.max(1, Math.ceil(p / 100 * lat.length)) - 1];
  const sandboxMs = after.cpuMs - before.cpuMs;
  console.log(JSON.stringify({
    variant: 'node',
    threads: 1,
    logins: a.logins,
    failures: 0,
    wall_s: +wall.toFixed(4),
    logins_per_s: +(a.logins / wall).toFixed(1),
    p50_us: +pct(50).toFixed(1),
    p99_us: +pct(99).toFixed(1),
    cpu_us_per_login: +((cpu.user + cpu.system) / a.logins).toFixed(2),
    peak_rss_kib: process.resourceUsage().maxRSS,
    sandbox_cpu_us_per_login: +(sandboxMs * 1000 / a.logins).toFixed(2),
    sandbox_cpu_share: +(sandboxMs / 1000 / wall).toFixed(3),
    sandbox_sso_requests: after.sso,
    sandbox_connections: after.conns - before.conns - 1,
  }));
}

main().catch((err) => {
  console.error(`node client: ${err.message}`);
  process.exit(1);
});
