/* Start-up and the sequence actions that tie the views to the studio: connect, generate, follow, retry, open,
   delete. The single-clip actions live in js/clipstudio.js. */
(function (S) {
  "use strict";

  const store = new S.Store();
  const form = S.find("[data-generate-form]");
  const output = S.find("[data-output]");
  const generateButton = S.find("[data-generate]");
  const generateHint = S.find("[data-generate-hint]");
  const banner = S.find("[data-banner]");
  const NOTICE_MS = 6000;
  let following = null;
  let noticeTimer = null;
  let routed = false; // the address is read once at start-up; only then does the page rewrite it
  let clips = null;

  /** Show a short message in the toast; errors stay until dismissed, other notes fade on their own. */
  function notify(message, tone = "info", action = null) {
    clearTimeout(noticeTimer);
    store.set("notice", { notice: message ? { message, tone, action } : null });
    if (message && tone !== "error") noticeTimer = setTimeout(() => notify(null), NOTICE_MS);
  }

  async function connect() {
    store.set("connection", { connection: { status: "connecting", message: "" } });
    try {
      const [caps, templates] = await Promise.all([S.api.capabilities(), S.api.templates()]);
      store.setCapabilities(caps, templates.data);
      if (store.state.notice && store.state.notice.action === "reconnect") notify(null);
    } catch (err) {
      // Refused for want of a token, the studio is there: the token dialog says what to do.
      const locked = S.api.isTokenRefusal(err);
      store.set("connection", { connection: { status: locked ? "locked" : "error", message: err.message } });
      const hint = locked ? "" : " Start it with “python backend/app.py”, or set its address in Provider settings.";
      notify(err.message + hint, "error", "reconnect");
      return false;
    }
    await Promise.all([loadLibrary(), clips.loadClips()]);
    return true;
  }

  async function loadLibrary() {
    store.set("library", { library: { ...store.state.library, status: "loading" } });
    try {
      const answer = await S.api.sequences(50);
      store.set("library", { library: { status: "ok", items: answer.data, message: "" } });
    } catch (err) {
      store.set("library", { library: { ...store.state.library, status: "error", message: err.message } });
    }
  }

  /** Keep the mode and what it shows in the address (#sequence=…, #clip, #clip=…), so a reload comes back. */
  function remember() {
    if (!routed) return;
    const { mode, sequence, clip } = store.state;
    let hash = "";
    if (mode === "clip") hash = clip ? `#clip=${encodeURIComponent(clip.id)}` : "#clip";
    else if (sequence) hash = `#sequence=${encodeURIComponent(sequence.sequence_id)}`;
    if (hash !== location.hash) history.replaceState(null, "", location.pathname + location.search + hash);
  }

  /** Show a sequence and keep it live until it is completed or failed. */
  function show(sequence, retriedShot = null) {
    if (following) following.close();
    following = null;
    store.set("sequence", { stitchVersion: null, stitchNote: null, retrying: new Set() });
    store.setSequence(sequence);
    if (!S.isUnfinished(sequence)) return;
    following = S.api.follow(sequence.sequence_id, {
      retriedShot,
      onUpdate(update) {
        const before = store.state.sequence;
        if (!before || before.sequence_id !== update.sequence_id) return;
        store.setSequence(update);
        if (before.status !== update.status) store.mergeIntoLibrary(update);
      },
      onGone() {
        store.setSequence(null);
        loadLibrary();
      },
    });
  }

  function focusFirstError() {
    const target = S.find('[aria-invalid="true"]', form) || S.find('[data-form-error="form"]:not([hidden])', form);
    if (!target) return;
    if (!target.hasAttribute("tabindex") && !target.matches("input, select, textarea, button")) target.tabIndex = -1;
    target.focus();
  }

  async function generate(event) {
    event.preventDefault();
    const state = store.state;
    if (state.submitting || S.isUnfinished(state.sequence) || !state.caps) return;
    const errors = S.validateDraft(state);
    store.setErrors(errors);
    if (Object.keys(errors).length) {
      focusFirstError();
      return;
    }
    const { payload, references } = S.buildRequest(state);
    store.set("submitting", { submitting: true });
    try {
      const sequence = await S.api.generate(payload, references);
      show(sequence);
      loadLibrary();
      output.scrollIntoView({ behavior: "smooth", block: "start" });
    } catch (err) {
      store.setErrors({ [err.field || "form"]: err.message });
      focusFirstError();
    } finally {
      store.set("submitting", { submitting: false });
    }
  }

  async function retry(shotNumber) {
    const sequence = store.state.sequence;
    if (!sequence) return;
    store.setRetrying(shotNumber, true);
    try {
      let answer = await S.api.retry(sequence.sequence_id, shotNumber);
      // The answer still says "failed" until the studio's worker picks the shot up; it is queued.
      if (answer.status === "failed") answer = { ...answer, status: "queued" };
      show(answer, shotNumber);
      store.mergeIntoLibrary(answer);
      S.find("[data-output-title]").focus({ preventScroll: true }); // the Retry button is gone now
    } catch (err) {
      store.setRetrying(shotNumber, false);
      notify(err.message, "error");
    }
  }

  async function restitch(transition) {
    const sequence = store.state.sequence;
    if (!sequence) return;
    store.set("sequence", { restitching: true, stitchNote: null });
    try {
      await S.api.stitch(sequence.sequence_id, transition, 0.5);
      const fresh = await S.api.sequence(sequence.sequence_id);
      const text = transition === "crossfade" ? "Re-stitched with crossfades." : "Re-stitched with straight cuts.";
      // A new file at the same URL: the version makes the player load it.
      store.set("sequence", { stitchVersion: String(Date.now()), stitchNote: { tone: "ok", text } });
      store.setSequence(fresh);
    } catch (err) {
      store.set("sequence", { stitchNote: { tone: "error", text: err.message } });
    } finally {
      store.set("sequence", { restitching: false });
    }
  }

  async function open(sequenceId) {
    try {
      store.setMode("sequence");
      show(await S.api.sequence(sequenceId));
      output.scrollIntoView({ behavior: "smooth", block: "start" });
      S.find("[data-output-title]").focus({ preventScroll: true });
    } catch (err) {
      notify(err.message, "error");
      if (err.status === 404) loadLibrary();
    }
  }

  async function remove(sequenceId) {
    try {
      await S.api.remove(sequenceId);
      const current = store.state.sequence;
      if (current && current.sequence_id === sequenceId) {
        if (following) following.close();
        store.setSequence(null);
      }
      notify("Sequence deleted.");
      await loadLibrary();
      S.find("[data-library-title]").focus();
    } catch (err) {
      notify(err.message, "error");
    }
  }

  function renderGenerate() {
    const { submitting, sequence, caps } = store.state;
    S.renderSubmit(generateButton, generateHint, {
      sending: submitting,
      running: S.isUnfinished(sequence),
      ready: Boolean(caps),
      sendingText: "Sending the shot list…",
      runningText: "Generating… see the Sequence panel.",
    });
  }

  function renderBanner() {
    const notice = store.state.notice;
    banner.hidden = !notice;
    if (!notice) return;
    banner.dataset.tone = notice.tone;
    // A lasting problem sits in the page, above the work; a passing note floats as a toast.
    banner.dataset.kind = notice.action ? "inline" : "toast";
    const parts = [S.el("p", { text: notice.message })];
    if (notice.action === "reconnect") {
      parts.push(
        S.el("button", { type: "button", class: "btn small", dataset: { action: "reconnect" }, text: "Try again" })
      );
    }
    parts.push(
      S.el("button", {
        type: "button",
        class: "btn small ghost",
        dataset: { action: "dismiss" },
        "aria-label": "Dismiss message",
        text: "✕",
      })
    );
    banner.replaceChildren(...parts);
  }

  banner.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    if (button.dataset.action === "reconnect") connect();
    else notify(null);
  });

  form.addEventListener("submit", generate);
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  store.addEventListener("change", (event) => {
    const kind = event.detail.kind;
    if (["submitting", "sequence", "caps", "connection"].includes(kind)) renderGenerate();
    if (kind === "notice") renderBanner();
    if (["mode", "sequence", "clip"].includes(kind)) remember();
  });

  S.mountShots(store, form);
  S.mountOptions(store, form);
  S.mountEstimate(store, form, { onData: S.dialogWarnings(store) });
  if (/^#clip(=|$)/.test(location.hash)) store.state.mode = "clip"; // before the tabs first render
  S.mountModes(store);
  clips = S.mountClipStudio(store, { notify });
  S.mountProgress(store, output, { onRetry: retry, onRestitch: restitch, onRemix: clips.remixShot });
  S.mountLibrary(store, S.find("[data-library-panel]"), {
    onOpen: open,
    onDelete: remove,
    onRefresh: () => Promise.all([loadLibrary(), clips.loadClips()]),
  });
  const settings = S.mountSettings(store, {
    onProviderChanged: connect,
    onAddressChanged: connect,
  });
  S.mountProviderStatus(store, { onOpenSettings: settings.open });
  S.mountUnlock({ onUnlocked: connect });
  renderGenerate();
  S.store = store; // handy in the console; nothing else reads it

  connect().then((ok) => {
    const sequence = /^#sequence=(.+)$/.exec(location.hash);
    const clip = /^#clip=(.+)$/.exec(location.hash);
    routed = true;
    if (ok && sequence) open(decodeURIComponent(sequence[1]));
    else if (ok && clip) clips.open(decodeURIComponent(clip[1]));
  });
})(window.Studio);
