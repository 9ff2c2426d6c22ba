/*
 * The Storyboard panel on top of the sequence form: the title, Open storyboard (a file picker, or a .json
 * dropped anywhere on the form) and Save storyboard (the draft as a .json file). js/storyboardfile.js reads
 * and writes the document.
 */
(function (S) {
  "use strict";

  /** Hand the browser a file to save: `data` is a Blob, `name` its file name. */
  S.saveFile = function (data, name) {
    const url = URL.createObjectURL(data);
    const link = S.el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000); // the download has long started by then
  };

  S.saveJson = (document, name) =>
    S.saveFile(new Blob([JSON.stringify(document, null, 2) + "\n"], { type: "application/json" }), name);

  const isJson = (file) => /\.json$/i.test(file.name) || file.type === "application/json";
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  /** Wire the panel ([data-storyboard-panel]) of the sequence `form` to the store. */
  S.mountStoryboardBar = function (store, form) {
    const panel = S.find("[data-storyboard-panel]", form);
    const parts = S.parts(panel, ["storyboard-input", "sequence-title", "storyboard-error", "storyboard-note"]);
    const { storyboardInput: input, sequenceTitle: title, storyboardError: error, storyboardNote: note } = parts;

    function say(problem, done = "") {
      error.textContent = problem;
      error.hidden = !problem;
      note.textContent = done;
    }

    async function open(file) {
      const caps = store.state.caps;
      const templates = store.state.templates;
      const limits = { maxShots: caps ? store.maxShots : null, templates: templates.length ? templates : null };
      let board;
      try {
        board = await S.readStoryboardFile(file, limits);
      } catch (err) {
        if (!(err instanceof S.StoryboardError)) throw err;
        say(`Cannot open ${file.name}. ${err.message} Your draft is unchanged.`);
        return;
      }
      const notes = store.openStoryboard(board);
      const what = [
        count(board.shots.length, "shot", "shots"),
        count(board.cast.length, "cast member", "cast members"),
        count(board.locations.length, "location", "locations"),
      ].join(", ");
      const changed = notes.length ? ` Changed: ${notes.join("; ")}.` : "";
      say("", `Opened ${file.name}: ${what}.${changed}`);
    }

    /** What would make the document one the studio refuses: unnamed cast or places, an emptied prompt. */
    function blocking() {
      const errors = S.validateSequence(store.state);
      for (const field of Object.keys(errors)) {
        if (/\.(character|environment)$/.test(field)) delete errors[field];
      }
      return errors;
    }

    async function save() {
      const errors = blocking();
      if (Object.keys(errors).length) {
        store.setErrors("sequence", { ...store.of("sequence").errors, ...errors });
        say(`Cannot save yet: ${Object.values(errors)[0]}`);
        S.focusFirstError(form, "sequence");
        return;
      }
      const document = await S.storyboardDocument(store.state);
      const name = S.storyboardFileName(document.title);
      S.saveJson(document, name);
      say("", `Saved ${name}.`);
    }

    panel.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      if (button.dataset.action === "open-storyboard") input.click();
      else if (button.dataset.action === "save-storyboard") save();
    });

    input.addEventListener("change", () => {
      const file = input.files[0];
      input.value = ""; // the same file chosen again opens again
      if (file) open(file);
    });

    // A file dragged over the form: a storyboard opens wherever it lands, except on a picture's own input.
    const onPicture = (event) => event.target.matches && event.target.matches('input[type="file"]');
    const carriesFiles = (event) => event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files");
    form.addEventListener("dragover", (event) => {
      if (!carriesFiles(event) || onPicture(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      form.classList.add("dropping");
    });
    form.addEventListener("dragleave", (event) => {
      if (!form.contains(event.relatedTarget)) form.classList.remove("dropping");
    });
    form.addEventListener("drop", (event) => {
      form.classList.remove("dropping");
      if (!carriesFiles(event) || onPicture(event)) return;
      event.preventDefault(); // never let the browser leave the page to show the file
      const file = Array.from(event.dataTransfer.files).find(isJson);
      if (file) open(file);
      else say("Drop a storyboard .json file here; a picture goes in its own Picture or Reference image field.");
    });

    title.addEventListener("input", () => store.setTitle(title.value));
    function renderTitle() {
      const value = store.of("sequence").draft.title || "";
      if (title.value !== value) title.value = value;
    }
    store.watch(["title"], renderTitle, "sequence");
    renderTitle();
    return { open, save };
  };
})(window.Studio);
