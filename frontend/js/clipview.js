/* The current single clip: live progress, then the player, the download and "Remix". */
(function (S) {
  "use strict";

  const el = S.el;

  function statusText(video) {
    if (video.status === "queued") return "Waiting for its turn";
    if (video.status === "in_progress") return `Rendering · ${video.progress}%`;
    if (video.status === "completed") return "Ready to watch";
    return "Failed";
  }

  /** A short line of what the clip is: length, frame, model, template. */
  S.clipMeta = function (video, style) {
    return [`${video.seconds} s`, video.size.replace("x", " × "), video.model, style].filter(Boolean).join(" · ");
  };

  function progressBar(value) {
    return el(
      "div",
      {
        class: "bar",
        role: "progressbar",
        "aria-label": "Clip progress",
        "aria-valuemin": "0",
        "aria-valuemax": "100",
        "aria-valuenow": String(value),
        dataset: { progress: String(value) },
      },
      el("span", { class: "bar-fill", style: `width: ${Math.max(0, Math.min(100, value))}%` })
    );
  }

  function media(video, keep) {
    if (video.download_url) {
      const src = S.api.mediaUrl(video.download_url);
      return (
        keep.get(src) ||
        el("video", {
          src,
          controls: true,
          preload: "metadata",
          playsInline: true,
          poster: video.thumbnail_url ? S.api.mediaUrl(video.thumbnail_url) : null,
          "aria-label": "Clip video",
          dataset: { clipVideo: video.id },
        })
      );
    }
    if (video.status === "failed") {
      const icon = el("span", { class: "ph-icon", text: "!" });
      return el("div", { class: "placeholder failed", "aria-hidden": "true" }, icon);
    }
    return el(
      "div",
      { class: `placeholder ${video.status === "in_progress" ? "working" : ""}`, "aria-hidden": "true" },
      el("span", { class: "ph-percent", text: video.status === "queued" ? "…" : `${video.progress}%` })
    );
  }

  function emptyState() {
    return el(
      "div",
      { class: "empty" },
      el("div", { class: "empty-art single", "aria-hidden": "true" }, el("span")),
      el("p", { class: "empty-title", text: "Your clip will appear here" }),
      el("p", {
        class: "empty-text",
        text:
          "Write a prompt and press Generate clip. It renders with live progress, then you can watch it, " +
          "download it, or remix it with a new prompt.",
      })
    );
  }

  /** Wire the clip panel; onRemix(video, button) and onRetry(video) are the app's actions. */
  S.mountClipView = function (store, root, { onRemix, onRetry }) {
    const box = S.find("[data-clip]", root);
    const live = S.find("[data-clip-live]", root);

    function render() {
      const { clip: video, templates, provider, clipRetrying } = store.state;
      if (!video) {
        box.replaceChildren(emptyState());
        live.textContent = "";
        return;
      }
      const said = `Clip ${S.STATUS_LABELS[video.status] || video.status}. ${statusText(video)}.`;
      if (live.textContent !== said) live.textContent = said;
      const keep = new Map(S.findAll("video", box).map((node) => [node.getAttribute("src"), node]));
      const prompt = S.splitPrompt(video.prompt, templates);
      const spend = S.clipSpend(video, provider);
      const busy = S.isBusyVideo(video);
      const source = video.remixed_from ? S.remixSource(video.remixed_from, store.state) : null;
      const eyebrow = video.remixed_from
        ? el(
            "p",
            { class: "eyebrow", dataset: { remixOf: video.remixed_from } },
            "Remix of ",
            source === video.remixed_from ? el("code", { text: source }) : source
          )
        : el("p", { class: "eyebrow" }, "Clip ", el("code", { text: video.id }));

      const info = el(
        "div",
        { class: "clip-info" },
        el("p", { class: "clip-prompt", dataset: { clipText: "" }, text: prompt.text }),
        video.note ? el("p", { class: "note", dataset: { note: "" }, text: video.note }) : null
      );
      if (busy) {
        info.append(
          progressBar(video.progress || 0),
          el("p", { class: "status-text", dataset: { statusText: "" }, text: statusText(video) })
        );
      }
      if (video.status === "failed") {
        const error = video.error || { message: "The clip failed." };
        info.append(
          el(
            "p",
            { class: "shot-error", role: "alert", dataset: { clipError: "" } },
            el("strong", { text: "Provider says: " }),
            error.message
          ),
          el("button", {
            type: "button",
            class: "btn primary small",
            id: "clip-retry",
            dataset: { action: "retry-clip" },
            disabled: clipRetrying,
            text: clipRetrying ? "Trying again…" : "Try again",
          })
        );
      }
      const actions = el("div", { class: "clip-actions" });
      if (video.download_url) {
        actions.append(
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
      actions.append(el("span", { class: spendClass, dataset: { spend: "" }, text: spend.text }));
      info.append(actions);

      const article = el(
        "article",
        { class: "clip", dataset: { clipId: video.id, status: video.status } },
        el(
          "header",
          { class: "sequence-head" },
          el("div", {}, eyebrow, el("p", { class: "meta", text: S.clipMeta(video, prompt.style) })),
          el("span", {
            class: `pill status-${video.status}`,
            dataset: { status: video.status },
            text: S.STATUS_LABELS[video.status] || video.status,
          })
        ),
        el("div", { class: "media wide", style: S.aspectStyle(video.size) }, media(video, keep)),
        info
      );
      S.keepFocus(box, () => box.replaceChildren(article));
    }

    box.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      const video = store.state.clip;
      if (!button || button.disabled || !video) return;
      if (button.dataset.action === "remix-clip") onRemix(video, button);
      else if (button.dataset.action === "retry-clip") onRetry(video);
    });

    store.addEventListener("change", (event) => {
      if (["clip", "caps", "provider", "clips", "library"].includes(event.detail.kind)) render();
    });
    render();
  };
})(window.Studio);
