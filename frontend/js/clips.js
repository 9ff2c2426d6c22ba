/* The clips in the library: thumbnail, status, spend; open, remix and delete each one. */
(function (S) {
  "use strict";

  const el = S.el;

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

  function card(video, state, current) {
    const name = S.clipTitle(video, state.templates);
    const busy = S.isBusyVideo(video);
    const key = video.id;
    const remixOf = video.remixed_from ? S.remixSource(video.remixed_from, state) : null;
    return S.libraryCard({
      dataset: { clipItem: key },
      current,
      open: { label: `Open clip: ${name}`, id: `clip-open-${key}` },
      thumb: S.thumb(video.thumbnail_url, { busy }),
      status: video.status,
      title: name,
      lines: [
        [S.facts([`${video.seconds} s clip`, S.formatDate(video.created_at)]), "lib-meta"],
        remixOf ? [`Remix of ${remixOf}`, "lib-meta lib-remix", remixOf] : null,
      ],
      spend: S.clipSpend(video, state.provider),
      actions: [
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
        }),
      ],
    });
  }

  /** Wire the clips list; onOpen(id), onRemix(video, button), onDelete(id) and onMore() are the app's. */
  S.mountClips = function (store, root, { onOpen, onRemix, onDelete, onMore }) {
    const more = S.find('[data-action="more-clips"]', root);
    S.mountLibraryList(store, "clips", {
      list: S.find("[data-clips]", root),
      status: S.find("[data-clips-status]", root),
      mode: "clip",
      key: "id",
      hook: "clipItem",
      card,
      texts: {
        offline: "The clips show once the studio answers.",
        empty: "No clips yet: single clips and remixes are kept here.",
      },
      onAction(action, video, button) {
        if (action === "open") onOpen(video.id);
        else if (action === "remix") onRemix(video, button);
        else if (action === "delete") {
          const name = S.clipTitle(video, store.state.templates);
          const text = `“${name}” will be removed from the studio. It cannot be undone.`;
          S.confirm({ title: "Delete this clip?", text, opener: button }).then((yes) => yes && onDelete(video.id));
        }
      },
    });

    function renderMore() {
      const clips = store.state.clips;
      more.hidden = !clips.hasMore;
      more.disabled = clips.status === "loading";
    }
    more.addEventListener("click", onMore);
    store.watch(["clips"], renderMore);
    renderMore();
  };
})(window.Studio);
