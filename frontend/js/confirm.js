/* One confirmation dialog for everything that cannot be undone. */
(function (S) {
  "use strict";

  let settle = null;

  /**
   * Ask before deleting: resolves true when the person confirms. Focus goes back to `opener` when
   * they cancel (after a deletion the caller decides where it goes). `action` names the button.
   */
  S.confirm = function ({ title, text, opener = null, action = "Delete" }) {
    const dialog = S.find("[data-confirm-dialog]");
    S.find("[data-confirm-title]", dialog).textContent = title;
    S.find("[data-confirm-text]", dialog).textContent = text;
    S.find("[data-confirm-delete]", dialog).textContent = action;
    if (settle) settle(false);
    dialog.returnValue = "";
    dialog.showModal();
    return new Promise((resolve) => {
      settle = (answer) => {
        settle = null;
        if (!answer && opener && opener.isConnected) opener.focus();
        resolve(answer);
      };
    });
  };

  // Scripts load at the end of the body, so the dialog is already there.
  S.find("[data-confirm-dialog]").addEventListener("close", (event) => {
    if (settle) settle(event.target.returnValue === "delete");
  });
})(window.Studio);
