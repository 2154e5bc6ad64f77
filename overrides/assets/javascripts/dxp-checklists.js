/* Checklists (issue 4): ticks and notes saved in this browser, progress, assessments, export
   and import. Data and wording come from assets/data/dxp-checklists.<lang>.js; content reaches
   the page only as text. Storage: "<ns>:v1:a:<id>" per assessment, "<ns>:v1:current", and
   "<ns>:v1:quarantine:*" for unreadable records (set aside, never deleted unasked). */
(() => {
  "use strict";
  const D = window.dxpChecklistData;
  if (!D || !document.querySelector) return;
  const T = D.text, L = D.limits;
  const PREFIX = D.ns + ":v" + D.storage + ":", REC = PREFIX + "a:", QUAR = PREFIX + "quarantine:";
  const CURRENT = PREFIX + "current", FORMAT = "dx-playbook-assessments";
  const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const SCRIPTY = /<\s*\/?\s*(script|iframe|object|embed|svg|math|style|link|meta|base|form|img)\b|javascript\s*:|<[^>]*\bon[a-z]+\s*=/i;
  const FORMULA = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
  const known = {}, scopes = { all: [] };
  D.items.forEach((item) => {
    let p = D.principles[item[1]];
    known[item[0]] = item;
    ["all", "pillar:" + p.pillar, "principle:" + p.id].concat(p.roles.map((r) => "role:" + r))
      .forEach((s) => { (scopes[s] = scopes[s] || []).push(item[0]); });
  });

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (m, k) => k in values ? String(values[k]) : m);
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
  function isObject(v) { return !!v && typeof v === "object" && !Array.isArray(v); }

  /* Storage, or memory when the browser refuses it (some file:// and private modes). */
  let store = null;
  const memory = {};
  try { store = window.localStorage; store.setItem(PREFIX + "probe", "1"); store.removeItem(PREFIX + "probe"); }
  catch (e) { store = null; }
  function get(k) { return store ? store.getItem(k) : (k in memory ? memory[k] : null); }
  function put(k, v) { if (store) store.setItem(k, v); else memory[k] = v; }
  function drop(k) { if (store) store.removeItem(k); else delete memory[k]; }
  function keys() {
    if (!store) return Object.keys(memory);
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
  function checkRecord(a, path) {
    if (!isObject(a)) return bad(path, T.expectObject);
    if (typeof a.id !== "string" || !ID.test(a.id) || a.id.length > 64) return bad(path + ".id", T.expectId);
    let error = checkText(a.name, path + ".name", L.name) || (a.name.trim() ? null : bad(path + ".name", T.expectText));
    if (error) return error;
    if (!isObject(a.items)) return bad(path + ".items", T.expectObject);
    let ids = Object.keys(a.items);
    if (ids.length > L.items) return bad(path + ".items", fill(T.tooMany, { max: L.items }));
    for (let i = 0; i < ids.length; i++) {
      let at = path + ".items." + ids[i].slice(0, 64), entry = a.items[ids[i]];
      if (!ID.test(ids[i]) || ids[i].length > 64) return bad(at, T.expectId);
      if (!isObject(entry)) return bad(at, T.expectObject);
      if (typeof entry.done !== "boolean") return bad(at + ".done", T.expectBool);
      if (entry.note !== undefined && (error = checkText(entry.note, at + ".note", L.note))) return error;
    }
    return null;
  }
  /* Schema 0 (pre-release) kept a list of ticked IDs and a map of notes. */
  function migrate(a) {
    if (!isObject(a) || a.schema > 0 || !Array.isArray(a.checked)) return a;
    let items = {}, notes = isObject(a.notes) ? a.notes : {};
    a.checked.forEach((id) => { items[id] = { done: true }; });
    Object.keys(notes).forEach((id) => { (items[id] = items[id] || { done: false }).note = notes[id]; });
    return { id: a.id, name: a.name, created: a.created, updated: a.updated, items: items };
  }
  function clean(a) {
    let items = {};
    Object.keys(a.items).forEach((id) => {
      let e = a.items[id];
      if (e.done || e.note) items[id] = e.note ? { done: e.done, note: e.note } : { done: e.done };
    });
    function date(v) { return typeof v === "string" && v.length < 40 ? v : now(); }
    return { schema: D.schema, id: a.id, name: a.name.trim(), created: date(a.created), updated: date(a.updated), items: items };
  }

  /* State */
  const S = { list: [], byId: {}, current: null, setAside: 0, newer: 0 };
  let fresh = 0; // records set aside since this page opened
  function quarantine(key, raw) {
    try { put(QUAR + key.slice(REC.length, REC.length + 64) + ":" + Date.now().toString(36), raw); drop(key); fresh++; }
    catch (e) { /* storage full: leave the record where it is */ }
  }
  function load() {
    let list = [], byId = {}, newer = 0;
    keys().forEach((key) => {
      if (key.indexOf(REC) !== 0) return;
      let raw = get(key), a;
      try { a = JSON.parse(raw); } catch (e) { a = null; }
      if (isObject(a) && typeof a.schema === "number" && a.schema > D.schema) { newer++; return; }
      let m = migrate(a);
      if (checkRecord(m, "") || key !== REC + m.id) return quarantine(key, raw);
      let c = clean(m);
      if (m !== a) try { put(key, JSON.stringify(c)); } catch (e) { /* kept in memory */ }
      list.push(c);
      byId[c.id] = c;
    });
    list.sort((x, y) => x.created < y.created ? -1 : x.created > y.created ? 1 : 0);
    S.list = list; S.byId = byId; S.newer = newer;
    S.setAside = keys().filter((k) => k.indexOf(QUAR) === 0).length;
    S.current = byId[get(CURRENT)] || list[0] || create(T.defaultName, "default");
  }
  function save(a) {
    a.updated = now();
    try { put(REC + a.id, JSON.stringify(a)); put(CURRENT, a.id); return true; }
    catch (e) { say(T.storageFull, true); return false; }
  }
  function create(name, id) {
    let a = { schema: D.schema, id: id || Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8), name: name, created: now(), updated: now(), items: {} };
    S.list.push(a);
    S.byId[a.id] = a;
    save(a);
    return a;
  }
  function entry(id) { return S.current.items[id] || { done: false }; }
  function change(id, field, value) {
    let e = S.current.items[id] = entry(id);
    e[field] = value;
    if (!e.done && !e.note) delete S.current.items[id];
    if (!e.note) delete e.note;
    save(S.current);
    render();
  }

  /* Checklist items: the checkbox, and a note behind a toggle button. */
  const items = [];
  $$("li.dxp-item").forEach((li) => {
    let id = li.getAttribute("data-dxp-item"), box = $(".dxp-item__box", li), label = $(".dxp-item__label", li);
    if (!id || !box || !label) return;
    let base = "dxp-note-" + id, labelId = label.id = label.id || "dxp-label-" + id;
    let button = el("button", { type: "button", "class": "dxp-note__toggle", "aria-expanded": "false", "aria-controls": base, "aria-describedby": labelId });
    let wrap = el("div", { "class": "dxp-note", id: base, hidden: "" });
    let area = el("textarea", { id: base + "-text", "class": "dxp-note__text", rows: "3", maxlength: String(L.note), "aria-describedby": labelId + " " + base + "-error" });
    let error = el("p", { "class": "dxp-note__error", id: base + "-error", "aria-live": "polite" });
    let printed = el("p", { "class": "dxp-note__print" });
    wrap.append(el("label", { "for": area.id, "class": "dxp-note__label" }, T.noteLabel), area, error);
    li.append(button, wrap, printed);
    box.addEventListener("change", () => { change(id, "done", box.checked); });
    button.addEventListener("click", () => {
      let open = wrap.hidden;
      wrap.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) area.focus();
    });
    let timer;
    function keep() {
      clearTimeout(timer);
      let refused = SCRIPTY.test(area.value);
      error.textContent = refused ? T.noteRejected : "";
      area.setAttribute("aria-invalid", String(refused));
      if (!refused && area.value !== (entry(id).note || "")) change(id, "note", area.value);
    }
    area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(keep, 400); });
    area.addEventListener("change", keep);
    items.push({ id: id, box: box, button: button, area: area, printed: printed });
  });

  /* Dashboard parts (present on the dashboard page only). */
  const manager = $("[data-dxp-manager]"), transfer = $("[data-dxp-transfer]"), select = $("[data-dxp-select]");
  const form = $("[data-dxp-name-form]"), nameInput = $("[data-dxp-name-input]"), dialog = $("[data-dxp-dialog]");
  let formMode = "", opener = null;

  function say(text, isError, panel) {
    let node = $("[data-dxp-status]", panel || manager || document) || $("[data-dxp-notice]");
    if (!node) return;
    node.hidden = false;
    node.classList.toggle("dxp-status--error", !!isError);
    node.textContent = "";
    // A fresh text node after a pause, so the same message twice is announced twice.
    setTimeout(() => { node.textContent = text; }, 50);
  }
  function updateProgress(node) {
    let ids = scopes[node.getAttribute("data-dxp-progress")] || [];
    let done = ids.filter((id) => entry(id).done).length;
    let bar = $("progress", node), text = $(".dxp-progress__text", node), shown = fill(T.doneOf, { done: done, total: ids.length });
    if (bar) { bar.max = Math.max(ids.length, 1); bar.value = done; }
    if (text && text.textContent !== shown) text.textContent = shown;
    node.hidden = false;
  }
  function render() {
    items.forEach((it) => {
      let e = entry(it.id), note = e.note || "";
      it.box.checked = e.done;
      if (document.activeElement !== it.area) it.area.value = note;
      it.printed.textContent = note;
      it.button.textContent = note ? T.noteWritten : T.note;
    });
    $$("[data-dxp-progress]").forEach(updateProgress);
    $$("[data-dxp-name]").forEach((n) => { n.textContent = S.current.name; });
    let unknown = Object.keys(S.current.items).filter((id) => !known[id]).length, notes = [];
    if (!store) notes.push(T.noStorage);
    if (fresh) notes.push(fill(T.quarantined, { n: fresh }));
    if (S.newer && manager) notes.push(fill(T.newerRecords, { n: S.newer }));
    if (unknown && manager) notes.push(fill(T.unknownInCurrent, { n: unknown }));
    $$("[data-dxp-notice]").forEach((n) => { n.textContent = notes.join(" "); n.hidden = !notes.length; });
    if (select) {
      select.textContent = "";
      S.list.forEach((a) => { select.appendChild(new Option(a.name, a.id)); });
      select.value = S.current.id;
    }
    let held = $("[data-dxp-quarantine]");
    if (held) {
      held.hidden = !S.setAside;
      $("[data-dxp-quarantine-count]", held).textContent = fill(T.quarantineCount, { n: S.setAside });
    }
  }

  function confirmThen(text, okLabel, then, otherwise) {
    let back = document.activeElement;
    $("[data-dxp-dialog-text]", dialog).textContent = text;
    $("[data-dxp-dialog-ok]", dialog).textContent = okLabel;
    dialog.returnValue = "";
    dialog.addEventListener("close", () => {
      if (back && back.focus) back.focus();
      if (dialog.returnValue === "ok") then(); else if (otherwise) otherwise();
    }, { once: true });
    dialog.showModal();
    $("[data-dxp-dialog-cancel]", dialog).focus();
  }
  function switchTo(a, message) {
    S.current = a;
    put(CURRENT, a.id);
    render();
    if (message) say(fill(message, { name: a.name }));
  }
  function openForm(mode) {
    formMode = mode;
    opener = document.activeElement;
    nameInput.value = mode === "new" ? fill(T.newName, { n: S.list.length + 1 }) : S.current.name;
    form.hidden = false;
    nameInput.removeAttribute("aria-invalid");
    nameInput.focus();
    nameInput.select();
  }
  function closeForm() {
    form.hidden = true;
    if (opener && opener.focus) opener.focus();
  }
  function submitName() {
    let name = nameInput.value.trim();
    let problem = !name ? T.nameEmpty : name.length > L.name ? fill(T.nameLong, { max: L.name }) : SCRIPTY.test(name) ? fill(T.script, { path: "" }) : "";
    if (problem) {
      nameInput.setAttribute("aria-invalid", "true");
      return say(problem, true);
    }
    if (formMode === "new") {
      closeForm();
      return switchTo(create(name), T.created);
    }
    S.current.name = name;
    save(S.current);
    closeForm();
    render();
    say(fill(T.renamed, { name: name }));
  }

  function download(text, type, name) {
    let url = URL.createObjectURL(new Blob([text], { type: type })), link = el("a", { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => { URL.revokeObjectURL(url); }, 2000);
    say(fill(T.exported, { file: name }), false, transfer);
  }
  function stamp() { return now().slice(0, 10); }
  function csvCell(value) {
    value = String(value);
    if (FORMULA.test(value)) value = "'" + value;
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }
  function exportCsv() {
    let a = S.current, rows = [D.columns];
    function row(p, id, text, e) {
      rows.push([p ? D.pillars[p.pillar] : "", p ? p.id : "", p ? p.title : "", id, text,
        p ? p.roles.map((r) => D.roles[r]).join(D.separator) : "", e.done ? D.statusDone : D.statusOpen, e.note || ""]);
    }
    D.items.forEach((item) => { row(D.principles[item[1]], item[0], item[2], entry(item[0])); });
    Object.keys(a.items).forEach((id) => { if (!known[id]) row(null, id, "", a.items[id]); });
    download("\ufeff" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n",
      "text/csv;charset=utf-8", "dx-playbook-assessment-" + stamp() + "." + D.lang + ".csv");
  }

  /* Import: everything is checked before anything is written. */
  function megabytes(n) { return +(n / 1048576).toFixed(1) + " MB"; }
  function fromJson(text) {
    let data;
    try { data = JSON.parse(text); } catch (e) { throw T.notJson; }
    if (!isObject(data) || data.format !== FORMAT) throw T.notOurs;
    if (typeof data.schema_version !== "number" || data.schema_version % 1) throw bad("schema_version", T.expectNumber);
    if (data.schema_version > D.schema) throw fill(T.newer, { v: data.schema_version });
    if (!Array.isArray(data.assessments) || !data.assessments.length) throw bad("assessments", T.expectList);
    if (data.assessments.length > L.assessments) throw bad("assessments", fill(T.tooMany, { max: L.assessments }));
    return data.assessments.map(migrate);
  }
  function read(text) {
    text = text.replace(/^\ufeff/, "");
    if (!text.trim()) throw T.empty;
    let list = fromJson(text), seen = {};
    list.forEach((a, i) => {
      let error = checkRecord(a, "assessments[" + i + "]");
      if (error) throw error;
      if (seen[a.id]) throw bad("assessments[" + i + "].id", T.expectId);
      seen[a.id] = true;
    });
    return list.map(clean);
  }
  function reject(reason) { say(fill(T.rejected, { reason: reason }), true, transfer); }
  function commit(list) {
    let before = {};
    try {
      list.forEach((a) => { before[a.id] = get(REC + a.id); put(REC + a.id, JSON.stringify(a)); });
      put(CURRENT, list[0].id);
    } catch (e) {
      Object.keys(before).forEach((id) => { if (before[id] === null) drop(REC + id); else put(REC + id, before[id]); });
      return reject(T.storageFull);
    }
    load();
    render();
    let unknown = [];
    list.forEach((a) => {
      Object.keys(a.items).forEach((id) => { if (!known[id] && unknown.indexOf(id) < 0) unknown.push(id); });
    });
    let names = list.map((a) => a.name).join(D.separator);
    say(fill(T.imported, { n: list.length, names: names }) +
      (unknown.length ? " " + fill(T.unknownKept, { n: unknown.length, ids: unknown.slice(0, 10).join(", ") + (unknown.length > 10 ? ", …" : "") }) : ""),
      false, transfer);
  }
  function importFile(file) {
    if (file.size > D.maxImport) return reject(fill(T.tooBig, { size: megabytes(file.size), max: megabytes(D.maxImport) }));
    let reader = new FileReader();
    reader.addEventListener("error", () => { reject(T.readError); });
    reader.addEventListener("load", () => {
      let list;
      try { list = read(String(reader.result)); } catch (reason) { return reject(String(reason)); }
      let replaced = list.filter((a) => S.byId[a.id]).map((a) => S.byId[a.id].name);
      if (!replaced.length) return commit(list);
      confirmThen(fill(T.confirmReplace, { name: replaced.join(D.separator) }), T.okReplace,
        () => { commit(list); }, () => { say(T.importCancelled, false, transfer); });
    });
    reader.readAsText(file);
  }

  const actions = {
    "new": () => { openForm("new"); },
    rename: () => { openForm("rename"); },
    "cancel-name": closeForm,
    clear: () => {
      let a = S.current;
      confirmThen(fill(T.confirmClear, { name: a.name }), T.okClear, () => {
        a.items = {};
        save(a);
        render();
        say(fill(T.cleared, { name: a.name }));
      });
    },
    "delete": () => {
      let a = S.current;
      confirmThen(fill(T.confirmDelete, { name: a.name }), T.okDelete, () => {
        drop(REC + a.id);
        load();
        switchTo(S.current);
        say(fill(T.deleted, { name: a.name }));
      });
    },
    "export-json": () => {
      download(JSON.stringify({ format: FORMAT, schema_version: D.schema, exported: now(), edition: D.edition, lang: D.lang, assessments: S.list }, null, 2),
        "application/json", "dx-playbook-assessments-" + stamp() + ".json");
    },
    "export-csv": exportCsv,
    "quarantine-export": () => {
      let held = keys().filter((k) => k.indexOf(QUAR) === 0).map((k) => ({ key: k, raw: get(k) }));
      download(JSON.stringify({ format: "dx-playbook-set-aside", exported: now(), records: held }, null, 2),
        "application/json", "dx-playbook-set-aside-" + stamp() + ".json");
    },
    "quarantine-discard": () => {
      confirmThen(T.confirmDiscard, T.okDiscard, () => {
        keys().filter((k) => k.indexOf(QUAR) === 0).forEach(drop);
        fresh = 0;
        load();
        render();
        say(T.discarded, false, transfer);
      });
    }
  };

  load();
  render();
  $$("[data-dxp-toolbar], [data-dxp-manager], [data-dxp-transfer]").forEach((n) => { n.hidden = false; });
  document.addEventListener("click", (event) => {
    let button = event.target.closest && event.target.closest("[data-dxp-action]");
    if (button && actions[button.getAttribute("data-dxp-action")]) actions[button.getAttribute("data-dxp-action")]();
  });
  // The dialog's buttons close it with their value ("ok" or "cancel"); Escape closes it with "".
  if (dialog) dialog.addEventListener("click", (event) => {
    let button = event.target.closest("button[value]");
    if (button) dialog.close(button.value);
  });
  if (select) select.addEventListener("change", () => { switchTo(S.byId[select.value], T.switched); });
  if (form) {
    form.addEventListener("submit", (event) => { event.preventDefault(); submitName(); });
    form.addEventListener("keydown", (event) => { if (event.key === "Escape") closeForm(); });
  }
  const fileInput = $("[data-dxp-import]");
  if (fileInput) fileInput.addEventListener("change", () => {
    let file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (file) importFile(file);
  });
  window.addEventListener("storage", (event) => {
    if (event.key === null || event.key.indexOf(PREFIX) === 0) { load(); render(); }
  });
})();
