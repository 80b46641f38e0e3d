"""All ORM models share one metadata; import them from here."""

from core.models.accounts import LinkCode, RefreshToken, User
from core.models.achievements import LearnerAchievement
from core.models.base import Base
from core.models.content import (
    Achievement,
    AnswerJudgement,
    Exercise,
    ExerciseGeneration,
    GrammarTopic,
    Scenario,
    VocabularyItem,
)
from core.models.conversation import (
    AiUsage,
    Conversation,
    ConversationTurn,
    LearnerError,
    LearnerScene,
    XpEntry,
)
from core.models.grammar import GrammarAttempt, GrammarMastery
from core.models.leagues import LeagueGroup, LeagueMembership
from core.models.learning import (
    Card,
    DeckImport,
    DeckWord,
    DeletedDeckWord,
    ReminderDelivery,
    ReviewLog,
    StudySession,
    WordList,
    WordListItem,
)
from core.models.outbox import OutboxJob
from core.models.progress import ProgressDay, Streak
from core.models.telegram import TelegramUpdate

__all__ = [
    "Achievement",
    "AiUsage",
    "AnswerJudgement",
    "Base",
    "Card",
    "Conversation",
    "ConversationTurn",
    "DeckImport",
    "DeckWord",
    "DeletedDeckWord",
    "Exercise",
    "ExerciseGeneration",
    "GrammarAttempt",
    "GrammarMastery",
    "GrammarTopic",
    "LeagueGroup",
    "LeagueMembership",
    "LearnerAchievement",
    "LearnerError",
    "LearnerScene",
    "LinkCode",
    "OutboxJob",
    "ProgressDay",
    "RefreshToken",
    "ReminderDelivery",
    "ReviewLog",
    "Scenario",
    "Streak",
    "StudySession",
    "TelegramUpdate",
    "User",
    "VocabularyItem",
    "WordList",
    "WordListItem",
    "XpEntry",
]
