// Sign-in with OpenID Connect against a real identity provider (oidc-provider, lib/idp.js): the
// browser signs in through the provider's form and lands in the app as the provider names it;
// the session cookie's flags; signing out ends the session and closes its sockets (4401);
// sessions expire; other e-mail domains, forged states and replayed callbacks are refused;
// sessions survive a restart but not a change of server key; cookie-authenticated writes need
// this server's Origin; the name other peers see is the server's.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { useServer, startServer, tempDataDir, personPage, createPostmortem, openPostmortem, comment } from './lib/harness.js'
import { startIdp, freePort, oidcArgs, signIn, providerForm, users } from './lib/idp.js'

const KEY = 'e2e-oidc-key'
const port = await freePort()
const shortPort = await freePort()
const baseUrl = `http://127.0.0.1:${port}`
const shortUrl = `http://127.0.0.1:${shortPort}`
const idp = await startIdp({ redirectUris: [`${baseUrl}/auth/callback`, `${shortUrl}/auth/callback`] })
after(() => idp.stop())

const env = useServer({ port, args: oidcArgs({ issuer: idp.issuer, key: KEY, publicUrl: baseUrl }) })

/** A new browser context signed in as `login`; resolves to its page. */
async function member (login, next) {
  const page = await personPage(env.browser, null)
  await signIn(page, baseUrl, login, next)
  // A sign-in that failed ends on /auth/callback, on a page saying why.
  assert.notEqual(new URL(page.url()).pathname, '/auth/callback', await page.textContent('body'))
  return page
}

/** The `Cookie` header of `page`'s session, for requests made outside the browser. */
async function cookieOf (page) {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'debrief_session')
  assert.ok(cookie, 'a session cookie')
  return `${cookie.name}=${cookie.value}`
}

const session = (url, cookie) => fetch(`${url}/api/session`, { headers: cookie ? { cookie } : {} })

test('signing in lands in the app under the provider\'s name, with a locked-down cookie', async () => {
  const page = await member('ada')
  assert.equal(new URL(page.url()).pathname, '/')
  assert.equal(await page.textContent('#account-name'), users.ada.name)
  const response = await session(baseUrl, await cookieOf(page))
  assert.equal(response.status, 200)
  const { expires_at: expiresAt, csrfToken, ...body } = await response.json()
  assert.ok(csrfToken, 'a CSRF token for the browser\'s own pages')
  assert.deepEqual(body, { mode: 'member', role: 'admin', name: 'Ada Lovelace', email: 'ada@example.com', initials: 'AL', admin: true })
  const hour = (Date.parse(expiresAt) - Date.now()) / 3600_000
  assert.ok(hour > 0.9 && hour <= 1, `expires in the --session-ttl of 1h: ${expiresAt}`)
  const cookie = (await page.context().cookies()).find((c) => c.name === 'debrief_session')
  assert.equal(cookie.httpOnly, true)
  assert.equal(cookie.sameSite, 'Lax')
  assert.equal(cookie.secure, false, 'not Secure under an http public URL')
  // Every page says who is signed in, the list of all action items too.
  await page.goto(`${baseUrl}/action-items`)
  await page.locator('#account-name', { hasText: users.ada.name }).waitFor()
  // A member without an admin group edits but does not administer.
  const grace = await member('grace')
  const graceSession = await session(baseUrl, await cookieOf(grace)).then((r) => r.json())
  assert.equal(graceSession.role, 'editor')
  assert.equal(graceSession.admin, false)
  await page.context().close()
  await grace.context().close()
})

test('signed out, the app offers to sign in and returns to the page asked for', async () => {
  const created = await createPostmortem(baseUrl, { key: KEY, title: 'Return path' })
  const page = await personPage(env.browser, null)
  await page.goto(`${baseUrl}/p/${created.id}`)
  await page.click('#access-needed a[href^="/auth/login"]')
  await providerForm(page, baseUrl, 'grace')
  assert.equal(page.url(), `${baseUrl}/p/${created.id}`)
  await page.waitForSelector('.editor-page[data-ready="true"]')
  assert.equal(await page.textContent('#account-name'), users.grace.name)
  await page.context().close()
})

