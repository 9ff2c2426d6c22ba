/* Start-up and the actions that tie the views to the studio: connect, generate, follow, retry, open, delete. */
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
      store.set("connection", { connection: { status: "error", message: err.message } });
      const hint = "Start it with “python backend/app.py”, or set its address in Provider settings.";
      notify(`${err.message} ${hint}`, "error", "reconnect");
      return false;
    }
    await loadLibrary();
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

  /** Keep the open sequence in the address, so a reload comes back to it. */
  function remember(sequenceId) {
    const hash = sequenceId ? `#sequence=${encodeURIComponent(sequenceId)}` : "";
    history.replaceState(null, "", location.pathname + location.search + hash);
  }

  /** Show a sequence and keep it live until it is completed or failed. */
  function show(sequence, retriedShot = null) {
    if (following) following.close();
    following = null;
    store.set("sequence", { stitchVersion: null, stitchNote: null, retrying: new Set() });
    store.setSequence(sequence);
    remember(sequence.sequence_id);
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
        remember(null);
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
        remember(null);
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
    const running = S.isUnfinished(sequence);
    generateButton.disabled = submitting || running || !caps;
    generateButton.setAttribute("aria-busy", String(submitting || running));
    if (submitting) generateHint.textContent = "Sending the shot list…";
    else if (running) generateHint.textContent = "Generating… see the Sequence panel.";
    else if (!caps) generateHint.textContent = "Waiting for the studio…";
    else generateHint.textContent = "Ctrl + Enter also generates.";
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
  });

  S.mountShots(store, form);
  S.mountOptions(store, form);
  S.mountEstimate(store, form);
  S.mountProgress(store, output, { onRetry: retry, onRestitch: restitch });
  S.mountLibrary(store, S.find("[data-library-panel]"), { onOpen: open, onDelete: remove, onRefresh: loadLibrary });
  S.mountSettings(store, {
    onProviderChanged: connect,
    onAddressChanged: connect,
  });
  renderGenerate();
  S.store = store; // handy in the console; nothing else reads it

  connect().then((ok) => {
    const match = /^#sequence=(.+)$/.exec(location.hash);
    if (ok && match) open(decodeURIComponent(match[1]));
  });
})(window.Studio);
