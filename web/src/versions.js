// Versions beside the document (server/src/lifecycle/versions.rs): the postmortem as it stood at
// each review stage and whenever someone saved it ("Save version…"). Any version opens
// read-only; "Compare" shows what changed from it to the document now, block by block, with the
// words inserted and deleted; editors may "Restore" one, which writes it as a new change on top
// (the server keeps what was there as a version first).

import { h } from './dom.js'
import { listVersions, saveVersion, readVersion, diffVersion, restoreVersion } from './api.js'
import { whenEdited } from './labels.js'
import { askText } from './dialog.js'
import { onStageChange } from './workflow.js'

/**
 * Fills `panel` with postmortem `id`'s versions; `canEdit` offers saving and restoring; `name()`
 * is this person's name; `meta` the document's metadata map (a review step adds a version).
 * Returns a cleanup.
 */
export function versionsPanel ({ panel, id, token, canEdit, name, meta }) {
  const list = h('ol', { class: 'version-list', id: 'version-list' })
  const problem = h('p', { class: 'notice small', role: 'alert', hidden: true })
  const save = h('button', { type: 'button', class: 'button small', id: 'save-version', text: 'Save version…', onclick: saveNow })
  panel.replaceChildren(h('h2', { text: 'Versions' }), problem, canEdit ? save : null, list)
  panel.hidden = false
  let disposed = false

  const failed = (error) => {
    if (disposed) return
    problem.textContent = error.message
    problem.hidden = false
  }

  async function load () {
    try {
      const versions = await listVersions(id, token)
      if (disposed) return
      problem.hidden = true
      list.replaceChildren(...(versions.length
        ? versions.slice().reverse().map(row)
        : [h('li', { class: 'muted', text: 'No versions yet.' })]))
    } catch (error) {
      failed(error)
    }
  }

  const row = (v) => h('li', { class: 'version', dataset: { version: v.number } },
    h('span', { class: 'version-name', text: v.name }), ' ',
    h('span', { class: 'muted small', text: `${v.by} · ` }),
    h('time', { class: 'relative-time muted small', datetime: v.at, text: whenEdited(v.at) }),
    h('div', { class: 'version-actions' },
      h('button', { type: 'button', class: 'button small', dataset: { action: 'view' }, text: 'View', onclick: () => view(v) }),
      h('button', { type: 'button', class: 'button small', dataset: { action: 'compare' }, text: 'Compare with now', onclick: () => compare(v, 'current') }),
      v.number > 1 ? h('button', { type: 'button', class: 'button small', dataset: { action: 'changes' }, text: 'Changes', title: 'What changed since the version before it', onclick: () => compare({ ...v, number: v.number - 1, name: `version ${v.number - 1}` }, v.number) }) : null,
      canEdit ? h('button', { type: 'button', class: 'button small', dataset: { action: 'restore' }, text: 'Restore', onclick: () => restore(v) }) : null))

  async function saveNow () {
    const versionName = await askText({ title: 'Save a version', label: 'Name', placeholder: 'e.g. Before the timeline rewrite', confirm: 'Save' })
    if (!versionName) return
    try {
      await saveVersion(id, { name: versionName, by: name() }, token)
      load()
    } catch (error) {
      failed(error)
    }
  }

  async function view (v) {
    try {
      const version = await readVersion(id, v.number, token)
      show(`${v.name} · version ${v.number}`, h('article', { class: 'version-view', id: 'version-view' },
        h('h1', { text: version.title || 'Untitled postmortem' }),
        version.blocks.map(block)))
    } catch (error) {
      failed(error)
    }
  }

  async function compare (v, to) {
    try {
      const diff = await diffVersion(id, v.number, to, token)
      const until = to === 'current' ? '' : ` until version ${to}`
      show(`Changes since “${v.name}”${until}`, h('div', { class: 'version-diff', id: 'version-diff' }, diff.blocks.map(changed)))
    } catch (error) {
      failed(error)
    }
  }

  async function restore (v) {
    const confirmed = await askText({ title: `Restore “${v.name}”?`, label: 'The document becomes this version, as a new change: type RESTORE to confirm (what it holds now is saved as a version first).', confirm: 'Restore' })
    if (confirmed !== 'RESTORE') return
    try {
      await restoreVersion(id, v.number, token)
      load()
    } catch (error) {
      failed(error)
    }
  }

  // A review step takes a version: reload when the stage changes.
  const unwatch = onStageChange(meta, load)
  load()
  return () => {
    disposed = true
    unwatch()
  }
}

/** A rendered block: `## Heading` as a heading, anything else as a paragraph. */
function block (text) {
  const heading = /^(#{1,6}) (.*)$/.exec(text)
  return heading ? h('h' + Math.min(6, heading[1].length + 1), { text: heading[2] }) : h('p', { text })
}

/** One block's change: kept, inserted, deleted, or reworded word by word. */
function changed (change) {
  if (change.op === 'change') {
    return h('p', { class: 'diff-block diff-change' }, change.parts.map((part) =>
      part.op === 'insert' ? h('ins', { text: part.text }) : part.op === 'delete' ? h('del', { text: part.text }) : part.text))
  }
  const tag = change.op === 'insert' ? 'ins' : change.op === 'delete' ? 'del' : 'span'
  return h('p', { class: 'diff-block diff-' + change.op }, h(tag, { text: change.text }))
}

/** A modal with `title` and `content`; Escape or "Close" closes it. */
function show (title, content) {
  const dialog = h('dialog', { class: 'modal version-modal', id: 'version-modal' },
    h('h2', { text: title }), content,
    h('div', { class: 'ask-actions' }, h('button', { type: 'button', class: 'button', text: 'Close', onclick: () => dialog.close() })))
  dialog.addEventListener('close', () => dialog.remove())
  document.body.append(dialog)
  dialog.showModal()
}
