/* The current single clip: live progress, then the player, the download and "Remix". */
(function (S) {
  "use strict";

  const el = S.el;

  /** What the clip is, in short: length, frame, model, template. */
  S.clipMeta = (video, style) =>
    [`${video.seconds} s`, video.size.replace("x", " × "), video.model, style].filter(Boolean);

  function eyebrow(video, state) {
    if (!video.remixed_from) return el("p", { class: "eyebrow" }, "Clip ", el("code", { text: video.id }));
    const source = S.remixSource(video.remixed_from, state);
    return el(
      "p",
      { class: "eyebrow", dataset: { remixOf: video.remixed_from } },
      "Remix of ",
      source === video.remixed_from ? el("code", { text: source }) : source
    );
  }

  function actions(video, spend) {
    const row = el("div", { class: "clip-actions" });
    if (video.download_url) {
      row.append(
        el("a", {
          class: "btn primary small download",
          href: S.api.mediaUrl(video.download_url),
          download: `${video.id}.mp4`,
          dataset: { clipDownload: "" },
          text: "Download clip",
        }),
        el("button", {
          type: "button",
          class: "btn small ghost",
          id: "clip-remix",
          dataset: { action: "remix-clip" },
          text: "Remix this clip",
        })
      );
    }
    const spendClass = "lib-spend" + (spend.free ? " free" : "");
    row.append(el("span", { class: spendClass, dataset: { spend: "" }, text: spend.text }));
    return row;
  }

  function article(video, keep, state) {
    const prompt = S.splitPrompt(video.prompt, state.templates);
    const info = el(
      "div",
      { class: "clip-info" },
      el("p", { class: "clip-prompt", dataset: { clipText: "" }, text: prompt.text }),
      video.note ? el("p", { class: "note", dataset: { note: "" }, text: video.note }) : null
    );
    if (S.isBusyVideo(video)) info.append(...S.progressBlock(video, "Clip progress"));
    if (video.status === "failed") {
      const busy = state.clipMode.retrying.has(1);
      info.append(
        ...S.failure(video, {
          fallback: "The clip failed.",
          dataset: { clipError: "" },
          button: {
            id: "clip-retry",
            dataset: { action: "retry-clip" },
            disabled: busy,
            text: busy ? "Trying again…" : "Try again",
          },
        })
      );
    }
    info.append(actions(video, S.clipSpend(video, state.provider)));
    const player = S.media(video, keep, { "aria-label": "Clip video", dataset: { clipVideo: video.id } });
    return el(
      "article",
      { class: "clip", dataset: { clipId: video.id, status: video.status } },
      S.itemHead(eyebrow(video, state), S.clipMeta(video, prompt.style), video.status),
      S.mediaBox(video.size, player, true),
      info
    );
  }

  /** Wire the clip panel; onRemix(video, button) and onRetry() are the app's actions. */
  S.mountClipView = function (store, root, { onRemix, onRetry }) {
    const box = S.find("[data-clip]", root);

    S.mountOutput(store, "clip", root, box, {
      kinds: ["caps", "provider", "clips", "library"],
      empty: () =>
        S.emptyState(
          1,
          "Your clip will appear here",
          "Write a prompt and press Generate clip. It renders with live progress, then you can watch it, " +
            "download it, or remix it with a new prompt."
        ),
      said: (video) => `Clip ${S.STATUS_LABELS[video.status] || video.status}. ${S.progressText(video)}.`,
      build: (video, keep) => article(video, keep, store.state),
    });

    box.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      const video = store.of("clip").current;
      if (!button || button.disabled || !video) return;
      if (button.dataset.action === "remix-clip") onRemix(video, button);
      else if (button.dataset.action === "retry-clip") onRetry();
    });
  };
})(window.Studio);
