/* The one-page report for the executive meeting (report.md, issue 18): the current record's
   particulars, progress per pillar as an SVG chart (for the eye; aria-hidden) and as a table
   (the same figures, for everyone), the items past their due date and those in progress.
   Loaded on the report page only; dxp-checklists.js calls window.dxpReport(root, context)
   whenever the record changes, with what it needs of the page's checklist state. */
(() => {
  "use strict";
  window.dxpReport = (root, c) => {
    const D = c.D, T = c.T, STATES = c.STATES, entry = c.entry, named = c.named, el = c.el, fill = c.fill;
    const $ = (sel, node) => (node || document).querySelector(sel), dict = () => Object.create(null), report = root;
    /* The one-page report (report.md): the current record's particulars, progress per pillar as
       a chart (for the eye; aria-hidden) and as a table (the same figures, for everyone), then the
       items past their due date and those in progress, soonest first, at most D.reportLimits of
       each (the rest counted). */
    const SVG = "http://www.w3.org/2000/svg";
    const COLOURS = { done: "#1b5e20", doing: "#f9a825", open: "#e0e0e0", na: "#ffffff" };
    function share(c) { return c[0] - c[4] > 0 ? Math.round(100 * c[3] / (c[0] - c[4])) + "%" : "–"; }
    function svg(tag, attrs, text) {
      let node = document.createElementNS(SVG, tag);
      Object.keys(attrs).forEach((k) => { node.setAttribute(k, attrs[k]); });
      if (text) node.textContent = text;
      return node;
    }
    function chart(counts) {
      let keys = Object.keys(D.pillars), row = 24, label = 150, bar = 360, height = keys.length * row + 24;
      let root = svg("svg", { viewBox: "0 0 600 " + height, width: "100%", focusable: "false", "aria-hidden": "true" });
      keys.forEach((k, i) => {
        let c = counts[k], y = i * row, x = label;
        root.appendChild(svg("text", { x: 0, y: y + 16, "font-size": 13, fill: "currentColor" }, D.pillars[k]));
        // Done, in progress, not started, not applicable, left to right; each outlined.
        [3, 2, 1, 4].forEach((index) => {
          let w = c[0] ? bar * c[index] / c[0] : 0;
          if (w) root.appendChild(svg("rect", { x: x, y: y + 4, width: w, height: 16, fill: COLOURS[STATES[index - 1]], stroke: "#616161", "stroke-width": 0.75 }));
          x += w;
        });
        root.appendChild(svg("text", { x: label + bar + 10, y: y + 16, "font-size": 13, fill: "currentColor" }, share(c)));
      });
      let x = 0, y = keys.length * row + 6;
      ["done", "doing", "open", "na"].forEach((state) => {
        root.appendChild(svg("rect", { x: x, y: y, width: 14, height: 14, fill: COLOURS[state], stroke: "#616161", "stroke-width": 0.75 }));
        root.appendChild(svg("text", { x: x + 19, y: y + 12, "font-size": 12, fill: "currentColor" }, D.states[state]));
        x += 150;
      });
      return root;
    }
    function reportList(key, rows) {
      let body = $("[data-dxp-report-" + key + "]", report), more = $("[data-dxp-report-" + key + "-more]", report), max = D.reportLimits[key];
      body.textContent = "";
      if (!rows.length) body.appendChild(el("tr")).appendChild(el("td", { colspan: "4" }, T.reportNone));
      rows.slice(0, max).forEach((r) => {
        let item = r[0], e = r[1], tr = body.appendChild(el("tr"));
        tr.appendChild(el("td")).appendChild(el("span", { "class": "dxp-report__text" }, item[2]));
        tr.appendChild(el("td", {}, D.principles[item[1]].title));
        tr.appendChild(named(el("td"), e.owner || T.reportUnset));
        tr.appendChild(el("td", {}, e.due || T.reportNoDue));
      });
      more.hidden = rows.length <= max;
      more.textContent = rows.length > max ? fill(T.reportMore, { n: rows.length - max }) : "";
    }
    function renderReport(a, today) {
      let counts = dict(), all = [0, 0, 0, 0, 0], late = [], doing = [];
      Object.keys(D.pillars).forEach((k) => { counts[k] = [0, 0, 0, 0, 0]; });
      D.items.forEach((item) => {
        let e = entry(item[0]), p = D.principles[item[1]], index = STATES.indexOf(e.state) + 1;
        [counts[p.pillar], all].forEach((c) => { c[0]++; c[index]++; });
        if (e.due && e.due < today && (e.state === "open" || e.state === "doing")) late.push([item, e]);
        else if (e.state === "doing") doing.push([item, e]);
      });
      let soonest = (x, y) => { let p = x[1].due || "~", q = y[1].due || "~"; return p < q ? -1 : p > q ? 1 : 0; };
      late.sort(soonest);
      doing.sort(soonest);
      named($("[data-dxp-report-name]", report), fill(T.reportTitle, { name: a.name }));
      let about = $("[data-dxp-report-about]", report);
      about.textContent = "";
      D.about.forEach((k) => {
        about.appendChild(el("dt", {}, D.aboutLabels[k]));
        about.appendChild(named(el("dd"), a.about[k] || T.reportUnset));
      });
      $("[data-dxp-report-overall]", report).textContent = fill(T.reportOverall, {
        done: all[3], total: all[0] - all[4], share: share(all), na: all[4], doing: all[2], overdue: late.length
      });
      let picture = $("[data-dxp-report-chart]", report);
      picture.textContent = "";
      picture.appendChild(chart(counts));
      let body = $("[data-dxp-report-pillars]", report);
      body.textContent = "";
      Object.keys(D.pillars).forEach((k) => {
        let c = counts[k], tr = body.appendChild(el("tr"));
        tr.appendChild(el("th", { scope: "row" }, D.pillars[k]));
        [c[0], c[3], c[2], c[1], c[4], share(c)].forEach((v) => { tr.appendChild(el("td", {}, String(v))); });
      });
      reportList("overdue", late);
      reportList("doing", doing);
      $("[data-dxp-report-foot]", report).textContent = fill(T.reportMade, { date: today, playbook: D.playbook, edition: D.edition });
      report.hidden = false;
    }
    renderReport(c.record, c.today);
  };
})();
