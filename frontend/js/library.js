/* The library of past sequences: thumbnail, status, spend, open, delete (after a confirmation). */
(function (S) {
  "use strict";

  const el = S.el;

  function thumbnail(sequence) {
    const shot = sequence.shots.find((s) => s.thumbnail_url);
    if (!shot) {
      const text = S.isUnfinished(sequence) ? "Rendering…" : "No preview";
      return el("div", { class: "thumb empty-thumb", "aria-hidden": "true" }, el("span", { text }));
    }
    return el("img", { class: "thumb", src: S.api.mediaUrl(shot.thumbnail_url), alt: "", loading: "lazy" });
  }

  function title(sequence) {
    const first = sequence.shots[0];
    return first ? first.character : "Untitled sequence";
  }

  function item(sequence, currentId) {
    const id = sequence.sequence_id;
    const count = sequence.shots.length;
    const busy = S.isUnfinished(sequence);
    const name = title(sequence);
    const spend = S.sequenceSpend(sequence);
    return el(
      "li",
      {
        class: "lib-item" + (id === currentId ? " current" : ""),
        dataset: { libraryItem: id, status: sequence.status },
      },
      el(
        "button",
        { type: "button", class: "lib-open", dataset: { action: "open" }, "aria-label": `Open sequence: ${name}` },
        thumbnail(sequence),
        el("span", {
          class: `pill status-${sequence.status}`,
          text: S.STATUS_LABELS[sequence.status] || sequence.status,
        })
      ),
      el(
        "div",
        { class: "lib-body" },
        el("p", { class: "lib-title", title: name, text: name }),
        el("p", {
          class: "lib-meta",
          text: [
            `${count} shot${count === 1 ? "" : "s"}`,
            `${Number(sequence.seconds) * count} s`,
            S.formatDate(sequence.created_at),
          ].join(" · "),
        }),
        el("p", { class: "lib-spend" + (spend.free ? " free" : ""), dataset: { spend: "" }, text: spend.text })
      ),
      el(
        "div",
        { class: "lib-actions" },
        el("button", { type: "button", class: "btn small ghost", dataset: { action: "open" }, text: "Open" }),
        el("button", {
          type: "button",
          class: "btn small ghost danger",
          dataset: { action: "delete" },
          disabled: busy,
          title: busy ? "A running sequence cannot be deleted." : null,
          "aria-label": `Delete sequence: ${name}`,
          text: "Delete",
        })
      )
    );
  }

  /** Wire the list of sequences; onOpen(id) and onDelete(id) are the app's actions. */
  S.mountLibrary = function (store, root, { onOpen, onDelete, onRefresh }) {
    const list = S.find("[data-library]", root);
    const status = S.find("[data-library-status]", root);
    let shownCurrent = null;

    function render() {
      const { library, sequence } = store.state;
      const currentId = sequence ? sequence.sequence_id : null;
      shownCurrent = currentId;
      S.keepFocus(list, () => list.replaceChildren(...library.items.map((s) => item(s, currentId))));
      if (S.disconnected(store.state)) status.textContent = "The library shows once the studio answers.";
      else if (library.status === "error") status.textContent = library.message;
      else if (library.status === "loading" && !library.items.length) status.textContent = "Loading…";
      else if (!library.items.length) status.textContent = "Nothing yet: generated sequences are kept here.";
      else status.textContent = "";
      status.hidden = !status.textContent;
    }

    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      const node = event.target.closest("[data-library-item]");
      if (!button || !node) return;
      const id = node.dataset.libraryItem;
      if (button.dataset.action === "open") onOpen(id);
      else if (button.dataset.action === "delete") {
        const sequence = store.state.library.items.find((s) => s.sequence_id === id);
        const name = sequence ? title(sequence) : id;
        const text = `“${name}” and its videos will be removed from the studio. It cannot be undone.`;
        S.confirm({ title: "Delete this sequence?", text, opener: button }).then((yes) => yes && onDelete(id));
      }
    });

    S.find('[data-action="refresh-library"]', root).addEventListener("click", onRefresh);
    store.addEventListener("change", (event) => {
      const sequence = store.state.sequence;
      const currentId = sequence ? sequence.sequence_id : null;
      // Live progress fires often; the list only needs a rebuild when the highlighted item changes.
      const kind = event.detail.kind;
      if (kind === "library" || kind === "connection" || (kind === "sequence" && currentId !== shownCurrent)) render();
    });
    render();
  };
})(window.Studio);
