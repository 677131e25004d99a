// The page shows the controls of the role the server states on `GET /api/session` for the share
// link's token, not of anything the browser reads from the token itself; a link the server no
// longer accepts gets the "no longer works" page.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, createPostmortem, waitLive, waitSaved, createShareLink } from './lib/harness.js'

const KEY = 'e2e-session-key'
const env = useServer({ args: ['--auth-key', KEY] })

const shareLink = (id, role) => createShareLink(env.server.url, { key: KEY, id, role })

/** Opens `link` as a new person; resolves to the page and the server's answer on /api/session. */
async function openLink (name, link) {
  const page = await personPage(env.browser, name)
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/session')
  await page.goto(link.url)
  const response = await answer
  assert.equal(response.request().headers().authorization, 'Bearer ' + link.token)
  return { page, response }
}

test('reviewer and viewer links show the controls of the role the server states', async () => {
  const created = await createPostmortem(env.server.url, {
    key: KEY,
    markdown: '# Queue backlog\n\n## Summary\n\nThe consumers stalled after a deploy.\n'
  })
  for (const [role, label, canComment] of [['reviewer', 'Reviewer', true], ['viewer', 'Viewer', false]]) {
    const { page, response } = await openLink(`A ${role}`, await shareLink(created.id, role))
    assert.equal(response.status(), 200)
    const session = await response.json()
    assert.deepEqual({ mode: session.mode, role: session.role, postmortem: session.postmortem }, { mode: 'links', role, postmortem: created.id })
    await waitLive(page)
    await page.waitForSelector(`.editor-page[data-ready="true"][data-role="${role}"]`)
    assert.equal(await page.textContent('#role'), label)
    assert.equal(await page.getAttribute('.tiptap', 'contenteditable'), 'false')
    assert.equal(await page.locator('#read-only-bar').count(), 1)
    assert.equal(await page.locator('#add-comment').count(), canComment ? 1 : 0)
    // Nothing of theirs awaits the server (a refused write would never be confirmed).
    await waitSaved(page)
    await page.context().close()
  }
})

test('a revoked link gets "no longer works" from the server’s answer', async () => {
  const created = await createPostmortem(env.server.url, { key: KEY, title: 'Expired certificate' })
  const link = await shareLink(created.id, 'editor')
  const revoked = await fetch(`${env.server.url}/api/links/${link.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${KEY}` } })
  assert.equal(revoked.status, 204)
  const { page, response } = await openLink('Late Comer', link)
  assert.equal(response.status(), 401)
  await page.waitForSelector('#access-needed')
  assert.equal(await page.textContent('#access-needed h2'), 'This link no longer works')
  await page.context().close()
})
