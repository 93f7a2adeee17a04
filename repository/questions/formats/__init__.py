"""Readers (and later writers) of the question formats teachers bring: each turns a file's
text into interchange.ParseResult, one bad question never sinking the file."""
