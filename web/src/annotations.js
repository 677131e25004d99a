// Blameless-language annotations (issue #4): the server's annotator writes phrases that may read
// as blame into `P.insights`; here they get a soft underline in the text, a card on hover with
// the message, the suggestion, "Apply" (when a replacement exists) and "Dismiss", and a list with
// a count in the side column. What was dismissed stays listed there, with who and why, so
// reviewers can judge it. Two severities look different: `blame` (a reviewer would ask to rewrite
// it: wavy underline, tinted) and `hindsight` (a hint: thin dotted line, lighter in the list).

import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { yUndoPluginKey } from 'y-prosemirror'
import { h } from './dom.js'
import { askText } from './dialog.js'
import { dismissAnnotation } from './api.js'
import { storedName } from './identity.js'
import { whenEdited } from './labels.js'
import { resolvePosition, onInsightsChange, revealRange } from './insights.js'

const key = new PluginKey('annotations')

/**
 * Holds the underlines: replaced on each refresh, mapped through edits in between. An editor
 * extension, so it is there from the start: adding a plugin later re-creates every plugin view,
 * and y-prosemirror's undo manager does not survive that.
 */
export const AnnotationUnderlines = Extension.create({
  name: 'annotationUnderlines',
  addProseMirrorPlugins: () => [new Plugin({
    key,
    state: {
      init: () => DecorationSet.empty,
      apply: (tr, set) => tr.getMeta(key) ?? set.map(tr.mapping, tr.doc)
    },
    props: { decorations: (state) => key.getState(state) }
  })]
})

/** The annotations not dismissed whose phrase is in the text, in document order, with its range. */
function locate (editor, insights) {
  const found = []
  insights.annotations.forEach((annotation, id) => {
    if (insights.dismissed.has(id)) return
    const from = resolvePosition(editor, annotation.start)
    const to = resolvePosition(editor, annotation.end)
    if (from === null || to === null || from >= to) return
    found.push({ ...annotation, id, from, to })
  })
  return found.sort((a, b) => a.from - b.from)
}

/**
 * Shows the annotations of `insights` in `editor` (which has the `AnnotationUnderlines`
 * extension) and fills the side-column `panel`. `id` and `token` identify the postmortem for
 * dismissals. Returns a cleanup.
 */
export function annotations ({ editor, insights, panel, id, token, canDismiss }) {
  let shown = []
  const find = (annotationId) => shown.find((a) => a.id === annotationId)

  const notice = h('p', { class: 'notice small', role: 'alert', hidden: true })
  const fail = (error) => { notice.textContent = error.message; notice.hidden = false }

  const card = hoverCard({
    editor,
    find,
    canDismiss,
    apply (annotation) {
      // Its own undo step, even right after typing.
      yUndoPluginKey.getState(editor.state)?.undoManager.stopCapturing()
      const { tr } = editor.state
      const replacement = replacementOf(annotation)
      if (replacement === null) return
      editor.view.dispatch(tr.insertText(replacement, annotation.from, annotation.to))
      editor.commands.focus()
    },
    async dismiss (annotation) {
      const reason = await askText({
        title: 'Dismiss this suggestion',
        label: `Why does “${annotation.excerpt}” not read as blame here? (optional; reviewers see it)`,
        confirm: 'Dismiss',
        required: false
      })
      if (reason === null) return
      try {
        await dismissAnnotation(id, annotation.id, { by: storedName(), reason }, token)
        notice.hidden = true
      } catch (error) {
        fail(new Error('Could not dismiss: ' + error.message))
      }
    }
  })

  // Blame findings and private data are listed under their own headings; each list has a count.
  const section = (id, title, empty) => {
    const count = h('span', { class: 'count', id: id + '-count' })
    const list = h('ol', { class: 'annotation-list', id: id + '-list' })
    return { heading: h('h2', {}, title + ' ', count), count, list, empty }
  }
  const blameSection = section('annotation', 'Blameless language', 'Nothing here reads as blame.')
  const privacySection = section('privacy', 'Private data', 'No private data found.')
  const dismissedCount = h('span', { class: 'count' })
  const dismissedList = h('ul', { class: 'dismissed-list' })
  const dismissed = h('details', { class: 'dismissed', id: 'dismissed-annotations', hidden: true },
    h('summary', {}, 'Dismissed ', dismissedCount), dismissedList)
  panel.append(blameSection.heading, notice, blameSection.list, privacySection.heading, privacySection.list, dismissed)
  panel.hidden = false

  const showSection = ({ count, list, empty }, items) => {
    count.textContent = String(items.length)
    list.replaceChildren(...(items.length
      ? items.map((a) => h('li', {},
        h('button', {
          type: 'button',
          class: 'annotation-item ' + severityOf(a),
          dataset: { annotation: a.id },
          onclick: () => {
            const annotation = find(a.id)
            if (!annotation) return
            revealRange(editor, annotation.from, annotation.to)
            card.open(annotation.id, { pinned: true })
          }
        }, h('q', { text: a.excerpt }), h('span', { class: 'annotation-message', text: a.message }))))
      : [h('li', { class: 'muted', text: empty })]))
  }

  const showPanel = () => {
    const isPrivacy = (a) => severityOf(a) === 'privacy'
    showSection(blameSection, shown.filter((a) => !isPrivacy(a)))
    showSection(privacySection, shown.filter(isPrivacy))

    const records = []
    insights.dismissed.forEach((record, annotationId) => records.push({ ...record, id: annotationId }))
    records.sort((a, b) => String(b.at).localeCompare(String(a.at)))
    dismissed.hidden = records.length === 0
    dismissedCount.textContent = String(records.length)
    dismissedList.replaceChildren(...records.map((r) => h('li', { dataset: { annotation: r.id } },
      h('q', { text: r.excerpt || r.rule || 'a phrase' }),
      h('span', { class: 'dismissed-by', text: `Dismissed by ${r.by || 'someone'}` + (r.at ? ` · ${whenEdited(r.at)}` : ''), title: r.at ? new Date(r.at).toLocaleString() : '' }),
      r.reason ? h('span', { class: 'dismissed-reason', text: r.reason }) : h('span', { class: 'muted', text: 'No reason given' }))))
  }

  const refresh = () => {
    shown = locate(editor, insights)
    const set = DecorationSet.create(editor.state.doc, shown.map((a) =>
      Decoration.inline(a.from, a.to, { class: 'annotation', 'data-annotation': a.id, 'data-severity': severityOf(a) })))
    editor.view.dispatch(editor.state.tr.setMeta(key, set))
    showPanel()
    card.refresh()
  }
  const stop = onInsightsChange(editor, insights, refresh)

  return () => {
    stop()
    card.destroy()
  }
}

