// Two people write in the same postmortem at the same time: each sees the other's text and
// cursor, undo takes back only your own edits, and everything is there after a reload and for
// someone who opens the postmortem later.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  useServer, personPage, openPostmortem, createPostmortem,
  waitSaved, bodyText, clickIntoSection
} from './lib/harness.js'

let alice, bob, id
const env = useServer({
  async setup ({ server, browser }) {
    id = (await createPostmortem(server.url, { title: 'Queue backlog' })).id
    alice = await personPage(browser, 'Alice Martin')
    bob = await personPage(browser, 'Bob Chen')
    await Promise.all([openPostmortem(alice, server.url, id), openPostmortem(bob, server.url, id)])
  }
})

const aliceText = 'Consumers fell behind after the broker upgrade.'
const bobText = 'Orders were delayed by up to nine minutes.'

test('two people typing at once see each other’s text and cursor', async () => {
  await clickIntoSection(alice, 'Summary')
  await clickIntoSection(bob, 'Impact')
  await Promise.all([
    alice.keyboard.type(aliceText, { delay: 15 }),
    bob.keyboard.type(bobText, { delay: 15 })
  ])
  for (const page of [alice, bob]) {
    await page.locator('.tiptap h2:has-text("Summary") + p', { hasText: aliceText }).waitFor()
    await page.locator('.tiptap h2:has-text("Impact") + p', { hasText: bobText }).waitFor()
  }
  await alice.locator('.collaboration-carets__label', { hasText: 'Bob Chen' }).waitFor()
  await bob.locator('.collaboration-carets__label', { hasText: 'Alice Martin' }).waitFor()
  await alice.locator('#people', { hasText: 'Bob Chen' }).waitFor()
  await bob.locator('#people', { hasText: 'Alice Martin' }).waitFor()
  await Promise.all([waitSaved(alice), waitSaved(bob)])
})

test('undo takes back only your own edits', async () => {
  // Edits closer together than Yjs's capture timeout (500 ms) are undone as one step.
  await alice.waitForTimeout(600)
  await alice.keyboard.type(' Oops.')
  await bob.keyboard.type(' Confirmed.')
  await alice.locator('.tiptap', { hasText: 'Confirmed.' }).waitFor()
  await alice.keyboard.press('Control+z')
  for (const page of [alice, bob]) {
    await page.waitForFunction(() => !window.debrief.editor.getText().includes('Oops.'))
    const text = await bodyText(page)
    assert.ok(text.includes(bobText + ' Confirmed.'), text)
    assert.ok(text.includes(aliceText), text)
  }
  await Promise.all([waitSaved(alice), waitSaved(bob)])
})

test('a reloaded page and someone who comes later see everything', async () => {
  await alice.reload()
  await alice.waitForSelector('.editor-page[data-ready="true"]')
  const carol = await personPage(env.browser, 'Carol Diaz')
  await openPostmortem(carol, env.server.url, id)
  for (const page of [alice, carol]) {
    const text = await bodyText(page)
    assert.ok(text.includes(aliceText), text)
    assert.ok(text.includes(bobText + ' Confirmed.'), text)
    assert.ok(!text.includes('Oops.'), text)
  }
  await carol.locator('#people', { hasText: 'Bob Chen' }).waitFor()
  await carol.context().close()
})

test('a new name shows to the others at once and is remembered', async () => {
  await bob.click('button.you')
  await bob.locator('dialog input').fill('Robert Chen')
  await bob.keyboard.press('Enter')
  await alice.locator('#people', { hasText: 'Robert Chen' }).waitFor()
  await bob.reload()
  await bob.waitForSelector('.editor-page[data-ready="true"]')
  assert.equal(await bob.locator('button.you').innerText(), 'Robert Chen')
})
