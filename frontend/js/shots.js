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
    const name = S.fieldName(index, spec.name);
    const control = el("textarea", {
      id: `shot-${shot.id}-${spec.name}`,
      rows: spec.rows,
      placeholder: spec.placeholder,
      required: Boolean(spec.required),
      dataset: { field: spec.name },
      value: shot[spec.name],
    });
    return S.field(control, {
      label: spec.label,
      tag: spec.required ? "required" : "optional",
      errorFor: name,
      warningFor: spec.name === "dialog" ? name : null,
    });
  }

  function imageBlock(shot, index) {
    return S.imageField({
      id: `shot-${shot.id}-reference`,
      image: shot.image,
      label: "Reference image",
      help: "PNG, JPEG or WebP; fitted to the frame size.",
      errorFor: S.fieldName(index, "image"),
      alt: `Reference image for shot ${index + 1}`,
      removeLabel: `Remove the reference image of shot ${index + 1}`,
    });
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
        imageBlock(shot, index)
      )
    );
  }

  /** Wire the shot list to the store; returns nothing, the store drives it from now on. */
  S.mountShots = function (store, root) {
    const list = S.find("[data-shot-list]", root);
    const addButton = S.find('[data-action="add-shot"]', root);
    const counter = S.find("[data-shot-count]", root);

    function renderCards() {
      const { shots } = store.of("sequence").draft;
      S.keepFocus(list, () => list.replaceChildren(...shots.map((shot, i) => card(shot, i, shots.length))));
      for (const shot of shots) S.restoreImage(document.getElementById(`shot-${shot.id}-reference`), shot.image);
      addButton.disabled = shots.length >= store.maxShots;
      counter.textContent = `${shots.length} of ${store.maxShots} shots`;
      S.renderMessages(root, store.of("sequence"), "sequence");
    }

    function shotOf(target) {
      const cardNode = target.closest("[data-shot-id]");
      return cardNode ? Number(cardNode.dataset.shotId) : null;
    }

    /** Where a shot's image input or button belongs: the shot, and the field name of its error slot. */
    function where(target) {
      const shotId = shotOf(target);
      const index = store.of("sequence").draft.shots.findIndex((s) => s.id === shotId);
      return { mode: "sequence", shotId, field: S.fieldName(index, "image") };
    }

    list.addEventListener("input", (event) => {
      const field = event.target.dataset.field;
      const id = shotOf(event.target);
      if (!id || !S.TEXT_FIELDS.includes(field)) return;
      store.setText("sequence", field, event.target.value, id);
      const index = store.of("sequence").draft.shots.findIndex((s) => s.id === id);
      const name = S.fieldName(index, field);
      if (store.of("sequence").errors[name] && event.target.value.trim()) store.setError("sequence", name, null);
    });
    S.mountImagePicker(store, list, where);

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

    store.watch(["shots", "image", "caps"], renderCards, "sequence");
    renderCards();
  };
})(window.Studio);