test('other members see the name the server vouches for, whatever the client sends', async () => {
  const created = await createPostmortem(baseUrl, { key: KEY, title: 'Presence' })
  const ada = await member('ada', `/p/${created.id}`)
  const grace = await member('grace', `/p/${created.id}`)
  await openPostmortem(ada, baseUrl, created.id)
  await openPostmortem(grace, baseUrl, created.id)
  await grace.waitForSelector(`#people .person-name:text-is("${users.ada.name}")`)
  // Ada's client claims another name: Grace still sees Ada's.
  await ada.evaluate(() => window.debrief.provider.awareness.setLocalStateField('user', { name: 'Impostor', color: '#123456' }))
  await grace.waitForFunction(() => [...window.debrief.provider.awareness.getStates().values()]
    .some((s) => s.user?.color === '#123456'))
  const names = await grace.evaluate(() => [...window.debrief.provider.awareness.getStates().values()].map((s) => s.user?.name))
  assert.ok(names.includes(users.ada.name), names.join())
  assert.ok(!names.includes('Impostor'), names.join())
  await ada.context().close()
  await grace.context().close()
})

test('comments are signed with the name the server vouches for, whatever the client writes', async () => {
  const created = await createPostmortem(baseUrl, { key: KEY, markdown: '# Signed\n\nThe queue backed up overnight.\n' })
  const ada = await member('ada', `/p/${created.id}`)
  const grace = await member('grace', `/p/${created.id}`)
  await openPostmortem(ada, baseUrl, created.id)
  await openPostmortem(grace, baseUrl, created.id)
  await comment(ada, 'queue backed up', 'Which queue?')
  await grace.locator('.thread', { hasText: 'Which queue?' }).waitFor()
  // Ada's client adds a reply signed as someone else, straight into the comments document.
  await ada.evaluate(() => {
    const doc = window.debrief.comments
    const thread = [...doc.getMap('threads').values()][0]
    const replies = thread.get('comments')
    const reply = new (replies.get(0).constructor)()
    doc.transact(() => {
      for (const [key, value] of Object.entries({ id: 'forged', author: { id: 'x', name: 'Impostor' }, body: 'Signed by someone else', createdAt: new Date().toISOString() })) reply.set(key, value)
      replies.push([reply])
    })
  })
  const authorOf = (page) => page.evaluate(() => {
    const thread = [...window.debrief.comments.getMap('threads').values()][0]
    return thread.get('comments').toArray().find((c) => c.get('id') === 'forged')?.get('author')?.name
  })
  await grace.waitForFunction(() => [...window.debrief.comments.getMap('threads').values()][0]
    .get('comments').toArray().some((c) => c.get('id') === 'forged'))
  assert.equal(await authorOf(grace), users.ada.name)
  // Nor can she re-sign a comment that is there already: the server puts the author back.
  await ada.evaluate(() => {
    const thread = [...window.debrief.comments.getMap('threads').values()][0]
    thread.get('comments').get(0).set('author', { id: 'x', name: 'Impostor' })
  })
  await ada.waitForFunction((name) => [...window.debrief.comments.getMap('threads').values()][0]
    .get('comments').get(0).get('author')?.name === name, users.ada.name)
  assert.equal(await grace.evaluate(() => [...window.debrief.comments.getMap('threads').values()][0]
    .get('comments').get(0).get('author')?.name), users.ada.name)
  // Ada's own copy is corrected too, by the server's echo.
  await ada.waitForFunction((name) => [...window.debrief.comments.getMap('threads').values()][0]
    .get('comments').toArray().find((c) => c.get('id') === 'forged')?.get('author')?.name === name, users.ada.name)
  await ada.context().close()
  await grace.context().close()
})

test('writes authenticated by the cookie must come from this server\'s origin', async () => {
  const page = await member('grace')
  const cookie = await cookieOf(page)
  const { csrfToken } = await session(baseUrl, cookie).then((r) => r.json())
  const create = (origin, token = csrfToken) => fetch(`${baseUrl}/api/postmortems`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', ...(origin ? { origin } : {}), ...(token ? { 'x-csrf-token': token } : {}) },
    body: JSON.stringify({ title: 'From ' + origin })
  })
  assert.equal((await create('http://evil.example')).status, 403)
  assert.equal((await create(null)).status, 403)
  assert.equal((await create(baseUrl)).status, 201)
  await page.context().close()
})

