/* The clips in the library: thumbnail, status, spend; open, remix and delete each one. */
(function (S) {
  "use strict";

  const el = S.el;

  function thumbnail(video) {
    if (!video.thumbnail_url) {
      const text = S.isBusyVideo(video) ? "Rendering…" : "No preview";
      return el("div", { class: "thumb empty-thumb", "aria-hidden": "true" }, el("span", { text }));
    }
    return el("img", { class: "thumb", src: S.api.mediaUrl(video.thumbnail_url), alt: "", loading: "lazy" });
  }

  /** What the clip shows, in the words of its prompt (without the template's text). */
  S.clipTitle = (video, templates) => S.splitPrompt(video.prompt, templates).text || "Untitled clip";

  /** Name what a remix came from: a clip by its prompt, a shot by its sequence, else by its id. */
  S.remixSource = function (videoId, state) {
    const clip = state.clips.items.find((v) => v.id === videoId);
    if (clip) return `“${S.clipTitle(clip, state.templates)}”`;
    const match = /^(.+)-(\d+)$/.exec(videoId || "");
    const sequence = match && state.library.items.find((s) => s.sequence_id === match[1]);
    if (sequence && sequence.shots[0]) return `shot ${match[2]} of “${sequence.shots[0].character}”`;
    return videoId;
  };

  function item(video, state) {
    const name = S.clipTitle(video, state.templates);
    const spend = S.clipSpend(video, state.provider);
    const busy = S.isBusyVideo(video);
    const current = state.clip && state.clip.id === video.id;
    const key = video.id;
    const meta = [`${video.seconds} s clip`, S.formatDate(video.created_at)];
    const remixOf = video.remixed_from ? S.remixSource(video.remixed_from, state) : null;
    return el(
      "li",
      { class: "lib-item" + (current ? " current" : ""), dataset: { clipItem: video.id, status: video.status } },
      el(
        "button",
        {
          type: "button",
          class: "lib-open",
          id: `clip-open-${key}`,
          dataset: { action: "open" },
          "aria-label": `Open clip: ${name}`,
        },
        thumbnail(video),
        el("span", { class: `pill status-${video.status}`, text: S.STATUS_LABELS[video.status] || video.status })
      ),
      el(
        "div",
        { class: "lib-body" },
        el("p", { class: "lib-title", title: name, text: name }),
        el("p", { class: "lib-meta", text: meta.join(" · ") }),
        remixOf ? el("p", { class: "lib-meta lib-remix", title: remixOf, text: `Remix of ${remixOf}` }) : null,
        el("p", { class: "lib-spend" + (spend.free ? " free" : ""), dataset: { spend: "" }, text: spend.text })
      ),
      el(
        "div",
        { class: "lib-actions" },
        el("button", {
          type: "button",
          class: "btn small ghost",
          id: `clip-remix-${key}`,
          dataset: { action: "remix" },
          disabled: video.status !== "completed",
          title: video.status === "completed" ? null : "Only a finished clip can be remixed.",
          "aria-label": `Remix clip: ${name}`,
          text: "Remix",
        }),
        el("button", {
          type: "button",
          class: "btn small ghost danger",
          id: `clip-delete-${key}`,
          dataset: { action: "delete" },
          disabled: busy,
          title: busy ? "A clip that is being made cannot be deleted." : null,
          "aria-label": `Delete clip: ${name}`,
          text: "Delete",
        })
      )
    );
  }

  /** Wire the clips list; onOpen(id), onRemix(video, button), onDelete(id) and onMore() are the app's. */
  S.mountClips = function (store, root, { onOpen, onRemix, onDelete, onMore }) {
    const list = S.find("[data-clips]", root);
    const status = S.find("[data-clips-status]", root);
    const more = S.find('[data-action="more-clips"]', root);
    let shownCurrent = null;

    function render() {
      const state = store.state;
      const clips = state.clips;
      shownCurrent = state.clip ? state.clip.id : null;
      S.keepFocus(list, () => list.replaceChildren(...clips.items.map((video) => item(video, state))));
      if (S.disconnected(state)) status.textContent = "The clips show once the studio answers.";
      else if (clips.status === "error") status.textContent = clips.message;
      else if (clips.status === "loading" && !clips.items.length) status.textContent = "Loading…";
      else if (!clips.items.length) status.textContent = "No clips yet: single clips and remixes are kept here.";
      else status.textContent = "";
      status.hidden = !status.textContent;
      more.hidden = !clips.hasMore;
      more.disabled = clips.status === "loading";
    }

    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      const node = event.target.closest("[data-clip-item]");
      if (!button || !node || button.disabled) return;
      const video = store.state.clips.items.find((v) => v.id === node.dataset.clipItem);
      if (!video) return;
      const action = button.dataset.action;
      if (action === "open") onOpen(video.id);
      else if (action === "remix") onRemix(video, button);
      else if (action === "delete") {
        const name = S.clipTitle(video, store.state.templates);
        const text = `“${name}” will be removed from the studio. It cannot be undone.`;
        S.confirm({ title: "Delete this clip?", text, opener: button }).then((yes) => yes && onDelete(video.id));
      }
    });
    more.addEventListener("click", onMore);

    store.addEventListener("change", (event) => {
      const kind = event.detail.kind;
      const currentId = store.state.clip ? store.state.clip.id : null;
      // Live progress fires often; the list only needs a rebuild when the highlighted item changes.
      const moved = kind === "clip" && currentId !== shownCurrent;
      if (moved || ["clips", "library", "connection", "caps"].includes(kind)) render();
    });
    render();
  };
})(window.Studio);
