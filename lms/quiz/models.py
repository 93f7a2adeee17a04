"""Online quizzes and students' attempts.

A Quiz is published by another app (the repository publishes an exam or a practice quiz:
services.create_quiz) as a list of QuizItems, each a snapshot of a question's JSON
content (grading.py documents the keys read) that never changes afterwards: attempts
keep the version they were taken with. `source` says where the quiz comes from (a
content type, an id and a label), for the publisher's pages; lms.quiz never follows it.
Who may take a quiz and who reads its results is the publisher's to say (access.py).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import pgettext_lazy


class Quiz(models.Model):
    title = models.CharField(pgettext_lazy("quiz", "title"), max_length=255)
    instructions = models.TextField(pgettext_lazy("quiz", "instructions"), blank=True)  # plain text, shown before starting
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=pgettext_lazy("quiz", "owner"),
    )
    created = models.DateTimeField(pgettext_lazy("quiz", "created"), auto_now_add=True)

    time_limit_minutes = models.PositiveIntegerField(pgettext_lazy("quiz", "time limit (minutes)"), null=True, blank=True)  # None: untimed
    attempts_allowed = models.PositiveSmallIntegerField(pgettext_lazy("quiz", "attempts allowed"), null=True, blank=True, default=1)  # None: unlimited
    opens_at = models.DateTimeField(pgettext_lazy("quiz", "opens"), null=True, blank=True)
    closes_at = models.DateTimeField(pgettext_lazy("quiz", "closes"), null=True, blank=True)
    show_feedback = models.BooleanField(pgettext_lazy("quiz", "show answers and feedback after submitting"), default=True)
    shuffle = models.BooleanField(pgettext_lazy("quiz", "shuffle questions and options"), default=False)

    # Where it comes from (the repository's exam…): for the publisher, never followed here.
    source_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source_id = models.CharField(max_length=64, blank=True)
    source_label = models.CharField(pgettext_lazy("quiz", "source"), max_length=255, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("quiz", "quiz")
        verbose_name_plural = pgettext_lazy("quiz", "quizzes")
        ordering = ("-created", "-pk")
        indexes = [models.Index(fields=["source_type", "source_id"], name="quiz_source")]

    def __str__(self):
        return self.title


class QuizItem(models.Model):
    """One question of a quiz, in its place, as it was when published."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(pgettext_lazy("quiz", "position"))  # 1, 2…
    content = models.JSONField(pgettext_lazy("quiz", "question"))  # the bank's content, a snapshot
    points = models.FloatField(pgettext_lazy("quiz", "points"), default=1.0)
    label = models.CharField(pgettext_lazy("quiz", "label"), max_length=255, blank=True)  # the bank's title or code, for teachers

    # The passage or figure it shares with the items of the same key ("Đọc đoạn văn sau…"):
    # kept together when the quiz shuffles, shown once above the first of them.
    group_key = models.CharField(max_length=64, blank=True)
    passage_title = models.CharField(max_length=255, blank=True)
    passage = models.TextField(blank=True)
    passage_format = models.CharField(max_length=8, default="plain")  # plain or html, as the content's text_format
    # The images its html (and its passage's) names as <img src="media:NAME">: NAME → the
    # URL the publisher serves it at (same origin). An image not listed is shown by its alt.
    media = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("quiz", "quiz question")
        verbose_name_plural = pgettext_lazy("quiz", "quiz questions")
        ordering = ("quiz", "position")
        constraints = [models.UniqueConstraint(fields=["quiz", "position"], name="quiz_item_unique_position")]

    def __str__(self):
        return f"{self.quiz_id} #{self.position}"

    @property
    def kind(self) -> str:
        return (self.content or {}).get("kind", "")


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", pgettext_lazy("quiz", "In progress")
        SUBMITTED = "submitted", pgettext_lazy("quiz", "Submitted, waiting for grading")
        GRADED = "graded", pgettext_lazy("quiz", "Graded")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts",
                             verbose_name=pgettext_lazy("quiz", "student"))
    number = models.PositiveIntegerField(pgettext_lazy("quiz", "attempt"), default=1)  # 1, 2… per student and quiz
    started = models.DateTimeField(pgettext_lazy("quiz", "started"))
    deadline = models.DateTimeField(pgettext_lazy("quiz", "deadline"), null=True, blank=True)  # the time limit or the quiz's close
    submitted = models.DateTimeField(pgettext_lazy("quiz", "submitted"), null=True, blank=True)
    expired = models.BooleanField(default=False)  # submitted by the server when its time ran out
    state = models.CharField(pgettext_lazy("quiz", "state"), max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    score = models.FloatField(pgettext_lazy("quiz", "score"), null=True, blank=True)  # set when submitted; essays add to it when graded
    max_score = models.FloatField(pgettext_lazy("quiz", "out of"), default=0)
    # The order the student sees: {"items": [item ids], "options": {item id: [option indexes]},
    # "choices": {item id: [matching texts]}}. Responses always name the content's own indexes.
    layout = models.JSONField(default=dict, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("quiz", "quiz attempt")
        verbose_name_plural = pgettext_lazy("quiz", "quiz attempts")
        ordering = ("quiz", "user", "number")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="quiz_attempt_unique_number"),
            # two clicks on "Start" never make two attempts in progress
            models.UniqueConstraint(fields=["quiz", "user"], condition=models.Q(state="in_progress"),
                                    name="quiz_attempt_one_in_progress"),
        ]

    def __str__(self):
        return f"{self.quiz_id} / {self.user_id} #{self.number}"

    @property
    def in_progress(self) -> bool:
        return self.state == self.State.IN_PROGRESS


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(QuizItem, on_delete=models.CASCADE, related_name="answers")
    response = models.JSONField(null=True, blank=True)  # as responses.read gives it; None: nothing given
    saved = models.DateTimeField(auto_now=True)
    fraction = models.FloatField(null=True, blank=True)  # of the item's points; None until graded
    points = models.FloatField(null=True, blank=True)
    needs_hand = models.BooleanField(pgettext_lazy("quiz", "waiting for a teacher"), default=False)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=pgettext_lazy("quiz", "graded by"))
    graded_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(pgettext_lazy("quiz", "teacher's comment"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("quiz", "answer")
        verbose_name_plural = pgettext_lazy("quiz", "answers")
        ordering = ("attempt", "item__position")
        constraints = [models.UniqueConstraint(fields=["attempt", "item"], name="quiz_answer_unique_item")]

    def __str__(self):
        return f"{self.attempt_id} / {self.item_id}"
