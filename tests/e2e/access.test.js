// With a server key: only the key creates postmortems, a share link reads only its own
// postmortem, and an editor's link opens the editor in the browser and saves what is typed; the
// insights (annotations, action items) work through share links too.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, createPostmortem, waitLive, waitSaved, clickIntoSection, createShareLink } from './lib/harness.js'

const KEY = 'e2e-server-key'
const env = useServer({ args: ['--auth-key', KEY] })

const shareLink = (id, role) => createShareLink(env.server.url, { key: KEY, id, role })

test('the server key creates; a share link reads its own postmortem only', async () => {
  const anonymous = await fetch(`${env.server.url}/api/postmortems`, { method: 'POST' })
  assert.equal(anonymous.status, 401)
  const mine = await createPostmortem(env.server.url, { title: 'Cert expiry', key: KEY })
  const other = await createPostmortem(env.server.url, { title: 'Disk full', key: KEY })
  const { token } = await shareLink(mine.id, 'viewer')
  const asViewer = { headers: { authorization: `Bearer ${token}` } }

  assert.equal((await fetch(`${env.server.url}/api/postmortems/${mine.id}`, asViewer)).status, 200)
  assert.equal((await fetch(`${env.server.url}/api/postmortems/${other.id}`, asViewer)).status, 403)
  const list = await (await fetch(`${env.server.url}/api/postmortems`, asViewer)).json()
  assert.deepEqual(list.map((p) => p.id), [mine.id])
  const exported = await fetch(`${env.server.url}${mine.exportUrl}?token=${token}`)
  assert.equal(exported.status, 200)
  assert.match(await exported.text(), /# Cert expiry/)
  const created = await fetch(`${env.server.url}/api/postmortems`, { method: 'POST', ...asViewer })
  assert.equal(created.status, 403)
  assert.equal((await fetch(`${env.server.url}/api/postmortems/${mine.id}`)).status, 401)
})

test('an editor’s share link opens the editor and saves what is typed', async () => {
  const created = await createPostmortem(env.server.url, { title: 'Token rotation', key: KEY })
  const { url } = await shareLink(created.id, 'editor')
  const page = await personPage(env.browser, 'Jo Park')
  await page.goto(url)
  await waitLive(page)
  await page.waitForSelector('.editor-page[data-ready="true"]')
  await clickIntoSection(page, 'Summary')
  await page.keyboard.type('Rotated by hand.')
  await waitSaved(page)
  const markdown = await (await fetch(`${env.server.url}${created.exportUrl}`, { headers: { authorization: `Bearer ${KEY}` } })).text()
  assert.match(markdown, /## Summary\n\nRotated by hand\.\n/)
  await page.context().close()
})

test('through share links, a reviewer dismisses an annotation and an editor ticks an action item', async () => {
  const created = await createPostmortem(env.server.url, {
    key: KEY,
    markdown: '# Failed failover\n\n## Summary\n\nThe root cause was human error.\n\n## Action items\n\n- [ ] Rehearse the failover (@mo, by 2099-01-31)\n'
  })
  const reviewer = await personPage(env.browser, 'Rita Vos')
  const editor = await personPage(env.browser, 'Ed Moreau')
  await reviewer.goto((await shareLink(created.id, 'reviewer')).url)
  await editor.goto((await shareLink(created.id, 'editor')).url)
  for (const page of [reviewer, editor]) await page.waitForSelector('.editor-page[data-ready="true"]')

  await reviewer.locator('.tiptap .annotation', { hasText: 'human error' }).hover()
  await reviewer.locator('#annotation-card').getByRole('button', { name: 'Dismiss' }).click()
  await reviewer.locator('dialog input').fill('A quote from the vendor’s report')
  await reviewer.keyboard.press('Enter')
  await editor.locator('#annotation-count', { hasText: '0' }).waitFor()
  await editor.locator('#dismissed-annotations summary').click()
  assert.match(await editor.locator('#dismissed-annotations li').innerText(), /Dismissed by Rita Vos[\s\S]*A quote from the vendor’s report/)

  await editor.locator('#action-item-list .action-item', { hasText: 'Rehearse the failover' }).locator('input').check()
  for (const page of [editor, reviewer]) {
    await page.locator('.tiptap ul[data-type="taskList"] > li[data-checked="true"]', { hasText: 'Rehearse the failover' }).waitFor()
  }
  await Promise.all([reviewer.context().close(), editor.context().close()])
})
