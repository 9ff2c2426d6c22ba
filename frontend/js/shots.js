/* The shot cards: add, remove, reorder, type, attach a reference image. */
(function (S) {
  "use strict";

  const el = S.el;
  const FIELDS = [
    {
      name: "character",
      label: "Character",
      required: true,
      rows: 2,
      placeholder: "A silver-haired inventor, mustard raincoat, brass goggles",
    },
    {
      name: "environment",
      label: "Environment",
      required: true,
      rows: 2,
      placeholder: "A rain-soaked rooftop garden at dusk",
    },
    {
      name: "lighting_camera",
      label: "Lighting & camera",
      rows: 2,
      placeholder: "Slow dolly-in, 35 mm, warm practicals, blue hour",
    },
    { name: "dialog", label: "Dialog", rows: 2, placeholder: "INVENTOR: It works. It actually works!" },
  ];

  function fieldBlock(shot, index, spec) {
    const id = `shot-${shot.id}-${spec.name}`;
    const errorId = `${id}-error`;
    const warningId = `${id}-warning`;
    const describedBy = spec.name === "dialog" ? `${errorId} ${warningId}` : errorId;
    return el(
      "div",
      { class: "field" },
      el(
        "label",
        { for: id },
        spec.label,
        spec.required ? el("span", { class: "req", text: "required" }) : el("span", { class: "opt", text: "optional" })
      ),
      el("textarea", {
        id,
        rows: spec.rows,
        placeholder: spec.placeholder,
        required: Boolean(spec.required),
        "aria-describedby": describedBy,
        dataset: { field: spec.name },
        value: shot[spec.name],
      }),
      el("p", {
        class: "field-error",
        id: errorId,
        hidden: true,
        dataset: { errorFor: S.fieldName(index, spec.name) },
      }),
      spec.name === "dialog"
        ? el("p", {
            class: "field-warning",
            id: warningId,
            hidden: true,
            dataset: { warningFor: S.fieldName(index, spec.name) },
          })
        : null
    );
  }

  function referenceBlock(shot, index) {
    const id = `shot-${shot.id}-reference`;
    const errorId = `${id}-error`;
    const preview = shot.preview
      ? el(
          "figure",
          { class: "ref-preview", dataset: { referencePreview: "" } },
          el("img", { src: shot.preview, alt: `Reference image for shot ${index + 1}` }),
          el(
            "figcaption",
            {},
            el("span", { class: "ref-name", text: shot.reference.name }),
            el("button", {
              type: "button",
              class: "btn small ghost",
              id: `${id}-remove`,
              dataset: { action: "remove-reference" },
              text: "Remove image",
              "aria-label": `Remove the reference image of shot ${index + 1}`,
            })
          )
        )
      : null;
    return el(
      "div",
      { class: "field reference" },
      el("label", { for: id }, "Reference image", el("span", { class: "opt", text: "optional" })),
      el(
        "div",
        { class: "file-row" },
        el("input", {
          id,
          type: "file",
          accept: "image/png,image/jpeg,image/webp",
          "aria-describedby": `${errorId} ${id}-help`,
          dataset: { field: "reference" },
        }),
        el("p", { class: "help", id: `${id}-help`, text: "PNG, JPEG or WebP; fitted to the frame size." })
      ),
      preview,
      el("p", {
        class: "field-error",
        id: errorId,
        hidden: true,
        dataset: { errorFor: S.fieldName(index, "reference") },
      })
    );
  }

  function toolButton(shot, action, text, label, disabled) {
    return el("button", {
      type: "button",
      class: "btn icon ghost",
      id: `shot-${shot.id}-${action}`,
      dataset: { action },
      "aria-label": label,
      title: label,
      disabled,
      text,
    });
  }

  function card(shot, index, count) {
    const number = index + 1;
    return el(
      "li",
      { class: "shot-card", dataset: { shotId: String(shot.id) } },
      el(
        "div",
        { class: "shot-head" },
        el("h3", { class: "shot-title" }, el("span", { class: "shot-badge", text: String(number) }), `Shot ${number}`),
        el(
          "div",
          { class: "shot-tools" },
          toolButton(shot, "move-up", "↑", `Move shot ${number} up`, index === 0),
          toolButton(shot, "move-down", "↓", `Move shot ${number} down`, index === count - 1),
          toolButton(shot, "remove", "✕", `Remove shot ${number}`, count === 1)
        )
      ),
      el(
        "div",
        { class: "shot-fields" },
        FIELDS.map((spec) => fieldBlock(shot, index, spec)),
        referenceBlock(shot, index)
      )
    );
  }

  /** A rebuilt file input forgets its file; hand it back so the input names what is attached. */
  function showChosenFile(input, file) {
    if (!input || typeof DataTransfer !== "function") return;
    try {
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
    } catch (err) {
      // Older browsers cannot set files: the preview below still shows the image.
    }
  }

  /** Wire the shot list to the store; returns nothing, the store drives it from now on. */
  S.mountShots = function (store, root) {
    const list = S.find("[data-shot-list]", root);
    const addButton = S.find('[data-action="add-shot"]', root);
    const counter = S.find("[data-shot-count]", root);

    function renderCards() {
      const { shots } = store.state;
      S.keepFocus(list, () => list.replaceChildren(...shots.map((shot, i) => card(shot, i, shots.length))));
      for (const shot of shots) {
        if (shot.reference) showChosenFile(document.getElementById(`shot-${shot.id}-reference`), shot.reference);
      }
      const full = shots.length >= store.maxShots;
      addButton.disabled = full;
      counter.textContent = `${shots.length} of ${store.maxShots} shots`;
      renderMessages();
    }

    function renderMessages() {
      S.renderErrors(root, store.state.errors, "form");
      for (const slot of S.findAll("[data-warning-for]", list)) {
        const message = store.state.warnings[slot.dataset.warningFor] || "";
        slot.textContent = message;
        slot.hidden = !message;
      }
    }

    function shotOf(target) {
      const cardNode = target.closest("[data-shot-id]");
      return cardNode ? Number(cardNode.dataset.shotId) : null;
    }

    list.addEventListener("input", (event) => {
      const field = event.target.dataset.field;
      const id = shotOf(event.target);
      if (!id || !S.TEXT_FIELDS.includes(field)) return;
      store.setShotText(id, field, event.target.value);
      const index = store.state.shots.findIndex((s) => s.id === id);
      const name = S.fieldName(index, field);
      if (store.state.errors[name] && event.target.value.trim()) store.setError(name, null);
    });

    list.addEventListener("change", (event) => {
      if (event.target.dataset.field !== "reference") return;
      const id = shotOf(event.target);
      const index = store.state.shots.findIndex((s) => s.id === id);
      const file = event.target.files[0] || null;
      const shot = store.state.shots.find((s) => s.id === id);
      if (!file && shot && shot.reference) {
        showChosenFile(event.target, shot.reference); // a cancelled picker keeps the image; "Remove image" drops it
        return;
      }
      const problem = S.checkImage(file, store.state.caps);
      store.setError(S.fieldName(index, "reference"), problem);
      if (!problem) store.setReference(id, file);
      else event.target.value = "";
    });

    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const id = shotOf(button);
      const action = button.dataset.action;
      if (action === "move-up") store.moveShot(id, -1);
      else if (action === "move-down") store.moveShot(id, 1);
      else if (action === "remove") {
        store.removeShot(id);
        (S.find('[data-action="add-shot"]', root) || list).focus();
      } else if (action === "remove-reference") {
        store.setReference(id, null);
        const input = document.getElementById(`shot-${id}-reference`);
        if (input) input.focus();
      }
      // A move that reaches the end disables the button that had focus: hand focus to its twin.
      const active = document.activeElement;
      if (action.startsWith("move") && (!active || active === document.body)) {
        const twin = document.getElementById(`shot-${id}-${action === "move-up" ? "move-down" : "move-up"}`);
        if (twin) twin.focus();
      }
    });

    addButton.addEventListener("click", () => {
      const shot = store.addShot();
      if (!shot) return;
      const first = document.getElementById(`shot-${shot.id}-character`);
      if (first) first.focus();
    });

    store.addEventListener("change", (event) => {
      const kind = event.detail.kind;
      if (kind === "shots" || kind === "caps") renderCards();
      else if (kind === "errors" || kind === "warnings") renderMessages();
    });
    renderCards();
  };
})(window.Studio);
