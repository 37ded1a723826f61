"""Competency evidence and levels, ratings, self-assessments, the matrix grid and what to study next."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from learning_helpers import read_lessons, signed_in, take_quiz, token
from sqlalchemy import select

from portal.accounts.audit_events import AuditEvent
from portal.extensions import db
from portal.learning.competencies import attained_levels
from portal.learning.models import Evidence, Rating, SelfAssessment

COMPETENCY = "law.protection-orders"
CORPUS = Path(__file__).parent / "corpus"


def level_of(app, user_id: int) -> int:
    with app.app_context():
        return attained_levels([user_id])[user_id].get(COMPETENCY, 0)


def rate(supervisor, learner_id: int, level: int, comment: str = "Observat în practică."):
    return supervisor.post(
        f"/ro/supervision/learners/{learner_id}/ratings",
        data={
            "csrf_token": token(supervisor),
            "competency": COMPETENCY,
            "level": str(level),
            "comment": comment,
        },
    )


def test_passing_a_quiz_records_evidence_for_the_outcomes_with_questions_right(app, make_user):
    client, user = signed_in(app, make_user)
    take_quiz(app, client)
    with app.app_context():
        evidence = db.session.scalars(select(Evidence).where(Evidence.user_id == user.id)).all()
        assert [(e.competency, e.level, e.correct, e.total, e.module_key) for e in evidence] == [
            (COMPETENCY, 2, 2, 2, "trainings/demo-module")
        ]


def test_a_failed_quiz_records_no_evidence(app, make_user):
    client, user = signed_in(app, make_user)
    take_quiz(app, client, {"q1": True, "q2": False})
    with app.app_context():
        assert db.session.scalars(select(Evidence)).all() == []
    assert level_of(app, user.id) == 0


def test_a_supervisor_rates_a_competency_with_a_level_and_a_comment(app, make_user):
    _, learner = signed_in(app, make_user)
    supervisor, boss = signed_in(app, make_user, "sup@example.org", role="supervisor")
    assert rate(supervisor, learner.id, 3).status_code == 302
    with app.app_context():
        rating = db.session.scalar(select(Rating))
        assert (rating.user_id, rating.rater_id, rating.level, rating.comment) == (
            learner.id,
            boss.id,
            3,
            "Observat în practică.",
        )
        assert (
            db.session.scalar(select(AuditEvent).where(AuditEvent.event == "competency-rated")).subject_id
            == learner.id
        )
    html = supervisor.get(f"/ro/supervision/learners/{learner.id}").get_data(as_text=True)
    assert "Observat în practică." in html


def test_a_rating_needs_a_known_competency_and_a_level_from_1_to_4(app, make_user):
    _, learner = signed_in(app, make_user)
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    bad_level = rate(supervisor, learner.id, 7)
    assert bad_level.status_code == 400 and 'class="field-error"' in bad_level.get_data(as_text=True)
    bad = supervisor.post(
        f"/ro/supervision/learners/{learner.id}/ratings",
        data={"csrf_token": token(supervisor), "competency": "made.up", "level": "2"},
    )
    assert bad.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(Rating)).all() == []


def test_nobody_rates_themselves_or_learners_of_another_agency(app, make_user):
    supervisor, boss = signed_in(app, make_user, "sup@example.org", role="supervisor")
    _, elsewhere = signed_in(app, make_user, "far@example.org", agency="nord")
    assert rate(supervisor, boss.id, 4).status_code == 404  # a supervisor is not among their own learners
    assert rate(supervisor, elsewhere.id, 4).status_code == 404
    with app.app_context():
        assert db.session.scalars(select(Rating)).all() == []


def test_the_level_is_the_highest_validated_one(app, make_user):
    client, user = signed_in(app, make_user)
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    take_quiz(app, client)
    assert level_of(app, user.id) == 2
    rate(supervisor, user.id, 1)
    assert level_of(app, user.id) == 2  # a lower rating does not undo the evidence
    rate(supervisor, user.id, 3)
    assert level_of(app, user.id) == 3


def test_a_self_assessment_is_kept_apart_from_validated_levels(app, make_user):
    client, user = signed_in(app, make_user)
    response = client.post(
        "/ro/learning/self-assessment",
        data={"csrf_token": token(client), "competency": COMPETENCY, "level": "4"},
    )
    assert response.status_code == 302
    assert level_of(app, user.id) == 0
    with app.app_context():
        assert db.session.scalar(select(SelfAssessment.level)) == 4
    row = (
        client.get("/ro/learning/")
        .get_data(as_text=True)
        .split('<th scope="row">Ordine de protecție</th>')[1]
    )
    cells = row.split("</tr>")[0]
    assert 'class="lvl lvl-0"' in cells and "4 —" in cells


def test_my_learning_shows_the_matrix_as_an_accessible_grid_in_colour_and_text(app, make_user):
    client, _ = signed_in(app, make_user)
    take_quiz(app, client)
    html = client.get("/ro/learning/").get_data(as_text=True)
    table = html[
        html.index('<table class="data matrix">') : html.index("</table>", html.index('class="data matrix"'))
    ]
    assert "<caption>" in table and '<th scope="rowgroup"' in table and "Drept și drepturi" in table
    assert '<th scope="row">Ordine de protecție</th>' in table
    assert 'class="lvl lvl-2"' in table and "2 — " in table  # colour class and the level in words
    assert "status-gap-1" in table


def test_recommendations_come_from_the_largest_gaps_with_the_reason(app, make_user):
    client, _ = signed_in(app, make_user)
    before = client.get("/ro/learning/").get_data(as_text=True)
    section = before.split('id="next-title"')[1].split("</section>")[0]
    assert "Modul demonstrativ" in section and "Modul avansat" not in section
    assert "Ordine de protecție" in section and ">0<" not in section  # the reason names the competency
    read_lessons(client)
    take_quiz(app, client)
    after = (
        client.get("/ro/learning/").get_data(as_text=True).split('id="next-title"')[1].split("</section>")[0]
    )
    assert "Modul avansat" in after and "Modul demonstrativ" not in after


def test_recommendations_reach_the_target_only(app, make_user):
    client, user = signed_in(app, make_user)
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    rate(supervisor, user.id, 3)  # the specialist target is 3
    section = (
        client.get("/ro/learning/").get_data(as_text=True).split('id="next-title"')[1].split("</section>")[0]
    )
    assert "Modul avansat" not in section and "Modul demonstrativ" not in section


def test_the_learner_reads_the_supervisors_rating_with_level_comment_name_and_date(app, make_user):
    learner_client, learner = signed_in(app, make_user, "ana@example.org")
    supervisor, _ = signed_in(app, make_user, "sup@example.org", role="supervisor")
    assert (
        rate(supervisor, learner.id, 3, "A condus bine evaluarea riscului în cazul din martie.").status_code
        == 302
    )
    for lang, heading, competency in [
        ("ro", "Evaluările supervizorului", "Ordine de protecție"),
        ("ru", "Оценки супервизора", "Защитные предписания"),
    ]:
        html = learner_client.get(f"/{lang}/learning/").get_data(as_text=True)
        section = html.split('id="ratings-title"')[1].split("</section>")[0]
        assert heading in html
        assert competency in section
        assert "A condus bine evaluarea riscului în cazul din martie." in section
        assert "Sup" in section  # the supervisor's name
        assert "3" in section
        assert str(date.today().year) in section  # the date of the rating


def test_a_target_no_quiz_leads_to_is_left_to_the_supervisors_assessment(make_app, make_user, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    matrix = corpus / "competencies.yml"
    matrix.write_text(
        matrix.read_text(encoding="utf-8").replace("{specialist: 3,", "{specialist: 4,"), encoding="utf-8"
    )
    app = make_app(CONTENT_DIR=str(corpus))
    client, _ = signed_in(app, make_user)

    def study_next(lang: str = "ro") -> str:
        html = client.get(f"/{lang}/learning/").get_data(as_text=True)
        return html.split('id="next-title"')[1].split("</section>")[0]

    assert "Prin practică" not in study_next()  # the modules still lead higher
    for module in ("demo-module", "advanced-module"):
        take_quiz(app, client, module=module)
    section = study_next()
    assert "Prin practică" in section and "Ordine de protecție" in section
    assert "nivelul 4, ținta pentru rolul dvs., se validează în practică" in section
    assert "Cereți supervizorului o evaluare." in section
    assert "Попросите супервизора оценить вас." in study_next("ru")
