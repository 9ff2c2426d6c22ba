/* The current sequence: live progress per shot, then the players, downloads, remix, retry and re-stitch. */
(function (S) {
  "use strict";

  const el = S.el;

  const aspect = S.aspectStyle;

  function methodText(shot, sequence) {
    const previous = shot.shot_number - 1;
    if (shot.method === "remix") {
      return sequence.continuity === "chain" ? `Remix of shot ${previous}` : "Remix of shot 1";
    }
    if (shot.method === "last_frame") return `Continued from the last frame of shot ${previous}`;
    if (shot.method === "create") return shot.has_reference ? "Generated from your reference image" : "Generated";
    return shot.has_reference ? "Uses your reference image" : "";
  }

  function shotStatusText(shot) {
    if (shot.status === "queued") return "Waiting for its turn";
    if (shot.status === "in_progress") return `Rendering · ${shot.progress}%`;
    if (shot.status === "completed") return "Ready to watch";
    return "Failed";
  }

  function summary(sequence) {
    const shots = sequence.shots;
    const done = shots.filter((s) => s.status === "completed").length;
    const failed = shots.filter((s) => s.status === "failed");
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

  function progressBar(value, label) {
    return el(
      "div",
      {
        class: "bar",
        role: "progressbar",
        "aria-label": label,
        "aria-valuemin": "0",
        "aria-valuemax": "100",
        "aria-valuenow": String(value),
        dataset: { progress: String(value) },
      },
      el("span", { class: "bar-fill", style: `width: ${Math.max(0, Math.min(100, value))}%` })
    );
  }

  function pill(status) {
    return el("span", { class: `pill status-${status}`, dataset: { status }, text: S.STATUS_LABELS[status] || status });
  }

  /** Build (or reuse, so playback is not interrupted) a <video> for `src`. */
  function videoFor(keep, src, attrs) {
    const existing = keep.get(src);
    if (existing) return existing;
    return el("video", { src, controls: true, preload: "metadata", playsInline: true, ...attrs });
  }

  function shotItem(sequence, shot, keep, retrying) {
    const n = shot.shot_number;
    const label = `Shot ${n}`;
    let media;
    if (shot.download_url) {
      media = videoFor(keep, S.api.mediaUrl(shot.download_url), {
        poster: shot.thumbnail_url ? S.api.mediaUrl(shot.thumbnail_url) : null,
        "aria-label": `${label} video`,
        dataset: { shotVideo: String(n) },
      });
    } else if (shot.status === "failed") {
      media = el(
        "div",
        { class: "placeholder failed", "aria-hidden": "true" },
        el("span", { class: "ph-icon", text: "!" })
      );
    } else {
      media = el(
        "div",
        { class: `placeholder ${shot.status === "in_progress" ? "working" : ""}`, "aria-hidden": "true" },
        el("span", { class: "ph-percent", text: shot.status === "queued" ? "…" : `${shot.progress}%` })
      );
    }
    const method = methodText(shot, sequence);
    const info = el(
      "div",
      { class: "result-info" },
      el("div", { class: "result-head" }, el("h4", { text: label }), pill(shot.status)),
      el("p", { class: "result-text", text: shot.character }),
      method ? el("p", { class: "method", dataset: { method: shot.method || "" }, text: method }) : null,
      shot.note ? el("p", { class: "note", dataset: { note: "" }, text: shot.note }) : null
    );
    if (shot.status === "queued" || shot.status === "in_progress") {
      const stalled = shot.status === "queued" && !S.isUnfinished(sequence);
      info.append(
        progressBar(shot.progress, `${label} progress`),
        el("p", {
          class: "status-text",
          dataset: { statusText: "" },
          text: stalled ? "Not started: it waits for the failed shot." : shotStatusText(shot),
        })
      );
    }
    if (shot.status === "failed") {
      const error = shot.error || { message: "The shot failed." };
      info.append(
        el(
          "p",
          { class: "shot-error", role: "alert", dataset: { shotError: "" } },
          el("strong", { text: "Provider says: " }),
          error.message
        ),
        el("button", {
          type: "button",
          class: "btn primary small",
          dataset: { action: "retry", shot: String(n) },
          disabled: retrying.has(n) || S.isUnfinished(sequence),
          text: retrying.has(n) ? "Retrying…" : `Retry shot ${n}`,
        })
      );
    }
    if (shot.download_url) {
      info.append(
        el(
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
        )
      );
    }
    return el(
      "li",
      { class: "result", dataset: { shotResult: String(n), status: shot.status } },
      el("div", { class: "media", style: aspect(sequence.size) }, media),
      info
    );
  }

  function stitchedBlock(sequence, keep, state) {
    const ready = sequence.shots.every((s) => s.status === "completed");
    if (!ready && !sequence.sequence_url) return null;
    const block = el("section", { class: "stitched", "aria-label": "Stitched sequence" });
    block.append(el("div", { class: "stitched-head" }, el("h4", { text: "Full sequence" })));
    if (sequence.sequence_url) {
      const version = state.stitchVersion;
      block.append(
        el(
          "div",
          { class: "media wide", style: aspect(sequence.size) },
          videoFor(keep, S.api.mediaUrl(sequence.sequence_url, { version }), {
            "aria-label": "Stitched sequence video",
            dataset: { sequenceVideo: "" },
          })
        )
      );
    } else if (sequence.status === "stitching") {
      block.append(el("p", { class: "status-text", text: "Stitching the shots…" }));
    }
    if (sequence.stitch_error) {
      block.append(
        el("p", { class: "shot-error", role: "alert", dataset: { stitchError: "" }, text: sequence.stitch_error })
      );
    }
    if (state.stitchNote) {
      const note = state.stitchNote;
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
    if (ready && !S.isUnfinished(sequence)) {
      actions.append(
        el(
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
            disabled: state.restitching,
            text: state.restitching ? "Stitching…" : "Re-stitch",
          })
        )
      );
    }
    block.append(actions);
    return block;
  }

  function emptyState() {
    return el(
      "div",
      { class: "empty" },
      el("div", { class: "empty-art", "aria-hidden": "true" }, el("span"), el("span"), el("span")),
      el("p", { class: "empty-title", text: "Your shots will appear here" }),
      el("p", {
        class: "empty-text",
        text:
          "Write a shot list and press Generate. Each shot renders with live progress, then the studio " +
          "stitches them into one sequence you can watch and download.",
      })
    );
  }

  /** Wire the output panel; onRetry(n), onRestitch(transition) and onRemix(sequence, shot, button) are the app's. */
  S.mountProgress = function (store, root, { onRetry, onRestitch, onRemix }) {
    const box = S.find("[data-sequence]", root);
    const live = S.find("[data-live]", root);
    let transition = "cut";

    function render() {
      const state = store.state;
      const sequence = state.sequence;
      if (!sequence) {
        box.replaceChildren(emptyState());
        live.textContent = "";
        return;
      }
      // The panel is rebuilt on every change; only this stable region speaks to screen readers.
      const said = `Sequence ${S.STATUS_LABELS[sequence.status] || sequence.status}. ${summary(sequence)}`;
      if (live.textContent !== said) live.textContent = said;
      const keep = new Map(S.findAll("video", box).map((video) => [video.getAttribute("src"), video]));
      const template = state.templates.find((t) => t.id === sequence.style);
      const style = sequence.style ? (template ? template.name : sequence.style) : null;
      const meta = [
        `${sequence.shots.length} shot${sequence.shots.length === 1 ? "" : "s"}`,
        `${sequence.seconds} s each`,
        sequence.size.replace("x", " × "),
        sequence.model,
        S.continuityLabel(sequence.continuity),
        style,
      ].filter(Boolean);
      const done = sequence.shots.reduce((sum, s) => sum + (s.status === "completed" ? 100 : s.progress || 0), 0);
      const overall = Math.round(done / sequence.shots.length);
      const article = el(
        "article",
        { class: "sequence", dataset: { sequenceId: sequence.sequence_id, status: sequence.status } },
        el(
          "header",
          { class: "sequence-head" },
          el(
            "div",
            {},
            el("p", { class: "eyebrow" }, "Sequence ", el("code", { text: sequence.sequence_id })),
            el("p", { class: "meta", text: meta.join(" · ") })
          ),
          pill(sequence.status)
        ),
        el(
          "div",
          { class: "overall" },
          progressBar(sequence.status === "completed" ? 100 : overall, "Sequence progress"),
          el(
            "p",
            { class: "summary", dataset: { summary: "" } },
            el("span", { text: summary(sequence) }),
            el("span", { class: "cost", text: costText(sequence) })
          )
        ),
        el("ol", { class: "results" }, sequence.shots.map((shot) => shotItem(sequence, shot, keep, state.retrying))),
        stitchedBlock(sequence, keep, state)
      );
      S.keepFocus(box, () => box.replaceChildren(article));
      const select = S.find("[data-transition]", box);
      if (select) select.value = transition;
    }

    box.addEventListener("change", (event) => {
      if (event.target.matches("[data-transition]")) transition = event.target.value;
    });
    box.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button || button.disabled) return;
      if (button.dataset.action === "retry") onRetry(Number(button.dataset.shot));
      else if (button.dataset.action === "restitch") onRestitch(transition);
      else if (button.dataset.action === "remix-shot") {
        const sequence = store.state.sequence;
        const shot = sequence && sequence.shots.find((s) => s.shot_number === Number(button.dataset.shot));
        if (shot) onRemix(sequence, shot, button);
      }
    });

    store.addEventListener("change", (event) => {
      if (["sequence", "caps"].includes(event.detail.kind)) render();
    });
    render();
  };
})(window.Studio);
