"""Checks that need more than one file: translations, internal links, competency references, quizzes."""

from __future__ import annotations

from portal.content.data import Data
from portal.content.model import KINDS, SOURCE_LANGUAGE, ContentItem, Problem
from portal.content.quiz import Quiz

# Site paths that are not content items but may be linked from content.
STATIC_PATHS = frozenset({"", "services", "materials", "guides", "trainings"})


def cross_check(
    items: dict[tuple[str, str], ContentItem], quizzes: dict[tuple[str, str], Quiz], data: Data
) -> list[Problem]:
    """Return the problems between files, except links (`link_problems`: they also withdraw a page)."""
    return (
        _translation_problems(items)
        + _competency_problems(items, quizzes, data)
        + _quiz_problems(items, quizzes)
        + _hotline_problems(items, data)
    )


def _translation_problems(items: dict[tuple[str, str], ContentItem]) -> list[Problem]:
    problems = []
    for (key, lang), item in items.items():
        if lang == SOURCE_LANGUAGE:
            for missing in KINDS[item.kind].required_languages if item.is_published else ():
                if (key, missing) not in items:
                    problems.append(Problem(item.path, 1, f"missing translation: {missing}", "warning"))
            continue
        source = items.get((key, SOURCE_LANGUAGE))
        if source is None:
            problems.append(Problem(item.path, 1, "translation without a Romanian source file"))
        elif item.source_hash is None:
            problems.append(
                Problem(item.path, 1, "translation must record source_hash of its Romanian source")
            )
        elif item.priority != source.priority:
            problems.append(
                Problem(
                    item.path, 1, f"priority {item.priority} differs from {source.path} ({source.priority})"
                )
            )
        elif item.source_hash != source.body_hash:
            problems.append(
                Problem(
                    item.path,
                    1,
                    f"outdated translation: {source.path} changed "
                    f"(now {source.body_hash}, translated from {item.source_hash})",
                    "warning",
                )
            )
    return problems


def link_problems(items: dict[tuple[str, str], ContentItem]) -> list[Problem]:
    """Return the links that leave the site or lead nowhere: path traversal, `//host`, missing pages."""
    keys = {key for key, _ in items}
    problems = []
    for item in items.values():
        for link in item.links:
            path = link.target.split("#", 1)[0]
            if ".." in path.split("/") or "\\" in path or "%" in path:
                problems.append(
                    Problem(item.path, link.line, f"link leaves the site (path traversal): {link.target}")
                )
            elif not path.startswith("/") or path.startswith("//"):
                problems.append(
                    Problem(
                        item.path,
                        link.line,
                        f"internal links must start with / and carry no language: {link.target}",
                    )
                )
            elif path.strip("/") not in keys and path.strip("/") not in STATIC_PATHS:
                problems.append(Problem(item.path, link.line, f"broken internal link: {link.target}"))
    return problems


def _competency_problems(
    items: dict[tuple[str, str], ContentItem], quizzes: dict[tuple[str, str], Quiz], data: Data
) -> list[Problem]:
    known = data.matrix.ids
    problems = []
    for item in items.values():
        for competency in item.competencies + tuple(o.competency for o in item.outcomes):
            if competency not in known:
                problems.append(Problem(item.path, 1, f"unknown competency '{competency}'"))
    for quiz in quizzes.values():
        for question in quiz.questions:
            if question.competency not in known:
                problems.append(
                    Problem(
                        quiz.path, 1, f"question {question.id}: unknown competency '{question.competency}'"
                    )
                )
    return problems


def _quiz_problems(
    items: dict[tuple[str, str], ContentItem], quizzes: dict[tuple[str, str], Quiz]
) -> list[Problem]:
    problems = []
    for (module_key, lang), quiz in quizzes.items():
        if (module_key, lang) not in items:
            problems.append(Problem(quiz.path, 1, "quiz without a module cover (index) in the same language"))
        if lang == SOURCE_LANGUAGE:
            continue
        source = quizzes.get((module_key, SOURCE_LANGUAGE))
        if source is None:
            problems.append(Problem(quiz.path, 1, "translated quiz without a Romanian quiz"))
        elif source.shape() != quiz.shape():
            problems.append(
                Problem(
                    quiz.path,
                    1,
                    "questions differ from the Romanian quiz (ids, types, competencies or right answers)",
                )
            )
        elif quiz.source_hash != source.body_hash:
            problems.append(Problem(quiz.path, 1, f"outdated translation: {source.path} changed", "warning"))
    return problems


def _hotline_problems(items: dict[tuple[str, str], ContentItem], data: Data) -> list[Problem]:
    known = {line.id for line in data.hotlines}
    return [
        Problem(item.path, 1, f"unknown help line '{line}' (ids are in hotlines.yml)")
        for item in items.values()
        for line in item.hotlines
        if line not in known
    ]
