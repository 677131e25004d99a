// Review through share links on a server with a key: a reviewer comments on a phrase (the draft
// is checked against the blame rules first), the editor sees the thread in the margin next to
// it, replies and resolves it; the reviewer cannot type into the body; anchors follow edits and
// survive as "on deleted text"; a viewer sees threads without controls; without a link the home
// page explains what to do.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, createPostmortem, waitLive, waitSaved, bodyText, selectPhrase, comment, createShareLink } from './lib/harness.js'

const KEY = 'e2e-review-key'
const env = useServer({ args: ['--auth-key', KEY] })

const PHRASE = 'every worker refilled it at once'
const MARKDOWN = `# Cache stampede

## Summary

The cache expired at 09:00 and ${PHRASE}, which overloaded the database.
`

const shareLink = async (id, role) => (await createShareLink(env.server.url, { key: KEY, id, role })).url

/** Opens a share link as `name` and waits until the page is live and ready. */
async function openAs (name, url) {
  const page = await personPage(env.browser, name)
  await page.goto(url)
  await waitLive(page)
  await page.waitForSelector('.editor-page[data-ready="true"]')
  return page
}

const thread = (page, quote) => page.locator('#comment-margin .thread', { has: page.locator('.thread-quote', { hasText: quote }) })

test('a reviewer comments on a phrase; the editor replies and resolves it; the reviewer cannot edit', async () => {
  const created = await createPostmortem(env.server.url, { markdown: MARKDOWN, key: KEY })
  const editor = await openAs('Eve Editor', await shareLink(created.id, 'editor'))
  const reviewer = await openAs('Rae Reviewer', await shareLink(created.id, 'reviewer'))

  assert.equal(await editor.textContent('#role'), 'Editor')
  assert.equal(await reviewer.textContent('#role'), 'Reviewer')

  // The body is read-only for the reviewer: nothing typed lands, in the page or on the server.
  assert.equal(await reviewer.getAttribute('.tiptap', 'contenteditable'), 'false')
  assert.equal(await reviewer.locator('.toolbar').count(), 0)
  const before = await bodyText(reviewer)
  await reviewer.click('.tiptap p')
  await reviewer.keyboard.type('typed by a reviewer')
  await reviewer.keyboard.press('Enter')
  assert.equal(await bodyText(reviewer), before)
  assert.ok(await reviewer.isDisabled('#title'))

  // A blameful draft is flagged before it is posted; a second press posts it anyway.
  await comment(reviewer, PHRASE, "Why didn't anyone notice the stampede?")
  await reviewer.waitForSelector('#new-thread .draft-warning')
  assert.match(await reviewer.textContent('#new-thread .draft-warnings'), /why didn't anyone notice/i)
  assert.equal(await reviewer.textContent('#new-thread .draft-submit'), 'Post anyway')
  await reviewer.click('#new-thread .draft-submit')
  await thread(reviewer, PHRASE).waitFor()
  await reviewer.waitForSelector('#new-thread', { state: 'detached' })

  // The editor sees the thread in the margin, level with its highlighted phrase.
  const card = thread(editor, PHRASE)
  await card.waitFor()
  assert.match(await card.locator('.comment-body').first().textContent(), /notice the stampede/)
  assert.match(await card.locator('.comment-author').first().textContent(), /Rae Reviewer/)
  const mark = editor.locator('.tiptap .comment-mark')
  assert.equal(await mark.textContent(), PHRASE)
  const markBox = await mark.boundingBox()
  const cardBox = await card.boundingBox()
  assert.ok(cardBox.x > markBox.x + markBox.width, 'the card is to the right of the text')
  assert.ok(Math.abs(cardBox.y - markBox.y) < 40, `the card is level with its phrase (${cardBox.y} vs ${markBox.y})`)

  // Someone else's comment cannot be edited or deleted.
  assert.equal(await card.locator('.comment-actions').count(), 0)

  // The editor replies and resolves; the reviewer sees both.
  await card.locator('.comment-body').first().click() // the reply box shows on the thread in focus
  await card.locator('textarea').fill('The refill had no jitter, so nothing spread the load.')
  await card.locator('.draft-submit').click()
  const reviewerCard = thread(reviewer, PHRASE)
  await reviewerCard.locator('.comment', { hasText: 'no jitter' }).waitFor()
  await card.locator('.thread-resolve', { hasText: 'Resolve' }).click()
  await reviewer.waitForFunction(() => document.querySelector('#comment-summary').textContent === '0 open · 1 resolved')
  await editor.waitForSelector('#comment-margin .thread', { state: 'detached' })
  assert.equal(await editor.locator('.tiptap .comment-mark').count(), 0)

  // Resolved threads can be shown and reopened.
  await reviewer.check('#show-resolved')
  await reviewerCard.locator('.resolved-note', { hasText: 'Resolved by Eve Editor' }).waitFor()
  await reviewerCard.locator('.thread-resolve', { hasText: 'Reopen' }).click()
  await editor.waitForFunction(() => document.querySelector('#comment-summary').textContent === '1 open')
  await thread(editor, PHRASE).waitFor()

  await editor.context().close()
  await reviewer.context().close()
})

test('threads follow concurrent edits, can be edited by their author, and outlive their text', async () => {
  const created = await createPostmortem(env.server.url, { markdown: MARKDOWN, key: KEY })
  const editor = await openAs('Eve Editor', await shareLink(created.id, 'editor'))
  const reviewer = await openAs('Rae Reviewer', await shareLink(created.id, 'reviewer'))

  await comment(reviewer, PHRASE, 'How long did the refill take?')
  const card = thread(editor, PHRASE)
  await card.waitFor()

  // The editor writes right before and right after the phrase: the highlight keeps covering it.
  await editor.evaluate((phrase) => {
    const { editor } = window.debrief
    let start = null
    editor.state.doc.descendants((node, pos) => {
      if (node.isText && node.text.includes(phrase)) start = pos + node.text.indexOf(phrase)
    })
    // Two edits, as two people typing would make them (one edit on both sides of the phrase
    // would reach Yjs as "replace the phrase").
    editor.commands.insertContentAt(start + phrase.length, ' (all 40 of them)')
    editor.commands.insertContentAt(start, 'then ')
  }, PHRASE)
  await editor.locator('.tiptap p').first().click()
  await editor.keyboard.press('Control+Home')
  await editor.keyboard.press('ArrowDown')
  await editor.keyboard.press('Home')
  await editor.keyboard.type('At first, ')
  await waitSaved(editor)
  for (const page of [editor, reviewer]) {
    await page.waitForFunction(() => window.debrief.editor.getText().includes('(all 40 of them)') &&
      window.debrief.editor.getText().includes('At first, '))
    await page.waitForFunction((phrase) => document.querySelector('.tiptap .comment-mark')?.textContent === phrase, PHRASE)
  }

  // The reviewer edits their own comment; the editor sees the change.
  const mine = thread(reviewer, PHRASE).locator('.comment').first()
  await mine.locator('.link-button', { hasText: 'Edit' }).click()
  await mine.locator('textarea').fill('How long did the refill take, roughly?')
  await mine.locator('.draft-submit').click()
  await card.locator('.comment-body', { hasText: 'roughly?' }).waitFor()
  assert.match(await card.locator('.comment-time').first().textContent(), /edited/)

  // The editor deletes the sentence: the thread stays, "on deleted text".
  await editor.evaluate((phrase) => {
    const { editor } = window.debrief
    let range = null
    editor.state.doc.descendants((node, pos) => {
      if (node.isText && node.text.includes(phrase)) range = { from: pos, to: pos + node.text.length }
    })
    editor.chain().deleteRange(range).run()
  }, PHRASE)
  for (const page of [editor, reviewer]) {
    const detached = thread(page, PHRASE)
    await detached.locator('.detached-note', { hasText: 'on deleted text' }).waitFor()
    assert.equal(await page.locator('.tiptap .comment-mark').count(), 0)
  }

  // Deleting the opening comment deletes the thread.
  reviewer.once('dialog', (dialog) => dialog.accept())
  await thread(reviewer, PHRASE).locator('.comment').first().locator('.link-button', { hasText: 'Delete' }).click()
  await editor.waitForFunction(() => document.querySelector('#comment-summary').textContent.startsWith('No comments yet'))

  await editor.context().close()
  await reviewer.context().close()
})

test('a viewer sees the threads and no controls', async () => {
  const created = await createPostmortem(env.server.url, { markdown: MARKDOWN, key: KEY })
  const reviewer = await openAs('Rae Reviewer', await shareLink(created.id, 'reviewer'))
  await comment(reviewer, PHRASE, 'Was a lock considered?')
  await thread(reviewer, PHRASE).waitFor()

  const viewer = await openAs('Vic Viewer', await shareLink(created.id, 'viewer'))
  assert.equal(await viewer.textContent('#role'), 'Viewer')
  const card = thread(viewer, PHRASE)
  await card.locator('.comment-body', { hasText: 'Was a lock considered?' }).waitFor()
  assert.equal(await viewer.getAttribute('.tiptap', 'contenteditable'), 'false')
  assert.equal(await card.locator('textarea, button').count(), 0)
  await selectPhrase(viewer, 'The cache expired')
  assert.equal(await viewer.locator('#add-comment').count(), 0)

  await reviewer.context().close()
  await viewer.context().close()
})

test('without a share link the home page says one is needed', async () => {
  const page = await personPage(env.browser, 'Nobody')
  await page.goto(env.server.url + '/')
  await page.waitForSelector('#access-needed')
  assert.match(await page.textContent('#access-needed h2'), /needs a share link/)
  assert.ok(await page.isHidden('#new-postmortem'))

  const created = await createPostmortem(env.server.url, { markdown: MARKDOWN, key: KEY })
  await page.fill('#share-link', await shareLink(created.id, 'viewer'))
  await page.click('.share-link-form button')
  await waitLive(page)
  assert.equal(await page.textContent('#role'), 'Viewer')
  await page.context().close()
})
