/* Every request to the studio goes through here: the base URL, the token, fetch, JSON, errors. */
(function (S) {
  "use strict";

  const STORAGE_KEY = "studio.apiBase";
  const TOKEN_KEY = "studio.token";
  /** Refusals a token cures: a page opened from disk pairs once, a shared studio asks to sign in. */
  const TOKEN_CODES = ["pairing_required", "sign_in_required"];
  const DISK_DEFAULT = "http://127.0.0.1:8080";

  /** An answer that was not ok; carries the server's message and the field at fault. */
  class ApiError extends Error {
    constructor(message, { status = 0, code = "error", field = null } = {}) {
      super(message);
      this.name = "ApiError";
      this.status = status;
      this.code = code;
      this.field = field;
    }
  }

  const openedFromDisk = location.protocol === "file:";

  function trimSlash(url) {
    return String(url || "").trim().replace(/\/+$/, "");
  }

  function remembered(name) {
    try {
      return localStorage.getItem(name) || "";
    } catch (err) {
      return ""; // storage can be disabled; the default still works
    }
  }

  function remember(name, value) {
    try {
      if (value) localStorage.setItem(name, value);
      else localStorage.removeItem(name);
    } catch (err) {
      // storage disabled: the value still applies until the page is reloaded
    }
  }

  const savedBase = () => (openedFromDisk ? remembered(STORAGE_KEY) : "");

  /**
   * The page the studio serves talks to the studio that served it (its security policy allows nothing
   * else). Opened from disk: ?api=... beats the address saved in settings, which beats the default.
   */
  function resolveBase() {
    if (!openedFromDisk) return "";
    const param = new URLSearchParams(location.search).get("api");
    if (param) return trimSlash(param);
    const saved = savedBase();
    if (saved) return trimSlash(saved);
    return DISK_DEFAULT;
  }

  let base = resolveBase();
  let token = remembered(TOKEN_KEY);
  let onLocked = null;

  function url(path) {
    return base + path;
  }

  /** A URL the browser loads by itself (a player, a link, the event stream) carries the token as ?token=. */
  function withToken(path) {
    if (!token) return url(path);
    return url(path) + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token);
  }

  /** Call the studio; the answer is read as JSON, or as a Blob with `{blob: true}` (a picture). */
  async function request(method, path, body, { blob = false } = {}) {
    const init = { method, headers: { Accept: "application/json" } };
    if (token) init.headers.Authorization = "Bearer " + token;
    if (body instanceof FormData) {
      init.body = body; // the browser sets the multipart boundary itself
    } else if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url(path), init);
    } catch (err) {
      throw new ApiError(`Cannot reach the studio at ${describeBase()}. Is it running?`, { code: "unreachable" });
    }
    if (blob && response.ok) return response.blob();
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = null; // not JSON: keep the status line below
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      const failure = new ApiError(error.message || `The studio answered ${response.status} ${response.statusText}.`, {
        status: response.status,
        code: error.code || "http_" + response.status,
        field: error.field || null,
      });
      if (isTokenRefusal(failure) && onLocked) onLocked(failure);
      throw failure;
    }
    return data;
  }

  const isTokenRefusal = (error) => TOKEN_CODES.includes(error.code);

  function describeBase() {
    return base || location.origin;
  }

  function mediaUrl(path, { attachment = false, version = null } = {}) {
    if (!path) return null;
    const params = [];
    if (attachment) params.push("attachment=1");
    if (version) params.push("v=" + encodeURIComponent(version));
    const address = withToken(path);
    if (!params.length) return address;
    return address + (address.includes("?") ? "&" : "?") + params.join("&");
  }

  const id = (value) => encodeURIComponent(value);

  S.ApiError = ApiError;
  S.api = {
    openedFromDisk,
    get base() {
      return describeBase();
    },
    savedBase,
    /** Remember a studio address for this browser ("" forgets it); takes effect at once. */
    setBase(value) {
      const clean = trimSlash(value);
      remember(STORAGE_KEY, clean);
      base = clean || resolveBase();
    },
    /** Whether this browser holds a studio or admin token for the studio. */
    get hasToken() {
      return Boolean(token);
    },
    /** Keep the studio token (pairing) or admin token (sign-in) for every later call; "" forgets it. */
    setToken(value) {
      token = String(value || "").trim();
      remember(TOKEN_KEY, token);
    },
    /** Call `handler(error)` whenever the studio asks for a token (pairing or sign-in). */
    onLocked(handler) {
      onLocked = handler;
    },
    isTokenRefusal,
    pairing: () => request("GET", "/api/pairing"),
    /** The address of something the browser loads by itself: a player, a download, the event stream. */
    mediaUrl,
    capabilities: () => request("GET", "/api/capabilities"),
    templates: () => request("GET", "/api/templates"),
    checkKey: () => request("GET", "/api/check-key"),
    /** Choose the provider: a preset id, or null to let the key and base URL decide. */
    setKey: (apiKey, baseUrl, provider = null) =>
      request("POST", "/api/set-key", { api_key: apiKey, base_url: baseUrl, provider }),
    estimate: (body) => request("POST", "/api/estimate", body),
    /**
     * Start a sequence; with pictures (a Map of upload name to File: reference_<n>, cast_<id>,
     * location_<id>) it goes as multipart.
     */
    generate(payload, uploads) {
      if (!uploads || uploads.size === 0) return request("POST", "/api/generate", payload);
      const form = new FormData();
      form.append("payload", JSON.stringify(payload));
      for (const [name, file] of uploads) form.append(name, file, file.name);
      return request("POST", "/api/generate", form);
    },
    /** Each shot's exact prompt, source and warnings; nothing is stored or paid. */
    preview: (body) => request("POST", "/api/preview", body),
    /** The studio's library of cast members ("cast") or locations ("locations"). */
    saved: (kind) => request("GET", `/api/${kind}`),
    save: (kind, itemId, body) => request("PUT", `/api/${kind}/${id(itemId)}`, body),
    forget: (kind, itemId) => request("DELETE", `/api/${kind}/${id(itemId)}`),
    savedPicture: (kind, itemId) => request("GET", `/api/${kind}/${id(itemId)}/reference`, undefined, { blob: true }),
    sequence: (sequenceId) => request("GET", `/api/sequences/${id(sequenceId)}`),
    /** A sequence as a storyboard document (its pictures inline). */
    storyboard: (sequenceId) => request("GET", `/api/sequences/${id(sequenceId)}/storyboard`),
    /** The path of a sequence's storyboard, and of an export (srt, vtt, otio, edl, fcp7xml…): for mediaUrl. */
    storyboardPath: (sequenceId) => `/api/sequences/${id(sequenceId)}/storyboard`,
    exportPath: (sequenceId, format) => `/api/sequences/${id(sequenceId)}/export?format=${id(format)}`,
    sequences: (limit = 50) => request("GET", `/api/sequences?limit=${limit}`),
    retry: (sequenceId, shotNumber) =>
      request("POST", `/api/sequences/${id(sequenceId)}/shots/${shotNumber}/retry`, {}),
    remove: (sequenceId) => request("DELETE", `/api/sequences/${id(sequenceId)}`),
    stitch: (sequenceId, transition, duration) =>
      request("POST", `/api/stitch/${id(sequenceId)}`, { transition, duration }),
    /** Keyframes first: draw one shot's still again, with a note on what to change (one more image call). */
    rerollKeyframe: (sequenceId, shotNumber, note) =>
      request("POST", `/api/sequences/${id(sequenceId)}/shots/${shotNumber}/keyframe`, { note }),
    /** Make a picture of your own (a File) one shot's still; no image call. */
    replaceKeyframe(sequenceId, shotNumber, file) {
      const form = new FormData();
      form.append("image", file, file.name);
      return request("POST", `/api/sequences/${id(sequenceId)}/shots/${shotNumber}/keyframe`, form);
    },
    /** Approve every still: the clips are made, all at once. */
    approve: (sequenceId) => request("POST", `/api/sequences/${id(sequenceId)}/approve`, {}),

    /** Start a single clip; with a starting image it goes as multipart (`input_reference`). */
    createClip(fields, image) {
      if (!image) return request("POST", "/api/v1/videos/generate", fields);
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) {
        if (value !== null && value !== undefined) form.append(name, value);
      }
      form.append("input_reference", image, image.name);
      return request("POST", "/api/v1/videos/generate", form);
    },
    video: (videoId) => request("GET", `/api/v1/videos/${id(videoId)}`),
    /** One page of the video library (every clip and every shot), newest first. */
    videos({ limit = 100, after = null } = {}) {
      const cursor = after ? `&after=${id(after)}` : "";
      return request("GET", `/api/v1/videos?limit=${limit}&order=desc${cursor}`);
    },
    remix: (videoId, prompt) => request("POST", `/api/v1/videos/${id(videoId)}/remix`, { prompt }),
    removeVideo: (videoId) => request("DELETE", `/api/v1/videos/${id(videoId)}`),
    /** Start a failed clip again: a clip is a one-shot sequence, so its shot is retried. */
    retryClip: (video) => request("POST", `/api/sequences/${id(video.sequence_id)}/shots/1/retry`, {}),
  };
})(window.Studio);
