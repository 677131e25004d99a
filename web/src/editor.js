// The postmortem page: header fields bound to the `meta` map, the rich-text body bound to the
// `body` fragment, connection and save state, who is here, and the side column.
//
// The side column reserves panels for later features: `#panel-action-items`, `#panel-annotations`,
// `#panel-comments` and `#panel-audit` (the Activity trail, editors only: audit.js) are empty and
// hidden until something fills them. Editors also get a Share button in the top bar (share.js). `window.debrief` holds
// `{id, doc, provider, editor, insights, comments}` of the open postmortem for them (and for tests).
//
// What the page offers follows the caller's role, as the server states it (`/api/session`, see
// roles.js): editors edit; reviewers read the text and comment (comments.js: threads in the
// margin, their list in `#panel-comments`); viewers only read. The top bar's save state covers
// the body and the comments rooms together (status.js). A share link opens this postmortem only,
// so its page has no links to the list of postmortems or to all action items.
//
// A share link revoked or expired while the page is open ends it: the server closes the sockets
// with 4401, or, if they were down at the time, refuses them at the handshake, which a browser
// reports only as a failed connection, so while offline the page asks `/api/session` now and
// then. Either way every room stops retrying, the page says why and turns read-only, and comments
// the server never got stay on screen marked "Not sent".

import { Editor } from '@tiptap/core'
import { h } from './dom.js'
import { getPostmortem, getSession } from './api.js'
import { tokenFor } from './access.js'
import { openRoom } from './sync.js'
import { extensions } from './schema.js'
import { toolbar } from './toolbar.js'
import { ensureUser } from './identity.js'
import { syncStatus, endedText } from './status.js'
import { headerFields } from './header.js'
import { workflowPanel } from './workflow.js'
import { versionsPanel } from './versions.js'
import { presence } from './presence.js'
import { outline } from './outline.js'
import { openInsights } from './insights.js'
import { annotations, AnnotationUnderlines } from './annotations.js'
import { actionItemsPanel } from './action-items.js'
import { roleOf, abilities, roleBadge, readOnlyBar, isAccessError, shareLinkNeeded, seesAllPostmortems } from './roles.js'
import { comments } from './comments.js'
import { shareButton } from './share.js'
import { auditPanel } from './audit.js'

