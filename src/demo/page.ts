import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS } from './blockkit.js';

/**
 * The demo's web page: a Slack-like window (channels, messages rendered from Block Kit, a composer for
 * `/gdpr …`, modals) for two people. The server renders messages into element trees
 * (src/demo/blockkit.ts); the script below only turns trees into DOM nodes (createElement, text nodes,
 * attributes from a fixed list), so nothing the bot sends is ever parsed as HTML. The page's
 * Content-Security-Policy allows only its own script and style.
 */

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gdpr-bot demo</title>
<link rel="stylesheet" href="/demo/app.css">
<script src="/demo/app.js" defer></script>
</head>
<body>
<div id="app">
  <aside id="sidebar">
    <div class="workspace">GDPR demo <span class="badge-demo">local</span></div>
    <div class="section-title">You are</div>
    <div id="users"></div>
    <div class="section-title">Channels</div>
    <div id="channels"></div>
    <div class="section-title">Direct messages</div>
    <div id="dms"></div>
    <div class="sidebar-note">Nothing here reaches Slack or AWS: the bot runs against a synthetic AWS account and this page stands in for Slack.</div>
  </aside>
  <main id="main">
    <header id="channel-header"><span id="channel-name"></span><span id="channel-hint"></span></header>
    <div id="messages" aria-live="polite"></div>
    <form id="composer" autocomplete="off">
      <input id="composer-input" name="text" placeholder="Type /gdpr help, /gdpr status, /gdpr access …" aria-label="Message">
      <button type="submit" id="composer-send">Send</button>
    </form>
    <div id="suggestions">
      <span>Try:</span>
      <button type="button" class="suggestion" data-text="/gdpr status">/gdpr status</button>
      <button type="button" class="suggestion" data-text="/gdpr scan">/gdpr scan</button>
      <button type="button" class="suggestion" data-text="/gdpr access">/gdpr access</button>
      <button type="button" class="suggestion" data-text="/gdpr audit">/gdpr audit</button>
      <button type="button" class="suggestion" data-text="/gdpr help">/gdpr help</button>
    </div>
  </main>
