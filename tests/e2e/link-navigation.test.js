// A share link opens one postmortem: its page offers no way to pages the link cannot open (the
// list of postmortems, the action items of all), which would only answer "authentication
// required" or "needs a share link". Without a server key the same page keeps both links.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, startServer, tempDataDir, personPage, createPostmortem, openPostmortem, waitLive, createShareLink } from './lib/harness.js'

const KEY = 'e2e-link-navigation-key'
const env = useServer({ args: ['--auth-key', KEY] })
const MARKDOWN = '# Certificate expiry\n\n## Summary\n\nThe edge certificate expired.\n\n## Action items\n\n- [ ] Alert on certificate age (owner: kim)\n'

/** Where the page's in-app links lead. */
const appLinks = (page) => page.$$eval('a[data-nav]', (links) => links.map((a) => a.getAttribute('href')))

test('a share-link page has no links to pages the link cannot open', async () => {
  const created = await createPostmortem(env.server.url, { key: KEY, markdown: MARKDOWN })
  const link = await createShareLink(env.server.url, { key: KEY, id: created.id })
  const page = await personPage(env.browser, 'Lin Okafor')
  await page.goto(link.url)
  await waitLive(page)
  await page.waitForSelector('.editor-page[data-ready="true"]')
  await page.locator('#action-item-list li').first().waitFor()
  assert.deepEqual(await appLinks(page), [])
  assert.equal(await page.textContent('#brand'), 'Debrief')
  await page.context().close()
})

test('without a server key the postmortem page links to the list and to all action items', async () => {
  const data = tempDataDir()
  const open = await startServer({ dataDir: data.dir })
  try {
    const created = await createPostmortem(open.url, { markdown: MARKDOWN })
    const page = await personPage(env.browser, 'Lin Okafor')
    await openPostmortem(page, open.url, created.id)
    await page.locator('#action-item-list li').first().waitFor()
    assert.deepEqual((await appLinks(page)).sort(), ['/', '/action-items'])
    await page.click('text=All action items →')
    await page.locator('#action-items').waitFor()
    await page.context().close()
  } finally {
    await open.stop()
    data.cleanup()
  }
})
