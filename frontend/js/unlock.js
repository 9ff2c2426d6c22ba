/* Asking for a token once: a page opened from disk pairs with the studio token, a shared studio signs in. */
(function (S) {
  "use strict";

  const TEXT = {
    pairing_required: {
      title: "Pair this page with the studio",
      label: "Studio token",
      button: "Pair",
      text:
        "This page was opened from a file, so the studio cannot tell it apart from any other web page. " +
        "Pair it once: paste the studio token, which the studio printed when it started and shows under " +
        "Provider settings in its own page (http://127.0.0.1:8080).",
    },
    sign_in_required: {
      title: "Sign in to the studio",
      label: "Admin token",
      button: "Sign in",
      text:
        "This studio is shared on the network, so it asks everyone for its admin token (the ADMIN_TOKEN it " +
        "was started with). Enter it once; this browser keeps it.",
    },
  };

  /** Wire the token dialog; `onUnlocked()` runs once the studio accepts the token. Returns {open(error)}. */
  S.mountUnlock = function ({ onUnlocked }) {
    const dialog = S.find("[data-unlock-dialog]");
    const form = S.find("[data-unlock-form]", dialog);
    const input = S.find("[data-unlock-input]", dialog);
    const submit = S.find("[data-unlock-submit]", dialog);
    let kind = "pairing_required";

    function render(errors = {}) {
      const text = TEXT[kind];
      S.find("[data-unlock-title]", dialog).textContent = text.title;
      S.find("[data-unlock-label]", dialog).textContent = text.label;
      S.find("[data-unlock-text]", dialog).textContent = text.text;
      submit.textContent = text.button;
      S.renderErrors(dialog, errors, "unlock");
    }

    function open(error) {
      if (dialog.open) return;
      kind = TEXT[error.code] ? error.code : "pairing_required";
      input.value = "";
      render();
      dialog.showModal();
      input.focus();
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (!value) {
        render({ token: `Paste the ${TEXT[kind].label.toLowerCase()}.` });
        input.focus();
        return;
      }
      submit.disabled = true;
      S.api.setToken(value);
      try {
        await S.api.checkKey();
        input.value = "";
        dialog.close();
        onUnlocked();
      } catch (err) {
        const refused = err.code in TEXT;
        if (refused) S.api.setToken("");
        render({ token: refused ? `The studio did not accept that ${TEXT[kind].label.toLowerCase()}.` : err.message });
        input.focus();
      } finally {
        submit.disabled = false;
      }
    });
    S.find('[data-action="close-unlock"]', dialog).addEventListener("click", () => dialog.close());
    S.api.onLocked(open);
    return { open };
  };
})(window.Studio);
