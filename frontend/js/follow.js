/* Live progress of a sequence or a clip: Server-Sent Events, or polling through S.api when they fail. */
(function (S) {
  "use strict";

  const POLL_MS = 1000;
  const POLL_BACKOFF_MS = 3000;

  function settled(sequence, retriedShot) {
    if (!["completed", "failed"].includes(sequence.status)) return false;
    if (!retriedShot) return true;
    // Right after a retry the row still says "failed" until the driver picks the shot up.
    const shot = sequence.shots.find((s) => s.shot_number === retriedShot);
    return !shot || shot.status !== "queued";
  }

  /**
   * Follow a sequence live. Calls onUpdate(sequence) on each change and onGone() if it is deleted;
   * closes itself once the sequence is completed or failed. Returns {close()}.
   */
  S.follow = function (sequenceId, { onUpdate, onGone, retriedShot = null }) {
    let closed = false;
    let source = null;
    let timer = null;
    let sawWork = false;

    const handle = {
      close() {
        closed = true;
        if (source) source.close();
        clearTimeout(timer);
      },
    };

    function deliver(sequence) {
      if (closed) return;
      if (!settled(sequence, null)) sawWork = true;
      onUpdate(sequence);
      if (settled(sequence, sawWork ? null : retriedShot)) handle.close();
    }

    function gone() {
      handle.close();
      if (onGone) onGone();
    }

    async function poll() {
      if (closed) return;
      let delay = POLL_MS;
      try {
        deliver(await S.api.sequence(sequenceId));
      } catch (err) {
        if (err.status === 404) return gone();
        delay = POLL_BACKOFF_MS;
      }
      if (!closed) timer = setTimeout(poll, delay);
    }

    if (typeof EventSource !== "function") {
      poll();
      return handle;
    }
    source = new EventSource(S.api.mediaUrl(`/api/sequences/${encodeURIComponent(sequenceId)}/events`));
    source.addEventListener("sequence", (event) => deliver(JSON.parse(event.data)));
    source.addEventListener("deleted", gone);
    source.addEventListener("error", () => {
      // CONNECTING means the browser reconnects by itself; CLOSED means it gave up.
      if (closed || source.readyState !== EventSource.CLOSED) return;
      source = null;
      poll();
    });
    return handle;
  };

  /** What a sequence event says about a clip, when the clip itself cannot be fetched. */
  function shotAsVideo(shot) {
    const { status, progress, error, download_url, thumbnail_url } = shot;
    return { status, progress, error, download_url, thumbnail_url };
  }

  /**
   * Follow a clip live through its one-shot sequence: onUpdate(video) gets the status and progress
   * of shots[0] while it runs, then the full video (player and download URLs) once it has settled.
   */
  S.followClip = function (video, { onUpdate, onGone, retriedShot = null }) {
    let fetched = false;
    const handle = S.follow(video.sequence_id, {
      onGone,
      retriedShot,
      onUpdate(sequence) {
        const shot = sequence.shots[0];
        if (!shot || fetched) return;
        if (shot.status === "queued" || shot.status === "in_progress") {
          onUpdate({ ...video, status: shot.status, progress: shot.progress, error: null });
          return;
        }
        fetched = true;
        handle.close();
        S.api
          .video(video.id)
          .then(onUpdate)
          .catch((err) => (err.status === 404 && onGone ? onGone() : onUpdate({ ...video, ...shotAsVideo(shot) })));
      },
    });
    return handle;
  };
})(window.Studio);
