// The Share dialog: an editor makes a link with a role and an expiry, copies it, and a second
// browser context opens it with that role; the dialog lists the links with who made them and
// when they were last used; revoking one from the dialog ends the other context's page.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, createPostmortem, createShareLink } from './lib/harness.js'

const KEY = 'e2e-share-key'
const env = useServer({ args: ['--auth-key', KEY] })

async function openAs (name, url, role) {
  const page = await personPage(env.browser, name)
  await page.goto(url)
  await page.waitForSelector(`.editor-page[data-ready="true"][data-role="${role}"]`)
  return page
}

const row = (page, role) => page.locator(`#share-links .share-link[data-role="${role}"]`)

test('share from the editor: create, copy, open in another context, list, revoke', async () => {
  const created = await createPostmortem(env.server.url, { title: 'Queue backlog', key: KEY })
  const editorLink = await createShareLink(env.server.url, { key: KEY, id: created.id, role: 'editor' })
  const editor = await openAs('Ed Moreau', editorLink.url, 'editor')
  await editor.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url })

  await editor.click('#share')
  await editor.waitForSelector('#share-dialog[open]')
  await editor.selectOption('#share-role', 'reviewer')
  await editor.selectOption('#share-expiry', '1d')
  await editor.click('#share-create')
  const url = await editor.inputValue('#share-url')
  assert.match(url, new RegExp(`/p/${created.id}\\?token=`))
  await editor.click('#share-copy')
  await editor.waitForSelector('#share-copy:text("Copied")')
  assert.equal(await editor.evaluate(() => navigator.clipboard.readText()), url)

  // The dialog lists both links: the server key's and the one just made, by this editor's link.
  await row(editor, 'reviewer').waitFor()
  assert.match(await row(editor, 'reviewer').locator('.share-link-by').textContent(), /^by share link [0-9a-f]{8} \(editor\)$/)
  assert.equal(await row(editor, 'editor').locator('.share-link-by').textContent(), 'by admin')
  assert.equal(await row(editor, 'reviewer').locator('.share-link-unused').count(), 1)

  // Someone else opens the copied link: a reviewer's page.
  const reviewer = await openAs('Rita Vos', url, 'reviewer')
  assert.equal(await reviewer.locator('#share').count(), 0, 'reviewers get no Share button')

  // Reopened, the dialog says the link has been used.
  await editor.keyboard.press('Escape')
  await editor.waitForSelector('#share-dialog', { state: 'detached' })
  await editor.click('#share')
  await row(editor, 'reviewer').locator('time').nth(1).waitFor()
  assert.equal(await row(editor, 'reviewer').locator('.share-link-unused').count(), 0)

  // Revoking it from the dialog ends the reviewer's page, and the list drops it.
  await row(editor, 'reviewer').locator('button', { hasText: 'Revoke' }).click()
  await row(editor, 'reviewer').waitFor({ state: 'detached' })
  await reviewer.waitForSelector('#access-ended:not([hidden])')
  assert.match(await reviewer.textContent('#access-ended'), /^This link was revoked/)
  assert.equal(await row(editor, 'editor').count(), 1)

  await reviewer.context().close()
  await editor.context().close()
})

test('an editor may not make links beyond 90 days: the dialog offers no more, the server refuses', async () => {
  const created = await createPostmortem(env.server.url, { title: 'Cert expiry', key: KEY })
  const { token } = await createShareLink(env.server.url, { key: KEY, id: created.id, role: 'editor' })
  const response = await fetch(`${env.server.url}/api/postmortems/${created.id}/links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'viewer', expires_in: '120d' })
  })
  assert.equal(response.status, 403)
  const editor = await openAs('Ed Moreau', `${env.server.url}/p/${created.id}?token=${token}`, 'editor')
  await editor.click('#share')
  const offered = await editor.locator('#share-expiry option').evaluateAll((options) => options.map((o) => o.value))
  assert.deepEqual(offered, ['1d', '7d', '30d', '90d'])
  await editor.context().close()
})
