// The page keeps itself tidy while it stays open: comment times age ("just now" becomes "5
// minutes ago"), a long title wraps between words instead of being cut off, and the side column
// stays below the top bar however far the page is scrolled.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, openPostmortem, createPostmortem, comment } from './lib/harness.js'

const env = useServer()

test('comment times age while the page stays open', async () => {
  const created = await createPostmortem(env.server.url, { markdown: '# Slow deploys\n\n## Summary\n\nThe pipeline waited on a lock.\n' })
  const page = await personPage(env.browser, 'Tomas Berg')
  await page.clock.install()
  await openPostmortem(page, env.server.url, created.id)
  await comment(page, 'waited on a lock', 'Which lock?')
  const time = page.locator('.thread .comment-time').first()
  assert.equal(await time.textContent(), 'just now')
  await page.clock.fastForward('05:00')
  await page.waitForFunction(() => document.querySelector('.thread .comment-time').textContent !== 'just now')
  assert.equal(await time.textContent(), '5 minutes ago')
  await page.context().close()
})

test('a long title wraps between words and shows whole', async () => {
  const title = 'Checkout latency spike after the payment provider rotated its certificates and our pinned trust store rejected the new intermediate'
  const created = await createPostmortem(env.server.url, { title })
  const page = await personPage(env.browser, 'Tomas Berg')
  await openPostmortem(page, env.server.url, created.id)
  await page.waitForFunction((t) => document.querySelector('#title').value === t, title)
  const box = await page.$eval('#title', (field) => ({
    scrollWidth: field.scrollWidth,
    clientWidth: field.clientWidth,
    scrollHeight: field.scrollHeight,
    clientHeight: field.clientHeight,
    lineHeight: parseFloat(getComputedStyle(field).lineHeight)
  }))
  assert.ok(box.scrollWidth <= box.clientWidth, `nothing cut at the side: ${JSON.stringify(box)}`)
  assert.ok(box.scrollHeight <= box.clientHeight + 1, `nothing cut below: ${JSON.stringify(box)}`)
  assert.ok(box.clientHeight > 1.5 * box.lineHeight, `it wrapped onto several lines: ${JSON.stringify(box)}`)
  // Typing at the end keeps every word whole and in the field.
  await page.click('#title')
  await page.keyboard.press('Control+End')
  await page.keyboard.type(' certificate')
  assert.equal(await page.locator('#title').inputValue(), title + ' certificate')
  await page.context().close()
})

test('the side column stays below the top bar when the page is scrolled to the end', async () => {
  const items = Array.from({ length: 24 }, (_, i) => `- [ ] Follow-up ${i + 1} (owner: kim, due: 2030-01-${String(i + 1).padStart(2, '0')})`).join('\n')
  const created = await createPostmortem(env.server.url, { markdown: `# Queue backlog\n\n## Summary\n\nConsumers stalled.\n\n## Action items\n\n${items}\n` })
  const page = await personPage(env.browser, 'Tomas Berg')
  await page.setViewportSize({ width: 1280, height: 700 })
  await openPostmortem(page, env.server.url, created.id)
  await page.waitForFunction(() => document.querySelectorAll('#action-item-list li').length === 24)
  for (const y of [400, 100_000]) {
    await page.evaluate((y) => window.scrollTo(0, y), y)
    await page.waitForFunction(() => window.scrollY > 0)
    const { side, bar } = await page.evaluate(() => ({
      side: document.querySelector('.side').getBoundingClientRect().top,
      bar: document.querySelector('.topbar').getBoundingClientRect().bottom
    }))
    assert.ok(side >= bar, `side column top ${side} below the top bar ${bar} at scrollY ${y}`)
  }
  await page.context().close()
})
