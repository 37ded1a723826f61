"""Database models, one module per idea."""

from portal.models.audit import AuditEvent
from portal.models.learning import (
    AttemptAnswer,
    Certificate,
    Enrolment,
    ErasedTally,
    Evidence,
    LessonProgress,
    QuizAttempt,
    Rating,
    SelfAssessment,
)
from portal.models.token import PasswordToken
from portal.models.user import User

__all__ = ["AttemptAnswer", "AuditEvent", "Certificate", "Enrolment", "ErasedTally", "Evidence", "LessonProgress",
           "PasswordToken", "QuizAttempt", "Rating", "SelfAssessment", "User"]
