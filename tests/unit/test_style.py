"""Learner-facing Indonesian follows notebooks/PANDUAN-GAYA.md: the forms it bans never appear (no daemon needed)."""

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
BANNED = {
    "pembuka tujuan": re.compile(r"Setelah (notebook|lab) ini,? Anda dapat"),
    "lognya": re.compile(r"\blog-nya\b"),
    "antarstatus": re.compile(r"\bantar-status"),
    "memakai HTTP": re.compile(r"\bberbicara HTTP"),
    "ditetapkan di kode": re.compile(r"\bditulis mati\b"),
    "melihat bagian dalam": re.compile(r"\bmembuka kap"),
    "terdiri atas": re.compile(r"\bterdiri dari\b"),
    "bergantung pada": re.compile(r"\btergantung\b"),
    "hostname": re.compile(r"\bnama host\b"),
    "header": re.compile(r"\bkepala jawaban\b"),
    "bentuk exec": re.compile(r"\bexec form\b"),
    "network buatan sendiri": re.compile(r"\buser-defined network\b"),
    "bukan root": re.compile(r"\bnon-root\b"),
    "mogok": re.compile(r"\bcrash", re.I),
    "menerima koneksi": re.compile(r"\b(mendengarkan|didengarkan) di\b"),
    "nyata": re.compile(r"\bsungguhan\b"),
    "sebut bendanya (ia, mereka)": re.compile(r"\b(ia|Ia|mereka|Mereka)\b"),
    "id ditulis kecil": re.compile(r"\bID\b"),
    "MiB untuk batas biner": re.compile(r"\b(64|128|256|512) ?MB\b"),
}
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
URL = re.compile(r"https?://\S+")
INDONESIAN = re.compile(r"\b(yang|dan|tidak|dengan|untuk|adalah|sudah|belum|jalankan|ditolak|lalu|dari|agar|sebagai"
                        r"|ini|itu|di|ke|pada|atau|akan|bisa|harus|hanya|tugas|siswa)\b", re.IGNORECASE)


def prose(text):
    """``text`` without code blocks, code spans and addresses: what a learner reads as Indonesian."""
    return URL.sub(" ", CODE.sub(" ", text))


def _comments(source):
    return "\n".join(line.split("#", 1)[1] for line in source.splitlines() if "#" in line and "'#" not in line)


def _notebook_texts():
    paths = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("labs/*.ipynb"), *ROOT.glob("labs/solusi/*.ipynb")])
    for path in paths:
        cells = nbformat.read(path, as_version=4).cells
        text = "\n".join(c.source if c.cell_type == "markdown" else _comments(c.source) for c in cells)
        yield path.relative_to(ROOT), prose(text)


def _document_texts():
    for path in [ROOT / "README.md", ROOT / "labs" / "README.md", ROOT / "notebooks" / "GLOSARIUM.md",
                 ROOT / "notebooks" / "README.md"]:
        if path.exists():
            yield path.relative_to(ROOT), prose(path.read_text())


def _message_texts():
    """The Indonesian string literals of ``helpers`` (docstrings are English and skipped)."""
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        tree = ast.parse(path.read_text())
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        strings = [node.value for node in ast.walk(tree)
                   if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]
        yield path.relative_to(ROOT), prose("\n".join(s for s in strings if INDONESIAN.search(s)))


def _hits(text):
    return [(rule, match.group(0), text[max(match.start() - 40, 0):match.end() + 40].replace("\n", " "))
            for rule, pattern in BANNED.items() for match in pattern.finditer(text)]


TEXTS = [*_notebook_texts(), *_document_texts(), *_message_texts()]


@pytest.mark.parametrize("path, text", TEXTS, ids=[str(path) for path, _ in TEXTS])
def test_no_banned_form(path, text):
    hits = _hits(text)
    assert not hits, f"{len(hits)} bentuk terlarang di {path}:\n" + "\n".join(f"  [{r}] {m!r}: …{c}…" for r, m, c in hits)


def test_each_banned_form_is_caught_and_code_is_not_checked():
    samples = ["Setelah notebook ini Anda dapat:", "baca log-nya", "antar-status", "berbicara HTTP", "ditulis mati",
               "membuka kapnya", "terdiri dari", "tergantung isi", "nama host", "kepala jawaban", "exec form",
               "user-defined network", "non-root", "crash", "mendengarkan di port 80", "engine sungguhan", "lalu ia berhenti", "ID image", "batas 256 MB"]
    assert [rule for sample in samples for rule, _, _ in _hits(sample)] == list(BANNED)
    assert _hits(prose("Jalankan `docker ps --format '{{.ID}}'` lalu:\n```bash\nps -o pid,args # ia\n```")) == []
