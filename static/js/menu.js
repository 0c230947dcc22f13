/* The header's menu button (templates/base.html): on a narrow screen the menu folds behind
   it. This file is loaded by a plain <script src> just before the button, so html.menu-js is
   set before the header is painted and the folded menu never flashes open (no layout shift).
   Without JavaScript the class is never set: the CSS then keeps the button hidden and the
   menu open (static/css/app.css). No inline script (Content-Security-Policy, decision 0020).

   htmx's boosted links replace the body, header included, so the listeners sit on the
   document (delegation) and the new header arrives folded. */
(function () {
  "use strict";
  var root = document.documentElement;
  if (root.classList.contains("menu-js")) {
    return;
  }
  root.classList.add("menu-js");

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".site-menu-button");
    if (button) {
      setOpen(button, button.getAttribute("aria-expanded") !== "true");
    }
  });

  // Escape folds the open menu and puts the focus back on its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var button = document.querySelector('.site-menu-button[aria-expanded="true"]');
    if (!button) {
      return;
    }
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (document.activeElement === button || (menu && menu.contains(document.activeElement))) {
      setOpen(button, false);
      button.focus();
    }
  });
})();
