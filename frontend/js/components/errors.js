/* Messages where they belong: each next to its field, the rest for the whole form; a provider's refusal. */
(function (S) {
  "use strict";

  const el = S.el;

  /**
   * Put each message in the slot named by its field ([data-error-for]); messages without a slot
   * go to the form's own slot ([data-form-error=formSlotName]). Inputs described by a slot get aria-invalid.
   */
  S.renderErrors = function (root, errors, formSlotName) {
    const leftovers = [];
    for (const slot of S.findAll("[data-error-for]", root)) {
      const message = errors[slot.dataset.errorFor] || "";
      slot.textContent = message;
      slot.hidden = !message;
      const input = slot.id ? S.find(`[aria-describedby~="${slot.id}"]`, root) : null;
      if (input && message) input.setAttribute("aria-invalid", "true");
      else if (input) input.removeAttribute("aria-invalid");
    }
    for (const [field, message] of Object.entries(errors)) {
      if (!S.find(`[data-error-for="${CSS.escape(field)}"]`, root)) leftovers.push(message);
    }
    const formSlot = S.find(`[data-form-error="${formSlotName}"]`, root);
    if (formSlot) {
      formSlot.textContent = leftovers.join(" ");
      formSlot.hidden = leftovers.length === 0;
    }
  };

  /** A mode's messages in its form: the errors, and the warnings ([data-warning-for]) that do not block. */
  S.renderMessages = function (form, modeState, formSlotName) {
    S.renderErrors(form, modeState.errors, formSlotName);
    for (const slot of S.findAll("[data-warning-for]", form)) {
      const message = modeState.warnings[slot.dataset.warningFor] || "";
      slot.textContent = message;
      slot.hidden = !message;
    }
  };

  /** Move focus to the first field in error, else to the form's own message, so it is read out. */
  S.focusFirstError = function (root, formSlotName) {
    const target =
      S.find('[aria-invalid="true"]', root) || S.find(`[data-form-error="${formSlotName}"]:not([hidden])`, root);
    if (!target) return;
    if (!target.hasAttribute("tabindex") && !target.matches("input, select, textarea, button")) target.tabIndex = -1;
    target.focus();
  };

  /** What the provider said when a shot or a clip failed, and the button that tries it again. */
  S.failure = function (item, { fallback, dataset, button }) {
    const message = (item.error || { message: fallback }).message;
    return [
      el("p", { class: "shot-error", role: "alert", dataset }, el("strong", { text: "Provider says: " }), message),
      el("button", { type: "button", class: "btn primary small", ...button }),
    ];
  };
})(window.Studio);