</div>
<div id="modal-layer" hidden></div>
<div id="confirm-layer" hidden></div>
</body>
</html>
`;

export const PAGE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.46 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d1c1d; }
#app { display: flex; height: 100vh; }
#sidebar { width: 260px; background: #3f0e40; color: #cfc3cf; padding: 12px 0; overflow-y: auto; flex-shrink: 0; }
.workspace { color: #fff; font-weight: 800; font-size: 18px; padding: 4px 16px 12px; border-bottom: 1px solid #5d2c5d; }
.badge-demo { font-size: 11px; font-weight: 600; background: #e8912d; color: #fff; border-radius: 4px; padding: 1px 6px; vertical-align: middle; }
.section-title { font-size: 13px; padding: 14px 16px 4px; color: #bcabbc; }
.side-item { display: flex; align-items: center; gap: 6px; width: 100%; text-align: left; background: none; border: 0; color: inherit; font: inherit; padding: 4px 16px; cursor: pointer; }
.side-item:hover { background: #350d36; }
.side-item.active { background: #1164a3; color: #fff; }
.side-item .unread { margin-left: auto; background: #cd2553; color: #fff; border-radius: 9px; font-size: 12px; padding: 0 7px; font-weight: 700; }
.side-item.has-unread { color: #fff; font-weight: 700; }
.user-title { font-size: 12px; opacity: .75; }
.sidebar-note { font-size: 12px; padding: 18px 16px; color: #a592a5; }
#main { flex: 1; display: flex; flex-direction: column; min-width: 0; }
#channel-header { padding: 12px 20px; border-bottom: 1px solid #ddd; font-weight: 800; font-size: 18px; display: flex; gap: 12px; align-items: baseline; }
#channel-hint { font-weight: 400; font-size: 13px; color: #616061; }
#messages { flex: 1; overflow-y: auto; padding: 8px 0 16px; }
.message { display: flex; gap: 10px; padding: 8px 20px; }
.message:hover { background: #f8f8f8; }
.message.ephemeral { background: #f4f8fb; }
.avatar { width: 36px; height: 36px; border-radius: 6px; flex-shrink: 0; display: flex; align-items: center; justify-content: center; font-weight: 700; color: #fff; background: #2eb67d; }
.avatar.bot { background: #4a154b; }
.avatar.u1 { background: #1264a3; }
.msg-main { min-width: 0; flex: 1; }
.msg-meta { display: flex; gap: 8px; align-items: baseline; }
.msg-author { font-weight: 800; }
.app-tag { font-size: 10px; background: #e8e8e8; color: #616061; border-radius: 3px; padding: 0 4px; font-weight: 700; }
.msg-time, .msg-edited, .only-you { color: #616061; font-size: 12px; }
.only-you { font-style: italic; }
.replies { border-left: 3px solid #ddd; margin: 6px 0 0; padding-left: 10px; }
.replies .message { padding: 4px 0; }
.thread-label { font-size: 12px; color: #1264a3; font-weight: 700; }
.bk-blocks { display: flex; flex-direction: column; gap: 6px; }
.bk-header { font-weight: 800; font-size: 17px; margin-top: 2px; }
.bk-section { display: flex; gap: 12px; align-items: flex-start; }
.bk-section-body { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.bk-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 4px; }
.bk-context { display: flex; flex-wrap: wrap; gap: 8px; font-size: 12px; color: #616061; }
.bk-divider { border-top: 1px solid #e2e2e2; margin: 4px 0; }
.bk-actions { display: flex; flex-wrap: wrap; gap: 8px; }
.bk-button { font: inherit; font-size: 14px; font-weight: 700; padding: 3px 12px; border-radius: 4px; border: 1px solid #bbb; background: #fff; color: #1d1c1d; cursor: pointer; text-decoration: none; white-space: nowrap; }
.bk-button:hover { background: #f2f2f2; }
.bk-button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.bk-button.danger { background: #fff; border-color: #e01e5a; color: #e01e5a; }
.bk-button[disabled] { opacity: .5; cursor: progress; }
.bk-select { font: inherit; padding: 4px; }
.bk-unsupported { color: #999; font-style: italic; }
code { font: 12px/1.5 Menlo, Consolas, monospace; background: #f6f6f6; border: 1px solid #e2e2e2; border-radius: 3px; padding: 0 3px; color: #c01343; }
pre { font: 12px/1.5 Menlo, Consolas, monospace; background: #f8f8f8; border: 1px solid #e2e2e2; border-radius: 4px; padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
blockquote { margin: 2px 0; padding-left: 10px; border-left: 4px solid #ddd; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
.link { color: #1264a3; }
.file { border: 1px solid #ddd; border-radius: 6px; padding: 8px; margin-top: 4px; max-height: 320px; overflow: auto; }
.file-name { font-weight: 700; }
#composer { display: flex; gap: 8px; margin: 0 20px; border: 1px solid #bbb; border-radius: 8px; padding: 6px; }
#composer-input { flex: 1; border: 0; font: inherit; outline: none; padding: 6px; }
#composer-send { background: #007a5a; color: #fff; border: 0; border-radius: 4px; padding: 0 14px; font-weight: 700; cursor: pointer; }
#suggestions { margin: 6px 20px 12px; font-size: 12px; color: #616061; display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
.suggestion { font: 12px Menlo, Consolas, monospace; border: 1px solid #ddd; background: #fff; border-radius: 10px; padding: 1px 8px; cursor: pointer; }
.empty { color: #616061; padding: 24px 20px; }
#modal-layer, #confirm-layer { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: flex; align-items: center; justify-content: center; }
#modal-layer[hidden], #confirm-layer[hidden] { display: none; }
.modal { background: #fff; border-radius: 8px; width: 520px; max-width: 95vw; max-height: 90vh; display: flex; flex-direction: column; box-shadow: 0 18px 48px rgba(0,0,0,.35); }
.modal-title { font-weight: 800; font-size: 20px; padding: 16px 20px; border-bottom: 1px solid #ddd; }
.modal-body { padding: 16px 20px; overflow-y: auto; }
.modal-footer { display: flex; justify-content: flex-end; gap: 8px; padding: 12px 20px; border-top: 1px solid #ddd; }
.bk-input-block { display: flex; flex-direction: column; gap: 4px; margin-bottom: 10px; }
.bk-label { font-weight: 700; }
.bk-input { font: inherit; padding: 6px 8px; border: 1px solid #bbb; border-radius: 4px; }
.bk-hint { font-size: 12px; color: #616061; }
.bk-error { color: #e01e5a; font-size: 13px; }
.bk-has-error .bk-input, .bk-has-error .bk-select { border-color: #e01e5a; }
`;

