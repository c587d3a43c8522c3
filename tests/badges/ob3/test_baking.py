import io
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest
from PIL import Image

from badges.ob3 import baking
from badges.ob3.baking import BakingError

CREDENTIAL = '{"id": "https://lms.example/ob3/credentials/7", "name": "Python <basics> & \\u00e9"}'


def png(size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>'


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def test_a_png_carries_the_credential_in_an_itxt_chunk_with_right_crcs():
    baked = baking.bake_png(png(), CREDENTIAL)
    assert baking.unbake_png(baked) == CREDENTIAL
    assert b"iTXtopenbadgecredential\x00" in baked
    Image.open(io.BytesIO(baked)).load()  # still a valid image (Pillow checks CRCs)
    assert baked.endswith(chunk(b"IEND", b""))


def test_baking_again_replaces_the_credential():
    baked = baking.bake_png(baking.bake_png(png(), CREDENTIAL), "header.payload.signature")
    assert baking.unbake_png(baked) == "header.payload.signature"
    assert baked.count(b"openbadgecredential") == 1


def test_a_png_without_a_credential_unbakes_to_none():
    assert baking.unbake_png(png()) is None


def test_a_compressed_itxt_chunk_is_read():
    body = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(CREDENTIAL.encode())
    image = png()
    baked = image[:-12] + chunk(b"iTXt", body) + image[-12:]
    assert baking.unbake_png(baked) == CREDENTIAL


def test_a_compression_bomb_is_refused():
    body = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(b" " * (baking.MAX_TEXT * 4))
    image = png()
    with pytest.raises(BakingError, match="larger than"):
        baking.unbake_png(image[:-12] + chunk(b"iTXt", body) + image[-12:])


@pytest.mark.parametrize("data, words", [
    (b"GIF89a....", "not a PNG"),
    (SVG, "not a PNG"),
    (b"", "not a PNG"),
    (baking.PNG_SIGNATURE, "truncated"),
    (baking.PNG_SIGNATURE + struct.pack(">I", 2**31) + b"IHDR" + b"\x00" * 20, "past the end"),
    (baking.PNG_SIGNATURE + b"\x00\x00\x00\x00IEND\x00\x00\x00\x00", "CRC"),
    (baking.PNG_SIGNATURE + chunk(b"IEND", b""), "IHDR"),
    (baking.PNG_SIGNATURE + b"\x00" * (baking.MAX_IMAGE + 1), "larger than"),
])
def test_odd_pngs_raise_a_clear_error(data, words):
    with pytest.raises(BakingError, match=words):
        baking.unbake_png(data)
    with pytest.raises(BakingError, match=words):
        baking.bake_png(data, CREDENTIAL)


def test_a_malformed_credential_chunk_raises_a_clear_error():
    image = png()
    with pytest.raises(BakingError, match="malformed"):
        baking.unbake_png(image[:-12] + chunk(b"iTXt", b"openbadgecredential") + image[-12:])


def test_empty_or_oversized_text_is_not_baked():
    with pytest.raises(BakingError):
        baking.bake_png(png(), "")
    with pytest.raises(BakingError, match="larger than"):
        baking.bake_png(png(), "x" * (baking.MAX_TEXT + 1))


def test_an_svg_carries_the_credential_in_the_ob3_namespace():
    baked = baking.bake_svg(SVG, CREDENTIAL)
    assert baking.unbake_svg(baked) == CREDENTIAL
    root = ET.fromstring(baked)
    first = root[0]
    assert first.tag == "{https://purl.imsglobal.org/ob/v3p0}credential"
    assert first.text == CREDENTIAL
    assert b"<![CDATA[" in baked and b"<openbadges:credential" in baked


def test_text_that_would_end_a_cdata_section_is_escaped():
    text = '{"name": "a ]]> <script>x</script>"}'
    baked = baking.bake_svg(SVG, text)
    assert baking.unbake_svg(baked) == text
    assert b"<script>" not in baked


def test_an_svg_baked_twice_keeps_one_credential_and_an_ob2_prefix_stays_intact():
    ob2 = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
           b'<openbadges:assertion verify="https://x.example/a"/></svg>')
    baked = baking.bake_svg(baking.bake_svg(ob2, CREDENTIAL), "a.b.c")
    assert baking.unbake_svg(baked) == "a.b.c"
    root = ET.fromstring(baked)
    assert len(root.findall("{https://purl.imsglobal.org/ob/v3p0}credential")) == 1
    assert len(root.findall("{http://openbadges.org}assertion")) == 1


def test_an_svg_without_a_credential_unbakes_to_none():
    assert baking.unbake_svg(SVG) is None


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                  b'<svg xmlns="http://www.w3.org/2000/svg">&lol2;</svg>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<svg xmlns="http://www.w3.org/2000/svg">&xxe;</svg>')


@pytest.mark.parametrize("data, words", [
    (BILLION_LAUGHS, "not a well-formed SVG"),
    (XXE, "not a well-formed SVG"),
    (b"<svg", "not a well-formed SVG"),
    (b"\xff\xfe\x00garbage", "not a well-formed SVG"),
    (b"<html><body/></html>", "root element is not <svg>"),
    (png(), "not a well-formed SVG"),
    (b" " * (baking.MAX_IMAGE + 1), "larger than"),
    (None, "bytes or text"),
])
def test_odd_svgs_raise_a_clear_error(data, words):
    with pytest.raises(BakingError, match=words):
        baking.unbake_svg(data)
    with pytest.raises(BakingError, match=words):
        baking.bake_svg(data, CREDENTIAL)


def test_mutated_images_give_a_result_or_a_baking_error_never_another_exception():
    import random

    rng = random.Random(18)
    for original, unbake in [(baking.bake_png(png(), CREDENTIAL), baking.unbake_png),
                             (baking.bake_svg(SVG, CREDENTIAL), baking.unbake_svg)]:
        for _ in range(300):
            data = bytearray(original)
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            cut = data[: rng.randint(0, len(data))] if rng.random() < 0.3 else data
            try:
                result = unbake(bytes(cut))
            except BakingError:
                continue
            assert result is None or isinstance(result, str)
