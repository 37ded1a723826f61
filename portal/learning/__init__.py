"""Learning: enrolment, lessons, quizzes, competencies, certificates, supervision, exports, erasure."""
