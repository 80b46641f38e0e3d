"""Deterministic checking of a learner's typed answer against the accepted answers.

Used by typed flashcards (``mode="word"``: "das Haus"), grammar exercises and quizzes
(``mode="sentence"``). Only differences that cannot change what was said are forgiven:

- CORRECT: identical after `normalise`, or (in both modes) differing only in final ``. ! ?``
  and spacing; in sentence mode also in the case of the first letter. In word mode a
  capital first letter on a lowercase answer ("Das Haus", as phones auto-capitalise) is
  CORRECT, a lowercase noun ("haus") is not.
- TYPO (accepted, show the exact form): other capitalisation, commas and other punctuation,
  a missing or extra space, umlauts written ae/oe/ue (Ae/AE...), ß written ss, an umlaut
  left off (schon for schön) unless the umlaut is grammar in a sentence (wurde/würde,
  fahrt/fährt, Bruder/Brüder, alter/älter), and in word mode one slip (Damerau-Levenshtein 1)
  in a word of six or more letters, away from its last three letters.
- WRONG: everything else. One-letter differences in short words and in endings (den/dem,
  kleinen/kleinem) are exactly what grammar exercises test, so they are never typos; neither
  is sie for the polite Sie in mid-sentence.
"""

from core.answers.checking import check_answer
from core.answers.normalising import normalise
from core.answers.verdicts import AnswerCheck, Issue, Verdict

__all__ = ["AnswerCheck", "Issue", "Verdict", "check_answer", "normalise"]
