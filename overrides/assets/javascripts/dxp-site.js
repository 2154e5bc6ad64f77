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