/** The page's script, plain browser JavaScript. It renders nothing from text but text nodes. */
export const PAGE_SCRIPT = `'use strict';
const TAGS = new Set(${JSON.stringify([...ALLOWED_TAGS])});
const ATTRS = new Set(${JSON.stringify([...ALLOWED_ATTRIBUTES])});
const $ = (id) => document.getElementById(id);
const state = { me: localStorage.getItem('gdpr-demo-user') || '', channel: localStorage.getItem('gdpr-demo-channel') || '', snapshot: null, seen: {}, poll: null, modalKey: '' };

/** An element tree from the server into DOM nodes: element names and attributes from fixed lists, text as text nodes. */
function mount(v) {
  if (typeof v === 'string') return document.createTextNode(v);
  const el = document.createElement(TAGS.has(v.t) ? v.t : 'span');
  for (const [k, val] of Object.entries(v.a || {})) {
    if (!(ATTRS.has(k) || /^data-[a-z-]+$/.test(k))) continue;
    if (k === 'href' && !/^(https?:\\/\\/|mailto:)/i.test(val)) continue;
    el.setAttribute(k, String(val));
  }
  if (el.tagName === 'A') { el.target = '_blank'; el.rel = 'noopener noreferrer'; }
  for (const c of v.c || []) el.appendChild(mount(c));
  return el;
}

function h(tag, cls, ...children) {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  for (const c of children) el.append(c);
  return el;
}

async function api(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json().catch(() => ({ ok: false, error: 'HTTP ' + res.status }));
}

function initials(name) { return (name || '?').slice(0, 1).toUpperCase(); }

function renderMessage(m, users) {
  const idx = users.findIndex((u) => u.name === m.author);
  const avatar = h('div', 'avatar' + (m.bot ? ' bot' : idx === 1 ? ' u1' : ''), m.bot ? 'G' : initials(m.author));
  const meta = h('div', 'msg-meta', h('span', 'msg-author', m.author));
  if (m.bot) meta.append(h('span', 'app-tag', 'APP'));
  meta.append(h('span', 'msg-time', m.time));
  if (m.edited) meta.append(h('span', 'msg-edited', '(edited)'));
  if (m.ephemeral) meta.append(h('span', 'only-you', 'Only visible to you'));
  const main = h('div', 'msg-main', meta, mount(m.body));
  if (m.replies && m.replies.length) {
    const replies = h('div', 'replies', h('div', 'thread-label', m.replies.length + (m.replies.length === 1 ? ' reply' : ' replies')));
    for (const r of m.replies) replies.append(renderMessage(r, users));
    main.append(replies);
  }
  const el = h('div', 'message' + (m.ephemeral ? ' ephemeral' : ''), avatar, main);
  el.dataset.ts = m.ts;
  return el;
}

function render() {
  const s = state.snapshot;
  if (!s) return;
  const users = $('users');
  users.replaceChildren(...s.users.map((u) => {
    const b = h('button', 'side-item user-switch' + (u.id === state.me ? ' active' : ''), (u.id === state.me ? '● ' : '○ ') + u.name, h('span', 'user-title', ' · ' + u.title));
    b.type = 'button';
    b.dataset.user = u.id;
    return b;
  }));
  const channelButton = (c) => {
    const count = c.messages - (state.seen[state.me + '/' + c.id] || 0);
    const unread = c.id !== state.channel && count > 0;
    const b = h('button', 'side-item channel' + (c.id === state.channel ? ' active' : '') + (unread ? ' has-unread' : ''), (c.kind === 'dm' ? '' : '# ') + c.name);
    if (unread) b.append(h('span', 'unread', String(count)));
    b.type = 'button';
    b.dataset.channel = c.id;
    return b;
  };
  $('channels').replaceChildren(...s.channels.filter((c) => c.kind === 'channel').map(channelButton));
  $('dms').replaceChildren(...s.channels.filter((c) => c.kind === 'dm').map(channelButton));
  const channel = s.channels.find((c) => c.id === state.channel) || s.channels[0];
  state.channel = channel.id;
  state.seen[state.me + '/' + channel.id] = channel.messages;
  $('channel-name').textContent = (channel.kind === 'dm' ? '' : '# ') + channel.name;
  const me = s.users.find((u) => u.id === state.me);
  $('channel-hint').textContent = 'as ' + (me ? me.name : state.me);
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const list = s.messages[channel.id] || [];
  box.replaceChildren(...(list.length ? list.map((m) => renderMessage(m, s.users)) : [h('div', 'empty', 'No messages yet. Type /gdpr status below.')]));
  if (atBottom || state.jump) box.scrollTop = box.scrollHeight;
  state.jump = false;
  renderModal(s.modal);
}

function renderModal(modal) {
  const layer = $('modal-layer');
  if (!modal) { layer.hidden = true; layer.replaceChildren(); state.modalKey = ''; return; }
  const key = modal.id + JSON.stringify(modal.body);
  if (key === state.modalKey) return;
  // Keep what was typed when the modal comes back with errors.
  const typed = {};
  for (const el of layer.querySelectorAll('[name]')) typed[el.name] = el.value;
  state.modalKey = key;
  const body = h('div', 'modal-body', mount(modal.body));
  for (const el of body.querySelectorAll('[name]')) if (typed[el.name] !== undefined) el.value = typed[el.name];
  const footer = h('div', 'modal-footer');
  const close = h('button', 'bk-button modal-close', modal.close);
  close.type = 'button';
  footer.append(close);
  if (modal.submit) { const submit = h('button', 'bk-button primary modal-submit', modal.submit); submit.type = 'button'; footer.append(submit); }
  const box = h('div', 'modal', h('div', 'modal-title', modal.title), body, footer);
  box.dataset.view = modal.id;
  box.setAttribute('role', 'dialog');
  layer.replaceChildren(box);
  layer.hidden = false;
}

function confirmDialog(button) {
  return new Promise((resolve) => {
    const layer = $('confirm-layer');
    const ok = h('button', 'bk-button primary confirm-ok', button.dataset.confirmOk || 'Yes');
    const deny = h('button', 'bk-button confirm-deny', button.dataset.confirmDeny || 'Cancel');
    ok.type = deny.type = 'button';
    const done = (answer) => { layer.hidden = true; layer.replaceChildren(); resolve(answer); };
    ok.onclick = () => done(true);
    deny.onclick = () => done(false);
    const box = h('div', 'modal', h('div', 'modal-title', button.dataset.confirmTitle || 'Are you sure?'), h('div', 'modal-body', button.dataset.confirmText || ''), h('div', 'modal-footer', deny, ok));
    box.setAttribute('role', 'alertdialog');
    layer.replaceChildren(box);
    layer.hidden = false;
  });
}

async function poll() {
  const me = state.me;
  const controller = new AbortController();
  state.poll = controller;
  let since = -1;
  while (state.poll === controller) {
    try {
      const res = await fetch('/demo/api/state?user=' + encodeURIComponent(me) + '&since=' + since, { signal: controller.signal });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const snapshot = await res.json();
      if (state.poll !== controller) return;
      if (snapshot.version !== since) { state.snapshot = snapshot; since = snapshot.version; render(); }
    } catch (e) {
      if (controller.signal.aborted) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function switchUser(id) {
  if (state.poll) state.poll.abort();
  state.me = id;
  localStorage.setItem('gdpr-demo-user', id);
  state.modalKey = '';
  state.jump = true;
  poll();
}

document.addEventListener('click', async (event) => {
  const target = event.target.closest('button');
  if (!target) return;
  if (target.dataset.user) { switchUser(target.dataset.user); return; }
  if (target.dataset.channel) { state.channel = target.dataset.channel; localStorage.setItem('gdpr-demo-channel', state.channel); state.jump = true; render(); return; }
  if (target.classList.contains('suggestion')) { $('composer-input').value = target.dataset.text; $('composer-input').focus(); return; }
  if (target.classList.contains('modal-close')) { const view = target.closest('.modal').dataset.view; await api('/demo/api/close', { user: state.me, view }); return; }
  if (target.classList.contains('modal-submit')) {
    const modal = target.closest('.modal');
    const values = {};
    for (const el of modal.querySelectorAll('[name]')) values[el.name] = el.value;
    target.disabled = true;
    const result = await api('/demo/api/submit', { user: state.me, view: modal.dataset.view, values });
    target.disabled = false;
    if (!result.ok) alert(result.error || 'The bot did not accept the form.');
    return;
  }
  if (target.dataset.ref) {
    if (target.dataset.confirmTitle && !(await confirmDialog(target))) return;
    target.disabled = true;
    const result = await api('/demo/api/click', { user: state.me, ref: target.dataset.ref });
    target.disabled = false;
    if (!result.ok) console.warn('click refused', result.error);
  }
});

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  state.jump = true;
  await api('/demo/api/command', { user: state.me, channel: state.channel, text });
});

fetch('/demo/api/state?user=&since=-1').then((r) => r.json()).then((s) => {
  if (!s.users.some((u) => u.id === state.me)) state.me = s.users[0].id;
  if (!s.channels.some((c) => c.id === state.channel)) state.channel = s.channels[0].id;
  switchUser(state.me);
});
`;
