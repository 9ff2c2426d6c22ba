/* The stitched sequence under the shots: its player, its download, and re-stitching with another transition. */
(function (S) {
  "use strict";

  const el = S.el;

  function restitchControls(stitch) {
    return el(
      "div",
      { class: "restitch" },
      el("label", { for: "transition", text: "Transition" }),
      el(
        "select",
        { id: "transition", dataset: { transition: "" } },
        el("option", { value: "cut", text: "Cut" }),
        el("option", { value: "crossfade", text: "Crossfade 0.5 s" })
      ),
      el("button", {
        type: "button",
        class: "btn small ghost",
        id: "restitch",
        dataset: { action: "restitch" },
        disabled: stitch.busy,
        text: stitch.busy ? "Stitching…" : "Re-stitch",
      })
    );
  }

  /** The block, once every shot is done or a stitched file exists; `stitch` is {busy, version, note}. */
  S.stitchedBlock = function (sequence, keep, stitch) {
    const ready = sequence.shots.every((s) => s.status === "completed");
    if (!ready && !sequence.sequence_url) return null;
    const block = el("section", { class: "stitched", "aria-label": "Stitched sequence" });
    block.append(el("div", { class: "stitched-head" }, el("h3", { text: "Full sequence" })));
    if (sequence.sequence_url) {
      // A new file at the same URL carries a version, so the player loads it.
      const src = S.api.mediaUrl(sequence.sequence_url, { version: stitch.version });
      // Its first frame is the first shot's: show that still rather than a black box until it plays.
      const first = sequence.shots[0];
      const poster = first && first.thumbnail_url ? S.api.mediaUrl(first.thumbnail_url) : null;
      const attrs = { poster, "aria-label": "Stitched sequence video", dataset: { sequenceVideo: "" } };
      const player = S.player(keep, src, attrs);
      block.append(S.mediaBox(sequence.size, player, true));
    } else if (sequence.status === "stitching") {
      block.append(el("p", { class: "status-text", text: "Stitching the shots…" }));
    }
    if (sequence.stitch_error) {
      block.append(
        el("p", { class: "shot-error", role: "alert", dataset: { stitchError: "" }, text: sequence.stitch_error })
      );
    }
    const note = stitch.note;
    if (note) {
      block.append(
        el("p", {
          class: note.tone === "error" ? "shot-error" : "stitch-note",
          role: note.tone === "error" ? "alert" : "status",
          dataset: { stitchNote: note.tone },
          text: note.text,
        })
      );
    }
    const actions = el("div", { class: "stitch-actions" });
    if (sequence.sequence_url) {
      actions.append(
        el("a", {
          class: "btn primary small download",
          href: S.api.mediaUrl(sequence.sequence_url, { attachment: true }),
          download: `${sequence.sequence_id}.mp4`,
          dataset: { sequenceDownload: "" },
          text: "Download sequence",
        })
      );
    }
    if (ready && !S.isUnfinished(sequence)) actions.append(restitchControls(stitch));
    block.append(actions);
    return block;
  };
})(window.Studio);
