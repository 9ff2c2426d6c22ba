/*
 * The Cast & locations panel: the people and places the shots pick from. Each is a line (picture, name,
 * id, description, the shots it is in) or, while edited, its fields. The library of saved ones is
 * js/storylibrary.js.
 */
(function (S) {
  "use strict";

  /** Wire the panel in `form` ([data-story-panel]) to the store. */
  S.mountStoryPanel = function (store, form) {
    const panel = S.find("[data-story-panel]", form);
    const grid = S.find("[data-story-grid]", panel);
    const counter = S.find("[data-story-count]", panel);
    grid.replaceChildren(...S.STORY_KINDS.map(S.storySection));
    const draft = () => store.of("sequence").draft;

    function render() {
      const d = draft();
      S.keepFocus(grid, () => {
        for (const kind of S.STORY_KINDS) {
          const box = S.find(`[data-story-kind="${kind}"]`, grid);
          const ids = S.kindIds(d[kind], kind);
          const items = d[kind].map((item, i) => {
            const id = ids.get(item.key);
            return item.editing ? S.storyEditor(item, i, kind, id) : S.storyLine(item, kind, id, store);
          });
          S.find("[data-story-list]", box).replaceChildren(...items);
          S.find("[data-story-empty]", box).hidden = items.length > 0;
          for (const item of d[kind]) {
            S.restoreImage(document.getElementById(`${kind}-${item.key}-picture`), item.image);
          }
        }
      });
      const n = (count, one, many) => `${count} ${count === 1 ? one : many}`;
      counter.textContent = `${n(d.cast.length, "person", "people")} · ${n(d.locations.length, "place", "places")}`;
      S.renderMessages(form, store.of("sequence"), "sequence");
    }

    /** The kind and item an event came from. */
    function itemOf(target) {
      const node = target.closest("[data-story-key]");
      const kind = target.closest("[data-story-kind]");
      if (!node || !kind) return { kind: kind && kind.dataset.storyKind, item: null };
      const name = kind.dataset.storyKind;
      return { kind: name, item: store.storyItem(name, Number(node.dataset.storyKey)) };
    }

    const indexOf = (kind, item) => draft()[kind].indexOf(item);
    const focus = (id) => {
      const node = document.getElementById(id);
      if (node) node.focus();
    };

    function done(kind, item) {
      const field = `${kind}[${indexOf(kind, item)}].name`;
      if (!item.name.trim()) {
        store.setError("sequence", field, "Give it a name: the shots pick it by name.");
        focus(`${kind}-${item.key}-name`);
        return;
      }
      store.setStoryItem(kind, item.key, { editing: false });
      focus(`${kind}-${item.key}-edit`);
    }

    async function remove(kind, item, button) {
      const shots = store.shotsWith(kind, item.key);
      if (shots.length) {
        const name = S.storyName(item, kind);
        const where = `shot${shots.length > 1 ? "s" : ""} ${shots.join(", ")}`;
        const leaves = kind === "cast" ? "they leave" : "it leaves";
        const text = `${name} is in ${where}; taken out of the sequence, ${leaves} those shots too.`;
        const yes = await S.confirm({ title: `Remove ${name}?`, text, opener: button, action: "Remove" });
        if (!yes) return;
      }
      store.removeStoryItem(kind, item.key);
      focus(`add-${kind}`);
    }

    grid.addEventListener("input", (event) => {
      const field = event.target.dataset.storyField;
      const { kind, item } = itemOf(event.target);
      if (!field || !item) return;
      store.setStoryText(kind, item.key, field, event.target.value);
      if (field === "name") {
        const help = S.find("[data-slug]", event.target.closest(".field"));
        if (help) help.textContent = `Its id: ${S.kindIds(draft()[kind], kind).get(item.key)}`;
        if (event.target.value.trim()) store.setError("sequence", `${kind}[${indexOf(kind, item)}].name`, null);
      }
    });

    // Enter in a name closes its editor; in a form it would otherwise press Generate.
    grid.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.target.dataset.storyField !== "name") return;
      event.preventDefault();
      const { kind, item } = itemOf(event.target);
      if (item && !(event.ctrlKey || event.metaKey)) done(kind, item);
    });

    grid.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const { kind, item } = itemOf(button);
      const action = button.dataset.action;
      if (action === "add-story") {
        const added = store.addStoryItem(kind);
        if (added) focus(`${kind}-${added.key}-name`);
      } else if (action === "edit-story" && item) {
        store.setStoryItem(kind, item.key, { editing: true });
        focus(`${kind}-${item.key}-name`);
      } else if (action === "done-story" && item) done(kind, item);
      else if (action === "remove-story" && item) remove(kind, item, button);
    });

    S.mountImagePicker(store, grid, (target) => {
      const { kind, item } = itemOf(target);
      const id = S.kindIds(draft()[kind], kind).get(item.key);
      return {
        mode: "sequence",
        field: S.pictureField(kind, id),
        image: item.image,
        attach: (file) => store.setStoryImage(kind, item.key, file),
      };
    });

    /** A cast member or location with a message about it opens its fields. */
    function openItemsWithErrors() {
      const fields = Object.keys(store.of("sequence").errors);
      let opened = false;
      for (const kind of S.STORY_KINDS) {
        const ids = S.kindIds(draft()[kind], kind);
        draft()[kind].forEach((item, index) => {
          const picture = S.pictureField(kind, ids.get(item.key));
          const named = fields.some((f) => f.startsWith(`${kind}[${index}]`) || f === picture);
          if (named && !item.editing) {
            item.editing = true;
            opened = true;
          }
        });
      }
      if (opened) render();
    }

    store.watch(["story", "shots", "saved", "caps"], render, "sequence");
    store.watch(["errors"], openItemsWithErrors, "sequence");
    render();
    return { render };
  };
})(window.Studio);
