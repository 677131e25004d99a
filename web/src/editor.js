// The postmortem page: header fields bound to the `meta` map, the rich-text body bound to the
// `body` fragment, connection and save state, who is here, and the side column.
//
// The side column reserves panels for later features: `#panel-action-items`, `#panel-annotations`
// and `#panel-comments` are empty and hidden until something fills them.

import { Editor } from '@tiptap/core'
import { h } from './dom.js'
import { getPostmortem } from './api.js'
import { tokenFor } from './access.js'
import { openRoom } from './sync.js'
import { extensions } from './schema.js'
import { toolbar } from './toolbar.js'
import { ensureUser, changeName, initials } from './identity.js'
import { SEVERITIES, STATUSES, statusLabel } from './labels.js'

const CONNECTION_TEXT = { connecting: 'Connecting…', live: 'Live', offline: 'Offline' }

export function renderEditor (root, { id }) {
  let disposed = false
  const cleanups = []
  const page = h('div', { class: 'page editor-page' })
  root.append(page)
  page.append(h('p', { class: 'loading', text: 'Opening…' }))

  open().catch((error) => {
    if (disposed) return
    page.replaceChildren(h('main', { class: 'message' },
      h('h1', { text: error.status === 404 ? 'No such postmortem' : 'Could not open this postmortem' }),
      h('p', { text: error.status === 404 ? `There is no postmortem with the id “${id}”.` : error.message }),
      h('a', { href: '/', 'data-nav': true, class: 'button', text: 'All postmortems' })))
  })

  async function open () {
    const token = tokenFor(id)
    const summary = await getPostmortem(id, token)
    const user = await ensureUser()
    if (disposed) return
    document.title = (summary.title || 'Untitled postmortem') + ' · Debrief'

    const connection = h('span', { class: 'connection', id: 'connection', role: 'status', dataset: { state: 'connecting' } },
      h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'connection-text', text: CONNECTION_TEXT.connecting }))
    const saveStatus = h('span', { class: 'save-status', id: 'save-status', role: 'status', 'aria-live': 'polite', dataset: { saved: 'true' } })
    const room = openRoom(id, token, ({ connection: state, saved }) => {
      connection.dataset.state = state
      connection.querySelector('.connection-text').textContent = CONNECTION_TEXT[state]
      saveStatus.dataset.saved = String(saved)
      saveStatus.textContent = saved
        ? 'All changes saved'
        : state === 'live' ? 'Saving…' : 'Unsaved changes will sync when back online'
    })
    cleanups.push(() => room.destroy())
    const { doc, provider } = room
    const meta = doc.getMap('meta')

    // Header fields.
    const title = h('input', { class: 'title-input', id: 'title', 'aria-label': 'Title', placeholder: 'Untitled postmortem', autocomplete: 'off', disabled: true })
    const incidentDate = h('input', { type: 'date', id: 'incident-date', disabled: true })
    const severity = h('select', { id: 'severity', disabled: true },
      h('option', { value: '', text: 'Not set' }), SEVERITIES.map((s) => h('option', { value: s, text: s })))
    const status = h('select', { id: 'status', disabled: true },
      STATUSES.map((s) => h('option', { value: s, text: statusLabel(s) })))
    const fields = { title, incidentDate, severity, status }
    for (const [key, input] of Object.entries(fields)) {
      input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => {
        if (input.value) meta.set(key, input.value)
        else meta.delete(key)
      })
    }
    title.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); editor.commands.focus('start') }
    })
    const showMeta = () => {
      for (const [key, input] of Object.entries(fields)) {
        const value = meta.get(key) ?? (key === 'status' ? 'draft' : '')
        if (input.value === value) continue
        if (document.activeElement === input && input.setSelectionRange) {
          const { selectionStart, selectionEnd } = input
          input.value = value
          input.setSelectionRange(selectionStart, selectionEnd)
        } else {
          input.value = value
        }
      }
      status.dataset.status = status.value
      document.title = (title.value || 'Untitled postmortem') + ' · Debrief'
    }
    meta.observe(showMeta)

    // The body.
    const editorHost = h('div', { class: 'document-body', id: 'editor' })
    const editor = new Editor({
      element: editorHost,
      extensions: extensions({ doc, provider, user }),
      editable: false,
      editorProps: { attributes: { 'aria-label': 'Postmortem text', spellcheck: 'true' } }
    })
    cleanups.push(() => editor.destroy())
    window.debrief = { id, doc, provider, editor }

    // Editable once the server's state is in, so nothing typed lands in an empty document.
    const ready = () => {
      showMeta()
      editor.setEditable(true)
      Object.values(fields).forEach((input) => { input.disabled = false })
      page.dataset.ready = 'true'
    }
    if (provider.synced) ready()
    else provider.once('sync', ready)

    // Who is here.
    const people = h('ul', { class: 'people', id: 'people' })
    const avatars = h('div', { class: 'avatars', id: 'avatars' })
    const you = h('button', { type: 'button', class: 'you', title: 'Change your name' })
    const showPeople = () => {
      const seen = new Map()
      for (const [client, state] of provider.awareness.getStates()) {
        if (state.user?.name && !seen.has(client)) seen.set(client, { ...state.user, self: client === doc.clientID })
      }
      const list = [...seen.values()].sort((a, b) => (b.self - a.self) || a.name.localeCompare(b.name))
      people.replaceChildren(...list.map((p) => h('li', { class: 'person' },
        h('span', { class: 'avatar', style: `background:${p.color}`, text: initials(p.name), 'aria-hidden': 'true' }),
        h('span', { class: 'person-name', text: p.name }),
        p.self ? h('span', { class: 'muted', text: ' (you)' }) : null)))
      avatars.replaceChildren(...list.slice(0, 6).map((p) =>
        h('span', { class: 'avatar', style: `background:${p.color}`, text: initials(p.name), title: p.name + (p.self ? ' (you)' : '') })))
      you.textContent = user.name
    }
    provider.awareness.on('change', showPeople)
    showPeople()
    you.addEventListener('click', async () => {
      const changed = await changeName()
      user.name = changed.name
      editor.commands.updateUser({ name: changed.name, color: user.color })
      showPeople()
    })

    // Outline: the headings, each a jump target.
    const outline = h('ol', { class: 'outline', id: 'outline' })
    const showOutline = () => {
      const items = []
      editor.state.doc.forEach((node, offset) => {
        if (node.type.name === 'heading' && node.textContent.trim()) {
          items.push(h('li', { class: `level-${node.attrs.level}` },
            h('button', {
              type: 'button',
              text: node.textContent,
              onclick: () => {
                editor.chain().focus().setTextSelection(offset + 1).scrollIntoView().run()
              }
            })))
        }
      })
      outline.replaceChildren(...items)
    }
    editor.on('update', showOutline)
    editor.on('create', showOutline)
    showOutline()

    const warnUnsaved = (event) => {
      if (saveStatus.dataset.saved !== 'true') { event.preventDefault(); event.returnValue = '' }
    }
    window.addEventListener('beforeunload', warnUnsaved)
    cleanups.push(() => window.removeEventListener('beforeunload', warnUnsaved))

    const field = (label, input) => h('label', { class: 'field' }, h('span', { class: 'field-label', text: label }), input)
    page.replaceChildren(
      h('header', { class: 'topbar' },
        h('a', { href: '/', 'data-nav': true, class: 'back', text: '← Postmortems' }),
        h('div', { class: 'topbar-status' }, connection, saveStatus),
        h('div', { class: 'topbar-people' }, avatars, you,
          h('a', { class: 'button small', href: summary.exportUrl + (token ? '?token=' + encodeURIComponent(token) : ''), download: `${id}.md`, text: 'Export Markdown' }))),
      h('div', { class: 'workspace' },
        h('main', { class: 'document' },
          title,
          h('div', { class: 'meta-row' },
            field('Incident date', incidentDate), field('Severity', severity), field('Status', status)),
          toolbar(editor),
          editorHost),
        h('aside', { class: 'side', 'aria-label': 'About this postmortem' },
          h('section', { class: 'panel', id: 'panel-action-items', hidden: true }),
          h('section', { class: 'panel', id: 'panel-annotations', hidden: true }),
          h('section', { class: 'panel', id: 'panel-comments', hidden: true }),
          h('section', { class: 'panel' }, h('h2', { text: 'People here' }), people),
          h('section', { class: 'panel' }, h('h2', { text: 'Outline' }), outline)))
    )
    if (provider.synced && !meta.get('title')) title.focus()
    else provider.once('sync', () => { if (!disposed && !meta.get('title')) title.focus() })
  }

  return () => {
    disposed = true
    cleanups.reverse().forEach((fn) => fn())
    if (window.debrief?.id === id) delete window.debrief
  }
}
