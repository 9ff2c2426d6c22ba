/*
 * What the storyboard strip does (js/keyframes.js draws it): a re-roll with a note, a picture of your own, the
 * approval, each sent through S.api and then followed live like any change of the sequence; and, while the
 * stills wait, what their clips will cost.
 */
(function (S) {
  "use strict";

  /**
   * Wire the strip's controls inside `box` (the sequence panel). `show(sequence, retriedShot)` shows and follows a
   * sequence the studio answered; `title` takes focus once the approve button is gone.
   */
  S.mountStoryboard = function (store, box, { show, title }) {
    const current = () => store.of("sequence").current;

    /** Send one request about the current sequence's stills, then show and follow what the studio answered. */
    async function send(key, call, { busy, done }) {
      const sequence = current();
      if (!sequence) return;
      store.setStillError(key, null);
      busy(true);
      try {
        const answer = await call(sequence.sequence_id);
        if (done) done();
        // A failed sequence the studio starts again still says "failed": follow it until the shot moves on.
        const shown = answer.status === "failed" ? { ...answer, status: "running" } : answer;
        show(shown, typeof key === "number" ? key : null);
        store.putInList("library", answer);
      } catch (err) {
        store.setStillError(key, err.message);
      } finally {
        busy(false);
      }
    }

    function reroll(n) {
      const note = (store.keyframes().notes.get(n) || "").trim();
      send(n, (id) => S.api.rerollKeyframe(id, n, note), {
        busy: (on) => store.setStillBusy(n, on ? "reroll" : null),
        done: () => store.setStillNote(n, ""),
      });
    }

    function replace(n, file) {
      const problem = S.checkImage(file, store.state.caps);
      if (problem) return store.setStillError(n, problem);
      send(n, (id) => S.api.replaceKeyframe(id, n, file), {
        busy: (on) => store.setStillBusy(n, on ? "replace" : null),
      });
    }

    function approve() {
      send("approve", (id) => S.api.approve(id), { busy: (on) => store.setApproving(on) }).then(() => {
        if (!S.find("#approve-stills", box)) title.focus({ preventScroll: true });
      });
    }

    /** What the clips will cost, asked once per sequence that waits for approval (nothing is stored or paid). */
    async function priceClips() {
      const sequence = current();
      if (!sequence || sequence.status !== "awaiting_approval" || store.keyframes().clips.status !== "idle") return;
      const id = sequence.sequence_id;
      store.keyframes().clips = { status: "loading", usd: null, free: false };
      const { model, size, seconds } = sequence;
      try {
        const shots = sequence.shots.map((shot) => ({ seconds: shot.seconds || seconds }));
        const answer = await S.api.estimate({ model, size, seconds, shots });
        store.setClipsCost(id, { status: "ok", usd: answer.clips_usd, free: answer.free });
      } catch (err) {
        store.setClipsCost(id, { status: "error", usd: null, free: false });
      }
    }

    box.addEventListener("input", (event) => {
      const n = event.target.dataset.stillNote;
      if (n) store.setStillNote(Number(n), event.target.value);
    });
    box.addEventListener("keydown", (event) => {
      const n = event.target.dataset.stillNote;
      if (n && event.key === "Enter") {
        event.preventDefault();
        S.find(`#still-reroll-${n}`, box).click();
      }
    });
    box.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button || button.disabled || button.getAttribute("aria-disabled") === "true") return;
      const n = Number(button.dataset.shot);
      if (button.dataset.action === "reroll-still") reroll(n);
      else if (button.dataset.action === "replace-still") S.find(`#still-file-${n}`, box).click();
      else if (button.dataset.action === "approve-stills") approve();
    });
    box.addEventListener("change", (event) => {
      const n = event.target.dataset.stillFile;
      const file = n && event.target.files[0];
      if (file) replace(Number(n), file);
    });
    store.watch(["current"], priceClips, "sequence");
  };
})(window.Studio);
