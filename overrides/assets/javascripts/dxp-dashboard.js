/* The dashboard's own parts (issue 4, issue 18): the reader's assessments (new, rename, switch,
   clear, delete), their particulars (municipality, section, author, date), export as a filled
   workbook, CSV or JSON, import of any of the three, and the records set aside as unreadable.
   Loaded on the dashboard only, before dxp-checklists.js, which calls window.dxpDashboard(c)
   once with its state and checks (c) and calls the render() this returns whenever the record
   changes. Everything is checked before anything is written; an import is all or nothing. */
(() => {
  "use strict";
  window.dxpDashboard = (c) => {
    const D = c.D, T = c.T, L = c.L, S = c.S, $ = c.$, $$ = c.$$, el = c.el, has = c.has, fill = c.fill;
    const say = c.say, render = c.render, write = c.write, named = c.named, stamp = c.stamp;
    const manager = $("[data-dxp-manager]"), transfer = $("[data-dxp-transfer]"), select = $("[data-dxp-select]");
    const form = $("[data-dxp-name-form]"), nameInput = $("[data-dxp-name-input]"), dialog = $("[data-dxp-dialog]");
    let formMode = "", opener = null;

    /* The assessment's details: municipality, section, author, date. */
    const aboutInputs = $$("[data-dxp-about]");
    aboutInputs.forEach((input) => {
      input.addEventListener("change", () => {
        let k = input.getAttribute("data-dxp-about"), value = input.value.trim(), label = $('label[for="' + input.id + '"]');
        let path = label ? label.textContent : k;
        let problem = !value ? null : k === "date" ? c.checkDate(value, path) : c.checkText(value, path, L.about);
        if (problem) {
          input.setAttribute("aria-invalid", "true");
          return say(problem, true);
        }
        input.removeAttribute("aria-invalid");
        let done = write(S.current, (next) => { if (value) next.about[k] = value; else delete next.about[k]; });
        render();
        if (done) say(T.aboutSaved);
      });
    });

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
      let pointed = c.point(a.id); // when refused, this page switches and the other pages do not: point() said so
      render();
      if (message && pointed) say(fill(message, { name: a.name }));
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
      let problem = !name ? T.nameEmpty : name.length > L.name ? fill(T.nameLong, { max: L.name }) : c.SCRIPTY.test(name) ? fill(T.script, { path: "" }) : "";
      if (problem) {
        nameInput.setAttribute("aria-invalid", "true");
        return say(problem, true);
      }
      // When storage refuses, the form stays open with the name, and the status says why.
      if (formMode === "new") {
        let a = c.create(name);
        if (!a) return;
        closeForm();
        return switchTo(a, T.created);
      }
      if (!write(S.current, (next) => { next.name = name; })) return render();
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
    /* "<name>-<date>.<ext>", a name Windows, macOS and Linux all accept: no \ / : * ? " < > | or
       control characters, no dot or space at the end, not a device name (CON, NUL, COM1 ...). */
    const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
    function fileName(name, ext) {
      let stem = name.replace(/[\u0000-\u001f\u007f\\/:*?"<>|]+/g, "_").trim().slice(0, 80).replace(/[. ]+$/, "");
      if (!stem) stem = T.fileAll;
      if (DEVICE.test(stem.split(".")[0])) stem = "_" + stem;
      return stem + "-" + stamp() + "." + ext;
    }
    function csvCell(value) {
      value = String(value);
      if (c.FORMULA.test(value)) value = "'" + value;
      return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
    }
    /* The CSV begins with what the self-assessment is about (a label and its value a line, as
       the workbook's summary sheet has them), then a blank line and the table. */
    function particulars(a) {
      let values = { name: a.name, exported: stamp(), record: a.id };
      D.about.forEach((k) => { values[k] = a.about[k] || ""; });
      return Object.keys(D.aboutLabels).map((k) => [D.aboutLabels[k], values[k] || ""]);
    }
    function exportCsv() {
      let a = S.current, rows = particulars(a).concat([[], D.columns]);
      function row(p, id, text, e, roles) {
        rows.push([p ? D.pillars[p.pillar] : "", p ? p.title : "", text, roles.map((r) => D.roles[r]).join(D.separator),
          D.states[e.state], e.owner || "", e.due || "", e.note || "", p ? p.id : "", id]);
      }
      D.items.forEach((item) => { row(D.principles[item[1]], item[0], item[2], c.entry(item[0]), c.rolesOf(item)); });
      Object.keys(a.items).forEach((id) => { if (!has(c.known, id)) row(null, id, "", c.entryOf(a.items[id]), []); });
      download("\ufeff" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n",
        "text/csv;charset=utf-8", fileName(a.name, "csv"));
    }
    /* The build's workbook with this record written in (dxp-workbook.js). */
    function exportXlsx() {
      let a = S.current, bytes;
      if (!window.dxpWorkbook) return say(T.workbookMissing, true, transfer);
      try {
        bytes = window.dxpWorkbook.fill(a, {
          entry: c.entry, known: (id) => has(c.known, id), labels: D.states, states: c.STATES, items: D.items,
          pillarOf: (item) => D.principles[item[1]].pillar, pillars: D.pillars, about: D.about,
          aboutKey: window.dxpWorkbook.aboutKey, today: stamp()
        });
      } catch (e) { return say(T.workbookMissing, true, transfer); }
      download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName(a.name, "xlsx"));
    }

    /* What the table reader (dxp-workbook.js) uses of the checks and state. */
    function tableContext() {
      return { D: D, T: T, L: L, STATES: c.STATES, ID: c.ID, FORMULA: c.FORMULA, SCRIPTY: c.SCRIPTY, bad: c.bad, fill: fill,
        checkText: c.checkText, checkDate: c.checkDate, checkRecord: c.checkRecord, clean: c.clean, says: c.says,
        freeId: c.freeId, byId: S.byId, now: c.now };
    }
    /* Import: everything is checked before anything is written. */
    function megabytes(n) { return +(n / 1048576).toFixed(1) + " MB"; }
    function fromJson(text) {
      let data;
      try { data = JSON.parse(text); } catch (e) { throw T.notJson; }
      if (!c.isObject(data) || data.format !== c.FORMAT) throw T.notOurs;
      if (typeof data.schema_version !== "number" || data.schema_version % 1) throw c.bad("schema_version", T.expectNumber);
      if (data.schema_version > D.schema) throw fill(T.newer, { v: data.schema_version });
      let reserved = c.reservedKey(data);
      if (reserved) throw reserved;
      if (!Array.isArray(data.assessments) || !data.assessments.length) throw c.bad("assessments", T.expectList);
      if (data.assessments.length > L.assessments) throw c.bad("assessments", fill(T.tooMany, { max: L.assessments }));
      return data.assessments.map(c.migrate);
    }
    function read(text) {
      text = text.replace(/^\ufeff/, "");
      if (!text.trim()) throw T.empty;
      let list = fromJson(text), seen = c.dict();
      list.forEach((a, i) => {
        let error = c.checkRecord(a, "assessments[" + i + "]");
        if (error) throw error;
        if (seen[a.id]) throw c.bad("assessments[" + i + "].id", T.expectId);
        seen[a.id] = true;
      });
      return list.map(c.clean);
    }
    /* A file's records, whichever of the three exports it is: a workbook (a zip: "PK"), JSON
       (text beginning "{"), or else CSV. Text is UTF-8, or Shift_JIS as Japanese Excel saves
       "CSV (comma delimited)". */
    function readAny(bytes, name) {
      let stem = name.replace(/\.[^.]*$/, "").replace(/-\d{4}-\d{2}-\d{2}$/, "").trim().slice(0, L.name);
      if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4) {
        let sheets;
        if (!window.dxpWorkbook) throw T.workbookMissing;
        try { sheets = window.dxpWorkbook.readXlsx(bytes); } catch (e) { throw T.notWorkbook; }
        return window.dxpWorkbook.fromTable(sheets, stem, tableContext());
      }
      if (/\.xlsx$/i.test(name)) throw T.notWorkbook;
      let text;
      try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); }
      catch (e) { try { text = new TextDecoder("shift_jis").decode(bytes); } catch (x) { throw T.readError; } }
      text = text.replace(/^\ufeff/, "");
      if (!text.trim()) throw T.empty;
      if (/^\s*[{[]/.test(text) || /\.json$/i.test(name)) return read(text);
      let sheets;
      if (!window.dxpWorkbook) throw T.workbookMissing;
      try { sheets = window.dxpWorkbook.readCsv(text); } catch (e) { throw T.badCsv; }
      return window.dxpWorkbook.fromTable(sheets, stem, tableContext());
    }
    function reject(reason) { say(fill(T.rejected, { reason: reason }), true, transfer); }
    /* An import replaces only records this edition can read (the reader was asked); all or nothing. */
    function commit(list) {
      let taken = list.filter((a) => c.untouchable(a.id));
      if (taken.length) return reject(fill(T.occupied, { id: taken[0].id }));
      if (!c.storeAll(list)) return reject(T.storageFull);
      render();
      let unknown = [];
      list.forEach((a) => {
        Object.keys(a.items).forEach((id) => { if (!has(c.known, id) && unknown.indexOf(id) < 0) unknown.push(id); });
      });
      let names = list.map((a) => a.name).join(D.separator);
      say(fill(T.imported, { n: list.length, names: names }) +
        (unknown.length ? " " + fill(T.unknownKept, { n: unknown.length, ids: unknown.slice(0, 10).join(", ") + (unknown.length > 10 ? ", …" : "") }) + c.fromEditions(unknown) : ""),
        false, transfer);
    }
    function importFile(file) {
      // The last outcome goes at once, so no one (reader or test) takes it for this file's.
      say("", false, transfer);
      if (file.size > D.maxImport) return reject(fill(T.tooBig, { size: megabytes(file.size), max: megabytes(D.maxImport) }));
      let reader = new FileReader();
      reader.addEventListener("error", () => { reject(T.readError); });
      reader.addEventListener("load", () => {
        let list;
        try { list = readAny(new Uint8Array(reader.result), file.name || ""); } catch (reason) { return reject(String(reason)); }
        let taken = list.filter((a) => c.untouchable(a.id));
        if (taken.length) return reject(fill(T.occupied, { id: taken[0].id }));
        let replaced = list.filter((a) => has(S.byId, a.id)).map((a) => S.byId[a.id].name);
        if (!replaced.length) return commit(list);
        confirmThen(fill(T.confirmReplace, { name: replaced.join(D.separator) }), T.okReplace,
          () => { commit(list); }, () => { say(T.importCancelled, false, transfer); });
      });
      reader.readAsArrayBuffer(file);
    }

    const actions = {
      "new": () => { openForm("new"); },
      rename: () => { openForm("rename"); },
      "cancel-name": closeForm,
      clear: () => {
        let a = S.current;
        confirmThen(fill(T.confirmClear, { name: a.name }), T.okClear, () => {
          let done = write(a, (next) => { next.items = c.dict(); });
          c.forget(a.id);
          render();
          if (done) say(fill(T.cleared, { name: done.name }));
        });
      },
      "delete": () => {
        let a = S.current;
        confirmThen(fill(T.confirmDelete, { name: a.name }), T.okDelete, () => {
          // Rewritten meanwhile in a form this edition cannot read (another tab): not ours to delete.
          if (c.untouchable(a.id)) return c.refused();
          c.remove(a.id);
          switchTo(S.current);
          say(fill(T.deleted, { name: a.name }));
        });
      },
      "export-json": () => {
        download(JSON.stringify({ format: c.FORMAT, schema_version: D.schema, exported: c.now(), edition: D.edition, lang: D.lang, assessments: S.list }, null, 2),
          "application/json", fileName(S.list.length === 1 ? S.list[0].name : T.fileAll, "json"));
      },
      "export-csv": exportCsv,
      "export-xlsx": exportXlsx,
      "quarantine-export": () => {
        download(JSON.stringify({ format: "dx-playbook-set-aside", exported: c.now(), records: c.setAside() }, null, 2),
          "application/json", "dx-playbook-set-aside-" + stamp() + ".json");
      },
      "quarantine-discard": () => {
        confirmThen(T.confirmDiscard, T.okDiscard, () => {
          c.discardSetAside();
          render();
          say(T.discarded, false, transfer);
        });
      }
    };

    document.addEventListener("click", (event) => {
      let button = event.target.closest && event.target.closest("[data-dxp-action]"), name = button && button.getAttribute("data-dxp-action");
      if (name && has(actions, name)) actions[name]();
    });
    // The dialog's buttons close it with their value ("ok" or "cancel"); Escape closes it with "".
    if (dialog) dialog.addEventListener("click", (event) => {
      let button = event.target.closest("button[value]");
      if (button) dialog.close(button.value);
    });
    if (select) select.addEventListener("change", () => { if (has(S.byId, select.value)) switchTo(S.byId[select.value], T.switched); });
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
    [manager, transfer].forEach((n) => { if (n) n.hidden = false; });

    /* What render() draws of the dashboard: the particulars, the list of assessments and the
       count of records set aside. */
    return {
      render: () => {
        aboutInputs.forEach((input) => {
          let k = input.getAttribute("data-dxp-about");
          if (document.activeElement !== input && input.getAttribute("aria-invalid") !== "true") input.value = S.current.about[k] || "";
        });
        if (select) {
          select.textContent = "";
          S.list.forEach((a) => { select.appendChild(named(new Option(a.name, a.id), a.name)); });
          select.value = S.current.id;
        }
        let held = $("[data-dxp-quarantine]");
        if (held) {
          held.hidden = !S.setAside;
          $("[data-dxp-quarantine-count]", held).textContent = fill(T.quarantineCount, { n: S.setAside });
        }
      }
    };
  };
})();
