"""A short multiple-choice quiz with immediate feedback in Indonesian.

The checking logic (:func:`feedback`) is plain Python so that it can be tested without a browser;
:class:`Quiz` puts one set of radio buttons, a button and a feedback line per question.
"""

import re
from dataclasses import dataclass
from html import escape

import ipywidgets as widgets


@dataclass(frozen=True)
class Question:
    """One question: its text, the choices, the index of the right one and why it is right."""

    text: str
    choices: tuple
    answer: int
    explanation: str


def feedback(question, choice):
    """Return the Indonesian feedback for ``choice`` (the chosen text, or ``None``) and whether it is right.

    Returns:
        A tuple ``(correct, message)``.
    """
    if choice is None:
        return False, "Pilih salah satu jawaban terlebih dahulu."
    if choice == question.choices[question.answer]:
        return True, f"✅ Benar. {question.explanation}"
    return False, "❌ Belum tepat. Baca lagi notebook yang membahasnya, lalu coba jawaban lain."


def as_html(text):
    """Return ``text`` as HTML with Markdown's `inline code` and *italics*, as the notebooks' prose shows them."""
    parts = escape(text).split("`")  # odd parts were inside backticks
    return "".join(f"<code>{part}</code>" if i % 2 else re.sub(r"\*([^*]+)\*", r"<i>\1</i>", part)
                   for i, part in enumerate(parts))


class Quiz(widgets.VBox):
    """The questions one under another, each checked when its button is pressed.

    Args:
        questions: A sequence of :class:`Question`.
    """

    def __init__(self, questions):
        self.questions = tuple(questions)
        self.correct = set()
        self._score = widgets.HTML()
        self._choices, self._messages, blocks = [], [], []
        for number, question in enumerate(self.questions):
            choices = widgets.RadioButtons(options=question.choices, value=None,
                                           layout=widgets.Layout(width="auto"))
            button = widgets.Button(description="Periksa", button_style="primary")
            message = widgets.HTML()
            button.on_click(lambda _, number=number: self.check(number))
            self._choices.append(choices)
            self._messages.append(message)
            blocks.append(widgets.VBox([widgets.HTML(f"<b>{number + 1}. {as_html(question.text)}</b>"),
                                        choices, widgets.HBox([button, message])]))
        super().__init__([*blocks, self._score])
        self.add_class("kursus-quiz")
        self._show_score()

    def check(self, number):
        """Check the current choice of question ``number`` (from 0) and show the feedback.

        Returns:
            The feedback message.
        """
        correct, message = feedback(self.questions[number], self._choices[number].value)
        (self.correct.add if correct else self.correct.discard)(number)
        self._messages[number].value = as_html(message)
        self._show_score()
        return message

    def choose(self, number, choice):
        """Select ``choice`` for question ``number``, as a click on a radio button would."""
        self._choices[number].value = choice

    def _show_score(self):
        self._score.value = f"<b>Skor: {len(self.correct)} dari {len(self.questions)} benar.</b>"

    def __repr__(self):
        return f"Quiz({len(self.questions)} pertanyaan)"


SUMMARY_QUESTIONS = (
    Question("Anda mengetik `docker run`. Komponen mana yang menerima permintaan HTTP dari `docker` CLI lalu membuat dan menjalankan *container*-nya?",
             ("docker CLI (client)", "daemon dockerd", "registry", "Dockerfile"), 1,
             "*Client* hanya mengirim permintaan HTTP; *daemon* `dockerd` yang membuat *container* dan menjalankannya lewat `containerd` dan `runc`."),
    Question("Apa hubungan *image* dan *container*?",
             ("Container adalah templat, image adalah instance-nya",
              "Image adalah templat hanya-baca, container adalah instance-nya dengan writable layer sendiri",
              "Keduanya nama lain untuk hal yang sama",
              "Image hanya ada di registry, container hanya ada di host"), 1,
             "Dari satu *image* dapat dibuat banyak *container*; setiap *container* memiliki *writable layer* tipis sendiri."),
    Question("Mengapa `COPY requirements.txt .` dan `RUN pip install` sebaiknya ditulis sebelum `COPY . .` di *Dockerfile*?",
             ("Agar image lebih kecil", "Karena Docker mewajibkan urutan itu",
              "Agar build cache tetap terpakai saat hanya kode aplikasi yang berubah",
              "Agar container berjalan sebagai pengguna bukan root"), 2,
             "*Build cache* dipakai untuk setiap instruksi sebelum instruksi pertama yang masukannya berubah; langkah yang memakan waktu dan jarang berubah ditaruh di atas."),
    Question("*Image* sudah di-*push* ke `127.0.0.1:5000/kursus/app:1.0` lalu dihapus dari host. Bagaimana mendapatkannya kembali?",
             ("Menjalankan docker build ulang dari awal", "docker pull 127.0.0.1:5000/kursus/app:1.0",
              "docker start kursus/app", "Tidak bisa: image yang dihapus hilang selamanya"), 1,
             "*Registry* menyimpan *image*; *pull* mengambilnya kembali, lengkap dengan *digest* yang sama."),
    Question("Sebuah *container* akan menulis data ke `/data` dan data itu harus tetap ada setelah *container* itu dihapus. Caranya?",
             ("Memakai docker stop, bukan docker rm", "Menulis ke volume yang dipasang di /data",
              "Memberi container nama tetap", "Menambah batas memori"), 1,
             "*Writable layer* hilang bersama *container*; *volume* dikelola *daemon* dan tetap ada terpisah dari *container*."),
    Question("Dua *container* berada di *network* buatan sendiri `kursus-09-net`. Bagaimana yang satu memanggil yang lain?",
             ("Dengan nama container-nya, lewat server DNS internal Docker", "Hanya lewat 127.0.0.1",
              "Lewat port yang dipublikasikan ke 0.0.0.0", "Hanya lewat jaringan milik host"), 0,
             "Di *network* buatan sendiri, *daemon* menerjemahkan nama *container* menjadi alamat IP-nya."),
)
"""The quiz of the summary notebook, one question per main idea of the course."""