test('writes authenticated by the cookie must carry the session\'s CSRF token', async () => {
  const page = await member('grace')
  const cookie = await cookieOf(page)
  const { csrfToken } = await session(baseUrl, cookie).then((r) => r.json())
  assert.match(csrfToken, /^[0-9a-f]{32}$/)
  // The same token until the session ends; another session has another.
  assert.equal((await session(baseUrl, cookie).then((r) => r.json())).csrfToken, csrfToken)
  const other = await member('ada')
  const otherToken = (await session(baseUrl, await cookieOf(other)).then((r) => r.json())).csrfToken
  assert.notEqual(otherToken, csrfToken)
  const create = (headers) => fetch(`${baseUrl}/api/postmortems`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ title: 'CSRF' })
  })
  const count = async () => (await fetch(`${baseUrl}/api/postmortems`, { headers: { authorization: `Bearer ${KEY}` } }).then((r) => r.json())).length
  const before = await count()
  for (const token of [undefined, 'wrong', otherToken]) {
    const refused = await create({ cookie, origin: baseUrl, ...(token ? { 'x-csrf-token': token } : {}) })
    assert.equal(refused.status, 403, `token ${token}`)
    const { error } = await refused.json()
    assert.equal(error.code, 'forbidden')
    assert.match(error.message, /X-CSRF-Token/)
  }
  assert.equal(await count(), before, 'a refused request changes nothing')
  assert.equal((await create({ cookie, origin: baseUrl, 'x-csrf-token': csrfToken })).status, 201)
  // Requests with a token instead of the cookie need no CSRF token (nor Origin).
  assert.equal((await create({ authorization: `Bearer ${KEY}` })).status, 201)
  // A read needs none either.
  assert.equal((await fetch(`${baseUrl}/api/postmortems`, { headers: { cookie } })).status, 200)
  // The browser's own pages send it: creating a postmortem from the home page works.
  await page.goto(`${baseUrl}/`)
  await page.click('#new-postmortem')
  await page.waitForSelector('.editor-page[data-ready="true"]')
  assert.equal(await count(), before + 3)
  await other.context().close()
  await page.context().close()
})

test('logging out from another site is refused', async () => {
  const page = await member('grace')
  const cookie = await cookieOf(page)
  // Logging out from another site is refused too.
  const logout = await fetch(`${baseUrl}/auth/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: 'http://evil.example' } })
  assert.equal(logout.status, 403)
  assert.equal((await session(baseUrl, cookie)).status, 200)
  await page.context().close()
})

/** The status a WebSocket handshake for `doc` with `headers` gets (101 when it is accepted). */
function handshake (doc, headers) {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/ws/${doc}`, {
      headers: {
        connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers
      }
    })
    req.on('upgrade', (response, socket) => { socket.destroy(); resolve(response.statusCode) })
    req.on('response', (response) => { response.resume(); resolve(response.statusCode) })
    req.on('error', reject)
    req.end()
  })
}

test('a WebSocket authenticated by the cookie must be opened from this server\'s origin', async () => {
  const created = await createPostmortem(baseUrl, { key: KEY, title: 'Socket origin' })
  const page = await member('grace')
  const cookie = await cookieOf(page)
  assert.equal(await handshake(created.id, { cookie, origin: 'http://evil.example' }), 403)
  assert.equal(await handshake(created.id, { cookie }), 403)
  assert.equal(await handshake(created.id, { cookie, origin: baseUrl }), 101)
  assert.equal(await handshake(created.id, { origin: baseUrl }), 401)
  await page.context().close()
})