/** An annotation's severity: `blame`, `hindsight` for a hint, or `privacy` for private data. */
const severityOf = (annotation) => ['hindsight', 'privacy'].includes(annotation.severity) ? annotation.severity : 'blame'

/** A replacement the card may offer: a non-empty string (stored annotations may lack one). */
const replacementOf = (annotation) =>
  typeof annotation.replacement === 'string' && annotation.replacement !== '' ? annotation.replacement : null

/**
 * The card over an underlined phrase: opened by hovering it (and closed shortly after the pointer
 * leaves both) or pinned open from the side column (closed by Escape or a click elsewhere).
 */
function hoverCard ({ editor, find, canDismiss, apply, dismiss }) {
  const element = h('div', { class: 'annotation-card', id: 'annotation-card', role: 'dialog', 'aria-label': 'Suggestion', hidden: true })
  document.body.append(element)
  let current = null
  let pinned = false
  let hideTimer = null

  const close = () => {
    clearTimeout(hideTimer)
    element.hidden = true
    current = null
    pinned = false
  }
  const closeSoon = () => {
    if (pinned) return
    clearTimeout(hideTimer)
    hideTimer = setTimeout(close, 300)
  }

  const open = (annotationId, { pinned: pin = false } = {}) => {
    const annotation = find(annotationId)
    const target = editor.view.dom.querySelector(`.annotation[data-annotation="${CSS.escape(annotationId)}"]`)
    if (!annotation || !target) return close()
    clearTimeout(hideTimer)
    current = annotationId
    pinned = pin
    const replacement = editor.isEditable ? replacementOf(annotation) : null
    const labels = { blame: 'May read as blame', hindsight: 'Hint · hindsight', privacy: 'Private data' }
    // replaceChildren would write a null child as the text "null": leave those out.
    element.replaceChildren(...[
      h('p', { class: 'annotation-card-severity ' + severityOf(annotation), text: labels[severityOf(annotation)] }),
      h('p', { class: 'annotation-card-message', text: annotation.message }),
      annotation.suggestion ? h('p', { class: 'annotation-card-suggestion' }, h('strong', { text: 'Try: ' }), annotation.suggestion) : null,
      replacement
        ? h('p', { class: 'annotation-card-replacement' }, 'Apply replaces it with ', h('q', { text: replacement }), '.')
        : null,
      h('div', { class: 'annotation-card-actions' },
        replacement
          ? h('button', {
            type: 'button',
            class: 'button small primary',
            text: 'Apply',
            title: `Replace “${annotation.excerpt}” with “${replacement}”`,
            onclick: () => { close(); const fresh = find(annotationId); if (fresh) apply(fresh) }
          })
          : null,
        // Viewers may read but not dismiss (the server refuses them too).
        canDismiss
          ? h('button', {
            type: 'button',
            class: 'button small',
            text: 'Dismiss',
            title: 'Hide this suggestion for everyone; you can say why',
            onclick: () => { close(); dismiss(annotation) }
          })
          : null)
    ].filter(Boolean))
    element.hidden = false
    const rect = target.getBoundingClientRect()
    const width = element.offsetWidth
    const left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8))
    element.style.left = `${left + window.scrollX}px`
    element.style.top = `${rect.bottom + window.scrollY + 6}px`
    if (pin) element.querySelector('button')?.focus({ preventScroll: true })
  }

  const onOver = (event) => {
    const target = event.target.closest?.('.annotation')
    if (target) {
      if (target.dataset.annotation !== current || element.hidden) open(target.dataset.annotation)
      else clearTimeout(hideTimer)
    }
  }
  const onOut = (event) => { if (event.target.closest?.('.annotation')) closeSoon() }
  const onKey = (event) => { if (event.key === 'Escape' && !element.hidden) close() }
  const onPointerDown = (event) => {
    if (!element.hidden && !element.contains(event.target) && !event.target.closest?.('.annotation, .annotation-item')) close()
  }
  editor.view.dom.addEventListener('mouseover', onOver)
  editor.view.dom.addEventListener('mouseout', onOut)
  element.addEventListener('mouseenter', () => clearTimeout(hideTimer))
  element.addEventListener('mouseleave', closeSoon)
  document.addEventListener('keydown', onKey)
  document.addEventListener('pointerdown', onPointerDown)

  return {
    open,
    /** Closes the card if its annotation went away (fixed, dismissed or edited out). */
    refresh () { if (current && !find(current)) close() },
    destroy () {
      close()
      element.remove()
      editor.view.dom.removeEventListener('mouseover', onOver)
      editor.view.dom.removeEventListener('mouseout', onOut)
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onPointerDown)
    }
  }
}
