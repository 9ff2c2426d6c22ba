/* The provider badge that is always visible, and the dialog that sets the key, base URL and studio address. */
(function (S) {
  "use strict";

  const el = S.el;

  function hostOf(url) {
    try {
      return new URL(url).host;
    } catch (err) {
      return url || "";
    }
  }

  function badgeParts(state) {
    const { connection, provider } = state;
    if (connection.status === "error") return ["error", "Studio unreachable", S.api.base];
    if (!provider) return ["pending", "Connecting…", S.api.base];
    if (provider.provider === "local_engine") return ["ok", "Local engine", "free · animatic previews"];
    const name = provider.provider === "openai" ? "OpenAI" : hostOf(provider.base_url);
    const key = provider.key_configured ? `key ${provider.key_hint || "set"}` : "no key";
    return [provider.key_configured ? "ok" : "warn", name, key];
  }

  /** Wire the header badge and the settings dialog; onSaved() reloads what depends on the provider. */
  S.mountSettings = function (store, { onProviderChanged, onAddressChanged }) {
    const badge = S.find("[data-provider-status]");
    const dialog = S.find("[data-settings-dialog]");
    const keyForm = S.find("[data-key-form]", dialog);
    const keyInput = S.find("[data-key-input]", dialog);
    const baseInput = S.find("[data-base-url-input]", dialog);
    const current = S.find("[data-provider-current]", dialog);
    const addressForm = S.find("[data-address-form]", dialog);
    const addressInput = S.find("[data-address-input]", dialog);
    const addressHelp = S.find("[data-address-help]", dialog);
    let errors = {};
    let saving = false;

    function renderBadge() {
      const [tone, name, detail] = badgeParts(store.state);
      badge.dataset.tone = tone;
      badge.replaceChildren(
        el("span", { class: "dot", "aria-hidden": "true" }),
        el("span", { class: "provider-name", text: name }),
        el("span", { class: "provider-detail", text: detail })
      );
    }

    function renderDialog() {
      const provider = store.state.provider;
      if (provider) {
        const key = provider.key_configured ? `a key is stored (${provider.key_hint || "hidden"})` : "no key is stored";
        current.textContent = `Now: ${badgeParts(store.state)[1]} at ${provider.base_url}; ${key}.`;
      } else {
        current.textContent = "The studio has not answered yet.";
      }
      S.renderErrors(dialog, errors, "key");
      for (const button of S.findAll("button", keyForm)) button.disabled = saving;
    }

    async function save(apiKey, baseUrl) {
      errors = {};
      saving = true;
      renderDialog();
      try {
        const info = await S.api.setKey(apiKey, baseUrl);
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

    keyForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!keyInput.value.trim() && !baseInput.value.trim()) {
        errors = { api_key: "Enter a key, a base URL, or both. To go back to the local engine, use that button." };
        renderDialog();
        keyInput.focus();
        return;
      }
      save(keyInput.value.trim(), baseInput.value.trim());
    });
    S.find('[data-action="use-local-engine"]', dialog).addEventListener("click", () => save("", ""));
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

    S.find('[data-action="open-settings"]').addEventListener("click", () => {
      errors = {};
      const provider = store.state.provider;
      keyInput.value = "";
      baseInput.value = provider && provider.provider !== "local_engine" ? provider.base_url : "";
      addressInput.value = S.api.savedBase();
      addressInput.placeholder = S.api.openedFromDisk ? "http://127.0.0.1:8080" : location.origin;
      addressHelp.textContent = S.api.openedFromDisk
        ? `This page was opened from disk and talks to ${S.api.base}. A ?api= parameter in the page address also works.`
        : `This page is served by the studio at ${location.origin}; leave empty to keep using it.`;
      renderDialog();
      dialog.showModal();
      keyInput.focus();
    });

    store.addEventListener("change", (event) => {
      if (["provider", "connection", "caps"].includes(event.detail.kind)) {
        renderBadge();
        if (dialog.open) renderDialog();
      }
    });
    renderBadge();
  };
})(window.Studio);
