"""The report checker never crashes: whatever bytes or text it is given — random, a real report
cut up and shuffled, or a file whose name claims another type — ``check_file`` returns a result or
raises ``ReportReadError`` with a Chinese message."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reports.importers import CheckResult, ReportReadError, check_file

EXAMPLE = (Path(__file__).resolve().parents[2] / "gongkai" / "reports" / "tests" / "corpus"
           / "000_22ace0d495ac63ac.txt").read_text(encoding="utf-8")
LINES = EXAMPLE.splitlines()
NAMES = st.sampled_from([None, "年报.txt", "年报.html", "年报.htm", "年报.docx", "年报.pdf", "年报", "年报.zip"])
FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def checked(data: bytes, name):
    try:
        result = check_file(data, name)
    except ReportReadError as e:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e)), f"not a Chinese message: {e}"
        return None
    assert isinstance(result, CheckResult)
    result.as_dict()  # and the result serialises (the JSON output, the web page)
    return result


@FAST
@given(st.binary(max_size=4096), NAMES)
def test_it_survives_arbitrary_bytes(data, name):
    checked(data, name)


@FAST
@given(st.binary(max_size=64), NAMES, st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf",
                                                        b"\xff\xfe", b"{\\rtf1"]))
def test_it_survives_files_that_start_like_a_known_type(data, name, magic):
    checked(magic + data, name)


@FAST
@given(st.text(max_size=3000), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_it_survives_arbitrary_text(text, encoding):
    checked(text.encode(encoding, errors="ignore"), "年报.txt")


@FAST
@given(st.lists(st.integers(0, len(LINES) - 1), max_size=len(LINES)),
       st.lists(st.sampled_from(["", "0", "-3", "１２", "999999999999", "表三", "一、总体情况", "\t", "（一）", "合计", "nan"]),
                max_size=30), st.randoms(use_true_random=False))
def test_it_survives_a_real_report_cut_up_and_shuffled(picks, noise, rnd):
    lines = [LINES[i] for i in picks] + noise
    rnd.shuffle(lines)
    for i in range(0, len(lines), 7):  # and numbers changed here and there
        lines[i] = "".join(str(rnd.randint(0, 99)) if ch.isdigit() else ch for ch in lines[i])
    checked("\n".join(lines).encode("utf-8"), "年报.txt")


IMAGE_MAGIC = st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b"MM\x00*", b"BM",
                                b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"GIF89a"])
IMAGES = settings(max_examples=15, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _image(rnd, size, fmt: str) -> bytes:
    """A small image of random blocks, lines and noise (what OCR may find text in or not)."""
    import io

    from PIL import Image, ImageDraw

    im = Image.new("L", size, rnd.randint(0, 255))
    draw = ImageDraw.Draw(im)
    for _ in range(rnd.randint(0, 30)):
        x, y = rnd.randrange(size[0]), rnd.randrange(size[1])
        draw.rectangle([x, y, x + rnd.randint(1, 60), y + rnd.randint(1, 20)], fill=rnd.randint(0, 255))
        draw.line([x, y, rnd.randrange(size[0]), y], fill=rnd.randint(0, 80), width=rnd.randint(1, 3))
    buf = io.BytesIO()
    im.save(buf, fmt)
    return buf.getvalue()


@IMAGES
@given(IMAGE_MAGIC, st.binary(max_size=2048), NAMES)
def test_it_survives_random_bytes_that_claim_to_be_an_image(magic, data, name):
    checked(magic + data, name)


@IMAGES
@given(st.randoms(use_true_random=False), st.tuples(st.integers(1, 400), st.integers(1, 400)),
       st.sampled_from(["PNG", "JPEG", "TIFF", "BMP", "WEBP", "GIF"]), st.lists(st.integers(0, 10**6), max_size=12))
def test_it_survives_images_and_corrupted_images(rnd, size, fmt, flips):
    data = bytearray(_image(rnd, size, fmt))
    checked(bytes(data), f"图.{fmt.lower()}")
    for at in flips:  # the same image with bytes changed here and there
        data[at % len(data)] = rnd.randrange(256)
    checked(bytes(data), f"图.{fmt.lower()}")


@IMAGES
@given(st.randoms(use_true_random=False), st.integers(1, 3), st.lists(st.integers(0, 10**6), max_size=6))
def test_it_survives_image_only_pdfs(rnd, pages, flips):
    import io

    from PIL import Image

    ims = [Image.open(io.BytesIO(_image(rnd, (rnd.randint(20, 500), rnd.randint(20, 700)), "PNG"))) for _ in range(pages)]
    buf = io.BytesIO()
    ims[0].save(buf, "PDF", save_all=True, append_images=ims[1:])
    data = bytearray(buf.getvalue())
    checked(bytes(data), "扫描件.pdf")
    for at in flips:
        data[at % len(data)] = rnd.randrange(256)
    checked(bytes(data), "扫描件.pdf")


def test_it_reads_the_untouched_example():
    result = checked(EXAMPLE.encode("utf-8"), "年报.txt")
    assert result is not None and result.tables
