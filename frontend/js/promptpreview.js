/*
 * The exact prompt of each shot before anything is paid: asked of the studio (POST /api/preview, debounced)
 * whenever the draft changes, shown in each card with what the shot continues from and why, and its
 * warnings. A shot's prompt can be edited by hand (sent as written) and given back to the director.
 */
(function (S) {
  "use strict";

  const el = S.el;
  const DEBOUNCE_MS = 450;

  /** Whether a shot says who and where: the studio plans the shots together, so each must. */
  const complete = (shot) =>
    Boolean((shot.character.trim() || shot.cast.length) && (shot.environment.trim() || shot.location !== null));

  /** The skeleton of a card's prompt block; S.fillPreview puts the studio's answer in it. */
  S.previewBlock = function (shot, index) {
    const n = index + 1;
    const titleId = `shot-${shot.id}-prompt-title`;
    const edited = shot.prompt !== null;
    const action = edited
      ? { action: "restore-prompt", text: "Back to the director's prompt", label: null }
      : { action: "edit-prompt", text: "Edit prompt", label: `Edit prompt of shot ${n}` };
    let body;
    if (edited) {
      const input = el("textarea", { id: `shot-${shot.id}-prompt`, rows: 8, dataset: { field: "prompt" } });
      input.value = shot.prompt;
      body = S.field(input, {
        label: `Prompt of shot ${n}, edited`,
        help: "Sent exactly as written: the fields above no longer change it.",
        errorFor: S.fieldName(index, "prompt"),
        className: "prompt-edit",
      });
    } else {
      body = el("pre", {
        class: "prompt-text",
        tabindex: "0",
        role: "region",
        "aria-label": `Prompt of shot ${n}`,
        dataset: { promptText: "" },
      });
    }
    return el(
      "section",
      { class: "prompt-preview", dataset: { preview: String(shot.id) }, "aria-labelledby": titleId },
      el(
        "div",
        { class: "preview-head" },
        el("h4", { id: titleId, text: edited ? "Your prompt" : "Prompt the provider gets" }),
        edited ? el("span", { class: "edited-pill", text: "Edited by hand" }) : null,
        el("button", {
          type: "button",
          class: "btn small ghost",
          id: `shot-${shot.id}-${action.action}`,
          dataset: { action: action.action },
          "aria-label": action.label,
          text: action.text,
        })
      ),
      el("p", { class: "preview-status", dataset: { previewStatus: "" } }),
      el("p", { class: "continuity-line", dataset: { previewNote: "" } }),
      el("ul", { class: "preview-warnings", dataset: { previewWarnings: "" } }),
      body
    );
  };

  /** What a block says about the state of its preview, or "" when it is current. */
  function statusText(preview, shot, planned, waitingFor) {
    if (!complete(shot)) return "Say who is in this shot and where, and its prompt appears here.";
    if (waitingFor) return `Out of date until shot ${waitingFor} says who and where: the shots are planned together.`;
    if (preview.status === "error") return `No preview: ${preview.message}`;
    if (!planned) return "Planning…";
    return preview.status === "loading" ? "Updating…" : "";
  }

  /** Put the studio's plan of one shot in its block. */
  S.fillPreview = function (block, shot, index, state) {
    const sequence = state.sequenceMode;
    const preview = sequence.preview;
    const planned = preview.byShot.get(shot.id) || null;
    const incomplete = sequence.draft.shots.findIndex((other) => !complete(other));
    const waitingFor = incomplete >= 0 && incomplete !== index ? incomplete + 1 : null;
    const status = statusText(preview, shot, planned, waitingFor);
    const parts = S.parts(block, ["preview-status", "preview-note", "preview-warnings", "prompt-text"]);
    parts.previewStatus.textContent = status;
    parts.previewStatus.hidden = !status;
    block.dataset.state = !planned ? "empty" : status ? "stale" : "current";
    parts.previewNote.textContent = planned ? planned.continuity_note : "";
    parts.previewNote.hidden = !planned;
    // The dialog's length is already said under the Dialog field: not twice.
    const said = sequence.warnings[S.fieldName(index, "dialog")];
    const warnings = planned ? planned.warnings.filter((text) => text !== said) : [];
    parts.previewWarnings.replaceChildren(
      ...warnings.map((text) => el("li", { class: "field-warning", dataset: { previewWarning: "" }, text }))
    );
    parts.previewWarnings.hidden = !warnings.length;
    if (parts.promptText) {
      parts.promptText.textContent = planned ? planned.prompt : "";
      parts.promptText.hidden = !planned;
    }
    const edit = S.find('[data-action="edit-prompt"]', block);
    if (edit) edit.disabled = !planned;
    // Under Continue from: what "Automatic" picks now, so choosing another shot is a choice against something.
    const help = document.getElementById(`shot-${shot.id}-continue-from-help`);
    if (help) help.textContent = continueHelp(shot, planned);
  };

  function continueHelp(shot, planned) {
    if (shot.newScene) return "A new scene continues from nothing.";
    if (shot.continueFrom !== null) return "Chosen by you; the note below says what it shares.";
    if (!planned) return "Automatic: the shot that shares its people.";
    if (!planned.source_shot) return "Automatic: none fits, it starts fresh.";
    return `Automatic picks shot ${planned.source_shot} now.`;
  }

  /** Fill every card's block in `list` from the store. */
  S.renderPreviews = function (store, list) {
    const shots = store.of("sequence").draft.shots;
    shots.forEach((shot, index) => {
      const block = S.find(`[data-preview="${shot.id}"]`, list);
      if (block) S.fillPreview(block, shot, index, store.state);
    });
  };

  /** Keep the previews of the shot list in `list` current, and wire editing a prompt by hand. */
  S.mountPreview = function (store, list) {
    let timer = null;
    let lastBody = "";
    let ticket = 0;
    const sequence = () => store.of("sequence");
    const setPreview = (changes) =>
      store.update("sequence", "preview", { preview: { ...sequence().preview, ...changes } });

    async function refresh() {
      const draft = sequence().draft;
      // A shot without who or where would only be refused: wait until every shot says both.
      if (!store.state.caps || !draft.shots.every(complete)) return;
      const body = S.previewRequest(store.state);
      const text = JSON.stringify(body);
      if (text === lastBody) return;
      lastBody = text;
      const ids = draft.shots.map((shot) => shot.id);
      const mine = ++ticket;
      setPreview({ status: "loading" });
      try {
        const answer = await S.api.preview(body);
        if (mine !== ticket) return; // a newer draft already asked
        const byShot = new Map(answer.shots.map((planned, i) => [ids[i], planned]));
        setPreview({ status: "ok", byShot, message: "" });
      } catch (err) {
        if (mine !== ticket) return;
        lastBody = "";
        setPreview({ status: "error", message: err.message });
      }
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(refresh, DEBOUNCE_MS);
    }

    list.addEventListener("click", (event) => {
      const button = event.target.closest('button[data-action$="-prompt"]');
      const card = button && button.closest("[data-shot-id]");
      if (!card) return;
      const id = Number(card.dataset.shotId);
      if (button.dataset.action === "edit-prompt") {
        const planned = sequence().preview.byShot.get(id);
        if (!planned) return;
        store.setShot(id, { prompt: planned.prompt });
        const input = document.getElementById(`shot-${id}-prompt`);
        if (input) input.focus();
      } else if (button.dataset.action === "restore-prompt") {
        store.setShot(id, { prompt: null });
        const index = sequence().draft.shots.findIndex((shot) => shot.id === id);
        store.setError("sequence", S.fieldName(index, "prompt"), null);
        const edit = document.getElementById(`shot-${id}-edit-prompt`);
        if (edit) edit.focus();
      }
    });

    store.watch(["caps"], () => (lastBody = ""));
    store.watch(["caps", "settings", "shots", "draft", "image", "story", "story-text"], schedule, "sequence");
    store.watch(["preview", "warnings"], () => S.renderPreviews(store, list), "sequence");
    schedule();
  };
})(window.Studio);
