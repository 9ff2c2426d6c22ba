/*
 * The studio's library of cast members and locations, under each list of the Cast & locations panel:
 * save one of this sequence's there, load a saved one into it, delete one from the library.
 */
(function (S) {
  "use strict";

  const el = S.el;
  const TITLE = { cast: "Cast members in your library", locations: "Locations in your library" };

  function chip(kind, item, inUse) {
    const picture = item.reference_url
      ? el("img", { src: S.api.mediaUrl(item.reference_url, { version: String(item.updated_at) }), alt: "" })
      : null;
    return el(
      "li",
      { class: "saved-chip", dataset: { savedItem: item.id }, title: item.description || null },
      picture,
      el(
        "button",
        {
          type: "button",
          class: "saved-use",
          id: `saved-${kind}-${item.id}-use`,
          dataset: { action: "use-saved" },
          disabled: inUse,
          "aria-label": inUse ? `${item.name}: already in this sequence` : `Add ${item.name} from the library`,
        },
        inUse ? null : el("span", { "aria-hidden": "true", text: "+ " }),
        item.name,
        inUse ? el("span", { "aria-hidden": "true", text: " ✓" }) : null
      ),
      S.iconButton({
        id: `saved-${kind}-${item.id}-forget`,
        action: "forget-saved",
        glyph: "✕",
        label: `Delete ${item.name} from the library`,
      })
    );
  }

  /** Wire the library under each list of the panel; `notify(message, tone)` says how it went. */
  S.mountStoryLibrary = function (store, panel, { notify }) {
    const draft = () => store.of("sequence").draft;

    async function load(kind) {
      store.setSaved(kind, { status: "loading" });
      try {
        store.setSaved(kind, { status: "ok", items: (await S.api.saved(kind)).data });
      } catch (err) {
        store.setSaved(kind, { status: "error", message: err.message });
      }
    }

    function render() {
      for (const kind of S.STORY_KINDS) {
        const box = S.find(`[data-saved="${kind}"]`, panel);
        const saved = store.state.saved[kind];
        const ids = new Set(S.kindIds(draft()[kind], kind).values());
        const items = saved.items.map((item) => chip(kind, item, ids.has(item.id)));
        // Nothing saved yet: the Save button of each item is where the library begins, no need to say it twice.
        const parts = [];
        if (items.length) parts.push(el("ul", { class: "saved-list", "aria-label": TITLE[kind] }, items));
        else if (saved.status === "error") parts.push(el("p", { class: "help", text: saved.message }));
        const head = el("p", { class: "saved-head", "aria-hidden": "true", text: "From your library" });
        if (parts.length) parts.unshift(head);
        box.hidden = !parts.length;
        S.keepFocus(box, () => box.replaceChildren(...parts));
      }
    }

    async function save(kind, item) {
      const id = S.kindIds(draft()[kind], kind).get(item.key);
      const name = item.name.trim();
      const file = item.image ? item.image.file : null;
      store.setStoryItem(kind, item.key, { saving: true });
      try {
        const body = { name, description: item.description.trim(), reference: file ? await S.dataUrl(file) : null };
        const answer = await S.api.save(kind, id, body);
        const items = [...store.state.saved[kind].items.filter((other) => other.id !== id), answer];
        items.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }));
        store.setSaved(kind, { items });
        const saved = { id, name, description: body.description, file };
        store.setStoryItem(kind, item.key, { saving: false, saved });
        notify(`Saved ${name} to the library, for this sequence and the next.`);
      } catch (err) {
        store.setStoryItem(kind, item.key, { saving: false });
        notify(err.message, "error");
      }
      const next = document.getElementById(`${kind}-${item.key}-edit`);
      if (next) next.focus();
    }

    async function use(kind, item) {
      try {
        let file = null;
        if (item.reference_url) {
          const blob = await S.api.savedPicture(kind, item.id);
          file = new File([blob], `${item.id}.png`, { type: "image/png" });
        }
        const saved = { id: item.id, name: item.name, description: item.description, file };
        const added = store.addStoryItem(kind, { name: item.name, description: item.description, file, saved });
        const edit = added && document.getElementById(`${kind}-${added.key}-edit`);
        if (edit) edit.focus();
      } catch (err) {
        notify(err.message, "error");
      }
    }

    async function forget(kind, item, button) {
      const text = `${item.name} leaves the library. Sequences that have it, this one too, keep their own copy.`;
      const yes = await S.confirm({ title: `Delete ${item.name} from the library?`, text, opener: button });
      if (!yes) return;
      try {
        await S.api.forget(kind, item.id);
        for (const mine of draft()[kind]) if (mine.saved && mine.saved.id === item.id) mine.saved = null;
        store.setSaved(kind, { items: store.state.saved[kind].items.filter((other) => other.id !== item.id) });
        notify(`${item.name} was deleted from the library.`);
      } catch (err) {
        notify(err.message, "error");
      }
      S.find(`#add-${kind}`, panel).focus();
    }

    panel.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      const section = button && button.closest("[data-story-kind]");
      if (!section || button.disabled) return;
      const kind = section.dataset.storyKind;
      const action = button.dataset.action;
      if (action === "save-story") {
        const node = button.closest("[data-story-key]");
        const item = node && store.storyItem(kind, Number(node.dataset.storyKey));
        if (item) save(kind, item);
        return;
      }
      const chipNode = button.closest("[data-saved-item]");
      const saved = chipNode && store.state.saved[kind].items.find((other) => other.id === chipNode.dataset.savedItem);
      if (saved && action === "use-saved") use(kind, saved);
      else if (saved && action === "forget-saved") forget(kind, saved, button);
    });

    let loaded = false;
    store.watch(["caps"], () => {
      if (loaded) return;
      loaded = true;
      S.STORY_KINDS.forEach(load);
    });
    store.watch(["saved", "story", "story-text"], render, "sequence");
    render();
    return { load };
  };
})(window.Studio);
