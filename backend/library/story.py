"""Plan a sequence from its story: who and where each shot is, what it continues from, and its prompt.

Continuity follows the people: a shot continues from an earlier shot that shares its people (preferring
one that also shares its place), or its place alone, and is created fresh when it shares neither. In
`remix` mode the source is a shot that was itself created (so a list about one character is shot one
created and every later shot a remix of it, all at once); in `chain` and `last_frame` modes it is the most
recent such shot. The user may override any shot (`new_scene`, `continue_from`). The same plan feeds the
prompt preview and the jobs, so what the page shows before paying is what the provider receives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backend.errors import BadRequest
from backend.models.requests import GenerateIn, ShotIn
from utils.director import Anchor, ShotBrief, build_prompt, dialog_warning

SAME = re.compile(r"^\s*(?:the\s+)?same\s+(.+)$", re.IGNORECASE)
STOP_AT = re.compile(r"[,.;:!?]|\b(?:now|again|who|from|in|at|on|with|as|but|and)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PlannedShot:
    """One shot as it will be made."""

    number: int
    seconds: str
    people: tuple[str, ...]  # identity keys: "cast:<id>" or "text:<words>"
    place: str | None  # "location:<id>" or "text:<words>"
    source: int | None  # the earlier shot it continues from
    method: str  # create | remix | last_frame
    reason: str  # why, in words for the page
    prompt: str
    prompt_edited: bool
    reference: str | None  # what a fresh create starts from: "shot", "cast:<id>", "location:<id>"
    warnings: tuple[str, ...] = field(default=())


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s'-]", " ", text.lower()).split())


def _referred(text: str, earlier: list[tuple[str, str]]) -> tuple[str, str] | None:
    """'The same lighthouse keeper, soaked' -> the latest earlier (key, text) that mentions 'lighthouse keeper'."""
    match = SAME.match(text)
    if not match:
        return None
    head = _words(STOP_AT.split(match.group(1), maxsplit=1)[0])
    if not head:
        return None
    for key, original in reversed(earlier):
        if f" {head} " in f" {_words(original)} ":
            return key, original
    return None


def check_story(request: GenerateIn) -> None:
    """Refuse a story whose shots name people, places or shots that do not exist, naming the field."""
    for kind, items in (("cast", request.cast), ("locations", request.locations)):
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                raise BadRequest(f"{kind}[{index}].id: {item.id!r} is used twice.", field=f"{kind}[{index}].id")
            seen.add(item.id)
    cast_ids = {member.id for member in request.cast}
    location_ids = {place.id for place in request.locations}
    for index, shot in enumerate(request.shots):
        at = f"shots[{index}]"
        if not shot.character and not shot.cast:
            raise BadRequest(f"{at}.character: describe the character, or pick cast members.", field=f"{at}.character")
        if not shot.environment and not shot.location:
            raise BadRequest(f"{at}.environment: describe the place, or pick a location.", field=f"{at}.environment")
        for member in shot.cast:
            if member not in cast_ids:
                raise BadRequest(f"{at}.cast: no cast member {member!r} in this sequence.", field=f"{at}.cast")
        if shot.location is not None and shot.location not in location_ids:
            raise BadRequest(f"{at}.location: no location {shot.location!r}.", field=f"{at}.location")
        if shot.continue_from is not None and shot.continue_from > index:
            raise BadRequest(
                f"{at}.continue_from: shot {index + 1} can only continue from an earlier shot.",
                field=f"{at}.continue_from",
            )
        if shot.continuity == "new_scene" and shot.continue_from is not None:
            raise BadRequest(f"{at}.continuity: a new scene continues from no other shot.", field=f"{at}.continuity")


def plan_story(
    request: GenerateIn, default_seconds: str, style: str | None, uploads: frozenset[str] = frozenset()
) -> list[PlannedShot]:
    """Plan every shot: identities, continuity source and method, prompt, warnings.

    `uploads` names the pictures that came beside the JSON: "shot:<n>", "cast:<id>", "location:<id>".
    """
    check_story(request)
    cast = {member.id: member for member in request.cast}
    places = {place.id: place for place in request.locations}
    names: dict[str, str] = {f"cast:{m.id}": m.name for m in request.cast}
    names.update({f"location:{p.id}": f"the {p.name[0].lower()}{p.name[1:]}" for p in request.locations})
    free_people: list[tuple[str, str]] = []  # (key, text as first written)
    planned: list[PlannedShot] = []
    total = len(request.shots)
    pictures = _pictures(request, uploads)
    for index, shot in enumerate(request.shots):
        number = index + 1
        seconds = shot.seconds or request.seconds or default_seconds
        people, anchors = _people(shot, cast, free_people, names)
        place_key, place_anchor = _place(shot, places, names)
        source, method, reason = _continuity(request, shot, number, seconds, people, place_key, planned, names)
        if f"shot:{number}" in pictures and number > 1:  # the user's own picture outranks continuity
            source, method, reason = None, "create", "Created from its own reference image."
            if request.continuity == "keyframes":
                method, reason = "keyframe", "Its still starts from its own reference image; the clip from the still."
        reference = _reference(shot, number, source, pictures)
        shared = tuple(names[key] for key in _shared(planned[source - 1], people, place_key)) if source else ()
        brief = ShotBrief(
            number=number,
            total=total,
            seconds=int(seconds),
            character=shot.character,
            environment=shot.environment,
            lighting_camera=shot.lighting_camera,
            dialog=shot.dialog,
            people=anchors,
            place=place_anchor,
            continues_from=source,
            shared=shared,
            style=style,
        )
        prompt = shot.prompt or build_prompt(brief)
        warnings = _warnings(shot, seconds, source, planned, people, place_key, cast)
        planned.append(
            PlannedShot(
                number, seconds, people, place_key, source, method, reason, prompt, bool(shot.prompt),
                reference, tuple(warnings),
            )
        )  # fmt: skip
    return planned


def _people(
    shot: ShotIn, cast: dict, free_people: list[tuple[str, str]], names: dict[str, str]
) -> tuple[tuple[str, ...], tuple[Anchor, ...]]:
    """Who is in the shot, as identity keys, and the anchors the prompt restates for them."""
    if shot.cast:
        anchors = tuple(Anchor(cast[i].name, cast[i].description) for i in shot.cast)
        return tuple(f"cast:{i}" for i in shot.cast), anchors
    referred = _referred(shot.character, free_people)
    if referred is not None:
        key, original = referred
        return (key,), (Anchor(original, ""),)  # restate the earlier words exactly
    key = f"text:{_words(shot.character)}"
    if key not in names:
        names[key] = shot.character.strip()
        free_people.append((key, shot.character.strip()))
    return (key,), ()  # the scene line itself is the anchor, word for word


def _place(shot: ShotIn, places: dict, names: dict[str, str]) -> tuple[str | None, Anchor | None]:
    if shot.location is not None:
        place = places[shot.location]
        return f"location:{place.id}", Anchor(place.name, place.description)
    key = f"text:{_words(shot.environment)}"
    names.setdefault(key, shot.environment.strip())
    return key, None


def _shared(source: PlannedShot, people: tuple[str, ...], place: str | None) -> list[str]:
    together = [key for key in people if key in source.people]
    return together + ([place] if place is not None and place == source.place else [])


def _continuity(request, shot, number, seconds, people, place, planned, names) -> tuple[int | None, str, str]:
    """Pick the shot this one continues from, how, and say why."""
    source, why = _choose_source(request, shot, number, people, place, planned, names)
    if request.continuity == "keyframes":  # every clip starts from its own still; stills follow the story
        if source is None:
            return None, "keyframe", f"Its still is drawn{why}; the clip starts from it."
        return source, "keyframe", f"Its still is an edit of shot {source}'s: {why}; the clip starts from it."
    if source is None:
        return None, "create", f"Created{why}."
    method = "last_frame" if request.continuity == "last_frame" else "remix"
    if method == "remix" and planned[source - 1].seconds != seconds:
        return (
            source,
            "last_frame",
            (
                f"Continues from the last frame of shot {source} ({why}): a remix keeps its source's "
                f"{planned[source - 1].seconds} s, this shot is {seconds} s."
            ),
        )
    how = "Remix of" if method == "remix" else "Continues from the last frame of"
    return source, method, f"{how} shot {source}: {why}."


def _choose_source(request, shot, number, people, place, planned, names) -> tuple[int | None, str]:
    """The earlier shot to continue from and why; or None and why it starts fresh (as a clause)."""
    mode = request.continuity
    if number == 1:
        return None, ": the first shot"
    if shot.continuity == "new_scene":
        return None, " fresh: a new scene, as chosen"
    if shot.continue_from is not None:
        return shot.continue_from, "as chosen"
    if mode == "independent":
        return None, " on its own (independent shots)"
    fresh = [p for p in planned if p.source is None]  # remix and keyframes: continue from what was made fresh
    source, why = _best_source(fresh if mode in ("remix", "keyframes") else planned, people, place, names)
    if source is None:
        return None, " fresh: it shares no one and no place with an earlier shot"
    return source, why


def _best_source(pool: list[PlannedShot], people, place, names) -> tuple[int | None, str]:
    """The most recent shot sharing people (one also sharing the place first), else sharing the place."""
    sharing = [p for p in pool if set(people) & set(p.people)]
    best = [p for p in sharing if place is not None and p.place == place] or sharing
    if not best:
        best = [p for p in pool if place is not None and p.place == place]
    if not best:
        return None, ""
    chosen = best[-1]
    shared = _shared(chosen, people, place)
    return chosen.number, "shares " + _names(shared, names)


def _names(keys: list[str], names: dict[str, str]) -> str:
    labels = [names[key] for key in keys]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _pictures(request: GenerateIn, uploads: frozenset[str]) -> set[str]:
    """Every picture the story carries, as keys: uploaded beside it, or inside it as data: URLs."""
    found = set(uploads)
    found |= {f"shot:{n}" for n, shot in enumerate(request.shots, start=1) if shot.reference}
    found |= {f"cast:{member.id}" for member in request.cast if member.reference}
    found |= {f"location:{place.id}" for place in request.locations if place.reference}
    return found


def _reference(shot: ShotIn, number: int, source: int | None, pictures: set[str]) -> str | None:
    """The picture a freshly created shot starts from: its own, else a cast member's, else its location's."""
    if source is not None:
        return None
    if f"shot:{number}" in pictures:
        return "shot"
    for member in shot.cast:
        if f"cast:{member}" in pictures:
            return f"cast:{member}"
    if shot.location is not None and f"location:{shot.location}" in pictures:
        return f"location:{shot.location}"
    return None


def _warnings(shot: ShotIn, seconds: str, source, planned, people, place, cast: dict) -> list[str]:
    found = []
    if shot.dialog and (text := dialog_warning(shot.dialog, int(seconds))):
        found.append(text)
    if source is not None and shot.continue_from is not None and not _shared(planned[source - 1], people, place):
        found.append(
            f"It continues from shot {source}, which shares no one and no place with it: the provider may carry "
            "the wrong person or place over."
        )
    if shot.prompt:
        missing = [cast[i].name for i in shot.cast if cast[i].name.lower() not in shot.prompt.lower()]
        if missing:
            found.append(f"The edited prompt does not name {', '.join(missing)}, who is in this shot.")
    return found
