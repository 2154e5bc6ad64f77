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
