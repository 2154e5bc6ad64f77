/* The self-assessment as a spreadsheet (issue 18), on the dashboard: fills the build's own
   checklist workbook with the reader's record, and reads workbooks and CSV files back into
   rows for the import (dxp-checklists.js checks them). The workbook's design lives in one
   place, the build (dx_playbook.core.exports.exports); this code only writes values into the
   cells the build laid out, found by the IDs in their last column. fflate (window.fflate, an
   npm dependency shipped in assets/vendor/) does the zip; nothing leaves the page.
   Sets window.dxpWorkbook = { fill, readXlsx, readCsv, fromTable, aboutKey }. */
(() => {
  "use strict";
  const W = window.dxpWorkbookData, Z = window.fflate;
  if (!W || !Z || !window.DOMParser) return;
  const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const XML_NS = "http://www.w3.org/XML/1998/namespace";
  const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  /* What an import unzips: the workbook, its sheets and their strings, each at most PART bytes
     and all of them at most TOTAL, as their headers say (fflate's output never exceeds that). */
  const PART = 8 * 1048576, TOTAL = 32 * 1048576, PARTS = 10000;
  const WANTED = /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|worksheets\/[^/]+\.xml)$/;

  function xml(bytes) {
    let source = Z.strFromU8(bytes);
    // Office files never carry a DTD (ECMA-376 Part 2 makes one an error): no entities at all.
    if (/<!DOCTYPE/i.test(source)) throw new Error("doctype");
    let doc = new DOMParser().parseFromString(source, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) throw new Error("xml");
    return doc;
  }
  function bytesOf(doc) {
    let out = new XMLSerializer().serializeToString(doc);
    return Z.strToU8(/^<\?xml/.test(out) ? out : DECLARATION + out);
  }
  function children(node, name) {
    return Array.prototype.filter.call(node.childNodes, (n) => n.nodeType === 1 && n.localName === name);
  }
  function all(node, name) { return Array.prototype.slice.call(node.getElementsByTagNameNS(MAIN, name)); }
  /* The text of a string item or inline string: its runs, without the phonetic guides
     (<rPh>) that Japanese Excel adds to what was typed with an input method. */
  function text(node) {
    if (!node) return "";
    let direct = children(node, "t"), runs = direct.length ? direct : children(node, "r").map((r) => children(r, "t")).flat();
    return unescapeX(runs.map((t) => t.textContent).join(""));
  }
  /* Excel's escapes in cell text (ECMA-376 Part 1, 22.4.2.4): "_x000D_" is a carriage return,
     "_x005F_" a literal "_" (so "_x005F_x000D_" is the text "_x000D_"). */
  function unescapeX(s) { return s.replace(/_x([0-9A-Fa-f]{4})_/g, (m, hex) => String.fromCharCode(parseInt(hex, 16))); }
  function escapeX(s) {
    return s.replace(/_x([0-9A-Fa-f]{4})_/g, "_x005F_x$1_")
      .replace(/[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]/g, (c) => "_x" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + "_");
  }
  /* "AB12" → column 27 (0-based), row 12. */
  function position(ref) {
    let m = /^([A-Z]+)(\d+)$/.exec(ref || "");
    if (!m) return null;
    let column = 0;
    for (let i = 0; i < m[1].length; i++) column = column * 26 + m[1].charCodeAt(i) - 64;
    return { column: column - 1, row: +m[2] };
  }
  function letters(column) {
    let out = "";
    for (column++; column > 0; column = Math.floor((column - 1) / 26)) out = String.fromCharCode(65 + (column - 1) % 26) + out;
    return out;
  }

  /* The workbook's sheets in tab order: { name, path }. */
  function sheetsOf(files) {
    if (!files["xl/workbook.xml"] || !files["xl/_rels/workbook.xml.rels"]) throw new Error("parts");
    let book = xml(files["xl/workbook.xml"]), rels = xml(files["xl/_rels/workbook.xml.rels"]), targets = Object.create(null);
    Array.prototype.forEach.call(rels.getElementsByTagName("Relationship"), (r) => {
      let target = r.getAttribute("Target") || "";
      targets[r.getAttribute("Id")] = target.charAt(0) === "/" ? target.slice(1) : "xl/" + target.replace(/^\.\//, "");
    });
    return all(book, "sheet").map((s) => ({
      name: (s.getAttribute("name") || "").slice(0, 31), // Excel's longest sheet name
      path: targets[s.getAttributeNS("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id")]
    })).filter((s) => s.path && files[s.path]);
  }
  function stringsOf(files) {
    return files["xl/sharedStrings.xml"] ? all(xml(files["xl/sharedStrings.xml"]), "si").map(text) : [];
  }
  function valueOf(cell, strings) {
    let type = cell.getAttribute("t"), v = children(cell, "v")[0], raw = v ? v.textContent : "";
    if (type === "s") return strings[+raw] || "";
    if (type === "inlineStr") return text(children(cell, "is")[0]);
    if (type === "b") return raw === "1" ? "TRUE" : "FALSE";
    return raw;
  }
  /* A sheet as rows of text: [{ n: row number, cells: [text of A, B, ...] }]. */
  function rowsOf(doc, strings) {
    let out = [], last = 0;
    all(doc, "row").forEach((row) => {
      let n = +row.getAttribute("r") || last + 1, cells = [], next = 0;
      last = n;
      children(row, "c").forEach((cell) => {
        let at = position(cell.getAttribute("r")), column = at ? at.column : next;
        next = column + 1;
        if (column > 200) return;
        while (cells.length < column) cells.push("");
        cells[column] = valueOf(cell, strings);
      });
      out.push({ n: n, cells: cells });
    });
    return out;
  }

  /* An uploaded workbook as sheets of rows: [{ name, rows }]. Throws when it is no workbook. */
  function readXlsx(bytes) {
    let total = 0, files;
    let entries = 0;
    files = Z.unzipSync(bytes, {
      filter: (f) => {
        // A workbook has a few dozen parts; a zip that claims millions would keep this busy.
        if (++entries > PARTS) throw new Error("entries");
        if (!WANTED.test(f.name)) return false;
        total += f.originalSize;
        if (f.originalSize > PART || total > TOTAL) throw new Error("size");
        return true;
      }
    });
    let strings = stringsOf(files);
    return sheetsOf(files).map((s) => ({ name: s.name, rows: rowsOf(xml(files[s.path]), strings) }));
  }

  /* CSV as RFC 4180 writes it (quotes doubled inside quoted fields; CRLF, LF or CR lines), the
     way Excel, LibreOffice and this playbook write it. Throws on a quote left open. */
  function readCsv(textIn) {
    let rows = [], row = [], field = "", quoted = false, i = 0, n = 1, s = textIn;
    function end() { row.push(field); field = ""; }
    function line() { end(); rows.push({ n: n++, cells: row }); row = []; }
    while (i < s.length) {
      let ch = s.charAt(i);
      if (quoted) {
        if (ch === '"') {
          if (s.charAt(i + 1) === '"') { field += '"'; i += 2; continue; }
          quoted = false;
        } else field += ch;
        i++;
        continue;
      }
      if (ch === '"' && field === "") quoted = true;
      else if (ch === ",") end();
      else if (ch === "\r" || ch === "\n") {
        line();
        if (ch === "\r" && s.charAt(i + 1) === "\n") i++;
      } else field += ch;
      i++;
    }
    if (quoted) throw new Error("quote");
    if (field !== "" || row.length) line();
    return [{ name: "CSV", rows: rows }];
  }

  /* Columns a text takes in a cell: two for East Asian wide and full-width characters, as the
     build measures rows (exports._display_width). */
  const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
  function width(s) {
    let n = 0;
    for (let ch of s) n += WIDE.test(ch) ? 2 : 1;
    return n;
  }
  function cellIn(row, column, doc) {
    let ref = letters(column) + row.getAttribute("r"), cells = children(row, "c");
    for (let i = 0; i < cells.length; i++) {
      let at = position(cells[i].getAttribute("r"));
      if (cells[i].getAttribute("r") === ref) return cells[i];
      if (at && at.column > column) {
        let made = doc.createElementNS(MAIN, "c");
        made.setAttribute("r", ref);
        row.insertBefore(made, cells[i]);
        return made;
      }
    }
    let made = doc.createElementNS(MAIN, "c");
    made.setAttribute("r", ref);
    row.appendChild(made);
    return made;
  }
  /* Text as an inline string (never a formula, whatever it starts with); none, a blank cell
     that keeps its format. */
  function setText(cell, value, doc) {
    while (cell.firstChild) cell.removeChild(cell.firstChild);
    cell.removeAttribute("t");
    if (!value) return;
    cell.setAttribute("t", "inlineStr");
    let is = doc.createElementNS(MAIN, "is"), t = doc.createElementNS(MAIN, "t");
    t.setAttributeNS(XML_NS, "xml:space", "preserve");
    t.textContent = escapeX(value); // XML cannot hold control characters; Excel reads these back
    is.appendChild(t);
    cell.appendChild(is);
  }
  function setCached(cell, value) {
    let v = children(cell, "v")[0];
    if (v) v.textContent = String(value);
  }
  function escapeCodes(s) { return s.replace(/&/g, "&&"); }

  /* The build's workbook filled with record `a`: `entry(id)` is an item's state, owner, due
     date and note; `items` the playbook's [id, principle index] in order; `labels` the state
     labels; `today` the reader's date. Returns the bytes of the .xlsx. */
  function fill(a, o) {
    let files = Z.unzipSync(Uint8Array.from(atob(W.template), (c) => c.charCodeAt(0)));
    let sheets = sheetsOf(files), strings = stringsOf(files);
    let list = sheets.filter((s) => s.name === W.sheets.checklist)[0], summary = sheets.filter((s) => s.name === W.sheets.summary)[0];
    if (!list || !summary) throw new Error("template");
    let field = (name) => W.fields.indexOf(name);
    let STATE = field("state"), ID_COLUMN = field("id"), written = Object.create(null);

    let doc = xml(files[list.path]), rows = all(doc, "row"), last = rows[rows.length - 1];
    function write(row, id) {
      let e = o.entry(id), values = { state: o.labels[e.state], owner: e.owner || "", due: e.due || "", note: e.note || "" };
      let lines = 0;
      Object.keys(values).forEach((f) => {
        let column = field(f);
        setText(cellIn(row, column, doc), values[f], doc);
        // Lines the text wraps to in its column: the row grows to show a long note.
        lines = Math.max(lines, values[f].split("\n").reduce((n, part) => n + Math.max(1, Math.ceil(width(part) / W.lineChars[column])), 0));
      });
      let height = Math.min(409, Math.max(3, lines) * 14 + 4);
      if (height > (+row.getAttribute("ht") || 0)) { row.setAttribute("ht", String(height)); row.setAttribute("customHeight", "1"); }
      written[id] = true;
    }
    rows.forEach((row) => {
      let cell = children(row, "c").filter((c) => { let at = position(c.getAttribute("r")); return at && at.column === ID_COLUMN; })[0];
      let id = cell ? valueOf(cell, strings) : "";
      if (id && o.known(id)) write(row, id);
    });
    /* Items of the record this edition does not have (made on another edition) get rows of
       their own at the end, so that importing the file back loses nothing. */
    let extra = Object.keys(a.items).filter((id) => !written[id]), first = +last.getAttribute("r"), end = first;
    extra.forEach((id) => {
      let row = doc.createElementNS(MAIN, "row");
      end++;
      row.setAttribute("r", String(end));
      row.setAttribute("spans", last.getAttribute("spans") || "");
      children(last, "c").forEach((c) => {
        let at = position(c.getAttribute("r")), made = cellIn(row, at.column, doc);
        if (c.getAttribute("s")) made.setAttribute("s", c.getAttribute("s"));
      });
      setText(cellIn(row, ID_COLUMN, doc), id, doc);
      last.parentNode.appendChild(row);
      write(row, id);
    });
    if (end > first) {
      // The ranges that end at the last row (dimension, filter, status drop-down) now end lower.
      let grow = (s) => s.replace(new RegExp("(\\$?[A-Z]+\\$?)" + first + "\\b", "g"), "$1" + end);
      [["dimension", "ref"], ["autoFilter", "ref"], ["dataValidation", "sqref"]].forEach((p) => {
        all(doc, p[0]).forEach((n) => { n.setAttribute(p[1], grow(n.getAttribute(p[1]) || "")); });
      });
      let book = xml(files["xl/workbook.xml"]);
      all(book, "definedName").forEach((n) => { if (n.getAttribute("name") === "_xlnm._FilterDatabase") n.textContent = grow(n.textContent); });
      files["xl/workbook.xml"] = bytesOf(book);
    }
    // The printed header names the self-assessment, its municipality and section, and its date.
    all(doc, "oddHeader").forEach((n) => {
      let where = [a.about.municipality, a.about.section].filter(Boolean).join(" ");
      n.textContent = "&L" + escapeCodes(where) + "&C" + escapeCodes(a.name) + "&R" + escapeCodes(a.about.date || o.today);
    });
    files[list.path] = bytesOf(doc);

    /* The summary: the particulars beside their labels, and each pillar's counts cached in its
       formulas' cells (Excel recalculates them on opening; other readers show these). */
    let sum = xml(files[summary.path]), values = { name: a.name, exported: o.today, record: a.id };
    o.about.forEach((k) => { values[k] = a.about[k] || ""; });
    let counts = Object.create(null);
    counts[W.total] = [0, 0, 0, 0, 0];
    o.items.forEach((item) => {
      let pillar = o.pillarOf(item), state = o.entry(item[0]).state, index = o.states.indexOf(state) + 1;
      if (!counts[pillar]) counts[pillar] = [0, 0, 0, 0, 0];
      [counts[pillar], counts[W.total]].forEach((c) => { c[0]++; c[index]++; });
    });
    all(sum, "row").forEach((row) => {
      let cells = children(row, "c"), at = (column) => cells.filter((c) => { let p = position(c.getAttribute("r")); return p && p.column === column; })[0];
      let label = at(0) ? valueOf(at(0), strings) : "", key = o.aboutKey(label);
      let pillar = at(W.summaryId) ? valueOf(at(W.summaryId), strings) : "";
      if (key && W.about.indexOf(key) >= 0) setText(cellIn(row, 1, sum), values[key] || "", sum);
      else if (pillar === W.total || has(o.pillars, pillar)) {
        let c = counts[pillar] || [0, 0, 0, 0, 0], applicable = c[0] - c[4];
        [c[0], c[1], c[2], c[3], c[4], applicable > 0 ? c[3] / applicable : 0].forEach((v, i) => { if (at(i + 1)) setCached(at(i + 1), v); });
      }
    });
    files[summary.path] = bytesOf(sum);
    return Z.zipSync(files, { level: 6 });
  }
  function has(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }

  /* Reading a table back (a workbook or CSV, in any language of the playbook): its header row
     is the one with the item ID column; the lines above it, or in column A of any sheet, that
     begin with a label of the summary give the particulars. A label matches whatever its width
     or case (NFKC): what a spreadsheet's user retyped still matches. */
  const R = W.read, normal = Object.create(null);
  function norm(v) { return String(v).normalize("NFKC").trim().toLowerCase(); }
  Object.keys(R).forEach((kind) => {
    normal[kind] = Object.create(null);
    Object.keys(R[kind]).forEach((label) => { normal[kind][norm(label)] = R[kind][label]; });
  });
  function labelKey(kind, label) {
    let k = norm(label);
    return has(normal[kind], k) ? normal[kind][k] : null;
  }
  /* A date as a spreadsheet may give it back: YYYY-MM-DD, YYYY/M/D, or a day number (Excel's
     and LibreOffice's serial dates, counted from 1899-12-30). "" when empty; null when none. */
  function dayIn(v, checkDate) {
    if (!v) return "";
    if (/^\d+(\.\d+)?$/.test(v) && +v >= 1 && +v < 2958466) {
      return new Date(Date.UTC(1899, 11, 30) + Math.floor(+v) * 86400000).toISOString().slice(0, 10);
    }
    let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/.exec(v);
    if (!m) return null;
    let day = m[1] + "-" + m[2].padStart(2, "0") + "-" + m[3].padStart(2, "0");
    return checkDate(day, "") ? null : day;
  }
  /* Records read from the rows of a workbook or CSV (readXlsx, readCsv); `c` is what the
     checklist script shares of its checks and state. Throws the reader's message. */
  function fromTable(sheets, stem, c) {
    const D = c.D, T = c.T, L = c.L, STATES = c.STATES, ID = c.ID, bad = c.bad, fill = c.fill;
    const checkText = c.checkText, dict = () => Object.create(null), has = (m, k) => Object.prototype.hasOwnProperty.call(m, k);
    const dayOf = (v) => dayIn(v, c.checkDate), unquoted = (v) => v.charAt(0) === "'" && c.FORMULA.test(v.slice(1)) ? v.slice(1) : v;
    let meta = dict(), items = dict(), seen = dict(), rows = 0, columns = D.columns;
    sheets.forEach((sheet) => {
      let header = null;
      sheet.rows.forEach((row) => {
        let cells = row.cells.map((c) => String(c));
        if (!header) {
          let key = labelKey("about", cells[0] || "");
          if (key) { if (!has(meta, key)) meta[key] = (cells[1] || "").trim(); return; }
          let map = cells.map((c) => labelKey("columns", c));
          if (map.indexOf("id") >= 0) header = map;
          return;
        }
        let get = (f) => { let i = header.indexOf(f); return i >= 0 && i < cells.length ? cells[i] : ""; };
        let id = get("id").trim();
        if (!id) return;
        let at = (f) => fill(T.cellAt, { sheet: sheet.name, row: row.n, column: columns[W.fields.indexOf(f)] || f });
        if (!ID.test(id) || id.length > 64) throw bad(at("id"), T.expectId);
        if (has(seen, id)) throw fill(T.duplicateItem, { id: id, at: at("id") });
        seen[id] = true;
        let label = get("state").trim(), state = label ? labelKey("states", label) || (STATES.indexOf(label) >= 0 ? label : null) : "open";
        if (!state) throw bad(at("state"), T.expectState);
        let due = dayOf(get("due").trim());
        if (due === null) throw bad(at("due"), T.expectDate);
        let e = { state: state }, owner = unquoted(get("owner").trim()), note = unquoted(get("note").replace(/\r\n?/g, "\n").trim()), error;
        if ((error = checkText(owner, at("owner"), L.owner) || checkText(note, at("note"), L.note))) throw error;
        if (owner) e.owner = owner;
        if (due) e.due = due;
        if (note) e.note = note;
        if (c.says(e)) items[id] = e;
        if (++rows > L.items) throw bad(sheet.name, fill(T.tooMany, { max: L.items }));
      });
    });
    if (!rows) throw T.noItems;
    let about = dict(), wanted = meta.record && ID.test(meta.record) && meta.record.length <= 64 ? meta.record : null;
    D.about.forEach((k) => { if (meta[k]) about[k] = k === "date" ? dayOf(meta[k]) || meta[k] : meta[k]; });
    // The file's own name stands in only when it reads as a name (a file name is not content).
    let name = meta.name || (stem && !c.SCRIPTY.test(stem) ? stem : "") || T.defaultName;
    // A file that names no record (a blank workbook filled in by hand) becomes a new one.
    let id = wanted || c.freeId(null), old = has(c.byId, id) ? c.byId[id] : null;
    let a = { schema: D.schema, id: id, name: name.slice(0, L.name), created: old ? old.created : c.now(), updated: c.now(), about: about, items: items };
    let error = c.checkRecord(a, "");
    if (error) throw error;
    return [c.clean(a)];
  }

  window.dxpWorkbook = { fill: fill, readXlsx: readXlsx, readCsv: readCsv, fromTable: fromTable, aboutKey: (label) => labelKey("about", label) };
})();
