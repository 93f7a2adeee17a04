"""lms.quiz.statistics: difficulty, discrimination and option distribution (no database)."""

import pytest

from lms.quiz.statistics import Choice, Scored, distribution, groups, item_statistics

SINGLE = {"kind": "single", "options": [{"text": "A", "fraction": 0}, {"text": "B", "fraction": 1},
                                        {"text": "C", "fraction": 0}]}
ESSAY = {"kind": "essay"}


def attempts(*rows):
    """(total, fraction of q1, response to q1, fraction of q2)"""
    return [Scored(total, {"q1": f1, "q2": f2}, {"q1": r1, "q2": "bài làm" if f2 is not None else ""})
            for total, f1, r1, f2 in rows]


def test_difficulty_is_the_mean_fraction_and_pending_answers_are_left_out():
    scored = attempts((10, 1, 1, 0.5), (8, 1, 1, None), (5, 0, 0, 1), (2, 0, None, None))
    q1, q2 = item_statistics(scored, {"q1": SINGLE, "q2": ESSAY})
    assert (q1.attempts, q1.answered, q1.difficulty) == (4, 3, 0.5)
    assert (q2.attempts, q2.difficulty) == (2, 0.75)


def test_discrimination_is_the_upper_27_percent_minus_the_lower():
    # 11 attempts: groups of round(0.27 × 11) = 3. The best three got q1 right, of the
    # worst three one did.
    rows = [(100 - i, 1 if i < 3 or i == 9 else 0, 1, 0) for i in range(11)]
    q1 = item_statistics(attempts(*rows), {"q1": SINGLE})[0]
    assert q1.discrimination == round(1 - 1 / 3, 6)


def test_an_item_the_weaker_get_right_discriminates_negatively():
    rows = [(10, 0, 0, 0), (9, 0, 0, 0), (2, 1, 1, 0), (1, 1, 1, 0)]
    assert item_statistics(attempts(*rows), {"q1": SINGLE})[0].discrimination == -1.0


@pytest.mark.parametrize("count, size", [(0, 0), (1, 0), (2, 1), (3, 1), (4, 1), (6, 2), (10, 3), (100, 27)])
def test_group_sizes(count, size):
    upper, lower = groups([Scored(i, {}) for i in range(count)])
    assert len(upper) == len(lower) == size
    assert not set(map(id, upper)) & set(map(id, lower))


def test_no_discrimination_from_one_attempt_or_pending_groups():
    assert item_statistics(attempts((5, 1, 1, None)), {"q1": SINGLE})[0].discrimination is None
    rows = attempts((9, 1, 1, None), (1, 0, 0, None))
    assert item_statistics(rows, {"q2": ESSAY})[0].discrimination is None


def test_option_distribution_of_single_and_multiple():
    rows = attempts((3, 1, 1, 0), (2, 0, 0, 0), (1, 1, 1, 0), (0, 0, None, 0))
    q1 = item_statistics(rows, {"q1": SINGLE})[0]
    assert q1.distribution == (Choice(None, 0, 1, False), Choice(None, 1, 2, True), Choice(None, 2, 0, False))
    multiple = {"kind": "multiple", "options": [{"fraction": 0.5}, {"fraction": 0.5}, {"fraction": -1}]}
    assert [c.count for c in distribution(multiple, [[0, 1], [0, 2], [0, 0], None, [True, 7]])] == [3, 1, 1]


def test_distribution_of_true_false_and_groups():
    assert distribution({"kind": "true_false", "truth": False}, [True, False, False, None]) == (
        Choice(None, True, 1, False), Choice(None, False, 2, True))
    group = {"kind": "true_false_group", "statements": [{"truth": True}, {"truth": False}]}
    assert distribution(group, [[True, True], [False, None], None]) == (
        Choice(0, True, 1, True), Choice(0, False, 1, False), Choice(1, True, 1, False), Choice(1, False, 0, True))


def test_distribution_of_matching_and_chosen_blanks():
    matching = {"kind": "matching", "pairs": [["1", "một"], ["2", "hai"]]}
    assert distribution(matching, [["một", "hai"], ["hai", "hai"], ["một", None]]) == (
        Choice(0, "một", 2, True), Choice(0, "hai", 1, False), Choice(1, "hai", 2, True))
    cloze = {"kind": "cloze", "blanks": [[{"text": "x", "fraction": 1}],
                                         [{"text": "Hồng", "fraction": 0}, {"text": "Mê Kông", "fraction": 1}]]}
    assert distribution(cloze, [["x", "Hồng"], ["y", "Mê Kông"], ["x", "Mê Kông"]]) == (
        Choice(1, "Hồng", 1, False), Choice(1, "Mê Kông", 2, True))


def test_typed_answers_have_no_distribution():
    assert distribution({"kind": "short_text"}, ["a"]) == () and distribution(ESSAY, ["x"]) == ()
