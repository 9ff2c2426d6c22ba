/* Choosing an image (a shot's reference, a clip's starting image): the field, its preview, its checks. */
(function (S) {
  "use strict";

  const el = S.el;
  const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];

  S.IMAGE_TYPES = IMAGE_TYPES;

  /** Say what is wrong with a chosen image, or return null. */
  S.checkImage = function (file, caps) {
    if (!file) return null;
    if (!IMAGE_TYPES.includes(file.type)) return "Choose a PNG, JPEG or WebP image.";
    const limit = caps ? caps.max_file_size : 10 * 1024 * 1024;
    if (file.size > limit) return `The image is larger than ${Math.floor(limit / (1024 * 1024))} MiB.`;
    return null;
  };

  /** A rebuilt or reset file input forgets its file; hand it back so the input names what is attached. */
  function showChosenFile(input, file) {
    if (!input || typeof DataTransfer !== "function") return;
    try {
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
    } catch (err) {
      // Older browsers cannot set files: the preview still shows the image.
    }
  }

  /**
   * The image field of a shot or of the clip. `image` is the chosen {file, url} or null; `id` the input's id;
   * label, help, errorFor, alt (of the preview) and removeLabel (of its Remove button) say the rest.
   */
  S.imageField = function ({ id, image, label, help, errorFor, alt, removeLabel }) {
    const input = el("input", {
      id,
      type: "file",
      accept: IMAGE_TYPES.join(","),
      dataset: { field: "image" },
    });
    const preview = image
      ? el(
          "figure",
          { class: "ref-preview", dataset: { filePreview: "" } },
          el("img", { src: image.url, alt }),
          el(
            "figcaption",
            {},
            el("span", { class: "ref-name", text: image.file.name }),
            el("button", {
              type: "button",
              class: "btn small ghost",
              id: `${id}-remove`,
              dataset: { action: "remove-image" },
              "aria-label": removeLabel,
              text: "Remove",
            })
          )
        )
      : null;
    return S.field(input, {
      label,
      tag: "optional",
      help,
      errorFor,
      className: "reference",
      wrap: (control, helpLine) => el("div", { class: "file-row" }, control, helpLine),
      extra: preview,
    });
  };

  /** After a rebuild, give each image input back its file. */
  S.restoreImage = function (input, image) {
    if (image) showChosenFile(input, image.file);
  };

  /**
   * Wire the image inputs inside `root` to the store. `where(target)` gives, for the input or button an
   * event came from, {mode, field, image, attach(file)}: whose messages, the name of its error slot, the
   * image it holds now, and how to attach another (null removes it). A cancelled picker keeps the image;
   * "Remove image" drops it, and its error, and puts focus back on the input.
   */
  S.mountImagePicker = function (store, root, where) {
    root.addEventListener("change", (event) => {
      const input = event.target;
      if (input.dataset.field !== "image") return;
      const { mode, field, image, attach } = where(input);
      const file = input.files[0] || null;
      if (!file && image) {
        showChosenFile(input, image.file);
        return;
      }
      const problem = S.checkImage(file, store.state.caps);
      store.setError(mode, field, problem);
      if (problem) input.value = "";
      else attach(file);
    });

    root.addEventListener("click", (event) => {
      const button = event.target.closest('[data-action="remove-image"]');
      if (!button) return;
      const { mode, field, attach } = where(button);
      const inputId = button.id.replace(/-remove$/, "");
      attach(null);
      store.setError(mode, field, null);
      const input = document.getElementById(inputId);
      if (input) input.focus();
    });
  };
})(window.Studio);
