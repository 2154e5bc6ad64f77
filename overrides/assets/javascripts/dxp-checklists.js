/* Checklists (issue 4): ticks and notes saved in this browser, progress, and the saved records
   themselves. The dashboard's assessments, export and import are dxp-dashboard.js (that page
   only), which this script drives. Data and wording come from assets/data/; content reaches
   the page only as text. Storage: "<ns>:v1:a:<id>" per assessment, "<ns>:v1:current", and
   "<ns>:v1:quarantine:*" for unreadable records (set aside, never deleted unasked).
   Saved progress is never lost or polluted: maps built from saved or imported data have no
   prototype; a record this edition cannot read is never written over; every change is applied
   to the record as stored at that moment, one item at a time, so tabs open side by side keep
   each other's ticks; and a write the browser refuses (full storage) changes nothing and says so. */
(() => {
  "use strict";
  const D = window.dxpChecklistData;
  if (!D || !document.querySelector) return;
  const T = D.text, L = D.limits;
  const PREFIX = D.ns + ":v" + D.storage + ":", REC = PREFIX + "a:", QUAR = PREFIX + "quarantine:";
  const CURRENT = PREFIX + "current", FORMAT = "dx-playbook-assessments";
  const ID = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*--)?[a-z0-9]+(?:-[a-z0-9]+)*$/, DATE = /^\d{4}-\d{2}-\d{2}$/;
  /* An item's state (the keys of D.states, in order: not started, in progress, done, not
     applicable) and what a reader may write beside it. */
  const STATES = Object.keys(D.states), FIELDS = ["state", "owner", "due", "note"];
  const SCRIPTY = /<\s*\/?\s*(script|iframe|object|embed|svg|math|style|link|meta|base|form|img)\b|javascript\s*:|<[^>]*\bon[a-z]+\s*=/i;
  const FORMULA = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
  /* Keys that come from data (item IDs, assessment IDs, attribute values) go into maps without a
     prototype and are looked up with own-property checks only: an item whose ID is
     "constructor" is then an item like any other, and no key can reach Object.prototype. */
  function dict() { return Object.create(null); }
  function has(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }
  const known = dict(), scopes = dict();
  scopes.all = [];
  /* An item: [ID, principle index, text, the roles that act on it, its step on the
     start-here path or 0]. A role view counts each principle's items of that role alone
     ("role:<role>/principle:<id>"). */
  function rolesOf(item) { return item[3] || D.principles[item[1]].roles; }
  D.items.forEach((item) => {
    let p = D.principles[item[1]], roles = rolesOf(item);
    known[item[0]] = item;
    ["all", "pillar:" + p.pillar, "principle:" + p.id]
      .concat(roles.map((r) => "role:" + r), roles.map((r) => "role:" + r + "/principle:" + p.id), item[4] ? ["start-here"] : [])
      .forEach((s) => { (has(scopes, s) ? scopes[s] : (scopes[s] = [])).push(item[0]); });
  });

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (m, k) => has(values, k) ? String(values[k]) : m);
  }
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function el(tag, attrs, text) {
    let node = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  function now() { return new Date().toISOString(); }
  /* An assessment's name is the reader's own words, in whatever language they wrote it (the
     first one is named on the first page visited, in that page's language). Japanese text on a
     page of another language gets lang="ja", so that a screen reader reads it with a Japanese
     voice, as the build marks the language names of the switcher. */
  const JAPANESE = /[\u3005-\u3007\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/;
  function named(node, text) {
    node.textContent = text;
    if (D.lang !== "ja" && JAPANESE.test(text)) node.setAttribute("lang", "ja");
    else node.removeAttribute("lang");
    return node;
  }
  function isObject(v) { return !!v && typeof v === "object" && !Array.isArray(v); }

  /* Storage, or memory when the browser refuses it (some file:// and private modes). A storage
     that is merely full is still read, so the reader sees what is saved (and each write that
     fails says so); only when nothing of ours is in it either does memory stand in. */
  let store = null, full = false;
  const memory = new Map();
  try {
    store = window.localStorage;
    try { store.setItem(PREFIX + "probe", "1"); store.removeItem(PREFIX + "probe"); }
    catch (e) { full = keys().some((k) => k.indexOf(PREFIX) === 0); if (!full) store = null; }
  } catch (e) { store = null; }
  function get(k) { return store ? store.getItem(k) : (memory.has(k) ? memory.get(k) : null); }
  // put() throws when the browser refuses the write (QuotaExceededError); callers decide what that means.
  function put(k, v) { if (store) store.setItem(k, v); else memory.set(k, v); }
  function drop(k) { if (store) store.removeItem(k); else memory.delete(k); }
  function keys() {
    if (!store) return Array.from(memory.keys());
    let out = [];
    for (let i = 0; i < store.length; i++) out.push(store.key(i));
    return out;
  }

  /* Validation shared by saved records and imports: an error text, or null. */
  function bad(path, expected) { return fill(T.badValue, { path: path, expected: expected }); }
  function checkText(v, path, max) {
    if (typeof v !== "string") return bad(path, T.expectText);
    if (v.length > max) return bad(path, fill(T.tooLong, { max: max }));
    return SCRIPTY.test(v) ? fill(T.script, { path: path }) : null;
  }
  /* JSON.parse turns a "__proto__" key into an ordinary own property. Copied into an ordinary
     object it replaces that object's prototype, and in a lookup such as items[id] it reaches
     Object.prototype, where whatever is set shows up in every object: in this page, in the
     reader's record and in its exports. This playbook never writes "__proto__", nor "constructor"
     or "prototype" except as item IDs (keys of "items" and of schema 0 "notes"), so data holding
     one elsewhere is refused whole (an import) or set aside (a saved record). The walk uses its
     own stack, so deeply nested data cannot overflow the call stack. */
  const RESERVED = ["__proto__", "constructor", "prototype"];
  function reservedKey(data) {
    let stack = [[data, "", false]];
    while (stack.length) {
      let top = stack.pop(), value = top[0], list = Array.isArray(value);
      if (!value || typeof value !== "object") continue;
      let names = Object.keys(value);
      for (let i = 0; i < names.length; i++) {
        let k = names[i], at = list ? top[1] + "[" + k + "]" : (top[1] ? top[1] + "." : "") + k.slice(0, 64);
        if (!list && (k === "__proto__" || (!top[2] && RESERVED.indexOf(k) >= 0))) return fill(T.reservedKey, { path: at });
        stack.push([value[k], at, !list && (k === "items" || k === "notes")]);
      }
    }
    return null;
  }
  /* A calendar date written YYYY-MM-DD (the form an <input type="date"> gives). */
  function checkDate(v, path) {
    if (typeof v !== "string" || !DATE.test(v)) return bad(path, T.expectDate);
    let d = new Date(v + "T00:00:00Z");
    return isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v ? bad(path, T.expectDate) : null;
  }
  function checkAbout(about, path) {
    if (about === undefined) return null;
    if (!isObject(about)) return bad(path, T.expectObject);
    for (let i = 0; i < D.about.length; i++) {
      let k = D.about[i], v = about[k];
      if (v === undefined || v === "") continue;
      let error = k === "date" ? checkDate(v, path + "." + k) : checkText(v, path + "." + k, L.about);
      if (error) return error;
    }
    return null;
  }
  /* An item as schema 2 writes it; schema 0 and 1 records (done or not) are read as they were
     written, and clean() then gives them the four states. */
  function checkEntry(entry, at, old) {
    if (!isObject(entry)) return bad(at, T.expectObject);
    let error = null;
    if (old) {
      if (typeof entry.done !== "boolean") return bad(at + ".done", T.expectBool);
    } else {
      if (STATES.indexOf(entry.state) < 0) return bad(at + ".state", T.expectState);
      if (entry.owner !== undefined && (error = checkText(entry.owner, at + ".owner", L.owner))) return error;
      if (entry.due !== undefined && entry.due !== "" && (error = checkDate(entry.due, at + ".due"))) return error;
    }
    return entry.note !== undefined ? checkText(entry.note, at + ".note", L.note) : null;
  }
  function checkRecord(a, path) {
    if (!isObject(a)) return bad(path, T.expectObject);
    if (typeof a.id !== "string" || !ID.test(a.id) || a.id.length > 64) return bad(path + ".id", T.expectId);
    let error = checkText(a.name, path + ".name", L.name) || (a.name.trim() ? null : bad(path + ".name", T.expectText));
    if (error) return error;
    let old = !(typeof a.schema === "number" && a.schema >= 2);
    if (!old && (error = checkAbout(a.about, path + ".about"))) return error;
    if (!isObject(a.items)) return bad(path + ".items", T.expectObject);
    let ids = Object.keys(a.items);
    if (ids.length > L.items) return bad(path + ".items", fill(T.tooMany, { max: L.items }));
    for (let i = 0; i < ids.length; i++) {
      let at = path + ".items." + ids[i].slice(0, 64), entry = a.items[ids[i]];
      // A schema 0 list of ticked IDs becomes keys only in migrate(), after reservedKey() looked.
      if (ids[i] === "__proto__") return fill(T.reservedKey, { path: at });
      if (!ID.test(ids[i]) || ids[i].length > 64) return bad(at, T.expectId);
      if ((error = checkEntry(entry, at, old))) return error;
    }
    return null;
  }
  /* Schema 0 (pre-release) kept a list of ticked IDs and a map of notes. */
  function migrate(a) {
    if (!isObject(a) || a.schema > 0 || !Array.isArray(a.checked)) return a;
    let items = dict(), notes = isObject(a.notes) ? a.notes : dict();
    a.checked.forEach((id) => { items[id] = { done: true }; });
    Object.keys(notes).forEach((id) => { (has(items, id) ? items[id] : (items[id] = { done: false })).note = notes[id]; });
    return { id: a.id, name: a.name, created: a.created, updated: a.updated, items: items };
  }
  /* An item in this edition's form (schema 0 and 1: done, or not started), and whether it says
     anything (an item not started with nothing written is not stored). */
  function entryOf(e) {
    let out = { state: typeof e.state === "string" ? e.state : e.done ? "done" : "open" };
    ["owner", "due", "note"].forEach((f) => { if (e[f]) out[f] = e[f]; });
    return out;
  }
  function says(e) { return e.state !== "open" || !!(e.owner || e.due || e.note); }
  /* A fresh copy in this edition's form; also how a record is copied before it is changed. */
  function clean(a) {
    let items = dict(), about = dict();
    Object.keys(a.items).forEach((id) => {
      let e = entryOf(a.items[id]);
      if (says(e)) items[id] = e;
    });
    if (isObject(a.about)) D.about.forEach((k) => {
      if (typeof a.about[k] === "string" && a.about[k].trim()) about[k] = a.about[k].trim();
    });
    function date(v) { return typeof v === "string" && v.length < 40 ? v : now(); }
    return { schema: D.schema, id: a.id, name: a.name.trim(), created: date(a.created), updated: date(a.updated), about: about, items: items };
  }

  /* State. "trouble" is the last write that failed (shown until a write succeeds again). */
  const S = { list: [], byId: dict(), current: null, setAside: 0, newer: 0, stuck: 0 };
  const NEWER = "newer";
  let fresh = 0; // records set aside since this page opened
  let trouble = full ? T.storageFull : "";

  /* One saved record as this edition sees it: { rec, migrated } when it can use it; NEWER when it
     carries a format version this edition does not know (a newer edition wrote it: it is left
     exactly as it is, for that edition); null when it cannot be read at all. */
  function readStored(key, raw) {
    let a;
    try { a = JSON.parse(raw); } catch (e) { return null; }
    if (isObject(a) && a.schema !== undefined && !(typeof a.schema === "number" && a.schema <= D.schema)) return NEWER;
    let m = migrate(a);
    if (reservedKey(a) || checkRecord(m, "") || key !== REC + m.id) return null;
    return { rec: clean(m), migrated: m !== a || a.schema !== D.schema };
  }
  /* Sets an unreadable record aside under a key nothing else uses: records whose IDs begin alike,
     set aside in the same millisecond (or by another tab), must not land on one key. The copy is
     made first and the original removed only once the copy is stored, so a full storage leaves
     the record where it was (false). */
  function quarantine(key, raw) {
    let stem = QUAR + key.slice(REC.length, REC.length + 64) + ":" + Date.now().toString(36) + "-" +
      Math.random().toString(36).slice(2, 6), to = stem;
    for (let n = 1; get(to) !== null; n++) to = stem + "-" + n;
    try { put(to, raw); } catch (e) { return false; }
    drop(key);
    fresh++;
    return true;
  }
  function load() {
    let list = [], byId = dict(), newer = 0, stuck = 0;
    keys().forEach((key) => {
      if (key.indexOf(REC) !== 0) return;
      let raw = get(key);
      if (raw === null) return; // removed meanwhile (by another tab)
      let found = readStored(key, raw);
      if (found === NEWER) { newer++; return; }
      if (!found) { if (!quarantine(key, raw)) stuck++; return; }
      if (found.migrated) try { put(key, JSON.stringify(found.rec)); } catch (e) { /* the old form stays, and is read again next time */ }
      list.push(found.rec);
      byId[found.rec.id] = found.rec;
    });
    list.sort((x, y) => x.created < y.created ? -1 : x.created > y.created ? 1 : 0);
    S.list = list; S.byId = byId; S.newer = newer; S.stuck = stuck;
    S.setAside = setAside().length;
    let pointer = get(CURRENT);
    S.current = (pointer !== null && has(byId, pointer) ? byId[pointer] : null) || list[0] || create(T.defaultName, "default", true);
  }
  function fail(text) {
    trouble = text;
    say(text, true);
  }
  /* The "current" pointer, written only when it changes (every write reaches the other tabs). */
  function point(id) {
    if (get(CURRENT) === id) return true;
    try { put(CURRENT, id); return true; } catch (e) { fail(T.storageFull); return false; }
  }
  /* A key that holds anything (a newer edition's record, or an unreadable one that could not be
     set aside) is never reused for a new record. */
  function freeId(wanted) {
    if (wanted && get(REC + wanted) === null) return wanted;
    let id;
    do id = Date.now().toString(36) + "-" + (Math.random().toString(36) + "000000").slice(2, 8);
    while (get(REC + id) !== null);
    return id;
  }
  /* A new empty record; null when storage refuses it. The default record made on a first visit
     ("implicit") lives in memory if it cannot be stored, so the page still works and says so; it
     takes the pointer only when the pointer names nothing stored (a pointer to a newer edition's
     record stays for that edition until the reader acts here). */
  function create(name, wanted, implicit) {
    let a = { schema: D.schema, id: freeId(wanted), name: name, created: now(), updated: now(), about: dict(), items: dict() };
    let stored = true;
    try { put(REC + a.id, JSON.stringify(a)); } catch (e) { stored = false; }
    if (!stored) {
      if (!implicit) { fail(T.storageFull); return null; }
      trouble = T.storageFull;
    } else if (!implicit || get(CURRENT) === null || get(REC + get(CURRENT)) === null) point(a.id);
    S.list.push(a);
    S.byId[a.id] = a;
    return a;
  }
  /* Changes a record as it is stored at this moment, not this tab's copy of it: another tab may
     have saved other items since, and writing back the whole copy would undo them. Reading,
     changing and writing happen in one task, so no other script of this page comes in between.
     (Web Locks would not close the gap between tabs: each tab reads its own copy of localStorage,
     which the browser brings up to date only a moment after another tab writes, and in a burst
     of this tab's own writes sometimes only after the burst; so even a lock holder can read a
     copy that lacks the other tab's last write. repair() below mends that case.)
     A stored form this edition cannot read is left exactly as it is. Returns the record written,
     or null when nothing was written; this tab's state then stays as it was. */
  function write(a, changeIt) {
    let key = REC + a.id, raw = get(key), base = a;
    if (raw !== null) {
      let found = readStored(key, raw);
      if (!found || found === NEWER) return refused();
      base = found.rec;
    }
    let next = clean(base), was = JSON.stringify([next.name, next.about, next.items]);
    changeIt(next);
    // A change that changes nothing is not written: another tab would take it for news (repair()).
    if (JSON.stringify([next.name, next.about, next.items]) !== was || raw === null) {
      next.updated = now();
      try { put(key, JSON.stringify(next)); }
      catch (e) { fail(T.storageFull); return null; }
    }
    trouble = "";
    let at = S.list.findIndex((x) => x.id === next.id);
    if (at < 0) S.list.push(next); else S.list[at] = next;
    S.byId[next.id] = next;
    if (S.current.id === next.id) S.current = next;
    return next;
  }
  /* A stored form this edition cannot read is never written over: say so, and show what is stored. */
  function refused() {
    trouble = T.notWritten;
    load();
    render();
    say(trouble, true);
    return null;
  }
  /* Whether the key of record "id" holds something this edition cannot read (a newer edition's
     record, or an unreadable one that could not be set aside): such a key is never written over. */
  function untouchable(id) {
    let raw = get(REC + id), found = raw === null ? true : readStored(REC + id, raw);
    return !found || found === NEWER;
  }
  /* Stores every record of an import and points at the first; all or nothing (false when the
     browser refused a write: what was there before is put back, since it fitted before). */
  function storeAll(list) {
    let before = dict();
    try {
      list.forEach((a) => { before[a.id] = get(REC + a.id); put(REC + a.id, JSON.stringify(a)); });
      put(CURRENT, list[0].id);
    } catch (e) {
      Object.keys(before).forEach((id) => {
        try { if (before[id] === null) drop(REC + id); else put(REC + id, before[id]); } catch (x) { /* nothing more to do */ }
      });
      return false;
    }
    list.forEach((a) => { forget(a.id); });
    load();
    return true;
  }
  function remove(id) {
    drop(REC + id);
    forget(id);
    load();
  }
  /* Records set aside as unreadable: their keys and stored text (exported, or discarded when asked). */
  function setAside() { return keys().filter((k) => k.indexOf(QUAR) === 0).map((k) => ({ key: k, raw: get(k) })); }
  function discardSetAside() {
    setAside().forEach((held) => { drop(held.key); });
    fresh = 0;
    load();
  }
  function entry(id) { return has(S.current.items, id) ? S.current.items[id] : { state: "open" }; }
  function setField(a, id, field, value) {
    let e = has(a.items, id) ? a.items[id] : { state: "open" };
    e[field] = field === "state" ? value || "open" : value;
    ["owner", "due", "note"].forEach((f) => { if (!e[f]) delete e[f]; });
    if (says(e)) a.items[id] = e; else delete a.items[id];
  }
  /* One state, owner, due date or note of the current record; false when it could not be saved. */
  function change(id, field, value) {
    let a = write(S.current, (next) => { setField(next, id, field, value); });
    if (a) { remember(a.id, id, field, value); point(a.id); }
    render();
    return !!a;
  }

  /* Tabs side by side. Another tab's write may rest on its copy of storage from before this tab's
     latest change reached it (see write()), and then silently undoes that change. So this tab
     remembers its own changes of the last few seconds, and when another tab's write drops one of
     them, applies it again on top of that write. A write that changes that one item and nothing
     else is the other tab's reader changing it on purpose (they saw this tab's change): it stands.
     A clear or an import in another tab within those seconds may see this tab's last ticks come
     back; a lost tick would be worse. */
  const RECENT_MS = 5000, recent = new Map();
  function remember(rec, id, field, value) {
    recent.set(rec + "\n" + id + "\n" + field, { rec: rec, id: id, field: field, value: value, at: Date.now() });
  }
  function forget(rec) { recent.forEach((c, k) => { if (c.rec === rec) recent.delete(k); }); }
  function blank(field) { return field === "state" ? "open" : ""; }
  function fieldOf(a, id, field) {
    let e = has(a.items, id) ? a.items[id] : null;
    return (e && e[field]) || blank(field);
  }
  function repair(prev, next) {
    let t = Date.now(), changed = dict(), count = prev.name === next.name ? 0 : 1, lost = [];
    Object.keys(prev.items).concat(Object.keys(next.items)).forEach((id) => {
      if (has(changed, id) || FIELDS.every((f) => fieldOf(prev, id, f) === fieldOf(next, id, f))) return;
      changed[id] = true;
      count++;
    });
    recent.forEach((c, k) => {
      if (t - c.at > RECENT_MS) return recent.delete(k);
      if (c.rec !== next.id || fieldOf(next, c.id, c.field) === (c.value || blank(c.field))) return;
      if (count === 1 && has(changed, c.id)) return recent.delete(k);
      lost.push(c);
    });
    if (lost.length) write(next, (a) => { lost.forEach((c) => { setField(a, c.id, c.field, c.value); }); });
  }

  /* Checklist items: the checkbox (one tap: done, or back to not started), and behind a toggle
     button the item's state, owner, due date and note. A summary beside the item (also what a
     screen reader hears after the checkbox) says what is written. */
  const items = [];
  function labelled(control, text) {
    let p = el("p", { "class": "dxp-note__field" });
    p.append(el("label", { "for": control.id }, text), " ", control);
    return p;
  }
  $$("li.dxp-item").forEach((li) => {
    let id = li.getAttribute("data-dxp-item"), box = $(".dxp-item__box", li), label = $(".dxp-item__label", li);
    if (!id || !box || !label) return;
    let base = "dxp-note-" + id, labelId = label.id = label.id || "dxp-label-" + id;
    let button = el("button", { type: "button", "class": "dxp-note__toggle", "aria-expanded": "false", "aria-controls": base, "aria-describedby": labelId });
    let wrap = el("div", { "class": "dxp-note", id: base, role: "group", "aria-label": T.details, "aria-describedby": labelId, hidden: "" });
    let state = el("select", { id: base + "-state", "class": "dxp-note__state" });
    STATES.forEach((k) => { state.appendChild(new Option(D.states[k], k)); });
    let owner = el("input", { id: base + "-owner", type: "text", "class": "dxp-note__owner", maxlength: String(L.owner), autocomplete: "off" });
    let due = el("input", { id: base + "-due", type: "date", "class": "dxp-note__due" });
    let area = el("textarea", { id: base + "-text", "class": "dxp-note__text", rows: "3", maxlength: String(L.note), "aria-describedby": base + "-error" });
    let error = el("p", { "class": "dxp-note__error", id: base + "-error", "aria-live": "polite" });
    let shown = el("p", { "class": "dxp-item__details", id: base + "-summary", hidden: "" });
    let printed = el("p", { "class": "dxp-note__print" });
    /* Feedback on this item from a closed network too: a mail with the item, its page and the
       edition written in (issue 20). */
    let words = { item: label.textContent.trim(), id: id, page: document.title, edition: D.edition };
    let mail = el("a", { href: "mailto:" + encodeURIComponent(D.feedback).replace("%40", "@") +
      "?subject=" + encodeURIComponent(fill(T.feedbackSubject, words)) +
      "&body=" + encodeURIComponent(fill(T.feedbackBody, words).replace(/\n/g, "\r\n")) }, T.feedbackItem);
    let feedback = el("p", { "class": "dxp-note__feedback" });
    feedback.appendChild(mail);
    wrap.append(labelled(state, T.stateLabel), labelled(owner, T.ownerLabel), labelled(due, T.dueLabel),
      el("label", { "for": area.id, "class": "dxp-note__label" }, T.noteLabel), area, error, feedback);
    li.append(button, shown, wrap, printed);
    box.setAttribute("aria-describedby", ((box.getAttribute("aria-describedby") || "") + " " + shown.id).trim());
    box.addEventListener("change", () => { change(id, "state", box.checked ? "done" : "open"); });
    state.addEventListener("change", () => { change(id, "state", state.value); });
    button.addEventListener("click", () => {
      let open = wrap.hidden;
      wrap.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) state.focus();
    });
    let it = { id: id, li: li, box: box, button: button, state: state, shown: shown, printed: printed,
      controls: { owner: owner, due: due, note: area }, held: dict() };
    /* A text that could not be saved stays in its box (render() leaves a held one), with the reason. */
    function keep(field) {
      let control = it.controls[field], value = field === "due" ? control.value : control.value.trim() ? control.value : "";
      let refused = field !== "due" && SCRIPTY.test(value), unsaved = false;
      it.held[field] = true;
      if (!refused && value !== (entry(id)[field] || "")) unsaved = !change(id, field, value);
      it.held[field] = unsaved;
      error.textContent = refused ? T.noteRejected : unsaved ? trouble : "";
      control.setAttribute("aria-invalid", String(refused || unsaved));
    }
    let timer;
    area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { keep("note"); }, 400); });
    area.addEventListener("change", () => { clearTimeout(timer); keep("note"); });
    owner.addEventListener("change", () => { keep("owner"); });
    due.addEventListener("change", () => { keep("due"); });
    items.push(it);
  });

  /* The dashboard's own parts (dxp-dashboard.js, loaded on that page only, before this script):
     the assessments, their particulars, export and import. Set up at the end of this file. */
  const manager = $("[data-dxp-manager]");
  let part = null;

  /* A passing message in the dashboard's status line. Pages without one show lasting problems
     (such as a write that failed) in their notice, which render() keeps up to date. */
  /* One message at a time: the newest action's, in its own panel; the other panels' status
     lines are emptied, so "…cleared" never stays beside the import that restored the record. */
  function say(text, isError, panel) {
    let node = $("[data-dxp-status]", panel || manager || document);
    if (!node) return;
    $$("[data-dxp-status]").forEach((other) => {
      if (other !== node) { other.textContent = ""; other.classList.remove("dxp-status--error"); }
    });
    node.hidden = false;
    node.classList.toggle("dxp-status--error", !!isError);
    node.textContent = "";
    // A fresh text node after a pause, so the same message twice is announced twice.
    setTimeout(() => { node.textContent = text; }, 50);
  }
  function updateProgress(node) {
    let scope = node.getAttribute("data-dxp-progress"), ids = has(scopes, scope) ? scopes[scope] : [];
    // Items that do not apply to this municipality are out of the count.
    let total = ids.filter((id) => entry(id).state !== "na").length;
    let done = ids.filter((id) => entry(id).state === "done").length;
    let bar = $("progress", node), text = $(".dxp-progress__text", node), shown = fill(T.doneOf, { done: done, total: total });
    if (bar) { bar.max = Math.max(total, 1); bar.value = done; }
    if (text && text.textContent !== shown) text.textContent = shown;
    node.hidden = false;
  }
  /* The one-page report (report.md) is drawn by dxp-report.js, loaded on that page only. */
  const report = $("[data-dxp-report]");
  /* The editions that the kept items came from, named by the slug before "--" in their IDs
     (a town's edition adds its own items as "mihon--…"), with a count each: "" when none. */
  function fromEditions(ids) {
    let counts = dict(), n = 0;
    ids.forEach((id) => {
      let at = id.indexOf("--");
      if (at > 0) { let slug = id.slice(0, at); counts[slug] = (counts[slug] || 0) + 1; n++; }
    });
    let names = Object.keys(counts).sort().map((slug) => slug + " " + counts[slug]);
    return n ? " " + fill(T.fromEditions, { n: n, editions: names.join(D.separator) }) : "";
  }
  function renderReport() {
    if (!report || !window.dxpReport) return;
    window.dxpReport(report, { D: D, T: T, STATES: STATES, record: S.current, entry: entry, today: stamp(), named: named, el: el, fill: fill });
  }
  function render() {
    items.forEach((it) => {
      let e = entry(it.id), details = [];
      it.box.checked = e.state === "done";
      STATES.forEach((k) => { it.li.classList.toggle("dxp-item--" + k, e.state === k); });
      if (document.activeElement !== it.state) it.state.value = e.state;
      Object.keys(it.controls).forEach((f) => {
        let control = it.controls[f];
        if (document.activeElement !== control && !it.held[f]) control.value = e[f] || "";
      });
      if (e.state === "doing" || e.state === "na") details.push([T.stateSummary, "state", D.states[e.state]]);
      if (e.owner) details.push([T.ownerSummary, "owner", e.owner]);
      if (e.due) details.push([T.dueSummary, "due", e.due]);
      let summary = details.map((d) => fill(d[0], { [d[1]]: d[2] })).join(D.separator);
      if (it.shown.textContent !== summary) {
        // Each value in a span of its own: a Japanese owner's name on an English page gets lang="ja".
        it.shown.textContent = "";
        details.forEach((d, i) => {
          let parts = d[0].split("{" + d[1] + "}");
          it.shown.append(i ? D.separator : "", parts[0], named(el("span"), d[2]), parts.slice(1).join(""));
        });
      }
      it.shown.hidden = !summary;
      it.printed.textContent = e.note || "";
      it.button.textContent = summary || e.note ? T.noteWritten : T.note;
    });
    if (part) part.render();
    renderReport();
    $$("[data-dxp-progress]").forEach(updateProgress);
    $$("[data-dxp-name]").forEach((n) => { named(n, S.current.name); });
    let unknownIds = Object.keys(S.current.items).filter((id) => !has(known, id)), unknown = unknownIds.length, notes = [];
    if (!store) notes.push(T.noStorage);
    if (trouble) notes.push(trouble);
    if (fresh) notes.push(fill(T.quarantined, { n: fresh }));
    if (S.stuck) notes.push(fill(T.quarantineFailed, { n: S.stuck }));
    if (S.newer && manager) notes.push(fill(T.newerRecords, { n: S.newer }));
    if (unknown && manager) notes.push(fill(T.unknownInCurrent, { n: unknown }) + fromEditions(unknownIds));
    let text = notes.join(" ");
    // Written only when it changes: a toolbar's notice is a live region (see the end of this file).
    $$("[data-dxp-notice]").forEach((n) => { if (n.textContent !== text) n.textContent = text; n.hidden = !text; });
  }

  /* The reader's own date, by their computer's clock and time zone (Japan time on a PC in
     Japan: a file exported on the morning of 2 December says 12-02, not UTC's 12-01). */
  function stamp() {
    let d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  /* What a printed page carries (issue 18, step 6): the reader's record (ticks, states and
     owners, and notes unless they are left out) or a blank sheet to hand out. The choice is a
     preference of this browser ("<ns>:v1:print"), offered above every printable checklist,
     applied by classes on <html> that the print style sheet reads; nothing of the record
     changes. */
  const PRINT = PREFIX + "print", html = document.documentElement, choices = [];
  function printChoice() {
    let raw = get(PRINT), p = null;
    try { p = raw === null ? null : JSON.parse(raw); } catch (e) { p = null; }
    return { blank: isObject(p) && p.blank === true, notes: !(isObject(p) && p.notes === false) };
  }
  /* Shows choice `p` on this page (another tab's choice comes as a storage event). */
  function applyPrint(p) {
    p = p || printChoice();
    html.classList.toggle("dxp-print-blank", p.blank);
    html.classList.toggle("dxp-print-no-notes", !p.notes);
    choices.forEach((c) => {
      c.record.checked = !p.blank;
      c.blank.checked = p.blank;
      c.notes.checked = p.notes;
      c.notes.disabled = p.blank; // a blank sheet has no notes
    });
  }
  function choosePrint(change) {
    let p = printChoice();
    change(p);
    try { put(PRINT, JSON.stringify(p)); } catch (e) { /* not remembered; this page still prints as chosen */ }
    applyPrint(p);
  }
  function offerPrint(where, before) {
    let n = choices.length, name = "dxp-print-" + n;
    let box = el("fieldset", { "class": "dxp-print-choice", "data-search-exclude": "" });
    box.appendChild(el("legend", {}, T.printLegend));
    function option(value, label) {
      let input = el("input", { type: "radio", name: name, value: value, id: name + "-" + value });
      let row = el("label", { "for": input.id });
      row.append(input, " ", label);
      box.appendChild(row);
      return input;
    }
    let record = option("record", T.printRecord), blank = option("blank", T.printBlank);
    let notes = el("input", { type: "checkbox", id: name + "-notes" }), row = el("label", { "for": notes.id });
    row.append(notes, " ", T.printNotes);
    box.appendChild(row);
    record.addEventListener("change", () => { if (record.checked) choosePrint((p) => { p.blank = false; }); });
    blank.addEventListener("change", () => { if (blank.checked) choosePrint((p) => { p.blank = true; }); });
    notes.addEventListener("change", () => { choosePrint((p) => { p.notes = notes.checked; }); });
    choices.push({ record: record, blank: blank, notes: notes });
    where.insertBefore(box, before || null);
  }
  if (items.length) {
    let toolbar = $("[data-dxp-toolbar]"), handout = $(".dxp-handout-bar__actions"), title = $(".md-content__inner h1");
    if (toolbar) offerPrint(toolbar, $("[data-dxp-notice]", toolbar));
    if (handout) offerPrint(handout.parentNode, handout);
    if (!toolbar && !handout && title) offerPrint(title.parentNode, title.nextSibling);
    applyPrint(null);
  }

  // A toolbar's notice is where pages without a status line say that something was not saved.
  $$("[data-dxp-toolbar] [data-dxp-notice]").forEach((n) => { n.setAttribute("aria-live", "polite"); });
  load();
  /* What the dashboard's script uses of this one: the state, the checks it shares with saved
     records, the storage operations and the page's drawing. It gives back its part of render(). */
  if (typeof window.dxpDashboard === "function") {
    part = window.dxpDashboard({
      D: D, T: T, L: L, S: S, STATES: STATES, ID: ID, FORMULA: FORMULA, SCRIPTY: SCRIPTY, FORMAT: FORMAT,
      $: $, $$: $$, el: el, dict: dict, has: has, fill: fill, named: named, now: now, stamp: stamp, isObject: isObject,
      known: known, rolesOf: rolesOf, entry: entry, entryOf: entryOf, says: says, clean: clean, migrate: migrate,
      bad: bad, checkText: checkText, checkDate: checkDate, checkRecord: checkRecord, reservedKey: reservedKey,
      load: load, render: render, say: say, write: write, create: create, point: point, freeId: freeId, forget: forget,
      refused: refused, untouchable: untouchable, storeAll: storeAll, remove: remove, setAside: setAside,
      discardSetAside: discardSetAside, fromEditions: fromEditions
    });
  }
  render();
  $$("[data-dxp-toolbar]").forEach((n) => { n.hidden = false; });
  /* Another tab saved: show its changes here, and mend this tab's recent changes if its write
     undid any (see repair()). */
  window.addEventListener("storage", (event) => {
    if (!store || (event.storageArea && event.storageArea !== store)) return;
    if (event.key !== null && event.key.indexOf(PREFIX) !== 0) return;
    if (event.key === PRINT) return applyPrint(null);
    let id = event.key !== null && event.key.indexOf(REC) === 0 ? event.key.slice(REC.length) : null;
    let prev = id !== null && has(S.byId, id) ? S.byId[id] : null;
    load();
    if (prev && has(S.byId, id)) repair(prev, S.byId[id]);
    else if (id !== null && event.newValue === null) forget(id);
    render();
  });
})();
