"""Word documents written from the neutral form of questions (repository.questions.interchange):
rich text with native equations and images (richtext.py, omml.py), the bank's questions in
the layout the Word reader reads back (export.py), and printed exams per variant with their
answer key and answer sheet (exam.py)."""
