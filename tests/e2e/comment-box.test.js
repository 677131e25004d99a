// "+ Comment" on a phrase far down a long postmortem opens the new comment box next to it, on
// screen and focused, without scrolling the page away to the top.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, openPostmortem, createPostmortem, selectPhrase } from './lib/harness.js'

const env = useServer()

const PHRASE = 'the standby took over'
const filler = Array.from({ length: 40 }, (_, i) => `Step ${i + 1}: the on-call engineer checked another dashboard.`).join('\n\n')
const MARKDOWN = `# Failover drill\n\n## Timeline\n\n${filler}\n\n## Summary\n\nAfter ninety seconds ${PHRASE} and traffic recovered.\n`

test('the new comment box is on screen and focused after "+ Comment"', async () => {
  const created = await createPostmortem(env.server.url, { markdown: MARKDOWN })
  const page = await personPage(env.browser, 'Noor Haddad')
  await openPostmortem(page, env.server.url, created.id)
  await selectPhrase(page, PHRASE)
  await page.locator('.tiptap p', { hasText: PHRASE }).scrollIntoViewIfNeeded()
  await page.locator('#add-comment').waitFor()
  const scrolled = await page.evaluate(() => window.scrollY)
  assert.ok(scrolled > 500, `the phrase is far down (scrollY ${scrolled})`)

  await page.click('#add-comment')
  const box = page.locator('#new-thread textarea')
  await box.waitFor()
  // Wait for the margin to settle (cards move with a short transition), then look.
  await page.waitForFunction(() => {
    const card = document.querySelector('#new-thread')
    return card && card.style.top !== '' && card.getAnimations().length === 0
  })
  const { top, bottom, focused, scrollY } = await box.evaluate((element) => ({
    ...element.getBoundingClientRect().toJSON(),
    focused: document.activeElement === element,
    scrollY: window.scrollY
  }))
  assert.ok(focused, 'the comment box has the focus')
  assert.ok(scrollY > 500, `the page stayed near the phrase (scrollY ${scrollY})`)
  assert.ok(top >= 56 && bottom <= 900, `the box is on screen, below the top bar (top ${top}, bottom ${bottom})`)
  // And it sits next to its phrase.
  const mark = await page.locator('.comment-mark.pending').first().boundingBox()
  assert.ok(Math.abs(mark.y - top) < 200, `next to the phrase (phrase at ${mark.y}, box at ${top})`)

  await box.fill('Was the ninety seconds expected?')
  await page.click('#new-thread .draft-submit')
  await page.locator('.thread .comment-body', { hasText: 'ninety seconds expected' }).waitFor()
  await page.context().close()
})
