/*
 * Keyframes first, in the store: what the page keeps about the current sequence's stills beside what the
 * studio says (js/keyframes.js shows it). The notes typed for a re-roll, which still is being sent, the
 * approval on its way, the messages, and what the clips will cost. All of it belongs to one sequence:
 * another one shown starts afresh. Each change is announced as "keyframes" of the sequence mode.
 */
(function (S) {
  "use strict";

  /** Where a sequence is: drawing or choosing its stills ("stills"), or making its clips ("clips"). */
  S.keyframePhase = function (sequence) {
    if (!sequence || sequence.continuity !== "keyframes" || sequence.kind === "clip") return null;
    if (sequence.status === "completed" || sequence.shots.some((shot) => shot.video_id || shot.download_url)) {
      return "clips";
    }
    const allReady = sequence.shots.every((shot) => shot.keyframe_status === "ready");
    return sequence.approved && allReady ? "clips" : "stills";
  };

  /** A shot's still may still change: the clips have not started, and the studio is not drawing. */
  S.stillChangeable = (sequence, shot) =>
    ["awaiting_approval", "failed"].includes(sequence.status) &&
    !shot.video_id &&
    S.keyframePhase(sequence) === "stills";

  function fresh(sequenceId) {
    return {
      sequenceId,
      notes: new Map(), // shot number → the note typed for its next re-roll
      busy: new Map(), // shot number → "reroll" or "replace", while the request is out
      errors: new Map(), // shot number (or "approve") → what went wrong
      approving: false,
      clips: { status: "idle", usd: null, free: false }, // what the clips will cost, asked once
    };
  }

  Object.assign(S.Store.prototype, {
    /** The page's keyframe state of the current sequence (a new one for another sequence). */
    keyframes() {
      const mode = this.of("sequence");
      const current = mode.current ? mode.current.sequence_id : null;
      if (!mode.keyframes || mode.keyframes.sequenceId !== current) mode.keyframes = fresh(current);
      return mode.keyframes;
    },

    /** Typing a note: kept for the next rebuild, and no rebuild now, so the caret stays. */
    setStillNote(shotNumber, text) {
      this.keyframes().notes.set(shotNumber, text);
    },

    /** A re-roll or a replacement of a shot's still is on its way ("reroll", "replace"), or done (null). */
    setStillBusy(shotNumber, kind) {
      const state = this.keyframes();
      if (kind) state.busy.set(shotNumber, kind);
      else state.busy.delete(shotNumber);
      this.emit("keyframes", "sequence");
    },

    /** A message about a shot's still, or about the approval ("approve"); null clears it. */
    setStillError(key, message) {
      const state = this.keyframes();
      if (message) state.errors.set(key, message);
      else state.errors.delete(key);
      this.emit("keyframes", "sequence");
    },

    setApproving(approving) {
      this.keyframes().approving = approving;
      this.emit("keyframes", "sequence");
    },

    /** What the clips of `sequenceId` will cost: {status, usd, free}. Ignored once another one is shown. */
    setClipsCost(sequenceId, clips) {
      const state = this.keyframes();
      if (state.sequenceId !== sequenceId) return;
      state.clips = clips;
      this.emit("keyframes", "sequence");
    },
  });
})(window.Studio);
