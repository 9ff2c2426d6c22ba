/* Start-up: connect to the studio, mount both modes and the library, keep the address and the notices. */
(function (S) {
  "use strict";

  const store = new S.Store();
  const banner = S.find("[data-banner]");
  const NOTICE_MS = 6000;
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
    const mode = store.state.mode;
    const sequence = store.of("sequence").current;
    const clip = store.of("clip").current;
    let hash = "";
    if (mode === "clip") hash = clip ? `#clip=${encodeURIComponent(clip.id)}` : "#clip";
    else if (sequence) hash = `#sequence=${encodeURIComponent(sequence.sequence_id)}`;
    if (hash !== location.hash) history.replaceState(null, "", location.pathname + location.search + hash);
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

  store.watch(["notice"], renderBanner);
  store.watch(["mode", "current"], remember);

  if (/^#clip(=|$)/.test(location.hash)) store.state.mode = "clip"; // before the tabs first render
  S.mountModes(store);
  clips = S.mountClipStudio(store, { notify });
  const sequences = S.mountSequenceStudio(store, {
    notify,
    loadLibrary,
    onRefresh: () => Promise.all([loadLibrary(), clips.loadClips()]),
    onRemixShot: clips.remixShot,
  });
  const settings = S.mountSettings(store, {
    onProviderChanged: connect,
    onAddressChanged: connect,
  });
  S.mountProviderStatus(store, { onOpenSettings: settings.open });
  S.mountUnlock({ onUnlocked: connect });
  S.store = store; // handy in the console; nothing else reads it

  connect().then((ok) => {
    const sequence = /^#sequence=(.+)$/.exec(location.hash);
    const clip = /^#clip=(.+)$/.exec(location.hash);
    routed = true;
    if (ok && sequence) sequences.open(decodeURIComponent(sequence[1]));
    else if (ok && clip) clips.open(decodeURIComponent(clip[1]));
    else remember(); // a tab chosen while the page was still connecting
  });
})(window.Studio);