test('signing out ends the session and closes its open sockets with 4401', async () => {
  const created = await createPostmortem(baseUrl, { key: KEY, title: 'Sign out' })
  const editing = await member('grace', `/p/${created.id}`)
  await openPostmortem(editing, baseUrl, created.id)
  await editing.evaluate(() => {
    window.closeCodes = []
    window.debrief.provider.ws.addEventListener('close', (event) => window.closeCodes.push(event.code))
  })
  const cookie = await cookieOf(editing)
  const other = await editing.context().newPage()
  await other.goto(baseUrl)
  await other.click('#sign-out')
  await other.waitForSelector('#account a#sign-in')
  await editing.waitForFunction(() => window.closeCodes.length > 0)
  assert.equal(await editing.evaluate(() => window.closeCodes[0]), 4401)
  await editing.waitForSelector('#access-ended:not([hidden])')
  assert.match(await editing.textContent('#access-ended'), /^You signed out/)
  assert.equal((await session(baseUrl, cookie)).status, 401, 'the old cookie no longer works')
  await editing.reload()
  await editing.waitForSelector('#access-needed a[href^="/auth/login"]')
  await editing.context().close()
})

test('an e-mail domain that is not allowed is refused with a page saying so', async () => {
  const page = await personPage(env.browser, null)
  const callback = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/callback')
  await signIn(page, baseUrl, 'mallory')
  assert.equal((await callback).status(), 403)
  assert.match(await page.textContent('#reason'), /mallory@elsewhere\.test.*not allowed/)
  const answer = await page.evaluate(() => fetch('/api/session').then((r) => r.status))
  assert.equal(answer, 401)
  await page.context().close()
})

test('a forged state and a replayed callback are refused', async () => {
  // Forged: a sign-in under way, and a callback with another state.
  const forged = await personPage(env.browser, null)
  await forged.goto(`${baseUrl}/auth/login`)
  const refused = await forged.goto(`${baseUrl}/auth/callback?state=forged&code=whatever`)
  assert.equal(refused.status(), 400)
  assert.match(await forged.textContent('#reason'), /state/)
  await forged.context().close()

  // Replayed: the provider's genuine answer, used a second time.
  const page = await personPage(env.browser, null)
  let callbackUrl = null
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/auth/callback') callbackUrl = r.url() })
  await signIn(page, baseUrl, 'grace')
  assert.ok(callbackUrl)
  assert.equal((await page.goto(callbackUrl)).status(), 400)
  const thief = await personPage(env.browser, null)
  assert.equal((await thief.goto(callbackUrl)).status(), 400)
  assert.equal(await thief.evaluate(() => fetch('/api/session').then((r) => r.status)), 401)
  await page.context().close()
  await thief.context().close()
})

test('a session ends after --session-ttl, and its open page says so', async () => {
  const data = tempDataDir()
  const server = await startServer({
    dataDir: data.dir,
    port: shortPort,
    args: oidcArgs({ issuer: idp.issuer, key: KEY, publicUrl: shortUrl, ttl: '3s' })
  })
  try {
    const created = await createPostmortem(shortUrl, { key: KEY, title: 'Short sign-in' })
    const page = await personPage(env.browser, null)
    await signIn(page, shortUrl, 'grace', `/p/${created.id}`)
    const cookie = await cookieOf(page)
    assert.equal((await session(shortUrl, cookie)).status, 200)
    await page.waitForSelector('#access-ended:not([hidden])', { timeout: 10_000 })
    assert.match(await page.textContent('#access-ended'), /^Your sign-in has expired/)
    assert.equal((await session(shortUrl, cookie)).status, 401)
    await page.context().close()
  } finally {
    await server.stop()
    data.cleanup()
  }
})

test('sessions survive a restart, but not a change of server key', async () => {
  const page = await member('grace')
  const cookie = await cookieOf(page)
  const restart = async (key) => {
    await env.server.stop()
    env.server = await startServer({ dataDir: env.data.dir, port, args: oidcArgs({ issuer: idp.issuer, key, publicUrl: baseUrl }) })
  }
  await restart(KEY)
  assert.equal((await session(baseUrl, cookie)).status, 200)
  await restart('another-key')
  const refused = await session(baseUrl, cookie)
  assert.equal(refused.status, 401)
  assert.equal((await refused.json()).login, '/auth/login')
  await page.context().close()
})
