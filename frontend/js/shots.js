/* The shot list: add (up to MAX_SHOTS), remove, reorder, collapse, type, pick who and where, choose. */
(function (S) {
  "use strict";

  /** What every card needs to know of the draft and the studio. */
  function context(store) {
    const { draft, settings } = store.of("sequence");
    const caps = store.state.caps;
    return {
      shots: draft.shots,
      cast: draft.cast,
      locations: draft.locations,
      settings,
      durations: caps ? caps.durations : [],
    };
  }

  function totalSeconds(ctx) {
    return ctx.shots.reduce((sum, shot) => sum + Number(shot.seconds || ctx.settings.seconds || 0), 0);
  }

  /** Wire the shot list to the store; returns nothing, the store drives it from now on. */
  S.mountShots = function (store, root) {
    const list = S.find("[data-shot-list]", root);
    const addButton = S.find('[data-action="add-shot"]', root);
    const foldButton = S.find('[data-action="fold-shots"]', root);
    const counter = S.find("[data-shot-count]", root);
    const shots = () => store.of("sequence").draft.shots;
    const indexOf = (id) => shots().findIndex((s) => s.id === id);

    function renderCards() {
      const ctx = context(store);
      S.keepFocus(list, () => list.replaceChildren(...ctx.shots.map((shot, i) => S.shotCard(shot, i, ctx))));
      for (const shot of ctx.shots) S.restoreImage(document.getElementById(`shot-${shot.id}-reference`), shot.image);
      const full = ctx.shots.length >= store.maxShots;
      addButton.disabled = full;
      addButton.textContent = full ? `${store.maxShots} shots at most: the studio's MAX_SHOTS setting` : "+ Add shot";
      const seconds = totalSeconds(ctx);
      counter.textContent = `${ctx.shots.length} of ${store.maxShots} shots` + (seconds ? ` · ${seconds} s` : "");
      const open = ctx.shots.some((shot) => !shot.collapsed);
      foldButton.textContent = open ? "Collapse all" : "Expand all";
      foldButton.hidden = ctx.shots.length < 2;
      S.renderMessages(root, store.of("sequence"), "sequence");
      S.renderPreviews(store, list);
    }

    /** A shot with a message about it opens, so its field and message can be seen and focused. */
    function openShotsWithErrors() {
      const fields = Object.keys(store.of("sequence").errors);
      let opened = false;
      shots().forEach((shot, index) => {
        const named = fields.some((f) => f.startsWith(`shots[${index}]`) || f === `reference_${index + 1}`);
        if (named && shot.collapsed) {
          shot.collapsed = false;
          opened = true;
        }
      });
      if (opened) renderCards();
    }

    function shotOf(target) {
      const cardNode = target.closest("[data-shot-id]");
      return cardNode ? Number(cardNode.dataset.shotId) : null;
    }

    /** Clear a shot's message once what it asked for is there. */
    function settle(id, field) {
      const name = S.fieldName(indexOf(id), field);
      if (store.of("sequence").errors[name]) store.setError("sequence", name, null);
    }

    /** Where a shot's image input or button belongs: its shot, its error slot, its image. */
    function where(target) {
      const shotId = shotOf(target);
      const shot = store.item("sequence", shotId);
      return {
        mode: "sequence",
        field: S.fieldName(indexOf(shotId), "image"),
        image: shot && shot.image,
        attach: (file) => store.setImage("sequence", file, shotId),
      };
    }

    list.addEventListener("input", (event) => {
      const field = event.target.dataset.field;
      const id = shotOf(event.target);
      if (!id || ![...S.TEXT_FIELDS, "prompt"].includes(field)) return;
      store.setText("sequence", field, event.target.value, id);
      if (event.target.value.trim()) settle(id, field);
    });
    S.mountImagePicker(store, list, where);

    list.addEventListener("change", (event) => {
      const target = event.target;
      const id = shotOf(target);
      const shot = id && store.item("sequence", id);
      if (!shot) return;
      const { pick, choice } = target.dataset;
      if (pick === "cast") {
        const key = Number(target.dataset.key);
        const chosen = new Set(target.checked ? [...shot.cast, key] : shot.cast.filter((k) => k !== key));
        // In the order of the cast list, so the prompt names them as the cast panel does.
        store.setShot(id, { cast: store.of("sequence").draft.cast.map((i) => i.key).filter((k) => chosen.has(k)) });
        settle(id, "character");
      } else if (pick === "location") {
        store.setShot(id, { location: target.value ? Number(target.value) : null });
        settle(id, "environment");
      } else if (choice === "seconds") store.setShot(id, { seconds: target.value });
      else if (choice === "newScene") store.setShot(id, { newScene: target.checked });
      else if (choice === "continueFrom") {
        store.setShot(id, { continueFrom: target.value ? Number(target.value) : null });
      }
    });

    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const id = shotOf(button);
      const action = button.dataset.action;
      if (action === "toggle") store.setShot(id, { collapsed: !store.item("sequence", id).collapsed });
      else if (action === "move-up") store.moveShot(id, -1);
      else if (action === "move-down") store.moveShot(id, 1);
      else if (action === "remove") {
        store.removeShot(id);
        (S.find('[data-action="add-shot"]', root) || list).focus();
      }
      // A move that reaches the end disables the button that had focus: hand focus to its twin.
      const active = document.activeElement;
      if (action.startsWith("move") && (!active || active === document.body)) {
        const twin = document.getElementById(`shot-${id}-${action === "move-up" ? "move-down" : "move-up"}`);
        if (twin) twin.focus();
      }
    });

    addButton.addEventListener("click", () => {
      const shot = store.addShot();
      if (!shot) return;
      const first = document.getElementById(`shot-${shot.id}-character`);
      if (first) first.focus();
    });

    foldButton.addEventListener("click", () => {
      const collapse = shots().some((shot) => !shot.collapsed);
      for (const shot of shots()) shot.collapsed = collapse;
      store.emit("shots", "sequence"); // not setShots: folding keeps the messages about the shots
    });

    store.watch(["shots", "image", "caps", "story", "settings"], renderCards, "sequence");
    // A renamed cast member or location: the cards show the new name, the panel keeps its focus.
    store.watch(["story-text"], renderCards, "sequence");
    store.watch(["errors"], openShotsWithErrors, "sequence");
    renderCards();
  };
})(window.Studio);
