"""Exams from the bank: blueprints (ma trận đề), drawing questions to fill them, and
variants (mã đề) with questions and options shuffled from a seed."""
