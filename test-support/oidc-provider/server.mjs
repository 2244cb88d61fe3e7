// A real OpenID Provider (oidc-provider) for the integration tests, on one loopback port, over HTTP
// or HTTPS. Started by dev.tollgate.testing.OidcProviderServer; everything it serves is made for
// one run (keys included) and lives in memory.
//
//   node server.mjs <config.json>
//
// config.json: {"port": N, "tls": {"key": "key.pem", "cert": "cert.pem"} | null,
//               "tokenTtlSeconds": N, "scope": "orders:read",
//               "clients": [{"id": "...", "secret": "..."}]}
//
// Client-credentials grants issue JWT access tokens (RFC 9068, typ at+jwt) for the resource the
// client names with the resource indicator (RFC 8707): the token's aud is that resource.
//
// Commands, one per line on stdin (each answered with one line on stdout):
//   rotate  -> "rotated <kid>"   a new RS256 key signs from now on; the older keys stay published
//   retire  -> "retired <kids>"  every key but the newest leaves the JWKS
// End of stdin stops the server: it never outlives the test JVM that started it.
import { readFileSync } from 'node:fs';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import readline from 'node:readline';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const scheme = config.tls ? 'https' : 'http';
const issuer = `${scheme}://127.0.0.1:${config.port}`;

function newKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

// Newest first: oidc-provider signs with the first key that fits the algorithm.
let keys = [newKey()];

function provider() {
  const p = new Provider(issuer, {
    clients: config.clients.map((c) => ({
      client_id: c.id,
      client_secret: c.secret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => false,
        getResourceServerInfo: (_ctx, resource) => ({
          audience: resource,
          scope: config.scope,
          accessTokenFormat: 'jwt',
          accessTokenTTL: config.tokenTtlSeconds,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    ttl: { ClientCredentials: config.tokenTtlSeconds },
  });
  // Loopback over plain HTTP is still "secure" for this test server's purposes.
  p.proxy = false;
  return p.callback();
}

let handler = provider();
const listener = (req, res) => handler(req, res);
const server = config.tls
  ? https.createServer({ key: readFileSync(config.tls.key), cert: readFileSync(config.tls.cert) }, listener)
  : http.createServer(listener);

server.listen(config.port, '127.0.0.1', () => {
  console.log(`oidc-provider listening at ${issuer} kid ${keys[0].kid}`);
});

const commands = readline.createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const command = line.trim();
  if (command === 'rotate') {
    keys = [newKey(), ...keys];
    handler = provider();
    console.log(`rotated ${keys[0].kid}`);
  } else if (command === 'retire') {
    const retired = keys.slice(1).map((k) => k.kid);
    keys = keys.slice(0, 1);
    handler = provider();
    console.log(`retired ${retired.join(',')}`);
  } else if (command) {
    console.log(`unknown command ${command}`);
  }
});
commands.on('close', () => {
  server.close();
  process.exit(0);
});
