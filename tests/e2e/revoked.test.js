// A share link revoked while its page is open: the page says so, stops retrying, turns read-only
// and keeps a comment the server never got on screen, marked "Not sent" (never "saved"). The same
// when the link is revoked while the page's sockets are down, so the server refuses them at the
// handshake instead of closing them with 4401.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, createPostmortem, waitSaved, selectPhrase, createShareLink } from './lib/harness.js'

const KEY = 'e2e-revoked-key'
const env = useServer({ args: ['--auth-key', KEY] })

const shareLink = (id) => createShareLink(env.server.url, { key: KEY, id })

async function revoke (link) {
  const response = await fetch(`${env.server.url}/api/links/${link.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${KEY}` } })
  assert.equal(response.status, 204)
}

/** Routes the page's sockets to `room`; `hold()` keeps what the page sends, `cut()` closes them. */
async function relay (page, room) {
  let holding = false
  let refusing = false
  const connections = []
  await page.routeWebSocket((url) => url.pathname === '/ws/' + room, (ws) => {
    if (refusing) return ws.close()
    const server = ws.connectToServer()
    connections.push(ws)
    ws.onMessage((message) => { if (!holding) server.send(message) })
    server.onMessage((message) => ws.send(message))
  })
  return {
    hold () { holding = true },
    async refuse () {
      refusing = true
      for (const ws of connections.splice(0)) await ws.close()
    },
    async allow () { refusing = false; await page.unrouteAll() }
  }
}

async function openLink (link, id) {
  const page = await personPage(env.browser, 'Rae Quinn')
  const relays = { body: await relay(page, id), comments: await relay(page, id + '.comments') }
  await page.goto(link.url)
  await page.waitForSelector('.editor-page[data-ready="true"][data-role="editor"]')
  await waitSaved(page)
  return { page, relays }
}

async function commentHeld (page, phrase, text) {
  await selectPhrase(page, phrase)
  await page.click('#add-comment')
  await page.fill('#new-thread textarea', text)
  await page.click('#new-thread .draft-submit')
  await page.locator('.thread .comment-body', { hasText: text }).waitFor()
}

async function assertEnded (page, text, comment) {
  await page.waitForSelector('#connection[data-state="ended"]')
  assert.equal(await page.textContent('#save-status'), `${text}: unsent changes were not saved`)
  assert.equal(await page.getAttribute('#save-status', 'data-saved'), 'false')
  assert.match(await page.textContent('#access-ended'), new RegExp('^' + text))
  assert.equal(await page.getAttribute('.tiptap', 'contenteditable'), 'false')
  assert.equal(await page.isDisabled('#title'), true)
  assert.equal(await page.locator('#add-comment').count(), 0)
  assert.equal(await page.locator('.thread .draft').count(), 0)
  const unsent = page.locator('.comment[data-sent="false"]', { hasText: comment })
  assert.equal(await unsent.locator('.unsent-badge').textContent(), 'Not sent')
  // No room tries again.
  assert.deepEqual(await page.evaluate(() => window.debrief.provider.shouldConnect), false)
}

test('a link revoked while the page is open: says so, read-only, the unsent comment stays marked', async () => {
  const created = await createPostmortem(env.server.url, { key: KEY, markdown: '# Disk full\n\n## Summary\n\nThe log volume filled up overnight.\n' })
  const link = await shareLink(created.id)
  const { page, relays } = await openLink(link, created.id)
  relays.comments.hold()
  await commentHeld(page, 'log volume', 'Which volume exactly?')
  assert.equal(await page.getAttribute('#save-status', 'data-saved'), 'false')

  await revoke(link) // the server closes both sockets with 4401
  await assertEnded(page, 'This link was revoked', 'Which volume exactly?')
  await page.context().close()
})

test('a link revoked while the sockets are down: the refused handshake ends the page too', async () => {
  const created = await createPostmortem(env.server.url, { key: KEY, markdown: '# Cache stampede\n\n## Summary\n\nThe cache expired all at once.\n' })
  const link = await shareLink(created.id)
  const { page, relays } = await openLink(link, created.id)
  await relays.body.refuse()
  await relays.comments.refuse()
  await page.waitForSelector('#connection[data-state="offline"]')
  await commentHeld(page, 'all at once', 'Was there jitter on the TTL?')

  await revoke(link)
  await relays.body.allow()
  await assertEnded(page, 'This link was revoked', 'Was there jitter on the TTL?')
  await page.context().close()
})
