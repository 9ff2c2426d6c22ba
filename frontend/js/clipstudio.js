/* The single-clip actions: generate, follow, open, remix, try again, delete, and the clips list. */
(function (S) {
  "use strict";

  const PAGE_SIZE = 100; // the library lists shots of sequences too; clips are picked out of it
  const CLIPS_WANTED = 24;
  const MAX_PAGES = 5;
  const REFRESH_MS = 3000;

  /** Wire the clip form, the clip panel, the clips list and the remix dialog to the studio. */
  S.mountClipStudio = function (store, { notify }) {
    const form = S.find("[data-clip-form]");
    const output = S.find("[data-clip-output]");
    const title = S.find("[data-clip-output-title]");
    let following = null;
    let refreshTimer = null;
    let ticket = 0; // only the newest load of the clips list may write it

    function reveal() {
      output.scrollIntoView({ behavior: "smooth", block: "start" });
    }

    /** Show a clip in the clip panel and keep it live until it is completed or failed. */
    function show(video) {
      if (following) following.close();
      following = null;
      store.setClip(video);
      if (!S.isBusyVideo(video)) return;
      following = S.api.followClip(video, {
        onUpdate(update) {
          const before = store.state.clip;
          if (!before || before.id !== update.id) return;
          store.setClip(update);
          if (before.status !== update.status) store.mergeClip(update);
        },
        onGone() {
          store.setClip(null);
          store.dropClip(video.id);
        },
      });
    }

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
        const current = store.state.clip;
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
      const current = store.state.clip;
      const others = store.state.clips.items.filter((v) => S.isBusyVideo(v) && (!current || v.id !== current.id));
      if (others.length) refreshTimer = setTimeout(() => loadClips(), REFRESH_MS);
    }

    async function generate() {
      const state = store.state;
      if (state.clipSubmitting || S.isBusyVideo(state.clip) || !state.caps) return;
      const errors = S.validateClip(state);
      store.setClipErrors(errors);
      if (Object.keys(errors).length) {
        focusFirstError();
        return;
      }
      const { fields, image } = S.buildClipRequest(state);
      store.set("clipSubmitting", { clipSubmitting: true });
      try {
        const video = await S.api.createClip(fields, image);
        store.mergeClip(video);
        show(video);
        reveal();
      } catch (err) {
        const field = err.field && S.find(`[data-error-for="${CSS.escape(err.field)}"]`, form) ? err.field : "form";
        store.setClipErrors({ [field]: err.message });
        focusFirstError();
      } finally {
        store.set("clipSubmitting", { clipSubmitting: false });
      }
    }

    function focusFirstError() {
      const target = S.find('[aria-invalid="true"]', form) || S.find('[data-form-error="clip"]:not([hidden])', form);
      if (!target) return;
      if (!target.matches("input, select, textarea, button")) target.tabIndex = -1;
      target.focus();
    }

    async function open(videoId) {
      try {
        store.setMode("clip");
        show(await S.api.video(videoId));
        reveal();
        title.focus({ preventScroll: true });
      } catch (err) {
        notify(err.message, "error");
        if (err.status === 404) loadClips();
      }
    }

    /** Start a remix of a finished clip or shot; the dialog shows the error if the studio refuses. */
    async function remix(sourceId, prompt) {
      const video = await S.api.remix(sourceId, prompt);
      store.setMode("clip");
      store.mergeClip(video);
      show(video);
      reveal();
      title.focus({ preventScroll: true });
    }

    async function retry(video) {
      store.set("clip", { clipRetrying: true });
      try {
        await S.api.retryClip(video);
        store.set("clip", { clipRetrying: false });
        show({ ...video, status: "queued", progress: 0, error: null });
        title.focus({ preventScroll: true }); // the Try again button is gone now
      } catch (err) {
        store.set("clip", { clipRetrying: false });
        notify(err.message, "error");
      }
    }

    async function remove(videoId) {
      try {
        await S.api.removeVideo(videoId);
        if (store.state.clip && store.state.clip.id === videoId) {
          if (following) following.close();
          store.setClip(null);
        }
        store.dropClip(videoId);
        notify("Clip deleted.");
        S.find("#library-clips-title").focus();
      } catch (err) {
        notify(err.message, "error");
      }
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

    S.mountClipForm(store, form, { onSubmit: generate });
    S.mountOptions(store, form, "clipSettings");
    S.mountEstimate(store, form, {
      slot: "clipEstimate",
      selector: "[data-clip-estimate]",
      body: S.clipEstimateRequest,
      kinds: ["caps", "clipSettings"],
    });
    S.mountClipView(store, output, { onRemix: remixClip, onRetry: retry });
    S.mountClips(store, S.find("[data-clips-panel]"), {
      onOpen: open,
      onRemix: remixClip,
      onDelete: remove,
      onMore: () => loadClips(true),
    });

    return { open, loadClips, remixShot };
  };
})(window.Studio);
