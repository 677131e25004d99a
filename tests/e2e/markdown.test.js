// A Markdown file imported through the API shows its headings, task items and table in the
// browser, exports back to the same Markdown, and edits made in the browser come out in the
// export.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { useServer, personPage, openPostmortem, createPostmortem, waitSaved } from './lib/harness.js'

const markdown = readFileSync(new URL('./fixtures/search-outage.md', import.meta.url), 'utf8')

const env = useServer()

const exported = async (created) => {
  const response = await fetch(env.server.url + created.exportUrl)
  assert.equal(response.status, 200)
  assert.match(response.headers.get('content-type'), /^text\/markdown/)
  return response.text()
}

test('imported Markdown shows in the browser and exports back the same', async () => {
  const created = await createPostmortem(env.server.url, { markdown })
  assert.equal(created.title, 'Search index corruption')
  const page = await personPage(env.browser, 'Fay Okafor')
  await openPostmortem(page, env.server.url, created.id)

  assert.equal(await page.locator('#title').inputValue(), 'Search index corruption')
  assert.equal(await page.locator('#incident-date').inputValue(), '2026-02-11')
  assert.equal(await page.locator('#severity').inputValue(), 'SEV2')
  assert.equal(await page.locator('#status').getAttribute('data-status'), 'review')
  assert.deepEqual(await page.locator('.tiptap h2').allInnerTexts(), ['Summary', 'Timeline', 'Action items'])
  assert.equal(await page.locator('.tiptap strong').innerText(), 'search return stale results')
  assert.equal(await page.locator('.tiptap a').getAttribute('href'), 'https://status.example.com/incidents/42')
  assert.equal(await page.locator('.tiptap ol > li').count(), 3)
  const tasks = page.locator('.tiptap ul[data-type="taskList"] > li')
  assert.deepEqual(await tasks.locator('> div').allInnerTexts(), ['Validate mappings in CI (@lee, by 2026-03-01)', 'Add a stale-results alert'])
  assert.deepEqual(await tasks.evaluateAll((items) => items.map((li) => li.querySelector('input').checked)), [false, true])
  assert.deepEqual(await page.locator('.tiptap table th').allInnerTexts(), ['Action', 'Owner', 'Due'])
  assert.deepEqual(await page.locator('.tiptap table tr:nth-child(3) td').allInnerTexts(), ['Stale-results alert', 'kim', '2026-02-20'])
  assert.equal(await page.locator('.tiptap pre code').innerText(), '{"index": "products"}')
  assert.equal(await page.locator('.tiptap blockquote').innerText(), 'We changed the process, not the people.')
  // Opening it in the browser changed nothing.
  await waitSaved(page)
  assert.equal(await exported(created), markdown)

  // Edits in the browser come out in the export: tick a box, add emphasised text, a new row.
  await tasks.first().locator('input').click()
  await page.locator('.tiptap blockquote p').click()
  await page.keyboard.press('End')
  await page.keyboard.type(' And ')
  await page.keyboard.press('Control+b')
  await page.keyboard.type('that worked')
  await page.keyboard.press('Control+b')
  await page.keyboard.type('.')
  await page.locator('.tiptap table tr:nth-child(3) td p').last().click()
  await page.waitForFunction(() => window.debrief.editor.isActive('tableCell'))
  await page.keyboard.press('End')
  await page.keyboard.press('Tab') // Tab in the last cell adds a row.
  await page.keyboard.type('Reindex runbook')
  await waitSaved(page)
  const edited = await exported(created)
  assert.match(edited, /\n- \[x\] Validate mappings in CI \(@lee, by 2026-03-01\)\n- \[x\] Add a stale-results alert\n/)
  assert.match(edited, /\n> We changed the process, not the people\. And \*\*that worked\*\*\.\n/)
  assert.match(edited, /\n\| Stale-results alert \| kim \| 2026-02-20 \|\n\| Reindex runbook \|  \|  \|\n/)
  await page.context().close()
})

test('Import Markdown on the home page opens the imported postmortem', async () => {
  const page = await personPage(env.browser, 'Ian Wu')
  await page.goto(env.server.url + '/')
  await page.locator('#postmortems[data-loaded="true"]').waitFor()
  await page.locator('#import-markdown + input[type="file"]').setInputFiles(new URL('./fixtures/search-outage.md', import.meta.url).pathname)
  await page.waitForSelector('.editor-page[data-ready="true"]')
  assert.equal(await page.locator('#title').inputValue(), 'Search index corruption')
  assert.deepEqual(await page.locator('.tiptap h2').allInnerTexts(), ['Summary', 'Timeline', 'Action items'])
  const id = new URL(page.url()).pathname.split('/')[2]
  const summary = await (await fetch(`${env.server.url}/api/postmortems/${id}`)).json()
  assert.equal(summary.status, 'review')
  await page.context().close()
})
