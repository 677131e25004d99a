// The privacy check in the browser: private data typed into a postmortem (an e-mail address, an
// AWS key) gets its own underline, card and list in the panel, "Apply" writes the redaction for everyone, and a
// documentation address (192.0.2.10) is left alone.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, openPostmortem, createPostmortem, clickIntoSection } from './lib/harness.js'

const env = useServer()
const underline = (page, text) => page.locator('.tiptap .annotation[data-severity="privacy"]', { hasText: text })

test('private data is underlined, and "Apply" redacts it for everyone', async () => {
  const { id } = await createPostmortem(env.server.url, { title: 'Leaked key' })
  const ann = await personPage(env.browser, 'Ann Lee')
  const rob = await personPage(env.browser, 'Rob Diaz')
  await Promise.all([openPostmortem(ann, env.server.url, id), openPostmortem(rob, env.server.url, id)])
  await clickIntoSection(ann, 'Summary')
  await ann.keyboard.type('jane.doe@acme-corp.io pasted AKIAIOSFODNN7EXAMPLE from 192.0.2.10 into the channel.', { delay: 5 })

  await underline(ann, 'jane.doe@acme-corp.io').waitFor()
  await underline(ann, 'AKIAIOSFODNN7EXAMPLE').waitFor()
  await underline(rob, 'jane.doe@acme-corp.io').waitFor()
  assert.equal(await ann.locator('.tiptap .annotation', { hasText: '192.0.2.10' }).count(), 0)
  await ann.locator('#privacy-list .annotation-item.privacy', { hasText: 'AKIAIOSFODNN7EXAMPLE' }).waitFor()
  await ann.locator('#privacy-count', { hasText: '2' }).waitFor()
  assert.equal(await ann.locator('#annotation-list .annotation-item').count(), 0, 'private data is not listed as blame')

  await underline(ann, 'AKIAIOSFODNN7EXAMPLE').hover()
  const card = ann.locator('#annotation-card')
  await card.waitFor()
  assert.match(await card.innerText(), /Private data/i)
  assert.match(await card.innerText(), /credential/)
  await card.getByRole('button', { name: 'Apply' }).click()
  for (const page of [ann, rob]) {
    await page.waitForFunction(() => window.debrief.editor.getText().includes('pasted [secret] from 192.0.2.10'))
  }
  await underline(ann, 'AKIAIOSFODNN7EXAMPLE').waitFor({ state: 'detached' })
  assert.equal(await underline(ann, 'jane.doe@acme-corp.io').count(), 1, 'the e-mail is still flagged')
  await ann.context().close()
  await rob.context().close()
})
