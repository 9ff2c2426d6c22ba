/* The sequence mode: what it does unlike a single clip (js/workspace.js has the rest), and re-stitching. */
(function (S) {
  "use strict";

  /**
   * Wire the shot list, its choices and estimate, the sequence panel and the library of sequences.
   * `loadLibrary()` reloads that library; `onRemixShot(sequence, shot, button)` opens the remix dialog.
   */
  S.mountSequenceStudio = function (store, { notify, loadLibrary, onRefresh, onRemixShot }) {
    const panel = S.find('[data-mode-panel="sequence"]');
    const form = S.find("[data-generate-form]", panel);

    const workspace = S.mountWorkspace(
      store,
      "sequence",
      {
        busy: S.isUnfinished,
        // Stills that wait for approval are followed too: a re-roll, a replacement, the approval come in live.
        live: (sequence) => S.isUnfinished(sequence) || sequence.status === "awaiting_approval",
        idOf: (sequence) => sequence.sequence_id,
        list: "library",
        addToList: false,
        validate: S.validateSequence,
        send(state) {
          const { payload, uploads } = S.sequenceRequest(state);
          return S.api.generate(payload, uploads);
        },
        sent: () => loadLibrary(),
        follow: (sequence, retriedShot, handlers) => S.follow(sequence.sequence_id, { ...handlers, retriedShot }),
        gone: () => loadLibrary(),
        async retry(sequence, shotNumber) {
          const answer = await S.api.retry(sequence.sequence_id, shotNumber);
          // The answer still says "failed" until the studio's worker picks the shot up; it is queued.
          return answer.status === "failed" ? { ...answer, status: "queued" } : answer;
        },
        load: S.api.sequence,
        reload: () => loadLibrary(),
        remove: S.api.remove,
        removed: () => loadLibrary(),
        deleted: "Sequence deleted.",
        listTitle: "[data-library-title]",
        legend: "Sequence settings",
        estimate: "estimate",
        output: { title: "Sequence", titleId: "output-title", box: "sequence" },
        texts: {
          button: "Generate",
          sending: "Sending the shot list…",
          running: "Generating… see the Sequence panel.",
        },
      },
      { notify }
    );

    async function restitch(transition) {
      const sequence = store.of("sequence").current;
      if (!sequence) return;
      store.setStitch({ busy: true, note: null });
      try {
        await S.api.stitch(sequence.sequence_id, transition, 0.5);
        const fresh = await S.api.sequence(sequence.sequence_id);
        const text = transition === "crossfade" ? "Re-stitched with crossfades." : "Re-stitched with straight cuts.";
        // A new file at the same URL: the version makes the player load it.
        store.setStitch({ version: String(Date.now()), note: { tone: "ok", text } });
        store.setCurrent("sequence", fresh);
      } catch (err) {
        store.setStitch({ note: { tone: "error", text: err.message } });
      } finally {
        store.setStitch({ busy: false });
      }
    }

    S.mountStoryboardBar(store, form);
    S.mountStoryPanel(store, form);
    S.mountStoryLibrary(store, S.find("[data-story-panel]", form), { notify });
    S.mountShots(store, form);
    S.mountPreview(store, S.find("[data-shot-list]", form));
    S.mountOptions(store, "sequence", form);
    S.mountEstimate(store, "sequence", S.find("[data-estimate]", form), {
      body: S.sequenceEstimate,
      onData: S.dialogWarnings(store),
    });
    S.mountSequenceView(store, S.find("[data-output]", panel), {
      onRetry: workspace.retry,
      onRestitch: restitch,
      onRemix: onRemixShot,
    });
    S.mountStoryboard(store, S.find("[data-sequence]", panel), { show: workspace.show, title: workspace.title });
    S.mountLibrary(store, S.find("[data-library-panel]"), {
      onOpen: workspace.open,
      onDelete: workspace.remove,
      onRefresh,
    });
    return { open: workspace.open };
  };
})(window.Studio);
