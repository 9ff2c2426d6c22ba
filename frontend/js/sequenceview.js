/* The current sequence: live progress per shot, then the players, downloads, remix and retry. */
(function (S) {
  "use strict";

  const el = S.el;

  /** Whether the active provider draws the dialog into its pictures (the local engine's animatics do). */
  const drawsCaptions = (state) => Boolean(state.caps && state.caps.provider === "local_engine");

  /** How the shot was made, in words; its source is the shot its plan named (older rows: their mode's). */
  function methodText(shot, sequence) {
    const fallback = sequence.continuity === "remix" ? 1 : shot.shot_number - 1;
    const source = shot.source_shot || fallback;
    if (shot.method === "remix") return `Remix of shot ${source}`;
    if (shot.method === "last_frame") return `Continued from the last frame of shot ${source}`;
    if (shot.method === "create") return shot.has_reference ? "Generated from your reference image" : "Generated";
    return shot.has_reference ? "Uses your reference image" : "";
  }

  /**
   * What a shot's plan said (continuity_note: from which shot and why) and, where it adds something, how
   * it was made: a fallback the provider forced, or the picture it started from.
   */
  function continuityLines(shot, sequence) {
    const method = methodText(shot, sequence);
    const note = shot.continuity_note;
    const differs = shot.method && shot.method !== shot.planned_method;
    const showMethod = method && (!note || differs || (shot.method === "create" && shot.has_reference));
    return [
      note ? el("p", { class: "continuity-note", dataset: { continuityNote: "" }, text: note }) : null,
      showMethod ? el("p", { class: "method", dataset: { method: shot.method || "" }, text: method }) : null,
    ];
  }

  /** A shot's length, who and where by name, and whether its prompt was written by hand. */
  function shotFacts(shot, sequence) {
    const names = (items, ids) => ids.map((id) => (items.find((item) => item.id === id) || { name: id }).name);
    const who = names(sequence.cast || [], shot.cast || []);
    const where = shot.location ? names(sequence.locations || [], [shot.location]) : [];
    const edited = shot.prompt_edited ? "prompt edited by hand" : null;
    return [`${shot.seconds || sequence.seconds} s`, who.join(", "), ...where, edited].filter(Boolean);
  }

  /** "8 s each", or, where the shots have their own lengths, "4–12 s per shot". */
  function lengths(sequence) {
    const all = sequence.shots.map((shot) => Number(shot.seconds || sequence.seconds));
    const low = Math.min(...all);
    const high = Math.max(...all);
    return low === high ? `${low} s each` : `${low}–${high} s per shot`;
  }

  /** Keyframes first, before the clips: how far the stills are. */
  function stillsSummary(sequence) {
    const shots = sequence.shots;
    const ready = shots.filter((s) => s.keyframe_status === "ready").length;
    const failed = shots.filter((s) => s.keyframe_status === "failed").map((s) => s.shot_number);
    if (sequence.status === "awaiting_approval") {
      return `${shots.length} stills ready: approve them to make the clips, or re-roll any first.`;
    }
    if (sequence.status === "failed" && failed.length) {
      return `The still of shot ${failed.join(", ")} failed: re-roll or replace it in the storyboard.`;
    }
    return `Drawing stills: ${ready} of ${shots.length} ready.`;
  }

  function summary(sequence) {
    const shots = sequence.shots;
    const done = shots.filter((s) => s.status === "completed").length;
    const failed = shots.filter((s) => s.status === "failed");
    if (S.keyframePhase(sequence) === "stills") return stillsSummary(sequence);
    switch (sequence.status) {
      case "queued":
        return "Waiting to start…";
      case "running":
        return `Rendering shots: ${done} of ${shots.length} done.`;
      case "stitching":
        return `Stitching ${shots.length} shots into one sequence…`;
      case "completed":
        if (shots.length === 1) return "Done: the shot and its sequence are ready.";
        return `Done: all ${shots.length} shots and the sequence are ready.`;
      default:
        if (sequence.stitch_error) return "The shots are ready but stitching failed.";
        if (failed.length) return `Shot ${failed.map((s) => s.shot_number).join(", ")} failed: retry it below.`;
        return "The sequence stopped.";
    }
  }

  function costText(sequence) {
    const cost = sequence.cost || {};
    if (cost.estimated_usd === 0) return "free: local engine";
    if (cost.estimated_usd === null || cost.estimated_usd === undefined) return `spent ${S.formatUsd(cost.spent_usd)}`;
    return `spent ${S.formatUsd(cost.spent_usd)} of ≈ ${S.formatUsd(cost.estimated_usd)}`;
  }

  function shotActions(sequence, shot) {
    const n = shot.shot_number;
    return el(
      "div",
      { class: "shot-actions" },
      el("a", {
        class: "btn small ghost download",
        href: S.api.mediaUrl(shot.download_url, { attachment: true }),
        download: `${sequence.sequence_id}_shot${n}.mp4`,
        dataset: { download: String(n) },
        text: `Download shot ${n}`,
      }),
      shot.status === "completed"
        ? el("button", {
            type: "button",
            class: "btn small ghost",
            id: `remix-shot-${n}`,
            dataset: { action: "remix-shot", shot: String(n) },
            "aria-label": `Remix shot ${n} as a new clip`,
            text: "Remix",
          })
        : null
    );
  }

  function shotItem(sequence, shot, keep, retrying) {
    const n = shot.shot_number;
    const label = `Shot ${n}`;
    const media = S.media(shot, keep, { "aria-label": `${label} video`, dataset: { shotVideo: String(n) } });
    const text = shot.character || shot.environment;
    const info = el(
      "div",
      { class: "result-info" },
      el("div", { class: "result-head" }, el("h3", { text: label }), S.pill(shot.status)),
      el("p", { class: "result-facts", dataset: { shotFacts: "" } }, S.facts(shotFacts(shot, sequence))),
      text ? el("p", { class: "result-text", text }) : null,
      continuityLines(shot, sequence),
      shot.note ? el("p", { class: "note", dataset: { note: "" }, text: shot.note }) : null
    );
    if (shot.status === "queued" || shot.status === "in_progress") {
      const stalled = shot.status === "queued" && !S.isUnfinished(sequence);
      const text = stalled ? "Not started: it waits for the failed shot." : null;
      info.append(...S.progressBlock(shot, `${label} progress`, text));
    }
    if (shot.status === "failed") {
      const busy = retrying.has(n);
      info.append(
        ...S.failure(shot, {
          fallback: "The shot failed.",
          dataset: { shotError: "" },
          button: {
            dataset: { action: "retry", shot: String(n) },
            disabled: busy || S.isUnfinished(sequence),
            text: busy ? "Retrying…" : `Retry shot ${n}`,
          },
        })
      );
    }
    if (shot.download_url) info.append(shotActions(sequence, shot));
    return el(
      "li",
      { class: "result", dataset: { shotResult: String(n), status: shot.status } },
      S.mediaBox(sequence.size, media),
      info
    );
  }

  function article(sequence, keep, state, strip) {
    const template = state.templates.find((t) => t.id === sequence.style);
    const style = sequence.style ? (template ? template.name : sequence.style) : null;
    const count = sequence.shots.length;
    const meta = [
      `${count} shot${count === 1 ? "" : "s"}`,
      lengths(sequence),
      sequence.size.replace("x", " × "),
      sequence.model,
      S.continuityLabel(sequence.continuity),
      style,
    ].filter(Boolean);
    // Keyframes first: until the clips start, the bar counts the stills and the clips wait under the strip.
    const stills = S.keyframePhase(sequence) === "stills";
    const ready = sequence.shots.filter((s) => s.keyframe_status === "ready").length;
    const done = sequence.shots.reduce((sum, s) => sum + (s.status === "completed" ? 100 : s.progress || 0), 0);
    const overall = sequence.status === "completed" ? 100 : Math.round((stills ? ready * 100 : done) / count);
    const retrying = state.sequenceMode.retrying;
    const eyebrow = el("p", { class: "eyebrow" }, "Sequence ", el("code", { text: sequence.sequence_id }));
    return el(
      "article",
      { class: "sequence", dataset: { sequenceId: sequence.sequence_id, status: sequence.status } },
      S.itemHead(eyebrow, meta, sequence.status),
      el(
        "div",
        { class: "overall" },
        S.progressBar(overall, stills ? "Stills drawn" : "Sequence progress"),
        el(
          "p",
          { class: "summary", dataset: { summary: "" } },
          el("span", { text: summary(sequence) }),
          el("span", { class: "cost", text: costText(sequence) })
        )
      ),
      strip,
      stills ? null : el("ol", { class: "results" }, sequence.shots.map((s) => shotItem(sequence, s, keep, retrying))),
      S.stitchedBlock(sequence, keep, state.sequenceMode.stitch, drawsCaptions(state))
    );
  }

  /** Wire the output panel; onRetry(n), onRestitch(transition) and onRemix(sequence, shot, button) are the app's. */
  S.mountSequenceView = function (store, root, { onRetry, onRestitch, onRemix }) {
    const box = S.find("[data-sequence]", root);
    let transition = "cut";

    S.mountOutput(store, "sequence", root, box, {
      kinds: ["caps", "keyframes"],
      empty: () =>
        S.emptyState(
          3,
          "Your shots will appear here",
          "Write a shot list and press Generate. Each shot renders with live progress, then the studio " +
            "stitches them into one sequence you can watch and download."
        ),
      said: (sequence) => `Sequence ${S.STATUS_LABELS[sequence.status] || sequence.status}. ${summary(sequence)}`,
      build: (sequence, keep) =>
        article(sequence, keep, store.state, S.storyboardStrip(sequence, store.keyframes(), S.stillsShown(box))),
      after() {
        const select = S.find("[data-transition]", box);
        if (select) select.value = transition;
      },
    });

    box.addEventListener("change", (event) => {
      if (event.target.matches("[data-transition]")) transition = event.target.value;
    });
    box.addEventListener("click", (event) => {
      // Opened from disk, the studio is another origin and a link's file name is ignored: fetch and save it.
      const board = event.target.closest("a[data-storyboard-download]");
      if (board && S.api.openedFromDisk) {
        event.preventDefault();
        const sequence = store.of("sequence").current;
        S.api
          .storyboard(sequence.sequence_id)
          .then((document) => S.saveJson(document, board.download))
          .catch((err) => store.setStitch({ note: { tone: "error", text: err.message } }));
        return;
      }
      const button = event.target.closest("button[data-action]");
      if (!button || button.disabled) return;
      if (button.dataset.action === "retry") onRetry(Number(button.dataset.shot));
      else if (button.dataset.action === "restitch") onRestitch(transition);
      else if (button.dataset.action === "remix-shot") {
        const sequence = store.of("sequence").current;
        const shot = sequence && sequence.shots.find((s) => s.shot_number === Number(button.dataset.shot));
        if (shot) onRemix(sequence, shot, button);
      }
    });
  };
})(window.Studio);
