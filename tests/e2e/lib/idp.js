// A real OpenID Connect identity provider for the sign-in tests: oidc-provider on 127.0.0.1 with
// a random port, its development login form (any password), a few test users and one client
// registered for the Debrief under test. Debrief discovers it at start-up, so it starts first.

import { createServer } from 'node:net'
import Provider from 'oidc-provider'

/** The test users, by login: one admin (through a group), one member, one from another domain. */
export const users = {
  ada: { email: 'ada@example.com', name: 'Ada Lovelace', groups: ['debrief-admins'] },
  grace: { email: 'grace@example.com', name: 'Grace Hopper', groups: ['sre'] },
  mallory: { email: 'mallory@elsewhere.test', name: 'Mallory Outsider', groups: [] }
}

export const client = { id: 'debrief', secret: 'debrief-test-secret' }

/** A port free right now on 127.0.0.1 (for a server whose URL must be known before it starts). */
export async function freePort () {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Starts the provider with a client redirecting to `redirectUris`; resolves to `{issuer, stop}`. */
export async function startIdp ({ redirectUris }) {
  const port = await freePort()
  const issuer = `http://127.0.0.1:${port}`
  const provider = new Provider(issuer, {
    clients: [{
      client_id: client.id,
      client_secret: client.secret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code']
    }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The claims asked for go into the ID token itself, which is what Debrief reads.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['debrief-test-idp'] },
    features: { devInteractions: { enabled: true } },
    async findAccount (_ctx, sub) {
      const user = users[sub]
      if (!user) return undefined
      return {
        accountId: sub,
        claims: async () => ({ sub, email: user.email, email_verified: true, name: user.name, groups: user.groups })
      }
    }
  })
  const server = provider.listen(port, '127.0.0.1')
  await new Promise((resolve, reject) => { server.once('listening', resolve); server.once('error', reject) })
  return {
    issuer,
    stop: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve) })
  }
}

/** Flags that make a Debrief use `issuer` (with the server key `key`, at `publicUrl`). */
export function oidcArgs ({ issuer, key, publicUrl, ttl = '1h' }) {
  return ['--auth-key', key, '--public-url', publicUrl, '--oidc-issuer', issuer,
    '--oidc-client-id', client.id, '--oidc-client-secret', client.secret,
    '--oidc-allowed-domains', 'example.com', '--oidc-admins', 'group:debrief-admins', '--session-ttl', ttl]
}

/**
 * Signs `login` in from `page` through the provider's development form: from /auth/login
 * (returning to `next`) to the provider, login, consent, and back. Resolves once back on
 * `baseUrl` (where a refused sign-in shows why).
 */
export async function signIn (page, baseUrl, login, next = '/') {
  await page.goto(`${baseUrl}/auth/login?next=${encodeURIComponent(next)}`)
  await providerForm(page, baseUrl, login)
}

/** Fills the provider's login (and consent) form as `login`; resolves once back on `baseUrl`. */
export async function providerForm (page, baseUrl, login) {
  await page.fill('input[name="login"]', login)
  await page.fill('input[name="password"]', 'any')
  await page.click('button[type="submit"]')
  // The first sign-in of a user asks for consent; refused sign-ins end on Debrief's /auth/callback.
  const back = (url) => url.href.startsWith(baseUrl)
  const step = await Promise.race([
    page.waitForURL(back).then(() => 'back'),
    page.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' }).then(() => 'consent')
  ])
  if (step === 'consent') {
    await page.click('button[type="submit"]')
    await page.waitForURL(back)
  }
}
