// "New postmortem" through the UI: the name is asked once, the template is there, the header
// fields sync between people, and the home page lists and finds the postmortem.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, openPostmortem, waitSaved } from './lib/harness.js'

const SECTIONS = ['Summary', 'Impact', 'Timeline', 'Contributing factors', 'Detection', 'Resolution',
  'What went well', 'Where we got lucky', 'Action items', 'Lessons learned']

const env = useServer()

test('New postmortem gives the template, and the header syncs between pages', async () => {
  const dana = await personPage(env.browser, null)
  await dana.goto(env.server.url + '/')
  await dana.locator('#postmortems .empty').waitFor()
  await dana.click('#new-postmortem')
  // First visit: asked for a name.
  await dana.locator('dialog input').fill('Dana Kim')
  await dana.keyboard.press('Enter')
  await dana.waitForSelector('.editor-page[data-ready="true"]')
  const id = new URL(dana.url()).pathname.split('/')[2]
  assert.deepEqual(await dana.locator('.tiptap h2').allInnerTexts(), SECTIONS)
  const actionItems = dana.locator('.tiptap h2:has-text("Action items") + ul[data-type="taskList"] > li')
  assert.equal(await actionItems.count(), 1)
  assert.equal(await dana.locator('#status').getAttribute('data-status'), 'draft')
  assert.equal(await dana.evaluate(() => document.activeElement.id), 'title')

  const eli = await personPage(env.browser, 'Eli Novak')
  await openPostmortem(eli, env.server.url, id)
  await dana.keyboard.type('Login outage')
  await dana.fill('#incident-date', '2026-04-02')
  await dana.selectOption('#severity', 'SEV3')
  await eli.waitForFunction(() => document.querySelector('#title').value === 'Login outage')
  await eli.waitForFunction(() => document.querySelector('#incident-date').value === '2026-04-02')
  await eli.waitForFunction(() => document.querySelector('#severity').value === 'SEV3')
  await eli.click('#review-actions [data-step="submit"]')
  await dana.locator('#status[data-status="review"]', { hasText: 'In review' }).waitFor()
  await Promise.all([waitSaved(dana), waitSaved(eli)])
  assert.equal(await eli.title(), 'Login outage · Debrief')

  // The name is remembered: no question the second time.
  await dana.reload()
  await dana.waitForSelector('.editor-page[data-ready="true"]')
  assert.equal(await dana.locator('dialog').count(), 0)
  assert.equal(await dana.locator('#title').inputValue(), 'Login outage')

  // The home page lists it with its metadata (the summary index follows the document shortly
  // after each change) and finds it.
  for (let tries = 0; ; tries++) {
    const summary = await (await fetch(`${env.server.url}/api/postmortems/${id}`)).json()
    if (summary.status === 'review' && summary.title === 'Login outage') break
    assert.ok(tries < 100, `the summary still says ${JSON.stringify(summary)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await eli.click('a.back')
  const row = eli.locator(`#postmortems tr[data-id="${id}"]`)
  await row.waitFor()
  assert.deepEqual(await row.locator('td').allInnerTexts().then((cells) => cells.slice(0, 3)), ['Login outage', 'In review', 'SEV3'])
  await eli.fill('#search', 'login')
  await eli.locator(`#postmortems tr[data-id="${id}"]`).waitFor()
  await eli.fill('#search', 'no such words here')
  await eli.locator('#postmortems .empty').waitFor()
  await dana.context().close()
  await eli.context().close()
})
