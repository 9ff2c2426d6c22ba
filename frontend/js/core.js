/* The one namespace every script shares, and small DOM helpers. Loaded first. */
(function () {
  "use strict";

  const Studio = (window.Studio = window.Studio || {});

  /**
   * Build an element. `attrs` go through properties or setAttribute; children that are strings
   * become text nodes, so user text can never turn into markup.
   */
  Studio.el = function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name === "dataset") Object.assign(node.dataset, value);
      else if (name === "style") node.style.cssText = value; // CSSOM, which the page's CSP allows
      else if (name === "value") node.value = value;
      else if (typeof value === "boolean") name in node ? (node[name] = value) : node.toggleAttribute(name, value);
      else node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  };

  /** Find one element by a data attribute selector inside `root` (default: the document). */
  Studio.find = (selector, root) => (root || document).querySelector(selector);
  Studio.findAll = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  /**
   * Find several parts of `root` at once by their data attributes: ["key-form", "preset-select"] gives
   * {keyForm, presetSelect}, the elements [data-key-form] and [data-preset-select].
   */
  Studio.parts = function (root, names) {
    const found = {};
    for (const name of names) {
      found[name.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = Studio.find(`[data-${name}]`, root);
    }
    return found;
  };

  Studio.STATUS_LABELS = {
    queued: "Queued",
    running: "Running",
    awaiting_approval: "Awaiting approval",
    in_progress: "Rendering",
    stitching: "Stitching",
    completed: "Completed",
    failed: "Failed",
  };

  /** The studio did not answer, or answered that it wants a token first. */
  Studio.disconnected = (state) => ["error", "locked"].includes(state.connection.status);

  Studio.isUnfinished = (sequence) =>
    Boolean(sequence) && ["queued", "running", "stitching"].includes(sequence.status);

  Studio.formatUsd = (value) =>
    value === null || value === undefined ? "unknown" : "$" + Number(value).toFixed(2);

  /** A CSS custom property that gives a media box the frame's aspect ratio, e.g. "720x1280". */
  Studio.aspectStyle = (size) => (/^\d+x\d+$/.test(size || "") ? `--ar: ${size.replace("x", " / ")}` : null);

  /** A clip (a Video of the library API) that is still being made. */
  Studio.isBusyVideo = (video) => Boolean(video) && ["queued", "in_progress"].includes(video.status);

  /** What a sequence has cost so far: {text, free}. The local engine costs nothing. */
  Studio.sequenceSpend = function (sequence) {
    const cost = sequence.cost || {};
    if (cost.estimated_usd === 0 && !cost.spent_usd) return { text: "Spent: free", free: true };
    return { text: `Spent: ${Studio.formatUsd(cost.spent_usd)}`, free: false };
  };

  /**
   * What a clip has cost: {text, free}. A clip carries only its spend, so "free" is a finished clip
   * that cost nothing, or any clip while the studio runs on its free local engine.
   */
  Studio.clipSpend = function (video, provider) {
    const spent = video.spent_usd;
    if (spent === null || spent === undefined) return { text: "Spent: unknown", free: false };
    const local = Boolean(provider) && provider.provider === "local_engine";
    if (spent === 0 && (video.estimated_usd === 0 || video.status === "completed" || local)) {
      return { text: "Spent: free", free: true };
    }
    return { text: `Spent: ${Studio.formatUsd(spent)}`, free: false };
  };

  /**
   * The studio appends the chosen template's text to a clip's prompt ("…\nStyle: …"); split it
   * back into what the person wrote and the template's name.
   */
  Studio.splitPrompt = function (prompt, templates) {
    const text = String(prompt || "");
    const at = text.lastIndexOf("\nStyle: ");
    if (at < 0) return { text: text.trim(), style: null };
    const styleText = text.slice(at + "\nStyle: ".length).trim();
    const template = (templates || []).find((t) => t.style === styleText);
    return { text: text.slice(0, at).trim(), style: template ? template.name : "custom style" };
  };

  Studio.formatDate = function (epochSeconds) {
    if (!epochSeconds) return "";
    const date = new Date(epochSeconds * 1000);
    return date.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  };

  /** Keep keyboard focus across a rebuild: remember the focused element's id, restore it after. */
  Studio.keepFocus = function (root, rebuild) {
    const active = document.activeElement;
    const id = active && root.contains(active) ? active.id : null;
    const selection =
      id && typeof active.selectionStart === "number" ? [active.selectionStart, active.selectionEnd] : null;
    rebuild();
    if (!id) return;
    const again = document.getElementById(id);
    if (!again) return;
    again.focus({ preventScroll: true });
    if (selection && typeof again.setSelectionRange === "function") again.setSelectionRange(...selection);
  };

  /** A chosen file as a data: URL: how pictures travel in JSON (the library's PUT, a storyboard). */
  Studio.dataUrl = function (file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  };
})();
