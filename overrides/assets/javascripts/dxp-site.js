"use strict";

/*
 * Material reads the search box on "keyup" only, so text that arrives without a key (pasted
 * with the mouse, dropped, or written by voice input or a handwriting pad, common on the
 * shared PCs of a municipal office) was not searched until the next key press. Forward those
 * input events as a keyup; Material ignores repeats of an unchanged value.
 */
document.addEventListener("input", function (event) {
  var target = event.target;
  if (
    target instanceof HTMLInputElement &&
    target.classList.contains("md-search__input") &&
    !event.isComposing
  ) {
    target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
});

/*
 * The one-page handout is a view of the principle page (#dxp-handout, laid out by
 * dxp-print.css). Its link opens the view and then the print dialog; the view's Print button,
 * hidden until this script runs (without it the view says to use Ctrl+P), prints again.
 */
document.querySelectorAll("button[data-dxp-print]").forEach(function (button) {
  button.hidden = false;
});
document.addEventListener("click", function (event) {
  var target = event.target instanceof Element ? event.target : null;
  var trigger = target && target.closest("a.dxp-handout-link, button[data-dxp-print]");
  if (!trigger) {
    return;
  }
  // The link's own navigation makes the view the :target first; print once it is laid out.
  window.requestAnimationFrame(function () {
    window.print();
  });
});

/*
 * The print-all page's contents give the sheet each part starts on. Chromium has no
 * target-counter(), but while it lays the page out for printing, script sees the printed
 * layout: the sheets stacked one under another, each as tall as the viewport. Each entry's
 * number is written then, into a space that print CSS keeps for it whether filled or not, so
 * writing it moves nothing. Where the layout does not look paginated (the cover on sheet 1,
 * the contents on sheet 2, parts in order), the column stays blank rather than wrong.
 */
(function () {
  var contents = document.querySelector(".dxp-printall__contents");
  var cover = document.querySelector(".dxp-printall__cover");
  if (!contents || !cover || !window.matchMedia) {
    return;
  }
  var entries = [];
  contents.querySelectorAll('li > a[href^="#"]').forEach(function (link) {
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target) {
      var sheet = document.createElement("span");
      sheet.className = "dxp-printall__sheet";
      link.appendChild(sheet);
      entries.push({ target: target, sheet: sheet });
    }
  });

  function sheetOf(element, height) {
    return Math.floor((element.getBoundingClientRect().top + window.scrollY) / height) + 1;
  }

  function number() {
    var height = document.documentElement.clientHeight;
    var found = entries.map(function (entry) {
      return sheetOf(entry.target, height);
    });
    var paginated =
      height > 0 &&
      sheetOf(cover, height) === 1 &&
      sheetOf(contents, height) === 2 &&
      found.every(function (sheet, at) {
        return sheet > 2 && (at === 0 || sheet >= found[at - 1]);
      });
    entries.forEach(function (entry, at) {
      entry.sheet.textContent = paginated ? String(found[at]) : "";
    });
  }

  var print = window.matchMedia("print");
  var listen = function (event) {
    if (event.matches) {
      number();
    }
  };
  if (print.addEventListener) {
    print.addEventListener("change", listen);
  } else {
    print.addListener(listen);
  }
})();
