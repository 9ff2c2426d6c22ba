/* The library of past sequences: thumbnail, status, spend, open, delete (after a confirmation). */
(function (S) {
  "use strict";

  const el = S.el;

  /** Its title, else its first shot's words, else the names of who is in it. */
  function title(sequence) {
    if ((sequence.title || "").trim()) return sequence.title.trim();
    const first = sequence.shots[0];
    if (!first) return "Untitled sequence";
    const cast = (sequence.cast || []).filter((item) => (first.cast || []).includes(item.id)).map((item) => item.name);
    return first.character || cast.join(", ") || first.environment || "Untitled sequence";
  }

  function card(sequence, state, current) {
    const id = sequence.sequence_id;
    const count = sequence.shots.length;
    const busy = S.isUnfinished(sequence);
    const name = title(sequence);
    const shot = sequence.shots.find((s) => s.thumbnail_url);
    const still = sequence.shots.find((s) => s.keyframe_url); // keyframes first: its stills come before any clip
    const length = `${sequence.shots.reduce((sum, shot) => sum + Number(shot.seconds || sequence.seconds), 0)} s`;
    const facts = [`${count} shot${count === 1 ? "" : "s"}`, length, S.formatDate(sequence.created_at)];
    return S.libraryCard({
      dataset: { libraryItem: id },
      current,
      open: { label: `Open sequence: ${name}` },
      thumb: S.thumb(shot ? shot.thumbnail_url : still && still.keyframe_url, { busy }),
      status: sequence.status,
      title: name,
      lines: [[S.facts(facts), "lib-meta"]],
      spend: S.sequenceSpend(sequence),
      actions: [
        el("button", { type: "button", class: "btn small ghost", dataset: { action: "open" }, text: "Open" }),
        el("button", {
          type: "button",
          class: "btn small ghost danger",
          dataset: { action: "delete" },
          disabled: busy,
          title: busy ? "A running sequence cannot be deleted." : null,
          "aria-label": `Delete sequence: ${name}`,
          text: "Delete",
        }),
      ],
    });
  }

  /** Wire the list of sequences; onOpen(id), onDelete(id) and onRefresh() are the app's actions. */
  S.mountLibrary = function (store, root, { onOpen, onDelete, onRefresh }) {
    S.mountLibraryList(store, "library", {
      list: S.find("[data-library]", root),
      status: S.find("[data-library-status]", root),
      mode: "sequence",
      key: "sequence_id",
      hook: "libraryItem",
      card,
      texts: {
        offline: "The library shows once the studio answers.",
        empty: "Nothing yet: generated sequences are kept here.",
      },
      onAction(action, sequence, button) {
        const id = sequence.sequence_id;
        if (action === "open") onOpen(id);
        else if (action === "delete") {
          const text = `“${title(sequence)}” and its videos will be removed from the studio. It cannot be undone.`;
          S.confirm({ title: "Delete this sequence?", text, opener: button }).then((yes) => yes && onDelete(id));
        }
      },
    });
    S.find('[data-action="refresh-library"]', root).addEventListener("click", onRefresh);
  };
})(window.Studio);
