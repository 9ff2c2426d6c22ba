/*
 * What both modes do the same way: check and send the form, show what it made and follow it live,
 * retry, open from the library, delete. A mode says what differs in its `config` (see js/sequence.js and
 * js/clipstudio.js).
 */
(function (S) {
  "use strict";

  /**
   * Wire the mode's workspace. `config`:
   *   busy(item): it is still being made; live(item), optional: it is followed live (default: busy);
   *   idOf(item): its id; list, its library list ("library", "clips");
   *   addToList: a new item goes into that list (else only known ones are updated);
   *   validate(state): {field: message}; send(state): starts it, resolves to the item;
   *   sent(item): after it started; follow(item, retriedShot, {onUpdate, onGone}): {close()};
   *   gone(item): it was deleted elsewhere; retry(item, shotNumber): resolves to the item to show;
   *   load(id), remove(id): the API calls; removed(id): after a deletion; reload(): the list again;
   *   deleted: the note after a deletion; listTitle: where focus goes then;
   *   legend: the name of its choices; estimate: the data attribute of its estimate box;
   *   output {title, titleId, box}: its output panel;
   *   texts {button, sending, running}: the Generate button's words.
   * Returns {show, open, retry, remove, generate, reveal, title}: the actions, and the output panel's heading.
   */
  S.mountWorkspace = function (store, mode, config, { notify }) {
    const panel = S.find(`[data-mode-panel="${mode}"]`);
    const form = S.find("form", panel);
    const { legend, estimate, texts } = config;
    S.formFoot(S.find("[data-form-foot]", form), { legend, slot: mode, estimate, label: texts.button });
    const output = S.el("section", { class: "panel output", dataset: { output: "" } });
    panel.append(output);
    S.outputPanel(output, config.output);
    const title = S.find("[data-output-title]", panel);
    const button = S.find("[data-generate]", form);
    const hint = S.find("[data-generate-hint]", form);
    const state = () => store.of(mode);
    let following = null;

    function reveal() {
      output.scrollIntoView({ behavior: "smooth", block: "start" });
    }

    /** Show an item (null for none) and keep it live until it is completed or failed. */
    function show(item, retriedShot = null) {
      if (following) following.close();
      following = null;
      store.begin(mode, item);
      if (!item || !(config.live || config.busy)(item)) return;
      following = config.follow(item, retriedShot, {
        onUpdate(update) {
          const before = state().current;
          if (!before || config.idOf(before) !== config.idOf(update)) return;
          store.setCurrent(mode, update);
          if (before.status !== update.status) store.putInList(config.list, update, config.addToList);
        },
        onGone() {
          store.setCurrent(mode, null);
          config.gone(item);
        },
      });
    }

    async function generate() {
      const { submitting, current } = state();
      if (submitting || config.busy(current) || !store.state.caps) return;
      const errors = config.validate(store.state);
      store.setErrors(mode, errors);
      if (Object.keys(errors).length) {
        S.focusFirstError(form, mode);
        return;
      }
      store.update(mode, "submitting", { submitting: true });
      try {
        const item = await config.send(store.state);
        config.sent(item);
        show(item);
        reveal();
      } catch (err) {
        store.setErrors(mode, { [err.field || "form"]: err.message });
        S.focusFirstError(form, mode);
      } finally {
        store.update(mode, "submitting", { submitting: false });
      }
    }

    async function retry(shotNumber) {
      const item = state().current;
      if (!item) return;
      store.setRetrying(mode, shotNumber, true);
      try {
        const next = await config.retry(item, shotNumber);
        show(next, shotNumber);
        store.putInList(config.list, next);
        title.focus({ preventScroll: true }); // the Retry button is gone now
      } catch (err) {
        store.setRetrying(mode, shotNumber, false);
        notify(err.message, "error");
      }
    }

    async function open(id) {
      try {
        store.setMode(mode);
        show(await config.load(id));
        reveal();
        title.focus({ preventScroll: true });
      } catch (err) {
        notify(err.message, "error");
        if (err.status === 404) config.reload();
      }
    }

    async function remove(id) {
      try {
        await config.remove(id);
        const current = state().current;
        if (current && config.idOf(current) === id) show(null);
        notify(config.deleted);
        await config.removed(id);
        S.find(config.listTitle).focus();
      } catch (err) {
        notify(err.message, "error");
      }
    }

    function renderButton() {
      const { submitting, current } = state();
      S.renderSubmit(button, hint, {
        sending: submitting,
        running: config.busy(current),
        ready: Boolean(store.state.caps),
        sendingText: config.texts.sending,
        runningText: config.texts.running,
      });
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      generate();
    });
    S.submitOnCtrlEnter(form);
    store.watch(["errors", "warnings"], () => S.renderMessages(form, state(), mode), mode);
    store.watch(["submitting", "current", "caps", "connection"], renderButton, mode);
    renderButton();
    return { show, open, retry, remove, generate, reveal, title };
  };
})(window.Studio);
