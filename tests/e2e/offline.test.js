// Offline editing: the server goes away while two people keep typing; when it comes back on the
// same port with the same data, both pages converge and nothing typed is lost.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  useServer, startServer, personPage, openPostmortem, createPostmortem,
  waitLive, waitSaved, bodyText, clickIntoSection
} from './lib/harness.js'

const env = useServer()

test('edits made while the server is down merge when it returns', async () => {
  const created = await createPostmortem(env.server.url, { title: 'DNS resolution failures' })
  const gus = await personPage(env.browser, 'Gus Lee')
  const hana = await personPage(env.browser, 'Hana Ito')
  await Promise.all([openPostmortem(gus, env.server.url, created.id), openPostmortem(hana, env.server.url, created.id)])
  await clickIntoSection(gus, 'Summary')
  await gus.keyboard.type('Online before the outage.')
  await hana.locator('.tiptap', { hasText: 'Online before the outage.' }).waitFor()

  const { port } = env.server
  await env.server.stop()
  for (const page of [gus, hana]) {
    await page.waitForSelector('#connection[data-state="offline"]')
  }
  await clickIntoSection(hana, 'Timeline')
  await Promise.all([
    gus.keyboard.type(' Gus wrote this offline.', { delay: 10 }),
    hana.keyboard.type('Hana wrote this offline.', { delay: 10 })
  ])
  for (const page of [gus, hana]) {
    assert.equal(await page.locator('#save-status').getAttribute('data-saved'), 'false')
  }
  assert.ok(!(await bodyText(gus)).includes('Hana wrote this offline.'))

  env.server = await startServer({ dataDir: env.data.dir, port })
  for (const page of [gus, hana]) {
    await waitLive(page)
    await waitSaved(page)
  }
  const expected = ['Online before the outage. Gus wrote this offline.', 'Hana wrote this offline.']
  for (const page of [gus, hana]) {
    await page.waitForFunction((texts) => texts.every((t) => window.debrief.editor.getText().includes(t)), expected)
  }
  assert.equal(await bodyText(gus), await bodyText(hana))
  // And the server has it all: a fresh export contains both.
  const markdown = await (await fetch(env.server.url + created.exportUrl)).text()
  for (const text of expected) assert.ok(markdown.includes(text), markdown)
  await gus.context().close()
  await hana.context().close()
})
