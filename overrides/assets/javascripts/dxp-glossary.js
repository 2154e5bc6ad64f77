/* Glossary tooltips (dx-playbook/glossary). CSS shows a definition while its term is hovered or
 * focused; this script keeps it inside the window and lets Escape hide it (WCAG 1.4.13). */
"use strict";

(function () {
  var MARGIN = 8;

  function termOf(node) {
    return node && node.closest ? node.closest(".dxp-term") : null;
  }

  /* Shift the tooltip left or right so that it never causes horizontal scrolling. */
  function place(term) {
    var tip = term.querySelector(".dxp-term__tip");
    if (!tip) {
      return;
    }
    tip.style.removeProperty("left");
    var rect = tip.getBoundingClientRect();
    if (!rect.width) {
      return;
    }
    var width = document.documentElement.clientWidth;
    var shift = 0;
    if (rect.right > width - MARGIN) {
      shift = width - MARGIN - rect.right;
    }
    if (rect.left + shift < MARGIN) {
      shift = MARGIN - rect.left;
    }
    if (shift) {
      tip.style.left = shift + "px";
    }
  }

  function show(term) {
    term.removeAttribute("data-dxp-dismissed");
    place(term);
  }

  document.addEventListener("mouseover", function (event) {
    var term = termOf(event.target);
    // Moving within the same term must not bring back a tooltip dismissed with Escape.
    if (term && termOf(event.relatedTarget) !== term) {
      show(term);
    }
  });

  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) {
      show(term);
    }
  });

  /* On a touch screen a tap is both the focus that shows a definition and the click that
     follows the link: the first tap on a term shows its definition in place, a second tap on
     the same term opens the glossary (issue 20). Mouse and keyboard are unchanged: hover or
     focus shows it, a click or Enter follows the link. */
  var pointer = "";
  var opened = null;
  document.addEventListener("pointerdown", function (event) {
    pointer = event.pointerType;
  }, true);
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest(".dxp-term__link") : null;
    if (!link || pointer !== "touch") {
      return;
    }
    var term = termOf(link);
    if (opened === term && term.matches(":focus-within")) {
      return;
    }
    event.preventDefault();
    opened = term;
    link.focus();
    show(term);
  });
  document.addEventListener("focusout", function (event) {
    if (opened && !opened.contains(event.relatedTarget)) {
      opened = null;
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelectorAll(".dxp-term:hover, .dxp-term:focus-within");
    for (var index = 0; index < open.length; index += 1) {
      open[index].setAttribute("data-dxp-dismissed", "");
    }
  });
})();