export function renderEditor (root, { id }) {
  let disposed = false
  const cleanups = []
  const page = h('div', { class: 'page editor-page' }, h('p', { class: 'loading', text: 'Opening…' }))
  root.append(page)

  open().catch((error) => {
    if (disposed) return
    if (isAccessError(error)) {
      page.replaceChildren(h('main', { class: 'message' }, shareLinkNeeded(error)))
      return
    }
    const missing = error.status === 404
    page.replaceChildren(h('main', { class: 'message' },
      h('h1', { text: missing ? 'No such postmortem' : 'Could not open this postmortem' }),
      h('p', { text: missing ? `There is no postmortem with the id “${id}”.` : error.message }),
      h('a', { href: '/', 'data-nav': true, class: 'button', text: 'All postmortems' })))
  })

  async function open () {
    const token = tokenFor(id)
    // A refused session goes first: it says where to sign in, when the server signs people in.
    const [summary, session] = await Promise.allSettled([getPostmortem(id, token), getSession(token)])
      .then(([summary, session]) => {
        for (const result of [session, summary]) if (result.status === 'rejected') throw result.reason
        return [summary.value, session.value]
      })
    const user = await ensureUser(session)
    if (disposed) return
    document.title = (summary.title || 'Untitled postmortem') + ' · Debrief'

    const insights = openInsights(id, token)
    cleanups.push(insights.destroy)
    // While offline with a link, asks the server every few seconds whether the link still works.
    let checking = null
    const stopChecking = () => { clearInterval(checking); checking = null }
    const check = () => getSession(token).catch((error) => { if (isAccessError(error) && !disposed) endAccess(error.message) })
    function watchLink (onState) {
      return (state) => {
        onState(state)
        if (state.connection !== 'offline') stopChecking()
        else if (token && !checking) checking = setInterval(check, 3000)
      }
    }
    cleanups.push(stopChecking)
    const status = syncStatus({ onEnded: (reason) => endAccess(reason) })
    const room = openRoom(id, token, watchLink(status.room('body')))
    cleanups.push(() => room.destroy())
    const { doc, provider } = room

    const role = roleOf(session)
    const review = comments({ id, token, user, role, onState: status.room('comments') })
    cleanups.push(review.destroy)
    const editorHost = h('div', { class: 'document-body', id: 'editor' })
    const editor = new Editor({
      element: editorHost,
      extensions: [...extensions({ doc, provider, user }), AnnotationUnderlines, review.extension],
      editable: false,
      editorProps: { attributes: { 'aria-label': 'Postmortem text', spellcheck: 'true' } }
    })
    cleanups.push(() => editor.destroy())
    review.attach(editor)
    window.debrief = { id, doc, provider, editor, comments: review.doc }

    const notice = h('div', { class: 'access-ended', id: 'access-ended', role: 'alert', hidden: true })
    function endAccess (reason) {
      if (page.dataset.access === 'ended') return
      page.dataset.access = 'ended'
      stopChecking()
      room.end(reason)
      review.end(reason)
      insights.stop()
      editor.setEditable(false)
      header.disable()
      page.querySelector('.toolbar, #read-only-bar')?.replaceWith(notice)
      notice.replaceChildren(h('strong', { text: endedText(reason) }),
        ' · This page is read-only now. Ask the postmortem’s owner for a new link; comments marked “Not sent” did not reach the server.')
      notice.hidden = false
    }

    const header = headerFields(doc.getMap('meta'), { onEnter: () => editor.commands.focus('start') })
    cleanups.push(header.destroy)
    const people = presence({
      awareness: provider.awareness,
      user,
      onChange: () => editor.commands.updateUser({ ...user })
    })
    cleanups.push(people.destroy)

    // Editable once the server's state is in, so nothing typed lands in an empty document; a new
    // postmortem starts with its title.
    const ready = () => {
      if (disposed) return
      if (abilities(role).editBody && page.dataset.access !== 'ended') {
        header.enable()
        editor.setEditable(true)
      }
      page.dataset.role = role
      page.dataset.ready = 'true'
      if (!header.title.value && abilities(role).editBody) header.title.focus()
    }

    const warnUnsaved = (event) => {
      if (!status.isSaved()) { event.preventDefault(); event.returnValue = '' }
    }
    window.addEventListener('beforeunload', warnUnsaved)
    cleanups.push(() => window.removeEventListener('beforeunload', warnUnsaved))

    const exportUrl = summary.exportUrl + (token ? '?token=' + encodeURIComponent(token) : '')
    page.replaceChildren(
      h('header', { class: 'topbar' },
        seesAllPostmortems(session)
          ? h('a', { href: '/', 'data-nav': true, class: 'back', text: '← Postmortems' })
          : h('span', { class: 'brand', id: 'brand', title: 'A share link opens this postmortem only' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Debrief'),
        roleBadge(role),
        status.element,
        h('div', { class: 'topbar-people' }, people.avatars, people.you,
          shareButton({ id, token, session, role, onChange: () => activity?.reload() }),
          h('a', { class: 'button small', href: exportUrl, download: `${id}.md`, text: 'Export Markdown' }))),
      h('div', { class: 'workspace with-margin' },
        h('main', { class: 'document' }, header.element, abilities(role).editBody ? toolbar(editor) : readOnlyBar(role), editorHost),
        review.margin,
        h('aside', { class: 'side', 'aria-label': 'About this postmortem' },
          h('section', { class: 'panel', id: 'panel-action-items', hidden: true }),
          h('section', { class: 'panel', id: 'panel-annotations', hidden: true }),
          h('section', { class: 'panel', id: 'panel-comments' }, review.panel),
          h('section', { class: 'panel', id: 'panel-workflow', hidden: true }),
          h('section', { class: 'panel', id: 'panel-versions', hidden: true }),
          h('section', { class: 'panel', id: 'panel-audit', hidden: true }),
          h('section', { class: 'panel' }, h('h2', { text: 'People here' }), people.people),
          h('section', { class: 'panel' }, h('h2', { text: 'Outline' }), outline(editor))))
    )
    window.debrief.insights = insights
    const panel = (name) => page.querySelector('#panel-' + name)
    const reveal = new URLSearchParams(location.search).get('item')
    cleanups.push(actionItemsPanel({ editor, insights, panel: panel('action-items'), token, linkToAll: seesAllPostmortems(session), reveal }))
    cleanups.push(versionsPanel({ panel: panel('versions'), id, token, canEdit: abilities(role).editBody, name: () => user.name, meta: doc.getMap('meta') }))
    cleanups.push(workflowPanel({ panel: panel('workflow'), id, token, name: () => user.name, meta: doc.getMap('meta') }))
    cleanups.push(annotations({ editor, insights, panel: panel('annotations'), id, token, canDismiss: abilities(role).comment }))
    // The audit trail is for editors (and the server key, and everyone in open mode).
    const activity = abilities(role).editBody ? auditPanel({ panel: panel('audit'), id, token, meta: doc.getMap('meta') }) : null
    if (activity) cleanups.push(activity.destroy)

    if (provider.synced) ready()
    else provider.once('sync', ready)
  }

  return () => {
    disposed = true
    cleanups.reverse().forEach((fn) => fn())
    if (window.debrief?.id === id) delete window.debrief
  }
}
