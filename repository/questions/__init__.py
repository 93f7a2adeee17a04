"""Question banks (issue 16): questions, their import and export formats, blueprints and
exams. So far: the neutral form every format reads into and writes from
(`interchange.py`) and the Moodle GIFT reader (`formats/gift.py`)."""
