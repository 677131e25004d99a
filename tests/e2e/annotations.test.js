// Blameless-language annotations in the browser: a blameful sentence typed in the text gets an
// underline and a place in the side column; hovering shows the message with "Apply", which
// rewrites the phrase (one step to undo), and "Dismiss", which hides it for everyone and lists who dismissed it and
// why. A hindsight hint looks lighter than blame.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useServer, personPage, openPostmortem, createPostmortem, waitSaved, bodyText, clickIntoSection } from './lib/harness.js'

let alice, bob
const env = useServer({
  async setup ({ server, browser }) {
    const { id } = await createPostmortem(server.url, { title: 'Stuck deploy' })
    alice = await personPage(browser, 'Alice Martin')
    bob = await personPage(browser, 'Bob Chen')
    await Promise.all([openPostmortem(alice, server.url, id), openPostmortem(bob, server.url, id)])
  }
})

const underline = (page, text) => page.locator('.tiptap .annotation', { hasText: text })

test('a blameful phrase typed in the browser is underlined, and "Apply" rewrites it', async () => {
  await alice.locator('#annotation-count', { hasText: '0' }).waitFor()
  await clickIntoSection(alice, 'Summary')
  await alice.keyboard.type('The on-call simply needed to restart the pod.', { delay: 10 })

  await underline(alice, 'simply needed to').waitFor()
  assert.equal(await underline(alice, 'simply needed to').innerText(), 'simply needed to')
  await alice.locator('#annotation-count', { hasText: '1' }).waitFor()
  await alice.locator('#annotation-list .annotation-item', { hasText: 'simply needed to' }).waitFor()
  // The other person sees it too.
  await underline(bob, 'simply needed to').waitFor()

  await underline(alice, 'simply needed to').hover()
  const card = alice.locator('#annotation-card')
  await card.waitFor()
  assert.match(await card.innerText(), /Minimising words/)
  assert.match(await card.innerText(), /Try: /)
  await card.getByRole('button', { name: 'Apply' }).click()

  for (const page of [alice, bob]) {
    await page.waitForFunction(() => window.debrief.editor.getText().includes('The on-call needed to restart the pod.'))
    await page.locator('#annotation-count', { hasText: '0' }).waitFor()
    assert.equal(await page.locator('.tiptap .annotation').count(), 0)
  }
  assert.ok(!(await bodyText(alice)).includes('simply'))

  // "Apply" is one step to undo, and the annotation comes back with the phrase.
  await alice.keyboard.press('Control+z')
  await alice.waitForFunction(() => window.debrief.editor.getText().includes('The on-call simply needed to restart the pod.'))
  await underline(alice, 'simply needed to').waitFor()
  await alice.locator('#annotation-count', { hasText: '1' }).waitFor()
  await alice.keyboard.press('Control+y')
  await alice.locator('#annotation-count', { hasText: '0' }).waitFor()
  assert.ok((await bodyText(alice)).includes('The on-call needed to restart the pod.'))
  await waitSaved(alice)
})

test('the side column lists each annotation and scrolls to it; "Dismiss" records who and why', async () => {
  await clickIntoSection(alice, 'Contributing factors')
  await alice.keyboard.type('The root cause was human error.', { delay: 10 })
  await alice.locator('#annotation-count', { hasText: '1' }).waitFor()

  // The list scrolls to the phrase, selects it and opens its card.
  await alice.evaluate(() => window.scrollTo(0, 0))
  await alice.locator('#annotation-list .annotation-item', { hasText: 'human error' }).click()
  await alice.waitForFunction(() => {
    const { state } = window.debrief.editor
    return state.doc.textBetween(state.selection.from, state.selection.to) === 'human error'
  })
  const card = alice.locator('#annotation-card')
  await card.waitFor()
  assert.equal(await card.getByRole('button', { name: 'Apply' }).count(), 0, 'no replacement for this rule')
  assert.doesNotMatch(await card.innerText(), /null|undefined/, 'a card without a replacement has no empty line for it')
  await underline(alice, 'human error').evaluate((el) => new Promise((resolve) => {
    new IntersectionObserver(([entry], observer) => { if (entry.isIntersecting) { observer.disconnect(); resolve() } }).observe(el)
  }))

  await card.getByRole('button', { name: 'Dismiss' }).click()
  await alice.locator('dialog input').fill('Quoting the customer’s own report')
  await alice.keyboard.press('Enter')

  for (const page of [alice, bob]) {
    await page.locator('#annotation-count', { hasText: '0' }).waitFor()
    assert.equal(await underline(page, 'human error').count(), 0)
    const dismissed = page.locator('#dismissed-annotations')
    await dismissed.locator('summary').click()
    const entry = dismissed.locator('li', { hasText: 'human error' })
    await entry.waitFor()
    assert.match(await entry.innerText(), /Dismissed by Alice Martin/)
    assert.match(await entry.innerText(), /Quoting the customer’s own report/)
  }
  // The text itself is untouched.
  assert.ok((await bodyText(bob)).includes('The root cause was human error.'))
})

test('a hindsight hint looks lighter than blame, and Apply rewrites "should have noticed"', async () => {
  await alice.mouse.move(0, 0)
  await alice.keyboard.press('Escape')
  await alice.locator('#annotation-card').waitFor({ state: 'hidden' })
  await clickIntoSection(alice, 'Detection')
  await alice.keyboard.type('We forgot to renew the certificate. The on-call engineer should have noticed the alert.', { delay: 5 })
  const hint = underline(alice, 'We forgot')
  const blame = underline(alice, 'should have noticed')
  await hint.waitFor()
  await blame.waitFor()
  assert.equal(await hint.getAttribute('data-severity'), 'hindsight')
  assert.equal(await blame.getAttribute('data-severity'), 'blame')
  const look = (locator) => locator.evaluate((el) => {
    const style = getComputedStyle(el)
    return { line: style.textDecorationStyle, background: style.backgroundColor }
  })
  const [hintLook, blameLook] = [await look(hint), await look(blame)]
  assert.equal(hintLook.line, 'dotted')
  assert.equal(blameLook.line, 'wavy')
  assert.notEqual(hintLook.background, blameLook.background)
  const hintItem = alice.locator('#annotation-list .annotation-item', { hasText: 'We forgot' })
  assert.match(await hintItem.getAttribute('class'), /hindsight/)

  await hint.hover()
  const card = alice.locator('#annotation-card')
  await card.locator('.annotation-card-severity', { hasText: 'Hint' }).waitFor()
  await blame.hover()
  await card.locator('.annotation-card-severity', { hasText: 'May read as blame' }).waitFor()
  assert.match(await card.innerText(), /could not easily see/)
  await card.getByRole('button', { name: 'Apply' }).click()
  for (const page of [alice, bob]) {
    await page.waitForFunction(() => window.debrief.editor.getText().includes('The on-call engineer could not easily see the alert.'))
  }
  await underline(alice, 'should have noticed').waitFor({ state: 'detached' })
  await waitSaved(alice)
})
