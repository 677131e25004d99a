// The Activity panel: an editor sees the postmortem's audit trail, newest first, with who did
// what: here a review step and a link shared from the Share dialog. Viewers get no panel. In
// open mode the Share dialog explains that links need a server key.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, createPostmortem, createShareLink, startServer, tempDataDir, openPostmortem } from './lib/harness.js'

const KEY = 'e2e-audit-key'
const env = useServer({ args: ['--auth-key', KEY] })

const record = (page, kind) => page.locator(`#audit-list .audit-record[data-kind="${kind}"]`)

test('the Activity panel shows the review step and the share, with who did them', async () => {
  const created = await createPostmortem(env.server.url, { title: 'Disk full', key: KEY })
  const link = await createShareLink(env.server.url, { key: KEY, id: created.id, role: 'editor' })
  const editor = await personPage(env.browser, 'Ed Moreau')
  await editor.goto(link.url)
  await editor.waitForSelector('.editor-page[data-ready="true"][data-role="editor"]')
  const actor = `share link ${link.id.slice(0, 8)} (editor)`

  await record(editor, 'joined').first().waitFor()
  await editor.click('#review-actions [data-step="submit"]')
  const changed = record(editor, 'reviewed')
  await changed.waitFor()
  assert.equal(await changed.locator('.audit-actor').textContent(), actor)
  assert.equal(await changed.locator('.audit-what').textContent(), 'submitted for review (Draft → In review)')
  assert.equal(await changed.locator('time').textContent(), 'just now')

  await editor.click('#share')
  await editor.selectOption('#share-role', 'viewer')
  await editor.click('#share-create')
  await editor.waitForSelector('#share-url')
  const shared = record(editor, 'link_shared').filter({ hasText: actor })
  await shared.waitFor()
  assert.equal(await shared.locator('.audit-what').textContent(), 'shared a viewer link')
  // Newest first: the share, then the review step.
  const kinds = await editor.locator('#audit-list .audit-record').evaluateAll((items) => items.map((i) => i.dataset.kind))
  assert.ok(kinds.indexOf('link_shared') < kinds.indexOf('reviewed'), kinds.join())
  const viewerUrl = await editor.inputValue('#share-url')
  await editor.keyboard.press('Escape')

  const viewer = await personPage(env.browser, 'Vi Ewer')
  await viewer.goto(viewerUrl)
  await viewer.waitForSelector('.editor-page[data-ready="true"][data-role="viewer"]')
  assert.equal(await viewer.isHidden('#panel-audit'), true)
  assert.equal(await viewer.locator('#share').count(), 0)

  await viewer.context().close()
  await editor.context().close()
})

test('open mode: the Share dialog says links need a server key; Activity works', async () => {
  const data = tempDataDir()
  const server = await startServer({ dataDir: data.dir })
  after(async () => { await server.stop(); data.cleanup() })
  const created = await createPostmortem(server.url, { title: 'Open house' })
  const page = await personPage(env.browser, 'Oa Pen')
  await openPostmortem(page, server.url, created.id)
  await page.click('#share')
  await page.waitForSelector('#share-open-mode')
  assert.match(await page.textContent('#share-open-mode'), /need a server key/)
  assert.equal(await page.locator('#share-create').count(), 0)
  await page.keyboard.press('Escape')

  await page.click('#review-actions [data-step="submit"]')
  const changed = record(page, 'reviewed')
  await changed.waitFor()
  assert.equal(await changed.locator('.audit-actor').textContent(), 'open mode')
  await page.context().close()
})
