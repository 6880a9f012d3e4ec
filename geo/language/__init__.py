"""Language: a document's text in; ParsedText out (people, programs, dates, toponym spans)."""
