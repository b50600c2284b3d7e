"""The quiz checks answers and keeps the score without a browser."""

from helpers.widgets.quiz import SUMMARY_QUESTIONS, Question, Quiz, as_html, feedback

QUESTION = Question("Siapa yang menjalankan container?", ("client", "daemon"), 1, "Daemon yang bekerja.")


def test_feedback_right_wrong_and_missing():
    assert feedback(QUESTION, "daemon") == (True, "✅ Benar. Daemon yang bekerja.")
    correct, message = feedback(QUESTION, "client")
    assert not correct and message.startswith("❌ Belum tepat.")
    assert feedback(QUESTION, None) == (False, "Pilih salah satu jawaban terlebih dahulu.")


def test_quiz_scores_the_latest_answer_of_each_question():
    quiz = Quiz([QUESTION, QUESTION])
    quiz.choose(0, "daemon")
    quiz.check(0)
    quiz.choose(1, "client")
    quiz.check(1)
    assert quiz.correct == {0}
    quiz.choose(0, "client")
    quiz.check(0)
    assert quiz.correct == set()
    assert repr(quiz) == "Quiz(2 pertanyaan)"


def test_summary_questions_are_well_formed():
    assert len(SUMMARY_QUESTIONS) >= 5
    for question in SUMMARY_QUESTIONS:
        assert 0 <= question.answer < len(question.choices)
        assert len(set(question.choices)) == len(question.choices)


def test_inline_code_is_shown_as_code_and_other_markup_is_escaped():
    assert as_html("Anda mengetik `docker run` <di sini>") == "Anda mengetik <code>docker run</code> &lt;di sini&gt;"
    quiz = Quiz([Question("Apa arti `-d`?", ("latar", "depan"), 0, "`-d` berarti di latar belakang.")])
    assert "<code>-d</code>" in quiz.children[0].children[0].value
    quiz.choose(0, "latar")
    quiz.check(0)
    assert quiz.children[0].children[2].children[1].value == "✅ Benar. <code>-d</code> berarti di latar belakang."


def test_italics_are_shown_outside_code_only():
    assert as_html("*Image* dan `a*b*c`") == "<i>Image</i> dan <code>a*b*c</code>"
