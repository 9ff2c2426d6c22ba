/* The foot of a mode's form: its own message slot, the estimate, the Generate button and its hint; Ctrl + Enter. */
(function (S) {
  "use strict";

  /**
   * Put the foot of a mode's form in place of `placeholder`: its choices (a fieldset with `legend` around the
   * grid js/options.js fills), the slot for messages that name no field ([data-form-error=slot]), the
   * estimate box (its data attribute is `estimate`) and the Generate button (`label`) with its hint.
   */
  S.formFoot = function (placeholder, { legend, slot, estimate, label }) {
    const el = S.el;
    placeholder.replaceWith(
      el(
        "fieldset",
        { class: "settings" },
        el("legend", { text: legend }),
        el("div", { class: "settings-grid", dataset: { settingsGrid: "" } })
      ),
      el("p", { class: "form-error", role: "alert", hidden: true, dataset: { formError: slot } }),
      el(
        "div",
        { class: "generate-bar" },
        el("p", { class: "estimate", "aria-live": "polite", dataset: { [estimate]: "" } }),
        el(
          "div",
          { class: "generate-action" },
          el("button", { type: "submit", class: "btn primary large", dataset: { generate: "" }, text: label }),
          el("p", { class: "generate-hint", dataset: { generateHint: "" } })
        )
      )
    );
  };

  /** Show the button as the work stands: sending, running elsewhere, waiting for the studio, or ready. */
  S.renderSubmit = function (button, hint, { sending, running, ready, sendingText, runningText }) {
    button.disabled = sending || running || !ready;
    button.setAttribute("aria-busy", String(sending || running));
    if (sending) hint.textContent = sendingText;
    else if (running) hint.textContent = runningText;
    else if (!ready) hint.textContent = "Waiting for the studio…";
    else hint.textContent = "Ctrl + Enter also generates.";
  };

  /** Ctrl + Enter (or Cmd + Enter) inside `within` (default: the form) submits `form`. */
  S.submitOnCtrlEnter = function (form, within = form) {
    within.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  };
})(window.Studio);
