/* The remix dialog: which clip, what it keeps, and a new prompt. */
(function (S) {
  "use strict";

  const el = S.el;

  /**
   * Wire the dialog; onRemix(sourceId, prompt) starts the remix and rejects with the studio's error.
   * Returns open(source, opener), where source is {id, title, size, seconds, model, thumbnail_url}.
   */
  S.mountRemix = function (store, { onRemix }) {
    const dialog = S.find("[data-remix-dialog]");
    const ui = S.parts(dialog, ["remix-form", "remix-source", "remix-prompt", "remix-help", "remix-submit"]);
    const { remixForm: form, remixSource: sourceBox, remixPrompt: prompt, remixHelp: help } = ui;
    const submit = ui.remixSubmit;
    let source = null;
    let opener = null;
    let busy = false;
    let done = false;

    function showErrors(errors) {
      S.renderErrors(dialog, errors, "remix");
    }

    function renderBusy() {
      submit.disabled = busy;
      submit.textContent = busy ? "Starting…" : "Remix";
      submit.setAttribute("aria-busy", String(busy));
    }

    function open(from, button) {
      source = from;
      opener = button || null;
      done = false;
      busy = false;
      prompt.value = "";
      showErrors({});
      renderBusy();
      const keeps = [`${from.seconds} s`, from.size.replace("x", " × "), from.model];
      sourceBox.replaceChildren(
        S.thumb(from.thumbnail_url, { className: "remix-thumb", quiet: true }),
        el(
          "div",
          { class: "remix-about" },
          el("p", { class: "remix-label", text: from.label || "Remixing" }),
          el("p", { class: "remix-title", title: from.title, text: from.title }),
          el("p", { class: "meta" }, "Keeps ", S.facts(keeps))
        )
      );
      const caps = store.state.caps;
      help.textContent =
        caps && caps.remix === false
          ? "Describe what should change. This provider cannot remix, so the new clip starts from the last frame."
          : "Describe what should change: the light, the weather, the action. Everything else carries over.";
      dialog.showModal();
      prompt.focus();
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy || !source) return;
      const text = prompt.value.trim();
      if (!text) {
        showErrors({ prompt: "Write the new prompt: what should the remix change?" });
        prompt.focus();
        return;
      }
      busy = true;
      renderBusy();
      try {
        await onRemix(source.id, text);
        done = true;
        dialog.close();
      } catch (err) {
        const field = err.field === "prompt" ? "prompt" : "form";
        showErrors({ [field]: err.message });
        if (field === "prompt") prompt.focus();
      } finally {
        busy = false;
        renderBusy();
      }
    });

    prompt.addEventListener("input", () => {
      if (prompt.getAttribute("aria-invalid") === "true" && prompt.value.trim()) showErrors({});
    });
    S.submitOnCtrlEnter(form, prompt);
    for (const button of S.findAll('[data-action="close-remix"]', dialog)) {
      button.addEventListener("click", () => dialog.close());
    }
    dialog.addEventListener("close", () => {
      // After a remix the app moves focus to the new clip; a cancel goes back where it came from.
      if (!done && opener && opener.isConnected) opener.focus();
    });

    return open;
  };
})(window.Studio);
