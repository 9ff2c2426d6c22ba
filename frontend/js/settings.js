/* The Provider settings dialog: a preset, its key and base URL, and the studio's address. */
(function (S) {
  "use strict";

  const el = S.el;
  const AUTOMATIC = "";
  const AUTOMATIC_ABOUT =
    "Decided by what you enter: nothing is the local engine; a key alone is OpenAI's own API, which is " +
    "shut down; a key and a base URL is any OpenAI-compatible provider.";
  const PLACEHOLDER = /<[^>]*>|\byour-provider\.example\b/;

  function listWords(items) {
    return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
  }

  /** Short facts about a preset, as [text, tone] pairs. */
  function presetFacts(preset) {
    const facts = [preset.remix ? ["Remix", "ok"] : ["No remix", "warn"]];
    const prices = preset.prices ? Object.values(preset.prices) : null;
    if (!prices) facts.push(["Prices unknown", "warn"]);
    else if (prices.every((price) => !price)) facts.push(["Free", "ok"]);
    else facts.push([`From ${S.formatUsd(Math.min(...prices))} per second`, ""]);
    facts.push([`${listWords(preset.durations)} s clips`, ""]);
    return facts;
  }

  function presetNotes(preset) {
    const notes = preset.notes || "";
    if (preset.remix || /remix/i.test(notes)) return notes;
    return `${notes} No remix: later shots continue from the last frame.`.trim();
  }

  function baseUrlHelp(preset, id) {
    if (id === "local_engine") return "The local engine runs inside the studio: no address to set.";
    if (id === "openai") return "OpenAI's own address; leave empty for the same.";
    if (preset) return "The usual address of this provider: change the host and port to where yours answers.";
    return "Any /v1/videos provider: Azure OpenAI, a LiteLLM proxy, SGLang, vLLM-Omni…";
  }

  /** Wire the settings dialog; returns {open()}. onProviderChanged() reloads what depends on the provider. */
  S.mountSettings = function (store, { onProviderChanged, onAddressChanged }) {
    const dialog = S.find("[data-settings-dialog]");
    const names =
      "key-form preset-select preset-about key-input key-help base-url-input base-url-help provider-current " +
      "address-form address-input address-help pairing pairing-token";
    const ui = S.parts(dialog, names.split(" "));
    const { keyForm, presetSelect, presetAbout, keyInput, keyHelp, addressForm, addressInput, addressHelp } = ui;
    const { baseUrlInput: baseInput, baseUrlHelp: baseHelp, providerCurrent: current, pairing, pairingToken } = ui;
    let errors = {};
    let saving = false;

    const presets = () => (store.state.caps && store.state.caps.presets) || [];
    const chosenPreset = () => presets().find((preset) => preset.id === presetSelect.value) || null;

    function renderPresetChoices() {
      const chosen = presetSelect.value;
      presetSelect.replaceChildren(
        el("option", { value: AUTOMATIC, text: "Automatic (from the key and base URL)" }),
        ...presets().map((preset) => el("option", { value: preset.id, text: preset.name }))
      );
      presetSelect.value = chosen;
    }

    function renderPresetAbout() {
      const preset = chosenPreset();
      if (!preset) {
        presetAbout.replaceChildren(el("p", { class: "help", text: AUTOMATIC_ABOUT }));
      } else {
        const facts = presetFacts(preset).map(([text, tone]) =>
          el("li", { class: "fact", dataset: tone ? { tone } : {}, text })
        );
        presetAbout.replaceChildren(
          el("ul", { class: "preset-facts", "aria-label": "What this provider offers" }, facts),
          el("p", { class: "help", dataset: { presetNotes: "" }, text: presetNotes(preset) })
        );
      }
      const local = presetSelect.value === "local_engine";
      keyInput.disabled = local;
      baseInput.disabled = local;
      const provider = store.state.provider;
      if (local) keyHelp.textContent = "The local engine needs no key.";
      else if (provider && provider.key_configured) {
        keyHelp.textContent = `A key is stored (${provider.key_hint || "hidden"}). It is never shown again: saving with this field empty removes it.`;
      } else keyHelp.textContent = "Stored by the studio on this machine. It is never shown again.";
      baseInput.placeholder = (preset && preset.base_url) || "https://api.openai.com/v1";
      baseHelp.textContent = baseUrlHelp(preset, presetSelect.value);
    }

    function renderDialog() {
      const provider = store.state.provider;
      if (provider) {
        const key = provider.key_configured ? `a key is stored (${provider.key_hint || "hidden"})` : "no key is stored";
        current.textContent = `Now: ${S.providerLabel(store.state)} at ${provider.base_url}; ${key}.`;
      } else {
        current.textContent = "The studio has not answered yet.";
      }
      renderPresetAbout();
      S.renderErrors(dialog, errors, "key");
      for (const control of S.findAll("button, select", keyForm)) control.disabled = saving;
    }

    /** A preset fills in its own address; the one in use keeps the address it has. */
    function choosePreset() {
      const preset = chosenPreset();
      const provider = store.state.provider;
      errors = {};
      if (presetSelect.value === "local_engine") {
        keyInput.value = "";
        baseInput.value = "";
      } else if (preset && provider && provider.provider === preset.id) {
        baseInput.value = provider.base_url;
      } else if (preset) {
        baseInput.value = preset.base_url || "";
      }
      renderDialog();
      const placeholder = PLACEHOLDER.exec(baseInput.value);
      if (placeholder && placeholder[0].startsWith("<")) {
        baseInput.focus();
        baseInput.setSelectionRange(placeholder.index, placeholder.index + placeholder[0].length);
      }
    }

    /** Return {field: message} for what is missing or still a template. */
    function check(provider, apiKey, baseUrl) {
      if (provider === "local_engine") return {};
      if (PLACEHOLDER.test(baseUrl)) return { base_url: "Replace the example part of the base URL with your own." };
      if (provider === AUTOMATIC && !apiKey && !baseUrl) {
        return { api_key: "Enter a key, a base URL, or both; or choose the local engine as the provider." };
      }
      const preset = chosenPreset();
      if (preset && preset.id !== "openai" && !baseUrl) {
        return { base_url: `Enter the base URL of your ${S.splitPresetName(preset.name)[0]}.` };
      }
      return {};
    }

    async function save(apiKey, baseUrl, provider) {
      errors = {};
      saving = true;
      renderDialog();
      try {
        const info = await S.api.setKey(apiKey, baseUrl, provider || null);
        keyInput.value = ""; // the key is never shown back, not even to the person who typed it
        store.set("provider", { provider: info });
        dialog.close();
        onProviderChanged();
      } catch (err) {
        errors = { [err.field || "form"]: err.message };
      } finally {
        saving = false;
        renderDialog();
      }
    }

    function open() {
      errors = {};
      const provider = store.state.provider;
      renderPresetChoices();
      presetSelect.value = provider && presets().some((p) => p.id === provider.provider) ? provider.provider : "";
      keyInput.value = "";
      baseInput.value = provider && provider.provider !== "local_engine" ? provider.base_url : "";
      // Opened from disk, the page may talk to any studio; served, it shows the token that pairs such a page.
      addressForm.hidden = !S.api.openedFromDisk;
      addressInput.value = S.api.savedBase();
      addressInput.placeholder = "http://127.0.0.1:8080";
      addressHelp.textContent = `This page was opened from disk and talks to ${S.api.base}. A ?api= parameter in the page address also works.`;
      pairing.hidden = S.api.openedFromDisk;
      if (!S.api.openedFromDisk) showPairingToken();
      renderDialog();
      dialog.showModal();
      presetSelect.focus();
    }

    async function showPairingToken() {
      pairingToken.value = "";
      try {
        pairingToken.value = (await S.api.pairing()).token;
      } catch (err) {
        pairingToken.value = "";
        pairingToken.placeholder = err.message;
      }
    }

    presetSelect.addEventListener("change", choosePreset);
    const copyButton = S.find('[data-action="copy-token"]', dialog);
    copyButton.addEventListener("click", async () => {
      pairingToken.select();
      try {
        await navigator.clipboard.writeText(pairingToken.value);
        copyButton.textContent = "Copied";
      } catch (err) {
        copyButton.textContent = "Selected: press Ctrl+C";
      }
    });

    keyForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const provider = presetSelect.value;
      const apiKey = provider === "local_engine" ? "" : keyInput.value.trim();
      const baseUrl = provider === "local_engine" ? "" : baseInput.value.trim();
      errors = check(provider, apiKey, baseUrl);
      const field = Object.keys(errors)[0];
      if (field) {
        renderDialog();
        (field === "base_url" ? baseInput : keyInput).focus();
        return;
      }
      save(apiKey, baseUrl, provider);
    });
    S.find('[data-action="close-settings"]', dialog).addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      keyInput.value = ""; // however the dialog closes, a typed key does not linger in the page
    });

    addressForm.addEventListener("submit", (event) => {
      event.preventDefault();
      S.api.setBase(addressInput.value);
      dialog.close();
      onAddressChanged();
    });

    S.find('[data-action="open-settings"]').addEventListener("click", open);

    store.watch(["provider", "connection", "caps"], ({ kind }) => {
      if (!dialog.open) return;
      if (kind === "caps") renderPresetChoices();
      renderDialog();
    });
    return { open };
  };
})(window.Studio);
