/* What the header always shows about the provider: the badge, and the studio's notice when it has one. */
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

  /** "SGLang diffusion (self-hosted)" → ["SGLang diffusion", "self-hosted"]; the badge shows them apart. */
  S.splitPresetName = function (name) {
    const match = /^(.*?)\s*\((.*)\)$/.exec(name || "");
    return match ? [match[1], match[2]] : [name || "", ""];
  };

  /** [tone, name, detail, full name] of the badge. */
  function badgeParts(state) {
    const { connection, provider } = state;
    if (connection.status === "locked") return ["error", "Waiting for the studio token", S.api.base, ""];
    if (connection.status === "error") return ["error", "Studio unreachable", S.api.base, ""];
    if (!provider) return ["pending", "Connecting…", S.api.base, ""];
    const full = provider.provider_name || provider.provider;
    if (provider.provider === "local_engine") return ["ok", "Local engine", "free · animatic previews", full];
    const [name, aside] = S.splitPresetName(full);
    const key = provider.key_configured ? `key ${provider.key_hint || "set"}` : "no key";
    const detail = [aside, hostOf(provider.base_url), key].filter(Boolean).join(" · ");
    return [provider.notice ? "warn" : "ok", name, detail, full];
  }

  S.providerLabel = (state) => badgeParts(state)[3] || badgeParts(state)[1];

  /** Wire the header badge and the notice under the header; onOpenSettings() opens the dialog. */
  S.mountProviderStatus = function (store, { onOpenSettings }) {
    const badge = S.find("[data-provider-status]");
    const notice = S.find("[data-provider-notice]");

    function renderBadge() {
      const [tone, name, detail, full] = badgeParts(store.state);
      badge.dataset.tone = tone;
      badge.dataset.provider = (store.state.provider && store.state.provider.provider) || "";
      badge.title = full || "";
      badge.replaceChildren(
        el("span", { class: "dot", "aria-hidden": "true" }),
        el("span", { class: "provider-name", text: name }),
        el("span", { class: "provider-detail", text: detail })
      );
    }

    function renderNotice() {
      const provider = store.state.provider;
      const text = !S.disconnected(store.state) && provider ? provider.notice : null;
      notice.hidden = !text;
      if (!text) {
        notice.replaceChildren();
        return;
      }
      notice.replaceChildren(
        el("span", { class: "notice-icon", "aria-hidden": "true", text: "!" }),
        el(
          "div",
          { class: "notice-body" },
          el("p", { class: "notice-title", text: S.providerLabel(store.state) }),
          el("p", { class: "notice-text", dataset: { noticeText: "" }, text })
        ),
        el("button", {
          type: "button",
          class: "btn small",
          dataset: { action: "notice-settings" },
          text: "Change provider",
        })
      );
    }

    notice.addEventListener("click", (event) => {
      if (event.target.closest('[data-action="notice-settings"]')) onOpenSettings();
    });

    store.watch(["provider", "connection", "caps"], () => {
      renderBadge();
      renderNotice();
    });
    renderBadge();
    renderNotice();
  };
})(window.Studio);
