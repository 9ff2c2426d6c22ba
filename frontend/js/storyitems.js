/* The Cast & locations panel's parts: an item as a line or as its editor, and the section of each kind. */
(function (S) {
  "use strict";

  const el = S.el;
  const TEXT = {
    cast: {
      title: "Cast",
      add: "+ Add cast member",
      empty: "No one yet. Add the people who come back from shot to shot, or describe them in each shot.",
      name: "Ray Cole",
      description: "A detective in his fifties: grey trench coat, brown fedora, silver stubble, a red tie",
      help: "Identity anchors, restated word for word in every shot they are in: wardrobe, hair, colours, props.",
      picture: "A face or a costume the shots start from; it is fitted to the frame.",
    },
    locations: {
      title: "Locations",
      add: "+ Add location",
      empty: "No place yet. Add the places the story returns to, or describe them in each shot.",
      name: "Rainy street",
      description: "A narrow city street at night, wet cobblestones, neon signs in pink and teal",
      help: "What never changes there: time of day, weather, palette, landmarks.",
      picture: "A plate of the place the shots start from; it is fitted to the frame.",
    },
  };

  /** A face for the item: its picture, or its initial. */
  function face(item, kind) {
    if (item.image) return el("img", { class: "story-face", src: item.image.url, alt: "" });
    const initial = S.storyName(item, kind).trim().charAt(0).toUpperCase();
    return el("span", { class: `story-face initial ${kind}`, "aria-hidden": "true", text: initial });
  }

  /** Whether the library holds this item exactly as it is now. */
  function inLibrary(item, id, state, kind) {
    const saved = item.saved;
    if (!saved || !state.saved[kind].items.some((other) => other.id === id)) return false;
    const same = saved.id === id && saved.name === item.name.trim() && saved.description === item.description.trim();
    return same && saved.file === (item.image ? item.image.file : null);
  }

  function saveControl(item, kind, id, state, name) {
    if (item.saving) {
      return el("button", { type: "button", class: "btn small ghost", disabled: true, text: "Saving…" });
    }
    if (inLibrary(item, id, state, kind)) {
      return el("span", { class: "saved-state", dataset: { savedState: "" }, text: "✓ In the library" });
    }
    const exists = state.saved[kind].items.some((other) => other.id === id);
    return el("button", {
      type: "button",
      class: "btn small ghost",
      id: `${kind}-${item.key}-save`,
      dataset: { action: "save-story" },
      "aria-label": `${exists ? "Update in library" : "Save to library"}: ${name}`,
      text: exists ? "Update in library" : "Save to library",
    });
  }

  const removeButton = (item, kind, name) =>
    S.iconButton({ id: `${kind}-${item.key}-remove`, action: "remove-story", glyph: "✕", label: `Remove ${name}` });

  /** An item as a line: its face, name and id, description, the shots it is in, and its tools. */
  S.storyLine = function (item, kind, id, store) {
    const name = S.storyName(item, kind);
    const shots = store.shotsWith(kind, item.key);
    const uses = shots.length ? `In shot${shots.length > 1 ? "s" : ""} ${shots.join(", ")}` : "In no shot yet";
    return el(
      "li",
      { class: "story-item", dataset: { storyKey: String(item.key), storyId: id } },
      face(item, kind),
      el(
        "div",
        { class: "story-text" },
        el("p", { class: "story-name" }, el("strong", { text: name }), " ", el("code", { text: id })),
        el("p", {
          class: item.description.trim() ? "story-desc" : "story-desc muted",
          text: item.description.trim() || "No description yet: the shots only know the name.",
        }),
        el("p", { class: "story-use", text: uses })
      ),
      el(
        "div",
        { class: "story-tools" },
        el("button", {
          type: "button",
          class: "btn small ghost",
          id: `${kind}-${item.key}-edit`,
          dataset: { action: "edit-story" },
          "aria-label": `Edit ${name}`,
          text: "Edit",
        }),
        saveControl(item, kind, id, store.state, name),
        removeButton(item, kind, name)
      )
    );
  };

  /** An item while it is edited: its name, description and picture, and Done. */
  S.storyEditor = function (item, index, kind, id) {
    const text = TEXT[kind];
    const base = `${kind}-${item.key}`;
    const name = S.storyName(item, kind);
    const nameInput = el("input", {
      id: `${base}-name`,
      type: "text",
      autocomplete: "off",
      placeholder: text.name,
      dataset: { storyField: "name" },
      value: item.name,
    });
    const description = el("textarea", {
      id: `${base}-description`,
      rows: 3,
      placeholder: text.description,
      dataset: { storyField: "description" },
      value: item.description,
    });
    return el(
      "li",
      { class: "story-item editing", dataset: { storyKey: String(item.key), storyId: id } },
      el(
        "div",
        { class: "story-fields" },
        S.field(nameInput, {
          label: "Name",
          tag: "required",
          help: `Its id: ${id}`,
          helpData: { slug: "" },
          errorFor: `${kind}[${index}].name`,
        }),
        S.field(description, {
          label: "Description",
          tag: "optional",
          help: text.help,
          errorFor: `${kind}[${index}].description`,
        }),
        S.imageField({
          id: `${base}-picture`,
          image: item.image,
          label: "Picture",
          help: text.picture,
          errorFor: S.pictureField(kind, id),
          alt: `Picture of ${name}`,
          removeLabel: `Remove the picture of ${name}`,
        })
      ),
      el(
        "div",
        { class: "story-tools" },
        el("button", {
          type: "button",
          class: "btn small primary",
          id: `${base}-done`,
          dataset: { action: "done-story" },
          text: "Done",
        }),
        removeButton(item, kind, name)
      )
    );
  };

  /** The part of the panel that holds one kind: its heading, its list, Add, and its library. */
  S.storySection = function (kind) {
    const text = TEXT[kind];
    return el(
      "section",
      { class: "story-kind", dataset: { storyKind: kind }, "aria-labelledby": `${kind}-title` },
      el("h3", { class: "story-heading", id: `${kind}-title`, tabindex: "-1", text: text.title }),
      el("ul", { class: "story-list", dataset: { storyList: "" } }),
      el("p", { class: "help story-empty", dataset: { storyEmpty: "" }, text: text.empty }),
      el("button", {
        type: "button",
        class: "btn dashed small",
        id: `add-${kind}`,
        dataset: { action: "add-story" },
        text: text.add,
      }),
      el("div", { class: "saved", dataset: { saved: kind } })
    );
  };
})(window.Studio);
