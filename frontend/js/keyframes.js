/*
 * The storyboard strip of a keyframes-first sequence: one still per shot, its status and version; while the
 * stills wait, a re-roll with a note or a picture of your own for each, and the button that approves them and
 * makes the clips. Once the clips are on their way the strip stays, small, above them. js/keyframeactions.js
 * wires its controls.
 */
(function (S) {
  "use strict";

  const el = S.el;
  const STILL_STATUS = {
    pending: ["Drawing…", "in_progress"],
    ready: ["Ready", "completed"],
    failed: ["Failed", "failed"],
  };

  /** The still's status as a pill, in the colours of a shot's: drawing, ready, failed. */
  function stillPill(status) {
    const [text, look] = STILL_STATUS[status] || ["Waiting", "queued"];
    return el("span", { class: `pill status-${look}`, dataset: { stillStatus: status || "" }, text });
  }

  /** Words over a still (or where it will be); the status pill says the same to a screen reader. */
  const overlay = (kind, text) =>
    el("span", { class: `kf-overlay ${kind}`, "aria-hidden": "true" }, el("span", { text }));

  /**
   * The still itself in a frame of the shot's shape: the picture (the one already on the page when its address
   * is the same, so a rebuild does not flicker), dimmed while a new one is drawn, or a box that says why not.
   */
  function frame(sequence, shot, images) {
    const n = shot.shot_number;
    const parts = [];
    if (shot.keyframe_url) {
      const src = S.api.mediaUrl(shot.keyframe_url);
      const alt = `Still for shot ${n} (version ${shot.keyframe_version})`;
      parts.push(images.get(src) || el("img", { src, alt, dataset: { stillImage: String(n) } }));
    }
    if (shot.keyframe_status === "pending") {
      parts.push(overlay("working", "Drawing…"));
    } else if (!shot.keyframe_url) {
      parts.push(overlay("failed", "No still"));
    }
    return el("div", { class: "kf-frame", style: S.aspectStyle(sequence.size) }, parts);
  }

  /** A button that can be refused without losing keyboard focus: aria-disabled rather than disabled. */
  function actionButton({ id, action, n, label, text, off }) {
    return el("button", {
      type: "button",
      class: "btn small ghost",
      id,
      dataset: { action, shot: String(n) },
      "aria-label": label,
      "aria-disabled": off ? "true" : null,
      text,
    });
  }

  /** The note field, Re-roll and Replace… of one still; `off` while the studio draws or a request is out. */
  function controls(shot, kf, off) {
    const n = shot.shot_number;
    const busy = kf.busy.get(n);
    const note = el("input", {
      type: "text",
      id: `still-note-${n}`,
      value: kf.notes.get(n) || "",
      placeholder: "e.g. closer up",
      maxlength: "500",
      autocomplete: "off",
      dataset: { stillNote: String(n) },
    });
    const file = el("input", {
      type: "file",
      id: `still-file-${n}`,
      accept: S.IMAGE_TYPES.join(","),
      hidden: true,
      tabindex: "-1",
      "aria-label": `Your picture for shot ${n}`,
      dataset: { stillFile: String(n) },
    });
    return el(
      "div",
      { class: "kf-controls" },
      S.field(note, {
        label: ["What to change", el("span", { class: "sr-only", text: ` in shot ${n}` })],
        tag: "optional",
        errorFor: `still_${n}`,
        className: "kf-note-field",
      }),
      el(
        "div",
        { class: "kf-actions" },
        actionButton({
          id: `still-reroll-${n}`,
          action: "reroll-still",
          n,
          label: `Re-roll the still of shot ${n}`,
          text: busy === "reroll" ? "Re-rolling…" : "Re-roll",
          off,
        }),
        actionButton({
          id: `still-replace-${n}`,
          action: "replace-still",
          n,
          label: `Replace the still of shot ${n} with your own picture…`,
          text: busy === "replace" ? "Uploading…" : "Replace…",
          off,
        }),
        file
      )
    );
  }

  /** The note the still was drawn with. */
  const noteText = (shot) => [
    "Drawn with the note ",
    el("span", { class: "kf-note-text", text: `“${shot.keyframe_note}”` }),
  ];

  function card(sequence, shot, kf, images, phase) {
    const n = shot.shot_number;
    const facts = [shot.keyframe_version ? `Version ${shot.keyframe_version}` : "No still yet"];
    if (phase === "clips") {
      return el(
        "li",
        { class: "kf-card compact", dataset: { still: String(n), stillState: shot.keyframe_status || "" } },
        frame(sequence, shot, images),
        el("p", { class: "kf-caption" }, el("strong", { text: `Shot ${n}` }), ` · v${shot.keyframe_version}`)
      );
    }
    const changeable = S.stillChangeable(sequence, shot);
    const problem = kf.errors.get(n);
    const failed = shot.keyframe_status === "failed" && shot.error;
    return el(
      "li",
      { class: "kf-card", dataset: { still: String(n), stillState: shot.keyframe_status || "" } },
      frame(sequence, shot, images),
      el(
        "div",
        { class: "kf-info" },
        el("div", { class: "result-head" }, el("h4", { text: `Shot ${n}` }), stillPill(shot.keyframe_status)),
        el("p", { class: "kf-facts", dataset: { stillVersion: String(shot.keyframe_version) } }, S.facts(facts)),
        shot.keyframe_note ? el("p", { class: "kf-note", dataset: { stillNoteShown: "" } }, noteText(shot)) : null,
        failed ? el("p", { class: "shot-error", role: "alert", text: shot.error.message }) : null,
        problem ? el("p", { class: "shot-error", role: "alert", dataset: { stillError: "" }, text: problem }) : null,
        controls(shot, kf, !changeable || kf.busy.has(n) || kf.approving)
      )
    );
  }

  /** "Free: the local engine", "≈ $4.80", while it is asked, or unknown. */
  function clipsCostText(clips) {
    if (clips.status === "ok" && clips.free) return "The clips are free on the local engine.";
    if (clips.status === "ok" && clips.usd !== null) return `The clips will cost about ${S.formatUsd(clips.usd)}.`;
    if (clips.status === "ok" || clips.status === "error") return "The price of the clips is unknown here.";
    return "Pricing the clips…";
  }

  function approveBlock(sequence, kf) {
    const count = sequence.shots.length;
    const problem = kf.errors.get("approve");
    const busy = kf.approving || kf.busy.size > 0;
    return el(
      "div",
      { class: "kf-approve" },
      el(
        "div",
        { class: "kf-approve-text" },
        el("p", { text: `Happy with them? All ${count} clips are then made at once, each from its still.` }),
        el("p", { class: "kf-approve-cost", id: "approve-cost", dataset: { approveCost: "" } }, clipsCostText(kf.clips))
      ),
      el("button", {
        type: "button",
        class: "btn primary",
        id: "approve-stills",
        dataset: { action: "approve-stills" },
        "aria-describedby": "approve-cost",
        disabled: busy,
        text: kf.approving ? "Approving…" : `Approve ${count} still${count === 1 ? "" : "s"} and make the clips`,
      }),
      problem ? el("p", { class: "shot-error", role: "alert", dataset: { approveError: "" }, text: problem }) : null
    );
  }

  function intro(sequence, phase) {
    if (phase === "clips") return "The stills the clips start from.";
    if (sequence.status === "awaiting_approval") {
      return (
        "Nothing is paid for clips yet. Re-roll a still you want otherwise (one more image each; say what to " +
        "change), or replace it with your own picture."
      );
    }
    if (sequence.status === "failed") {
      return "A still could not be drawn: re-roll it, or replace it with your own picture.";
    }
    return "Drawing one still per shot; each clip will start from its still.";
  }

  /** The strip, or null for a sequence that is not keyframes first; `images` are the stills on the page now. */
  S.storyboardStrip = function (sequence, kf, images) {
    const phase = S.keyframePhase(sequence);
    if (!phase) return null;
    return el(
      "section",
      { class: `keyframes-board ${phase}`, "aria-labelledby": "keyframes-title", dataset: { keyframesBoard: phase } },
      el(
        "div",
        { class: "keyframes-board-head" },
        el("h3", { id: "keyframes-title", text: "Keyframes" }),
        el("p", { class: "kf-intro", text: intro(sequence, phase) })
      ),
      el("ol", { class: "kf-strip" }, sequence.shots.map((shot) => card(sequence, shot, kf, images, phase))),
      sequence.status === "awaiting_approval" ? approveBlock(sequence, kf) : null
    );
  };

  /** The stills on the page now by address, so a rebuild reuses them. */
  S.stillsShown = (root) =>
    new Map(S.findAll("img[data-still-image]", root).map((img) => [img.getAttribute("src"), img]));
})(window.Studio);
