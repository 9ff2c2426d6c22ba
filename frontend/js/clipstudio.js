/* The single-clip mode: what it does unlike a sequence (js/workspace.js has the rest), remix, the clips list. */
(function (S) {
  "use strict";

  const PAGE_SIZE = 100; // the library lists shots of sequences too; clips are picked out of it
  const CLIPS_WANTED = 24;
  const MAX_PAGES = 5;
  const REFRESH_MS = 3000;

  /** Wire the clip form, the clip panel, the clips list and the remix dialog to the studio. */
  S.mountClipStudio = function (store, { notify }) {
    const panel = S.find('[data-mode-panel="clip"]');
    const form = S.find("[data-clip-form]", panel);
    let refreshTimer = null;
    let ticket = 0; // only the newest load of the clips list may write it

    async function loadClips(more = false) {
      const clips = store.state.clips;
      const mine = ++ticket;
      store.set("clips", { clips: { ...clips, status: "loading" } });
      try {
        const found = more ? [...clips.items] : [];
        const wanted = found.length + CLIPS_WANTED;
        let after = more ? clips.after : null;
        let hasMore = true;
        for (let page = 0; hasMore && found.length < wanted && page < MAX_PAGES; page++) {
          const answer = await S.api.videos({ limit: PAGE_SIZE, after });
          found.push(...answer.data.filter((video) => video.kind === "clip"));
          after = answer.last_id || after;
          hasMore = answer.has_more;
        }
        if (mine !== ticket) return;
        const current = store.of("clip").current;
        const items = found.map((video) => (current && current.id === video.id ? current : video));
        store.set("clips", { clips: { status: "ok", items, message: "", after, hasMore } });
        refreshWhileBusy();
      } catch (err) {
        if (mine !== ticket) return;
        store.set("clips", { clips: { ...store.state.clips, status: "error", message: err.message } });
      }
    }

    /** Clips still being made that the panel does not follow: look again in a moment. */
    function refreshWhileBusy() {
      clearTimeout(refreshTimer);
      const current = store.of("clip").current;
      const others = store.state.clips.items.filter((v) => S.isBusyVideo(v) && (!current || v.id !== current.id));
      if (others.length) refreshTimer = setTimeout(() => loadClips(), REFRESH_MS);
    }

    const workspace = S.mountWorkspace(
      store,
      "clip",
      {
        busy: S.isBusyVideo,
        idOf: (video) => video.id,
        list: "clips",
        addToList: true,
        validate: S.validateClip,
        send(state) {
          const { fields, image } = S.clipRequest(state);
          return S.api.createClip(fields, image);
        },
        sent: (video) => store.putInList("clips", video, true),
        follow: (video, retriedShot, handlers) => S.followClip(video, { ...handlers, retriedShot }),
        gone: (video) => store.dropFromList("clips", video.id),
        // A clip is a one-shot sequence: its shot is retried, and it starts again from the queue.
        retry: (video) => S.api.retryClip(video).then(() => ({ ...video, status: "queued", progress: 0, error: null })),
        load: S.api.video,
        reload: () => loadClips(),
        remove: S.api.removeVideo,
        removed: (id) => store.dropFromList("clips", id),
        deleted: "Clip deleted.",
        listTitle: "#library-clips-title",
        legend: "Clip settings",
        estimate: "clipEstimate",
        output: { title: "Clip", titleId: "clip-output-title", box: "clip" },
        texts: {
          button: "Generate clip",
          sending: "Sending the prompt…",
          running: "Generating… see the Clip panel.",
        },
      },
      { notify }
    );

    /** Start a remix of a finished clip or shot; the dialog shows the error if the studio refuses. */
    async function remix(sourceId, prompt) {
      const video = await S.api.remix(sourceId, prompt);
      store.setMode("clip");
      store.putInList("clips", video, true);
      workspace.show(video);
      workspace.reveal();
      workspace.title.focus({ preventScroll: true });
    }

    const openRemix = S.mountRemix(store, { onRemix: remix });

    /** The remix dialog for a clip of the library. */
    function remixClip(video, button) {
      openRemix({ ...video, title: S.clipTitle(video, store.state.templates), label: "Remixing the clip" }, button);
    }

    /** The remix dialog for one finished shot of a sequence: a new clip, the sequence stays as it is. */
    function remixShot(sequence, shot, button) {
      const source = {
        id: `${sequence.sequence_id}-${shot.shot_number}`,
        title: shot.character || `Shot ${shot.shot_number}`,
        label: `Remixing shot ${shot.shot_number} as a new clip`,
        size: sequence.size,
        seconds: sequence.seconds,
        model: sequence.model,
        thumbnail_url: shot.thumbnail_url,
      };
      openRemix(source, button);
    }

    S.mountClipForm(store, form);
    S.mountOptions(store, "clip", form);
    S.mountEstimate(store, "clip", S.find("[data-clip-estimate]", form), { body: S.clipEstimate });
    S.mountClipView(store, S.find("[data-output]", panel), {
      onRemix: remixClip,
      onRetry: () => workspace.retry(1),
    });
    S.mountClips(store, S.find("[data-clips-panel]"), {
      onOpen: workspace.open,
      onRemix: remixClip,
      onDelete: workspace.remove,
      onMore: () => loadClips(true),
    });

    return { open: workspace.open, loadClips, remixShot };
  };
})(window.Studio);
