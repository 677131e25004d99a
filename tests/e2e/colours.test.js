// Four people who all prefer the same colour open one postmortem: each ends up with a colour of
// their own, the same one on every page, for their avatar and their caret.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, openPostmortem, createPostmortem, clickIntoSection } from './lib/harness.js'

const env = useServer()
const NAMES = ['Ada Park', 'Ben Cruz', 'Cleo Diaz', 'Dev Shah']

/** name → avatar colour, as `page` shows the people here. */
const colours = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#avatars .avatar')]
  .map((a) => [a.title.replace(/ \(you\)$/, ''), a.style.backgroundColor]).sort()))

test('four people get four distinct colours, the same on every page', async () => {
  const created = await createPostmortem(env.server.url, { markdown: '# Queue backlog\n\n## Summary\n\nConsumers stalled.\n' })
  const pages = []
  for (const name of NAMES) {
    const page = await personPage(env.browser, name)
    await page.context().addInitScript(() => localStorage.setItem('debrief.color', '#1d4ed8'))
    pages.push(page)
  }
  await Promise.all(pages.map((page) => openPostmortem(page, env.server.url, created.id)))
  for (const page of pages) await clickIntoSection(page, 'Summary') // carets for the others

  let seen = null
  await assert.doesNotReject(async () => {
    const deadline = Date.now() + 15_000
    for (;;) {
      const all = await Promise.all(pages.map(colours))
      const first = JSON.stringify(all[0])
      if (Object.keys(all[0]).length === 4 && new Set(Object.values(all[0])).size === 4 && all.every((c) => JSON.stringify(c) === first)) {
        seen = all[0]
        return
      }
      if (Date.now() > deadline) throw new Error('colours never became distinct and agreed: ' + JSON.stringify(all))
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  })
  // The carets the others see carry the same colours as the avatars.
  const carets = await pages[0].evaluate(() => Object.fromEntries([...document.querySelectorAll('.collaboration-carets__label')]
    .map((l) => [l.textContent, l.style.backgroundColor])))
  for (const name of NAMES.slice(1)) assert.equal(carets[name], seen[name], `${name}'s caret`)
  for (const page of pages) await page.context().close()
})
