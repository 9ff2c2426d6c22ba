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

  // What a finished sequence exports for players and editors: [format, button text, its name, what it is].
  const EXPORTS = [
    ["srt", "SRT", "SRT captions", "Captions for any player (SubRip)", true],
    ["vtt", "VTT", "VTT captions", "Captions for the web (WebVTT)", true],
    ["otio", "OTIO", "OTIO timeline", "OpenTimelineIO timeline", false],
    ["edl", "EDL", "EDL timeline", "CMX 3600 edit decision list", false],
    ["fcp7xml", "FCP XML", "FCP XML timeline", "Final Cut Pro 7 XML, for Premiere and Resolve", false],
  ];

  const hasDialog = (sequence) => sequence.shots.some((shot) => (shot.dialog || "").trim());

  /**
   * The captions of the stitched sequence, as a track its player offers (WebVTT from the studio). Shown
   * from the start unless the picture already carries them: the local engine draws each line into its
   * animatics, and the same words twice on screen only clutter it (the player's CC button still has them).
   */
  function captionsTrack(sequence, stitch, burnedIn) {
    const src = S.api.mediaUrl(S.api.exportPath(sequence.sequence_id, "vtt"), { version: stitch.version });
    return el("track", { kind: "captions", srclang: "en", label: "English", default: !burnedIn, src });
  }

  /** Downloads of the captions, the editor timelines and the storyboard: a compact row of links. */
  function exportLinks(sequence) {
    const id = sequence.sequence_id;
    const link = (href, text, label, hint, dataset) =>
      el("a", { class: "btn small ghost", href, download: "", "aria-label": label, title: hint, dataset, text });
    const links = EXPORTS.filter(([, , , , captions]) => !captions || hasDialog(sequence)).map(
      ([format, text, label, hint]) =>
        link(S.api.mediaUrl(S.api.exportPath(id, format), { attachment: true }), text, label, hint, {
          export: format,
        })
    );
    const board = link(S.api.mediaUrl(S.api.storyboardPath(id)), "Storyboard", "Storyboard JSON", "", {
      storyboardDownload: "",
    });
    board.download = S.storyboardFileName(sequence.title, id);
    board.title = "The shot list as a .json storyboard: open it again to make the same prompts";
    return el(
      "div",
      { class: "exports", role: "group", "aria-labelledby": `exports-${id}` },
      el("span", { class: "exports-label", id: `exports-${id}`, text: "Export" }),
      links,
      board
    );
  }

  /**
   * The block, once every shot is done or a stitched file exists; `stitch` is {busy, version, note};
   * `burnedIn`: the provider draws dialog into the picture itself (the local engine).
   */
  S.stitchedBlock = function (sequence, keep, stitch, burnedIn = false) {
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
      // From disk the studio is another origin: a captions track loads only through CORS (the token lets it).
      if (S.api.openedFromDisk && hasDialog(sequence)) attrs.crossorigin = "anonymous";
      const player = S.player(keep, src, attrs);
      if (hasDialog(sequence) && !S.find("track", player)) player.append(captionsTrack(sequence, stitch, burnedIn));
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
    if (ready && !S.isUnfinished(sequence)) block.append(exportLinks(sequence));
    return block;
  };
})(window.Studio);
