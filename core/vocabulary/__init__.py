"""Words: the shared catalogue and each learner's deck.

catalogue       search the catalogue, read an entry, match a typed word to an entry
adding          put words into the deck (catalogue, scenario key words, typed text)
deck            read, list, edit and remove deck words (views with their cards)
cards           which cards a word gets, creating them, phase names
meanings        the learner names a typed word's meaning
lists           named word lists
overview        the deck dashboard (counts, due, lists)
enrichment      the background job's work: fill a typed word's facts from the tutor
export_csv      the deck as CSV (format in its docstring); import_csv reads it back
export_apkg     the deck as an Anki package
exported_words  what both exports read
schemas         every view and request model the services take and return
text            umlaut-insensitive keys and articles

Adapters (routes, bot handlers) call the services that return views from schemas.py. The
row-level building blocks (get_catalogue_word, add_catalogue_word, add_typed_word,
get_deck_word, get_word_list) return ORM rows for other core code, e.g. the conversation's
new words and the CSV import.
"""
