"""智能问答's index: questions found by the pieces they share with what was typed, the
pieces every other question has left out (real SQLite tables, as the store builds them)."""

from __future__ import annotations

import sqlite3

from offline_cache.catalog.faq import FaqIndex


def catalog(questions: list[tuple[str, str]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, task_code TEXT, task_name TEXT)")
    conn.execute("CREATE TABLE faq (item_id INTEGER, question TEXT, answer TEXT, order_num INTEGER)")
    for n, (name, question) in enumerate(questions, start=1):
        conn.execute("INSERT INTO items VALUES (?, ?, ?)", (n, f"T{n}", name))
        conn.execute("INSERT INTO faq VALUES (?, ?, ?, 1)", (n, question, f"答{n}"))
    return conn


STEMS = [a + b + c for a in "甲乙丙丁戊己庚辛壬癸" for b in "子丑寅卯辰巳午未申酉" for c in "金木水火土"]


def test_common_pieces_are_left_out_and_the_rest_still_finds_the_question():
    rows = [(f"{s}登记", f"{s}登记需要本人到场吗？") for s in STEMS]  # 500 questions, one pattern
    rows.append(("住房公积金提取", "住房公积金提取需要本人到场吗？"))
    index = FaqIndex(catalog(rows))
    assert len(index) == 501 and index.cap == 200
    found = index.search("住房公积金提取要本人去吗")
    assert [h.task_name for h in found] == ["住房公积金提取"] and found[0].answer == "答501"
    assert index.search("需要本人到场吗") == []  # every question says it: it tells none apart


def test_a_question_in_other_words_and_the_whole_question_first():
    index = FaqIndex(catalog([("出生登记", "孩子出生超过一个月还能上户口吗？"), ("户口迁移", "户口迁移要多久？")]))
    assert index.search("出生一个多月了还能上户口吗")[0].task_name == "出生登记"
    assert index.search("孩子出生超过一个月还能上户口吗")[0].score == 1.0
    assert index.search("户口") == []  # one piece is not a question
    assert index.search("天气怎么样") == []


def test_a_pasted_page_is_read_as_its_first_sixty_characters():
    index = FaqIndex(catalog([(f"{s}登记", f"{s}登记需要本人到场吗？") for s in STEMS]))
    head = "甲子金登记需要本人到场吗"
    page = head + "乱码" * 50_000
    assert index.search(page) == index.search((head + "乱码" * 30)[:60])
    assert index.search(page)[0].task_name == "甲子金登记"
